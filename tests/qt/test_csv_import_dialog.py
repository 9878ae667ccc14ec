"""Importing CSV data: the dialog's preview and choices, then the import through the window."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMenu

from gdviz.qt.main_window import MainWindow
from gdviz.qt.panels.csv_import_dialog import BAD_TINT, PREVIEW_COLUMNS, TARGET_TINT, CsvImportDialog

STUDY = "hours,sleep,score\n" + "".join(f"{k},{k % 3 + 6},{50 + 4 * k}\n" for k in range(1, 13))
BROKEN = "x1,x2,y\n1,2,3\n\n4,abc,6\n7,8\n9,,11\n"


@pytest.fixture
def dialog(qtbot):
    def make(text: str, layers=(3, 2, 1), **options) -> CsvImportDialog:
        shown = CsvImportDialog("study.csv", text, list(layers), **options)
        qtbot.addWidget(shown)
        shown.show()
        qtbot.waitExposed(shown)
        return shown

    return make


def cell(dialog: CsvImportDialog, row: int, col: int):
    return dialog.preview.item(row, col)


def test_preview_names_and_tints_the_target_columns(dialog):
    d = dialog(STUDY)
    assert d.header_box.isChecked()  # detected
    assert d.target_columns == 1  # the network has one output
    assert d.column_titles() == ["input x0\nhours", "input x1\nsleep", "target\nscore"]
    assert d.preview.rowCount() == 10
    assert d.preview.verticalHeaderItem(0).text() == "line 2"
    assert [cell(d, 0, c).text() for c in range(3)] == ["1", "7", "54"]
    assert cell(d, 0, 2).background().color() == TARGET_TINT
    assert cell(d, 0, 1).background().style() == Qt.BrushStyle.NoBrush
    assert d.summary.text() == (
        "12 rows: 2 inputs, 1 target — the network's input layer will change from 3 to 2 nodes"
    )
    assert d.import_button.text() == "Import" and d.import_button.isEnabled()
    assert d.problems.isHidden() and d.file_label.text() == "study.csv  (comma-separated)"
    assert d.data() == (
        [[float(k), float(k % 3 + 6)] for k in range(1, 13)],
        [[50.0 + 4 * k] for k in range(1, 13)],
    )


def test_toggling_the_header_and_the_target_count_updates_everything(qtbot, dialog):
    d = dialog("1,2,3\n4,5,6\n", layers=(2, 2, 1))
    assert not d.header_box.isChecked()
    assert d.summary.text() == "2 rows: 2 inputs, 1 target"
    assert d.column_titles() == ["input x0", "input x1", "target"]

    d.header_box.click()
    assert d.summary.text() == "1 row: 2 inputs, 1 target"
    assert d.column_titles() == ["input x0\n1", "input x1\n2", "target\n3"]
    assert d.preview.verticalHeaderItem(0).text() == "line 2"

    d.targets_box.setFocus()
    qtbot.keyClick(d.targets_box, Qt.Key.Key_Up)
    assert d.target_columns == 2
    assert d.summary.text() == (
        "1 row: 1 input, 2 targets — the network's input layer will change from 2 to 1 nodes"
        " and its output layer will change from 1 to 2 nodes"
    )
    assert d.column_titles() == ["input x0\n1", "target of output_0\n2", "target of output_1\n3"]
    assert cell(d, 0, 1).background().color() == TARGET_TINT
    qtbot.keyClick(d.targets_box, Qt.Key.Key_Up)
    assert d.target_columns == 2  # at least one input column stays
    assert d.data() == ([[4.0]], [[5.0, 6.0]])


def test_the_default_target_count_follows_the_network_when_it_fits(dialog):
    assert dialog("1,2,3,4\n", layers=(2, 4, 2)).target_columns == 2
    assert dialog("1,2\n", layers=(2, 4, 2)).target_columns == 1
    assert dialog("1,2,3,4\n", layers=(2, 4, 2), targets=3, header=False).target_columns == 3


def test_a_bad_file_lists_its_lines_and_cannot_be_imported(dialog):
    d = dialog(BROKEN)
    assert d.problem_texts() == [
        'line 4: column 2: "abc" is not a number',
        "line 5: has 2 columns; the header has 3",
        "line 6: column 2 is empty",
    ]
    assert d.problems.isVisible()
    assert d.problems_title.text() == "Fix these 3 lines in the file, then import it again:"
    assert d.summary.text() == "Nothing will be imported from this file as it is."
    assert not d.import_button.isEnabled()
    assert d.preview.verticalHeaderItem(1).text() == "line 4"
    assert cell(d, 1, 0).background().color() == BAD_TINT
    assert cell(d, 0, 0).background().style() == Qt.BrushStyle.NoBrush  # line 2 is fine
    assert cell(d, 2, 2).text() == ""  # the short row shows as written

    d.header_box.click()  # the header read as data is one more bad line
    assert (
        d.problem_texts()[0]
        == 'line 1: column 1: "x1" is not a number; column 2: "x2" is not a number; column 3: "y" is not a number'
    )
    assert len(d.problem_texts()) == 4


def test_one_column_cannot_be_split(dialog):
    d = dialog("y\n1\n2\n")
    assert d.problem_texts() == ["the data needs at least two columns: inputs, then targets"]
    assert d.problems_title.text() == "The problem:"
    assert not d.import_button.isEnabled() and not d.targets_box.isEnabled()


# -- through the window ---------------------------------------------------------------------
@pytest.fixture
def accept(monkeypatch):
    """Answer the import dialog with Import, as a lecturer would; keep the dialogs shown."""
    shown: list[CsvImportDialog] = []

    def confirm(self, dialog):
        shown.append(dialog)
        return dialog.import_button.isEnabled()

    monkeypatch.setattr(MainWindow, "confirm_csv", confirm)
    return shown


def write(tmp_path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_importing_changes_data_network_and_diagram_and_undo_restores(qtbot, open_window, tmp_path, accept):
    window = open_window()
    before = window.session.scenario
    assert window.diagram.loss_text.text().startswith("target 8")
    path = write(tmp_path, "study.csv", "a;b;c;y\n1;2;3;7\n4;5;6;9\n")

    assert window.document.import_csv(path)
    assert accept[0].summary.text() == (
        "2 rows: 3 inputs, 1 target — the network's input layer will change from 2 to 3 nodes"
    )
    scenario = window.session.scenario
    assert scenario.inputs == [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    assert scenario.targets == [[7.0], [9.0]]
    assert scenario.layers[0] == 3 and window.session.layers == (3, 2, 1)
    assert window.diagram.loss_text.text().startswith("target 7")
    assert window.diagram.node_value_text(0, 2) == "3"  # a third input node, holding the first row's value
    assert window.errors == []

    window.action_undo.trigger()
    assert window.session.scenario == before
    assert window.session.layers == (2, 2, 1)
    assert window.diagram.loss_text.text().startswith("target 8")
    window.action_redo.trigger()
    assert window.session.scenario.targets == [[7.0], [9.0]]


def test_a_bad_file_imports_nothing_and_names_the_lines(open_window, tmp_path, accept):
    window = open_window()
    before = window.session.scenario
    path = write(tmp_path, "broken.csv", BROKEN)
    assert not window.document.import_csv(path)  # the dialog could only be cancelled
    assert not window.document.import_csv(path, confirm=False)
    assert window.session.scenario == before and window.session.undo_stack.count() == 0
    title, text = window.errors[-1]
    assert title == "Could not import data"
    assert text.startswith("Nothing was imported from broken.csv:")
    assert "line 4:" in text and "line 5:" in text and "line 6:" in text


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("x,y\n1,2\n".encode("utf-16"), "is UTF-16 text"),
        (b"", "the file holds no data"),
    ],
)
def test_unreadable_files_import_nothing(open_window, tmp_path, accept, content, message):
    window = open_window()
    before = window.session.scenario
    path = tmp_path / "odd.csv"
    path.write_bytes(content)
    assert not window.document.import_csv(str(path), confirm=False)
    assert message in window.errors[-1][1]
    assert not window.document.import_csv(str(tmp_path / "missing.csv"))
    assert window.errors[-1][1].endswith("missing.csv: no such file")
    assert window.session.scenario == before


def test_data_the_scenario_refuses_imports_nothing(open_window, tmp_path, accept):
    window = open_window("xor")  # binary cross-entropy: targets from 0 to 1
    before = window.session.scenario
    path = write(tmp_path, "scores.csv", "1,2,50\n3,4,60\n")
    assert not window.document.import_csv(path)
    assert window.session.scenario == before and window.session.undo_stack.count() == 0
    assert "targets from 0 to 1" in window.errors[-1][1]


def test_choices_can_be_given_without_asking(open_window, tmp_path):
    window = open_window()
    path = write(tmp_path, "two.csv", "1,2,3,4\n")
    assert window.document.import_csv(path, target_columns=2, header=False, confirm=False)
    assert window.session.scenario.inputs == [[1.0, 2.0]]
    assert window.session.scenario.targets == [[3.0, 4.0]]
    assert window.session.layers == (2, 2, 2)


def test_a_target_count_that_does_not_fit_is_refused_not_changed(open_window, tmp_path):
    window = open_window()
    before = window.session.scenario
    path = write(tmp_path, "three.csv", "1,2,3\n")
    assert not window.document.import_csv(path, target_columns=3, confirm=False)
    assert window.errors[-1][1] == (
        "Nothing was imported from three.csv:\nchoose 1 to 2 target columns: at least one column must stay an input"
    )
    assert window.session.scenario == before


def test_cancelling_the_dialog_changes_nothing(qtbot, open_window, tmp_path):
    window = open_window()
    before = window.session.scenario
    path = write(tmp_path, "study.csv", STUDY)

    def cancel():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, CsvImportDialog):
            modal.buttons.button(QDialogButtonBox.StandardButton.Cancel).click()
        else:
            QTimer.singleShot(10, cancel)

    QTimer.singleShot(0, cancel)
    assert not window.document.import_csv(path)
    assert window.session.scenario == before and window.errors == []


def test_the_real_dialog_imports_on_import(qtbot, open_window, tmp_path):
    window = open_window()
    path = write(tmp_path, "study.csv", STUDY)

    def press_import():
        modal = QApplication.activeModalWidget()
        if isinstance(modal, CsvImportDialog):
            modal.import_button.click()
        else:
            QTimer.singleShot(10, press_import)

    QTimer.singleShot(0, press_import)
    assert window.document.import_csv(path)
    assert len(window.session.scenario.inputs) == 12
    assert window.session.scenario.targets[0] == [54.0]
    assert window.diagram.loss_text.text().startswith("target 54")


def test_the_file_menu_action_asks_for_a_file_then_imports(qtbot, open_window, tmp_path, accept, monkeypatch):
    window = open_window()
    action = window.findChild(type(window.action_import_csv), "action_import_csv")
    assert action is window.action_import_csv
    assert [k.toString() for k in action.shortcuts()] == [QKeySequence("Ctrl+I").toString()]
    assert "CSV" in action.toolTip()
    file_menu = next(m for m in window.menuBar().findChildren(QMenu) if m.title() == "&File")
    names = [a.objectName() for a in file_menu.actions()]
    assert names.index("action_import_csv") == names.index("action_save_as") + 1

    path = write(tmp_path, "study.csv", STUDY)
    asked = []

    def get_open_file_name(parent, caption, folder, filter_):
        asked.append(caption)
        return path, filter_

    monkeypatch.setattr("PySide6.QtWidgets.QFileDialog.getOpenFileName", get_open_file_name)
    qtbot.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(window.session.scenario.inputs) == 12, timeout=3000)
    assert asked == ["Import data from CSV"]


@pytest.mark.parametrize("columns", [4097, 3000])
def test_a_very_wide_file_previews_only_what_fits_first_columns_and_targets(qtbot, columns):
    text = ",".join(f"c{i}" for i in range(columns)) + "\n" + ",".join(str(i) for i in range(columns)) + "\n"
    dialog = CsvImportDialog("wide.csv", text, [2, 3, 1])
    qtbot.addWidget(dialog)
    preview = dialog.preview
    assert preview.columnCount() == PREVIEW_COLUMNS
    titles = [preview.horizontalHeaderItem(c).text() for c in range(PREVIEW_COLUMNS)]
    assert titles[0].endswith("c0")
    if columns == 4097:  # over the limit: refused, and said so
        assert not dialog.import_button.isEnabled()
        assert "4,097 columns; the limit is 4,096" in " ".join(dialog.problem_texts())
    else:  # the target, the last column, is in view
        assert titles[-1] == f"target\nc{columns - 1}" and preview.item(0, PREVIEW_COLUMNS - 1).text() == "2999"
        assert f"of its {columns:,} columns" in preview.toolTip()
