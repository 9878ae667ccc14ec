"""Where training is, as numbers for the stage's counter: step, epoch, batch, and the loss once known."""

from __future__ import annotations

import math

from gdviz.core.lessons import load_lesson
from gdviz.core.numbers import fmt
from gdviz.core.position import Position
from gdviz.core.training import Trainer
from gdviz.core.walkthrough import Walkthrough


def position(walk: Walkthrough) -> Position:
    return Position.of(walk, walk.frame())


def test_mini_batches_name_epoch_and_batch_and_the_loss_only_once_computed():
    walk = Walkthrough(load_lesson("stochastic-gradient-descent").trainer())  # 8 samples, batches of 2
    start = position(walk)
    assert (start.step, start.epoch, start.batch, start.batches) == (1, 1, 1, 4)
    assert start.loss is None and start.last_loss is None  # the class predicts it first
    assert start.text() == "Step 1 · Epoch 1 · Batch 1 of 4"
    seen = []
    while walk.step_number == 1:
        seen.append(position(walk))
        walk.next()
    known = [p for p in seen if p.loss is not None]
    assert known and seen[-1] == known[-1]  # once shown, the loss stays until the step ends
    assert known[0].loss == walk.trainer.history.values[0]
    assert known[0].text() == f"Step 1 · Epoch 1 · Batch 1 of 4 · Loss {fmt(known[0].loss)}"
    walk.run(4)  # steps 2..5: the fifth is the first batch of epoch 2
    later = position(walk)
    assert later.parts()[:3] == ["Step 6", "Epoch 2", "Batch 2 of 4"]
    assert later.parts()[3] == f"Last step's loss {fmt(walk.trainer.history.values[-1])}"


def test_full_batch_has_no_batch_to_name():
    walk = Walkthrough(load_lesson("backprop-in-practice").trainer())
    walk.finish_step()
    assert position(walk).parts()[:2] == ["Step 1", "Epoch 1"]
    assert not any(part.startswith("Batch") for part in position(walk).parts())


def test_a_diverged_run_says_so_and_never_shows_nan():
    t = load_lesson("slope-and-learning-rate").trainer()
    t = Trainer(t.net, t.x, t.y, t.loss, type(t.optimizer).create("sgd", learning_rate=1e150))
    walk = Walkthrough(t)
    walk.run(10)
    shown = position(walk)
    assert shown.diverged and shown.text().endswith("Diverged")
    assert "nan" not in shown.text().lower() and "inf" not in shown.text().lower()
    overflowed = Position(3, 3, 1, 1, math.inf, math.nan, False)
    assert overflowed.text() == "Step 3 · Epoch 3 · Loss overflow"
    assert (
        Position(3, 3, 1, 1, None, math.nan, False).text() == "Step 3 · Epoch 3 · Last step's loss undefined"
    )
