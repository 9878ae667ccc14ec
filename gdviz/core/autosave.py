"""Autosave records: a window's unsaved scenario kept on disk, so a crash or a
killed process costs a lecturer a few seconds of edits, not a lesson.

Each window writes its own file, ``autosave-<pid>-<n>.json`` (n counts the
windows of one process), into a folder the caller chooses. A record whose
writer is still running belongs to that gdviz and is left alone; a record whose
writer has gone is what the next start offers to restore. Writing is atomic
like :meth:`Scenario.save`, and an unreadable record is set aside, never fatal.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from gdviz.core.files import FileRefused, read_bounded, write_atomically
from gdviz.core.scenario import MAX_FILE_BYTES, Scenario, ScenarioError, from_dict

FORMAT = "gdviz-autosave/1"
KEYS = ("format", "pid", "saved_at", "source", "scenario")
MAX_RECORD_BYTES = 4 * MAX_FILE_BYTES
"""Edits can grow a scenario past the file limit; this only guards against reading junk."""
_NAME = re.compile(r"autosave-(\d+)-(\d+)\.json")
_TEMP = re.compile(r"\.autosave-(\d+)-\d+\.json\..*\.tmp")


@dataclass(frozen=True)
class Record:
    """One autosave as read back: what was being edited, where it came from, when and by whom."""

    path: Path
    scenario: Scenario
    source: str
    saved_at: datetime
    pid: int


_WRITTEN: set[str] = set()
"""Records this process wrote. A record named with our own pid that is not among
them was left by an earlier process that had the same pid (pids are reused)."""


def record_path(folder: str | os.PathLike[str], pid: int, window: int = 0) -> Path:
    """The file of window ``window`` of process ``pid``: one per window, so windows never clash."""
    return Path(folder) / f"autosave-{pid}-{window}.json"


def write(
    path: str | os.PathLike[str],
    scenario: Scenario,
    source: str,
    pid: int | None = None,
    saved_at: datetime | None = None,
) -> None:
    """Write a record atomically (temporary file, then rename): a crash mid-write
    leaves the previous record whole."""
    path = Path(path)
    doc = {
        "format": FORMAT,
        "pid": os.getpid() if pid is None else pid,
        "saved_at": (saved_at or datetime.now()).astimezone().isoformat(timespec="seconds"),
        "source": source,
        "scenario": scenario.to_dict(),
    }
    write_atomically(path, json.dumps(doc, allow_nan=False, separators=(",", ":")) + "\n")
    _WRITTEN.add(str(path))


def read(path: str | os.PathLike[str]) -> Record:
    """Read and validate a record. Raises ScenarioError naming the first problem;
    OSError if the file cannot be read at all."""
    path = Path(path)
    try:
        data = read_bounded(path, MAX_RECORD_BYTES)
    except FileRefused as err:
        raise ScenarioError("file", str(err)) from None
    try:
        doc = json.loads(data.decode("utf-8"), parse_constant=_refuse_constant)
    except UnicodeDecodeError as err:
        raise ScenarioError("file", f"is not UTF-8 text (byte {err.start})") from None
    except json.JSONDecodeError as err:
        raise ScenarioError(f"line {err.lineno} column {err.colno}", f"invalid JSON: {err.msg}") from None
    except (ValueError, RecursionError):  # NaN/Infinity, absurd numbers, absurd nesting
        raise ScenarioError("file", "is not a valid autosave") from None
    if not isinstance(doc, dict):
        raise ScenarioError("document", "expected a JSON object")
    for key in KEYS:
        if key not in doc:
            raise ScenarioError(key, "missing")
    if doc["format"] != FORMAT:
        raise ScenarioError("format", f"expected {FORMAT!r}")
    pid = doc["pid"]
    if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
        raise ScenarioError("pid", "expected a process id")
    named = _NAME.fullmatch(path.name)
    if named and int(named[1]) != pid:
        raise ScenarioError("pid", f"{pid} does not match the file name")
    if not isinstance(doc["source"], str):
        raise ScenarioError("source", "expected text")
    try:
        saved_at = datetime.fromisoformat(doc["saved_at"]).astimezone()
    except (TypeError, ValueError):
        raise ScenarioError("saved_at", "expected an ISO 8601 time") from None
    try:
        scenario = from_dict(doc["scenario"])
    except ScenarioError as err:
        raise ScenarioError(f"scenario.{err.place}", err.problem) from None
    return Record(path, scenario, doc["source"], saved_at, pid)


def clear(path: str | os.PathLike[str]) -> None:
    """Remove a record (after a save, a discard or a normal close); a missing one is fine."""
    Path(path).unlink(missing_ok=True)


def pid_alive(pid: int) -> bool:
    """Whether process ``pid`` is still running (then its records are its own business)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _windows_pid_alive(pid)
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # it exists, it just belongs to someone else
    except OSError:
        return False
    return not _zombie(pid)


def _zombie(pid: int) -> bool:
    """Whether ``pid`` has exited but not been reaped: it still answers signal 0,
    but its records are as orphaned as those of a process that is gone."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            stat_line = f.read(4096)
    except OSError:
        return False  # no /proc (macOS) or already gone: signal 0 decided
    state = stat_line.rpartition(b")")[2].split()[:1]
    return state == [b"Z"]


def orphans(folder: str | os.PathLike[str]) -> tuple[list[Record], list[str]]:
    """Records whose writer is no longer running, newest first, and one message per
    record that could not be read. Unreadable records are renamed ``*.corrupt`` so
    they are reported once and never stop a start."""
    folder = Path(folder)
    if not folder.is_dir():
        return [], []
    found: list[Record] = []
    problems: list[str] = []
    for path in sorted(folder.iterdir()):
        temp = _TEMP.fullmatch(path.name)
        if temp and not pid_alive(int(temp[1])):
            path.unlink(missing_ok=True)  # a write cut short by the crash
            continue
        named = _NAME.fullmatch(path.name)
        if named is None or _running(path, int(named[1])):
            continue
        try:
            found.append(read(path))
        except FileNotFoundError:
            continue  # another gdviz starting at the same moment took it
        except OSError as err:
            problems.append(f"{path}: {err.strerror or err}")
        except ScenarioError as err:
            problems.append(f"{path}: {err}; {_set_aside(path)}")
    found.sort(key=lambda r: r.saved_at, reverse=True)
    return found, problems


def _running(path: Path, pid: int) -> bool:
    """Whether the gdviz that wrote ``path`` is still running."""
    if pid == os.getpid():
        return str(path) in _WRITTEN
    return pid_alive(pid)


def _set_aside(path: Path) -> str:
    aside = path.with_name(path.name + ".corrupt")
    try:
        os.replace(path, aside)
    except OSError as err:
        return f"could not move it aside: {err.strerror or err}"
    return f"moved to {aside.name}"


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def _windows_pid_alive(pid: int) -> bool:
    """os.kill(pid, 0) would end the process on Windows; ask the kernel instead."""
    import ctypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    query_limited_information, still_active, access_denied = 0x1000, 259, 5
    handle = kernel32.OpenProcess(query_limited_information, False, pid)
    if not handle:
        return ctypes.get_last_error() == access_denied
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        return code.value == still_active
    finally:
        kernel32.CloseHandle(handle)
