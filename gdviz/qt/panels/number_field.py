"""A line edit for one number that refuses bad text where it is typed."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QWidget

from gdviz.core.edits import parse_number
from gdviz.core.scenario import ScenarioError
from gdviz.qt import style


class NumberField(QLineEdit):
    """On Enter or leaving the field, the typed number goes to ``apply`` (one
    model call). Text that is not a number, or a number the model refuses,
    leaves the field red with the reason in ``problem``; nothing changes.
    Esc (``revert``) gives up the typed text."""

    problemChanged = Signal(str)

    def __init__(self, apply: Callable[[float], None], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._apply = apply
        self._shown = ""
        self.problem = ""
        self.editingFinished.connect(self._on_editing_finished)
        self.textEdited.connect(lambda _text: self._set_problem(""))

    def show_value(self, value: float) -> None:
        """Show the model's value (clears any refused text)."""
        self._shown = repr(float(value))
        self.setText(self._shown)
        self._set_problem("")

    def revert(self) -> None:
        """Give up the typed text: the model's value again, nothing refused."""
        self.setText(self._shown)
        self._set_problem("")

    def _on_editing_finished(self) -> None:
        if self.text() == self._shown:
            return
        try:
            self._apply(parse_number(self.text()))
        except (ValueError, ScenarioError) as err:
            self._set_problem(str(err))

    def _set_problem(self, text: str) -> None:
        if text != self.problem:
            self.problem = text
            self.setStyleSheet(style.refused_field_css() if text else "")
            self.problemChanged.emit(text)
