"""Worked solutions: training steps written out as Markdown or JSON.

The Markdown is what a lecturer hands out: every node's computation with its
numbers, the loss, every slope as its three factors multiplied out, every
update, and the batch's output and loss with the updated parameters. The JSON
carries the same steps at full float64 precision for scripts.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gdviz.core.checkpoints import Checkpoint, index_in_step
from gdviz.core.formulas import formula
from gdviz.core.losses import LOSSES
from gdviz.core.microsteps import AVERAGE, BACKWARD, FORWARD, LOSS, RESULT, UPDATE, MicroSteps, micro_steps
from gdviz.core.network import loss_of
from gdviz.core.nudge import check_text, loss_changes, numeric_slopes
from gdviz.core.numbers import fmt
from gdviz.core.scenario import Scenario
from gdviz.core.training import StepRecord, Trainer

HEADINGS = {
    FORWARD: "Forward pass",
    LOSS: "Loss",
    BACKWARD: "Backward pass (slopes)",
    AVERAGE: "Slopes averaged over the batch",
    UPDATE: "Update",
    RESULT: "After the update",
}


Progress = Callable[[int, int], None]
"""Told (steps done, steps in all) now and then during a long trace."""

PROGRESS_EVERY = 10_000
"""Steps run between two progress reports when only the last step is traced."""


def records(
    trainer: Trainer, steps: int, last_only: bool, progress: Progress | None = None
) -> Iterator[StepRecord]:
    """Run ``steps`` training steps, yielding each record (only the last one
    when ``last_only``); stops early if training diverges."""
    done = 0
    if last_only and steps > 1:
        while done < steps - 1:
            chunk = min(PROGRESS_EVERY, steps - 1 - done)
            ran = trainer.run(chunk)
            done += ran
            if progress is not None:
                progress(done, steps)
            if ran < chunk or trainer.divergence is not None:
                return
    for _ in range(steps - done):
        record = trainer.step()
        if record is None:
            return
        yield record
        done += 1
        if progress is not None:
            progress(done, steps)


def step_json(
    trainer: Trainer, record: StepRecord, check: bool = False, test: tuple | None = None
) -> dict[str, Any]:
    """One step as the ``gdviz trace --format json`` object; ``check`` adds the nudge
    check's slopes and the loss change the slopes predicted beside the one that happened."""

    def rows(a: Any) -> Any:
        return a.tolist()

    out = {
        "step": record.step,
        "epoch": record.epoch,
        "batch": record.batch,
        "samples": record.indices.tolist(),
        "loss": record.loss,
        "forward": [
            {"z": rows(record.forward.z[l]), "a": rows(record.forward.a[l])}
            for l in range(1, len(record.forward.a))
        ],
        "grad_weights": [rows(g) for g in record.grad_weights],
        "grad_biases": None
        if record.backward.grad_biases is None
        else [rows(g) for g in record.backward.grad_biases],
        "weights": [rows(w) for w in record.after.weights],
        "biases": None if record.after.biases is None else [rows(b) for b in record.after.biases],
        "loss_after": _finite_or_none(trainer.dataset_loss(record.after)),
    }
    if record.regularization is not None:  # "loss" is the data's plus this
        out["penalty"] = record.penalty
    if test is not None:  # the data loss on rows training never saw, after the update
        out["test_loss_after"] = _finite_or_none(loss_of(record.after, *test, trainer.loss))
    if check:
        weights, biases = numeric_slopes(record, trainer.loss)
        predicted, actual = loss_changes(record, trainer.loss)
        out["numeric_grad_weights"] = [rows(g) for g in weights]
        out["numeric_grad_biases"] = None if biases is None else [rows(g) for g in biases]
        out["predicted_loss_change"] = _finite_or_none(predicted)
        out["actual_loss_change"] = _finite_or_none(actual)
    return out


def _finite_or_none(x: float) -> float | None:
    """JSON has no infinity: a loss that overflowed is written as null."""
    return x if math.isfinite(x) else None


def trace_json(scenario: Scenario, steps: int = 1, last_only: bool = False, check: bool = False) -> str:
    return "".join(json_chunks(scenario, steps, last_only, check))


def json_chunks(
    scenario: Scenario,
    steps: int = 1,
    last_only: bool = False,
    check: bool = False,
    progress: Progress | None = None,
) -> Iterator[str]:
    """``gdviz trace --format json``, one step at a time, so memory stays flat however
    many steps are traced: the same text as ``json.dumps`` of the whole object."""
    trainer = scenario.trainer()
    test = None
    if scenario.test_inputs:
        test = (
            np.array(scenario.test_inputs, dtype=np.float64),
            np.array(scenario.test_targets, dtype=np.float64),
        )
    yield '{"steps": ['
    for n, record in enumerate(records(trainer, steps, last_only, progress)):
        yield (", " if n else "") + json.dumps(step_json(trainer, record, check, test), allow_nan=False)
    yield "]"
    if trainer.check_diverging() is not None:
        about = {"step": trainer.diverging.step, "message": trainer.diverging.message()}
        yield ', "diverging": ' + json.dumps(about)
    if trainer.divergence is not None:
        about = {"step": trainer.divergence.step, "message": trainer.divergence.message()}
        yield ', "diverged": ' + json.dumps(about)
    yield "}\n"


@dataclass
class Sheet:
    """A worksheet being written: its questions, the numbers left blank so far, and
    the worked line of each question asked (for the answer key)."""

    questions: Sequence[Checkpoint]
    blanks: set[str] = field(default_factory=set)
    asked: dict[Checkpoint, str] = field(default_factory=dict)


def step_markdown(
    trainer: Trainer, record: StepRecord, check: bool = False, sheet: Sheet | None = None
) -> str:
    """One step as a section of the worked solution; ``check`` adds the nudge check
    beside each slope the update uses, and the loss change the slopes predicted.
    With a ``sheet`` (a worksheet), each question of this step blanks the numbers its
    micro-step computes, wherever they appear after, and is asked there; the step ends
    at its last question (the rest would give the answers away)."""
    net = record.before
    lines = [f"## Step {record.step}"]
    steps = micro_steps(record, net.biases is not None, trainer.train_biases)
    asked = {}
    for c in sheet.questions if sheet else ():
        k = index_in_step(c, steps, record.indices) if c.step == record.step else None
        if k is not None:
            asked[k] = c
    if not trainer.full_batch:
        rows = ", ".join(str(i + 1) for i in record.indices)
        lines.append(f"\nEpoch {record.epoch}, batch {record.batch}: samples {rows}.")
    phase, sample = None, None
    blanks = sheet.blanks if sheet else set()
    written = _samples_written(steps, asked)
    for k in (*range(written * len(steps.block)), *range(steps.body, len(steps))):
        m = steps[k]
        if k == steps.body and written < steps.samples:
            lines.append(
                f"\n*Samples {written + 1:,} to {steps.samples:,} of this batch go through the same "
                "micro-steps with their own numbers, not written out here; the batch loss and the "
                "averaged slopes below take every sample.*"
            )
        if (
            m.sample != sample
            and m.sample >= 0
            and len(record.x) > 1
            and m.phase == FORWARD
            and phase != FORWARD
        ):
            x = ", ".join(fmt(v, 6) for v in record.x[m.sample])
            lines.append(f"\n### Sample {record.indices[m.sample] + 1}: input ({x})")
        if m.phase != phase:
            heading = HEADINGS[m.phase] if not (m.phase == LOSS and m.sample < 0) else "Batch loss"
            lines.append(f"\n**{heading}**\n")
        phase, sample = m.phase, m.sample
        question = asked.get(k)
        text = formula(record, m, trainer.loss.name, trainer.optimizer.name, ask=question is not None)
        if question is not None:
            worked = formula(record, m, trainer.loss.name, trainer.optimizer.name)
            blanks |= _hidden_numbers(worked, text)
            sheet.asked[question] = worked.split("\n")[0]
            text = text.replace("?", BLANK)
        elif blanks:  # a later line would give the answer away
            text = _blanked(text, blanks)
        lines += [f"    {line}" for line in text.split("\n")]
        if question is not None:
            lines += ["", f"> **Question {number(question, sheet.questions)}.** {question.question}", ">"]
            lines += [f"> {n}. {option}" for n, option in enumerate(question.options, 1)]
            lines += [">", f"> Your answer: {BLANK}", ""]
            if k == max(asked):
                lines.append("*The rest of this step follows from the answers: see the answer key.*\n")
                return "\n".join(lines)
        # The slope the update uses: the batch's average, or for a batch of one the sample's.
        batch_slope = m.phase == AVERAGE or (m.phase == BACKWARD and m.kind != "node" and len(record.x) == 1)
        if check and batch_slope:
            lines.append(f"    {check_text(record, trainer.loss, m)}")
    if check:
        predicted, actual = loss_changes(record, trainer.loss)
        lines.append(
            f"\nLoss change on this batch: the slopes predicted {fmt(predicted, 6)} "
            f"(sum of slope x change over every parameter); it changed by {fmt(actual, 6)}."
        )
    before, after = trainer.dataset_loss(record.before), trainer.dataset_loss(record.after)
    summary = f"\nLoss on the whole data set: {fmt(before, 6)} before this step, {fmt(after, 6)} after.\n"
    lines.append(_blanked(summary, blanks))
    return "\n".join(lines)


WRITTEN_MICRO_STEPS = 20_000
"""A step's worked solution writes out whole samples up to about this many micro-steps:
a batch of 100,000 would be half a gigabyte of text, every sample worked alike."""


def _samples_written(steps: MicroSteps, asked: dict[int, Checkpoint]) -> int:
    """How many of the batch's samples are written out: at least one, and each one a
    question stops in."""
    most = max(1, WRITTEN_MICRO_STEPS // len(steps.block))
    questions = max((steps[k].sample for k in asked if steps[k].sample >= 0), default=-1)
    return min(steps.samples, max(most, questions + 1))


BLANK = "____"
"""Where a worksheet leaves a number for the class to fill in."""


NUMBER = r"(?<![\w.^])-?\d+(?:\.\d+)?(?:e[-+]?\d+)?(?![\w.])"
"""A number in a formula's line (not an exponent such as the 2 of ``(9)^2``)."""


def _hidden_numbers(worked: str, asked: str) -> set[str]:
    """The numbers a question's line computes (in the worked line, not in the asked one),
    but for 0 and 1, which stand for too much else to blank everywhere."""
    shown = re.findall(NUMBER, asked)
    out = set()
    for text in re.findall(NUMBER, worked):
        if text in shown:
            shown.remove(text)
        elif text.lstrip("-") not in ("0", "1"):
            out.add(text)
    return out


def _blanked(text: str, numbers: set[str]) -> str:
    return re.sub(NUMBER, lambda found: BLANK if found.group() in numbers else found.group(), text)


def number(question: Checkpoint, questions: Sequence[Checkpoint]) -> int:
    return list(questions).index(question) + 1


def worksheet(scenario: Scenario, steps: int = 1) -> str:
    """The worked solution as a hand-out for the class: at each of the lesson's questions
    the numbers are blanks (``____``) and the question is asked; an answer key at the end."""
    trainer = scenario.trainer()
    questions = scenario.checkpoints
    sheet = Sheet(questions)
    # Up to the last question: the steps after it would show how the answers turned out.
    last = min(steps, max((q.step for q in questions), default=steps))
    body = [step_markdown(trainer, r, sheet=sheet) for r in records(trainer, last, False)]
    key = ["## Answer key", ""]
    for n, q in enumerate(questions, 1):
        where = f"step {q.step}, {q.phase}"
        if q not in sheet.asked:
            why = (
                f"not in these {steps} steps; add --steps {q.step}"
                if q.step > steps
                else "its sample is not in that step's batch"
            )
            key.append(f"{n}. ({where}: never asked here, {why})")
            continue
        worked = f" Worked: `{sheet.asked[q]}`."
        key.append(
            f"{n}. ({where}) **{q.answer}** (option {q.answer_index + 1}).{worked} {q.explanation}".rstrip()
        )
    if not questions:
        key.append("This lesson asks no questions: the worked solution above has no blanks.")
    return "\n".join([*_head(scenario, trainer), *body, *key]) + "\n"


def _head(scenario: Scenario, trainer: Trainer) -> list[str]:
    """The hand-out's title, notes, network and the rule every slope follows."""
    net = trainer.net
    head = [f"# {scenario.title}", ""]
    if scenario.notes:
        head += [scenario.notes, ""]
    return head + [
        f"Network: layers {'-'.join(map(str, net.layers))}, activations {', '.join(net.activations)}; "
        f"loss {scenario.loss} ({LOSSES[scenario.loss].formula}); optimizer {trainer.optimizer.name} "
        f"(learning rate {fmt(trainer.optimizer.learning_rate, 6)}); "
        + (
            "full batch."
            if trainer.full_batch
            else f"batches of {trainer.batch_size}, {trainer.batches_per_epoch} per epoch."
        ),
        "",
        "Each slope is the product of three factors: the value of the node feeding the weight, "
        "the slope of the activation at the node it feeds, and the slope of the loss with respect to that node's output.",
        "",
    ]


def trace_markdown(scenario: Scenario, steps: int = 1, last_only: bool = False, check: bool = False) -> str:
    return "".join(markdown_chunks(scenario, steps, last_only, check))


def markdown_chunks(
    scenario: Scenario,
    steps: int = 1,
    last_only: bool = False,
    check: bool = False,
    progress: Progress | None = None,
) -> Iterator[str]:
    """The worked solution as Markdown, the head and then one step at a time, so
    memory stays flat however many steps are traced."""
    trainer = scenario.trainer()
    yield "\n".join(_head(scenario, trainer))
    for record in records(trainer, steps, last_only, progress):
        yield "\n" + step_markdown(trainer, record, check)
    if trainer.divergence is not None:
        yield f"\n**{trainer.divergence.message()}**\n"
