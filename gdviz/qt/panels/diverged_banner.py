"""A red banner over the diagram when training has diverged."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from gdviz.qt import style
from gdviz.qt.session import Session


class DivergedBanner(QLabel):
    """Says at which step training diverged and what to try; hidden otherwise."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("diverged_banner")
        self.setWordWrap(True)
        self.setFont(style.font(22, bold=True))
        self.restyle()
        session.changed.connect(self._on_model_changed)
        session.scenarioChanged.connect(self._on_model_changed)
        self._on_model_changed()

    def restyle(self) -> None:
        """Take on the current theme's banner colours."""
        self.setStyleSheet(
            f"background: {style.BANNER_BACK.name()}; color: {style.BANNER_TEXT.name()}; padding: 12px;"
        )

    def _on_model_changed(self) -> None:
        divergence = self.session.divergence
        if divergence is None:
            self.hide()
            return
        self.setText(
            f"{divergence.message()}  Press Left to go back, Home to reset, or open the lesson "
            "with a smaller learning rate."
        )
        self.show()
