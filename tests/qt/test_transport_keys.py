"""The lesson's keys from every focus: Right steps the lesson wherever the keyboard is,
except in a field being typed in; Enter or Esc there gives the keys back; while the screen
is blank no key moves the lesson and the first one brings the picture back.

Keys go to QApplication.focusWidget(), so the real shortcut path is taken."""

from __future__ import annotations

import pyqtgraph as pg
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLineEdit

from gdviz.qt.controllers.transport_keys import HELP_ROWS, TRANSPORT

RIGHT, LEFT = Qt.Key.Key_Right, Qt.Key.Key_Left


def position(window) -> tuple[int, int]:
    """(training step, micro-step within it) on show."""
    return window.session.step_number, window.session.walk.index


def focus(qtbot, widget) -> None:
    widget.setFocus(Qt.FocusReason.MouseFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is widget, timeout=3000)


def press(qtbot, key, modifier=Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, modifier)


def test_right_steps_the_lesson_from_every_focus(qtbot, open_window):
    window = open_window("xor")
    plot = window.show_plot("loss curve").findChildren(pg.PlotWidget)[0]
    places = {
        "diagram": (None, window.diagram),
        "lesson list": ("lessons", window.lesson_list),
        "loss plot": (None, plot),
        "data table": ("data", window.data_panel.table),
        "setup loss box": ("setup", window.setup_panel.loss_box),
        "setup button": ("setup", window.setup_panel.add_layer_button),
        "inspector": ("inspector", window.inspector),
        "speed box": (None, window.speed_box),
    }
    choices = lambda: (  # noqa: E731
        window.lesson_list.currentRow(),
        window.data_panel.table.currentIndex().row(),
        window.setup_panel.loss_box.currentIndex(),
        window.speed_box.currentIndex(),
    )
    chosen = choices()
    for place, (dock, widget) in places.items():
        if dock:
            window.show_dock(dock)
        focus(qtbot, widget)
        before = position(window)
        press(qtbot, RIGHT)
        assert position(window) == (before[0], before[1] + 1), place
        press(qtbot, Qt.Key.Key_PageDown)
        press(qtbot, LEFT)
        assert position(window) == (before[0], before[1] + 1), place
        assert QApplication.focusWidget() is widget and choices() == chosen, place  # the widget kept still
    # A dock floating on its own is still the window's: Space there plays, it presses no button.
    dock = window.show_dock("setup")
    dock.setFloating(True)
    dock.activateWindow()
    focus(qtbot, window.setup_panel.add_layer_button)
    press(qtbot, Qt.Key.Key_Space)
    assert window.player.playing
    press(qtbot, Qt.Key.Key_Space)
    assert not window.player.playing and window.session.layers == (2, 3, 1)
    field = window.setup_panel.settings["learning_rate"]  # Enter there hands back to the window
    focus(qtbot, field)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.diagram, timeout=3000)
    dock.setFloating(False)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    # On a button Space plays rather than presses it; Ctrl+Right and Home act on the lesson too.
    window.show_dock("setup")
    focus(qtbot, window.setup_panel.add_layer_button)
    press(qtbot, Qt.Key.Key_Space)
    assert window.player.playing
    press(qtbot, Qt.Key.Key_Space)
    assert not window.player.playing
    assert window.session.layers == (2, 3, 1) and window.session.undo_stack.count() == 0  # no edit
    before = position(window)
    press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # the step is finished
    assert position(window)[0] > before[0] or position(window)[1] > before[1] + 1
    press(qtbot, Qt.Key.Key_Home)
    assert position(window) == (1, 0)


def test_typing_in_a_setup_field_keeps_the_keys_until_enter(qtbot, open_window):
    window = open_window("xor")
    window.show_dock("setup")
    field = window.setup_panel.settings["learning_rate"]
    focus(qtbot, field)
    field.selectAll()
    qtbot.keyClicks(field, "0.25")
    start = position(window)
    for key in (LEFT, LEFT, RIGHT, Qt.Key.Key_Home):
        press(qtbot, key)
    assert field.cursorPosition() == 0  # the keys moved the text cursor...
    press(qtbot, Qt.Key.Key_Space)
    assert field.text() == " 0.25" and position(window) == start  # ...and typed; the lesson stayed
    assert not window.player.playing
    field.setText("0.25")
    press(qtbot, Qt.Key.Key_Return)
    assert window.session.scenario.optimizer["learning_rate"] == 0.25  # kept
    assert QApplication.focusWidget() is window.diagram  # the keys are the lesson's again
    press(qtbot, RIGHT)
    assert position(window) == (1, 1)
    # A refused entry keeps the keyboard, to be put right; Esc gives it up.
    focus(qtbot, field)
    field.selectAll()
    qtbot.keyClicks(field, "fast")
    press(qtbot, Qt.Key.Key_Return)
    assert field.problem and QApplication.focusWidget() is field
    press(qtbot, Qt.Key.Key_Escape)
    assert field.text() == "0.25" and not field.problem  # the model's value again
    assert QApplication.focusWidget() is window.diagram and window.session.undo_stack.count() == 1
    press(qtbot, RIGHT)
    assert position(window) == (1, 2)


def test_esc_in_a_spin_box_gives_up_the_typed_size_and_enter_keeps_a_count(qtbot, open_window):
    window = open_window("xor")
    window.show_dock("setup")
    box = window.setup_panel.layer_rows[1][0]
    focus(qtbot, box)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "7")
    assert box.text() == "7"
    press(qtbot, Qt.Key.Key_Escape)
    assert box.text() == "3" and window.session.layers == (2, 3, 1)
    assert QApplication.focusWidget() is window.diagram
    # The toolbar's count box takes every keystroke; Enter keeps the number and hands back.
    box = window.ff_count
    focus(qtbot, box)
    box.lineEdit().selectAll()
    qtbot.keyClicks(box, "250")
    press(qtbot, LEFT)
    assert box.lineEdit().cursorPosition() == 2 and position(window) == (1, 0)
    press(qtbot, Qt.Key.Key_Return)
    assert box.value() == 250 and QApplication.focusWidget() is window.diagram
    press(qtbot, RIGHT)
    press(qtbot, RIGHT)
    assert position(window) == (1, 2)
    # Fast-forward started with the keyboard still in the box: Esc there stops it too.
    focus(qtbot, box)
    assert window.training.fast_forward(1_000_000) and window.jobs.running
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=3000)
    assert QApplication.focusWidget() is window.diagram and box.value() == 250


def test_a_table_cell_being_typed_keeps_the_keys_and_enter_gives_them_to_the_table(qtbot, open_window):
    window = open_window("xor")
    table = window.show_dock("data").widget().table
    focus(qtbot, table)
    index = table.model().index(1, 0)
    table.setCurrentIndex(index)
    table.edit(index)

    def editor():
        return next((e for e in table.viewport().findChildren(QLineEdit) if e.isVisible()), None)

    qtbot.waitUntil(lambda: QApplication.focusWidget() is editor() is not None, timeout=3000)
    editor().selectAll()
    qtbot.keyClicks(editor(), "0.5")
    press(qtbot, LEFT)
    assert editor().cursorPosition() == 2 and position(window) == (1, 0)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: editor() is None and QApplication.focusWidget() is table, timeout=3000)
    assert window.session.scenario.inputs[1][0] == 0.5
    press(qtbot, RIGHT)
    assert position(window) == (1, 1)


def test_while_blank_no_key_moves_the_lesson_and_the_first_brings_the_picture_back(qtbot, open_window):
    window = open_window("xor")
    window.show_dock("setup")
    focus(qtbot, window.setup_panel.settings["learning_rate"])
    press(qtbot, Qt.Key.Key_F5)  # presenting from a field: the keyboard goes to the diagram
    assert window.presentation.presenting and QApplication.focusWidget() is window.diagram
    press(qtbot, RIGHT)
    assert position(window) == (1, 1)
    for key in (RIGHT, Qt.Key.Key_PageDown, Qt.Key.Key_Space, Qt.Key.Key_Home):
        press(qtbot, Qt.Key.Key_B)
        assert window.presentation.blank and window.action_blank.isChecked()
        press(qtbot, key)  # brings the picture back, and does nothing else
        assert not window.presentation.blank and not window.action_blank.isChecked(), key
        assert position(window) == (1, 1) and not window.player.playing, key
    press(qtbot, Qt.Key.Key_B)
    press(qtbot, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)  # a chord counts as one key
    assert not window.presentation.blank and position(window) == (1, 1)
    press(qtbot, Qt.Key.Key_B)
    press(qtbot, Qt.Key.Key_X)  # any key at all
    assert not window.presentation.blank and window.presentation.presenting
    press(qtbot, RIGHT)
    assert position(window) == (1, 2)  # and then the keys step again
    press(qtbot, Qt.Key.Key_B)
    press(qtbot, Qt.Key.Key_Escape)  # Esc's order: first the screen comes back...
    assert not window.presentation.blank and window.presentation.presenting
    press(qtbot, Qt.Key.Key_Escape)  # ...then presentation ends
    assert not window.presentation.presenting and position(window) == (1, 2)


def test_keys_of_a_disabled_action_do_nothing_and_f1_lists_the_keys(qtbot, open_window, monkeypatch):
    window = open_window("xor")
    window.show_dock("lessons")
    focus(qtbot, window.lesson_list)
    row = window.lesson_list.currentRow()
    window.session.set_busy(True)  # as during a fast-forward: the stepping keys are off
    press(qtbot, Qt.Key.Key_Down)
    press(qtbot, RIGHT)
    assert window.lesson_list.currentRow() == row and position(window) == (1, 0)  # not the list's either
    window.session.set_busy(False)
    press(qtbot, RIGHT)
    assert position(window) == (1, 1)
    shown = []
    monkeypatch.setattr(type(window), "show_shortcuts", lambda self, rows: shown.extend(rows))
    press(qtbot, Qt.Key.Key_F1)
    keys = dict(shown)
    assert keys["Next micro-step"].startswith("Right") and keys["Reset"] == "Home"
    assert set(HELP_ROWS) <= set(shown)
    assert {"action_next", "action_previous", "action_play", "action_reset", "action_blank"} <= set(TRANSPORT)


def test_the_stage_keys_act_from_every_focus_but_a_field_being_typed_in(qtbot, open_window):
    window = open_window("xor")
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    assert window.presentation.presenting and window.presentation.stage.shown is window.loss_curve
    window.show_dock("lessons")  # a side panel brought up while presenting, the keyboard in its list
    focus(qtbot, window.lesson_list)
    row = window.lesson_list.currentRow()
    press(qtbot, Qt.Key.Key_2)
    assert (
        window.presentation.stage.shown is window.gradient_step and window.action_stage_gradient.isChecked()
    )
    assert window.lesson_list.currentRow() == row and QApplication.focusWidget() is window.lesson_list
    press(qtbot, Qt.Key.Key_D)  # the diagram alone, and D again: the view back beside it
    assert window.action_stage_diagram.isChecked()
    press(qtbot, Qt.Key.Key_D)
    assert not window.action_stage_diagram.isChecked() and window.lesson_list.currentRow() == row
    press(qtbot, Qt.Key.Key_1)
    assert window.presentation.stage.shown is window.loss_curve
    # In a Setup field being typed in, a digit is the field's.
    window.show_dock("setup")
    field = window.setup_panel.settings["learning_rate"]
    focus(qtbot, field)
    field.selectAll()
    press(qtbot, Qt.Key.Key_0)
    press(qtbot, Qt.Key.Key_Period)
    press(qtbot, Qt.Key.Key_2)
    assert field.text() == "0.2" and window.presentation.stage.shown is window.loss_curve
    assert window.action_stage_loss.isChecked() and not window.action_stage_gradient.isChecked()
    assert QApplication.focusWidget() is field
    assert {f"action_stage_{name}" for name in ("loss", "gradient", "full", "diagram")} <= set(TRANSPORT)
