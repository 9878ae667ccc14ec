"""Background work hands results back on the GUI thread; the latest request wins."""

from __future__ import annotations

import threading

from PySide6.QtCore import QThread

from gdviz.core.tasks import Task
from gdviz.qt.workers.jobs import Jobs


class Counting(Task):
    """Counts to ``total`` in slices of 10, remembering which thread did the work."""

    title, unit = "Counting", "units"

    def __init__(self, total: int, gate: threading.Event | None = None) -> None:
        super().__init__(total)
        self.gate = gate
        self.threads: set[int] = set()

    def advance(self) -> None:
        if self.gate is not None and self.done:
            self.gate.wait(5.0)  # after the first slice, wait for the test to let it go on
        self.threads.add(threading.get_ident())
        self.done = min(self.total, self.done + 10)


def test_a_job_runs_off_the_gui_thread_and_reports_on_it(qtbot):
    jobs = Jobs()
    landed: list[tuple[Task, bool, bool]] = []
    task = Counting(1000)
    with qtbot.waitSignal(jobs.ended, timeout=5000) as ended:
        assert jobs.start(task, lambda t, c: landed.append((t, c, QThread.currentThread().isMainThread())))
        assert not jobs.start(Counting(5), lambda t, c: None), "one job at a time"
    assert ended.args == ["Counting: wait for the counting to finish (Esc stops it)"]  # the refused one
    qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    assert landed == [(task, False, True)]
    assert threading.get_ident() not in task.threads
    assert not jobs.running and jobs.idle


def test_cancel_lands_what_was_done(qtbot):
    jobs = Jobs()
    gate = threading.Event()
    task = Counting(10_000, gate)
    landed: list[bool] = []
    jobs.start(task, lambda t, cancelled: landed.append(cancelled))
    qtbot.waitUntil(lambda: task.done > 0, timeout=5000)
    assert jobs.cancel()
    gate.set()
    qtbot.waitUntil(lambda: bool(landed), timeout=5000)
    assert landed == [True] and 0 < task.done < 10_000
    assert not jobs.cancel(), "nothing left to cancel"


def test_only_the_latest_computation_under_a_name_is_delivered(qtbot):
    jobs = Jobs()
    got: list[int] = []
    gate = threading.Event()

    def slow() -> int:
        gate.wait(2.0)
        return 1

    jobs.compute("grid", slow, got.append)
    jobs.compute("grid", lambda: 2, got.append)
    gate.set()
    qtbot.waitUntil(lambda: jobs.idle, timeout=5000)
    assert got == [2]
    jobs.compute("grid", lambda: 3, got.append)
    jobs.forget("grid")
    qtbot.waitUntil(lambda: jobs.idle, timeout=5000)
    assert got == [2]


def test_superseded_computations_never_run(qtbot):
    jobs = Jobs()
    jobs.pool.setMaxThreadCount(1)
    gate = threading.Event()
    ran: list[int] = []
    jobs.compute("block", lambda: gate.wait(5.0), lambda _: None)  # holds the only thread
    for k in range(20):
        jobs.compute("grid", lambda k=k: ran.append(k) or k, lambda _: None)
    gate.set()
    qtbot.waitUntil(lambda: jobs.idle, timeout=5000)
    assert ran == [19]


class Cycles(Task):
    """Makes reference cycles for ever (until cancelled): garbage only the cycle collector frees."""

    title, unit = "Cycles", "units"

    def advance(self) -> None:
        for _ in range(2000):
            node: dict = {}
            node["self"] = node
        self.done = min(self.total - 1, self.done + 1)


def test_garbage_is_collected_on_the_gui_thread_never_in_a_worker(qtbot):
    import gc

    collected_in: list[int] = []

    def note(phase: str, info: dict) -> None:
        if phase == "start":
            collected_in.append(threading.get_ident())

    jobs = Jobs()
    assert not gc.isenabled()  # collections happen only where the collector's timer runs
    gc.callbacks.append(note)
    try:
        assert jobs.start(Cycles(10**9), lambda t, c: None)
        qtbot.waitUntil(lambda: len(collected_in) >= 2, timeout=5000)
        assert jobs.cancel()
        qtbot.waitUntil(lambda: not jobs.running, timeout=5000)
    finally:
        gc.callbacks.remove(note)
    assert set(collected_in) == {threading.get_ident()}
