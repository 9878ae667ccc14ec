"""Parameters, micro-step phases and kinds, the stacked forward pass and the
per-sample slopes: each defined once and agreeing with what uses it."""

from __future__ import annotations

import json

import numpy as np
import pytest

from gdviz.core.landscape import params_of as landscape_params_of
from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import FORWARD, PHASES, UPDATE, Kind, MicroStep, Phase, batch_slope, micro_steps
from gdviz.core.network import forward, sample_slopes
from gdviz.core.params import (
    BIAS,
    Node,
    Param,
    as_item,
    node_values_over,
    param_value,
    params_in_order,
    params_of,
    pick,
    values_over,
)


def test_a_param_is_the_plain_tuple_it_names():
    assert Param(0, 1, 2) == (0, 1, 2) and hash(Param(0, 1, 2)) == hash((0, 1, 2))
    bias = Param(1, 0)
    assert bias == (1, 0, BIAS) == (1, 0, -1) and bias.is_bias and not Param(1, 0, 0).is_bias
    layer, node, source = bias
    assert (layer, node, source) == (1, 0, -1)


def test_values_are_read_from_weights_biases_and_anything_shaped_like_them():
    net = load_lesson("stochastic-gradient-descent").network()
    for p in params_of(net):
        expected = net.biases[p.layer][p.node] if p.is_bias else net.weights[p.layer][p.node, p.source]
        assert param_value(net, p) == param_value(net, tuple(p)) == expected
    assert landscape_params_of is params_of


def test_values_over_states_and_networks():
    trainer = load_lesson("slope-and-learning-rate").trainer()
    states = [trainer.state]
    for _ in range(3):
        trainer.step()
        states.append(trainer.state)
    p = Param(0, 0, 0)
    path = values_over(states, p)
    assert path.dtype == np.float64 and path.shape == (4,)
    assert path.tolist() == [param_value(s.net, p) for s in states]
    assert values_over([s.net for s in states], (0, 0, 0)).tolist() == path.tolist()
    assert path[0] == 1 and path[1] == pytest.approx(0.7)


def test_phases_and_kinds_are_their_strings():
    assert [str(p) for p in PHASES] == ["forward", "loss", "backward", "average", "update", "result"]
    assert FORWARD is Phase.FORWARD and Phase.UPDATE == "update" and f"{Phase.LOSS}" == "loss"
    assert json.dumps([Phase.BACKWARD, Kind.BIAS]) == '["backward", "bias"]'
    assert MicroStep(FORWARD, "node") == MicroStep(Phase.FORWARD, Kind.NODE)


def test_updates_follow_params_in_order_and_name_their_param():
    trainer = load_lesson("stochastic-gradient-descent").trainer()
    record = trainer.compute()
    steps = micro_steps(record, True, True)
    updates = [m for m in steps if m.phase == UPDATE]
    assert [m.param for m in updates] == params_in_order(record.before.layers, True)
    assert sorted(params_in_order(record.before.layers, True)) == sorted(params_of(record.before))
    assert all((m.kind == Kind.BIAS) == m.param.is_bias for m in updates)
    for m in updates:
        assert batch_slope(record, *m.param) == pick(
            record.backward.grad_weights, record.backward.grad_biases, m.param
        )


def test_forward_through_stacked_weights_matches_each_network():
    net = load_lesson("regression-4-8-8-1").network()
    x = load_lesson("regression-4-8-8-1").trainer().x
    rng = np.random.default_rng(0)
    variants = [
        net.with_params(
            tuple(w + rng.normal(0, 0.1, w.shape) for w in net.weights),
            tuple(b + rng.normal(0, 0.1, b.shape) for b in net.biases),
        )
        for _ in range(3)
    ]
    stacked = net.with_params(
        tuple(np.stack([v.weights[l] for v in variants]) for l in range(net.depth)),
        tuple(np.stack([v.biases[l] for v in variants]) for l in range(net.depth)),
    )
    out = forward(stacked, x).output
    assert out.shape == (3, *forward(net, x).output.shape)
    for g, v in enumerate(variants):
        np.testing.assert_array_equal(out[g], forward(v, x).output)


def test_sample_slopes_average_to_the_batch_slopes():
    record = load_lesson("stochastic-gradient-descent").trainer().compute()
    fwd, bwd = record.forward, record.backward
    for l in range(record.before.depth):
        per = [sample_slopes(fwd, bwd, s, l) for s in range(len(record.x))]
        np.testing.assert_allclose(np.mean([w for w, _ in per], axis=0), bwd.grad_weights[l], rtol=1e-12)
        np.testing.assert_allclose(np.mean([b for _, b in per], axis=0), bwd.grad_biases[l], rtol=1e-12)


def test_a_node_is_the_plain_pair_it_names_and_never_a_param():
    assert Node(1, 0) == (1, 0) and hash(Node(1, 0)) == hash((1, 0))
    assert as_item((1, 0)) == Node(1, 0) and isinstance(as_item((1, 0)), Node)
    assert isinstance(as_item((0, 1, 2)), Param) and as_item((0, 1, -1)).is_bias
    p = Param(0, 1, 0)
    assert as_item(p) is p and not isinstance(as_item(Node(0, 1)), Param)


def test_node_values_over_states_match_the_forward_pass():
    trainer = load_lesson("backprop-in-practice").trainer()
    states = [trainer.state]
    for _ in range(2):
        trainer.step()
        states.append(trainer.state)
    x = trainer.x[:1]
    values = node_values_over(states, Node(1, 0), x)
    assert values.dtype == np.float64
    assert values.tolist() == [float(forward(s.net, x).a[1][0, 0]) for s in states]
    assert values[0] == 5  # the lesson's first hidden node, as the diagram shows it at step 1
    assert node_values_over([s.net for s in states], Node(2, 0), x).tolist() == [
        float(forward(s.net, x).output[0, 0]) for s in states
    ]
