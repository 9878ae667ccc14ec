"""Presentation mode: full screen, the window's chrome hidden, larger type, B for a
blank screen, a key hint on entering and a pointer that hides when it rests. The
screen becomes a stage: the diagram and formula, a large counter, and one view of
the lecturer's choice beside them, or either alone (``StageController``).

Leaving puts the window back exactly as it was: its geometry, its dock layout
and whether it was maximised are kept from before entering (full screen would
otherwise leave it un-maximised, with the side docks wider each time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QWidget

from gdviz.qt.appearance import Appearance
from gdviz.qt.stage.blank_overlay import BlankOverlay
from gdviz.qt.stage.cursor_hider import CursorHider
from gdviz.qt.stage.key_hint import KeyHint
from gdviz.qt.stage.stage import MAIN, SIDE, Stage

SETTLE_MS = 1000
"""After leaving, the dock layout is put back again at each resize for this long: a window
manager takes a moment to un-full-screen and re-maximise, and docks restored at an
in-between size would come out resized."""


@dataclass(frozen=True)
class WindowLayout:
    """A window as it was: ``saveGeometry()``, ``saveState()`` and ``isMaximized()``."""

    geometry: QByteArray
    state: QByteArray
    maximized: bool

    @classmethod
    def of(cls, window: QMainWindow) -> WindowLayout:
        """``window`` as it is now."""
        return cls(window.saveGeometry(), window.saveState(), window.isMaximized())


class PresentationController(QObject):
    """Presents ``window``; ``chrome`` lists what to hide (menu bar, toolbars, docks...)."""

    presentingChanged = Signal(bool)
    blankChanged = Signal(bool)

    def __init__(
        self,
        window: QMainWindow,
        appearance: Appearance,
        chrome: Callable[[], Iterable[QWidget]],
        parent: QObject | None = None,
        stage: StageController | None = None,
    ) -> None:
        super().__init__(parent or window)
        self.window, self.appearance, self.chrome = window, appearance, chrome
        self.stage = stage
        """What the screen shows while presenting (None: just the window's centre, larger)."""
        self.blank_overlay = BlankOverlay(window)
        self.key_hint = KeyHint(window)
        self.cursor_hider = CursorHider(window)
        self.layout_before: WindowLayout | None = None
        """How the window was before presenting (None when not presenting): what leaving
        restores, and what is remembered if gdviz closes while presenting."""
        self._hidden: list[QWidget] = []
        self._settling: QByteArray | None = None
        self._settle_timer = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._settle_timer.timeout.connect(self._stop_settling)
        self._restore_timer = QTimer(self, singleShot=True, interval=0)  # out of the resize event
        self._restore_timer.timeout.connect(self._on_restore_timer)
        window.installEventFilter(self)

    @property
    def presenting(self) -> bool:
        """Presentation mode is on."""
        return self.layout_before is not None

    @property
    def blank(self) -> bool:
        """The screen is blacked out."""
        return self.blank_overlay.blank

    def toggle(self) -> None:
        """F5: enter or leave."""
        self.leave() if self.presenting else self.enter()

    def enter(self) -> None:
        """Full screen with the chrome hidden and larger type; the window is kept as it was."""
        if self.presenting:
            return
        window = self.window
        self._stop_settling()
        self.layout_before = WindowLayout.of(window)
        self._hidden = [w for w in self.chrome() if _showing(w)]
        for widget in self._hidden:
            widget.hide()
        if self.stage is not None:
            self.stage.enter()  # after the docks are hidden: it borrows one of their widgets
        self.appearance.set_presenting(True)
        window.showFullScreen()
        self.key_hint.show_for_a_while()
        self.cursor_hider.start()
        self.presentingChanged.emit(True)

    def leave(self) -> None:
        """Back to the window exactly as it was before entering."""
        if not self.presenting:
            return
        before, self.layout_before = self.layout_before, None
        self.set_blank(False)
        self.key_hint.dismiss()
        self.cursor_hider.stop()
        if self.stage is not None:
            self.stage.leave()  # the borrowed widget goes back to its dock before the docks show
        hidden, self._hidden = self._hidden, []
        docks = [widget for widget in hidden if isinstance(widget, QDockWidget)]
        for widget in hidden:
            if widget not in docks:
                widget.show()
        self.appearance.set_presenting(False)
        window = self.window
        if before.maximized:
            # Straight from full screen to maximised: Qt still holds the normal geometry from
            # before. Through showNormal() the platform may hand back the full-screen size as
            # the normal one, and un-maximising later would not give the window it had.
            window.showMaximized()
        else:
            window.showNormal()
            window.restoreGeometry(before.geometry)
        # The docks come back through the saved state, in their tabs at their sizes. Shown one by
        # one before it, at an in-between window size, they left stray tab bars behind.
        window.restoreState(before.state)
        for dock in docks:
            if dock.isHidden():
                dock.show()  # not in the state yet: added just before or while presenting
        self._settling = before.state
        self._settle_timer.start()
        self.presentingChanged.emit(False)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.window and event.type() == QEvent.Type.Resize and self._settling is not None:
            self._restore_timer.start()
        return False

    def _on_restore_timer(self) -> None:
        if self._settling is not None:
            self.window.restoreState(self._settling)  # the docks' sizes, at the window's new size

    def _stop_settling(self) -> None:
        self._settling = None
        self._settle_timer.stop()
        self._restore_timer.stop()

    def hide_while_presenting(self, widgets: Iterable[QWidget]) -> bool:
        """Widgets added while presenting (the plot docks, just after start) stay hidden
        until leaving; False if not presenting (nothing done)."""
        if not self.presenting:
            return False
        for widget in widgets:
            widget.hide()
            self._hidden.append(widget)
        if self.stage is not None:
            self.stage.refresh()  # the view chosen may be one of these
        return True

    def toggle_blank(self) -> None:
        """Black out the screen, or bring it back (B, while presenting)."""
        self.set_blank(not self.blank)

    def set_blank(self, blank: bool) -> None:
        """Black out the screen (only while presenting), or bring it back."""
        self.blank_overlay.set_blank(blank and self.presenting)
        self.blankChanged.emit(self.blank)

    def escape(self) -> bool:
        """Esc: bring a blanked screen back first, as presentation software does; else
        leave presentation. Whether it did anything (so Esc can mean something else too)."""
        if self.blank:
            self.set_blank(False)
            return True
        if self.presenting:
            self.leave()
            return True
        return False


def _showing(widget: QWidget) -> bool:
    """Visible, or about to be: docks added to a shown window appear a moment later (the
    plots, just after start). One the lecturer closed was hidden on purpose."""
    return widget.isVisible() or not widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)


@dataclass(frozen=True)
class StageView:
    """A view the stage can show beside the diagram: action ``action_stage_<name>``,
    its menu ``text`` and ``key``; its widget is the one in dock ``dock_<dock>``."""

    name: str
    text: str
    key: str
    dock: str


STAGE_VIEWS = (
    StageView("loss", "&Loss curve", "1", "loss"),
    StageView("gradient", "&Gradient step", "2", "gradient step"),
    StageView("surface", "Loss &surface", "3", "surface"),
    StageView("race", "Optimizer &race", "4", "race"),
    StageView("notes", "&Notes", "5", "notes"),
    StageView("input", "&Input space", "6", "input space"),
)
"""Adding a view to the stage is one line here (its dock must exist)."""
DEFAULT_VIEW = "loss"


class StageController(QObject):
    """Which view is beside the diagram while presenting, and which part, if any, is full
    screen. The view's widget is borrowed from its dock on entering (or on switching)
    and given back on leaving, so the docks and their tabs come back as they were.

    ``focus`` is the part full screen goes to (F): the view after choosing one, the
    part clicked last, the diagram to begin with."""

    changed = Signal()
    """The view, the full-screen part or presenting changed: menus update their checks."""

    def __init__(self, window: QMainWindow, stage: Stage, views: Iterable[StageView] = STAGE_VIEWS) -> None:
        super().__init__(window)
        self.window, self.widget = window, stage
        self.views = {view.name: view for view in views}
        self.view = DEFAULT_VIEW if DEFAULT_VIEW in self.views else next(iter(self.views))
        self.full: str | None = None
        """MAIN, SIDE or None (both side by side)."""
        self.focus = MAIN
        self.presenting = False
        self._lent: tuple[QDockWidget, QWidget, bool] | None = None
        """The dock a view was borrowed from, the view, and whether it was drawing then."""

    # -- commands (the View > Stage actions) ------------------------------------------
    def show_view(self, name: str) -> None:
        """Put view ``name`` beside the diagram (or full screen, if the view part is). Not
        presenting, its dock's tab comes to the front, and it stands beside the diagram
        once presenting."""
        if name not in self.views:
            return
        self.view, self.focus = name, SIDE
        if self.full == MAIN:
            self.full = None  # the choice is seen at once
        self._arrange()
        dock = self.dock_of(name)
        if not self.presenting and dock is not None:
            dock.show()
            dock.raise_()

    def choose(self, name: str) -> bool:
        """The view to stand beside the diagram when presenting (a remembered choice, at
        start); False for a name not in the table (nothing changes)."""
        if name not in self.views:
            return False
        self.view = name
        self.changed.emit()
        return True

    def toggle_full(self) -> None:
        """The focused part full screen, or both parts back side by side."""
        self.full = None if self.full is not None else self.focus
        self._arrange()

    def toggle_diagram_full(self) -> None:
        """The diagram and formula full screen, or the view back beside them."""
        self.focus = MAIN
        self.full = None if self.full == MAIN else MAIN
        self._arrange()

    # -- presentation's hooks ---------------------------------------------------------------
    def enter(self) -> None:
        """Presentation starts (the docks are hidden): borrow the view, lay out the stage."""
        self.presenting, self.full, self.focus = True, None, MAIN
        QApplication.instance().installEventFilter(self)  # clicks say which part is in focus
        self._arrange()

    def leave(self) -> None:
        """Presentation ends: give the view back to its dock, the centre as it was."""
        self.presenting, self.full, self.focus = False, None, MAIN
        QApplication.instance().removeEventFilter(self)
        self._give_back()
        self._arrange()

    def refresh(self) -> None:
        """Docks appeared while presenting (the plots come just after start): show the view now."""
        self._arrange()

    # -- reading ---------------------------------------------------------------------
    def dock_of(self, name: str) -> QDockWidget | None:
        return self.window.findChild(QDockWidget, f"dock_{self.views[name].dock}")

    @property
    def shown(self) -> QWidget | None:
        """The widget on show beside the diagram (None when not presenting, or not built yet)."""
        return self._lent[1] if self._lent else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QWidget):
            part = self.widget.part_of(watched)
            if part is not None:
                self.focus = part
        return False

    # -- lending ----------------------------------------------------------------------
    def _arrange(self) -> None:
        if self.presenting:
            self._lend(self.view)
        self.widget.set_arrangement(self.presenting, self.full)
        self.changed.emit()

    def _lend(self, name: str) -> None:
        dock = self.dock_of(name)
        if self._lent is not None and self._lent[0] is dock:
            return
        self._give_back()
        widget = dock.widget() if dock is not None else None
        if widget is None:
            self.widget.set_side(None, f"{self.views[name].text.replace('&', '')}: not ready yet")
            return
        # A plot draws only while on screen: its dock's visibility (False now, for the one in
        # front) tells it again once shown; one no dock tells (the race) keeps drawing.
        self._lent = (dock, widget, getattr(widget, "_on_screen", True))
        self.widget.set_side(widget)
        _set_on_screen(widget, True)
        _set_on_stage(widget, True)

    def _give_back(self) -> None:
        if self._lent is None:
            return
        dock, widget, was_on_screen = self._lent
        self._lent = None
        self.widget.set_side(None)
        _set_on_screen(widget, was_on_screen)
        _set_on_stage(widget, False)
        dock.setWidget(widget)
        widget.show()  # shown with its dock (reparenting hid it)


def _set_on_screen(widget: QWidget, on_screen: bool) -> None:
    """Plots redraw only while on screen; other views (notes) always do."""
    if hasattr(widget, "set_on_screen"):
        widget.set_on_screen(on_screen)


def _set_on_stage(widget: QWidget, on_stage: bool) -> None:
    """A view with a stage look of its own takes it on, or leaves it: the plots' presentation
    look (thick lines, large axis text), the notes' larger type."""
    for hook in ("set_presenting", "set_on_stage"):
        if hasattr(widget, hook):
            getattr(widget, hook)(on_stage)
