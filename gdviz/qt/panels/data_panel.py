"""The Data panel: the samples as a table, with buttons to add, remove and import rows.

The table marks the step's batch and the sample on show (see ``data_table_model``)
and scrolls to keep the sample on show in view as the lesson moves.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdviz.core import edits
from gdviz.core.scenario import ScenarioError
from gdviz.qt import style
from gdviz.qt.panels.data_table_model import SAMPLE_MARKER, DataTableModel
from gdviz.qt.session import Session


class DataPanel(QWidget):
    """Inputs and targets of every sample; each change is one ``session.edit``."""

    def __init__(self, session: Session, import_action: QAction, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.model = DataTableModel(session, self)
        self.table = QTableView()
        self.table.setObjectName("data_table")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        self.table.setToolTip("Double-click or type into a cell to change it; target columns are tinted")
        # The lesson's keys step the lesson from here too, except in a cell being edited
        # (controllers/transport_keys.py).
        add = QPushButton("Add row")
        add.setObjectName("add_row")
        add.setToolTip("Add a sample after the selected one (a copy of it, ready to change)")
        add.clicked.connect(self._on_add_row)
        remove = QPushButton("Remove rows")
        remove.setObjectName("remove_rows")
        remove.setToolTip("Remove the selected samples")
        remove.clicked.connect(self._on_remove_rows)
        import_button = QToolButton()
        import_button.setObjectName("import_csv")
        import_button.setDefaultAction(import_action)
        import_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        buttons = QHBoxLayout()
        for button in (add, remove, import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel()
        self.message.setObjectName("data_message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.message)
        self.model.refused.connect(self._show_problem)
        self.model.modelReset.connect(lambda: self._show_problem(""))
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.model.modelReset.connect(self._fit_row_numbers)
        self._shown_row: int | None = None
        session.changed.connect(self._on_session_changed)
        self.set_zoom(1.0)
        self._on_session_changed()

    def set_zoom(self, zoom: float) -> None:
        self.setFont(style.font(17 * zoom))
        self.model.bold = style.font(17 * zoom, bold=True)
        self.table.verticalHeader().setDefaultSectionSize(round(34 * zoom))
        self._fit_row_numbers()

    def _fit_row_numbers(self) -> None:
        """Room for the widest row number with the sample marker, so marking a row never
        makes the row numbers jump sideways."""
        header = self.table.verticalHeader()
        widest = f"{SAMPLE_MARKER}{max(self.model.rowCount(), 1)}"
        header.setMinimumWidth(QFontMetrics(self.model.bold).horizontalAdvance(widest) + 16)

    def _on_model_data_changed(self, top_left, bottom_right, roles=()) -> None:
        if not roles or Qt.ItemDataRole.DisplayRole in roles:
            self._show_problem("")  # new numbers: an old refusal no longer applies

    def _on_session_changed(self) -> None:
        """Keep the sample on show in view, once each time it moves to another row (so the
        lecturer can still scroll elsewhere while the lesson stays on one sample)."""
        row, before = self.model.sample_row, self._shown_row
        self._shown_row = row
        if row is not None and row != before and self.table.isVisible():
            self._scroll_to_sample()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt override
        """A hidden table is not scrolled as the lesson moves (a few ms a time on large data)."""
        super().showEvent(event)
        self._scroll_to_sample()

    def _scroll_to_sample(self) -> None:
        row = self.model.sample_row
        if row is not None and self.table.state() != QAbstractItemView.State.EditingState:
            column = max(self.table.currentIndex().column(), 0)
            self.table.scrollTo(self.model.index(row, column), QAbstractItemView.ScrollHint.EnsureVisible)

    def select_column(self, column: int) -> None:
        """Put the keyboard on a column (an input node was double-clicked)."""
        index = self.model.index(0, column)
        self.table.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.table.selectColumn(column)
        self.table.setFocus()

    def _selected_rows(self) -> list[int]:
        return sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})

    def _on_add_row(self) -> None:
        rows = self._selected_rows()
        self._edit("Add row", lambda s: edits.add_row(s, rows[-1] + 1 if rows else None))

    def _on_remove_rows(self) -> None:
        rows = self._selected_rows()
        if not rows:
            self._show_problem("Select the rows to remove first.")
            return
        self._edit(f"Remove {len(rows)} row{'s' * (len(rows) > 1)}", lambda s: edits.remove_rows(s, rows))

    def _edit(self, text: str, change) -> None:
        try:
            self.session.edit(text, change)
        except ScenarioError as err:
            self._show_problem(str(err))

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style.refused_text_css())
        self.message.setVisible(bool(text))
