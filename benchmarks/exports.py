"""Seconds and bytes of the exports: a walkthrough GIF, the diagram as PNG (2x) and SVG.

A lecturer exports from the window, where the work runs on the GUI thread, so
a GIF of a training step should take no more than about 2 s; and it goes into
slides and e-mails, so 60 frames should stay within 500 KB. This times, for the
``xor`` (2-3-1) and ``regression-4-8-8-1`` lessons: 60 frames of the first
step's micro-steps (drawing, palette, writing), the whole first step as the
window's "Training step as GIF…" makes it (the frames ``auto`` chooses), and
the diagram as a 2x PNG and as an SVG. Targets: GIF of 60 frames <= 2 s and
<= 500 KB. Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/exports.py``.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

# Qt reads the platform once, when the QApplication is made; an empty value makes it try xcb.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
_WORK = tempfile.TemporaryDirectory(prefix="gdviz-bench-")
os.environ["XDG_CONFIG_HOME"] = str(Path(_WORK.name) / "config")

import PIL  # noqa: E402
import PySide6  # noqa: E402
from PIL import Image  # noqa: E402
from PySide6.QtCore import qVersion  # noqa: E402

from gdviz.core.lessons import load_lesson  # noqa: E402
from gdviz.qt.app import application  # noqa: E402

LESSONS = ("xor", "regression-4-8-8-1")
FRAMES = 60
SIZES = ((900, 560), (960, 600))
REPEATS = 3
DIAGRAM_REPEATS = 7
TARGET_S, TARGET_KB = 2.0, 500


def gif_60(lesson: str, size: tuple[int, int], out: Path) -> tuple[float, int]:
    """Seconds and bytes for the first ``FRAMES`` micro-steps of the first step, all of the work."""
    from gdviz.qt.workers.walkthrough_gif import GifFrames, write_gif

    t0 = time.perf_counter()
    task = GifFrames(load_lesson(lesson), 1, frames="micro", size=size, source=lesson, limit=None)
    task.positions, task.total = task.positions[:FRAMES], FRAMES
    written = write_gif(task.run().images, out)
    elapsed = time.perf_counter() - t0
    with Image.open(out) as gif:
        if gif.n_frames != FRAMES or gif.size != size:
            raise RuntimeError(f"{out}: {gif.n_frames} frames of {gif.size}, expected {FRAMES} of {size}")
    return elapsed, written


def whole_step(lesson: str, out: Path):
    """The window's export: the first training step, frames as ``auto`` chooses."""
    from gdviz.qt.workers.walkthrough_gif import save_walkthrough_gif

    t0 = time.perf_counter()
    info = save_walkthrough_gif(load_lesson(lesson), out, source=lesson)
    return time.perf_counter() - t0, info


def diagram_ms(lesson: str, kind: str, out: Path) -> tuple[float, tuple[int, int], int]:
    """Median milliseconds to write the diagram (of a view already shown), its size and bytes."""
    from gdviz.qt.diagram.diagram_export import (
        offscreen_diagram,
        save_diagram_png,
        save_diagram_svg,
        session_from,
    )
    from gdviz.qt.workers.walkthrough_gif import DEFAULT_SIZE

    view = offscreen_diagram(session_from(load_lesson(lesson), lesson), DEFAULT_SIZE)
    save = save_diagram_svg if kind == "svg" else save_diagram_png
    times = []
    for _ in range(DIAGRAM_REPEATS):
        t0 = time.perf_counter()
        size = save(view, out)
        times.append(time.perf_counter() - t0)
    view.close()
    return statistics.median(times) * 1e3, (size.width(), size.height()), out.stat().st_size


def main() -> None:
    began = time.perf_counter()
    application()
    print(
        f"gdviz exports benchmark: PySide6 {PySide6.__version__}, Qt {qVersion()}, Pillow {PIL.__version__}, "
        f"Python {platform.python_version()}, QT_QPA_PLATFORM={os.environ['QT_QPA_PLATFORM']}"
    )
    if PySide6.__version__.startswith("6.12.") and sys.version_info < (3, 12):
        print("warning: PySide6 6.12 on Python 3.11 is known to crash after many repaints")
    work = Path(_WORK.name)
    print()
    head = f"{'case':<60} {'s':>6} {'KB':>6} {'target':>14}  met"
    print(head)
    print("-" * len(head))
    for lesson in LESSONS:
        for size in SIZES:
            runs = [gif_60(lesson, size, work / "bench.gif") for _ in range(REPEATS)]
            seconds = statistics.median(r[0] for r in runs)
            kb = runs[-1][1] / 1024
            met = seconds <= TARGET_S and kb <= TARGET_KB
            label = f"{lesson}: GIF of {FRAMES} micro-steps, {size[0]}x{size[1]}"
            print(
                f"{label:<60} {seconds:>6.2f} {kb:>6.0f} {f'<= {TARGET_S:g} s, {TARGET_KB} KB':>14}  "
                f"{'yes' if met else 'NO'}"
            )
        seconds, info = whole_step(lesson, work / "step.gif")
        label = f"{lesson}: step 1, {info.frames} frames (per {info.kind}), {info.size[0]}x{info.size[1]}"
        print(f"{label:<60} {seconds:>6.2f} {info.bytes / 1024:>6.0f}")
    print()
    print(f"{'diagram (fitted into 900x560)':<60} {'ms':>6} {'KB':>6} {'pixels':>14}")
    for lesson in LESSONS:
        for kind in ("png", "svg"):
            ms, (w, h), size = diagram_ms(lesson, kind, work / f"bench.{kind}")
            label = f"{lesson}: {'PNG at 2x' if kind == 'png' else 'SVG'}"
            print(f"{label:<60} {ms:>6.1f} {size / 1024:>6.0f} {f'{w}x{h}':>14}")
    print()
    print(
        f"GIF seconds: median of {REPEATS} runs, everything from a fresh session to the file written "
        "(stage, drawing, palette, writing); KB of the file."
    )
    print(f"diagram: median of {DIAGRAM_REPEATS} writes from a view already shown.")
    print(f"benchmark took {time.perf_counter() - began:.1f} s")


if __name__ == "__main__":
    main()
