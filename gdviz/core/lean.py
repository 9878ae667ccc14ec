"""Lean training: many steps fast, for fast-forward and Play.

A walkthrough step (:meth:`~gdviz.core.training.Trainer.compute`) keeps every
intermediate number so the class can see it. Running thousands of steps, none
of that is needed, and on networks this small the time goes into Python and
numpy's per-call overhead rather than arithmetic. So the lean path does the
same arithmetic, number for number, with fewer calls:

- The trained parameters live in one flat vector (:class:`FlatParams`), so the
  optimizer updates all of them with one numpy call per operation instead of
  one per weight matrix. Every update rule works element by element, so the
  numbers are the same.
- Two parameter vectors take turns: each step reads one and writes its update
  into the other, so nothing is allocated per step.
- A step's loss does not feed into training, so the losses of a *chunk* of
  steps are worked out together at its end, again one call per operation.

Steps are committed (state, loss history, kept states) a chunk at a time,
once all their losses are known. If a step overflows, or its loss is not a
finite number, or (when asked to stop there) training starts diverging, the
chunk is run again up to the step before, so training stops exactly where a
step-by-step run would.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from itertools import groupby, repeat
from typing import TYPE_CHECKING

import numpy as np

from gdviz.core.divergence import RAISE, Divergence, describe, finite, first_diverging
from gdviz.core.losses import mean_loss
from gdviz.core.network import FlatParams, batch_slopes, forward
from gdviz.core.optimizers import OptimizerState
from gdviz.core.train_state import TrainState

if TYPE_CHECKING:
    from gdviz.core.training import Trainer

LEAN_CHUNK, LEAN_BYTES = 512, 32 * 1024 * 1024
"""Lean training works out the losses of this many steps at a time, or fewer so
that the outputs and targets it holds meanwhile stay within this many bytes."""


def run(trainer: Trainer, steps: int, keep: deque[TrainState] | None, stop_when_diverging: bool) -> int:
    """Run up to ``steps`` lean steps of ``trainer``, chunk by chunk; see
    :meth:`~gdviz.core.training.Trainer.run`."""
    per_step = 2 * 8 * trainer.batch_size * trainer.y.shape[1]  # bytes of one step's outputs and targets
    chunk = max(1, min(LEAN_CHUNK, LEAN_BYTES // per_step))
    done, warned = 0, trainer.diverging
    while (
        done < steps
        and trainer.divergence is None
        and not (stop_when_diverging and trainer.diverging is not warned)
    ):
        done += _run_chunk(trainer, min(steps - done, chunk), keep, stop_when_diverging)
    return done


def _run_chunk(
    trainer: Trainer, steps: int, keep: deque[TrainState] | None, stop_when_diverging: bool = False
) -> int:
    """Up to ``steps`` lean steps, committed (state, history, ``keep``) once
    all their losses are known. If one diverges (in its forward pass,
    backprop or update, or as its loss is not a finite number), the chunk
    is run again up to the step before it; so it is, to stop when
    diverging, up to the step after which the loss grew too much."""
    state = trainer.state
    first, flat = state.step + 1, FlatParams(state.net, trainer.train_biases)
    # Two parameter vectors take turns: each step reads one and writes its
    # update into the other, so the networks viewing them are made only once.
    theta, spare = flat.join(flat.trained(state.net)), np.empty(flat.size)
    net, spare_net = flat.network(theta), flat.network(spare)
    t, memory = state.opt_state.t, tuple(flat.join(q) for q in state.opt_state.slots)
    grad = np.empty(flat.size)  # backprop writes the batch slopes straight into it
    grad_w, grad_b = flat.views(grad)
    reg, weights_end = trainer.regularization, flat.bounds[state.net.depth]
    penalties: list[float] = []  # each step's penalty, added to its loss at the end
    test = trainer.test
    test_outputs: list[np.ndarray] = []  # each step's outputs on the test rows, before its update
    befores: list[tuple[np.ndarray, int, tuple[np.ndarray, ...]]] = []  # for keep
    outputs: list[np.ndarray] = []
    targets: list[np.ndarray] | None = None if trainer.full_batch else []
    failed: tuple[int, str] | None = None
    x, y, loss, update, batch = trainer.x, trainer.y, trainer.loss, trainer.optimizer.step, trainer.batch_data
    with np.errstate(**RAISE):
        for k in range(first, first + steps):
            try:
                if targets is not None:
                    _, x, y = batch(k)
                    targets.append(y)
                fwd = forward(net, x)
                if reg is not None:  # before the output is kept: a step either has both or neither
                    penalties.append(reg.penalty(net.weights))  # matrix by matrix, as compute() sums it
                outputs.append(fwd.a[-1])
                if test is not None:
                    with np.errstate(all="ignore"):  # a test loss that overflows is shown, never fatal
                        test_outputs.append(forward(net, test[0]).a[-1])
                batch_slopes(net, fwd, y, loss, grad_w, grad_b)
                if reg is not None:  # the weights come first in the flat vector
                    grad[:weights_end] += reg.slope(theta[:weights_end])
                _, _, new_memory = update(theta, grad, memory, t + 1, out=spare)
            except FloatingPointError as err:
                failed = (k, describe(err))
                break
            if keep is not None:
                befores.append((theta.copy(), t, memory))  # a copy: theta is overwritten soon
            theta, spare, net, spare_net = spare, theta, spare_net, net
            t, memory = t + 1, new_memory
    losses, bad_loss = _losses(trainer, outputs, targets)
    if penalties:  # the training loss is the data's plus the penalty
        with np.errstate(all="ignore"):
            losses = losses + np.array(penalties[: len(losses)])
        if not np.isfinite(losses).all():
            losses, bad_loss = (
                losses[: int(np.argmin(np.isfinite(losses)))],
                "the loss is not a finite number",
            )
    if bad_loss is not None:  # a step's loss comes before its backprop and update
        failed = (first + len(losses), bad_loss)
    warned = None
    if trainer.diverging is None:
        limit, start = trainer.diverging_limit, trainer.start_loss
        warned = first_diverging(first, losses, failed, limit, start, not trainer.full_batch)
    if warned is not None and stop_when_diverging and (failed is None or warned.step < failed[0] - 1):
        done = _run_chunk(trainer, warned.step - first + 1, keep) if warned.step >= first else 0
        trainer.diverging = warned
        return done
    trainer.diverging = trainer.diverging or warned
    if failed is not None:
        done = _run_chunk(trainer, failed[0] - first, keep) if failed[0] > first else 0
        trainer.divergence = Divergence(*failed)
        return done
    trainer.history.extend(losses)
    if test is not None and steps:
        with np.errstate(all="ignore"):
            tests = mean_loss(trainer.loss.value(_stacked(test_outputs[:steps]), test[1]))
        trainer.test_history.extend(np.where(np.isfinite(tests), tests, np.inf))
    if keep is not None:
        since = 0 if keep.maxlen is None else max(0, steps - keep.maxlen)  # only the last ones stay
        keep.extend(
            TrainState(first - 1 + i, flat.network(th), _flat_optimizer_state(flat, ts, mem))
            for i, (th, ts, mem) in enumerate(befores[since:], start=since)
        )
    trainer.state = TrainState(first - 1 + steps, net, _flat_optimizer_state(flat, t, memory))
    return steps


def _losses(
    trainer: Trainer, outputs: list[np.ndarray], targets: list | None
) -> tuple[np.ndarray, str | None]:
    """The batch loss of each step from its network outputs and targets
    (None: the whole data set's), as ``Trainer.compute`` finds it, up to the
    first that is not a finite number, and why that one is not (or None)."""
    value = trainer.loss.value
    try:
        with np.errstate(**RAISE):
            # Steps whose batches have one shape are stacked and worked out in one
            # go: element by element, then each step's own sums, so the same numbers.
            if targets is None:
                runs = [(_stacked(outputs), trainer.y)] if outputs else []
            else:
                runs = [(_stacked(out), _stacked(y)) for out, y in _same_shape_runs(outputs, targets)]
            losses = np.concatenate([np.empty(0)] + [mean_loss(value(out, y)) for out, y in runs])
        if np.isfinite(losses).all():
            return losses, None
    except FloatingPointError:
        pass
    found = []  # some loss is not finite: find the first, step by step
    with np.errstate(**RAISE):
        for out, y in zip(outputs, repeat(trainer.y) if targets is None else targets):
            try:
                found.append(finite(float(mean_loss(value(out, y)))))
            except FloatingPointError as err:
                return np.array(found), describe(err)
    return np.array(found), None


def _flat_optimizer_state(flat: FlatParams, t: int, memory: tuple[np.ndarray, ...]) -> OptimizerState:
    """The optimizer state of step count ``t`` and running quantities kept flat."""
    return OptimizerState(t, tuple(tuple(flat.split(q)) for q in memory))


def _same_shape_runs(outputs: list[np.ndarray], targets: list[np.ndarray]) -> Iterator[tuple[list, list]]:
    """Consecutive steps whose batches have the same shape (all of them, but for
    a smaller last batch of an epoch)."""
    for _, run_ in groupby(zip(outputs, targets), key=lambda pair: pair[0].shape):
        out, y = zip(*run_)
        yield list(out), list(y)


def _stacked(arrays: list[np.ndarray]) -> np.ndarray:
    """Arrays of one shape stacked along a new first axis: np.stack's result, in
    a fraction of its time."""
    return np.concatenate(arrays).reshape(len(arrays), *arrays[0].shape)
