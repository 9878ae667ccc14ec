"""How numbers are written for people: short, but never misleading."""

from __future__ import annotations

import math


def fmt(x: float, digits: int = 4) -> str:
    """Format ``x`` with at least ``digits`` significant digits.

    Whole numbers print as integers (``14``, not ``14.0``); values that are a
    short decimal up to float rounding print short (``5.04``, not
    ``5.040000000000001``); anything else shows its ``digits`` digits with
    trailing zeros kept, so ``0.6900`` is not mistaken for exactly 0.69.
    Overflow and NaN never print as numbers.
    """
    x = float(x)
    if math.isnan(x):
        return "undefined"
    if math.isinf(x):
        return "overflow" if x > 0 else "-overflow"
    if x == 0:
        return "0"
    if x.is_integer() and abs(x) < 1e15:
        return str(int(x))
    magnitude = math.floor(math.log10(abs(x)))
    if -4 <= magnitude < 9:
        digits = max(digits, magnitude + 2)
    short = f"{x:.{digits}g}"
    if abs(float(short) - x) <= 1e-12 * abs(x):
        return short
    return f"{x:#.{digits}g}".rstrip(".")


def factor(x: float) -> str:
    """``x`` as a factor: negative numbers in parentheses, so ``3 x (-2)`` never reads as a subtraction."""
    text = fmt(x)
    return f"({text})" if text.startswith("-") else text
