"""Divergence: when gradient descent stops descending.

Each step moves every parameter against its slope, by the learning rate times
that slope. If the learning rate is too large for the curvature of the loss,
a step overshoots the bottom of the valley and lands higher up the other side,
where the slope is steeper; the next step overshoots further, and the loss
grows instead of shrinking. Left alone the numbers soon grow past what a
float64 can hold (about 1.8e308): numpy then only warns and the run goes on
with ``inf`` and ``nan``.

gdviz watches for this in two ways:

- *Diverging* (a warning, :class:`Diverging`): the loss after a step is more
  than :data:`DIVERGING_GROWTH` times the loss at the start of training, or is
  not a finite number. This is found at the first such step, long before any
  number overflows; training may go on, to show the blow-up.
- *Diverged* (the end, :class:`Divergence`): a step overflows or gives NaN.
  Every step is computed under :data:`RAISE`, so numpy raises
  ``FloatingPointError`` at the first bad operation instead of warning; the
  parameters from before that step are kept.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import numpy as np

RAISE = {"over": "raise", "invalid": "raise", "divide": "raise", "under": "ignore"}
"""``np.errstate`` settings under which training runs: overflow, NaN and division by
zero raise ``FloatingPointError``; underflow (a number too small, taken as 0) is fine."""
DIVERGING_GROWTH = 10.0
"""Training is *diverging* from the first step after which the loss exceeds this
many times the loss at the start (or is not a finite number)."""


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
    """Raised by :meth:`~gdviz.core.training.Trainer.compute` when a step would overflow or give NaN."""

    def __init__(self, divergence: Divergence) -> None:
        super().__init__(divergence.message())
        self.divergence = divergence


def diverging_limit(start_loss: float) -> float:
    """The loss past which training is diverging: :data:`DIVERGING_GROWTH` times the
    starting loss (any finite loss, if the start was 0 or not finite)."""
    return DIVERGING_GROWTH * start_loss if 0 < start_loss < math.inf else sys.float_info.max


def first_diverging(
    first: int,
    losses: np.ndarray,
    failed: tuple[int, str] | None,
    limit: float,
    start_loss: float,
    batch: bool,
) -> Diverging | None:
    """The first step of a run from step ``first`` after which the loss is past
    ``limit``, with one comparison for the whole run; None if there is none.

    ``losses[i]`` is step ``first + i``'s loss, which measures the parameters
    step ``first + i - 1`` left (step 1's measures the start, so it is skipped).
    If step ``failed[0]`` overflowed before its loss was known, its loss counts
    as infinite.
    """
    if failed is not None and len(losses) == failed[0] - first:
        losses = np.append(losses, math.inf)
    skip = 1 if first == 1 else 0  # step 1's loss is at the starting parameters
    bad = np.flatnonzero(~(losses[skip:] <= limit))
    if not len(bad):
        return None
    j = int(bad[0]) + skip
    loss = float(losses[j])
    return Diverging(first + j - 1, start_loss, loss if math.isfinite(loss) else math.inf, batch)


def finite(loss: float) -> float:
    """``loss`` itself; raises ``FloatingPointError`` if it is inf or NaN, as an overflow would."""
    if not math.isfinite(loss):
        raise FloatingPointError("the loss is not a finite number")
    return loss


def describe(err: FloatingPointError) -> str:
    """What numpy's error means, in words for the class."""
    text = str(err)
    if "overflow" in text:
        return "a number grew too large to represent (overflow)"
    if "invalid" in text:
        return "an arithmetic result was undefined (NaN)"
    if "divide" in text:
        return "a division by zero"
    return text
