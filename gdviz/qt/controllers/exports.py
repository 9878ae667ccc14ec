"""Exports for slides and hand-outs: plots as PNG/SVG, the loss history as CSV, the
diagram as PNG/SVG, a training step as an animated GIF, its worked solution as Markdown.

Each ``ask_*`` asks where (a name built from the lesson, in the last folder
used) and writes; each plain method writes to a given path and returns whether
it did. A place that cannot be written is a message, never a traceback, and
exporting never moves the lesson on.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from gdviz.core.files import write_atomically
from gdviz.core.history_csv import save_history_csv
from gdviz.core.tasks import Task
from gdviz.qt.controllers.prompts import Prompts
from gdviz.qt.controllers.settings import SettingsController
from gdviz.qt.plots.export import save_png, save_svg
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

FAILED = "Could not export"


class ExportController(QObject):
    """Writes what ``session`` shows: its ``diagram`` view, and the panels in ``plots``
    (a dict the window fills once the plots exist, by name such as "loss curve")."""

    gifWritten = Signal(str)
    """A GIF export finished writing this file."""

    def __init__(
        self,
        session: Session,
        diagram: QWidget,
        plots: dict[str, QWidget],
        settings: SettingsController,
        prompts: Prompts,
        jobs: Jobs,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.diagram, self.plots = session, diagram, plots
        self.settings, self.prompts, self.jobs = settings, prompts, jobs

    # -- asking where ---------------------------------------------------------------------
    def suggested_name(self, what: str, kind: str) -> str:
        """Lesson or file name, what, extension: ``xor-diagram.png``."""
        return f"{Path(self.session.source).stem or 'scenario'}-{what}.{kind}"

    def _ask(self, title: str, name: str, label: str, kind: str) -> str:
        """A path from the lecturer, with ``.kind`` added if they gave no extension; "" if cancelled."""
        suggested = str(Path(self.settings.last_folder()) / name)
        path = self.prompts.ask_save_path(title, suggested, f"{label} (*.{kind})")
        return path if not path or Path(path).suffix else f"{path}.{kind}"

    def ask_plot(self, name: str, kind: str) -> bool:
        """File > Export > a plot: ``name`` as ``kind`` "png" or "svg", where the lecturer says."""
        path = self._ask(f"Export {name}", f"{name.replace(' ', '-')}.{kind}", kind.upper(), kind)
        return bool(path) and self.plot(self.plots[name], kind, path)

    def ask_history_csv(self) -> bool:
        """File > Export > Loss history as CSV."""
        path = self._ask("Export loss history", "loss-history.csv", "CSV", "csv")
        return bool(path) and self.history_csv(path)

    def ask_diagram(self, kind: str) -> bool:
        """File > Export > Diagram as PNG or SVG."""
        path = self._ask("Export diagram", self.suggested_name("diagram", kind), kind.upper(), kind)
        return bool(path) and self.diagram_image(kind, path)

    def ask_gif(self) -> bool:
        """File > Export > Training step as GIF (the current step)."""
        name = self.suggested_name(f"step-{self.session.step_number}", "gif")
        path = self._ask("Export training step as GIF", name, "Animated GIF", "gif")
        return bool(path) and self.gif(path)

    def ask_markdown(self) -> bool:
        """File > Export > Worked solution: the current step, as ``gdviz trace --last`` writes it."""
        step = self.session.step_number
        path = self._ask(
            "Export worked solution", self.suggested_name(f"step-{step}", "md"), "Markdown", "md"
        )
        return bool(path) and self.markdown(path, step, last=True)

    # -- writing --------------------------------------------------------------------------
    def _failed(self, path: str, err: OSError | ValueError) -> bool:
        """Say what went wrong, naming the file once."""
        text = str(err)
        if getattr(err, "strerror", None):
            text = f"{path}: {err.strerror}"
        elif isinstance(err, OSError) and path not in text:
            text = f"{path}: {text}"
        self.prompts.show_error(FAILED, text)
        return False

    def plot(self, panel: QWidget, kind: str, path: str) -> bool:
        """A plot panel as it is on screen, ``kind`` "png" or "svg"."""
        try:
            (save_svg if kind == "svg" else save_png)(panel, path)
        except OSError as err:
            return self._failed(path, err)
        return True

    def history_csv(self, path: str) -> bool:
        """The loss before each training step so far, one row per step."""
        try:
            save_history_csv(self.session.walk.trainer, path)
        except OSError as err:
            return self._failed(path, err)
        return True

    def diagram_image(self, kind: str, path: str) -> bool:
        """The diagram alone (not the window) as ``kind`` "png" (2x) or "svg"."""
        from gdviz.qt.diagram.diagram_export import save_diagram_png, save_diagram_svg

        try:
            if kind == "svg":
                save_diagram_svg(self.diagram, path, title=self.session.scenario.title)
            else:
                save_diagram_png(self.diagram, path)
        except OSError as err:
            return self._failed(path, err)
        return True

    def gif(self, path: str, steps: int = 1) -> bool:
        """An animated GIF of ``steps`` training steps from the start of the current
        one, as a background job: frames are drawn one per event-loop turn on an
        offscreen stage (the window stays where it is and keeps answering), then
        written in a worker. Esc cancels; nothing is written then. False if it
        could not start (nothing to show, too many frames, another job running)."""
        from gdviz.qt.workers.walkthrough_gif import GifFile, GifFrames

        if self.jobs.running:
            self.jobs.ended.emit("GIF export: wait for the running job to finish (Esc stops it)")
            return False
        folder = Path(path).parent
        if not folder.is_dir() or not os.access(folder, os.W_OK):
            # Said now, not after every frame has been drawn.
            missing = errno.ENOENT if not folder.is_dir() else errno.EACCES
            return self._failed(path, OSError(missing, os.strerror(missing)))
        try:
            frames = GifFrames(
                self.session.scenario,
                steps,
                start=self.session.walk.trainer.state,
                source=self.session.source,
            )
        except ValueError as err:
            return self._failed(path, err)

        def written(task: Task, cancelled: bool) -> str | None:
            if not isinstance(task, GifFile):
                return None
            if task.error is not None:  # the write is atomic: any old file is as it was
                self._failed(path, task.error)
            elif task.info is not None:  # written whole, even if Esc came while it was
                self.gifWritten.emit(path)
            elif cancelled:
                return "GIF export cancelled: nothing written"
            return None

        def drawn(task: Task, cancelled: bool) -> str | None:
            frames.close()
            if cancelled:
                return "GIF export cancelled: nothing written"
            # Started once this job has ended: queued, so the jobs see it as the next one.
            QTimer.singleShot(0, lambda: self.jobs.start(GifFile(frames, path), written))
            return None

        return self.jobs.start(frames, drawn, gui_thread=True)

    def markdown(self, path: str, steps: int, last: bool = False) -> bool:
        """The worked solution of steps 1 to ``steps`` (only the last of them if
        ``last``), exactly as ``gdviz trace`` prints it."""
        from gdviz.core.trace import trace_markdown

        try:
            write_atomically(path, trace_markdown(self.session.scenario, steps, last))
        except OSError as err:
            return self._failed(path, err)
        return True
