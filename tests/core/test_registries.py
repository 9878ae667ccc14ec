"""Losses and optimizers are each defined once: every entry is complete, its
written-out arithmetic agrees with its numbers, and the checks that use it
(scenario files, edits) read it from there."""

from __future__ import annotations

import math
import re

import numpy as np
import pytest

from gdviz.core import edits
from gdviz.core.lessons import load_lesson
from gdviz.core.losses import LOSSES, Loss, mean_loss
from gdviz.core.optimizers import DEFAULTS, DESCRIPTIONS, RULES, SETTINGS, Optimizer
from gdviz.core.scenario import ScenarioError, from_dict


def evaluate(text: str) -> float:
    """The number a written-out formula stands for (``2 x (-0.5) / 2``, ``0.3 log 0.7``)."""
    expr = re.sub(r"log ([-0-9.e]+)", r"* log(\1)", text).replace("^", "**").replace(" x ", " * ")
    return eval(expr, {"__builtins__": {}, "log": math.log})


def scenario(loss: str, output: str = "sigmoid", targets=((0.0, 1.0), (1.0, 0.25))) -> dict:
    return {
        "format": "gdviz/1",
        "layers": [2, 2],
        "activations": [output],
        "weights": [[[0.5, -1.0], [0.25, 2.0]]],
        "inputs": [[1.0, 2.0], [-0.5, 0.3]],
        "targets": [list(t) for t in targets],
        "loss": loss,
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
    }


# -- losses -------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(LOSSES))
def test_every_loss_is_complete(name):
    loss = LOSSES[name]
    assert isinstance(loss, Loss) and loss.name == name and repr(loss) == f"Loss({name})"
    assert loss.label and loss.label[0].isupper()
    assert loss.formula.startswith("l = ")


@pytest.mark.parametrize("name", list(LOSSES))
@pytest.mark.parametrize("outputs", [1, 3])
def test_written_out_arithmetic_gives_the_loss_and_its_slope(name, outputs):
    loss = LOSSES[name]
    rng = np.random.default_rng(outputs)
    yhat, y = rng.uniform(0.1, 0.9, outputs), rng.uniform(0.0, 1.0, outputs)
    assert evaluate(loss.value_text(yhat, y)) == pytest.approx(float(loss.value(yhat, y)), rel=1e-3)
    slopes = loss.slope(yhat, y)
    for a, t, slope in zip(yhat, y, slopes):
        assert evaluate(loss.slope_text(a, t, outputs)) == pytest.approx(slope, rel=1e-3)


def test_only_cross_entropy_cancels_a_sigmoid():
    assert [n for n, loss in LOSSES.items() if loss.cancels_sigmoid] == ["binary_cross_entropy"]


@pytest.mark.parametrize("name", list(LOSSES))
def test_each_loss_states_what_it_needs_and_the_loader_enforces_it(name):
    loss = LOSSES[name]
    assert from_dict(scenario(name)).loss == name
    if loss.output_activation is None:
        assert from_dict(scenario(name, output="relu")).loss == name
    else:
        with pytest.raises(ScenarioError) as err:
            from_dict(scenario(name, output="relu"))
        assert (err.value.place, err.value.problem) == ("loss", f"{name} needs a sigmoid output layer")
    if loss.target_range is None:
        assert from_dict(scenario(name, targets=((0.0, 7.0), (-2.0, 0.0)))).loss == name
    else:
        with pytest.raises(ScenarioError) as err:
            from_dict(scenario(name, targets=((0.0, 1.0), (1.5, 0.0))))
        assert (err.value.place, err.value.problem) == (
            "targets[1][0]",
            f"{name} needs targets from 0 to 1, got 1.5",
        )


def test_the_batch_loss_is_the_mean_of_the_sample_losses():
    losses = np.array([0.1, 0.7, 0.2])
    assert mean_loss(losses) == float(losses.sum()) / 3
    stacked = np.array([[1.0, 2.0], [3.0, 5.0]])
    assert mean_loss(stacked).tolist() == [1.5, 4.0]


# -- optimizers ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(RULES))
def test_every_optimizer_is_complete(name):
    rule = RULES[name]
    assert rule.name == name and rule.label and rule.description
    assert rule.defaults["learning_rate"] > 0
    assert set(rule.defaults) <= set(SETTINGS)
    assert all(SETTINGS[key].problem(v) is None for key, v in rule.defaults.items())
    assert DEFAULTS[name] == rule.defaults and DESCRIPTIONS[name] == rule.description
    assert Optimizer.create(name).rule is rule and Optimizer.create(name).params == rule.defaults


def test_setting_bounds():
    rate, momentum = SETTINGS["learning_rate"], SETTINGS["momentum"]
    assert rate.problem(1e-9) is None and momentum.problem(0) is None and momentum.problem(0.999) is None
    assert rate.problem(0) == "must be greater than 0, got 0"
    assert momentum.problem(1.0) == "must be at least 0 and below 1, got 1.0"
    assert momentum.problem(-0.1) == "must be at least 0 and below 1, got -0.1"


@pytest.mark.parametrize("name", list(RULES))
def test_the_loader_and_edits_refuse_settings_out_of_bounds(name):
    base = edits.set_optimizer(load_lesson("xor"), name)
    for key in RULES[name].defaults:
        bad = 1.0 if SETTINGS[key].fraction else -1.0
        with pytest.raises(ScenarioError) as err:
            edits.set_setting(base, key, bad)
        assert (err.value.place, err.value.problem) == (f"optimizer.{key}", SETTINGS[key].problem(bad))
