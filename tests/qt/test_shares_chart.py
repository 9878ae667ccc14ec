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


def test_a_batch_wider_than_the_chart_draws_each_columns_extremes(qtbot):
    from PySide6.QtGui import QColor

    from gdviz.core.microsteps import Shares
    from gdviz.qt import style
    from gdviz.qt.panels.shares_chart import SharesChart

    chart = SharesChart()
    qtbot.addWidget(chart)
    slopes = tuple((1.0 if n % 2 else -0.5) * (1 + n % 7) for n in range(20_000))
    chart.set_shares(Shares(tuple(range(1, 20_001)), slopes, sum(slopes) / len(slopes)))
    chart.resize(400, 130)
    chart.show()
    image = chart.grab().toImage()
    bar = QColor(style.SLOPE).rgb()
    columns = [
        x for x in range(image.width()) if any(image.pixel(x, y) == bar for y in range(image.height()))
    ]
    assert len(columns) > 0.9 * image.width()  # every 2 px column has its samples' bars
    rows = [y for y in range(image.height()) if image.pixel(200, y) == bar]
    assert max(rows) - min(rows) > 60  # up to the highest and down to the lowest slope
    assert chart.texts() == ["each sample's slope", f"mean {chart.texts()[1].split()[1]}"]  # no row labels


def test_a_window_on_one_batch_of_20000_samples_steps_to_the_averages(qtbot):
    from gdviz.core.scenario import from_dict
    from gdviz.qt.main_window import MainWindow
    from tests.many_samples import circle

    window = MainWindow(from_dict(circle(20_000)), "many.json", remember=False)
    qtbot.addWidget(window)
    window.show()
    session = window.session
    session.advance(20_000 * 43 + 1, 0)  # past every sample and the batch loss: the first average
    assert session.current.phase == "average" and session.batch_samples == 20_000
    qtbot.waitUntil(window.formula.shares.isVisible)
    assert "... (19994 more)) / 20000" in window.formula.text
    assert len(window.formula.shares.shares.slopes) == 20_000
