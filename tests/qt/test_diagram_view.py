"""The diagram shows the core's numbers as scene text, and clicks select."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from gdviz.core.lessons import load_lesson
from gdviz.core.numbers import fmt
from gdviz.core.params import Node, Param
from gdviz.qt.diagram.diagram_view import DiagramView
from gdviz.qt.session import Session


def make_view(qtbot, lesson: str) -> DiagramView:
    session = Session(load_lesson(lesson), lesson)
    view = DiagramView(session)
    qtbot.addWidget(view)
    view.resize(1200, 800)
    view.show()
    qtbot.waitExposed(view)
    return view


def test_items_created_once_per_scenario(qtbot):
    view = make_view(qtbot, "regression-4-8-8-1")
    assert len(view.nodes) == 21 and len(view.edges) == 104
    items = set(map(id, view.scene().items()))
    for _ in range(30):
        view.session.next()
    assert set(map(id, view.scene().items())) == items


def test_model_to_view_values_appear_as_computed(qtbot):
    view = make_view(qtbot, "backprop-in-practice")
    assert view.node_value_text(0, 1) == "3"
    assert view.node_value_text(1, 0) == "5" and view.node_value_text(1, 1) == ""
    view.session.next()
    assert view.node_value_text(1, 1) == "4"
    assert view.edge_weight_text(0, 0, 1) == "1" and view.edge_slope_text(0, 0, 1) == ""


def test_slopes_and_updates_match_the_core(qtbot):
    view = make_view(qtbot, "regression-4-8-8-1")
    view.session.finish_step()
    frame = view.session.frame
    for l, j, i in [(0, 0, 0), (1, 3, 5), (2, 0, 7)]:
        # the formula panel's texts: old -> new with the digits of the update line
        assert view.edge_weight_text(l, j, i) == frame.param_text(Param(l, j, i))
        assert " → " in view.edge_weight_text(l, j, i)
    for l, j in [(1, 0), (2, 7), (3, 0)]:
        # a batch of 8: once slopes are averaged, one sample's node slopes are not shown
        assert view.node_slope_text(l, j) == ""


def test_node_slopes_of_a_sample_during_its_backward_pass(qtbot):
    view = make_view(qtbot, "regression-4-8-8-1")
    walk = view.session.walk
    last = max(k for k, m in enumerate(walk.steps) if m.phase == "backward" and m.sample == 0)
    while walk.index < last:
        view.session.next()
    frame = view.session.frame
    for l, j in [(1, 0), (2, 7), (3, 0)]:
        assert view.node_slope_text(l, j) == f"∂ {frame.node_slope_text(Node(l, j))}"
        assert float(frame.node_slope_text(Node(l, j))) == pytest.approx(frame.node_slopes[l][j], rel=1e-3)


def test_labels_never_overlap(qtbot):
    view = make_view(qtbot, "regression-4-8-8-1")
    view.session.finish_step()
    rects = [e.back.sceneBoundingRect() for e in view.edges.values() if e.back.isVisible()]
    assert rects, "some labels are shown"
    for a in range(len(rects)):
        for b in range(a + 1, len(rects)):
            assert not rects[a].intersects(rects[b])


def test_small_networks_show_every_weight(qtbot):
    view = make_view(qtbot, "backprop-in-practice")
    assert all(view.edge_label_visible(*key) for key in view.edges)


def test_view_to_model_click_selects(qtbot):
    view = make_view(qtbot, "backprop-in-practice")
    node = view.nodes[(1, 0)]
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(node.pos))
    assert view.session.selection == (1, 0) and isinstance(view.session.selection, Node)
    edge = view.edges[(1, 0, 1)]
    point = edge.line.line().pointAt(0.6)
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=view.mapFromScene(point))
    assert view.session.selection == (1, 0, 1) and isinstance(view.session.selection, Param)
    # the inspected edge is marked dashed, distinct from the solid mark of the computation in progress
    assert edge.line.pen().style() == Qt.PenStyle.DashLine
    assert view.edges[(0, 0, 0)].line.pen().style() == Qt.PenStyle.SolidLine


def test_edge_pens_show_sign_and_magnitude(qtbot):
    view = make_view(qtbot, "regression-4-8-8-1")
    w = view.session.net.weights[1]  # layer 1: not highlighted at the first micro-step
    pos, neg = np.argwhere(w > 0)[0], np.argwhere(w < 0)[0]
    pen_pos = view.edges[(1, *pos)].line.pen()
    pen_neg = view.edges[(1, *neg)].line.pen()
    assert pen_pos.color() != pen_neg.color()
    big, small = np.unravel_index(np.abs(w).argmax(), w.shape), np.unravel_index(np.abs(w).argmin(), w.shape)
    assert view.edges[(1, *big)].line.pen().widthF() > view.edges[(1, *small)].line.pen().widthF()


def test_deep_and_wide_networks_build(qtbot):
    from gdviz.core.scenario import from_dict

    layers = [16] * 8
    s = from_dict(
        {
            "format": "gdviz/1",
            "layers": layers,
            "activations": ["tanh"] * 7,
            "weights": {"init": "xavier", "seed": 0},
            "inputs": [[0.1] * 16],
            "targets": [[0.0] * 16],
            "loss": "mse",
            "optimizer": {"name": "sgd", "learning_rate": 0.01},
        }
    )
    view = DiagramView(Session(s, "big"))
    qtbot.addWidget(view)
    assert len(view.edges) == 7 * 256
    view.session.finish_step()
    texts = view.visible_texts()
    assert texts and not any("nan" in t.lower() for t in texts)


def test_a_diverged_diagram_shows_the_kept_weights_only(qtbot, hot_scenario):
    from gdviz.core.scenario import load

    view = DiagramView(Session(load(hot_scenario), hot_scenario))
    qtbot.addWidget(view)
    view.session.run_steps(10)
    net = view.session.net
    assert view.edge_weight_text(0, 0, 0) == fmt(net.weights[0][0, 0])
    assert view.node_value_text(1, 0) == "" and "diverged" in view.visible_texts()


def test_a_selected_bias_marks_no_edge(qtbot):
    view = make_view(qtbot, "xor")
    view.session.select(Param(0, 1))
    assert all(e.line.pen().style() == Qt.PenStyle.SolidLine for e in view.edges.values())
    assert all(isinstance(key, Param) and not key.is_bias for key in view.edges)
    assert all(isinstance(key, Node) for key in view.nodes)
