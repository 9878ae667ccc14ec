"""pyqtgraph settings and a plot factory, tuned for a projector.

Thick lines and large axis text, in the current theme's colours (``style``):
the curve and marker colours come from the Okabe-Ito set, which stays apart
for colour-blind viewers and on washed-out projectors. ``style_plot`` is run
again when the theme, the zoom or presentation mode changes; the sizes come
from one :class:`Look`, so every panel grows the same way on a projector.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF, QPen

from gdviz.qt import style

LINE_WIDTH = 3
AXIS_PIXELS = 17
PRESENTING_TEXT = 20
"""While presenting, axis text is never smaller than this many pixels (read from the back of a hall)."""
PRESENTING_LINE_WIDTH = 5
CAPTION_PIXELS_MOST = 30
"""A caption above a plot grows with the zoom up to this size, so the plot keeps its room."""
ARROW_PIXELS = 56
"""The gradient step's arrow is drawn at least this long on screen (more while presenting)."""

_configured = False


@dataclass(frozen=True)
class Look:
    """Sizes in screen pixels for a plot at one zoom, presenting or not."""

    text: int
    """Tick numbers, axis labels and the legend."""
    caption: int
    """The line of text above a plot; while presenting it stands in for a title."""
    title: int
    line: float
    """Curves."""
    guide: float
    """Tangents and paths over a surface."""
    axis: float
    """The axis lines themselves."""
    marker: float
    """Symbol sizes are multiplied by this."""
    arrow: int
    """Shortest drawn length of the gradient step's arrow."""
    presenting: bool


def look(zoom: float = 1.0, presenting: bool = False) -> Look:
    """The sizes of a plot at ``zoom`` (already including presentation mode's boost, as
    ``Appearance.text_scale`` does); while presenting, floors keep everything legible
    at any zoom."""
    text = text_pixels(zoom)
    marker = max(1.0, zoom)
    if not presenting:
        return Look(
            text, round(16 * zoom), round(text * 1.2), LINE_WIDTH, 3, 1.5, marker, ARROW_PIXELS, False
        )
    text = max(text, PRESENTING_TEXT)
    return Look(
        text=text,
        caption=min(round(text * 1.1), CAPTION_PIXELS_MOST),
        title=round(text * 1.35),
        line=PRESENTING_LINE_WIDTH,
        guide=4,
        axis=2.5,
        marker=min(1.25 * marker, 2.5),
        arrow=round(ARROW_PIXELS * 1.5),
        presenting=True,
    )


def configure() -> None:
    """Set pyqtgraph's global options once, before the first plot is made."""
    global _configured
    if _configured:
        return
    # Thick antialiased lines are slow unless drawn segment by segment.
    pg.setConfigOptions(antialias=True, background="w", foreground="k", segmentedLineMode="on")
    _configured = True


def _next_nice(spacing: float) -> float:
    """The next tick spacing in the 1, 2, 2.5, 5, 10... series above ``spacing``."""
    power = 10.0 ** math.floor(math.log10(spacing) + 1e-9)
    for factor in (1.0, 2.0, 2.5, 5.0, 10.0):
        if factor * power > spacing * (1 + 1e-9):
            return factor * power
    return 10.0 * power


class ReadableAxis(pg.AxisItem):
    """An axis whose tick labels never overlap, however large the type.

    pyqtgraph always draws every label of the top tick level; with projector-sized
    fonts those run into each other on a small plot. The spacing is widened (1, 2, 2.5,
    5 series) until each label has room, measured with the axis's own font; log axes,
    whose ticks pyqtgraph places itself, are thinned instead.
    """

    def _extent(self, values: np.ndarray, spacing: float) -> tuple[float, float]:
        """A tick label's size along the axis (the widest label's width, or the text's
        height on a vertical axis) and the font's height, in pixels."""
        metrics = QFontMetricsF(self.style.get("tickFont") or self.font())
        if self.orientation in ("left", "right"):
            return 0.8 * metrics.height(), metrics.height()  # pyqtgraph draws labels 0.8 of this tall
        scale = self.autoSIPrefixScale * self.scale
        strings = self.tickStrings(list(values), scale, spacing) if len(values) else []
        return max((metrics.horizontalAdvance(s) for s in strings), default=0.0), metrics.height()

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802 - pyqtgraph
        levels = super().tickSpacing(minVal, maxVal, size)
        if not levels or size <= 0 or self.logMode or self._tickSpacing is not None:
            return levels
        low, high = min(minVal, maxVal), max(minVal, maxVal)
        per_pixel = (high - low) / size
        candidates = []  # (spacing, gap between labels in pixels, labels that fit inside the axis)
        spacing = levels[0][0]
        for _ in range(40):
            values = np.arange(math.ceil(low / spacing) * spacing, high + spacing * 1e-9, spacing)[:50]
            extent, em = self._extent(values, spacing)
            half = extent / 2 * per_pixel  # a label centred nearer the end than this is not drawn
            inside = int(np.count_nonzero((values >= low + half) & (values <= high - half)))
            candidates.append((spacing, spacing / per_pixel - extent, inside, em))
            if spacing / per_pixel - extent >= em or inside < 2:
                break
            spacing = _next_nice(spacing)
        roomy = [c for c in candidates if c[1] >= c[3]]
        chosen = roomy[0] if roomy else candidates[-1]
        if chosen[2] < 2:  # a single label cannot show a scale: accept a narrower gap if two then fit
            tight = [c for c in candidates if c[1] >= 0.3 * c[3] and c[2] >= 2]
            chosen = tight[-1] if tight else chosen
        return [(chosen[0], 0.0)]

    def tickValues(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802 - pyqtgraph
        ticks = super().tickValues(minVal, maxVal, size)
        if not self.logMode or not ticks or size <= 0 or minVal == maxVal:
            return ticks
        spacing, values = ticks[0]
        if len(values) < 2:
            return ticks
        gap = float(np.min(np.diff(values))) / abs(maxVal - minVal) * size
        extent, em = self._extent(np.asarray(values), spacing or 1.0)
        keep = max(1, math.ceil((extent + em) / gap)) if gap > 0 else len(values)
        return [(spacing, list(values[::keep]))]


class StepAxis(ReadableAxis):
    """An axis of training steps: ticks only at whole steps, however far one zooms in."""

    def tickSpacing(self, minVal: float, maxVal: float, size: float) -> list:  # noqa: N802 - pyqtgraph
        levels = [
            (spacing, offset) for spacing, offset in super().tickSpacing(minVal, maxVal, size) if spacing >= 1
        ]
        return levels or [(1.0, 0.0)]


def make_plot(x_label: str, y_label: str, steps_along_x: bool = False) -> pg.PlotWidget:
    """A plot with large, labelled axes that never overlap their own labels, and
    pyqtgraph's own (broken-SVG) export menu removed."""
    configure()
    bottom = StepAxis("bottom") if steps_along_x else ReadableAxis("bottom")
    plot = pg.PlotWidget(axisItems={"bottom": bottom, "left": ReadableAxis("left")})
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


def style_plot(plot: pg.PlotWidget, zoom: float | Look = 1.0) -> None:
    """Apply the current theme's colours and the look's text sizes to a plot's
    background, axes, title and legend (the items inside are the panel's to pen).
    ``zoom`` may be a plain zoom factor or a whole :class:`Look`."""
    sizes = zoom if isinstance(zoom, Look) else look(zoom)
    pixels = sizes.text
    fore = style.PLOT_FORE
    plot.setBackground(style.PLOT_BACK)
    font = style.font(pixels)
    for side in ("bottom", "left"):
        axis = plot.getAxis(side)
        axis.setTickFont(font)
        axis.setLabel(axis.labelText, **{"font-size": f"{pixels}px"})
        axis.setPen(pg.mkPen(fore, width=sizes.axis))
        axis.setTextPen(pg.mkPen(fore))
    # Large tick text needs a wider left axis, or its label runs into the numbers.
    plot.getAxis("left").setWidth(5 * pixels)
    item = plot.getPlotItem()
    if item.titleLabel.text:
        item.setTitle(item.titleLabel.text, color=fore.name(), size=f"{sizes.title}px")
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
