"""The action table: every command declared once, built onto a window by name."""

from __future__ import annotations

from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMainWindow

from gdviz.qt.controllers import actions
from gdviz.qt.controllers.actions import ENTRIES, TOOLBAR, ActionSpec, MenuSpec, Separator


class Recorder:
    """Stands in for the window's parts: every attribute path is a callable noting its calls."""

    def __init__(self, calls: list, path: str) -> None:
        self._calls, self._path = calls, path

    def __getattr__(self, name: str) -> Recorder:
        return Recorder(self._calls, f"{self._path}.{name}")

    def __call__(self, *args):
        self._calls.append((self._path, args))
        if self._path.endswith(("createUndoAction", "createRedoAction")):
            return QAction(args[1], args[0])
        return None


class Owner(QMainWindow):
    def __init__(self, calls: list) -> None:
        super().__init__()
        for part in ("session", "player", "document", "exports", "presentation", "appearance"):
            setattr(self, part, Recorder(calls, part))
        for name in (
            "_on_fast_forward",
            "_on_cancel",
            "_on_reset",
            "_on_keys",
            "_on_about",
            "_on_escape",
            "_on_view_key",
        ):
            setattr(self, name, Recorder(calls, name))


SPECS = [e for e in ENTRIES if isinstance(e, ActionSpec)]


def test_names_are_unique_and_every_menu_is_declared_before_use():
    names = [e.name for e in ENTRIES if not isinstance(e, Separator)]
    assert len(names) == len(set(names))
    declared: set[str] = set()
    for entry in ENTRIES:
        if isinstance(entry, MenuSpec):
            assert entry.parent is None or entry.parent in declared
            declared.add(entry.name)
        else:
            assert entry.menu is None or entry.menu in declared, entry
    assert {n for n in TOOLBAR if n.startswith("action_")} <= {s.name for s in SPECS}


def test_each_action_calls_its_handler_with_its_arguments(qtbot):
    calls: list = []
    window = Owner(calls)
    qtbot.addWidget(window)
    window.close = Recorder(calls, "close")
    built, menus = actions.build(window)
    for spec in SPECS:
        action = built[spec.name]
        assert getattr(window, spec.name) is action and action.objectName() == spec.name
        assert [k.toString() for k in action.shortcuts()] == [QKeySequence(k).toString() for k in spec.keys]
        assert action.toolTip() and action.isShortcutVisibleInContextMenu()
        if spec.keys:
            assert (
                QKeySequence(spec.keys[0]).toString(QKeySequence.SequenceFormat.NativeText)
                in action.toolTip()
            )
        if spec.menu:
            assert action in menus[spec.menu].actions()
        if spec.factory:
            continue
        action.setEnabled(True)
        del calls[:]
        action.trigger()
        assert calls == [(spec.handler, spec.args)], spec.name


def test_themes_exclude_each_other(qtbot):
    window = Owner([])
    qtbot.addWidget(window)
    window.close = Recorder([], "close")
    built, _ = actions.build(window)
    built["action_theme_dark"].trigger()
    built["action_theme_light"].trigger()
    assert built["action_theme_light"].isChecked() and not built["action_theme_dark"].isChecked()
