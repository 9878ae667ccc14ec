"""The current micro-step's arithmetic, large, under the diagram."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gdviz.core.microsteps import Phase
from gdviz.qt import style
from gdviz.qt.panels.shares_chart import SharesChart
from gdviz.qt.session import Session

BASE_PIXELS = 26


class FormulaPanel(QWidget):
    """Phase title and formula, e.g. ``slope of w(x1 -> node_0) = 3 x 1 x 2 = 6``."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.phase_label = QLabel()
        self.phase_label.setObjectName("formula_phase")
        self.formula_label = QLabel()
        self.formula_label.setObjectName("formula_text")
        self.formula_label.setWordWrap(True)
        self.formula_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.shares = SharesChart()
        """While a batch's slope is averaged: each sample's slope beside the formula."""
        text = QVBoxLayout()
        text.addWidget(self.phase_label)
        text.addWidget(self.formula_label)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(16, 8, 16, 12)
        layout.addLayout(text, 1)
        layout.addWidget(self.shares)
        self.setAutoFillBackground(True)
        self.set_zoom(1.0)
        session.changed.connect(self._on_model_changed)
        session.scenarioChanged.connect(self._on_model_changed)
        self._on_model_changed()

    @property
    def text(self) -> str:
        return self.formula_label.text()

    def set_zoom(self, zoom: float) -> None:
        self.phase_label.setFont(style.font(BASE_PIXELS * 0.8 * zoom, bold=True))
        self.formula_label.setFont(style.font(BASE_PIXELS * zoom))
        # Room for four lines always (a formula, what its factors are, the nudge check, and a
        # line to wrap into), so the diagram does not jump as formulas change length.
        self.formula_label.setMinimumHeight(4 * self.formula_label.fontMetrics().lineSpacing())
        self.shares.set_zoom(zoom)

    def _on_model_changed(self) -> None:
        s = self.session
        phase = s.phase
        title = Phase(phase).label if phase else "Training stopped"
        current, samples, row = s.current, s.batch_samples, s.sample_row()
        if current is not None and current.sample >= 0 and samples > 1 and row is not None:
            # Samples are named by their data row, as in the Data table and the hand-out.
            where = f"of {samples}" if s.full_batch else f"({current.sample + 1} of {samples} in the batch)"
            title += f" · sample {row + 1} {where}"
        self.phase_label.setText(f"Step {s.step_number} · {title}")
        averaging = current is not None and current.phase == Phase.AVERAGE
        self.shares.set_shares(s.shares_of(current.param) if averaging else None, mean_hidden=s.asking)
        check = s.check_text()
        self.formula_label.setText(s.formula() + (f"\n{check}" if check else ""))
