"""Toy data sets, made the same way every time from a few settings.

A scenario may give its data as ``"data": {"generator": ..., "samples": N,
"noise": s, "seed": k, "test_fraction": f}`` instead of listing rows. The
loader expands it here: the same settings always give the same rows (a numpy
generator seeded with ``seed``), rounded to 6 decimals so that a saved file
reads back exactly. With a ``test_fraction`` the last rows of a shuffle are kept
apart as the test set.

The generators (inputs, then targets):

- ``circle``: 2 inputs in about [-1, 1]; target 1 inside a circle of radius 0.5,
  0 in a ring from 0.7 to 1 around it.
- ``xor``: 2 inputs in [-1, 1]; target 1 where they have opposite signs, else 0.
- ``gaussians``: 2 inputs, two round clouds (spread 0.3) about (0.5, 0.5),
  target 1, and (-0.5, -0.5), target 0.
- ``spiral``: 2 inputs, two interleaved spiral arms (1.5 turns), targets 1 and 0.
- ``line``: 1 input in [-1, 1]; target 0.5 x + 0.2.
- ``sine``: 1 input in [-1, 1]; target sin(3 x).

``noise`` adds normal noise of that spread: to the inputs for the four
classification sets (the points stray across the boundary), to the target for
``line`` and ``sine``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

Rows = list[list[float]]
KEYS = ("generator", "samples", "noise", "seed", "test_fraction")
MOST_SAMPLES = 100_000
DECIMALS = 6


def _circle(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    inside = np.arange(n) % 2 == 0
    radius = np.where(inside, rng.uniform(0, 0.5, n), rng.uniform(0.7, 1.0, n))
    angle = rng.uniform(0, 2 * math.pi, n)
    return np.stack([radius * np.cos(angle), radius * np.sin(angle)], 1), inside[:, None].astype(float)


def _xor(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-1, 1, (n, 2))
    return x, (x[:, :1] * x[:, 1:] < 0).astype(float)


def _gaussians(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    one = np.arange(n) % 2 == 0
    centre = np.where(one[:, None], 0.5, -0.5)
    return centre + rng.normal(0, 0.3, (n, 2)), one[:, None].astype(float)


def _spiral(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    one = np.arange(n) % 2 == 0
    t = rng.uniform(0.05, 1, n)
    angle = 3 * math.pi * t + np.where(one, 0, math.pi)
    return np.stack([t * np.cos(angle), t * np.sin(angle)], 1), one[:, None].astype(float)


def _line(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-1, 1, (n, 1))
    return x, 0.5 * x + 0.2


def _sine(n: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    x = rng.uniform(-1, 1, (n, 1))
    return x, np.sin(3 * x)


GENERATORS: dict[str, tuple[Callable[[int, np.random.Generator], tuple[np.ndarray, np.ndarray]], bool]] = {
    "circle": (_circle, True),
    "xor": (_xor, True),
    "gaussians": (_gaussians, True),
    "spiral": (_spiral, True),
    "line": (_line, False),
    "sine": (_sine, False),
}
"""Each generator and whether it classifies (noise moves its inputs, not its targets)."""
DESCRIPTIONS = {
    "circle": "2 inputs: class 1 inside a circle, class 0 in a ring around it",
    "xor": "2 inputs: class 1 where the inputs have opposite signs",
    "gaussians": "2 inputs: two round clouds of points, one per class",
    "spiral": "2 inputs: two spiral arms wound into each other, one per class",
    "line": "1 input: a straight line to fit, 0.5 x + 0.2",
    "sine": "1 input: a wave to fit, sin(3 x)",
}
"""What each generator makes, in a line (for tooltips)."""


class DataError(ValueError):
    """A data generator's settings that cannot be used: ``place`` and the problem."""

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}")
        self.place, self.problem = place, problem


def generate(spec: dict[str, Any]) -> tuple[Rows, Rows, Rows, Rows]:
    """Training inputs and targets, then test inputs and targets, from a validated ``spec``."""
    make, classifies = GENERATORS[spec["generator"]]
    n, noise = spec["samples"], spec.get("noise", 0.0)
    rng = np.random.default_rng(spec.get("seed", 0))
    x, y = make(n, rng)
    if noise:
        if classifies:
            x = x + rng.normal(0, noise, x.shape)
        else:
            y = y + rng.normal(0, noise, y.shape)
    order = rng.permutation(n)
    x, y = np.round(x[order], DECIMALS) + 0.0, np.round(y[order], DECIMALS) + 0.0  # + 0.0: no -0
    test = round(n * spec.get("test_fraction", 0.0))
    cut = n - test
    return x[:cut].tolist(), y[:cut].tolist(), x[cut:].tolist(), y[cut:].tolist()


def check(value: Any) -> dict[str, Any]:
    """``value`` as a generator spec, or a DataError naming the first problem."""
    if not isinstance(value, dict):
        raise DataError("data", 'expected an object such as {"generator": "circle", "samples": 200}')
    for key in value:
        if key not in KEYS:
            raise DataError(f"data.{key}", f"unknown key (known keys: {', '.join(KEYS)})")
    generator = value.get("generator")
    if not isinstance(generator, str) or generator not in GENERATORS:
        raise DataError("data.generator", f"expected one of {', '.join(GENERATORS)}, got {generator!r}")
    samples = value.get("samples")
    if isinstance(samples, bool) or not isinstance(samples, int) or not 2 <= samples <= MOST_SAMPLES:
        raise DataError(
            "data.samples", f"expected a whole number from 2 to {MOST_SAMPLES:,}, got {samples!r}"
        )
    noise = value.get("noise", 0.0)
    if isinstance(noise, bool) or not isinstance(noise, int | float) or not 0 <= noise <= 10:
        raise DataError("data.noise", f"expected a number from 0 to 10, got {noise!r}")
    seed = value.get("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**63:
        raise DataError("data.seed", f"expected a whole number from 0, got {seed!r}")
    fraction = value.get("test_fraction", 0.0)
    if isinstance(fraction, bool) or not isinstance(fraction, int | float) or not 0 <= fraction <= 0.9:
        raise DataError("data.test_fraction", f"expected a number from 0 to 0.9, got {fraction!r}")
    if samples - round(samples * fraction) < 1:
        raise DataError("data.test_fraction", "leaves no sample to train on")
    return dict(value)


def inputs_of(generator: str) -> int:
    """How many inputs a generator's rows have."""
    return 2 if GENERATORS[generator][1] else 1
