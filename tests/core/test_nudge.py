"""The nudge check agrees with backpropagation, and the JSON and hand-out carry it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gdviz.core.lessons import load_lesson
from gdviz.core.nudge import loss_changes, nudge, numeric_slopes
from gdviz.core.params import Param
from gdviz.core.scenario import from_dict
from gdviz.core.trace import trace_json, trace_markdown


def first_record(scenario):
    trainer = scenario.trainer()
    return trainer, trainer.step()


def agree(numeric: np.ndarray, backprop: np.ndarray) -> bool:
    return bool(np.allclose(numeric, backprop, rtol=1e-5, atol=1e-7))


@pytest.mark.parametrize(
    "lesson", ["xor", "sigmoid-neuron-four-inputs", "regression-4-8-8-1", "backprop-in-practice"]
)
def test_nudging_gives_backprops_slopes_in_the_lessons(lesson):
    trainer, record = first_record(load_lesson(lesson))
    weights, biases = numeric_slopes(record, trainer.loss)
    for numeric, exact in zip(weights, record.backward.grad_weights, strict=True):
        assert agree(numeric, exact)
    if biases is not None:
        for numeric, exact in zip(biases, record.backward.grad_biases, strict=True):
            assert agree(numeric, exact)


@pytest.mark.parametrize("seed", range(6))
def test_nudging_gives_backprops_slopes_on_random_smooth_networks(seed):
    rng = np.random.default_rng(seed)
    layers = [int(n) for n in rng.integers(1, 5, size=rng.integers(2, 5))]
    scenario = from_dict(
        {
            "format": "gdviz/1",
            "layers": layers,
            "activations": [str(rng.choice(["tanh", "sigmoid", "identity"])) for _ in layers[1:]],
            "weights": {"init": "xavier", "seed": seed},
            "biases": [rng.normal(size=n).round(3).tolist() for n in layers[1:]],
            "inputs": rng.normal(size=(3, layers[0])).round(3).tolist(),
            "targets": rng.normal(size=(3, layers[-1])).round(3).tolist(),
            "loss": "mse",
            "optimizer": {"name": "sgd", "learning_rate": 0.1},
        }
    )
    trainer, record = first_record(scenario)
    weights, _ = numeric_slopes(record, trainer.loss)
    for numeric, exact in zip(weights, record.backward.grad_weights, strict=True):
        assert agree(numeric, exact)


def test_the_course_experiment_and_the_loss_change_the_slopes_predict():
    trainer, record = first_record(load_lesson("calculating-slopes"))
    n = nudge(record, trainer.loss, Param(0, 0, 1))  # the weight 2
    assert n.lower < 49 < n.upper and n.slope == pytest.approx(28, rel=1e-6)
    predicted, actual = loss_changes(record, trainer.loss)
    assert predicted == pytest.approx(-(14**2 + 28**2 + 42**2) * 0.01)  # -27.44: slope x change
    assert actual == pytest.approx(5.04**2 - 49)  # the loss curves: the straight-line guess overshoots


def test_trace_check_adds_numeric_slopes_shaped_like_backprops_and_the_hand_out_prints_them():
    scenario = load_lesson("xor")
    step = json.loads(trace_json(scenario, check=True))["steps"][0]
    assert np.shape(step["numeric_grad_weights"][0]) == np.shape(step["grad_weights"][0])
    assert agree(np.array(step["numeric_grad_biases"][1]), np.array(step["grad_biases"][1]))
    assert step["predicted_loss_change"] < 0 and step["actual_loss_change"] < 0
    assert "numeric_grad_weights" not in json.loads(trace_json(scenario))["steps"][0]
    text = trace_markdown(load_lesson("calculating-slopes"), check=True)
    assert "nudge check: (L(w + h) - L(w - h)) / 2h = (49.000028 - 48.999972) / 2e-06 = 28.0000" in text
    assert "the slopes predicted -27.44" in text
