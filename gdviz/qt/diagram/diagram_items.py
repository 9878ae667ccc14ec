"""The diagram's items: a node disc with its texts, an edge with its label.

Items are made once per scenario; the view then gives them geometry when its
size changes, and texts, places (boxes from :mod:`gdviz.core.layout`) and
pens at each frame. Type sizes are screen pixels at zoom 1: the scene is laid
out in the pixels of the view, so what is set here is what the class sees.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFontMetricsF, QPen
from PySide6.QtWidgets import (
    QGraphicsEllipseItem,
    QGraphicsItem,
    QGraphicsLineItem,
    QGraphicsRectItem,
    QGraphicsScene,
    QGraphicsSimpleTextItem,
)

from gdviz.core.layout import Box, Segment
from gdviz.core.params import Node, Param
from gdviz.qt import style

NUMBER_PIXELS = 21
"""Numbers on edges and beside nodes (the class must read them from the back)."""
EDGE_PIXELS = 20
"""Weights and slopes on edges: the least a number may be, so that a fan of sixteen
labels fits between two layers on a projector."""
PAD = 3
"""Space left and right of an edge label's text, inside its backing."""
VALUE_PIXELS = 28
"""A node's value inside a disc big enough to hold it."""
TEXT_PIXELS = 20
"""Names, ``z =`` and ``b`` captions, the legend."""
DETAILS = ("slope", "z", "bias")
"""A node's detail lines, in the order they stack under its disc."""
KEY = 0
"""Item data slot holding what clicking the item selects: its Node or Param."""


FAINT = 70
"""How much of its colour (of 255, the rest background) a receded edge between dense layers keeps."""


def edge_pen(value: float, scale: float, mark: str, faint: bool) -> tuple:
    """(colour, width, mark) of an edge: sign as colour, size as width, amber when
    marked; faint between dense layers, so the edges in focus stand out."""
    color = style.POSITIVE if value > 0 else style.NEGATIVE if value < 0 else style.ZERO
    width = 1.5 + 4 * round(3 * min(abs(value) / scale, 1.0)) / 3 * 2
    if mark:
        return (style.HIGHLIGHT, width + 5, mark)
    if faint:
        # Mixed with the background rather than drawn translucent: opaque lines paint faster.
        c, b, k = QColor(color), QColor(style.BACKGROUND), FAINT / 255
        color = QColor.fromRgbF(
            *(k * u + (1 - k) * v for u, v in zip(c.getRgbF()[:3], b.getRgbF()[:3], strict=True))
        )
        return (color, max(1.0, width / 2), "")
    return (color, width, "")


def line_pen(color, width: float, mark: str) -> QPen:
    """Solid for the item being computed, dashed for the one being inspected."""
    dashed = mark == "selected"
    pen = QPen(color, width, Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    pen.setCapStyle(Qt.PenCapStyle.FlatCap)
    return pen


class HaloText(QGraphicsSimpleTextItem):
    """Text on a pale backing, so lines passing behind it do not hide it."""

    halo = True

    def paint(self, painter, option, widget=None) -> None:
        if self.halo and self.text():
            painter.fillRect(self.boundingRect().adjusted(-3, 0, 3, 0), style.LABEL_BACK)
        super().paint(painter, option, widget)


def text_item(
    parent: QGraphicsItem | None, pixels: float, color, bold: bool = False, halo: bool = False
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


def size_of(item: QGraphicsSimpleTextItem) -> tuple[float, float]:
    r = item.boundingRect()
    return (r.width(), r.height()) if item.text() else (0.0, 0.0)


def _text_size(metrics: QFontMetricsF, text: str) -> tuple[float, float]:
    """What ``QGraphicsSimpleTextItem`` would take for ``text``, one line per line."""
    if not text:
        return 0.0, 0.0
    lines = text.split("\n")
    return max(metrics.horizontalAdvance(line) for line in lines), metrics.height() * len(lines)


def put(item: QGraphicsItem, box: Box | None) -> None:
    """Show ``item`` with its top left at ``box``'s, or hide it."""
    if box is None:
        item.setVisible(False)
        return
    item.setPos(box.x, box.y)
    item.setVisible(True)


class NodeItem:
    """A node disc; its value inside (or beside, if the disc is small), its name,
    and its details (``z``, slope, bias), each placed by the view."""

    def __init__(self, scene: QGraphicsScene, key: Node, name: str, is_input: bool) -> None:
        self.key = key
        self.pos = QPointF()
        self.radius = 0.0
        self.disc = QGraphicsEllipseItem()
        self.disc.setBrush(QBrush(style.INPUT_FILL if is_input else style.NODE_FILL))
        self.disc.setZValue(2)
        self.disc.setData(KEY, key)
        scene.addItem(self.disc)
        self.name = text_item(None, TEXT_PIXELS, style.NAME, halo=True)
        self.name.setText(name)
        self.value = text_item(None, VALUE_PIXELS, style.VALUE, bold=True, halo=True)
        self.z = text_item(None, TEXT_PIXELS, style.NAME, halo=True)
        self.slope = text_item(None, NUMBER_PIXELS, style.SLOPE, bold=True, halo=True)
        self.bias = text_item(None, TEXT_PIXELS, style.WEIGHT, halo=True)
        for item in self.texts:
            item.setZValue(3)
            scene.addItem(item)
        self._mark: str | None = None
        self._fitted: tuple[str, float] | None = None
        self.on_map = False
        """The node's own map is drawn inside its disc (View > Node maps)."""
        self.placed_value: Box | None = None

    @property
    def texts(self) -> tuple[QGraphicsSimpleTextItem, ...]:
        return (self.name, self.value, self.z, self.slope, self.bias)

    @property
    def details(self) -> dict[str, QGraphicsSimpleTextItem]:
        """The detail lines by name, in the order they stack under the disc."""
        return dict(zip(DETAILS, (self.slope, self.z, self.bias), strict=True))

    def set_geometry(self, centre: tuple[float, float], radius: float) -> None:
        self.pos = QPointF(*centre)
        self.radius = radius
        self.disc.setRect(self.pos.x() - radius, self.pos.y() - radius, 2 * radius, 2 * radius)

    def disc_box(self) -> Box:
        return Box.around(self.pos.x(), self.pos.y(), 2 * self.radius, 2 * self.radius)

    def set_texts(self, value: str, z: str, slope: str, bias: str) -> None:
        for item, text in ((self.z, z), (self.slope, slope), (self.bias, bias)):
            set_text(item, text)
        if self._fitted != (value, self.radius):
            self._fitted = (value, self.radius)
            # Large type inside a big disc, number type where the large would not fit.
            big = style.font(VALUE_PIXELS, True)
            fits = QFontMetricsF(big).horizontalAdvance(value) <= 1.8 * self.radius
            self.value.setFont(big if self.radius >= 40 and fits else style.font(NUMBER_PIXELS, True))
            self.value.setText(value)

    def value_inside(self) -> Box | None:
        """The value's box inside the disc, if it fits there."""
        w, h = size_of(self.value)
        if w <= 1.8 * self.radius and h <= 1.6 * self.radius:
            return Box.around(self.pos.x(), self.pos.y(), w, h)
        return None

    def put_value(self, box: Box | None) -> None:
        self.placed_value = box
        halo = box is not None and (self.on_map or box != self.value_inside())  # a map shows behind it
        if halo != self.value.halo:
            self.value.halo = halo
            self.value.update()  # the cached rendering has the backing or not
        put(self.value, box if self.value.text() else None)

    def set_mark(self, mark: str) -> None:
        """``mark`` is "" (plain), "active" (being computed) or "selected" (inspected)."""
        if mark != self._mark:
            self._mark = mark
            self.disc.setPen(line_pen(style.HIGHLIGHT if mark else style.NODE_BORDER, 8 if mark else 3, mark))


class EdgeItem:
    """An edge line with a label: the weight (dark) and its slope (purple), side
    by side or, where the view has no room for one line, one above the other."""

    def __init__(self, scene: QGraphicsScene, key: Param) -> None:
        self.key = key
        self.line = QGraphicsLineItem()
        self.line.setData(KEY, key)
        self.line.setZValue(0)
        scene.addItem(self.line)
        self.back = QGraphicsRectItem()
        self.back.setBrush(QBrush(style.LABEL_BACK))
        self.back.setPen(QPen(Qt.PenStyle.NoPen))
        self.back.setZValue(1)
        self.back.setData(KEY, key)
        self.back.setVisible(False)
        scene.addItem(self.back)
        self.weight = text_item(self.back, EDGE_PIXELS, style.WEIGHT)
        self.slope = text_item(self.back, EDGE_PIXELS, style.SLOPE, bold=True)
        self.segment: Segment = (0.0, 0.0, 0.0, 0.0)
        self.weight_text = ""
        self._sizes: dict[bool, tuple[float, float]] | None = None
        self._pen: tuple | None = None

    def set_geometry(self, a: QPointF, b: QPointF, radius: float) -> None:
        """The line from disc rim to disc rim."""
        d = b - a
        length = math.hypot(d.x(), d.y()) or 1.0
        ux, uy = d.x() / length, d.y() / length
        p0 = QPointF(a.x() + ux * radius, a.y() + uy * radius)
        p1 = QPointF(b.x() - ux * radius, b.y() - uy * radius)
        self.line.setLine(p0.x(), p0.y(), p1.x(), p1.y())
        self.segment = (p0.x(), p0.y(), p1.x(), p1.y())

    @property
    def anchor(self) -> QPointF:
        """Where the number box opens when the weight is edited."""
        x0, y0, x1, y1 = self.segment
        return QPointF(x0 + 0.4 * (x1 - x0), y0 + 0.4 * (y1 - y0))

    def set_texts(self, weight: str, slope: str) -> None:
        """The weight (or ``old → new`` once updated) and the slope on show."""
        if self.weight_text != weight:
            self.weight_text = weight
            self.weight.setBrush(QBrush(style.UPDATED if "→" in weight else style.WEIGHT))
            self._sizes = None
        if self.slope.text() != slope:
            self.slope.setText(slope)
            self._sizes = None

    def _lines(self, stacked: bool) -> tuple[str, str]:
        """The two texts of a label shape; stacked, an update puts its new value under the old."""
        if stacked and not self.slope.text():
            old, arrow, new = self.weight_text.partition(" → ")
            return (f"{old}\n→ {new}" if arrow else old), ""
        return self.weight_text, self.slope.text()

    def label_size(self, stacked: bool) -> tuple[float, float]:
        if self._sizes is None:
            metrics = QFontMetricsF(self.weight.font()), QFontMetricsF(self.slope.font())
            self._sizes = {}
            for shape in (False, True):
                first, second = self._lines(shape)
                (w1, h1), (w2, h2) = (_text_size(metrics[0], first), _text_size(metrics[1], second))
                if shape and w2:
                    self._sizes[shape] = (max(w1, w2) + 2 * PAD, h1 + h2 + 2)
                else:
                    self._sizes[shape] = (w1 + (10 + w2 if w2 else 0) + 2 * PAD, max(h1, h2) + 2)
        return self._sizes[stacked]

    def put_label(self, box: Box | None, stacked: bool = False) -> None:
        if box is None:
            self.back.setVisible(False)
            return
        first, _ = self._lines(stacked)
        set_text(self.weight, first)
        self.back.setRect(QRectF(box.x, box.y, box.w, box.h))
        (w1, h1), (w2, _) = size_of(self.weight), size_of(self.slope)
        if stacked and w2:
            self.weight.setPos(box.x + (box.w - w1) / 2, box.y + 1)
            self.slope.setPos(box.x + (box.w - w2) / 2, box.y + 1 + h1)
        else:
            self.weight.setPos(box.x + PAD, box.y + 1)
            self.slope.setPos(box.x + PAD + w1 + 10, box.y + 1)
        self.back.setVisible(True)

    def set_pen(self, pen: tuple) -> None:
        if pen != self._pen:
            self._pen = pen
            self.line.setPen(line_pen(*pen))
