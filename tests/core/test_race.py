"""The optimizer race runs each optimizer from the same start."""

from __future__ import annotations

import numpy as np

from gdviz.core.lessons import load_lesson
from gdviz.core.race import CONTESTANTS, DEFAULT_RATES, race


def test_every_contestant_starts_at_the_lesson_start_and_descends():
    s = load_lesson("slope-and-learning-rate")
    laps = race(s, {name: DEFAULT_RATES[name] for name in CONTESTANTS}, 30, ((0, 0, 0), (0, 0, 1)))
    assert list(laps) == list(CONTESTANTS)
    for lap in laps.values():
        assert lap.path[0].tolist() == [1.0, 2.0]
        assert lap.path.shape == (31, 2) and len(lap.losses) == 30
        assert lap.losses[-1] < lap.losses[0] and lap.divergence is None
    sgd = s.trainer()
    sgd.run(30)
    assert np.array_equal(laps["sgd"].losses, sgd.history.values)


def test_a_diverging_contestant_stops_early_and_says_so():
    s = load_lesson("slope-and-learning-rate")
    laps = race(s, {"sgd": 1e150, "adam": 0.1}, 10, ((0, 0, 0), (0, 0, 1)))
    assert laps["sgd"].divergence is not None and len(laps["sgd"].path) < 11
    assert np.isfinite(laps["sgd"].path).all()
    assert laps["adam"].divergence is None
