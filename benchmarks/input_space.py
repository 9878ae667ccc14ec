"""The input-space grid: 100 x 100 cells of a 2-8-8-1 network's output, and the maps
of 16 hidden nodes (two layers of 8), each the time one training step adds when the
map follows training. Target: 16 ms or less (else the grid goes to the worker)."""

from __future__ import annotations

import statistics
import time

import numpy as np

from gdviz.core.input_space import plane
from gdviz.core.scenario import from_dict

SCENARIO = {
    "format": "gdviz/1",
    "layers": [2, 8, 8, 1],
    "activations": ["tanh", "tanh", "sigmoid"],
    "weights": {"init": "xavier", "seed": 0},
    "data": {"generator": "spiral", "samples": 200, "noise": 0.05, "seed": 1},
    "loss": "binary_cross_entropy",
    "optimizer": {"name": "adam", "learning_rate": 0.03},
}


def timed(work, runs: int = 30) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        work()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times), max(times)


def main() -> None:
    scenario = from_dict(SCENARIO)
    net, x = scenario.network(), np.array(scenario.inputs)
    for name, work in (
        ("output map, 100 x 100", lambda: plane(net, x)),
        ("16 hidden maps, 100 x 100", lambda: (plane(net, x, layer=1), plane(net, x, layer=2))),
        ("16 hidden thumbnails, 40 x 40", lambda: (plane(net, x, 1, cells=40), plane(net, x, 2, cells=40))),
    ):
        median, worst = timed(work)
        print(
            f"{name:<32} median {median:6.2f} ms   worst {worst:6.2f} ms   target <= 16 ms: {'met' if median <= 16 else 'NOT met'}"
        )


if __name__ == "__main__":
    main()
