"""The misconception lessons: what each one's notes say happens does happen, in the numbers."""

from __future__ import annotations

import json

import numpy as np

from gdviz.core.lessons import load_lesson
from gdviz.core.network import forward
from gdviz.core.scenario import from_dict


def trained(lesson: str, steps: int):
    trainer = load_lesson(lesson).trainer()
    start = trainer.dataset_loss()
    trainer.run(steps)
    return trainer, start


def test_symmetric_start_keeps_the_hidden_nodes_identical_however_long_it_trains():
    trainer, start = trained("symmetric-start", 500)
    net = trainer.net
    assert trainer.dataset_loss() < start  # it does learn something ...
    assert np.allclose(net.weights[0], net.weights[0][0]) and np.allclose(net.biases[0], net.biases[0][0])
    assert np.allclose(net.weights[1], net.weights[1][0, 0])  # ... as one hidden node would
    values = forward(net, trainer.x).a[1]
    assert np.allclose(values, values[:, :1])


def test_a_saturated_sigmoid_barely_learns_in_a_thousand_steps():
    trainer, start = trained("saturated-sigmoid", 1000)
    assert start > 0.99 and trainer.dataset_loss() > 0.99 * start
    record = load_lesson("saturated-sigmoid").trainer().compute()
    assert 0 < abs(record.backward.grad_weights[0][0, 0]) < 1e-7


def test_a_dead_relu_never_moves_its_weights():
    start = load_lesson("dead-relu").network()
    trainer, loss = trained("dead-relu", 300)
    assert np.array_equal(trainer.net.weights[0][1], start.weights[0][1])  # exactly: slope 0
    assert trainer.net.biases[0][1] == start.biases[0][1]
    assert np.all(forward(trainer.net, trainer.x).a[1][:, 1] == 0)
    assert trainer.dataset_loss() < 0.5 * loss  # node_0 learns on its own


def test_too_large_a_learning_rate_overshoots_oscillates_and_diverges():
    trainer = load_lesson("learning-rate-too-large").trainer()
    errors = []
    for _ in range(8):
        record = trainer.step()
        errors.append(float(record.forward.a[-1][0, 0] - record.y[0, 0]))
    assert np.allclose(errors[:3], [7, -8.68, 10.7632])
    assert all(a * b < 0 and abs(b) > abs(a) for a, b in zip(errors, errors[1:], strict=False))
    assert trainer.check_diverging() is not None
    doc = json.loads(load_lesson("learning-rate-too-large").to_json())
    settles = from_dict({**doc, "optimizer": {"name": "sgd", "learning_rate": 0.06}}).trainer()
    settles.run(60)
    assert settles.dataset_loss() < 1e-6


def test_cross_entropy_corrects_a_confidently_wrong_sigmoid_far_faster_than_mse():
    start = float(forward(load_lesson("cross-entropy-vs-mse").network(), np.array([[2.0]])).output[0, 0])
    assert abs(start - 0.0025) < 0.0001
    mse, _ = trained("cross-entropy-vs-mse", 30)
    bce, _ = trained("cross-entropy-vs-mse-twin", 10)
    assert float(forward(mse.net, mse.x).output[0, 0]) < 0.01  # thirty steps: hardly moved
    assert float(forward(bce.net, bce.x).output[0, 0]) > 0.9  # ten steps: nearly there
