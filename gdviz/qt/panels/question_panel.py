"""The lesson's question at this micro-step, its options with the class's votes,
and once revealed the right option marked and the explanation.

Shown under the formula only at a question. Keys 1 to 4 (or a click on an
option) count a vote; Enter or Right reveals.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QPushButton, QVBoxLayout, QWidget

from gdviz.core.checkpoints import MOST_OPTIONS
from gdviz.qt import style
from gdviz.qt.session import Session

PIXELS = 22
"""Question and options: read from the back of a hall (at least 18 px at 1920x1080)."""
RIGHT = "✓"


class QuestionPanel(QWidget):
    """Question, options with votes, answer and explanation (see the module's docstring)."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setObjectName("question_panel")
        self.question = QLabel(objectName="question_text", wordWrap=True, textFormat=Qt.TextFormat.PlainText)
        self.options: list[QPushButton] = []
        self.bars: list[QProgressBar] = []
        self.counts: list[QLabel] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        for n in range(MOST_OPTIONS):
            button = QPushButton(objectName=f"question_option_{n + 1}", flat=True)
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys stay with the lesson
            button.setToolTip(f"Count a vote for this option (key {n + 1})")
            button.clicked.connect(lambda _=False, n=n: self.session.vote(n))
            bar = QProgressBar(textVisible=False)
            count = QLabel(objectName=f"question_votes_{n + 1}")
            for col, widget in enumerate((button, bar, count)):
                grid.addWidget(widget, n, col)
            self.options.append(button)
            self.bars.append(bar)
            self.counts.append(count)
        grid.setColumnStretch(1, 1)
        self.explanation = QLabel(
            objectName="question_explanation", wordWrap=True, textFormat=Qt.TextFormat.PlainText
        )
        self.hint = QLabel(objectName="question_hint")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 4, 16, 12)
        layout.addWidget(self.question)
        layout.addLayout(grid)
        layout.addWidget(self.explanation)
        layout.addWidget(self.hint)
        self.set_zoom(1.0)
        session.changed.connect(self._on_model_changed)
        session.scenarioChanged.connect(self._on_model_changed)
        self._on_model_changed()

    def set_zoom(self, zoom: float) -> None:
        self.question.setFont(style.font(PIXELS * zoom, bold=True))
        for widget in (*self.options, *self.counts, self.explanation):
            widget.setFont(style.font(PIXELS * zoom))
        self.hint.setFont(style.font(0.8 * PIXELS * zoom))
        for bar in self.bars:
            bar.setFixedHeight(int(0.8 * PIXELS * zoom))

    def _on_model_changed(self) -> None:
        s = self.session
        question = s.question
        self.setVisible(question is not None)
        if question is None:
            return
        open_ = s.asking
        votes = s.votes()
        total = sum(votes)
        self.question.setText(question.question)
        for n, (button, bar, count) in enumerate(zip(self.options, self.bars, self.counts, strict=True)):
            shown = n < len(question.options)
            for widget in (button, bar, count):
                widget.setVisible(shown)
            if not shown:
                continue
            right = not open_ and n == question.answer_index
            mark = f"  {RIGHT}" if right else ""
            button.setText(f"{n + 1}   {question.options[n]}{mark}")
            button.setEnabled(open_)
            mark_style = f"color: {style.UPDATED.name()}; font-weight: bold;" if right else ""
            button.setStyleSheet(f"text-align: left; {mark_style}")  # options line up under the question
            bar.setRange(0, max(total, 1))
            bar.setValue(votes[n])
            count.setText(f"{votes[n]} vote{'s' if votes[n] != 1 else ''}")
        self.explanation.setVisible(not open_ and bool(question.explanation))
        self.explanation.setText(question.explanation)
        self.hint.setText(
            f"Keys 1-{len(question.options)}: count a vote · Enter: reveal the answer"
            if open_
            else f"{total} vote{'s' if total != 1 else ''} · Right: go on"
        )
