"""What counts as typing: a text field being edited keeps the plain keys.

The lesson's keys (arrows, PageUp/PageDown, Space, Home, N, P, B) act on the
lesson wherever the keyboard focus is, except in a field someone is typing in,
where they move the cursor, step the spin box or type a letter. These helpers
say which widget is such a field, whether it refused what was typed and how it
gives up an entry; the window's key router (``controllers/transport_keys.py``)
decides with them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractSpinBox,
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QTextEdit,
    QWidget,
)

WINDOW_KEYS = (Qt.Key.Key_F1, Qt.Key.Key_F5)
"""Plain keys the window keeps even while typing: help, present."""

HAND_BACK_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
"""Keys that end typing in a field: Enter keeps the value, Esc gives up the typed text."""


def typing_field(widget: QWidget | None) -> QWidget | None:
    """``widget`` if it is a text field being edited (it has the keyboard): an editable
    line edit (a table's cell editor included), a spin box, an editable text box or
    combo box. None for anything else (buttons, lists, tables, plots, the diagram)."""
    if isinstance(widget, (QLineEdit, QAbstractSpinBox)):
        return None if widget.isReadOnly() else widget
    if isinstance(widget, (QTextEdit, QPlainTextEdit)):
        return None if widget.isReadOnly() else widget
    if isinstance(widget, QComboBox) and widget.isEditable():
        return widget
    return None


def in_cell_editor(field: QWidget) -> bool:
    """The field edits a table's cell: the table's delegate ends it on Enter or Esc and
    gives the keyboard back to the table, where the lesson's keys work again."""
    parent = field.parentWidget()
    while parent is not None and not parent.isWindow():
        if isinstance(parent, QAbstractItemView):
            return True
        parent = parent.parentWidget()
    return False


def refused(field: QWidget) -> bool:
    """The field, or the box it sits in, refused the text typed (it says why in its
    ``problem``, as NumberField and the diagram's value editor do): the typing is not over."""
    widget: QWidget | None = field
    while widget is not None:
        problem = getattr(widget, "problem", "")
        if isinstance(problem, str) and problem:
            return True
        if widget.isWindow():
            break
        widget = widget.parentWidget()
    return False


def revert(field: QWidget) -> None:
    """Esc: give up the text typed since the field's value was last taken, where the
    widget can (a NumberField, a spin box that takes its value on Enter); a spin box
    that takes every keystroke keeps what it holds."""
    give_up = getattr(field, "revert", None)
    if callable(give_up):
        give_up()
    elif isinstance(field, QAbstractSpinBox) and not field.keyboardTracking():
        value = getattr(field, "value", None)
        if callable(value):
            field.setValue(value())  # shows the held value again; no change, no signal
