"""The window's model: commands move the core walkthrough and emit signals."""

from __future__ import annotations

from gdviz.core.lessons import load_lesson


def test_next_emits_changed_and_moves_the_core(qtbot, session):
    with qtbot.waitSignal(session.changed, timeout=1000):
        assert session.next()
    assert session.walk.index == 1


def test_previous_at_start_emits_nothing(qtbot, session):
    with qtbot.assertNotEmitted(session.changed):
        assert not session.previous()


def test_load_rebuilds(qtbot, session):
    with qtbot.waitSignals([session.scenarioChanged, session.changed], timeout=1000):
        session.load(load_lesson("xor"), "xor")
    assert session.layers == (2, 3, 1) and session.selection is None


def test_status_names_step_epoch_batch_and_loss(session):
    assert session.status() == "Step 1   ·   Forward pass"  # the loss is not known yet
    session.next_phase()
    assert session.status() == "Step 1   ·   Loss 1   ·   Loss"
    session.load(load_lesson("stochastic-gradient-descent"), "stochastic-gradient-descent")
    session.run_steps(5)
    assert session.status().startswith("Step 6   ·   Epoch 2, batch 2 of 4   ·   Last step's loss ")


def test_select_emits_once(qtbot, session):
    with qtbot.waitSignal(session.selectionChanged, timeout=1000):
        session.select((0, 0, 1))
    with qtbot.assertNotEmitted(session.selectionChanged):
        session.select((0, 0, 1))


def test_weight_history_follows_steps(session):
    session.run_steps(3)
    history = session.weight_history(0, 0, 1)
    assert [k for k, _ in history] == [1, 2, 3, 4]
    assert history[0][1] == 1.0 and history[1][1] == 0.94
