"""Divergence caught as it starts, in the window: lesson 1 at learning rate 5
(loss 49 -> 946,729 -> 1.8e10 ...) warns at step 1, not when a number
overflows at step 73; Play and fast-forward stop there, Right goes on."""

from __future__ import annotations

from dataclasses import replace

import pytest

from gdviz.core.lessons import load_lesson

WARNING = "Step 1: the loss grew from 49 to 946,729 (19,321x the starting loss). Try a smaller learning rate."


@pytest.fixture
def hot_lesson_one(tmp_path) -> str:
    path = tmp_path / "lesson-one-at-5.json"
    replace(load_lesson("calculating-slopes"), optimizer={"name": "sgd", "learning_rate": 5.0}).save(path)
    return str(path)


def test_the_warning_appears_as_step_1_lands_and_right_goes_on(qtbot, open_window, hot_lesson_one):
    window = open_window()
    assert window.open_name(hot_lesson_one)
    banner = window.banner
    assert not banner.isVisible()
    window.action_finish_step.trigger()
    assert not banner.isVisible()  # step 1's update on show: the loss after it is not known yet
    while window.session.step_number == 1:
        window.action_next.trigger()
    assert banner.isVisible() and banner.level == "diverging"
    assert (
        banner.text()
        == f"Training is diverging. {WARNING}  Right steps on to show the blow-up; Left goes back."
    )
    assert banner.font().pixelSize() >= 18 and "nan" not in banner.text().lower()
    assert window.action_next.isEnabled() and window.action_play.isEnabled()
    window.action_finish_step.trigger()
    window.action_next.trigger()  # on into the blow-up: still the first step's warning
    assert window.session.step_number == 3 and WARNING in banner.text()
    window.action_reset.trigger()
    assert not banner.isVisible()


def test_play_pauses_at_the_warning(qtbot, open_window, hot_lesson_one):
    window = open_window()
    window.open_name(hot_lesson_one)
    window.player.set_speed(4)
    window.player.timer.setInterval(0)
    window.action_play.trigger()
    qtbot.waitUntil(lambda: not window.player.playing, timeout=5000)
    assert (window.session.step_number, window.session.walk.index) == (2, 0)
    assert window.banner.isVisible() and WARNING in window.banner.text()
    assert "Step 2" in window.status_label.text()


def test_fast_forward_lands_at_the_warning_then_goes_on_to_the_overflow(qtbot, open_window, hot_lesson_one):
    window = open_window()
    window.open_name(hot_lesson_one)
    window.ff_count.setValue(1000)
    window.action_fast_forward.trigger()
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=5000)
    assert window.session.step_number == 2 and not window.session.diverged
    assert window.banner.isVisible() and WARNING in window.banner.text()
    assert "began diverging at step 1" in window.job_label.text()
    window.action_fast_forward.trigger()  # asked again: it goes on, to the overflow at step 73
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=5000)
    assert window.session.diverged and window.banner.level == "diverged"
    assert "diverged at step 73" in window.banner.text()
