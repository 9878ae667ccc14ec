"""The scenario's data (inputs, then targets) as a table model.

Cells show the numbers; typing into one makes one undoable edit. Text that is
not a number, or a value the scenario refuses, is reported through
``refused`` and changes nothing.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QBrush, QColor

from gdviz.core import edits
from gdviz.core.names import node_name
from gdviz.core.numbers import fmt
from gdviz.core.scenario import ScenarioError
from gdviz.qt.session import Session

TARGET_TINT = QColor(242, 169, 0, 45)


class DataTableModel(QAbstractTableModel):
    """Rows are samples; the input columns come first, then the targets."""

    refused = Signal(str)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._shape = (self.rowCount(), self.columnCount())
        session.scenarioChanged.connect(self._on_model_scenario_changed)

    @property
    def inputs(self) -> int:
        return self.session.layers[0]

    def column_part(self, col: int) -> tuple[str, int]:
        """("inputs", k) or ("targets", k) for a table column."""
        return ("inputs", col) if col < self.inputs else ("targets", col - self.inputs)

    # -- reading ---------------------------------------------------------------
    def rowCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self.session.scenario.inputs)

    def columnCount(self, parent: QModelIndex = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else self.inputs + self.session.layers[-1]

    def headerData(self, section: int, orientation, role=Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if role != Qt.ItemDataRole.DisplayRole:
            return None
        if orientation == Qt.Orientation.Vertical:
            return str(section + 1)
        part, k = self.column_part(section)
        if part == "inputs":
            return node_name(self.session.layers, 0, k)
        return "target" if self.session.layers[-1] == 1 else f"target {k}"

    def data(self, index: QModelIndex, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        part, k = self.column_part(index.column())
        value = getattr(self.session.scenario, part)[index.row()][k]
        if role == Qt.ItemDataRole.DisplayRole:
            return fmt(value, 4)
        if role == Qt.ItemDataRole.EditRole:
            return repr(float(value))
        if role == Qt.ItemDataRole.BackgroundRole and part == "targets":
            return QBrush(TARGET_TINT)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
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
        self.endResetModel()
