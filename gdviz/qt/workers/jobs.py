"""Background work: the GUI thread only draws.

Two kinds of work leave the GUI thread here:

- a *job*: one long task of :mod:`gdviz.core.tasks` at a time (fast-forward,
  race), with its progress in the status bar, cancelled by Esc; whatever it
  finished lands as one model update.
- a *computation*: a short function for a view (a loss grid for a plot); only
  the latest request under a name is delivered, older ones are dropped.

Workers run on a private ``QThreadPool`` and report back through queued
signals, so every result is handled on the GUI thread. A Python worker holds
the GIL only between numpy calls; the GUI thread gets it back within the
interpreter's 5 ms switch interval, so the window keeps drawing.
"""

from __future__ import annotations

import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from gdviz.core.tasks import Task
from gdviz.qt.workers.collector import collect_on_gui_thread

OnDone = Callable[[Task, bool], "str | None"]
"""Gets a job back on the GUI thread: the task, and whether it was cancelled."""
JOB_PRIORITY = 1
"""Jobs go ahead of queued plot computations."""
PROGRESS_SECONDS = 0.05
"""Progress goes to the status bar at most 20 times a second, not once per slice."""


class _Signals(QObject):
    progressed = Signal(object, str)
    finished = Signal(object)


class _JobRunner(QRunnable):
    def __init__(self, task: Task, stop: threading.Event, signals: _Signals) -> None:
        super().__init__()
        self.task, self.stop, self.signals = task, stop, signals
        self.error: BaseException | None = None

    def run(self) -> None:
        last = 0.0
        try:
            while not self.task.finished and not self.stop.is_set():
                self.task.advance()
                now = time.monotonic()
                if now - last >= PROGRESS_SECONDS:
                    last = now
                    self.signals.progressed.emit(self, self.task.progress())
        except Exception as err:  # noqa: BLE001 - reported on the GUI thread, never lost
            self.error = err
        self.signals.finished.emit(self)


class _GuiRunner(QObject):
    """A job whose slices must run on the GUI thread (drawing widgets offscreen):
    one slice per event-loop turn, so input and painting go on between them."""

    def __init__(self, task: Task, stop: threading.Event, signals: _Signals) -> None:
        super().__init__()
        self.task, self.stop, self.signals = task, stop, signals
        self.error: BaseException | None = None
        self._last = 0.0
        self.timer = QTimer(self)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self._on_timer)

    def start(self) -> None:
        self.timer.start()

    def _on_timer(self) -> None:
        try:
            if not self.task.finished and not self.stop.is_set():
                self.task.advance()
                now = time.monotonic()
                if now - self._last >= PROGRESS_SECONDS:
                    self._last = now
                    self.signals.progressed.emit(self, self.task.progress())
                return
        except Exception as err:  # noqa: BLE001 - reported like a worker's
            self.error = err
        self.timer.stop()
        self.signals.finished.emit(self)


class _ComputeRunner(QRunnable):
    def __init__(
        self, name: str, ticket: int, work: Callable[[], Any], signals: _Signals, wanted: Callable[[], bool]
    ) -> None:
        super().__init__()
        self.name, self.ticket, self.work, self.signals, self.wanted = name, ticket, work, signals, wanted
        self.result: Any = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            if self.wanted():  # a newer request under the same name makes this one pointless
                self.result = self.work()
        except Exception as err:  # noqa: BLE001 - reported on the GUI thread
            self.error = err
        self.signals.finished.emit(self)


GIL_SWITCH_S = 0.0002
"""How long a worker may hold the GIL before the GUI thread gets it (see ``Jobs``)."""


class Jobs(QObject):
    """Runs background work and hands results back on the GUI thread."""

    runningChanged = Signal(bool)
    """A job started (True) or ended (False): the window enables its actions."""
    progressed = Signal(str)
    """``Fast-forward 412,000 / 1,000,000 steps``."""
    ended = Signal(str)
    """A line saying how the job ended, for the status bar."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Every Qt call the GUI thread makes gives up the GIL and waits to get it back from a
        # busy worker for up to the switch interval: at Python's 5 ms a redraw of a few dozen
        # calls stalled the window 200-700 ms all through a fast-forward. At 0.2 ms: median
        # stall 0, worst 34 ms, for 5% of the worker's speed (benchmarks/responsiveness.py).
        sys.setswitchinterval(GIL_SWITCH_S)
        collect_on_gui_thread()  # a collection in a worker can deadlock with the GUI thread
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._signals = _Signals(self)
        self._signals.progressed.connect(self._on_worker_progressed)
        self._signals.finished.connect(self._on_worker_finished)
        self._job: _JobRunner | _GuiRunner | None = None
        self._stop = threading.Event()
        self._on_done: OnDone | None = None
        self._tickets: dict[str, int] = {}
        self._receivers: dict[str, Callable[[Any], None]] = {}
        self._queued: dict[str, _ComputeRunner] = {}
        self._runners: set[QObject | QRunnable] = set()
        self._closed = False

    # -- jobs -----------------------------------------------------------------------
    @property
    def running(self) -> bool:
        return self._job is not None

    @property
    def task(self) -> Task | None:
        return self._job.task if self._job else None

    def start(self, task: Task, on_done: OnDone, gui_thread: bool = False) -> bool:
        """Run ``task`` in a worker (or, with ``gui_thread``, a slice per event-loop
        turn on the GUI thread); ``on_done(task, cancelled)`` gets it back on the
        GUI thread, and may return the line the status bar says about it.
        Refused (False, and said in the status bar) while another job runs."""
        if self._closed:
            return False
        if self._job is not None:
            self.ended.emit(
                f"{task.title}: wait for the {self._job.task.title.lower()} to finish (Esc stops it)"
            )
            return False
        self._stop = threading.Event()
        self._on_done = on_done
        if gui_thread:
            self._job = _GuiRunner(task, self._stop, self._signals)
            self._runners.add(self._job)
            self._job.start()
        else:
            self._job = _JobRunner(task, self._stop, self._signals)
            self._job.setAutoDelete(False)
            self._runners.add(self._job)
            self.pool.start(self._job, JOB_PRIORITY)
        self.runningChanged.emit(True)
        self.progressed.emit(task.progress())
        return True

    def cancel(self) -> bool:
        """Ask the running job to stop after its current slice (a few ms); it
        still lands what it finished. False if nothing was running."""
        if self._job is None:
            return False
        self._stop.set()
        return True

    def shutdown(self, ms: int = 2000) -> bool:
        """Closing: cancel the job, drop queued computations, wait for the workers;
        nothing lands after this."""
        self._closed = True
        self.cancel()
        self.pool.clear()
        self._queued.clear()
        return self.pool.waitForDone(ms)

    # -- computations ---------------------------------------------------------------------
    def compute(self, name: str, work: Callable[[], Any], on_result: Callable[[Any], None]) -> None:
        """Run ``work()`` in a worker and give its result to ``on_result``, unless
        another computation under ``name`` was asked for meanwhile."""
        if self._closed:
            return
        ticket = self._tickets.get(name, 0) + 1
        self._tickets[name] = ticket
        self._receivers[name] = on_result
        older = self._queued.pop(name, None)
        if older is not None and self.pool.tryTake(older):
            self._runners.discard(older)  # never started: forgotten at once
        runner = _ComputeRunner(name, ticket, work, self._signals, lambda: self._tickets.get(name) == ticket)
        runner.setAutoDelete(False)
        self._runners.add(runner)
        self._queued[name] = runner
        self.pool.start(runner)

    def forget(self, name: str) -> None:
        """Drop whatever computation under ``name`` is still on its way."""
        self._tickets[name] = self._tickets.get(name, 0) + 1

    @property
    def idle(self) -> bool:
        """No job and no computation in flight (tests wait for this)."""
        return not self._runners

    # -- worker reports (GUI thread) ------------------------------------------------------------
    def _on_worker_progressed(self, runner: QObject | QRunnable, text: str) -> None:
        if runner is self._job and not self._stop.is_set():
            self.progressed.emit(text)

    def _on_worker_finished(self, runner: QObject | QRunnable) -> None:
        self._runners.discard(runner)
        if isinstance(runner, _ComputeRunner):
            if self._queued.get(runner.name) is runner:
                del self._queued[runner.name]
            if runner.error is not None:
                _report(runner.error)
            elif self._tickets.get(runner.name) == runner.ticket and not self._closed:
                self._receivers[runner.name](runner.result)
            return
        if isinstance(runner, _GuiRunner):
            runner.deleteLater()
        if runner is not self._job:
            return
        task, cancelled, on_done = runner.task, self._stop.is_set(), self._on_done
        self._job, self._on_done = None, None
        if self._closed:
            return
        if runner.error is not None:
            on_done(task, True)  # whatever it holds is let go, and nothing stays busy
            self.runningChanged.emit(False)
            self.ended.emit(f"{task.title} failed: {runner.error}")
            _report(runner.error)
            return
        line = on_done(task, cancelled)
        self.runningChanged.emit(False)
        how = "cancelled at" if cancelled else "done:"
        self.ended.emit(line or f"{task.title} {how} {task.done:,} / {task.total:,} {task.unit}")


def _report(err: BaseException) -> None:
    """A bug in background work: told on stderr, while the window carries on."""
    traceback.print_exception(err, file=sys.stderr)
