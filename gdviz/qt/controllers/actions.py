"""The window's QActions, menus, toolbar and F1 list, built from the command table
(``action_table.py``, re-exported here): building is code, what exists is data.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import QComboBox, QMainWindow, QMenu, QSpinBox, QToolBar, QWidget

from gdviz.core.lessons import LessonInfo
from gdviz.qt.controllers.action_table import (
    ENTRIES,
    PLOT_NAMES,
    SEP,
    TOOLBAR,
    ActionSpec,
    MenuSpec,
    Separator,
    plot_export_specs,
)
from gdviz.qt.controllers.player import SPEEDS, Player
from gdviz.qt.controllers.training import MAX_STEPS
from gdviz.qt.style import font

__all__ = [
    "ENTRIES",
    "PLOT_NAMES",
    "SEP",
    "TOOLBAR",
    "ActionSpec",
    "MenuSpec",
    "Separator",
    "add_specs",
    "add_to_plot_menus",
    "build",
    "build_action",
    "build_toolbar",
    "fill_menu",
    "numbered",
    "plot_export_specs",
    "shortcut_rows",
    "transport_boxes",
]


def _handler(owner: object, dotted: str) -> Callable:
    target = owner
    for part in dotted.split("."):
        target = getattr(target, part)
    return target


def build_action(window: QMainWindow, spec: ActionSpec, groups: dict[str, QActionGroup]) -> QAction:
    """A QAction for ``spec`` on ``window`` (its shortcuts work while menus are hidden)."""
    handler = _handler(window, spec.handler)
    if spec.factory:
        action = handler(window, spec.text)
    else:
        action = QAction(spec.text + (f"\t{spec.shown_keys}" if spec.shown_keys else ""), window)
        action.setCheckable(spec.checkable)
        action.setEnabled(spec.enabled)
        action.triggered.connect(lambda _=False, args=spec.args: handler(*args))
    action.setObjectName(spec.name)
    action.setShortcuts([QKeySequence(k) for k in spec.keys])
    action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    action.setShortcutVisibleInContextMenu(True)
    action.setToolTip(spec.tooltip)
    action.setStatusTip(spec.tip or spec.text)
    if spec.group:
        groups.setdefault(spec.group, QActionGroup(window)).addAction(action)
    window.addAction(action)
    return action


def build(
    window: QMainWindow, entries: Sequence[ActionSpec | MenuSpec | Separator] = ENTRIES
) -> tuple[dict[str, QAction], dict[str, QMenu]]:
    """Actions and menus for ``entries``; each action is also set as the window's
    attribute of its name (``window.action_next``)."""
    actions: dict[str, QAction] = {}
    menus: dict[str, QMenu] = {}
    groups: dict[str, QActionGroup] = {}
    for entry in entries:
        if isinstance(entry, MenuSpec):
            parent = menus[entry.parent] if entry.parent else window.menuBar()
            menus[entry.name] = parent.addMenu(entry.text)
            menus[entry.name].setObjectName(entry.name)
        elif isinstance(entry, Separator):
            menus[entry.menu].addSeparator()
        else:
            actions[entry.name] = build_action(window, entry, groups)
            setattr(window, entry.name, actions[entry.name])
            if entry.menu:
                menus[entry.menu].addAction(actions[entry.name])
    return actions, menus


def add_specs(window: QMainWindow, specs: Iterable[ActionSpec], menus: dict[str, QMenu]) -> list[QAction]:
    """Actions made later (the plot exports), placed like the table's."""
    made = []
    for spec in specs:
        made.append(build_action(window, spec, {}))
        menus[spec.menu].addAction(made[-1])
    return made


def transport_boxes(player: Player) -> tuple[QComboBox, QSpinBox, QComboBox]:
    """The toolbar's boxes: Play's speed, and how many steps or epochs Fast-forward runs.
    Clicking them leaves the arrow keys to the lesson."""
    speed = QComboBox()
    speed.setObjectName("speed_box")
    speed.addItems([label for label, _, _ in SPEEDS])
    speed.setCurrentIndex(player.speed)
    speed.setToolTip("How fast Play moves: micro-steps per second, or whole training steps per frame")
    speed.currentIndexChanged.connect(player.set_speed)
    count = QSpinBox()
    count.setObjectName("fast_forward_count")
    count.setRange(1, MAX_STEPS)
    count.setValue(10)
    count.setToolTip("How many steps or epochs Fast-forward runs")
    unit = QComboBox()
    unit.setObjectName("fast_forward_unit")
    unit.addItems(["steps", "epochs"])
    for box in (speed, count, unit):
        box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
    return speed, count, unit


def build_toolbar(
    window: QMainWindow, actions: dict[str, QAction], widgets: dict[str, list[QWidget]]
) -> QToolBar:
    """The transport toolbar laid out as TOOLBAR says."""
    tools = QToolBar("Transport", window)
    tools.setObjectName("toolbar_transport")
    tools.setFont(font(16))
    for name in TOOLBAR:
        if name == SEP:
            tools.addSeparator()
        elif name in actions:
            tools.addAction(actions[name])
        else:
            for widget in widgets[name]:
                tools.addWidget(widget)
    window.addToolBar(tools)
    return tools


def fill_menu(menu: QMenu, entries: Iterable[tuple[str, Callable[[], object]]]) -> None:
    """Replace ``menu``'s entries with (text, what it calls) pairs (lessons, recent files)."""
    menu.clear()
    count = 0
    for text, call in entries:
        menu.addAction(text).triggered.connect(lambda _=False, c=call: c())
        count += 1
    menu.setEnabled(count > 0)


def numbered(infos: Iterable[LessonInfo], open_: Callable[[str], object]) -> list[tuple[str, Callable]]:
    """The Lessons menu's entries: "1. Title", opening that lesson."""
    return [(f"{n}. {info.title}", partial(open_, info.id)) for n, info in enumerate(infos, start=1)]


def add_to_plot_menus(panel: QWidget, actions: Iterable[QAction]) -> None:
    """Right-clicking a plot offers its exports too."""
    import pyqtgraph as pg

    actions = list(actions)
    for plot in panel.findChildren(pg.PlotWidget):
        for action in actions:
            plot.getPlotItem().vb.menu.addAction(action)


def shortcut_rows(actions: Iterable[QAction]) -> list[tuple[str, str]]:
    """(command, keys) for each action that has keys: the F1 list."""
    native = QKeySequence.SequenceFormat.NativeText
    return [
        (a.text().split("\t")[0].replace("&", ""), ", ".join(k.toString(native) for k in a.shortcuts()))
        for a in actions
        if a.shortcuts()
    ]
