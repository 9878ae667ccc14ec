"""Questions in scenario files: validated like the rest, asked at their micro-step."""

from __future__ import annotations

import copy
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gdviz.core import edits
from gdviz.core.lessons import load_lesson
from gdviz.core.params import Node, Param
from gdviz.core.scenario import ScenarioError, from_dict, loads
from gdviz.core.walkthrough import Walkthrough

BASE = json.loads(load_lesson("forward-pass-error").to_json())
QUESTION = BASE["checkpoints"][0]


def with_checkpoint(**changes) -> dict:
    doc = copy.deepcopy(BASE)
    doc["checkpoints"] = [{**QUESTION, **changes}]
    return doc


@pytest.mark.parametrize(
    ("changes", "place", "problem"),
    [
        ({"node": "node_9"}, "checkpoints[0].node", "a loss checkpoint names no node"),
        ({"phase": "forward", "node": "node_9"}, "checkpoints[0].node", "no node is called 'node_9'"),
        ({"phase": "forward"}, "checkpoints[0]", "a forward checkpoint names its node"),
        ({"phase": "update", "param": "w(x0 -> x1)"}, "checkpoints[0].param", "no param is called"),
        ({"answer": "12"}, "checkpoints[0].answer", "'12' is not one of the options (5, 6, 11, 16)"),
        ({"options": ["1"]}, "checkpoints[0].options", "expected a list of 2 to 4 options"),
        ({"options": ["1", "1"], "answer": "1"}, "checkpoints[0].options", "two options are the same"),
        ({"step": 0}, "checkpoints[0].step", "expected a training step number from 1"),
        ({"phase": "later"}, "checkpoints[0].phase", "expected one of forward, loss"),
        ({"sample": 2}, "checkpoints[0].sample", "expected a data row from 1 to 1"),
        ({"type": "direction"}, "checkpoints[0].options", "a direction question has its own"),
        ({"question": " "}, "checkpoints[0].question", "expected a non-empty string"),
        ({"colour": "red"}, "checkpoints[0].colour", "unknown key"),
        # Questions that could never be asked:
        (
            {"phase": "average", "param": "w(x0 -> node_0)"},
            "checkpoints[0].phase",
            "a batch of one has no average",
        ),
        (
            {"phase": "update", "param": "w(x0 -> node_0)", "sample": 1},
            "checkpoints[0].sample",
            "the whole batch's",
        ),
    ],
)
def test_a_bad_checkpoint_is_refused_with_its_place(changes, place, problem):
    with pytest.raises(ScenarioError) as refused:
        from_dict(with_checkpoint(**changes))
    assert refused.value.place == place and problem in refused.value.problem


def test_a_missing_field_and_a_non_list_are_refused():
    doc = with_checkpoint()
    del doc["checkpoints"][0]["answer"]
    with pytest.raises(ScenarioError, match=r"checkpoints\[0\]\.answer: missing"):
        from_dict(doc)
    with pytest.raises(ScenarioError, match="checkpoints: expected a list"):
        from_dict({**BASE, "checkpoints": {"step": 1}})


def test_checkpoints_survive_saving_and_an_edit_that_removes_their_node_drops_them():
    scenario = load_lesson("backprop-in-practice")
    again = loads(scenario.to_json())
    assert again.checkpoints == scenario.checkpoints and again.checkpoints[0].param == Param(0, 0, 1)
    assert "checkpoints" not in json.loads(load_lesson("regression-4-8-8-1").to_json())  # none: no key
    # One hidden node instead of two: node_0 stays, so does its weight's question; with the
    # hidden layer gone (2-1), the question's weight w(x1 -> node_0) no longer exists.
    assert edits.reshape(scenario, [2, 1, 1], ["relu", "relu"], [0, 1, 2]).checkpoints == scenario.checkpoints
    assert edits.reshape(scenario, [2, 1], ["relu"], [0, 2]).checkpoints == ()


def test_the_walkthrough_stops_at_a_question_counts_votes_and_reveals():
    w = Walkthrough(
        load_lesson("forward-pass-error").trainer(), checkpoints=load_lesson("forward-pass-error").checkpoints
    )
    while w.question is None:
        assert not w.asking
        w.next()
    assert w.current.phase == "loss" and w.asking and w.frame().error_texts() == ["?"]
    assert w.votes() == [0, 0, 0, 0]
    assert w.vote(2) and w.vote(2) and w.vote(3) and not w.vote(7)
    assert w.votes() == [0, 0, 2, 1]
    assert w.next() and not w.asking  # Right reveals first
    assert not w.vote(0) and w.votes() == [0, 0, 2, 1]  # the tally stays, closed
    assert w.frame().error_texts() == ["11"] and w.question.answer == w.question.options[2]
    w.previous(), w.next()
    assert not w.asking  # still revealed


def test_the_courses_five_questions_are_in_the_lessons():
    answers = {
        "forward-pass-error": "11",
        "weight-sensitivity": "Less accurate",
        "multiple-updates": "4",
        "changing-one-weight": "All zero",
        "backprop-in-practice": "6",
    }
    for lesson, answer in answers.items():
        assert answer in [c.answer for c in load_lesson(lesson).checkpoints], lesson
    question = load_lesson("backprop-in-practice").checkpoints[0]
    assert question.options == ("0", "2", "6", "Not enough information")
    w = Walkthrough(load_lesson("backprop-in-practice").trainer(), checkpoints=(question,))
    while w.question is None:
        w.next()
    w.reveal()
    assert w.formula().splitlines()[0].endswith("= 6")  # the answer is the number the step computes
    assert Node(1, 0) in {key for _, key in w.frame().uses}


JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-3, 5) | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=8,
)


@settings(max_examples=300, deadline=None)
@given(key=st.sampled_from([*QUESTION, "node", "param", "sample", "type"]), value=JSON)
def test_any_value_in_any_field_gives_a_scenario_or_a_scenario_error(key, value):
    try:
        scenario = from_dict(with_checkpoint(**{key: value}))
    except ScenarioError as err:
        assert err.place.startswith("checkpoints")
    else:
        assert len(scenario.checkpoints) == 1


def test_two_questions_at_one_place_and_an_update_of_a_frozen_bias_are_refused():
    doc = with_checkpoint()
    doc["checkpoints"].append(dict(QUESTION))
    with pytest.raises(
        ScenarioError, match=r"checkpoints\[1\]: asks at the same micro-step as checkpoints\[0\]"
    ):
        from_dict(doc)
    frozen = {
        **with_checkpoint(phase="update", param="b(output)"),
        "biases": [[0, 0], [0]],
        "train_biases": False,
    }
    with pytest.raises(ScenarioError, match="the biases are not trained here"):
        from_dict(frozen)


def test_reset_asks_every_question_afresh():
    scenario = load_lesson("forward-pass-error")
    w = Walkthrough(scenario.trainer(), checkpoints=scenario.checkpoints)
    while w.question is None:
        w.step_on()
    w.vote(2)
    w.reveal()
    w.reset()
    while w.question is None:
        w.step_on()
    assert w.asking and w.votes() == [0, 0, 0, 0]


def test_step_on_moves_exactly_past_questions_without_revealing_them():
    scenario = load_lesson("forward-pass-error")
    w = Walkthrough(scenario.trainer(), checkpoints=scenario.checkpoints)
    for _ in range(5):
        w.step_on()
    assert w.index == 5 and not w.predict.revealed
