"""The loss landscape grid agrees with evaluating the loss directly."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core.landscape import loss_grid, param_value, params_of, span_around
from gdviz.core.lessons import load_lesson
from gdviz.core.losses import LOSSES
from gdviz.core.network import loss_of


def set_param(net, p, value):
    l, j, i = p
    weights = [w.copy() for w in net.weights]
    biases = None if net.biases is None else [b.copy() for b in net.biases]
    if i < 0:
        biases[l][j] = value
    else:
        weights[l][j, i] = value
    return net.with_params(tuple(weights), None if biases is None else tuple(biases))


@pytest.mark.parametrize(
    "lesson", ["slope-and-learning-rate", "xor", "regression-4-8-8-1", "stochastic-gradient-descent"]
)
def test_grid_matches_direct_evaluation(lesson):
    s = load_lesson(lesson)
    t = s.trainer()
    net, loss = t.net, LOSSES[s.loss]
    params = params_of(net)
    p1, p2 = params[0], params[-1]
    v1 = span_around(param_value(net, p1), 2.0, 7)
    v2 = span_around(param_value(net, p2), 1.0, 5)
    grid = loss_grid(net, t.x, t.y, loss, [p1, p2], [v1, v2])
    assert grid.shape == (7, 5)
    for a in (0, 3, 6):
        for b in (0, 2, 4):
            direct = loss_of(set_param(set_param(net, p1, v1[a]), p2, v2[b]), t.x, t.y, loss)
            assert grid[a, b] == pytest.approx(direct, rel=1e-12)


def test_two_weight_lesson_landscape_has_its_valley_where_expected():
    s = load_lesson("slope-and-learning-rate")
    t = s.trainer()
    p = params_of(t.net)
    assert p == [(0, 0, 0), (0, 0, 1)]
    w1 = np.linspace(-1, 3, 41)
    w2 = np.linspace(-1, 3, 41)
    grid = loss_grid(t.net, t.x, t.y, LOSSES["mse"], p, [w1, w2])
    # 3 w1 + 4 w2 = 6 is the valley floor: zero loss at w1 = 2, w2 = 0.
    assert grid[30, 10] == pytest.approx(0.0, abs=1e-20)
    assert grid[20, 30] == pytest.approx((3 * 1 + 4 * 2 - 6) ** 2)  # the lesson start: w = (1, 2)


def test_one_parameter_curve_and_biases():
    t = load_lesson("stochastic-gradient-descent").trainer()
    bias = (0, 0, -1)
    assert bias in params_of(t.net)
    values = np.array([-1.0, 0.0, 2.5])
    curve = loss_grid(t.net, t.x, t.y, LOSSES["mse"], [bias], [values])
    assert curve.tolist() == pytest.approx(
        [loss_of(set_param(t.net, bias, v), t.x, t.y, "mse") for v in values]
    )


def test_overflow_becomes_inf_not_nan():
    t = load_lesson("slope-and-learning-rate").trainer()
    grid = loss_grid(t.net, t.x, t.y, LOSSES["mse"], [(0, 0, 0)], [np.array([0.0, 1e300])])
    assert grid[0] == pytest.approx((4 * 2 - 6) ** 2) and grid[1] == np.inf


def test_a_large_grid_goes_through_in_slices_with_the_same_result(monkeypatch):
    import gdviz.core.landscape as landscape
    from gdviz.core.lessons import load_lesson

    trainer = load_lesson("regression-4-8-8-1").trainer()
    net, params = trainer.net, [(0, 0, 0), (1, 2, -1)]
    values = [np.linspace(-1, 1, 13), np.linspace(-2, 2, 7)]
    whole = landscape.loss_grid(net, trainer.x, trainer.y, trainer.loss, params, values)
    monkeypatch.setattr(landscape, "CHUNK_BYTES", 1)  # one grid point at a time
    sliced = landscape.loss_grid(net, trainer.x, trainer.y, trainer.loss, params, values)
    np.testing.assert_array_equal(whole, sliced)
    assert whole.shape == (13, 7)


def test_surfaces_of_large_data_use_fewer_points():
    from gdviz.core.landscape import surface_points
    from gdviz.core.lessons import load_lesson

    net = load_lesson("regression-4-8-8-1").network()
    assert surface_points(net, 8, 100) == 100
    assert surface_points(net, 1_000, 100) < 100
    assert surface_points(net, 100_000, 100) == 5
