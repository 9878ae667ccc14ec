"""A scenario of many generated samples in one batch, for the tests of big batches."""

from __future__ import annotations


def circle(samples: int) -> dict:
    """2-8-1 without biases on ``samples`` circle points, all in one batch."""
    return {
        "format": "gdviz/1",
        "title": f"{samples:,} samples",
        "layers": [2, 8, 1],
        "activations": ["tanh", "sigmoid"],
        "weights": {"init": "xavier", "seed": 1},
        "data": {"generator": "circle", "samples": samples, "noise": 0.1},
        "loss": "binary_cross_entropy",
        "optimizer": {"name": "sgd", "learning_rate": 0.1},
    }
