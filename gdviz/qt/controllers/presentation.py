"""Presentation mode: full screen, the window's chrome hidden, larger type, B for a
blank screen, a key hint on entering and a pointer that hides when it rests.

Leaving puts the window back exactly as it was: its geometry, its dock layout
and whether it was maximised are kept from before entering (full screen would
otherwise leave it un-maximised, with the side docks wider each time).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QEvent, QObject, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QWidget

from gdviz.qt.appearance import Appearance
from gdviz.qt.stage.blank_overlay import BlankOverlay
from gdviz.qt.stage.cursor_hider import CursorHider
from gdviz.qt.stage.key_hint import KeyHint

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
    ) -> None:
        super().__init__(parent or window)
        self.window, self.appearance, self.chrome = window, appearance, chrome
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
        self._hidden = [w for w in self.chrome() if w.isVisible()]
        for widget in self._hidden:
            widget.hide()
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
        for widget in self._hidden:
            widget.show()
        self._hidden = []
        self.appearance.set_presenting(False)
        window = self.window
        window.showNormal()
        window.restoreGeometry(before.geometry)
        if before.maximized:
            window.showMaximized()
        window.restoreState(before.state)
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
