"""The diagram's geometry: grids that fill their space, crossings, and labels
placed without overlap, most important first."""

from __future__ import annotations

from gdviz.core.layout import FAR_GAP, NEAR_GAP, Box, Label, crossing, crossings, grid, place
from gdviz.core.params import Node


def test_a_grid_fills_its_area_and_centres_short_layers():
    g = grid((2, 3, 1), Box(0, 0, 1000, 600))
    xs = sorted({x for x, _ in g.centres.values()})
    assert len(xs) == 3 and xs[0] - g.radius >= 0 and xs[-1] + g.radius <= 1000
    assert xs[-1] - xs[0] > 800  # the width is used
    assert g.centres[Node(2, 0)][1] == g.centres[Node(1, 1)][1]  # one output, in the middle


def test_the_pair_in_focus_widens_when_layers_are_close():
    layers = (16,) * 8
    even = grid(layers, Box(0, 0, 1000, 700))
    focused = grid(layers, Box(0, 0, 1000, 700), focus=3)
    gaps = [focused.centres[Node(l + 1, 0)][0] - focused.centres[Node(l, 0)][0] for l in range(7)]
    assert gaps[3] == max(gaps) > 2 * min(gaps)
    assert gaps[4] >= NEAR_GAP  # room right of the pair for its right-hand nodes' numbers
    assert gaps[2] < NEAR_GAP  # its left-hand nodes' numbers go inside the pair
    assert min(gaps) >= FAR_GAP
    assert focused.column_gap > even.column_gap


def test_crossing_points():
    assert crossing((0, 0, 10, 10), (0, 10, 10, 0)) == (5, 5)
    assert crossing((0, 0, 10, 0), (0, 5, 10, 5)) is None  # parallel
    assert crossing((0, 0, 10, 10), (10, 10, 20, 0)) is None  # a shared end is no crossing
    found = crossings({"a": (0, 0, 10, 10), "b": (0, 10, 10, 0), "c": (20, 0, 30, 0)}, [["a", "b", "c"]])
    assert found == {"a": [(5, 5)], "b": [(5, 5)], "c": []}


def test_labels_take_the_first_free_place_in_order_of_importance():
    bounds = Box(0, 0, 100, 100)
    first = Label("first", [Box(10, 10, 20, 10)])
    second = Label("second", [Box(15, 12, 20, 10), Box(50, 50, 20, 10)])
    dropped = Label("dropped", [Box(12, 12, 5, 5)])
    outside = Label("outside", [Box(95, 95, 20, 10)])
    placed = place([first, second, dropped, outside], [], bounds)
    assert placed == {"first": Box(10, 10, 20, 10), "second": Box(50, 50, 20, 10)}


def test_labels_keep_off_obstacles_and_crossings_unless_allowed():
    disc = Box(0, 0, 40, 40)
    inside = Label("value", [Box(10, 10, 20, 20)], obstacles_ok=frozenset({0}))
    other = Label("other", [Box(10, 10, 20, 20), Box(60, 0, 20, 10)])
    near = Label("near", [Box(60, 60, 20, 10), Box(10, 80, 20, 10)], avoid=[(70, 65)])
    placed = place([inside, other, near], [disc], Box(0, 0, 100, 100))
    assert placed["value"] == Box(10, 10, 20, 20)
    assert placed["other"] == Box(60, 0, 20, 10)
    assert placed["near"] == Box(10, 80, 20, 10)


def test_a_block_places_its_lines_together_and_later_labels_for_them_are_passed_over():
    block = Label("block", [Box(0, 0, 50, 42)], lines=(("a", 40, 20), ("b", 50, 20)))
    single = Label("a", [Box(100, 100, 40, 20)])
    placed = place([block, single], [], Box(0, 0, 300, 300))
    assert placed["a"] == Box(0, 0, 40, 20) and placed["b"] == Box(0, 22, 50, 20)
