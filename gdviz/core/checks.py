"""The loader's small checks: each refuses a value with its place and what is wrong.

Shared by the scenario loader and its parts (``scenario.py``), so every refusal
reads the same: ``weights[0][1]: expected 3 numbers, got 2``.
"""

from __future__ import annotations

import json
import math
from typing import Any

MAX_SAMPLES = 100_000
"""The most data rows a scenario may hold."""


class ScenarioError(ValueError):
    """A scenario that cannot be used, with the place of the first problem."""

    def __init__(self, place: str, problem: str) -> None:
        super().__init__(f"{place}: {problem}")
        self.place = place
        self.problem = problem


# -- small checkers ---------------------------------------------------------
def _key(key: str) -> str:
    """A key as a place: quoted when it is empty or blank, so the place is never invisible."""
    return key if key.strip() else json.dumps(key)


def _kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true/false"
    return {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}.get(
        type(v), type(v).__name__
    )


def _show(v: Any) -> str:
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) > 10**15:
        return "a very large number"
    text = json.dumps(v) if isinstance(v, (str, int, float, bool)) or v is None else _kind(v)
    return text if len(text) <= 40 else text[:37] + "..."


def _string(v: Any, place: str) -> str:
    if not isinstance(v, str):
        raise ScenarioError(place, f"expected text, got {_kind(v)}")
    return v


def _list(v: Any, place: str, length: int | None = None, what: str = "entries") -> list[Any]:
    if not isinstance(v, list):
        raise ScenarioError(place, f"expected a list, got {_kind(v)}")
    if length is not None and len(v) != length:
        raise ScenarioError(place, f"expected {length} {what}, got {len(v)}")
    return v


def _number(v: Any, place: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        raise ScenarioError(place, f"expected a number, got {_kind(v)}")
    if isinstance(v, float) and not math.isfinite(v):
        raise ScenarioError(place, f"expected a finite number, got {v}")
    if abs(v) > 1e300:
        raise ScenarioError(place, f"expected a number of sensible size, got {_show(v)}")
    return v


def _numbers(v: Any, place: str, length: int) -> list[float]:
    row = _list(v, place)
    if len(row) != length:
        raise ScenarioError(place, f"expected {length} numbers, got {len(row)}")
    return [_number(x, f"{place}[{i}]") for i, x in enumerate(row)]


def _rows(v: Any, place: str, width: int) -> list[list[float]]:
    rows = _list(v, place)
    if not 1 <= len(rows) <= MAX_SAMPLES:
        raise ScenarioError(place, f"expected 1 to {MAX_SAMPLES:,} rows, got {len(rows)}")
    return [_numbers(row, f"{place}[{s}]", width) for s, row in enumerate(rows)]


def _int(v: Any, place: str, low: int, high: int | None = None) -> int:
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    if isinstance(v, bool) or not isinstance(v, int):
        raise ScenarioError(place, f"expected a whole number, got {_kind(v)}")
    if v < low or (high is not None and v > high):
        bound = f"at least {low}" if high is None else f"from {low} to {high}"
        raise ScenarioError(place, f"expected a whole number {bound}, got {_show(v)}")
    return v


def _choice(v: Any, place: str, options: dict[str, Any]) -> str:
    if not isinstance(v, str) or v not in options:
        raise ScenarioError(place, f"expected one of {', '.join(options)}, got {_show(v)}")
    return v
