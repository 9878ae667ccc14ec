"""Fixtures for widget tests: a real window on a lesson, shown offscreen."""

from __future__ import annotations

import pytest

from gdviz.core.lessons import load_lesson
from gdviz.qt.main_window import MainWindow
from gdviz.qt.session import Session


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
        return window

    return make


@pytest.fixture
def session(qtbot) -> Session:
    return Session(load_lesson("backprop-in-practice"), "backprop-in-practice")
