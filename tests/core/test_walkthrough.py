"""The step-through of one training step, forward and back."""

from __future__ import annotations

import numpy as np

from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import AVERAGE, BACKWARD, FORWARD, LOSS, UPDATE
from gdviz.core.training import Trainer
from gdviz.core.walkthrough import Walkthrough


def walk_of(lesson: str, **kw) -> Walkthrough:
    return Walkthrough(load_lesson(lesson).trainer(), **kw)


def snapshot(w: Walkthrough):
    return (w.step_number, w.index, w.current, w.formula())


def test_order_of_phases_for_one_sample():
    w = walk_of("backprop-in-practice")
    phases = [m.phase for m in w.steps]
    # 2-2-1, no biases: 3 node forwards, loss, 3 node backwards, 6 weight slopes, 6 updates.
    assert phases == [FORWARD] * 3 + [LOSS] + [BACKWARD] * 9 + [UPDATE] * 6
    kinds = [m.kind for m in w.steps if m.phase == BACKWARD]
    assert kinds == ["node", "weight", "weight", "node", "node"] + ["weight"] * 4


def test_batch_walks_each_sample_then_averages():
    w = walk_of("stochastic-gradient-descent")
    samples = [m.sample for m in w.steps if m.phase == FORWARD]
    assert samples == [0, 1]
    averages = [m for m in w.steps if m.phase == AVERAGE]
    assert len(averages) == 3  # two weights and a bias
    w.index = w.steps.index(averages[0])
    text = w.formula()
    assert "/ 2 =" in text and "average" in text
    batch_loss = [m for m in w.steps if m.phase == LOSS and m.sample < 0]
    assert len(batch_loss) == 1


def test_formulas_use_the_course_terms():
    w = walk_of("changing-one-weight")
    assert w.formula() == "node_0 = relu(2*0 + 1*3) = relu(3) = 3"
    w2 = walk_of("slope-and-learning-rate")
    w2.index = next(k for k, m in enumerate(w2.steps) if m.phase == UPDATE)
    assert w2.formula().startswith("w(x0 -> output) = 1 - 0.01 x 30 = 0.7")


def test_next_past_the_end_applies_the_step():
    w = walk_of("improving-weights")
    n = len(w.steps)
    for _ in range(n):
        assert w.next()
    assert w.step_number == 2 and w.index == 0
    assert w.trainer.history.values.tolist() == [49.0]
    assert w.formula() == "output = -0.14*1 + 1.72*2 + 0.58*3 = 5.04"


def test_stepping_back_restores_exactly_what_was_shown():
    w = walk_of("stochastic-gradient-descent")
    seen = []
    for _ in range(60):
        seen.append(snapshot(w))
        w.next()
    for expected in reversed(seen):
        assert w.previous()
        assert snapshot(w) == expected
    assert w.at_start and not w.previous()


def test_phase_jumps():
    w = walk_of("backprop-in-practice")
    assert w.next_phase() and w.phase == LOSS
    assert w.next_phase() and w.phase == BACKWARD
    assert w.next_phase() and w.phase == UPDATE
    w.next()
    assert w.previous_phase() and w.phase == UPDATE and w.steps[w.index - 1].phase == BACKWARD
    assert w.previous_phase() and w.phase == BACKWARD and w.steps[w.index - 1].phase == LOSS
    assert w.next_phase() and w.next_phase() and w.step_number == 2 and w.index == 0


def test_finish_step_and_run():
    w = walk_of("multiple-updates")
    w.finish_step()
    assert w.phase == UPDATE and w.index == len(w.steps) - 1
    assert w.run(20) == 20 and w.step_number == 21 and w.index == 0
    for _ in range(len(w.steps) * 3):
        w.previous()
    assert w.step_number == 18


def test_reset():
    w = walk_of("xor")
    w.run(30)
    w.reset()
    assert w.at_start and w.step_number == 1 and len(w.trainer.history) == 0


def test_history_limit_bounds_stepping_back():
    w = walk_of("multiple-updates", history_limit=5)
    w.run(20)
    backs = 0
    while w.previous():
        backs += 1
    assert w.step_number == 16  # five steps back, no further


def test_divergence_stops_walk_and_previous_still_works():
    t = load_lesson("slope-and-learning-rate").trainer()
    t = Trainer(t.net, t.x, t.y, t.loss, type(t.optimizer).create("sgd", learning_rate=1e150))
    w = Walkthrough(t)
    w.run(10)  # stops where the loss began to grow (step 1), then goes on to the overflow
    assert w.trainer.diverging.step == 1 and w.divergence is None
    w.run(10)
    assert w.divergence is not None and w.record is None and w.current is None
    assert "diverged" in w.formula() and "nan" not in w.formula().lower()
    assert not w.next()
    assert w.previous() and w.divergence is None and w.current.phase == UPDATE
    assert all(np.isfinite(x).all() for x in w.record.after.weights)
