"""One gradient-descent step along one weight: the curve, the tangent, the step.

The loss is drawn as a function of the chosen parameter, every other parameter
held where it is. The tangent at the current value has the backprop slope the
diagram shows; the arrow goes to the value after the update. However short the
step, the arrow is drawn at least ``look.arrow`` pixels long along the step's
direction (a label and a thin line give its true length), so a learning rate of
0.001 still shows which way the weight moved.
"""

from __future__ import annotations

import math

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QPointF, Qt
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gdviz.core.names import param_name
from gdviz.core.numbers import fmt
from gdviz.core.params import Param, params_of
from gdviz.qt import style
from gdviz.qt.plots.plot_panel import PlotPanel
from gdviz.qt.plots.plot_style import make_plot, pen, style_plot
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

POINTS = 201
TRAIL = 8
"""How many earlier steps along the weight stay visible, fading."""


class GradientStepPanel(PlotPanel):
    def __init__(self, session: Session, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.jobs = jobs
        self._curve: tuple | None = None
        """(key, xs, losses along xs, loss at the new value) once computed."""
        self._net = None
        """The network the curve was asked for: with the key, says which step it belongs to."""
        self.setObjectName("gradient_step_panel")
        self.chooser = QComboBox()
        self.chooser.setObjectName("gradient_param")
        self.chooser.setToolTip("The weight to follow (or click an edge in the diagram)")
        self.chooser.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.chooser.activated.connect(self._on_q_chosen)
        self.caption = QLabel()
        self.caption.setObjectName("gradient_caption")
        self.caption.setWordWrap(True)
        self.plot = make_plot("weight value", "loss on this batch")
        self.curve = self.plot.plot()
        self.tangent = self.plot.plot()
        self.trail = self.plot.plot(pen=None, symbol="o", symbolSize=11, symbolPen=None)
        self.step_line = self.plot.plot()
        """The step at its true length, from the current value to the new one."""
        self.new_point = self.plot.plot(pen=None, symbol="o", symbolSize=12, symbolPen=None)
        self.point = self.plot.plot(pen=None, symbol="o", symbolSize=16)
        self.arrow = pg.ArrowItem(pxMode=True, pen=None)
        """The step's direction, tip at the new value, or further along when the step is short on screen."""
        self.arrow.setZValue(5)
        self.arrow.hide()
        self.plot.addItem(self.arrow, ignoreBounds=True)
        self.step_label = pg.TextItem(anchor=(0, 0.5))
        self.step_label.setZValue(6)
        self.step_label.hide()
        self.plot.addItem(self.step_label, ignoreBounds=True)
        self._step: tuple[float, float, float, float] | None = None
        """(old, loss now, new, new loss) of the step drawn, in the plot's coordinates."""
        self._arrow_ends: tuple[QPointF, QPointF] | None = None
        self.plot.getPlotItem().vb.sigTransformChanged.connect(self._place_arrow)
        row = QHBoxLayout()
        row.addWidget(QLabel("Weight"))
        row.addWidget(self.chooser, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self.params: list[Param] = []
        self._curve_key: tuple | None = None
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        session.changed.connect(self._on_model_changed)
        session.selectionChanged.connect(self._on_model_changed)
        self.restyle()
        self._on_model_scenario_changed()

    def restyle(self) -> None:
        look = self.look
        style_plot(self.plot, look)
        self._style_controls()
        self.curve.setPen(pen(style.CURVE, look.line))
        # The tangent's slope is the backprop slope: the diagram's slope colour.
        self.tangent.setPen(pen(style.SLOPE, look.guide, dashed=True))
        self.step_line.setPen(pen(style.MARK, look.line))
        self.new_point.setSymbolBrush(style.MARK)
        self.new_point.setSymbolSize(12 * look.marker)
        self.point.setSymbolBrush(style.PLOT_FORE)
        self.point.setSymbolPen(pg.mkPen(style.PLOT_BACK, width=2))
        self.point.setSymbolSize(16 * look.marker)
        self.trail.setSymbolSize(11 * look.marker)
        self.step_label.setColor(style.MARK)
        self.step_label.setFont(style.font(look.text, bold=True))
        self.caption.setFont(style.font(look.caption))
        self._place_arrow()
        if self.params:
            self._on_model_changed()  # the trail's colours are set as it is drawn

    # -- model events ---------------------------------------------------------------
    def _on_model_scenario_changed(self) -> None:
        net = self.session.net
        self.params = params_of(net)
        self.chooser.blockSignals(True)
        self.chooser.clear()
        self.chooser.addItems([param_name(net.layers, p) for p in self.params])
        self.chooser.blockSignals(False)
        self._curve_key = None
        self._on_model_changed()

    def refresh(self) -> None:
        s = self.session
        p = s.focus_param
        self.chooser.blockSignals(True)
        self.chooser.setCurrentIndex(self.params.index(p))
        self.chooser.blockSignals(False)
        step, frame = s.param_step(p), s.frame
        if step is None or frame is None:
            for item in (self.curve, self.tangent, self.step_line, self.new_point, self.point, self.trail):
                item.setData([], [])
            self._step = None
            self._hide_arrow()
            self.caption.setText("Training diverged: nothing to step. Go back or reset.")
            return
        old, new, slope, lr = step
        loss_now = s.step_loss
        # In predict mode a slope or step the class is asked for is not drawn yet.
        slope_known = frame.batch_slope_known(p) and not frame.hides_param(p)
        updated = frame.updated(p) and not frame.hides_param(p)
        reach = max(3 * abs(new - old), 0.5 * abs(old), 0.5)
        # The step number and the network at its start say which step's batch and weights the curve is of.
        key = (s.step_number, p, reach)
        fresh = self._curve_key == key and self._net is s.net
        if not fresh:
            self._curve_key, self._net, self._curve = key, s.net, None
            xs = np.linspace(old - reach, old + reach, POINTS)
            along, at_new = s.loss_along(p, xs), s.loss_along(p, np.array([new]))
            self.jobs.compute(
                "gradient step", lambda: (key, xs, along(), float(at_new()[0])), self._on_curve_computed
            )
        # Until the curve arrives from its worker, the earlier curve stays and the arrow waits.
        self._new_loss = self._curve[3] if self._curve is not None and self._curve[0] == key else None
        # In predict mode the loss is not drawn (nor the curve through it) until the class has it.
        loss_shown = not (s.predicting or s.has_questions) or (
            frame.batch_loss_known and not frame.hides_loss
        )
        for item in (self.curve, self.point):
            item.setVisible(loss_shown)
        self.point.setData([old], [loss_now])
        if slope_known:
            half = reach / 2
            self.tangent.setData([old - half, old + half], [loss_now - slope * half, loss_now + slope * half])
        else:
            self.tangent.setData([], [])
        if updated and self._new_loss is not None and np.isfinite(self._new_loss):
            self.step_line.setData([old, new], [loss_now, self._new_loss])
            self.new_point.setData([new], [self._new_loss])
            self._step = (old, loss_now, new, self._new_loss)
            self.step_label.setText(f"step {fmt(new - old)}")
        else:
            self.step_line.setData([], [])
            self.new_point.setData([], [])
            self._step = None
        self._place_arrow()
        self._draw_trail(p)
        name = param_name(s.layers, p)
        text = f"{name} = {fmt(old)}" + (f", loss {fmt(loss_now)}" if loss_shown else "")
        if slope_known:
            text += f"; slope {fmt(slope)} (the tangent)"
        if updated and self._new_loss is not None:
            factor = (old - new) / lr
            rule = f"{fmt(old)} - {fmt(lr)} x {fmt(factor)}"
            if not math.isclose(factor, slope, rel_tol=1e-9, abs_tol=1e-300):
                # momentum, rmsprop, adam: the learning rate multiplies their own direction, not the slope
                rule += f" ({s.scenario.optimizer['name']}'s step, not the slope)"
            text += f"; step to {fmt(new)} = {rule}, loss {fmt(self._new_loss)}"
        self.caption.setText(text)

    # -- the arrow --------------------------------------------------------------------------
    def arrow_ends(self) -> tuple[QPointF, QPointF] | None:
        """Where the arrow starts and where its tip is, in the plot widget's pixels (None
        while no step is drawn): what the class sees, however short the step."""
        return self._arrow_ends

    def _place_arrow(self, *_args) -> None:
        """Draw the arrow from the current value along the step, at least ``look.arrow``
        pixels long on screen (the view's scale changes with its range and size)."""
        box = self.plot.getPlotItem().vb
        per_x, per_y = box.viewPixelSize()
        if self._step is None or not (per_x > 0 and per_y > 0):
            self._hide_arrow()
            return
        old, loss, new, new_loss = self._step
        across, down = (new - old) / per_x, -(new_loss - loss) / per_y  # screen pixels, y down
        length = math.hypot(across, down)
        if not np.isfinite(length) or length == 0:
            self._hide_arrow()  # no step at all: nothing to point along
            return
        look = self.look
        drawn = max(length, look.arrow)
        ux, uy = across / length, down / length
        tip = (old + ux * drawn * per_x, loss - uy * drawn * per_y)
        head = min(0.5 * drawn, 16 + 6 * look.marker)
        self.arrow.setStyle(
            angle=math.degrees(math.atan2(-uy, -ux)),  # pyqtgraph's arrow points left at angle 0
            headLen=head,
            headWidth=0.8 * head,
            tailLen=drawn - head,
            tailWidth=look.line,
            brush=pg.mkBrush(style.MARK),
            pen=None,
        )
        self.arrow.setPos(*tip)
        self.arrow.show()
        # The label sits just beyond the tip, on the side the arrow points to, clear of the arrow.
        self.step_label.setAnchor(
            (0.0 if ux >= 0 else 1.0, 0.5 if abs(ux) >= abs(uy) else (0.0 if uy > 0 else 1.0))
        )
        self.step_label.setPos(*tip)
        self.step_label.show()
        view = self.plot
        start = view.mapFromScene(box.mapViewToScene(QPointF(old, loss)))
        end = view.mapFromScene(self.arrow.mapToScene(QPointF(0, 0)))
        self._arrow_ends = (QPointF(start), QPointF(end))

    def _hide_arrow(self) -> None:
        self.arrow.hide()
        self.step_label.hide()
        self._arrow_ends = None

    def _on_curve_computed(self, curve: tuple) -> None:
        self._curve = curve
        _, xs, ys, _ = curve
        finite = np.isfinite(ys)
        self.curve.setData(xs[finite], ys[finite])
        # Frame the curve itself; older trail points may fall outside, as they should.
        if finite.any():
            low, high = float(ys[finite].min()), float(ys[finite].max())
            pad = 0.08 * (high - low) if high > low else 1.0
            self.plot.setRange(xRange=(xs[0], xs[-1]), yRange=(low - pad, high + pad), padding=0)
        self.refresh()

    def _draw_trail(self, p: Param) -> None:
        """The parameter and the loss at the start of each of the last few steps."""
        s = self.session
        steps = s.steps_over(TRAIL)[:-1]  # the current step is the big point, not the trail
        xs = s.values_over(p, TRAIL)[:-1].tolist()
        ys = s.loss_history[steps - 1].tolist()
        c = style.CURVE
        brushes = [
            (c.red(), c.green(), c.blue(), int(60 + 150 * (k + 1) / max(len(xs), 1))) for k in range(len(xs))
        ]
        self.trail.setData(xs, ys, symbolBrush=brushes)

    # -- input ----------------------------------------------------------------------------
    def _on_q_chosen(self, row: int) -> None:
        self.session.select(self.params[row])
