"""Names of nodes and weights, in the course's style (``node_0``, ``output``)."""

from __future__ import annotations

from collections.abc import Sequence

from gdviz.core.params import Param


def node_name(layers: Sequence[int], layer: int, node: int) -> str:
    """Name of node ``node`` in layer ``layer`` (0 = input)."""
    last = len(layers) - 1
    if layer == 0:
        return f"x{node}"
    if layer == last:
        return "output" if layers[-1] == 1 else f"output_{node}"
    if last == 2:
        return f"node_{node}"
    return f"node_{layer}_{node}"


def weight_name(layers: Sequence[int], l: int, j: int, i: int) -> str:
    """Name of ``weights[l][j][i]``: from node i of layer l into node j of layer l + 1."""
    return f"w({node_name(layers, l, i)} -> {node_name(layers, l + 1, j)})"


def bias_name(layers: Sequence[int], l: int, j: int) -> str:
    """Name of ``biases[l][j]``, the bias of node j of layer l + 1."""
    return f"b({node_name(layers, l + 1, j)})"


def param_name(layers: Sequence[int], p: tuple[int, int, int]) -> str:
    """Name of a weight ``(l, j, i)`` or, with ``i = -1``, of a bias (see ``params.Param``)."""
    l, j, i = p
    return bias_name(layers, l, j) if Param(*p).is_bias else weight_name(layers, l, j, i)
