"""Every built-in lesson reproduces the course's printed numbers exactly."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core.lessons import lesson_paths, lessons, load_lesson
from gdviz.core.network import forward, loss_of
from gdviz.core.scenario import load
from gdviz.core.walkthrough import Walkthrough


def output_of(net, scenario) -> np.ndarray:
    return forward(net, np.array(scenario.inputs, dtype=float)).output


def with_weight(net, l, j, i, value):
    weights = [w.copy() for w in net.weights]
    weights[l][j, i] = value
    return net.with_params(tuple(weights), net.biases)


def test_calculating_slopes_gives_14_28_42():
    trainer = load_lesson("calculating-slopes").trainer()
    record = trainer.compute()
    assert record.backward.grad_weights[0].tolist() == [[14, 28, 42]]


def test_improving_weights_error_7_then_5_04():
    s = load_lesson("improving-weights")
    trainer = s.trainer()
    assert output_of(trainer.net, s)[0, 0] - 0 == 7
    trainer.step()
    assert output_of(trainer.net, s)[0, 0] == pytest.approx(5.04, abs=1e-12)
    assert trainer.net.weights[0][0].tolist() == pytest.approx([-0.14, 1.72, 0.58])


def test_twenty_updates_follow_the_course_loop():
    s = load_lesson("multiple-updates")
    trainer = s.trainer()
    assert trainer.run(20) == 20
    # The course's own loop, written independently: mse after each update.
    x, w, y = np.array([1.0, 2, 3]), np.array([0.0, 2, 1]), 0.0
    mse_hist = []
    for _ in range(20):
        w = w - 0.01 * 2 * x * ((w * x).sum() - y)
        mse_hist.append(((w * x).sum() - y) ** 2)
    losses_after = [*trainer.history.values[1:], trainer.dataset_loss()]
    assert losses_after == pytest.approx(mse_hist, rel=1e-12)
    assert all(a > b for a, b in zip(mse_hist, mse_hist[1:]))


def test_two_weights_error_5_gradient_30_40_then_2_5():
    s = load_lesson("slope-and-learning-rate")
    trainer = s.trainer()
    assert output_of(trainer.net, s)[0, 0] - 6 == 5
    record = trainer.step()
    assert record.backward.grad_weights[0].tolist() == [[30, 40]]
    assert output_of(trainer.net, s)[0, 0] - 6 == pytest.approx(2.5, abs=1e-12)


def test_changing_one_weight_error_6_to_0():
    s = load_lesson("changing-one-weight")
    net = s.network()
    assert output_of(net, s)[0, 0] - 3 == 6
    # The course changes node_1's second weight (or the output's weight from node_1) to 0.
    for l, j, i in ((0, 1, 1), (1, 0, 1)):
        fixed = with_weight(net, l, j, i, 0.0)
        assert output_of(fixed, s)[0, 0] - 3 == 0
    # With zero error every slope is zero.
    trainer = s.trainer()
    trainer.state.net = with_weight(net, 0, 1, 1, 0.0)
    record = trainer.compute()
    assert all(not g.any() for g in record.backward.grad_weights)


def test_many_points_mse_37_5_against_49_890625():
    s = load_lesson("many-points")
    net = s.network()
    x, y = np.array(s.inputs, float), np.array(s.targets, float)
    assert loss_of(net, x, y, "mse") == 37.5
    weights_1 = (np.array([[2.0, 1], [1, 1.5]]), np.array([[1.0, 1.5]]))
    assert loss_of(net.with_params(weights_1, None), x, y, "mse") == 49.890625


def test_forward_pass_predicts_16_error_11():
    s = load_lesson("forward-pass-error")
    assert output_of(s.network(), s)[0, 0] == 16
    assert output_of(s.network(), s)[0, 0] - s.targets[0][0] == 11


def test_weight_sensitivity_9_becomes_9_08():
    s = load_lesson("weight-sensitivity")
    net = s.network()
    assert output_of(net, s)[0, 0] - 7 == 9
    nudged = with_weight(net, 1, 0, 0, 2.01)
    assert output_of(nudged, s)[0, 0] - 7 == pytest.approx(9.08, abs=1e-12)
    # Backprop agrees in advance: that weight's slope is positive.
    assert s.trainer().compute().backward.grad_weights[1][0, 0] > 0


def _sigmoid(h):
    return 1 / (1 + np.exp(-h))


@pytest.mark.parametrize("lesson", ["sigmoid-neuron", "sigmoid-neuron-four-inputs"])
def test_sigmoid_neuron_matches_the_delta_rule(lesson):
    s = load_lesson(lesson)
    x, w = np.array(s.inputs[0]), np.array(s.weights[0][0])
    y, lr = s.targets[0][0], s.optimizer["learning_rate"]
    out = _sigmoid(x @ w)
    del_w = lr * (y - out) * out * (1 - out) * x  # the course's error-term update
    record = s.trainer().step()
    assert record.forward.output[0, 0] == pytest.approx(out, rel=1e-15)
    assert (record.after.weights[0][0] - record.before.weights[0][0]) == pytest.approx(del_w, rel=1e-12)


def test_four_input_sigmoid_prints_the_course_numbers():
    record = load_lesson("sigmoid-neuron-four-inputs").trainer().step()
    assert record.forward.output[0, 0] == 0.6899744811276125
    assert record.forward.output[0, 0] - 0.5 == pytest.approx(0.1899744811276125, abs=1e-16)
    change = record.after.weights[0][0] - record.before.weights[0][0]
    assert np.round(change, 8).tolist() == [-0.02031869, -0.04063738, -0.06095608, -0.08127477]


def test_backprop_in_practice_asked_slope_is_6():
    s = load_lesson("backprop-in-practice")
    walk = Walkthrough(s.trainer())
    while not (
        walk.current.phase == "backward"
        and walk.current.kind == "weight"
        and (walk.current.layer, walk.current.node, walk.current.source) == (0, 0, 1)
    ):
        walk.next()
    assert walk.formula().startswith("slope of w(x1 -> node_0) = 3 x 1 x 2 = 6")


def test_stochastic_lesson_has_epochs_and_learns():
    s = load_lesson("stochastic-gradient-descent")
    trainer = s.trainer()
    assert trainer.batch_size == 2 and trainer.batches_per_epoch == 4
    trainer.run(40)
    epochs = [trainer.epoch_and_batch(k)[0] for k in range(1, 41)]
    assert epochs[:5] == [1, 1, 1, 1, 2] and epochs[-1] == 10
    # every epoch visits every sample once
    seen = np.concatenate([trainer.batch_indices(k) for k in range(5, 9)])
    assert sorted(seen.tolist()) == list(range(8))
    assert trainer.dataset_loss() < 0.01 * trainer.history.values[0]


def test_xor_learns():
    s = load_lesson("xor")
    trainer = s.trainer()
    assert trainer.run(1000) == 1000
    out = forward(trainer.net, trainer.x).output.ravel()
    assert (out > 0.5).tolist() == [False, True, True, False]


def test_regression_lesson_loss_falls():
    trainer = load_lesson("regression-4-8-8-1").trainer()
    assert trainer.net.layers == (4, 8, 8, 1)
    start = trainer.dataset_loss()
    trainer.run(400)
    assert trainer.dataset_loss() < 0.1 * start


@pytest.mark.parametrize("path", lesson_paths(), ids=lambda p: p.stem)
def test_every_lesson_opens_trains_and_walks(path):
    s = load(path)
    assert s.title and s.notes
    walk = Walkthrough(s.trainer())
    assert walk.steps and walk.formula()
    for _ in range(len(walk.steps) + 3):
        assert walk.next()
    assert walk.step_number == 2
    assert walk.run(5) == 5


def test_lesson_ids_are_unique_and_listed_in_order():
    ids = [info.id for info in lessons()]
    assert len(ids) == len(set(ids)) >= 14
    assert ids[0] == "calculating-slopes"


def test_a_folder_named_like_a_lesson_does_not_hide_it(tmp_path, monkeypatch):
    from gdviz.core.lessons import resolve

    monkeypatch.chdir(tmp_path)
    (tmp_path / "xor").mkdir()
    name, scenario = resolve("xor")
    assert name == "xor" and scenario.title.startswith("XOR")
