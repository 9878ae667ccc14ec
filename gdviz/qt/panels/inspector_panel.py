"""Everything about the selected node or weight: numbers, formula, history."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gdviz.core.activations import ACTIVATIONS
from gdviz.core.names import node_name, param_name
from gdviz.core.numbers import series_texts
from gdviz.core.params import Node, Param
from gdviz.qt import style
from gdviz.qt.panels.shares_chart import SharesChart
from gdviz.qt.session import Session

HISTORY = 8
"""How many earlier steps the history line lists."""


class InspectorPanel(QWidget):
    """Click a node or an edge in the diagram to fill this in."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("inspector_panel")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setObjectName("inspector_text")
        self.shares = SharesChart()
        """For a weight or bias of a batch: each sample's slope and their mean."""
        layout = QVBoxLayout(self)
        layout.addWidget(self.label)
        layout.addWidget(self.shares)
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
        self.shares.set_zoom(zoom)

    def _on_model_changed(self) -> None:
        sel = self.session.selection
        s = self.session
        shares = s.shares_of(sel) if isinstance(sel, Param) else None
        hidden = shares is not None and s.asking and s.frame.hides_param(sel)
        self.shares.set_shares(shares, mean_hidden=hidden)
        if sel is None:
            self.label.setText("Click a node or a weight in the diagram to inspect it.")
        elif isinstance(sel, Node):
            self.label.setText("\n".join(self._node_lines(sel)))
        else:
            self.label.setText("\n".join(self._param_lines(sel)))

    def _node_lines(self, node: Node) -> list[str]:
        s = self.session
        l, j = node
        if l == 0:
            kind = "input node"
        else:
            act = ACTIVATIONS[s.scenario.activations[l - 1]]
            kind = f"layer {l}, {act.name}: {act.formula}"
        lines = [node_name(s.layers, l, j), kind]
        frame = s.frame
        if frame is not None:
            if frame.result and l > 0:
                # The step is done: the value with the updated parameters, and how it was before.
                lines.append(f"value a = {frame.change_text(node)} (before → after the update)")
                lines.append(f"input z = {frame.input_text(node)} (after the update)")
                lines.append(f"before the update: {s.value_formula(node)}")
            elif frame.value_known[l][j]:
                lines.append(f"value a = {frame.value_text(node)}")
                if l > 0:
                    lines.append(f"input z = {frame.input_text(node)}")
                    lines.append(s.value_formula(node))
            if l > 0 and frame.node_slope_known[l][j]:
                lines.append(f"loss slope dL/da = {frame.node_slope_text(node)}")
                lines.append(s.slope_formula(node))
        steps, values = s.steps_over(HISTORY), s.node_values_over(node, HISTORY)
        history = [(k, v) for k, v in zip(steps, values, strict=True) if np.isfinite(v)]
        if frame is not None and frame.hides_node(node):  # this step's value is the answer asked for
            history = [(k, v) for k, v in history if k != s.step_number]
        if history:
            texts = series_texts([v for _, v in history])
            lines.append("its value for the data set's first sample, at the start of recent steps:")
            lines.append(", ".join(f"step {k}: {t}" for (k, _), t in zip(history, texts, strict=True)))
        return lines

    def _param_lines(self, p: Param) -> list[str]:
        s = self.session
        name = param_name(s.layers, p)
        lines = [name]
        frame = s.frame
        if frame is not None:
            if p.is_bias and frame.biases is None:
                return [name, "this network has no biases"]
            lines.append(f"value {frame.param_text(p)}")
            if frame.slope_known(p):
                lines.append(f"slope {frame.slope_text(p)}")
                lines.append(s.slope_formula(p))
                check = s.check_text(s.slope_step(p))
                lines += [check] if check else []
        steps, values = s.steps_over(HISTORY), s.values_over(p, HISTORY)
        lines.append("value at the start of recent steps:")
        texts = series_texts(values)
        lines.append(", ".join(f"step {k}: {t}" for k, t in zip(steps, texts, strict=True)))
        return lines
