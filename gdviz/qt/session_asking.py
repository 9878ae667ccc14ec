"""The Session's questions to the class: predict mode and the nudge check.

In predict mode the number the current micro-step computes waits as ``?`` until
revealed (the walkthrough decides what is hidden, see ``core/predict.py``); the
nudge check writes a slope out as wiggling its parameter and watching the loss
(``core/nudge.py``). A mixin of :class:`~gdviz.qt.session.Session`: it reads and
sets what the Session holds and uses its signals.
"""

from __future__ import annotations

from gdviz.core.checkpoints import Checkpoint
from gdviz.core.microsteps import MicroStep
from gdviz.core.nudge import check_text
from gdviz.core.walkthrough import Walkthrough


class Asking:
    """Predict mode and the nudge check, for :class:`~gdviz.qt.session.Session`."""

    walk: Walkthrough

    @property
    def predicting(self) -> bool:
        return self.walk.predict.on

    @property
    def predict_kinds(self) -> frozenset[str]:
        return self.walk.predict.kinds

    @property
    def asking(self) -> bool:
        """An answer is hidden, waiting for the class's prediction."""
        return self.walk.asking

    def set_predicting(self, on: bool) -> None:
        """Predict mode on or off (off shows every answer again)."""
        if on != self.walk.predict.on:
            self.walk.predict.on = on
            self.predictChanged.emit()
            self.changed.emit()

    def set_predict_kinds(self, kinds: frozenset[str]) -> None:
        """Which kinds of number predict mode asks (``predict.KINDS``)."""
        if kinds != self.walk.predict.kinds:
            self.walk.predict.kinds = frozenset(kinds)
            self.predictChanged.emit()
            self.changed.emit()

    def toggle_predicting(self) -> None:
        self.set_predicting(not self.predicting)

    def toggle_predict_kind(self, kind: str) -> None:
        """Ask for ``kind`` of number, or stop asking for it."""
        self.set_predict_kinds(self.predict_kinds ^ {kind})

    @property
    def has_questions(self) -> bool:
        """The lesson asks the class questions (its checkpoints)."""
        return bool(self.walk.checkpoints)

    @property
    def question(self) -> Checkpoint | None:
        """The lesson's question at the current micro-step, if it has one."""
        return self.walk.question

    def votes(self) -> list[int]:
        """The class's votes for each option of the question here."""
        return self.walk.votes()

    def vote(self, option: int) -> bool:
        """One more vote for option ``option`` (0-based) of the question here."""
        return self._do(lambda: self.walk.vote(option))

    def reveal(self) -> bool:
        """Show the answer the class was asked to predict."""
        return self._do(self.walk.reveal)

    def check_text(self, m: MicroStep | None = None) -> str:
        """The nudge check beside micro-step ``m``'s slope (default: the current one), or
        at the result the loss change the slopes predicted; "" while its answer is hidden."""
        walk = self.walk
        m = walk.current if m is None else m
        if walk.record is None or m is None or (walk.asking and m == walk.current):
            return ""
        return check_text(walk.record, walk.trainer.loss, m)
