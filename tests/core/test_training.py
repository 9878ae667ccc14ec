"""Training loop: batches, epochs, seeded shuffling, history, divergence."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core.lessons import load_lesson
from gdviz.core.losses import LOSSES
from gdviz.core.network import Network
from gdviz.core.optimizers import Optimizer
from gdviz.core.training import LossHistory, Trainer


def relu_221(lr: float) -> Trainer:
    net = Network(
        (2, 2, 1),
        ("relu", "identity"),
        (np.array([[2.0, 1.0], [1.0, 2.0]]), np.array([[1.0, 1.0]])),
        (np.zeros(2), np.zeros(1)),
    )
    x = np.array([[0.0, 3.0], [1.0, 2.0], [-1.0, -2.0], [4.0, 0.0]])
    y = np.array([[1.0], [3.0], [5.0], [7.0]])
    return Trainer(net, x, y, LOSSES["mse"], Optimizer.create("sgd", learning_rate=lr))


def sgd_lesson(batch_size, seed=0) -> Trainer:
    s = load_lesson("stochastic-gradient-descent")
    t = s.trainer()
    return Trainer(t.net, t.x, t.y, t.loss, t.optimizer, batch_size=batch_size, seed=seed)


def test_full_batch_uses_every_sample_each_step():
    t = sgd_lesson(None)
    assert t.full_batch and t.batches_per_epoch == 1
    record = t.step()
    assert record.indices.tolist() == list(range(8)) and record.epoch == 1


@pytest.mark.parametrize("batch_size", [1, 3])
def test_each_epoch_is_a_permutation(batch_size):
    t = sgd_lesson(batch_size)
    per = t.batches_per_epoch
    assert per == -(-8 // batch_size)
    for epoch in range(3):
        seen = np.concatenate([t.batch_indices(epoch * per + b + 1) for b in range(per)])
        assert sorted(seen.tolist()) == list(range(8))


def test_same_seed_same_run_other_seed_other_order():
    a, b, c = sgd_lesson(2, seed=5), sgd_lesson(2, seed=5), sgd_lesson(2, seed=6)
    a.run(12)
    b.run(12)
    c.run(12)
    assert np.array_equal(a.history.values, b.history.values)
    assert not np.array_equal(a.history.values, c.history.values)
    assert [a.batch_indices(k).tolist() for k in range(1, 9)] != [
        c.batch_indices(k).tolist() for k in range(1, 9)
    ]


def test_batch_of_a_step_does_not_depend_on_history():
    t = sgd_lesson(3, seed=1)
    late = t.batch_indices(10).tolist()
    t.run(9)
    assert t.compute().indices.tolist() == late


def test_restore_rewinds_exactly():
    t = relu_221(0.01)
    t.run(3)
    saved = t.state
    after3 = t.net.weights[0].copy()
    t.run(4)
    t.restore(saved)
    assert len(t.history) == 3 and t.state.step == 3
    assert np.array_equal(t.net.weights[0], after3)
    record = t.step()
    assert record.step == 4


def test_divergence_is_caught_at_its_step_and_keeps_parameters():
    t = relu_221(5.0)
    done = t.run(1000)
    assert t.divergence is not None
    assert t.divergence.step == done + 1
    assert "smaller learning rate" in t.divergence.message()
    assert all(np.isfinite(w).all() for w in t.net.weights)
    assert np.isfinite(t.history.values).all() and len(t.history) == done
    assert t.step() is None and t.state.step == done


def test_divergence_raises_no_numpy_warnings(recwarn):
    relu_221(5.0).run(1000)
    assert not [w for w in recwarn if issubclass(w.category, RuntimeWarning)]


def test_frozen_biases_stay_put():
    t = relu_221(0.01)
    t = Trainer(t.net, t.x, t.y, t.loss, t.optimizer, train_biases=False)
    record = t.step()
    assert record.bias_directions is None
    assert all(np.array_equal(a, b) for a, b in zip(record.after.biases, record.before.biases))
    assert record.backward.grad_biases is not None  # slopes are still shown


def test_history_is_compact_for_a_million_steps():
    h = LossHistory()
    for k in range(1_000_000):
        h.append(float(k))
    assert len(h) == 1_000_000 and h.values[-1] == 999_999.0
    assert h.nbytes < 20_000_000
    h.truncate(10)
    assert h.values.tolist() == [float(k) for k in range(10)]
    with pytest.raises(ValueError):
        h.values[0] = 1.0


def test_epoch_and_batch_numbering():
    t = sgd_lesson(3)
    assert [t.epoch_and_batch(k) for k in range(1, 5)] == [(1, 1), (1, 2), (1, 3), (2, 1)]
    assert t.epoch_boundaries(10).tolist() == [3, 6, 9]
