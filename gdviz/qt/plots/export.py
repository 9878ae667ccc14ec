"""Saving plots as PNG and SVG (the loss history's CSV is written by the core).

SVG goes through QSvgGenerator and the widget's own rendering, because
pyqtgraph's SVG exporter fails on current PySide6.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator
from PySide6.QtWidgets import QWidget


def save_png(widget: QWidget, path: str | os.PathLike[str]) -> None:
    if not widget.grab().save(str(path), "PNG"):
        raise OSError(f"could not write {path}")


def save_svg(widget: QWidget, path: str | os.PathLike[str], title: str = "gdviz") -> None:
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(widget.size())
    generator.setViewBox(QRect(0, 0, widget.width(), widget.height()))
    generator.setTitle(title)
    painter = QPainter(generator)
    try:
        widget.render(painter, QPoint(0, 0))
    finally:
        painter.end()
    if not Path(path).exists():
        raise OSError(f"could not write {path}")
