"""The input-space grid: 100 x 100 cells of a 2-8-8-1 network's output, and the maps
of 16 hidden nodes (two layers of 8), each the time one training step adds when the
map follows training. Target: 16 ms or less of GUI-thread time per step.

The grid itself is computed in the worker; what the GUI thread does per step is
drawing what arrives: the panel's image and points, and the 17 node maps (colours,
pixmaps), measured last in an offscreen window."""

from __future__ import annotations

import statistics
import time

import numpy as np

from gdviz.core.input_space import maps, plane
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


def gui_thread() -> None:
    """The GUI thread's share per step: maps arrive, the panel and the discs draw them."""
    import os

    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([])
    from gdviz.qt.main_window import MainWindow

    window = MainWindow(from_dict(SCENARIO), "benchmark", remember=False)
    window.resize(1920, 1080)
    window.show()
    window.ensure_plots()
    window.show_plot("input space")
    session = window.session
    session.set_node_maps(True)
    app.processEvents()
    x = np.array(session.scenario.inputs)
    for label, nodes in (("panel only", False), ("panel + 17 node maps", True)):
        session.set_node_maps(nodes)
        times = []
        for _ in range(30):
            session.run_steps(1)
            planes = maps(session.map_net, x)
            while not window.jobs.idle:  # the step's own repaint and the worker's maps, not timed
                window.jobs.pool.waitForDone(1000)
                app.processEvents()
            app.processEvents()
            session.input_maps = None  # what is timed: new maps arriving and being drawn
            t0 = time.perf_counter()
            session.show_input_maps(session.map_net, planes)
            app.processEvents()
            times.append((time.perf_counter() - t0) * 1000)
        median = statistics.median(times)
        print(
            f"GUI thread, {label:<21} median {median:6.2f} ms   worst {max(times):6.2f} ms   "
            f"target <= 16 ms: {'met' if median <= 16 else 'NOT met'}"
        )
    window.close()


if __name__ == "__main__":
    main()
    gui_thread()
