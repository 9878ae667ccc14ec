"""Test set-up: Qt offscreen, and settings kept out of the user's home."""

from __future__ import annotations

import os

import pytest

# pytest-qt has no setting for the platform; it must be chosen before any
# QApplication exists. An empty value would make Qt try xcb and abort.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"


@pytest.fixture(scope="session", autouse=True)
def disposable_home(tmp_path_factory: pytest.TempPathFactory):
    """QSettings ignores QStandardPaths' test mode: point the XDG folders (settings, autosaves)
    into pytest's own temporary folder, which pytest prunes, rather than a folder of our own
    in /tmp that nothing removes. Session-wide and autouse, so it is in place before the
    first test runs and before pytest-qt's QApplication exists."""
    home = tmp_path_factory.mktemp("gdviz-home")
    saved = {name: os.environ.get(name) for name in ("XDG_CONFIG_HOME", "XDG_DATA_HOME")}
    os.environ["XDG_CONFIG_HOME"] = str(home / "config")
    os.environ["XDG_DATA_HOME"] = str(home / "data")
    yield home
    for name, value in saved.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
