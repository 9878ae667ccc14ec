"""A small bar chart: each sample's slope of one parameter, and their mean.

"The batch slope is the average of the samples' slopes", seen rather than read:
one bar per sample of the batch (labelled by its data row) and a line at their
mean, which is the slope the update uses. In predict mode the mean waits as
``?`` while the class works it out from the bars.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gdviz.core.microsteps import Shares
from gdviz.core.numbers import fmt
from gdviz.qt import style

PIXELS = 18
"""Its labels: the least a text may be on the projector."""
LABELLED = 8
"""Batches up to this many samples get their row under each bar."""


class SharesChart(QWidget):
    """Shows a :class:`~gdviz.core.microsteps.Shares` (``set_shares``); hidden without one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shares_chart")
        self.shares: Shares | None = None
        self.mean_hidden = False
        self.zoom = 1.0
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        self.setToolTip("Each sample's own slope of this parameter; the line is their mean, the batch slope")
        self.setVisible(False)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self.updateGeometry()
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt override
        # No taller than the formula beside it: the diagram above keeps its height.
        return QSize(int(400 * self.zoom), int(130 * self.zoom))

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt override
        return self.sizeHint()

    def set_shares(self, shares: Shares | None, mean_hidden: bool = False) -> None:
        if (shares, mean_hidden) != (self.shares, self.mean_hidden):
            self.shares, self.mean_hidden = shares, mean_hidden
            self.update()
        self.setVisible(shares is not None)

    def texts(self) -> list[str]:
        """Every text the chart draws (what tests read)."""
        s = self.shares
        if s is None:
            return []
        out = ["each sample's slope", f"mean {'?' if self.mean_hidden else fmt(s.mean)}"]
        return out + ([f"row {r}" for r in s.rows] if len(s.slopes) <= LABELLED else [])

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        s = self.shares
        if s is None:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        px = PIXELS * self.zoom
        font = style.font(px)
        painter.setFont(font)
        line = painter.fontMetrics().height()
        w, h = self.width(), self.height()
        painter.setPen(style.NAME)
        painter.drawText(QRectF(0, 0, w, line), Qt.AlignmentFlag.AlignLeft, "each sample's slope")
        mean_text = f"mean {'?' if self.mean_hidden else fmt(s.mean)}"
        painter.setPen(style.HIGHLIGHT)
        painter.drawText(QRectF(0, 0, w, line), Qt.AlignmentFlag.AlignRight, mean_text)
        labelled = len(s.slopes) <= LABELLED
        # Room over the bars for the title, under them for the rows (the values are in the formula).
        top, bottom = line * 1.2, h - line * (1.2 if labelled else 0.3)
        biggest = max([abs(v) for v in s.slopes] + [abs(s.mean), 1e-300])
        zero = (top + bottom) / 2
        scale = (bottom - top) / 2 / biggest
        slot = w / len(s.slopes)
        painter.setPen(QPen(style.NAME, 1))
        painter.drawLine(QPointF(0, zero), QPointF(w, zero))
        if len(s.slopes) > w / 2:  # more bars than fit: each 2 px column's highest and lowest slope
            highs, lows = s.envelope(max(1, int(w / 2)))
            for n, (high, low) in enumerate(zip(highs.tolist(), lows.tolist(), strict=True)):
                painter.fillRect(
                    QRectF(n * 2, zero - high * scale, 2, (high - low) * scale), QBrush(style.SLOPE)
                )
        else:
            for n, (row, value) in enumerate(zip(s.rows, s.slopes, strict=True)):
                x = n * slot + slot * 0.2
                height = value * scale
                bar = QRectF(x, zero - max(height, 0), slot * 0.6, abs(height))
                painter.fillRect(bar, QBrush(style.SLOPE))
                if labelled:
                    painter.setPen(style.NAME)
                    under = QRectF(n * slot, h - line, slot, line)
                    painter.drawText(under, Qt.AlignmentFlag.AlignHCenter, f"row {row}")
        if not self.mean_hidden:
            y = zero - s.mean * scale
            painter.setPen(QPen(style.HIGHLIGHT, 4 * self.zoom, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(0, y), QPointF(w, y))
        painter.end()
