"""A lesson's question on screen: options, votes by key, the reveal."""

from __future__ import annotations

from PySide6.QtCore import Qt


def to_question(qtbot, window) -> None:
    while window.session.question is None:
        window.session.next()
    qtbot.waitUntil(window.question_panel.isVisible)


def test_the_question_shows_its_options_and_keys_count_votes_until_enter_reveals(qtbot, open_window):
    window = open_window("forward-pass-error")
    panel = window.question_panel
    assert not panel.isVisible()
    to_question(qtbot, window)
    assert "What is the error" in panel.question.text()
    assert [b.text() for b in panel.options] == ["1   5", "2   6", "3   11", "4   16"]
    assert window.diagram.node_value_text(2, 0) == "16" and "?" in window.formula.text
    for key in (Qt.Key.Key_3, Qt.Key.Key_3, Qt.Key.Key_4):
        qtbot.keyClick(window.diagram, key)
    qtbot.waitUntil(lambda: window.session.votes() == [0, 0, 2, 1])
    assert panel.counts[2].text() == "2 votes" and panel.bars[2].value() == 2
    assert not panel.explanation.isVisible() and "11" not in window.formula.text
    qtbot.keyClick(window.diagram, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.session.asking)
    assert panel.options[2].text().endswith("✓") and panel.explanation.isVisible()
    assert "16 - 5 = 11" in panel.explanation.text() and window.formula.text.splitlines()[0].endswith("= 11")
    qtbot.keyClick(window.diagram, Qt.Key.Key_3)  # closed: the tally stays
    assert window.session.votes() == [0, 0, 2, 1]
    qtbot.keyClick(window.diagram, Qt.Key.Key_Right)
    qtbot.waitUntil(lambda: not panel.isVisible())


def test_a_click_on_an_option_counts_a_vote_and_five_still_switches_the_stage(qtbot, open_window):
    window = open_window("forward-pass-error")
    to_question(qtbot, window)
    window.question_panel.options[0].click()
    assert window.session.votes() == [1, 0, 0, 0]
    window.presentation.enter()
    qtbot.waitUntil(lambda: window.presentation.presenting)
    qtbot.keyClick(window.diagram, Qt.Key.Key_5)  # four options: 5 is the notes view
    qtbot.waitUntil(lambda: window.presentation.stage.view == "notes")
    assert window.session.votes() == [1, 0, 0, 0]
    window.presentation.leave()


def test_play_stops_at_a_question_and_goes_on_only_after_the_reveal(qtbot, open_window):
    window = open_window("forward-pass-error")
    window.player.set_speed(4)  # 30 micro-steps a second
    window.action_play.trigger()
    qtbot.waitUntil(lambda: not window.player.playing, timeout=5000)
    assert window.session.question is not None and window.session.asking
    window.action_play.trigger()  # still asking: it does not play past the question
    qtbot.waitUntil(lambda: not window.player.playing, timeout=3000)
    assert window.session.asking
    window.action_reveal.trigger()
    index = window.session.walk.index
    window.action_play.trigger()
    qtbot.waitUntil(lambda: window.session.walk.index > index, timeout=3000)
    window.player.stop()
