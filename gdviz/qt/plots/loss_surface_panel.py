"""The loss over two chosen parameters, with the path gradient descent took."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QVBoxLayout, QWidget

from gdviz.core.names import param_name
from gdviz.core.params import Param, params_of
from gdviz.qt import style
from gdviz.qt.plots.plot_panel import PlotPanel
from gdviz.qt.plots.plot_style import make_plot, pen, style_plot
from gdviz.qt.plots.surface_image import SurfaceImage
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

GRID = 100


class LossSurfacePanel(PlotPanel):
    """Heat map of the loss on the whole data set around the current point.

    The grid is recomputed only when the training step or the chosen pair
    changes, not on every micro-step.
    """

    def __init__(self, session: Session, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.jobs = jobs
        self.setObjectName("loss_surface_panel")
        self.choosers = [QComboBox(), QComboBox()]
        grid = QGridLayout()
        for row, (label, chooser) in enumerate(zip(("Across", "Up"), self.choosers, strict=True)):
            chooser.setObjectName(f"surface_param_{row}")
            chooser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            chooser.activated.connect(self._on_q_chosen)
            grid.addWidget(QLabel(label), row, 0)
            grid.addWidget(chooser, row, 1)
        self.plot = make_plot("first weight", "second weight")
        self.surface = SurfaceImage(self.plot)
        # Drawn over the heat map, whose colours do not change with the theme: white stands out on it,
        # with a dark edge where the map is bright.
        self.path_edge = self.plot.plot()
        self.path = self.plot.plot(symbol="o", symbolBrush="w")
        self.point = self.plot.plot(pen=None, symbol="o")
        self.caption = QLabel(
            "Colour: loss on the whole data set (log scale, bright is high). White: the path so far."
        )
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(grid)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self.params: list[Param] = []
        self.grid: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        self._key: tuple | None = None
        self._net = None
        """The network the surface is centred on: with the pair, what the surface shows."""
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        session.changed.connect(self._on_model_changed)
        session.surfaceParamsChanged.connect(self._on_model_changed)
        self.restyle()
        self._on_model_scenario_changed()

    def restyle(self) -> None:
        look = self.look
        style_plot(self.plot, look)
        self._style_controls()
        self.path_edge.setPen(pen((20, 20, 20, 160), look.guide + 3))
        self.path.setPen(pen("w", look.guide))
        self.path.setSymbolSize(7 * look.marker)
        self.path.setSymbolPen(pg.mkPen((20, 20, 20), width=1))
        self.point.setSymbolBrush(style.MARK)
        self.point.setSymbolPen(pg.mkPen("w", width=2 + look.presenting))
        self.point.setSymbolSize(16 * look.marker)
        self.caption.setFont(style.font(look.caption - 1))

    def _on_model_scenario_changed(self) -> None:
        net = self.session.net
        self.params = params_of(net)
        names = [param_name(net.layers, p) for p in self.params]
        for chooser in self.choosers:
            chooser.blockSignals(True)
            chooser.clear()
            chooser.addItems(names)
            chooser.blockSignals(False)
        self._key = None
        self._on_model_changed()

    def refresh(self) -> None:
        first, second = self.session.surface_params
        for chooser, p in zip(self.choosers, (first, second), strict=True):
            chooser.blockSignals(True)
            chooser.setCurrentIndex(self.params.index(p))
            chooser.blockSignals(False)
        s = self.session
        key = (s.step_number, first, second)
        if key == self._key and s.net is self._net:
            return
        self._key, self._net = key, s.net
        path = s.path(first, second)
        xs, ys, work = s.loss_surface(first, second, GRID)
        self.jobs.compute("loss surface", work, lambda losses: self._show_surface(xs, ys, losses))
        self.path.setData(path[:, 0], path[:, 1])
        self.path_edge.setData(path[:, 0], path[:, 1])
        self.point.setData([path[-1, 0]], [path[-1, 1]])
        self.plot.getAxis("bottom").setLabel(param_name(s.layers, first))
        self.plot.getAxis("left").setLabel(param_name(s.layers, second))
        self.plot.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0)

    def _show_surface(self, xs: np.ndarray, ys: np.ndarray, losses: np.ndarray) -> None:
        self.grid = (xs, ys, losses)
        self.surface.show(xs, ys, losses)

    def _on_q_chosen(self, _row: int) -> None:
        first, second = (self.params[c.currentIndex()] for c in self.choosers)
        self.session.set_surface_params(first, second)
