"""How long the window's event loop stalls while long work runs in the background.

A 10 ms QTimer ticks on the GUI thread; each tick's lateness (time since the
previous tick, minus 10 ms) is a stall the user would feel as a frozen
window. Measured from the request until the result is drawn and 0.3 s after:
a 1,000,000-step fast-forward of ``xor`` and a 5,000-step optimizer race.
Targets: no stall over 100 ms, median under 20 ms. Also prints the
fast-forward's rate in steps per second (target: 30,000 or more).

Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/responsiveness.py [steps]``.
"""

from __future__ import annotations

import os
import statistics
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from gdviz.core.lessons import load_lesson  # noqa: E402
from gdviz.core.race import CONTESTANTS, DEFAULT_RATES  # noqa: E402
from gdviz.qt.main_window import MainWindow  # noqa: E402

TICK_MS = 10
AFTER_S = 0.3


def measure(window: MainWindow, start) -> tuple[list[float], float, float]:
    """Stalls (ms) while ``start()``'s job runs and is drawn; the job's duration (s);
    and the longest stall from the job's end on (landing and drawing the result)."""
    jobs = window.jobs
    loop = QEventLoop()
    stalls: list[float] = []
    last = [time.perf_counter()]
    ended: list[float] = []

    landing: list[float] = []

    def tick() -> None:
        now = time.perf_counter()
        stalls.append(max(0.0, (now - last[0]) * 1000 - TICK_MS))
        if ended:
            landing.append(stalls[-1])
        last[0] = now
        if ended and now - ended[0] > AFTER_S:
            loop.quit()

    def on_running(running: bool) -> None:
        if not running:
            ended.append(time.perf_counter())

    timer = QTimer()
    timer.setInterval(TICK_MS)
    timer.timeout.connect(tick)
    jobs.runningChanged.connect(on_running)
    timer.start()
    t0 = time.perf_counter()
    last[0] = t0
    start()
    loop.exec()
    timer.stop()
    jobs.runningChanged.disconnect(on_running)
    return stalls, ended[0] - t0, max(landing, default=0.0)


def report(name: str, stalls: list[float]) -> None:
    ordered = sorted(stalls)
    p99 = ordered[int(0.99 * (len(ordered) - 1))]
    print(
        f"{name:<28} ticks {len(stalls):>6}   median stall {statistics.median(stalls):6.2f} ms   "
        f"p99 {p99:6.2f} ms   max {max(stalls):6.2f} ms"
    )


def main() -> None:
    steps = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    app = QApplication.instance() or QApplication([])
    window = MainWindow(load_lesson("xor"), "xor", remember=False)
    window.resize(1920, 1080)
    window.show()
    window.ensure_plots()
    app.processEvents()

    stalls, seconds, landing = measure(window, lambda: window.training.fast_forward(steps))
    assert window.session.walk.step_number == steps + 1, "the fast-forward did not land"
    report(f"fast-forward {steps:,} steps", stalls)
    print(f"{'':<28} {steps / seconds:,.0f} steps/s in the window ({seconds:.1f} s); landing {landing:.1f} ms")

    window.show_plot("optimizer race")
    rates = {name: DEFAULT_RATES[name] for name in CONTESTANTS}
    stalls, seconds, landing = measure(window, lambda: window.training.race(rates, 5000))
    assert len(window.session.race) == len(CONTESTANTS), "the race did not land"
    report("race 4 x 5,000 steps", stalls)
    print(f"{'':<28} {seconds:.1f} s; landing {landing:.1f} ms")
    window.jobs.shutdown()
    window.close()


if __name__ == "__main__":
    main()
