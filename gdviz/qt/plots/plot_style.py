"""pyqtgraph settings and a plot factory, tuned for a projector.

Thick lines, large axis text, a white background, and colours from the
Okabe-Ito set, which stay apart for colour-blind viewers and on washed-out
projectors.
"""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPen

from gdviz.qt import style

OKABE_ITO = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
CURVE = QColor("#0072B2")
MARK = QColor("#D55E00")
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
    font = QFont(style.FONT_FAMILY)
    font.setPixelSize(AXIS_PIXELS)
    for side, label in (("bottom", x_label), ("left", y_label)):
        axis = plot.getAxis(side)
        axis.setTickFont(font)
        axis.setLabel(label, **{"font-size": f"{AXIS_PIXELS}px"})
        axis.enableAutoSIPrefix(False)  # "(x0.001)" beside a weight's name only confuses
        axis.setPen(pg.mkPen("k", width=1.5))
        axis.setTextPen(pg.mkPen("k"))
        # Major ticks and grid lines only: calmer on a projector, and far cheaper to paint.
        axis.setStyle(maxTickLevel=0)
    # Large tick text needs a wider left axis, or its label runs into the numbers.
    plot.getAxis("left").setWidth(5 * AXIS_PIXELS)
    plot.showGrid(x=True, y=True, alpha=0.2)
    plot.scene().contextMenu = []
    return plot


def pen(color, width: float = LINE_WIDTH, dashed: bool = False) -> QPen:
    """A plot pen: solid, or dashed for guides such as the tangent."""
    return pg.mkPen(color, width=width, style=Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
