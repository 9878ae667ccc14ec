"""Play: the timer only asks the session for the next step; a long soak stays healthy."""

from __future__ import annotations

import gc
import sys
import warnings

from gdviz.qt.controllers.player import SPEEDS, Player


def rss_bytes() -> int:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096


def test_speeds_cover_micro_steps_and_whole_steps(session):
    player = Player(session)
    player.set_speed(0)
    assert player.timer.interval() == 1000
    player.set_speed(len(SPEEDS) - 1)
    assert SPEEDS[player.speed][2] == 100


def test_play_stops_by_itself_on_divergence(qtbot, session):
    from dataclasses import replace

    from gdviz.core.lessons import load_lesson

    session.load(
        replace(load_lesson("slope-and-learning-rate"), optimizer={"name": "sgd", "learning_rate": 1e150}),
        "hot",
    )
    player = Player(session)
    player.set_speed(5)
    player.timer.setInterval(0)
    player.play()
    qtbot.waitUntil(lambda: not player.playing, timeout=5000)
    assert session.diverging.step == 1 and not session.diverged  # first it pauses at the warning
    player.play()
    qtbot.waitUntil(lambda: not player.playing, timeout=5000)
    assert session.diverged and session.walk.divergence.step == 3


def lesson_one_at(session, lr: float) -> None:
    from dataclasses import replace

    from gdviz.core.lessons import load_lesson

    session.load(
        replace(load_lesson("calculating-slopes"), optimizer={"name": "sgd", "learning_rate": lr}), "x"
    )


def test_play_pauses_where_training_begins_diverging_and_goes_on_when_asked(qtbot, session):
    lesson_one_at(session, 5.0)
    player = Player(session)
    player.set_speed(4)  # micro-steps: it pauses as step 1's update lands, at the start of step 2
    player.timer.setInterval(0)
    player.play()
    qtbot.waitUntil(lambda: not player.playing, timeout=5000)
    assert (session.step_number, session.walk.index, session.diverging.step) == (2, 0, 1)
    player.play()  # on past the warning: it does not pause there again
    qtbot.waitUntil(lambda: session.step_number >= 3, timeout=5000)
    assert player.playing
    player.stop()
    assert session.next()  # stepping by hand goes on too


def test_play_by_whole_steps_stops_exactly_at_the_warning(qtbot, session):
    lesson_one_at(session, 0.0715)  # begins diverging at step 577
    player = Player(session)
    player.set_speed(len(SPEEDS) - 1)  # 100 steps a frame
    player.timer.setInterval(0)
    player.play()
    qtbot.waitUntil(lambda: not player.playing, timeout=5000)
    assert session.step_number == 578 and session.diverging.step == 577
    player.play()
    qtbot.waitUntil(lambda: session.step_number > 700, timeout=5000)
    player.stop()


def test_void_calls_and_emits_keep_none_and_bools_alive(qtbot):
    """The crash the soak below exists for (a Qt binding that dropped a reference
    to None on every void call and to True/False on every emit, killing the
    process after some thousands of frames), caught directly: count the references."""
    from PySide6.QtCore import QObject, Signal
    from PySide6.QtWidgets import QLabel

    class Emitter(QObject):
        flag = Signal(bool)

    label, emitter = QLabel(), Emitter()
    emitter.flag.connect(lambda _: None)
    calls = 20_000
    before = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for k in range(calls):
        label.setText("x")  # returns void
        emitter.flag.emit(k % 2 == 0)
    after = sys.getrefcount(None), sys.getrefcount(True), sys.getrefcount(False)
    for name, b, a in zip(("None", "True", "False"), before, after, strict=True):
        assert b - a < calls // 10, f"{name} lost {b - a} references in {calls} calls"


def test_frame_soak(qtbot, open_window, qtlog):
    """Every frame updates the diagram's items and repaints; memory stays bounded."""
    window = open_window("xor")
    player = window.player
    player.set_speed(5)  # one whole training step per frame
    player.timer.setInterval(0)
    frames = 0

    def count() -> None:
        nonlocal frames
        frames += 1
        window.diagram.viewport().repaint()

    player.timer.timeout.connect(count)
    gc.collect()
    start = rss_bytes()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        player.play()
        qtbot.waitUntil(lambda: frames >= 1_000, timeout=120_000)
        player.stop()
    gc.collect()
    growth = rss_bytes() - start
    assert window.session.walk.step_number > 1_000
    assert growth < 80 * 1024 * 1024, f"memory grew by {growth / 1e6:.1f} MB"
    problems = [r.message for r in qtlog.records if "propagateSizeHints" not in r.message]
    assert problems == []
