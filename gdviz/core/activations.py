"""Activation functions and their slopes.

Each activation is a pair: the function applied to a node's input ``z``, and the
slope of that function at ``z``. The slope also receives the node's output ``a``
because for sigmoid and tanh the slope is cheapest written in terms of ``a``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

LEAKY_RELU_SLOPE = 0.01
"""Slope of ``leaky_relu`` for negative inputs."""


@dataclass(frozen=True)
class Activation:
    """A named activation: ``f(z)`` and its slope ``f'(z)``."""

    name: str
    formula: str
    f: Callable[[np.ndarray], np.ndarray]
    slope: Callable[[np.ndarray, np.ndarray], np.ndarray]

    def __repr__(self) -> str:
        return f"Activation({self.name})"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # exp(-|z|) never overflows, so large inputs of either sign are safe.
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


ACTIVATIONS: dict[str, Activation] = {
    a.name: a
    for a in (
        Activation(
            "identity",
            "a = z",
            lambda z: z,
            lambda z, a: np.full_like(z, 1.0),
        ),
        Activation(
            "relu",
            "a = max(0, z)",
            lambda z: np.maximum(z, 0.0),
            lambda z, a: np.heaviside(z, 0.0),
        ),
        Activation(
            "sigmoid",
            "a = 1 / (1 + e^-z)",
            _sigmoid,
            lambda z, a: a * (1.0 - a),
        ),
        Activation(
            "tanh",
            "a = tanh(z)",
            np.tanh,
            lambda z, a: 1.0 - a * a,
        ),
        Activation(
            "leaky_relu",
            f"a = z if z > 0 else {LEAKY_RELU_SLOPE} z",
            lambda z: np.where(z > 0, z, LEAKY_RELU_SLOPE * z),
            lambda z, a: np.where(z > 0, 1.0, LEAKY_RELU_SLOPE),
        ),
    )
}
