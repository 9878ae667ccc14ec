"""What a scenario costs to show and to train, and the limits that keep every
accepted one workable: it opens in the window in about 2 s, one training step
takes well under that, and memory stays in the hundreds of MB.

The costs are measured, not guessed (``benchmarks/limits.py`` prints them):
the diagram draws an item per parameter, about 0.45 ms each; a training step
lists a micro-step per sample of the batch for every node and every parameter,
about 10 us each once drawn and explained; one pass over the data holds a row of
activations per sample for the widest layer.
"""

from __future__ import annotations

from math import prod

from gdviz.core.checks import ScenarioError

MAX_PARAMETERS = 4_000
"""Weights and biases: the diagram's edges and labels (a 2-64-64-1 network opens in 1.9 s)."""
MAX_STEP_WORK = 100_000
"""Rows in a batch times (nodes + parameters): the micro-steps one training step lists."""
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
    work = rows * (sum(layers) + count)
    if work > MAX_STEP_WORK:
        most = MAX_STEP_WORK // (sum(layers) + count)
        raise ScenarioError(
            "batch_size",
            f"a step of {rows:,} samples through {sum(layers):,} nodes and {count:,} parameters lists "
            f"about {work:,} micro-steps; the limit is {MAX_STEP_WORK:,}: use batches of at most {most:,}",
        )
