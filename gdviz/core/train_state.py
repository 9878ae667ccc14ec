"""What training keeps from one step to the next: the state a step starts from
(:class:`TrainState`) and the loss of every step taken (:class:`LossHistory`).

A state is all that changes as training runs (the step count, the network's
parameters and the optimizer's memory), so keeping old states is how a
walkthrough steps back, and restoring one rewinds training exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from gdviz.core.network import Network
from gdviz.core.optimizers import OptimizerState


@dataclass(slots=True, eq=False)
class TrainState:
    """Everything that changes as training runs; restoring one rewinds training."""

    step: int
    """Training steps completed so far."""
    net: Network
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
