"""Loss functions: how wrong one sample's prediction is, and the slope of that.

Outputs are the last axis, so a stack of predictions (as the loss landscape
uses) works the same as one batch.

For a batch of B samples the loss is the mean of the per-sample losses ``l``,
so the batch slope of any weight is the mean of the per-sample slopes.
Errors are predicted minus actual, as in the course.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

BCE_CLIP = 1e-12
"""Binary cross-entropy clips predictions to [BCE_CLIP, 1 - BCE_CLIP] so that a
saturated sigmoid gives a large but finite loss instead of log(0)."""


@dataclass(frozen=True)
class Loss:
    """A named loss: per-sample value ``l`` and its slope ``dl/dyhat``."""

    name: str
    formula: str
    value: Callable[[np.ndarray, np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray, np.ndarray], np.ndarray]

    def __repr__(self) -> str:
        return f"Loss({self.name})"


def _clip(yhat: np.ndarray) -> np.ndarray:
    return np.clip(yhat, BCE_CLIP, 1.0 - BCE_CLIP)


def _bce_value(yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
    p = _clip(yhat)
    return -(y * np.log(p) + (1.0 - y) * np.log(1.0 - p)).sum(axis=-1)


def _bce_slope(yhat: np.ndarray, y: np.ndarray) -> np.ndarray:
    p = _clip(yhat)
    return (p - y) / (p * (1.0 - p))


LOSSES: dict[str, Loss] = {
    loss.name: loss
    for loss in (
        Loss(
            "mse",
            "l = mean over outputs of (yhat - y)^2",
            lambda yhat, y: ((yhat - y) ** 2).sum(axis=-1) / yhat.shape[-1],
            lambda yhat, y: (2.0 / yhat.shape[-1]) * (yhat - y),
        ),
        Loss(
            "sse",
            "l = sum over outputs of (yhat - y)^2",
            lambda yhat, y: ((yhat - y) ** 2).sum(axis=-1),
            lambda yhat, y: 2.0 * (yhat - y),
        ),
        Loss(
            "half_sse",
            "l = 1/2 sum over outputs of (yhat - y)^2",
            lambda yhat, y: 0.5 * ((yhat - y) ** 2).sum(axis=-1),
            lambda yhat, y: yhat - y,
        ),
        Loss(
            "binary_cross_entropy",
            "l = -sum over outputs of y log(yhat) + (1 - y) log(1 - yhat)",
            _bce_value,
            _bce_slope,
        ),
    )
}
