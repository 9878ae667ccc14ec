"""The inspector and the formula panel at a step's result, read from a session alone."""

from __future__ import annotations

from gdviz.core.lessons import load_lesson
from gdviz.core.params import Node, Param
from gdviz.qt.panels.formula_panel import FormulaPanel
from gdviz.qt.panels.inspector_panel import InspectorPanel
from gdviz.qt.session import Session


def test_the_result_of_a_step_is_in_the_formula_panel_and_the_inspector(qtbot):
    session = Session(load_lesson("improving-weights"), "improving-weights")
    formula, inspector = FormulaPanel(session), InspectorPanel(session)
    qtbot.addWidget(formula)
    qtbot.addWidget(inspector)
    session.select(Node(1, 0))
    assert "value a = 7" in inspector.text
    session.finish_step()
    assert formula.phase_label.text() == "Step 1 · Result"
    assert formula.text.startswith("with the new weights: output = 5.04, error = 5.04 - 0 = 5.04")
    assert "value a = 7 → 5.04 (before → after the update)" in inspector.text
    assert "before the update: output = 0*1 + 2*2 + 1*3 = 7" in inspector.text
    session.select(Param(0, 0, 1))
    assert "value 2 → 1.72" in inspector.text and "slope 28" in inspector.text
    session.finish_step()  # Ctrl+Right again: the next step, finished
    assert formula.phase_label.text() == "Step 2 · Result"
    assert "step 1: 2, step 2: 1.72" in inspector.text


def test_batch_losses_are_named_in_the_formula_panel(qtbot):
    session = Session(load_lesson("stochastic-gradient-descent"), "stochastic-gradient-descent")
    formula = FormulaPanel(session)
    qtbot.addWidget(formula)
    while session.phase != "loss":
        session.next()
    row = session.sample_row() + 1
    assert f"\nsample loss (row {row}) = " in formula.text
    session.next_phase()
    while not (session.phase == "loss" and session.current.sample < 0):
        session.next()
    assert formula.text.startswith("batch loss = (")
