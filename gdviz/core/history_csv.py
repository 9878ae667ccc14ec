"""The loss history as CSV: one row per training step, for spreadsheets."""

from __future__ import annotations

import csv
import os

from gdviz.core.files import atomic_output
from gdviz.core.training import Trainer


def save_history_csv(trainer: Trainer, path: str | os.PathLike[str]) -> None:
    """One row per training step: step, epoch, batch, loss (before that step's update)."""
    with atomic_output(path) as temp, open(temp, "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["step", "epoch", "batch", "loss"])
        for k, loss in enumerate(trainer.history.values, start=1):
            epoch, batch = trainer.epoch_and_batch(k)
            out.writerow([k, epoch, batch, repr(float(loss))])
