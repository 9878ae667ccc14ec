"""The lesson's title and notes, beside the diagram."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser, QWidget

from gdviz.qt import style
from gdviz.qt.session import Session


class NotesPanel(QTextBrowser):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("notes_panel")
        self.setOpenExternalLinks(False)
        self.set_zoom(1.0)
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        self._on_model_scenario_changed()

    def set_zoom(self, zoom: float) -> None:
        self.setFont(style.font(19 * zoom))

    def _on_model_scenario_changed(self) -> None:
        s = self.session.scenario
        self.setMarkdown(f"## {s.title}\n\n{s.notes}")
