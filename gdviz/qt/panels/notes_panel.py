"""The lesson's title and notes, beside the diagram (and on the stage while presenting)."""

from __future__ import annotations

import re

from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QTextBrowser, QWidget

from gdviz.qt import style
from gdviz.qt.session import Session

NO_HTML = QTextDocument.MarkdownFeature(
    QTextDocument.MarkdownFeature.MarkdownDialectGitHub.value
    | QTextDocument.MarkdownFeature.MarkdownNoHTML.value
)
"""Lesson notes are Markdown; HTML in them is shown as text, never rendered (a file chose it)."""

HIDDEN_NOTES = (
    "*The notes are put away while the class predicts: they work the numbers out.* "
    "They come back once the question is answered, or when **Step > Predict first** (Q) is off."
)
PIXELS = 19
STAGE_PIXELS = 23
"""On the stage the notes are read from the back of the hall: 31 px at zoom 1, presenting."""


class NotesPanel(QTextBrowser):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("notes_panel")
        self.setOpenExternalLinks(False)
        self.zoom, self.on_stage = 1.0, False
        self.set_zoom(1.0)
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        session.predictChanged.connect(self._on_model_scenario_changed)
        session.changed.connect(self._on_model_changed)
        self._hidden: bool | None = None
        self._on_model_scenario_changed()

    def set_zoom(self, zoom: float) -> None:
        self.zoom = zoom
        self.setFont(style.font((STAGE_PIXELS if self.on_stage else PIXELS) * zoom))

    def set_on_stage(self, on_stage: bool) -> None:
        """Shown on the presentation stage (larger type) or back in its dock."""
        self.on_stage = on_stage
        self.document().setDocumentMargin(24 if on_stage else 4)
        self.set_zoom(self.zoom)

    def _on_model_changed(self) -> None:
        """Put away while a lesson's question is open, back once it is answered."""
        if self._hidden != self._hides():
            self._on_model_scenario_changed()

    def _hides(self) -> bool:
        s = self.session
        return s.predicting or (s.question is not None and s.asking)

    def _on_model_scenario_changed(self) -> None:
        s = self.session.scenario
        self._hidden = self._hides()
        if self._hidden:  # the notes work the step out: they would give the answers away
            self.document().setMarkdown(f"## {s.title}\n\n{HIDDEN_NOTES}", NO_HTML)
        else:
            self.document().setMarkdown(f"## {s.title}\n\n{breakable(s.notes)}", NO_HTML)


LONGEST_RUN = 200
"""Characters without a space after which a line may break anyway."""


def breakable(text: str) -> str:
    """``text`` with a zero-width space after every LONGEST_RUN characters of a run
    without spaces: Qt lays out one unbreakable word in time that grows with the
    square of its length (a 1 MB word took minutes); a URL is far shorter."""
    return re.sub(rf"\S{{{LONGEST_RUN}}}", lambda run: run.group() + "\u200b", text)
