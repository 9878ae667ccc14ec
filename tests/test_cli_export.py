"""``gdviz export``: the diagram, a walkthrough GIF and the worked solution, without a display."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import replace

import pytest
from PIL import Image

from gdviz.cli import GIF_FRAMES
from gdviz.core.lessons import load_lesson
from gdviz.core.trace import trace_markdown
from gdviz.core.walkthrough import Walkthrough
from tests.test_cli import run


@pytest.fixture
def hot_scenario(tmp_path) -> str:
    """A scenario file whose huge learning rate makes training overflow at step 3."""
    path = tmp_path / "hot.json"
    lesson = load_lesson("slope-and-learning-rate")
    replace(lesson, optimizer={"name": "sgd", "learning_rate": 1e150}).save(path)
    return str(path)


def svg_texts(path) -> set[str]:
    return {e.text.strip() for e in ET.parse(path).iter("{http://www.w3.org/2000/svg}text") if e.text}


def shows(texts: set[str], x: float) -> bool:
    """Some text is the number ``x`` at 4 significant digits or more."""
    for text in texts:
        try:
            if abs(float(text) - x) <= 5e-4 * max(abs(x), 1e-12):
                return True
        except ValueError:
            continue
    return False


def test_export_writes_every_output(qapp, capsys, tmp_path):
    gif, png, svg, md = (tmp_path / f"xor.{kind}" for kind in ("gif", "png", "svg", "md"))
    code, out, err = run(
        capsys,
        "export",
        "xor",
        "--gif",
        str(gif),
        "--png",
        str(png),
        "--svg",
        str(svg),
        "--markdown",
        str(md),
    )
    assert (code, err) == (0, "")
    micro = len(Walkthrough(load_lesson("xor").trainer()).steps)
    with Image.open(gif) as image:
        assert (image.n_frames, image.size) == (micro, (900, 560)) == (116, (900, 560))
    with Image.open(png) as image:
        width, height = image.size
    # The diagram fitted into 900x560, at twice the pixels.
    assert width <= 1800 and height <= 1120 and (width == 1800 or height == 1120)
    texts = svg_texts(svg)
    assert {"x0", "x1", "output"} <= texts and shows(texts, -0.5223)  # names and a starting weight, as text
    assert md.read_text(encoding="utf-8") == trace_markdown(load_lesson("xor"), 1)
    assert out.splitlines() == [
        f"wrote {gif} (900x560 GIF, 116 frames, one per micro-step, {gif.stat().st_size // 1024} KB)",
        f"wrote {png} ({width}x{height} PNG, the diagram)",
        f"wrote {svg} ({width // 2}x{height // 2} SVG, the diagram)",
        f"wrote {md} (Markdown, the worked solution of steps 1 to 1)",
    ]


def test_markdown_alone_needs_no_qt(capsys, tmp_path):
    md = tmp_path / "many.md"
    code, _, _ = run(capsys, "export", "multiple-updates", "--markdown", str(md), "--steps", "3")
    assert code == 0
    assert md.read_text(encoding="utf-8") == trace_markdown(load_lesson("multiple-updates"), 3)


def test_after_steps_and_micro_choose_the_moment(qapp, capsys, tmp_path):
    svg, gif = tmp_path / "later.svg", tmp_path / "later.gif"
    code, _, err = run(
        capsys,
        "export",
        "xor",
        "--after-steps",
        "2",
        "--micro",
        "4",
        "--svg",
        str(svg),
        "--gif",
        str(gif),
        "--frames",
        "phase",
        "--size",
        "640x400",
    )
    assert (code, err) == (0, "")
    walk = Walkthrough(load_lesson("xor").trainer())
    walk.run(2)
    weights = walk.trainer.net.weights
    texts = svg_texts(svg)
    assert any(shows(texts, w) for layer in weights for w in layer.ravel())  # the weights after two steps
    assert shows(texts, walk.record.forward.a[1][0, 0])  # node_0's value for sample 1, computed by then
    steps = walk.steps
    phases = sum(1 for k in range(len(steps)) if k == 0 or steps[k].phase != steps[k - 1].phase)
    with Image.open(gif) as image:
        assert (image.n_frames, image.size) == (phases, (640, 400))  # the last phase is the finished step


def test_frame_kinds_match_the_gif_module():
    from gdviz.core.gif_plan import FRAME_KINDS

    assert GIF_FRAMES == FRAME_KINDS


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["export", "xor"],
            "gdviz: error: export: name at least one output: --gif, --png, --svg or --markdown",
        ),
        (
            ["export", "xor", "--gif", "{tmp}/none/x.gif"],
            "gdviz: error: {tmp}/none/x.gif: no such folder {tmp}/none",
        ),
        (["export", "xor", "--png", "{tmp}/x.gif"], "gdviz: error: {tmp}/x.gif: --png needs a .png file"),
        (
            ["export", "xor", "--markdown", "{tmp}/x.txt"],
            "gdviz: error: {tmp}/x.txt: --markdown needs a .md or",
        ),
        (
            ["export", "no-such-lesson", "--png", "{tmp}/x.png"],
            "gdviz: error: no-such-lesson: no such file or built-in lesson",
        ),
        (
            ["export", "xor", "--gif", "{tmp}/x.gif", "--steps", "0"],
            "gdviz: error: argument --steps: expected 1 to 1,000,000, got 0",
        ),
        (
            ["export", "xor", "--gif", "{tmp}/x.gif", "--frames", "all"],
            "gdviz: error: argument --frames: invalid choice",
        ),
        (
            ["export", "xor", "--gif", "{tmp}/x.gif", "--size", "10x10"],
            "gdviz: error: argument --size: expected WxH",
        ),
        (
            ["export", "regression-4-8-8-1", "--gif", "{tmp}/x.gif", "--frames", "micro"],
            "gdviz: error: {tmp}/x.gif: 1492 frames (one per micro-step) is more than a GIF should hold (500)",
        ),
        (
            ["export", "xor", "--png", "{tmp}/taken.png"],
            "gdviz: error: {tmp}/taken.png: could not write the image",
        ),
        (
            ["export", "xor", "--gif", "{tmp}/taken.gif"],
            "gdviz: error: {tmp}/taken.gif: could not write the GIF",
        ),
        (["export", "xor", "--markdown", "{tmp}/taken.md"], "gdviz: error: {tmp}/taken.md: is a folder, not a file"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(qapp, capsys, tmp_path, args, message):
    for taken in ("taken.png", "taken.gif", "taken.md"):
        (tmp_path / taken).mkdir()  # a folder where the file should go: writing it fails
    args = [a.replace("{tmp}", str(tmp_path)) for a in args]
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith(message.replace("{tmp}", str(tmp_path))) and err.count("\n") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "taken.gif",
        "taken.md",
        "taken.png",
    ]  # nothing written


def test_gif_of_a_run_that_diverged_first_says_so(qapp, capsys, tmp_path, hot_scenario):
    code, out, err = run(
        capsys, "export", hot_scenario, "--after-steps", "5", "--gif", str(tmp_path / "x.gif")
    )
    assert (code, out) == (2, "")
    assert not (tmp_path / "x.gif").exists()
    assert err.startswith(f"gdviz: error: {tmp_path / 'x.gif'}: Training diverged at step 3")
    assert err.count("\n") == 1
