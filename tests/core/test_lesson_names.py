"""Names agree: every node, weight and bias a lesson's notes name is one the diagram,
the formula panel and the hand-out name the same way (``names.py``)."""

from __future__ import annotations

import re

import pytest

from gdviz.core.lessons import lessons, load_lesson
from gdviz.core.names import bias_name, node_name, weight_name
from gdviz.core.trace import trace_markdown

NODE = re.compile(r"\b(?:x\d+|node_\d+(?:_\d+)?|output(?:_\d+)?)\b")
"""What a node name looks like: ``x0``, ``node_1``, ``node_2_3``, ``output``, ``output_1``."""
WEIGHT = re.compile(r"\bw\(([^()]*)\)")
BIAS = re.compile(r"\bb\(([^()]*)\)")
FOREIGN = {
    r"\b[a-wyz]_?\d+\b": "a numbered name the diagram never shows (inputs are x0, x1...)",
    r"\bx_\d+\b": "an input written x_k (the diagram writes xk)",
    r"\bh\b": "h for a node's input (the diagram writes z)",
    r"\by\b": "y for the target (the Data table and diagram say target)",
    r"\bw_\w+": "a weight written w_... (weights are written w(from -> to))",
}
"""Ways of naming things that the window and the hand-out do not use."""


def names_of(layers) -> tuple[set[str], set[str], set[str]]:
    """Node, weight and bias names of a network with these layer sizes."""
    nodes = {node_name(layers, l, j) for l, n in enumerate(layers) for j in range(n)}
    weights = {
        weight_name(layers, l, j, i)
        for l in range(len(layers) - 1)
        for j in range(layers[l + 1])
        for i in range(layers[l])
    }
    biases = {bias_name(layers, l, j) for l in range(len(layers) - 1) for j in range(layers[l + 1])}
    return nodes, weights, biases


def problems(text: str, layers, has_biases: bool, foreign: bool = True) -> list[str]:
    """Every name in ``text`` that the network with ``layers`` does not have, said why
    (and with ``foreign``, every name written in a way the window never writes it)."""
    nodes, weights, biases = names_of(layers)
    found = [f"{name!r} is no node of this network" for name in NODE.findall(text) if name not in nodes]
    for match in WEIGHT.finditer(text):
        if match.group(0) not in weights:
            found.append(f"{match.group(0)!r} is no weight of this network")
    for match in BIAS.finditer(text):
        if not has_biases or match.group(0) not in biases:
            found.append(f"{match.group(0)!r} is no bias of this network")
    for pattern, why in FOREIGN.items() if foreign else ():
        found += [f"{m.group(0)!r}: {why}" for m in re.finditer(pattern, text)]
    return found


LESSONS = [info.id for info in lessons()]


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_notes_name_only_what_the_network_has(lesson_id):
    s = load_lesson(lesson_id)
    assert problems(f"{s.title}\n{s.notes}", s.layers, s.biases is not None) == []


@pytest.mark.parametrize("lesson_id", LESSONS)
def test_the_hand_out_uses_the_same_names(lesson_id):
    """The hand-out's arithmetic names nodes, weights and biases as the notes must (its
    formulas may use symbols such as ``a - y``, which name no node)."""
    s = load_lesson(lesson_id)
    body = trace_markdown(s).split("## Step 1", 1)[1]
    assert problems(body, s.layers, s.biases is not None, foreign=False) == []


def test_the_check_catches_names_the_network_lacks():
    layers = (2, 2, 1)
    text = (
        "y = 2 x1 - x2 + 1; node_2 and output_0 feed w(node_0 -> output), w(x0 -> output) "
        "and w(x2 -> node_0); h = 3; b(output)"
    )
    found = problems(text, layers, has_biases=False)
    assert "'x2' is no node of this network" in found
    assert "'node_2' is no node of this network" in found
    assert "'output_0' is no node of this network" in found
    assert "'w(x2 -> node_0)' is no weight of this network" in found
    assert "'b(output)' is no bias of this network" in found
    assert any("h for a node's input" in f for f in found)
    assert any("y for the target" in f for f in found)
    assert "'w(x0 -> output)' is no weight of this network" in found  # no edge skips a layer
    assert not any("w(node_0 -> output)" in f for f in found)
    # multiplication written without spaces is not a name
    assert problems("relu(2x0 + 1x3) = 3", layers, False) == []


def test_the_sgd_lesson_names_its_inputs_as_the_diagram_does():
    s = load_lesson("stochastic-gradient-descent")
    assert "x0" in s.notes and "x1" in s.notes and "x2" not in s.notes
