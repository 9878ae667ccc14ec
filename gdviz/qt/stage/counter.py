"""The stage's large counter: ``Step 3 · Epoch 1 · Batch 2 of 4 · Loss 0.2513``.

In presentation mode there is no status bar, yet the class needs to know where
training is: which step, which pass over the data, which batch, and how far the
loss has come. The counter reads it from the session at every micro-step.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from gdviz.qt import style
from gdviz.qt.session import Session

BASE_PIXELS = 24
"""At the window's text scale (larger while presenting, 32 px at zoom 1)."""
MIN_PIXELS = 24
"""Never smaller than this, whatever the zoom: it is read from the back of the hall."""


class StageCounter(QLabel):
    """One line of large type; the numbers come from ``Session.position()``."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("stage_counter")
        self.setContentsMargins(20, 6, 20, 6)
        self.set_zoom(1.0)
        session.changed.connect(self._on_model_changed)
        session.scenarioChanged.connect(self._on_model_changed)
        self._on_model_changed()

    def set_zoom(self, zoom: float) -> None:
        """Follow the window's text scale, never below MIN_PIXELS."""
        self.setFont(style.font(max(MIN_PIXELS, BASE_PIXELS * zoom), bold=True))

    def _on_model_changed(self) -> None:
        self.setText(self.session.position().text())
