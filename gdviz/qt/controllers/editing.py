"""Edits on large data, checked in the background.

An edit is a function from :mod:`gdviz.core.edits`; checking its result with
the loader is instant on a lesson but takes a second or more on 100,000 rows.
For large data the session hands edits here: a job applies it in a worker,
then the session pushes it as one undoable step. A refused edit is said in a
message; nothing changes. While another job runs, the edit is refused and the
status bar says why; Esc cancels an edit being checked.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject

from gdviz.core.scenario import Scenario
from gdviz.core.tasks import Edit, Task
from gdviz.qt.controllers.prompts import Prompts
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

REFUSED = "Could not apply the edit"


class EditController(QObject):
    def __init__(self, session: Session, jobs: Jobs, prompts: Prompts, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.jobs, self.prompts = session, jobs, prompts
        session.edit_runner = self.apply

    def apply(self, text: str, change: Callable[[Scenario], Scenario]) -> bool:
        """Check ``change`` on the current scenario in a worker; False if another job runs."""
        before = self.session.scenario

        def done(task: Task, cancelled: bool) -> str | None:
            if not isinstance(task, Edit) or cancelled:
                return f"{text}: cancelled, nothing changed"
            if task.refusal is not None:
                self.prompts.show_error(REFUSED, f"{text}: {task.refusal}")
            elif task.after is not None:
                self.session.push_edit(text, before, task.after)
            return None

        return self.jobs.start(Edit(before, change), done)  # refused, and said, while another job runs
