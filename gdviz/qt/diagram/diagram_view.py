"""The network diagram: layers left to right, numbers on nodes and edges.

The scene is laid out in the view's own pixels (divided by the zoom), so the
type sizes in ``diagram_items`` are what the class sees and the network fills
whatever space it is given. Items are made once per scenario (``_rebuild``),
given geometry when the size or zoom changes (``_layout``) and texts at every
frame (``_refresh``), after which :func:`gdviz.core.layout.place` decides which
texts fit and where: the numbers the micro-step uses first, then the rest as
room allows. Between densely connected layers the edges recede (faint, no
labels) except those in focus. Zoomed in past what fits, the view follows the
micro-step in focus.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

from gdviz.core import layout
from gdviz.core.frame import Frame
from gdviz.core.layout import Box
from gdviz.core.names import node_name
from gdviz.core.numbers import fmt
from gdviz.core.params import Node, Param
from gdviz.qt import style
from gdviz.qt.diagram.diagram_items import (
    KEY,
    NUMBER_PIXELS,
    TEXT_PIXELS,
    EdgeItem,
    NodeItem,
    edge_pen,
    put,
    set_text,
    size_of,
    text_item,
)
from gdviz.qt.diagram.diagram_labels import (
    Labels,
    focus_nodes,
    loss_box_beside,
    loss_lines,
    pair_in_focus,
    widest_loss_lines,
)
from gdviz.qt.diagram.node_maps import NodeMaps
from gdviz.qt.diagram.value_editor import ValueEditor, starting_value
from gdviz.qt.session import Selection, Session

DENSE_EDGES = 20
"""Between layers joined by more edges than this, only the edges in focus carry labels."""
CLICK_SLACK = 8
"""Pixels around a click that still count as hitting an item."""
MARGIN = 10.0


class DiagramView(QGraphicsView):
    """Shows the session's network and current frame; clicking selects."""

    zoomChanged = Signal(float)
    inputChosen = Signal(int)
    """An input node was double-clicked: its values live in the Data panel (column given)."""

    def __init__(self, session: Session, parent=None) -> None:
        super().__init__(parent)
        self.session = session
        self.setScene(QGraphicsScene(self))
        # Items are restyled every frame; the BSP index would be rebuilt each time.
        self.scene().setItemIndexMethod(QGraphicsScene.ItemIndexMethod.NoIndex)
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setBackgroundBrush(QBrush(style.BACKGROUND))
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.MinimalViewportUpdate)
        self.setOptimizationFlag(QGraphicsView.OptimizationFlag.DontSavePainterState)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        # The layout fits the viewport: scroll bars would only take room from it.
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.nodes: dict[Node, NodeItem] = {}
        self.edges: dict[Param, EdgeItem] = {}
        self.zoom = 1.0
        self.bounds = Box(0, 0, 1, 1)
        self._laid_out_for: tuple | None = None
        self._forget_edges()
        self.editor = ValueEditor(self.viewport())
        self.node_maps = NodeMaps(session)
        session.inputMapsChanged.connect(self.node_maps.refresh)
        session.inputSpaceChanged.connect(self._layout)  # node maps get larger discs
        session.inputSpaceChanged.connect(self.node_maps.refresh)
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        session.changed.connect(self._on_model_changed)
        session.selectionChanged.connect(self._on_model_changed)
        self._rebuild()

    # -- what tests and the inspector read ------------------------------------
    def node_value_text(self, l: int, j: int) -> str:
        return self.nodes[(l, j)].value.text()

    def node_slope_text(self, l: int, j: int) -> str:
        return self.nodes[(l, j)].slope.text()

    def edge_weight_text(self, l: int, j: int, i: int) -> str:
        return self.edges[(l, j, i)].weight_text

    def edge_slope_text(self, l: int, j: int, i: int) -> str:
        return self.edges[(l, j, i)].slope.text()

    def edge_label_visible(self, l: int, j: int, i: int) -> bool:
        return self.edges[(l, j, i)].back.isVisible()

    def text_items(self) -> list[QGraphicsSimpleTextItem]:
        """Every text the diagram draws now."""
        return [
            item
            for item in self.scene().items()
            if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible() and item.text()
        ]

    def visible_texts(self) -> list[str]:
        return [item.text() for item in self.text_items()]

    # -- zoom and size -------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, 0.5), 4.0)
        self._layout()
        self.zoomChanged.emit(self.zoom)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._layout()

    # -- theme -------------------------------------------------------------------
    def restyle(self) -> None:
        """Redraw in the current ``style`` colours (after ``style.set_theme``): items read them when built."""
        self.setBackgroundBrush(QBrush(style.BACKGROUND))
        self._rebuild()

    # -- input -------------------------------------------------------------------
    def _key_at(self, pos) -> Selection | None:
        """The node or edge under a viewport point. Thin edges are hard to hit:
        anything within a few pixels counts, topmost first."""
        for item in self.items(
            QRect(pos.x() - CLICK_SLACK, pos.y() - CLICK_SLACK, 2 * CLICK_SLACK, 2 * CLICK_SLACK)
        ):
            while item is not None and item.data(KEY) is None:
                item = item.parentItem()
            if item is not None:
                return item.data(KEY)
        return None

    def mousePressEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = self._key_at(event.position().toPoint())
        if key is not None:
            self.session.select(key)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event) -> None:  # noqa: N802 - Qt override
        key = self._key_at(event.position().toPoint())
        if key is not None:
            self.edit_item(key)
        else:
            super().mouseDoubleClickEvent(event)

    # -- editing in place ----------------------------------------------------------
    def edit_item(self, key: Selection) -> None:
        """Open the number box over an edge (its weight) or a node (its bias; for
        an input node, the Data panel). Edits change the scenario's starting values."""
        if isinstance(key, Node) and key.layer == 0:
            self.inputChosen.emit(key.node)
            return
        node = None if isinstance(key, Param) else self.nodes[key]
        anchor = (
            self.edges[key].anchor if node is None else QPointF(node.pos.x(), node.pos.y() + node.radius + 30)
        )
        caption, value, apply = starting_value(self.session, key)
        self.editor.open(caption, value, self.mapFromScene(anchor), apply)

    # -- model events ---------------------------------------------------------------
    def _on_model_scenario_changed(self) -> None:
        self.editor.close_editor()
        self._rebuild()

    def _on_model_changed(self) -> None:
        self._refresh()

    # -- building ------------------------------------------------------------------------
    def _forget_edges(self) -> None:
        """Next refresh redraws every edge."""
        self._last_edges: dict[int, np.ndarray] = {}
        self._last_hot: set[Param] = set()
        self._last_scale: float | None = None

    def _rebuild(self) -> None:
        """Items for the session's network, made once per scenario."""
        scene = self.scene()
        scene.clear()
        self.nodes.clear()
        self.edges.clear()
        layers = self.session.layers
        for l, n in enumerate(layers):
            for j in range(n):
                key = Node(l, j)
                self.nodes[key] = NodeItem(scene, key, node_name(layers, l, j), l == 0)
        for l in range(len(layers) - 1):
            for j in range(layers[l + 1]):
                for i in range(layers[l]):
                    self.edges[Param(l, j, i)] = EdgeItem(scene, Param(l, j, i))
        self.node_maps.attach(self.nodes)
        self.dense = [layers[l] * layers[l + 1] > DENSE_EDGES for l in range(len(layers) - 1)]
        self.loss_text = text_item(None, NUMBER_PIXELS, style.VALUE, bold=True, halo=True)
        self.loss_text.setZValue(3)
        scene.addItem(self.loss_text)
        self.legend = []
        # Bold like the numbers they describe (values and slopes bold, weights plain); colours may coincide.
        for text, color, bold in (
            ("■ values", style.VALUE, True),
            ("■ weights", style.WEIGHT, False),
            ("■ slopes (of the loss)", style.SLOPE, True),
            ("━ positive weight", style.POSITIVE, False),
            ("━ negative weight", style.NEGATIVE, False),
        ):
            item = text_item(None, TEXT_PIXELS, color, bold=bold)
            item.setText(text)
            scene.addItem(item)
            self.legend.append(item)
        self._laid_out_for = None
        self._forget_edges()
        frame = self.session.frame
        self._focus_pair = None if frame is None else pair_in_focus(frame)
        self._layout()

    def _layout(self, refresh: bool = True) -> None:
        """Positions for the current viewport size, zoom and layer pair in focus:
        the network fills the width left of the loss box and the height above the legend."""
        viewport = self.viewport().size()
        width, height = max(viewport.width(), 200) / self.zoom, max(viewport.height(), 150) / self.zoom
        maps = self.session.node_maps
        if self._laid_out_for == (width, height, self.zoom, self._focus_pair, maps):
            return
        self._laid_out_for = (width, height, self.zoom, self._focus_pair, maps)
        self._label_memo: dict = {}
        loss_w, loss_h = self._loss_box_size()
        legend_h = self._place_legend(width)
        # Room above the top row for names, and below the bottom row for a node's details.
        top, below = 28.0, 40.0
        area = Box(
            MARGIN, MARGIN + top, width - 3 * MARGIN - loss_w, height - 2 * MARGIN - top - below - legend_h
        )
        share = layout.MAP_DISC_SHARE if maps else layout.DISC_SHARE
        self.grid = layout.grid(self.session.layers, area, self._focus_pair, share)
        for key, node in self.nodes.items():
            node.set_geometry(self.grid.centres[key], self.grid.radius)
        self.node_maps.refresh(moved=True)
        centres = self.grid.centres
        for (l, j, i), edge in self.edges.items():
            a, b = centres[Node(l, i)], centres[Node(l + 1, j)]
            edge.set_geometry(QPointF(*a), QPointF(*b), self.grid.radius)
        right = max(x for x, _ in centres.values()) + self.grid.radius
        bottom = max(y for _, y in centres.values()) + self.grid.radius
        # Only a grid at its closest spacing runs past the viewport (zoomed in, or a huge network).
        width = max(width, right + 3 * MARGIN + loss_w)
        height = max(height, bottom + MARGIN + legend_h + 8)
        self.bounds = Box(0, 0, width, height)
        middle = (min(y for _, y in centres.values()) + bottom - self.grid.radius) / 2
        self.loss_box = Box(right + 2 * MARGIN, middle - loss_h / 2, loss_w, loss_h)
        self._move_legend(height - MARGIN - legend_h)
        # Crossings between edges of sparse layer pairs are fixed by the layout: labels keep off them.
        groups = [
            [key for key in self.edges if key.layer == l] for l, dense in enumerate(self.dense) if not dense
        ]
        self.crossings = layout.crossings({k: self.edges[k].segment for g in groups for k in g}, groups)
        xs = sorted({x for x, _ in centres.values()})
        r = self.grid.radius
        gaps = [b - a - 2 * r for a, b in zip(xs, xs[1:], strict=False)]
        self.room = {
            l: max(gaps[l - 1] if l else 3 * MARGIN, gaps[l] if l < len(gaps) else loss_w)
            for l in range(len(xs))
        }
        self.scene().setSceneRect(QRectF(0, 0, width, height))
        self.resetTransform()
        self.scale(self.zoom, self.zoom)
        if refresh:
            self._refresh()

    def _loss_box_size(self) -> tuple[float, float]:
        self.loss_text.setText("\n".join(widest_loss_lines(self.session.layers[-1])))
        return size_of(self.loss_text)

    def _place_legend(self, width: float) -> float:
        """Lay the legend out in as few rows as fit ``width``; returns its height."""
        x, row, rows = MARGIN, 0, []
        for item in self.legend:
            w, h = size_of(item)
            if x > MARGIN and x + w > width - MARGIN:
                x, row = MARGIN, row + 1
            rows.append((item, x, row, h))
            x += w + 28
        self._legend_rows = rows
        return (row + 1) * (rows[0][3] + 4)

    def _move_legend(self, top: float) -> None:
        for item, x, row, h in self._legend_rows:
            item.setPos(x, top + row * (h + 4))

    # -- updating --------------------------------------------------------------------------
    def _refresh(self) -> None:
        frame = self.session.frame
        if frame is None:
            self._show_parameters_only()
            return
        pair = pair_in_focus(frame)
        if pair is not None and pair != self._focus_pair:
            self._focus_pair = pair
            self._layout(refresh=False)
        selected = self.session.selection
        for key, node in self.nodes.items():
            l, j = key
            value, z, slope = frame.value_text(key), frame.input_text(key), frame.node_slope_text(key)
            z = f"z = {z}" if z and frame.inputs[l][j] != frame.values[l][j] else ""
            slope = f"∂ {slope}" if slope else ""
            node.set_texts(value, z, slope, self._bias_text(frame, l, j))
            node.set_mark("active" if key in frame.active_nodes else "selected" if selected == key else "")
        hot = self._refresh_edges(frame, selected)
        self._refresh_loss(frame)
        self._arrange(frame.uses, focus_nodes(frame, selected), hot)

    def _arrange(self, uses: tuple, focus: list[Node], hot: dict[Param, str]) -> None:
        """Place every text (see ``diagram_labels`` for the order); the loss box
        and the legend stand where the layout put them."""
        labels = Labels(
            self.nodes, self.edges, self.dense, self.crossings, self.grid.row_gap, self.room, self._label_memo
        )
        loss_box = self._loss_box_beside(uses)
        obstacles = [
            *labels.obstacles(),
            loss_box,
            *(self._legend_box(item) for item, *_ in self._legend_rows),
        ]
        outputs = [Node(len(self.session.layers) - 1, j) for j in range(self.session.layers[-1])]
        placed = layout.place(labels.in_order(uses, focus, hot, outputs), obstacles, self.bounds)
        for key, node in self.nodes.items():
            node.put_value(placed.get(("value", key)))
            put(node.name, placed.get(("name", key)))
            for part, item in node.details.items():
                put(item, placed.get((part, key)) if item.text() else None)
        for key, edge in self.edges.items():
            box = placed.get(("edge", key))
            edge.put_label(box, stacked=box is not None and box.h > edge.label_size(False)[1] + 1)
        self.loss_text.setPos(loss_box.x, loss_box.y)
        self._follow(focus)

    def _loss_box_beside(self, uses: tuple) -> Box:
        w, h = size_of(self.loss_text)
        centred = Box(self.loss_box.x, self.loss_box.y + (self.loss_box.h - h) / 2, w, h)
        last = len(self.session.layers) - 1
        rows = [self.nodes[key].pos.y() for _, key in uses if key.layer == last]
        return loss_box_beside(centred, rows, self.bounds.h - MARGIN)

    def _legend_box(self, item: QGraphicsSimpleTextItem) -> Box:
        w, h = size_of(item)
        return Box(item.pos().x(), item.pos().y(), w, h)

    def _follow(self, focus: list[Node]) -> None:
        """Zoomed in past what fits: keep the nodes in focus in the middle of the view."""
        if not focus:
            return
        visible = self.mapToScene(self.viewport().rect()).boundingRect()
        if visible.width() >= self.bounds.w - 1 and visible.height() >= self.bounds.h - 1:
            return
        xs = [self.nodes[k].pos.x() for k in focus]
        ys = [self.nodes[k].pos.y() for k in focus]
        self.centerOn((min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2)

    def _refresh_edges(self, frame: Frame, selected: Selection | None) -> dict[Param, str]:
        """Update the edges whose numbers, pen or highlight changed; returns those in focus."""
        scale = self._weight_scale(frame.weights)
        hot = {key: "active" for key in frame.active_edges if not key.is_bias}  # biases sit on nodes
        if isinstance(selected, Param) and not selected.is_bias and selected not in hot:
            hot[selected] = "selected"
        everything = scale != self._last_scale
        self._last_scale = scale
        for l in range(len(frame.weights)):
            updated = frame.weight_updated[l]
            known = frame.weight_slope_known[l] & ~updated
            state = np.stack(
                [
                    frame.weights[l],
                    np.where(updated, frame.new_weights[l], 0.0),
                    updated,
                    known,
                    np.where(known, frame.weight_slopes[l], 0.0),
                ]
            )
            last = self._last_edges.get(l)
            changed = (
                np.ones(updated.shape, dtype=bool) if everything or last is None else (state != last).any(0)
            )
            self._last_edges[l] = state
            for j, i in zip(*np.nonzero(changed), strict=True):
                self._refresh_edge(frame, Param(l, int(j), int(i)), scale, hot)
        for key in hot.keys() | self._last_hot:
            self._refresh_edge(frame, key, scale, hot)
        self._last_hot = set(hot)
        return hot

    def _refresh_edge(self, frame: Frame, key: Param, scale: float, hot: dict[Param, str]) -> None:
        l, j, i = key
        updated = frame.weight_updated[l][j, i]
        value = frame.new_weights[l][j, i] if updated else frame.weights[l][j, i]
        # Once updated, the label shows old -> new; the slope is in the formula panel. Between
        # dense layers a fan of edges in focus shows only their weights, all the node's sum uses.
        fanned = self.dense[l] and len(hot) > 1 and key in hot
        slope = "" if updated or fanned else frame.slope_text(key)
        edge = self.edges[key]
        edge.set_texts(frame.param_text(key), slope)
        edge.set_pen(edge_pen(value, scale, hot.get(key, ""), self.dense[l]))

    @staticmethod
    def _bias_text(frame: Frame, l: int, j: int) -> str:
        if frame.biases is None or l == 0:
            return ""
        bias = Param(l - 1, j)
        slope = frame.slope_text(bias)
        return f"b {frame.param_text(bias)}" + (f"  ∂ {slope}" if slope else "")

    def _refresh_loss(self, frame: Frame) -> None:
        lines = loss_lines(frame, self.session.batch_rows(), self.session.sample_row())
        set_text(self.loss_text, "\n".join(lines))

    def _show_parameters_only(self) -> None:
        """After divergence: the kept parameters, no values or slopes."""
        self._forget_edges()
        net = self.session.net
        scale = self._weight_scale(list(net.weights))
        for node in self.nodes.values():
            node.set_texts("", "", "", "")
            node.set_mark("")
        for (l, j, i), edge in self.edges.items():
            w = net.weights[l][j, i]
            edge.set_texts(fmt(w), "")
            edge.set_pen(edge_pen(w, scale, "", self.dense[l]))
        set_text(self.loss_text, "diverged")
        self._arrange((), [], {})

    @staticmethod
    def _weight_scale(weights: list[np.ndarray]) -> float:
        biggest = max((float(np.abs(w).max()) for w in weights), default=0.0)
        return biggest if biggest > 0 else 1.0
