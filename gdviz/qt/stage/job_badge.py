"""Background work's progress while presenting, when the status bar is hidden.

A dark box in the top right corner, large enough to read from the back of
the hall: ``Fast-forward 412,000 / 1,000,000 steps · Esc stops``. It shows
only while a job runs and the window is presenting (and not blanked), below
``below`` when that shows (the autosave trouble box shares the corner).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QWidget

from gdviz.qt import style

if TYPE_CHECKING:  # it only listens to their signals
    from gdviz.qt.controllers.presentation import PresentationController
    from gdviz.qt.workers.jobs import Jobs

PIXELS = 24
MARGIN = 24


class JobBadge(QLabel):
    def __init__(
        self, parent: QWidget, jobs: Jobs, presentation: PresentationController, below: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.below = below
        self.setObjectName("job_badge")
        self.setFont(style.font(PIXELS))
        self.setStyleSheet(
            "QLabel#job_badge { background: rgba(0, 0, 0, 200); color: white;"
            " border-radius: 12px; padding: 10px 20px; }"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.presenting = self.running = self.blank = False
        self.hide()
        parent.installEventFilter(self)
        if below is not None:
            below.installEventFilter(self)  # it shows, hides and resizes on its own
        jobs.progressed.connect(self.set_progress)
        jobs.runningChanged.connect(self.set_running)
        presentation.presentingChanged.connect(self.set_presenting)
        presentation.blankChanged.connect(self.set_blank)

    def set_presenting(self, presenting: bool) -> None:
        self.presenting = presenting
        self._update()

    def set_running(self, running: bool) -> None:
        self.running = running
        self._update()

    def set_blank(self, blank: bool) -> None:
        """A blanked screen stays black."""
        self.blank = blank
        self._update()

    def set_progress(self, text: str) -> None:
        self.setText(f"{text}  ·  Esc stops")
        self._update()

    def _update(self) -> None:
        if self.presenting and self.running and not self.blank:
            self.adjustSize()
            parent = self.parentWidget()
            top = MARGIN
            if self.below is not None and self.below.isVisible():
                top = max(top, self.below.geometry().bottom() + MARGIN // 2)
            self.move(parent.width() - self.width() - MARGIN, top)
            self.show()
            self.raise_()
        else:
            self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        moved = (QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide, QEvent.Type.Move)
        if watched in (self.parentWidget(), self.below) and event.type() in moved:
            self._update()
        return False
