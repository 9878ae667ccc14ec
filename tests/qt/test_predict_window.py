"""Predict mode in the window: Q asks, Enter (or Right) reveals, and until then
no text anywhere on screen gives the answer away."""

from __future__ import annotations

import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QGraphicsSimpleTextItem,
    QGraphicsTextItem,
    QGraphicsView,
    QLabel,
    QLineEdit,
    QTextEdit,
)

from gdviz.core.params import Node


def on_screen(widget) -> bool:
    """Shown, and not behind another tab."""
    return widget.isVisible() and not widget.visibleRegion().isEmpty()


def every_text(window) -> str:
    """Every text the window shows now: widgets, diagram and plot items, status bar."""
    out = [window.statusBar().currentMessage()]
    for widget in window.findChildren(QLabel) + window.findChildren(QAbstractButton):
        if on_screen(widget):
            out.append(widget.text())
    for widget in window.findChildren(QLineEdit):
        if on_screen(widget):
            out.append(widget.text())
    for widget in window.findChildren(QTextEdit):
        if on_screen(widget):
            out.append(widget.toPlainText())
    for view in window.findChildren(QGraphicsView):
        if not on_screen(view) or view.scene() is None:
            continue
        for item in view.scene().items():
            if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible():
                out.append(item.text())
            elif isinstance(item, QGraphicsTextItem) and item.isVisible():
                out.append(item.toPlainText())
    return "\n".join(out)


def shows(window, number: str) -> bool:
    return re.search(rf"(?<![\d.]){re.escape(number)}(?![\d.])", every_text(window)) is not None


def test_q_asks_and_no_text_on_screen_gives_the_loss_away_until_enter(qtbot, open_window):
    window = open_window("calculating-slopes")
    qtbot.keyClick(window.diagram, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: window.session.predicting and window.action_predict.isChecked())
    assert window.session.asking  # the output, 7, first
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right)  # Right reveals it ...
    qtbot.waitUntil(lambda: not window.session.asking)
    assert window.session.walk.index == 0
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right)  # ... and the next Right moves on, to the loss
    qtbot.waitUntil(lambda: window.session.asking)
    assert window.session.current.phase == "loss"
    assert not shows(window, "49") and window.formula.formula_label.text().endswith("= ?")
    assert "Loss ?" in window.status_label.text()
    assert window.action_reveal.isEnabled()
    qtbot.keyClick(window.diagram, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.asking)
    assert shows(window, "49") and window.session.current.phase == "loss"
    assert not window.action_reveal.isEnabled()


def test_a_hidden_node_value_is_a_question_mark_on_the_diagram_and_in_the_inspector(qtbot, open_window):
    window = open_window("calculating-slopes")
    window.action_predict.trigger()
    window.session.select(Node(1, 0))
    qtbot.waitUntil(lambda: window.diagram.node_value_text(1, 0) == "?")
    assert not shows(window, "7")
    assert "0*1 + 2*2 + 1*3" in every_text(window)  # the inputs stay: the class can work it out
    window.action_reveal.trigger()
    qtbot.waitUntil(lambda: window.diagram.node_value_text(1, 0) == "7")
    assert shows(window, "7")


def test_the_notes_are_put_away_while_predicting_and_the_kinds_asked_are_chosen_in_the_menu(
    qtbot, open_window
):
    window = open_window("calculating-slopes")
    notes = window.notes.toPlainText()
    assert "49" in notes or "14" in notes
    window.action_predict.trigger()
    qtbot.waitUntil(lambda: "put away" in window.notes.toPlainText())
    assert "14" not in window.notes.toPlainText()
    window.action_ask_values.trigger()  # values are no longer asked
    qtbot.waitUntil(lambda: not window.session.asking)
    assert "values" not in window.session.predict_kinds and not window.action_ask_values.isChecked()
    assert window.diagram.node_value_text(1, 0) == "7"
    window.action_predict.trigger()
    qtbot.waitUntil(lambda: window.notes.toPlainText() == notes)


def answer_of(formula: str) -> str:
    """The number a revealed formula's first line ends with (its result)."""
    return formula.splitlines()[0].rsplit("= ", 1)[1].strip()


@pytest.mark.parametrize("lesson", ["backprop-in-practice", "stochastic-gradient-descent"])
def test_through_a_whole_step_no_answer_is_on_screen_before_it_is_revealed(qtbot, open_window, lesson):
    window = open_window(lesson)
    session = window.session
    session.set_predicting(True)
    before = every_text(window)
    for _ in range(len(session.walk.steps)):
        assert session.asking
        hidden = every_text(window)
        session.reveal()
        answer = answer_of(session.formula())
        # At a lesson's question the options are on screen, the answer among them, by design.
        if re.fullmatch(r"-?[\d.]+(e-?\d+)?", answer) and session.question is None:
            on_screen = re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d.])", hidden)
            known = re.search(rf"(?<![\d.]){re.escape(answer)}(?![\d.])", before)  # another number, equal
            assert not on_screen or known, f"{session.current}: {answer} on screen before it was revealed"
        assert "?" in hidden
        before = every_text(window)
        session.next()
