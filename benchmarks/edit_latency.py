"""Milliseconds from an edit to the window showing it, and for its undo.

A lecturer types a weight or changes a layer while the class watches; the
window should follow at once. This times ``Session.edit`` (which checks the
new scenario, restarts training at step 0 and makes every open view rebuild)
plus the events that follow, for a weight edit and a layer resize on the
built-in xor (2-3-1) and 4-8-8-1 lessons, and the undo of each.
No target is set in the issue; well under 100 ms reads as instant.
Run: ``QT_QPA_PLATFORM=offscreen python benchmarks/edit_latency.py``.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
_SETTINGS = tempfile.TemporaryDirectory(prefix="gdviz-bench-")
os.environ["XDG_CONFIG_HOME"] = str(Path(_SETTINGS.name) / "config")
os.environ["XDG_DATA_HOME"] = str(Path(_SETTINGS.name) / "data")

from gdviz.core import edits  # noqa: E402
from gdviz.core.lessons import load_lesson  # noqa: E402
from gdviz.qt.app import application  # noqa: E402

REPEATS = 15


def _time(app, action) -> float:
    start = time.perf_counter()
    action()
    app.processEvents()
    return (time.perf_counter() - start) * 1000


def _cases(session, hidden: int) -> dict:
    """A weight edit and a resize of the last hidden layer, each taking a number."""
    return {
        "weight": lambda v: session.edit("w", lambda s: edits.set_weight(s, 0, 0, 0, v)),
        "layer size": lambda v: session.edit(
            "n", lambda s: edits.set_layer_size(s, hidden, s.layers[hidden] + 1)
        ),
    }


def main() -> None:
    app = application()
    from gdviz.qt.main_window import MainWindow

    print(f"{'lesson':<22}{'edit':<16}{'edit ms':>10}{'undo ms':>10}")
    for lesson, hidden in (("xor", 1), ("regression-4-8-8-1", 2)):
        window = MainWindow(load_lesson(lesson), lesson, remember=False)
        window.ask_unsaved = lambda: "discard"
        window.resize(1600, 1000)
        window.show()
        window.ensure_plots()
        app.processEvents()
        session = window.session
        for name, edit in _cases(session, hidden).items():
            done, undone = [], []
            for k in range(REPEATS):
                done.append(_time(app, lambda edit=edit, k=k: edit(0.5 + k)))
                undone.append(_time(app, session.undo_stack.undo))
            print(f"{lesson:<22}{name:<16}{statistics.median(done):>10.1f}{statistics.median(undone):>10.1f}")
        window.close()


if __name__ == "__main__":
    main()
