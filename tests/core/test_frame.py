"""Frames: which numbers the diagram shows at each micro-step."""

from __future__ import annotations

from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import BACKWARD, UPDATE
from gdviz.core.params import Node, Param, params_of
from gdviz.core.walkthrough import Walkthrough


def walk_to(w: Walkthrough, phase: str, kind: str, layer: int, node: int, source: int = -1) -> None:
    first = w.step_number
    while not (
        w.current.phase == phase
        and w.current.kind == kind
        and (w.current.layer, w.current.node, w.current.source) == (layer, node, source)
    ):
        assert w.next() and w.step_number == first, "no such micro-step in this training step"


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


def _walk_every_micro_step(lesson: str, **changes) -> Walkthrough:
    from dataclasses import replace

    scenario = replace(load_lesson(lesson), **changes)
    return Walkthrough(scenario.trainer())


def test_frame_answers_what_the_frame_index_says_at_every_micro_step():
    """The questions views ask of a frame agree with where the micro-steps fall."""
    cases = [
        ("backprop-in-practice", {}),  # one sample, no biases
        ("stochastic-gradient-descent", {}),  # a batch of several, with biases
        ("xor", {"train_biases": False}),  # biases that never update
    ]
    for lesson, changes in cases:
        w = _walk_every_micro_step(lesson, **changes)
        index = w.frame_index()
        params = params_of(w.record.before) + [Param(0, 0)]  # and a bias the network may lack
        for k in range(len(w.steps)):
            f = w.frame()
            assert f.batch_loss_known == (k >= index.batch_loss_at())
            for p in params:
                if p.is_bias and f.biases is None:
                    assert not (f.slope_known(p) or f.batch_slope_known(p) or f.updated(p))
                    continue
                assert f.batch_slope_known(p) == (k >= index.batch_slope_at(*p))
                assert f.updated(p) == (k >= index.update_at(*p))
                shown = f.bias_slope_known if p.is_bias else f.weight_slope_known
                assert f.slope_known(p) == bool(
                    shown[p.layer][p.node] if p.is_bias else shown[p.layer][p.node, p.source]
                )
            if k < len(w.steps) - 1:
                w.next()


def test_a_parameter_is_read_from_a_frame_by_name():
    w = Walkthrough(load_lesson("slope-and-learning-rate").trainer())
    p = Param(0, 0, 0)
    walk_to(w, UPDATE, "weight", 0, 0, 0)
    f = w.frame()
    assert (f.value(p), f.new_value(p), f.slope(p)) == (1, 0.7, 30)
    assert f.slope_known(p) and f.batch_slope_known(p) and f.updated(p)
    assert not f.updated(Param(0, 0, 1))
    w = Walkthrough(load_lesson("stochastic-gradient-descent").trainer())
    bias = Param(0, 0)
    walk_to(w, "average", "bias", 0, 0)
    f = w.frame()
    assert f.batch_slope_known(bias) and f.slope(bias) == w.record.backward.grad_biases[0][0]
    assert f.value(bias) == w.record.before.biases[0][0] and not f.updated(bias)


def test_the_batch_loss_of_several_samples_comes_after_each_sample_loss():
    w = Walkthrough(load_lesson("stochastic-gradient-descent").trainer())
    while w.current.phase != "loss":
        w.next()
    f = w.frame()
    assert f.loss == w.record.sample_losses[0] and not f.batch_loss_known
    while not (w.current.phase == "loss" and w.current.sample < 0):
        w.next()
    assert w.frame().batch_loss_known and w.frame().loss == w.record.loss
    w1 = Walkthrough(load_lesson("backprop-in-practice").trainer())
    assert not w1.frame().batch_loss_known
    w1.next_phase()  # the loss of the one sample is the batch's
    assert w1.frame().batch_loss_known


def test_active_items_are_typed():
    f = Walkthrough(load_lesson("backprop-in-practice").trainer()).frame()
    assert all(isinstance(n, Node) for n in f.active_nodes)
    assert all(isinstance(p, Param) for p in f.active_edges)
