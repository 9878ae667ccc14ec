"""Milliseconds to update the plots: the loss curve at 1e4, 1e5 and 1e6 points,
and the 100 x 100 loss surface of a 2-2-1 network.

The curve is timed as the app updates it after a step (the panel's refresh:
``setData`` of the whole history on the existing item, peak downsampling,
clip-to-view, epoch marks, axis range) plus a synchronous repaint of the plot;
the surface as the grid computation in the core alone and as the whole panel
refresh (grid, heat map, contours, repaint). Targets: curve <= 16 ms at 1e6
points, surface <= 100 ms. Run: ``python benchmarks/plots_update.py``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time

if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
_HOME = tempfile.TemporaryDirectory(prefix="gdviz-bench-")  # removed at exit, as in the other benchmarks
os.environ["XDG_CONFIG_HOME"] = _HOME.name

import numpy as np  # noqa: E402

from gdviz.core.landscape import loss_grid, params_of, span_around  # noqa: E402
from gdviz.core.lessons import load_lesson  # noqa: E402
from gdviz.core.losses import LOSSES  # noqa: E402
from gdviz.core.scenario import from_dict  # noqa: E402
from gdviz.qt.app import application  # noqa: E402
from gdviz.qt.workers.jobs import Jobs  # noqa: E402

REPEATS = 15


def median_ms(fn, repeats: int = REPEATS) -> float:
    fn()
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times) * 1e3


def main() -> None:
    app = application()
    from gdviz.qt.plots.loss_curve_panel import LossCurvePanel
    from gdviz.qt.plots.loss_surface_panel import LossSurfacePanel
    from gdviz.qt.session import Session

    session = Session(load_lesson("xor"), "xor")
    curve = LossCurvePanel(session)
    curve.resize(800, 600)
    curve.show()
    app.processEvents()
    print(f"{'case':<44}{'ms':>8}{'target':>10}")
    rng = np.random.default_rng(0)
    history = session.walk.trainer.history
    for n in (10_000, 100_000, 1_000_000):
        history.truncate(0)
        values = np.exp(-np.arange(n) / n * 5) + rng.random(n) * 0.01
        for v in values:
            history.append(float(v))

        def update() -> None:
            curve._shown = None  # as after a new step: the curve takes the whole history again
            curve.refresh()
            curve.plot.viewport().repaint()

        ms = median_ms(update)
        print(
            f"{f'loss curve, {n:,} points (refresh + paint)':<44}{ms:>8.1f}{'<= 16' if n == 1_000_000 else '':>10}"
        )

    scenario = from_dict(
        {
            "format": "gdviz/1",
            "layers": [2, 2, 1],
            "activations": ["relu", "identity"],
            "weights": [[[0.5, 0.1], [0.2, 0.3]], [[0.3, 0.4]]],
            "biases": [[0, 0], [0]],
            "inputs": [[1, 2], [0.5, -1], [2, 1], [0, 1]],
            "targets": [[1], [0], [2], [1]],
            "loss": "mse",
            "optimizer": {"name": "sgd", "learning_rate": 0.05},
        }
    )
    trainer = scenario.trainer()
    p = params_of(trainer.net)
    axes = [span_around(0.5, 2, 100), span_around(0.1, 2, 100)]
    ms = median_ms(lambda: loss_grid(trainer.net, trainer.x, trainer.y, LOSSES["mse"], [p[0], p[1]], axes))
    print(f"{'surface 100x100, 2-2-1, 4 samples (core grid)':<44}{ms:>8.1f}{'<= 100':>10}")
    session.load(scenario, "bench")
    jobs = Jobs()
    surface = LossSurfacePanel(session, jobs)
    surface.resize(700, 600)
    surface.show()
    app.processEvents()

    def refresh() -> None:
        surface._key = None
        surface._on_model_changed()
        jobs.pool.waitForDone()  # the grid is computed in a worker and drawn when it lands
        app.processEvents()
        surface.plot.viewport().repaint()

    ms = median_ms(refresh)
    print(f"{'surface 100x100 panel refresh (grid + draw)':<44}{ms:>8.1f}{'<= 100':>10}")


if __name__ == "__main__":
    main()
