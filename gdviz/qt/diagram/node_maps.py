"""Each hidden and output node's own map, drawn inside its disc (View > Node maps).

A node's map is its output over the same input plane as the input-space panel,
coloured by the same colour map, so the class sees the line or curve each
hidden node has learned, and how the output combines them. The disc clips the
map to its circle; the node's value, drawn over it, keeps its backing.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QImage, QPixmap
from PySide6.QtWidgets import QGraphicsItem, QGraphicsPixmapItem

from gdviz.core.input_space import Plane, levels
from gdviz.core.params import Node
from gdviz.qt import style
from gdviz.qt.diagram.diagram_items import NodeItem
from gdviz.qt.map_colours import rgb
from gdviz.qt.session import Session


def map_image(values: np.ndarray, span: tuple[float, float]) -> QImage:
    """``values[row, col]`` (rows running up; a 1-D curve becomes one band) as an RGB image."""
    grid = values if values.ndim == 2 else values[None, :]
    low, high = span
    shade = np.clip((np.nan_to_num(grid, nan=low) - low) / (high - low), 0.0, 1.0)
    pixels = np.ascontiguousarray(rgb(shade[::-1]))  # the image's first row is the plane's top
    rows, cols = grid.shape
    image = QImage(pixels.data, cols, rows, 3 * cols, QImage.Format.Format_RGB888)
    return image.copy()  # owns its pixels once the array is gone


class NodeMaps:
    """The map items of a diagram's nodes, shown while the session asks for them."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self.items: dict[Node, QGraphicsPixmapItem] = {}
        self._nodes: dict[Node, NodeItem] = {}
        self._drawn: tuple | None = None

    @property
    def shown(self) -> bool:
        return self.session.node_maps and self.session.input_maps is not None

    def attach(self, nodes: dict[Node, NodeItem]) -> None:
        """A map item inside each disc but the inputs' (new items for a new network)."""
        self._nodes, self.items, self._drawn = nodes, {}, None
        for key, node in nodes.items():
            if key.layer == 0:
                continue
            item = QGraphicsPixmapItem(node.disc)
            item.setFlag(QGraphicsItem.GraphicsItemFlag.ItemStacksBehindParent)
            item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
            item.hide()
            node.disc.setFlag(QGraphicsItem.GraphicsItemFlag.ItemClipsChildrenToShape)
            self.items[key] = item

    def refresh(self, moved: bool = False) -> None:
        """Draw the session's maps where the discs are (``moved``: they were laid out
        afresh), or hide them."""
        planes, shown = self.session.input_maps, self.shown
        drawn = (shown, id(planes))
        if drawn == self._drawn and not moved:
            return
        self._drawn = drawn
        activations = self.session.scenario.activations
        for key, item in self.items.items():
            node = self._nodes[key]
            node.on_map = shown
            node.put_value(node.placed_value)  # the value's backing follows
            node.disc.setBrush(Qt.BrushStyle.NoBrush if shown else QBrush(style.NODE_FILL))
            item.setVisible(shown)
            if not shown:
                continue
            plane: Plane = planes[key.layer - 1]
            values = plane.values[key.node]
            image = map_image(values, levels(activations[key.layer - 1], values))
            side = max(1, round(2 * node.radius))
            item.setPixmap(QPixmap.fromImage(image).scaled(side, side))
            item.setOffset(node.pos.x() - side / 2, node.pos.y() - side / 2)
