"""The dialog shown before CSV data is imported: what the file holds and what it will become.

The lecturer sees the first rows with each column marked input or target, says
whether the first row is a header and how many columns from the right are
targets, and reads one sentence on how the network will change. A file with bad
rows lists every one by its line number, and Import stays off: nothing is
imported until the file is fixed.
"""

from __future__ import annotations

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from gdviz.core import csv_data
from gdviz.core.csv_data import CsvError, Table
from gdviz.qt import style

PREVIEW_ROWS = 10
PREVIEW_COLUMNS = 24
"""Columns the preview shows at most: the first ones and the targets (a file of thousands
of columns would take minutes to lay out, and no screen shows them)."""
TARGET_TINT = QColor(242, 169, 0, 45)
"""The amber of the diagram's highlight, faint: the same tint the Data table gives targets."""
BAD_TINT = QColor(176, 0, 32, 40)


def _target_text() -> QColor:
    """The highlight's amber, dark enough to read as text on the theme's header."""
    return style.HIGHLIGHT.darker(220) if style.THEME == "light" else style.HIGHLIGHT


class CsvImportDialog(QDialog):
    """Preview and options for importing ``text`` (the contents of ``file_name``) as the
    data of a network whose layer sizes are ``layers``."""

    def __init__(
        self,
        file_name: str,
        text: str,
        layers: list[int] | tuple[int, ...],
        parent: QWidget | None = None,
        header: bool | None = None,
        targets: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("csv_import_dialog")
        self.setWindowTitle("Import data from CSV")
        self.setFont(style.font(16))
        self.text = text
        self.layers = list(layers)
        self._parsed: dict[bool, Table | CsvError] = {}

        self.file_label = QLabel()
        self.file_label.setObjectName("csv_file_name")
        self.file_label.setFont(style.font(18, bold=True))
        self.file_label.setTextFormat(Qt.TextFormat.PlainText)
        delimiter = csv_data.DELIMITER_NAMES[csv_data.detect_delimiter(text)]
        self.file_label.setText(f"{file_name}  ({delimiter}-separated)")

        self.header_box = QCheckBox("First row is a header")
        self.header_box.setObjectName("csv_header")
        self.header_box.setToolTip("A header row names the columns; it is not imported as a sample")
        self.header_box.setChecked(csv_data.looks_like_header(text) if header is None else header)
        self.targets_box = QSpinBox()
        self.targets_box.setObjectName("csv_target_columns")
        self.targets_box.setToolTip("How many columns, counted from the right, are the targets")
        self.targets_box.setMinimumWidth(80)
        targets_label = QLabel("Target columns (from the right):")
        targets_label.setBuddy(self.targets_box)
        options = QHBoxLayout()
        options.addWidget(self.header_box)
        options.addSpacing(24)
        options.addWidget(targets_label)
        options.addWidget(self.targets_box)
        options.addStretch(1)

        self.preview = QTableWidget()
        self.preview.setObjectName("csv_preview")
        self.preview.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.preview.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.preview.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.preview.setToolTip(f"The first rows of the file (at most {PREVIEW_ROWS}), by line number")

        self.summary = QLabel()
        self.summary.setObjectName("csv_summary")
        self.summary.setWordWrap(True)
        self.summary.setFont(style.font(17, bold=True))
        self.problems_title = QLabel()
        self.problems_title.setObjectName("csv_problems_title")
        self.problems_title.setWordWrap(True)
        self.problems_title.setFont(style.font(16))
        self.problems_title.setStyleSheet(f"color: {style.DANGER.name()};")
        self.problems = QListWidget()
        self.problems.setObjectName("csv_problems")
        self.problems.setToolTip("Fix these lines in the file, then import it again")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.import_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.import_button.setText("Import")
        self.import_button.setObjectName("csv_import")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(self.file_label)
        layout.addLayout(options)
        layout.addWidget(self.preview, 3)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems_title)
        layout.addWidget(self.problems, 2)
        layout.addWidget(self.buttons)
        self.resize(900, 620)

        self._set_target_range()
        self._asked_targets = targets
        """The caller's count, kept (and refused if it does not fit) until the lecturer changes it."""
        default = self.layers[-1] if self.layers[-1] <= self._columns() - 1 else 1
        self.targets_box.setValue(targets if targets is not None else default)
        self._refresh()
        self.header_box.toggled.connect(self._on_header_toggled)
        self.targets_box.valueChanged.connect(self._on_targets_changed)

    # -- reading ----------------------------------------------------------------------
    @property
    def target_columns(self) -> int:
        return self._asked_targets if self._asked_targets is not None else self.targets_box.value()

    def table(self) -> Table | CsvError:
        """The file read with the current header choice (each choice read once)."""
        header = self.header_box.isChecked()
        if header not in self._parsed:
            try:
                self._parsed[header] = csv_data.parse(self.text, header=header)
            except CsvError as err:
                self._parsed[header] = err
        return self._parsed[header]

    def data(self) -> tuple[list[list[float]], list[list[float]]]:
        """(inputs, targets) as chosen; CsvError if the file has bad rows or the split is impossible."""
        table = self.table()
        if isinstance(table, CsvError):
            raise table
        return csv_data.split(table, self.target_columns)

    def problem_texts(self) -> list[str]:
        return [self.problems.item(k).text() for k in range(self.problems.count())]

    def column_titles(self) -> list[str]:
        return [self.preview.horizontalHeaderItem(c).text() for c in range(self.preview.columnCount())]

    # -- widget events --------------------------------------------------------------------
    def _columns(self) -> int:
        table = self.table()
        if isinstance(table, Table):
            return table.columns
        rows = csv_data.first_rows(self.text, 1)
        return len(rows[0][1]) if rows else 0

    def _set_target_range(self) -> None:
        """At least one target, and at least one column left for the inputs."""
        self.targets_box.setRange(1, max(1, self._columns() - 1))

    def _on_header_toggled(self) -> None:
        self._asked_targets = None
        with QSignalBlocker(self.targets_box):
            self._set_target_range()
        self._refresh()

    def _on_targets_changed(self) -> None:
        self._asked_targets = None
        self._refresh()

    def _refresh(self) -> None:
        table = self.table()
        columns = self._columns()
        targets = self.target_columns
        error = table if isinstance(table, CsvError) else None
        if error is None:
            try:
                csv_data.check_targets(columns, targets)
                self.summary.setText(csv_data.summary(len(table.rows), columns, targets, self.layers))
            except CsvError as err:
                error = err
        problems = error.lines() if error is not None else []
        if error is not None:
            count = len(error.problems) + error.more
            self.summary.setText("Nothing will be imported from this file as it is.")
            self.problems_title.setText(
                f"Fix {'this line' if count == 1 else f'these {count:,} lines'} in the file, then import it again:"
                if any(line is not None for line, _ in error.problems)
                else "The problem:"
            )
        self.problems.clear()
        self.problems.addItems(problems)
        self.problems.setVisible(bool(problems))
        self.problems_title.setVisible(bool(problems))
        self.summary.setStyleSheet(f"color: {style.DANGER.name()};" if problems else "")
        self.import_button.setEnabled(not problems)
        self.targets_box.setEnabled(columns >= 2)
        bad_lines = {line for line, _ in error.problems} if error is not None else set()
        self._fill_preview(columns, targets if 1 <= targets < columns else 0, bad_lines)

    def _fill_preview(self, columns: int, targets: int, bad_lines: set[int | None]) -> None:
        """The first rows as written in the file; target columns tinted and named, bad rows red."""
        header = self.header_box.isChecked()
        rows = csv_data.first_rows(self.text, PREVIEW_ROWS + header)
        names = [c.strip() for c in rows[0][1]] if header and rows else []
        rows = rows[1:] if header else rows
        width = max([columns, *(len(cells) for _, cells in rows)])
        roles = csv_data.column_roles(columns, targets) if targets else [""] * columns
        shown = preview_columns(width, targets)
        self.preview.clear()
        self.preview.setColumnCount(len(shown))
        self.preview.setRowCount(len(rows))
        # A few columns share the width; many keep to their contents and scroll.
        mode = QHeaderView.ResizeMode.Stretch if len(shown) <= 8 else QHeaderView.ResizeMode.ResizeToContents
        self.preview.horizontalHeader().setSectionResizeMode(mode)
        if len(shown) < width:
            self.preview.setToolTip(
                f"The first rows of the file (at most {PREVIEW_ROWS}), by line number; "
                f"{len(shown)} of its {width:,} columns: the first ones and the targets"
            )
        for at, c in enumerate(shown):
            role = roles[c] if c < len(roles) else ""
            name = names[c] if c < len(names) else ""
            title = "\n".join(part for part in (role or f"column {c + 1}", name) if part)
            item = QTableWidgetItem(title)
            if role.startswith("target"):
                item.setForeground(QBrush(_target_text()))
                font = item.font()
                font.setBold(True)
                item.setFont(font)
            self.preview.setHorizontalHeaderItem(at, item)
        for r, (line, cells) in enumerate(rows):
            self.preview.setVerticalHeaderItem(r, QTableWidgetItem(f"line {line}"))
            for at, c in enumerate(shown):
                item = QTableWidgetItem(cells[c].strip() if c < len(cells) else "")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if line in bad_lines:
                    item.setBackground(QBrush(BAD_TINT))
                    item.setToolTip("This line has a problem (listed below)")
                elif roles[c : c + 1] and roles[c].startswith("target"):
                    item.setBackground(QBrush(TARGET_TINT))
                self.preview.setItem(r, at, item)


def preview_columns(width: int, targets: int) -> list[int]:
    """Which of ``width`` columns the preview shows: all of a narrow file; of a wide
    one the first columns and the ``targets`` last, at most PREVIEW_COLUMNS in all."""
    if width <= PREVIEW_COLUMNS:
        return list(range(width))
    last = min(targets, PREVIEW_COLUMNS // 2)
    return [*range(PREVIEW_COLUMNS - last), *range(width - last, width)]
