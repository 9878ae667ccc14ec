"""What the diagram offers :func:`gdviz.core.layout.place`: every text with the
places it may take, in order of importance, and the loss box's lines.

The order is the teaching's: the numbers the micro-step uses (the edges in
focus, then the values and details of the nodes they join), then the outputs'
names, every other value, the labels of sparse layer pairs, names and details.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from gdviz.core import layout
from gdviz.core.frame import Frame
from gdviz.core.layout import Box, Label
from gdviz.core.params import Node, Param
from gdviz.qt.diagram.diagram_items import DETAILS, EdgeItem, NodeItem, size_of
from gdviz.qt.session import Selection

ALONG = (0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58, 0.3, 0.7, 0.2, 0.8, 0.15, 0.85, 0.1, 0.9)
"""Where along its edge a weight's label may sit, best first."""
FINE = tuple(0.3 + 0.03 * k for k in range(20))
"""Closer places along an edge, for crowded fans."""
FEW_NODES = 40
"""Networks up to this many nodes show every node's details where they fit, not only those in focus."""
ROOM = 56.0
"""The least free gap beside a column in which a number is offered a place."""
PER_LINE = 3
"""Targets or errors of more outputs than this are listed two to a line."""


def pair_in_focus(frame: Frame) -> int | None:
    """The weight matrix whose edges the micro-step works on (None: keep the last)."""
    layers = {key.layer for key in frame.active_edges}
    return min(layers) if layers else None


def focus_nodes(frame: Frame, selected: Selection | None) -> list[Node]:
    """The nodes whose numbers the micro-step uses, most important first: those
    worked on, then the ends of the edges in play, then the inspected one."""
    order: list[Node] = sorted(frame.active_nodes)
    for l, j, i in sorted(frame.active_edges):
        order += [Node(l + 1, j)] + ([] if i < 0 else [Node(l, i)])
    if isinstance(selected, Param):
        order += [Node(selected.layer + 1, selected.node)]
        order += [] if selected.is_bias else [Node(selected.layer, selected.source)]
    elif isinstance(selected, Node):
        order.append(selected)
    return list(dict.fromkeys(order))


class Labels:
    """Builds the label list for one frame of a laid-out diagram."""

    def __init__(
        self,
        nodes: Mapping[Node, NodeItem],
        edges: Mapping[Param, EdgeItem],
        dense: Sequence[bool],
        crossings: Mapping[Param, list],
        row_gap: float,
        room: Mapping[int, float],
        memo: dict | None = None,
    ) -> None:
        self.nodes, self.edges, self.dense, self.crossings, self.row_gap = (
            nodes,
            edges,
            dense,
            crossings,
            row_gap,
        )
        self.room = room
        """Each layer's widest free gap beside its discs."""
        self.disc = {key: n for n, key in enumerate(nodes)}
        """Each node's index among the obstacles (its disc), which its value may cover."""
        self.memo = {} if memo is None else memo
        """A node's labels by what they depend on besides its geometry (the owner clears it
        when the layout changes): most texts stay the same from one micro-step to the next."""

    def roomy(self, key: Node) -> bool:
        """There is room beside the node's column for a number (far from the focus of
        a crowded network there is none: its texts are not even offered)."""
        node = self.nodes[key]
        return node.value_inside() is not None or self.room.get(key.layer, ROOM) >= ROOM

    def obstacles(self) -> list[Box]:
        """The discs, in the order ``disc`` numbers them."""
        return [node.disc_box().grown(2) for node in self.nodes.values()]

    def in_order(
        self,
        uses: Sequence[tuple[str, Node]],
        focus: list[Node],
        hot: Mapping[Param, str],
        outputs: list[Node],
    ) -> list[Label]:
        """Every text the frame could show, most important first: the labels of
        the edges in play and the node texts the micro-step's arithmetic uses, then
        the rest of the focus and everything else as room allows."""
        in_focus = set(focus)
        rest = [
            key
            for key in dict.fromkeys(outputs + list(self.nodes))
            if key not in in_focus and self.roomy(key)
        ]
        sparse = [key for key in self.edges if not self.dense[key.layer] and key not in hot]
        parts: dict[Node, list[str]] = {}
        for part, key in uses:
            parts.setdefault(key, []).append(part)
        # The node worked on shows two numbers (its value and z, or slope and value): together.
        used = [lab for key, its in parts.items() if len(its) > 1 for lab in self.block(key, its[:2])]
        # Texts keep off the edges in play where they can: left of a node an edge leaves level,
        # beside (not left of) the nodes edges arrive at.
        targets = {key.layer + 1 for key in hot}
        # A node an edge in play leaves along its row (its number would sit on that edge).
        level = {
            Node(k.layer, k.source)
            for k in hot
            if abs(self.edges[k].segment[3] - self.edges[k].segment[1]) < 30
        }
        for part, key in uses:
            ask = {"value": True} if part == "value" else {"details": (part,)}
            side = "left" if key in level else "right" if key.layer in targets else ""
            used += self.node_labels(key, **ask, first=side)
        # The nodes' texts have few places; the labels of the edges in play have many.
        labels = used + self.edge_labels(list(hot), fanned=True)
        labels += [lab for key in focus for lab in self.node_labels(key, value=True, details=("slope",))]
        labels += [lab for key in focus for lab in self.node_labels(key, name=True)]
        labels += [lab for key in outputs if key not in in_focus for lab in self.node_labels(key, name=True)]
        labels += [lab for key in rest for lab in self.node_labels(key, value=True)]
        labels += self.edge_labels(sparse, fanned=False)
        labels += [lab for key in rest if key not in outputs for lab in self.node_labels(key, name=True)]
        if len(self.nodes) <= FEW_NODES:  # in a big network, the details of nodes out of focus are noise
            labels += [lab for key in focus + rest for lab in self.node_labels(key, details=DETAILS)]
        seen: set = set()
        return [lab for lab in labels if not (lab.key in seen or seen.add(lab.key))]

    def edge_labels(self, keys: list[Param], fanned: bool) -> list[Label]:
        """A label for each edge: along it on one line, else stacked in two. Edges
        in focus (``fanned``) line up as a fan and keep off each other's crossings."""
        hot_points = self._crossings_among(keys) if fanned else {}
        ts = self._fan_places(keys) if fanned else {}
        out = []
        for key in keys:
            edge = self.edges[key]
            if not edge.weight_text:
                continue
            avoid = self.crossings.get(key, []) + hot_points.get(key, [])
            along = ts.get(key, ALONG)
            shapes = dict.fromkeys([edge.label_size(False), edge.label_size(True)])  # stacked, if it differs
            places = [box for size in shapes for box in layout.along(edge.segment, along, *size)]
            if fanned and len(keys) == 1:  # the one edge in play: its label may also sit on its line
                places += [Box(b.x, b.y + side * (b.h / 2 + 1), b.w, b.h) for b in places for side in (-1, 1)]
            out.append(Label(("edge", key), places, avoid))
        return out

    def _fan_places(self, hot: list[Param]) -> dict[Param, tuple[float, ...]]:
        """Edges in focus that meet at one node fan out from it: their labels line up
        where the fan is open enough for one label per edge (near the far ends)."""
        if len(hot) < 2:
            return {}
        targets = {(k.layer, k.node) for k in hot}
        sources = {(k.layer, k.source) for k in hot}
        h = max(self.edges[k].label_size(False)[1] for k in hot) + 4
        spread = min(1.0, h / self.row_gap)
        if len(targets) == 1:  # a node's inputs: open near the sources
            best = max(0.1, 1 - spread)
        elif len(sources) == 1:  # a node's outputs: open near the targets; clear of the source's slope
            best = min(0.9, max(0.5, spread))
        else:
            return {}
        order = tuple(sorted(ALONG, key=lambda t: (abs(t - best) > 0.16, t if len(targets) == 1 else -t)))
        if spread <= 0.6:
            return dict.fromkeys(hot, (best, *order, *FINE))
        # Too crowded for one row of labels across the fan: alternate edges take two rows,
        # the first where every other edge is far enough apart, the second a label's width on.
        x0, _, x1, _ = self.edges[hot[0]].segment
        step = (max(self.edges[k].label_size(False)[0] for k in hot) + 6) / max(abs(x1 - x0), 1.0)
        if len(targets) == 1:
            rows = (max(0.1, 1 - spread / 2 - step), max(0.1, 1 - spread / 2))
        else:
            rows = (min(0.9, spread / 2), min(0.9, spread / 2 + step))
        ends = sorted(hot, key=lambda k: k.source if len(targets) == 1 else k.node)
        return {key: rows[:: 1 if n % 2 == 0 else -1] + FINE + order for n, key in enumerate(ends)}

    def _crossings_among(self, hot: list[Param]) -> dict[Param, list]:
        """Crossings among the edges in focus between dense layers (the faint ones do not count)."""
        groups = [[k for k in hot if k.layer == l] for l, dense in enumerate(self.dense) if dense]
        groups = [g for g in groups if len(g) > 1]
        if not groups:
            return {}
        return layout.crossings({k: self.edges[k].segment for g in groups for k in g}, groups)

    def node_labels(
        self,
        key: Node,
        value: bool = False,
        name: bool = False,
        details: tuple[str, ...] = (),
        first: str = "",
    ) -> list[Label]:
        """A node's value (inside its disc if it fits, else beside it), name (above
        first) and detail lines (stacked under the disc first). ``first``: "left"
        tries the left before the right, "right" leaves the left for last."""
        node = self.nodes[key]
        texts = (node.value.text() if value else "", name, *(node.details[p].text() for p in details))
        memo_key = (key, value, details, first, texts)
        if memo_key not in self.memo:
            self.memo[memo_key] = self._node_labels(node, key, value, name, details, first)
        return self.memo[memo_key]

    def _node_labels(
        self, node: NodeItem, key: Node, value: bool, name: bool, details: tuple[str, ...], first: str
    ) -> list[Label]:
        x, y, r = node.pos.x(), node.pos.y(), node.radius
        out = []
        if value and node.value.text():
            inside = node.value_inside()
            below, right, above, left = layout.around_disc(x, y, r, *size_of(node.value))
            beside = {"left": [left, right, above, below], "right": [right, above, below, left]}
            own = frozenset({self.disc[key]}) if inside else frozenset()
            places = [inside] if inside else beside.get(first, [right, left, above, below])
            out.append(Label(("value", key), places, obstacles_ok=own))
        if name:
            below, right, above, left = layout.around_disc(x, y, r, *size_of(node.name))
            # Above or below its disc; beside it only where no edges arrive (left of the inputs).
            out.append(Label(("name", key), [above, below, left] if key.layer == 0 else [above, below]))
        for part, item in node.details.items():
            if part in details and item.text():
                w, h = size_of(item)
                below, right, above, left = layout.around_disc(x, y, r, w, h)
                if first == "left":
                    right, left = left, right
                under = [Box(below.x, below.y + k * (h + 2), w, h) for k in range(3)]
                over = [Box(above.x, above.y - k * (h + 2), w, h) for k in range(2)]
                out.append(Label((part, key), [*under, right, *over, left]))
        return out

    def block(self, key: Node, parts: Sequence[str]) -> list[Label]:
        """Two or more texts of a node as one block beside its disc, centred on its
        row: where rows are crowded, the only way both stay by their own node."""
        node = self.nodes[key]
        items = [(part, node.value if part == "value" else node.details[part]) for part in parts]
        items = [(part, item) for part, item in items if item.text()]
        if len(items) < 2 or (items[0][0] == "value" and node.value_inside()):
            return []
        lines = tuple(((part, key), *size_of(item)) for part, item in items)
        w, h = max(line[1] for line in lines), sum(line[2] for line in lines) + 2 * (len(lines) - 1)
        _, right, _, left = layout.around_disc(node.pos.x(), node.pos.y(), node.radius, w, h)
        return [Label(("block", key), [right, left], lines=lines)]


# -- the loss box -------------------------------------------------------------------------
def loss_box_beside(centred: Box, rows: Sequence[float], bottom: float) -> Box:
    """The loss box, centred beside the outputs, unless that covers the ``rows`` of the
    outputs whose numbers the micro-step uses: then just below or above them (inside
    ``bottom``)."""
    if not rows:
        return centred
    half = 30.0  # a block of two lines, centred on its row
    low, high = min(rows) - half, max(rows) + half
    for box in (centred, centred._replace(y=high), centred._replace(y=low - centred.h)):
        if (box.bottom <= low or box.y >= high) and box.y >= 0 and box.bottom <= bottom:
            return box
    return centred


def loss_lines(frame: Frame, rows: np.ndarray, row: int | None) -> list[str]:
    """Target, error and loss beside the output; at batch-wide micro-steps of a
    batch of several, the batch's rows and its loss instead of one sample's."""
    lines = []
    if len(rows) > 1 and row is None:
        lines += _rows_lines(rows)
    else:
        lines += _listed("target", frame.target_texts())
        lines += _listed("error", frame.error_texts()) if frame.error_texts() else []
    loss, label = frame.loss_text(), frame.loss_label()
    if loss:
        # A long line puts its number under its name, and a long change its new value under
        # the old, so the box stays narrow beside the output.
        number = loss[len(label) :].strip()
        old, arrow, new = number.partition(" → ")
        if len(number) > len(WIDEST_CHANGE) and arrow:
            lines += [label, old, f"→ {new}"]
        else:
            lines += [label, number] if len(loss) > 16 else [loss]
    return lines


WIDEST_CHANGE = "-0.00000 → -0.00000"
"""The widest loss change the box holds on one line."""


def widest_loss_lines(outputs: int) -> list[str]:
    """Lines as wide as the loss box gets, to reserve its room."""
    probe = ["-0.000"] * outputs
    return [
        *_listed("target", probe),
        *_listed("error", probe),
        "sample loss (row 000)",
        WIDEST_CHANGE,
    ]


def _listed(caption: str, numbers: list[str]) -> list[str]:
    """``target 1, 0`` on one line, or for many outputs two per line under the caption."""
    if len(numbers) <= PER_LINE:
        return [f"{caption} {', '.join(numbers)}"]
    pairs = [", ".join(numbers[k : k + 2]) for k in range(0, len(numbers), 2)]
    return [f"{caption}s", *(f"  {pair}" for pair in pairs)]


def _rows_lines(rows: np.ndarray) -> list[str]:
    """The batch's 1-based rows, runs shortened (``1–4, 9``), three parts to a line."""
    shown = sorted(int(r) + 1 for r in rows)
    parts, start = [], shown[0]
    for a, b in zip(shown, [*shown[1:], None], strict=True):
        if b != a + 1:
            parts.append(f"{start}" if start == a else f"{start}–{a}")
            start = b
    if len(parts) > 9:
        parts = [*parts[:8], "…"]
    lines = [", ".join(parts[k : k + 3]) for k in range(0, len(parts), 3)]
    return [f"batch of {len(shown)}, rows", *(f"  {line}" for line in lines)]
