"""The heaviest things gdviz accepts, each in its own process under a memory cap,
with its peak memory (MB) and time (s). Targets: a window opens in 2 s, one
training step in the CLI takes 2 s, and memory stays under 500 MB; exports
under 1 GB; a trace's memory is flat however many steps it writes.

Run: ``python benchmarks/limits.py [--quick]`` (``--quick`` skips the
1,000,000-step run, 40 s on its own).
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CAP_BYTES = 4 * 1024**3
"""Address space each case may map (Qt maps far more than it touches; peaks are resident memory)."""

LARGEST_NETWORK = {  # 2-60-60-1 with biases: 3,901 weights and biases, the most under 4,000
    "format": "gdviz/1",
    "title": "Largest accepted network",
    "layers": [2, 60, 60, 1],
    "activations": ["tanh", "tanh", "identity"],
    "weights": {"init": "xavier", "seed": 1},
    "biases": [[0.0] * 60, [0.0] * 60, [0.0]],
    "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]],
    "targets": [[0], [1], [1], [0]],
    "loss": "mse",
    "optimizer": {"name": "sgd", "learning_rate": 0.01},
}

DEEPEST_NETWORK = {  # 64 layers (the most), 62 hidden of 7: 3,445 weights and biases
    **LARGEST_NETWORK,
    "title": "Deepest accepted network",
    "layers": [2, *[7] * 62, 1],
    "activations": ["tanh"] * 62 + ["identity"],
    "biases": [[0.0] * 7] * 62 + [[0.0]],
}

MANY_SAMPLES = {  # 100,000 generated samples, all in one batch
    "format": "gdviz/1",
    "title": "100,000 samples",
    "layers": [2, 8, 1],
    "activations": ["tanh", "sigmoid"],
    "weights": {"init": "xavier", "seed": 1},
    "biases": [[0.0] * 8, [0.0]],
    "data": {"generator": "circle", "samples": 100_000, "noise": 0.1},
    "loss": "binary_cross_entropy",
    "optimizer": {"name": "adam", "learning_rate": 0.01},
}

OPEN_AND_STEP = r"""
import sys, time
t0 = time.perf_counter()
from gdviz.qt.app import application, ensure_offscreen
ensure_offscreen(); app = application()
from gdviz.core.scenario import load
from gdviz.qt.main_window import MainWindow
scenario = load(sys.argv[1])
t = time.perf_counter()
w = MainWindow(scenario, sys.argv[1], remember=False); w.resize(1920, 1080); w.show()
app.processEvents(); w.ensure_plots(); app.processEvents()
opened = time.perf_counter() - t
t = time.perf_counter(); w.session.advance(1, 0); app.processEvents(); right = time.perf_counter() - t
t = time.perf_counter(); w.session.advance(0, 1); app.processEvents(); step = time.perf_counter() - t
t = time.perf_counter(); w.session.previous(); app.processEvents(); left = time.perf_counter() - t
t = time.perf_counter(); w.session.reset(); app.processEvents(); home = time.perf_counter() - t
from gdviz.core import edits
t = time.perf_counter()
nodes = w.session.layers[1]
w.session.edit("Remove a node", lambda s: edits.set_layer_size(s, 1, nodes - 1))
while w.session.layers[1] == nodes and time.perf_counter() - t < 30:  # large data: checked in a worker
    app.processEvents()
app.processEvents()
edit = time.perf_counter() - t
print(
    f"open {opened:.2f} s, Right {right:.3f} s, Ctrl+Right (a whole step) {step:.3f} s, "
    f"Left back into it {left:.3f} s, Home {home:.3f} s, remove a node {edit:.2f} s"
)
"""


def measure(label: str, argv: list[str]) -> None:
    """Run ``argv`` under the cap; print its peak resident memory and wall time."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (CAP_BYTES, CAP_BYTES))

    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    with tempfile.TemporaryFile() as out_file, tempfile.TemporaryFile() as err_file:  # a pipe could fill
        start = time.perf_counter()
        proc = subprocess.Popen(argv, stdout=out_file, stderr=err_file, preexec_fn=cap, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        out_file.seek(0), err_file.seek(0)
        out = out_file.read()[-2000:].decode(errors="replace")
        err = err_file.read()[-2000:].decode(errors="replace").strip()
    said = out.strip().splitlines()[-1][:100] if out.strip() else err[:100]
    code = os.waitstatus_to_exitcode(status)
    print(f"{label:<58} {usage.ru_maxrss / 1024:7.0f} MB {seconds:7.2f} s  exit {code}  {said}")


def main() -> None:
    quick = "--quick" in sys.argv
    gdviz = [sys.executable, "-m", "gdviz"]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, deep, many = folder / "big.json", folder / "deep.json", folder / "many.json"
        big.write_text(json.dumps(LARGEST_NETWORK))
        deep.write_text(json.dumps(DEEPEST_NETWORK))
        many.write_text(json.dumps(MANY_SAMPLES))
        print(f"{'case':<58} {'peak':>10} {'time':>9}")
        measure(
            "largest network: window opens, Right, a step, an edit",
            [sys.executable, "-c", OPEN_AND_STEP, str(big)],
        )
        measure(
            "deepest network: window opens, Right, a step, an edit",
            [sys.executable, "-c", OPEN_AND_STEP, str(deep)],
        )
        measure("largest network: trace one step (CLI)", [*gdviz, "trace", str(big), "--format", "json"])
        measure(
            "largest network: trace one step with the nudge check (CLI)",
            [*gdviz, "trace", str(big), "--check"],
        )
        measure(
            "largest network: render the window (CLI)",
            [*gdviz, "render", str(big), "--out", str(folder / "b.png")],
        )
        measure(
            "100,000 samples: window opens, Right, a step, an edit",
            [sys.executable, "-c", OPEN_AND_STEP, str(many)],
        )
        measure("100,000 samples: Markdown trace of one step (CLI)", [*gdviz, "trace", str(many)])
        for steps in (2_000, 20_000):
            measure(
                f"xor: JSON trace of {steps:,} steps, streamed",
                [*gdviz, "trace", "xor", "--steps", str(steps), "--format", "json"],
            )
        for steps in (200, 2_000):
            measure(
                f"xor: Markdown trace of {steps:,} steps, streamed",
                [*gdviz, "trace", "xor", "--steps", str(steps)],
            )
        if not quick:
            measure(
                "xor: 1,000,000 steps, the last traced",
                [*gdviz, "trace", "xor", "--steps", "1000000", "--last"],
            )
        measure(
            "largest GIF: 500 frames of 900x560 (the frame budget)",
            [*gdviz, "export", "xor", "--gif", str(folder / "g.gif"), "--steps", "500", "--frames", "step"],
        )
        measure(
            "largest GIF frame: 3840x2160, one step by phase",
            [
                *gdviz,
                "export",
                "xor",
                "--gif",
                str(folder / "h.gif"),
                "--size",
                "3840x2160",
                "--frames",
                "phase",
                "--steps",
                "1",
            ],
        )


if __name__ == "__main__":
    main()
