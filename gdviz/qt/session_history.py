"""The Session's reads of the steps before this one, and of loss landscapes.

Views plot a parameter's recent values, the path training took over two
parameters, and the loss surface under that path; this mixin of
:class:`~gdviz.qt.session.Session` answers them from the walkthrough's kept
states, so views never touch the walkthrough. The landscapes come back as work
(a function, or a :class:`SurfaceWork`) for a worker thread to run: a surface
costs thousands of forward passes, too slow for the GUI thread. Plain Python,
no Qt: it reads what the Session holds and emits nothing.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdviz.core.landscape import loss_grid, surface_points, surface_ranges
from gdviz.core.losses import Loss
from gdviz.core.network import Network
from gdviz.core.params import Node, Param, SurfaceWork, node_values_over, values_over
from gdviz.core.race import Lap
from gdviz.core.scenario import Scenario
from gdviz.core.train_state import TrainState
from gdviz.core.walkthrough import Walkthrough


class HistoryReads:
    """Reads of the past and of loss landscapes, for :class:`~gdviz.qt.session.Session`."""

    # What the Session holds and these reads use.
    walk: Walkthrough
    scenario: Scenario
    race: dict[str, Lap]
    race_params: tuple[Param, Param] | None
    net: Network
    data: tuple[np.ndarray, np.ndarray]
    loss: Loss

    # -- reading: the steps before this one --------------------------------------------------
    def _recent(self, count: int) -> list[TrainState]:
        """The states at the start of the last ``count`` steps one can go back to, then the current one."""
        past = self.walk.past_states()
        return [*(past[-count:] if count > 0 else ()), self.walk.trainer.state]

    def steps_over(self, count: int) -> np.ndarray:
        """Step numbers of the last ``count`` steps one can go back to, then the current one."""
        return np.array([state.step + 1 for state in self._recent(count)], dtype=np.int64)

    def values_over(self, p: Param, count: int) -> np.ndarray:
        """Parameter ``p`` at the start of each of ``steps_over(count)``."""
        return values_over(self._recent(count), p)

    def node_values_over(self, node: Node, count: int) -> np.ndarray:
        """``node``'s value for the data set's first sample at the start of each of
        ``steps_over(count)`` (NaN or inf where it overflowed)."""
        return node_values_over(self._recent(count), node, self.walk.trainer.x[:1])

    def path(self, first: Param, second: Param) -> np.ndarray:
        """n x 2: the two parameters at the start of every step one can go back
        to and of the current one, oldest first (the path on the loss surface)."""
        states = self._recent(len(self.walk.past_states()))
        return np.column_stack([values_over(states, first), values_over(states, second)])

    # -- reading: loss landscapes (work for a worker thread) ---------------------------------
    def loss_along(self, p: Param, values: np.ndarray) -> Callable[[], np.ndarray]:
        """Work giving the batch loss of the step on show at each of ``values`` for
        ``p``, every other parameter where the step starts. Needs a step on show."""
        record, loss = self.walk.record, self.loss
        values = np.asarray(values, dtype=np.float64)
        reg = self.walk.trainer.regularization
        return lambda: loss_grid(record.before, record.x, record.y, loss, [p], [values], reg)

    def loss_surface(self, first: Param, second: Param, most: int) -> SurfaceWork:
        """The loss on the whole data set over two parameters, every other one where
        it is now: axes around the current point holding the whole path so far,
        with at most ``most`` points each (fewer for large data)."""
        path = self.path(first, second)
        xs, ys = surface_ranges(path[-1], path, surface_points(self.net, len(self.walk.trainer.x), most))
        net, (x, y), loss, reg = self.net, self.data, self.loss, self.walk.trainer.regularization
        return SurfaceWork(xs, ys, lambda: loss_grid(net, x, y, loss, [first, second], [xs, ys], reg))

    def race_surface(self, most: int) -> SurfaceWork | None:
        """The loss on the whole data set over the race's two parameters, around the
        scenario's starting point and holding every lap's path; None without a race."""
        if not self.race or self.race_params is None:
            return None
        start, (x, y), loss, params = self.scenario.network(), self.data, self.loss, list(self.race_params)
        # A lap that diverged would stretch the axes to its overflow and hide the others.
        laps = [lap for lap in self.race.values() if lap.divergence is None] or list(self.race.values())
        paths = np.concatenate([lap.path for lap in laps])
        xs, ys = surface_ranges(paths[0], paths, surface_points(start, len(x), most))
        reg = self.scenario.regularization
        return SurfaceWork(xs, ys, lambda: loss_grid(start, x, y, loss, params, [xs, ys], reg))
