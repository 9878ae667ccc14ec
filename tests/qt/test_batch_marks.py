"""The rows of the step's batch and the sample on show: the session's read API,
the Data table's marks, and the table keeping the sample on show in view."""

from __future__ import annotations

import json

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from gdviz.core import edits
from gdviz.core import scenario as scenario_io
from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import Phase
from gdviz.core.trace import trace_json
from gdviz.qt import style
from gdviz.qt.panels.data_panel import DataPanel
from gdviz.qt.panels.data_table_model import BATCH, MARK_ROLE, SAMPLE
from gdviz.qt.session import Session

SGD = "stochastic-gradient-descent"


def _session(lesson: str) -> Session:
    return Session(load_lesson(lesson), lesson)


def _to_phase(session: Session, phase: Phase) -> None:
    while session.phase != phase:
        assert session.next()


@pytest.fixture
def panel(qtbot):
    def make(lesson: str) -> DataPanel:
        widget = DataPanel(_session(lesson), QAction("Import"))
        qtbot.addWidget(widget)
        return widget

    return make


def test_batch_rows_are_the_samples_the_hand_out_names():
    session = _session(SGD)
    steps = json.loads(trace_json(load_lesson(SGD), steps=5))["steps"]
    for step in steps:
        assert session.batch_rows().tolist() == step["samples"]
        assert not session.batch_rows().flags.writeable
        session.finish_step()
        session.next()


def test_sample_row_follows_the_per_sample_micro_steps_and_is_none_batch_wide():
    session = _session(SGD)
    first, second = session.batch_rows().tolist()
    seen = []
    while session.step_number == 1:
        seen.append((session.current.sample, session.sample_row()))
        session.next()
    assert {row for sample, row in seen if sample == 0} == {first}
    assert {row for sample, row in seen if sample == 1} == {second}
    assert {row for sample, row in seen if sample < 0} == {None}  # batch loss, averages, updates


def test_a_batch_of_one_names_its_row_throughout_and_divergence_names_none(hot_scenario):
    session = _session("xor")
    session.edit("batch of one", lambda s: edits.set_batch_size(s, 1))
    row = session.sample_row()
    assert session.batch_rows().tolist() == [row]
    session.finish_step()
    assert session.current.sample < 0 and session.sample_row() == row  # its update is that row's too
    hot = Session(scenario_io.load(hot_scenario), hot_scenario)
    for _ in range(10):  # a warning of divergence may stop a run early: one step at a time
        hot.run_steps(1)
    assert hot.diverged and hot.batch_rows().tolist() == [] and hot.sample_row() is None


def test_full_batch_rows_are_every_row():
    session = _session("xor")
    assert session.batch_rows().tolist() == [0, 1, 2, 3]
    assert session.sample_row() == 0


# -- the table ---------------------------------------------------------------------------


def _marks(model) -> list[str | None]:
    return [model.index(r, 0).data(MARK_ROLE) for r in range(model.rowCount())]


def test_at_a_per_sample_micro_step_the_marked_rows_are_the_batch(panel):
    widget = panel(SGD)
    session, model = widget.session, widget.model
    session.next_phase()  # the loss of the batch's first sample: still per sample
    batch, row = sorted(session.batch_rows().tolist()), session.sample_row()
    assert row == session.batch_rows()[0] and session.current.sample == 0
    assert model.marked_rows() == batch
    marks = _marks(model)
    assert marks[row] == SAMPLE
    assert [r for r, m in enumerate(marks) if m == BATCH] == [r for r in batch if r != row]
    assert [r for r, m in enumerate(marks) if m is None] == [r for r in range(8) if r not in batch]
    # what the widget draws: the sample amber and bold with a marker, the rest of the batch tinted
    amber, blue = style.HIGHLIGHT, style.UI_HIGHLIGHT
    cell = model.index(row, 0)
    assert cell.data(Qt.ItemDataRole.BackgroundRole).color().rgb() == amber.rgb()
    assert cell.data(Qt.ItemDataRole.ForegroundRole).color().rgb() == 0xFF000000  # black on amber
    assert model.headerData(row, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole).bold()
    assert model.headerData(row, Qt.Orientation.Vertical) == f"▶ {row + 1}"
    other = next(r for r in batch if r != row)
    assert model.index(other, 0).data(Qt.ItemDataRole.BackgroundRole).color().rgb() == blue.rgb()
    assert model.headerData(other, Qt.Orientation.Vertical) == str(other + 1)
    assert model.headerData(other, Qt.Orientation.Vertical, Qt.ItemDataRole.FontRole).bold()
    assert f"Row {other + 1}" in model.index(other, 1).data(Qt.ItemDataRole.ToolTipRole)
    outside = next(r for r in range(8) if r not in batch)
    assert model.index(outside, 0).data(Qt.ItemDataRole.BackgroundRole) is None
    assert model.index(outside, 2).data(Qt.ItemDataRole.BackgroundRole) is not None  # target tint kept


def test_marks_follow_the_lesson_through_a_step_and_into_the_next(qtbot, panel):
    widget = panel(SGD)
    session, model = widget.session, widget.model
    _to_phase(session, Phase.AVERAGE)
    assert SAMPLE not in _marks(model) and model.marked_rows() == sorted(session.batch_rows().tolist())
    first_batch = model.marked_rows()
    with qtbot.waitSignal(model.dataChanged, timeout=1000):
        session.finish_step()
        session.next()  # step 2: the next batch of the epoch
    assert model.marked_rows() == sorted(session.batch_rows().tolist()) != first_batch
    assert _marks(model)[session.sample_row()] == SAMPLE


def test_a_move_that_keeps_the_marks_tells_the_view_nothing(qtbot, panel):
    widget = panel(SGD)
    widget.session.next()  # same sample, next node
    with qtbot.assertNotEmitted(widget.model.dataChanged):
        widget.session.next()


def test_full_batch_marks_only_the_sample_on_show(panel):
    widget = panel("xor")
    session, model = widget.session, widget.model
    assert model.marked_rows() == []  # every row is in every batch: no tint
    assert _marks(model) == [SAMPLE, None, None, None]
    _to_phase(session, Phase.AVERAGE)
    assert _marks(model) == [None] * 4
    assert model.headerData(0, Qt.Orientation.Vertical) == "1"


def test_one_row_of_data_marks_nothing(panel):
    widget = panel("calculating-slopes")
    assert _marks(widget.model) == [None]
    assert widget.model.headerData(0, Qt.Orientation.Vertical) == "1"


def test_the_table_scrolls_to_the_sample_on_show(qtbot, panel):
    widget = panel("regression-4-8-8-1")
    widget.resize(500, 260)
    widget.show()
    qtbot.waitExposed(widget)
    session, table = widget.session, widget.table

    def in_view(row: int) -> bool:
        rect = table.visualRect(widget.model.index(row, 0))
        return rect.isValid() and table.viewport().rect().contains(rect)

    seen = set()
    for _ in range(4):
        while session.sample_row() is None:
            session.next()
        row = session.sample_row()
        seen.add(row)
        qtbot.waitUntil(lambda row=row: in_view(row), timeout=2000)
        session.finish_step()
        session.next()
    assert max(seen) > 10  # a row the small table could only show by scrolling
    assert np.array_equal(widget.model.marked_rows(), sorted(session.batch_rows().tolist()))


def test_the_formula_panel_names_the_sample_by_the_row_the_table_marks(qtbot, panel):
    from gdviz.qt.panels.formula_panel import FormulaPanel

    widget = panel(SGD)
    formula = FormulaPanel(widget.session)
    qtbot.addWidget(formula)
    for _ in range(3):
        row = widget.model.sample_row
        assert _marks(widget.model)[row] == SAMPLE
        assert f"sample {row + 1} (" in formula.phase_label.text()
        while widget.session.sample_row() in (row, None):  # on to the next sample, maybe of the next step
            widget.session.next()


def test_a_table_shown_later_opens_on_the_sample_on_show(qtbot, panel):
    widget = panel("regression-4-8-8-1")
    widget.resize(500, 260)
    session = widget.session
    while session.sample_row() < 20:  # a row the small table can show only by scrolling
        session.finish_step()
        session.next()
    row = session.sample_row()
    widget.show()
    qtbot.waitExposed(widget)
    rect = widget.table.visualRect(widget.model.index(row, 0))
    qtbot.waitUntil(lambda: widget.table.viewport().rect().contains(rect), timeout=2000)
