"""The step-through of one training step, forward and back."""

from __future__ import annotations

import numpy as np

from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import AVERAGE, BACKWARD, FORWARD, LOSS, RESULT, UPDATE
from gdviz.core.network import loss_of
from gdviz.core.training import Trainer
from gdviz.core.walkthrough import Walkthrough


def walk_of(lesson: str, **kw) -> Walkthrough:
    return Walkthrough(load_lesson(lesson).trainer(), **kw)


def snapshot(w: Walkthrough):
    return (w.step_number, w.index, w.current, w.formula())


def test_order_of_phases_for_one_sample():
    w = walk_of("backprop-in-practice")
    phases = [m.phase for m in w.steps]
    # 2-2-1, no biases: 3 node forwards, loss, 3 node backwards, 6 weight slopes, 6 updates, the result.
    assert phases == [FORWARD] * 3 + [LOSS] + [BACKWARD] * 9 + [UPDATE] * 6 + [RESULT]
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
    assert w.next_phase() and w.next_phase() and w.phase == RESULT and w.step_number == 1
    assert w.next_phase() and w.step_number == 2 and w.index == 0


def test_finish_step_and_run():
    w = walk_of("multiple-updates")
    w.finish_step()
    assert w.phase == RESULT and w.index == len(w.steps) - 1
    assert w.run(20) == 20 and w.step_number == 21 and w.index == 0
    for _ in range(len(w.steps) * 3):
        w.previous()
    assert w.step_number == 18


def test_finish_step_again_finishes_the_next_step():
    w = walk_of("improving-weights")
    for step in (1, 2, 3):
        assert w.finish_step()
        assert (w.step_number, w.phase, w.index) == (step, RESULT, len(w.steps) - 1)
        assert w.frame().weight_updated[0].all() and len(w.trainer.history) == step - 1
    assert w.trainer.history.values.tolist()[:1] == [49.0]
    while w.previous():  # all the way back, through each finished step
        pass
    assert w.at_start


def test_finish_step_into_divergence_stops_there():
    t = load_lesson("slope-and-learning-rate").trainer()
    t = Trainer(t.net, t.x, t.y, t.loss, type(t.optimizer).create("sgd", learning_rate=1e150))
    w = Walkthrough(t)
    presses = 0
    while w.finish_step():
        presses += 1
        assert presses < 20
    assert w.divergence is not None and w.record is None


def test_the_result_shows_the_output_and_loss_of_the_new_weights():
    w = walk_of("improving-weights")
    w.finish_step()
    f = w.frame()
    assert f.result and f.values[-1].tolist() == [5.04] and f.loss == w.trainer.dataset_loss(w.record.after)
    assert f.value_known[-1].all() and not f.node_slope_known[-1].any()
    assert f.values_before[-1].tolist() == [7.0] and f.loss_before == 49
    assert f.error_texts() == ["5.04"] and f.loss_text() == "loss 49 → 25.40"
    assert f.value_text((1, 0)) == "5.04" and f.change_text((1, 0)) == "7 → 5.04"
    assert w.formula() == (
        "with the new weights: output = 5.04, error = 5.04 - 0 = 5.04, loss = (5.04)^2 = 25.40\n"
        "(before the update: output 7, loss 49)"
    )
    assert "Loss 49 → 25.40" in w.status() and "Result" in w.status()
    # The next step starts from there: its forward pass gives the same 5.04.
    w.next()
    assert w.frame().loss is None and w.formula() == "output = -0.14*1 + 1.72*2 + 0.58*3 = 5.04"


def test_the_result_of_a_batch_is_its_batch_loss():
    w = walk_of("stochastic-gradient-descent")
    w.finish_step()
    f, record = w.frame(), w.record
    assert f.result and f.loss_label() == "batch loss" and f.sample == len(record.x) - 1
    assert f.loss == loss_of(record.after, record.x, record.y, w.trainer.loss) < record.loss
    first, second = w.formula().split("\n")
    assert first.startswith("with the new weights: batch loss = (") and "before the update: 4.5" in first
    assert second.startswith(f"row {record.indices[-1] + 1}: output = ")
    assert f"sample loss (row {record.indices[-1] + 1}) = " in second


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
    w.run(10)  # passes where the loss began to grow (step 1) and on to the overflow
    assert w.trainer.diverging.step == 1
    assert w.divergence is not None and w.record is None and w.current is None
    assert "diverged" in w.formula() and "nan" not in w.formula().lower()
    assert not w.next()
    assert w.previous() and w.divergence is None and w.current.phase == RESULT
    assert all(np.isfinite(x).all() for x in w.record.after.weights)
