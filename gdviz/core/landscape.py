"""Loss landscapes: the loss as a function of one or two parameters.

Gradient descent is "find the slope, step downhill, repeat". To show the hill,
the loss is evaluated on a grid of values for one or two chosen parameters,
all others held at their current values. The whole grid goes through the
network at once: the varied weight matrices get a leading grid axis and numpy
broadcasting does the rest.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from gdviz.core.losses import Loss, mean_loss
from gdviz.core.network import Network, forward
from gdviz.core.params import Param, param_value, params_of
from gdviz.core.regularization import Regularization

__all__ = [
    "CHUNK_BYTES",
    "SURFACE_WORK",
    "Param",
    "loss_grid",
    "param_value",
    "params_of",
    "span_around",
    "surface_points",
]  # Param, param_value and params_of live in params.py; the plots import them from here.

CHUNK_BYTES = 64 * 1024 * 1024
"""Working memory one slice of grid points may take; a larger grid goes through in slices."""
SURFACE_WORK = 20_000_000
"""Sample-node evaluations a whole surface may cost: about 0.2 s at the 1e8 per
second measured here (4-8-8-1, 9,000 samples)."""


def loss_grid(
    net: Network,
    x: np.ndarray,
    y: np.ndarray,
    loss: Loss,
    params: Sequence[Param],
    values: Sequence[np.ndarray],
    regularization: Regularization | None = None,
) -> np.ndarray:
    """Training loss on ``(x, y)`` at every combination of ``values`` for ``params``
    (the batch loss plus any penalty on the weights, so slopes are its tangents).

    The result has one axis per parameter (``values[0]`` along axis 0).
    Points where the loss overflows are ``inf``; callers decide how to show them.
    Memory stays bounded however many samples there are: the grid goes through
    the network in slices of at most ``CHUNK_BYTES`` of working arrays.
    """
    mesh = np.meshgrid(*[np.asarray(v, dtype=np.float64) for v in values], indexing="ij")
    flat = [m.ravel() for m in mesh]
    g = flat[0].size
    params = [Param(*p) for p in params]
    varied = sum((net.biases if p.is_bias else net.weights)[p.layer].size for p in set(params))
    # The forward pass keeps every layer's z and a for every sample, per grid point.
    per_point = 8 * (2 * len(x) * sum(net.layers[1:]) + varied)
    step = max(1, min(g, CHUNK_BYTES // per_point))
    losses = np.concatenate(
        [
            _grid_losses(net, x, y, loss, params, [f[s : s + step] for f in flat], regularization)
            for s in range(0, g, step)
        ]
    )
    return losses.reshape(mesh[0].shape)


def _grid_losses(
    net: Network,
    x: np.ndarray,
    y: np.ndarray,
    loss: Loss,
    params: Sequence[Param],
    flat: list[np.ndarray],
    regularization: Regularization | None,
) -> np.ndarray:
    """The loss at each of ``g`` points, one flat array of values per parameter."""
    g = flat[0].size
    weights: list[np.ndarray] = list(net.weights)
    biases: list[np.ndarray] | None = None if net.biases is None else list(net.biases)
    for p, grid in zip(params, flat, strict=True):
        l, j, i = p
        if p.is_bias:
            if biases[l].ndim == 1:
                biases[l] = np.repeat(biases[l][None, :], g, axis=0)
            biases[l][:, j] = grid
        else:
            if weights[l].ndim == 2:
                weights[l] = np.repeat(weights[l][None, :, :], g, axis=0)
            weights[l][:, j, i] = grid
    stacked = net.with_params(tuple(weights), None if biases is None else tuple(biases))
    with np.errstate(all="ignore"):
        a = forward(stacked, x).output
        if a.ndim == 2:  # no parameter varied: the same loss everywhere
            a = np.broadcast_to(a, (g, *a.shape))
        losses = mean_loss(loss.value(a, y))
        if regularization is not None:
            losses = losses + sum(regularization.of_matrix(w) for w in weights)
    return np.where(np.isfinite(losses), losses, np.inf)


def surface_points(net: Network, samples: int, most: int) -> int:
    """Grid points per axis for a two-parameter surface: ``most``, or fewer
    when the data is large, so drawing it never holds up the window for long."""
    per_point = max(1, samples * sum(net.layers))
    return int(min(most, max(5, np.sqrt(SURFACE_WORK / per_point))))


def span_around(center: float, reach: float, points: int) -> np.ndarray:
    """``points`` evenly spaced values from ``center - reach`` to ``center + reach``."""
    reach = reach if reach > 0 else 1.0
    return np.linspace(center - reach, center + reach, points)


def surface_ranges(center: np.ndarray, path: np.ndarray, points: int) -> tuple[np.ndarray, np.ndarray]:
    """Grid axes around ``center`` wide enough for the whole ``path`` (n x 2)."""
    axes = []
    for k in range(2):
        reach = max(1.0, 1.3 * float(np.abs(path[:, k] - center[k]).max()) if len(path) else 1.0)
        axes.append(np.linspace(center[k] - reach, center[k] + reach, points))
    return axes[0], axes[1]
