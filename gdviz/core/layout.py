"""Where the diagram puts things, in screen pixels.

Nodes sit on a grid that fills the space the diagram is given: layers left to
right, each layer's nodes centred top to bottom. Texts are placed after the
numbers are known: each text offers a few places it could go, in order of
preference, and takes the first that overlaps no text placed before it, no
node disc and no edge crossing it does not own. Texts are offered in order of
importance (the numbers the current micro-step uses first), so when space runs
out it is the least important texts that are left out, never drawn over one
another.

Plain geometry with no drawing in it, so that what is legible is decided, and
tested, here; the Qt view measures its texts and draws what this module places.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

from gdviz.core.params import Node


class Box(NamedTuple):
    """An axis-aligned rectangle: left ``x``, top ``y``, width ``w``, height ``h``
    (a named tuple: hundreds are made per frame)."""

    x: float
    y: float
    w: float
    h: float

    @classmethod
    def around(cls, cx: float, cy: float, w: float, h: float) -> Box:
        """The box of size ``w`` x ``h`` centred on (``cx``, ``cy``)."""
        return cls(cx - w / 2, cy - h / 2, w, h)

    @property
    def right(self) -> float:
        return self.x + self.w

    @property
    def bottom(self) -> float:
        return self.y + self.h

    def grown(self, d: float) -> Box:
        return Box(self.x - d, self.y - d, self.w + 2 * d, self.h + 2 * d)


@dataclass(frozen=True)
class Grid:
    """Node centres, the disc radius and the spacing they were laid out with."""

    centres: dict[Node, tuple[float, float]]
    radius: float
    row_gap: float
    column_gap: float


MIN_ROW_GAP = 36.0
"""The closest two nodes of a layer come, centre to centre: one line of text fits between."""
MIN_COLUMN_GAP = 88.0
"""The closest two layers come (layers out of focus, whose edges carry no labels)."""
NEAR_GAP = 170.0
"""The gap right of the pair in focus: room for a number beside each disc."""
FAR_GAP = 40.0
"""Layers far from the focus come this close when the pair in focus needs the room."""
ROOMY_GAP = 200.0
"""Layers at least this far apart have room for every label; closer, the pair in focus widens."""
CROWDED_ROW_GAP = 60.0
"""Nodes closer than this leave one line of text each beside them: a fan of labels needs the
pair in focus wide, however wide the layers are apart."""
FOCUS_SHARE = 0.55
"""At most this much of the width goes to the layer pair in focus."""
MAX_RADIUS = 56.0
MIN_RADIUS = 12.0
BESIDE = 80.0
"""Room for a number beside a disc."""


DISC_SHARE, MAP_DISC_SHARE = 0.26, 0.38
"""A disc's radius as a share of the row spacing: larger while discs hold node maps."""


def grid(layers: Sequence[int], area: Box, focus: int | None = None, disc_share: float = DISC_SHARE) -> Grid:
    """Nodes spread over ``area``: the layers across its width, the tallest layer
    down its height, never closer than MIN_COLUMN_GAP / MIN_ROW_GAP (a grid that
    needs more room than ``area`` has runs past its right or bottom edge).

    Focus and context: when the layers are too close for labels, the gap between
    layers ``focus`` and ``focus + 1`` (the edges in focus) widens and the others
    narrow. ``column_gap`` is then that widest gap.
    """
    tallest = max(layers)
    columns = len(layers) - 1
    row_gap = max(MIN_ROW_GAP, area.h / tallest)
    radius = max(MIN_RADIUS, min(MAX_RADIUS, disc_share * row_gap, 0.2 * area.w / max(columns, 1)))
    if columns:  # the even spacing sets the disc size, which the focus then leaves alone
        even = max(MIN_COLUMN_GAP, (area.w - 2 * radius - 12) / columns)
        radius = max(MIN_RADIUS, min(radius, 0.2 * even))
    # Small discs hold no numbers: leave room left of the inputs for theirs.
    inset = radius + 6 + (BESIDE if radius < 30 else 0)
    room = area.w - inset - radius - 6
    gaps = [max(MIN_COLUMN_GAP, room / columns)] * columns if columns else []
    crowded = bool(gaps) and (gaps[0] < ROOMY_GAP or row_gap < CROWDED_ROW_GAP)
    if columns > 1 and focus is not None and 0 <= focus < columns and crowded:
        # The gap right of the pair holds the numbers of its right-hand nodes (its left-hand
        # nodes' numbers go inside the pair, beside their discs); the others, dots only.
        near = [focus + 1] if focus + 1 < columns else []
        least = {c: NEAR_GAP if c in near else FAR_GAP for c in range(columns) if c != focus}
        wide = min(FOCUS_SHARE * area.w, room - sum(least.values()))
        if wide > gaps[0]:
            spare = (room - wide - sum(least.values())) / (columns - 1)
            gaps = [wide if c == focus else least[c] + spare for c in range(columns)]
    xs = [area.x + (inset if columns else area.w / 2)]
    for gap in gaps:
        xs.append(xs[-1] + gap)
    top = area.y + row_gap / 2
    centres: dict[Node, tuple[float, float]] = {}
    for l, n in enumerate(layers):
        offset = (tallest - n) * row_gap / 2
        for j in range(n):
            centres[Node(l, j)] = (xs[l], top + offset + j * row_gap)
    return Grid(centres, radius, row_gap, max(gaps, default=0.0))


Segment = tuple[float, float, float, float]
"""A line from (x0, y0) to (x1, y1)."""


def crossing(a: Segment, b: Segment) -> tuple[float, float] | None:
    """Where two segments cross strictly inside both, or None (shared ends and
    parallel segments do not cross)."""
    ax, ay, bx, by = a
    cx, cy, dx, dy = b
    rx, ry, sx, sy = bx - ax, by - ay, dx - cx, dy - cy
    denominator = rx * sy - ry * sx
    if abs(denominator) < 1e-12:
        return None
    t = ((cx - ax) * sy - (cy - ay) * sx) / denominator
    u = ((cx - ax) * ry - (cy - ay) * rx) / denominator
    if 1e-6 < t < 1 - 1e-6 and 1e-6 < u < 1 - 1e-6:
        return ax + t * rx, ay + t * ry
    return None


def crossings(
    segments: dict[Hashable, Segment], groups: Iterable[Sequence[Hashable]]
) -> dict[Hashable, list]:
    """For each segment, the points where it crosses another segment of its group."""
    out: dict[Hashable, list] = {key: [] for key in segments}
    for group in groups:
        for a in range(len(group)):
            for b in range(a + 1, len(group)):
                point = crossing(segments[group[a]], segments[group[b]])
                if point is not None:
                    out[group[a]].append(point)
                    out[group[b]].append(point)
    return out


@dataclass
class Label:
    """A text to place: where it may go, best first, and the points it must not cover."""

    key: Hashable
    places: list[Box]
    avoid: Sequence[tuple[float, float]] = ()
    """Points its box may not contain: crossings of its edge with other edges."""
    obstacles_ok: frozenset[int] = frozenset()
    """Indexes of obstacles it may cover (its own node's disc)."""
    lines: tuple[tuple[Hashable, float, float], ...] = ()
    """For a block of several texts placed together, each text's (key, width,
    height), top to bottom: each gets its own box, and later labels with those
    keys are passed over."""


class _Index:
    """Rectangles bucketed by cell, so checking a box against hundreds is a few lookups."""

    CELL = 64.0

    def __init__(self) -> None:
        self.cells: dict[tuple[int, int], list[tuple[float, float, float, float, int]]] = {}

    def add(self, x0: float, y0: float, x1: float, y1: float, tag: int = -1) -> None:
        entry, c, cells = (x0, y0, x1, y1, tag), self.CELL, self.cells
        for cx in range(int(x0 // c), int(x1 // c) + 1):
            for cy in range(int(y0 // c), int(y1 // c) + 1):
                cells.setdefault((cx, cy), []).append(entry)

    def hits(self, x0: float, y0: float, x1: float, y1: float, allowed: frozenset[int] = frozenset()) -> bool:
        """Some rectangle shares area with (x0, y0)-(x1, y1), other than those tagged ``allowed``."""
        c, cells = self.CELL, self.cells
        for cx in range(int(x0 // c), int(x1 // c) + 1):
            for cy in range(int(y0 // c), int(y1 // c) + 1):
                for a0, b0, a1, b1, tag in cells.get((cx, cy), ()):
                    if x0 < a1 and a0 < x1 and y0 < b1 and b0 < y1 and tag not in allowed:
                        return True
        return False


CROSSING_CLEARANCE = 10.0
"""How far a label keeps from a crossing of its edge: near one, it could belong to either edge."""


def place(labels: Sequence[Label], obstacles: Sequence[Box], bounds: Box, gap: float = 2.0) -> dict:
    """Give each label (most important first) the first of its places that is
    inside ``bounds``, overlaps no obstacle and no label placed before it, and
    keeps CROSSING_CLEARANCE from the points it avoids; a label with no such
    place is left out, and so is one whose key a block placed before it holds.
    Returns key -> box for those placed (and each line of a block)."""
    taken, walls = _Index(), _Index()
    for n, (x, y, w, h) in enumerate(obstacles):
        walls.add(x, y, x + w, y + h, n)
    left, top, right, bottom = bounds.x, bounds.y, bounds.right, bounds.bottom
    half, clear = gap / 2, CROSSING_CLEARANCE
    placed: dict = {}
    for label in labels:
        if label.key in placed:
            continue
        for box in label.places:
            x0, y0, w, h = box
            x1, y1 = x0 + w, y0 + h
            if x0 < left or y0 < top or x1 > right or y1 > bottom:
                continue
            if taken.hits(x0 - half, y0 - half, x1 + half, y1 + half):
                continue
            if walls.hits(x0, y0, x1, y1, label.obstacles_ok):
                continue
            if any(
                x0 - clear <= px <= x1 + clear and y0 - clear <= py <= y1 + clear for px, py in label.avoid
            ):
                continue
            placed[label.key] = box
            taken.add(x0 - half, y0 - half, x1 + half, y1 + half)
            line_y = y0
            for key, line_w, line_h in label.lines:
                placed[key] = Box(x0, line_y, line_w, line_h)
                line_y += line_h + gap
            break
    return placed


def along(segment: Segment, ts: Iterable[float], w: float, h: float) -> list[Box]:
    """Boxes of size ``w`` x ``h`` centred at fractions ``ts`` along ``segment``."""
    x0, y0, x1, y1 = segment
    return [Box.around(x0 + t * (x1 - x0), y0 + t * (y1 - y0), w, h) for t in ts]


def around_disc(cx: float, cy: float, r: float, w: float, h: float, pad: float = 3.0) -> list[Box]:
    """Places beside a disc, best first: below, right, above, left."""
    return [
        Box(cx - w / 2, cy + r + pad, w, h),
        Box(cx + r + pad, cy - h / 2, w, h),
        Box(cx - w / 2, cy - r - pad - h, w, h),
        Box(cx - r - pad - w, cy - h / 2, w, h),
    ]
