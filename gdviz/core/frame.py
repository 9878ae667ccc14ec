"""What the diagram shows at one micro-step: a *frame*.

As a walkthrough advances, numbers appear on the diagram in the order they are
computed: node values during the forward pass, the loss, slopes during the
backward pass, then new weights during the update. A frame says, for the
current position, which numbers are known and which item is being worked on.
Views draw frames; they never work out what is visible themselves: every
"is this known or shown yet" question has its answer here.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdviz.core.microsteps import AVERAGE, BACKWARD, FORWARD, LOSS, UPDATE, Kind, MicroStep, Phase
from gdviz.core.network import sample_slopes
from gdviz.core.params import BIAS, Node, Param, pick
from gdviz.core.training import StepRecord


@dataclass
class Frame:
    """Numbers per layer (index 0 = input) or per weight matrix ``l``, with masks
    of which of them are known yet. ``sample`` is the batch row whose node
    values are on show."""

    sample: int
    values: list[np.ndarray]
    """Node outputs ``a`` of the shown sample, per layer."""
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
    """The shown sample's loss once computed (the batch loss once that is)."""
    batch_loss_known: bool
    """The batch's loss is computed (for a batch of one, its sample's loss)."""
    active_nodes: set[Node]
    active_edges: set[Param]
    """Weights (and biases) in play at this micro-step."""

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

    @staticmethod
    def _flag(weights: list[np.ndarray], biases: list[np.ndarray] | None, p: Param) -> bool:
        p = Param(*p)
        if p.is_bias and biases is None:
            return False  # a network without biases
        return bool(pick(weights, biases, p))


class FrameIndex:
    """Where each item's micro-steps fall in one training step's list, so a
    frame for any position is a handful of array comparisons."""

    def __init__(self, steps: list[MicroStep], layers: tuple[int, ...], samples: int, biases: bool) -> None:
        depth = len(layers) - 1
        never = len(steps)  # an index no position reaches

        def table(*shape: int) -> np.ndarray:
            return np.full(shape, never, dtype=np.int64)

        self.forward = [table(samples, n) for n in layers]
        self.node_back = [table(samples, n) for n in layers]
        self.slope = [table(samples, layers[l + 1], layers[l]) for l in range(depth)]
        self.bias_slope = [table(samples, layers[l + 1]) for l in range(depth)]
        self.average = [table(layers[l + 1], layers[l]) for l in range(depth)]
        self.bias_average = [table(layers[l + 1]) for l in range(depth)]
        self.update = [table(layers[l + 1], layers[l]) for l in range(depth)]
        self.bias_update = [table(layers[l + 1]) for l in range(depth)]
        self.samples = samples
        self.loss = np.full(samples, never, dtype=np.int64)
        self.batch_loss = never
        self.biases = biases
        for k, m in enumerate(steps):
            if m.phase == FORWARD:
                self.forward[m.layer][m.sample, m.node] = k
            elif m.phase == LOSS:
                if m.sample >= 0:
                    self.loss[m.sample] = k
                else:
                    self.batch_loss = k
            elif m.phase == BACKWARD and m.kind == Kind.NODE:
                self.node_back[m.layer][m.sample, m.node] = k
            else:
                table, at = self._cell(m.phase, m.param, m.sample)
                table[at] = k

    def _cell(self, phase: Phase, p: Param, sample: int = 0) -> tuple[np.ndarray, tuple[int, ...]]:
        """Where the micro-step of ``phase`` for parameter ``p`` is noted: a table,
        and the index into it (backward tables have a sample axis first)."""
        l, j, i = p
        weights = {BACKWARD: self.slope, AVERAGE: self.average, UPDATE: self.update}
        biases = {BACKWARD: self.bias_slope, AVERAGE: self.bias_average, UPDATE: self.bias_update}
        table = (biases if p.is_bias else weights)[phase][l]
        at = (j,) if p.is_bias else (j, i)
        return table, (sample, *at) if phase == BACKWARD else at

    def batch_slope_at(self, l: int, j: int, i: int) -> int:
        """Micro-step at which the batch slope of parameter (l, j, i) is known
        (i = -1: the bias): its average, or for one sample its only slope."""
        table, at = self._cell(AVERAGE if self.samples > 1 else BACKWARD, Param(l, j, i))
        return int(table[at])

    def batch_loss_at(self) -> int:
        """Micro-step at which the batch loss is known."""
        return self.batch_loss if self.samples > 1 else int(self.loss[0])

    def update_at(self, l: int, j: int, i: int) -> int:
        """Micro-step at which parameter (l, j, i) is updated (never, if frozen)."""
        table, at = self._cell(UPDATE, Param(l, j, i))
        return int(table[at])


def make_frame(record: StepRecord, steps: list[MicroStep], index: FrameIndex, k: int) -> Frame:
    """The frame at micro-step ``k`` of ``record``'s training step."""
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
        weight_slopes.append(np.where(averaged, bwd.grad_weights[l], per_sample[l][0]))
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
    elif index.loss[s] <= k:
        loss = float(record.sample_losses[s])
    else:
        loss = None

    nodes: set[Node] = set()
    edges: set[Param] = set()
    layers = net.layers
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
    )
