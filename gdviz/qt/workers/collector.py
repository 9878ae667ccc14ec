"""Python's cycle collector runs on the GUI thread only.

Left to itself the collector runs in whichever thread happens to allocate
when a threshold is crossed: often the worker training a fast-forward. A
collection there destroys the Qt objects of garbage widgets (an old menu, a
closed window) off the GUI thread; their destructors take a Qt lock and then
wait for the GIL, while the GUI thread, holding the GIL, waits for that lock.
Both wait for ever (seen as a window frozen mid fast-forward). So automatic
collection is off and a timer on the GUI thread collects instead, by the
same generational thresholds.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QCoreApplication, QObject, QTimer

INTERVAL_MS = 500


class GuiThreadCollector(QObject):
    """Collects, generation by generation, whenever the counts pass the thresholds."""

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.thresholds = gc.get_threshold()
        gc.disable()
        self.timer = QTimer(self)
        self.timer.setInterval(INTERVAL_MS)
        self.timer.timeout.connect(self.check)
        self.timer.start()

    def check(self) -> None:
        counts = gc.get_count()
        for generation in range(3):
            if counts[generation] <= self.thresholds[generation]:
                break
            gc.collect(generation)


_collector: GuiThreadCollector | None = None


def collect_on_gui_thread() -> GuiThreadCollector:
    """Turn automatic collection over to the GUI thread (once per application)."""
    global _collector
    if _collector is None:
        app = QCoreApplication.instance()
        assert app is not None, "needs the application"
        _collector = GuiThreadCollector(app)
    return _collector
