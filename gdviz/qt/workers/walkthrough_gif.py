"""A training step's walkthrough as an animated GIF, for slides and hand-outs.

Each frame is what the window's diagram and formula panel show at one
position, drawn by those same widgets on an offscreen stage driven by its own
:class:`~gdviz.qt.session.Session`, so a GIF never differs from the app and the
window the export started from does not move.

Which positions become frames is planned in the core (:mod:`gdviz.core.gif_plan`).
The frames are drawn as a job, one per event-loop turn (:class:`GifFrames`),
and written in a worker (:class:`GifFile`).

All frames share one palette made from the style's colours (see
:func:`gif_palette`), without dithering so text stays crisp. A thin bar at the
bottom shows how far through the animation a frame is; it also keeps every
frame different from the one before, which Pillow would otherwise merge.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass

from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QFrame, QVBoxLayout, QWidget

from gdviz.core.files import atomic_output, error_text
from gdviz.core.gif_plan import MAX_FRAMES, check_gif, plan_frames
from gdviz.core.scenario import Scenario
from gdviz.core.tasks import Task
from gdviz.core.training import TrainState
from gdviz.qt import style
from gdviz.qt.diagram.diagram_export import session_from
from gdviz.qt.diagram.diagram_view import DiagramView
from gdviz.qt.panels.formula_panel import FormulaPanel
from gdviz.qt.session import Session

DEFAULT_SIZE = (900, 560)
"""Readable for a 2-3-1 network and, at 60 frames, within 500 KB (960x600 was 509 KB for the 4-8-8-1 lesson)."""
FRAME_MS = 800
"""How long each frame shows: time to read the formula."""
LAST_FRAME_MS = 3000
"""The last frame stays longer, so the loop's end is seen."""
FORMULA_ZOOM = 0.8
"""The formula panel's type in a 900-pixel frame: one formula fits a line or two."""
BAR_PIXELS = 4
RGB32_LAYOUT = "BGRX" if sys.byteorder == "little" else "XRGB"
"""How QImage.Format_RGB32's 0xffRRGGBB words lie in memory, as Pillow names it."""


@dataclass(frozen=True)
class GifInfo:
    """What was written: frame count and kind, pixel size, bytes."""

    frames: int
    kind: str
    size: tuple[int, int]
    bytes: int


class _Stage:
    """Diagram over formula panel, laid out offscreen at the frame size."""

    def __init__(self, session: Session, size: tuple[int, int]) -> None:
        self.widget = QWidget()
        self.widget.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.widget.setAutoFillBackground(True)
        self.diagram = DiagramView(session)
        self.diagram.setFrameShape(QFrame.Shape.NoFrame)
        self.formula = FormulaPanel(session)
        self.formula.set_zoom(FORMULA_ZOOM)
        column = QVBoxLayout(self.widget)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.diagram, 1)
        column.addWidget(self.formula)
        self.widget.resize(*size)
        self.widget.show()  # lays out and fits the diagram; WA_DontShowOnScreen keeps it off any screen
        self.diagram.set_zoom(1.0)

    def colors(self) -> tuple[list[QColor], list[QColor]]:
        """(backgrounds, foregrounds) of everything the stage draws."""
        panel = self.formula.palette()
        backgrounds = [
            style.BACKGROUND,
            style.NODE_FILL,
            style.INPUT_FILL,
            panel.color(QPalette.ColorRole.Window),
        ]
        foregrounds = [
            panel.color(QPalette.ColorRole.WindowText),
            style.VALUE,
            style.NAME,
            style.WEIGHT,
            style.SLOPE,
            style.POSITIVE,
            style.NEGATIVE,
            style.ZERO,
            style.HIGHLIGHT,
            style.UPDATED,
            style.NODE_BORDER,
        ]
        return backgrounds, foregrounds

    def grab(self, progress: float) -> Image.Image:
        """The stage as an RGB image at one device pixel per pixel, whatever the screen."""
        size = self.widget.size()
        # Qt paints 32-bit pixels several times faster than 24-bit ones (5 ms, not 28, for the 4-8-8-1 lesson).
        image = QImage(size, QImage.Format.Format_RGB32)
        image.setDevicePixelRatio(1)
        image.fill(style.BACKGROUND)
        self.widget.render(image)
        picture = Image.frombuffer(
            "RGB",
            (size.width(), size.height()),
            bytes(image.constBits()),
            "raw",
            RGB32_LAYOUT,
            image.bytesPerLine(),
            1,
        )
        bar = round(size.width() * progress)
        if bar:
            picture.paste(_rgb(style.NAME), (0, size.height() - BAR_PIXELS, bar, size.height()))
        return picture

    def close(self) -> None:
        self.widget.close()
        self.widget.deleteLater()


def _rgb(color: QColor) -> tuple[int, int, int]:
    return color.red(), color.green(), color.blue()


def gif_palette(backgrounds: list[QColor], foregrounds: list[QColor]) -> Image.Image:
    """One palette for every frame: each colour exactly, and halfway into each
    background for the edges of antialiased text and lines.

    Made from the style rather than from a frame: the first frame has no purple
    slopes or green updates yet, and an adaptive palette small enough for a
    compact GIF shifts the diagram's colours (purple turned grey at 32 colours).
    """
    colors = {_rgb(c) for c in backgrounds + foregrounds}
    for fg in foregrounds:
        for bg in backgrounds:
            colors.add(tuple((a + b + 1) // 2 for a, b in zip(_rgb(fg), _rgb(bg), strict=True)))
    flat = [v for rgb in sorted(colors) for v in rgb]
    palette = Image.new("P", (1, 1))
    palette.putpalette(flat)  # short of 256 entries: a free index is left for transparency
    return palette


class GifFrames(Task):
    """Drawing a GIF's frames, one per slice, on an offscreen stage of its own.

    Widgets can only be drawn on the GUI thread, so the window advances this
    task there a frame per event-loop turn (a few milliseconds each) and the
    window keeps answering; :class:`GifFile` then writes the file in a worker.
    Raises ValueError at once if there is nothing to show or too many frames.
    """

    title, unit = "GIF export", "frames"

    def __init__(
        self,
        scenario: Scenario,
        steps: int = 1,
        start: TrainState | None = None,
        frames: str = "auto",
        size: tuple[int, int] = DEFAULT_SIZE,
        source: str = "",
        limit: int | None = MAX_FRAMES,
    ) -> None:
        check_gif(steps, size)  # each step makes a frame at least: refused before any work
        self.session = session_from(scenario, source, start)
        self.positions, self.kind = plan_frames(self.session.walk, steps, frames, limit)
        check_gif(len(self.positions), size)
        super().__init__(len(self.positions))
        self.size = size
        self.images: list[Image.Image] = []
        self._stage: _Stage | None = None
        self._palette: Image.Image | None = None
        self._at = 0

    def advance(self) -> None:
        if self._stage is None:
            self._stage = _Stage(self.session, self.size)
            self._palette = gif_palette(*self._stage.colors())
        position = self.positions[self.done]
        self.session.advance(position - self._at, 0)  # one refresh of the views however far it moves
        self._at = position
        self.done += 1
        picture = self._stage.grab(self.done / self.total)
        self.images.append(picture.quantize(palette=self._palette, dither=Image.Dither.NONE))
        if self.finished:
            self.close()

    def close(self) -> None:
        """Let the offscreen stage go (done, or cancelled part way)."""
        if self._stage is not None:
            self._stage.close()
            self._stage = None


class GifFile(Task):
    """Writing drawn frames to a GIF file: one unit, in a worker (Pillow needs no GUI thread)."""

    title, unit = "Writing GIF", "file"

    def __init__(self, frames: GifFrames, path: str | os.PathLike[str], frame_ms: int = FRAME_MS) -> None:
        super().__init__(1)
        self.frames, self.path, self.frame_ms = frames, path, frame_ms
        self.info: GifInfo | None = None
        self.error: OSError | None = None

    def advance(self) -> None:
        try:
            written = write_gif(self.frames.images, self.path, self.frame_ms)
        except OSError as err:
            self.error = err
        else:
            images = self.frames.images
            self.info = GifInfo(len(images), self.frames.kind, images[0].size, written)
        self.done = 1


def write_gif(images: list[Image.Image], path: str | os.PathLike[str], frame_ms: int = FRAME_MS) -> int:
    """Save frames as a looping GIF, the last one held longer; returns the file's size in bytes."""
    durations = [frame_ms] * (len(images) - 1) + [max(frame_ms, LAST_FRAME_MS)]
    try:
        with atomic_output(path) as temp:  # a failure leaves any existing file as it was
            images[0].save(
                temp,
                format="GIF",
                save_all=True,
                append_images=images[1:],
                duration=durations,
                loop=0,
                # Pixels unchanged since the previous frame become transparent: under half the bytes.
                optimize=True,
            )
            return temp.stat().st_size
    except OSError as err:
        raise OSError(f"{path}: could not write the GIF: {error_text(err)}") from None


def save_walkthrough_gif(
    scenario: Scenario,
    path: str | os.PathLike[str],
    steps: int = 1,
    start: TrainState | None = None,
    frames: str = "auto",
    size: tuple[int, int] = DEFAULT_SIZE,
    frame_ms: int = FRAME_MS,
    source: str = "",
) -> GifInfo:
    """Write an animated GIF of ``steps`` training steps from the start of the
    step ``start`` begins (default: the scenario's start).

    Raises ValueError if there is nothing to show (training diverged) or too many
    frames, OSError if the file cannot be written.
    """
    check_gif(1, size, frame_ms)
    frames_task = GifFrames(scenario, steps, start, frames, size, source)
    while not frames_task.finished:
        frames_task.advance()
        # As in the window, where the stage's own queued events run between frames.
        QApplication.processEvents()
    written = GifFile(frames_task, path, frame_ms).run()
    if written.error is not None:
        raise written.error
    return written.info
