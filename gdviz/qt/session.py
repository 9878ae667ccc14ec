"""The window's model: a walkthrough of one scenario, with Qt signals.

Everything the views show comes from here, and every user command is one call
here. The training itself lives in :mod:`gdviz.core`; this class only adds the
signals that tell views to refresh, and a small read API so that views never
reach into the walkthrough, the trainer or the step record themselves (its reads
of past steps and loss landscapes are in :mod:`gdviz.qt.session_history`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gdviz.core import edits
from gdviz.core.formulas import formula
from gdviz.core.frame import Frame
from gdviz.core.losses import Loss
from gdviz.core.microsteps import (
    AVERAGE,
    BACKWARD,
    FORWARD,
    Kind,
    MicroStep,
    Phase,
    Shares,
    batch_slope,
    shares,
)
from gdviz.core.network import Network
from gdviz.core.params import Node, Param, ParamStep, as_item, exists, param_value, params_of
from gdviz.core.position import Position
from gdviz.core.predict import Predict
from gdviz.core.race import Lap
from gdviz.core.scenario import Scenario
from gdviz.core.tasks import FastForward
from gdviz.core.training import Divergence, Diverging
from gdviz.core.walkthrough import Walkthrough
from gdviz.qt.session_asking import Asking
from gdviz.qt.session_history import HistoryReads
from gdviz.qt.session_input_space import InputSpace

Selection = Node | Param
"""What the class is inspecting: a node, or a weight or bias."""

LARGE_DATA = 20_000
"""Numbers in the data above which an edit is checked in the background."""
UNDO_LIMIT = 200
"""Edits kept for undo; each holds a whole scenario, so large data sets need a bound."""


class Session(QObject, HistoryReads, Asking, InputSpace):
    """One open scenario and where the class is in its training."""

    scenarioChanged = Signal()
    """A different scenario (or the same one afresh): views rebuild their items."""
    changed = Signal()
    """The position or the numbers changed: views update their items."""
    selectionChanged = Signal()
    surfaceParamsChanged = Signal()
    dirtyChanged = Signal(bool)
    """Unsaved edits appeared (True) or were saved or undone (False)."""
    busyChanged = Signal(bool)
    """Background training started (True) or ended: moving through training waits for it."""
    raceChanged = Signal()
    predictChanged = Signal()
    """Predict mode was turned on or off, or what it asks changed."""
    inputSpaceChanged = Signal()
    """Other inputs or output chosen for the input space, or node maps turned on or off."""
    inputMapsChanged = Signal()
    """New input-space maps arrived from the worker."""

    def __init__(self, scenario: Scenario, source: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.source = source
        self.walk = Walkthrough(scenario.trainer(), checkpoints=scenario.checkpoints)
        self.selection: Selection | None = None
        self.undo_stack = QUndoStack(self)
        """Every edit to the scenario, for Ctrl+Z and Ctrl+Shift+Z."""
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.busy = False
        self.edit_runner: Callable[[str, Callable[[Scenario], Scenario]], None] | None = None
        """Set by the editing controller: how an edit on large data is checked off the GUI thread."""
        """A fast-forward is running in the background: moving is ignored until it lands."""
        self.race: dict[str, Lap] = {}
        """The last optimizer race's laps (empty until one is run for this scenario)."""
        self.race_params: tuple[Param, Param] | None = None
        self._frame: tuple[object, int, Frame | None] | None = None
        self._reset_params()
        self._reset_input_space()

    # -- reading: where training is ------------------------------------------------
    @property
    def frame(self) -> Frame | None:
        """What the diagram shows now; None once training has diverged. Several
        views ask for it on every change, so it is made once per position."""
        walk = self.walk
        cached = self._frame
        key = (walk.index, walk.asking)
        if cached is None or cached[0] is not walk.record or cached[1] != key:
            cached = self._frame = (walk.record, key, walk.frame())
        return cached[2]

    @property
    def layers(self) -> tuple[int, ...]:
        return tuple(self.scenario.layers)

    @property
    def net(self) -> Network:
        """The network at the start of the training step on show."""
        return self.walk.trainer.net

    @property
    def step_number(self) -> int:
        """1-based number of the training step on show."""
        return self.walk.step_number

    @property
    def phase(self) -> Phase | None:
        """The current micro-step's phase; None once training has diverged."""
        return self.walk.phase

    @property
    def current(self) -> MicroStep | None:
        """The micro-step on show; None once training has diverged."""
        return self.walk.current

    @property
    def at_start(self) -> bool:
        """At micro-step 0 of step 1: an edit would lose no training."""
        return self.walk.at_start

    @property
    def divergence(self) -> Divergence | None:
        return self.walk.divergence

    @property
    def diverged(self) -> bool:
        return self.walk.divergence is not None

    @property
    def diverging(self) -> Diverging | None:
        """The step after which the loss grew past ten times its start, once training
        is past it: a warning (training can go on), unlike :attr:`divergence`."""
        return self.walk.trainer.diverging

    @property
    def batches_per_epoch(self) -> int:
        return self.walk.trainer.batches_per_epoch

    @property
    def full_batch(self) -> bool:
        """Every step trains on every sample (so epochs and steps are the same)."""
        return self.walk.trainer.full_batch

    @property
    def loss(self) -> Loss:
        """The loss function training minimises."""
        return self.walk.trainer.loss

    @property
    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """Inputs and targets of the whole data set, as training sees them."""
        trainer = self.walk.trainer
        return trainer.x, trainer.y

    @property
    def batch_samples(self) -> int:
        """How many samples the training step on show trains on (0 once diverged)."""
        record = self.walk.record
        return 0 if record is None else len(record.x)

    def batch_rows(self) -> np.ndarray:
        """0-based data-set rows of the step on show's batch, in the order the step
        visits them (every row for full batch; none once diverged). Read-only."""
        rows = np.arange(0) if self.walk.record is None else self.walk.record.indices.view()
        rows.flags.writeable = False
        return rows

    def sample_row(self) -> int | None:
        """0-based data-set row of the sample whose numbers are on show: at a
        per-sample micro-step, or throughout a batch of one (its sample is the
        batch). None at batch-wide micro-steps of a larger batch, or once diverged."""
        record, current = self.walk.record, self.walk.current
        if record is None or current is None:
            return None
        if current.sample >= 0:
            return int(record.indices[current.sample])
        return int(record.indices[0]) if len(record.indices) == 1 else None

    @property
    def step_loss(self) -> float | None:
        """The batch loss of the step on show, before its update, whether or not
        the walkthrough has reached it yet (None once diverged)."""
        record = self.walk.record
        return None if record is None else record.loss

    @property
    def loss_history(self) -> np.ndarray:
        """Batch loss of every step taken (read-only): step k's is ``[k - 1]``."""
        return self.walk.trainer.history.values

    def epoch_ends(self) -> np.ndarray:
        """Steps taken after which an epoch ended (none for full-batch training)."""
        return self.walk.trainer.epoch_boundaries(len(self.walk.trainer.history) + 1)

    def status(self) -> str:
        """One line for the status bar: step, epoch, batch, loss, phase."""
        return self.walk.status()

    def position(self) -> Position:
        """Step, epoch, batch and the loss the class may see now, as numbers (the stage's counter)."""
        return Position.of(self.walk, self.frame)

    # -- reading: the arithmetic of the step on show ---------------------------------------
    def formula(self) -> str:
        """The current micro-step's arithmetic, or the divergence message."""
        return self.walk.formula()

    def value_formula(self, node: Node) -> str:
        """How the shown sample's value of ``node`` was computed ("" for an input,
        or once diverged)."""
        frame = self.frame
        if frame is None or node.layer == 0:
            return ""
        return self._formula(MicroStep(FORWARD, Kind.NODE, frame.sample, *node))

    def slope_formula(self, item: Node | Param) -> str:
        """How the slope on show for ``item`` was computed: a node's for the shown
        sample; a parameter's for the sample, or its batch average once averaged."""
        m = self.slope_step(item)
        return "" if m is None else self._formula(m)

    def slope_step(self, item: Node | Param) -> MicroStep | None:
        """The micro-step that computed the slope on show for ``item`` (see ``slope_formula``)."""
        frame = self.frame
        if frame is None:
            return None
        if isinstance(item, Node):
            return MicroStep(BACKWARD, Kind.NODE, frame.sample, *item)
        kind = Kind.BIAS if item.is_bias else Kind.WEIGHT
        if self.batch_samples > 1 and frame.batch_slope_known(item):
            return MicroStep(AVERAGE, kind, -1, *item)
        return MicroStep(BACKWARD, kind, frame.sample, *item)

    def shares_of(self, p: Param) -> Shares | None:
        """Each sample's slope of ``p`` and their mean, once the batch's are all known
        (None for a batch of one, or once diverged)."""
        frame, record = self.frame, self.walk.record
        if frame is None or record is None or self.batch_samples < 2 or not frame.batch_slope_known(p):
            return None
        return shares(record, p)

    def param_step(self, p: Param) -> ParamStep | None:
        """Parameter ``p`` in the step on show, for the gradient-step plot; None once diverged."""
        record = self.walk.record
        if record is None:
            return None
        old, new = param_value(record.before, p), param_value(record.after, p)
        return ParamStep(old, new, batch_slope(record, *p), record.learning_rate)

    def _formula(self, m: MicroStep) -> str:
        trainer, walk = self.walk.trainer, self.walk
        ask = walk.asking and m == walk.current  # the inspector gives away no hidden answer
        return formula(walk.record, m, trainer.loss.name, trainer.optimizer.name, ask)

    # -- commands (one core call each) -------------------------------------------
    def next(self) -> bool:
        return self._do(self.walk.next)

    def previous(self) -> bool:
        return self._do(self.walk.previous)

    def next_phase(self) -> bool:
        return self._do(self.walk.next_phase)

    def previous_phase(self) -> bool:
        return self._do(self.walk.previous_phase)

    def finish_step(self) -> bool:
        return self._do(self.walk.finish_step)

    def run_steps(self, steps: int) -> bool:
        return self._do(lambda: self.walk.run(steps) > 0)

    def run_epochs(self, epochs: int) -> bool:
        return self._do(lambda: self.walk.run_epochs(epochs) > 0)

    def fast_forward_task(self, steps: int) -> FastForward:
        """A fast-forward of ``steps`` steps from here, for a worker to run;
        :meth:`land` shows its result. It stops where training begins diverging."""
        task = self.walk.fast_forward(steps)
        task.stop_when_diverging = True
        return task

    def land(self, task: FastForward) -> bool:
        """Move to where a fast-forward got to; a task from another position or
        scenario changes nothing."""
        return self._do(lambda: self.walk.land(task) > 0, busy_ok=True)

    def set_busy(self, busy: bool) -> None:
        if busy != self.busy:
            self.busy = busy
            self.busyChanged.emit(busy)

    def set_race(self, laps: dict[str, Lap], params: tuple[Param, Param]) -> None:
        """Show the result of a race run on this scenario."""
        self.race, self.race_params = laps, params
        self.raceChanged.emit()

    def advance(self, micro: int, steps: int) -> bool:
        """``micro`` micro-steps, or ``steps`` whole steps, then one refresh of the views
        (what the play timer and renders ask for; answers the class is to predict stay hidden)."""
        if steps:  # stopping where training begins diverging, as a fast-forward does
            return self._do(lambda: self.walk.land(self.fast_forward_task(steps).run()) > 0)
        return self._do(lambda: sum(self.walk.step_on() for _ in range(micro)) > 0)

    def reset(self) -> None:
        self._do(lambda: (self.walk.reset(), True)[1])

    def select(self, selection: Selection | tuple[int, ...] | None) -> None:
        """Inspect a node or a parameter (a plain tuple is taken as the one it spells)."""
        selection = None if selection is None else as_item(selection)
        if selection != self.selection:
            self.selection = selection
            if isinstance(selection, Param):
                self.focus_param = selection
            self.selectionChanged.emit()

    def set_surface_params(self, first: Param, second: Param) -> None:
        if (first, second) != self.surface_params:
            self.surface_params = (first, second)
            self.surfaceParamsChanged.emit()

    def _reset_params(self) -> None:
        params = params_of(self.walk.trainer.net)
        old_focus = getattr(self, "focus_param", None)
        old_surface = getattr(self, "surface_params", ())
        self.focus_param: Param = old_focus if old_focus in params else params[0]
        """The parameter the gradient-step plot follows: the last edge selected."""
        if len(old_surface) == 2 and all(p in params for p in old_surface):
            self.surface_params: tuple[Param, Param] = old_surface
        else:
            self.surface_params = (params[0], params[1] if len(params) > 1 else params[0])

    def load(self, scenario: Scenario, source: str) -> None:
        """Open another scenario; views rebuild for it. Its edits start afresh."""
        self.source = source
        self.undo_stack.clear()
        self.undo_stack.setClean()  # clear() alone leaves a restored (never clean) stack unclean
        self._show(scenario)

    def restore(self, scenario: Scenario, source: str) -> None:
        """Open edits recovered after a crash: unsaved until saved back to ``source``,
        however far they are undone (they are not what ``source`` holds)."""
        self.load(scenario, source)
        self.undo_stack.resetClean()

    # -- editing ----------------------------------------------------------------------
    @property
    def dirty(self) -> bool:
        """Edits made since the scenario was opened or last saved."""
        return not self.undo_stack.isClean()

    def edit(self, text: str, change: Callable[[Scenario], Scenario], large: bool | None = None) -> None:
        """Apply one edit (a function from :mod:`gdviz.core.edits`) as an undoable step.

        Raises ScenarioError if the edit is refused; then nothing changes. An
        edit restarts training from step 0, since it changes the starting point.
        On ``large`` data (judged from the current data unless said) the edit is
        handed to ``edit_runner`` and lands when checked.
        """
        if self.edit_runner is not None and (self.large if large is None else large):
            self.edit_runner(text, change)  # checked in a worker; lands through push_edit
            return
        after = change(self.scenario)
        if not edits.same(after, self.scenario):
            self.push_edit(text, self.scenario, after)

    @property
    def large(self) -> bool:
        """So much data that checking an edit would hold the window up (a second at 100,000 rows)."""
        return len(self.scenario.inputs) * (self.layers[0] + self.layers[-1]) > LARGE_DATA

    def push_edit(self, text: str, before: Scenario, after: Scenario) -> None:
        """Make an edit checked elsewhere the next undoable step; dropped if the
        scenario is no longer the one it was made to."""
        if before is self.scenario:
            self.undo_stack.push(_ScenarioEdit(self, text, before, after))

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    def mark_saved(self, source: str) -> None:
        self.source = source
        self.undo_stack.setClean()

    def _show(self, scenario: Scenario) -> None:
        """Make ``scenario`` the current one, at step 0, keeping the selection if it still exists."""
        self.scenario = scenario
        predict = self.walk.predict
        self.walk = Walkthrough(scenario.trainer(), checkpoints=scenario.checkpoints)
        self.walk.predict = Predict(predict.on, predict.kinds)  # the lecturer's choice stays; answers go
        self.race, self.race_params = {}, None
        if self.selection is not None and not exists(
            self.selection, scenario.layers, scenario.biases is not None
        ):
            self.selection = None
        self._reset_params()
        self._reset_input_space()
        self.scenarioChanged.emit()
        self.selectionChanged.emit()
        self.raceChanged.emit()
        self.changed.emit()

    def _do(self, command: Callable[[], bool], busy_ok: bool = False) -> bool:
        if self.busy and not busy_ok:
            return False  # keys pressed during a fast-forward are ignored, never replayed
        moved = command()
        if moved:
            self.changed.emit()
        return moved


class _ScenarioEdit(QUndoCommand):
    """One edit: undo shows the scenario before it, redo the one after."""

    def __init__(self, session: Session, text: str, before: Scenario, after: Scenario) -> None:
        super().__init__(text)
        self.session, self.before, self.after = session, before, after

    def redo(self) -> None:
        self.session._show(self.after)

    def undo(self) -> None:
        self.session._show(self.before)
