"""Play / pause: a timer that asks the session for the next micro-step or steps."""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from gdviz.qt.session import Session

SPEEDS: list[tuple[str, int, int]] = [
    ("1 micro-step / s", 1, 0),
    ("2 micro-steps / s", 2, 0),
    ("5 micro-steps / s", 5, 0),
    ("10 micro-steps / s", 10, 0),
    ("30 micro-steps / s", 30, 0),
    ("1 step / frame", 0, 1),
    ("10 steps / frame", 0, 10),
    ("100 steps / frame", 0, 100),
]
"""(label, micro-steps per second, whole training steps per frame)."""
FRAME_MS = 33
DEFAULT_SPEED = 2


class Player(QObject):
    """Holds no training state: each tick is one request to the session.

    A QTimer never queues missed ticks, so when drawing lags frames are dropped
    rather than piling up. Play pauses by itself where training begins
    diverging, so the class sees the warning; Play pressed again goes on past it.
    """

    playingChanged = Signal(bool)

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.timer = QTimer(self)
        self.timer.timeout.connect(self._on_timer)
        self.speed = DEFAULT_SPEED
        self.set_speed(DEFAULT_SPEED)
        self._warned: object = None
        """The divergence warning there was when Play started: it does not pause Play again."""

    @property
    def playing(self) -> bool:
        return self.timer.isActive()

    def set_speed(self, index: int) -> None:
        self.speed = max(0, min(index, len(SPEEDS) - 1))
        _, rate, steps = SPEEDS[self.speed]
        self.timer.setInterval(FRAME_MS if steps else round(1000 / rate))

    def toggle(self) -> None:
        self.stop() if self.playing else self.play()

    def play(self) -> None:
        if not self.playing and not self.session.diverged and not self.session.busy:
            self._warned = self.session.diverging
            self.timer.start()
            self.playingChanged.emit(True)

    def stop(self) -> None:
        if self.playing:
            self.timer.stop()
            self.playingChanged.emit(False)

    def _on_timer(self) -> None:
        _, rate, steps = SPEEDS[self.speed]
        if rate and self.session.asking:  # a number the class is to predict: wait for the reveal
            self.stop()
            return
        moved = self.session.advance(1 if rate else 0, steps)
        warning = self.session.diverging
        if not moved or self.session.diverged or (warning is not None and warning is not self._warned):
            self.stop()
