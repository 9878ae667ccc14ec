"""How numbers are written for people: short, but never misleading.

One rule for the diagram, the formula panel, the inspector and the hand-out, so
the same number reads the same everywhere:

1. A number shows 4 significant digits, trailing zeros kept (``0.5175``,
   ``-10.12``, ``0.002280``; ``0.6900`` is not mistaken for exactly 0.69). Whole
   numbers and short decimals print as they are (``14``, ``5.04``, ``0.7``).
2. A number that changes (a weight's ``old → new``, the output before and after
   an update) is written with both values to the same decimal places, with as
   many more places as it takes for them to differ: a value that changed never
   looks unchanged.
3. An update ``new = old - rate x step`` adds up at the digits shown: working it
   out with the printed old, rate and step and rounding to the printed places of
   new gives the printed new. The step gets more significant digits until it
   does, then old and new more decimal places.
4. So does a node's sum (``0.2408*1 + 1.518*2 = ...``) and a slope's three
   factors (``0.1 x 0.2497 x 0.3175 = ...``): the result keeps its 4 digits and
   the numbers that go into it get more, all alike, until the printed
   arithmetic gives the printed result. (Sums of more terms than the formula
   lists, batch averages and losses are rounded number by number.)

Rules 2 to 4 are :func:`pair_texts`, :func:`update_texts` and
:func:`operand_digits`; the formulas and the frame's texts for the diagram call
them with the same numbers, so the same number prints with the same digits in
both at the same micro-step.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Sequence
from decimal import ROUND_HALF_UP, Decimal

DIGITS = 4
"""Significant digits of a number on its own."""
MOST_DIGITS = 17
"""A float64 is written exactly by 17 significant digits: no rule ever needs more."""
HUGE = 1e9
""":func:`fmt` writes numbers from here on with an exponent (``1.234e+09``)."""


def fmt(x: float, digits: int = DIGITS) -> str:
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


def factor(x: float, digits: int = DIGITS) -> str:
    """``x`` as a factor: negative numbers in parentheses, so ``3 x (-2)`` never reads as a subtraction."""
    return parenthesised(fmt(x, digits))


def parenthesised(text: str) -> str:
    """A number's text as a factor: in parentheses if it is negative."""
    return f"({text})" if text.startswith("-") else text


def decimals(text: str) -> int:
    """How many decimal places a number's text shows (``-10.12``: 2, ``1.230e-05``: 8, ``14``: 0)."""
    try:
        exponent = Decimal(text).as_tuple().exponent
    except ArithmeticError:
        return 0
    return max(0, -exponent) if isinstance(exponent, int) else 0


def at_places(x: float, places: int) -> str:
    """``x`` rounded to ``places`` decimal places, or shorter when that is exact
    (``0.7``, not ``0.7000``); overflow and NaN as :func:`fmt` writes them."""
    x = float(x)
    if not math.isfinite(x):
        return fmt(x)
    text = f"{x:.{max(places, 0)}f}"
    if "." in text:
        short = text.rstrip("0").rstrip(".")
        if abs(float(short) - x) <= 1e-12 * abs(x):
            text = short
    if text.lstrip("-").strip("0.") == "":
        return "0"  # no "-0.000"
    return text


def _places(old: float, new: float) -> int:
    """Decimal places both of a pair start from: the more of their two 4-digit texts."""
    return max(decimals(fmt(old)), decimals(fmt(new)))


def _differ_as_they_should(old: float, new: float, old_text: str, new_text: str) -> bool:
    return (old == new) or Decimal(old_text) != Decimal(new_text)


def pair_texts(old: float, new: float) -> tuple[str, str]:
    """``old`` and ``new`` at the same decimal places, as few as :func:`fmt`
    uses and as many more as it takes for different values to print differently."""
    if not (math.isfinite(old) and math.isfinite(new)):
        return fmt(old), fmt(new)
    for old_text, new_text in _pairs(old, new):
        if _differ_as_they_should(old, new, old_text, new_text):
            return old_text, new_text
    return repr(float(old)), repr(float(new))


def _pairs(old: float, new: float) -> Iterator[tuple[str, str]]:
    """Texts of ``old`` and ``new``, shortest first: at the same decimal places,
    or, for numbers too large for decimal places (1e9 and more), at the same
    number of significant digits."""
    if max(abs(old), abs(new)) >= HUGE:
        for digits in range(DIGITS, MOST_DIGITS + 1):
            yield fmt(old, digits), fmt(new, digits)
        return
    start = _places(old, new)
    for places in range(start, start + MOST_DIGITS):
        yield at_places(old, places), at_places(new, places)


def _rounds_to(value: Decimal, text: str) -> bool:
    """``value`` rounded (half up, as by hand) to the last digit ``text`` shows is the number ``text``."""
    shown = Decimal(text)
    try:
        return value.quantize(Decimal(1).scaleb(shown.as_tuple().exponent), rounding=ROUND_HALF_UP) == shown
    except ArithmeticError:
        return False


def update_texts(old: float, rate: float, step: float, new: float) -> tuple[str, str, str, str]:
    """The texts of ``new = old - rate x step`` that add up and show the change
    (see the module's rules 2 and 3): ``(old, rate, step, new)``."""
    values = (old, rate, step, new)
    if not all(math.isfinite(v) for v in values):
        return fmt(old), fmt(rate), fmt(step), fmt(new)
    for old_text, new_text in _pairs(old, new):
        if not _differ_as_they_should(old, new, old_text, new_text):
            continue
        for digits in range(DIGITS, MOST_DIGITS + 1):
            rate_text, step_text = fmt(rate, digits), fmt(step, digits)
            worked = Decimal(old_text) - Decimal(rate_text) * Decimal(step_text)
            if _rounds_to(worked, new_text):
                return old_text, rate_text, step_text, new_text
    # Only if new is not old - rate x step in float arithmetic: then show it all.
    return tuple(repr(float(v)) for v in values)  # type: ignore[return-value]


def operand_digits(operands: Sequence[float], result: float, work: Callable[[list[Decimal]], Decimal]) -> int:
    """Significant digits for ``operands`` (at least :data:`DIGITS`) such that
    ``work`` done on their printed values, rounded to the last digit of the
    printed ``result``, gives the printed result (rule 4)."""
    values = [float(v) for v in operands]
    if not all(math.isfinite(v) for v in [*values, float(result)]):
        return DIGITS
    shown = fmt(result)
    for digits in range(DIGITS, MOST_DIGITS + 1):
        if _rounds_to(work([Decimal(fmt(v, digits)) for v in values]), shown):
            return digits
    return DIGITS  # only if ``work`` is not how ``result`` was computed


def series_texts(values: Sequence[float]) -> list[str]:
    """A run of values (a history), with digits enough that neighbours that
    differ never print the same; at least :data:`DIGITS`."""
    finite = [float(v) for v in values]
    for digits in range(DIGITS, MOST_DIGITS + 1):
        texts = [fmt(v, digits) for v in finite]
        if all(
            a == b or ta != tb or not (math.isfinite(a) and math.isfinite(b))
            for a, b, ta, tb in zip(finite, finite[1:], texts, texts[1:], strict=False)
        ):
            return texts
    return [fmt(v, MOST_DIGITS) for v in finite]
