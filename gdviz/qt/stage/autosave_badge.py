"""Autosave trouble, shown until it is over: in the window and while presenting.

A status-bar message would last ten seconds, and presenting hides the status
bar, so a lecturer could teach for an hour with edits nothing is keeping. From
the first failed write until a write succeeds or the edits are saved, the window
keeps a red note at the right of its status bar and, while presenting, this
red box stands in the top right corner, in the row of the step's title.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QMainWindow

from gdviz.qt import style

if TYPE_CHECKING:  # it only listens to their signals
    from gdviz.qt.controllers.autosaver import Autosaver
    from gdviz.qt.controllers.presentation import PresentationController

PIXELS = 20
MARGIN = 6


class AutosaveBadge(QLabel):
    def __init__(
        self, window: QMainWindow, autosaver: Autosaver, presentation: PresentationController
    ) -> None:
        super().__init__(window)
        self.window_ = window
        self.setObjectName("autosave_badge")
        self.setTextFormat(Qt.TextFormat.PlainText)  # the message names a folder
        self.setFont(style.font(PIXELS, bold=True))
        self.setStyleSheet(
            "QLabel#autosave_badge { background: rgb(170, 20, 20); color: white;"
            " border-radius: 10px; padding: 8px 16px; }"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.trouble, self.presenting, self.blank = autosaver.trouble, False, False
        self.hide()
        window.installEventFilter(self)
        autosaver.troubleChanged.connect(self.set_trouble)
        presentation.presentingChanged.connect(self.set_presenting)
        presentation.blankChanged.connect(self.set_blank)
        self._update()

    def set_presenting(self, presenting: bool) -> None:
        self.presenting = presenting
        self._update()

    def set_trouble(self, text: str) -> None:
        self.trouble = text
        self._update()

    def set_blank(self, blank: bool) -> None:
        """A blanked screen stays black."""
        self.blank = blank
        self._update()

    def _update(self) -> None:
        if not self.trouble or not self.presenting or self.blank:
            self.hide()
            return
        self.setText(short_text(self.trouble))
        self.adjustSize()
        self.move(self.window_.width() - self.width() - MARGIN, MARGIN)
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window_ and event.type() == QEvent.Type.Resize:
            self._update()
        return False


def short_text(trouble: str) -> str:
    """One line for the class to read: why, not where (the status bar's tooltip has the path)."""
    why = trouble.rpartition(": ")[2] or trouble
    return f"Autosave is not working ({why[:60]}): save with Ctrl+S"
