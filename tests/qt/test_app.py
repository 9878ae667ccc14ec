"""Entry points: the window from the command line, and rendering to images."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QApplication

from gdviz.cli import main
from gdviz.qt.main_window import MainWindow


def _drive_window(check) -> None:
    """Run ``check`` on the window main() opens, then close it so main() returns."""

    def act() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        try:
            check(windows[-1])
        finally:
            for w in windows:
                w.close()

    QTimer.singleShot(100, act)


def test_main_reuses_the_application_and_opens_the_lesson(qapp):
    seen = {}

    def check(window: MainWindow) -> None:
        seen["title"] = window.session.scenario.title
        window.action_next.trigger()
        seen["formula"] = window.formula.text

    _drive_window(check)
    assert main(["backprop-in-practice"]) == 0
    assert QApplication.instance() is qapp
    assert seen == {
        "title": "Backpropagation in practice",
        "formula": "node_1 = relu(1*1 + 1*3) = relu(4) = 4",
    }


def test_unknown_lesson_on_the_command_line_says_so_and_opens_the_first(qapp, monkeypatch):
    errors = []
    monkeypatch.setattr(MainWindow, "show_error", lambda self, title, text: errors.append(text))
    seen = {}
    _drive_window(lambda w: seen.setdefault("title", w.session.scenario.title))
    assert main(["no-such-lesson"]) == 0
    assert errors == ["no-such-lesson: no such file or built-in lesson (gdviz lessons lists the lessons)"]
    assert seen["title"] == "Calculating slopes"


@pytest.mark.parametrize("micro", [0, 3, 4, 5, 9, 13, 18])
def test_render_every_phase_to_png(qapp, tmp_path, micro):
    out = tmp_path / f"phase{micro}.png"
    assert (
        main(
            ["render", "backprop-in-practice", "--micro", str(micro), "--out", str(out), "--size", "1280x800"]
        )
        == 0
    )
    image = QImage(str(out))
    assert not image.isNull() and (image.width(), image.height()) == (1280, 800)


def test_render_svg_contains_the_numbers(qapp, tmp_path):
    out = tmp_path / "slide.svg"
    assert main(["render", "backprop-in-practice", "--micro", "10", "--out", str(out)]) == 0
    root = ET.parse(out).getroot()
    texts = "".join(root.itertext())
    assert "slope of w(x1 -&gt; node_0)" in out.read_text() or "slope of w(x1 -> node_0)" in texts


def test_render_to_an_unwritable_place_fails_cleanly(qapp, tmp_path, capsys):
    assert main(["render", "xor", "--out", "/proc/gdviz-cannot-write.svg"]) == 2
    assert main(["render", "xor", "--out", "/proc/gdviz-cannot-write.png"]) == 2
    lines = capsys.readouterr().err.splitlines()  # one line each, nothing from Qt or libpng
    assert lines == [
        f"gdviz: error: /proc/gdviz-cannot-write.{kind}: could not write the image: "
        "cannot write in its folder /proc (no such file or directory)"
        for kind in ("svg", "png")
    ]


def test_no_display_gives_a_clear_error_not_an_invisible_window(monkeypatch, capsys):
    from gdviz.qt import app

    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    assert not app.has_display()
    monkeypatch.setattr("PySide6.QtWidgets.QApplication.instance", staticmethod(lambda: None))
    assert app.run_window("xor") == 2
    assert capsys.readouterr().err.startswith("gdviz: error: no display")


def test_render_after_steps(qapp, tmp_path, capsys):
    out = tmp_path / "later.png"
    assert main(["render", "xor", "--steps", "500", "--out", str(out)]) == 0
    assert not QImage(str(out)).isNull()
    assert main(["render", "nope", "--out", str(out)]) == 2
    assert capsys.readouterr().err.startswith("gdviz: error: nope: no such file or built-in lesson")


def test_render_the_input_space_beside_the_diagram(qapp, tmp_path, capsys):
    out = tmp_path / "map.png"
    args = [
        "render",
        "gaussians",
        "--steps",
        "20",
        "--present",
        "--view",
        "input",
        "--node-maps",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    # The map's blue (high) and orange (low) both fill part of the picture.
    colours = {image.pixelColor(x, y).name() for x in range(1200, 1920, 16) for y in range(100, 1000, 16)}
    assert "#1e6ec8" in colours and "#eb781e" in colours
