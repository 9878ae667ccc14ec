"""Fast-forward and the race in the background, without a window: what lands,
what a cancel keeps, keys meanwhile, and results that arrive too late."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core.lessons import load_lesson
from gdviz.core.trace import records
from gdviz.qt.controllers.player import Player
from gdviz.qt.controllers.training import TrainingController
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs


@pytest.fixture
def rig(qtbot):
    session = Session(load_lesson("xor"), "xor")
    jobs = Jobs()
    player = Player(session)
    controller = TrainingController(session, player, jobs)
    yield session, jobs, player, controller
    jobs.shutdown()


def test_fast_forward_runs_in_the_background_and_lands_once(qtbot, rig):
    session, jobs, _, controller = rig
    progress: list[str] = []
    jobs.progressed.connect(progress.append)
    with qtbot.waitSignal(session.changed, timeout=20_000):
        assert controller.fast_forward(3000)
        assert jobs.running and session.busy
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert session.walk.step_number == 3001 and session.walk.index == 0 and not session.busy
    assert progress[0] == "Fast-forward 0 / 3,000 steps"
    t = load_lesson("xor").trainer()
    t.run(3000)
    assert np.array_equal(session.walk.trainer.history.values, t.history.values)


def test_cancel_keeps_exactly_the_completed_steps(qtbot, rig):
    session, jobs, _, controller = rig
    ended: list[str] = []
    jobs.ended.connect(ended.append)
    controller.fast_forward(1_000_000)
    qtbot.waitUntil(lambda: jobs.task.done > 2000, timeout=20_000)
    assert controller.cancel()
    qtbot.waitUntil(lambda: not jobs.running, timeout=2000)
    k = session.walk.step_number - 1
    assert 2000 < k < 1_000_000
    assert ended == [f"Fast-forward cancelled at {k:,} / 1,000,000 steps"]
    (last,) = records(load_lesson("xor").trainer(), k, last_only=True)
    assert session.walk.trainer.history.values[-1] == last.loss
    assert len(session.walk.trainer.history) == k


def test_keys_during_a_job_are_ignored_not_replayed(qtbot, rig):
    session, jobs, player, controller = rig
    player.play()
    controller.fast_forward(200_000)
    assert not player.playing, "Play pauses while a job runs"
    # Whatever is asked meanwhile does nothing now and nothing later.
    assert not session.next() and not session.previous() and not session.finish_step()
    player.play()
    assert not player.playing, "Play waits for the job"
    qtbot.waitUntil(lambda: jobs.task is not None and jobs.task.done > 100, timeout=20_000)
    controller.cancel()
    qtbot.waitUntil(lambda: not jobs.running, timeout=2000)
    player.stop()
    k = session.walk.step_number - 1
    assert session.walk.index == 0 and len(session.walk.trainer.history) == k


def test_a_result_arriving_after_the_lesson_changed_is_dropped(qtbot, rig):
    session, jobs, _, controller = rig
    controller.fast_forward(1_000_000)
    qtbot.waitUntil(lambda: jobs.task.done > 0, timeout=20_000)
    session.load(load_lesson("backprop-in-practice"), "backprop-in-practice")
    qtbot.waitUntil(lambda: not jobs.running, timeout=2000)
    assert session.scenario.title == load_lesson("backprop-in-practice").title
    assert session.walk.step_number == 1 and len(session.walk.trainer.history) == 0


def test_the_race_lands_in_the_session(qtbot, rig):
    session, jobs, _, controller = rig
    with qtbot.waitSignal(session.raceChanged, timeout=20_000):
        controller.race({"sgd": 0.1, "adam": 0.05}, 200)
    assert list(session.race) == ["sgd", "adam"]
    assert all(len(lap.losses) == 200 for lap in session.race.values())
    assert session.race_params == session.surface_params


def test_a_job_that_fails_leaves_nothing_stuck(qtbot, rig, monkeypatch, capsys):
    session, jobs, _, controller = rig
    from gdviz.core.tasks import FastForward

    def broken(self):
        raise RuntimeError("boom")

    monkeypatch.setattr(FastForward, "advance", broken)
    ended: list[str] = []
    jobs.ended.connect(ended.append)
    controller.fast_forward(100)
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert ended == ["Fast-forward failed: boom"] and "RuntimeError: boom" in capsys.readouterr().err
    assert not session.busy and session.next()


def test_epochs_are_capped_like_steps(qtbot, rig):
    session, jobs, _, controller = rig
    session.load(load_lesson("stochastic-gradient-descent"), "stochastic-gradient-descent")
    controller.fast_forward(10_000_000, "epochs")
    assert jobs.task.total == 10_000_000
    controller.cancel()
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)


def test_a_diverged_run_and_a_dropped_one_say_so(qtbot, rig):
    session, jobs, _, controller = rig
    ended: list[str] = []
    jobs.ended.connect(ended.append)
    from dataclasses import replace

    hot = replace(load_lesson("slope-and-learning-rate"), optimizer={"name": "sgd", "learning_rate": 1e150})
    session.load(hot, "hot")
    controller.fast_forward(1000)
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert ended[-1] == (
        "Fast-forward stopped after 1 step: training began diverging at step 1 (Ctrl+F again goes on)"
    )
    controller.fast_forward(1000)
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert ended[-1] == "Fast-forward stopped after 1 step: training diverged"
    session.load(load_lesson("xor"), "xor")
    controller.fast_forward(1_000_000)
    qtbot.waitUntil(lambda: jobs.task.done > 0, timeout=5000)
    session.load(load_lesson("xor"), "xor")
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert ended[-1] == "Fast-forward dropped: the lesson changed while it ran"


def test_a_diverged_contestant_does_not_stretch_the_race_surface(qtbot, rig):
    session, jobs, _, controller = rig
    session.load(load_lesson("calculating-slopes"), "calculating-slopes")
    with qtbot.waitSignal(session.raceChanged, timeout=20_000):
        controller.race({"sgd": 5.0, "adam": 0.05}, 500)
    assert session.race["sgd"].divergence is not None
    work = session.race_surface(40)
    adam = session.race["adam"].path
    assert work.xs[-1] - work.xs[0] < 10 * max(1.0, float(abs(adam).max()))


def test_fast_forward_lands_where_training_begins_diverging_then_goes_on(qtbot, rig):
    session, jobs, player, controller = rig
    from dataclasses import replace

    session.load(
        replace(load_lesson("calculating-slopes"), optimizer={"name": "sgd", "learning_rate": 0.0715}), "x"
    )
    controller.fast_forward(10_000)
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert session.step_number == 578 and session.diverging.step == 577 and not session.diverged
    assert session.loss_history.shape == (577,)
    controller.fast_forward(100)  # past the warning it is not stopped again
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert session.step_number == 678 and session.diverging.step == 577
