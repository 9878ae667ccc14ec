"""The window's model: commands move the core walkthrough and emit signals."""

from __future__ import annotations

import numpy as np
import pytest

from gdviz.core.lessons import load_lesson
from gdviz.core.network import forward, loss_of
from gdviz.core.params import Node, Param, param_value
from gdviz.qt.session import Session


def test_next_emits_changed_and_moves_the_core(qtbot, session):
    with qtbot.waitSignal(session.changed, timeout=1000):
        assert session.next()
    assert session.walk.index == 1


def test_previous_at_start_emits_nothing(qtbot, session):
    with qtbot.assertNotEmitted(session.changed):
        assert not session.previous()


def test_load_rebuilds(qtbot, session):
    with qtbot.waitSignals([session.scenarioChanged, session.changed], timeout=1000):
        session.load(load_lesson("xor"), "xor")
    assert session.layers == (2, 3, 1) and session.selection is None


def test_status_names_step_epoch_batch_and_loss(session):
    assert session.status() == "Step 1   ·   Forward pass"  # the loss is not known yet
    session.next_phase()
    assert session.status() == "Step 1   ·   Loss 1   ·   Loss"
    session.load(load_lesson("stochastic-gradient-descent"), "stochastic-gradient-descent")
    session.run_steps(5)
    assert session.status().startswith("Step 6   ·   Epoch 2, batch 2 of 4   ·   Last step's loss ")


def test_select_emits_once(qtbot, session):
    with qtbot.waitSignal(session.selectionChanged, timeout=1000):
        session.select(Param(0, 0, 1))
    with qtbot.assertNotEmitted(session.selectionChanged):
        session.select(Param(0, 0, 1))


def test_a_selection_is_a_typed_node_or_param(session):
    session.select((1, 0))  # a plain tuple is taken as what it spells
    assert isinstance(session.selection, Node) and session.selection == (1, 0)
    assert session.focus_param == (0, 0, 0)  # a node leaves the followed parameter alone
    session.select((1, 0, 1))
    assert isinstance(session.selection, Param) and session.focus_param == Param(1, 0, 1)
    session.select(Node(0, 1))
    assert session.selection == Node(0, 1) and session.focus_param == (1, 0, 1)
    session.select(None)
    assert session.selection is None


def test_values_over_follow_steps(session):
    session.run_steps(3)
    p = Param(0, 0, 1)
    assert session.steps_over(8).tolist() == [1, 2, 3, 4]
    values = session.values_over(p, 8)
    assert values[0] == 1.0 and values[1] == 0.94
    assert values[-1] == param_value(session.net, p)
    assert (
        session.steps_over(2).tolist() == [2, 3, 4]
        and session.values_over(p, 2).tolist() == values[1:].tolist()
    )
    assert session.steps_over(0).tolist() == [4]


def test_node_values_and_the_surface_path_follow_steps(session):
    session.run_steps(2)
    x, _ = session.data
    values = session.node_values_over(Node(1, 0), 8)
    nets = [state.net for state in session.walk.past_states()] + [session.net]
    assert values.tolist() == [float(forward(net, x[:1]).a[1][0, 0]) for net in nets]
    first, second = Param(0, 0, 1), Param(1, 0, 1)
    path = session.path(first, second)
    assert path.shape == (3, 2)
    assert path[:, 0].tolist() == session.values_over(first, 8).tolist()
    assert path[-1].tolist() == [param_value(session.net, first), param_value(session.net, second)]


def test_a_parameter_in_the_step_on_show(session):
    session.load(load_lesson("slope-and-learning-rate"), "slope-and-learning-rate")
    step = session.param_step(Param(0, 0, 0))
    assert step.old == 1 and step.new == pytest.approx(0.7) and step.slope == pytest.approx(30)
    assert step.old - step.learning_rate * step.slope == pytest.approx(step.new)
    assert session.batch_samples == 1 and session.step_loss == session.walk.record.loss


def test_what_the_views_read_once_diverged(hot_scenario):
    from gdviz.core.scenario import load

    session = Session(load(hot_scenario), hot_scenario)
    session.run_steps(10)
    assert session.diverged and session.divergence.step == 3
    assert session.frame is None and session.param_step(Param(0, 0, 0)) is None
    assert session.step_loss is None and session.batch_samples == 0 and session.phase is None
    assert session.value_formula(Node(1, 0)) == "" and session.slope_formula(Param(0, 0, 0)) == ""
    assert "diverged at step 3" in session.formula()
    assert len(session.loss_history) == 2 and not session.at_start


def test_slope_formulas_follow_the_walkthrough(session):
    session.load(load_lesson("stochastic-gradient-descent"), "stochastic-gradient-descent")
    p = Param(0, 0, 0)
    assert session.value_formula(Node(0, 0)) == ""  # an input is given, not computed
    assert session.value_formula(Node(1, 0)).startswith("output = ")
    while session.phase != "backward":
        session.next()
    assert "average" not in session.slope_formula(p)
    while session.phase != "average":
        session.next()
    assert "(average of the samples' slopes)" in session.slope_formula(p)
    assert session.batch_samples == 2 and session.epoch_ends().tolist() == []
    session.run_steps(5)
    assert session.epoch_ends().tolist() == [4] and session.loss_history.tolist() == list(
        session.walk.trainer.history.values
    )


def test_loss_landscapes_are_work_for_a_worker(session):
    session.load(load_lesson("slope-and-learning-rate"), "slope-and-learning-rate")
    x, y = session.data
    along = session.loss_along(Param(0, 0, 0), np.array([0.5, 0.7]))()
    for value, loss in zip((0.5, 0.7), along, strict=True):
        net = session.net.with_params((np.array([[value, 2.0]]),), None)
        assert loss == pytest.approx(loss_of(net, x, y, session.loss))
    session.run_steps(3)
    first, second = Param(0, 0, 0), Param(0, 0, 1)
    xs, ys, work = session.loss_surface(first, second, 9)
    assert len(xs) == len(ys) == 9
    path = session.path(first, second)
    assert xs[0] < path[:, 0].min() and path[:, 0].max() < xs[-1]  # the whole path is on it
    assert (xs[4], ys[4]) == pytest.approx(tuple(path[-1]))  # centred on where training is
    grid = work()
    net = session.net.with_params((np.array([[xs[1], ys[7]]]),), None)
    assert grid.shape == (9, 9) and grid[1, 7] == pytest.approx(loss_of(net, x, y, session.loss))
    assert session.race_surface(9) is None  # no race yet


def test_the_frame_is_made_once_per_position(session):
    frame = session.frame
    assert session.frame is frame
    session.next()
    assert session.frame is not frame and session.frame is session.frame
    assert session.frame.value_known[1].all()


# -- views built on a session alone (no window) ---------------------------------------------


def test_inspector_reads_the_selection_from_the_session(qtbot, session):
    from gdviz.qt.panels.inspector_panel import InspectorPanel

    panel = InspectorPanel(session)
    qtbot.addWidget(panel)
    assert "Click a node" in panel.text
    session.finish_step()
    session.select(Param(0, 0, 1))
    assert "w(x1 -> node_0)" in panel.text and "1 → 0.94" in panel.text
    assert "slope of w(x1 -> node_0) = 3 x 1 x 2 = 6" in panel.text
    assert "step 1: 1" in panel.text
    session.select(Node(1, 0))
    assert "value a = 5" in panel.text and "step 1: 5" in panel.text
    session.select(Param(0, 0))
    assert "this network has no biases" in panel.text


def test_formula_panel_and_banner_read_the_session(qtbot, hot_scenario):
    from gdviz.core.scenario import load
    from gdviz.qt.panels.diverged_banner import DivergedBanner
    from gdviz.qt.panels.formula_panel import FormulaPanel

    session = Session(load_lesson("stochastic-gradient-descent"), "stochastic-gradient-descent")
    formula, banner = FormulaPanel(session), DivergedBanner(session)
    qtbot.addWidget(formula)
    qtbot.addWidget(banner)
    assert formula.phase_label.text() == "Step 1 · Forward pass · sample 2 (1 of 2 in the batch)"
    assert formula.text == session.formula()
    assert banner.isHidden()
    session.load(load(hot_scenario), hot_scenario)
    session.run_steps(10)
    assert formula.phase_label.text() == "Step 3 · Training stopped"
    assert not banner.isHidden() and "diverged at step 3" in banner.text()
