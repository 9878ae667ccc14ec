"""Long training work in the background: fast-forward and the optimizer race.

The controller turns a user's request into a task of :mod:`gdviz.core.tasks`,
runs it with :class:`~gdviz.qt.workers.jobs.Jobs` and lands the result in the session
as one update. Play pauses while a job runs, and moving through training is
ignored until it lands (the session is busy), so nothing is queued and
replayed afterwards. A result whose scenario has changed meanwhile is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from gdviz.core.params import Param
from gdviz.core.tasks import FastForward, Race, Task
from gdviz.qt.controllers.player import Player
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

MAX_STEPS = 10_000_000
"""The most a fast-forward may be asked for (about five minutes of xor here)."""


class TrainingController(QObject):
    def __init__(self, session: Session, player: Player, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.player, self.jobs = session, player, jobs
        session.scenarioChanged.connect(self._on_model_scenario_changed)

    def fast_forward(self, count: int, unit: str = "steps") -> bool:
        """Train ``count`` steps (or epochs) in the background; False if refused."""
        if self.session.diverged or count < 1:
            return False
        steps = count * (self.session.batches_per_epoch if unit == "epochs" else 1)
        task = self.session.fast_forward_task(steps=min(steps, MAX_STEPS))
        if self.jobs.running:
            return self.jobs.start(task, self._on_fast_forward_done)  # refused, and said so
        self.player.stop()
        self.session.set_busy(True)
        return self.jobs.start(task, self._on_fast_forward_done)

    def race(self, rates: dict[str, float], steps: int, params: tuple[Param, Param] | None = None) -> bool:
        """Race the optimizers from the scenario's start in the background."""
        params = params or self.session.surface_params
        scenario = self.session.scenario
        task = Race(scenario, rates, steps, params)

        def done(task: Task, cancelled: bool) -> str | None:
            if self.session.scenario is not scenario:
                return "Race dropped: the lesson changed while it ran"
            if isinstance(task, Race):
                self.session.set_race(task.laps(), params)
            return None

        return self.jobs.start(task, done)

    def cancel(self) -> bool:
        return self.jobs.cancel()

    def _on_fast_forward_done(self, task: Task, cancelled: bool) -> str | None:
        self.session.set_busy(False)
        if not isinstance(task, FastForward) or not task.done:
            return None
        if not self.session.land(task):
            return "Fast-forward dropped: the lesson changed while it ran"
        steps = f"{task.done:,} step{'s' if task.done != 1 else ''}"
        if task.stopped and task.warned:
            return (
                f"Fast-forward stopped after {steps}: training began diverging at step "
                f"{self.session.diverging.step:,} (Ctrl+F again goes on)"
            )
        if task.stopped:
            return f"Fast-forward stopped after {steps}: training diverged"
        return None

    def _on_model_scenario_changed(self) -> None:
        # Another lesson, an edit or an undo: whatever is running belongs to the old one.
        self.jobs.cancel()
