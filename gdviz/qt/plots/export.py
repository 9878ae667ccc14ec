"""Saving plots as PNG and SVG (the loss history's CSV is written by the core).

Images are made in memory and written in one atomic step by the core, so a
failed export leaves any existing file as it was and the error says why (Qt
would only return False, or print to stderr). SVG goes through QSvgGenerator
and the widget's own rendering, because pyqtgraph's SVG exporter fails on
current PySide6.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QBuffer, QIODevice, QPoint, QRect
from PySide6.QtGui import QImage, QPainter, QPixmap
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget

from gdviz.core.files import error_text, write_atomically


def write_image(path: str | os.PathLike[str], data: bytes) -> None:
    """Write an image's bytes atomically; raises OSError naming ``path``."""
    try:
        write_atomically(path, data)
    except OSError as err:
        raise OSError(f"{path}: could not write the image: {error_text(err)}") from None


def png_bytes(image: QImage | QPixmap) -> bytes:
    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the PNG could not be encoded")
    return buffer.data().data()


def svg_generator(buffer: QBuffer, width: int, height: int, title: str) -> QSvgGenerator:
    """An SVG generator writing into ``buffer`` (opened here), at 96 dpi so viewers
    show it at its size in CSS pixels."""
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(QRect(0, 0, width, height).size())
    generator.setViewBox(QRect(0, 0, width, height))
    generator.setResolution(96)
    generator.setTitle(title)
    return generator


def save_png(widget: QWidget, path: str | os.PathLike[str]) -> None:
    write_image(path, png_bytes(widget.grab()))


def save_svg(widget: QWidget, path: str | os.PathLike[str], title: str = "gdviz") -> None:
    buffer = QBuffer()
    generator = svg_generator(buffer, widget.width(), widget.height(), title)  # held while painting
    painter = QPainter(generator)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    write_image(path, buffer.data().data())
