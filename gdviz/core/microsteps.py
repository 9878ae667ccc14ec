"""Micro-steps: one training step cut into the pieces a class follows.

For every sample of the batch: each node's forward computation, that sample's
loss, then each node's backward computation and each weight's slope with its
three factors. A batch of several samples then shows the batch loss and each
averaged slope. Then come the updates, one parameter at a time, and last the
result: the batch's output, error and loss with the updated parameters.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from enum import StrEnum

import numpy as np

from gdviz.core.losses import LOSSES, mean_loss
from gdviz.core.network import ForwardPass, forward, sample_slopes
from gdviz.core.params import Node, Param, params_in_order, pick
from gdviz.core.regularization import penalty_of
from gdviz.core.training import StepRecord


class Phase(StrEnum):
    """Which part of the training step a micro-step belongs to (its value is
    what the worked solutions and JSON write)."""

    FORWARD = "forward"
    LOSS = "loss"
    BACKWARD = "backward"
    AVERAGE = "average"
    UPDATE = "update"
    RESULT = "result"

    @property
    def label(self) -> str:
        """How the window names the phase: ``Backward pass``."""
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.FORWARD: "Forward pass",
    Phase.LOSS: "Loss",
    Phase.BACKWARD: "Backward pass",
    Phase.AVERAGE: "Averaging slopes",
    Phase.UPDATE: "Update",
    Phase.RESULT: "Result",
}


class Kind(StrEnum):
    """What a micro-step is about."""

    NODE = "node"
    LOSS = "loss"
    WEIGHT = "weight"
    BIAS = "bias"


FORWARD, LOSS, BACKWARD, AVERAGE, UPDATE, RESULT = Phase
PHASES = tuple(Phase)


@dataclass(frozen=True)
class MicroStep:
    """One thing to look at.

    For a node, ``layer`` is its layer (1 = first after the input) and
    ``node`` its index; for a weight or bias, ``layer`` is the parameter's
    matrix index ``l``, ``node`` the node it feeds (``j``) and ``source`` the
    node it comes from (``i``, -1 for a bias): see ``param``. ``sample`` is the
    row within the batch, or -1 for batch-wide micro-steps (batch loss,
    averages, updates, the result).
    """

    phase: Phase
    kind: Kind
    sample: int = -1
    layer: int = -1
    node: int = -1
    source: int = -1

    @property
    def param(self) -> Param:
        """The weight or bias of a weight or bias micro-step."""
        return Param(self.layer, self.node, self.source)


def micro_steps(record: StepRecord, has_biases: bool, train_biases: bool) -> MicroSteps:
    """The micro-steps of one training step, in teaching order."""
    return MicroSteps(record.before.layers, len(record.x), has_biases, train_biases)


class MicroSteps(Sequence[MicroStep]):
    """A training step's micro-steps, made when asked for. Every sample goes through
    the same micro-steps (its forward pass, its loss, its backward pass), so only the
    first sample's are kept: micro-step ``k`` of sample ``s`` is the first sample's
    ``k`` with ``s`` in it, and a batch of 100,000 costs no more than a batch of 4."""

    def __init__(self, layers: Sequence[int], samples: int, has_biases: bool, train_biases: bool) -> None:
        depth = len(layers) - 1
        block: list[MicroStep] = []
        for l in range(1, depth + 1):
            block += [MicroStep(FORWARD, Kind.NODE, 0, l, j) for j in range(layers[l])]
        block.append(MicroStep(LOSS, Kind.LOSS, 0))
        for l in range(depth, 0, -1):
            block += [MicroStep(BACKWARD, Kind.NODE, 0, l, j) for j in range(layers[l])]
            for j in range(layers[l]):
                block += [MicroStep(BACKWARD, Kind.WEIGHT, 0, l - 1, j, i) for i in range(layers[l - 1])]
                if has_biases:
                    block.append(MicroStep(BACKWARD, Kind.BIAS, 0, l - 1, j))
        tail: list[MicroStep] = []
        if samples > 1:
            tail.append(MicroStep(LOSS, Kind.LOSS))
            tail += [param_step(AVERAGE, p) for p in params_in_order(layers, has_biases)]
        tail += [param_step(UPDATE, p) for p in params_in_order(layers, train_biases)]
        tail.append(MicroStep(RESULT, Kind.LOSS))
        self.block: tuple[MicroStep, ...] = tuple(block)
        """Sample 0's micro-steps; sample ``s``'s are these, ``len(block)`` later."""
        self.tail: tuple[MicroStep, ...] = tuple(tail)
        """The batch-wide ones after the last sample's: batch loss, averages, updates, result."""
        self.samples = samples
        self.body = samples * len(block)
        """Where the batch-wide micro-steps start."""

    def __len__(self) -> int:
        return self.body + len(self.tail)

    def __getitem__(self, k: int) -> MicroStep:  # type: ignore[override] - no slices are taken
        if k < 0:
            k += len(self)
        if not 0 <= k < len(self):
            raise IndexError(k)
        if k >= self.body:
            return self.tail[k - self.body]
        s, at = divmod(k, len(self.block))
        return replace(self.block[at], sample=s) if s else self.block[at]

    def phase_starts(self, most: int | None = None) -> tuple[list[int], int]:
        """Where each phase starts (what Down stops at), the first ``most`` of them, and
        how many there are: each sample's forward, loss and backward, then the batch's."""
        block = [k for k, m in enumerate(self.block) if k == 0 or m.phase != self.block[k - 1].phase]
        tail = [k for k, m in enumerate(self.tail) if k == 0 or m.phase != self.tail[k - 1].phase]
        count = self.samples * len(block) + len(tail)
        listed: list[int] = []
        for s in range(self.samples):
            if most is not None and len(listed) >= most:
                return listed[:most], count
            listed += [s * len(self.block) + k for k in block]
        listed += [self.body + k for k in tail]
        return listed if most is None else listed[:most], count

    def __iter__(self) -> Iterator[MicroStep]:
        for s in range(self.samples):
            yield from (replace(m, sample=s) for m in self.block) if s else self.block
        yield from self.tail


def numbers_used(
    m: MicroStep, layers: tuple[int, ...] | list[int], has_biases: bool, a_minus_y: bool
) -> tuple:
    """The node texts micro-step ``m``'s arithmetic reads or writes, as
    ``(part, node)`` with part "value", "z", "slope" or "bias", most important
    first: what the diagram must keep on screen beside the labels of the
    parameters in play. ``a_minus_y``: the output's loss and activation slopes
    simplify to value minus target (its slope is then not read).

    A node's forward step reads the values feeding it (and writes its z and
    value); a node's slope reads the slopes of the nodes it feeds; a weight's
    slope reads its three factors (the value in, and the slope at the node it
    feeds); an update reads only the parameter's own numbers.
    """
    depth = len(layers) - 1
    if m.kind == Kind.NODE and m.phase == FORWARD:
        own = [("value", Node(m.layer, m.node)), ("z", Node(m.layer, m.node))]
        own += [("bias", Node(m.layer, m.node))] if has_biases else []
        return (*own, *(("value", Node(m.layer - 1, i)) for i in range(layers[m.layer - 1])))
    if m.kind == Kind.NODE:
        if m.layer == depth:
            return (("slope", Node(m.layer, m.node)), ("value", Node(m.layer, m.node)))
        fed = (("slope", Node(m.layer + 1, k)) for k in range(layers[m.layer + 1]))
        return (("slope", Node(m.layer, m.node)), *fed)
    if m.kind == Kind.LOSS:
        return tuple(("value", Node(depth, j)) for j in range(layers[-1]))
    target = Node(m.layer + 1, m.node)
    own = (("bias", target),) if m.kind == Kind.BIAS else ()
    if m.phase != BACKWARD:
        return own
    at_target = ("value", target) if m.layer + 1 == depth and a_minus_y else ("slope", target)
    value_in = () if m.kind == Kind.BIAS else (("value", Node(m.layer, m.source)),)
    return (*own, *value_in, at_target)


def param_step(phase: Phase, p: Param) -> MicroStep:
    """The batch-wide micro-step of ``phase`` for parameter ``p``."""
    return MicroStep(phase, Kind.BIAS if p.is_bias else Kind.WEIGHT, -1, *p)


def slope_factors(record: StepRecord, s: int, p: tuple[int, int, int]) -> tuple[float, float, float, float]:
    """The course's three factors of sample ``s``'s slope for parameter ``p``
    (a bias's value in is 1), and their product.

    value in x activation slope x loss slope = slope.
    """
    p = Param(*p)
    l, j, i = p
    fwd, bwd = record.forward, record.backward
    value_in = 1.0 if p.is_bias else float(fwd.a[l][s, i])
    act = float(bwd.act_slope[l + 1][s, j])
    loss = float(bwd.loss_slope[l + 1][s, j])
    weight_slopes, bias_slopes = sample_slopes(fwd, bwd, s, l)
    slope = bias_slopes[j] if p.is_bias else weight_slopes[j, i]
    return value_in, act, loss, float(slope)


@dataclass(frozen=True)
class Shares:
    """Each sample's own slope of one parameter and their mean, the batch slope."""

    rows: tuple[int, ...]
    """The samples' data rows, numbered from 1."""
    slopes: tuple[float, ...]
    mean: float

    def envelope(self, columns: int) -> tuple[np.ndarray, np.ndarray]:
        """More samples than ``columns``: each column's highest and lowest slope
        (at least 0 and at most 0), the samples split evenly between the columns."""
        slopes = np.asarray(self.slopes)
        starts = np.searchsorted(np.arange(len(slopes)) * columns // len(slopes), np.arange(columns))
        highs = np.maximum.reduceat(np.maximum(slopes, 0.0), starts)
        lows = np.minimum.reduceat(np.minimum(slopes, 0.0), starts)
        return highs, lows


def samples_slopes(record: StepRecord, p: tuple[int, int, int]) -> np.ndarray:
    """Every sample's own slope of ``p`` at once (``slope_factors`` gives one sample's):
    value in x the slope at the node it feeds."""
    l, j, i = p
    node = record.backward.node_slope[l + 1][:, j]
    return node if Param(*p).is_bias else record.forward.a[l][:, i] * node


def shares(record: StepRecord, p: tuple[int, int, int]) -> Shares:
    """Sample by sample, the slopes of ``p`` that the batch slope averages."""
    slopes = tuple(samples_slopes(record, p).tolist())
    rows = tuple(int(r) + 1 for r in record.indices)
    return Shares(rows, slopes, data_slope(record, *p))


def batch_slope(record: StepRecord, l: int, j: int, i: int) -> float:
    """The batch slope of ``weights[l][j][i]`` (or bias for ``i = -1``) that the
    update uses: the data's part plus the penalty's, if there is one."""
    return pick(record.grad_weights, record.backward.grad_biases, (l, j, i))


def data_slope(record: StepRecord, l: int, j: int, i: int) -> float:
    """The data's part of a batch slope: the average of the samples' slopes."""
    return pick(record.backward.grad_weights, record.backward.grad_biases, (l, j, i))


def old_new_direction(record: StepRecord, l: int, j: int, i: int) -> tuple[float, float, float]:
    """A parameter's value before and after the step, and the optimizer's direction."""
    p = (l, j, i)
    return (
        pick(record.before.weights, record.before.biases, p),
        pick(record.after.weights, record.after.biases, p),
        pick(record.weight_directions, record.bias_directions, p),
    )


@dataclass(frozen=True)
class Result:
    """The step's batch through the updated network: what the update achieved."""

    forward: ForwardPass
    sample_losses: np.ndarray
    loss: float
    """Training loss with the updated parameters, penalty included (inf or NaN if it overflowed)."""
    penalty: float
    """The penalty on the updated weights (0 without regularisation)."""


_last_result: tuple[StepRecord, str, Result] | None = None


def result_of(record: StepRecord, loss_name: str) -> Result:
    """The forward pass of ``record.after`` on the step's batch, and its loss.

    One forward pass of one batch; kept for the last record asked about, since
    the frame, the formula and the status line all ask at the same micro-step.
    """
    global _last_result
    cached = _last_result
    if cached is not None and cached[0] is record and cached[1] == loss_name:
        return cached[2]
    loss = LOSSES[loss_name]
    with np.errstate(all="ignore"):  # an update that overshoots may overflow: shown as "overflow"
        fwd = forward(record.after, record.x)
        sample_losses = loss.value(fwd.a[-1], record.y)
        penalty = penalty_of(record.regularization, record.after.weights)
        value = float(mean_loss(sample_losses)) + penalty
    result = Result(fwd, sample_losses, value, penalty)
    _last_result = (record, loss_name, result)
    return result
