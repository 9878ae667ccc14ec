"""Each hidden and output node's own map, drawn inside its disc (View > Node maps).

A node's map is its output over the same input plane as the input-space panel,
coloured by the same colour map, so the class sees the line or curve each
hidden node has learned, and how the output combines them. The map is drawn
round, behind the disc's border; the node's value, drawn over it, keeps its backing.
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


def map_image(values: np.ndarray, span: tuple[float, float], side: int) -> QImage:
    """``values[row, col]`` (rows running up; a 1-D curve becomes one band) as a round
    ``side`` x ``side`` image: cells sampled to the pixels, transparent outside the circle
    (cheaper to draw than a clip to the disc)."""
    grid = values if values.ndim == 2 else values[None, :]
    rows, cols = grid.shape
    pick_row = ((side - 1 - np.arange(side)) * rows // side)[:, None]  # the image's top is the plane's top
    pick_col = (np.arange(side) * cols // side)[None, :]
    low, high = span
    cells = np.nan_to_num(grid[pick_row, pick_col], nan=low)
    pixels = np.empty((side, side, 4), dtype=np.uint8)
    pixels[..., :3] = rgb((cells - low) / (high - low))
    centre = (side - 1) / 2
    yy, xx = np.ogrid[:side, :side]
    pixels[..., 3] = np.where((yy - centre) ** 2 + (xx - centre) ** 2 <= (side / 2) ** 2, 255, 0)
    image = QImage(pixels.data, side, side, 4 * side, QImage.Format.Format_RGBA8888)
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
            item.hide()
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
            if node.on_map != shown:
                node.on_map = shown
                node.put_value(node.placed_value)  # the value's backing follows
                node.disc.setBrush(Qt.BrushStyle.NoBrush if shown else QBrush(style.NODE_FILL))
                item.setVisible(shown)
            if not shown:
                continue
            plane: Plane = planes[key.layer - 1]
            values = plane.values[key.node]
            side = max(1, round(2 * node.radius))
            item.setPixmap(
                QPixmap.fromImage(map_image(values, levels(activations[key.layer - 1], values), side))
            )
            item.setOffset(node.pos.x() - side / 2, node.pos.y() - side / 2)
