"""The questions the controllers ask the lecturer, behind one small interface.

Controllers call a ``Prompts``; the window answers with real dialogs
(:class:`DialogPrompts`), tests with a fake that records what was asked. So the
document and export workflows run, and are tested, without a window.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

if TYPE_CHECKING:
    from gdviz.qt.panels.csv_import_dialog import CsvImportDialog

UNSAVED_ANSWERS = ("save", "discard", "cancel")
RESTORE_ANSWERS = ("restore", "discard", "later")


class Prompts(Protocol):
    """What a controller may ask. An empty path means the lecturer cancelled."""

    def ask_open_path(self, title: str, folder: str, filter_: str) -> str:
        """A file to open, starting in ``folder``."""
        ...

    def ask_save_path(self, title: str, suggested: str, filter_: str) -> str:
        """Where to write, ``suggested`` (a full path) offered first."""
        ...

    def ask_unsaved(self) -> str:
        """ "save", "discard" or "cancel": what to do with the current scenario's unsaved edits."""
        ...

    def ask_restore(self, title: str, when: str) -> str:
        """ "restore", "discard" or "later" for edits to ``title`` a crash left at ``when``."""
        ...

    def ask_overwrite(self, path: str) -> bool:
        """Whether to save over ``path``, which something else wrote since it was opened or saved."""
        ...

    def confirm_csv(self, dialog: CsvImportDialog) -> bool:
        """Show the import preview; whether the lecturer pressed Import."""
        """Whether to import what ``dialog`` shows (with the choices made in it)."""
        ...

    def show_error(self, title: str, text: str) -> None:
        """Say why something could not be done."""
        ...


class DialogPrompts:
    """``Prompts`` answered with Qt's dialogs, for a window to inherit (it must be a
    QWidget, with the ``session`` whose title the unsaved-changes question names)."""

    def ask_open_path(self: QWidget, title: str, folder: str, filter_: str) -> str:
        """A file to open, from the file dialog ("" if cancelled)."""
        path, _ = QFileDialog.getOpenFileName(self, title, folder, filter_)
        return path

    def ask_save_path(self: QWidget, title: str, suggested: str, filter_: str) -> str:
        """Where to write, from the file dialog ("" if cancelled)."""
        path, _ = QFileDialog.getSaveFileName(self, title, suggested, filter_)
        return path

    def ask_unsaved(self) -> str:
        """ "save", "discard" or "cancel": what to do with unsaved edits about to be replaced."""
        buttons = QMessageBox.StandardButton
        box = plain_box(
            self,
            QMessageBox.Icon.Warning,
            "Unsaved changes",
            f"“{self.session.scenario.title}” has changes that are not saved. Save them first?",
            buttons.Save | buttons.Discard | buttons.Cancel,
        )
        box.setDefaultButton(buttons.Save)
        box.exec()
        clicked = box.clickedButton()
        answer = box.standardButton(clicked) if clicked is not None else buttons.Cancel
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def ask_restore(self: QWidget, title: str, when: str) -> str:
        """ "restore", "discard" or "later" (asked again at the next start) for edits a crash left."""
        box = plain_box(
            self,
            QMessageBox.Icon.Question,
            "Restore unsaved edits",
            f"Restore unsaved edits to “{title}” from {when}?",
            QMessageBox.StandardButton.NoButton,
        )
        box.setInformativeText("gdviz did not close normally; these edits were kept for you.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Discard)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None:
            return "later"
        if box.standardButton(clicked) == QMessageBox.StandardButton.Discard:
            return "discard"
        return "restore" if box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole else "later"

    def ask_overwrite(self: QWidget, path: str) -> bool:
        """Overwrite or Cancel (the default: the other writer's work is kept)."""
        buttons = QMessageBox.StandardButton
        box = plain_box(
            self,
            QMessageBox.Icon.Warning,
            "File changed on disk",
            f"{path} has changed on disk since it was opened or saved here "
            "(another window or program wrote it). Replace it with this scenario?",
            buttons.Cancel,
        )
        replace = box.addButton("Replace", QMessageBox.ButtonRole.DestructiveRole)
        box.setDefaultButton(buttons.Cancel)
        box.exec()
        return box.clickedButton() is replace

    def confirm_csv(self, dialog: CsvImportDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def show_error(self: QWidget, title: str, text: str) -> None:
        """A message box saying what went wrong, as plain text (the text names files and
        keys a file chose: it is never read as HTML)."""
        plain_box(self, QMessageBox.Icon.Critical, title, text).exec()

    # Not asked by controllers: the Help menu's two boxes.
    def show_about(self: QWidget, version: str) -> None:
        """Help > About."""
        QMessageBox.about(
            self,
            "About gdviz",
            f"<h3>gdviz {version}</h3><p>Gradient descent and backpropagation, one step at a time: "
            "every node's value, every slope as its three factors, every update.</p>",
        )

    def show_shortcuts(self: QWidget, rows: list[tuple[str, str]]) -> None:
        """(command, keys) rows as a table."""
        html = "".join(f"<tr><td>{t}</td><td><b>{k}</b></td></tr>" for t, k in rows)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellspacing='6'>{html}</table>")


def plain_box(
    parent: QWidget,
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
) -> QMessageBox:
    """A message box whose text is shown as typed: QMessageBox would render text
    that looks like HTML, and these hold lesson titles, file names and loader messages."""
    box = QMessageBox(icon, title, text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    return box
