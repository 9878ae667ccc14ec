"""The Data panel: typed cells, added and removed rows, refusals."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton

from gdviz.core.numbers import fmt


def _type_cell(qtbot, panel, row, col, text):
    table = panel.table
    index = panel.model.index(row, col)
    table.setCurrentIndex(index)
    table.edit(index)

    def open_editor():
        return next((e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()), None)

    qtbot.waitUntil(lambda: open_editor() is not None, timeout=3000)
    editor = open_editor()
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # The view commits a typed cell on its next turn of the event loop.
    qtbot.waitUntil(lambda: open_editor() is None, timeout=3000)


def _target_line(window) -> str:
    """The diagram's target line (the sample's row may be named above it)."""
    return next(line for line in window.diagram.loss_text.text().splitlines() if line.startswith("target"))


def test_typing_a_target_changes_model_and_diagram_and_undo_restores(qtbot, open_window):
    window = open_window("xor")
    panel = window.show_dock("data").widget()
    assert panel.model.headerData(2, Qt.Orientation.Horizontal) == "target"
    _type_cell(qtbot, panel, 0, 2, "0.75")
    assert window.session.scenario.targets[0] == [0.75]
    assert panel.model.index(0, 2).data() == fmt(0.75, 4)
    assert _target_line(window).startswith("target 0.75")
    window.action_undo.trigger()
    assert window.session.scenario.targets[0] == [0.0]
    assert _target_line(window).startswith("target 0")
    assert panel.model.index(0, 2).data() == "0"


def test_bad_cells_change_nothing_and_say_why(qtbot, open_window):
    window = open_window("xor")
    panel = window.show_dock("data").widget()
    before = window.session.scenario
    for text, reason in (("abc", "not a number"), ("nan", "finite"), ("5", "targets from 0 to 1")):
        _type_cell(qtbot, panel, 1, 2, text)
        assert reason in panel.message.text(), panel.message.text()
        assert panel.message.text().startswith("Row 2, target")
        assert window.session.scenario == before
        assert panel.model.index(1, 2).data() == "1"
    assert window.session.undo_stack.count() == 0


def test_rows_are_added_and_removed(qtbot, open_window):
    window = open_window("xor")
    panel = window.show_dock("data").widget()
    panel.table.selectRow(1)
    qtbot.mouseClick(panel.findChild(QPushButton, "add_row"), Qt.MouseButton.LeftButton)
    assert len(window.session.scenario.inputs) == 5
    assert window.session.scenario.inputs[2] == window.session.scenario.inputs[1]
    assert panel.model.rowCount() == 5
    panel.table.selectRow(0)
    qtbot.mouseClick(panel.findChild(QPushButton, "remove_rows"), Qt.MouseButton.LeftButton)
    assert len(window.session.scenario.inputs) == 4
    assert "sample 1 of 4" in window.formula.phase_label.text()
    panel.table.selectAll()
    qtbot.mouseClick(panel.findChild(QPushButton, "remove_rows"), Qt.MouseButton.LeftButton)
    assert "at least one row" in panel.message.text()
    assert len(window.session.scenario.inputs) == 4


def test_double_clicking_an_input_node_opens_its_column(qtbot, open_window):
    window = open_window("xor")
    view = window.diagram
    node = view.nodes[(0, 1)]
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(node.pos))
    qtbot.waitUntil(lambda: window.data_panel.table.hasFocus(), timeout=3000)
    assert window.data_panel.table.currentIndex().column() == 1
