"""The Setup panel: each control makes one undoable edit, shown in the diagram;
refused entries change nothing; the controls follow the model."""

from __future__ import annotations

from PySide6.QtCore import Qt

from gdviz.core import edits
from gdviz.qt import style


def _choose(qtbot, combo, data):
    combo.setCurrentIndex(combo.findData(data))
    combo.activated.emit(combo.currentIndex())


def _enter(qtbot, field, text):
    field.setFocus()
    field.clear()
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


def test_learning_rate_is_typed_and_undone(qtbot, open_window):
    window = open_window("xor")
    panel = window.setup_panel
    field = panel.settings["learning_rate"]
    assert field.text() == "0.05"
    _enter(qtbot, field, "0.2")
    assert window.session.scenario.optimizer["learning_rate"] == 0.2
    assert window.session.walk.trainer.optimizer.learning_rate == 0.2
    window.action_undo.trigger()
    assert window.session.scenario.optimizer["learning_rate"] == 0.05
    assert field.text() == "0.05"


def test_bad_learning_rates_are_refused_where_typed(qtbot, open_window):
    window = open_window("xor")
    panel = window.setup_panel
    field = panel.settings["learning_rate"]
    before = window.session.scenario
    for text, reason in (
        ("abc", "not a number"),
        ("", "enter a number"),
        ("nan", "finite"),
        ("-1", "greater than 0"),
    ):
        _enter(qtbot, field, text)
        assert reason in field.problem
        assert reason in panel.message.text() and panel.message.isVisible()
        assert window.session.scenario == before
        assert window.session.undo_stack.count() == 0
    assert field.styleSheet() == style.refused_field_css()


def test_activation_change_reaches_the_diagram_and_refusals_put_the_combo_back(qtbot, open_window):
    window = open_window("xor")
    panel = window.setup_panel
    _, hidden = panel.layer_rows[1]
    _choose(qtbot, hidden, "tanh")
    assert window.session.scenario.activations[0] == "tanh"
    window.session.next()  # the first hidden node's value is now tanh(z)
    assert "tanh" in window.formula.text
    _, output = panel.layer_rows[2]
    _choose(qtbot, output, "relu")  # binary cross-entropy needs a sigmoid output
    assert window.session.scenario.activations[1] == "sigmoid"
    assert output.currentData() == "sigmoid"
    assert "sigmoid output" in panel.message.text()


def test_adding_and_removing_layers_rebuilds_the_diagram(qtbot, open_window):
    window = open_window("xor")
    panel = window.setup_panel
    qtbot.mouseClick(panel.add_layer_button, Qt.MouseButton.LeftButton)
    assert window.session.layers == (2, 3, 3, 1)
    assert (2, 2) in window.diagram.nodes and len(window.diagram.edges) == 6 + 9 + 3
    spin, _ = panel.layer_rows[2]
    spin.setValue(5)
    assert window.session.layers == (2, 3, 5, 1)
    assert len(window.diagram.nodes) == 11
    remove = panel.findChild(type(panel.add_layer_button), "remove_layer_1")
    qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert window.session.layers == (2, 5, 1)
    window.action_undo.trigger()
    window.action_undo.trigger()
    assert window.session.layers == (2, 3, 3, 1)
    assert len(window.diagram.nodes) == 9
    assert panel.layer_rows[2][0].value() == 3


def test_optimizer_loss_batch_and_biases(qtbot, open_window):
    window = open_window("xor")
    panel = window.setup_panel
    _choose(qtbot, panel.optimizer_box, "momentum")
    assert window.session.scenario.optimizer == {"name": "momentum", "learning_rate": 0.05}
    assert panel.settings["momentum"].isVisibleTo(panel) and not panel.settings["beta1"].isVisibleTo(panel)
    panel.batch_box.setValue(2)
    assert window.session.scenario.batch_size == 2
    assert "batch 1 of 2" in window.status_label.text()
    panel.biases_box.setChecked(False)
    assert window.session.scenario.biases is None
    assert all(not node.bias.text() for node in window.diagram.nodes.values())
    assert window.session.undo_stack.count() == 3


def test_controls_follow_an_edit_made_elsewhere(qtbot, open_window):
    window = open_window("xor")
    window.session.edit("Set", lambda s: edits.set_setting(s, "learning_rate", 0.125))
    assert window.setup_panel.settings["learning_rate"].text() == "0.125"
    window.open_name("regression-4-8-8-1")
    assert len(window.setup_panel.layer_rows) == 4
    assert window.setup_panel.loss_box.currentData() == "mse"
