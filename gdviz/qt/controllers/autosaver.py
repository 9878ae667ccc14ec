"""Keeps a window's unsaved edits on disk while there are any (see :mod:`gdviz.core.autosave`)."""

from __future__ import annotations

import itertools
import os
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer, Signal

from gdviz.core import autosave
from gdviz.core.files import error_text
from gdviz.core.scenario import Scenario
from gdviz.qt.session import Session

AUTOSAVE_MS = 3000
"""How often unsaved edits are written: the most a crash can cost."""

_windows = itertools.count()


def autosave_folder() -> Path:
    """The user's data folder for gdviz, named outright (not after the running
    QApplication) so every gdviz process, and its tests, look in the same place."""
    base = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(base) / "gdviz" / "autosave"


class Autosaver(QObject):
    """Writes the session's scenario every AUTOSAVE_MS while it has unsaved edits,
    and removes the record once they are saved, undone or discarded."""

    failed = Signal(str)
    """Writing the record failed (once per run of failures): the message for the user."""
    troubleChanged = Signal(str)
    """Autosave began failing (the message) or works again (""): a lasting indicator shows it."""

    def __init__(self, session: Session, folder: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.folder = folder if folder is not None else autosave_folder()
        # A name no earlier process left behind (pids are reused), so its record stays to be offered.
        self.path = autosave.record_path(self.folder, os.getpid(), next(_windows))
        while self.path.exists():
            self.path = autosave.record_path(self.folder, os.getpid(), next(_windows))
        self._written: tuple[Scenario, str] | None = None
        self.trouble = ""
        """Why autosave is failing, until a write succeeds or the edits are saved; "" when it works."""
        self.timer = QTimer(self)
        self.timer.setInterval(AUTOSAVE_MS)
        self.timer.timeout.connect(self.save_now)
        session.dirtyChanged.connect(self._on_model_dirty_changed)
        if session.dirty:
            self.timer.start()

    def save_now(self) -> bool:
        """Write the record if there are unsaved edits it does not hold yet; False if it could not."""
        session = self.session
        if not session.dirty:
            return False
        written = self._written
        if written is not None and written[0] is session.scenario and written[1] == session.source:
            return True
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            autosave.write(self.path, session.scenario, session.source)
        except (OSError, ValueError) as err:
            text = (
                f"Could not autosave to {self.path}: {error_text(err) if isinstance(err, OSError) else err}"
            )
            if not self.trouble:
                self.failed.emit(text)
            self._set_trouble(text)
            return False
        self._set_trouble("")
        self._written = (session.scenario, session.source)
        return True

    def _set_trouble(self, text: str) -> None:
        if text != self.trouble:
            self.trouble = text
            self.troubleChanged.emit(text)

    def clear(self) -> None:
        """Stop and remove the record: the edits are saved, undone, or not wanted."""
        self.timer.stop()
        self._written = None
        self._set_trouble("")  # nothing is left that autosave should hold
        try:
            autosave.clear(self.path)
        except OSError as err:
            self.failed.emit(f"Could not remove {self.path}: {error_text(err)}")

    def _on_model_dirty_changed(self, dirty: bool) -> None:
        if dirty:
            self.timer.start()
        else:
            self.clear()
