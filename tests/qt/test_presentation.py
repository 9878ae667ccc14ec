"""Presentation mode as a lecturer drives it: the key hint, B for a black screen, a pointer that hides."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication, QDockWidget

from gdviz.qt.controllers.training import MAX_STEPS
from gdviz.qt.stage import cursor_hider, key_hint


def pointer_hidden() -> bool:
    cursor = QApplication.overrideCursor()
    return cursor is not None and cursor.shape() == Qt.CursorShape.BlankCursor


def test_key_hint_shows_on_entering_then_goes(qtbot, open_window, monkeypatch):
    monkeypatch.setattr(key_hint, "SHOW_MS", 150)
    monkeypatch.setattr(key_hint, "FADE_MS", 100)
    window = open_window()
    hint = window.presentation.key_hint
    assert not hint.isVisible()
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    assert hint.isVisible()
    shown = QTextDocument()
    shown.setHtml(hint.text())
    words = shown.toPlainText().replace("\xa0", " ").split()
    assert " ".join(words) == "→ next ← back ↓ next phase Space play 1–5 view F full screen B blank Esc leave"
    assert hint.font().pixelSize() >= 30  # readable from the back of the hall
    qtbot.waitUntil(lambda: hint.geometry().bottom() < window.height() and hint.width() > 200)
    assert window.rect().contains(hint.geometry())
    qtbot.waitUntil(lambda: not hint.isVisible(), timeout=3000)
    assert window.presentation.presenting


def test_key_hint_goes_at_once_when_leaving(qtbot, open_window):
    window = open_window()
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    assert window.presentation.key_hint.isVisible()
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    assert not window.presentation.presenting and not window.presentation.key_hint.isVisible()


def test_b_blanks_and_b_again_brings_the_screen_back(qtbot, open_window):
    window = open_window()
    overlay = window.presentation.blank_overlay
    assert not window.action_blank.isEnabled()
    qtbot.keyClick(window.diagram, Qt.Key.Key_B)  # not presenting: nothing happens
    assert not overlay.isVisible()
    assert window.action_blank in window.menus["menu_view"].actions()

    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    assert window.action_blank.isEnabled()
    qtbot.keyClick(window.diagram, Qt.Key.Key_B)
    assert overlay.isVisible() and window.action_blank.isChecked()
    qtbot.waitUntil(lambda: overlay.geometry() == window.rect())
    assert overlay.grab().toImage().pixelColor(10, 10).name() == "#000000"
    qtbot.keyClick(window.diagram, Qt.Key.Key_B)
    assert not overlay.isVisible() and not window.action_blank.isChecked()
    assert window.presentation.presenting


def test_esc_brings_a_blank_screen_back_before_leaving(qtbot, open_window):
    window = open_window()
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    qtbot.keyClick(window.diagram, Qt.Key.Key_B)
    assert window.presentation.blank_overlay.isVisible()
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    assert not window.presentation.blank_overlay.isVisible() and window.presentation.presenting
    qtbot.keyClick(window.diagram, Qt.Key.Key_B)
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)  # while blank, any key only brings the screen back
    assert not window.presentation.blank_overlay.isVisible() and window.presentation.presenting
    qtbot.keyClick(window.diagram, Qt.Key.Key_B)
    window.action_present.trigger()  # leaving (from the menu) also brings the screen back
    assert not window.presentation.presenting and not window.presentation.blank_overlay.isVisible()
    assert not window.action_blank.isEnabled()


def test_pointer_hides_when_resting_and_returns_when_moved(qtbot, open_window, monkeypatch):
    monkeypatch.setattr(cursor_hider, "IDLE_MS", 300)
    window = open_window()
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    qtbot.waitUntil(pointer_hidden, timeout=3000)
    # Two different points: a move to where the pointer already is sends no event.
    qtbot.mouseMove(window.diagram.viewport(), QPoint(40, 40))
    qtbot.mouseMove(window.diagram.viewport(), QPoint(47, 43))
    qtbot.waitUntil(lambda: QApplication.overrideCursor() is None, timeout=3000)
    qtbot.waitUntil(pointer_hidden, timeout=3000)
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    assert QApplication.overrideCursor() is None
    qtbot.mouseMove(window.diagram.viewport(), QPoint(60, 60))
    assert (
        not window.presentation.cursor_hider.timer.isActive()
    )  # no longer watching once out of presentation


def layout_of(window) -> tuple:
    """What a lecturer would notice changing: maximised or not, the side docks' widths and,
    maximised, the window's place and the docks' heights. (The offscreen screen, 800 wide, is
    narrower than the window's minimum width, so a normal window's size there is Qt's guess.)"""
    docks = [window.findChild(QDockWidget, f"dock_{name}") for name in ("notes", "loss")]
    if window.isMaximized():
        return True, window.geometry().getRect(), [(dock.width(), dock.height()) for dock in docks]
    return False, [dock.width() for dock in docks]


def steady_layout(qtbot, window) -> tuple:
    """The layout once three looks in a row agree (docks settle after the window resizes)."""
    seen = []

    def steady() -> bool:
        seen.append(layout_of(window))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    qtbot.waitUntil(steady, timeout=3000)
    return seen[-1]


@pytest.mark.parametrize("maximized", [True, False], ids=["maximized", "normal"])
def test_leaving_presentation_puts_the_window_back_as_it_was(qtbot, open_window, maximized):
    window = open_window()
    if maximized:
        window.showMaximized()
        screen = window.screen().availableGeometry()
        qtbot.waitUntil(lambda: window.isMaximized() and screen.contains(window.geometry()), timeout=3000)
    loss = window.findChild(QDockWidget, "dock_loss")
    qtbot.waitUntil(lambda: loss.isVisible() and loss.width() > 0, timeout=3000)
    before = steady_layout(qtbot, window)
    for _ in range(3):  # the docks once grew wider on every round trip
        qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
        qtbot.waitUntil(window.isFullScreen, timeout=3000)
        qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
        qtbot.waitUntil(lambda: layout_of(window) == before, timeout=3000)
    assert steady_layout(qtbot, window) == before
    assert window.isMaximized() == maximized and window.menuBar().isVisible()


def test_esc_unblanks_then_cancels_a_running_job_then_leaves_presentation(qtbot, open_window):
    window = open_window("xor")
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    qtbot.keyClick(window.diagram, Qt.Key.Key_B)
    # As many steps as a fast-forward takes (minutes of work): it cannot finish before Esc, however
    # long a loaded machine keeps this thread from looking (1,000,000 steps once finished first).
    assert window.training.fast_forward(MAX_STEPS) and window.jobs.running
    qtbot.waitUntil(lambda: window.jobs.task.done > 0, timeout=5000)
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)  # first the black screen comes back...
    assert not window.presentation.blank and window.jobs.running
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)  # ...then the job stops...
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=2000)
    assert 1 < window.session.walk.step_number < MAX_STEPS + 1  # cancelled, keeping the steps it ran
    assert window.presentation.presenting  # Esc did only one thing
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)  # ...then presentation ends
    assert not window.presentation.presenting


def test_cancel_background_work_is_in_the_step_menu_and_cancels(qtbot, open_window):
    window = open_window()
    action = window.action_cancel
    assert action in window.menus["menu_step"].actions()
    assert action.text().split("\t") == ["&Cancel background work", "Esc"]  # Esc shown, routed elsewhere
    assert action.shortcuts() == [] and "(Esc)" in action.toolTip()
    assert not action.isEnabled()  # nothing runs in the background yet
    window.training.fast_forward(MAX_STEPS)
    assert action.isEnabled()
    action.trigger()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=2000)
    assert not action.isEnabled() and window.session.walk.step_number < MAX_STEPS + 1
    assert not window.presentation.escape()  # nothing blank, not presenting: Esc has nothing to do


def test_a_job_shows_its_progress_while_presenting(qtbot, open_window):
    window = open_window("xor")
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    assert not window.statusBar().isVisible()
    window.training.fast_forward(MAX_STEPS)
    qtbot.waitUntil(
        lambda: window.job_badge.isVisible() and "Fast-forward" in window.job_badge.text(), timeout=5000
    )
    assert window.job_badge.text().endswith(f"/ {MAX_STEPS:,} steps  ·  Esc stops")
    assert window.job_badge.font().pixelSize() >= 20
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=2000)
    assert not window.job_badge.isVisible() and window.presentation.presenting
