"""Controllers tested without the window: a real Session on a lesson, settings in a
scratch file, and prompts answered by a fake that records what was asked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings

from gdviz.core.lessons import load_lesson
from gdviz.qt.appearance import Appearance
from gdviz.qt.controllers.autosaver import Autosaver
from gdviz.qt.controllers.document import DocumentController
from gdviz.qt.controllers.player import Player
from gdviz.qt.controllers.settings import SettingsController
from gdviz.qt.session import Session


class FakePrompts:
    """Answers each question from a queue (cancel once a queue is empty) and notes what was asked."""

    def __init__(self) -> None:
        self.paths: list[str] = []
        self.unsaved: list[str] = []
        self.restore: list[str] = []
        self.import_csv = True
        self.overwrite: list[bool] = []
        self.asked: list[tuple] = []
        self.errors: list[tuple[str, str]] = []
        self.dialogs: list = []

    def ask_open_path(self, title: str, folder: str, filter_: str) -> str:
        self.asked.append(("open", title, folder))
        return self.paths.pop(0) if self.paths else ""

    def ask_save_path(self, title: str, suggested: str, filter_: str) -> str:
        self.asked.append(("save", title, suggested))
        return self.paths.pop(0) if self.paths else ""

    def ask_unsaved(self) -> str:
        self.asked.append(("unsaved",))
        return self.unsaved.pop(0) if self.unsaved else "cancel"

    def ask_restore(self, title: str, when: str) -> str:
        self.asked.append(("restore", title, when))
        return self.restore.pop(0) if self.restore else "later"

    def ask_overwrite(self, path: str) -> bool:
        self.asked.append(("overwrite", path))
        return self.overwrite.pop(0) if self.overwrite else False

    def confirm_csv(self, dialog) -> bool:
        self.dialogs.append((dialog.summary.text(), dialog.import_button.isEnabled()))
        return self.import_csv and dialog.import_button.isEnabled()

    def show_error(self, title: str, text: str) -> None:
        self.errors.append((title, text))


@pytest.fixture
def prompts() -> FakePrompts:
    return FakePrompts()


@pytest.fixture
def store(tmp_path) -> QSettings:
    """Settings of this test alone, in a scratch file."""
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def appearance(qapp) -> Appearance:
    return Appearance()


@pytest.fixture
def settings(store, appearance) -> SettingsController:
    return SettingsController(store, appearance)


@pytest.fixture
def lesson_session(qapp) -> Session:
    return Session(load_lesson("backprop-in-practice"), "backprop-in-practice")


@pytest.fixture
def autosaver(lesson_session, tmp_path) -> Autosaver:
    return Autosaver(lesson_session, folder=tmp_path / "autosave")


@pytest.fixture
def document(lesson_session, autosaver, settings, prompts) -> DocumentController:
    return DocumentController(lesson_session, Player(lesson_session), autosaver, settings, prompts)
