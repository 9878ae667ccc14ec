"""The nudge check beside each slope in the formula panel and the inspector."""

from __future__ import annotations

from gdviz.core.params import Param


def to_phase(session, phase: str, kind: str = "weight") -> None:
    while not (session.current.phase == phase and session.current.kind == kind):
        session.next()


def test_the_formula_panel_shows_the_nudge_check_under_a_weights_slope(qtbot, open_window):
    window = open_window("calculating-slopes")
    to_phase(window.session, "backward")
    qtbot.waitUntil(lambda: "nudge check" in window.formula.text)
    assert window.formula.text.endswith("(49.000014 - 48.999986) / 2e-06 = 14.0000")
    to_phase(window.session, "result", "loss")
    qtbot.waitUntil(lambda: "the slopes predicted a loss change of -27.44" in window.formula.text)
    assert "it was -23.60" in window.formula.text


def test_the_inspector_shows_it_for_the_selected_weight_and_predict_mode_hides_it(qtbot, open_window):
    window = open_window("calculating-slopes")
    session = window.session
    session.select(Param(0, 0, 1))
    to_phase(session, "backward")
    session.next()  # the slope of w(x1 -> output)
    qtbot.waitUntil(lambda: "= 28.0000" in window.inspector.text)
    session.set_predicting(True)
    qtbot.waitUntil(lambda: session.asking)
    assert "nudge check" not in window.formula.text and "28.0000" not in window.inspector.text
    session.reveal()
    qtbot.waitUntil(lambda: "= 28.0000" in window.formula.text)
