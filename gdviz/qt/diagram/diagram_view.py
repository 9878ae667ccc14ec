"""The network diagram: layers left to right, numbers on nodes and edges.

Items are created once per scenario (``_rebuild``) and then only updated
(``_refresh``): texts, pens and visibility. Edge labels that would overlap
each other or a node are dropped when the layout is made; between densely
connected layers only the edge being computed or inspected is labelled.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QBrush, QPainter
from PySide6.QtWidgets import QGraphicsScene, QGraphicsSimpleTextItem, QGraphicsView

from gdviz.core import edits
from gdviz.core.frame import Frame
from gdviz.core.names import bias_name, node_name, weight_name
from gdviz.core.numbers import fmt
from gdviz.core.params import Node, Param
from gdviz.qt import style
from gdviz.qt.diagram.diagram_items import KEY, LABEL_PIXELS, RADIUS, EdgeItem, NodeItem, set_text, text_item
from gdviz.qt.diagram.value_editor import ValueEditor
from gdviz.qt.session import Selection, Session

LAYER_GAP = 470.0
NODE_GAP = 225.0
DIGITS = 3
DENSE_EDGES = 20
"""Between layers joined by more edges than this, only the edge in focus carries a label."""
CLICK_SLACK = 8
"""Pixels around a click that still count as hitting an item."""
MIN_READABLE_PIXELS = 7
"""Below this on-screen size, edge labels are hidden rather than drawn as specks."""


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
        self.nodes: dict[Node, NodeItem] = {}
        self.edges: dict[Param, EdgeItem] = {}
        self.zoom = 1.0
        self._readable = True
        self._forget_edges()
        self.editor = ValueEditor(self.viewport())
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        session.changed.connect(self._on_model_changed)
        session.selectionChanged.connect(self._on_model_changed)
        self._rebuild()
        self._refresh()

    # -- what tests and the inspector read ------------------------------------
    def node_value_text(self, l: int, j: int) -> str:
        return self.nodes[(l, j)].value.text()

    def node_slope_text(self, l: int, j: int) -> str:
        return self.nodes[(l, j)].slope.text()

    def edge_weight_text(self, l: int, j: int, i: int) -> str:
        return self.edges[(l, j, i)].weight.text()

    def edge_slope_text(self, l: int, j: int, i: int) -> str:
        return self.edges[(l, j, i)].slope.text()

    def edge_label_visible(self, l: int, j: int, i: int) -> bool:
        return self.edges[(l, j, i)].back.isVisible()

    def visible_texts(self) -> list[str]:
        return [
            item.text()
            for item in self.scene().items()
            if isinstance(item, QGraphicsSimpleTextItem) and item.isVisible() and item.text()
        ]

    # -- zoom --------------------------------------------------------------------
    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, 0.5), 4.0)
        self._fit()
        self.zoomChanged.emit(self.zoom)

    def resizeEvent(self, event) -> None:  # noqa: N802 - Qt override
        super().resizeEvent(event)
        self._fit()

    # -- theme -------------------------------------------------------------------
    def restyle(self) -> None:
        """Redraw in the current ``style`` colours (after ``style.set_theme``): items read them when built."""
        self.setBackgroundBrush(QBrush(style.BACKGROUND))
        self._rebuild()
        self._refresh()

    def _fit(self) -> None:
        # Scroll bars are on exactly when zoomed in. Were they shown "as needed",
        # showing one would shrink the viewport, refit, hide it, grow the viewport
        # and refit again, without end.
        zoomed = self.zoom > 1.0
        policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOn if zoomed else Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        self.setHorizontalScrollBarPolicy(policy)
        self.setVerticalScrollBarPolicy(policy)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag if zoomed else QGraphicsView.DragMode.NoDrag)
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)
        if self.zoom != 1.0:
            self.scale(self.zoom, self.zoom)
        readable = LABEL_PIXELS * self.transform().m11() >= MIN_READABLE_PIXELS
        if readable != self._readable:
            self._readable = readable
            self._forget_edges()
            self._refresh()

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
        scenario = self.session.scenario
        layers = self.session.layers
        restart = "" if self.session.at_start else "  (training restarts at step 0)"
        if isinstance(key, Param):
            l, j, i = key
            value = scenario.network().weights[l][j, i]
            caption = f"Starting weight {weight_name(layers, l, j, i)}{restart}"
            anchor = self.edges[key].anchor

            def apply(v: float) -> None:
                self.session.edit(
                    f"Set {weight_name(layers, l, j, i)}", lambda s: edits.set_weight(s, l, j, i, v)
                )

        else:
            l, j = key
            if l == 0:
                self.inputChosen.emit(j)
                return
            node = self.nodes[key]
            anchor = QPointF(node.pos.x(), node.pos.y() + RADIUS + 30)
            name = bias_name(layers, l - 1, j)
            if scenario.biases is None:
                value = 0.0
                caption = f"{name}: this network has no biases; turn them on under Setup"
            else:
                value = scenario.biases[l - 1][j]
                caption = f"Starting bias {name}{restart}"

            def apply(v: float) -> None:
                self.session.edit(f"Set {name}", lambda s: edits.set_bias(s, l - 1, j, v))

        self.editor.open(caption, float(value), self.mapFromScene(anchor), apply)

    # -- model events ---------------------------------------------------------------
    def _on_model_scenario_changed(self) -> None:
        self.editor.close_editor()
        self._rebuild()
        self._refresh()

    def _on_model_changed(self) -> None:
        self._refresh()

    # -- building ------------------------------------------------------------------------
    def _forget_edges(self) -> None:
        """Next refresh redraws every edge."""
        self._last_edges: dict[int, np.ndarray] = {}
        self._last_hot: set[Param] = set()
        self._last_scale: float | None = None

    def _rebuild(self) -> None:
        self._forget_edges()
        scene = self.scene()
        scene.clear()
        self.nodes.clear()
        self.edges.clear()
        layers = self.session.layers
        tallest = max(layers)
        # Tall networks get wider gaps so the diagram fills a 16:10 screen.
        self.layer_gap = max(LAYER_GAP, 1.6 * (tallest - 1) * NODE_GAP / (len(layers) - 1))
        positions: dict[Node, QPointF] = {}
        for l, n in enumerate(layers):
            top = (tallest - n) * NODE_GAP / 2
            for j in range(n):
                pos = QPointF(l * self.layer_gap, top + j * NODE_GAP)
                positions[Node(l, j)] = pos
                self.nodes[Node(l, j)] = NodeItem(scene, Node(l, j), node_name(layers, l, j), pos, l == 0)
        for l in range(len(layers) - 1):
            for j in range(layers[l + 1]):
                for i in range(layers[l]):
                    key = Param(l, j, i)
                    self.edges[key] = EdgeItem(scene, key, positions[Node(l, i)], positions[Node(l + 1, j)])
        self._drop_crowded_labels()
        self.loss_text = text_item(None, 22, style.VALUE, bold=True)
        scene.addItem(self.loss_text)
        last = len(layers) - 1
        self.loss_anchor = QPointF(last * self.layer_gap + RADIUS + 40, (tallest - 1) * NODE_GAP / 2)
        self._add_legend(tallest)
        self._refresh_loss_placeholder()
        scene.setSceneRect(scene.itemsBoundingRect().adjusted(-30, -30, 30, 30))
        self._fit()

    def _refresh_loss_placeholder(self) -> None:
        """Reserve room for the loss box so the layout does not jump when it fills."""
        self.loss_text.setText("target -0.000\nerror -0.000\nloss 0.0000")
        self.loss_text.setPos(
            self.loss_anchor.x(), self.loss_anchor.y() - self.loss_text.boundingRect().height() / 2
        )

    def _drop_crowded_labels(self) -> None:
        """Keep a label only if its widest likely text does not touch a kept one, and
        not at all between densely connected layers, where labels could not be told
        apart: there only the edge in focus is labelled."""
        probe = QGraphicsSimpleTextItem("-0.000 → -0.000")
        probe.setFont(style.font(LABEL_PIXELS))
        width, height = probe.boundingRect().width() + 8, probe.boundingRect().height() + 4
        cell = max(width, height)
        grid: dict[tuple[int, int], list[QRectF]] = {}
        node_rects = [
            QRectF(n.pos.x() - RADIUS, n.pos.y() - RADIUS - 30, 2 * RADIUS, 2 * RADIUS + 90)
            for n in self.nodes.values()
        ]
        layers = self.session.layers
        for edge in self.edges.values():
            l = edge.key[0]
            if layers[l] * layers[l + 1] > DENSE_EDGES:
                edge.allowed = False
                continue
            rect = edge.label_rect(width, height)
            cells = [
                (cx, cy)
                for cx in range(int(rect.left() // cell), int(rect.right() // cell) + 1)
                for cy in range(int(rect.top() // cell), int(rect.bottom() // cell) + 1)
            ]
            clash = any(rect.intersects(r) for c in cells for r in grid.get(c, ()))
            clash = clash or any(rect.intersects(r) for r in node_rects)
            edge.allowed = not clash
            if edge.allowed:
                for c in cells:
                    grid.setdefault(c, []).append(rect)

    def _add_legend(self, tallest: int) -> None:
        y = (tallest - 1) * NODE_GAP + RADIUS + 80
        x = 0.0
        # Bold like the numbers they describe (values and slopes bold, weights plain); colours may coincide.
        for text, color, bold in (
            ("values", style.VALUE, True),
            ("weights", style.WEIGHT, False),
            ("slopes (of the loss)", style.SLOPE, True),
        ):
            item = text_item(None, 17, color, bold=bold)
            item.setText(f"■ {text}")
            item.setPos(x, y)
            self.scene().addItem(item)
            x += item.boundingRect().width() + 30
        for text, color in (("positive weight", style.POSITIVE), ("negative weight", style.NEGATIVE)):
            item = text_item(None, 17, color)
            item.setText(f"━ {text}")
            item.setPos(x, y)
            self.scene().addItem(item)
            x += item.boundingRect().width() + 30

    # -- updating --------------------------------------------------------------------------
    def _refresh(self) -> None:
        frame = self.session.frame
        if frame is None:
            self._show_parameters_only()
            return
        layers = self.session.layers
        selected = self.session.selection
        for key, node in self.nodes.items():
            l, j = key
            known = bool(frame.value_known[l][j])
            value = fmt(frame.values[l][j], DIGITS) if known else ""
            z = ""
            if known and l > 0 and frame.inputs[l][j] != frame.values[l][j]:
                z = f"z = {fmt(frame.inputs[l][j], DIGITS)}"
            slope = ""
            if l > 0 and frame.node_slope_known[l][j]:
                slope = f"∂ {fmt(frame.node_slopes[l][j], DIGITS)}"
            bias = self._bias_text(frame, l, j)
            mark = "active" if key in frame.active_nodes else "selected" if selected == key else ""
            node.update(value, z, slope, bias, mark)
        self._refresh_edges(frame, selected)
        self._refresh_loss(frame, layers)

    def _refresh_edges(self, frame: Frame, selected: Selection | None) -> None:
        """Update only the edges whose numbers, pen or highlight changed."""
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
            if everything or last is None:
                changed = np.ones(updated.shape, dtype=bool)
            else:
                changed = (state != last).any(axis=0)
            self._last_edges[l] = state
            for j, i in zip(*np.nonzero(changed), strict=True):
                self._refresh_edge(frame, Param(l, int(j), int(i)), scale, hot)
        for key in hot.keys() | self._last_hot:
            self._refresh_edge(frame, key, scale, hot)
        self._last_hot = set(hot)

    def _refresh_edge(self, frame: Frame, key: Param, scale: float, hot: dict[Param, str]) -> None:
        l, j, i = key
        old = frame.weights[l][j, i]
        if frame.weight_updated[l][j, i]:
            value = frame.new_weights[l][j, i]
            weight = f"{fmt(old, DIGITS)} → {fmt(value, DIGITS)}"
        else:
            weight, value = fmt(old, DIGITS), old
        # Once updated, the label shows old -> new; the slope is in the formula panel.
        known = frame.weight_slope_known[l][j, i] and not frame.weight_updated[l][j, i]
        slope = fmt(frame.weight_slopes[l][j, i], DIGITS) if known else ""
        mark = hot.get(key, "")
        edge = self.edges[key]
        edge.update(
            weight, slope, self._pen(value, scale, mark), (edge.allowed and self._readable) or bool(mark)
        )

    def _bias_text(self, frame: Frame, l: int, j: int) -> str:
        if frame.biases is None or l == 0:
            return ""
        old = frame.biases[l - 1][j]
        text = f"b {fmt(old, DIGITS)}"
        if frame.bias_updated[l - 1][j]:
            text += f" → {fmt(frame.new_biases[l - 1][j], DIGITS)}"
        if frame.bias_slope_known[l - 1][j]:
            text += f"  ∂ {fmt(frame.bias_slopes[l - 1][j], DIGITS)}"
        return text

    def _refresh_loss(self, frame: Frame, layers: tuple[int, ...]) -> None:
        targets = ", ".join(fmt(t, DIGITS) for t in frame.targets)
        lines = [f"target {targets}"]
        if frame.value_known[-1].all():
            errors = ", ".join(
                fmt(a - t, DIGITS) for a, t in zip(frame.values[-1], frame.targets, strict=True)
            )
            lines.append(f"error {errors}")
        if frame.loss is not None:
            lines.append(f"loss {fmt(frame.loss, DIGITS)}")
        set_text(self.loss_text, "\n".join(lines))
        self.loss_text.setPos(
            self.loss_anchor.x(), self.loss_anchor.y() - self.loss_text.boundingRect().height() / 2
        )

    def _show_parameters_only(self) -> None:
        """After divergence: the kept parameters, no values or slopes."""
        self._forget_edges()
        net = self.session.net
        scale = self._weight_scale(list(net.weights))
        for node in self.nodes.values():
            node.update("", "", "", "", "")
        for (l, j, i), edge in self.edges.items():
            w = net.weights[l][j, i]
            edge.update(fmt(w, DIGITS), "", self._pen(w, scale, ""), edge.allowed and self._readable)
        set_text(self.loss_text, "diverged")

    @staticmethod
    def _weight_scale(weights: list[np.ndarray]) -> float:
        biggest = max((float(np.abs(w).max()) for w in weights), default=0.0)
        return biggest if biggest > 0 else 1.0

    @staticmethod
    def _pen(value: float, scale: float, mark: str) -> tuple:
        """(colour, width, mark): sign as colour, size as width, amber when marked."""
        color = style.POSITIVE if value > 0 else style.NEGATIVE if value < 0 else style.ZERO
        width = 1.5 + 4 * round(3 * min(abs(value) / scale, 1.0)) / 3 * 2
        if mark:
            return (style.HIGHLIGHT, width + 6, mark)
        return (color, width, "")
