"""The window's model: a walkthrough of one scenario, with Qt signals.

Everything the views show comes from here, and every user command is one call
here. The training itself lives in :mod:`gdviz.core`; this class only adds the
signals that tell views to refresh.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from gdviz.core import edits
from gdviz.core.frame import Frame
from gdviz.core.landscape import Param, params_of
from gdviz.core.microsteps import PHASES
from gdviz.core.numbers import fmt
from gdviz.core.race import Lap
from gdviz.core.scenario import Scenario
from gdviz.core.tasks import FastForward
from gdviz.core.walkthrough import Walkthrough

Selection = tuple[int, int] | tuple[int, int, int]
"""(layer, node) for a node; (l, j, i) for weights[l][j][i] (i = -1: the bias of node j)."""

PHASE_NAMES = {
    "forward": "Forward pass",
    "loss": "Loss",
    "backward": "Backward pass",
    "average": "Averaging slopes",
    "update": "Update",
}
assert set(PHASE_NAMES) == set(PHASES)


UNDO_LIMIT = 200
"""Edits kept for undo; each holds a whole scenario, so large data sets need a bound."""


class Session(QObject):
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

    def __init__(self, scenario: Scenario, source: str, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.scenario = scenario
        self.source = source
        self.walk = Walkthrough(scenario.trainer())
        self.selection: Selection | None = None
        self.undo_stack = QUndoStack(self)
        """Every edit to the scenario, for Ctrl+Z and Ctrl+Shift+Z."""
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.undo_stack.cleanChanged.connect(self._on_clean_changed)
        self.busy = False
        """A fast-forward is running in the background: moving is ignored until it lands."""
        self.race: dict[str, Lap] = {}
        """The last optimizer race's laps (empty until one is run for this scenario)."""
        self.race_params: tuple[Param, Param] | None = None
        self._reset_params()

    # -- reading --------------------------------------------------------------
    @property
    def frame(self) -> Frame | None:
        return self.walk.frame()

    @property
    def layers(self) -> tuple[int, ...]:
        return tuple(self.scenario.layers)

    @property
    def diverged(self) -> bool:
        return self.walk.divergence is not None

    def status(self) -> str:
        """One line for the status bar: step, epoch, batch, loss, phase."""
        trainer = self.walk.trainer
        step = self.walk.step_number
        parts = [f"Step {step}"]
        if not trainer.full_batch:
            epoch, batch = trainer.epoch_and_batch(step)
            parts.append(f"Epoch {epoch}, batch {batch} of {trainer.batches_per_epoch}")
        index = self.walk.frame_index()
        if index is not None and self.walk.index >= index.batch_loss_at():
            parts.append(f"Loss {fmt(self.walk.record.loss)}")
        elif len(trainer.history):
            parts.append(f"Last step's loss {fmt(trainer.history.values[-1])}")
        if self.diverged:
            parts.append("Diverged")
        elif self.walk.phase:
            parts.append(PHASE_NAMES[self.walk.phase])
        return "   ·   ".join(parts)

    def weight_history(self, l: int, j: int, i: int, count: int = 8) -> list[tuple[int, float]]:
        """(step, value at the start of that step) for the last ``count`` steps
        the walkthrough can go back to, then the current one."""
        states = [*list(self.walk.past_states())[-count:], self.walk.trainer.state]
        out = []
        for state in states:
            net = state.net
            value = net.biases[l][j] if i < 0 else net.weights[l][j, i]
            out.append((state.step + 1, float(value)))
        return out

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

    def fast_forward_task(self, steps: int = 0, epochs: int = 0) -> FastForward:
        """A fast-forward of ``steps`` steps (or ``epochs`` epochs) from here, for a
        worker to run; :meth:`land` shows its result."""
        return self.walk.fast_forward(steps + epochs * self.walk.trainer.batches_per_epoch)

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
        (what the play timer asks for)."""
        if steps:
            return self.run_steps(steps)
        return self._do(lambda: sum(self.walk.next() for _ in range(micro)) > 0)

    def reset(self) -> None:
        self._do(lambda: (self.walk.reset(), True)[1])

    def select(self, selection: Selection | None) -> None:
        if selection != self.selection:
            self.selection = selection
            if selection is not None and len(selection) == 3:
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

    def edit(self, text: str, change: Callable[[Scenario], Scenario]) -> None:
        """Apply one edit (a function from :mod:`gdviz.core.edits`) as an undoable step.

        Raises ScenarioError if the edit is refused; then nothing changes. An
        edit restarts training from step 0, since it changes the starting point.
        """
        after = change(self.scenario)
        if edits.same(after, self.scenario):
            return
        self.undo_stack.push(_ScenarioEdit(self, text, self.scenario, after))

    def _on_clean_changed(self, clean: bool) -> None:
        self.dirtyChanged.emit(not clean)

    def mark_saved(self, source: str) -> None:
        self.source = source
        self.undo_stack.setClean()

    def _show(self, scenario: Scenario) -> None:
        """Make ``scenario`` the current one, at step 0, keeping the selection if it still exists."""
        self.scenario = scenario
        self.walk = Walkthrough(scenario.trainer())
        self.race, self.race_params = {}, None
        if self.selection is not None and not _exists(scenario, self.selection):
            self.selection = None
        self._reset_params()
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


def _exists(scenario: Scenario, selection: Selection) -> bool:
    layers = scenario.layers
    l, j = selection[0], selection[1]
    if len(selection) == 2:
        return l < len(layers) and j < layers[l]
    i = selection[2]
    if l >= len(layers) - 1 or j >= layers[l + 1]:
        return False
    return i < layers[l] and (i >= 0 or scenario.biases is not None)


class _ScenarioEdit(QUndoCommand):
    """One edit: undo shows the scenario before it, redo the one after."""

    def __init__(self, session: Session, text: str, before: Scenario, after: Scenario) -> None:
        super().__init__(text)
        self.session, self.before, self.after = session, before, after

    def redo(self) -> None:
        self.session._show(self.after)

    def undo(self) -> None:
        self.session._show(self.before)
