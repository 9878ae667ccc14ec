"""Scenario files: the JSON documents lecturers write, share and open.

A scenario fixes a network, its starting parameters, the data, the loss and the
optimizer. Loading checks every part and refuses the file with the first
problem and where it is (``weights[0][1]: expected 3 numbers, got 2``); nothing
is ever evaluated or unpickled. Saving is atomic.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gdviz.core import cost, datasets
from gdviz.core.activations import ACTIVATIONS
from gdviz.core.checkpoints import Checkpoint, CheckpointError, parse
from gdviz.core.checkpoints import to_dict as checkpoint_json
from gdviz.core.checks import (  # noqa: F401 - ScenarioError and MAX_SAMPLES are the loader's API
    MAX_SAMPLES,
    ScenarioError,
    _choice,
    _int,
    _key,
    _kind,
    _list,
    _number,
    _numbers,
    _rows,
    _show,
    _string,
)
from gdviz.core.files import FileRefused, error_text, read_bounded, utf8_text, write_atomically
from gdviz.core.losses import LOSSES
from gdviz.core.network import Network, init_weights
from gdviz.core.optimizers import RULES, SETTINGS, Optimizer
from gdviz.core.regularization import Regularization, regularization_of
from gdviz.core.training import Trainer

FORMAT = "gdviz/1"
MAX_FILE_BYTES = 4 * 1024 * 1024
MAX_NODES = 4096
MAX_LAYERS = 64
INIT_SCHEMES = ("xavier", "he", "uniform")

KEYS = (
    "format",
    "title",
    "notes",
    "layers",
    "activations",
    "weights",
    "biases",
    "train_biases",
    "inputs",
    "targets",
    "loss",
    "optimizer",
    "batch_size",
    "seed",
    "checkpoints",
    "data",
    "test_inputs",
    "test_targets",
    "regularization",
)
REQUIRED = ("format", "layers", "activations", "weights", "loss", "optimizer")


@dataclass(frozen=True)
class Scenario:
    """A validated scenario. Nested lists mirror the JSON exactly."""

    layers: list[int]
    activations: list[str]
    weights: list[list[list[float]]] | dict[str, Any]
    inputs: list[list[float]]
    targets: list[list[float]]
    loss: str = "mse"
    optimizer: dict[str, Any] = field(default_factory=lambda: {"name": "sgd", "learning_rate": 0.01})
    biases: list[list[float]] | None = None
    train_biases: bool = True
    batch_size: int | None = None
    seed: int = 0
    title: str = "Untitled"
    notes: str = ""
    checkpoints: tuple[Checkpoint, ...] = ()
    """Questions for the class at chosen micro-steps (``checkpoints.py``)."""
    data: dict[str, Any] | None = None
    """The generator the rows came from (``datasets.py``), saved instead of the rows."""
    test_inputs: list[list[float]] = field(default_factory=list)
    test_targets: list[list[float]] = field(default_factory=list)
    """Rows kept apart from training, to measure the loss on data the network never saw."""
    regularization: Regularization | None = None
    """The penalty on the weights training adds to the loss (``regularization.py``)."""

    # -- building -----------------------------------------------------------
    def network(self) -> Network:
        """The network with this scenario's starting parameters."""
        if isinstance(self.weights, dict):
            weights = init_weights(tuple(self.layers), self.weights["init"], self.weights.get("seed", 0))
        else:
            weights = tuple(np.array(w, dtype=np.float64) for w in self.weights)
        biases = None
        if self.biases is not None:
            biases = tuple(np.array(b, dtype=np.float64) for b in self.biases)
        return Network(tuple(self.layers), tuple(self.activations), weights, biases)

    def make_optimizer(self) -> Optimizer:
        params = {k: v for k, v in self.optimizer.items() if k != "name"}
        return Optimizer.create(self.optimizer["name"], **params)

    def trainer(self) -> Trainer:
        """A trainer at step 0 of this scenario (measuring its test rows too, if any)."""
        trainer = Trainer(
            self.network(),
            np.array(self.inputs, dtype=np.float64),
            np.array(self.targets, dtype=np.float64),
            LOSSES[self.loss],
            self.make_optimizer(),
            batch_size=self.batch_size,
            seed=self.seed,
            train_biases=self.train_biases,
            regularization=self.regularization,
        )
        if self.test_inputs:
            trainer.set_test(np.array(self.test_inputs, dtype=np.float64), np.array(self.test_targets))
        return trainer

    # -- JSON ---------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "title": self.title,
            "notes": self.notes,
            "layers": self.layers,
            "activations": self.activations,
            "weights": self.weights,
            "biases": self.biases,
            "train_biases": self.train_biases,
            **({} if self.data is not None else {"inputs": self.inputs, "targets": self.targets}),
            "loss": self.loss,
            "optimizer": self.optimizer,
            "batch_size": self.batch_size,
            "seed": self.seed,
        } | self._extras()

    def _extras(self) -> dict[str, Any]:
        """The keys a scenario writes only when it has them; generated data replaces its rows."""
        out: dict[str, Any] = {}
        if self.checkpoints:
            out["checkpoints"] = [checkpoint_json(c, self.layers) for c in self.checkpoints]
        if self.regularization is not None:
            out["regularization"] = self.regularization.to_json()
        if self.data is not None:
            out["data"] = self.data
        elif self.test_inputs:
            out["test_inputs"], out["test_targets"] = self.test_inputs, self.test_targets
        return out

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, allow_nan=False) + "\n"

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the scenario file atomically (see ``write_atomically``)."""
        write_atomically(path, self.to_json())


# -- loading ----------------------------------------------------------------
def load(path: str | os.PathLike[str]) -> Scenario:
    """Read and validate a scenario file. Raises ScenarioError (place "file"
    for problems with the file itself)."""
    try:
        data = read_bounded(path, MAX_FILE_BYTES)
    except OSError as err:
        raise ScenarioError("file", error_text(err)) from None
    return loads(data)


def loads(data: str | bytes) -> Scenario:
    """Parse and validate scenario JSON text."""
    if len(data) > MAX_FILE_BYTES:
        raise ScenarioError("file", f"is over the {MAX_FILE_BYTES:,} byte limit")
    if isinstance(data, bytes):
        try:
            data = utf8_text(data)
        except FileRefused as err:
            raise ScenarioError("file", str(err)) from None
        except UnicodeDecodeError as err:
            raise ScenarioError("file", f"is not UTF-8 text (byte {err.start})") from None
    try:
        doc = json.loads(data, parse_constant=_refuse_constant, object_pairs_hook=_refuse_duplicates)
    except _ConstantRefused as err:
        raise ScenarioError("file", f"{err.args[0]} is not a number JSON allows") from None
    except _DuplicateKey as err:
        raise ScenarioError(_key(err.args[0]), "given twice (a file must say each thing once)") from None
    except json.JSONDecodeError as err:
        raise ScenarioError(f"line {err.lineno} column {err.colno}", f"invalid JSON: {err.msg}") from None
    except ValueError:  # an integer literal of thousands of digits
        raise ScenarioError("file", "holds a number with too many digits") from None
    except RecursionError:
        raise ScenarioError("file", "is nested too deeply") from None
    return from_dict(doc)


class _ConstantRefused(Exception):
    pass


def _refuse_constant(name: str) -> Any:
    raise _ConstantRefused(name)


class _DuplicateKey(Exception):
    pass


def _refuse_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """An object whose keys are all different: JSON readers silently keep the last of two."""
    doc = dict(pairs)
    if len(doc) < len(pairs):
        seen: set[str] = set()
        raise _DuplicateKey(next(k for k, _ in pairs if k in seen or seen.add(k)))
    return doc


def from_dict(doc: Any) -> Scenario:
    """Validate a parsed document and build the Scenario."""
    if not isinstance(doc, dict):
        raise ScenarioError("document", f"expected a JSON object, got {_kind(doc)}")
    for key in doc:
        if key not in KEYS:
            raise ScenarioError(_key(key), f"unknown key (known keys: {', '.join(KEYS)})")
    for key in REQUIRED:
        if key not in doc:
            raise ScenarioError(key, "missing")
    if doc["format"] != FORMAT:
        raise ScenarioError("format", f'expected "{FORMAT}", got {_show(doc["format"])}')
    title = _string(doc.get("title", "Untitled"), "title")
    notes = _string(doc.get("notes", ""), "notes")

    layers = _list(doc["layers"], "layers")
    if not 2 <= len(layers) <= MAX_LAYERS:
        raise ScenarioError("layers", f"expected 2 to {MAX_LAYERS} layers, got {len(layers)}")
    layers = [_int(n, f"layers[{i}]", low=1, high=MAX_NODES) for i, n in enumerate(layers)]
    if sum(layers) > MAX_NODES:
        raise ScenarioError("layers", f"{sum(layers)} nodes in all; the limit is {MAX_NODES}")
    depth = len(layers) - 1

    activations = _list(doc["activations"], "activations", length=depth)
    for i, a in enumerate(activations):
        _choice(a, f"activations[{i}]", ACTIVATIONS)

    weights = _weights(doc["weights"], layers)
    biases = doc.get("biases")
    if biases is not None:
        biases = [
            _numbers(row, f"biases[{l}]", layers[l + 1])
            for l, row in enumerate(_list(biases, "biases", length=depth))
        ]
    train_biases = doc.get("train_biases", True)
    if not isinstance(train_biases, bool):
        raise ScenarioError("train_biases", f"expected true or false, got {_show(train_biases)}")

    data, inputs, targets, test_inputs, test_targets = _data(doc, layers)

    loss = _choice(doc["loss"], "loss", LOSSES)
    _check_loss(loss, activations[-1], targets)

    optimizer = _optimizer(doc["optimizer"])
    batch_size = doc.get("batch_size")
    if batch_size is not None:
        batch_size = _int(batch_size, "batch_size", low=1, high=len(inputs))
    seed = _int(doc.get("seed", 0), "seed", low=0, high=2**63 - 1)
    cost.check(layers, biases is not None, len(inputs), batch_size)
    regularization = regularization_of(doc.get("regularization"))
    try:
        checkpoints = parse(
            doc.get("checkpoints", []), layers, biases is not None, len(inputs), batch_size, train_biases
        )
    except CheckpointError as err:
        raise ScenarioError(err.place, err.problem) from None
    return Scenario(
        layers=layers,
        activations=list(activations),
        weights=weights,
        inputs=inputs,
        targets=targets,
        loss=loss,
        optimizer=optimizer,
        biases=biases,
        train_biases=train_biases,
        batch_size=batch_size,
        seed=seed,
        title=title,
        notes=notes,
        checkpoints=checkpoints,
        data=data,
        test_inputs=test_inputs,
        test_targets=test_targets,
        regularization=regularization,
    )


def _data(doc: dict[str, Any], layers: list[int]) -> tuple[dict | None, list, list, list, list]:
    """The generator spec (or None), training rows and test rows: listed, or generated."""
    if "data" in doc:
        for key in ("inputs", "targets", "test_inputs", "test_targets"):
            if key in doc:
                raise ScenarioError(key, "give the rows or a data generator, not both")
        try:
            spec = datasets.check(doc["data"])
        except datasets.DataError as err:
            raise ScenarioError(err.place, err.problem) from None
        width = datasets.inputs_of(spec["generator"])
        if (width, 1) != (layers[0], layers[-1]):
            raise ScenarioError(
                "data.generator",
                f"{spec['generator']} makes {width} input{'s' * (width > 1)} and 1 target; "
                f"the network takes {layers[0]} and gives {layers[-1]}",
            )
        return spec, *datasets.generate(spec)
    for key in ("inputs", "targets"):
        if key not in doc:
            raise ScenarioError(key, 'missing (or give "data": a generator)')
    inputs, targets = _paired(doc, "inputs", "targets", layers)
    if ("test_inputs" in doc) != ("test_targets" in doc):
        raise ScenarioError(
            "test_targets" if "test_inputs" in doc else "test_inputs", "missing: give both or neither"
        )
    tests = _paired(doc, "test_inputs", "test_targets", layers) if "test_inputs" in doc else ([], [])
    return None, inputs, targets, *tests


def _paired(doc: dict[str, Any], xs: str, ys: str, layers: list[int]) -> tuple[list, list]:
    inputs = _rows(doc[xs], xs, layers[0])
    targets = _rows(doc[ys], ys, layers[-1])
    if len(targets) != len(inputs):
        raise ScenarioError(ys, f"expected {len(inputs)} rows (one per input row), got {len(targets)}")
    return inputs, targets


def _weights(value: Any, layers: list[int]) -> list[list[list[float]]] | dict[str, Any]:
    if isinstance(value, dict):
        for key in value:
            if key not in ("init", "seed"):
                raise ScenarioError(f"weights.{_key(key)}", "unknown key (known keys: init, seed)")
        if "init" not in value:
            raise ScenarioError("weights.init", f"missing (one of {', '.join(INIT_SCHEMES)})")
        if value["init"] not in INIT_SCHEMES:
            raise ScenarioError(
                "weights.init", f"expected one of {', '.join(INIT_SCHEMES)}, got {_show(value['init'])}"
            )
        return {
            "init": value["init"],
            "seed": _int(value.get("seed", 0), "weights.seed", low=0, high=2**63 - 1),
        }
    out = []
    for l, matrix in enumerate(_list(value, "weights", length=len(layers) - 1)):
        rows = _list(matrix, f"weights[{l}]", length=layers[l + 1], what="nodes")
        out.append([_numbers(row, f"weights[{l}][{j}]", layers[l]) for j, row in enumerate(rows)])
    return out


def _optimizer(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise ScenarioError(
            "optimizer",
            f'expected an object like {{"name": "sgd", "learning_rate": 0.01}}, got {_kind(value)}',
        )
    if "name" not in value:
        raise ScenarioError("optimizer.name", f"missing (one of {', '.join(RULES)})")
    name = _choice(value["name"], "optimizer.name", RULES)
    defaults = RULES[name].defaults
    out: dict[str, Any] = {"name": name}
    for key, v in value.items():
        if key == "name":
            continue
        place = f"optimizer.{_key(key)}"
        if key not in defaults:
            raise ScenarioError(place, f"{name} has no such setting (it has: {', '.join(defaults)})")
        v = _number(v, place)
        problem = SETTINGS[key].problem(v)
        if problem:
            raise ScenarioError(place, problem)
        out[key] = v
    return out


def _check_loss(name: str, output_activation: str, targets: list[list[float]]) -> None:
    """What the loss asks of the output layer and the targets (see ``losses.Loss``)."""
    loss = LOSSES[name]
    if loss.output_activation not in (None, output_activation):
        raise ScenarioError("loss", f"{name} needs a {loss.output_activation} output layer")
    if loss.target_range is not None:
        low, high = loss.target_range
        for s, row in enumerate(targets):
            for k, v in enumerate(row):
                if not low <= v <= high:
                    raise ScenarioError(
                        f"targets[{s}][{k}]", f"{name} needs targets from {low} to {high}, got {v}"
                    )
