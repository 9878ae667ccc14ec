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
from functools import cached_property
from typing import Any, ClassVar

import numpy as np

Settings = dict[str, float]
Numbers = dict[str, np.ndarray]
"""Settings as 0-d arrays (see ``Optimizer.numbers``)."""
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


class Rule:
    """An update rule: from one parameter array's slopes (and its memory of
    earlier ones) to its direction."""

    name: ClassVar[str]
    label: ClassVar[str]
    description: ClassVar[str]
    defaults: ClassVar[Settings]
    """Its settings (keys of SETTINGS) and their default values."""

    def direction(self, p: Numbers, g: np.ndarray, memory: Arrays, t: int) -> tuple[np.ndarray, Arrays]:
        """Step ``t`` (1 for the first) of one parameter array: the direction for
        its slopes ``g`` and its new memory, one array per running quantity
        (``memory`` is empty before the first step). ``p`` holds the settings
        (see ``Optimizer.numbers``)."""
        raise NotImplementedError


class GradientDescent(Rule):
    name = "sgd"
    label = "Gradient descent"
    description = "step = learning rate x slope"
    defaults = {"learning_rate": 0.01}

    def direction(self, p: Numbers, g: np.ndarray, memory: Arrays, t: int) -> tuple[np.ndarray, Arrays]:
        return g, ()


class Momentum(Rule):
    name = "momentum"
    label = "Momentum"
    description = "velocity = momentum x velocity + slope; step = learning rate x velocity"
    defaults = {"learning_rate": 0.01, "momentum": 0.9}

    def direction(self, p: Numbers, g: np.ndarray, memory: Arrays, t: int) -> tuple[np.ndarray, Arrays]:
        (v,) = memory or (np.zeros_like(g),)
        v = p["momentum"] * v + g
        return v, (v,)


class Nesterov(Rule):
    name = "nesterov"
    label = "Nesterov momentum"
    description = (
        "velocity = momentum x velocity + slope; step = learning rate x (slope + momentum x velocity)"
    )
    defaults = {"learning_rate": 0.01, "momentum": 0.9}

    def direction(self, p: Numbers, g: np.ndarray, memory: Arrays, t: int) -> tuple[np.ndarray, Arrays]:
        mu = p["momentum"]
        (v,) = memory or (np.zeros_like(g),)
        v = mu * v + g
        return g + mu * v, (v,)


class RMSprop(Rule):
    name = "rmsprop"
    label = "RMSprop"
    description = "s = rho x s + (1 - rho) x slope^2; step = learning rate x slope / (sqrt(s) + epsilon)"
    defaults = {"learning_rate": 0.001, "rho": 0.9, "epsilon": 1e-8}

    def direction(self, p: Numbers, g: np.ndarray, memory: Arrays, t: int) -> tuple[np.ndarray, Arrays]:
        (s,) = memory or (np.zeros_like(g),)
        s = p["rho"] * s + p["1 - rho"] * g * g
        return g / (np.sqrt(s) + p["epsilon"]), (s,)


class Adam(Rule):
    name = "adam"
    label = "Adam"
    description = (
        "m, v = running means of slope and slope^2, bias-corrected; "
        "step = learning rate x m / (sqrt(v) + epsilon)"
    )
    defaults = {"learning_rate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}

    def direction(self, p: Numbers, g: np.ndarray, memory: Arrays, t: int) -> tuple[np.ndarray, Arrays]:
        b1, b2 = p["beta1"], p["beta2"]
        m, v = memory or (np.zeros_like(g), np.zeros_like(g))
        m = b1 * m + p["1 - beta1"] * g
        v = b2 * v + p["1 - beta2"] * g * g
        c1, c2 = 1.0 - float(b1) ** t, 1.0 - float(b2) ** t  # bias corrections, plain Python floats
        return (m / c1) / (np.sqrt(v / c2) + p["epsilon"]), (m, v)


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

    # Worked out once (an optimizer never changes): lean training asks on every step.
    @cached_property
    def rule(self) -> Rule:
        return RULES[self.name]

    @cached_property
    def learning_rate(self) -> float:
        return self.params["learning_rate"]

    @cached_property
    def numbers(self) -> Numbers:
        """The settings, and one minus each decay rate (as ``"1 - beta1"``), as
        the update rules use them: 0-d numpy arrays, by which numpy multiplies
        an array faster than by a Python float (same numbers)."""
        numbers = {}
        for name, value in self.params.items():
            numbers[name] = np.array(value)
            if SETTINGS[name].fraction:
                numbers[f"1 - {name}"] = np.array(1.0 - value)
        return numbers

    def update(
        self,
        params: list[np.ndarray],
        grads: list[np.ndarray],
        state: OptimizerState,
    ) -> tuple[list[np.ndarray], list[np.ndarray], OptimizerState]:
        """One step. Returns (new parameters, directions, new state), where
        ``new = old - learning_rate * direction`` for every parameter."""
        t = state.t + 1
        # Each array's memory: its own array of each running quantity.
        memories = [tuple(q[k] for q in state.slots) for k in range(len(params))]
        steps = [self.step(w, g, mem, t) for w, g, mem in zip(params, grads, memories)]
        new = [w for w, _, _ in steps]
        directions = [d for _, d, _ in steps]
        memory = tuple(zip(*(m for _, _, m in steps)))  # per quantity, one array per parameter array
        return new, directions, OptimizerState(t, memory)

    def step(
        self, w: np.ndarray, g: np.ndarray, memory: Arrays, t: int, out: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray, Arrays]:
        """Step ``t`` of one parameter array ``w`` with slopes ``g``: its new
        values (written into ``out`` if given), its direction and its new
        memory (see ``Rule.direction``)."""
        p = self.numbers
        d, memory = self.rule.direction(p, g, memory, t)
        return np.subtract(w, p["learning_rate"] * d, out=out), d, memory
