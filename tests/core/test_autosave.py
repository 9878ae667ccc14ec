"""Autosave records: written whole, read back checked, offered only when their
writer has gone, and a broken one is set aside instead of stopping a start."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime

import pytest

from gdviz.core import autosave, edits
from gdviz.core.lessons import load_lesson
from gdviz.core.scenario import ScenarioError


@pytest.fixture(scope="module")
def dead_pid() -> int:
    """The pid of a process that has finished (and been reaped)."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    assert not autosave.pid_alive(proc.pid)
    return proc.pid


@pytest.fixture
def edited():
    return edits.set_weight(load_lesson("backprop-in-practice"), 0, 0, 0, 1.5)


def test_write_then_read_gives_back_the_scenario_source_time_and_pid(tmp_path, edited):
    path = autosave.record_path(tmp_path, os.getpid(), 2)
    when = datetime(2024, 3, 5, 14, 30, 7).astimezone()
    autosave.write(path, edited, "lessons/my.json", saved_at=when)
    assert path.name == f"autosave-{os.getpid()}-2.json"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]  # no temporary file left behind
    record = autosave.read(path)
    assert record.scenario == edited
    assert record.scenario.weights[0][0][0] == 1.5
    assert (record.source, record.pid, record.saved_at, record.path) == (
        "lessons/my.json",
        os.getpid(),
        when,
        path,
    )
    doc = json.loads(path.read_text())
    assert doc["format"] == "gdviz-autosave/1"
    assert doc["scenario"] == edited.to_dict()


def test_a_failed_write_keeps_the_previous_record(tmp_path, edited, monkeypatch):
    path = autosave.record_path(tmp_path, os.getpid())
    autosave.write(path, edited, "first")

    def broken_replace(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError):
        autosave.write(path, load_lesson("xor"), "second")
    monkeypatch.undo()
    assert autosave.read(path).source == "first"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]


def test_clear_removes_the_record_and_tolerates_a_missing_one(tmp_path, edited):
    path = autosave.record_path(tmp_path, os.getpid())
    autosave.write(path, edited, "x")
    autosave.clear(path)
    autosave.clear(path)
    assert not path.exists()


def test_pid_alive():
    assert autosave.pid_alive(os.getpid())
    assert not autosave.pid_alive(0)
    assert not autosave.pid_alive(-5)


def test_pid_alive_counts_a_process_of_another_user_as_alive(monkeypatch):
    def denied(pid, signal):
        raise PermissionError(1, "Operation not permitted")

    monkeypatch.setattr(os, "kill", denied)
    assert autosave.pid_alive(12345)


def test_orphans_are_records_of_finished_processes_newest_first(tmp_path, edited, dead_pid):
    older = datetime(2024, 1, 1, 9, 0).astimezone()
    newer = datetime(2024, 1, 1, 10, 0).astimezone()
    autosave.write(autosave.record_path(tmp_path, dead_pid, 0), load_lesson("xor"), "xor", dead_pid, older)
    autosave.write(autosave.record_path(tmp_path, dead_pid, 1), edited, "mine.json", dead_pid, newer)
    running = autosave.record_path(tmp_path, os.getpid())
    autosave.write(running, edited, "still open")
    (tmp_path / "notes.txt").write_text("not a record")
    records, problems = autosave.orphans(tmp_path)
    assert problems == []
    assert [(r.source, r.saved_at, r.pid) for r in records] == [
        ("mine.json", newer, dead_pid),
        ("xor", older, dead_pid),
    ]
    assert records[0].scenario.weights[0][0][0] == 1.5
    assert running.exists()


def test_orphans_of_a_missing_folder_are_none(tmp_path):
    assert autosave.orphans(tmp_path / "never-made") == ([], [])


@pytest.mark.parametrize(
    "content, place",
    [
        (b"{not json", "line 1 column 2"),
        (b"\xff\xfe", "file"),
        (b"[]", "document"),
        (b'{"format": "gdviz-autosave/1"}', "pid"),
        (b'{"format": "gdviz-autosave/1", "pid": NaN, "saved_at": "", "source": "", "scenario": {}}', "file"),
    ],
)
def test_a_corrupt_record_is_reported_and_set_aside(tmp_path, dead_pid, content, place):
    path = autosave.record_path(tmp_path, dead_pid)
    path.write_bytes(content)
    with pytest.raises(ScenarioError) as err:
        autosave.read(path)
    assert err.value.place == place
    records, problems = autosave.orphans(tmp_path)
    assert records == []
    assert len(problems) == 1 and problems[0].startswith(f"{path}: {place}:")
    assert problems[0].endswith(f"moved to {path.name}.corrupt")
    assert not path.exists() and (tmp_path / f"{path.name}.corrupt").read_bytes() == content
    assert autosave.orphans(tmp_path) == ([], [])  # reported once


def test_a_record_with_a_bad_scenario_names_the_place(tmp_path, edited, dead_pid):
    path = autosave.record_path(tmp_path, dead_pid)
    autosave.write(path, edited, "x", dead_pid)
    doc = json.loads(path.read_text())
    doc["scenario"]["weights"][0][0] = [1, 2, 3]
    path.write_text(json.dumps(doc))
    with pytest.raises(ScenarioError, match=r"^scenario\.weights\[0\]\[0\]: expected 2 numbers, got 3$"):
        autosave.read(path)


def test_a_record_whose_pid_does_not_match_its_name_is_refused(tmp_path, edited, dead_pid):
    path = autosave.record_path(tmp_path, dead_pid)
    autosave.write(path, edited, "x", pid=dead_pid + 1)
    with pytest.raises(ScenarioError, match="does not match the file name"):
        autosave.read(path)


def test_a_temporary_file_left_by_a_crashed_writer_is_removed(tmp_path, dead_pid):
    stray = tmp_path / f".autosave-{dead_pid}-0.json.abc123.tmp"
    stray.write_text('{"half')
    ours = tmp_path / f".autosave-{os.getpid()}-0.json.abc123.tmp"
    ours.write_text('{"half')
    assert autosave.orphans(tmp_path) == ([], [])
    assert not stray.exists() and ours.exists()


def test_a_record_named_with_our_reused_pid_is_offered_but_our_own_is_not(tmp_path, edited):
    """pids are reused (routinely in containers): a record with our pid that this
    process did not write was left by a gdviz that ended."""
    ours = autosave.record_path(tmp_path, os.getpid(), 0)
    autosave.write(ours, edited, "mine.json")
    assert autosave.orphans(tmp_path)[0] == []
    autosave._WRITTEN.discard(str(ours))  # as if an earlier process with our pid wrote it
    found, problems = autosave.orphans(tmp_path)
    assert [r.source for r in found] == ["mine.json"] and problems == []
