"""The diagram's items: a node disc with its numbers, an edge with its label.

Each item is created once per scenario and then only given new texts, pens
and visibility (see ``diagram_view``).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from gdviz.core.params import Node, Param
from gdviz.qt import style

RADIUS = 46.0
LABEL_T = 0.3
"""Where along an edge (from its source) its label sits."""
LABEL_PIXELS = 24
KEY = 0
"""Item data slot holding what clicking the item selects: its Node or Param."""


def line_pen(color, width: float, mark: str) -> QPen:
    """Solid for the item being computed, dashed for the one being inspected."""
    dashed = mark == "selected"
    pen = QPen(color, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


class HaloText(QGraphicsSimpleTextItem):
    """Text on a pale backing, so lines passing behind it do not hide it."""

    def paint(self, painter, option, widget=None) -> None:
        if self.text():
            painter.fillRect(self.boundingRect().adjusted(-3, 0, 3, 0), style.LABEL_BACK)
        super().paint(painter, option, widget)


def text_item(
    parent: QGraphicsItem, pixels: float, color, bold: bool = False, halo: bool = False
) -> QGraphicsSimpleTextItem:
    item = (HaloText if halo else QGraphicsSimpleTextItem)(parent)
    # Laying out text is the dearest part of a repaint; cache the rendered label.
    item.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
    item.setFont(style.font(pixels, bold))
    item.setBrush(QBrush(color))
    return item


def set_text(item: QGraphicsSimpleTextItem, text: str) -> None:
    if item.text() != text:
        item.setText(text)


class NodeItem:
    """A node disc with its value inside, name above, input and slope below."""

    def __init__(self, scene: QGraphicsScene, key: Node, name: str, pos: QPointF, is_input: bool) -> None:
        self.key = key
        self.pos = pos
        self.disc = QGraphicsEllipseItem(pos.x() - RADIUS, pos.y() - RADIUS, 2 * RADIUS, 2 * RADIUS)
        self.disc.setBrush(QBrush(style.INPUT_FILL if is_input else style.NODE_FILL))
        self.disc.setZValue(2)
        self.disc.setData(KEY, key)
        scene.addItem(self.disc)
        self.name = text_item(self.disc, 19, style.NAME, halo=True)
        self.name.setText(name)
        self._center(self.name, pos.y() - RADIUS - 16)
        self.value = text_item(self.disc, 28, style.VALUE, bold=True)
        self.z = text_item(self.disc, 19, style.NAME, halo=True)
        self.slope = text_item(self.disc, 22, style.SLOPE, bold=True, halo=True)
        self.bias = text_item(self.disc, 19, style.WEIGHT, halo=True)
        self._mark: str | None = None

    def _center(self, item: QGraphicsSimpleTextItem, y: float) -> None:
        r = item.boundingRect()
        item.setPos(self.pos.x() - r.width() / 2, y - r.height() / 2)

    def update(self, value: str, z: str, slope: str, bias: str, mark: str) -> None:
        """``mark`` is "" (plain), "active" (being computed) or "selected" (inspected)."""
        y = self.pos.y() + RADIUS + 16
        for item, text in ((self.z, z), (self.slope, slope), (self.bias, bias)):
            set_text(item, text)
            self._center(item, y)
            y += 25 if text else 0
        if self.value.text() != value:
            self.value.setText(value)
            # Long numbers shrink to fit inside the disc rather than spill over its edge.
            width = self.value.boundingRect().width()
            self.value.setScale(min(1.0, 1.7 * RADIUS / width) if width else 1.0)
            r = self.value.boundingRect()
            scale = self.value.scale()
            self.value.setPos(self.pos.x() - r.width() * scale / 2, self.pos.y() - r.height() * scale / 2)
        if mark != self._mark:
            self._mark = mark
            self.disc.setPen(line_pen(style.HIGHLIGHT if mark else style.NODE_BORDER, 9 if mark else 3, mark))


class EdgeItem:
    """An edge line with a label: weight (dark) and slope (purple)."""

    def __init__(self, scene: QGraphicsScene, key: Param, a: QPointF, b: QPointF) -> None:
        self.key = key
        d = b - a
        length = math.hypot(d.x(), d.y())
        ux, uy = d.x() / length, d.y() / length
        p0 = QPointF(a.x() + ux * RADIUS, a.y() + uy * RADIUS)
        p1 = QPointF(b.x() - ux * RADIUS, b.y() - uy * RADIUS)
        self.line = QGraphicsLineItem(p0.x(), p0.y(), p1.x(), p1.y())
        self.line.setData(KEY, key)
        self.line.setZValue(0)
        scene.addItem(self.line)
        self.anchor = p0 + (p1 - p0) * LABEL_T
        self.back = QGraphicsRectItem()
        self.back.setBrush(QBrush(style.LABEL_BACK))
        self.back.setPen(QPen(Qt.PenStyle.NoPen))
        self.back.setZValue(1)
        self.back.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)
        self.back.setData(KEY, key)
        scene.addItem(self.back)
        self.weight = text_item(self.back, LABEL_PIXELS, style.WEIGHT)
        self.slope = text_item(self.back, LABEL_PIXELS, style.SLOPE, bold=True)
        self.allowed = True
        self._pen: tuple | None = None

    def label_rect(self, width: float, height: float) -> QRectF:
        return QRectF(self.anchor.x() - width / 2, self.anchor.y() - height / 2, width, height)

    def update(self, weight: str, slope: str, pen: tuple, visible: bool) -> None:
        changed = self.weight.text() != weight or self.slope.text() != slope
        if changed:
            self.weight.setBrush(QBrush(style.UPDATED if "→" in weight else style.WEIGHT))
            self.weight.setText(weight)
            self.slope.setText(slope)
            w1 = self.weight.boundingRect()
            w2 = self.slope.boundingRect() if slope else QRectF()
            gap = 10 if slope else 0
            width, height = w1.width() + gap + w2.width() + 8, max(w1.height(), w2.height()) + 2
            self.back.setRect(self.label_rect(width, height))
            x = self.anchor.x() - width / 2 + 4
            y = self.anchor.y() - height / 2 + 1
            self.weight.setPos(x, y)
            self.slope.setPos(x + w1.width() + gap, y)
        self.back.setVisible(visible)
        if pen != self._pen:
            self._pen = pen
            self.line.setPen(line_pen(*pen))
