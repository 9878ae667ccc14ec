"""Autosave trouble, shown until it is over: in the window and while presenting.

A status-bar message would last ten seconds, and presenting hides the status
bar, so a lecturer could teach for an hour with edits nothing is keeping. This
box stays in the bottom right corner, red, from the first failed write until a
write succeeds or the edits are saved.
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
MARGIN = 16


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
        self.trouble, self.blank = autosaver.trouble, False
        self.hide()
        window.installEventFilter(self)
        autosaver.troubleChanged.connect(self.set_trouble)
        presentation.blankChanged.connect(self.set_blank)
        self._update()

    def set_trouble(self, text: str) -> None:
        self.trouble = text
        self._update()

    def set_blank(self, blank: bool) -> None:
        """A blanked screen stays black."""
        self.blank = blank
        self._update()

    def _update(self) -> None:
        if not self.trouble or self.blank:
            self.hide()
            return
        self.setText(f"Autosave is not working: save with Ctrl+S\n{self.trouble}")
        self.setMaximumWidth(max(200, self.window_.width() - 2 * MARGIN))
        self.setWordWrap(True)
        self.adjustSize()
        bar = self.window_.statusBar()
        below = bar.height() if bar.isVisible() else 0
        self.move(
            self.window_.width() - self.width() - MARGIN,
            self.window_.height() - self.height() - MARGIN - below,
        )
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window_ and event.type() == QEvent.Type.Resize:
            self._update()
        return False
