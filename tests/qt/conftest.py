"""Fixtures for widget tests: a real window on a lesson, shown offscreen."""

from __future__ import annotations

import time

import pytest
from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from gdviz.core.lessons import load_lesson
from gdviz.qt import style
from gdviz.qt.main_window import MainWindow
from gdviz.qt.session import Session


@pytest.fixture(autouse=True)
def fresh_settings():
    """Every test starts without a remembered theme, zoom or layout (windows save them as they
    close) and leaves the light theme behind for views built without a window."""
    QSettings("gdviz", "gdviz").clear()
    yield
    style.set_theme(style.DEFAULT_THEME)


UNANSWERED_S = 15


@pytest.fixture(autouse=True)
def no_unanswered_dialog(qapp):
    """A modal box no test answers would wait for ever (no one clicks in CI): after
    UNANSWERED_S seconds it is closed and the test fails, naming it."""
    opened: dict[int, float] = {}
    left: list[str] = []

    def check() -> None:
        box = QApplication.activeModalWidget()
        if box is not None and time.monotonic() - opened.setdefault(id(box), time.monotonic()) > UNANSWERED_S:
            left.append(f"{type(box).__name__} “{box.windowTitle()}”")
            box.reject()

    watchdog = QTimer()
    watchdog.timeout.connect(check)
    watchdog.start(250)
    yield
    watchdog.stop()
    if left:
        pytest.fail(f"a dialog was left waiting for an answer: {', '.join(left)}")


@pytest.fixture(autouse=True)
def discard_unsaved_edits(monkeypatch):
    """A window closed with unsaved edits would wait for an answer; tests that
    care about the question answer it themselves."""
    monkeypatch.setattr(MainWindow, "ask_unsaved", lambda self: "discard")


@pytest.fixture
def open_window(qtbot, monkeypatch):
    """Factory: a shown MainWindow on a lesson; error dialogs are recorded, not shown."""
    errors: list[tuple[str, str]] = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, title, text: errors.append((title, text)))

    def make(lesson: str = "backprop-in-practice") -> MainWindow:
        window = MainWindow(load_lesson(lesson), lesson)
        window.errors = errors
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        # Window shortcuts only fire in the active window.
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        window.diagram.setFocus()
        qtbot.waitUntil(window.diagram.hasFocus, timeout=3000)
        qtbot.waitUntil(lambda: bool(window.plots), timeout=3000)  # added just after the first paint
        return window

    return make


@pytest.fixture
def session(qtbot) -> Session:
    return Session(load_lesson("backprop-in-practice"), "backprop-in-practice")


@pytest.fixture
def hot_scenario(tmp_path):
    """A scenario file whose learning rate makes training overflow at step 3."""
    from dataclasses import replace

    path = tmp_path / "hot.json"
    replace(load_lesson("slope-and-learning-rate"), optimizer={"name": "sgd", "learning_rate": 1e150}).save(
        path
    )
    return str(path)
