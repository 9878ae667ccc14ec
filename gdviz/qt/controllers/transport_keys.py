"""The keyboard of one window: the lesson's keys work wherever the focus is.

A lecturer clicks a lesson, a plot tab, a table cell or a button, then presses
Right (or the clicker's PageDown) and expects the lesson to move. Qt would give
such keys to the focused widget first (a list moves its selection, a button
clicks on Space, a table starts editing). This router, an application event
filter, decides in one place, in this order:

1. While the screen is blank (B in presentation mode) no key reaches anything:
   the first key brings the picture back and does nothing else.
2. In a text field being edited (``typing_field``) plain keys are the field's
   (the cursor moves, Space types a space). Enter keeps the value, Esc gives up
   the typed text (where the field can), and either gives the keyboard back to
   the diagram, so the next Right steps the lesson. A refused entry keeps the
   keyboard, so it can be put right. Esc also stops a running background job,
   as it does anywhere (typing a count, then clicking Fast-forward, leaves the
   keyboard in the count box). A table's cell editor ends on Enter or Esc
   through its table, which gets the keyboard back.
3. Anywhere else the transport's keys (stepping, the stage's 1-5, F and D, B)
   trigger their actions; one whose action is disabled (a fast-forward is running,
   training diverged, F and D when not presenting) does nothing at all rather than
   reaching the widget.

Esc in the window keeps its order: a blank screen comes back, then a running
job is cancelled, then presentation mode is left (the window's ``_on_escape``).
Esc in a field ends the typing (and stops a job) but never leaves presentation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QKeyCombination, QObject, Qt
from PySide6.QtGui import QAction, QKeyEvent, QKeySequence
from PySide6.QtWidgets import QApplication, QDockWidget, QWidget

from gdviz.qt.controllers.action_table import ENTRIES, ActionSpec
from gdviz.qt.controllers.presentation import PresentationController
from gdviz.qt.panels.typing_keys import (
    HAND_BACK_KEYS,
    WINDOW_KEYS,
    in_cell_editor,
    refused,
    revert,
    typing_field,
)

TRANSPORT: tuple[str, ...] = (
    *(e.name for e in ENTRIES if isinstance(e, ActionSpec) and e.menu in ("menu_step", "menu_stage")),
    "action_blank",
)
"""Actions whose keys act from any focus: the Step menu's, the stage's (1-5, F, D: a
lecturer who clicked a panel while presenting still switches the stage) and B."""

HELP_ROWS: tuple[tuple[str, str], ...] = (
    ("Keep a typed value and give the keys back to the lesson", "Enter"),
    ("Give up a typed value and give the keys back to the lesson", "Esc"),
    ("While the screen is blank: bring it back (and nothing else)", "any key"),
)
"""F1's rows for what no single action says."""

_KEYS = (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
_MODIFIER_KEYS = (Qt.Key.Key_Shift, Qt.Key.Key_Control, Qt.Key.Key_Alt, Qt.Key.Key_Meta, Qt.Key.Key_AltGr)
_COMMAND_MODIFIERS = (
    Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.MetaModifier
)


class TransportKeys(QObject):
    """Routes ``window``'s keys (see the module's docstring); ``home`` gets the keyboard
    back when typing ends; ``actions`` are the transport's (normally TRANSPORT's);
    ``cancel_job`` stops a running background job (Esc in a field)."""

    def __init__(
        self,
        window: QWidget,
        home: QWidget,
        actions: Iterable[QAction],
        presentation: PresentationController,
        cancel_job: Callable[[], object] = lambda: False,
    ) -> None:
        super().__init__(window)
        self.window, self.home, self.presentation = window, home, presentation
        self.cancel_job = cancel_job
        self.actions = list(actions)
        self._delivering = False
        QApplication.instance().installEventFilter(self)  # removed when the window goes
        presentation.presentingChanged.connect(self._on_presentation_presenting_changed)

    def hand_back(self) -> None:
        """Give the keyboard to the diagram (the window, if the diagram is not shown)."""
        target = self.home if self.home.isVisible() else self.window
        if QApplication.activeWindow() is not self.window:
            self.window.activateWindow()  # typing ended in a dock floating on its own
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_presentation_presenting_changed(self, presenting: bool) -> None:
        """Presenting hides the side panels (F5 may come while typing in one): the stage
        starts with the keyboard on the diagram."""
        if presenting:
            self.hand_back()

    def owns(self, widget: QWidget) -> bool:
        """``widget`` is in this window, or in one of its docks floating on its own (the
        window's shortcuts work there too); not in a dialog."""
        top = widget.window()
        while top is not self.window:
            if not isinstance(top, QDockWidget) or top.parentWidget() is None:
                return False
            top = top.parentWidget().window()
        return True

    def is_transport(self, event: QKeyEvent) -> bool:
        """The key is one of the transport actions' shortcuts."""
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        try:
            pressed = QKeySequence(QKeyCombination(modifiers, Qt.Key(event.key())))
        except ValueError:  # a key Qt has no name for (0 from an input method, say)
            return False
        return any(pressed == key for action in self.actions for key in action.shortcuts())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        # Called for every event of the application: the cheapest test first (isinstance is a
        # fraction of a microsecond, event.type() a few).
        if not isinstance(event, QKeyEvent) or self._delivering or not isinstance(watched, QWidget):
            return False
        if event.type() not in _KEYS:
            return False
        focus = QApplication.focusWidget()
        target = focus if focus is not None else self.window
        if not self.owns(target) or not (watched is target or watched.isAncestorOf(target)):
            return False  # another window (a dialog), or a widget passing a key on to its own parts
        if self.presentation.blank:
            return self._blank(event)
        field = typing_field(target)
        if field is not None:
            return self._typing(watched, field, event)
        if self.is_transport(event):
            # ShortcutOverride left unclaimed: the action's shortcut fires. A KeyPress gets
            # here only when it did not (its action is disabled): it then does nothing.
            event.setAccepted(event.type() == QEvent.Type.KeyPress)
            return True
        return False

    def _blank(self, event: QKeyEvent) -> bool:
        """No shortcut fires; the first real key (not a lone Shift or Ctrl) unblanks."""
        if event.type() == QEvent.Type.KeyPress and event.key() not in _MODIFIER_KEYS:
            self.presentation.set_blank(False)
        event.accept()
        return True

    def _typing(self, watched: QWidget, field: QWidget, event: QKeyEvent) -> bool:
        key = event.key()
        if event.type() == QEvent.Type.ShortcutOverride:
            plain = not event.modifiers() & _COMMAND_MODIFIERS
            if key in HAND_BACK_KEYS or (plain and key not in WINDOW_KEYS):
                event.accept()  # the field's key, not a shortcut
                return True
            return False
        if key not in HAND_BACK_KEYS or watched is not field or in_cell_editor(field):
            return False
        # The field takes Enter (keeps its value) or Esc first, then typing is over.
        self._delivering = True
        try:
            QApplication.sendEvent(field, event)
        finally:
            self._delivering = False
        if key == Qt.Key.Key_Escape:
            revert(field)
            self.cancel_job()
        elif QApplication.focusWidget() is field and refused(field):
            event.accept()
            return True  # refused: stay, to put it right
        self.hand_back()
        event.accept()
        return True
