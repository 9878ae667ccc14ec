"""A black sheet over the whole window: the B key of presentation software.

Blanking the projector turns the class's eyes from the screen to the
lecturer, without leaving the lesson or losing its place. While it is shown no
key reaches the lesson: the first key brings the picture back and does nothing
else (the window's key router, ``controllers/transport_keys.py``, sees to it).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import QWidget


class BlankOverlay(QWidget):
    """Covers its parent in black while shown; follows the parent's size."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("blank_overlay")
        self.hide()
        parent.installEventFilter(self)

    @property
    def blank(self) -> bool:
        return not self.isHidden()

    def set_blank(self, blank: bool) -> None:
        """Black out the parent window, or show it again."""
        if blank:
            self.setGeometry(self.parentWidget().rect())
            self.show()
            self.raise_()
        else:
            self.hide()

    def paintEvent(self, event) -> None:  # noqa: N802 - Qt override
        QPainter(self).fillRect(self.rect(), Qt.GlobalColor.black)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self.setGeometry(self.parentWidget().rect())
        return False
