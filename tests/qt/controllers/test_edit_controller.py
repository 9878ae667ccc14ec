"""Edits on large data are checked in a worker and land as one undoable step."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from gdviz.core import edits
from gdviz.core.lessons import load_lesson
from gdviz.qt.controllers.document import DocumentController
from gdviz.qt.controllers.editing import REFUSED, EditController
from gdviz.qt.controllers.player import Player
from gdviz.qt.controllers.training import TrainingController
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

ROWS = 20_000


def big_regression():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(ROWS, 4))
    return replace(load_lesson("regression-4-8-8-1"), inputs=x.tolist(), targets=x[:, :1].tolist())


@pytest.fixture
def rig(qtbot, prompts):
    session = Session(big_regression(), "big.json")
    jobs = Jobs()
    controller = EditController(session, jobs, prompts)
    yield session, jobs, controller
    jobs.shutdown()


def test_an_edit_on_large_data_runs_in_the_background_and_undoes(qtbot, rig):
    session, jobs, _ = rig
    assert session.large
    before = session.scenario
    session.edit("Set w", lambda s: edits.set_weight(s, 0, 0, 0, 1.5))
    assert jobs.running and session.scenario is before  # not yet: it is being checked
    qtbot.waitUntil(lambda: not jobs.running, timeout=20_000)
    assert session.net.weights[0][0, 0] == 1.5 and session.dirty
    session.undo_stack.undo()
    assert session.scenario is before and not session.dirty


def test_a_refused_large_edit_says_why_and_changes_nothing(qtbot, rig, prompts):
    session, jobs, _ = rig
    before = session.scenario
    session.edit("Set learning rate", lambda s: edits.set_setting(s, "learning_rate", -1.0))
    qtbot.waitUntil(lambda: not jobs.running, timeout=20_000)
    assert session.scenario is before and not session.dirty
    title, text = prompts.errors[-1]
    assert title == REFUSED and "learning_rate" in text


def test_an_edit_while_a_fast_forward_runs_is_refused_with_a_reason(qtbot, rig, prompts):
    session, jobs, _ = rig
    said: list[str] = []
    jobs.ended.connect(said.append)
    TrainingController(session, Player(session), jobs).fast_forward(1_000_000)
    session.edit("Set w", lambda s: edits.set_weight(s, 0, 0, 0, 1.5))
    assert said == ["Applying the edit: wait for the fast-forward to finish (Esc stops it)"]
    jobs.cancel()
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert session.net.weights[0][0, 0] != 1.5


def test_a_large_csv_import_lands_in_the_background(qtbot, prompts, autosaver, settings, tmp_path):
    session = Session(load_lesson("regression-4-8-8-1"), "regression-4-8-8-1")
    jobs = Jobs()
    EditController(session, jobs, prompts)
    document = DocumentController(session, Player(session), autosaver, settings, prompts)
    path = tmp_path / "big.csv"
    rows = np.random.default_rng(1).normal(size=(ROWS, 5))
    path.write_text("\n".join(",".join(f"{v:.6f}" for v in row) for row in rows) + "\n")
    assert document.import_csv(str(path), target_columns=1, header=False, confirm=False)
    qtbot.waitUntil(lambda: not jobs.running, timeout=30_000)
    assert len(session.scenario.inputs) == ROWS and session.dirty
    jobs.shutdown()
