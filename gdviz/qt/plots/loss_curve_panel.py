"""Loss against training step, growing as training runs."""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gdviz.core.numbers import fmt
from gdviz.qt import style
from gdviz.qt.plots.plot_panel import PlotPanel
from gdviz.qt.plots.plot_style import make_plot, pen, style_plot
from gdviz.qt.session import Session

MAX_EPOCH_MARKS = 400
"""Past this many epochs, only every k-th boundary is marked."""
LOG_FLOOR = 1e-300
"""A loss of exactly 0 cannot go on a log axis; it is drawn at this floor."""
DOTS = 120
"""Histories up to this many steps get a dot per step: a lone first step is a dot, not an invisible line."""


class LossCurvePanel(PlotPanel):
    """The batch loss of every step taken, the current step marked, epochs ticked.

    At every micro-step of step k the curve holds steps 1..k-1 (``loss_history``);
    once step k's batch loss is known, a segment joins it to the current step's
    marker. Items are created once; each refresh only calls ``setData``.
    Downsampling (peak) and clip-to-view keep a million-point history cheap.
    """

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("loss_curve_panel")
        self.plot = make_plot("training step", "loss", steps_along_x=True)
        item = self.plot.getPlotItem()
        item.setDownsampling(auto=True, mode="peak")
        item.setClipToView(True)
        self.curve = self.plot.plot()
        # About one sample per pixel: a thick line needs no more, and each segment costs.
        self.curve.opts["autoDownsampleFactor"] = 0.5
        self.test_curve = self.plot.plot()
        """The loss on the test rows (never trained on), dashed, when the scenario has them."""
        self.test_curve.opts["autoDownsampleFactor"] = 0.5
        self.reach = self.plot.plot()
        """From the last step taken to the current step's loss, once it is known."""
        self.epochs = self.plot.plot(pen=None, symbol="d", symbolSize=9, symbolPen=None)
        self.marker = self.plot.plot(pen=None, symbol="o", symbolSize=16)
        self.diverged = self.plot.plot(pen=None, symbol="x", symbolSize=22, symbolPen=None)
        self.hover = pg.TextItem(anchor=(0, 1))
        self.hover.setZValue(10)
        self.hover.hide()
        self.plot.addItem(self.hover, ignoreBounds=True)
        self.log_box = QCheckBox("Log scale")
        self.log_box.setObjectName("loss_log_scale")
        self.log_box.setToolTip("Show the loss on a logarithmic axis, so late small changes stay visible")
        self.log_box.toggled.connect(self._on_q_log_toggled)
        self.caption = QLabel()
        top = QHBoxLayout()
        top.addWidget(self.caption, 1)
        top.addWidget(self.log_box)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        self._x = np.arange(1, 1025, dtype=np.float64)
        self._shown: tuple | None = None
        self._marks: tuple | None = None
        self.plot.scene().sigMouseMoved.connect(self._on_q_mouse_moved)
        session.changed.connect(self._on_model_changed)
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        self.restyle()
        self._on_model_scenario_changed()

    def restyle(self) -> None:
        look = self.look
        style_plot(self.plot, look)
        self._style_controls()
        self.curve.setPen(pen(style.CURVE, look.line))
        self.curve.setSymbolBrush(style.CURVE)
        self.curve.setSymbolPen(None)
        self.curve.setSymbolSize(8 * look.marker)
        self.reach.setPen(pen(style.CURVE, look.line))
        self.test_curve.setPen(pen(style.SLOPE, look.line, dashed=True))
        self.epochs.setSymbolBrush(style.MUTED)
        self.epochs.setSymbolSize(9 * look.marker)
        self.marker.setSymbolBrush(style.MARK)
        self.marker.setSymbolPen(pg.mkPen(style.PLOT_BACK, width=2))
        self.marker.setSymbolSize(16 * look.marker)
        self.diverged.setSymbolBrush(style.DANGER)
        self.diverged.setSymbolSize(22 * look.marker)
        self.hover.setColor(style.PLOT_FORE)
        back = style.PLOT_BACK
        self.hover.fill = pg.mkBrush(back.red(), back.green(), back.blue(), 220)
        self.hover.setFont(style.font(look.caption))
        self.caption.setFont(style.font(look.caption, bold=look.presenting))

    # -- what tests read ------------------------------------------------------
    def curve_data(self) -> tuple[np.ndarray, np.ndarray]:
        x, y = self.curve.getOriginalDataset()
        return (np.array([]), np.array([])) if x is None else (x, y)

    # -- model events -----------------------------------------------------------
    def _on_model_scenario_changed(self) -> None:
        # With test rows, a legend tells the two curves apart.
        legend = self.plot.getPlotItem().legend
        if self.session.scenario.test_inputs and legend is None:
            legend = self.plot.addLegend(offset=(-10, 10))
            legend.addItem(self.curve, "training loss")
            legend.addItem(self.test_curve, "test loss (never trained on)")
            self.restyle()
        elif legend is not None and not self.session.scenario.test_inputs:
            legend.scene().removeItem(legend)
            self.plot.getPlotItem().legend = None
        self._shown = self._marks = None
        self._on_model_changed()
        self.plot.enableAutoRange()

    def refresh(self) -> None:
        s = self.session
        values = s.loss_history
        n = len(values)
        log = self.log_box.isChecked()
        step = s.step_number
        frame = s.frame
        known = frame is not None and frame.batch_loss_known and not frame.hides_loss
        # The axis makes room for this step's loss before it is shown, unless the class is to
        # predict it: then the axis would give it away.
        room = known or not (s.predicting or s.has_questions)
        key = (n, log, step, room)
        if key != self._shown:
            self._shown = key
            if len(self._x) < n:
                self._x = np.arange(1, 2 * n + 1, dtype=np.float64)
            x = self._x[:n]
            shown = np.maximum(values, LOG_FLOOR) if log else values
            self.curve.setData(x, shown, symbol="o" if n <= DOTS else None)
            tests = s.test_loss_history
            finite = np.where(np.isfinite(tests), tests, np.nan)
            self.test_curve.setData(x[: len(tests)], np.maximum(finite, LOG_FLOOR) if log else finite)
            self._mark_epochs(values, log)
            self._frame(values, s.step_loss if room else None, log)
        marks = (key, known, s.diverged)
        if marks == self._marks:
            return  # most micro-steps change nothing on this plot
        self._marks = marks
        reach = known and n > 0 and step == n + 1
        now = s.test_loss_now
        test = f" · test loss {fmt(now)} (dashed)" if now is not None else ""
        if known:
            self.marker.setData([float(step)], [self._y(s.step_loss)])
            self.caption.setText(f"Step {step}: loss {fmt(s.step_loss)}{test}")
        else:
            self.marker.setData([], [])
            self.caption.setText(
                f"Step {step}: the loss comes after the forward pass"
                if s.step_loss is not None
                else f"Diverged at step {s.divergence.step}"
            )
        if reach:
            self.reach.setData([float(n), float(step)], [self._y(float(values[-1])), self._y(s.step_loss)])
        else:
            self.reach.setData([], [])
        if s.diverged and n:
            self.diverged.setData([float(n)], [self._y(values[-1])])
        else:
            self.diverged.setData([], [])

    def _frame(self, values: np.ndarray, pending: float | None, log: bool) -> None:
        """Whole training steps along x, and a loss axis that starts at zero (losses are never negative)."""
        n = len(values) + (pending is not None)
        if log:
            self.plot.enableAutoRange()
            return
        tests = self.session.test_loss_history
        tests = tests[np.isfinite(tests)]
        top = max(
            float(values.max()) if len(values) else 0.0,
            pending or 0.0,
            float(tests.max()) if len(tests) else 0,
        )
        top = top if top > 0 else 1.0
        # A little room below zero, so the zero tick is drawn and a loss near zero is not on the edge.
        self.plot.setRange(xRange=(0.5, max(n, 1) + 0.5), yRange=(-0.04 * top, top * 1.08), padding=0)

    def _mark_epochs(self, values: np.ndarray, log: bool) -> None:
        ends = self.session.epoch_ends()
        if len(ends) > MAX_EPOCH_MARKS:
            ends = ends[:: -(-len(ends) // MAX_EPOCH_MARKS)]
        ys = values[ends - 1] if len(ends) else np.array([])
        self.epochs.setData(ends.astype(np.float64), np.maximum(ys, LOG_FLOOR) if log else ys)

    def _y(self, loss: float) -> float:
        return max(loss, LOG_FLOOR) if self.log_box.isChecked() else loss

    # -- input -------------------------------------------------------------------
    def _on_q_log_toggled(self, checked: bool) -> None:
        self.plot.setLogMode(y=checked)
        self._shown = self._marks = None
        self._on_model_changed()
        self.plot.enableAutoRange()

    def _on_q_mouse_moved(self, pos) -> None:
        values = self.session.loss_history
        box = self.plot.getPlotItem().vb
        if not len(values) or not box.sceneBoundingRect().contains(pos):
            self.hover.hide()
            return
        k = int(np.clip(round(box.mapSceneToView(pos).x()), 1, len(values)))
        loss = float(values[k - 1])
        self.show_hover(k, loss)

    def show_hover(self, step: int, loss: float) -> None:
        y = np.log10(max(loss, LOG_FLOOR)) if self.log_box.isChecked() else loss
        self.hover.setText(f"step {step}: loss {fmt(loss, 6)}")
        self.hover.setPos(step, y)
        self.hover.show()
