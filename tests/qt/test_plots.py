"""Plots follow the core: loss history, tangent and step, surface, race, exports."""

from __future__ import annotations

import csv
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtGui import QImage

from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import batch_slope
from gdviz.core.network import loss_of
from gdviz.core.numbers import fmt
from gdviz.core.params import Param, param_value
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs


def test_loss_curve_is_the_core_history_and_follows_step_back(open_window):
    window = open_window("multiple-updates")
    window.session.run_steps(20)
    x, y = window.loss_curve.curve_data()
    history = window.session.loss_history
    assert x.tolist() == list(range(1, 21)) and np.array_equal(y, history)
    for _ in range(len(window.session.walk.steps) * 3 + 1):
        window.session.previous()
    x, y = window.loss_curve.curve_data()
    assert len(x) == 16 and np.array_equal(y, window.session.loss_history)
    window.session.reset()
    assert len(window.loss_curve.curve_data()[0]) == 0


def test_loss_curve_marks_epochs_current_step_and_hover(open_window):
    window = open_window("stochastic-gradient-descent")
    window.session.run_steps(12)
    ex, _ = window.loss_curve.epochs.getData()
    assert ex.tolist() == [4.0, 8.0, 12.0]
    assert window.loss_curve.marker.getData()[0] is None  # step 13's loss is not computed yet
    while window.session.phase != "average":
        window.session.next()
    mx, my = window.loss_curve.marker.getData()
    assert mx.tolist() == [13.0] and my[0] == window.session.step_loss
    window.loss_curve.show_hover(5, float(window.session.loss_history[4]))
    assert window.loss_curve.hover.textItem.toPlainText().startswith("step 5: loss ")


def test_log_scale_keeps_zero_losses_drawable(open_window):
    window = open_window("changing-one-weight")
    window.loss_curve.log_box.setChecked(True)
    window.session.run_steps(3)
    _, y = window.loss_curve.curve_data()
    assert (y > 0).all()
    window.loss_curve.log_box.setChecked(False)


def test_a_million_point_history_is_shown_whole(open_window):
    window = open_window("xor")
    history = window.session.walk.trainer.history
    for k in range(1_000_000):
        history.append(1.0 / (k + 1))
    window.loss_curve.refresh()
    x, y = window.loss_curve.curve_data()
    assert len(x) == 1_000_000 and y[-1] == 1e-6


def test_diverged_curve_ends_at_the_last_finite_point(open_window, hot_scenario):
    window = open_window()
    window.open_name(hot_scenario)
    window.session.run_steps(10)
    _, y = window.loss_curve.curve_data()
    assert len(y) == 2 and np.isfinite(y).all()
    dx, _ = window.loss_curve.diverged.getData()
    assert dx.tolist() == [2.0]
    assert "Diverged at step 3" in window.loss_curve.caption.text()
    assert "diverged" in window.show_plot("gradient step").caption.text().lower()


def test_tangent_has_the_backprop_slope_and_the_arrow_ends_at_the_new_weight(qtbot, open_window):
    window = open_window("slope-and-learning-rate")
    panel, session = window.show_plot("gradient step"), window.session
    assert session.focus_param == (0, 0, 0)
    assert len(panel.tangent.getData()[0] or []) == 0  # no slope yet in the forward pass
    session.finish_step()
    qtbot.waitUntil(lambda: window.jobs.idle, timeout=5000)  # the curve comes from a worker
    record = session.walk.record
    tx, ty = panel.tangent.getData()
    assert (
        (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(batch_slope(record, 0, 0, 0)) == pytest.approx(30)
    )
    sx, sy = panel.step_line.getData()
    assert sx[0] == 1.0 and sx[-1] == pytest.approx(param_value(record.after, (0, 0, 0))) == pytest.approx(
        0.7
    )
    new_loss = loss_of(record.after.with_params((np.array([[0.7, 2.0]]),), None), record.x, record.y, "mse")
    assert sy[-1] == pytest.approx(new_loss)
    assert "slope 30" in panel.caption.text()


def test_clicking_an_edge_or_choosing_in_the_panel_moves_the_focus(open_window):
    window = open_window("backprop-in-practice")
    window.show_plot("gradient step")
    window.session.select((1, 0, 1))
    assert window.gradient_step.chooser.currentText() == "w(node_1 -> output)"
    window.gradient_step.chooser.activated.emit(2)
    assert window.session.selection == (0, 1, 0) and window.session.focus_param == (0, 1, 0)
    window.session.finish_step()
    tx, ty = window.gradient_step.tangent.getData()
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(
        batch_slope(window.session.walk.record, 0, 1, 0)
    )


def test_surface_grid_is_the_loss_at_each_point_and_the_path_grows(qtbot, open_window):
    window = open_window("slope-and-learning-rate")
    before = window.loss_surface.grid
    window.session.run_steps(4)
    assert window.loss_surface.grid is before  # a hidden tab computes nothing...
    window.show_plot("loss surface")  # ...and catches up when shown (its grid from a worker)
    qtbot.waitUntil(lambda: window.jobs.idle, timeout=5000)
    xs, ys, losses = window.loss_surface.grid
    x, y = window.session.data
    for a, b in ((0, 0), (37, 81), (99, 99)):
        net = window.session.net.with_params((np.array([[xs[a], ys[b]]]),), None)
        assert losses[a, b] == pytest.approx(loss_of(net, x, y, "mse"), rel=1e-12)
    px, py = window.loss_surface.path.getData()
    assert len(px) == 5 and (px[0], py[0]) == (1.0, 2.0)
    window.session.previous()
    assert len(window.loss_surface.path.getData()[0]) == 4


def test_surface_pair_is_chosen_in_the_panel(open_window):
    window = open_window("backprop-in-practice")
    panel = window.show_plot("loss surface")
    panel.choosers[1].setCurrentIndex(5)
    panel.choosers[1].activated.emit(5)
    assert window.session.surface_params == ((0, 0, 0), (1, 0, 1))
    assert panel.plot.getAxis("left").labelText == "w(node_1 -> output)"


def test_race_runs_four_optimizers_from_the_same_start(qtbot, open_window):
    window = open_window("slope-and-learning-rate")
    race = window.race
    race.steps.setValue(100)
    race.rates["sgd"].setValue(10.0)  # far too large: this one diverges
    race.run()  # trains in the background; the laps land in the session
    qtbot.waitUntil(lambda: bool(race.laps) and window.jobs.idle, timeout=10_000)
    assert list(race.laps) == ["sgd", "momentum", "rmsprop", "adam"]
    for name, lap in race.laps.items():
        x, y = race.paths[name].getData()
        assert (x[0], y[0]) == (1.0, 2.0) and len(x) == len(lap.path)
    assert race.laps["sgd"].divergence is not None and "sgd diverged" in race.caption.text()
    assert race.laps["adam"].losses[-1] < race.laps["adam"].losses[0]


def test_exports(open_window, tmp_path):
    window = open_window("stochastic-gradient-descent")
    window.session.run_steps(6)
    for name in window.plots:
        panel = window.show_plot(name)
        png, svg = tmp_path / f"{name}.png", tmp_path / f"{name}.svg"
        assert window.export_plot(panel, "png", str(png)) and not QImage(str(png)).isNull()
        assert window.export_plot(panel, "svg", str(svg))
        ET.parse(svg)
    assert window.export_csv(str(tmp_path / "loss.csv"))
    rows = list(csv.reader(open(tmp_path / "loss.csv")))
    assert rows[0] == ["step", "epoch", "batch", "loss"] and len(rows) == 7
    assert rows[5][:3] == ["5", "2", "1"]
    assert float(rows[1][3]) == window.session.loss_history[0]
    assert not window.export_csv(str(tmp_path / "no-such-folder" / "x.csv"))
    assert "Could not export" in window.errors[-1][0]


def test_pyqtgraph_svg_export_menu_is_replaced(open_window):
    window = open_window()
    for panel in window.plots.values():
        for plot in panel.findChildren(type(window.loss_curve.plot)):
            assert plot.scene().contextMenu == []
            texts = [a.text() for a in plot.getPlotItem().vb.menu.actions()]
            assert any("as SVG" in t for t in texts)


def test_step_axis_ticks_whole_steps_at_any_zoom(open_window):
    window = open_window("multiple-updates")
    window.session.run_steps(3)
    plot = window.loss_curve.plot
    axis = plot.getAxis("bottom")
    assert all(spacing >= 1 for spacing, _ in axis.tickSpacing(1.0, 1.5, 800))
    assert all(spacing >= 1 for spacing, _ in axis.tickSpacing(0.0, 1e6, 800))
    plot.setXRange(0, 1e6)  # zoomed far out with only three points: still a handful of ticks
    plot.viewport().repaint()
    plot.setXRange(1, 1.2)
    plot.viewport().repaint()


def test_an_edit_clears_the_race_it_no_longer_matches(qtbot, open_window):
    from gdviz.core import edits

    window = open_window()
    race = window.race
    race.steps.setValue(20)
    race.run()
    qtbot.waitUntil(lambda: bool(race.laps) and window.jobs.idle, timeout=10_000)
    assert race.surface.image.image is not None and race.laps
    window.session.edit("lr", lambda s: edits.set_setting(s, "learning_rate", 0.5))
    assert race.surface.image.image is None and not race.laps
    assert race.paths["adam"].getData()[0] is None or len(race.paths["adam"].getData()[0]) == 0


# -- panels built on a session alone (no window) -----------------------------------------------


@pytest.fixture
def build(qtbot):
    """Factory: a plot panel on a fresh session of a lesson, with its own Jobs."""
    made: list[Jobs] = []

    def make(cls, lesson: str, **changes):
        from dataclasses import replace

        session = Session(replace(load_lesson(lesson), **changes), lesson)
        jobs = Jobs()
        made.append(jobs)
        panel = cls(session) if cls.__name__ == "LossCurvePanel" else cls(session, jobs)
        qtbot.addWidget(panel)
        return panel, session, jobs

    yield make
    for jobs in made:
        jobs.shutdown()


def test_loss_curve_marks_the_loss_once_the_frame_knows_it(build):
    from gdviz.qt.plots.loss_curve_panel import LossCurvePanel

    panel, session, _ = build(LossCurvePanel, "stochastic-gradient-descent")
    session.run_steps(3)
    assert np.array_equal(panel.curve_data()[1], session.loss_history)
    while not session.frame.batch_loss_known:
        assert panel.marker.getData()[0] is None or len(panel.marker.getData()[0]) == 0
        session.next()
    assert panel.marker.getData()[1].tolist() == [session.step_loss]
    assert panel.caption.text() == f"Step 4: loss {fmt(session.step_loss)}"


def test_a_frozen_bias_has_a_tangent_but_takes_no_step(qtbot, build):
    from gdviz.qt.plots.gradient_step_panel import GradientStepPanel

    panel, session, jobs = build(GradientStepPanel, "xor", train_biases=False)
    bias = Param(0, 1)
    session.select(bias)
    session.finish_step()
    qtbot.waitUntil(lambda: jobs.idle, timeout=5000)
    tx, ty = panel.tangent.getData()
    assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(session.param_step(bias).slope)
    assert len(panel.step_line.getData()[0] or []) == 0 and "step to" not in panel.caption.text()
    xs, _ = panel.curve.getData()
    assert xs is not None and len(xs) > 0  # the curve arrived from its worker


def test_the_trail_is_the_parameter_and_loss_of_recent_steps(qtbot, build):
    from gdviz.qt.plots.gradient_step_panel import TRAIL, GradientStepPanel

    panel, session, jobs = build(GradientStepPanel, "slope-and-learning-rate")
    session.run_steps(TRAIL + 3)
    qtbot.waitUntil(lambda: jobs.idle, timeout=5000)
    p = session.focus_param
    x, y = panel.trail.getData()
    assert x.tolist() == session.values_over(p, TRAIL)[:-1].tolist() and len(x) == TRAIL
    assert y.tolist() == session.loss_history[-TRAIL:].tolist()
    assert panel.point.getData()[0].tolist() == [param_value(session.net, p)]


def test_an_edit_at_the_same_step_redraws_the_surface(qtbot, build):
    from gdviz.core import edits
    from gdviz.qt.plots.loss_surface_panel import LossSurfacePanel

    panel, session, jobs = build(LossSurfacePanel, "slope-and-learning-rate")
    qtbot.waitUntil(lambda: jobs.idle and panel.grid is not None, timeout=5000)
    first = panel.grid
    session.edit("weight", lambda s: edits.set_weight(s, 0, 0, 0, 3.0))  # still step 1
    qtbot.waitUntil(lambda: jobs.idle and panel.grid is not first, timeout=5000)
    xs, ys, losses = panel.grid
    x, y = session.data
    net = session.net.with_params((np.array([[xs[10], ys[20]]]),), None)
    assert losses[10, 20] == pytest.approx(loss_of(net, x, y, "mse"), rel=1e-12)
    px, py = panel.path.getData()
    assert (px.tolist(), py.tolist()) == ([3.0], [2.0])


def test_the_race_panel_draws_the_sessions_laps_on_the_start_surface(qtbot, build):
    from gdviz.core.race import race
    from gdviz.qt.plots.optimizer_race_panel import OptimizerRacePanel

    panel, session, jobs = build(OptimizerRacePanel, "slope-and-learning-rate")
    params = (Param(0, 0, 0), Param(0, 0, 1))
    session.run_steps(5)  # the race starts from the lesson's start, wherever the walkthrough is
    session.set_race(race(session.scenario, {"sgd": 0.01, "adam": 0.05}, 30, params), params)
    qtbot.waitUntil(lambda: jobs.idle and panel.grid is not None, timeout=5000)
    xs, ys, losses = panel.grid
    start = session.scenario.network()
    x, y = session.data
    net = start.with_params((np.array([[xs[3], ys[7]]]),), None)
    assert losses[3, 7] == pytest.approx(loss_of(net, x, y, "mse"), rel=1e-12)
    assert panel.paths["adam"].getData()[0][0] == 1.0 and "Final loss" in panel.caption.text()
