"""The input-space grid equals direct forward passes at the points it covers."""

from __future__ import annotations

import numpy as np

from gdviz.core.input_space import MARGIN, plane
from gdviz.core.lessons import load_lesson
from gdviz.core.network import forward


def test_the_output_map_equals_forward_passes_at_sampled_cells():
    scenario = load_lesson("xor")
    net, x = scenario.network(), np.array(scenario.inputs, dtype=float)
    p = plane(net, x)
    assert p.values.shape == (1, 100, 100)
    rng = np.random.default_rng(0)
    for row, col in rng.integers(0, 100, (20, 2)):
        direct = forward(net, np.array([[p.xs[col], p.ys[row]]])).output[0, 0]
        assert np.isclose(p.values[0, row, col], direct, rtol=1e-12, atol=0)
    left, bottom, width, height = p.rect
    assert (
        np.isclose(left, -MARGIN)
        and np.isclose(width, 1 + 2 * MARGIN)
        and np.isclose(bottom + height, 1 + MARGIN)
    )


def test_each_hidden_nodes_map_and_more_inputs_held_at_their_mean():
    scenario = load_lesson("regression-4-8-8-1")
    net, x = scenario.network(), np.array(scenario.inputs, dtype=float)
    p = plane(net, x, layer=1, pair=(2, 0), cells=30)
    assert p.values.shape == (8, 30, 30)
    point = x.mean(axis=0)
    point[2], point[0] = p.xs[7], p.ys[11]
    assert np.allclose(p.values[:, 11, 7], forward(net, point[None, :]).a[1][0])


def test_one_input_gives_the_fitted_curve():
    scenario = load_lesson("saturated-sigmoid")
    net, x = scenario.network(), np.array(scenario.inputs, dtype=float)
    p = plane(net, x, cells=50)
    assert p.values.shape == (1, 50) and len(p.ys) == 0
    assert np.allclose(p.values[0], forward(net, p.xs[:, None]).output[:, 0])
