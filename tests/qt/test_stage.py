"""Presentation mode as a stage, in the real window: the diagram and formula with one chosen
view beside them at 1920x1080, switched by the View > Stage actions, either part full screen,
the large counter at every micro-step, and the window exactly as it was after leaving."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QTabBar

from gdviz.core.numbers import fmt
from gdviz.qt.controllers import actions
from gdviz.qt.controllers.presentation import STAGE_VIEWS
from gdviz.qt.stage.stage import DIAGRAM_SHARE

WIDTH, HEIGHT = 1920, 1080


def action(window, name: str) -> QAction:
    found = window.findChild(QAction, name)
    assert found is not None, name
    return found


def present_at_projector_size(qtbot, window) -> None:
    """F5, then the window at a projector's size: the offscreen screen is smaller, so the
    window leaves full screen (still presenting) for one the size of a projector's."""
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    qtbot.waitUntil(window.isFullScreen, timeout=3000)
    window.showNormal()
    window.setGeometry(0, 0, WIDTH, HEIGHT)
    seen = []

    def settled() -> bool:
        seen.append(window.stage.size().toTuple())
        return seen[-3:] == [(WIDTH, HEIGHT)] * 3

    qtbot.waitUntil(settled, timeout=3000)
    assert window.presentation.presenting


def view_widgets(window) -> dict:
    return {
        "loss": window.loss_curve,
        "gradient": window.gradient_step,
        "surface": window.loss_surface,
        "race": window.race,
        "notes": window.notes,
        "input": window.input_space_panel,
    }


def test_the_stage_at_projector_size_its_full_screen_parts_and_its_counter(qtbot, open_window, hot_scenario):
    window = open_window("stochastic-gradient-descent")
    present_at_projector_size(qtbot, window)
    stage = window.stage
    assert not any(dock.isVisible() for dock in window.findChildren(QDockWidget))
    assert not window.menuBar().isVisible() and not window.statusBar().isVisible()
    assert window.presentation.stage.shown is window.loss_curve  # the default view
    assert action(window, "action_stage_loss").isChecked()
    for widget in (stage.counter, window.diagram, window.formula, window.loss_curve):
        assert widget.isVisible()
    qtbot.waitUntil(lambda: stage.main_part.width() > 0.6 * WIDTH, timeout=3000)
    # The diagram gets most of the width; the view the rest, the whole height under the counter.
    assert stage.main_part.width() == pytest.approx(WIDTH * DIAGRAM_SHARE / 100, abs=2)
    assert stage.side_part.width() == pytest.approx(WIDTH * (100 - DIAGRAM_SHARE) / 100, abs=2)
    assert window.loss_curve.width() > 650 and window.loss_curve.height() > 900
    assert window.diagram.width() == stage.main_part.width() and window.diagram.height() > 700
    diagram = window.diagram.geometry()
    assert window.formula.geometry().top() >= diagram.bottom()  # the formula under the diagram
    assert stage.counter.geometry().bottom() <= stage.main_part.geometry().top()
    assert stage.counter.font().pixelSize() >= 24 and stage.counter.width() == WIDTH
    assert stage.counter.text() == "Step 1 · Epoch 1 · Batch 1 of 4"

    # Either part full screen, and back.
    full, diagram_full = action(window, "action_stage_full"), action(window, "action_stage_diagram")
    assert full.isEnabled() and not full.isChecked()
    qtbot.keyClick(window.diagram, Qt.Key.Key_4)
    qtbot.keyClick(window.diagram, Qt.Key.Key_F)  # the race, chosen last, has the screen
    assert full.isChecked() and not stage.main_part.isVisible() and window.race.isVisible()
    qtbot.waitUntil(lambda: stage.side_part.width() == WIDTH, timeout=3000)
    assert stage.counter.isVisible()  # still says where training is
    qtbot.keyClick(window.diagram, Qt.Key.Key_F)
    assert not full.isChecked() and stage.main_part.isVisible() and stage.side_part.isVisible()
    qtbot.keyClick(window.diagram, Qt.Key.Key_D)  # the diagram and formula alone
    assert diagram_full.isChecked() and full.isChecked() and not stage.side_part.isVisible()
    qtbot.waitUntil(lambda: window.diagram.width() == WIDTH, timeout=3000)
    assert window.formula.isVisible() and window.formula.width() == WIDTH
    qtbot.keyClick(window.diagram, Qt.Key.Key_D)
    assert not diagram_full.isChecked() and stage.side_part.isVisible()
    qtbot.keyClick(window.diagram, Qt.Key.Key_F)  # the diagram has focus again (D): it takes the screen
    assert diagram_full.isChecked()
    qtbot.keyClick(window.diagram, Qt.Key.Key_1)  # a view chosen comes back beside it
    assert not full.isChecked() and stage.side_part.isVisible() and window.loss_curve.isVisible()

    # The counter at every micro-step of three steps, and once training has diverged.
    counter, session = window.counter, window.session
    texts = [counter.text()]
    while session.step_number < 3:
        qtbot.keyClick(window.diagram, Qt.Key.Key_Right)
        assert counter.text() == session.position().text()
        texts.append(counter.text())
    assert texts[0] == "Step 1 · Epoch 1 · Batch 1 of 4"  # no loss before it is computed
    assert f"Step 1 · Epoch 1 · Batch 1 of 4 · Loss {fmt(session.loss_history[0])}" in texts
    assert texts[-1] == f"Step 3 · Epoch 1 · Batch 3 of 4 · Last step's loss {fmt(session.loss_history[1])}"
    assert window.open_name(hot_scenario)
    for _ in range(200):  # on into the overflow
        if session.diverged:
            break
        session.next()
    assert counter.text() == "Step 3 · Epoch 3 · Diverged"
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    assert not full.isEnabled() and not diagram_full.isEnabled()


def tab_bars(window) -> list[str]:
    """The docks' tab bars on show, by their first tab."""
    bars = window.findChildren(QTabBar)
    return sorted(b.tabText(0) for b in bars if b.parent() is window and b.isVisible() and b.count())


def test_each_view_is_chosen_by_its_action_and_given_back_to_its_dock(qtbot, open_window):
    window = open_window()
    widgets, stage = view_widgets(window), window.presentation.stage
    assert [view.name for view in STAGE_VIEWS] == list(widgets)
    qtbot.waitUntil(lambda: tab_bars(window) == ["Loss", "Notes"], timeout=3000)
    present_at_projector_size(qtbot, window)
    for view in STAGE_VIEWS:
        action(window, f"action_stage_{view.name}").trigger()
        shown = widgets[view.name]
        assert stage.shown is shown and shown.isVisible() and window.stage.side_part.isAncestorOf(shown)
        assert action(window, f"action_stage_{view.name}").isChecked()
        assert shown.width() > 650
        assert getattr(shown, "presenting", True)  # a plot takes its presentation look
        assert all(stage.dock_of(n).widget() is w for n, w in widgets.items() if n != view.name)
        if view.name == "notes":
            assert window.notes.font().pixelSize() >= 30  # notes on the stage read from the back
    action(window, "action_stage_notes").trigger()
    qtbot.keyClick(window.diagram, Qt.Key.Key_2)  # the keys work too
    assert window.notes.font().pixelSize() < 30
    assert stage.shown is window.gradient_step
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    assert not window.presentation.presenting and stage.shown is None
    assert all(stage.dock_of(name).widget() is widget for name, widget in widgets.items())
    assert not any(panel.presenting for panel in window.plots.values())
    qtbot.waitUntil(lambda: stage.dock_of("loss").isVisible(), timeout=3000)
    assert tab_bars(window) == ["Loss", "Notes"]  # no stray tab bars left over the window
    qtbot.keyClick(window.diagram, Qt.Key.Key_4)  # not presenting: the race's tab comes to the front...
    qtbot.waitUntil(lambda: not window.race.visibleRegion().isEmpty(), timeout=3000)
    assert window.loss_curve.visibleRegion().isEmpty()
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)  # ...and the race is on the stage next time
    assert stage.shown is window.race

    # In View > Stage and in F1's list, each with a key of its own.
    stage_menu = window.menus["menu_stage"]
    assert stage_menu.menuAction() in window.menus["menu_view"].actions()
    names = [a.objectName() for a in stage_menu.actions() if not a.isSeparator()]
    assert names == [f"action_stage_{v.name}" for v in STAGE_VIEWS] + [
        "action_stage_full",
        "action_stage_diagram",
    ]
    rows = dict(actions.shortcut_rows(window.actions()))
    assert rows["Loss curve"] == "1" and rows["Notes"] == "5" and rows["Diagram full screen"] == "D"
    assert rows["Full screen: the part in focus"] == "F"
    every_key = [key for keys in rows.values() for key in keys.split(", ")]
    assert len(every_key) == len(set(every_key))  # no key does two things


def layout_of(window) -> tuple:
    """Everything leaving must put back, as bytes and widths, and the docks' tab bars."""
    docks = [window.findChild(QDockWidget, f"dock_{name}") for name in ("notes", "loss")]
    return (
        bytes(window.saveGeometry()),
        bytes(window.saveState()),
        window.isMaximized(),
        [(dock.width(), dock.height()) for dock in docks],
        tab_bars(window),
    )


def steady(qtbot, window) -> tuple:
    seen = []

    def same_three_times() -> bool:
        seen.append(layout_of(window))
        return len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]

    qtbot.waitUntil(same_three_times, timeout=3000)
    return seen[-1]


def settings_now() -> dict:
    store = QSettings("gdviz", "gdviz")
    return {key: store.value(key) for key in store.allKeys()}


@pytest.mark.parametrize("maximized", [True, False], ids=["maximized", "normal"])
def test_a_round_trip_puts_back_geometry_state_and_docks_byte_for_byte(qtbot, open_window, maximized):
    window = open_window()
    window.setGeometry(20, 40, 760, 700)  # within the offscreen screen, as a real window would be
    if maximized:
        window.showMaximized()
        qtbot.waitUntil(window.isMaximized, timeout=3000)
    qtbot.waitUntil(lambda: window.findChild(QDockWidget, "dock_loss").width() > 200, timeout=3000)
    before, stored = steady(qtbot, window), settings_now()
    for view in ("race", "notes"):
        qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
        qtbot.waitUntil(window.isFullScreen, timeout=3000)
        action(window, f"action_stage_{view}").trigger()
        action(window, "action_stage_full").trigger()
        qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not window.isFullScreen(), timeout=3000)
        qtbot.waitUntil(lambda: layout_of(window) == before, timeout=3000)
    assert steady(qtbot, window) == before
    assert settings_now() == stored  # presenting writes nothing
    window.close()
    store = QSettings("gdviz", "gdviz")
    assert bytes(store.value("window/geometry")) == before[0]
    assert bytes(store.value("window/state")) == before[1]
    assert store.value("stage/view") == "notes"  # the view chosen last stands beside the diagram next time


def test_the_command_line_names_every_stage_view():
    from gdviz.cli import STAGE_VIEW_NAMES

    assert STAGE_VIEW_NAMES == tuple(view.name for view in STAGE_VIEWS)
