"""Long work in slices: a fast-forward or a race gives the same numbers as
training step by step, and a cancelled one keeps exactly what it finished."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from gdviz.core.lessons import load_lesson
from gdviz.core.race import CONTESTANTS, DEFAULT_RATES, race
from gdviz.core.tasks import FastForward, Race
from gdviz.core.trace import records
from gdviz.core.training import Trainer
from gdviz.core.walkthrough import Walkthrough


def same_params(a, b) -> bool:
    pairs = list(zip(a.weights, b.weights)) + list(zip(a.biases or (), b.biases or ()))
    return all(np.array_equal(x, y) for x, y in pairs)


def test_lean_run_equals_recorded_steps_exactly():
    for lesson in ("xor", "regression-4-8-8-1", "stochastic-gradient-descent", "sigmoid-neuron"):
        lean, recorded = load_lesson(lesson).trainer(), load_lesson(lesson).trainer()
        assert lean.run(37) == 37
        for _ in range(37):
            recorded.step()
        assert same_params(lean.net, recorded.net), lesson
        assert np.array_equal(lean.history.values, recorded.history.values)
        assert lean.state.opt_state.t == recorded.state.opt_state.t


def test_fast_forward_lands_where_stepping_would():
    walk = Walkthrough(load_lesson("xor").trainer())
    walk.next()  # somewhere inside step 1: fast-forward still starts from step 1's start
    task = walk.fast_forward(500)
    assert walk.trainer.state.step == 0, "a task works on a fork, never on the walkthrough"
    task.run()
    assert walk.land(task) == 500 and walk.step_number == 501 and walk.index == 0
    t = load_lesson("xor").trainer()
    t.run(500)
    assert same_params(walk.trainer.net, t.net)
    assert len(walk.trainer.history) == 500
    # The steps just run can be stepped back into.
    assert walk.previous() and walk.step_number == 500


def test_a_cancelled_fast_forward_keeps_exactly_the_completed_steps():
    walk = Walkthrough(load_lesson("xor").trainer())
    task = walk.fast_forward(1_000_000)
    task.advance()
    task.advance()
    k = task.done
    assert 0 < k < 1_000_000 and not task.finished
    assert walk.land(task) == k and walk.step_number == k + 1
    (last,) = records(load_lesson("xor").trainer(), k, last_only=True)
    assert walk.trainer.history.values[-1] == last.loss
    assert same_params(walk.trainer.net, last.after)


def test_a_task_from_another_position_is_refused():
    walk = Walkthrough(load_lesson("xor").trainer())
    task = walk.fast_forward(10).run()
    walk.run(3)  # the walkthrough moved on meanwhile
    assert walk.land(task) == 0 and walk.step_number == 4
    other = Walkthrough(load_lesson("xor").trainer())
    assert other.land(walk.fast_forward(5).run()) == 0


def test_a_diverging_fast_forward_stops_at_the_bad_step():
    t = load_lesson("slope-and-learning-rate").trainer()
    t = Trainer(t.net, t.x, t.y, t.loss, type(t.optimizer).create("sgd", learning_rate=1e150))
    walk = Walkthrough(t)
    task = walk.fast_forward(1000).run()
    assert task.stopped and not task.warned and task.done < 1000
    walk.land(task)
    assert walk.divergence is not None and walk.divergence.step == task.done + 1
    assert walk.record is None and walk.trainer.diverging.step == 1


def test_a_fast_forward_asked_to_stops_where_training_begins_diverging_once():
    t = replace(load_lesson("calculating-slopes"), optimizer={"name": "sgd", "learning_rate": 5}).trainer()
    walk = Walkthrough(t)
    warned = FastForward(t, 1000, 10, stop_when_diverging=True).run()
    assert warned.stopped and warned.warned and warned.done == 1
    assert walk.land(warned) == 1 and walk.trainer.diverging.step == 1 and walk.record is not None
    again = FastForward(t, 1000, 10, stop_when_diverging=True).run()  # warned already: on to the overflow
    assert again.stopped and not again.warned and walk.land(again) == 71
    assert walk.divergence.step == 73 and walk.trainer.diverging.step == 1


def test_progress_reads_as_counts():
    task = FastForward(load_lesson("xor").trainer(), 1_000_000, 10)
    task.done = 412_000
    assert task.progress() == "Fast-forward 412,000 / 1,000,000 steps"


def test_race_task_matches_the_race():
    s = load_lesson("slope-and-learning-rate")
    rates = {name: DEFAULT_RATES[name] for name in CONTESTANTS} | {"sgd": 1e150}
    params = ((0, 0, 0), (0, 0, 1))
    task = Race(s, rates, 40, params).run()
    assert task.done == task.total == 160
    for name, lap in race(s, rates, 40, params).items():
        mine = task.laps()[name]
        assert np.array_equal(mine.losses, lap.losses) and np.array_equal(mine.path, lap.path), name
        assert (mine.divergence is None) == (lap.divergence is None)
