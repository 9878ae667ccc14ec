"""Exports without the window: the diagram view, a panel and the session are enough."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel

from gdviz.core.lessons import load_lesson
from gdviz.core.trace import trace_markdown
from gdviz.qt.controllers.exports import ExportController
from gdviz.qt.diagram.diagram_view import DiagramView
from gdviz.qt.session import Session
from gdviz.qt.workers.jobs import Jobs


@pytest.fixture
def exports(qtbot, lesson_session, settings, prompts) -> ExportController:
    diagram = DiagramView(lesson_session)
    qtbot.addWidget(diagram)
    diagram.resize(800, 500)
    panel = QLabel("a plot")
    qtbot.addWidget(panel)
    panel.resize(200, 100)
    return ExportController(lesson_session, diagram, {"loss curve": panel}, settings, prompts, Jobs())


def test_each_export_suggests_a_name_in_the_last_folder_and_adds_the_extension(
    qtbot, exports, prompts, settings, tmp_path
):
    earlier = tmp_path / "slides" / "old.json"
    earlier.parent.mkdir()
    load_lesson("xor").save(earlier)
    settings.remember_recent(str(earlier))
    out = tmp_path / "out"
    out.mkdir()
    calls = [
        (lambda: exports.ask_diagram("png"), "backprop-in-practice-diagram.png"),
        (lambda: exports.ask_diagram("svg"), "backprop-in-practice-diagram.svg"),
        (exports.ask_gif, "backprop-in-practice-step-1.gif"),
        (exports.ask_markdown, "backprop-in-practice-step-1.md"),
        (exports.ask_history_csv, "loss-history.csv"),
        (lambda: exports.ask_plot("loss curve", "png"), "loss-curve.png"),
    ]
    gifs: list[str] = []
    exports.gifWritten.connect(gifs.append)
    for call, name in calls:
        prompts.paths.append(str(out / name.rsplit(".", 1)[0]))  # typed without an extension
        assert call(), prompts.errors
        assert prompts.asked[-1][2] == str(earlier.parent / name)
    qtbot.waitUntil(lambda: bool(gifs), timeout=20_000)  # the GIF is written in the background
    assert sorted(p.name for p in out.iterdir()) == sorted(name for _, name in calls)
    assert not QImage(str(out / "loss-curve.png")).isNull()


def test_a_cancelled_question_writes_nothing(exports, prompts, tmp_path):
    assert not exports.ask_diagram("png") and not exports.ask_markdown() and not exports.ask_gif()
    assert prompts.errors == [] and len(prompts.asked) == 3


def test_markdown_and_history_are_what_the_core_computes(exports, lesson_session, tmp_path):
    lesson_session.run_steps(3)
    md = tmp_path / "solution.md"
    assert exports.markdown(str(md), 4, last=True)
    assert md.read_text(encoding="utf-8") == trace_markdown(lesson_session.scenario, 4, True)
    assert exports.history_csv(str(tmp_path / "loss.csv"))
    rows = list(csv.reader(open(tmp_path / "loss.csv", encoding="utf-8")))
    assert rows[0] == ["step", "epoch", "batch", "loss"] and len(rows) == 4
    assert float(rows[1][3]) == lesson_session.walk.trainer.history.values[0]
    assert lesson_session.walk.step_number == 4  # exporting moved nothing


@pytest.mark.parametrize("kind", ["png", "svg", "gif", "md", "csv", "plot"])
def test_an_unwritable_place_is_a_message_naming_it(exports, prompts, tmp_path, kind):
    folder = tmp_path / "no-such-folder"
    path = str(folder / f"x.{kind}")
    write = {
        "png": lambda: exports.diagram_image("png", path),
        "svg": lambda: exports.diagram_image("svg", path),
        "gif": lambda: exports.gif(path),
        "md": lambda: exports.markdown(path, 1),
        "csv": lambda: exports.history_csv(path),
        "plot": lambda: exports.plot(exports.plots["loss curve"], "png", path),
    }[kind]
    assert write() is False
    title, text = prompts.errors[-1]
    assert title == "Could not export" and str(folder) in text and text.count(path) == 1
    assert not folder.exists()


def test_a_gif_of_a_diverged_run_says_why(qtbot, settings, prompts, tmp_path):
    hot = replace(load_lesson("slope-and-learning-rate"), optimizer={"name": "sgd", "learning_rate": 1e150})
    session = Session(hot, "hot")
    session.run_steps(5)
    exports = ExportController(session, DiagramView(session), {}, settings, prompts, Jobs())
    assert not exports.gif(str(tmp_path / "hot.gif"))
    assert "diverged at step 3" in prompts.errors[-1][1] and not (tmp_path / "hot.gif").exists()
