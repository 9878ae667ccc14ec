"""Never losing a lecturer's work: unsaved edits are autosaved while they exist,
closing or opening something else asks first, and after a crash the next start
offers the edits back."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QFileDialog, QMessageBox

from gdviz.core import autosave, edits
from gdviz.core.lessons import load_lesson
from gdviz.core.numbers import DIGITS, fmt
from gdviz.qt.app import open_main_window
from gdviz.qt.controllers import autosaver
from gdviz.qt.main_window import MainWindow

ASK_UNSAVED = MainWindow.ask_unsaved
ASK_RESTORE = MainWindow.ask_restore
"""The real questions, before the fixture below stands in for the first."""

CRASHING_GDVIZ = """
from gdviz.core import edits
from gdviz.qt.controllers import autosaver
from gdviz.qt.app import application, open_main_window

autosaver.AUTOSAVE_MS = 100
app = application()
window = open_main_window("backprop-in-practice")
window.session.edit("Set weight", lambda s: edits.set_weight(s, 0, 0, 0, 1.5))
app.exec()
"""


@pytest.fixture
def folder(tmp_path, monkeypatch):
    """This test's own data folder (so no record leaks into other tests), and a short interval."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.setattr(autosaver, "AUTOSAVE_MS", 50)
    path = tmp_path / "data" / "gdviz" / "autosave"
    assert autosaver.autosave_folder() == path
    return path


class Answers:
    """Answers to the unsaved-changes question, in order, and the titles it was asked about."""

    def __init__(self) -> None:
        self.given: list[str] = []
        self.asked: list[str] = []

    def ask(self, window: MainWindow) -> str:
        self.asked.append(window.session.scenario.title)
        return self.given.pop(0) if self.given else "discard"


@pytest.fixture(autouse=True)
def answers(monkeypatch) -> Answers:
    """Every test answers the question; "discard" once its answers run out, so a
    window left with edits never blocks the end of a test on a dialog."""
    answers = Answers()
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda window: answers.ask(window))
    return answers


@pytest.fixture
def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not autosave.pid_alive(proc.pid)
    return proc.pid


def _set_weight(window: MainWindow, value: float) -> None:
    window.session.edit("Set weight", lambda s: edits.set_weight(s, 0, 0, 0, value))


def _record_weight(path) -> float:
    return autosave.read(path).scenario.weights[0][0][0]


def test_an_edit_is_autosaved_within_the_interval_and_saving_removes_it(qtbot, open_window, folder, tmp_path):
    window = open_window()
    path = window.autosaver.path
    assert path.parent == folder and path.name.startswith(f"autosave-{os.getpid()}-")
    assert not window.autosaver.timer.isActive()
    _set_weight(window, 1.5)
    assert window.autosaver.timer.interval() == 50
    qtbot.waitUntil(path.exists, timeout=3000)
    record = autosave.read(path)
    assert (record.scenario.weights[0][0][0], record.source, record.pid) == (
        1.5,
        "backprop-in-practice",
        os.getpid(),
    )
    _set_weight(window, 2.5)
    qtbot.waitUntil(lambda: _record_weight(path) == 2.5, timeout=3000)

    target = tmp_path / "mine.json"
    assert window.document.save_to(str(target))
    assert not path.exists()
    assert not window.autosaver.timer.isActive()
    assert json.loads(target.read_text())["weights"][0][0][0] == 2.5


def test_undoing_back_to_the_saved_state_removes_the_autosave(qtbot, open_window, folder):
    window = open_window()
    path = window.autosaver.path
    _set_weight(window, 1.5)
    qtbot.waitUntil(path.exists, timeout=3000)
    window.action_undo.trigger()
    assert not window.session.dirty
    assert not path.exists() and not window.autosaver.timer.isActive()


def test_closing_with_unsaved_edits_asks_cancel_keeps_it_discard_closes(qtbot, open_window, folder, answers):
    window = open_window()
    path = window.autosaver.path
    _set_weight(window, 1.5)
    qtbot.waitUntil(path.exists, timeout=3000)
    answers.given += ["cancel", "discard"]
    assert not window.close()
    assert window.isVisible() and window.session.dirty and path.exists()
    assert window.close()
    assert not window.isVisible()
    assert not path.exists()
    assert answers.asked == ["Backpropagation in practice"] * 2


def test_a_window_without_edits_closes_without_asking(open_window, folder, answers):
    window = open_window()
    assert window.close()
    assert answers.asked == []


def test_save_in_the_question_saves_to_the_file_then_closes(open_window, folder, answers, tmp_path):
    window = open_window()
    original = tmp_path / "lesson.json"
    load_lesson("backprop-in-practice").save(original)
    assert window.open_name(str(original))
    _set_weight(window, 1.5)
    answers.given.append("save")
    assert window.close()
    assert json.loads(original.read_text())["weights"][0][0][0] == 1.5
    assert not window.autosaver.path.exists()


def test_a_cancelled_save_in_the_question_keeps_the_window_open(open_window, folder, answers, monkeypatch):
    window = open_window()  # a built-in lesson: Save asks for a file name
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))
    _set_weight(window, 1.5)
    answers.given.append("save")
    assert not window.close()
    assert window.isVisible() and window.session.dirty


def test_opening_a_lesson_over_unsaved_edits_asks_first(qtbot, open_window, folder, answers):
    window = open_window()
    path = window.autosaver.path
    _set_weight(window, 1.5)
    qtbot.waitUntil(path.exists, timeout=3000)
    assert not window.open_name("/no/such/file.json")  # refused before anything is asked
    assert answers.asked == []

    answers.given.append("cancel")
    window.lesson_list.lessonChosen.emit("xor")
    assert window.session.scenario.weights[0][0][0] == 1.5 and window.session.dirty
    assert window.diagram.edge_weight_text(0, 0, 0) == fmt(1.5, DIGITS)

    answers.given.append("discard")
    assert window.open_name("xor")
    assert window.session.scenario == load_lesson("xor")
    assert not window.session.dirty and not path.exists()
    assert answers.asked == ["Backpropagation in practice"] * 2


def _start(qtbot, monkeypatch, answer: str, name: str | None = None) -> tuple[MainWindow, list, list]:
    """The start-up path run_window takes, with the restore question answered ``answer``."""
    asked, errors = [], []
    monkeypatch.setattr(
        MainWindow, "ask_restore", lambda self, title, when: asked.append((title, when)) or answer
    )
    monkeypatch.setattr(MainWindow, "show_error", lambda self, title, text: errors.append((title, text)))
    window = open_main_window(name)
    qtbot.addWidget(window)
    return window, asked, errors


def test_restored_edits_are_unsaved_and_save_writes_them_to_their_file(
    qtbot, monkeypatch, folder, answers, dead_pid, tmp_path
):
    original = tmp_path / "lesson.json"
    load_lesson("backprop-in-practice").save(original)
    edited = edits.set_weight(load_lesson("backprop-in-practice"), 0, 0, 0, 1.5)
    folder.mkdir(parents=True)
    left = autosave.record_path(folder, dead_pid)
    autosave.write(left, edited, str(original), dead_pid)
    window, asked, errors = _start(qtbot, monkeypatch, "restore", "xor")
    assert [title for title, _ in asked] == ["Backpropagation in practice"] and errors == []
    assert window.session.scenario == edited and window.session.source == str(original)
    assert window.session.dirty and window.isWindowModified()
    assert not left.exists() and _record_weight(window.autosaver.path) == 1.5

    _set_weight(window, 2.0)
    window.action_undo.trigger()
    assert window.session.dirty  # still not what the file holds
    window.action_save.trigger()
    assert json.loads(original.read_text())["weights"][0][0][0] == 1.5
    assert not window.session.dirty and not window.autosaver.path.exists()
    assert answers.asked == []


def test_discard_removes_the_autosave_and_later_keeps_it(qtbot, monkeypatch, folder, dead_pid):
    folder.mkdir(parents=True)
    left = autosave.record_path(folder, dead_pid)
    autosave.write(left, edits.set_weight(load_lesson("xor"), 0, 0, 0, 1.5), "xor", dead_pid)
    window, asked, _ = _start(qtbot, monkeypatch, "later")
    assert len(asked) == 1 and left.exists()
    assert window.session.scenario == load_lesson("calculating-slopes") and not window.session.dirty
    window, asked, _ = _start(qtbot, monkeypatch, "discard")
    assert len(asked) == 1 and not left.exists()
    assert not window.session.dirty
    window, asked, _ = _start(qtbot, monkeypatch, "restore")
    assert asked == []


def test_a_corrupt_autosave_is_reported_and_the_start_goes_on(qtbot, monkeypatch, folder, dead_pid):
    folder.mkdir(parents=True)
    left = autosave.record_path(folder, dead_pid)
    left.write_text('{"format": "gdviz-autosave/1", "pid": ')
    window, asked, errors = _start(qtbot, monkeypatch, "restore", "xor")
    assert asked == []
    assert errors == [
        (
            "Could not read an autosave",
            f"{left}: line 1 column 39: invalid JSON: Expecting value; moved to {left.name}.corrupt",
        )
    ]
    assert window.session.scenario == load_lesson("xor")


def test_edits_survive_a_killed_process_and_the_next_start_restores_them(
    qtbot, monkeypatch, folder, answers, tmp_path
):
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        XDG_DATA_HOME=str(tmp_path / "data"),
        XDG_CONFIG_HOME=str(tmp_path / "config"),
    )
    proc = subprocess.Popen(
        [sys.executable, "-c", CRASHING_GDVIZ], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    try:
        pattern = f"autosave-{proc.pid}-*.json"
        qtbot.waitUntil(lambda: proc.poll() is not None or any(folder.glob(pattern)), timeout=60_000)
        assert proc.poll() is None, proc.communicate()[1].decode()
        proc.kill()  # SIGKILL: no close event, no clean-up
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.communicate(timeout=30)
    assert proc.returncode == -9
    (left,) = folder.glob(pattern)
    assert not autosave.pid_alive(proc.pid)

    window, asked, errors = _start(qtbot, monkeypatch, "restore")
    assert [title for title, _ in asked] == ["Backpropagation in practice"] and errors == []
    assert window.session.source == "backprop-in-practice"
    assert window.session.scenario.weights[0][0][0] == 1.5
    assert window.diagram.edge_weight_text(0, 0, 0) == fmt(1.5, DIGITS)
    assert window.session.dirty and window.isWindowModified()
    assert window.windowTitle() == "Backpropagation in practice[*] — gdviz"
    assert not left.exists() and _record_weight(window.autosaver.path) == 1.5


def _answer_dialog(choose) -> list[str]:
    """Once a message box is up, note its text and buttons and press the one ``choose`` picks."""
    seen: list[str] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append(box.text())
        seen.extend(b.text().replace("&", "") for b in box.buttons())
        choose(box).click()

    QTimer.singleShot(0, answer)
    return seen


@pytest.mark.parametrize("button, answer", [("Save", "save"), ("Discard", "discard"), ("Cancel", "cancel")])
def test_the_unsaved_question_offers_save_discard_cancel(qtbot, open_window, folder, button, answer):
    window = open_window()
    _set_weight(window, 1.5)
    standard = getattr(QMessageBox.StandardButton, button)
    seen = _answer_dialog(lambda box: box.button(standard))
    assert ASK_UNSAVED(window) == answer
    assert seen[0] == "“Backpropagation in practice” has changes that are not saved. Save them first?"
    assert sorted(seen[1:]) == ["Cancel", "Discard", "Save"]


@pytest.mark.parametrize("button, answer", [("Restore", "restore"), ("Discard", "discard")])
def test_the_restore_question_offers_restore_or_discard(qtbot, open_window, folder, button, answer):
    window = open_window()
    seen = _answer_dialog(lambda box: next(b for b in box.buttons() if b.text() == button))
    assert ASK_RESTORE(window, "XOR", "2024-03-05 14:30") == answer
    assert seen == ["Restore unsaved edits to “XOR” from 2024-03-05 14:30?", "Restore", "Discard"]


def test_autosave_trouble_stays_in_view_while_presenting_until_it_works_again(qtbot, open_window, folder):
    window = open_window()
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the autosave folder should be")  # every write now fails
    _set_weight(window, 1.5)
    badge, note = window.autosave_badge, window.autosave_note
    qtbot.waitUntil(note.isVisible, timeout=3000)
    assert note.text().strip() == "Autosave is not working (File exists): save with Ctrl+S"
    assert note.toolTip().startswith("Could not autosave to ") and not badge.isVisible()
    window.presentation.enter()
    qtbot.waitUntil(badge.isVisible, timeout=3000)
    assert badge.text() == note.text().strip()
    qtbot.waitUntil(lambda: not window.statusBar().isVisible(), timeout=3000)
    window.autosaver.save_now()  # fails again: the badge stays, not a passing message
    assert badge.isVisible() and window.rect().contains(badge.geometry())
    assert badge.fontInfo().pixelSize() >= 18
    folder.unlink()  # the folder can be made again: the next write works
    qtbot.waitUntil(lambda: not badge.isVisible(), timeout=3000)
    assert window.autosaver.trouble == "" and window.autosaver.path.exists()
    window.presentation.leave()
    assert not note.isVisible()


def test_a_jobs_progress_stands_below_the_autosave_trouble_not_over_it(qtbot, open_window, folder):
    window = open_window("xor")
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the autosave folder should be")
    _set_weight(window, 1.5)
    window.presentation.enter()
    badge, job = window.autosave_badge, window.job_badge
    qtbot.waitUntil(badge.isVisible, timeout=3000)
    window.training.fast_forward(1_000_000)
    qtbot.waitUntil(lambda: job.isVisible() and "Fast-forward" in job.text(), timeout=5000)
    assert not job.geometry().intersects(badge.geometry()) and job.y() > badge.geometry().bottom()
    assert window.rect().contains(job.geometry())
    assert window.jobs.cancel()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=3000)
