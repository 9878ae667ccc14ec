"""Toy data sets from a generator, and test rows kept apart from training."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gdviz.core import edits
from gdviz.core.datasets import GENERATORS, generate, inputs_of
from gdviz.core.network import loss_of
from gdviz.core.scenario import ScenarioError, from_dict, loads
from gdviz.core.trace import trace_json


def doc(data: dict | None = None, **rows) -> dict:
    inputs = inputs_of(data["generator"]) if data is not None and data.get("generator") in GENERATORS else 2
    out = {
        "format": "gdviz/1",
        "layers": [inputs, 3, 1],
        "activations": ["tanh", "sigmoid"],
        "weights": {"init": "xavier", "seed": 0},
        "loss": "mse",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
    }
    return out | ({"data": data} if data is not None else rows)


@pytest.mark.parametrize("name", list(GENERATORS))
def test_each_generator_is_deterministic_and_has_the_documented_shape(name):
    spec = {"generator": name, "samples": 50, "noise": 0.1, "seed": 3, "test_fraction": 0.2}
    first, again = generate(spec), generate(dict(spec))
    assert first == again and first != generate({**spec, "seed": 4})
    x, y, test_x, test_y = (np.array(part) for part in first)
    assert x.shape == (40, inputs_of(name)) and y.shape == (40, 1)
    assert test_x.shape == (10, inputs_of(name)) and test_y.shape == (10, 1)
    if GENERATORS[name][1]:  # classification: the targets are the classes, whatever the noise
        assert set(np.concatenate([y, test_y]).ravel()) == {0.0, 1.0}


def test_the_generators_draw_what_their_names_say():
    x, y, _, _ = (np.array(p) for p in generate({"generator": "circle", "samples": 400}))
    radius = np.hypot(x[:, 0], x[:, 1])
    assert np.all((radius < 0.5) == (y[:, 0] == 1))
    x, y, _, _ = (np.array(p) for p in generate({"generator": "xor", "samples": 400}))
    assert np.all((x[:, 0] * x[:, 1] < 0) == (y[:, 0] == 1))
    x, y, _, _ = (np.array(p) for p in generate({"generator": "line", "samples": 50}))
    assert np.allclose(y, 0.5 * x + 0.2, atol=1e-6)
    x, y, _, _ = (np.array(p) for p in generate({"generator": "sine", "samples": 50}))
    assert np.allclose(y, np.sin(3 * x), atol=1e-6)


def test_a_scenario_with_a_generator_loads_saves_the_generator_and_edits_its_rows():
    spec = {"generator": "gaussians", "samples": 30, "seed": 1, "test_fraction": 0.1}
    scenario = from_dict(doc(spec))
    assert len(scenario.inputs) == 27 and len(scenario.test_inputs) == 3
    saved = json.loads(scenario.to_json())
    assert saved["data"] == spec and "inputs" not in saved
    assert loads(scenario.to_json()) == scenario
    edited = edits.set_value(scenario, "inputs", 0, 0, 9.0)
    assert edited.data is None and edited.inputs[0][0] == 9.0 and edited.test_inputs == scenario.test_inputs


@pytest.mark.parametrize(
    ("changes", "place", "problem"),
    [
        ({"generator": "moons"}, "data.generator", "expected one of circle, xor"),
        ({"samples": 1}, "data.samples", "expected a whole number from 2"),
        ({"noise": -1}, "data.noise", "expected a number from 0 to 10"),
        ({"test_fraction": 0.95}, "data.test_fraction", "expected a number from 0 to 0.9"),
        ({"colour": 1}, "data.colour", "unknown key"),
    ],
)
def test_bad_generator_settings_are_refused_with_their_place(changes, place, problem):
    with pytest.raises(ScenarioError) as refused:
        from_dict(doc({"generator": "circle", "samples": 20} | changes))
    assert refused.value.place == place and problem in refused.value.problem


def test_rows_and_a_generator_together_a_wrong_width_and_half_a_test_set_are_refused():
    both = doc({"generator": "circle", "samples": 20}) | {"inputs": [[0, 0]]}
    with pytest.raises(ScenarioError, match="inputs: give the rows or a data generator, not both"):
        from_dict(both)
    wide = doc({"generator": "line", "samples": 20}) | {"layers": [2, 3, 1]}
    with pytest.raises(ScenarioError, match="data.generator: line makes 1 input and 1 target"):
        from_dict(wide)
    half = doc(inputs=[[0, 0]], targets=[[1]], test_inputs=[[1, 1]])
    with pytest.raises(ScenarioError, match="test_targets: missing: give both or neither"):
        from_dict(half)


def test_trace_reports_the_test_loss_after_each_step_as_a_direct_evaluation():
    scenario = from_dict(doc({"generator": "spiral", "samples": 40, "noise": 0.05, "test_fraction": 0.25}))
    steps = json.loads(trace_json(scenario, steps=3))["steps"]
    trainer = scenario.trainer()
    test = np.array(scenario.test_inputs), np.array(scenario.test_targets)
    for step in steps:
        trainer.step()
        assert step["test_loss_after"] == pytest.approx(loss_of(trainer.net, *test, trainer.loss), rel=1e-12)
    listed = doc(inputs=[[0, 0], [1, 1]], targets=[[0], [1]], test_inputs=[[1, 0]], test_targets=[[1]])
    assert "test_loss_after" in json.loads(trace_json(from_dict(listed)))["steps"][0]
    assert (
        "test_loss_after"
        not in json.loads(trace_json(from_dict(doc(inputs=[[0, 0]], targets=[[1]]))))["steps"][0]
    )
