"""What is remembered between runs, read and written without the window."""

from __future__ import annotations

import os

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from gdviz.qt.controllers import settings as settings_module
from gdviz.qt.controllers.presentation import WindowLayout
from gdviz.qt.controllers.settings import MAX_RECENT, SettingsController, open_store, settings_file


def test_theme_and_zoom_come_back_and_nonsense_is_the_default(store, appearance, settings):
    store.setValue("theme", "dark")
    store.setValue("zoom", "1.44")
    settings.restore_appearance()
    assert (appearance.theme, appearance.zoom) == ("dark", pytest.approx(1.44))
    store.setValue("theme", "purple")
    store.setValue("zoom", "lots")
    settings.restore_appearance()
    assert (appearance.theme, appearance.zoom) == ("light", 1.0)
    store.setValue("zoom", 40)
    settings.restore_appearance()
    assert appearance.zoom == 3.0  # the one zoom range


def test_a_controller_told_not_to_remember_restores_defaults_and_saves_nothing(store, appearance, qtbot):
    store.setValue("theme", "dark")
    quiet = SettingsController(store, appearance, remember=False)
    appearance.set_zoom(2.0)
    quiet.restore_appearance()
    assert (appearance.theme, appearance.zoom) == ("light", 1.0)
    window = QMainWindow()
    qtbot.addWidget(window)
    quiet.save_window(window)
    assert store.value("theme") == "dark" and store.value("window/geometry") is None


def test_recent_files_newest_first_without_repeats(settings, tmp_path, qtbot):
    paths = [tmp_path / f"{k}.json" for k in range(MAX_RECENT + 2)]
    for path in paths:
        with qtbot.waitSignal(settings.recentChanged):
            settings.remember_recent(str(path))
    settings.remember_recent(str(paths[3]))
    recent = settings.recent_files()
    assert recent[0] == str(paths[3]) and len(recent) == MAX_RECENT and len(set(recent)) == MAX_RECENT
    assert recent[1:3] == [str(paths[-1]), str(paths[-2])]
    assert settings.last_folder() == str(tmp_path)


def test_the_window_layout_is_kept_only_once_every_dock_exists(store, settings, qtbot):
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("diagram"))
    dock = QDockWidget("Notes", window)
    dock.setObjectName("dock_notes")
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
    window.resize(700, 500)
    settings.save_window(window, docks_complete=False)
    assert store.value("window/geometry") is not None and store.value("window/state") is None
    before = WindowLayout.of(window)
    window.resize(600, 400)
    settings.save_window(window, before)  # while presenting: the layout from before
    again = QMainWindow()
    qtbot.addWidget(again)
    settings.restore_window(again)
    assert (again.width(), again.height()) == (700, 500)
    assert store.value("window/state") == before.state


def test_the_view_beside_the_diagram_on_the_stage_comes_back(store, appearance, settings):
    assert settings.stage_view("loss") == "loss"  # nothing saved yet: the default
    settings.save_stage_view("surface")
    assert settings.stage_view("loss") == "surface"
    quiet = SettingsController(store, appearance, remember=False)
    quiet.save_stage_view("race")
    assert quiet.stage_view("loss") == "loss" and settings.stage_view("loss") == "surface"


def test_a_settings_file_with_nonsense_is_reset_with_a_note_not_a_crash(store, appearance, settings, qtbot):
    store.setValue("zoom", "nan")
    store.setValue("window/geometry", "not a layout")
    store.setValue("window/state", 12)
    settings.restore_appearance()
    window = QMainWindow()
    qtbot.addWidget(window)
    settings.restore_window(window)
    assert appearance.zoom == 1.0
    assert settings.ignored == ["zoom=nan", "window/geometry=not a layout", "window/state=12"]
    assert [store.contains(k) for k in ("zoom", "window/geometry", "window/state")] == [False] * 3


@pytest.mark.skipif(
    settings_file() is None, reason="settings live in the registry or the system's preferences"
)
def test_the_file_checked_is_the_one_qt_reads():
    assert QSettings("gdviz", "gdviz").fileName() == str(settings_file())


def test_a_pipe_as_the_settings_file_is_not_read_and_the_run_still_remembers(tmp_path, appearance):
    pipe = tmp_path / "gdviz.conf"
    os.mkfifo(pipe)  # Qt would wait on it for ever
    store, why = open_store(pipe)
    assert why == f"{pipe} is not a regular file" and store.fileName() != str(pipe)
    settings = SettingsController(store, appearance, unreadable=why)
    settings.remember_recent(str(tmp_path / "a.json"))
    assert settings.recent_files() == [str(tmp_path / "a.json")]
    assert settings.note() == f"Settings not read, and not kept this time: {pipe} is not a regular file"
    assert open_store(tmp_path / "absent.conf")[1] == ""


def test_the_window_says_its_settings_could_not_be_read(tmp_path, monkeypatch, open_window):
    pipe = tmp_path / "gdviz.conf"
    os.mkfifo(pipe)
    monkeypatch.setattr(settings_module, "settings_file", lambda: pipe)
    window = open_window("xor")
    assert window.statusBar().currentMessage().startswith("Settings not read, and not kept this time:")
