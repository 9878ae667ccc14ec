"""A batch of many samples costs what a batch of a few does: micro-steps are made
when asked for, frames read one sample's row, and written solutions and sums
show the first samples and count the rest."""

from __future__ import annotations

import time

import numpy as np
import pytest

from gdviz.core.checkpoints import Checkpoint, index_in_step
from gdviz.core.formulas import formula
from gdviz.core.frame_index import FrameIndex
from gdviz.core.gif_plan import plan_frames
from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import (
    AVERAGE,
    BACKWARD,
    FORWARD,
    LOSS,
    RESULT,
    UPDATE,
    Kind,
    MicroStep,
    MicroSteps,
    Shares,
    samples_slopes,
    shares,
    slope_factors,
)
from gdviz.core.params import Node, Param
from gdviz.core.scenario import from_dict
from gdviz.core.trace import markdown_chunks
from gdviz.core.walkthrough import Walkthrough
from tests.many_samples import circle


@pytest.mark.parametrize(
    "layers, samples, biases", [((2, 3, 1), 4, True), ((1, 2, 2, 3), 3, False), ((2, 1), 1, True)]
)
def test_micro_steps_are_each_samples_forward_loss_and_backward_then_the_batch(layers, samples, biases):
    steps = MicroSteps(layers, samples, biases, biases)
    listed = list(steps)
    assert listed == [steps[k] for k in range(len(steps))] and steps[-1] == listed[-1]
    nodes = sum(layers[1:])
    weights = sum(a * b for a, b in zip(layers, layers[1:]))
    block = 2 * nodes + 1 + weights + (nodes if biases else 0)
    batch = (1 + weights + (nodes if biases else 0)) if samples > 1 else 0
    assert len(steps) == samples * block + batch + weights + (nodes if biases else 0) + 1
    for s in range(samples):
        mine = listed[s * block : (s + 1) * block]
        assert {m.sample for m in mine} == {s}
        assert [m.phase for m in mine] == [FORWARD] * nodes + [LOSS] + [BACKWARD] * (block - nodes - 1)
    assert [m.sample for m in listed[samples * block :]] == [-1] * (len(steps) - samples * block)
    assert listed[-1] == MicroStep(RESULT, Kind.LOSS)
    assert {m.phase for m in listed[samples * block :]} == ({LOSS, AVERAGE} if samples > 1 else set()) | {
        UPDATE,
        RESULT,
    }
    with pytest.raises(IndexError):
        steps[len(steps)]


def test_a_batch_of_100000_walks_and_shows_as_fast_as_a_batch_of_4():
    walk = Walkthrough(from_dict(circle(100_000)).trainer())
    assert len(walk.steps) == 100_000 * 43 + 1 + 24 + 24 + 1  # 2-8-1 without biases: 24 weights
    start = time.perf_counter()
    frame = walk.frame()
    walk.index = len(walk.steps) - 40  # among the averages
    walk.frame()
    walk.next_phase()
    walk.finish_step()
    result = walk.formula()  # the batch's losses: the first six, and a count of the rest
    walk.index = walk.steps.body
    batch_loss = walk.formula()
    assert time.perf_counter() - start < 1.0  # building every micro-step took 7 s, its index 3 s
    assert (
        frame is not None
        and "... (99994 more)) / 100000" in result
        and "... (99994 more)) / 100000" in batch_loss
    )
    # The frame's tables hold one sample's micro-step numbers, not 100,000 of them.
    index = walk.frame_index()
    assert index.forward[1].first.shape == (8,) and index.slope[0].first.shape == (8, 2)
    assert int(index.forward[1][99_999][0]) == 99_999 * 43


def test_the_frame_index_places_every_micro_step_where_the_list_has_it():
    walk = Walkthrough(load_lesson("backprop-in-practice").trainer())
    steps, record = walk.steps, walk.record
    index = FrameIndex(steps, record.before.layers, True)
    for k, m in enumerate(steps):
        if m.phase == FORWARD:
            assert index.forward[m.layer][m.sample][m.node] == k
        elif m.phase == BACKWARD and m.kind == Kind.NODE:
            assert index.node_back[m.layer][m.sample][m.node] == k
        elif m.phase == BACKWARD and m.kind == Kind.WEIGHT:
            assert index.slope[m.layer][m.sample][m.node, m.source] == k
        elif m.phase == LOSS and m.sample >= 0:
            assert index.loss[m.sample] == k
        elif m.phase == UPDATE:
            assert index.update_at(*m.param) == k


def test_every_samples_slope_at_once_is_each_samples_own():
    walk = Walkthrough(load_lesson("backprop-in-practice").trainer())
    record = walk.record
    for p in (Param(0, 1, 0), Param(1, 0, 1)):
        together = samples_slopes(record, p)
        assert together.tolist() == [slope_factors(record, s, p)[3] for s in range(len(record.x))]
        assert shares(record, p).slopes == tuple(together.tolist())
    biased = Walkthrough(from_dict(circle(6) | {"biases": [[0.1] * 8, [0.2]]}).trainer()).record
    assert samples_slopes(biased, Param(0, 3, -1)).tolist() == [
        slope_factors(biased, s, Param(0, 3, -1))[3] for s in range(6)
    ]


def test_the_envelope_of_many_slopes_keeps_each_columns_extremes():
    slopes = (1.0, -2.0, 0.5, 3.0, -1.0, 0.25, 0.0)
    highs, lows = Shares(tuple(range(1, 8)), slopes, float(np.mean(slopes))).envelope(3)
    # columns take samples [0, 1, 2], [3, 4], [5, 6] (n * 3 // 7)
    assert highs.tolist() == [1.0, 3.0, 0.25] and lows.tolist() == [-2.0, -1.0, 0.0]


def test_an_average_over_many_samples_writes_the_first_slopes_and_counts_the_rest():
    walk = Walkthrough(from_dict(circle(2_000)).trainer())
    m = next(m for m in reversed(walk.steps) if m.phase == AVERAGE and m.kind == Kind.WEIGHT)
    text = formula(walk.record, m, "binary_cross_entropy", "sgd")
    assert "... (1994 more)) / 2000" in text and text.count(" + ") + text.count(" - ") < 12


def test_a_written_solution_of_a_huge_batch_writes_whole_samples_up_to_its_budget():
    text = "".join(markdown_chunks(from_dict(circle(100_000)), 1))
    assert "### Sample" in text and text.count("### Sample ") == 20_000 // 43 == 465
    assert "Samples 466 to 100,000 of this batch go through the same micro-steps" in text
    assert "Slopes averaged over the batch" in text and "Loss on the whole data set" in text
    assert len(text) < 5_000_000


def test_a_question_about_a_later_sample_is_found_without_walking_the_batch():
    walk = Walkthrough(from_dict(circle(100_000)).trainer())
    rows = walk.record.indices
    row = int(rows[70_000])
    asked = Checkpoint(1, BACKWARD, Node(1, 3), None, row, "Which sign?", ("+", "-"), "+", "It follows.")
    k = index_in_step(asked, walk.steps, rows)
    m = walk.steps[k]
    assert (m.phase, m.kind, m.layer, m.node, int(rows[m.sample])) == (BACKWARD, Kind.NODE, 1, 3, row)


@pytest.mark.parametrize("lesson", ["xor", "stochastic-gradient-descent", "regression-4-8-8-1"])
def test_phase_starts_are_where_the_phase_changes(lesson):
    steps = Walkthrough(load_lesson(lesson).trainer()).steps
    listed = list(steps)
    changes = [k for k, m in enumerate(listed) if k == 0 or m.phase != listed[k - 1].phase]
    assert steps.phase_starts() == (changes, len(changes))
    assert steps.phase_starts(3) == (changes[:3], len(changes))


def test_a_gif_of_a_huge_batch_is_counted_not_listed():
    walk = Walkthrough(from_dict(circle(100_000)).trainer())
    start = time.perf_counter()
    with pytest.raises(ValueError, match="300,004 frames|300004 frames"):
        plan_frames(walk, 1, "phase")
    with pytest.raises(ValueError, match="4300050 frames"):
        plan_frames(walk, 1, "micro")
    assert plan_frames(walk, 2, "auto") == ([4_300_049, 8_600_099], "step")
    assert time.perf_counter() - start < 2.0
