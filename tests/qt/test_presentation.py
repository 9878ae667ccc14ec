"""Presentation mode as a lecturer drives it: the key hint, B for a black screen, a pointer that hides."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtWidgets import QApplication

from gdviz.qt import cursor_hider, key_hint


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
    assert " ".join(words) == "→ next ← back ↓ next phase Space play B blank Esc leave"
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
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)  # leaving by F5 also brings the screen back
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
    assert not window.presentation.cursor_hider.timer.isActive()  # no longer watching once out of presentation
