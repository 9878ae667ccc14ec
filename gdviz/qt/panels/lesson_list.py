"""The built-in lessons by title; choosing one asks the window to open it."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QWidget

from gdviz.core.lessons import LessonInfo
from gdviz.qt import style


class LessonList(QListWidget):
    lessonChosen = Signal(str)
    """The id of the lesson the user picked."""

    def __init__(self, lessons: list[LessonInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("lesson_list")
        self.setFont(style.font(17))
        for number, info in enumerate(lessons, start=1):
            item = QListWidgetItem(f"{number}. {info.title}")
            item.setData(Qt.ItemDataRole.UserRole, info.id)
            item.setToolTip(f"Lesson id: {info.id}")
            self.addItem(item)
        self.itemActivated.connect(self._on_q_item_activated)
        self.itemClicked.connect(self._on_q_item_activated)

    def show_current(self, lesson_id: str | None) -> None:
        """Mark the open lesson without emitting lessonChosen."""
        self.blockSignals(True)
        self.clearSelection()
        for row in range(self.count()):
            if self.item(row).data(Qt.ItemDataRole.UserRole) == lesson_id:
                self.setCurrentRow(row)
        self.blockSignals(False)

    def _on_q_item_activated(self, item: QListWidgetItem) -> None:
        self.lessonChosen.emit(item.data(Qt.ItemDataRole.UserRole))
