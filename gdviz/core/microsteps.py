"""Micro-steps: one training step cut into the pieces a class follows.

For every sample of the batch: each node's forward computation, that sample's
loss, then each node's backward computation and each weight's slope with its
three factors. A batch of several samples then shows the batch loss and each
averaged slope. Last come the updates, one parameter at a time.
"""

from __future__ import annotations

from dataclasses import dataclass

from gdviz.core.training import StepRecord

FORWARD, LOSS, BACKWARD, AVERAGE, UPDATE = "forward", "loss", "backward", "average", "update"
PHASES = (FORWARD, LOSS, BACKWARD, AVERAGE, UPDATE)


@dataclass(frozen=True)
class MicroStep:
    """One thing to look at.

    ``kind`` is ``"node"``, ``"loss"``, ``"weight"`` or ``"bias"``. For a node,
    ``layer`` is its layer (1 = first after the input) and ``node`` its index;
    for a weight or bias, ``layer`` is the parameter's matrix index ``l``,
    ``node`` the node it feeds (``j``) and ``source`` the node it comes from
    (``i``). ``sample`` is the row within the batch, or -1 for batch-wide
    micro-steps (batch loss, averages, updates).
    """

    phase: str
    kind: str
    sample: int = -1
    layer: int = -1
    node: int = -1
    source: int = -1


def micro_steps(record: StepRecord, has_biases: bool, train_biases: bool) -> list[MicroStep]:
    """The micro-steps of one training step, in teaching order."""
    layers = record.before.layers
    depth = len(layers) - 1
    samples = len(record.x)
    out: list[MicroStep] = []
    for s in range(samples):
        for l in range(1, depth + 1):
            out += [MicroStep(FORWARD, "node", s, l, j) for j in range(layers[l])]
        out.append(MicroStep(LOSS, "loss", s))
        for l in range(depth, 0, -1):
            out += [MicroStep(BACKWARD, "node", s, l, j) for j in range(layers[l])]
            for j in range(layers[l]):
                out += [MicroStep(BACKWARD, "weight", s, l - 1, j, i) for i in range(layers[l - 1])]
                if has_biases:
                    out.append(MicroStep(BACKWARD, "bias", s, l - 1, j))
    if samples > 1:
        out.append(MicroStep(LOSS, "loss"))
        out += [_param(AVERAGE, l, j, i) for l, j, i in _params(layers, has_biases)]
    out += [_param(UPDATE, l, j, i) for l, j, i in _params(layers, train_biases)]
    return out


def _params(layers: tuple[int, ...], with_biases: bool) -> list[tuple[int, int, int]]:
    """(l, j, i) of every weight, with i = -1 for biases, layer by layer."""
    out = []
    for l in range(len(layers) - 1):
        for j in range(layers[l + 1]):
            out += [(l, j, i) for i in range(layers[l])]
            if with_biases:
                out.append((l, j, -1))
    return out


def _param(phase: str, l: int, j: int, i: int) -> MicroStep:
    return MicroStep(phase, "bias" if i < 0 else "weight", -1, l, j, i)


def slope_factors(record: StepRecord, s: int, l: int, j: int, i: int) -> tuple[float, float, float, float]:
    """The course's three factors of one sample's slope for ``weights[l][j][i]``
    (``i = -1`` for the bias, whose value in is 1), and their product.

    value in x activation slope x loss slope = slope.
    """
    value_in = 1.0 if i < 0 else float(record.forward.a[l][s, i])
    act = float(record.backward.act_slope[l + 1][s, j])
    loss = float(record.backward.loss_slope[l + 1][s, j])
    slope = value_in * float(record.backward.node_slope[l + 1][s, j])
    return value_in, act, loss, slope


def batch_slope(record: StepRecord, l: int, j: int, i: int) -> float:
    """The batch slope of ``weights[l][j][i]`` (or bias for ``i = -1``)."""
    if i < 0:
        return float(record.backward.grad_biases[l][j])
    return float(record.backward.grad_weights[l][j, i])


def old_new_direction(record: StepRecord, l: int, j: int, i: int) -> tuple[float, float, float]:
    """A parameter's value before and after the step, and the optimizer's direction."""
    if i < 0:
        return (
            float(record.before.biases[l][j]),
            float(record.after.biases[l][j]),
            float(record.bias_directions[l][j]),
        )
    return (
        float(record.before.weights[l][j, i]),
        float(record.after.weights[l][j, i]),
        float(record.weight_directions[l][j, i]),
    )
