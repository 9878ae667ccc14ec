"""The Session's input space: which inputs and output the map shows, whether the
diagram's nodes show their own maps, and the maps last computed.

The maps (``core/input_space.py``) cost a forward pass of 10,000 grid points, so
the input-space controller has a worker compute them for the network on show
and hands them back through :meth:`show_input_maps`; views only read
:attr:`input_maps`. Plain Python, no Qt: the Session emits the signals.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from gdviz.core.input_space import CELLS, Plane, maps
from gdviz.core.network import Network
from gdviz.core.scenario import Scenario
from gdviz.core.walkthrough import Walkthrough


class InputSpace:
    """Input-space state and reads, for :class:`~gdviz.qt.session.Session`."""

    # What the Session holds and these reads use.
    walk: Walkthrough
    scenario: Scenario
    net: Network

    def _reset_input_space(self) -> None:
        """A new scenario: the first two inputs, the first output; the maps are gone."""
        inputs, outputs = self.scenario.layers[0], self.scenario.layers[-1]
        pair = getattr(self, "input_pair", (0, 1))
        if not (pair[0] < inputs and pair[1] < inputs and pair[0] != pair[1]):
            pair = (0, 1) if inputs > 1 else (0, 0)
        self.input_pair: tuple[int, int] = pair
        """The inputs across and up the map (others held at their mean)."""
        self.input_output = min(getattr(self, "input_output", 0), outputs - 1)
        """The output node whose values the map shows."""
        self.node_maps: bool = getattr(self, "node_maps", False)
        """Each hidden and output node shows its own map on the diagram (View menu)."""
        self.input_maps: list[Plane] | None = None
        """Every layer's plane for :attr:`map_net` (None until computed)."""
        self.input_maps_net: Network | None = None

    # -- reading ----------------------------------------------------------------------
    @property
    def test_data(self) -> tuple[np.ndarray, np.ndarray]:
        """Rows kept apart from training (none: empty arrays)."""
        s = self.scenario
        width = s.layers[0], s.layers[-1]
        x = np.array(s.test_inputs, dtype=np.float64).reshape(-1, width[0])
        return x, np.array(s.test_targets, dtype=np.float64).reshape(-1, width[1])

    @property
    def test_loss_history(self) -> np.ndarray:
        """The data loss on the test rows at the start of each step taken (empty without test rows)."""
        trainer = self.walk.trainer
        return trainer.test_history.values if trainer.test is not None else np.empty(0)

    @property
    def test_loss_now(self) -> float | None:
        """The test rows' data loss at the start of the step on show (None without test rows)."""
        trainer = self.walk.trainer
        return trainer.test_loss(trainer.net) if trainer.test is not None else None

    @property
    def map_net(self) -> Network:
        """The network the maps show: the one on show, or the updated one once the
        step's result is shown (the map moves with the update)."""
        frame = self.frame  # type: ignore[attr-defined]
        record = self.walk.record
        return record.after if frame is not None and frame.result and record is not None else self.net

    @property
    def maps_current(self) -> bool:
        """The maps held are those of the network on show."""
        return self.input_maps is not None and self.input_maps_net is self.map_net

    def input_space_work(self, cells: int = CELLS) -> tuple[Network, Callable[[], list[Plane]]]:
        """The network on show and work (for a worker) giving every layer's plane over
        the range of all the data, training and test."""
        net, pair = self.map_net, self.input_pair
        x = np.concatenate([self.walk.trainer.x, self.test_data[0]])
        return net, lambda: maps(net, x, pair, cells)

    # -- changing ---------------------------------------------------------------------------
    def show_input_maps(self, net: Network, planes: list[Plane]) -> None:
        """The worker's maps for ``net`` arrive; kept only if it is still on show."""
        if net is self.map_net and planes and planes[0].pair == self._map_pair:
            self.input_maps, self.input_maps_net = planes, net
            self.inputMapsChanged.emit()  # type: ignore[attr-defined]

    @property
    def _map_pair(self) -> tuple[int, int]:
        return self.input_pair if self.scenario.layers[0] > 1 else (0, 0)

    def set_input_pair(self, across: int, up: int) -> None:
        """Show inputs ``across`` and ``up`` (two different inputs of the network)."""
        inputs = self.scenario.layers[0]
        if across != up and 0 <= across < inputs and 0 <= up < inputs and (across, up) != self.input_pair:
            self.input_pair = (across, up)
            self.input_maps = self.input_maps_net = None
            self.inputSpaceChanged.emit()  # type: ignore[attr-defined]

    def set_input_output(self, k: int) -> None:
        """Show output node ``k``'s values on the map."""
        if 0 <= k < self.scenario.layers[-1] and k != self.input_output:
            self.input_output = k
            self.inputSpaceChanged.emit()  # type: ignore[attr-defined]

    def set_node_maps(self, on: bool) -> None:
        """Show (or stop showing) every node's own map on the diagram."""
        if on != self.node_maps:
            self.node_maps = on
            self.inputSpaceChanged.emit()  # type: ignore[attr-defined]

    def toggle_node_maps(self) -> None:
        self.set_node_maps(not self.node_maps)
