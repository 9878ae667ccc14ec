"""What the diagram shows at one micro-step: a *frame*.

As a walkthrough advances, numbers appear on the diagram in the order they are
computed: node values during the forward pass, the loss, slopes during the
backward pass, then new weights during the update, and last the batch's
output, error and loss with the new weights (the result). A frame says, for the
current position, which numbers are known and which item is being worked on.
Views draw frames; they never work out what is visible themselves: every
"is this known or shown yet" question has its answer here, and so does "how is
it written": the ``*_text`` methods give each number's text by the rule of
``numbers.py``, the same digits the formula panel shows at the same micro-step.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from gdviz.core.formulas import focus_digits
from gdviz.core.frame_index import FrameIndex
from gdviz.core.losses import LOSSES
from gdviz.core.microsteps import (
    BACKWARD,
    FORWARD,
    Kind,
    MicroStep,
    numbers_used,
    result_of,
)
from gdviz.core.network import sample_slopes, simplifies_to_a_minus_y
from gdviz.core.numbers import DIGITS, fmt, pair_texts, update_texts
from gdviz.core.params import BIAS, Node, Param, pick
from gdviz.core.training import StepRecord


@dataclass
class Frame:
    """Numbers per layer (index 0 = input) or per weight matrix ``l``, with masks
    of which of them are known yet. ``sample`` is the batch row whose node
    values are on show."""

    sample: int
    row: int
    """0-based data-set row of the shown sample."""
    batch_size: int
    """How many samples the step trains on."""
    values: list[np.ndarray]
    """Node outputs ``a`` of the shown sample, per layer (at the result: with the new parameters)."""
    inputs: list[np.ndarray | None]
    """Node inputs ``z`` of the shown sample (None for the input layer)."""
    value_known: list[np.ndarray]
    node_slopes: list[np.ndarray | None]
    """dl/da of each node for the shown sample (None for the input layer)."""
    node_slope_known: list[np.ndarray]
    weights: list[np.ndarray]
    """Weights before this step's update."""
    new_weights: list[np.ndarray]
    weight_updated: list[np.ndarray]
    weight_slopes: list[np.ndarray]
    """The slope on show: the shown sample's, or the batch average once averaged."""
    weight_slope_known: list[np.ndarray]
    biases: list[np.ndarray] | None
    new_biases: list[np.ndarray] | None
    bias_updated: list[np.ndarray] | None
    bias_slopes: list[np.ndarray] | None
    bias_slope_known: list[np.ndarray] | None
    weight_batch_known: list[np.ndarray]
    """The batch slope is known: averaged, or for a batch of one its only slope."""
    bias_batch_known: list[np.ndarray] | None
    targets: np.ndarray
    """Targets of the shown sample."""
    loss: float | None
    """The shown sample's loss once computed (the batch loss once that is; at
    the result, the batch loss with the new parameters)."""
    batch_loss_known: bool
    """The batch's loss is computed (for a batch of one, its sample's loss)."""
    active_nodes: set[Node]
    active_edges: set[Param]
    """Weights (and biases) in play at this micro-step."""
    learning_rate: float
    weight_directions: list[np.ndarray]
    """``new = old - learning_rate * direction``, per weight matrix."""
    bias_directions: list[np.ndarray] | None
    result: bool = False
    """The step is done: ``values``, ``inputs`` and ``loss`` are those of the
    updated parameters, on the same batch."""
    values_before: list[np.ndarray] | None = None
    """At the result, the shown sample's node outputs before the update."""
    loss_before: float | None = None
    """At the result, the batch loss before the update."""
    focus_digits: int = DIGITS
    """Significant digits of the numbers that go into this micro-step's result,
    as its formula writes them (``formulas.focus_digits``): the node values,
    node slopes and parameters in the ``focus_*`` sets."""
    focus_values: frozenset[Node] = frozenset()
    focus_node_slopes: frozenset[Node] = frozenset()
    focus_params: frozenset[Param] = frozenset()
    uses: tuple[tuple[str, Node], ...] = ()
    """The node texts this micro-step's arithmetic reads or writes (``numbers_used``)."""

    hides_loss = False
    """The loss on show is an answer the class is asked to predict (``predict.py``)."""

    def hides_param(self, p: Param) -> bool:
        """The slope or new value of ``p`` is an answer the class is asked to predict."""
        return False

    def hides_node(self, node: Node) -> bool:
        """The value of ``node`` is an answer the class is asked to predict."""
        return False

    # -- one parameter's numbers, whether it is a weight or a bias ------------------
    def value(self, p: Param) -> float:
        """Parameter ``p`` before this step's update."""
        return pick(self.weights, self.biases, p)

    def new_value(self, p: Param) -> float:
        """Parameter ``p`` after this step's update (the same, if it is frozen)."""
        return pick(self.new_weights, self.new_biases, p)

    def slope(self, p: Param) -> float:
        """The slope of ``p`` on show (see ``weight_slopes``); meaningful once ``slope_known``."""
        return pick(self.weight_slopes, self.bias_slopes, p)

    def slope_known(self, p: Param) -> bool:
        """A slope of ``p`` is on show: the shown sample's, or the batch's."""
        return self._flag(self.weight_slope_known, self.bias_slope_known, p)

    def batch_slope_known(self, p: Param) -> bool:
        """The slope the update uses (the batch's) is known for ``p``."""
        return self._flag(self.weight_batch_known, self.bias_batch_known, p)

    def updated(self, p: Param) -> bool:
        """``p`` has taken its new value (never, if it is frozen)."""
        return self._flag(self.weight_updated, self.bias_updated, p)

    # -- each number's text, as the formula panel writes it (numbers.py) ----------------
    def value_text(self, node: Node) -> str:
        """A node's value ("" until known); at the result, with the digits that
        tell it from its value before the update."""
        l, j = node
        if not self.value_known[l][j]:
            return ""
        if self.values_before is not None and l > 0:
            return pair_texts(float(self.values_before[l][j]), float(self.values[l][j]))[1]
        return fmt(self.values[l][j], self.focus_digits if Node(l, j) in self.focus_values else DIGITS)

    def change_text(self, node: Node) -> str:
        """At the result, a node's value before and after the update (``7 → 5.04``); else ""."""
        l, j = node
        if self.values_before is None or l == 0:
            return ""
        old, new = pair_texts(float(self.values_before[l][j]), float(self.values[l][j]))
        return f"{old} → {new}"

    def input_text(self, node: Node) -> str:
        """A node's input ``z`` ("" for an input node or until known)."""
        l, j = node
        if l == 0 or not self.value_known[l][j]:
            return ""
        return fmt(self.inputs[l][j])

    def node_slope_text(self, node: Node) -> str:
        """A node's loss slope dl/da ("" until known)."""
        l, j = node
        if l == 0 or not self.node_slope_known[l][j]:
            return ""
        digits = self.focus_digits if Node(l, j) in self.focus_node_slopes else DIGITS
        return fmt(self.node_slopes[l][j], digits)

    def param_text(self, p: Param) -> str:
        """A weight or bias: ``old``, or once updated ``old → new`` with the digits
        of its update line (see ``numbers.update_texts``)."""
        p = Param(*p)
        if p.is_bias and self.biases is None:
            return ""
        if not self.updated(p):
            return fmt(self.value(p), self.focus_digits if p in self.focus_params else DIGITS)
        old, _, _, new = self.update_texts(p)
        return f"{old} → {new}"

    def slope_text(self, p: Param) -> str:
        """The slope on show for ``p`` ("" until known); once updated by plain
        gradient descent, the digits its update line gives it."""
        p = Param(*p)
        if not self.slope_known(p):
            return ""
        if self.updated(p) and self._direction(p) == self.slope(p):
            return self.update_texts(p)[2]
        return fmt(self.slope(p))

    def update_texts(self, p: Param) -> tuple[str, str, str, str]:
        """``old``, ``learning rate``, ``step`` and ``new`` of ``p``'s update line."""
        return update_texts(self.value(p), self.learning_rate, self._direction(p), self.new_value(p))

    def target_texts(self) -> list[str]:
        return [fmt(t) for t in self.targets]

    def error_texts(self) -> list[str]:
        """Each output's error, predicted - actual ("" until the output is known)."""
        if not self.value_known[-1].all():
            return []
        return [fmt(a - t) for a, t in zip(self.values[-1], self.targets, strict=True)]

    def loss_text(self) -> str:
        """The loss on show, named: ``loss 49``, ``sample loss (row 3) 0.26``,
        ``batch loss 0.25``; at the result ``loss 49 → 25.40`` ("" until known)."""
        if self.loss is None:
            return ""
        if self.result and self.loss_before is not None:
            old, new = pair_texts(self.loss_before, self.loss)
            return f"{self.loss_label()} {old} → {new}"
        return f"{self.loss_label()} {fmt(self.loss)}"

    def loss_label(self) -> str:
        """What the loss on show is: ``loss`` (a batch of one), ``sample loss (row N)``
        or ``batch loss``; rows numbered from 1, as in the hand-out."""
        if self.batch_size == 1:
            return "loss"
        return "batch loss" if self.batch_loss_known else f"sample loss (row {self.row + 1})"

    def _direction(self, p: Param) -> float:
        if p.is_bias and self.bias_directions is None:
            return 0.0  # frozen biases: never updated
        return pick(self.weight_directions, self.bias_directions, p)

    @staticmethod
    def _flag(weights: list[np.ndarray], biases: list[np.ndarray] | None, p: Param) -> bool:
        p = Param(*p)
        if p.is_bias and biases is None:
            return False  # a network without biases
        return bool(pick(weights, biases, p))


def make_frame(
    record: StepRecord, steps: Sequence[MicroStep], index: FrameIndex, k: int, loss_name: str
) -> Frame:
    """The frame at micro-step ``k`` of ``record``'s training step (``loss_name``:
    the loss training minimises, for the result's numbers)."""
    m = steps[k]
    samples = len(record.x)
    s = m.sample if m.sample >= 0 else samples - 1
    fwd, bwd = record.forward, record.backward
    depth = len(fwd.a) - 1
    net, after = record.before, record.after

    values = [fwd.a[l][s] for l in range(depth + 1)]
    inputs = [None] + [fwd.z[l][s] for l in range(1, depth + 1)]
    value_known = [index.forward[l][s] <= k for l in range(depth + 1)]
    value_known[0] = np.ones(len(values[0]), dtype=bool)
    node_slopes = [None] + [bwd.loss_slope[l][s] for l in range(1, depth + 1)]
    node_slope_known = [index.node_back[l][s] <= k for l in range(depth + 1)]
    if samples > 1 and m.sample < 0:
        # Averaged slopes belong to the batch; one sample's node slopes beside them would mislead.
        node_slope_known = [np.zeros_like(known) for known in node_slope_known]

    per_sample = [sample_slopes(fwd, bwd, s, l) for l in range(depth)]
    weight_slopes, weight_slope_known, weight_batch_known = [], [], []
    for l in range(depth):
        averaged = index.average[l] <= k
        # A batch of one's slope is the batch slope the update uses: with a penalty, that is its sum.
        own = record.grad_weights[l] if samples == 1 else per_sample[l][0]
        weight_slopes.append(np.where(averaged, record.grad_weights[l], own))
        weight_slope_known.append((index.slope[l][s] <= k) | averaged)
        # A batch of one has no averaging: its one sample's slope is the batch slope.
        weight_batch_known.append(averaged if samples > 1 else index.slope[l][0] <= k)
    weight_updated = [index.update[l] <= k for l in range(depth)]

    biases = new_biases = bias_updated = bias_slopes = bias_slope_known = bias_batch_known = None
    if net.biases is not None:
        biases, new_biases = list(net.biases), list(after.biases)
        bias_updated = [index.bias_update[l] <= k for l in range(depth)]
        bias_slopes, bias_slope_known, bias_batch_known = [], [], []
        for l in range(depth):
            averaged = index.bias_average[l] <= k
            bias_slopes.append(np.where(averaged, bwd.grad_biases[l], per_sample[l][1]))
            bias_slope_known.append((index.bias_slope[l][s] <= k) | averaged)
            bias_batch_known.append(averaged if samples > 1 else index.bias_slope[l][0] <= k)

    if index.batch_loss <= k:
        loss = record.loss
    elif index.loss[s] <= k:  # a batch of one's loss is the training loss (with any penalty)
        loss = record.loss if samples == 1 else float(record.sample_losses[s])
    else:
        loss = None

    values_before = loss_before = None
    done = index.result <= k
    if done:
        # The update is made: the same batch through the new parameters.
        result = result_of(record, loss_name)
        values_before, loss_before = values, record.loss
        values = [result.forward.a[l][s] for l in range(depth + 1)]
        inputs = [None] + [result.forward.z[l][s] for l in range(1, depth + 1)]
        value_known = [np.ones(len(v), dtype=bool) for v in values]
        # The node slopes were those of the old parameters.
        node_slope_known = [np.zeros_like(known) for known in node_slope_known]
        loss = result.loss

    nodes: set[Node] = set()
    edges: set[Param] = set()
    layers = net.layers
    digits = focus_digits(record, m, loss_name)
    focus_values: set[Node] = set()
    focus_node_slopes: set[Node] = set()
    focus_params: set[Param] = set()
    if m.phase == FORWARD:
        focus_values.update(Node(m.layer - 1, i) for i in range(layers[m.layer - 1]))
        focus_params.update(Param(m.layer - 1, m.node, i) for i in range(layers[m.layer - 1]))
        if net.biases is not None:
            focus_params.add(Param(m.layer - 1, m.node, BIAS))
    elif m.phase == BACKWARD and m.kind != Kind.NODE:
        p = m.param
        if not p.is_bias:
            focus_values.add(Node(p.layer, p.source))
        if not (p.layer + 1 == depth and simplifies_to_a_minus_y(net, LOSSES[loss_name])):
            focus_node_slopes.add(Node(p.layer + 1, p.node))
    if m.kind == Kind.NODE and m.phase == FORWARD:
        nodes.add(Node(m.layer, m.node))
        edges.update(Param(m.layer - 1, m.node, i) for i in range(layers[m.layer - 1]))
        if net.biases is not None:
            edges.add(Param(m.layer - 1, m.node, BIAS))
    elif m.kind == Kind.NODE:
        nodes.add(Node(m.layer, m.node))
        if m.layer < depth:
            edges.update(Param(m.layer, j, m.node) for j in range(layers[m.layer + 1]))
    elif m.kind == Kind.LOSS:
        nodes.update(Node(depth, j) for j in range(layers[-1]))
    else:
        p = m.param
        edges.add(p)
        nodes.add(Node(p.layer + 1, p.node))
        if not p.is_bias:
            nodes.add(Node(p.layer, p.source))

    return Frame(
        sample=s,
        row=int(record.indices[s]),
        batch_size=samples,
        values=values,
        inputs=inputs,
        value_known=value_known,
        node_slopes=node_slopes,
        node_slope_known=node_slope_known,
        weights=list(net.weights),
        new_weights=list(after.weights),
        weight_updated=weight_updated,
        weight_slopes=weight_slopes,
        weight_slope_known=weight_slope_known,
        biases=biases,
        new_biases=new_biases,
        bias_updated=bias_updated,
        bias_slopes=bias_slopes,
        bias_slope_known=bias_slope_known,
        weight_batch_known=weight_batch_known,
        bias_batch_known=bias_batch_known,
        targets=record.y[s],
        loss=loss,
        batch_loss_known=index.batch_loss_at() <= k,
        active_nodes=nodes,
        active_edges=edges,
        uses=numbers_used(m, layers, net.biases is not None, simplifies_to_a_minus_y(net, LOSSES[loss_name])),
        learning_rate=record.learning_rate,
        weight_directions=list(record.weight_directions),
        bias_directions=None if record.bias_directions is None else list(record.bias_directions),
        result=done,
        values_before=values_before,
        loss_before=loss_before,
        focus_digits=digits,
        focus_values=frozenset(focus_values),
        focus_node_slopes=frozenset(focus_node_slopes),
        focus_params=frozenset(focus_params),
    )
