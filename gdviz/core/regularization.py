"""Regularisation: a penalty on large weights, added to the training loss.

Training minimises the data's loss plus a penalty that grows with the weights
(never the biases), so the network trades a little fit for smaller weights and
smoother maps:

- **L1**: ``penalty = strength x sum |w|``; its slope is ``strength x sign(w)``,
  taken as 0 at exactly ``w = 0`` (|w| has no slope there; 0 lets a weight rest).
- **L2**: ``penalty = strength x sum w^2``; its slope is ``2 x strength x w``.

Every weight's slope is then two parts: the data's (backprop) and the
penalty's, which the walkthrough writes side by side.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from gdviz.core.checks import ScenarioError, _choice, _key, _kind, _number, _show
from gdviz.core.numbers import factor, fmt

KINDS = {"l1": "L1 (sum of |w|)", "l2": "L2 (sum of w²)"}
"""Each kind of penalty and how menus name it."""
MAX_STRENGTH = 1e6
"""The strongest penalty a scenario may ask for."""


@dataclass(frozen=True)
class Regularization:
    """A penalty of ``kind`` ("l1" or "l2") weighted by ``strength`` (0 or more)."""

    kind: str
    strength: float

    def penalty(self, weights: Sequence[np.ndarray]) -> float:
        """The penalty on these weight matrices: what it adds to the training loss."""
        return float(sum(self.of_matrix(w) for w in weights))

    def of_matrix(self, w: np.ndarray) -> np.ndarray:
        """One weight matrix's share of the penalty; for a stack of matrices (leading
        axes, as the loss landscape varies them) one share per matrix."""
        size = np.abs(w) if self.kind == "l1" else np.square(w)
        return self.strength * size.sum(axis=(-2, -1))

    def slope(self, w: np.ndarray) -> np.ndarray:
        """The penalty's slope for each weight of ``w`` (``np.sign`` is 0 at 0)."""
        if self.kind == "l1":
            return self.strength * np.sign(w)
        return (2.0 * self.strength) * w

    def slope_text(self, w: float) -> str:
        """One weight's penalty slope written out (without the result)."""
        if self.kind == "l1":
            return f"{fmt(self.strength)} x sign({fmt(w)})"
        return f"2 x {fmt(self.strength)} x {factor(w)}"

    def penalty_text(self, weights: Sequence[np.ndarray], shown: int = 4) -> str:
        """The penalty written out with the first few weights (without the result)."""
        flat = np.concatenate([w.ravel() for w in weights]) if weights else np.empty(0)
        term = (lambda w: f"|{fmt(w)}|") if self.kind == "l1" else (lambda w: f"{factor(w)}²")
        terms = [term(float(w)) for w in flat[:shown]]
        if len(flat) > shown:
            terms.append(f"... ({len(flat) - shown} more)")
        return f"{fmt(self.strength)} x ({' + '.join(terms)})"

    def to_json(self) -> dict[str, object]:
        return {"kind": self.kind, "strength": self.strength}

    @property
    def label(self) -> str:
        return f"{self.kind.upper()} penalty, strength {fmt(self.strength)}"


def penalty_of(reg: Regularization | None, weights: Sequence[np.ndarray]) -> float:
    """The penalty, or 0 without regularisation."""
    return 0.0 if reg is None else reg.penalty(weights)


def regularization_of(value: Any) -> Regularization | None:
    """A scenario's ``{"kind": "l1" | "l2", "strength": lam}``, or none (null or absent);
    refused with the loader's place and message (``regularization.kind: ...``)."""
    if value is None:
        return None
    if not isinstance(value, dict):
        raise ScenarioError(
            "regularization", f"expected an object with kind and strength, got {_kind(value)}"
        )
    for key in value:
        if key not in ("kind", "strength"):
            raise ScenarioError(f"regularization.{_key(key)}", "unknown key (known keys: kind, strength)")
    for key in ("kind", "strength"):
        if key not in value:
            raise ScenarioError(f"regularization.{key}", "missing")
    kind = _choice(value["kind"], "regularization.kind", KINDS)
    strength = _number(value["strength"], "regularization.strength")
    if not 0 <= strength <= MAX_STRENGTH:
        raise ScenarioError(
            "regularization.strength", f"expected a number from 0 to {MAX_STRENGTH:g}, got {_show(strength)}"
        )
    return Regularization(kind, float(strength))
