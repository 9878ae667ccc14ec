"""Plain keys belong to the field being typed in, not to the lesson's shortcuts.

The window steps the lesson on plain keys (arrows, PageUp/PageDown, N, P,
Space, B). While a table, spin box or field in a side panel has the keyboard,
those keys should move the cursor, change the value or type a letter instead.
Installed on a panel, this filter claims them for whatever inside it has focus.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt

WINDOW_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_F1, Qt.Key.Key_F5)
"""Plain keys the window keeps even while typing: leave presentation, help, present."""


class TypingKeys(QObject):
    """An event filter: claims plain (no Ctrl or Alt) keys other than WINDOW_KEYS."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.ShortcutOverride:
            modifiers = event.modifiers() & (
                Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier
            )
            if not modifiers and event.key() not in WINDOW_KEYS:
                event.accept()
                return True
        return False
