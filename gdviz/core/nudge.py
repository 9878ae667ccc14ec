"""The nudge check: wiggle a weight and watch the loss.

Backpropagation gives each parameter's slope by the chain rule. The same slope
comes out of the definition of a slope: nudge the parameter a little either
way and see how much the loss changes,

    slope ~ (L(w + h) - L(w - h)) / 2h,

the course's own experiment (raise a weight from 2 to 2.01 and watch the
error). And after an update, the slopes predict how much the loss moves: the
sum over parameters of slope x change, beside the change that happened.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gdviz.core.losses import Loss
from gdviz.core.microsteps import AVERAGE, BACKWARD, RESULT, Kind, MicroStep
from gdviz.core.network import Network, loss_of
from gdviz.core.numbers import fmt
from gdviz.core.params import Param
from gdviz.core.regularization import penalty_of
from gdviz.core.training import StepRecord

H = 1e-6
"""The nudge: small enough for the curve to look straight, large enough for float64."""


@dataclass(frozen=True)
class Nudge:
    """One parameter's nudge check: the two losses, the step and the slope they give."""

    lower: float
    """The loss with the parameter nudged down by ``h``."""
    upper: float
    """The loss with the parameter nudged up by ``h``."""
    h: float

    @property
    def slope(self) -> float:
        return (self.upper - self.lower) / (2 * self.h)


def nudged(net: Network, p: Param, by: float) -> Network:
    """``net`` with parameter ``p`` moved by ``by`` (a new network: they are never changed in place)."""
    l, j, i = p
    if p.is_bias:
        biases = [b.copy() for b in net.biases]
        biases[l][j] += by
        return replace(net, biases=tuple(biases))
    weights = [w.copy() for w in net.weights]
    weights[l][j, i] += by
    return replace(net, weights=tuple(weights))


def nudge(record: StepRecord, loss: Loss, p: Param, h: float = H, sample: int | None = None) -> Nudge:
    """The nudge check of ``p`` at the step's starting parameters, on the step's batch
    (or on one ``sample`` of it: that sample's own slope)."""
    net, x, y = record.before, record.x, record.y
    # The batch slope is the training loss's, penalty included; a sample's own is its data loss's.
    reg = record.regularization if sample is None or len(x) == 1 else None
    if sample is not None:
        x, y = x[sample : sample + 1], y[sample : sample + 1]

    def objective(n: Network) -> float:
        return loss_of(n, x, y, loss) + penalty_of(reg, n.weights)

    return Nudge(objective(nudged(net, p, -h)), objective(nudged(net, p, h)), h)


def check_text(record: StepRecord, loss: Loss, m: MicroStep) -> str:
    """The nudge check beside micro-step ``m``'s slope (a sample's or the batch's), or
    at the result the loss change the slopes predicted beside the one that happened;
    "" for other micro-steps."""
    if m.phase == RESULT:
        predicted, actual = loss_changes(record, loss)
        return f"the slopes predicted a loss change of {fmt(predicted)} (sum of slope x change); it was {fmt(actual)}"
    if m.kind not in (Kind.WEIGHT, Kind.BIAS) or m.phase not in (BACKWARD, AVERAGE):
        return ""
    n = nudge(record, loss, m.param, sample=m.sample if m.phase == BACKWARD else None)
    return (
        f"nudge check: (L(w + h) - L(w - h)) / 2h = ({fmt(n.upper, 10)} - {fmt(n.lower, 10)}) / "
        f"{fmt(2 * n.h)} = {fmt(n.slope, 6)}"
    )


def numeric_slopes(
    record: StepRecord, loss: Loss, h: float = H
) -> tuple[list[np.ndarray], list[np.ndarray] | None]:
    """Every parameter's slope by nudging, shaped like ``grad_weights`` and ``grad_biases``
    (two forward passes of the batch per parameter)."""
    net = record.before
    weights = [np.zeros_like(w) for w in net.weights]
    for l, w in enumerate(weights):
        for (j, i), _ in np.ndenumerate(w):
            w[j, i] = nudge(record, loss, Param(l, j, i), h).slope
    if net.biases is None:
        return weights, None
    biases = [np.zeros_like(b) for b in net.biases]
    for l, b in enumerate(biases):
        for j in range(len(b)):
            b[j] = nudge(record, loss, Param(l, j), h).slope
    return weights, biases


def loss_changes(record: StepRecord, loss: Loss) -> tuple[float, float]:
    """(predicted, actual) change of the step's batch loss over its update: the slopes
    times each parameter's change, summed; and the loss after minus the loss before."""
    before, after, grads = record.before, record.after, record.backward
    parts = [*zip(record.grad_weights, after.weights, before.weights, strict=True)]
    if before.biases is not None and grads.grad_biases is not None:
        parts += zip(grads.grad_biases, after.biases, before.biases, strict=True)
    with np.errstate(all="ignore"):  # a step that overshoots may overflow: inf, shown as such
        predicted = sum(float(np.sum(g * (a - b))) for g, a, b in parts)
        reg = record.regularization
        actual = (loss_of(after, record.x, record.y, loss) + penalty_of(reg, after.weights)) - record.loss
    return predicted, actual
