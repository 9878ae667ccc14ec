"""Keeps the input-space maps up to date, computed in a worker, while anyone looks.

The maps are wanted while the input-space tab is on screen or the diagram's
nodes show their maps. Whenever the network on show changes (a step, a step
back, a fast-forward landing, the update shown at the result) or other inputs
are chosen, the worker computes every layer's plane in one forward pass of the
grid; a newer request replaces one still on its way (``Jobs.compute``). The
GUI thread only hands the result to the session.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs

JOB = "input space"


class InputSpaceController(QObject):
    def __init__(self, session: Session, jobs: Jobs, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session, self.jobs = session, jobs
        self.panel_on_screen = False
        self.asked = 0
        """Maps asked of the worker so far (tests and benchmarks read it)."""
        self._asked_for: tuple | None = None
        for signal in (
            session.changed,
            session.scenarioChanged,
            session.inputSpaceChanged,
            session.busyChanged,
        ):
            signal.connect(self.update)

    @property
    def wanted(self) -> bool:
        return self.panel_on_screen or self.session.node_maps

    def set_panel_on_screen(self, on: bool) -> None:
        """Told by the window when the input-space tab comes to the front or goes behind."""
        self.panel_on_screen = on
        self.update()

    def update(self) -> None:
        """Ask the worker for the maps of the network on show, unless they are held or on their way."""
        s = self.session
        if not self.wanted or s.busy or s.maps_current:
            return
        net, work = s.input_space_work()
        key = (net, s.scenario, s.input_pair)
        old = self._asked_for
        if old is not None and old[0] is net and old[1] is s.scenario and old[2] == s.input_pair:
            return  # on its way
        self._asked_for = key
        self.asked += 1
        self.jobs.compute(JOB, work, lambda planes: self._arrived(net, planes))

    def _arrived(self, net, planes) -> None:
        self._asked_for = None
        self.session.show_input_maps(net, planes)
        self.update()  # the network may have moved on meanwhile
