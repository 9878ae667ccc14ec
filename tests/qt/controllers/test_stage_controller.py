"""The stage on a bare QMainWindow: which view is lent by its dock, given back, and which part
goes full screen. Views are stand-ins that record whether they were told they are on screen."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from gdviz.qt.controllers.presentation import PresentationController, StageController, StageView
from gdviz.qt.stage.stage import MAIN, SIDE, Stage

VIEWS = (StageView("loss", "&Loss curve", "1", "loss"), StageView("notes", "&Notes", "5", "notes"))


class FakeView(QLabel):
    """A plot that draws only while told it is on screen."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self._on_screen = True
        self.told: list[bool] = []

    def set_on_screen(self, on_screen: bool) -> None:
        self._on_screen = on_screen
        self.told.append(on_screen)


def add_dock(window: QMainWindow, name: str, widget) -> QDockWidget:
    dock = QDockWidget(name, window)
    dock.setObjectName(f"dock_{name}")
    dock.setWidget(widget)
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    return dock


@pytest.fixture
def rig(qtbot, appearance):
    window = QMainWindow()
    qtbot.addWidget(window)
    diagram, counter = QLabel("diagram"), QLabel("Step 1")
    stage = Stage(((diagram, 1),), counter)
    window.setCentralWidget(stage)
    loss = FakeView("loss")
    docks = [add_dock(window, "loss", loss)]
    window.resize(1000, 600)
    window.show()
    controller = StageController(window, stage, VIEWS)
    presentation = PresentationController(window, appearance, lambda: docks, stage=controller)
    return window, stage, controller, presentation, loss, docks


def test_presenting_lends_the_default_view_and_leaving_gives_it_back(qtbot, rig):
    window, stage, controller, presentation, loss, (dock,) = rig
    assert not stage.counter.isVisible() and not stage.side_part.isVisible()  # the centre as before
    presentation.enter()
    assert controller.view == "loss" and controller.shown is loss
    assert stage.side_part.isAncestorOf(loss) and dock.widget() is None
    assert stage.counter.isVisible() and stage.main_part.isVisible() and stage.side_part.isVisible()
    assert loss._on_screen  # drawing while on the stage
    presentation.leave()
    assert dock.widget() is loss and controller.shown is None and not stage.side_part.isVisible()
    assert not stage.counter.isVisible()
    qtbot.waitUntil(loss.isVisible, timeout=3000)  # back in its dock, shown with it


def test_a_view_whose_dock_does_not_exist_yet_says_so_then_appears(qtbot, rig):
    window, stage, controller, presentation, _, docks = rig
    presentation.enter()
    controller.show_view("notes")
    assert controller.shown is None and stage.placeholder.isVisible()
    assert stage.placeholder.text() == "Notes: not ready yet"
    notes = FakeView("notes")
    docks.append(add_dock(window, "notes", notes))
    assert presentation.hide_while_presenting([docks[-1]])
    assert controller.shown is notes and not stage.placeholder.isVisible()
    controller.show_view("nothing such")  # an unknown name changes nothing
    assert controller.view == "notes"


def test_switching_gives_the_first_view_back_as_it_was_drawing(qtbot, rig):
    window, stage, controller, presentation, loss, (dock,) = rig
    notes = FakeView("notes")
    notes_dock = add_dock(window, "notes", notes)
    presentation.enter()  # (this rig's docks tell their views nothing as they hide)
    loss.told.clear()
    controller.show_view("notes")
    assert controller.shown is notes and notes_dock.widget() is None
    assert dock.widget() is loss and loss.told == [True]  # drawing as before it was lent
    changes = []
    controller.changed.connect(lambda: changes.append(controller.view))
    controller.show_view("loss")
    assert changes == ["loss"] and notes_dock.widget() is notes and controller.shown is loss


def test_full_screen_goes_to_the_part_in_focus(qtbot, rig):
    window, stage, controller, presentation, loss, _ = rig
    presentation.enter()
    assert controller.focus == MAIN  # the diagram first
    controller.toggle_full()
    assert controller.full == MAIN and stage.main_part.isVisible() and not stage.side_part.isVisible()
    controller.show_view("loss")  # choosing a view shows it beside the diagram again...
    assert controller.full is None and stage.side_part.isVisible() and controller.focus == SIDE
    controller.toggle_full()  # ...and F now gives the screen to it
    assert controller.full == SIDE and not stage.main_part.isVisible() and stage.side_part.isVisible()
    controller.toggle_full()
    assert controller.full is None and stage.main_part.isVisible() and stage.side_part.isVisible()
    controller.toggle_diagram_full()
    assert controller.full == MAIN and controller.focus == MAIN
    controller.toggle_diagram_full()
    assert controller.full is None
    qtbot.mouseClick(loss, Qt.MouseButton.LeftButton)  # a click in a part focuses it
    assert controller.focus == SIDE
    qtbot.mouseClick(window.centralWidget().main_part, Qt.MouseButton.LeftButton)
    assert controller.focus == MAIN
    controller.toggle_full()
    presentation.leave()  # leaving forgets full screen: the next presentation starts side by side
    assert controller.full is None and controller.focus == MAIN and controller.view == "loss"


def test_a_remembered_choice_is_taken_quietly_and_a_strange_one_refused(rig):
    window, stage, controller, presentation, loss, (dock,) = rig
    changes = []
    controller.changed.connect(lambda: changes.append(controller.view))
    assert controller.choose("notes") and changes == ["notes"] and controller.focus == MAIN
    assert not controller.choose("weather") and controller.view == "notes"
    assert dock.widget() is loss  # nothing lent while not presenting
