"""Training: batches, steps, epochs, and watching for divergence.

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
from collections import deque
from dataclasses import dataclass

import numpy as np

from gdviz.core import lean
from gdviz.core.divergence import (
    DIVERGING_GROWTH,
    RAISE,
    Diverged,
    Divergence,
    Diverging,
    describe,
    diverging_limit,
    finite,
)
from gdviz.core.lean import LEAN_BYTES, LEAN_CHUNK
from gdviz.core.losses import Loss, mean_loss
from gdviz.core.network import BackwardPass, ForwardPass, Network, backward, batch_loss, forward
from gdviz.core.optimizers import Optimizer, OptimizerState
from gdviz.core.regularization import Regularization, penalty_of
from gdviz.core.train_state import LossHistory, TrainState

__all__ = [
    "DIVERGING_GROWTH",
    "LEAN_BYTES",
    "LEAN_CHUNK",
    "Diverged",
    "Divergence",
    "Diverging",
    "LossHistory",
    "StepRecord",
    "TrainState",
    "Trainer",
]
"""Divergence, the lean path and the training state live in modules of their own
(:mod:`~gdviz.core.divergence`, :mod:`~gdviz.core.lean`, :mod:`~gdviz.core.train_state`);
their names are importable from here too."""


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
    """Training loss before the update: the batch's data loss plus any penalty."""
    sample_losses: np.ndarray
    backward: BackwardPass
    """Backprop's slopes: the data's part of each slope."""
    before: Network
    after: Network
    weight_directions: tuple[np.ndarray, ...]
    """``after = before - learning_rate * direction`` for each weight matrix."""
    bias_directions: tuple[np.ndarray, ...] | None
    """Same for biases; None when the network has no biases or they are frozen."""
    learning_rate: float
    opt_state: OptimizerState
    grad_weights: tuple[np.ndarray, ...]
    """Each weight's batch slope of the training loss: backprop's plus the penalty's."""
    penalty: float = 0.0
    """The penalty on the weights before the update (0 without regularisation)."""
    regularization: Regularization | None = None

    @property
    def data_loss(self) -> float:
        """The batch's own loss, without the penalty."""
        return float(mean_loss(self.sample_losses))

    def penalty_slope(self, l: int, j: int, i: int) -> float:
        """The penalty's part of weight ``(l, j, i)``'s slope (0 for a bias or without one)."""
        if self.regularization is None or i < 0:
            return 0.0
        return float(self.regularization.slope(self.before.weights[l][j, i]))


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
        regularization: Regularization | None = None,
    ) -> None:
        self.regularization = regularization
        """The penalty on the weights that training adds to the data's loss, if any."""
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
        self.test: tuple[np.ndarray, np.ndarray] | None = None
        """Rows kept apart from training (see :meth:`set_test`)."""
        self.test_history = LossHistory()
        """The data loss on the test rows at the start of each step taken (with a test set)."""
        self.divergence: Divergence | None = None
        self._order: tuple[int, np.ndarray] | None = None
        self._all = np.arange(n)
        self.start_loss = self.dataset_loss()
        """Loss on the whole data set at the starting parameters: what divergence is measured against."""
        self.diverging_limit = diverging_limit(self.start_loss)
        """The loss past which training is diverging (:data:`DIVERGING_GROWTH` times the start)."""
        self.diverging: Diverging | None = None
        """The first step after which the loss grew past the limit, once one has."""

    def set_test(self, x: np.ndarray, y: np.ndarray) -> None:
        """Measure every step's parameters on these rows too, never training on them."""
        self.test = (np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)) if len(x) else None

    def test_loss(self, net: Network) -> float:
        """The data loss of ``net`` on the test rows, without any penalty (inf if it overflows)."""
        with np.errstate(all="ignore"):
            loss = batch_loss(self.loss, forward(net, self.test[0]).output, self.test[1])
        return loss if math.isfinite(loss) else math.inf

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
    def batch_data(self, k: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Indices, inputs and targets of 1-based step ``k``'s batch."""
        if self.full_batch:
            return self._all, self.x, self.y
        idx = self.batch_indices(k)
        return idx, self.x[idx], self.y[idx]

    def _learn(
        self, net: Network, fwd: ForwardPass, y: np.ndarray, opt_state: OptimizerState
    ) -> tuple[BackwardPass, tuple[np.ndarray, ...], Network, list[np.ndarray], OptimizerState]:
        """Backprop, the penalty's slopes, then the optimizer's update: backprop's
        slopes, the training loss's weight slopes, the updated network, the
        update directions and the optimizer's new memory."""
        bwd = backward(net, fwd, y, self.loss)
        params, grads = list(net.weights), list(bwd.grad_weights)
        reg = self.regularization
        if reg is not None:
            grads = [g + reg.slope(w) for g, w in zip(grads, params, strict=True)]
        weight_grads = tuple(grads)
        if self.train_biases:
            params += net.biases
            grads += bwd.grad_biases
        new, directions, opt_state = self.optimizer.update(params, grads, opt_state)
        d = net.depth
        biases = tuple(new[d:]) if self.train_biases else net.biases
        return bwd, weight_grads, net.with_params(tuple(new[:d]), biases), directions, opt_state

    def compute(self) -> StepRecord:
        """Work out the next training step, with every intermediate the
        walkthrough shows, without applying it.

        Its loss is the first measure of the parameters the last step left, so
        this is also where training is found to be :attr:`diverging` (once).
        Raises :class:`Diverged` if any number overflows or becomes NaN.
        """
        with np.errstate(**RAISE):
            state = self.state
            k = state.step + 1
            idx, x, y = self.batch_data(k)
            net = state.net
            loss = math.inf  # until known: a forward pass that overflows means the loss did
            try:
                fwd = forward(net, x)
                sample_losses = self.loss.value(fwd.a[-1], y)
                penalty = penalty_of(self.regularization, net.weights)
                loss = float(mean_loss(sample_losses)) + penalty
                self._watch(state.step, loss)
                finite(loss)
                bwd, grads, after, directions, opt_state = self._learn(net, fwd, y, state.opt_state)
            except FloatingPointError as err:
                self._watch(state.step, loss)
                raise Diverged(Divergence(k, describe(err))) from None
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
            grad_weights=grads,
            penalty=penalty,
            regularization=self.regularization,
        )

    def check_diverging(self) -> Diverging | None:
        """Measure the parameters the last step left, as the next step will (its
        batch's loss), so that a warning about the last step is found now."""
        if self.diverging is None and self.state.step >= 1:
            _, x, y = self.batch_data(self.state.step + 1)
            with np.errstate(**RAISE):
                try:
                    loss = self.objective(self.state.net, x, y)
                except FloatingPointError:
                    loss = math.inf
            self._watch(self.state.step, loss)
        return self.diverging

    def _watch(self, step: int, loss: float) -> None:
        """Note that training is diverging if the loss after ``step`` is past the limit."""
        if self.diverging is None and step >= 1 and not loss <= self.diverging_limit:
            loss = loss if math.isfinite(loss) else math.inf
            self.diverging = Diverging(step, self.start_loss, loss, not self.full_batch)

    def apply(self, record: StepRecord) -> None:
        """Commit a step computed by :meth:`compute`."""
        if record.step != self.state.step + 1:
            raise ValueError("that step was not computed from the current state")
        self.history.append(record.loss)
        if self.test is not None:
            self.test_history.append(self.test_loss(record.before))
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

    def run(
        self, steps: int, keep: deque[TrainState] | None = None, stop_when_diverging: bool = False
    ) -> int:
        """Run up to ``steps`` steps the lean way; returns how many were done
        before any divergence (or, if ``stop_when_diverging``, up to the step
        after which training is found to be :attr:`diverging`, unless it
        already was).

        The arithmetic is :meth:`compute`'s, number for number, but nothing is
        recorded and numpy is called as few times as it can be
        (:mod:`gdviz.core.lean` says how). The state before each step goes to
        ``keep``, so a walkthrough can still step back into them.
        """
        return lean.run(self, steps, keep, stop_when_diverging)

    def fork(self) -> Trainer:
        """A twin sharing the data and the current state, with a history of its
        own: a background job trains it while the window keeps showing this one."""
        twin = copy.copy(self)
        twin.history, twin.test_history = LossHistory(), LossHistory()
        twin._order = None
        return twin

    def adopt(self, twin: Trainer) -> None:
        """Take over where a fork has got to: its state, its divergence, and
        the losses of the steps it ran (appended to this history)."""
        self.history.extend(twin.history.values)
        self.test_history.extend(twin.test_history.values)
        self.state = twin.state
        self.divergence = twin.divergence
        self.diverging = twin.diverging

    def restore(self, state: TrainState) -> None:
        """Rewind (or jump) to a saved state; later history is dropped."""
        self.state = state
        self.history.truncate(state.step)
        self.test_history.truncate(state.step)
        self.divergence = None
        if self.diverging is not None and state.step < self.diverging.step:
            self.diverging = None  # that step is not taken any more

    def objective(self, net: Network, x: np.ndarray, y: np.ndarray) -> float:
        """What training minimises: the loss of ``net`` on ``(x, y)`` plus the penalty."""
        return batch_loss(self.loss, forward(net, x).output, y) + penalty_of(self.regularization, net.weights)

    def dataset_loss(self, net: Network | None = None) -> float:
        """Training loss of ``net`` (default: the current one) on the whole data set,
        penalty included (inf if it overflows)."""
        net = self.state.net if net is None else net
        with np.errstate(**RAISE):
            try:
                return self.objective(net, self.x, self.y)
            except FloatingPointError:
                return math.inf
