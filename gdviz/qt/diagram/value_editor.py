"""A small box for typing one number in place, over the diagram.

Bad text is refused where it is typed: the box stays open, turns red and says
what is wrong, and the model is not touched. Enter applies, Esc cancels.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from gdviz.core import edits
from gdviz.core.edits import parse_number
from gdviz.core.names import bias_name, weight_name
from gdviz.core.params import Node, Param
from gdviz.core.scenario import ScenarioError
from gdviz.qt import style
from gdviz.qt.session import Session


class ValueEditor(QFrame):
    """Caption, a line edit and a message line; ``apply`` gets the typed number."""

    closed = Signal()

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("value_editor")
        self.setFrameShape(QFrame.Shape.Box)
        self.setAutoFillBackground(True)
        self.caption = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.caption.setFont(style.font(18, bold=True))
        self.field = QLineEdit()
        self.field.setObjectName("value_editor_field")
        self.field.setFont(style.font(24))
        self.field.setMinimumWidth(220)
        self.field.setToolTip("Type a number, then Enter to apply or Esc to cancel")
        self.message = QLabel(textFormat=Qt.TextFormat.PlainText)
        self.message.setObjectName("value_editor_message")
        self.message.setFont(style.font(16))
        self.message.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addWidget(self.caption)
        layout.addWidget(self.field)
        layout.addWidget(self.message)
        self.field.returnPressed.connect(self._on_return)
        self.field.textEdited.connect(lambda _text: self._show_problem(""))
        self.field.installEventFilter(self)
        self._apply: Callable[[float], None] | None = None
        self._shown = ""
        self.hide()

    def open(self, caption: str, value: float, at: QPoint, apply: Callable[[float], None]) -> None:
        """Show over ``at`` (parent coordinates), holding ``value``, ready to type."""
        self._apply = apply
        self.caption.setText(caption)
        self._shown = repr(float(value))
        self.field.setText(self._shown)
        self._show_problem("")
        self.adjustSize()
        parent = self.parentWidget().rect()
        x = min(max(at.x() - self.width() // 2, 0), max(parent.width() - self.width(), 0))
        y = min(max(at.y() - self.height() // 2, 0), max(parent.height() - self.height(), 0))
        self.move(x, y)
        self.show()
        self.raise_()
        self.field.selectAll()
        self.field.setFocus()

    def close_editor(self) -> None:
        if self.isVisible():
            self.hide()
            self._apply = None
            self.closed.emit()

    @property
    def problem(self) -> str:
        return self.message.text()

    def _on_return(self) -> None:
        if self.field.text().strip() == self._shown:
            self.close_editor()  # Enter on the number as shown: nothing to change
            return
        try:
            value = parse_number(self.field.text())
            if self._apply is not None:
                self._apply(value)
        except (ValueError, ScenarioError) as err:
            self._show_problem(str(err))
            return
        self.close_editor()

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style.refused_text_css())
        self.message.setVisible(bool(text))
        self.field.setStyleSheet(style.refused_field_css() if text else "")
        self.adjustSize()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.field:
            kind = event.type()
            if kind == QEvent.Type.ShortcutOverride and event.key() == Qt.Key.Key_Escape:
                event.accept()  # Esc is ours while typing, not the window's
                return True
            if kind == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self.close_editor()
                return True
            if kind == QEvent.Type.FocusOut:
                self.close_editor()  # clicking elsewhere cancels, as in a spreadsheet
        return super().eventFilter(watched, event)


def starting_value(session: Session, key: Param | Node) -> tuple[str, float, Callable[[float], None]]:
    """What the number box edits for a weight or a (non-input) node's bias: its caption,
    its starting value, and the one session call that applies a typed number."""
    scenario, layers = session.scenario, session.layers
    restart = "" if session.at_start else "  (training restarts at step 0)"
    if isinstance(key, Param):
        l, j, i = key
        name = weight_name(layers, l, j, i)

        def apply(v: float) -> None:
            session.edit(f"Set {name}", lambda s: edits.set_weight(s, l, j, i, v))

        return f"Starting weight {name}{restart}", float(scenario.network().weights[l][j, i]), apply
    l, j = key
    name = bias_name(layers, l - 1, j)

    def apply(v: float) -> None:
        session.edit(f"Set {name}", lambda s: edits.set_bias(s, l - 1, j, v))

    if scenario.biases is None:
        return f"{name}: this network has no biases; turn them on under Setup", 0.0, apply
    return f"Starting bias {name}{restart}", float(scenario.biases[l - 1][j]), apply
