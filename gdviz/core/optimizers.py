"""Optimizers: how a slope becomes a step.

Every optimizer here moves a parameter by ``-learning_rate * direction``. For
plain gradient descent (``sgd``) the direction is the slope itself; the others
reshape it using a memory of past slopes (their *state*). Updates are pure
functions: they return new arrays and a new state, so any earlier training step
can be restored exactly by keeping the old ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

DEFAULTS: dict[str, dict[str, float]] = {
    "sgd": {"learning_rate": 0.01},
    "momentum": {"learning_rate": 0.01, "momentum": 0.9},
    "nesterov": {"learning_rate": 0.01, "momentum": 0.9},
    "rmsprop": {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-8},
    "adam": {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8},
}
"""Each optimizer's hyper-parameters and their defaults."""

DESCRIPTIONS: dict[str, str] = {
    "sgd": "step = learning rate x slope",
    "momentum": "velocity = momentum x velocity + slope; step = learning rate x velocity",
    "nesterov": "velocity = momentum x velocity + slope; "
    "step = learning rate x (slope + momentum x velocity)",
    "rmsprop": "s = rho x s + (1 - rho) x slope^2; step = learning rate x slope / (sqrt(s) + epsilon)",
    "adam": "m, v = running means of slope and slope^2, bias-corrected; "
    "step = learning rate x m / (sqrt(v) + epsilon)",
}


@dataclass(slots=True, eq=False)
class OptimizerState:
    """What an optimizer remembers between steps: the step count ``t`` and, per
    parameter array, its running quantities (velocity, mean squares...)."""

    t: int = 0
    slots: tuple[tuple[np.ndarray, ...], ...] = ()


@dataclass(frozen=True)
class Optimizer:
    """A named optimizer with its hyper-parameters (missing ones take DEFAULTS)."""

    name: str
    params: dict[str, float]

    @classmethod
    def create(cls, name: str, **params: Any) -> Optimizer:
        if name not in DEFAULTS:
            raise ValueError(f"unknown optimizer {name!r}")
        unknown = set(params) - set(DEFAULTS[name])
        if unknown:
            raise ValueError(f"{name} has no hyper-parameter {sorted(unknown)[0]!r}")
        return cls(name, {**DEFAULTS[name], **{k: float(v) for k, v in params.items()}})

    @property
    def learning_rate(self) -> float:
        return self.params["learning_rate"]

    def update(
        self,
        params: list[np.ndarray],
        grads: list[np.ndarray],
        state: OptimizerState,
    ) -> tuple[list[np.ndarray], list[np.ndarray], OptimizerState]:
        """One step. Returns (new parameters, directions, new state), where
        ``new = old - learning_rate * direction`` for every parameter."""
        p = self.params
        lr = p["learning_rate"]
        t = state.t + 1
        slots = state.slots
        if self.name == "sgd":
            directions = grads
            new_slots: tuple[tuple[np.ndarray, ...], ...] = ()
        elif self.name in ("momentum", "nesterov"):
            mu = p["momentum"]
            old_v = slots[0] if slots else [np.zeros_like(g) for g in grads]
            v = tuple(mu * vi + g for vi, g in zip(old_v, grads))
            if self.name == "momentum":
                directions = list(v)
            else:
                directions = [g + mu * vi for g, vi in zip(grads, v)]
            new_slots = (v,)
        elif self.name == "rmsprop":
            rho, eps = p["rho"], p["epsilon"]
            old_s = slots[0] if slots else [np.zeros_like(g) for g in grads]
            s = tuple(rho * si + (1.0 - rho) * g * g for si, g in zip(old_s, grads))
            directions = [g / (np.sqrt(si) + eps) for g, si in zip(grads, s)]
            new_slots = (s,)
        elif self.name == "adam":
            b1, b2, eps = p["beta1"], p["beta2"], p["epsilon"]
            old_m, old_v = (
                slots
                if slots
                else (
                    [np.zeros_like(g) for g in grads],
                    [np.zeros_like(g) for g in grads],
                )
            )
            m = tuple(b1 * mi + (1.0 - b1) * g for mi, g in zip(old_m, grads))
            v = tuple(b2 * vi + (1.0 - b2) * g * g for vi, g in zip(old_v, grads))
            c1, c2 = 1.0 - b1**t, 1.0 - b2**t
            directions = [(mi / c1) / (np.sqrt(vi / c2) + eps) for mi, vi in zip(m, v)]
            new_slots = (m, v)
        else:  # pragma: no cover - create() refuses unknown names
            raise ValueError(self.name)
        new = [w - lr * d for w, d in zip(params, directions)]
        return new, list(directions), OptimizerState(t, new_slots)
