"""Predict, then reveal: the class guesses a number before it is shown.

In predict mode the number a micro-step computes is shown as ``?`` until the
lecturer reveals it (its inputs stay on show, so the class can work it out).
Which kinds of number are asked is the lecturer's choice. What is hidden is
decided here, once: a frame that asks (``asking``) writes ``?`` for exactly the
numbers the micro-step computes, and every view reads its texts from the frame.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields

from gdviz.core.frame import Frame
from gdviz.core.microsteps import AVERAGE, BACKWARD, FORWARD, LOSS, RESULT, UPDATE, Kind, MicroStep
from gdviz.core.params import Node, Param

HIDDEN = "?"
"""What a number waiting for the class's prediction is written as."""

KINDS = {
    "values": "Node values (forward pass)",
    "losses": "Errors and losses",
    "slopes": "Slopes (backward pass and averages)",
    "updates": "Updated weights and biases",
}
"""The kinds of number predict mode can ask, with their menu labels."""


def kind_of(m: MicroStep) -> str:
    """Which kind of number micro-step ``m`` computes."""
    if m.phase == FORWARD:
        return "values"
    if m.phase in (LOSS, RESULT):
        return "losses"
    if m.phase in (BACKWARD, AVERAGE):
        return "slopes"
    return "updates"


@dataclass
class Predict:
    """Whether predict mode is on, what it asks, and which micro-steps the class
    has seen revealed (kept when stepping back and forth)."""

    on: bool = False
    kinds: frozenset[str] = frozenset(KINDS)
    revealed: set[tuple[int, int]] = field(default_factory=set)
    """(training step, micro-step index) of each answer shown."""
    votes: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    """At each question answered so far, the class's votes for each option."""

    def asks(self, step: int, index: int, m: MicroStep) -> bool:
        """The number micro-step ``m`` computes is still hidden."""
        return self.on and kind_of(m) in self.kinds and (step, index) not in self.revealed

    def reveal(self, step: int, index: int) -> None:
        self.revealed.add((step, index))


def asking(frame: Frame, m: MicroStep) -> Frame:
    """``frame`` with the numbers micro-step ``m`` computes written as ``?``."""
    return AskingFrame(**{f.name: getattr(frame, f.name) for f in fields(frame)}, asked=m)


@dataclass
class AskingFrame(Frame):
    """A frame whose current micro-step's results are hidden (see ``asking``)."""

    asked: MicroStep | None = None

    def _computes_node(self, node: Node, phase: str) -> bool:
        m = self.asked
        if m.kind == Kind.LOSS:  # the result's new outputs
            return phase == FORWARD and m.phase == RESULT and node.layer == len(self.values) - 1
        return m.kind == Kind.NODE and m.phase == phase and Node(m.layer, m.node) == Node(*node)

    def _computes_param(self, p: Param, phases: tuple[str, ...]) -> bool:
        m = self.asked
        return m.kind in (Kind.WEIGHT, Kind.BIAS) and m.phase in phases and m.param == Param(*p)

    def value_text(self, node: Node) -> str:
        text = super().value_text(node)
        return HIDDEN if text and self._computes_node(node, FORWARD) else text

    def change_text(self, node: Node) -> str:
        text = super().change_text(node)
        return f"{text.split(' → ')[0]} → {HIDDEN}" if text and self._computes_node(node, FORWARD) else text

    def input_text(self, node: Node) -> str:
        text = super().input_text(node)
        return HIDDEN if text and self._computes_node(node, FORWARD) else text

    def node_slope_text(self, node: Node) -> str:
        text = super().node_slope_text(node)
        return HIDDEN if text and self._computes_node(node, BACKWARD) else text

    def slope_text(self, p: Param) -> str:
        text = super().slope_text(p)
        return HIDDEN if text and self._computes_param(p, (BACKWARD, AVERAGE)) else text

    def param_text(self, p: Param) -> str:
        text = super().param_text(p)
        if text and self._computes_param(p, (UPDATE,)):
            return f"{text.split(' → ')[0]} → {HIDDEN}"
        return text

    def error_texts(self) -> list[str]:
        texts = super().error_texts()
        m, last = self.asked, len(self.values) - 1
        # An output's error is hidden with the output, and while its loss is asked (not the batch's).
        output = m.kind == Kind.NODE and m.phase == FORWARD and m.layer == last
        computed = output or (m.kind == Kind.LOSS and (m.phase == RESULT or m.sample >= 0))
        return [HIDDEN] * len(texts) if computed else texts

    def loss_text(self) -> str:
        text = super().loss_text()
        if not text or self.asked.kind != Kind.LOSS:
            return text
        if self.asked.phase == RESULT:
            return f"{text.split(' → ')[0]} → {HIDDEN}"
        return f"{self.loss_label()} {HIDDEN}"

    def hides_node(self, node: Node) -> bool:
        return self._computes_node(node, FORWARD)

    def hides_param(self, p: Param) -> bool:
        return self._computes_param(p, (BACKWARD, AVERAGE, UPDATE))

    @property
    def hides_loss(self) -> bool:
        """The loss on show is the answer being waited for."""
        return self.asked.kind == Kind.LOSS
