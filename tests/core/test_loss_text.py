"""The hand-out's loss lines say when binary cross-entropy clipped a prediction,
so ``log(1e-12)`` is never taken for the network's own output."""

from __future__ import annotations

from gdviz.core.losses import LOSSES

BCE = LOSSES["binary_cross_entropy"]


def test_a_clipped_prediction_is_named_with_what_it_became():
    assert BCE.value_text([0.0], [1.0]) == (
        "-(1 x log(1e-12) + 0 x log(1))   [yhat 0 clipped to 1e-12: log(0) has no value]"
    )
    slope = BCE.slope_text(1.0, 0.0, 1)
    assert slope.endswith("[yhat 1 clipped to 0.999999999999: log(0) has no value]")
    assert "log 0" not in slope and "(1 x 0)" not in slope  # the divisor is the clipped one


def test_a_prediction_inside_the_range_says_nothing_more():
    assert BCE.value_text([0.3], [1.0]) == "-(1 x log(0.3) + 0 x log(0.7))"
    assert BCE.slope_text(0.3, 1.0, 1) == "(0.3 - 1) / (0.3 x 0.7)"
