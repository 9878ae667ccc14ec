"""Naming one parameter of a network (a weight or a bias), or one node.

``Param(layer, node, source)`` is ``weights[layer][node, source]``, the weight
from node ``source`` of layer ``layer`` into node ``node`` of layer
``layer + 1``; with ``source = BIAS`` it is the bias ``biases[layer][node]`` of
that node. A Param is a plain tuple too, so ``(0, 1, 2)`` and
``Param(0, 1, 2)`` are the same parameter.
``Node(layer, node)`` names a node the same way; what the class selects in
the diagram is one or the other, told apart by type, never by length.

Anything shaped like a network's parameters (its slopes, an optimizer's
directions) is read with ``pick``; that is the one place that tells a bias
from a weight.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, Protocol

import numpy as np

from gdviz.core.network import Network, forward

BIAS = -1
"""The ``source`` of a bias: it has no node it comes from (its value in is 1)."""


class Node(NamedTuple):
    """Node ``node`` of layer ``layer`` (layer 0 holds the inputs)."""

    layer: int
    node: int


class Param(NamedTuple):
    """A weight ``weights[layer][node, source]``, or the bias ``biases[layer][node]``."""

    layer: int
    """The weight matrix: parameters of layer ``layer + 1``."""
    node: int
    """The node it feeds, in layer ``layer + 1``."""
    source: int = BIAS
    """The node it comes from, in layer ``layer``; BIAS for a bias."""

    @property
    def is_bias(self) -> bool:
        return self.source < 0


def as_item(key: tuple[int, ...]) -> Node | Param:
    """The Node or Param a plain tuple spells, ``(layer, node)`` or ``(layer,
    node, source)``: for callers that hand over bare tuples (a Node or Param
    comes back as it is)."""
    if isinstance(key, Node | Param):
        return key
    return Node(*key) if len(key) == 2 else Param(*key)


def pick(
    weights: Sequence[np.ndarray], biases: Sequence[np.ndarray] | None, p: tuple[int, int, int]
) -> float:
    """The number for parameter ``p`` among per-layer weight and bias arrays:
    the parameters themselves, their slopes, or an optimizer's directions."""
    l, j, i = p
    return float(biases[l][j] if Param(l, j, i).is_bias else weights[l][j, i])


def param_value(net: Network, p: tuple[int, int, int]) -> float:
    """The current value of parameter ``p`` of ``net``."""
    return pick(net.weights, net.biases, p)


def params_of(net: Network) -> list[Param]:
    """Every weight, then every bias, in layer order."""
    out = [
        Param(l, j, i)
        for l, w in enumerate(net.weights)
        for j in range(w.shape[0])
        for i in range(w.shape[1])
    ]
    if net.biases is not None:
        out += [Param(l, j) for l, b in enumerate(net.biases) for j in range(len(b))]
    return out


def params_in_order(layers: Sequence[int], with_biases: bool) -> list[Param]:
    """Every parameter node by node, each node's weights then its bias, as a
    class works through them (``params_of`` lists all weights first)."""
    out = []
    for l in range(len(layers) - 1):
        for j in range(layers[l + 1]):
            out += [Param(l, j, i) for i in range(layers[l])]
            if with_biases:
                out.append(Param(l, j))
    return out


def exists(item: Node | Param, layers: Sequence[int], biases: bool) -> bool:
    """Whether a node or parameter is part of a network of these ``layers`` (with
    or without ``biases``): after an edit, a selection may no longer be."""
    if isinstance(item, Node):
        return item.layer < len(layers) and item.node < layers[item.layer]
    l, j, i = item
    if l >= len(layers) - 1 or j >= layers[l + 1]:
        return False
    return i < layers[l] and (not item.is_bias or biases)


class HasNet(Protocol):
    """Anything that holds a network, such as a training state."""

    @property
    def net(self) -> Network: ...


def values_over(history: Iterable[Network | HasNet], p: tuple[int, int, int]) -> np.ndarray:
    """Parameter ``p``'s value in each of a series of networks or training
    states, oldest first: the path a parameter took while training."""
    return np.array(
        [param_value(h if isinstance(h, Network) else h.net, p) for h in history], dtype=np.float64
    )


def node_values_over(history: Iterable[Network | HasNet], node: Node, x: np.ndarray) -> np.ndarray:
    """Node ``node``'s output for the one input row ``x`` in each of a series
    of networks or training states, oldest first (NaN or inf where it overflowed):
    how a node's answer to one sample changed while training."""
    layer, j = node
    with np.errstate(all="ignore"):
        return np.array(
            [float(forward(h if isinstance(h, Network) else h.net, x).a[layer][0, j]) for h in history],
            dtype=np.float64,
        )


class ParamStep(NamedTuple):
    """One parameter in the training step on show: before and after the update,
    the batch slope the update used, and the learning rate."""

    old: float
    new: float
    slope: float
    learning_rate: float


class SurfaceWork(NamedTuple):
    """A loss surface to draw: its axes, and work (for a worker thread) giving
    ``losses[a, b]`` at ``(xs[a], ys[b])``."""

    xs: np.ndarray
    ys: np.ndarray
    work: Callable[[], np.ndarray]
