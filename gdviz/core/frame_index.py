"""Where each micro-step of a training step falls, item by item, so a frame for any
position is a handful of array comparisons (see ``frame.make_frame``)."""

from __future__ import annotations

import numpy as np

from gdviz.core.microsteps import AVERAGE, BACKWARD, FORWARD, LOSS, RESULT, UPDATE, Kind, MicroSteps, Phase
from gdviz.core.params import Param


class PerSample:
    """Micro-step numbers for every sample from sample 0's: sample ``s``'s are the same
    ``stride`` micro-steps later (a number at or past the step's end stays unreached)."""

    def __init__(self, first: np.ndarray, stride: int) -> None:
        self.first = first
        self.stride = stride

    def __getitem__(self, s: int) -> np.ndarray:
        return self.first + s * self.stride


class FrameIndex:
    """Where each item's micro-steps fall in one training step, so a frame for any
    position is a handful of array comparisons (per sample only sample 0's are kept)."""

    def __init__(self, steps: MicroSteps, layers: tuple[int, ...], biases: bool) -> None:
        depth = len(layers) - 1
        never = len(steps)  # an index no position reaches
        stride = len(steps.block)

        def table(*shape: int) -> np.ndarray:
            return np.full(shape, never, dtype=np.int64)

        def per_sample(*shape: int) -> PerSample:
            return PerSample(table(*shape), stride)

        self.forward = [per_sample(n) for n in layers]
        self.node_back = [per_sample(n) for n in layers]
        self.slope = [per_sample(layers[l + 1], layers[l]) for l in range(depth)]
        self.bias_slope = [per_sample(layers[l + 1]) for l in range(depth)]
        self.average = [table(layers[l + 1], layers[l]) for l in range(depth)]
        self.bias_average = [table(layers[l + 1]) for l in range(depth)]
        self.update = [table(layers[l + 1], layers[l]) for l in range(depth)]
        self.bias_update = [table(layers[l + 1]) for l in range(depth)]
        self.samples = steps.samples
        self.loss = per_sample()
        self.batch_loss = never
        self.result = never
        self.biases = biases
        for k, m in [*enumerate(steps.block), *enumerate(steps.tail, start=steps.body)]:
            if m.phase == RESULT:
                self.result = k
            elif m.phase == FORWARD:
                self.forward[m.layer].first[m.node] = k
            elif m.phase == LOSS:
                if m.sample >= 0:
                    self.loss.first[()] = k
                else:
                    self.batch_loss = k
            elif m.phase == BACKWARD and m.kind == Kind.NODE:
                self.node_back[m.layer].first[m.node] = k
            else:
                table, at = self._cell(m.phase, m.param)
                table[at] = k

    def _cell(self, phase: Phase, p: Param) -> tuple[np.ndarray, tuple[int, ...]]:
        """Where the micro-step of ``phase`` for parameter ``p`` is noted (a backward
        one: sample 0's): a table, and the index into it."""
        l, j, i = p
        weights = {BACKWARD: self.slope, AVERAGE: self.average, UPDATE: self.update}
        biases = {BACKWARD: self.bias_slope, AVERAGE: self.bias_average, UPDATE: self.bias_update}
        table = (biases if p.is_bias else weights)[phase][l]
        return table.first if phase == BACKWARD else table, (j,) if p.is_bias else (j, i)

    def batch_slope_at(self, l: int, j: int, i: int) -> int:
        """Micro-step at which the batch slope of parameter (l, j, i) is known
        (i = -1: the bias): its average, or for one sample its only slope."""
        table, at = self._cell(AVERAGE if self.samples > 1 else BACKWARD, Param(l, j, i))
        return int(table[at])

    def batch_loss_at(self) -> int:
        """Micro-step at which the batch loss is known."""
        return self.batch_loss if self.samples > 1 else int(self.loss[0])

    def update_at(self, l: int, j: int, i: int) -> int:
        """Micro-step at which parameter (l, j, i) is updated (never, if frozen)."""
        table, at = self._cell(UPDATE, Param(l, j, i))
        return int(table[at])
