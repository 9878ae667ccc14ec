"""The network diagram alone as a PNG (at twice the pixels) or an SVG, for slides.

Both render the whole scene of a :class:`~gdviz.qt.diagram.diagram_view.DiagramView`,
whatever part of it the view is zoomed or scrolled to, fitted into a box.
The view caches its labels as pixmaps; an SVG made from those would hold
pictures of numbers, so caching is switched off while exporting and the
numbers stay text a lecturer can search and edit.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QBuffer, QRectF, QSize, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFrame, QGraphicsItem, QGraphicsScene

from gdviz.core.scenario import Scenario
from gdviz.core.training import TrainState
from gdviz.core.walkthrough import Walkthrough
from gdviz.qt import style
from gdviz.qt.diagram.diagram_view import DiagramView
from gdviz.qt.plots.export import png_bytes, svg_generator, write_image
from gdviz.qt.session import Session

PNG_RATIO = 2
"""Device pixels per logical pixel in PNG exports: sharp on a projector or a high-density screen."""


def export_size(view: DiagramView, box: QSize | None = None) -> QSize:
    """The diagram's logical size fitted into ``box`` (default: the view's own
    viewport), keeping its proportions, so the export has no empty margins."""
    box = view.viewport().size() if box is None else box
    rect = view.sceneRect()
    scale = min(box.width() / rect.width(), box.height() / rect.height())
    return QSize(max(1, round(rect.width() * scale)), max(1, round(rect.height() * scale)))


@contextmanager
def _text_not_cached(scene: QGraphicsScene) -> Iterator[None]:
    """Items drawn straight onto the painter while exporting (cached ones would
    reach an SVG as images), then cached again as before."""
    cached = [item for item in scene.items() if item.cacheMode() != QGraphicsItem.CacheMode.NoCache]
    modes = [item.cacheMode() for item in cached]
    for item in cached:
        item.setCacheMode(QGraphicsItem.CacheMode.NoCache)
    try:
        yield
    finally:
        for item, mode in zip(cached, modes, strict=True):
            item.setCacheMode(mode)


def _paint(view: DiagramView, painter: QPainter, size: QSize) -> None:
    painter.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
    target = QRectF(0, 0, size.width(), size.height())
    painter.fillRect(target, style.BACKGROUND)
    with _text_not_cached(view.scene()):
        view.scene().render(painter, target, view.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)


def save_diagram_png(view: DiagramView, path: str | os.PathLike[str], box: QSize | None = None) -> QSize:
    """Write the diagram as a PNG of ``PNG_RATIO`` times :func:`export_size`
    in pixels; returns the pixel size. Raises OSError if it cannot be written."""
    size = export_size(view, box)
    image = QImage(size * PNG_RATIO, QImage.Format.Format_RGB32)  # opaque, like the diagram
    image.setDevicePixelRatio(PNG_RATIO)
    painter = QPainter(image)
    try:
        _paint(view, painter, size)
    finally:
        painter.end()
    write_image(path, png_bytes(image))
    return image.size()


def save_diagram_svg(
    view: DiagramView, path: str | os.PathLike[str], box: QSize | None = None, title: str = "gdviz"
) -> QSize:
    """Write the diagram as an SVG of :func:`export_size`, numbers as text;
    returns its size. Raises OSError if it cannot be written."""
    size = export_size(view, box)
    buffer = QBuffer()
    generator = svg_generator(buffer, size.width(), size.height(), title)
    generator.setDescription("Network diagram exported from gdviz")
    painter = QPainter(generator)
    try:
        _paint(view, painter, size)
    finally:
        painter.end()
    write_image(path, buffer.data().data())
    return size


def session_from(scenario: Scenario, source: str = "", start: TrainState | None = None) -> Session:
    """A session of its own at the start of the training step ``start`` begins
    (default: the scenario's start), so exporting never moves the window."""
    session = Session(scenario, source)
    if start is not None:
        trainer = scenario.trainer()
        trainer.restore(start)
        session.walk = Walkthrough(trainer)  # before any view subscribes, so no signal is needed
    return session


def offscreen_diagram(session: Session, size: tuple[int, int]) -> DiagramView:
    """A diagram laid out and fitted at ``size`` but never on a screen, as the window would draw it."""
    view = DiagramView(session)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.setFrameShape(QFrame.Shape.NoFrame)
    view.resize(*size)
    view.show()  # a hidden view has no viewport size to fit the diagram to
    view.set_zoom(1.0)
    return view


def save_diagram(
    scenario: Scenario,
    path: str | os.PathLike[str],
    kind: str,
    box: tuple[int, int],
    start: TrainState | None = None,
    micro: int = 0,
    source: str = "",
) -> tuple[int, int]:
    """Without a window: the diagram ``micro`` micro-steps into the training step
    ``start`` begins, as a PNG or SVG (``kind``) fitted into ``box``; returns its pixel size."""
    session = session_from(scenario, source, start)
    session.walk.check_micro(micro)
    session.advance(micro, 0)
    view = offscreen_diagram(session, box)
    try:
        if kind == "svg":
            size = save_diagram_svg(view, path, title=scenario.title)
        else:
            size = save_diagram_png(view, path)
    finally:
        view.close()
        view.deleteLater()
    return size.width(), size.height()
