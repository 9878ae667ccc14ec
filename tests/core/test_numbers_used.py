"""What each micro-step's arithmetic uses, the list the diagram must keep on screen."""

from __future__ import annotations

from gdviz.core.microsteps import BACKWARD, FORWARD, LOSS, UPDATE, Kind, MicroStep, numbers_used
from gdviz.core.params import Node

LAYERS = (2, 3, 1)


def test_a_nodes_forward_step_uses_every_value_feeding_it_and_writes_its_z_value_and_bias():
    used = numbers_used(MicroStep(FORWARD, Kind.NODE, 0, 1, 2), LAYERS, True, False)
    assert used == (
        ("value", Node(1, 2)),
        ("z", Node(1, 2)),
        ("bias", Node(1, 2)),
        ("value", Node(0, 0)),
        ("value", Node(0, 1)),
    )


def test_a_hidden_nodes_slope_uses_the_slopes_of_the_nodes_it_feeds():
    used = numbers_used(MicroStep(BACKWARD, Kind.NODE, 0, 1, 0), LAYERS, True, False)
    assert used == (("slope", Node(1, 0)), ("slope", Node(2, 0)))


def test_a_weights_slope_uses_its_value_in_and_the_slope_where_it_leads():
    step = MicroStep(BACKWARD, Kind.WEIGHT, 0, 0, 1, 0)
    assert numbers_used(step, LAYERS, False, False) == (("value", Node(0, 0)), ("slope", Node(1, 1)))
    into_output = MicroStep(BACKWARD, Kind.WEIGHT, 0, 1, 0, 2)
    # Sigmoid with cross-entropy: the output's slope is value minus target, read from its value.
    assert numbers_used(into_output, LAYERS, False, True) == (("value", Node(1, 2)), ("value", Node(2, 0)))


def test_an_update_uses_only_the_parameters_own_numbers_and_the_loss_uses_the_outputs():
    assert numbers_used(MicroStep(UPDATE, Kind.WEIGHT, -1, 0, 1, 0), LAYERS, True, False) == ()
    assert numbers_used(MicroStep(UPDATE, Kind.BIAS, -1, 0, 1), LAYERS, True, False) == (
        ("bias", Node(1, 1)),
    )
    assert numbers_used(MicroStep(LOSS, Kind.LOSS, 0), LAYERS, True, False) == (("value", Node(2, 0)),)
