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

# The constants of the hot formulas, as 0-d arrays: numpy combines those with
# an array faster than it converts a Python float, which counts for small batches.
ZERO, ONE, MINUS_ONE = np.array(0.0), np.array(1.0), np.array(-1.0)


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
    # 1 / (1 + e^-z) for z >= 0 and e^z / (1 + e^z) for z < 0, with e = exp(-|z|):
    # that never overflows, so large inputs of either sign are safe. The numerator
    # exp(min(z, 0)) is 1 or e exactly, and copysign(z, -1) is -|z|, each in one
    # numpy call (tiny batches spend their time on calls, not on arithmetic).
    e = np.exp(np.copysign(z, MINUS_ONE))
    return np.exp(np.minimum(z, ZERO)) / (ONE + e)


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
            lambda z: np.maximum(z, ZERO),
            lambda z, a: np.heaviside(z, ZERO),
        ),
        Activation(
            "sigmoid",
            "a = 1 / (1 + e^-z)",
            _sigmoid,
            lambda z, a: a * (ONE - a),
        ),
        Activation(
            "tanh",
            "a = tanh(z)",
            np.tanh,
            lambda z, a: ONE - a * a,
        ),
        Activation(
            "leaky_relu",
            f"a = z if z > 0 else {LEAKY_RELU_SLOPE} z",
            lambda z: np.where(z > 0, z, LEAKY_RELU_SLOPE * z),
            lambda z, a: np.where(z > 0, 1.0, LEAKY_RELU_SLOPE),
        ),
    )
}
