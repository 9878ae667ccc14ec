"""Scenario edits: each gives a checked new scenario or is refused whole."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core import edits
from gdviz.core.lessons import load_lesson
from gdviz.core.scenario import ScenarioError


@pytest.fixture
def xor():
    return load_lesson("xor")


@pytest.fixture
def small():
    return load_lesson("backprop-in-practice")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc", '"abc" is not a number'),
        ("", "enter a number"),
        ("   ", "enter a number"),
        ("nan", "nan is not a finite number"),
        ("inf", "inf is not a finite number"),
        ("1e400", "1e400 is not a finite number"),
    ],
)
def test_parse_number_refuses_with_a_sentence(text, message):
    with pytest.raises(ValueError, match=message):
        edits.parse_number(text)


def test_parse_number_reads_plain_and_signed_numbers():
    assert edits.parse_number(" 2.5 ") == 2.5
    assert edits.parse_number("-3") == -3.0
    assert edits.parse_number("−0.5") == -0.5  # a typographic minus, as pasted from slides
    assert edits.parse_whole("4", 1, 8) == 4
    with pytest.raises(ValueError, match="not a whole number"):
        edits.parse_whole("2.5", 1, 8)
    with pytest.raises(ValueError, match="from 1 to 8"):
        edits.parse_whole("9", 1, 8)


def test_set_weight_changes_one_number_and_leaves_the_original(small):
    before = small.to_json()
    after = edits.set_weight(small, 0, 1, 0, 0.25)
    assert after.weights[0][1][0] == 0.25
    assert small.to_json() == before
    changed = [
        (l, j, i)
        for l, m in enumerate(after.weights)
        for j, row in enumerate(m)
        for i, w in enumerate(row)
        if w != small.weights[l][j][i]
    ]
    assert changed == [(0, 1, 0)]


def test_weights_given_by_seed_become_explicit_when_one_is_edited(xor):
    assert isinstance(xor.weights, dict)
    after = edits.set_weight(xor, 1, 0, 2, 1.5)
    expected = [w.tolist() for w in xor.network().weights]
    expected[1][0][2] = 1.5
    assert after.weights == expected


def test_bias_edit_needs_biases(small, xor):
    assert xor.biases is not None
    assert edits.set_bias(xor, 0, 1, -0.5).biases[0][1] == -0.5
    no_bias = edits.set_biases_on(xor, False)
    assert no_bias.biases is None
    with pytest.raises(ScenarioError, match="no biases"):
        edits.set_bias(no_bias, 0, 0, 1.0)
    assert edits.set_biases_on(no_bias, True).biases == [[0.0, 0.0, 0.0], [0.0]]


def test_refused_edits_say_why(xor):
    with pytest.raises(ScenarioError, match="needs a sigmoid output layer"):
        edits.set_activation(xor, 1, "relu")
    with pytest.raises(ScenarioError, match="greater than 0"):
        edits.set_setting(xor, "learning_rate", -0.1)
    with pytest.raises(ScenarioError, match="targets from 0 to 1"):
        edits.set_value(xor, "targets", 0, 0, 2.0)
    with pytest.raises(ScenarioError, match="at least one row"):
        edits.remove_rows(xor, range(len(xor.inputs)))


def test_switching_optimizer_keeps_the_learning_rate(xor):
    after = edits.set_optimizer(xor, "momentum")
    assert after.optimizer == {"name": "momentum", "learning_rate": xor.optimizer["learning_rate"]}
    assert after.make_optimizer().params["momentum"] == 0.9


def test_batch_size_of_every_sample_is_the_full_batch(xor):
    assert edits.set_batch_size(xor, 2).batch_size == 2
    assert edits.set_batch_size(xor, len(xor.inputs)).batch_size is None
    shrunk = edits.remove_rows(edits.set_batch_size(xor, 3), [0, 1])
    assert shrunk.batch_size is None and len(shrunk.inputs) == 2


def test_rows_are_added_as_copies_and_removed(xor):
    added = edits.add_row(xor)
    assert added.inputs[-1] == xor.inputs[-1] and len(added.inputs) == len(xor.inputs) + 1
    first = edits.add_row(xor, 0)
    assert first.inputs[0] == xor.inputs[0] and first.inputs[1:] == xor.inputs
    assert edits.remove_rows(xor, [1]).inputs == [xor.inputs[0], *xor.inputs[2:]]


def test_resizing_a_layer_keeps_untouched_weights_and_redraws_the_rest():
    base = load_lesson("regression-4-8-8-1")
    after = edits.set_layer_size(base, 2, 5)
    assert after.layers == [4, 8, 5, 1]
    old = base.network()
    assert after.weights[0] == old.weights[0].tolist()  # 4 -> 8 unchanged
    assert np.shape(after.weights[1]) == (5, 8) and np.shape(after.weights[2]) == (1, 5)
    assert after.biases is None or after.biases[1] == [0.0] * 5
    # The same edit gives the same weights: they come from the seed.
    assert edits.set_layer_size(base, 2, 5).weights == after.weights


def test_adding_and_removing_a_hidden_layer(small):
    grown = edits.add_layer(small, 1)
    assert grown.layers == [small.layers[0], max(small.layers[0], 2), *small.layers[1:]]
    assert len(grown.activations) == len(small.activations) + 1
    back = edits.remove_layer(grown, 1)
    assert back.layers == small.layers
    with pytest.raises(ScenarioError, match="only hidden layers"):
        edits.remove_layer(small, 0)
    with pytest.raises(ScenarioError, match="follow the data"):
        edits.set_layer_size(small, 0, 3)


def test_layer_removal_keeps_the_layers_around_it():
    base = load_lesson("regression-4-8-8-1")
    after = edits.remove_layer(base, 1)
    assert after.layers == [4, 8, 1]
    old = base.network()
    assert after.weights[1] == old.weights[2].tolist()  # 8 -> 1 is the old last matrix
    assert np.shape(after.weights[0]) == (8, 4)


def test_new_data_with_more_columns_resizes_input_and_output(small):
    inputs = [[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]
    targets = [[1.0, 0.0], [0.0, 1.0]]
    after = edits.set_data(small, inputs, targets)
    assert after.layers[0] == 3 and after.layers[-1] == 2
    assert after.inputs == inputs and after.targets == targets
    assert after.layers[1:-1] == small.layers[1:-1]
    assert np.shape(after.weights[0]) == (small.layers[1], 3)


def test_an_edit_that_changes_nothing_is_the_same_scenario(xor):
    w = xor.network().weights[0][1, 0]
    assert edits.same(xor, edits.set_weight(xor, 0, 1, 0, float(w)))
    assert not edits.same(xor, edits.set_weight(xor, 0, 1, 0, float(w) + 1e-9))


def test_underscores_are_not_digits_here():
    with pytest.raises(ValueError, match="not a number"):
        edits.parse_number("1_000")
