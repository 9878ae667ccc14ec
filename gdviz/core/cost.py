"""What a scenario costs to show and to train, and the limits that keep every
accepted one workable: it opens in the window in about 2 s, one training step
takes well under that, and memory stays in the hundreds of MB.

The costs are measured, not guessed (``benchmarks/limits.py`` prints them):
the diagram draws an item per parameter, about 0.45 ms each; a training step
keeps a row of each node's numbers per sample of its batch (its micro-steps are
made only when shown, so a batch of 100,000 steps as fast as a batch of 4); one
pass over the data holds a row of activations per sample for the widest layer.
The nudge check of every slope costs two passes of the batch per parameter.
"""

from __future__ import annotations

from math import prod

from gdviz.core.checks import ScenarioError

MAX_PARAMETERS = 4_000
"""Weights and biases: the diagram's edges and labels (a 2-64-64-1 network opens in 1.9 s)."""
MAX_BATCH_CELLS = 2_000_000
"""Rows in a batch times nodes: a step keeps five such tables (values, inputs and three
slopes), 16 MB each at the limit."""
MAX_CHECK_WORK = 400_000_000
"""Rows in a batch times parameters squared: what nudging every slope multiplies out."""
MAX_DATA_CELLS = 10_000_000
"""Samples times the widest layer: the activations a pass over the data holds (80 MB of float64)."""


def parameters(layers: list[int], biases: bool) -> int:
    """Weights, and biases when the network has them."""
    weights = sum(prod(pair) for pair in zip(layers, layers[1:]))
    return weights + (sum(layers[1:]) if biases else 0)


def check(layers: list[int], biases: bool, samples: int, batch_size: int | None) -> None:
    """Refuse a scenario over any limit, naming it and what to change."""
    count = parameters(layers, biases)
    if count > MAX_PARAMETERS:
        raise ScenarioError(
            "layers",
            f"{count:,} weights and biases; the limit is {MAX_PARAMETERS:,} (use fewer or smaller layers)",
        )
    cells = samples * max(layers)
    if cells > MAX_DATA_CELLS:
        raise ScenarioError(
            "inputs",
            f"{samples:,} samples x {max(layers):,} nodes in the widest layer is {cells:,}; "
            f"the limit is {MAX_DATA_CELLS:,}",
        )
    rows = batch_size or samples
    cells = rows * sum(layers)
    if cells > MAX_BATCH_CELLS:
        raise ScenarioError(
            "batch_size",
            f"a step of {rows:,} samples through {sum(layers):,} nodes keeps {cells:,} numbers of each "
            f"kind; the limit is {MAX_BATCH_CELLS:,}: use batches of at most {MAX_BATCH_CELLS // sum(layers):,}",
        )


def check_nudges(layers: list[int], biases: bool, rows: int) -> None:
    """Refuse nudging every slope of a step of ``rows`` samples when it would take minutes."""
    count = parameters(layers, biases)
    work = rows * count * count
    if work > MAX_CHECK_WORK:
        raise ScenarioError(
            "batch_size",
            f"the nudge check of {count:,} slopes over batches of {rows:,} samples is {work:,} multiplications; "
            f"the limit is {MAX_CHECK_WORK:,}: use batches of at most {max(1, MAX_CHECK_WORK // count**2):,}",
        )
