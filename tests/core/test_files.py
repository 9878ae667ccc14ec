"""Reading only regular files, never past the limit, and writing without damaging the
target: each test reproduces a way the app once hung, ran out of memory or broke a file."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import time
from contextlib import contextmanager

import pytest

from gdviz.core import autosave, csv_data, files
from gdviz.core.csv_data import CsvError
from gdviz.core.files import FileRefused, atomic_output, read_bounded, write_atomically
from gdviz.core.lessons import load_lesson
from gdviz.core.scenario import ScenarioError, load

posix_only = pytest.mark.skipif(os.name != "posix", reason="FIFOs and /dev/zero are POSIX")


@contextmanager
def within(seconds: int):
    """Fail, instead of hanging the suite, when the body blocks (a FIFO read would)."""

    def expired(*_):
        raise TimeoutError(f"still blocked after {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.fixture
def fifo(tmp_path):
    path = tmp_path / "pipe.json"
    os.mkfifo(path)
    return path


@posix_only
def test_a_fifo_is_refused_at_once_as_scenario_csv_and_autosave_record(fifo):
    with within(5):
        with pytest.raises(ScenarioError, match="file: is not a regular file"):
            load(fifo)
        with pytest.raises(CsvError, match="is not a regular file"):
            csv_data.read_text(fifo)
        with pytest.raises(ScenarioError, match="is not a regular file"):
            autosave.read(fifo)


@posix_only
def test_endless_devices_and_links_to_them_are_refused_without_reading(tmp_path):
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    with within(5):
        for path in ("/dev/zero", "/dev/urandom", link):
            with pytest.raises(ScenarioError, match="is not a regular file"):
                load(path)
        with pytest.raises(CsvError, match="is not a regular file"):
            csv_data.read_text(link)


@posix_only
def test_a_fifo_or_device_in_the_autosave_folder_is_set_aside_not_waited_on(tmp_path):
    os.mkfifo(tmp_path / "autosave-999999-0.json")
    (tmp_path / "autosave-999998-0.json").symlink_to("/dev/zero")
    with within(5):
        found, problems = autosave.orphans(tmp_path)
    assert found == [] and len(problems) == 2
    assert all("is not a regular file" in p for p in problems)
    with within(5):
        assert autosave.orphans(tmp_path) == ([], [])  # reported once


def test_at_most_limit_plus_one_bytes_are_read(tmp_path, monkeypatch):
    path = tmp_path / "f"
    path.write_bytes(b"x" * 10)
    assert read_bounded(path, 10) == b"x" * 10
    with pytest.raises(FileRefused, match="is 10 bytes; the limit is 9"):
        read_bounded(path, 9)
    # A file whose size the system does not know (as for /proc files) is read only so far.
    real_fstat = os.fstat
    monkeypatch.setattr(
        os,
        "fstat",
        lambda fd: os.stat_result((stat.S_IFREG | 0o644,) + tuple(real_fstat(fd))[1:6] + (0, 0, 0, 0)),
    )
    reads: list[int] = []
    real_read = os.read
    monkeypatch.setattr(os, "read", lambda fd, n: reads.append(n) or real_read(fd, n))
    with pytest.raises(FileRefused, match="over the 4 byte limit"):
        read_bounded(path, 4)
    assert sum(reads) == 5


def test_utf16_text_is_named_as_such(tmp_path):
    path = tmp_path / "windows.json"
    path.write_bytes('{"layers": [1, 1]}'.encode("utf-16"))
    with pytest.raises(ScenarioError, match="file: is UTF-16 text; save it as UTF-8"):
        load(path)
    csv = tmp_path / "windows.csv"
    csv.write_bytes("x,y\n1,2\n".encode("utf-16"))
    with pytest.raises(CsvError, match="is UTF-16 text"):
        csv_data.read_text(csv)


@posix_only
def test_saving_through_a_symlink_updates_the_target_and_keeps_the_link(tmp_path):
    target = tmp_path / "real" / "lesson.json"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "lesson.json"
    link.symlink_to(target)
    load_lesson("xor").save(link)
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert load(target) == load_lesson("xor")
    assert sorted(p.name for p in target.parent.iterdir()) == ["lesson.json"]  # no temporary left


@posix_only
def test_saving_keeps_the_files_permissions(tmp_path):
    path = tmp_path / "shared.json"
    path.write_text("old")
    path.chmod(0o664)
    load_lesson("xor").save(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    fresh = tmp_path / "new.json"
    load_lesson("xor").save(fresh)
    umask = os.umask(0)
    os.umask(umask)
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o666 & ~umask


@posix_only
def test_a_target_that_is_not_a_regular_file_is_refused_and_left_alone(tmp_path, fifo):
    with pytest.raises(FileRefused, match="is not a regular file"):
        write_atomically(fifo, "text")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    device = tmp_path / "null.json"
    device.symlink_to("/dev/null")
    with pytest.raises(FileRefused, match="is not a regular file"):
        load_lesson("xor").save(device)
    assert os.readlink(device) == "/dev/null" and stat.S_ISCHR(os.stat("/dev/null").st_mode)
    with pytest.raises(FileRefused, match="is a folder"):
        write_atomically(tmp_path, "text")


def test_a_folder_that_cannot_hold_the_temporary_file_is_named(tmp_path, monkeypatch):
    path = tmp_path / "lesson.json"

    def no_permission(**_):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", no_permission)
    with pytest.raises(FileRefused, match=f"cannot write in its folder {tmp_path} "):
        write_atomically(path, "text")


def test_a_failed_write_leaves_the_existing_file_as_it_was(tmp_path):
    path = tmp_path / "slide.gif"
    path.write_bytes(b"GIF89a the old animation")
    with pytest.raises(RuntimeError):
        with atomic_output(path) as temp:
            temp.write_bytes(b"GIF89a half")
            raise RuntimeError("the writer failed")
    assert path.read_bytes() == b"GIF89a the old animation"
    assert [p.name for p in tmp_path.iterdir()] == ["slide.gif"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="zombies are read from /proc")
def test_a_zombie_writer_counts_as_gone():
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:  # exited, not yet reaped: a zombie
        with open(f"/proc/{child.pid}/stat", "rb") as f:
            if f.read().rpartition(b")")[2].split()[0] == b"Z":
                break
    try:
        assert not autosave.pid_alive(child.pid)
    finally:
        child.wait()
    assert autosave.pid_alive(os.getpid())
