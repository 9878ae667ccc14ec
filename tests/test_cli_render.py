"""``gdviz render`` (presentation mode included) and the window's start without a display,
as the command line reports them."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from PySide6.QtGui import QImage

from gdviz.qt.controllers.presentation import PresentationController
from tests.test_cli import run


def test_render_png_reports_what_it_wrote(qapp, capsys, tmp_path):
    out = tmp_path / "slide.png"
    code, stdout, err = run(capsys, "render", "xor", "--out", str(out), "--size", "1280x720")
    assert (code, err) == (0, "")
    assert stdout == f"wrote {out} (1280x720 PNG, the window)\n"
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_render_svg_reports_what_it_wrote(qapp, capsys, tmp_path):
    out = tmp_path / "slide.svg"
    code, stdout, err = run(capsys, "render", "xor", "--out", str(out), "--size", "1000x700")
    assert (code, err) == (0, "")
    assert stdout == f"wrote {out} (1000x700 SVG, the window)\n"
    assert ET.parse(out).getroot().get("viewBox") == "0 0 1000 700"


def test_render_present_is_presentation_mode_at_the_requested_size(qapp, capsys, tmp_path, monkeypatch):
    seen = []
    enter = PresentationController.enter

    def spy(self) -> None:
        enter(self)
        seen.append((self.presenting, self.window.menuBar().isVisible(), self.key_hint.isVisible()))

    monkeypatch.setattr(PresentationController, "enter", spy)
    out = tmp_path / "stage.png"
    code, stdout, err = run(capsys, "render", "xor", "--present", "--out", str(out))
    assert (code, err) == (0, "")
    assert seen == [(True, False, True)]  # presenting, chrome hidden (the hint then dismissed for the image)
    assert stdout == f"wrote {out} (1920x1080 PNG, the window presenting)\n"  # the default size
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1920, 1080)
    code, stdout, _ = run(capsys, "render", "xor", "--present", "--size", "1280x720", "--out", str(out))
    assert code == 0 and stdout == f"wrote {out} (1280x720 PNG, the window presenting)\n"
    image = QImage(str(out))
    assert (image.width(), image.height()) == (1280, 720)


def test_no_display_suggests_a_display_xvfb_and_render(monkeypatch, capsys):
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("PySide6.QtWidgets.QApplication.instance", staticmethod(lambda: None))
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert err.startswith("gdviz: error: no display to open the window on") and err.count("\n") == 1
    assert "start gdviz on a desktop" in err
    assert "xvfb-run .venv/bin/gdviz" in err
    assert "'gdviz render LESSON_OR_FILE --out slide.png' draws the window to an image" in err
