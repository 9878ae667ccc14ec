"""Optimizers: how a slope becomes a step.

Every optimizer here moves a parameter by ``-learning_rate * direction``. For
plain gradient descent (``sgd``) the direction is the slope itself; the others
reshape it using a memory of past slopes (their *state*). Each update rule is
one small class below: its settings, the rule in words and the rule in numpy.
Updates are pure functions: they return new arrays and a new state, so any
earlier training step can be restored exactly by keeping the old ones.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np

Settings = dict[str, float]
Slopes = list[np.ndarray]
"""One array per parameter array (a weight matrix or a layer's biases)."""
Arrays = tuple[np.ndarray, ...]
Memory = tuple[Arrays, ...]
"""An optimizer's running quantities: per quantity (velocity, mean square...), one array per parameter array."""


@dataclass(frozen=True)
class Setting:
    """One hyper-parameter: how it is called and the values it may take."""

    label: str
    fraction: bool = False
    """True: at least 0 and below 1 (a decay rate); False: any number above 0."""

    def problem(self, value: float) -> str | None:
        """Why ``value`` cannot be used for this setting, or None if it can."""
        if self.fraction:
            return None if 0 <= value < 1 else f"must be at least 0 and below 1, got {value}"
        return None if value > 0 else f"must be greater than 0, got {value}"


SETTINGS: dict[str, Setting] = {
    "learning_rate": Setting("Learning rate"),
    "momentum": Setting("Momentum", fraction=True),
    "rho": Setting("Decay (rho)", fraction=True),
    "beta1": Setting("Beta 1", fraction=True),
    "beta2": Setting("Beta 2", fraction=True),
    "epsilon": Setting("Epsilon"),
}
"""Every optimizer setting, in the order a form lists them."""


def _zeros(grads: Slopes) -> Arrays:
    return tuple(np.zeros_like(g) for g in grads)


class Rule:
    """An update rule: from the slopes (and its memory of earlier ones) to directions."""

    name: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str]
    defaults: ClassVar[Settings]
    """Its settings (keys of SETTINGS) and their default values."""

    def directions(self, p: Settings, grads: Slopes, memory: Memory, t: int) -> tuple[Slopes, Memory]:
        """Step ``t`` (1 for the first): the directions for ``grads`` and the new memory
        (``memory`` is empty before the first step)."""
        raise NotImplementedError


class GradientDescent(Rule):
    name = "sgd"
    label = "Gradient descent"
    description = "step = learning rate x slope"
    defaults = {"learning_rate": 0.01}

    def directions(self, p: Settings, grads: Slopes, memory: Memory, t: int) -> tuple[Slopes, Memory]:
        return grads, ()


class Momentum(Rule):
    name = "momentum"
    label = "Momentum"
    description = "velocity = momentum x velocity + slope; step = learning rate x velocity"
    defaults = {"learning_rate": 0.01, "momentum": 0.9}

    def directions(self, p: Settings, grads: Slopes, memory: Memory, t: int) -> tuple[Slopes, Memory]:
        old = memory[0] if memory else _zeros(grads)
        v = tuple(p["momentum"] * vi + g for vi, g in zip(old, grads))
        return list(v), (v,)


class Nesterov(Rule):
    name = "nesterov"
    label = "Nesterov momentum"
    description = (
        "velocity = momentum x velocity + slope; step = learning rate x (slope + momentum x velocity)"
    )
    defaults = {"learning_rate": 0.01, "momentum": 0.9}

    def directions(self, p: Settings, grads: Slopes, memory: Memory, t: int) -> tuple[Slopes, Memory]:
        mu = p["momentum"]
        old = memory[0] if memory else _zeros(grads)
        v = tuple(mu * vi + g for vi, g in zip(old, grads))
        return [g + mu * vi for g, vi in zip(grads, v)], (v,)


class RMSprop(Rule):
    name = "rmsprop"
    label = "RMSprop"
    description = "s = rho x s + (1 - rho) x slope^2; step = learning rate x slope / (sqrt(s) + epsilon)"
    defaults = {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-8}

    def directions(self, p: Settings, grads: Slopes, memory: Memory, t: int) -> tuple[Slopes, Memory]:
        rho, eps = p["rho"], p["epsilon"]
        old = memory[0] if memory else _zeros(grads)
        s = tuple(rho * si + (1.0 - rho) * g * g for si, g in zip(old, grads))
        return [g / (np.sqrt(si) + eps) for g, si in zip(grads, s)], (s,)


class Adam(Rule):
    name = "adam"
    label = "Adam"
    description = (
        "m, v = running means of slope and slope^2, bias-corrected; "
        "step = learning rate x m / (sqrt(v) + epsilon)"
    )
    defaults = {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}

    def directions(self, p: Settings, grads: Slopes, memory: Memory, t: int) -> tuple[Slopes, Memory]:
        b1, b2, eps = p["beta1"], p["beta2"], p["epsilon"]
        old_m, old_v = memory if memory else (_zeros(grads), _zeros(grads))
        m = tuple(b1 * mi + (1.0 - b1) * g for mi, g in zip(old_m, grads))
        v = tuple(b2 * vi + (1.0 - b2) * g * g for vi, g in zip(old_v, grads))
        c1, c2 = 1.0 - b1**t, 1.0 - b2**t
        return [(mi / c1) / (np.sqrt(vi / c2) + eps) for mi, vi in zip(m, v)], (m, v)


RULES: dict[str, Rule] = {r.name: r for r in (GradientDescent(), Momentum(), Nesterov(), RMSprop(), Adam())}
"""Every optimizer, by the name scenario files use."""
DEFAULTS: dict[str, dict[str, float]] = {name: dict(r.defaults) for name, r in RULES.items()}
"""Each optimizer's hyper-parameters and their defaults."""
DESCRIPTIONS: dict[str, str] = {name: r.description for name, r in RULES.items()}


@dataclass(slots=True, eq=False)
class OptimizerState:
    """What an optimizer remembers between steps: the step count ``t`` and, per
    parameter array, its running quantities (velocity, mean squares...)."""

    t: int = 0
    slots: Memory = ()


@dataclass(frozen=True)
class Optimizer:
    """A named optimizer with its hyper-parameters (missing ones take the rule's defaults)."""

    name: str
    params: dict[str, float]

    @classmethod
    def create(cls, name: str, **params: Any) -> Optimizer:
        """The optimizer ``name`` with ``params`` over its defaults; ValueError for
        an unknown optimizer or a setting it does not have."""
        if name not in RULES:
            raise ValueError(f"unknown optimizer {name!r}")
        defaults = RULES[name].defaults
        unknown = set(params) - set(defaults)
        if unknown:
            raise ValueError(f"{name} has no hyper-parameter {sorted(unknown)[0]!r}")
        return cls(name, {**defaults, **{k: float(v) for k, v in params.items()}})

    @property
    def rule(self) -> Rule:
        return RULES[self.name]

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
        t = state.t + 1
        directions, memory = self.rule.directions(self.params, grads, state.slots, t)
        lr = self.learning_rate
        new = [w - lr * d for w, d in zip(params, directions)]
        return new, list(directions), OptimizerState(t, memory)
