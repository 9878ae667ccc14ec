"""Each sample's share of a batch slope: beside the formula while averaging, and in the inspector."""

from __future__ import annotations


def to_average(session) -> None:
    while session.current.phase != "average":
        session.next()


def test_while_averaging_the_chart_shows_each_samples_slope_and_their_mean(qtbot, open_window):
    window = open_window("stochastic-gradient-descent")
    chart = window.formula.shares
    assert not chart.isVisible()
    to_average(window.session)
    qtbot.waitUntil(chart.isVisible)
    p = window.session.current.param
    shares = window.session.shares_of(p)
    assert chart.shares == shares and len(shares.slopes) == window.session.batch_samples
    assert abs(sum(shares.slopes) / len(shares.slopes) - shares.mean) < 1e-12
    assert f"mean {window.formula.text.splitlines()[0].rsplit('= ', 1)[1]}" in chart.texts()
    assert [f"row {r}" for r in shares.rows] == [t for t in chart.texts() if t.startswith("row")]
    assert chart.height() >= 120
    window.session.next()  # past the averages: the chart goes
    while window.session.current.phase == "average":
        window.session.next()
    qtbot.waitUntil(lambda: not chart.isVisible())


def test_predict_mode_hides_the_mean_and_the_inspector_shows_a_selected_weights_shares(qtbot, open_window):
    window = open_window("stochastic-gradient-descent")
    session = window.session
    to_average(session)
    session.select(session.current.param)
    session.set_predicting(True)
    qtbot.waitUntil(lambda: "mean ?" in window.formula.shares.texts())
    assert "mean ?" in window.inspector.shares.texts()
    session.reveal()
    qtbot.waitUntil(lambda: "mean ?" not in window.formula.shares.texts())
    assert window.inspector.shares.isVisible() or not window.inspector.isVisible()
    assert window.inspector.shares.shares == session.shares_of(session.selection)
