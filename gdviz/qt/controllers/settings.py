"""What gdviz remembers between runs, in QSettings: theme, zoom, window layout, the view
beside the diagram when presenting, recent files.

A lecturer sets the projector's theme and zoom once; the next lecture opens
the same way, with the files used last at hand.
"""

from __future__ import annotations

import atexit
import math
import os
import shutil
import stat
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QObject, QSettings, QStandardPaths, Signal
from PySide6.QtWidgets import QMainWindow

if TYPE_CHECKING:
    from gdviz.qt.controllers.presentation import WindowLayout

from gdviz.qt.appearance import Appearance
from gdviz.qt.style import DEFAULT_THEME

MAX_RECENT = 8


def settings_file() -> Path | None:
    """Where Qt keeps gdviz's settings as a file (None where they live in the registry or
    the system's preferences, which nothing can turn into a pipe)."""
    if sys.platform in ("win32", "darwin"):
        return None
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    return Path(folder) / "gdviz" / "gdviz.conf"


def unusable(path: Path | None) -> str:
    """Why the settings file cannot be read ("" if it can, or is not there yet): Qt reads
    it whole as the store is made, so a FIFO or device there would hang every start."""
    try:
        mode = os.stat(path).st_mode if path is not None else stat.S_IFREG
    except FileNotFoundError:
        return ""
    except OSError as err:
        return f"{path}: {err.strerror}"
    return "" if stat.S_ISREG(mode) else f"{path} is not a regular file"


def open_store(path: Path | None = None) -> tuple[QSettings, str]:
    """gdviz's settings, or, if their file cannot be read, an empty store that lasts
    this run only, and why (the window says so rather than hanging or crashing)."""
    why = unusable(path or settings_file())
    if not why:
        return QSettings("gdviz", "gdviz"), ""
    folder = tempfile.mkdtemp(prefix="gdviz-settings-")
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return QSettings(os.path.join(folder, "gdviz.conf"), QSettings.Format.IniFormat), why


class SettingsController(QObject):
    """Reads and writes ``store``. With ``remember=False`` (rendering an image) the theme,
    zoom and layout are neither restored nor saved: the defaults are drawn."""

    recentChanged = Signal()
    """The recent files changed: menus listing them rebuild."""

    def __init__(
        self,
        store: QSettings,
        appearance: Appearance,
        remember: bool = True,
        parent: QObject | None = None,
        unreadable: str = "",
    ) -> None:
        super().__init__(parent)
        self.store = store
        self.unreadable = unreadable
        """Why the settings file could not be read ("" if it could): nothing is remembered this run."""
        self.appearance = appearance
        self.remember = remember
        self.ignored: list[str] = []
        """Saved settings that made no sense and were set back to their defaults (said once)."""

    # -- the look -----------------------------------------------------------------------
    def restore_appearance(self) -> None:
        """Theme and zoom as they were when gdviz last closed; a value that makes no sense is the default."""
        theme, zoom = DEFAULT_THEME, 1.0
        if self.remember:
            theme = str(self.store.value("theme", DEFAULT_THEME))
            zoom = self.store.value("zoom", 1.0)
        if not self.appearance.set_theme(theme):
            self.appearance.set_theme(DEFAULT_THEME)
            self._ignore("theme", theme)
        self.appearance.set_zoom(zoom)  # clamped; a bad value is 1
        if not _a_number(zoom):
            self._ignore("zoom", zoom)
        self.appearance.apply_palette()  # also when the theme was already current

    def note(self) -> str:
        """What the status bar says at the start about the settings ("" if all is well)."""
        if self.unreadable:
            return f"Settings not read, and not kept this time: {self.unreadable}"
        if self.ignored:
            return f"Settings that made no sense were reset to their defaults: {', '.join(self.ignored)}"
        return ""

    def _ignore(self, key: str, value: object) -> None:
        self.store.remove(key)
        self.ignored.append(f"{key}={str(value)[:40]}")

    # -- the window -----------------------------------------------------------------------
    def restore_window(self, window: QMainWindow) -> None:
        """Size and place, then the docks' layout."""
        geometry = self.store.value("window/geometry") if self.remember else None
        if isinstance(geometry, QByteArray):
            window.restoreGeometry(geometry)
        elif geometry is not None:
            self._ignore("window/geometry", geometry)
        self.restore_layout(window)

    def restore_layout(self, window: QMainWindow) -> None:
        """Docks' places, tabs and sizes; done again once the plot docks exist, as they come later."""
        state = self.store.value("window/state") if self.remember else None
        if isinstance(state, QByteArray):
            window.restoreState(state)
        elif state is not None:
            self._ignore("window/state", state)

    def save(self, geometry: QByteArray, state: QByteArray | None) -> None:
        """Remember the look and ``geometry``; ``state`` too unless None (a layout saved
        before the plot docks existed would have no place for them)."""
        if not self.remember:
            return
        self.store.setValue("theme", self.appearance.theme)
        self.store.setValue("zoom", self.appearance.zoom)
        self.store.setValue("window/geometry", geometry)
        if state is not None:
            self.store.setValue("window/state", state)

    def save_window(
        self, window: QMainWindow, before: WindowLayout | None = None, docks_complete: bool = True
    ) -> None:
        """Remember the look and ``window``'s layout, or the layout from ``before``
        presenting (full screen is no layout to come back to); the docks only once
        ``docks_complete`` (every dock exists)."""
        if before is not None:
            geometry, state = before.geometry, before.state
        else:
            geometry, state = window.saveGeometry(), window.saveState()
        self.save(geometry, state if docks_complete else None)

    # -- the stage ----------------------------------------------------------------------
    def stage_view(self, default: str) -> str:
        """The view last chosen to stand beside the diagram while presenting (a name from
        the stage's table; the caller refuses one it does not know)."""
        value = self.store.value("stage/view", default) if self.remember else default
        return str(value)

    def save_stage_view(self, name: str) -> None:
        if self.remember:
            self.store.setValue("stage/view", name)

    # -- recent files ---------------------------------------------------------------------
    def recent_files(self) -> list[str]:
        """Scenario files opened or saved lately, newest first."""
        value = self.store.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def remember_recent(self, path: str) -> None:
        """Put ``path`` first among the recent files (kept whatever ``remember`` says)."""
        path = str(Path(path).resolve())
        files = [path, *[f for f in self.recent_files() if f != path]][:MAX_RECENT]
        self.store.setValue("recent_files", files)
        self.recentChanged.emit()

    def last_folder(self) -> str:
        """Where file dialogs start: the folder of the newest recent file, else home."""
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())


def _a_number(value: object) -> bool:
    """Whether a saved zoom is a finite number (``nan`` or ``abc`` in the file is not)."""
    try:
        return math.isfinite(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
