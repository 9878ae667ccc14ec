"""Plots read from the back of a hall: type and lines while presenting, the step arrow
however short the step, the race at the window's default size, ticks that never overlap,
and the loss plot holding every completed step at every micro-step."""

from __future__ import annotations

import math
from dataclasses import replace
from itertools import combinations

import numpy as np
import pyqtgraph as pg
import pytest
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter

from gdviz.core.lessons import load_lesson
from gdviz.core.numbers import fmt
from gdviz.core.params import Param
from gdviz.core.race import race
from gdviz.qt.appearance import PRESENTING_BOOST
from gdviz.qt.plots.gradient_step_panel import GradientStepPanel
from gdviz.qt.plots.loss_curve_panel import LossCurvePanel
from gdviz.qt.plots.loss_surface_panel import LossSurfacePanel
from gdviz.qt.plots.optimizer_race_panel import PLOT_MIN_HEIGHT, OptimizerRacePanel
from gdviz.qt.plots.plot_style import look, make_plot, style_plot
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

PANELS = (LossCurvePanel, GradientStepPanel, LossSurfacePanel, OptimizerRacePanel)


@pytest.fixture
def build(qtbot):
    """Factory: a shown plot panel of a given size on a fresh session of a lesson."""
    made: list[Jobs] = []

    def make(cls, lesson: str = "slope-and-learning-rate", size=(480, 300), **changes):
        session = Session(replace(load_lesson(lesson), **changes), lesson)
        jobs = Jobs()
        made.append(jobs)
        panel = cls(session) if cls is LossCurvePanel else cls(session, jobs)
        qtbot.addWidget(panel)
        panel.resize(*size)
        panel.show()
        qtbot.waitExposed(panel)
        return panel, session, jobs

    yield make
    for jobs in made:
        jobs.shutdown()


def plots_of(panel) -> list[pg.PlotWidget]:
    return [p for p in panel.findChildren(pg.PlotWidget) if p.isVisible()]


def lines_of(plot: pg.PlotWidget) -> list[pg.PlotDataItem]:
    return [item for item in plot.getPlotItem().listDataItems() if item.opts["pen"] is not None]


@pytest.mark.parametrize("cls", PANELS, ids=lambda c: c.__name__)
def test_presenting_type_is_18px_or_more_and_lines_3px_or_more(build, cls):
    panel, *_ = build(cls, size=(900, 700))
    assert pg.getConfigOption("segmentedLineMode") == "on"  # thick pens stay fast
    for zoom in (PRESENTING_BOOST, 0.5 * PRESENTING_BOOST):  # the window's zoom, boosted; even zoomed out
        panel.set_zoom(zoom)
        panel.set_presenting(True)
        look = panel.look
        assert look.text >= 18 and look.title > look.text and look.caption > look.text
        for plot in plots_of(panel):
            for side in ("bottom", "left"):
                axis = plot.getAxis(side)
                assert axis.style["tickFont"].pixelSize() >= 18
                assert int(axis.labelStyle["font-size"].removesuffix("px")) >= 18
                assert axis.pen().widthF() >= 2
            for item in lines_of(plot):
                assert item.opts["pen"].widthF() >= 3 and item.opts["pen"].isCosmetic()
        assert panel.caption.font().pixelSize() >= 18
        panel.set_presenting(False)
    panel.set_zoom(1.0)
    assert panel.look.text < 18  # back to the dock's size


def test_the_presenting_curves_are_thicker_and_markers_larger(build):
    panel, session, _ = build(LossCurvePanel, size=(900, 700))
    session.run_steps(3)
    normal = (panel.curve.opts["pen"].widthF(), panel.marker.opts["symbolSize"])
    panel.set_presenting(True)
    assert panel.curve.opts["pen"].widthF() >= 5 > normal[0]
    assert panel.marker.opts["symbolSize"] > normal[1]
    assert panel.log_box.font().pixelSize() >= 18  # the controls too


def arrow_length(panel: GradientStepPanel) -> tuple[float, float, float]:
    """The arrow's on-screen length and direction, from its drawn outline mapped to the viewport."""
    start, tip = panel.arrow_ends()
    outline = panel.plot.mapFromScene(panel.arrow.mapToScene(panel.arrow.path)).toFillPolygon()
    spread = max(math.dist((p.x(), p.y()), (tip.x(), tip.y())) for p in outline)
    return spread, tip.x() - start.x(), tip.y() - start.y()


@pytest.mark.parametrize("presenting", [False, True])
def test_a_tiny_steps_arrow_is_drawn_long_enough_and_points_along_the_step(qtbot, build, presenting):
    panel, session, jobs = build(
        GradientStepPanel, size=(900, 700), optimizer={"name": "sgd", "learning_rate": 1e-6}
    )
    panel.set_presenting(presenting)
    session.finish_step()
    qtbot.waitUntil(lambda: jobs.idle and panel.arrow_ends() is not None, timeout=5000)
    old, new, slope, _ = session.param_step(session.focus_param)
    assert 0 < old - new < 1e-3  # far less than a pixel on this plot
    spread, across, down = arrow_length(panel)
    assert spread >= panel.look.arrow - 1  # the outline reaches back from the tip at least this far
    assert math.hypot(across, down) >= panel.look.arrow - 1.5
    assert across < 0  # the weight went down: the arrow points left
    assert down > 0  # and downhill (screen y grows downwards): the loss falls
    per_x, per_y = panel.plot.getPlotItem().vb.viewPixelSize()
    assert down / across == pytest.approx(-slope * per_x / per_y, rel=0.05)  # along the tangent
    assert panel.arrow.isVisible() and panel.step_label.isVisible()
    assert panel.step_label.textItem.toPlainText() == f"step {fmt(new - old)}"  # its true length
    sx, _ = panel.step_line.getData()
    assert sx.tolist() == pytest.approx([old, new])  # and the true step as a line


def test_a_long_steps_arrow_ends_at_the_new_value(qtbot, build):
    panel, session, jobs = build(GradientStepPanel, size=(900, 700))  # learning rate 0.01: a long step
    session.finish_step()
    qtbot.waitUntil(lambda: jobs.idle and panel.arrow_ends() is not None, timeout=5000)
    _, new, _, _ = session.param_step(session.focus_param)
    box = panel.plot.getPlotItem().vb
    _, new_y = panel.new_point.getData()
    expected = panel.plot.mapFromScene(box.mapViewToScene(pg.Point(new, new_y[0])))
    _, tip = panel.arrow_ends()
    assert abs(tip.x() - expected.x()) <= 1.5 and abs(tip.y() - expected.y()) <= 1.5
    assert arrow_length(panel)[0] > panel.look.arrow
    assert "not the slope" not in panel.caption.text()  # sgd's step is the learning rate times the slope
    panel.plot.getPlotItem().vb.scaleBy((4, 4))  # zoomed out, the same step is short: the arrow is not
    assert arrow_length(panel)[0] >= panel.look.arrow - 1


def test_an_adaptive_optimizers_step_is_not_called_learning_rate_times_slope(qtbot, build):
    panel, session, jobs = build(GradientStepPanel, lesson="xor")  # adam
    session.finish_step()
    qtbot.waitUntil(lambda: jobs.idle and panel.arrow_ends() is not None, timeout=5000)
    assert "(adam's step, not the slope)" in panel.caption.text()


def on_screen_height(widget) -> int:
    """How much of a widget's height is on screen, not cut off by the panel, dock or window it is in."""
    top = widget.window()
    rect = QRect(widget.mapTo(top, QPoint(0, 0)), widget.size())
    parent = widget.parentWidget()
    while parent is not None:
        rect &= QRect(parent.mapTo(top, QPoint(0, 0)) if parent is not top else QPoint(0, 0), parent.size())
        parent = parent.parentWidget()
    return rect.height()


def test_the_race_plots_are_tall_at_the_windows_default_size(qtbot, open_window):
    window = open_window("slope-and-learning-rate")
    race = window.show_plot("optimizer race")
    race.steps.setValue(30)
    race.run()
    qtbot.waitUntil(lambda: bool(race.laps) and window.jobs.idle, timeout=10_000)
    qtbot.waitUntil(lambda: on_screen_height(race.surface_plot) >= 200, timeout=3000)
    assert not race.side_by_side and not race.loss_plot.isVisible()
    assert race.view_buttons["surface"].isChecked()
    qtbot.mouseClick(race.view_buttons["loss"], Qt.MouseButton.LeftButton)  # widget -> panel
    assert race.view == "loss" and race.loss_plot.isVisible() and not race.surface_plot.isVisible()
    qtbot.waitUntil(lambda: on_screen_height(race.loss_plot) >= PLOT_MIN_HEIGHT, timeout=3000)
    race.show_view("surface")  # panel -> widget
    assert race.view_buttons["surface"].isChecked() and race.surface_plot.isVisible()


def test_a_wide_race_shows_both_plots_side_by_side(build):
    panel, *_ = build(OptimizerRacePanel, size=(1600, 800))
    assert panel.side_by_side and not panel.view_row.isVisible()
    assert panel.surface_plot.isVisible() and panel.loss_plot.isVisible()
    assert panel.surface_plot.width() > 600 and panel.loss_plot.width() > 600
    panel.resize(500, 600)
    assert not panel.side_by_side and panel.view_row.isVisible() and not panel.loss_plot.isVisible()
    with pytest.raises(ValueError):
        panel.show_view("sideways")


def tick_texts(axis: pg.AxisItem) -> list:
    image = QImage(10, 10, QImage.Format.Format_ARGB32)
    painter = QPainter(image)
    try:
        specs = axis.generateDrawSpecs(painter)
    finally:
        painter.end()
    return [] if specs is None else specs[2]


def assert_ticks_apart(panel) -> None:
    for plot in plots_of(panel):
        for side in ("bottom", "left"):
            texts = tick_texts(plot.getAxis(side))
            assert len(texts) >= 2, (type(panel).__name__, side, plot.getAxis(side).range)
            for (a, _, ta), (b, _, tb) in combinations(texts, 2):
                assert not a.intersects(b), (side, ta, tb)


@pytest.mark.parametrize(
    ("size", "zoom", "presenting"),
    [((480, 300), 1.0, False), ((900, 700), 1.0, True), ((900, 700), 1.6, True)],
)
def test_tick_labels_never_overlap(qtbot, build, size, zoom, presenting):
    laps_params = (Param(0, 0, 0), Param(0, 0, 1))
    panels = []
    for cls in PANELS:
        panel, session, jobs = build(cls, size=size)
        panel.set_zoom(zoom * (PRESENTING_BOOST if presenting else 1.0))
        panel.set_presenting(presenting)
        session.run_steps(12)
        if cls is OptimizerRacePanel:  # losses over hundreds of decades on a log axis
            rates = {"sgd": 0.01, "momentum": 0.01, "rmsprop": 0.05, "adam": 0.05}
            session.set_race(race(session.scenario, rates, 60, laps_params), laps_params)
        panels.append((panel, jobs))
    race_panel = panels[-1][0]
    qtbot.waitUntil(
        lambda: all(jobs.idle for _, jobs in panels) and race_panel.grid is not None, timeout=5000
    )
    for panel, _ in panels:
        assert_ticks_apart(panel)
    race_panel.show_view("loss")
    qtbot.waitUntil(lambda: race_panel.loss_plot.getAxis("bottom").range[1] > 10, timeout=3000)  # drawn
    assert_ticks_apart(race_panel)
    loss_panel = panels[0][0]
    history = loss_panel.session.walk.trainer.history
    for k in range(20_000):
        history.append(10.0 ** (-k / 200))  # a long run: wide step numbers, and a log axis
    loss_panel.refresh()
    assert_ticks_apart(loss_panel)
    loss_panel.log_box.setChecked(True)
    assert_ticks_apart(loss_panel)


@pytest.mark.parametrize("x_range", [(-0.05, 1.05), (-0.37, 2.2), (0.5, 1_000_000.5), (0.5, 5000.5)])
def test_large_type_widens_the_tick_spacing_instead_of_overlapping(qtbot, x_range):
    plot = make_plot("weight", "loss", steps_along_x=x_range[1] > 1000)
    qtbot.addWidget(plot)
    style_plot(plot, look(PRESENTING_BOOST, presenting=True))  # 23 px type on a small plot
    plot.resize(520, 320)
    plot.show()
    qtbot.waitExposed(plot)
    plot.setRange(xRange=x_range, yRange=(-0.04, 1.08), padding=0)
    for side in ("bottom", "left"):
        texts = tick_texts(plot.getAxis(side))
        assert len(texts) >= 2, (side, plot.getAxis(side).range, plot.getAxis(side).geometry(), texts)
        for (a, _, ta), (b, _, tb) in combinations(texts, 2):
            assert not a.intersects(b), (side, ta, tb)


def test_the_loss_plot_holds_every_completed_step_at_every_micro_step(build):
    panel, session, _ = build(LossCurvePanel, lesson="multiple-updates")
    seen = 0
    for k in (1, 2):
        while session.step_number == k:
            x, y = panel.curve.getData()
            history = session.loss_history
            assert len(history) == k - 1
            if k == 1:
                assert x is None or len(x) == 0
            else:
                assert x.tolist() == [1.0] and y.tolist() == [session.loss_history[0]] == [49.0]
                assert panel.curve.opts["symbol"] == "o"  # a lone step is a dot, not an invisible line
            mx, my = panel.marker.getData()
            rx, ry = panel.reach.getData()
            if session.frame.batch_loss_known:
                assert mx.tolist() == [float(k)] and my.tolist() == [session.step_loss]
                if k == 2:  # the curve runs on to the current step's loss
                    assert rx.tolist() == [1.0, 2.0] and ry.tolist() == [49.0, session.step_loss]
            else:
                assert mx is None or len(mx) == 0
                assert rx is None or len(rx) == 0
            seen += 1
            assert session.next()
    assert seen >= 10 and session.step_number == 3
    x, y = panel.curve.getData()
    assert x.tolist() == [1.0, 2.0] and np.array_equal(y, session.loss_history)
