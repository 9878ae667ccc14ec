"""The scenario's data (inputs, then targets) as a table model.

Cells show the numbers; typing into one makes one undoable edit. Text that is
not a number, or a value the scenario refuses, is reported through
``refused`` and changes nothing.

During a mini-batch or stochastic step the rows of the step's batch are tinted
and their row numbers bold; the row of the sample on show is marked more
strongly: amber (as the diagram marks what is being worked on) with black text,
and ``▶`` before its row number. In full-batch training every row is in every
batch, so a tint would say nothing: only the sample on show is marked there, and
in a data set of one row nothing is.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor, QFont

from gdviz.core import edits
from gdviz.core.names import node_name
from gdviz.core.numbers import fmt
from gdviz.core.scenario import ScenarioError
from gdviz.qt import style
from gdviz.qt.session import Session

TARGET_TINT = QColor(242, 169, 0, 45)
BATCH_ALPHA = 60
"""Opacity (of 255) of the theme's selection blue over a row in the step's batch."""
SAMPLE_ALPHA = 170
"""Opacity of the theme's highlight amber over the row of the sample on show."""
MARK_ROLE = Qt.ItemDataRole.UserRole + 1
"""A row's mark, for cells and row headers: "sample" (on show), "batch" (in the batch) or None."""
SAMPLE, BATCH = "sample", "batch"
SAMPLE_MARKER = "▶ "
"""Before the row number of the sample on show."""
SAMPLE_TEXT = QBrush(QColor(0, 0, 0))
"""Black on the amber of the sample on show, in either theme (white on it would be faint)."""


def _over(top: QColor, bottom: QColor) -> QColor:
    """``top`` painted over ``bottom``, both translucent: one colour for a cell with two tints."""
    a_top, a_bottom = top.alphaF(), bottom.alphaF()
    alpha = a_top + a_bottom * (1 - a_top)
    mix = [
        (t * a_top + b * a_bottom * (1 - a_top)) / alpha
        for t, b in zip(top.getRgbF()[:3], bottom.getRgbF()[:3], strict=True)
    ]
    return QColor.fromRgbF(*mix, alpha)


class DataTableModel(QAbstractTableModel):
    """Rows are samples; the input columns come first, then the targets."""

    refused = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._shape = (self.rowCount(), self.columnCount())
        self._batch = np.zeros(0, dtype=bool)
        """Which rows are tinted as the step's batch (none in full-batch training)."""
        self._batch_rows = np.arange(0)
        self._sample: int | None = None
        """The row marked as the sample on show, if any."""
        self.bold = QFont()
        """The font of marked rows: the view's, in bold (the panel sets it with its zoom)."""
        self.bold.setBold(True)
        self._update_marks()
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        session.changed.connect(self._on_model_changed)

    @property
    def inputs(self) -> int:
        return self.session.layers[0]

    def column_part(self, col: int) -> tuple[str, int]:
        """("inputs", k) or ("targets", k) for a table column."""
        return ("inputs", col) if col < self.inputs else ("targets", col - self.inputs)

    # -- the batch and the sample on show ----------------------------------------------
    @property
    def sample_row(self) -> int | None:
        """The 0-based row marked as the sample on show, if any."""
        return self._sample

    def marked_rows(self) -> list[int]:
        """0-based rows tinted as the step's batch, in row order (none in full-batch training)."""
        return np.flatnonzero(self._batch).tolist()

    def mark(self, row: int) -> str | None:
        """``SAMPLE`` for the row on show, ``BATCH`` for another row of the batch, else None."""
        if row == self._sample:
            return SAMPLE
        return BATCH if 0 <= row < len(self._batch) and self._batch[row] else None

    def _update_marks(self) -> bool:
        """Read the batch and the sample on show from the session; True if a mark moved."""
        session, rows = self.session, self.rowCount()
        batch_rows = session.batch_rows()
        sample = session.sample_row() if rows > 1 else None
        same_batch = len(self._batch) == rows and np.array_equal(batch_rows, self._batch_rows)
        if same_batch and sample == self._sample:
            return False
        self._sample = sample
        if not same_batch:
            self._batch_rows = batch_rows
            self._batch = np.zeros(rows, dtype=bool)
            if not session.full_batch and len(batch_rows) < rows:
                self._batch[batch_rows[batch_rows < rows]] = True
        return True

    def _on_model_changed(self) -> None:
        if self._update_marks() and self.rowCount():
            roles = [
                Qt.ItemDataRole.BackgroundRole,
                Qt.ItemDataRole.FontRole,
                Qt.ItemDataRole.ForegroundRole,
                Qt.ItemDataRole.ToolTipRole,
                MARK_ROLE,
            ]
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last, roles)
            self.headerDataChanged.emit(Qt.Orientation.Vertical, 0, self.rowCount() - 1)

    def _mark_brush(self, mark: str | None, target: bool) -> QBrush | None:
        if mark == SAMPLE:
            colour = QColor(style.HIGHLIGHT)
            colour.setAlpha(SAMPLE_ALPHA)
        elif mark == BATCH:
            colour = QColor(style.UI_HIGHLIGHT)
            colour.setAlpha(BATCH_ALPHA)
            if target:
                colour = _over(TARGET_TINT, colour)
        else:
            return QBrush(TARGET_TINT) if target else None
        return QBrush(colour)

    def _mark_tooltip(self, row: int, mark: str | None) -> str | None:
        if mark == SAMPLE:
            return f"Row {row + 1}: the sample whose numbers are on show"
        if mark == BATCH:
            return f"Row {row + 1}: in this step's batch"
        return None

    # -- reading ---------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.session.scenario.inputs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else self.inputs + self.session.layers[-1]

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Vertical:
            return self._row_header(section, role)
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        part, k = self.column_part(section)
        if part == "inputs":
            return node_name(self.session.layers, 0, k)
        return "target" if self.session.layers[-1] == 1 else f"target {k}"

    def _row_header(self, row: int, role):
        mark = self.mark(row)
        if role == Qt.ItemDataRole.DisplayRole:
            return f"{SAMPLE_MARKER}{row + 1}" if mark == SAMPLE else str(row + 1)
        if role == MARK_ROLE:
            return mark
        if mark is None:
            return None
        if role == Qt.ItemDataRole.FontRole:
            return self.bold
        if role == Qt.ItemDataRole.ForegroundRole:
            return SAMPLE_TEXT if mark == SAMPLE else None
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._mark_brush(mark, False)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._mark_tooltip(row, mark)
        return None

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = index.row()
        part, k = self.column_part(index.column())
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(getattr(self.session.scenario, part)[row][k], 4)
        if role == Qt.ItemDataRole.EditRole:
            return repr(float(getattr(self.session.scenario, part)[row][k]))
        if role == Qt.ItemDataRole.BackgroundRole:
            return self._mark_brush(self.mark(row), part == "targets")
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == MARK_ROLE:
            return self.mark(row)
        if role == Qt.ItemDataRole.ForegroundRole:
            return SAMPLE_TEXT if self.mark(row) == SAMPLE else None
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._mark_tooltip(row, self.mark(row))
        return None

    def flags(self, index: QModelIndex) -> Qt.ItemFlag:
        return super().flags(index) | Qt.ItemFlag.ItemIsEditable

    # -- editing -----------------------------------------------------------------
    def setData(self, index: QModelIndex, value, role=Qt.ItemDataRole.EditRole) -> bool:  # noqa: N802
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        part, k = self.column_part(index.column())
        row = index.row()
        place = f"Row {row + 1}, {self.headerData(index.column(), Qt.Orientation.Horizontal)}"
        try:
            number = edits.parse_number(str(value))
            self.session.edit(f"Set {place.lower()}", lambda s: edits.set_value(s, part, row, k, number))
        except (ValueError, ScenarioError) as err:
            self.refused.emit(f"{place}: {err}")
            return False
        return True

    def _on_model_scenario_changed(self) -> None:
        shape = (self.rowCount(), self.columnCount())
        if shape == self._shape:
            # Same rows and columns (a typed cell, its undo): new numbers, and the
            # cell being typed in keeps the keyboard. A reset here would lose it.
            last = self.index(self.rowCount() - 1, self.columnCount() - 1)
            self.dataChanged.emit(self.index(0, 0), last)
            return
        self._shape = shape
        self.beginResetModel()
        self._update_marks()
        self.endResetModel()
