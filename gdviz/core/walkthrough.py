"""Step-through: move forward and back through a training step's micro-steps.

The walkthrough moves forward and back through micro-steps (see
``microsteps.py``), and back across earlier training steps (a bounded number),
by saving and restoring the trainer's state. It never changes numbers itself:
everything it shows comes from the :class:`~gdviz.core.training.StepRecord`
the trainer computed.
"""

from __future__ import annotations

from collections import deque

from gdviz.core.checkpoints import Checkpoint, index_in_step
from gdviz.core.formulas import formula
from gdviz.core.frame import Frame, make_frame
from gdviz.core.frame_index import FrameIndex
from gdviz.core.microsteps import MicroStep, MicroSteps, Phase, micro_steps
from gdviz.core.numbers import fmt, pair_texts
from gdviz.core.predict import Predict, asking
from gdviz.core.tasks import FastForward
from gdviz.core.training import Diverged, Divergence, StepRecord, Trainer, TrainState

HISTORY_BYTES = 64 * 1024 * 1024
"""Roughly how much memory the steps one can go back to may take."""


def default_history_limit(trainer: Trainer) -> int:
    """How many earlier steps to keep: up to 1000, fewer for big networks, at least 10.

    Each kept step holds the parameters and the optimizer's memory of them
    (up to two more copies, for adam).
    """
    net = trainer.net
    params = sum(w.nbytes for w in net.weights) + sum(b.nbytes for b in net.biases or ())
    return max(10, min(1000, HISTORY_BYTES // (3 * params + 512)))


class Walkthrough:
    """A position inside training: which step, and which micro-step of it."""

    def __init__(
        self, trainer: Trainer, history_limit: int | None = None, checkpoints: tuple[Checkpoint, ...] = ()
    ) -> None:
        self.trainer = trainer
        self.checkpoints = checkpoints
        """The lesson's questions; at each one's micro-step the answer waits to be revealed."""
        self._questions: dict[int, Checkpoint] = {}
        self._start = trainer.state
        if history_limit is None:
            history_limit = default_history_limit(trainer)
        self._past: deque[TrainState] = deque(maxlen=history_limit)
        self.record: StepRecord | None = None
        self.steps: MicroSteps | tuple[()] = ()
        self.index = 0
        self._frame_index: FrameIndex | None = None
        self.predict = Predict()
        self._load_pending()

    # -- where we are --------------------------------------------------------
    @property
    def divergence(self) -> Divergence | None:
        return self.trainer.divergence

    @property
    def current(self) -> MicroStep | None:
        return self.steps[self.index] if self.steps else None

    @property
    def step_number(self) -> int:
        """1-based number of the training step being walked through."""
        return self.trainer.state.step + 1

    @property
    def phase(self) -> str | None:
        m = self.current
        return m.phase if m else None

    def past_states(self) -> tuple[TrainState, ...]:
        """States at the start of the earlier steps it can go back to, oldest first."""
        return tuple(self._past)

    @property
    def at_start(self) -> bool:
        return self.index == 0 and not self._past

    def frame(self) -> Frame | None:
        """What the diagram shows now (an answer not yet revealed as ``?``); None
        once training has diverged."""
        index = self.frame_index()
        if index is None:
            return None
        frame = make_frame(self.record, self.steps, index, self.index, self.trainer.loss.name)
        return asking(frame, self.current) if self.asking else frame

    @property
    def asking(self) -> bool:
        """The class is to predict first (predict mode, or the lesson's question here): the
        current micro-step's answer is hidden."""
        m = self.current
        if m is None or self.record is None:
            return False
        if self.question is not None:
            return (self.step_number, self.index) not in self.predict.revealed
        return self.predict.asks(self.step_number, self.index, m)

    @property
    def question(self) -> Checkpoint | None:
        """The lesson's question at the current micro-step, if it has one."""
        return self._questions.get(self.index) if self.record is not None else None

    def votes(self) -> list[int]:
        """The class's votes for each option of the question here (none if there is none)."""
        question = self.question
        if question is None:
            return []
        return self.predict.votes.get((self.step_number, self.index), [0] * len(question.options))

    def vote(self, option: int) -> bool:
        """Count one vote for option ``option`` (0-based) of the question here, until it is
        revealed; False if there is no such option to vote for."""
        question = self.question
        if question is None or not self.asking or not 0 <= option < len(question.options):
            return False
        tally = self.predict.votes.setdefault((self.step_number, self.index), [0] * len(question.options))
        tally[option] += 1
        return True

    def reveal(self) -> bool:
        """Show the answer the class was asked to predict; False if none is hidden."""
        if not self.asking:
            return False
        self.predict.reveal(self.step_number, self.index)
        return True

    def frame_index(self) -> FrameIndex | None:
        """Where each item's micro-steps fall in the current training step."""
        if self.record is None or not self.steps:
            return None
        if self._frame_index is None:
            biases = self.record.before.biases is not None
            self._frame_index = FrameIndex(self.steps, self.record.before.layers, biases)
        return self._frame_index

    def status(self) -> str:
        """One line for the status bar: step, epoch, batch, the loss once known, phase."""
        trainer = self.trainer
        step = self.step_number
        parts = [f"Step {step}"]
        if not trainer.full_batch:
            epoch, batch = trainer.epoch_and_batch(step)
            parts.append(f"Epoch {epoch}, batch {batch} of {trainer.batches_per_epoch}")
        frame = self.frame()
        if frame is not None and frame.hides_loss and frame.result:
            parts.append(f"Loss {fmt(self.record.loss)} → ?")
        elif frame is not None and frame.hides_loss and frame.batch_loss_known:
            parts.append("Loss ?")
        elif frame is not None and frame.result:
            before, after = pair_texts(self.record.loss, frame.loss)
            parts.append(f"Loss {before} → {after}")
        elif frame is not None and frame.batch_loss_known:
            parts.append(f"Loss {fmt(self.record.loss)}")
        elif len(trainer.history):
            parts.append(f"Last step's loss {fmt(trainer.history.values[-1])}")
        if self.divergence is not None:
            parts.append("Diverged")
        elif self.phase:
            parts.append(Phase(self.phase).label)
        return "   ·   ".join(parts)

    def formula(self) -> str:
        """The current micro-step's arithmetic, or the divergence message."""
        if self.record is None or self.current is None:
            return self.divergence.message() if self.divergence else ""
        trainer = self.trainer
        return formula(self.record, self.current, trainer.loss.name, trainer.optimizer.name, self.asking)

    # -- moving --------------------------------------------------------------
    def check_micro(self, micro: int) -> None:
        """Refuse a position past the current step's last micro-step (a render asked
        for it would otherwise walk on through later steps, without end)."""
        count = len(self.steps)
        if micro and micro >= count:
            within = f"0 to {count - 1}" if count else "training has diverged"
            raise ValueError(f"micro-step {micro:,} is past step {self.step_number}'s last ({within})")

    def next(self) -> bool:
        """Right: a hidden answer is revealed first (predict mode, a lesson's question),
        else one micro-step forward (``step_on``). False if training has diverged."""
        if self.record is None:
            return False
        return self.reveal() or self.step_on()

    def step_on(self) -> bool:
        """One micro-step forward, answer shown or not; past the last one the step
        is applied and the next training step begins. False if training has diverged."""
        if self.record is None:
            return False
        if self.index < len(self.steps) - 1:
            self.index += 1
            return True
        self._past.append(self.trainer.state)
        self.trainer.apply(self.record)
        self._load_pending()
        return True

    def previous(self) -> bool:
        """One micro-step back, across into the previous training step if
        needed (as far back as the history limit). False at the very start."""
        if self.record is not None and self.index > 0:
            self.index -= 1
            return True
        if not self._past:
            return False
        self.trainer.restore(self._past.pop())
        self._load_pending()
        self.index = max(len(self.steps) - 1, 0)
        return True

    def next_phase(self) -> bool:
        """Jump to the first micro-step of the next phase."""
        if self.record is None:
            return False
        phase = self.steps[self.index].phase
        for k in range(self.index + 1, len(self.steps)):
            if self.steps[k].phase != phase:
                self.index = k
                return True
        self.index = len(self.steps) - 1
        return self.step_on()

    def previous_phase(self) -> bool:
        """Jump to the start of this phase, or of the previous one if already there."""
        if self.record is None or self.index == 0:
            return self.previous() and self._to_phase_start()
        start = self._phase_start(self.index)
        self.index = start if start < self.index else self._phase_start(start - 1)
        return True

    def finish_step(self) -> bool:
        """Jump to the last micro-step of the current training step (every update
        made, its result shown); already there, finish the next step. False if
        training has diverged."""
        if self.record is None:
            return False
        if self.index == len(self.steps) - 1:
            self.step_on()
            if self.record is None:
                return True  # the next step diverged: its message is on show
        self.index = len(self.steps) - 1
        return True

    def fast_forward(self, steps: int) -> FastForward:
        """A task that trains ``steps`` whole steps from the current one on a
        fork of the trainer; :meth:`land` then takes its result."""
        return FastForward(self.trainer, steps, self._past.maxlen or 0)

    def land(self, task: FastForward) -> int:
        """Move to where a fast-forward got to (all of it, or as far as it went
        before it was cancelled or diverged); returns how many steps it did.

        A task started from another position or scenario is refused (0).
        """
        if task.source is not self.trainer or task.start_step != self.trainer.state.step or not task.done:
            return 0
        self.trainer.adopt(task.twin)
        self._past.extend(task.kept)
        self._load_pending()
        return task.done

    def run(self, steps: int) -> int:
        """Apply ``steps`` whole training steps from the current one, here and
        now; returns how many were applied before any divergence. Lands at the
        next step's start."""
        return self.land(self.fast_forward(steps).run())

    def run_epochs(self, epochs: int) -> int:
        return self.run(epochs * self.trainer.batches_per_epoch)

    def reset(self) -> None:
        """Back to step 0 of the scenario, micro-step 0, every question unanswered again
        (for the next class)."""
        self.trainer.restore(self._start)
        self._past.clear()
        self.predict.revealed.clear()
        self.predict.votes.clear()
        self._load_pending()

    # -- internals -------------------------------------------------------------
    def _load_pending(self) -> None:
        self.index = 0
        self._frame_index: FrameIndex | None = None
        try:
            self.record = self.trainer.compute()
        except Diverged as err:
            self.trainer.divergence = err.divergence
            self.record, self.steps = None, ()
            return
        self.steps = micro_steps(
            self.record, self.record.before.biases is not None, self.trainer.train_biases
        )
        step, rows = self.step_number, self.record.indices
        found = ((index_in_step(c, self.steps, rows), c) for c in self.checkpoints if c.step == step)
        self._questions = {k: c for k, c in found if k is not None}

    def _phase_start(self, k: int) -> int:
        phase = self.steps[k].phase
        while k > 0 and self.steps[k - 1].phase == phase:
            k -= 1
        return k

    def _to_phase_start(self) -> bool:
        if self.steps:
            self.index = self._phase_start(self.index)
        return True
