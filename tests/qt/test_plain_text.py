"""Text a file chose (a key, a title, notes, a question) is shown as typed, never
rendered as HTML: a lesson cannot paint a fake alarm or an image from disk into a dialog."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gdviz.core.lessons import load_lesson
from gdviz.qt.controllers.prompts import DialogPrompts
from gdviz.qt.panels.notes_panel import NotesPanel
from gdviz.qt.session import Session

HOSTILE = "<h1 style='color:red'>SYSTEM ERROR</h1><img src='/usr/share/pixmaps/debian-logo.png'>"


class _Prompts(QWidget, DialogPrompts):
    pass


def test_an_error_dialog_shows_html_as_plain_text(qtbot):
    prompts = _Prompts()
    qtbot.addWidget(prompts)
    seen: list[tuple[str, Qt.TextFormat]] = []

    def answer() -> None:
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(10, answer)
            return
        seen.append((box.text(), box.textFormat()))
        box.accept()

    QTimer.singleShot(0, answer)
    prompts.show_error("Could not open", f"lesson.json: {HOSTILE}: not a key gdviz knows")
    assert seen == [(f"lesson.json: {HOSTILE}: not a key gdviz knows", Qt.TextFormat.PlainText)]


def test_html_in_notes_is_text_while_markdown_still_renders(qtbot):
    scenario = replace(load_lesson("xor"), notes=f"Some **bold** advice. {HOSTILE}")
    panel = NotesPanel(Session(scenario, "x.json"))
    qtbot.addWidget(panel)
    text = panel.document().toPlainText()
    assert "SYSTEM ERROR</h1><img src=" in text  # the tags are there, as characters
    assert "Some bold advice." in text  # Markdown still renders: the ** are gone
    assert "**" not in text


def test_one_very_long_word_in_the_notes_can_wrap_and_loses_nothing(qtbot):
    word = "abcdefghij" * 30_000  # 300,000 characters without a space: minutes to lay out unbroken
    panel = NotesPanel(Session(replace(load_lesson("xor"), notes=f"See {word} here."), "x.json"))
    qtbot.addWidget(panel)
    text = panel.document().toPlainText()
    assert "\u200b" in text and text.replace("\u200b", "").endswith(f"See {word} here.")
