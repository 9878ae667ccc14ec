"""The input space: the panel's map is the network's output, it follows training, the
choosers work both ways, node maps sit in the discs, and the data, penalty and test
loss controls around it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

from gdviz.core.lessons import load_lesson
from gdviz.core.network import forward
from gdviz.core.regularization import Regularization
from gdviz.core.scenario import from_dict
from gdviz.qt.main_window import MainWindow


def spiral_window(qtbot, doc_changes=None) -> MainWindow:
    doc = {
        "format": "gdviz/1",
        "layers": [2, 4, 1],
        "activations": ["tanh", "sigmoid"],
        "weights": {"init": "xavier", "seed": 0},
        "biases": [[0.0] * 4, [0.0]],
        "data": {"generator": "spiral", "samples": 40, "noise": 0.05, "seed": 1, "test_fraction": 0.25},
        "loss": "binary_cross_entropy",
        "optimizer": {"name": "adam", "learning_rate": 0.05},
        "batch_size": 10,
    } | (doc_changes or {})
    window = MainWindow(from_dict(doc), "spiral")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.plots), timeout=3000)
    return window


def shown_map(qtbot, window):
    panel = window.show_plot("input space")
    qtbot.waitUntil(
        lambda: window.session.maps_current and panel.shown is window.session.input_maps[-1], timeout=5000
    )
    return panel


def test_the_map_holds_the_networks_output_at_every_cell_and_the_points(qtbot):
    window = spiral_window(qtbot)
    panel = shown_map(qtbot, window)
    plane, image = panel.shown, panel.image.image  # image[col, row]: across first
    assert image.shape == (100, 100)
    net = window.session.map_net
    rng = np.random.default_rng(0)
    for row, col in rng.integers(0, 100, (15, 2)):
        direct = forward(net, np.array([[plane.xs[col], plane.ys[row]]])).output[0, 0]
        assert np.isclose(image[col, row], direct, rtol=1e-12, atol=0)
    rect = panel.image.mapRectToParent(panel.image.boundingRect())
    left, bottom, width, height = plane.rect
    assert np.allclose([rect.left(), rect.top(), rect.width(), rect.height()], [left, bottom, width, height])
    assert len(panel.train.data) == 30 and len(panel.test.data) == 10  # 25% kept for testing
    assert all(p.brush().style() == Qt.BrushStyle.NoBrush for p in panel.test.points())
    assert "training data" in panel.caption.text() and "step 1" in panel.caption.text()


def test_points_take_their_targets_colour_from_a_few_shared_shades(qtbot):
    from gdviz.qt.plots.input_space_panel import COLOURS, SHADES

    window = spiral_window(qtbot)
    panel = shown_map(qtbot, window)
    low, high = panel._levels
    targets = window.session.data[1][:, 0]
    fills = [p.brush().color() for p in panel.train.points()]
    for target, fill in zip(targets, fills, strict=True):
        expected = COLOURS.map(np.array([(target - low) / (high - low)]), mode="qcolor")[0]
        assert max(abs(a - b) for a, b in zip(fill.getRgb()[:3], expected.getRgb()[:3])) <= 6
    assert len({f.rgb() for f in fills}) <= SHADES


def test_the_map_follows_training_forward_and_back(qtbot):
    window = spiral_window(qtbot)
    panel = shown_map(qtbot, window)
    first = panel.image.image.copy()
    window.session.run_steps(20)
    qtbot.waitUntil(lambda: "step 21" in panel.caption.text(), timeout=5000)
    assert not np.array_equal(first, panel.image.image)
    window.session.reset()
    qtbot.waitUntil(lambda: "step 1 " in panel.caption.text() + " ", timeout=5000)
    assert np.array_equal(first, panel.image.image)
    asked = window.input_space.asked
    window.session.next()  # a micro-step within the same step: the same network, no new map
    assert window.input_space.asked == asked


def test_choosers_pick_the_inputs_and_output_both_ways(qtbot):
    window = MainWindow(load_lesson("regression-4-8-8-1"), "regression-4-8-8-1")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.plots), timeout=3000)
    panel = shown_map(qtbot, window)
    assert panel.across.isVisibleTo(panel) and not panel.output.isVisibleTo(panel)
    panel.up.setCurrentIndex(3)  # widget -> model
    panel.up.activated.emit(3)
    assert window.session.input_pair == (0, 3)
    qtbot.waitUntil(lambda: window.session.maps_current and panel.shown.pair == (0, 3), timeout=5000)
    window.session.set_input_pair(2, 1)  # model -> widget
    assert (panel.across.currentIndex(), panel.up.currentIndex()) == (2, 1)
    panel.up.setCurrentIndex(2)  # the same input twice is refused: the model's choice comes back
    panel.up.activated.emit(2)
    assert window.session.input_pair == (2, 1) and panel.up.currentIndex() == 1


def test_one_input_draws_the_fitted_curve(qtbot):
    window = MainWindow(load_lesson("saturated-sigmoid"), "saturated-sigmoid")
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: bool(window.plots), timeout=3000)
    panel = shown_map(qtbot, window)
    xs, ys = panel.curve.getData()
    assert len(xs) == 100
    assert np.allclose(ys, forward(window.session.map_net, xs[:, None]).output[:, 0])


def test_node_maps_toggle_from_the_view_menu_and_fill_the_discs(qtbot):
    window = spiral_window(qtbot)
    diagram = window.diagram
    radius = diagram.grid.radius
    assert not window.action_node_maps.isChecked()
    window.action_node_maps.trigger()  # widget -> model
    assert window.session.node_maps
    qtbot.waitUntil(lambda: all(item.isVisible() for item in diagram.node_maps.items.values()), timeout=5000)
    assert diagram.grid.radius > radius  # larger discs hold the maps
    for key, item in diagram.node_maps.items.items():
        assert abs(item.pixmap().width() - 2 * diagram.nodes[key].radius) <= 1
    window.session.set_node_maps(False)  # model -> widget
    assert not window.action_node_maps.isChecked()
    assert not any(item.isVisible() for item in diagram.node_maps.items.values())


def test_the_input_space_exports_as_png_and_svg(qtbot, tmp_path):
    window = spiral_window(qtbot)
    panel = shown_map(qtbot, window)
    for kind in ("png", "svg"):
        path = tmp_path / f"map.{kind}"
        assert window.export_plot(panel, kind, str(path)) and path.stat().st_size > 1000


def test_data_tab_fills_from_a_generator_as_one_undoable_edit(qtbot):
    window = MainWindow(load_lesson("xor"), "xor")
    qtbot.addWidget(window)
    window.show()
    panel = window.data_panel
    before = window.session.scenario
    panel.generator.setCurrentIndex(panel.generator.findData("circle"))
    panel.samples.setValue(60)
    panel.test_percent.setValue(20)
    panel.findChild(QPushButton, "fill_table").click()
    scenario = window.session.scenario
    assert (
        scenario.data["generator"] == "circle"
        and len(scenario.inputs) == 48
        and len(scenario.test_inputs) == 12
    )
    assert panel.model.rowCount() == 48
    window.action_undo.trigger()
    assert window.session.scenario.inputs == before.inputs
    window.action_redo.trigger()  # model -> widget: the controls show the generator's settings
    assert panel.generator.currentData() == "circle" and panel.samples.value() == 60


def test_setup_turns_a_penalty_on_and_edits_its_strength(qtbot):
    window = MainWindow(load_lesson("xor"), "xor")
    qtbot.addWidget(window)
    window.show()
    panel = window.setup_panel
    box = panel.penalty_box
    box.setCurrentIndex(box.findData("l2"))
    box.activated.emit(box.currentIndex())
    assert window.session.scenario.regularization == Regularization("l2", 0.001)
    assert panel.strength.isVisibleTo(panel)
    panel.strength.setFocus()
    panel.strength.clear()
    qtbot.keyClicks(panel.strength, "0.02")
    qtbot.keyClick(panel.strength, Qt.Key.Key_Return)
    assert window.session.walk.trainer.regularization == Regularization("l2", 0.02)
    panel.strength.clear()
    qtbot.keyClicks(panel.strength, "abc")
    qtbot.keyClick(panel.strength, Qt.Key.Key_Return)
    assert "not a number" in panel.strength.problem
    assert window.session.scenario.regularization == Regularization("l2", 0.02)
    window.action_undo.trigger()
    window.action_undo.trigger()
    assert window.session.scenario.regularization is None and not panel.strength.isVisibleTo(panel)


def test_the_loss_plot_draws_the_test_loss_beside_the_training_loss(qtbot):
    window = spiral_window(qtbot)
    plot = window.show_plot("loss curve")
    window.session.run_steps(12)
    trainer = window.session.walk.trainer
    qtbot.waitUntil(
        lambda: plot.test_curve.getData()[0] is not None and len(plot.test_curve.getData()[0]) == 12
    )
    _, ys = plot.test_curve.getData()
    assert np.allclose(ys[-1], trainer.test_loss(window.session.walk.past_states()[-1].net))
    assert ys[0] == trainer.test_loss(window.session.scenario.network())
    assert "test loss" in plot.caption.text() or "loss comes after" in plot.caption.text()
    assert plot.plot.getPlotItem().legend is not None
