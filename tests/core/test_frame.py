"""Frames: which numbers the diagram shows at each micro-step."""

from __future__ import annotations

from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import BACKWARD, UPDATE
from gdviz.core.walkthrough import Walkthrough


def walk_to(w: Walkthrough, phase: str, kind: str, layer: int, node: int, source: int = -1) -> None:
    while not (
        w.current.phase == phase
        and w.current.kind == kind
        and (w.current.layer, w.current.node, w.current.source) == (layer, node, source)
    ):
        assert w.next()


def test_values_appear_in_forward_order():
    w = Walkthrough(load_lesson("backprop-in-practice").trainer())
    f = w.frame()
    assert f.value_known[0].all()  # inputs are known from the start
    assert f.value_known[1].tolist() == [True, False] and not f.value_known[2].any()
    assert f.active_nodes == {(1, 0)} and f.active_edges == {(0, 0, 0), (0, 0, 1)}
    assert f.loss is None
    w.next()
    w.next()
    w.next()  # the loss
    f = w.frame()
    assert f.value_known[2].all() and f.loss == 1.0


def test_slopes_appear_during_backward_with_their_values():
    w = Walkthrough(load_lesson("backprop-in-practice").trainer())
    walk_to(w, BACKWARD, "weight", 0, 0, 1)
    f = w.frame()
    assert f.weight_slope_known[0][0, 1] and not f.weight_slope_known[0][1, 0]
    assert f.weight_slopes[0][0, 1] == 6
    assert f.node_slope_known[1][0] and f.node_slopes[1][0] == 2
    assert f.active_edges == {(0, 0, 1)} and f.active_nodes == {(0, 1), (1, 0)}


def test_updates_show_old_and_new_until_the_next_step():
    w = Walkthrough(load_lesson("slope-and-learning-rate").trainer())
    walk_to(w, UPDATE, "weight", 0, 0, 0)
    f = w.frame()
    assert f.weight_updated[0].tolist() == [[True, False]]
    assert f.weights[0][0, 0] == 1 and f.new_weights[0][0, 0] == 0.7
    w.finish_step()
    assert w.frame().weight_updated[0].all()
    w.next()
    f = w.frame()
    assert not f.weight_updated[0].any() and f.weights[0][0].tolist() == [0.7, 1.6]


def test_batch_frames_show_the_average_after_averaging():
    w = Walkthrough(load_lesson("stochastic-gradient-descent").trainer())
    walk_to(w, "average", "weight", 0, 0, 0)
    f = w.frame()
    assert f.sample == 1
    assert f.weight_slopes[0][0, 0] == w.record.backward.grad_weights[0][0, 0]
    assert f.bias_slope_known is not None
    w.next_phase()
    assert w.frame().loss == w.record.loss


def test_frame_is_none_after_divergence():
    t = load_lesson("slope-and-learning-rate").trainer()
    t.optimizer = type(t.optimizer).create("sgd", learning_rate=1e150)
    w = Walkthrough(t)
    assert w.frame() is not None
    w.run(10)
    assert w.divergence is not None and w.frame() is None
