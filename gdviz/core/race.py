"""An optimizer race: the same scenario trained by several optimizers.

Each contestant starts from the scenario's own starting point and runs the
same number of steps; the race records every loss and the path of two chosen
parameters, so the paths can be drawn on the loss surface side by side.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import numpy as np

from gdviz.core.params import Param, param_value
from gdviz.core.scenario import Scenario
from gdviz.core.training import Divergence

CONTESTANTS = ("sgd", "momentum", "rmsprop", "adam")
DEFAULT_RATES = {"sgd": 0.01, "momentum": 0.01, "rmsprop": 0.01, "adam": 0.05}


@dataclass(frozen=True)
class Lap:
    """One optimizer's run: losses per step and the path of the two parameters."""

    optimizer: str
    learning_rate: float
    losses: np.ndarray
    """Batch loss of each step taken (before its update)."""
    path: np.ndarray
    """(steps taken + 1) x 2: the two parameters at the start and after every step."""
    divergence: Divergence | None


def race(
    scenario: Scenario, rates: dict[str, float], steps: int, params: tuple[Param, Param]
) -> dict[str, Lap]:
    """Train ``scenario`` once per optimizer in ``rates`` (name -> learning rate)."""
    laps = {}
    for name, rate in rates.items():
        trainer = replace(scenario, optimizer={"name": name, "learning_rate": rate}).trainer()
        path = [[param_value(trainer.net, p) for p in params]]
        for _ in range(steps):
            if trainer.step() is None:
                break
            path.append([param_value(trainer.net, p) for p in params])
        laps[name] = Lap(name, rate, trainer.history.values.copy(), np.array(path), trainer.divergence)
    return laps
