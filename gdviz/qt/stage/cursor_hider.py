"""Hides the mouse pointer in presentation mode once it has rested a while.

A pointer parked over the diagram hides a number; moving the mouse brings it
straight back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QCursor
from PySide6.QtWidgets import QApplication, QWidget

IDLE_MS = 2000
"""Rest this long and the pointer hides (read at each start, so tests can shorten it)."""


class CursorHider(QObject):
    """Watches mouse movement between ``start`` and ``stop`` (while presenting)."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.window = window
        self.hidden = False
        self._watched: QObject | None = None
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._hide)

    def start(self) -> None:
        """Begin watching: the pointer hides after ``IDLE_MS`` without movement."""
        if self._watched is None:
            # The application sees every mouse move, whichever widget or window is under the pointer.
            self._watched = QApplication.instance()
            self._watched.installEventFilter(self)
        self.timer.start(IDLE_MS)

    def stop(self) -> None:
        """Stop watching and show the pointer."""
        if self._watched is not None:
            self._watched.removeEventFilter(self)
            self._watched = None
        self.timer.stop()
        self._show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.MouseMove:
            self._show()
            self.timer.start(IDLE_MS)
        return False

    def _hide(self) -> None:
        if not self.hidden:
            self.hidden = True
            QApplication.setOverrideCursor(QCursor(Qt.CursorShape.BlankCursor))

    def _show(self) -> None:
        if self.hidden:
            self.hidden = False
            QApplication.restoreOverrideCursor()
