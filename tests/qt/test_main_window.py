"""The lecture window driven as a lecturer would: keys, menus, files."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QMenu

from gdviz.core.formulas import formula
from gdviz.core.lessons import load_lesson
from gdviz.qt.main_window import MainWindow

REQUIRED = {
    "action_next": ["Right", "PgDown", "N"],
    "action_previous": ["Left", "PgUp", "P"],
    "action_play": ["Space"],
    "action_reset": ["Home"],
    "action_finish_step": ["Ctrl+Right"],
    "action_present": ["F5"],
    "action_open": ["Ctrl+O"],
    "action_save": ["Ctrl+S"],
}


def shown(window: MainWindow) -> tuple:
    """Everything a student can read: diagram texts, formula, status."""
    return (sorted(window.diagram.visible_texts()), window.formula.text, window.status_label.text())


def core_formula(window: MainWindow) -> str:
    walk = window.session.walk
    return formula(walk.record, walk.current, walk.trainer.loss.name, walk.trainer.optimizer.name)


def menu_actions(window: MainWindow) -> set[str]:
    names = set()
    for menu in window.menuBar().findChildren(QMenu):
        names.update(a.objectName() for a in menu.actions() if a.objectName())
    return names


def test_every_command_is_a_named_action_in_a_menu_with_its_shortcut(open_window):
    window = open_window()
    in_menus = menu_actions(window)
    for name, keys in REQUIRED.items():
        action = window.findChild(type(window.action_next), name)
        assert action is not None, name
        assert [k.toString() for k in action.shortcuts()] == [QKeySequence(k).toString() for k in keys]
        assert name in in_menus
        assert action.toolTip()


@pytest.mark.parametrize("key", [Qt.Key.Key_Right, Qt.Key.Key_PageDown, Qt.Key.Key_N])
def test_next_by_key_shows_the_next_computation(qtbot, open_window, key):
    window = open_window()
    qtbot.keyClick(window.diagram, key)
    assert window.session.walk.index == 1
    assert window.formula.text == core_formula(window) == "node_1 = relu(1*1 + 1*3) = relu(4) = 4"
    assert window.diagram.node_value_text(1, 1) == "4"


@pytest.mark.parametrize("key", [Qt.Key.Key_Left, Qt.Key.Key_PageUp, Qt.Key.Key_P])
def test_previous_by_key(qtbot, open_window, key):
    window = open_window()
    before = shown(window)
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right)
    qtbot.keyClick(window.diagram, key)
    assert shown(window) == before


def test_stepping_to_the_asked_slope_shows_6(qtbot, open_window):
    window = open_window("backprop-in-practice")
    while "x1 -> node_0" not in window.formula.text or not window.formula.text.startswith("slope"):
        qtbot.keyClick(window.diagram, Qt.Key.Key_Right)
    # The lesson asks the class for this slope first: ? until the next Right reveals it.
    assert window.formula.text.startswith("slope of w(x1 -> node_0) = 3 x 1 x 2 = ?")
    assert window.diagram.edge_slope_text(0, 0, 1) == "?"
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right)
    assert window.formula.text.startswith("slope of w(x1 -> node_0) = 3 x 1 x 2 = 6")
    assert window.diagram.edge_slope_text(0, 0, 1) == "6"
    assert "Backward pass" in window.formula.phase_label.text()


def test_finish_step_then_next_shows_5_04(qtbot, open_window):
    window = open_window("improving-weights")
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert window.diagram.edge_weight_text(0, 0, 1) == "2 → 1.72"
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right)
    assert window.diagram.node_value_text(1, 0) == "5.04"
    assert window.formula.text == "output = -0.14*1 + 1.72*2 + 0.58*3 = 5.04"
    assert window.status_label.text().startswith("Step 2")


def test_menu_entries_do_what_the_keys_do(open_window):
    by_key, by_menu = open_window("slope-and-learning-rate"), open_window("slope-and-learning-rate")
    for name in (
        "action_next",
        "action_next",
        "action_finish_step",
        "action_previous",
        "action_reset",
        "action_next",
    ):
        by_menu.findChild(type(by_menu.action_next), name).trigger()
    for method in ("next", "next", "finish_step", "previous", "reset", "next"):
        getattr(by_key.session, method)()
    assert shown(by_menu) == shown(by_key)
    assert by_menu.formula.text == core_formula(by_menu)


def test_phase_keys(qtbot, open_window):
    window = open_window()
    qtbot.keyClick(window.diagram, Qt.Key.Key_Down)
    assert window.session.walk.phase == "loss" and window.formula.text.startswith(
        "error = predicted - actual"
    )
    qtbot.keyClick(window.diagram, Qt.Key.Key_Down)
    assert window.session.walk.phase == "backward"
    qtbot.keyClick(window.diagram, Qt.Key.Key_Up)
    assert window.session.walk.phase == "loss"


def test_home_resets(qtbot, open_window):
    window = open_window()
    start = shown(window)
    for _ in range(25):
        qtbot.keyClick(window.diagram, Qt.Key.Key_Right)
    assert shown(window) != start
    qtbot.keyClick(window.diagram, Qt.Key.Key_Home)
    assert shown(window) == start


def test_stepping_back_restores_exactly_what_was_shown(qtbot, open_window):
    window = open_window("stochastic-gradient-descent")
    walk = window.session.walk
    seen = {}  # at a question, Right first reveals: a position's last look is what coming back shows
    for _ in range(70):
        seen[(walk.step_number, walk.index)] = shown(window)
        window.action_next.trigger()
    for position in reversed(list(seen)):
        window.action_previous.trigger()
        assert (walk.step_number, walk.index) == position and shown(window) == seen[position]


def test_play_advances_and_space_pauses(qtbot, open_window):
    window = open_window()
    window.player.set_speed(4)
    qtbot.keyClick(window.diagram, Qt.Key.Key_Space)
    assert window.player.playing and window.action_play.isChecked()
    qtbot.waitUntil(lambda: window.session.walk.index >= 3, timeout=3000)
    qtbot.keyClick(window.diagram, Qt.Key.Key_Space)
    assert not window.player.playing


def test_fast_forward_steps_and_epochs(qtbot, open_window):
    window = open_window("stochastic-gradient-descent")
    window.ff_count.setValue(3)
    window.action_fast_forward.trigger()  # runs in the background and lands as one update
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=5000)
    assert window.session.walk.step_number == 4
    window.ff_unit.setCurrentText("epochs")
    window.action_fast_forward.trigger()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=5000)
    assert window.session.walk.step_number == 16
    assert "Epoch 4, batch 4 of 4" in window.status_label.text()


def test_presentation_mode_and_escape(qtbot, open_window):
    window = open_window()
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    assert (
        window.presentation.presenting and not window.menuBar().isVisible() and not window.toolbar.isVisible()
    )
    big = window.formula.formula_label.font().pixelSize()
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right)  # still steps with the chrome hidden
    assert window.session.walk.index == 1
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    assert not window.presentation.presenting and window.menuBar().isVisible()
    assert window.formula.formula_label.font().pixelSize() < big


def test_zoom_keys(qtbot, open_window):
    window = open_window()
    size = window.formula.formula_label.font().pixelSize()
    qtbot.keyClick(window.diagram, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.appearance.zoom > 1 and window.formula.formula_label.font().pixelSize() > size
    qtbot.keyClick(window.diagram, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert window.appearance.zoom == pytest.approx(1.0)


def test_lesson_list_opens_lessons(qtbot, open_window):
    window = open_window()
    row = [window.lesson_list.item(r).text() for r in range(window.lesson_list.count())].index(
        "13. XOR: why a hidden layer matters"
    )
    item = window.lesson_list.item(row)
    qtbot.mouseClick(
        window.lesson_list.viewport(),
        Qt.MouseButton.LeftButton,
        pos=window.lesson_list.visualItemRect(item).center(),
    )
    assert window.session.scenario.title.startswith("XOR") and window.session.layers == (2, 3, 1)
    assert "XOR" in window.notes.toPlainText() and "XOR" in window.windowTitle()


def test_bad_file_keeps_the_current_lesson(open_window, tmp_path):
    window = open_window("xor")
    bad = tmp_path / "bad.json"
    doc = json.loads(load_lesson("xor").to_json())
    doc["layers"] = [2, 0, 1]
    bad.write_text(json.dumps(doc))
    assert not window.open_name(str(bad))
    assert window.errors[-1][1] == f"{bad}: layers[1]: expected a whole number from 1 to 4096, got 0"
    assert window.session.scenario.title.startswith("XOR")
    assert not window.open_name("no-such-lesson")
    assert "no such file or built-in lesson" in window.errors[-1][1]


def test_save_then_open_and_recent_files(open_window, tmp_path):
    window = open_window("many-points")
    path = tmp_path / "copy.json"
    assert window.document.save_to(str(path))
    assert json.loads(path.read_text())["title"] == "Measuring the loss over many points"
    other = open_window("xor")
    assert other.open_name(str(path))
    assert other.session.scenario == load_lesson("many-points")
    assert str(path.resolve()) in other.settings.recent_files()
    assert str(path.resolve()) in [a.text() for a in other.menus["menu_recent"].actions()]


def test_inspector_shows_a_clicked_weight(qtbot, open_window):
    window = open_window()
    window.session.finish_step()
    window.session.select((0, 0, 1))
    text = window.inspector.text
    assert "w(x1 -> node_0)" in text and "1 → 0.94" in text
    assert "slope of w(x1 -> node_0) = 3 x 1 x 2 = 6" in text
    window.session.select((1, 0))
    assert "node_0" in window.inspector.text and "value a = 5" in window.inspector.text


def test_diverging_run_shows_banner_and_no_nan(qtbot, open_window, hot_scenario):

    window = open_window()
    assert window.open_name(hot_scenario)
    window.ff_count.setValue(10)
    for _ in range(2):  # it stops first where training begins diverging (step 1), then at the overflow
        window.action_fast_forward.trigger()
        qtbot.waitUntil(lambda: not window.jobs.running, timeout=5000)
    assert window.banner.isVisible() and "diverged at step 3" in window.banner.text()
    texts = [*window.diagram.visible_texts(), window.formula.text, window.status_label.text()]
    assert not any("nan" in t.lower() or "inf" in t.lower() for t in texts)
    assert not window.action_next.isEnabled()
    window.action_previous.trigger()
    assert window.banner.level == "diverging" and window.session.walk.step_number == 2
    window.action_reset.trigger()
    assert window.session.walk.step_number == 1


def test_about_box_and_shortcut_list(open_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    shown = []
    monkeypatch.setattr(QMessageBox, "about", lambda parent, title, text: shown.append((title, text)))
    monkeypatch.setattr(QMessageBox, "information", lambda parent, title, text: shown.append((title, text)))
    window = open_window()
    window.action_about.trigger()
    window.action_keys.trigger()
    assert shown[0][0] == "About gdviz" and "backpropagation" in shown[0][1]
    assert (
        shown[1][0] == "Keyboard shortcuts" and "Next micro-step" in shown[1][1] and "PgDown" in shown[1][1]
    )


def test_play_is_disabled_once_training_diverges(open_window, hot_scenario):

    window = open_window()
    window.open_name(hot_scenario)
    assert window.action_play.isEnabled()
    window.session.run_steps(10)
    assert not window.action_play.isEnabled()


def test_inspector_shows_the_average_for_a_batch(open_window):
    window = open_window("stochastic-gradient-descent")
    window.session.select((0, 0, 0))
    while window.session.walk.phase != "average":
        window.session.next()
    assert "slope ?" in window.inspector.text  # the lesson asks the class for this average first
    window.session.reveal()
    text = window.inspector.text
    assert "(average of the samples' slopes)" in text
    slope = window.session.walk.record.backward.grad_weights[0][0, 0]
    from gdviz.core.numbers import fmt as _fmt

    assert f"slope {_fmt(slope)}" in text


def test_ctrl_o_and_ctrl_s_go_through_the_file_dialogs(qtbot, open_window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QFileDialog

    window = open_window("xor")
    target = tmp_path / "saved.json"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), ""))
    qtbot.keyClick(window.diagram, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert target.exists() and window.session.source == str(target)
    other = tmp_path / "other.json"
    load_lesson("many-points").save(other)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(other), ""))
    qtbot.keyClick(window.diagram, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    assert window.session.scenario.title == "Measuring the loss over many points"
    # Ctrl+S on a file that came from disk saves in place, without asking.
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("asked for a file name"))
    other.unlink()
    qtbot.keyClick(window.diagram, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    assert other.exists()


def test_error_after_the_update_reads_5_04(qtbot, open_window):
    window = open_window("improving-weights")
    assert "error 7" in window.diagram.loss_text.text()
    window.action_finish_step.trigger()
    window.action_next.trigger()  # step 2: the forward pass with the new weights
    assert "error 5.04" in window.diagram.loss_text.text()


def test_the_window_has_every_command_of_the_action_table(open_window):
    from gdviz.qt.controllers.actions import ENTRIES, ActionSpec

    window = open_window()
    native = QKeySequence.SequenceFormat.NativeText
    for spec in (e for e in ENTRIES if isinstance(e, ActionSpec)):
        action = getattr(window, spec.name)
        assert action is window.findChild(type(action), spec.name)
        assert [k.toString() for k in action.shortcuts()] == [QKeySequence(k).toString() for k in spec.keys]
        assert action.toolTip().startswith(spec.tip or spec.text.split("\t")[0])
        assert all(QKeySequence(k).toString(native) in action.toolTip() for k in spec.keys)
        if spec.menu:
            assert action in window.menus[spec.menu].actions(), spec.name
    for menu in window.menuBar().findChildren(QMenu):
        for action in menu.actions():
            assert action.isSeparator() or action.menu() or action.toolTip(), action.text()
