"""The main presentation keys, shown for a moment on entering presentation mode.

Large white type on a dark box near the bottom of the screen, readable from
the back of a lecture hall, so the lecturer (and whoever presents next)
knows how to drive the lesson without the menus; it fades out by itself.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QObject, QPropertyAnimation, Qt, QTimer
from PySide6.QtWidgets import QGraphicsOpacityEffect, QLabel, QWidget

from gdviz.qt import style

SHOW_MS = 3000
"""How long the hint stays fully visible (read when it is shown, so tests can shorten it)."""
FADE_MS = 600
"""How long it takes to fade out."""
KEYS = (
    ("→", "next"),
    ("←", "back"),
    ("↓", "next phase"),
    ("Space", "play"),
    ("1–5", "view"),
    ("F", "full screen"),
    ("B", "blank"),
    ("Esc", "leave"),
)
PIXELS = 32
MARGIN = 48


class KeyHint(QLabel):
    """A one-line key reference over the bottom of its parent; ``show_for_a_while`` shows it."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setObjectName("key_hint")
        # Lines may break between keys, never inside one ("↓ next phase" stays together).
        spacer = "&nbsp;" * 2 + " " + "&nbsp;" * 2
        self.setText(spacer.join(f"<b>{key}</b>&nbsp;{what.replace(' ', '&nbsp;')}" for key, what in KEYS))
        self.setTextFormat(Qt.TextFormat.RichText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setFont(style.font(PIXELS))
        # Light on dark reads on either theme, and over any plot or diagram colour.
        self.setStyleSheet(
            "QLabel#key_hint { background: rgba(0, 0, 0, 215); color: white;"
            " border: 2px solid rgba(255, 255, 255, 110); border-radius: 16px; padding: 18px 32px; }"
        )
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.opacity = QGraphicsOpacityEffect(self)
        self.setGraphicsEffect(self.opacity)
        self.fade = QPropertyAnimation(self.opacity, b"opacity", self)
        self.fade.setEndValue(0.0)
        self.fade.setEasingCurve(QEasingCurve.Type.InQuad)
        self.fade.finished.connect(self.hide)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._on_timer)
        self.hide()
        parent.installEventFilter(self)

    def show_for_a_while(self) -> None:
        """Show the keys, then fade them out after ``SHOW_MS``."""
        self.fade.stop()
        self.opacity.setOpacity(1.0)
        self._place()
        self.show()
        self.raise_()
        self.timer.start(SHOW_MS)

    def dismiss(self) -> None:
        """Hide at once (leaving presentation mode)."""
        self.timer.stop()
        self.fade.stop()
        self.hide()

    def _on_timer(self) -> None:
        self.fade.setDuration(FADE_MS)
        self.fade.setStartValue(self.opacity.opacity())
        self.fade.start()

    def _place(self) -> None:
        """Centred near the bottom of the parent, wrapping if the parent is narrow."""
        parent = self.parentWidget()
        self.setWordWrap(False)  # a wrapping label's size hint is narrower than its one line
        natural = self.sizeHint().width()
        self.setWordWrap(True)
        width = min(natural, parent.width() - 2 * MARGIN)
        height = self.heightForWidth(width)
        height = height if height > 0 else self.sizeHint().height()
        self.setGeometry((parent.width() - width) // 2, parent.height() - height - MARGIN, width, height)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._place()
        return False
