"""Milliseconds per micro-step on the diagram, and seconds to a painted window.

A lecturer presses "next" and expects the diagram to follow at once, on a
projector laptop, for a lesson-sized network and for a large one. This times
one ``Session.next()`` (its ``changed`` signal makes every view, the diagram
included, update its existing items synchronously) plus a synchronous repaint
of the diagram's viewport, for the built-in 4-8-8-1 lesson and for a generated
network of about 200 nodes and 2,000 edges; and the start-up of a fresh
process until the window is shown and painted. Targets: 5 ms, 25 ms, 1.0 s.
Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/diagram_repaint.py``.
"""

from __future__ import annotations

import gc
import math
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# Qt reads the platform once, when the QApplication is made; an empty value makes it try xcb.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
# The window reads QSettings (recent files): keep the user's own settings out of it.
_SETTINGS = tempfile.TemporaryDirectory(prefix="gdviz-bench-")
os.environ["XDG_CONFIG_HOME"] = str(Path(_SETTINGS.name) / "config")
os.environ["XDG_DATA_HOME"] = str(Path(_SETTINGS.name) / "data")

import PySide6  # noqa: E402
from PySide6.QtCore import QEvent, QObject, QtMsgType, qInstallMessageHandler, qVersion  # noqa: E402

from gdviz.core.lessons import resolve  # noqa: E402
from gdviz.core.scenario import Scenario, from_dict  # noqa: E402
from gdviz.qt.app import application  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
LESSON = "regression-4-8-8-1"
BIG_LAYERS = [11] * 18
"""198 nodes, 17 * 11 * 11 = 2057 edges; 11 nodes per layer stays under the 16 the labels are made for."""
BIG_NAME = f"{len(BIG_LAYERS)} layers of {BIG_LAYERS[0]}"
WARMUP = 5
LESSON_SAMPLES, BIG_SAMPLES, BURSTS = 120, 60, 6
STARTUP_RUNS = 5
TARGETS_MS = {"lesson": 5.0, "big": 25.0}
TARGET_STARTUP_S = 1.0

# What the start-up run does: the clock starts before any import but ``time``.
CHILD = """\
import time
T0 = time.perf_counter()
import os
from PySide6.QtCore import QEvent, QObject
from gdviz.qt.app import application, ensure_offscreen
ensure_offscreen()
app = application()
from gdviz.qt.main_window import MainWindow, load_or_first_lesson

class Paints(QObject):
    count = 0
    def eventFilter(self, obj, event):
        self.count += event.type() == QEvent.Type.Paint
        return False

source, scenario, _ = load_or_first_lesson(None)
window = MainWindow(scenario, source)
paints = Paints()
window.diagram.viewport().installEventFilter(paints)
window.show()
app.processEvents()  # offscreen exposes the shown window here and paints it, diagram included
elapsed = time.perf_counter() - T0
print(f"{elapsed:.6f} {paints.count}", flush=True)
os._exit(0)
"""


def _quiet_qt(mode: QtMsgType, context, message: str) -> None:
    """Drop the offscreen plugin's harmless propagateSizeHints() warning; pass the rest on."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(f"{message}\n")


class PaintCounter(QObject):
    """Counts paint events on the viewport, to prove each sample really painted."""

    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, obj, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def big_scenario(layers: list[int]) -> Scenario:
    depth = len(layers) - 1
    return from_dict(
        {
            "format": "gdviz/1",
            "title": f"Benchmark {'-'.join(map(str, layers))}",
            "layers": layers,
            "activations": ["tanh"] * (depth - 1) + ["identity"],
            "weights": {"init": "xavier", "seed": 0},
            # Biases as in the lessons, so every node also carries its bias label.
            "biases": [[0.0] * n for n in layers[1:]],
            "inputs": [[math.sin(k + 1) for k in range(layers[0])]],
            "targets": [[0.5 * math.cos(k) for k in range(layers[-1])]],
            "loss": "mse",
            "optimizer": {"name": "sgd", "learning_rate": 0.01},
        }
    )


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10, method="inclusive")[-1]


def measure(app, scenario: Scenario, source: str, samples: int) -> dict:
    """Time ``samples`` micro-steps in ``BURSTS`` runs of consecutive ones spread
    over a training step, the last run crossing into the next training step."""
    from gdviz.qt.main_window import MainWindow

    window = MainWindow(scenario, source)
    window.show()
    app.processEvents()
    session, viewport = window.session, window.diagram.viewport()
    counter = PaintCounter()
    viewport.installEventFilter(counter)
    for _ in range(WARMUP):
        session.next()
        viewport.repaint()
        app.processEvents()
    per_step = len(session.walk.steps)
    run = samples // BURSTS
    starts = [round((k + 0.5) * per_step / BURSTS) for k in range(BURSTS - 1)] + [per_step - run // 2]
    rows = []
    for start in starts:
        # Move there without the views, then let them catch up, untimed.
        while session.walk.index != start:
            if not session.walk.next():
                raise RuntimeError("training diverged; nothing left to measure")
        session.changed.emit()
        viewport.repaint()
        app.processEvents()
        gc.collect()
        for _ in range(run):
            counter.count = 0
            t0 = time.perf_counter()
            moved = session.next()
            t1 = time.perf_counter()
            # The paint: QWidget.repaint() sends the viewport a paint event at once, and
            # QGraphicsView.paintEvent draws every item in view into the offscreen raster
            # backing store (a QImage); the counter checks that it happened.
            viewport.repaint()
            t2 = time.perf_counter()
            painted = counter.count
            app.processEvents()  # Qt's own deferred update (dirty items, another paint): untimed
            t3 = time.perf_counter()
            if not moved or painted < 1:
                raise RuntimeError(f"micro-step not measured: moved={moved}, paint events={painted}")
            rows.append((session.walk.phase, t1 - t0, t2 - t1, t2 - t0, t3 - t2))
    # As the app does it: the micro-step, then Qt paints what changed (no forced full repaint).
    natural = []
    for _ in range(samples):
        counter.count = 0
        t0 = time.perf_counter()
        session.next()
        app.processEvents()
        natural.append(time.perf_counter() - t0)
        if counter.count < 1:
            raise RuntimeError("micro-step did not paint")
    window.close()
    app.processEvents()
    return {
        "nodes": sum(scenario.layers),
        "edges": sum(a * b for a, b in zip(scenario.layers, scenario.layers[1:], strict=False)),
        "per_step": per_step,
        "rows": rows,
        "natural": natural,
    }


def startup_runs(runs: int) -> list[tuple[float, float, int]]:
    """(seconds in the child from its first line, seconds from spawn, viewport paints) per run."""
    out = []
    for _ in range(runs + 1):  # the first run is discarded: it warms the disk cache
        t0 = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        line = child.stdout.readline()
        spawn = time.perf_counter() - t0
        _, err = child.communicate(timeout=60)
        if child.returncode != 0 or not line.strip():
            raise RuntimeError(f"start-up run failed (rc {child.returncode}):\n{err}")
        inner, paints = line.split()
        out.append((float(inner), spawn, int(paints)))
    return out[1:]


def main() -> None:
    began = time.perf_counter()
    qInstallMessageHandler(_quiet_qt)
    app = application()
    print(
        f"gdviz diagram benchmark: PySide6 {PySide6.__version__}, Qt {qVersion()}, "
        f"Python {platform.python_version()}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}"
    )
    if PySide6.__version__.startswith("6.12.") and sys.version_info < (3, 12):
        print("warning: PySide6 6.12 on Python 3.11 is known to crash after many repaints")
    print("paint: window shown offscreen, then diagram.viewport().repaint() (synchronous paintEvent)")

    source, lesson = resolve(LESSON)
    cases = [
        ("lesson", f"lesson {LESSON}", measure(app, lesson, source, LESSON_SAMPLES)),
        ("big", f"generated {BIG_NAME}", measure(app, big_scenario(BIG_LAYERS), "bench", BIG_SAMPLES)),
    ]
    startup = startup_runs(STARTUP_RUNS)

    print()
    head = (
        f"{'case':<32} {'nodes':>5} {'edges':>5} {'n':>4} {'next()':>7} {'paint':>7} "
        f"{'total':>7} {'p90':>7} {'target':>8}  met  {'Qt after':>8}"
    )
    print(head)
    print("-" * len(head))
    for key, label, result in cases:
        rows = result["rows"]
        nxt, paint, total, drain = ([r[i] * 1e3 for r in rows] for i in (1, 2, 3, 4))
        med = statistics.median(total)
        target = TARGETS_MS[key]
        print(
            f"{label:<32} {result['nodes']:>5} {result['edges']:>5} {len(rows):>4} "
            f"{statistics.median(nxt):>7.2f} {statistics.median(paint):>7.2f} {med:>7.2f} {p90(total):>7.2f} "
            f"{f'<= {target:g}':>8}  {'yes' if med <= target else 'NO ':<4} {statistics.median(drain):>8.2f}"
        )
        natural = [t * 1e3 for t in result["natural"]]
        nat = statistics.median(natural)
        print(
            f"{'  as the app paints (changed only)':<32} {'':>5} {'':>5} {len(natural):>4} {'':>7} {'':>7} "
            f"{nat:>7.2f} {p90(natural):>7.2f} {f'<= {target:g}':>8}  {'yes' if nat <= target else 'NO ':<4}"
        )
    inner = [s[0] for s in startup]
    spawn = [s[1] for s in startup]
    med = statistics.median(inner)
    print(
        f"{'start-up, first lesson (s)':<32} {'':>5} {'':>5} {len(startup):>4} {'':>7} {'':>7} "
        f"{med:>7.3f} {max(inner):>7.3f} {f'<= {TARGET_STARTUP_S:g}':>8}  {'yes' if med <= TARGET_STARTUP_S else 'NO ':<4}"
    )
    print()
    print(
        "ms, medians; total = next() + forced repaint of the whole viewport; p90 of total (start-up: slowest run)."
    )
    print("as the app paints = next() + processEvents(): Qt repaints only the regions whose items changed.")
    print("Qt after = untimed processEvents() after each sample (dirty-item pass and the update Qt posts).")
    for _, label, result in cases:
        phases: dict[str, list[float]] = {}
        for phase, *_, total_s, _drain in result["rows"]:
            phases.setdefault(phase, []).append(total_s * 1e3)
        parts = ", ".join(f"{p} {statistics.median(v):.1f} (n={len(v)})" for p, v in phases.items())
        print(f"{label}: {result['per_step']} micro-steps per training step; total by phase: {parts}")
    print(
        f"start-up: {STARTUP_RUNS} warm runs after 1 discarded; from the child's first line "
        f"{', '.join(f'{v:.3f}' for v in inner)} s; from spawn (interpreter start included) "
        f"median {statistics.median(spawn):.3f} s; diagram paints by then: {sorted({s[2] for s in startup})}"
    )
    print(f"benchmark took {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
