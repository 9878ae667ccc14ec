"""Everything about the selected node or weight: numbers, formula, history."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gdviz.core.activations import ACTIVATIONS
from gdviz.core.formulas import formula
from gdviz.core.microsteps import AVERAGE, BACKWARD, FORWARD, MicroStep
from gdviz.core.names import bias_name, node_name, weight_name
from gdviz.core.network import forward
from gdviz.core.numbers import fmt
from gdviz.qt import style
from gdviz.qt.session import Session


class InspectorPanel(QWidget):
    """Click a node or an edge in the diagram to fill this in."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("inspector_panel")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("inspector_text")
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addStretch(1)
        self.set_zoom(1.0)
        session.changed.connect(self._on_model_changed)
        session.selectionChanged.connect(self._on_model_changed)
        self._on_model_changed()

    @property
    def text(self) -> str:
        return self.label.text()

    def set_zoom(self, zoom: float) -> None:
        self.label.setFont(style.font(17 * zoom))

    def _on_model_changed(self) -> None:
        sel = self.session.selection
        if sel is None:
            self.label.setText("Click a node or a weight in the diagram to inspect it.")
        elif len(sel) == 2:
            self.label.setText("\n".join(self._node_lines(*sel)))
        else:
            self.label.setText("\n".join(self._weight_lines(*sel)))

    def _node_lines(self, l: int, j: int) -> list[str]:
        s = self.session
        layers = s.layers
        if l == 0:
            kind = "input node"
        else:
            act = ACTIVATIONS[s.scenario.activations[l - 1]]
            kind = f"layer {l}, {act.name}: {act.formula}"
        lines = [node_name(layers, l, j), kind]
        frame, record = s.frame, s.walk.record
        if frame is not None:
            if frame.value_known[l][j]:
                lines.append(f"value a = {fmt(frame.values[l][j])}")
                if l > 0:
                    lines.append(f"input z = {fmt(frame.inputs[l][j])}")
                    m = MicroStep(FORWARD, "node", frame.sample, l, j)
                    lines.append(formula(record, m, s.scenario.loss, s.walk.trainer.optimizer.name))
            if l > 0 and frame.node_slope_known[l][j]:
                lines.append(f"loss slope dL/da = {fmt(frame.node_slopes[l][j])}")
                m = MicroStep(BACKWARD, "node", frame.sample, l, j)
                lines.append(formula(record, m, s.scenario.loss, s.walk.trainer.optimizer.name))
        history = self._node_history(l, j)
        if history:
            lines.append("its value for the data set's first sample, at the start of recent steps:")
            lines.append(", ".join(f"step {k}: {fmt(v)}" for k, v in history))
        return lines

    def _weight_lines(self, l: int, j: int, i: int) -> list[str]:
        s = self.session
        layers = s.layers
        name = bias_name(layers, l, j) if i < 0 else weight_name(layers, l, j, i)
        lines = [name]
        frame, record = s.frame, s.walk.record
        if frame is not None:
            if i < 0:
                if frame.biases is None:
                    return [name, "this network has no biases"]
                old, new, updated = frame.biases[l][j], frame.new_biases[l][j], frame.bias_updated[l][j]
                known, slope = frame.bias_slope_known[l][j], frame.bias_slopes[l][j]
            else:
                old, new, updated = (
                    frame.weights[l][j, i],
                    frame.new_weights[l][j, i],
                    frame.weight_updated[l][j, i],
                )
                known, slope = frame.weight_slope_known[l][j, i], frame.weight_slopes[l][j, i]
            lines.append(f"value {fmt(old)}" + (f" → {fmt(new)}" if updated else ""))
            if known:
                lines.append(f"slope {fmt(slope)}")
                kind = "bias" if i < 0 else "weight"
                averaged = len(record.x) > 1 and s.walk.index >= s.walk.frame_index().batch_slope_at(l, j, i)
                m = (
                    MicroStep(AVERAGE, kind, -1, l, j, i)
                    if averaged
                    else MicroStep(BACKWARD, kind, frame.sample, l, j, i)
                )
                lines.append(formula(record, m, s.scenario.loss, s.walk.trainer.optimizer.name))
        history = s.weight_history(l, j, i)
        lines.append("value at the start of recent steps:")
        lines.append(", ".join(f"step {k}: {fmt(v)}" for k, v in history))
        return lines

    def _node_history(self, l: int, j: int) -> list[tuple[int, float]]:
        s = self.session
        x = s.walk.trainer.x[:1]
        states = [*list(s.walk.past_states())[-8:], s.walk.trainer.state]
        with np.errstate(all="ignore"):
            values = [(st.step + 1, float(forward(st.net, x).a[l][0, j])) for st in states]
        return [(k, v) for k, v in values if np.isfinite(v)]
