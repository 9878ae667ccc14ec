"""Long work cut into slices, so it can run beside a window that keeps drawing.

A task does its work a slice at a time (:meth:`Task.advance`, about
:data:`SLICE_SECONDS` each) on copies of what it needs, never on the state the
window shows. Whoever runs it (a worker thread in the window, a plain loop in
a script) calls ``advance`` until the task is finished or no longer wanted;
whatever has been done so far is always a valid result, so a cancelled
fast-forward keeps the steps it completed.
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from gdviz.core import edits
from gdviz.core.landscape import Param, param_value
from gdviz.core.race import Lap
from gdviz.core.scenario import Scenario, ScenarioError
from gdviz.core.training import Trainer, TrainState

SLICE_SECONDS = 0.02
"""How long one slice aims to take: short enough to stop promptly when cancelled."""


class Task:
    """``done`` of ``total`` units of work; subclasses say how to do the next slice."""

    title = "Working"
    unit = "steps"

    def __init__(self, total: int) -> None:
        self.total = total
        self.done = 0
        self.stopped = False
        """Ended early on its own (training diverged): finished with less than ``total``."""

    @property
    def finished(self) -> bool:
        return self.stopped or self.done >= self.total

    def advance(self) -> None:
        """Do the next slice of work."""
        raise NotImplementedError

    def run(self) -> Task:
        """Do all of it here and now (scripts and tests; the window uses a worker)."""
        while not self.finished:
            self.advance()
        return self

    def progress(self) -> str:
        """``Fast-forward 412,000 / 1,000,000 steps``: what the status bar shows."""
        return f"{self.title} {self.done:,} / {self.total:,} {self.unit}"


class _Sliced:
    """How many units fit in one slice, learnt from how long the last one took."""

    def __init__(self, first: int = 16) -> None:
        self.size = first

    def time(self, run, limit: int) -> int:
        """Run ``run(n)`` for a slice's worth of units (at most ``limit``); returns what it did."""
        n = min(self.size, limit)
        start = time.perf_counter()
        did = run(n)
        elapsed = time.perf_counter() - start
        if did == n and n == self.size:
            scale = SLICE_SECONDS / max(elapsed, 1e-6)
            self.size = max(1, int(self.size * min(4.0, max(0.25, scale))))
        return did


class FastForward(Task):
    """Train ``steps`` whole steps on a fork of ``trainer`` the lean way.

    ``kept`` holds the states at the start of the last ``keep`` steps, so the
    walkthrough can still step back into them after it lands. With
    ``stop_when_diverging`` (the window's fast-forward and Play) it stops where
    training begins diverging, unless it already had when the task started.
    """

    title = "Fast-forward"

    def __init__(self, trainer: Trainer, steps: int, keep: int, stop_when_diverging: bool = False) -> None:
        super().__init__(steps)
        self.stop_when_diverging = stop_when_diverging
        self.source = trainer
        self.start_step = trainer.state.step
        self.twin = trainer.fork()
        self.kept: deque[TrainState] = deque(maxlen=keep)
        self._slices = _Sliced()
        self._warned = trainer.diverging
        """A warning already given before this fast-forward: it does not stop again."""

    @property
    def warned(self) -> bool:
        """Stopped where training began diverging (the loss grew too much)."""
        return self.stopped and self.twin.divergence is None and self.twin.diverging is not self._warned

    def advance(self) -> None:
        stop = self.stop_when_diverging
        run = lambda n: self.twin.run(n, self.kept, stop)  # noqa: E731
        self.done += self._slices.time(run, self.total - self.done)
        if self.twin.divergence is not None or (stop and self.twin.diverging is not self._warned):
            self.stopped = True


class Race(Task):
    """The same scenario trained by several optimizers from its own start.

    Each contestant is trained the lean way; only the two followed
    parameters are kept per step, for the paths on the loss surface.
    """

    title = "Race"

    def __init__(self, scenario: Scenario, rates: dict[str, float], steps: int, params: tuple[Param, Param]):
        super().__init__(steps * len(rates))
        self.steps = steps
        self.params = params
        self.rates = dict(rates)
        self.scenario = scenario
        self._queue = list(rates)
        self._trainers: dict[str, Trainer] = {}
        self._paths: dict[str, list[list[float]]] = {}
        self._slices = _Sliced()

    def _start(self) -> None:
        """Build the contestants (in the worker: on large data this takes a while)."""
        for name, rate in self.rates.items():
            if name not in self._trainers:
                trainer = replace(self.scenario, optimizer={"name": name, "learning_rate": rate}).trainer()
                self._trainers[name] = trainer
                self._paths[name] = [self._point(trainer.state)]

    def _point(self, state: TrainState) -> list[float]:
        return [param_value(state.net, p) for p in self.params]

    def advance(self) -> None:
        if not self._queue:
            return
        self._start()
        name = self._queue[0]
        trainer, path = self._trainers[name], self._paths[name]

        def run(n: int) -> int:
            kept: deque[TrainState] = deque()
            did = trainer.run(n, kept)
            path.extend(self._point(s) for s in list(kept)[1:])
            if did:
                path.append(self._point(trainer.state))
            return did

        left = self.steps - trainer.state.step
        did = self._slices.time(run, left)
        self.done += did
        if trainer.state.step >= self.steps or trainer.divergence is not None:
            # A contestant that diverged ends where it broke; its unrun steps count as done.
            self.done += self.steps - trainer.state.step
            self._queue.pop(0)

    def laps(self) -> dict[str, Lap]:
        """Each contestant's run so far: losses, path and divergence."""
        self._start()
        return {
            name: Lap(
                name, self.rates[name], t.history.values.copy(), np.array(self._paths[name]), t.divergence
            )
            for name, t in self._trainers.items()
        }


class Edit(Task):
    """Applying one edit to a scenario: the edit function with the loader's
    checks, and whether anything changed. On a large data set (100,000 rows)
    both take a second or more, so the window runs them in a worker."""

    title, unit = "Applying the edit", "edit"

    def __init__(self, before: Scenario, change: Callable[[Scenario], Scenario]) -> None:
        super().__init__(1)
        self.before, self.change = before, change
        self.after: Scenario | None = None
        """The edited scenario; None if it was refused or changes nothing."""
        self.refusal: ScenarioError | None = None

    def advance(self) -> None:
        try:
            after = self.change(self.before)
            self.after = None if edits.same(after, self.before) else after
        except ScenarioError as err:
            self.refusal = err
        self.done = 1
