"""One number rule everywhere: short numbers, changes that show, updates that add up."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest

from gdviz.core.lessons import lessons, load_lesson
from gdviz.core.microsteps import FORWARD, UPDATE
from gdviz.core.numbers import at_places, fmt, pair_texts, series_texts, update_texts
from gdviz.core.params import Node
from gdviz.core.trace import trace_markdown
from gdviz.core.walkthrough import Walkthrough

NUMBER = r"-?[0-9.]+(?:e[-+][0-9]+)?"
UPDATE_LINE = re.compile(rf"= ({NUMBER}) - ({NUMBER}) x \(?({NUMBER})\)? = ({NUMBER})$")


def adds_up(old: str, rate: str, step: str, new: str) -> bool:
    """Worked out with the printed numbers and rounded to new's last digit, it gives new."""
    shown = Decimal(new)
    worked = Decimal(old) - Decimal(rate) * Decimal(step)
    return worked.quantize(Decimal(1).scaleb(shown.as_tuple().exponent), rounding=ROUND_HALF_UP) == shown


def test_single_numbers_keep_four_significant_digits():
    assert [fmt(x) for x in (14.0, 5.04, 0.7, 0.69, 0.51749, -10.1234, 0.00228)] == [
        "14",
        "5.04",
        "0.7",
        "0.69",
        "0.5175",
        "-10.12",
        "0.00228",
    ]
    assert fmt(float("nan")) == "undefined" and fmt(float("inf")) == "overflow"
    assert at_places(0.7, 4) == "0.7" and at_places(0.70001, 4) == "0.7000" and at_places(-1e-9, 3) == "0"


def test_the_issue_s_update_adds_up_and_shows_the_change():
    old, rate, step = -10.1234, 0.05, 0.002280
    texts = update_texts(old, rate, step, old - rate * step)
    assert texts == ("-10.1234", "0.05", "0.00228", "-10.1235") and adds_up(*texts)
    # Today's short forms stay where they already add up.
    assert update_texts(1, 0.01, 30, 1 - 0.01 * 30) == ("1", "0.01", "30", "0.7")
    assert update_texts(-0.8, 0.5, 0.007928, -0.8 - 0.5 * 0.007928) == ("-0.8", "0.5", "0.007928", "-0.8040")


@pytest.mark.parametrize("seed", range(3))
def test_random_updates_add_up_and_never_look_unchanged(seed):
    rng = np.random.default_rng(seed)
    for _ in range(300):
        old = float(rng.normal() * 10.0 ** rng.integers(-3, 4))
        rate = float(rng.choice([0.5, 0.05, 0.01, 0.001, 0.0123]))
        step = float(rng.normal() * 10.0 ** rng.integers(-6, 3))
        new = old - rate * step
        texts = update_texts(old, rate, step, new)
        assert adds_up(*texts), texts
        assert old == new or Decimal(texts[0]) != Decimal(texts[3]), texts


def test_huge_and_overflowing_updates_still_print():
    texts = update_texts(-3e151, 1e150, 0.01, -3e151 - 1e148)
    assert texts[0] != texts[3] and adds_up(*texts)
    assert update_texts(1.0, 0.1, float("inf"), float("-inf")) == ("1", "0.1", "overflow", "-overflow")


def test_pairs_and_series_tell_different_values_apart():
    assert pair_texts(7, 5.04) == ("7", "5.04")
    assert pair_texts(0.51750, 0.51748) == ("0.5175", "0.51748")
    assert pair_texts(0.3, 0.3) == ("0.3", "0.3")
    assert series_texts([0.51750, 0.51748, 0.51748, 0.5]) == ["0.5175", "0.51748", "0.51748", "0.5"]
    assert series_texts([1.0, float("nan"), float("nan")]) == ["1", "undefined", "undefined"]


@pytest.mark.parametrize("lesson_id", [info.id for info in lessons()])
def test_every_update_in_the_hand_out_adds_up(lesson_id):
    steps = 2 if lesson_id == "regression-4-8-8-1" else 10
    lines = [line for line in trace_markdown(load_lesson(lesson_id), steps).splitlines() if " - " in line]
    updates = [m.groups() for line in lines if (m := UPDATE_LINE.search(line)) and line.startswith("    w(")]
    updates += [m.groups() for line in lines if (m := UPDATE_LINE.search(line)) and line.startswith("    b(")]
    assert updates
    for texts in updates:
        assert adds_up(*texts), texts
        assert Decimal(texts[2]) == 0 or Decimal(texts[0]) != Decimal(texts[3]), texts


def test_the_diagram_s_texts_are_the_formula_s_at_every_update():
    w = Walkthrough(load_lesson("sigmoid-neuron").trainer())
    for _ in range(3):
        w.finish_step()
        w.next()
    w.finish_step()  # step 4, every update made
    for k, m in enumerate(w.steps):
        if m.phase != UPDATE:
            continue
        w.index = k
        old, _, _, new = UPDATE_LINE.search(w.formula().split("\n")[0]).groups()
        assert w.frame().param_text(m.param) == f"{old} → {new}"
        assert old != new


def test_sigmoid_neuron_outputs_read_as_the_formula_writes_them():
    w = Walkthrough(load_lesson("sigmoid-neuron").trainer())
    shown = []
    for _ in range(2):
        w.index = next(k for k, m in enumerate(w.steps) if m.phase == FORWARD and m.layer == 1)
        text = w.frame().value_text(Node(1, 0))
        assert w.formula().endswith(f"= {text}")
        shown.append(text)
        w.finish_step()
        w.next()
    assert shown == ["0.5175", "0.5165"]


def _rounds(worked: Decimal, shown: str) -> bool:
    exponent = Decimal(shown).as_tuple().exponent
    return worked.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP) == Decimal(shown)


SLOPE_LINE = re.compile(rf"^slope of .* = ((?:\(?{NUMBER}\)? x )+\(?{NUMBER}\)?) = ({NUMBER})$")
SUM_LINE = re.compile(rf"^\S+ = (?:\w+\()?([^=]*?)\)?(?: = \w+\(({NUMBER})\))? = ({NUMBER})$")


def _worked_sum(body: str) -> Decimal:
    total = Decimal(0)
    for term in re.split(r" (?=[-+] )", body):
        sign = -1 if term.startswith("- ") else 1
        term = term.removeprefix("- ").removeprefix("+ ")
        left, _, right = term.partition("*")
        value = Decimal(left) * (Decimal(right.strip("()")) if right else 1)
        total += sign * value
    return total


@pytest.mark.parametrize("lesson_id", ["multiple-updates", "backprop-in-practice", "xor", "sigmoid-neuron"])
def test_sums_and_products_add_up_and_the_diagram_shows_their_digits(lesson_id):
    w = Walkthrough(load_lesson(lesson_id).trainer())
    w.run(3)
    checked = 0
    for k, m in enumerate(w.steps):
        w.index = k
        first, frame = w.formula().split("\n")[0], w.frame()
        if m.phase == FORWARD and (found := SUM_LINE.match(first)) and "*" in first:
            body, z, a = found.groups()
            assert _rounds(_worked_sum(body), z or a), first
            l, j = m.layer, m.node
            expected = [
                f"{frame.param_text((l - 1, j, i))}*{frame.value_text((l - 1, i))}"
                for i in range(len(frame.values[l - 1]))
            ]
            shown = [t.replace("(", "").replace(")", "") for t in expected]
            assert all(t.lstrip("-") in body.replace("(", "").replace(")", "") for t in shown), (first, shown)
            checked += 1
        elif m.phase == "backward" and m.kind != "node" and (found := SLOPE_LINE.match(first)):
            factors = [Decimal(t.strip("()")) for t in found.group(1).split(" x ")]
            product = factors[0]
            for f in factors[1:]:
                product *= f
            assert _rounds(product, found.group(2)), first
            p = m.param
            if not p.is_bias:
                assert Decimal(frame.value_text((p.layer, p.source))) == factors[0]
            if frame.focus_node_slopes:
                assert Decimal(frame.node_slope_text((p.layer + 1, p.node))) == factors[-1]
            checked += 1
    assert checked
