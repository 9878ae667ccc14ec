"""What the network does to its input space: its output (or any node's) over a
grid of inputs, computed for the whole grid in one vectorised forward pass.

For two inputs the grid covers the plane the data lies in, plus 10% on each
side; for more inputs, the two the lecturer picks, with the others held at
their mean over the data; for one input, a line of points (the fitted curve).
A view draws the values as a heat map (one value per cell) and every hidden
node's own map as a thumbnail, so the class sees the line each node learned.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdviz.core.network import Network, forward

CELLS = 100
"""Cells along each side of the grid (the issue's least)."""
MARGIN = 0.1
"""How far past the data the grid reaches, as a share of the data's range."""


@dataclass(frozen=True)
class Plane:
    """A grid over two inputs: cell centres along each axis and the values there."""

    xs: np.ndarray
    """Centres along the first input picked (``pair[0]``), left to right."""
    ys: np.ndarray
    """Centres along the second (``pair[1]``), bottom to top; for one input, empty."""
    values: np.ndarray
    """``values[k, row, col]``: layer ``layer``'s node ``k`` at (``xs[col]``, ``ys[row]``);
    for one input ``values[k, col]``."""
    pair: tuple[int, int]
    layer: int

    @property
    def rect(self) -> tuple[float, float, float, float]:
        """(left, bottom, width, height) of the area the cells cover, for drawing."""
        dx = self.xs[1] - self.xs[0] if len(self.xs) > 1 else 1.0
        left, width = self.xs[0] - dx / 2, dx * len(self.xs)
        if not len(self.ys):
            return left, 0.0, width, 1.0
        dy = self.ys[1] - self.ys[0] if len(self.ys) > 1 else 1.0
        return left, self.ys[0] - dy / 2, width, dy * len(self.ys)


def extent(x: np.ndarray, column: int) -> tuple[float, float]:
    """The data's range in one input, widened by MARGIN each side (and never empty)."""
    low, high = float(np.min(x[:, column])), float(np.max(x[:, column]))
    pad = MARGIN * (high - low) if high > low else 0.5
    return low - pad, high + pad


def plane(
    net: Network, x: np.ndarray, layer: int | None = None, pair: tuple[int, int] = (0, 1), cells: int = CELLS
) -> Plane:
    """Every node of ``layer`` (default: the outputs) over a ``cells`` x ``cells`` grid of the
    inputs ``pair`` spanning the data ``x``; other inputs held at their mean. One input: a
    line of ``cells`` points."""
    return maps(net, x, pair, cells)[(net.depth if layer is None else layer) - 1]


def maps(net: Network, x: np.ndarray, pair: tuple[int, int] = (0, 1), cells: int = CELLS) -> list[Plane]:
    """The plane of every layer after the input (``[0]`` is layer 1, ``[-1]`` the
    outputs) from one forward pass of the grid: the output's map and every node's
    thumbnail cost what the output alone does."""
    first = extent(x, pair[0])
    xs = first[0] + (np.arange(cells) + 0.5) * (first[1] - first[0]) / cells
    if x.shape[1] == 1:
        a = forward(net, xs[:, None]).a
        return [Plane(xs, np.array([]), a[l].T, (0, 0), l) for l in range(1, net.depth + 1)]
    second = extent(x, pair[1])
    ys = second[0] + (np.arange(cells) + 0.5) * (second[1] - second[0]) / cells
    grid = np.tile(x.mean(axis=0), (cells * cells, 1))
    grid[:, pair[0]] = np.tile(xs, cells)
    grid[:, pair[1]] = np.repeat(ys, cells)
    a = forward(net, grid).a  # each (cells * cells, nodes): row-major, ys slowest
    return [Plane(xs, ys, a[l].T.reshape(-1, cells, cells), pair, l) for l in range(1, net.depth + 1)]


def levels(activation: str, values: np.ndarray) -> tuple[float, float]:
    """The range a node's map is coloured over: its activation's own (sigmoid 0 to 1,
    tanh -1 to 1), or for an unbounded one the values' range (never empty)."""
    bounded = {"sigmoid": (0.0, 1.0), "tanh": (-1.0, 1.0)}
    if activation in bounded:
        return bounded[activation]
    finite = values[np.isfinite(values)]
    low, high = (float(finite.min()), float(finite.max())) if finite.size else (0.0, 1.0)
    pad = max(0.5, 1e-6 * abs(low))  # a flat map of a huge value still gets a range
    return (low, high) if high > low else (low - pad, high + pad)
