"""Training: batches, steps, epochs, the loss history, and divergence.

One *training step* takes a batch, runs the forward pass, measures the loss,
runs backprop, and lets the optimizer update the parameters. With
``batch_size=None`` every step uses the whole data set (full-batch gradient
descent); a smaller batch size gives mini-batch or, at 1, stochastic gradient
descent. Each epoch visits the samples in an order shuffled from
``(seed, epoch)``, so the same seed always gives the same run and any step's
batch can be found without replaying the ones before it.
"""

from __future__ import annotations

import copy
import math
import sys
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from itertools import groupby, repeat

import numpy as np

from gdviz.core.losses import Loss, mean_loss
from gdviz.core.network import (
    BackwardPass,
    FlatParams,
    ForwardPass,
    Network,
    backward,
    batch_loss,
    batch_slopes,
    forward,
)
from gdviz.core.optimizers import Optimizer, OptimizerState

_RAISE = {"over": "raise", "invalid": "raise", "divide": "raise", "under": "ignore"}
LEAN_CHUNK, LEAN_BYTES = 512, 32 * 1024 * 1024
"""Lean training works out the losses of this many steps at a time, or fewer so
that the outputs and targets it holds meanwhile stay within this many bytes."""
DIVERGING_GROWTH = 10.0
"""Training is *diverging* from the first step after which the loss exceeds this
many times the loss at the start (or is not a finite number)."""


@dataclass(slots=True, eq=False)
class TrainState:
    """Everything that changes as training runs; restoring one rewinds training."""

    step: int
    """Training steps completed so far."""
    net: Network
    opt_state: OptimizerState


@dataclass(frozen=True)
class Divergence:
    """Training stopped because step ``step`` produced overflow or NaN."""

    step: int
    reason: str

    def message(self) -> str:
        return (
            f"Training diverged at step {self.step}: {self.reason}. "
            "The parameters from before that step are kept; try a smaller learning rate."
        )


@dataclass(frozen=True)
class Diverging:
    """The loss after step ``step`` grew past :data:`DIVERGING_GROWTH` times the
    starting loss (or overflowed): a warning, long before numbers overflow.

    ``loss`` is the loss at the parameters after that step, measured where the
    next step measures it: on the whole data set in full-batch training, on
    the next batch otherwise (``batch``).
    """

    step: int
    start_loss: float
    loss: float
    batch: bool = False

    def message(self) -> str:
        grown = "the loss on the next batch" if self.batch else "the loss"
        if not math.isfinite(self.loss):
            how = f"{grown} grew from {_amount(self.start_loss)} to more than a number can hold"
        else:
            times = f"{_amount(self.loss / self.start_loss)}x" if self.start_loss > 0 else "far above"
            how = f"{grown} grew from {_amount(self.start_loss)} to {_amount(self.loss)} ({times} the starting loss)"
        return f"Step {self.step}: {how}. Try a smaller learning rate."


def _amount(x: float) -> str:
    """A loss or a growth factor for the warning: ``946,729``, ``1.83e+10``, ``0.8485``."""
    if abs(x) >= 1e9:
        return f"{x:.3g}"
    if abs(x) >= 100:
        return f"{x:,.0f}"
    return f"{x:.4g}"


class Diverged(Exception):
    """Raised by :meth:`Trainer.compute` when a step would overflow or give NaN."""

    def __init__(self, divergence: Divergence) -> None:
        super().__init__(divergence.message())
        self.divergence = divergence


@dataclass(slots=True)
class StepRecord:
    """One training step, with everything computed along the way."""

    step: int
    """1-based number of this step."""
    epoch: int
    """1-based epoch this step belongs to."""
    batch: int
    """1-based batch number within the epoch."""
    indices: np.ndarray
    """Which samples of the data set make up the batch."""
    x: np.ndarray
    y: np.ndarray
    forward: ForwardPass
    loss: float
    """Batch loss before the update."""
    sample_losses: np.ndarray
    backward: BackwardPass
    before: Network
    after: Network
    weight_directions: tuple[np.ndarray, ...]
    """``after = before - learning_rate * direction`` for each weight matrix."""
    bias_directions: tuple[np.ndarray, ...] | None
    """Same for biases; None when the network has no biases or they are frozen."""
    learning_rate: float
    opt_state: OptimizerState


class LossHistory:
    """Batch loss per training step in a growable float64 buffer (8 bytes a step)."""

    def __init__(self) -> None:
        self._data = np.empty(1024)
        self._n = 0

    def __len__(self) -> int:
        return self._n

    def append(self, loss: float) -> None:
        if self._n == len(self._data):
            self._data = np.concatenate([self._data, np.empty(len(self._data))])
        self._data[self._n] = loss
        self._n += 1

    def extend(self, losses: np.ndarray) -> None:
        need = self._n + len(losses)
        if need > len(self._data):
            grown = np.empty(max(need, 2 * len(self._data)))
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = losses
        self._n = need

    def truncate(self, n: int) -> None:
        self._n = min(self._n, n)

    @property
    def values(self) -> np.ndarray:
        """A read-only view: loss of step k is ``values[k - 1]``."""
        v = self._data[: self._n]
        v.flags.writeable = False
        return v

    @property
    def nbytes(self) -> int:
        return self._data.nbytes


class Trainer:
    """Trains a network on a data set, one step at a time."""

    def __init__(
        self,
        net: Network,
        x: np.ndarray,
        y: np.ndarray,
        loss: Loss,
        optimizer: Optimizer,
        batch_size: int | None = None,
        seed: int = 0,
        train_biases: bool = True,
    ) -> None:
        self.x = np.asarray(x, dtype=np.float64)
        self.y = np.asarray(y, dtype=np.float64)
        self.loss = loss
        self.optimizer = optimizer
        n = len(self.x)
        self.batch_size = n if batch_size is None else min(batch_size, n)
        self.seed = seed
        self.train_biases = train_biases and net.biases is not None
        self.state = TrainState(0, net, OptimizerState())
        self.history = LossHistory()
        self.divergence: Divergence | None = None
        self._order: tuple[int, np.ndarray] | None = None
        self._all = np.arange(n)
        self.start_loss = self.dataset_loss()
        """Loss on the whole data set at the starting parameters: what divergence is measured against."""
        start = self.start_loss
        self._limit = DIVERGING_GROWTH * start if 0 < start < math.inf else sys.float_info.max
        self.diverging: Diverging | None = None
        """The first step after which the loss grew past the limit, once one has."""

    # -- batches and epochs -------------------------------------------------
    @property
    def batches_per_epoch(self) -> int:
        return -(-len(self.x) // self.batch_size)

    @property
    def full_batch(self) -> bool:
        return self.batch_size == len(self.x)

    @property
    def net(self) -> Network:
        return self.state.net

    def epoch_and_batch(self, step: int) -> tuple[int, int]:
        """1-based (epoch, batch within epoch) of 1-based training step ``step``."""
        e, b = divmod(step - 1, self.batches_per_epoch)
        return e + 1, b + 1

    def epoch_boundaries(self, steps: int) -> np.ndarray:
        """Steps after which an epoch ends, among the first ``steps`` (none for full batch)."""
        per = self.batches_per_epoch
        return np.arange(per, steps, per) if per > 1 else np.arange(0)

    def batch_indices(self, step: int) -> np.ndarray:
        """The sample indices that 1-based training step ``step`` trains on."""
        n = len(self.x)
        if self.full_batch:
            return np.arange(n)
        epoch, batch = self.epoch_and_batch(step)
        if self._order is None or self._order[0] != epoch:
            order = np.random.default_rng([self.seed, epoch]).permutation(n)
            self._order = (epoch, order)
        start = (batch - 1) * self.batch_size
        return self._order[1][start : start + self.batch_size]

    # -- one step -----------------------------------------------------------
    def _batch(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Indices, inputs and targets of 1-based step ``k``'s batch."""
        if self.full_batch:
            return self._all, self.x, self.y
        idx = self.batch_indices(k)
        return idx, self.x[idx], self.y[idx]

    def _learn(
        self, net: Network, fwd: ForwardPass, y: np.ndarray, opt_state: OptimizerState
    ) -> tuple[BackwardPass, Network, list[np.ndarray], OptimizerState]:
        """Backprop, then the optimizer's update: slopes, the updated network,
        the update directions and the optimizer's new memory."""
        bwd = backward(net, fwd, y, self.loss)
        params, grads = list(net.weights), list(bwd.grad_weights)
        if self.train_biases:
            params += net.biases
            grads += bwd.grad_biases
        new, directions, opt_state = self.optimizer.update(params, grads, opt_state)
        d = net.depth
        biases = tuple(new[d:]) if self.train_biases else net.biases
        return bwd, net.with_params(tuple(new[:d]), biases), directions, opt_state

    def compute(self) -> StepRecord:
        """Work out the next training step, with every intermediate the
        walkthrough shows, without applying it.

        Its loss is the first measure of the parameters the last step left, so
        this is also where training is found to be :attr:`diverging` (once).
        Raises :class:`Diverged` if any number overflows or becomes NaN.
        """
        with np.errstate(**_RAISE):
            state = self.state
            k = state.step + 1
            idx, x, y = self._batch(k)
            net = state.net
            loss = math.inf  # until known: a forward pass that overflows means the loss did
            try:
                fwd = forward(net, x)
                sample_losses = self.loss.value(fwd.a[-1], y)
                loss = float(mean_loss(sample_losses))
                self._watch(state.step, loss)
                _finite(loss)
                bwd, after, directions, opt_state = self._learn(net, fwd, y, state.opt_state)
            except FloatingPointError as err:
                self._watch(state.step, loss)
                raise Diverged(Divergence(k, _describe(err))) from None
        d = net.depth
        epoch, batch = self.epoch_and_batch(k)
        return StepRecord(
            step=k,
            epoch=epoch,
            batch=batch,
            indices=idx,
            x=x,
            y=y,
            forward=fwd,
            loss=loss,
            sample_losses=sample_losses,
            backward=bwd,
            before=net,
            after=after,
            weight_directions=tuple(directions[:d]),
            bias_directions=tuple(directions[d:]) if self.train_biases else None,
            learning_rate=self.optimizer.learning_rate,
            opt_state=opt_state,
        )

    def check_diverging(self) -> Diverging | None:
        """Measure the parameters the last step left, as the next step will (its
        batch's loss), so that a warning about the last step is found now."""
        if self.diverging is None and self.state.step >= 1:
            _, x, y = self._batch(self.state.step + 1)
            with np.errstate(**_RAISE):
                try:
                    loss = batch_loss(self.loss, forward(self.state.net, x).output, y)
                except FloatingPointError:
                    loss = math.inf
            self._watch(self.state.step, loss)
        return self.diverging

    def _watch(self, step: int, loss: float) -> None:
        """Note that training is diverging if the loss after ``step`` is past the limit."""
        if self.diverging is None and step >= 1 and not loss <= self._limit:
            loss = loss if math.isfinite(loss) else math.inf
            self.diverging = Diverging(step, self.start_loss, loss, not self.full_batch)

    def _diverging_in(self, first: int, losses: np.ndarray, failed: tuple[int, str] | None) -> Diverging | None:
        """:meth:`_watch` over a lean chunk from step ``first`` at once: its losses
        (each measures the step before), then an overflowed one if a step failed
        before its loss was known. One comparison for the whole chunk."""
        if failed is not None and len(losses) == failed[0] - first:
            losses = np.append(losses, math.inf)
        skip = 1 if first == 1 else 0  # step 1's loss is at the starting parameters
        bad = np.flatnonzero(~(losses[skip:] <= self._limit))
        if not len(bad):
            return None
        j = int(bad[0]) + skip
        loss = float(losses[j])
        return Diverging(first + j - 1, self.start_loss, loss if math.isfinite(loss) else math.inf, not self.full_batch)

    def apply(self, record: StepRecord) -> None:
        """Commit a step computed by :meth:`compute`."""
        if record.step != self.state.step + 1:
            raise ValueError("that step was not computed from the current state")
        self.history.append(record.loss)
        self.state = TrainState(record.step, record.after, record.opt_state)

    def step(self) -> StepRecord | None:
        """Compute and apply one step; on divergence record it and return None."""
        if self.divergence is not None:
            return None
        try:
            record = self.compute()
        except Diverged as err:
            self.divergence = err.divergence
            return None
        self.apply(record)
        return record

    def run(self, steps: int, keep: deque[TrainState] | None = None, stop_when_diverging: bool = False) -> int:
        """Run up to ``steps`` steps the lean way; returns how many were done
        before any divergence (or, if ``stop_when_diverging``, up to the step
        after which training is found to be :attr:`diverging`, unless it
        already was).

        The arithmetic is :meth:`compute`'s, number for number, but nothing is
        recorded, and while it runs the trained parameters live in one flat
        vector, so the optimizer updates all of them with one numpy call per
        operation instead of one per array (every rule works element by
        element, so the numbers are the same). A step's loss does not feed into
        training, so the losses of a chunk of steps are worked out together at
        its end, again one numpy call per operation. The state before each
        step goes to ``keep``, so a walkthrough can still step back into them.
        """
        per_step = 2 * 8 * self.batch_size * self.y.shape[1]  # bytes of one step's outputs and targets
        chunk = max(1, min(LEAN_CHUNK, LEAN_BYTES // per_step))
        done, warned = 0, self.diverging
        while done < steps and self.divergence is None and not (stop_when_diverging and self.diverging is not warned):
            done += self._run_chunk(min(steps - done, chunk), keep, stop_when_diverging)
        return done

    def _run_chunk(self, steps: int, keep: deque[TrainState] | None, stop_when_diverging: bool = False) -> int:
        """Up to ``steps`` lean steps, committed (state, history, ``keep``) once
        all their losses are known. If one diverges (in its forward pass,
        backprop or update, or as its loss is not a finite number), the chunk
        is run again up to the step before it; so it is, to stop when
        diverging, up to the step after which the loss grew too much."""
        first, flat = self.state.step + 1, FlatParams(self.state.net, self.train_biases)
        # Two parameter vectors take turns: each step reads one and writes its
        # update into the other, so the networks viewing them are made only once.
        theta, spare = flat.join(flat.trained(self.state.net)), np.empty(flat.size)
        net, spare_net = flat.network(theta), flat.network(spare)
        t, memory = self.state.opt_state.t, tuple(flat.join(q) for q in self.state.opt_state.slots)
        grad = np.empty(flat.size)  # backprop writes the batch slopes straight into it
        grad_w, grad_b = flat.views(grad)
        befores: list[tuple[np.ndarray, int, tuple[np.ndarray, ...]]] = []  # for keep
        outputs: list[np.ndarray] = []
        targets: list[np.ndarray] | None = None if self.full_batch else []
        failed: tuple[int, str] | None = None
        x, y, loss, update = self.x, self.y, self.loss, self.optimizer.step  # looked up once
        with np.errstate(**_RAISE):
            for k in range(first, first + steps):
                try:
                    if targets is not None:
                        _, x, y = self._batch(k)
                        targets.append(y)
                    fwd = forward(net, x)
                    outputs.append(fwd.a[-1])
                    batch_slopes(net, fwd, y, loss, grad_w, grad_b)
                    _, _, new_memory = update(theta, grad, memory, t + 1, out=spare)
                except FloatingPointError as err:
                    failed = (k, _describe(err))
                    break
                if keep is not None:
                    befores.append((theta.copy(), t, memory))  # a copy: theta is overwritten soon
                theta, spare, net, spare_net = spare, theta, spare_net, net
                t, memory = t + 1, new_memory
        losses, bad_loss = self._losses(outputs, targets)
        if bad_loss is not None:  # a step's loss comes before its backprop and update
            failed = (first + len(losses), bad_loss)
        warned = None if self.diverging is not None else self._diverging_in(first, losses, failed)
        if warned is not None and stop_when_diverging and (failed is None or warned.step < failed[0] - 1):
            done = self._run_chunk(warned.step - first + 1, keep) if warned.step >= first else 0
            self.diverging = warned
            return done
        self.diverging = self.diverging or warned
        if failed is not None:
            done = self._run_chunk(failed[0] - first, keep) if failed[0] > first else 0
            self.divergence = Divergence(*failed)
            return done
        self.history.extend(losses)
        if keep is not None:
            since = 0 if keep.maxlen is None else max(0, steps - keep.maxlen)  # only the last ones stay
            keep.extend(
                TrainState(first - 1 + i, flat.network(th), _flat_optimizer_state(flat, ts, mem))
                for i, (th, ts, mem) in enumerate(befores[since:], start=since)
            )
        self.state = TrainState(first - 1 + steps, net, _flat_optimizer_state(flat, t, memory))
        return steps

    def _losses(self, outputs: list[np.ndarray], targets: list | None) -> tuple[np.ndarray, str | None]:
        """The batch loss of each step from its network outputs and targets
        (None: the whole data set's), as :meth:`compute` finds it, up to the
        first that is not a finite number, and why that one is not (or None)."""
        value = self.loss.value
        try:
            with np.errstate(**_RAISE):
                # Steps whose batches have one shape are stacked and worked out in one
                # go: element by element, then each step's own sums, so the same numbers.
                if targets is None:
                    runs = [(_stacked(outputs), self.y)] if outputs else []
                else:
                    runs = [(_stacked(out), _stacked(y)) for out, y in _same_shape_runs(outputs, targets)]
                losses = np.concatenate([np.empty(0)] + [mean_loss(value(out, y)) for out, y in runs])
            if np.isfinite(losses).all():
                return losses, None
        except FloatingPointError:
            pass
        found = []  # some loss is not finite: find the first, step by step
        with np.errstate(**_RAISE):
            for out, y in zip(outputs, repeat(self.y) if targets is None else targets):
                try:
                    found.append(_finite(float(mean_loss(value(out, y)))))
                except FloatingPointError as err:
                    return np.array(found), _describe(err)
        return np.array(found), None

    def fork(self) -> Trainer:
        """A twin sharing the data and the current state, with a history of its
        own: a background job trains it while the window keeps showing this one."""
        twin = copy.copy(self)
        twin.history = LossHistory()
        twin._order = None
        return twin

    def adopt(self, twin: Trainer) -> None:
        """Take over where a fork has got to: its state, its divergence, and
        the losses of the steps it ran (appended to this history)."""
        self.history.extend(twin.history.values)
        self.state = twin.state
        self.divergence = twin.divergence
        self.diverging = twin.diverging

    def restore(self, state: TrainState) -> None:
        """Rewind (or jump) to a saved state; later history is dropped."""
        self.state = state
        self.history.truncate(state.step)
        self.divergence = None
        if self.diverging is not None and state.step < self.diverging.step:
            self.diverging = None  # that step is not taken any more

    def dataset_loss(self, net: Network | None = None) -> float:
        """Loss of ``net`` (default: the current one) on the whole data set."""
        net = self.state.net if net is None else net
        with np.errstate(**_RAISE):
            try:
                return batch_loss(self.loss, forward(net, self.x).output, self.y)
            except FloatingPointError:
                return math.inf


def _flat_optimizer_state(flat: FlatParams, t: int, memory: tuple[np.ndarray, ...]) -> OptimizerState:
    """The optimizer state of step count ``t`` and running quantities kept flat."""
    return OptimizerState(t, tuple(tuple(flat.split(q)) for q in memory))


def _same_shape_runs(outputs: list[np.ndarray], targets: list[np.ndarray]) -> Iterator[tuple[list, list]]:
    """Consecutive steps whose batches have the same shape (all of them, but for
    a smaller last batch of an epoch)."""
    for _, run in groupby(zip(outputs, targets), key=lambda pair: pair[0].shape):
        out, y = zip(*run)
        yield list(out), list(y)


def _stacked(arrays: list[np.ndarray]) -> np.ndarray:
    """Arrays of one shape stacked along a new first axis: np.stack's result, in
    a fraction of its time."""
    return np.concatenate(arrays).reshape(len(arrays), *arrays[0].shape)


def _finite(loss: float) -> float:
    if not math.isfinite(loss):
        raise FloatingPointError("the loss is not a finite number")
    return loss


def _describe(err: FloatingPointError) -> str:
    text = str(err)
    if "overflow" in text:
        return "a number grew too large to represent (overflow)"
    if "invalid" in text:
        return "an arithmetic result was undefined (NaN)"
    if "divide" in text:
        return "a division by zero"
    return text
