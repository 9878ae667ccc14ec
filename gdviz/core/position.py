"""Where the class is in training, as the stage's large counter shows it.

``Step 3 · Epoch 1 · Batch 2 of 4 · Loss 0.2513``: the same facts as the status
line, held as numbers so a view can lay them out as it likes. The step's loss is
given only once the walkthrough has computed it (the class predicts it first);
until then the previous step's loss stands in, labelled as such.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from gdviz.core.numbers import fmt

if TYPE_CHECKING:
    from gdviz.core.frame import Frame
    from gdviz.core.walkthrough import Walkthrough

SEPARATOR = " · "


@dataclass(frozen=True)
class Position:
    """One training step's place: 1-based ``step``, ``epoch`` and ``batch`` of ``batches``."""

    step: int
    epoch: int
    batch: int
    batches: int
    """Batches per epoch: 1 for full-batch training, where every step is an epoch."""
    loss: float | None
    """The step's batch loss, once the walkthrough has computed it (else None)."""
    last_loss: float | None
    """The previous step's batch loss (None before the first step is taken)."""
    diverged: bool

    @classmethod
    def of(cls, walk: Walkthrough, frame: Frame | None) -> Position:
        """Where ``walk`` is; ``frame`` is its current frame (None once diverged)."""
        trainer = walk.trainer
        step = walk.step_number
        epoch, batch = trainer.epoch_and_batch(step)
        known = (
            frame is not None and frame.batch_loss_known and not frame.hides_loss and walk.record is not None
        )
        history = trainer.history
        return cls(
            step=step,
            epoch=epoch,
            batch=batch,
            batches=trainer.batches_per_epoch,
            loss=float(walk.record.loss) if known else None,
            last_loss=float(history.values[-1]) if len(history) else None,
            diverged=walk.divergence is not None,
        )

    def parts(self) -> list[str]:
        """The counter's pieces: ``["Step 3", "Epoch 1", "Batch 2 of 4", "Loss 0.2513"]``.
        Full-batch training has no batch to name; a loss that overflowed reads "overflow",
        never "nan"."""
        parts = [f"Step {self.step}", f"Epoch {self.epoch}"]
        if self.batches > 1:
            parts.append(f"Batch {self.batch} of {self.batches}")
        if self.diverged:
            parts.append("Diverged")
        elif self.loss is not None:
            parts.append(f"Loss {fmt(self.loss)}")
        elif self.last_loss is not None:
            parts.append(f"Last step's loss {fmt(self.last_loss)}")
        return parts

    def text(self) -> str:
        """The counter as one line."""
        return SEPARATOR.join(self.parts())
