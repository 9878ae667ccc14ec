"""Optimizers against independent scalar reference implementations."""

from __future__ import annotations

import math

import numpy as np
import pytest

from gdviz.core.optimizers import DEFAULTS, Optimizer, OptimizerState


def reference(name: str, p: dict[str, float], grads: list[float], w: float) -> list[float]:
    """Textbook update rules on one scalar, written without numpy."""
    lr = p["learning_rate"]
    v = m = s = 0.0
    out = []
    for t, g in enumerate(grads, start=1):
        if name == "sgd":
            w -= lr * g
        elif name == "momentum":
            v = p["momentum"] * v + g
            w -= lr * v
        elif name == "nesterov":
            v = p["momentum"] * v + g
            w -= lr * (g + p["momentum"] * v)
        elif name == "rmsprop":
            s = p["rho"] * s + (1 - p["rho"]) * g * g
            w -= lr * g / (math.sqrt(s) + p["epsilon"])
        elif name == "adam":
            m = p["beta1"] * m + (1 - p["beta1"]) * g
            s = p["beta2"] * s + (1 - p["beta2"]) * g * g
            mhat, vhat = m / (1 - p["beta1"] ** t), s / (1 - p["beta2"] ** t)
            w -= lr * mhat / (math.sqrt(vhat) + p["epsilon"])
        out.append(w)
    return out


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_update_matches_reference(name):
    opt = Optimizer.create(name, learning_rate=0.1)
    grads = [3.0, -1.0, 0.5, 2.0, -0.25]
    expected = reference(name, opt.params, grads, 1.5)
    params, state, got = [np.array([1.5])], OptimizerState(), []
    for g in grads:
        params, directions, state = opt.update(params, [np.array([g])], state)
        got.append(float(params[0][0]))
    assert got == pytest.approx(expected, rel=1e-12)
    assert state.t == len(grads)


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_direction_explains_the_step(name):
    opt = Optimizer.create(name)
    old = [np.array([[1.0, -2.0]]), np.array([0.5])]
    new, directions, _ = opt.update(old, [np.array([[0.3, -0.7]]), np.array([2.0])], OptimizerState())
    for o, n, d in zip(old, new, directions):
        assert np.allclose(n, o - opt.learning_rate * d)


def test_update_does_not_touch_its_inputs():
    opt = Optimizer.create("adam")
    params, grads = [np.array([1.0, 2.0])], [np.array([0.1, 0.2])]
    _, _, state = opt.update(params, grads, OptimizerState())
    assert params[0].tolist() == [1.0, 2.0]
    _, _, state2 = opt.update(params, grads, state)
    assert state.t == 1 and state2.t == 2


def test_defaults_and_unknown_settings():
    assert Optimizer.create("sgd").learning_rate == 0.01
    assert Optimizer.create("adam").params["beta2"] == 0.999
    with pytest.raises(ValueError):
        Optimizer.create("sgd", momentum=0.9)
    with pytest.raises(ValueError):
        Optimizer.create("lbfgs")


@pytest.mark.parametrize("name", list(DEFAULTS))
def test_rules_see_the_settings_and_one_minus_each_decay_rate(name):
    opt = Optimizer.create(name)
    numbers = {k: float(v) for k, v in opt.numbers.items()}
    decays = {k for k in opt.params if k in ("momentum", "rho", "beta1", "beta2")}
    assert numbers == {**opt.params, **{f"1 - {k}": 1.0 - opt.params[k] for k in decays}}
    assert all(v.shape == () for v in opt.numbers.values())
