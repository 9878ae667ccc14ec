"""The Data panel: the samples as a table, with buttons to add, remove and import rows.

The table marks the step's batch and the sample on show (see ``data_table_model``)
and scrolls to keep the sample on show in view as the lesson moves.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QSignalBlocker, Qt
from PySide6.QtGui import QAction, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDoubleSpinBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSpinBox,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from gdviz.core import edits
from gdviz.core.datasets import DESCRIPTIONS, MOST_SAMPLES, inputs_of
from gdviz.core.scenario import ScenarioError
from gdviz.qt import style
from gdviz.qt.panels.data_table_model import SAMPLE_MARKER, DataTableModel
from gdviz.qt.session import LARGE_DATA, Session


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
        generate = self._generator_box()
        generate.hide()  # shown on asking: the panel stays short beside the other docks
        more = QToolButton()
        more.setObjectName("show_generator")
        more.setText("Generate…")
        more.setCheckable(True)
        more.setToolTip("Show the settings of a toy data set to fill the table with")
        more.toggled.connect(generate.setVisible)
        buttons = QHBoxLayout()
        for button in (add, remove, import_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.message = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.message.setObjectName("data_message")
        self.message.setWordWrap(True)
        self.message.hide()
        layout = QVBoxLayout(self)
        self.table.setMinimumHeight(36)  # room for the generator toggle below, in the same panel height
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        layout.addWidget(more)
        layout.addWidget(generate)
        layout.addWidget(self.message)
        self.model.refused.connect(self._show_problem)
        self.model.modelReset.connect(lambda: self._show_problem(""))
        self.model.dataChanged.connect(self._on_model_data_changed)
        self.model.modelReset.connect(self._fit_row_numbers)
        self._shown_row: int | None = None
        session.changed.connect(self._on_session_changed)
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        self.set_zoom(1.0)
        self._on_session_changed()
        self._on_model_scenario_changed()

    def _generator_box(self) -> QGroupBox:
        """Settings of a toy data set and the button that fills the table with it."""
        box = QGroupBox("Generate data")
        form = QGridLayout(box)
        self.generator = QComboBox()
        self.generator.setObjectName("generator")
        for name, description in DESCRIPTIONS.items():
            self.generator.addItem(name, name)
            self.generator.setItemData(self.generator.count() - 1, description, Qt.ItemDataRole.ToolTipRole)
        self.generator.setToolTip("The toy data set: hover an entry to see what it makes")
        self.samples = QSpinBox()
        self.samples.setObjectName("samples")
        self.samples.setRange(2, MOST_SAMPLES)
        self.samples.setValue(200)
        self.samples.setToolTip("How many points to make (training and test together)")
        self.noise = QDoubleSpinBox()
        self.noise.setObjectName("noise")
        self.noise.setRange(0, 10)
        self.noise.setSingleStep(0.05)
        self.noise.setValue(0.1)
        self.noise.setToolTip("Spread of the random noise added to the points (classification) or targets")
        self.test_percent = QSpinBox()
        self.test_percent.setObjectName("test_percent")
        self.test_percent.setRange(0, 90)
        self.test_percent.setSuffix(" %")
        self.test_percent.setToolTip("Share of the points kept apart as test data, never trained on")
        self.data_seed = QSpinBox()
        self.data_seed.setObjectName("data_seed")
        self.data_seed.setRange(0, 2**31 - 1)
        self.data_seed.setToolTip("The same seed always makes the same points")
        fill = QPushButton("Fill table")
        fill.setObjectName("fill_table")
        fill.setToolTip("Replace the data with these points (one edit: Undo brings the old data back)")
        fill.clicked.connect(self._on_fill)
        # Three rows of two, so the panel stays short enough for a small screen and narrow beside the diagram.
        for k, (label, widget) in enumerate(
            (
                ("Data set", self.generator),
                ("Points", self.samples),
                ("Noise", self.noise),
                ("Test", self.test_percent),
                ("Seed", self.data_seed),
                ("", fill),
            )
        ):
            row, col = divmod(k, 2)
            if label:
                form.addWidget(QLabel(label), row, 2 * col)
            form.addWidget(widget, row, 2 * col + 1)
        return box

    def generator_spec(self) -> dict:
        """The settings in the controls, as a scenario's ``data`` entry."""
        return {
            "generator": self.generator.currentData(),
            "samples": self.samples.value(),
            "noise": round(self.noise.value(), 4),
            "seed": self.data_seed.value(),
            "test_fraction": self.test_percent.value() / 100,
        }

    def _on_fill(self) -> None:
        spec = self.generator_spec()
        columns = inputs_of(spec["generator"]) + 1
        large = self.session.large or spec["samples"] * columns > LARGE_DATA  # checked in a worker
        self._edit(f"Generate {spec['generator']} data", lambda s: edits.generate_data(s, spec), large)

    def _on_model_scenario_changed(self) -> None:
        """Generated data shows the settings it came from."""
        spec = self.session.scenario.data
        if spec is None:
            return
        for widget, value in (
            (self.generator, None),
            (self.samples, spec["samples"]),
            (self.noise, spec.get("noise", 0.0)),
            (self.test_percent, round(100 * spec.get("test_fraction", 0.0))),
            (self.data_seed, min(spec.get("seed", 0), 2**31 - 1)),
        ):
            with QSignalBlocker(widget):
                if value is None:
                    widget.setCurrentIndex(widget.findData(spec["generator"]))
                else:
                    widget.setValue(value)

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

    def _edit(self, text: str, change, large: bool | None = None) -> None:
        try:
            self.session.edit(text, change, large)
        except ScenarioError as err:
            self._show_problem(str(err))

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style.refused_text_css())
        self.message.setVisible(bool(text))
