"""A banner over the diagram when training goes wrong: an amber warning once the
loss starts to blow up, a red one once a number has overflowed."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from gdviz.qt import style
from gdviz.qt.session import Session

WARNING_BACK, WARNING_TEXT = "#ffb300", "#000000"
"""Amber with black text: reads as a warning on a washed-out projector in either theme,
and cannot be mistaken for the red of training that has diverged."""


class DivergedBanner(QLabel):
    """Says at which step training began diverging, or diverged, and what to try;
    hidden while training behaves."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.level: str | None = None
        """``"diverging"`` (the warning), ``"diverged"`` (overflow) or None (hidden)."""
        self.setObjectName("diverged_banner")
        self.setWordWrap(True)
        self.setFont(style.font(22, bold=True))
        session.changed.connect(self._on_model_changed)
        session.scenarioChanged.connect(self._on_model_changed)
        self._on_model_changed()

    def restyle(self) -> None:
        """Take on the colours of what it says, in the current theme."""
        if self.level == "diverging":
            back, text = WARNING_BACK, WARNING_TEXT
        else:
            back, text = style.BANNER_BACK.name(), style.BANNER_TEXT.name()
        self.setStyleSheet(f"background: {back}; color: {text}; padding: 12px;")

    def _on_model_changed(self) -> None:
        divergence, diverging = self.session.divergence, self.session.diverging
        if divergence is not None:
            level = "diverged"
            text = (
                f"{divergence.message()}  Press Left to go back, Home to reset, or open the lesson "
                "with a smaller learning rate."
            )
        elif diverging is not None:
            level = "diverging"
            text = (
                f"Training is diverging. {diverging.message()}  "
                "Right steps on to show the blow-up; Left goes back."
            )
        else:
            level, text = None, ""
        if level != self.level:
            self.level = level
            self.restyle()
        self.setText(text)
        self.setVisible(level is not None)
