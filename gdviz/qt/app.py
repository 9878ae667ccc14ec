"""Starting the window, and rendering it to an image without a display."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from gdviz.core.scenario import Scenario


def ensure_platform(offscreen: bool) -> None:
    """Use the offscreen platform when asked to or when there is no display."""
    if offscreen or not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        if not os.environ.get("QT_QPA_PLATFORM"):
            os.environ["QT_QPA_PLATFORM"] = "offscreen"


def application():
    """The running QApplication, created if there is none yet."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(sys.argv[:1])
        app.setApplicationName("gdviz")
        app.setOrganizationName("gdviz")
    return app


def run_window(name: str | None) -> int:
    """Open the window on ``name`` (a scenario file or lesson id) and run the
    event loop until it closes, reusing a QApplication that already exists."""
    ensure_platform(offscreen=False)
    app = application()
    from gdviz.qt.main_window import MainWindow, load_or_first_lesson

    source, scenario, error = load_or_first_lesson(name)
    window = MainWindow(scenario, source)
    window.show()
    if error:
        window.show_error("Could not open scenario", error)
    app.exec()
    return 0


def render(scenario: Scenario, source: str, out: Path, steps: int, micro: int, size: tuple[int, int]) -> None:
    """Render the window after ``steps`` training steps and ``micro`` micro-steps to PNG or SVG."""
    ensure_platform(offscreen=True)
    application()
    from PySide6.QtCore import QPoint, QRect, QSize
    from PySide6.QtGui import QPainter
    from PySide6.QtSvg import QSvgGenerator

    from gdviz.qt.main_window import MainWindow

    window = MainWindow(scenario, source)
    window.resize(*size)
    window.session.run_steps(steps)
    for _ in range(micro):
        window.session.next()
    window.show()
    window.diagram.set_zoom(1.0)
    if out.suffix.lower() == ".svg":
        generator = QSvgGenerator()
        generator.setFileName(str(out))
        generator.setSize(QSize(*size))
        generator.setViewBox(QRect(0, 0, *size))
        generator.setTitle(scenario.title)
        painter = QPainter(generator)
        try:
            window.render(painter, QPoint(0, 0))
        finally:
            painter.end()
    elif not window.grab().save(str(out)):
        raise OSError(f"could not write {out}")
    window.close()
