"""A loss surface drawn as a heat map with contour lines (shared by two panels)."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF

CONTOURS = 7


class SurfaceImage:
    """Heat map (log of the loss, viridis) plus contour lines, inside a plot."""

    def __init__(self, plot: pg.PlotWidget) -> None:
        self.image = pg.ImageItem()
        self.image.setColorMap(pg.colormap.get("viridis"))
        self.image.setZValue(-10)
        plot.addItem(self.image)
        self.contours = []
        for _ in range(CONTOURS):
            curve = pg.IsocurveItem(pen=pg.mkPen((255, 255, 255, 170), width=1.5))
            curve.setParentItem(self.image)
            self.contours.append(curve)

    def show(self, xs: np.ndarray, ys: np.ndarray, losses: np.ndarray) -> None:
        """``losses[a, b]`` is the loss at ``(xs[a], ys[b])``; overflow shows as the top colour."""
        finite = np.isfinite(losses)
        top = losses[finite].max() if finite.any() else 1.0
        shown = np.log10(np.where(finite, losses, top) + 1e-12)
        low, high = float(shown.min()), float(shown.max())
        if high <= low:
            high = low + 1.0
        self.image.setImage(shown, levels=(low, high))
        self.image.setRect(QRectF(xs[0], ys[0], xs[-1] - xs[0], ys[-1] - ys[0]))
        for curve, level in zip(self.contours, np.linspace(low, high, CONTOURS + 2)[1:-1], strict=True):
            curve.setData(shown)
            curve.setLevel(level)

    def clear(self) -> None:
        """Show nothing (the scenario changed; the old surface would mislead)."""
        self.image.clear()
        for curve in self.contours:
            curve.setData(None)
