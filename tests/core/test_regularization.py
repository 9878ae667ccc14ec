"""Regularisation: the penalty, its slopes, and where the walkthrough shows them."""

from __future__ import annotations

import json
from collections import deque

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdviz.core.formulas import formula
from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import AVERAGE, BACKWARD, LOSS, RESULT, micro_steps
from gdviz.core.network import loss_of
from gdviz.core.nudge import numeric_slopes
from gdviz.core.numbers import fmt
from gdviz.core.regularization import Regularization
from gdviz.core.scenario import ScenarioError, from_dict
from gdviz.core.trace import trace_json


def doc(kind="l2", strength=0.05, samples=3, seed=0, layers=(2, 3, 1), batch_size=None):
    rng = np.random.default_rng(seed)
    out = {
        "format": "gdviz/1",
        "layers": list(layers),
        "activations": ["tanh"] * (len(layers) - 2) + ["identity"],
        "weights": {"init": "xavier", "seed": seed},
        "biases": [rng.normal(size=n).round(3).tolist() for n in layers[1:]],
        "inputs": rng.normal(size=(samples, layers[0])).round(3).tolist(),
        "targets": rng.normal(size=(samples, layers[-1])).round(3).tolist(),
        "loss": "mse",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
        "batch_size": batch_size,
    }
    if kind is not None:
        out["regularization"] = {"kind": kind, "strength": strength}
    return out


def test_penalties_are_the_textbook_sums():
    w = (np.array([[1.0, -2.0]]), np.array([[0.0], [3.0]]))
    assert Regularization("l1", 0.5).penalty(w) == 0.5 * (1 + 2 + 0 + 3)
    assert Regularization("l2", 0.5).penalty(w) == 0.5 * (1 + 4 + 0 + 9)
    assert Regularization("l2", 0.5).slope(w[0]).tolist() == [[1.0, -2.0]]
    assert Regularization("l1", 0.5).slope(np.array([-3.0, 0.0, 2.0])).tolist() == [-0.5, 0.0, 0.5]


def test_l1_slope_is_zero_at_exactly_zero_so_a_zero_weight_rests():
    d = doc(kind="l1", strength=0.1)
    d["weights"] = [[[0.0, 0.0], [0.5, -0.5], [0.0, 1.0]], [[0.0, 1.0, 0.0]]]
    record = from_dict(d).trainer().step()
    data = record.backward.grad_weights
    assert record.grad_weights[0][0, 0] == data[0][0, 0]
    assert record.grad_weights[0][1, 0] == pytest.approx(data[0][1, 0] + 0.1)
    assert record.grad_weights[0][1, 1] == pytest.approx(data[0][1, 1] - 0.1)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["l1", "l2"]),
    strength=st.floats(0.0, 2.0),
    seed=st.integers(0, 10_000),
    layers=st.lists(st.integers(1, 4), min_size=2, max_size=4),
)
def test_regularised_slopes_agree_with_finite_differences(kind, strength, seed, layers):
    scenario = from_dict(doc(kind, strength, seed=seed, layers=layers))
    trainer = scenario.trainer()
    record = trainer.step()
    weights, biases = numeric_slopes(record, trainer.loss)
    for numeric, exact, w in zip(weights, record.grad_weights, record.before.weights, strict=True):
        smooth = np.abs(w) > 1e-4  # |w| has no slope at 0: a nudge across it measures nothing useful
        assert np.allclose(numeric[smooth], exact[smooth], rtol=1e-5, atol=1e-6)
    for numeric, exact in zip(biases, record.backward.grad_biases, strict=True):
        assert np.allclose(numeric, exact, rtol=1e-5, atol=1e-6)  # biases carry no penalty


def test_the_loss_is_the_data_loss_plus_the_penalty_and_biases_are_not_penalised():
    plain = from_dict(doc(kind=None)).trainer().step()
    reg = from_dict(doc("l2", 0.05)).trainer().step()
    penalty = 0.05 * sum(float((w**2).sum()) for w in reg.before.weights)
    assert reg.penalty == pytest.approx(penalty)
    assert reg.loss == pytest.approx(plain.loss + penalty)
    assert reg.data_loss == plain.loss
    for a, b in zip(reg.backward.grad_biases, plain.backward.grad_biases, strict=True):
        assert np.array_equal(a, b)


@pytest.mark.parametrize("kind", ["l1", "l2"])
@pytest.mark.parametrize("batch_size", [None, 1, 2])
def test_lean_training_gives_the_walkthroughs_numbers_exactly(kind, batch_size):
    scenario = from_dict(doc(kind, 0.03, samples=5, batch_size=batch_size, layers=(2, 4, 3, 1)))
    slow, fast = scenario.trainer(), scenario.trainer()
    for _ in range(40):
        slow.step()
    fast.run(40, deque())
    assert np.array_equal(slow.history.values, fast.history.values)
    for a, b in zip(slow.net.weights, fast.net.weights, strict=True):
        assert np.array_equal(a, b)


def test_json_loss_includes_the_penalty_and_penalty_and_test_loss_do_not_mix():
    d = doc("l2", 0.05)
    d["test_inputs"], d["test_targets"] = [[0.1, 0.2]], [[0.3]]
    scenario = from_dict(d)
    step = json.loads(trace_json(scenario, 2))["steps"][1]
    trainer = scenario.trainer()
    trainer.step()
    record = trainer.step()
    assert step["loss"] == record.loss
    assert step["penalty"] == record.penalty
    assert step["loss"] == pytest.approx(record.data_loss + step["penalty"])
    assert step["grad_weights"] == [g.tolist() for g in record.grad_weights]
    direct = loss_of(record.after, np.array([[0.1, 0.2]]), np.array([[0.3]]), "mse")
    assert step["test_loss_after"] == direct  # the data loss alone
    assert "penalty" not in json.loads(trace_json(from_dict(doc(kind=None)), 1))["steps"][0]


def test_walkthrough_writes_a_weights_slope_as_its_data_and_penalty_parts():
    trainer = from_dict(doc("l2", 0.05, samples=3)).trainer()
    record = trainer.step()
    steps = micro_steps(record, True, True)
    average = next(m for m in steps if m.phase == AVERAGE and m.source >= 0)
    text = formula(record, average, "mse", "sgd")
    l, j, i = average.param
    w = record.before.weights[l][j, i]
    assert "2 x 0.05 x" in text and "penalty's part" in text
    assert text.split("\n")[0].endswith(f"= {fmt(record.grad_weights[l][j, i])}")
    assert fmt(2 * 0.05 * w) in text
    bias = next(m for m in steps if m.phase == AVERAGE and m.source < 0)
    assert "penalty" not in formula(record, bias, "mse", "sgd")
    batch_loss = next(m for m in steps if m.phase == LOSS and m.sample < 0)
    assert "training loss" in formula(record, batch_loss, "mse", "sgd")
    assert "?" in formula(record, average, "mse", "sgd", ask=True).split("\n")[0]
    assert "penalty" in formula(record, next(m for m in steps if m.phase == RESULT), "mse", "sgd")


def test_a_batch_of_one_shows_the_penalty_at_its_slope():
    record = from_dict(doc("l1", 0.2, samples=1)).trainer().step()
    steps = micro_steps(record, True, True)
    slope = next(m for m in steps if m.phase == BACKWARD and m.kind == "weight")
    assert "0.2 x sign(" in formula(record, slope, "mse", "sgd")


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("l2", "regularization: expected an object with kind and strength, got a string"),
        ({"kind": "l3", "strength": 1}, 'regularization.kind: expected one of l1, l2, got "l3"'),
        ({"kind": "l2"}, "regularization.strength: missing"),
        (
            {"kind": "l2", "strength": -1},
            "regularization.strength: expected a number from 0 to 1e+06, got -1",
        ),
        ({"kind": "l2", "strength": 1, "x": 1}, "regularization.x: unknown key (known keys: kind, strength)"),
    ],
)
def test_loader_refuses_bad_regularisation_with_its_place(value, message):
    d = doc()
    d["regularization"] = value
    with pytest.raises(ScenarioError) as err:
        from_dict(d)
    assert str(err.value) == message


def test_regularisation_is_saved_and_loaded_back():
    scenario = from_dict(doc("l1", 0.25))
    again = from_dict(json.loads(scenario.to_json()))
    assert again.regularization == Regularization("l1", 0.25)
    assert "regularization" not in from_dict(doc(kind=None)).to_dict()


def test_lessons_without_regularisation_are_unchanged():
    record = load_lesson("xor").trainer().step()
    assert record.penalty == 0 and all(
        np.array_equal(a, b) for a, b in zip(record.grad_weights, record.backward.grad_weights, strict=True)
    )
