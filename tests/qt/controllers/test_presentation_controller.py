"""Presentation mode on a bare QMainWindow: chrome, larger type, blank screen and Esc."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from gdviz.qt.appearance import PRESENTING_BOOST
from gdviz.qt.controllers.presentation import PresentationController


@pytest.fixture
def rig(qtbot, appearance):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("diagram"))
    window.menuBar().addMenu("&File")
    docks = []
    for name in ("notes", "loss"):
        docks.append(QDockWidget(name, window))
        docks[-1].setObjectName(f"dock_{name}")
        docks[-1].setWidget(QLabel(name))
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, docks[-1])
    docks[1].hide()  # closed by the lecturer: must stay closed after presenting
    window.show()
    presentation = PresentationController(window, appearance, lambda: [window.menuBar(), *docks])
    return window, docks, presentation


def test_entering_hides_the_chrome_and_enlarges_type_leaving_brings_back_what_was_shown(
    qtbot, rig, appearance
):
    window, (notes, loss), presentation = rig
    appearance.set_zoom(1.2)
    with qtbot.waitSignal(presentation.presentingChanged) as entered:
        presentation.enter()
    assert entered.args == [True] and presentation.presenting
    assert not window.menuBar().isVisible() and not notes.isVisible()
    assert appearance.text_scale == pytest.approx(1.2 * PRESENTING_BOOST) and appearance.zoom == 1.2
    assert presentation.key_hint.isVisible()
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    presentation.leave()
    qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
    assert window.menuBar().isVisible() and notes.isVisible() and not loss.isVisible()
    assert appearance.text_scale == pytest.approx(1.2) and presentation.layout_before is None
    assert not presentation.key_hint.isVisible()


def test_escape_unblanks_then_leaves_then_has_nothing_to_do(rig):
    window, _, presentation = rig
    presentation.set_blank(True)
    assert not presentation.blank  # only while presenting
    presentation.enter()
    presentation.toggle_blank()
    assert presentation.blank and presentation.blank_overlay.isVisible()
    assert presentation.escape() and not presentation.blank and presentation.presenting
    assert presentation.escape() and not presentation.presenting
    assert presentation.escape() is False


def test_docks_added_while_presenting_stay_hidden_until_leaving(qtbot, rig):
    window, _, presentation = rig
    late = QDockWidget("late", window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, late)
    assert not presentation.hide_while_presenting([late])
    qtbot.waitUntil(late.isVisible, timeout=3000)  # docks added to a shown window appear a moment later
    presentation.enter()
    later = QDockWidget("later", window)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, later)
    assert presentation.hide_while_presenting([later]) and not later.isVisible()
    presentation.toggle()
    assert not presentation.presenting
    qtbot.waitUntil(later.isVisible, timeout=3000)
