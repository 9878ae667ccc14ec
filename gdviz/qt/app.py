"""Starting the window, and rendering it to an image without a display."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from gdviz.core.scenario import Scenario

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from gdviz.qt.main_window import MainWindow


def ensure_offscreen() -> None:
    """Draw without a display, unless a platform was chosen on purpose."""
    if not os.environ.get("QT_QPA_PLATFORM"):
        os.environ["QT_QPA_PLATFORM"] = "offscreen"


def _quiet_offscreen(mode, context, message: str) -> None:
    """Pass Qt's messages on, minus the offscreen plugin's harmless size-hint notice."""
    if "propagateSizeHints" not in message:
        sys.stderr.write(f"{message}\n")


def application() -> QApplication:
    """The running QApplication, created if there is none yet."""
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        qInstallMessageHandler(_quiet_offscreen)
        app = QApplication(sys.argv[:1])
        app.setApplicationName("gdviz")
        app.setOrganizationName("gdviz")
    return app


NO_DISPLAY = (
    "gdviz: error: no display to open the window on: start gdviz on a desktop, or under Xvfb "
    "('xvfb-run .venv/bin/gdviz'); 'gdviz render LESSON_OR_FILE --out slide.png' draws the window "
    "to an image without a display\n"
)
"""One line (as every CLI error), naming both ways out: a display (real or virtual) or an image."""


def has_display() -> bool:
    """A screen to show the window on, or a platform chosen on purpose."""
    return bool(
        os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY") or os.environ.get("QT_QPA_PLATFORM")
    )


def run_window(name: str | None) -> int:
    """Open the window on ``name`` (a scenario file or lesson id) and run the
    event loop until it closes, reusing a QApplication that already exists."""
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None and not has_display():
        sys.stderr.write(NO_DISPLAY)
        return 2
    app = application()
    window = open_main_window(name)  # noqa: F841 - kept alive while the event loop runs
    app.exec()
    return 0


def open_main_window(name: str | None) -> MainWindow:
    """Show the window on ``name`` (or the first lesson, saying why), then offer any
    edits a gdviz that did not close normally left behind. Needs a QApplication."""
    from gdviz.qt.main_window import MainWindow, load_or_first_lesson

    source, scenario, error = load_or_first_lesson(name)
    window = MainWindow(scenario, source)
    window.show()
    if error:
        window.show_error("Could not open scenario", error)
    window.document.offer_restore()
    return window


def render(
    scenario: Scenario,
    source: str,
    out: Path,
    steps: int,
    micro: int,
    size: tuple[int, int],
    present: bool = False,
    predict: bool = False,
    view: str | None = None,
    node_maps: bool = False,
) -> tuple[int, int]:
    """Render the window after ``steps`` training steps and ``micro`` micro-steps to PNG or SVG
    (``present``: in presentation mode, as the class sees it; ``predict``: that micro-step's
    answer hidden, as predict mode asks it; ``view``: the stage's view beside the diagram;
    ``node_maps``: each node's map of the input plane); returns the image's size."""
    ensure_offscreen()
    application()
    from PySide6.QtCore import QBuffer, QPoint
    from PySide6.QtGui import QPainter

    from gdviz.qt.main_window import MainWindow
    from gdviz.qt.plots.export import png_bytes, svg_generator, write_image

    window = MainWindow(scenario, source, remember=False)  # a render leaves the user's layout alone
    window.resize(*size)
    window.session.run_steps(steps)
    window.session.walk.check_micro(micro)
    window.session.advance(micro, 0)  # one refresh of the views, not one per micro-step
    window.session.set_predicting(predict)
    window.session.set_node_maps(node_maps)
    window.show()
    if present:
        window.presentation.enter()
        window.presentation.key_hint.dismiss()  # the hint fades on a screen; an image would keep it
        application().processEvents()  # full screen takes the offscreen screen's size: then ``size``
        window.resize(*size)
    window.ensure_plots()
    if view is not None:
        window.presentation.stage.show_view(view)
    application().processEvents()
    while not window.jobs.idle:  # the plots' grids come from workers: draw them before the picture
        window.jobs.pool.waitForDone(5000)
        application().processEvents()
    window.diagram.set_zoom(1.0)
    if out.suffix.lower() == ".svg":
        buffer = QBuffer()
        generator = svg_generator(buffer, *size, scenario.title)  # held while painting
        painter = QPainter(generator)
        try:
            window.render(painter, QPoint(0, 0))
        finally:
            painter.end()
        write_image(out, buffer.data().data())
    else:
        image = window.grab()
        size = (image.width(), image.height())
        write_image(out, png_bytes(image))
    window.close()
    return size
