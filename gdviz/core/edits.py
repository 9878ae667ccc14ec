"""Edits a lecturer makes to a scenario, each giving a new, checked scenario.

A scenario is never changed in place. Every edit copies the document, changes
the copy and passes it through the loader's checks (``scenario.from_dict``), so
an edit either applies whole or is refused with the loader's message
(``loss: binary_cross_entropy needs a sigmoid output layer``); nothing is ever
half-applied. The window keeps the old and new scenarios for undo.

When an edit changes the shape of the network, weight matrices whose shape is
unchanged keep their values; the others are drawn afresh from the scenario's
initialisation and seed, so the same edit always gives the same weights.
"""

from __future__ import annotations

import copy
import math
from collections.abc import Sequence
from typing import Any

from gdviz.core import checkpoints, datasets
from gdviz.core.network import init_weights
from gdviz.core.optimizers import RULES
from gdviz.core.scenario import MAX_SAMPLES, Scenario, ScenarioError, from_dict

DEFAULT_INIT = "xavier"
HIDDEN_ACTIVATION = "relu"
DEFAULT_STRENGTH = 0.001
"""The penalty's strength when a lecturer first turns regularisation on."""
MAX_LAYER_NODES = 64
"""The widest hidden layer the editor makes: wider ones are unreadable and slow to draw
(the loader allows more, from files)."""


# -- typed numbers -------------------------------------------------------------
def parse_number(text: str) -> float:
    """A number typed by a user, or ValueError with a sentence saying what is wrong."""
    stripped = text.strip()
    if not stripped:
        raise ValueError("enter a number")
    if "_" in stripped:  # Python reads 1_000 as 1000; a lecturer typing it meant something else
        raise ValueError(f'"{stripped}" is not a number')
    try:
        value = float(stripped.replace("−", "-"))
    except ValueError:
        shown = stripped if len(stripped) <= 20 else stripped[:17] + "..."
        raise ValueError(f'"{shown}" is not a number') from None
    if not math.isfinite(value):
        raise ValueError(f"{stripped} is not a finite number")
    if abs(value) > 1e300:
        raise ValueError(f"{stripped} is too large")
    return value


def parse_whole(text: str, low: int, high: int) -> int:
    """A whole number from ``low`` to ``high`` typed by a user, or ValueError."""
    value = parse_number(text)
    if not value.is_integer():
        raise ValueError(f"{text.strip()} is not a whole number")
    if not low <= value <= high:
        raise ValueError(f"expected a whole number from {low} to {high}")
    return int(value)


# -- the document ----------------------------------------------------------------
def _doc(scenario: Scenario) -> dict[str, Any]:
    """A private, explicit copy: weights as numbers even if the file gave a seed."""
    doc = copy.deepcopy(scenario.to_dict())
    if doc.pop("data", None) is not None:  # an edit works on the generated rows themselves
        doc["inputs"], doc["targets"] = copy.deepcopy(scenario.inputs), copy.deepcopy(scenario.targets)
        if scenario.test_inputs:
            doc["test_inputs"], doc["test_targets"] = scenario.test_inputs, scenario.test_targets
    if isinstance(scenario.weights, dict):
        doc["weights"] = [w.tolist() for w in scenario.network().weights]
    return doc


def same(a: Scenario, b: Scenario) -> bool:
    """Whether two scenarios hold the same lesson, even if one gives its weights
    by seed and the other lists them: an edit that changes nothing is no edit."""
    return a == b or _doc(a) == _doc(b)


def _check(doc: dict[str, Any]) -> Scenario:
    """The loader's checks; a refused edit raises ScenarioError and changes nothing."""
    if doc.get("batch_size") is not None and doc["batch_size"] >= _row_count(doc):
        doc["batch_size"] = None  # a batch of every sample is the full batch
    if doc.get("checkpoints"):  # a question about a node or weight the edit removed goes with it
        doc["checkpoints"] = [c for c in doc["checkpoints"] if _still_fits(c, doc)]
    return from_dict(doc)


def _row_count(doc: dict[str, Any]) -> int:
    """Training rows of a document: listed, or those its generator keeps for training."""
    if "inputs" in doc:
        return len(doc["inputs"])
    spec = doc["data"]
    return spec["samples"] - round(spec["samples"] * spec.get("test_fraction", 0.0))


def _still_fits(checkpoint: dict[str, Any], doc: dict[str, Any]) -> bool:
    try:
        layers, rows = doc["layers"], _row_count(doc)
        batch, trained = doc.get("batch_size"), doc.get("train_biases", True)
        checkpoints.parse([checkpoint], layers, doc.get("biases") is not None, rows, batch, trained)
    except (checkpoints.CheckpointError, TypeError, KeyError, IndexError):
        return False
    return True


def _init_scheme(scenario: Scenario) -> tuple[str, int]:
    if isinstance(scenario.weights, dict):
        return scenario.weights["init"], scenario.weights.get("seed", 0)
    return DEFAULT_INIT, scenario.seed


# -- parameters ---------------------------------------------------------------------
def set_weight(scenario: Scenario, l: int, j: int, i: int, value: float) -> Scenario:
    """``weights[l][j][i]``: the weight from node i of layer l into node j of layer l + 1."""
    doc = _doc(scenario)
    doc["weights"][l][j][i] = value
    return _check(doc)


def set_bias(scenario: Scenario, l: int, j: int, value: float) -> Scenario:
    """The bias of node j of layer l + 1; refused if the network has no biases."""
    if scenario.biases is None:
        raise ScenarioError("biases", "this network has no biases (turn them on under Setup)")
    doc = _doc(scenario)
    doc["biases"][l][j] = value
    return _check(doc)


def set_biases_on(scenario: Scenario, on: bool) -> Scenario:
    """Give every node a bias (starting at 0), or take biases away."""
    doc = _doc(scenario)
    doc["biases"] = [[0.0] * n for n in scenario.layers[1:]] if on else None
    return _check(doc)


# -- training settings --------------------------------------------------------------
def set_activation(scenario: Scenario, l: int, name: str) -> Scenario:
    """The activation of layer l + 1."""
    doc = _doc(scenario)
    doc["activations"][l] = name
    return _check(doc)


def set_loss(scenario: Scenario, name: str) -> Scenario:
    """Switch loss; refused if the output layer or the targets do not suit it."""
    doc = _doc(scenario)
    doc["loss"] = name
    return _check(doc)


def set_optimizer(scenario: Scenario, name: str) -> Scenario:
    """Switch optimizer, keeping the learning rate and any setting both share."""
    if name not in RULES:
        raise ScenarioError("optimizer.name", f"expected one of {', '.join(RULES)}, got {name!r}")
    doc = _doc(scenario)
    kept = {k: v for k, v in scenario.optimizer.items() if k in RULES[name].defaults}
    doc["optimizer"] = {"name": name, **kept}
    return _check(doc)


def set_setting(scenario: Scenario, key: str, value: float) -> Scenario:
    """One optimizer setting, such as ``learning_rate`` or ``momentum``."""
    doc = _doc(scenario)
    doc["optimizer"][key] = value
    return _check(doc)


def set_batch_size(scenario: Scenario, size: int | None) -> Scenario:
    """Samples per training step; None (or every sample) is the full batch."""
    doc = _doc(scenario)
    doc["batch_size"] = size
    return _check(doc)


def set_regularization(scenario: Scenario, kind: str | None, strength: float | None = None) -> Scenario:
    """Penalise the weights with ``kind`` ("l1" or "l2"; None: no penalty) at
    ``strength`` (default: the strength already set, else 0.001)."""
    doc = _doc(scenario)
    if kind is None:
        doc.pop("regularization", None)
    else:
        old = scenario.regularization
        doc["regularization"] = {
            "kind": kind,
            "strength": strength if strength is not None else (old.strength if old else DEFAULT_STRENGTH),
        }
    return _check(doc)


# -- data ------------------------------------------------------------------------------
def generate_data(scenario: Scenario, spec: dict[str, Any]) -> Scenario:
    """Replace the data by a generator's rows (``datasets.py``); the input and
    output layers change size to the generator's columns. Saved as its settings."""
    try:
        spec = datasets.check(spec)
    except datasets.DataError as err:
        raise ScenarioError(err.place, err.problem) from None
    layers = list(scenario.layers)
    layers[0], layers[-1] = datasets.inputs_of(spec["generator"]), 1
    doc = _reshaped(scenario, layers, list(scenario.activations), list(range(len(layers))))
    for key in ("inputs", "targets", "test_inputs", "test_targets"):
        doc.pop(key, None)
    doc["data"] = spec
    return _check(doc)


def set_value(scenario: Scenario, part: str, row: int, col: int, value: float) -> Scenario:
    """One number of the data: ``part`` is "inputs" or "targets"."""
    doc = _doc(scenario)
    doc[part][row][col] = value
    return _check(doc)


def add_row(scenario: Scenario, at: int | None = None) -> Scenario:
    """A new sample (a copy of the one before it, ready to change) at ``at`` (default: the end)."""
    if len(scenario.inputs) >= MAX_SAMPLES:
        raise ScenarioError("inputs", f"already has the most rows allowed ({MAX_SAMPLES:,})")
    doc = _doc(scenario)
    at = len(scenario.inputs) if at is None else at
    source = max(at - 1, 0)
    doc["inputs"].insert(at, list(doc["inputs"][source]))
    doc["targets"].insert(at, list(doc["targets"][source]))
    return _check(doc)


def remove_rows(scenario: Scenario, rows: Sequence[int]) -> Scenario:
    """Drop samples; at least one must remain."""
    gone = set(rows)
    if len(gone) >= len(scenario.inputs):
        raise ScenarioError("inputs", "the data needs at least one row")
    doc = _doc(scenario)
    doc["inputs"] = [r for s, r in enumerate(doc["inputs"]) if s not in gone]
    doc["targets"] = [r for s, r in enumerate(doc["targets"]) if s not in gone]
    return _check(doc)


def set_data(scenario: Scenario, inputs: list[list[float]], targets: list[list[float]]) -> Scenario:
    """Replace all the data. If the number of input or target columns changes,
    the input or output layer changes size to match."""
    if not inputs or not targets:
        raise ScenarioError("inputs", "the data needs at least one row")
    layers = list(scenario.layers)
    layers[0], layers[-1] = len(inputs[0]), len(targets[0])
    doc = _reshaped(scenario, layers, list(scenario.activations), list(range(len(layers))))
    doc["inputs"] = [[float(x) for x in row] for row in inputs]
    doc["targets"] = [[float(x) for x in row] for row in targets]
    return _check(doc)


# -- the network's shape -------------------------------------------------------------------
def reshape(
    scenario: Scenario, layers: list[int], activations: list[str], origin: list[int | None]
) -> Scenario:
    """A scenario with a new list of layer sizes. ``origin[k]`` is the old layer
    that new layer k came from (None for a new layer). A weight matrix keeps its
    values when both its layers come from adjacent old layers of unchanged size;
    otherwise it is drawn afresh by seed. Biases follow their layer the same way
    (a new or resized layer's biases start at 0)."""
    return _check(_reshaped(scenario, layers, activations, origin))


def _reshaped(
    scenario: Scenario, layers: list[int], activations: list[str], origin: list[int | None]
) -> dict[str, Any]:
    old = scenario.network()
    old_layers = list(scenario.layers)
    scheme, seed = _init_scheme(scenario)
    fresh = init_weights(tuple(layers), scheme, seed)
    weights, biases = [], []
    for l in range(len(layers) - 1):
        a, b = origin[l], origin[l + 1]
        same = a is not None and b == a + 1 and old_layers[a] == layers[l] and old_layers[b] == layers[l + 1]
        weights.append((old.weights[a] if same else fresh[l]).tolist())
        kept = b is not None and b > 0 and old_layers[b] == layers[l + 1] and old.biases is not None
        biases.append(old.biases[b - 1].tolist() if kept else [0.0] * layers[l + 1])
    doc = _doc(scenario)
    doc["layers"] = list(layers)
    doc["activations"] = list(activations)
    doc["weights"] = weights
    doc["biases"] = biases if scenario.biases is not None else None
    return doc


def add_layer(scenario: Scenario, at: int) -> Scenario:
    """A hidden layer inserted before layer ``at`` (1 to the output layer's index),
    as wide as the layer before it."""
    layers = list(scenario.layers)
    if not 1 <= at <= len(layers) - 1:
        raise ScenarioError(
            "layers", f"a hidden layer goes between the input and output (1 to {len(layers) - 1})"
        )
    size = layers[at - 1] if at > 1 else max(layers[0], 2)
    new_layers = [*layers[:at], size, *layers[at:]]
    activation = scenario.activations[at - 1] if at > 1 else HIDDEN_ACTIVATION
    activations = [*scenario.activations[: at - 1], activation, *scenario.activations[at - 1 :]]
    origin: list[int | None] = [*range(at), None, *range(at, len(layers))]
    return reshape(scenario, new_layers, activations, origin)


def remove_layer(scenario: Scenario, at: int) -> Scenario:
    """Remove hidden layer ``at``; the input and output layers stay."""
    layers = list(scenario.layers)
    if not 1 <= at <= len(layers) - 2:
        raise ScenarioError("layers", "only hidden layers can be removed")
    new_layers = layers[:at] + layers[at + 1 :]
    activations = list(scenario.activations[: at - 1]) + list(scenario.activations[at:])
    origin: list[int | None] = [*range(at), *range(at + 1, len(layers))]
    return reshape(scenario, new_layers, activations, origin)


def set_layer_size(scenario: Scenario, at: int, nodes: int) -> Scenario:
    """Resize hidden layer ``at``; the input and output sizes follow the data."""
    layers = list(scenario.layers)
    if not 1 <= at <= len(layers) - 2:
        raise ScenarioError("layers", "the input and output sizes follow the data's columns")
    if not 1 <= nodes <= MAX_LAYER_NODES:
        raise ScenarioError(f"layers[{at}]", f"expected 1 to {MAX_LAYER_NODES} nodes, got {nodes}")
    layers[at] = nodes
    return reshape(scenario, layers, list(scenario.activations), list(range(len(layers))))
