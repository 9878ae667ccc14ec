"""Questions a lesson asks its class, each tied to one micro-step.

A scenario's ``"checkpoints"`` list holds them. At its micro-step a checkpoint
stops the walkthrough before the answer is shown: the micro-step's number waits
as ``?`` (as in predict mode), the question and its options are on screen, the
lecturer counts the class's votes, and revealing shows the number, marks the
right option and gives the explanation. A checkpoint names its place in the
scenario's own terms::

    {"step": 1, "phase": "loss", "question": "What is the error?",
     "options": ["5", "6", "11", "16"], "answer": "11", "explanation": "..."}

``phase`` is one of forward, loss, backward, average, update, result; a forward
or backward node step names its ``node`` ("node_0", "output"), a slope, average
or update names its ``param`` ("w(x1 -> output)", "b(node_0)"). ``sample`` (a
1-based data row) picks one sample's micro-step in a batch; without it, the
first that fits. ``"type": "direction"`` asks up / down / unchanged instead of
listing options.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from gdviz.core.microsteps import PHASES, Kind, MicroStep, MicroSteps
from gdviz.core.names import node_name, param_name
from gdviz.core.params import Node, Param, params_in_order

DIRECTIONS = ("up", "down", "unchanged")
"""The options of a direction question."""
KEYS = ("step", "phase", "node", "param", "sample", "type", "question", "options", "answer", "explanation")
MOST_OPTIONS = 4
"""Options are voted for with the keys 1 to 4."""
NODE_PHASES = ("forward", "backward")
SAMPLE_PHASES = ("forward", "loss", "backward")
"""Micro-steps of one sample (the others are the batch's)."""
PARAM_PHASES = ("backward", "average", "update")


class CheckpointError(ValueError):
    """A checkpoint that cannot be used: ``place`` (``checkpoints[2].node``) and the problem."""

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}")
        self.place, self.problem = place, problem


@dataclass(frozen=True)
class Checkpoint:
    """One question at one micro-step."""

    step: int
    phase: str
    node: Node | None
    param: Param | None
    sample: int | None
    """0-based data row, or None: the first micro-step that fits."""
    question: str
    options: tuple[str, ...]
    answer: str
    explanation: str
    direction: bool = False

    @property
    def answer_index(self) -> int:
        return self.options.index(self.answer)

    def fits(self, m: MicroStep, row: int | None) -> bool:
        """Micro-step ``m`` (showing data row ``row``, None when batch-wide) is this one's."""
        if m.phase != self.phase or (self.sample is not None and row != self.sample):
            return False
        if self.node is not None:
            return m.kind == Kind.NODE and Node(m.layer, m.node) == self.node
        if self.param is not None:
            return m.kind in (Kind.WEIGHT, Kind.BIAS) and m.param == self.param
        return True


def index_in_step(checkpoint: Checkpoint, steps: MicroSteps, rows: Sequence[int]) -> int | None:
    """Where in a training step's micro-steps ``checkpoint`` stops (``rows``: the data row
    of each sample in the batch); None if it names nothing this step has. Every sample
    has the same micro-steps, so only the first sample it may stop at is searched."""
    first = next((s for s, row in enumerate(rows) if checkpoint.sample in (None, int(row))), None)
    if first is not None:
        row = int(rows[first])
        at = next((at for at, m in enumerate(steps.block) if checkpoint.fits(m, row)), None)
        if at is not None:
            return first * len(steps.block) + at
    return next((k for k, m in enumerate(steps.tail, steps.body) if checkpoint.fits(m, None)), None)


def parse(
    value: Any,
    layers: Sequence[int],
    has_biases: bool,
    rows: int,
    batch: int | None = None,
    train_biases: bool = True,
) -> tuple[Checkpoint, ...]:
    """Validate a scenario's ``"checkpoints"`` list (``rows``: how many data rows it has;
    ``batch``: its batch size, None for the full batch), refusing questions that could
    never be asked: an average in a batch of one, an update of a frozen bias, a sample
    picked for a batch-wide micro-step, two questions at one place."""
    if not isinstance(value, list):
        raise CheckpointError("checkpoints", f"expected a list, got {type(value).__name__}")
    nodes = {node_name(layers, l, j): Node(l, j) for l in range(1, len(layers)) for j in range(layers[l])}
    params = {param_name(layers, p): p for p in params_in_order(layers, has_biases)}
    out: list[Checkpoint] = []
    seen: dict[tuple, int] = {}
    for n, item in enumerate(value):
        place = f"checkpoints[{n}]"
        c = _one(item, place, nodes, params, rows)
        if c.phase == "average" and (batch or rows) < 2:
            raise CheckpointError(
                f"{place}.phase", "a batch of one has no average: its sample's slope is used"
            )
        if c.phase == "update" and c.param is not None and c.param.is_bias and not train_biases:
            raise CheckpointError(f"{place}.param", "the biases are not trained here: they have no update")
        if c.sample is not None and c.phase not in SAMPLE_PHASES:
            raise CheckpointError(
                f"{place}.sample", f"a {c.phase} micro-step is the whole batch's, not a sample's"
            )
        where = (c.step, c.phase, c.node, c.param, c.sample)
        if where in seen:
            raise CheckpointError(place, f"asks at the same micro-step as checkpoints[{seen[where]}]")
        seen[where] = n
        out.append(c)
    return tuple(out)


def _one(item: Any, place: str, nodes: dict, params: dict, rows: int) -> Checkpoint:
    if not isinstance(item, dict):
        raise CheckpointError(place, f"expected an object, got {type(item).__name__}")
    for key in item:
        if key not in KEYS:
            raise CheckpointError(f"{place}.{key}", f"unknown key (known keys: {', '.join(KEYS)})")
    for key in ("step", "phase", "question", "answer"):
        if key not in item:
            raise CheckpointError(f"{place}.{key}", "missing")
    step = item["step"]
    if isinstance(step, bool) or not isinstance(step, int) or step < 1:
        raise CheckpointError(f"{place}.step", f"expected a training step number from 1, got {step!r}")
    phase = item["phase"]
    if not isinstance(phase, str) or phase not in PHASES:
        raise CheckpointError(f"{place}.phase", f"expected one of {', '.join(PHASES)}, got {phase!r}")
    node = _named(item, "node", nodes, place, phase, NODE_PHASES)
    param = _named(item, "param", params, place, phase, PARAM_PHASES)
    if node is not None and param is not None:
        raise CheckpointError(place, "names both a node and a param; a micro-step is about one")
    if phase in ("forward", "average", "update") and node is None and param is None:
        raise CheckpointError(
            place, f"a {phase} checkpoint names its {'node' if phase == 'forward' else 'param'}"
        )
    if phase == "backward" and node is None and param is None:
        raise CheckpointError(place, "a backward checkpoint names its node or its param")
    sample = item.get("sample")
    if sample is not None:
        if isinstance(sample, bool) or not isinstance(sample, int) or not 1 <= sample <= rows:
            raise CheckpointError(f"{place}.sample", f"expected a data row from 1 to {rows}, got {sample!r}")
        sample -= 1
    kind = item.get("type", "choice")
    if not isinstance(kind, str) or kind not in ("choice", "direction"):
        raise CheckpointError(f"{place}.type", f'expected "choice" or "direction", got {kind!r}')
    options = _options(item, place, kind)
    answer = _text(item["answer"], f"{place}.answer")
    if answer not in options:
        raise CheckpointError(
            f"{place}.answer", f"{answer!r} is not one of the options ({', '.join(options)})"
        )
    return Checkpoint(
        step,
        phase,
        node,
        param,
        sample,
        _text(item["question"], f"{place}.question"),
        options,
        answer,
        _text(item.get("explanation", ""), f"{place}.explanation", empty=True),
        direction=kind == "direction",
    )


def _named(item: dict, key: str, names: dict, place: str, phase: str, phases: tuple[str, ...]) -> Any:
    if key not in item:
        return None
    if phase not in phases:
        raise CheckpointError(f"{place}.{key}", f"a {phase} checkpoint names no {key}")
    name = item[key]
    if not isinstance(name, str) or name not in names:
        known = ", ".join(list(names)[:8]) + (", ..." if len(names) > 8 else "")
        raise CheckpointError(f"{place}.{key}", f"no {key} is called {name!r} (there are {known})")
    return names[name]


def _options(item: dict, place: str, kind: str) -> tuple[str, ...]:
    if kind == "direction":
        if "options" in item:
            raise CheckpointError(f"{place}.options", "a direction question has its own: up, down, unchanged")
        return DIRECTIONS
    if "options" not in item:
        raise CheckpointError(f"{place}.options", "missing")
    options = item["options"]
    if not isinstance(options, list) or not 2 <= len(options) <= MOST_OPTIONS:
        raise CheckpointError(f"{place}.options", f"expected a list of 2 to {MOST_OPTIONS} options")
    texts = tuple(_text(o, f"{place}.options[{n}]") for n, o in enumerate(options))
    if len(set(texts)) < len(texts):
        raise CheckpointError(f"{place}.options", "two options are the same")
    return texts


def _text(value: Any, place: str, empty: bool = False) -> str:
    if not isinstance(value, str) or not (empty or value.strip()):
        raise CheckpointError(place, f"expected {'a' if empty else 'a non-empty'} string, got {value!r}")
    return value


def to_dict(checkpoint: Checkpoint, layers: Sequence[int]) -> dict[str, Any]:
    """The JSON object ``parse`` reads back as ``checkpoint``."""
    out: dict[str, Any] = {"step": checkpoint.step, "phase": checkpoint.phase}
    if checkpoint.node is not None:
        out["node"] = node_name(layers, *checkpoint.node)
    if checkpoint.param is not None:
        out["param"] = param_name(layers, checkpoint.param)
    if checkpoint.sample is not None:
        out["sample"] = checkpoint.sample + 1
    out["question"] = checkpoint.question
    if checkpoint.direction:
        out["type"] = "direction"
    else:
        out["options"] = list(checkpoint.options)
    out["answer"] = checkpoint.answer
    if checkpoint.explanation:
        out["explanation"] = checkpoint.explanation
    return out
