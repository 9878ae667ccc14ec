"""Training loop: batches, epochs, seeded shuffling, history, divergence."""

from __future__ import annotations

from collections import deque

import numpy as np
import pytest

from gdviz.core.lessons import lessons, load_lesson
from gdviz.core.losses import LOSSES
from gdviz.core.network import Network
from gdviz.core.optimizers import DEFAULTS, Optimizer
from gdviz.core.training import LEAN_CHUNK, Diverging, LossHistory, Trainer, TrainState


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


# -- the lean path, number for number ---------------------------------------
def with_optimizer(lesson: str, optimizer: str, batch_size: int | None) -> Trainer:
    t = load_lesson(lesson).trainer()
    return Trainer(t.net, t.x, t.y, t.loss, Optimizer.create(optimizer), batch_size=batch_size)


def step_by_step(t: Trainer, steps: int) -> list[TrainState]:
    """``steps`` recorded steps (fewer if training diverges); the state before each."""
    befores = []
    for _ in range(steps):
        state = t.state
        if t.step() is None:
            break
        befores.append(state)
    return befores


def same_state(a: TrainState, b: TrainState) -> bool:
    pairs = list(zip(a.net.weights, b.net.weights)) + list(zip(a.net.biases or (), b.net.biases or ()))
    memory = [(p, q) for qa, qb in zip(a.opt_state.slots, b.opt_state.slots) for p, q in zip(qa, qb)]
    return (
        a.step == b.step
        and a.opt_state.t == b.opt_state.t
        and len(a.opt_state.slots) == len(b.opt_state.slots)
        and all(np.array_equal(p, q) for p, q in pairs + memory)
    )


@pytest.mark.parametrize("optimizer", sorted(DEFAULTS))
@pytest.mark.parametrize(
    ("lesson", "batch_size"),
    [("xor", None), ("xor", 3), ("regression-4-8-8-1", None), ("regression-4-8-8-1", 5)],
)
def test_lean_run_is_stepping_number_for_number(lesson, batch_size, optimizer):
    # Over more than one chunk of lean steps, with batches of 1 and uneven last batches.
    steps = LEAN_CHUNK + 37
    lean, stepped = (with_optimizer(lesson, optimizer, batch_size) for _ in range(2))
    kept: deque[TrainState] = deque(maxlen=5)
    assert lean.run(steps, kept) == steps
    befores = step_by_step(stepped, steps)
    assert np.array_equal(lean.history.values, stepped.history.values)
    assert same_state(lean.state, stepped.state)
    assert lean.diverging is stepped.diverging is None
    assert [s.step for s in kept] == list(range(steps - 5, steps))
    assert all(same_state(k, b) for k, b in zip(kept, befores[-5:], strict=True))


def doubling_identity() -> Trainer:
    """w grows 2x a step: the loss w^2 overflows many steps before anything else does."""
    net = Network((1, 1), ("identity",), (np.array([[1e150]]),), None)
    x, y = np.array([[1.0]]), np.array([[0.0]])
    return Trainer(net, x, y, LOSSES["mse"], Optimizer.create("sgd", learning_rate=1.5))


@pytest.mark.parametrize(
    "make",
    [doubling_identity, lambda: relu_221(0.3), lambda: relu_221(5.0)],
    ids=["loss-overflows", "relu-0.3", "relu-5"],
)
def test_lean_divergence_is_steppings(make):
    lean, stepped = make(), make()
    kept: deque[TrainState] = deque()
    done = lean.run(1000, kept)
    befores = step_by_step(stepped, 1000)
    assert lean.divergence is not None and lean.divergence == stepped.divergence
    assert lean.diverging is not None and lean.diverging == stepped.diverging
    assert done == len(befores) == lean.state.step
    assert np.array_equal(lean.history.values, stepped.history.values)
    assert same_state(lean.state, stepped.state)
    assert len(kept) == done and all(same_state(k, b) for k, b in zip(kept, befores, strict=True))


def test_lean_runs_continue_where_they_stopped():
    whole, pieces = load_lesson("xor").trainer(), load_lesson("xor").trainer()
    whole.run(1000)
    for n in (1, 2, 300, 697):
        pieces.run(n)
    assert np.array_equal(whole.history.values, pieces.history.values)
    assert same_state(whole.state, pieces.state)


# -- diverging: the loss grew more than tenfold --------------------------------
def hot(lesson: str, lr: float) -> Trainer:
    from dataclasses import replace

    return replace(load_lesson(lesson), optimizer={"name": "sgd", "learning_rate": lr}).trainer()


def test_lesson_one_at_learning_rate_5_warns_at_step_1_long_before_it_overflows():
    t = hot("calculating-slopes", 5.0)
    assert t.start_loss == 49 and t.diverging is None
    t.step()  # the loss after it is known as the next step begins, or when asked for
    assert t.check_diverging() == Diverging(1, 49.0, 946_729.0) == t.diverging
    assert t.diverging.message() == (
        "Step 1: the loss grew from 49 to 946,729 (19,321x the starting loss). Try a smaller learning rate."
    )
    t.run(100)  # warned once: it stays the first step's, and training goes on to the overflow
    assert t.diverging.step == 1 and t.divergence.step == 73


DIVERGING = {"learning-rate-too-large"}
"""Lessons made to diverge (their tests are in test_misconceptions.py)."""


@pytest.mark.parametrize("lesson_id", [info.id for info in lessons() if info.id not in DIVERGING])
def test_a_converging_lesson_never_warns(lesson_id):
    t = load_lesson(lesson_id).trainer()
    assert t.run(2000, stop_when_diverging=True) == 2000 and t.diverging is None


@pytest.mark.parametrize(
    ("lesson", "lr", "step", "batch"),
    [
        ("calculating-slopes", 5.0, 1, False),
        ("calculating-slopes", 0.0715, 577, False),  # slowly: in the lean path's second chunk
        ("stochastic-gradient-descent", 0.5, 13, True),  # the next batch's loss, mid-epoch
        ("regression-4-8-8-1", 1.0, 2, True),
    ],
)
def test_lean_and_stepwise_paths_find_the_same_step(lesson, lr, step, batch):
    stepped, lean, stopping = hot(lesson, lr), hot(lesson, lr), hot(lesson, lr)
    step_by_step(stepped, step + 1)
    lean.run(step + 40)
    kept: deque[TrainState] = deque()
    assert stopping.run(2000, kept, stop_when_diverging=True) == step  # stops right after that step
    assert stepped.diverging == lean.diverging == stopping.diverging
    assert (stepped.diverging.step, stepped.diverging.batch) == (step, batch)
    assert stepped.diverging.loss > 10 * stepped.start_loss
    assert np.array_equal(stopping.history.values, stepped.history.values[:step])
    assert [k.step for k in kept] == list(range(step)) and stopping.state.step == step
    assert stopping.run(5, stop_when_diverging=True) == 5  # warned already: it goes on


def test_a_warning_found_in_a_step_that_overflows_comes_with_it():
    # The loss after step 1 overflows: step 1 began diverging, step 2 diverged, both at once.
    net = Network((1, 1), ("identity",), (np.array([[1e100]]),), None)
    lean, stepped = (
        Trainer(
            net,
            np.ones((1, 1)),
            np.zeros((1, 1)),
            LOSSES["mse"],
            Optimizer.create("sgd", learning_rate=1e120),
        )
        for _ in range(2)
    )
    assert lean.run(10, stop_when_diverging=True) == 1
    step_by_step(stepped, 10)
    assert lean.diverging == stepped.diverging == Diverging(1, 1e200, np.inf)
    assert lean.divergence == stepped.divergence and lean.divergence.step == 2
    assert "more than a number can hold" in lean.diverging.message()


def test_going_back_before_the_warning_takes_it_back_and_a_fork_carries_it():
    t = hot("calculating-slopes", 5.0)
    start = t.state
    t.run(3)
    twin = t.fork()
    assert twin.diverging == t.diverging
    t.restore(start)
    assert t.diverging is None
    t.adopt(twin)
    assert t.diverging.step == 1
