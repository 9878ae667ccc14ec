"""Test set-up: Qt offscreen, and settings kept out of the user's home."""

from __future__ import annotations

import os
import tempfile

# pytest-qt has no setting for the platform; it must be chosen before any
# QApplication exists. An empty value would make Qt try xcb and abort.
if not os.environ.get("QT_QPA_PLATFORM"):
    os.environ["QT_QPA_PLATFORM"] = "offscreen"

# QSettings ignores QStandardPaths' test mode; point XDG folders somewhere disposable.
_home = tempfile.mkdtemp(prefix="gdviz-tests-")
os.environ["XDG_CONFIG_HOME"] = os.path.join(_home, "config")
os.environ["XDG_DATA_HOME"] = os.path.join(_home, "data")
