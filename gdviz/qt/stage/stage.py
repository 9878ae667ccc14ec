"""The window's centre, which becomes the stage in presentation mode.

Normally it holds only the diagram column (the divergence banner, the diagram
and the formula panel under it); the side docks hold the rest. While
presenting, the docks are hidden and the stage shows the large counter across
the top and one view of the lecturer's choice beside the diagram (a plot or the
notes, lent by its dock), or either part alone, full screen. The diagram gets
most of the width: it carries the lesson.
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from gdviz.qt import style

DIAGRAM_SHARE = 62
"""Percent of the stage's width the diagram column gets beside a view."""
MAIN, SIDE = "diagram", "view"
"""The stage's two parts: what full screen can be given to."""


class Stage(QWidget):
    """``column`` (widgets and their stretch) on the left; while presenting, ``counter``
    on top and one side widget on the right. It only lays out: what goes where is
    the presentation controller's choice."""

    def __init__(
        self, column: Iterable[tuple[QWidget, int]], counter: QWidget, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("stage")
        self.counter = counter
        self.main_part = QWidget(objectName="stage_diagram")
        main = QVBoxLayout(self.main_part)
        main.setContentsMargins(0, 0, 0, 0)
        main.setSpacing(0)
        for widget, stretch in column:
            main.addWidget(widget, stretch)
        self.side_part = QWidget(objectName="stage_view")
        self._side = QVBoxLayout(self.side_part)
        self._side.setContentsMargins(8, 8, 8, 8)
        self.placeholder = QLabel(objectName="stage_placeholder")
        self.placeholder.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.placeholder.setWordWrap(True)
        self.placeholder.setFont(style.font(28))
        self._side.addWidget(self.placeholder)
        for part in (self.main_part, self.side_part):
            # Ignored: the parts share the width by their stretch alone, whatever their contents ask.
            part.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(self.main_part, DIAGRAM_SHARE)
        row.addWidget(self.side_part, 100 - DIAGRAM_SHARE)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addWidget(counter)
        outer.addLayout(row, 1)
        self.side: QWidget | None = None
        """The view on show beside the diagram (None: the placeholder)."""
        self.set_arrangement(False, None)

    def set_arrangement(self, presenting: bool, full: str | None) -> None:
        """Not presenting: the diagram column alone. Presenting: the counter, and both
        parts, or only ``full`` (MAIN or SIDE)."""
        self.counter.setVisible(presenting)
        self.main_part.setVisible(not presenting or full != SIDE)
        self.side_part.setVisible(presenting and full != MAIN)

    def set_side(self, widget: QWidget | None, missing: str = "") -> QWidget | None:
        """Put ``widget`` beside the diagram (None: the placeholder saying ``missing``);
        returns the widget it replaces, now without a parent for its owner to take back."""
        old, self.side = self.side, widget
        self.placeholder.setText(missing)
        self.placeholder.setVisible(widget is None)
        if old is widget:
            return None
        if old is not None:
            self._side.removeWidget(old)
            old.setParent(None)
        if widget is not None:
            self._side.addWidget(widget, 1)
            widget.show()
        return old

    def part_of(self, widget: QWidget) -> str | None:
        """Which part ``widget`` is in (MAIN, SIDE), or None."""
        for part, name in ((self.main_part, MAIN), (self.side_part, SIDE)):
            if widget is part or part.isAncestorOf(widget):
                return name
        return None
