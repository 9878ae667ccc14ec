"""The document workflow without a window: open, save, the unsaved-changes question,
recent files, the crash restore offer and CSV import, each answered by fake prompts."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from gdviz.core import autosave, edits
from gdviz.core.lessons import load_lesson
from gdviz.core.scenario import load


def _edit(session, value: float = 1.5) -> None:
    session.edit("Set weight", lambda s: edits.set_weight(s, 0, 0, 0, value))


@pytest.fixture
def dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_opens_a_lesson_and_a_file_and_remembers_only_the_file(document, lesson_session, settings, tmp_path):
    assert document.open_name("xor")
    assert lesson_session.scenario == load_lesson("xor") and settings.recent_files() == []
    path = tmp_path / "mine.json"
    load_lesson("many-points").save(path)
    assert document.open_name(str(path))
    assert lesson_session.source == str(path) and settings.recent_files() == [str(path.resolve())]


def test_a_file_that_does_not_load_is_a_message_and_nothing_changes(
    document, lesson_session, prompts, tmp_path
):
    before = lesson_session.scenario
    bad = tmp_path / "bad.json"
    bad.write_text("{ not json")
    assert not document.open_name(str(bad))
    assert not document.open_name("no-such-lesson")
    assert [title for title, _ in prompts.errors] == ["Could not open scenario"] * 2
    assert prompts.errors[0][1].startswith(str(bad))
    assert "no such file or built-in lesson" in prompts.errors[1][1]
    assert lesson_session.scenario is before and prompts.asked == []


def test_unsaved_edits_are_settled_before_anything_replaces_them(
    document, lesson_session, prompts, autosaver
):
    _edit(lesson_session)
    assert autosaver.save_now() and autosaver.path.exists()
    prompts.unsaved += ["cancel", "discard"]
    assert not document.open_name("xor")
    assert lesson_session.dirty and lesson_session.scenario.weights[0][0][0] == 1.5
    assert document.open_name("xor")
    assert lesson_session.scenario == load_lesson("xor") and not lesson_session.dirty
    assert not autosaver.path.exists()
    assert prompts.asked == [("unsaved",), ("unsaved",)]


def test_save_of_a_lesson_asks_where_in_the_last_folder_and_adds_json(
    document, lesson_session, prompts, settings, tmp_path, qtbot
):
    earlier = tmp_path / "earlier" / "old.json"
    earlier.parent.mkdir()
    load_lesson("xor").save(earlier)
    settings.remember_recent(str(earlier))
    _edit(lesson_session)
    prompts.paths.append(str(tmp_path / "copy"))
    with qtbot.waitSignal(document.saved) as saved:
        assert document.save()
    assert prompts.asked == [("save", "Save scenario", str(earlier.parent / "backprop-in-practice.json"))]
    target = tmp_path / "copy.json"
    assert saved.args == [str(target)] and lesson_session.source == str(target)
    assert json.loads(target.read_text())["weights"][0][0][0] == 1.5
    assert not lesson_session.dirty and settings.recent_files()[0] == str(target.resolve())


def test_save_of_a_file_writes_it_in_place_without_asking(document, lesson_session, prompts, tmp_path):
    path = tmp_path / "mine.json"
    load_lesson("backprop-in-practice").save(path)
    assert document.open_name(str(path))
    _edit(lesson_session, 2.5)
    assert document.save()
    assert prompts.asked == [] and json.loads(path.read_text())["weights"][0][0][0] == 2.5


def test_a_save_that_fails_or_is_cancelled_keeps_the_edits(
    document, lesson_session, prompts, settings, tmp_path
):
    _edit(lesson_session)
    assert not document.save_to(str(tmp_path / "no-such-folder" / "x.json"))
    title, text = prompts.errors[-1]
    assert title == "Could not save" and text.endswith(
        f"x.json: no such folder {tmp_path / 'no-such-folder'}"
    )
    assert lesson_session.dirty and settings.recent_files() == []
    prompts.unsaved.append("save")  # then the file dialog is cancelled
    assert not document.settle_unsaved()
    assert not document.close() and lesson_session.dirty


def test_close_removes_the_autosave_once_settled(document, lesson_session, prompts, autosaver):
    _edit(lesson_session)
    assert autosaver.save_now()
    prompts.unsaved.append("discard")
    assert document.close()
    assert not autosaver.path.exists()


def test_open_and_import_dialogs_start_in_the_last_folder(document, prompts, settings, tmp_path):
    assert not document.ask_open() and not document.ask_import_csv()  # cancelled: nothing happens
    assert prompts.asked == [
        ("open", "Open scenario", str(Path.home())),
        ("open", "Import data from CSV", str(Path.home())),
    ]
    path = tmp_path / "mine.json"
    load_lesson("xor").save(path)
    prompts.paths.append(str(path))
    assert document.ask_open()
    assert document.ask_open() is False and prompts.asked[-1] == ("open", "Open scenario", str(tmp_path))
    assert settings.last_folder() == str(tmp_path)


def test_restore_offer_restores_then_removes_the_record(
    document, lesson_session, prompts, dead_pid, autosaver
):
    folder = autosaver.folder
    folder.mkdir(parents=True)
    left = autosave.record_path(folder, dead_pid)
    edited = edits.set_weight(load_lesson("xor"), 0, 0, 0, 1.5)
    autosave.write(left, edited, "xor", dead_pid)
    assert not document.offer_restore()  # answered "later": asked again next time
    assert left.exists() and not lesson_session.dirty
    prompts.restore.append("restore")
    assert document.offer_restore()
    assert prompts.asked[-1][:2] == ("restore", load_lesson("xor").title)
    assert lesson_session.scenario == edited and lesson_session.source == "xor" and lesson_session.dirty
    assert not left.exists() and autosave.read(autosaver.path).scenario == edited


def test_a_corrupt_autosave_is_reported_and_nothing_is_asked(document, prompts, dead_pid, autosaver):
    autosaver.folder.mkdir(parents=True)
    left = autosave.record_path(autosaver.folder, dead_pid)
    left.write_text("{")
    assert not document.offer_restore()
    assert prompts.errors[0][0] == "Could not read an autosave" and str(left) in prompts.errors[0][1]
    assert prompts.asked == []


def test_csv_import_replaces_the_data_as_one_undoable_edit(document, lesson_session, prompts, tmp_path):
    before = lesson_session.scenario
    path = tmp_path / "study.csv"
    path.write_text("a,b,y\n1,2,7\n4,5,9\n", encoding="utf-8")
    assert document.import_csv(str(path))
    assert prompts.dialogs == [("2 rows: 2 inputs, 1 target", True)]
    assert lesson_session.scenario.inputs == [[1.0, 2.0], [4.0, 5.0]]
    assert lesson_session.scenario.targets == [[7.0], [9.0]]
    lesson_session.undo_stack.undo()
    assert lesson_session.scenario == before


def test_csv_that_cannot_be_imported_changes_nothing_and_says_why(
    document, lesson_session, prompts, tmp_path
):
    before = lesson_session.scenario
    broken = tmp_path / "broken.csv"
    broken.write_text("a,b,y\n1,2,3\n4,x,6\n", encoding="utf-8")
    assert not document.import_csv(str(broken), confirm=False)
    assert (
        prompts.errors[-1][1].startswith("Nothing was imported from broken.csv:")
        and "line 3" in prompts.errors[-1][1]
    )
    assert not document.import_csv(str(tmp_path / "missing.csv"))
    assert prompts.errors[-1] == (
        "Could not import data",
        f"{tmp_path / 'missing.csv'}: no such file",
    )
    prompts.import_csv = False  # the lecturer cancels the dialog
    good = tmp_path / "good.csv"
    good.write_text("1,2,3\n", encoding="utf-8")
    assert not document.import_csv(str(good))
    assert lesson_session.scenario == before and lesson_session.undo_stack.count() == 0


def test_saving_over_a_file_another_writer_changed_asks_first(document, lesson_session, prompts, tmp_path):
    path = tmp_path / "shared.json"
    load_lesson("backprop-in-practice").save(path)
    assert document.open_name(str(path))
    _edit(lesson_session, 2.5)
    other = load_lesson("xor")
    other.save(path)  # a second window saves its own scenario there
    assert not document.save()  # asked, and Cancel is the default: the other work is kept
    assert prompts.asked[-1] == ("overwrite", str(path)) and load(path) == other
    assert lesson_session.dirty
    prompts.overwrite.append(True)
    assert document.save()
    assert json.loads(path.read_text())["weights"][0][0][0] == 2.5
    _edit(lesson_session, 3.5)
    asked = len(prompts.asked)
    assert document.save() and len(prompts.asked) == asked  # our own last save: no question
    path.unlink()  # deleted since: nothing to keep, so no question either
    assert document.save() and len(prompts.asked) == asked and path.exists()
