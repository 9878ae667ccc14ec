"""Editing in place on the diagram: each edit reaches the model and the
diagram, undo and redo restore both, and bad text changes nothing."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gdviz.core import edits
from gdviz.core.numbers import DIGITS, fmt


def _double_click_edge(qtbot, window, key):
    view = window.diagram
    point = view.mapFromScene(view.edges[key].anchor)
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: view.editor.isVisible(), timeout=3000)
    return view.editor


def _type(qtbot, editor, text):
    editor.field.clear()
    qtbot.keyClicks(editor.field, text)
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)


def test_double_click_edits_a_weight_and_undo_redo_restore_it(qtbot, open_window):
    window = open_window()
    key = (0, 1, 0)
    before = window.session.scenario
    old_text = window.diagram.edge_weight_text(*key)
    editor = _double_click_edge(qtbot, window, key)
    assert "Starting weight" in editor.caption.text()
    assert float(editor.field.text()) == before.weights[0][1][0]
    _type(qtbot, editor, "0.625")
    qtbot.waitUntil(lambda: not editor.isVisible(), timeout=3000)
    assert window.session.scenario.weights[0][1][0] == 0.625
    assert window.diagram.edge_weight_text(*key) == fmt(0.625, DIGITS)
    assert window.session.dirty and window.isWindowModified()

    window.action_undo.trigger()
    assert window.session.scenario == before
    assert window.diagram.edge_weight_text(*key) == old_text
    assert not window.session.dirty
    window.action_redo.trigger()
    assert window.session.scenario.weights[0][1][0] == 0.625
    assert window.diagram.edge_weight_text(*key) == fmt(0.625, DIGITS)


def test_undo_and_redo_have_the_usual_keys(qtbot, open_window):
    window = open_window()
    window.session.edit("Set w", lambda s: edits.set_weight(s, 0, 0, 0, 7.5))
    assert window.session.scenario.weights[0][0][0] == 7.5
    qtbot.keyClick(window.diagram, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.session.scenario.weights[0][0][0] != 7.5
    qtbot.keyClick(
        window.diagram, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert window.session.scenario.weights[0][0][0] == 7.5
    assert "Ctrl+Z" in window.action_undo.shortcut().toString()


def test_bad_text_is_refused_where_typed_and_changes_nothing(qtbot, open_window):
    window = open_window()
    key = (0, 1, 0)
    before = window.session.scenario
    shown = window.diagram.visible_texts()
    editor = _double_click_edge(qtbot, window, key)
    for text, message in (("abc", "not a number"), ("", "enter a number"), ("nan", "not a finite number")):
        _type(qtbot, editor, text)
        assert editor.isVisible()
        assert message in editor.problem
        assert window.session.scenario == before
        assert window.diagram.visible_texts() == shown
    assert window.session.undo_stack.count() == 0
    qtbot.keyClick(editor.field, Qt.Key.Key_Escape)
    assert not editor.isVisible()
    assert window.presentation.presenting is False


def test_double_click_a_node_edits_its_bias(qtbot, open_window):
    window = open_window("xor")
    view = window.diagram
    node = view.nodes[(2, 0)]
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(node.pos))
    qtbot.waitUntil(lambda: view.editor.isVisible(), timeout=3000)
    assert "bias" in view.editor.caption.text()
    _type(qtbot, view.editor, "-1.5")
    assert window.session.scenario.biases[1][0] == -1.5
    assert view.nodes[(2, 0)].bias.text().startswith(f"b {fmt(-1.5, DIGITS)}")


def test_editing_mid_training_restarts_from_step_zero(qtbot, open_window):
    window = open_window()
    window.session.run_steps(3)
    editor = _double_click_edge(qtbot, window, (0, 0, 0))
    assert "restarts at step 0" in editor.caption.text()
    _type(qtbot, editor, "1")
    assert window.session.walk.at_start
    assert len(window.session.walk.trainer.history) == 0


def test_an_edited_scenario_saved_then_opened_is_the_same(open_window, tmp_path):
    window = open_window("xor")
    session = window.session
    session.edit("w", lambda s: edits.set_weight(s, 1, 0, 2, -0.25))
    session.edit("n", lambda s: edits.set_layer_size(s, 1, 4))
    session.edit("o", lambda s: edits.set_optimizer(s, "momentum"))
    session.edit("r", lambda s: edits.add_row(s))
    session.edit("t", lambda s: edits.set_value(s, "targets", 4, 0, 0.5))
    edited = session.scenario
    shown = window.diagram.visible_texts()
    path = tmp_path / "edited.json"
    assert window.document.save_to(str(path))
    assert not session.dirty and not window.isWindowModified()
    assert window.open_name("backprop-in-practice")
    assert window.open_name(str(path))
    assert window.session.scenario == edited
    assert window.diagram.visible_texts() == shown
    assert window.session.undo_stack.count() == 0


def test_an_edit_during_play_stops_it_at_step_one(qtbot, open_window):
    window = open_window("xor")
    window.action_play.trigger()
    qtbot.waitUntil(lambda: not window.session.walk.at_start, timeout=3000)
    window.session.edit("w", lambda s: edits.set_weight(s, 0, 0, 0, 0.5))
    assert not window.player.playing
    assert window.session.walk.at_start
    assert window.action_play.text() == "P&lay"


def test_edits_while_zoomed_in_keep_the_diagram_steady(qtbot, open_window):
    # Scroll bars shown "as needed" once made refitting the zoomed diagram recurse without end.
    window = open_window("xor")
    for size, zoom in (((1400, 900), 1.44), ((1280, 800), 1.2), ((1280, 800), 2.07)):
        window.resize(*size)
        window.appearance.set_zoom(zoom)
        window.session.edit("w", lambda s, z=zoom: edits.set_weight(s, 0, 0, 0, z))
        window.action_undo.trigger()
        window.action_redo.trigger()
        assert window.diagram.edge_weight_text(0, 0, 0) == fmt(zoom, DIGITS)


def test_enter_on_the_number_as_shown_is_no_edit(qtbot, open_window):
    window = open_window("xor")  # weights given by seed: an explicit copy must still count as the same
    editor = _double_click_edge(qtbot, window, (0, 0, 0))
    qtbot.keyClick(editor.field, Qt.Key.Key_Return)
    assert not editor.isVisible()
    editor = _double_click_edge(qtbot, window, (0, 0, 0))
    _type(qtbot, editor, editor._shown + "0")  # the same number written differently
    assert window.session.undo_stack.count() == 0 and not window.session.dirty


def test_arrow_keys_in_a_setup_box_change_it_not_the_lesson(qtbot, open_window):
    window = open_window("xor")
    window.show_dock("setup")
    window.session.next()
    box = window.setup_panel.layer_rows[1][0]
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=3000)
    qtbot.keyClick(box, Qt.Key.Key_Up)
    assert window.session.layers == (2, 4, 1)
    assert box.value() == 4
