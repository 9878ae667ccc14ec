"""Exports from the window: the diagram as PNG and SVG, a training step as GIF, the worked solution."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QGraphicsItem, QMenu

from gdviz.core.gif_plan import plan_frames
from gdviz.core.lessons import load_lesson
from gdviz.core.microsteps import micro_steps
from gdviz.core.scenario import load
from gdviz.core.trace import trace_markdown
from gdviz.qt import style
from gdviz.qt.diagram.diagram_export import export_size, session_from
from gdviz.qt.main_window import MainWindow
from gdviz.qt.workers.walkthrough_gif import save_walkthrough_gif

SVG = "{http://www.w3.org/2000/svg}"
ACTIONS = {
    "action_export_diagram_png": "Diagram as PNG (2x)…",
    "action_export_diagram_svg": "Diagram as SVG…",
    "action_export_gif": "Training step as GIF…",
    "action_export_markdown": "Worked solution as Markdown…",
}


def svg_texts(path) -> list[str]:
    return [e.text.strip() for e in ET.parse(path).iter(f"{SVG}text") if e.text and e.text.strip()]


def micro_step_count(window: MainWindow) -> int:
    """Micro-steps of the window's current training step, counted by the core."""
    walk = window.session.walk
    return len(micro_steps(walk.record, walk.record.before.biases is not None, walk.trainer.train_biases))


def rgb(color) -> tuple[int, int, int]:
    return color.red(), color.green(), color.blue()


def test_export_actions_are_in_the_file_menu_and_write_files(qtbot, open_window, tmp_path, monkeypatch):
    window = open_window()
    menu = window.findChild(QMenu, "menu_export")
    texts = {a.objectName(): a.text() for a in menu.actions() if a.objectName()}
    assert {name: texts.get(name) for name in ACTIONS} == ACTIONS
    asked = []

    def ask(title, suggested, filter_):
        asked.append(Path(suggested).name)
        return str(tmp_path / Path(suggested).stem)  # no extension: the export adds it

    monkeypatch.setattr(window, "ask_save_path", ask)
    gifs: list[str] = []
    window.exports.gifWritten.connect(gifs.append)
    for name in ACTIONS:
        window.findChild(type(window.action_next), name).trigger()
    qtbot.waitUntil(lambda: bool(gifs), timeout=20_000)  # the GIF is written in the background
    assert asked == [
        "backprop-in-practice-diagram.png",
        "backprop-in-practice-diagram.svg",
        "backprop-in-practice-step-1.gif",
        "backprop-in-practice-step-1.md",
    ]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(asked)
    assert window.errors == []


def test_diagram_png_has_twice_the_pixels_of_the_diagram(open_window, tmp_path):
    window = open_window()
    window.session.advance(12, 0)
    out = tmp_path / "diagram.png"
    assert window.exports.diagram_image("png", str(out))
    size = export_size(window.diagram)
    viewport = window.diagram.viewport().size()
    # The whole diagram fitted into the pane: as wide or as tall as it, never bigger.
    assert size.width() <= viewport.width() and size.height() <= viewport.height()
    assert size.width() == viewport.width() or size.height() == viewport.height()
    with Image.open(out) as image:
        image.load()
        assert image.format == "PNG"
        assert image.size == (2 * size.width(), 2 * size.height())
        colors = {c for _, c in image.convert("RGB").getcolors(1 << 20)}
    assert {rgb(style.HIGHLIGHT), rgb(style.BACKGROUND), rgb(style.SLOPE)} <= colors


def test_diagram_png_is_the_whole_diagram_even_zoomed_in(open_window, tmp_path):
    window = open_window()
    window.appearance.set_zoom(3.0)
    out = tmp_path / "zoomed.png"
    assert window.exports.diagram_image("png", str(out))
    rect = window.diagram.sceneRect()
    with Image.open(out) as image:
        assert image.width / image.height == pytest.approx(rect.width() / rect.height(), rel=0.01)


def test_diagram_svg_holds_the_diagrams_numbers_as_text(open_window, tmp_path):
    window = open_window()
    window.session.advance(12, 0)  # into the backward pass: values, weights and slopes all shown
    out = tmp_path / "diagram.svg"
    assert window.exports.diagram_image("svg", str(out))
    root = ET.parse(out).getroot()
    assert root.tag == f"{SVG}svg"
    texts = svg_texts(out)
    shown = {line.strip() for text in window.diagram.visible_texts() for line in text.split("\n")}
    assert shown <= set(texts)
    diagram = window.diagram
    for number in (
        diagram.edge_weight_text(0, 0, 1),
        diagram.edge_slope_text(1, 0, 0),
        diagram.node_value_text(1, 0),
        diagram.node_slope_text(2, 0),
    ):
        assert number and number in texts
    assert "<image" not in out.read_text()  # labels drawn as text, not as cached pictures
    # The view's label cache is back on after the export.
    assert diagram.nodes[(1, 0)].value.cacheMode() == QGraphicsItem.CacheMode.DeviceCoordinateCache


def test_gif_has_one_frame_per_micro_step_and_the_window_stays(qtbot, open_window, tmp_path):
    window = open_window()
    window.session.advance(5, 0)
    out = tmp_path / "step.gif"
    with qtbot.waitSignal(window.exports.gifWritten, timeout=20_000):  # a background job
        assert window.exports.gif(str(out), 1)
    assert (window.session.walk.step_number, window.session.walk.index) == (1, 5)
    assert window.isActiveWindow()  # the offscreen stage took nothing from the window
    with Image.open(out) as gif:
        assert gif.n_frames == micro_step_count(window) == 20
        assert gif.size == (900, 560)
        assert gif.info["loop"] == 0
        durations = []
        for k in range(gif.n_frames):
            gif.seek(k)
            durations.append(gif.info["duration"])
        last = gif.convert("RGB")
    assert durations == [800] * 19 + [3000]
    # One shared palette keeps the diagram's colours exact: the last frame shows every update.
    colors = {c for _, c in last.getcolors(1 << 20)}
    for color in (style.HIGHLIGHT, style.SLOPE, style.UPDATED, style.POSITIVE, style.NODE_FILL):
        assert rgb(color) in colors


def test_gif_starts_at_the_current_training_step(qtbot, open_window, tmp_path):
    window = open_window("xor")
    window.session.run_steps(2)
    window.session.advance(7, 0)
    out = tmp_path / "window.gif"
    with qtbot.waitSignal(window.exports.gifWritten, timeout=20_000):
        assert window.exports.gif(str(out), 1)
    scenario = load_lesson("xor")
    trainer = scenario.trainer()
    trainer.run(2)
    same = save_walkthrough_gif(scenario, tmp_path / "step3.gif", 1, start=trainer.state, source="xor")
    first = save_walkthrough_gif(scenario, tmp_path / "step1.gif", 1, source="xor")
    assert same.frames == first.frames == micro_step_count(window) == 116
    assert out.read_bytes() == (tmp_path / "step3.gif").read_bytes()
    assert out.read_bytes() != (tmp_path / "step1.gif").read_bytes()


def test_frames_per_phase_or_per_step_when_micro_steps_are_too_many(qapp):
    session = session_from(load_lesson("regression-4-8-8-1"))
    walk = session.walk
    steps = walk.steps
    starts = [k for k in range(len(steps)) if k == 0 or steps[k].phase != steps[k - 1].phase]
    positions, kind = plan_frames(walk, 1, "auto")
    assert kind == "phase" and len(steps) == 1492
    assert positions == starts and starts[-1] == len(steps) - 1  # every phase's start; the last is the result
    assert walk.at_start  # planning leaves the walkthrough where it was
    assert plan_frames(walk, 3, "step") == ([1491, 2983, 4475], "step")
    with pytest.raises(ValueError, match="1492 frames .* more than a GIF should hold"):
        plan_frames(walk, 1, "micro")
    assert plan_frames(session_from(load_lesson("xor")).walk, 1, "auto") == (list(range(116)), "micro")


def test_gif_of_a_run_that_diverges_ends_on_the_diverged_state(qapp, hot_scenario, tmp_path):
    scenario = load(hot_scenario)  # overflows at step 3
    info = save_walkthrough_gif(scenario, tmp_path / "hot.gif", 5, frames="step")
    assert (info.frames, info.kind) == (3, "step")  # steps 1 and 2 finished, then the diverged state
    with Image.open(tmp_path / "hot.gif") as gif:
        assert gif.n_frames == 3


def test_gif_of_a_diverged_window_says_why(open_window, hot_scenario, tmp_path):
    window = open_window()
    assert window.open_name(hot_scenario)
    window.session.run_steps(5)
    assert window.session.diverged
    assert not window.exports.gif(str(tmp_path / "none.gif"), 1)
    title, text = window.errors[-1]
    assert title == "Could not export" and "diverged at step 3" in text
    assert not (tmp_path / "none.gif").exists()


def test_markdown_is_the_trace(open_window, tmp_path):
    window = open_window("multiple-updates")
    out = tmp_path / "solution.md"
    assert window.exports.markdown(str(out), 3)
    assert out.read_text(encoding="utf-8") == trace_markdown(load_lesson("multiple-updates"), 3)
    window.session.run_steps(4)
    current = tmp_path / "current.md"
    assert window.exports.markdown(str(current), window.session.walk.step_number, last=True)
    text = current.read_text(encoding="utf-8")
    assert text == trace_markdown(load_lesson("multiple-updates"), 5, True)
    assert "## Step 5" in text and "## Step 4" not in text


@pytest.mark.parametrize(
    "export",
    [
        lambda w, p: w.exports.diagram_image("png", str(p / "x.png")),
        lambda w, p: w.exports.diagram_image("svg", str(p / "x.svg")),
        lambda w, p: w.exports.gif(str(p / "x.gif"), 1),
        lambda w, p: w.exports.markdown(str(p / "x.md"), 1),
    ],
    ids=["png", "svg", "gif", "markdown"],
)
def test_unwritable_path_is_an_error_message_not_a_crash(open_window, tmp_path, export):
    window = open_window()
    folder = tmp_path / "no-such-folder"
    assert export(window, folder) is False
    title, text = window.errors[-1]
    assert title == "Could not export" and str(folder) in text
    assert not folder.exists()


def test_a_gif_export_is_a_job_that_esc_cancels_writing_nothing(qtbot, open_window, tmp_path):
    window = open_window("regression-4-8-8-1")
    out = tmp_path / "big.gif"
    progress: list[str] = []
    window.jobs.progressed.connect(progress.append)
    assert window.exports.gif(str(out), 1)
    assert window.jobs.running and window.action_cancel.isEnabled()
    qtbot.waitUntil(lambda: window.jobs.task.done >= 2, timeout=10_000)
    qtbot.keyClick(window.diagram, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not window.jobs.running, timeout=2000)
    assert progress[0].startswith("GIF export 0 / ") and progress[0].endswith(" frames")
    assert window.job_label.text() == "GIF export cancelled: nothing written"
    assert not out.exists() and window.errors == []
