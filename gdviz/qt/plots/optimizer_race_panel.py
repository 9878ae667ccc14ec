"""sgd, momentum, rmsprop and adam raced on the same scenario, side by side.

Two plots (the paths on the loss surface, the loss curves) share the panel. In
a narrow dock each gets the whole height, one at a time, chosen with two buttons;
once the panel is wide enough (full screen on the presentation stage) both show
side by side and the buttons go.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QColor, QFontMetricsF
from PySide6.QtWidgets import (
    QButtonGroup,
    QDoubleSpinBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdviz.core.names import param_name
from gdviz.core.numbers import fmt
from gdviz.core.race import CONTESTANTS, DEFAULT_RATES, Lap
from gdviz.qt import style
from gdviz.qt.plots.plot_panel import PlotPanel
from gdviz.qt.plots.plot_style import make_plot, pen, style_plot
from gdviz.qt.plots.surface_image import SurfaceImage
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

GRID = 80
PATH_DOTS = 300
"""Paths up to this many points get a dot per step."""
PATH_POINTS = 1000
"""Longer paths are drawn through every n-th point, about this many in all."""
PLOT_MIN_HEIGHT = 200
"""Neither plot is ever squeezed below this height (its ticks would run together)."""
SIDE_BY_SIDE_WIDTH = 1100
"""From this panel width on, both plots show side by side."""
VIEWS = ("surface", "loss")


class OptimizerRacePanel(PlotPanel):
    """Asks for a race (it trains four copies, in the background) and draws
    the session's laps: paths on the loss surface and loss curves."""

    runRequested = Signal(object, int)
    """Learning rate per optimizer, and the number of steps."""

    def __init__(self, session: Session, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.jobs = jobs
        self.setObjectName("optimizer_race_panel")
        controls = QGridLayout()
        self.rates: dict[str, QDoubleSpinBox] = {}
        self.swatches: dict[str, QLabel] = {}
        for row, name in enumerate(CONTESTANTS):
            swatch = QLabel(f"■ {name}")
            self.swatches[name] = swatch
            box = QDoubleSpinBox()
            box.setObjectName(f"race_rate_{name}")
            box.setDecimals(5)
            box.setRange(0.00001, 10.0)
            box.setSingleStep(0.01)
            box.setValue(DEFAULT_RATES[name])
            box.setToolTip(f"Learning rate for {name}")
            box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            controls.addWidget(swatch, row // 2, 2 * (row % 2))
            controls.addWidget(box, row // 2, 2 * (row % 2) + 1)
            self.rates[name] = box
        self.steps = QSpinBox()
        self.steps.setObjectName("race_steps")
        self.steps.setRange(1, 5000)
        self.steps.setValue(50)
        self.steps.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.run_button = QPushButton("Run race")
        self.run_button.setObjectName("race_run")
        self.run_button.setToolTip("Train a copy of the lesson with each optimizer from the same start")
        self.run_button.clicked.connect(self.run)
        controls.setVerticalSpacing(2)
        self.surface_plot = make_plot("first weight", "second weight")
        self.surface = SurfaceImage(self.surface_plot)
        self.loss_plot = make_plot("training step", "loss", steps_along_x=True)
        self.loss_plot.setLogMode(y=True)
        # Thousands of steps: about one point per pixel is drawn, the rest is off screen or hidden.
        self.loss_plot.getPlotItem().setDownsampling(auto=True, mode="peak")
        self.loss_plot.getPlotItem().setClipToView(True)
        self.loss_plot.addLegend(offset=(-10, 10))
        for plot in (self.surface_plot, self.loss_plot):
            plot.setMinimumHeight(PLOT_MIN_HEIGHT)
        self.paths: dict[str, pg.PlotDataItem] = {}
        self.curves: dict[str, pg.PlotDataItem] = {}
        for name in CONTESTANTS:
            self.paths[name] = self.surface_plot.plot(symbol="o", symbolSize=5, symbolPen=None)
            self.curves[name] = self.loss_plot.plot(name=name)
        self.caption = QLabel("Press Run race: each optimizer trains its own copy from the lesson's start.")
        self.caption.setWordWrap(True)
        self.view_buttons: dict[str, QPushButton] = {}
        self._view_group = QButtonGroup(self)
        chooser = QHBoxLayout()
        chooser.setSpacing(0)
        for name, text, tip in (
            ("surface", "Paths", "Each optimizer's path over the loss of the two weights"),
            ("loss", "Losses", "Each optimizer's loss at every step, on a log scale"),
        ):
            button = QPushButton(text)
            button.setObjectName(f"race_show_{name}")
            button.setToolTip(tip)
            button.setCheckable(True)
            button.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            button.clicked.connect(lambda _checked, name=name: self.show_view(name))
            self._view_group.addButton(button)
            self.view_buttons[name] = button
            chooser.addWidget(button)
        self.view_row = QWidget()
        self.view_row.setLayout(chooser)
        chooser.setContentsMargins(0, 0, 0, 0)
        run_row = QHBoxLayout()  # one row: the steps, the run, and which plot shows
        run_row.addWidget(QLabel("Steps"))
        run_row.addWidget(self.steps)
        run_row.addWidget(self.run_button)
        run_row.addStretch(1)
        run_row.addWidget(self.view_row)
        plots = QHBoxLayout()
        plots.setContentsMargins(0, 0, 0, 0)
        plots.addWidget(self.surface_plot, 1)
        plots.addWidget(self.loss_plot, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(3)  # a dock beside the diagram is short: the plot gets the height
        layout.addLayout(controls)
        layout.addLayout(run_row)
        layout.addWidget(self.caption)
        layout.addLayout(plots, 1)
        self.view = "surface"
        """The plot shown when there is room for only one: "surface" or "loss"."""
        self.side_by_side = False
        self.show_view("surface")
        self.grid: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None
        session.raceChanged.connect(self._on_model_changed)
        self.restyle()
        self.refresh()

    @property
    def laps(self) -> dict[str, Lap]:
        return self.session.race

    def colors(self) -> dict[str, QColor]:
        """Each contestant's colour in the current theme."""
        return dict(zip(CONTESTANTS, style.RACE, strict=True))

    def restyle(self) -> None:
        """Take on the current theme's colours (``style``) and the look's sizes."""
        look = self.look
        for plot in (self.surface_plot, self.loss_plot):
            style_plot(plot, look)
        self._style_controls()
        for k, (name, color) in enumerate(self.colors().items()):
            self.swatches[name].setStyleSheet(f"color: {color.name()}; font-weight: bold;")
            self.swatches[name].setFont(self.font())
            # Paths often share a stretch (sgd and momentum start alike): each one drawn over the
            # last is thinner, so the ones beneath still show as a coloured edge.
            self.paths[name].setPen(pen(color, look.guide + 2 * (len(CONTESTANTS) - 1 - k)))
            self.paths[name].setSymbolBrush(color)
            self.paths[name].setSymbolSize(5 * look.marker)
            self.curves[name].setPen(pen(color, look.line))
        self.caption.setFont(style.font(look.caption - 1))
        # The final losses take two lines in a dock; a wrapped label's minimum says one, and the
        # plot below would be pushed out of the dock's bottom edge by the second.
        self.caption.setMinimumHeight(math.ceil(2 * QFontMetricsF(self.caption.font()).lineSpacing()))

    # -- which plot shows ---------------------------------------------------------------
    def show_view(self, name: str) -> None:
        """Show the paths ("surface") or the loss curves ("loss") when only one fits;
        one call per click of the buttons, and what the presentation stage may choose."""
        if name not in VIEWS:
            raise ValueError(f"no race view {name!r}; expected one of {VIEWS}")
        self.view = name
        self.view_buttons[name].setChecked(True)
        self._arrange()

    def _arrange(self) -> None:
        self.side_by_side = self.width() >= SIDE_BY_SIDE_WIDTH
        self.view_row.setVisible(not self.side_by_side)
        self.surface_plot.setVisible(self.side_by_side or self.view == "surface")
        self.loss_plot.setVisible(self.side_by_side or self.view == "loss")

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        if (self.width() >= SIDE_BY_SIDE_WIDTH) != self.side_by_side:
            self._arrange()

    def run(self) -> None:
        """Ask for a race with the rates and steps in the panel (one request)."""
        self.runRequested.emit({name: box.value() for name, box in self.rates.items()}, self.steps.value())

    def refresh(self) -> None:
        """Draw the session's race: each lap's path and losses; a diverging one ends where it broke."""
        laps, params = self.session.race, self.session.race_params
        if not laps or params is None:
            for item in (*self.paths.values(), *self.curves.values()):
                item.setData([], [])
            self.jobs.forget("race surface")
            self.grid = None
            self.surface.clear()
            self.caption.setText(
                "Press Run race: each optimizer trains its own copy from the lesson's start."
            )
            return
        xs, ys, work = self.session.race_surface(GRID)
        self.jobs.compute("race surface", work, lambda losses: self._show_surface(xs, ys, losses))
        layers = self.session.layers
        self.surface_plot.getAxis("bottom").setLabel(param_name(layers, params[0]))
        self.surface_plot.getAxis("left").setLabel(param_name(layers, params[1]))
        notes = []
        for name, lap in laps.items():
            # A dot per step reads well for a short race; thousands of dots cost a frozen frame.
            dots = "o" if len(lap.path) <= PATH_DOTS else None
            self.paths[name].setData(lap.path[:, 0], lap.path[:, 1], symbol=dots)
            self.paths[name].setDownsampling(ds=max(1, len(lap.path) // PATH_POINTS), method="subsample")
            steps = np.arange(1, len(lap.losses) + 1, dtype=np.float64)
            self.curves[name].setData(steps, np.maximum(lap.losses, 1e-300))
            if lap.divergence is not None:
                notes.append(f"{name} diverged at step {lap.divergence.step}")
        self.loss_plot.enableAutoRange()
        summary = ", ".join(f"{n} {_final_loss(lap)}" for n, lap in laps.items())
        self.caption.setText(("; ".join(notes) + ". " if notes else "") + f"Final loss: {summary}.")

    def _show_surface(self, xs: np.ndarray, ys: np.ndarray, losses: np.ndarray) -> None:
        self.grid = (xs, ys, losses)
        self.surface.show(xs, ys, losses)
        self.surface_plot.setRange(xRange=(xs[0], xs[-1]), yRange=(ys[0], ys[-1]), padding=0)


def _final_loss(lap: Lap) -> str:
    return fmt(lap.losses[-1]) if len(lap.losses) else "-"
