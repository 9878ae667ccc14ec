"""Loss functions: how wrong one sample's prediction is, and the slope of that.

Each loss is one small class: its value ``l`` and its slope ``dl/dyhat`` side
by side, the same two written out with a sample's numbers (as the worked
solutions show them), its name and label, and what it asks of the network's
output layer and the targets.

Outputs are the last axis, so a stack of predictions (as the loss landscape
uses) works the same as one batch. For a batch of B samples the loss is the
mean of the per-sample losses ``l`` (see ``mean_loss``), so the batch slope of
any weight is the mean of the per-sample slopes. Errors are predicted minus
actual, as in the course.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gdviz.core.numbers import factor, fmt

BCE_CLIP = 1e-12
"""Binary cross-entropy clips predictions to [BCE_CLIP, 1 - BCE_CLIP] so that a
saturated sigmoid gives a large but finite loss instead of log(0)."""


class Loss:
    """A named loss: per-sample value ``l`` and its slope ``dl/dyhat``."""

    name: str
    label: str
    """What people call it, for menus."""
    formula: str
    output_activation: str | None = None
    """The activation the output layer must have, if the loss only makes sense with one."""
    target_range: tuple[float, float] | None = None
    """The lowest and highest target the loss accepts, if it does not take any number."""
    cancels_sigmoid: bool = False
    """With a sigmoid output, loss slope x sigmoid slope simplifies to a - y."""

    def value(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``l`` of each sample (predictions and targets along the last axis)."""
        raise NotImplementedError

    def slope(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        """``dl/dyhat``: how the sample's loss changes with each of its predictions."""
        raise NotImplementedError

    def value_text(self, yhat: Sequence[float], y: Sequence[float]) -> str:
        """One sample's loss written out with its numbers (without the result)."""
        raise NotImplementedError

    def slope_text(self, a: float, t: float, outputs: int) -> str:
        """One output's loss slope written out, for prediction ``a``, target ``t``
        and ``outputs`` output nodes (without the result)."""
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"Loss({self.name})"


def _squares(yhat: Sequence[float], y: Sequence[float]) -> str:
    """``(e1)^2 + (e2)^2``: each output's squared error."""
    return " + ".join(f"({fmt(p - t)})^2" for p, t in zip(yhat, y, strict=True))


class MeanSquaredError(Loss):
    name = "mse"
    label = "Mean squared error"
    formula = "l = mean over outputs of (yhat - y)^2"

    def value(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return ((yhat - y) ** 2).sum(axis=-1) / yhat.shape[-1]

    def slope(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return (2.0 / yhat.shape[-1]) * (yhat - y)

    def value_text(self, yhat: Sequence[float], y: Sequence[float]) -> str:
        squares = _squares(yhat, y)
        return f"({squares}) / {len(yhat)}" if len(yhat) > 1 else squares

    def slope_text(self, a: float, t: float, outputs: int) -> str:
        return f"2 x {factor(a - t)}" + (f" / {outputs}" if outputs > 1 else "")


class SumOfSquaredErrors(Loss):
    name = "sse"
    label = "Sum of squared errors"
    formula = "l = sum over outputs of (yhat - y)^2"

    def value(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return ((yhat - y) ** 2).sum(axis=-1)

    def slope(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return 2.0 * (yhat - y)

    def value_text(self, yhat: Sequence[float], y: Sequence[float]) -> str:
        return _squares(yhat, y)

    def slope_text(self, a: float, t: float, outputs: int) -> str:
        return f"2 x {factor(a - t)}"


class HalfSumOfSquaredErrors(Loss):
    name = "half_sse"
    label = "Half the sum of squared errors"
    formula = "l = 1/2 sum over outputs of (yhat - y)^2"

    def value(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return 0.5 * ((yhat - y) ** 2).sum(axis=-1)

    def slope(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        return yhat - y

    def value_text(self, yhat: Sequence[float], y: Sequence[float]) -> str:
        squares = _squares(yhat, y)
        return f"1/2 x ({squares})" if len(yhat) > 1 else f"1/2 x {squares}"

    def slope_text(self, a: float, t: float, outputs: int) -> str:
        return f"{fmt(a)} - {factor(t)}"


def _clipped(yhat: np.ndarray) -> np.ndarray:
    """Predictions clipped to [BCE_CLIP, 1 - BCE_CLIP]: np.clip's numbers, in a
    fraction of its time."""
    return np.minimum(np.maximum(yhat, BCE_CLIP), 1.0 - BCE_CLIP)


class BinaryCrossEntropy(Loss):
    name = "binary_cross_entropy"
    label = "Binary cross-entropy"
    formula = "l = -sum over outputs of (y log(yhat) + (1 - y) log(1 - yhat))"
    output_activation = "sigmoid"
    target_range = (0, 1)
    cancels_sigmoid = True

    def value(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        p = _clipped(yhat)
        return -np.add.reduce(y * np.log(p) + (1.0 - y) * np.log(1.0 - p), -1)

    def slope(self, yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
        p = _clipped(yhat)
        return (p - y) / (p * (1.0 - p))

    def value_text(self, yhat: Sequence[float], y: Sequence[float]) -> str:
        terms = []
        for a, t in zip(yhat, y, strict=True):
            p = float(_clipped(np.float64(a)))
            terms.append(f"-({fmt(t)} x log({fmt(p)}) + {fmt(1 - t)} x log({fmt(1 - p)}))")
        return " + ".join(terms) + _clip_note(yhat)

    def slope_text(self, a: float, t: float, outputs: int) -> str:
        p = float(_clipped(np.float64(a)))
        return f"({fmt(p)} - {factor(t)}) / ({fmt(p)} x {fmt(1 - p)})" + _clip_note([a])


def _clip_note(yhat: Sequence[float]) -> str:
    """Said after a hand-out line that used a clipped prediction, so ``log(1e-12)``
    is not taken for the network's own output."""
    clipped = [(a, float(_clipped(np.float64(a)))) for a in yhat if float(_clipped(np.float64(a))) != a]
    if not clipped:
        return ""
    said = ", ".join(f"yhat {fmt(a)} clipped to {p:.12g}" for a, p in clipped)
    return f"   [{said}: log(0) has no value]"


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (MeanSquaredError(), SumOfSquaredErrors(), HalfSumOfSquaredErrors(), BinaryCrossEntropy())
}


def mean_loss(sample_losses: np.ndarray) -> np.ndarray | float:
    """The batch loss L: the mean of the per-sample losses (the last axis; a
    plain number for one batch, an array for a stack of them).

    One definition for training, the worked solutions and the loss landscape,
    so all of them show the same number for the same parameters.
    """
    # np.add.reduce is what .sum calls, without the method's overhead.
    return np.add.reduce(sample_losses, -1) / sample_losses.shape[-1]
