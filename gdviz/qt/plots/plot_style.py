"""pyqtgraph settings and a plot factory, tuned for a projector.

Thick lines and large axis text, in the current theme's colours (``style``):
the curve and marker colours come from the Okabe-Ito set, which stays apart
for colour-blind viewers and on washed-out projectors. ``style_plot`` is run
again when the theme or the zoom changes.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QPen

from gdviz.qt import style

LINE_WIDTH = 3
AXIS_PIXELS = 17

_configured = False


def configure() -> None:
    """Set pyqtgraph's global options once, before the first plot is made."""
    global _configured
    if _configured:
        return
    # Thick antialiased lines are slow unless drawn segment by segment.
    pg.setConfigOptions(antialias=True, background="w", foreground="k", segmentedLineMode="on")
    _configured = True


class StepAxis(pg.AxisItem):
    """An axis of training steps: ticks only at whole steps, however far one zooms in."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802 - pyqtgraph override
        levels = [
            (spacing, offset) for spacing, offset in super().tickSpacing(minVal, maxVal, size) if spacing >= 1
        ]
        return levels or [(1.0, 0.0)]


def make_plot(x_label: str, y_label: str, steps_along_x: bool = False) -> pg.PlotWidget:
    """A plot with large, labelled axes and pyqtgraph's own (broken-SVG) export menu removed."""
    configure()
    plot = pg.PlotWidget(axisItems={"bottom": StepAxis("bottom")} if steps_along_x else None)
    for side, label in (("bottom", x_label), ("left", y_label)):
        axis = plot.getAxis(side)
        axis.setLabel(label)
        axis.enableAutoSIPrefix(False)  # "(x0.001)" beside a weight's name only confuses
        # Major ticks and grid lines only: calmer on a projector, and far cheaper to paint.
        axis.setStyle(maxTickLevel=0)
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.scene().contextMenu = []
    style_plot(plot)
    return plot


def text_pixels(zoom: float = 1.0) -> int:
    """Pixel size of axis text, labels and legend at a zoom factor."""
    return max(1, round(AXIS_PIXELS * zoom))


def style_plot(plot: pg.PlotWidget, zoom: float = 1.0) -> None:
    """Apply the current theme's colours and the zoomed text size to a plot's
    background, axes, title and legend (the items inside are the panel's to pen)."""
    pixels = text_pixels(zoom)
    fore = style.PLOT_FORE
    plot.setBackground(style.PLOT_BACK)
    font = style.font(pixels)
    for side in ("bottom", "left"):
        axis = plot.getAxis(side)
        axis.setTickFont(font)
        axis.setLabel(axis.labelText, **{"font-size": f"{pixels}px"})
        axis.setPen(pg.mkPen(fore, width=1.5))
        axis.setTextPen(pg.mkPen(fore))
    # Large tick text needs a wider left axis, or its label runs into the numbers.
    plot.getAxis("left").setWidth(5 * pixels)
    item = plot.getPlotItem()
    if item.titleLabel.text:
        item.setTitle(item.titleLabel.text, color=fore.name(), size=f"{round(pixels * 1.2)}px")
    legend = item.legend
    if legend is not None:
        back = style.PLOT_BACK
        legend.setBrush(pg.mkBrush(back.red(), back.green(), back.blue(), 200))  # readable over the curves
        legend.setLabelTextColor(fore)
        legend.setLabelTextSize(f"{pixels}px")
        for _, label in legend.items:
            label.setText(label.text)  # the new colour and size take effect on the next setText
        legend.updateSize()


def pen(color, width: float = LINE_WIDTH, dashed: bool = False) -> QPen:
    """A plot pen: solid, or dashed for guides such as the tangent."""
    return pg.mkPen(color, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
