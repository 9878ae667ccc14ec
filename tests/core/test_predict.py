"""Predict mode: the number a micro-step computes waits as ``?`` until revealed."""

from __future__ import annotations

from gdviz.core.lessons import load_lesson
from gdviz.core.params import Node, Param
from gdviz.core.walkthrough import Walkthrough


def predicting(lesson: str = "calculating-slopes", kinds: frozenset[str] | None = None) -> Walkthrough:
    w = Walkthrough(load_lesson(lesson).trainer())
    w.predict.on = True
    if kinds is not None:
        w.predict.kinds = kinds
    return w


def test_a_forward_step_hides_its_result_but_not_its_inputs_until_revealed():
    w = predicting()
    output = Node(1, 0)
    assert w.asking
    assert w.formula() == "output = 0*1 + 2*2 + 1*3 = ?"
    assert w.frame().value_text(output) == "?"
    assert w.frame().param_text(Param(0, 0, 1)) == "2"  # the weights going in stay on show
    assert w.next() and w.index == 0  # Right reveals first ...
    assert not w.asking and w.formula().endswith("= 7") and w.frame().value_text(output) == "7"
    assert w.next() and w.index == 1  # ... then moves on


def test_the_loss_the_slopes_and_the_updates_are_asked_in_turn():
    w = predicting()
    w.next(), w.next()
    assert w.current.phase == "loss"
    assert w.frame().loss_text() == "loss ?" and w.frame().error_texts() == ["?"]
    assert "Loss ?" in w.status() and "49" not in w.status()
    assert w.formula() == "error = predicted - actual: 7 - 0 = ?\nloss = ?"
    w.next(), w.next()
    assert w.current.phase == "backward" and w.frame().node_slope_text(Node(1, 0)) == "?"
    w.next(), w.next()
    assert w.frame().slope_text(Param(0, 0, 0)) == "?"
    assert w.formula().startswith("slope of w(x0 -> output) = 1 x 1 x 14 = ?")
    while w.current.phase != "update":
        w.next()
    assert w.frame().param_text(Param(0, 0, 0)) == "0 → ?"
    assert w.formula().startswith("w(x0 -> output) = 0 - 0.01 x 14 = ?")


def test_the_result_hides_the_new_output_and_loss_but_not_the_old():
    w = predicting(kinds=frozenset({"losses"}))
    while w.current.phase != "result":
        w.next()
    frame = w.frame()
    assert frame.value_text(Node(1, 0)) == "?" and frame.loss_text() == "loss 49 → ?"
    assert "5.04" not in w.formula() and "25.40" not in w.formula() and "before the update" in w.formula()
    assert "Loss 49 → ?" in w.status()


def test_only_the_chosen_kinds_are_asked():
    w = predicting(kinds=frozenset({"slopes"}))
    assert not w.asking and w.formula().endswith("= 7")
    w.next(), w.next()
    assert w.current.phase == "backward" and w.asking


def test_stepping_back_and_forth_keeps_what_was_revealed():
    w = predicting()
    w.next()  # reveal the output
    w.next()  # on to the loss
    w.previous()
    assert w.index == 0 and not w.asking and w.frame().value_text(Node(1, 0)) == "7"
    w.next()
    assert w.index == 1 and w.asking  # the loss is still to be predicted


def test_a_hidden_number_is_in_no_text_of_the_frame_or_the_formula():
    w = predicting("backprop-in-practice")
    for _ in range(len(w.steps)):
        asked_formula, asked_frame = w.formula(), w.frame()
        w.reveal()
        answer = w.formula().splitlines()[0].rsplit("= ", 1)[1]
        assert answer not in asked_formula.splitlines()[0].rsplit("=", 1)[1]
        texts = [
            asked_frame.value_text(Node(l, j)) for l, n in enumerate(w.record.before.layers) for j in range(n)
        ]
        assert "?" in asked_formula and (
            "?" in texts or w.current.kind != "node" or w.current.phase != "forward"
        )
        w.next()
