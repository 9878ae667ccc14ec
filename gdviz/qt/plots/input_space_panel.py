"""What the network does to its input space: its output over the plane of two inputs.

A heat map holds the output values themselves, one per cell (``ImageItem``
placed with ``setRect`` over the inputs' range), so what is drawn can be checked
against the network; the training points are drawn coloured by their target,
test points as rings. One input: the fitted curve over the data points.
More inputs: the two chosen, the others held at their mean. The maps come from
the session (computed in a worker by the input-space controller).
"""

from __future__ import annotations

import numpy as np
import pyqtgraph as pg
from PySide6.QtCore import QRectF, Qt, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gdviz.core.input_space import Plane, levels
from gdviz.core.names import node_name
from gdviz.qt import map_colours, style
from gdviz.qt.plots.plot_panel import PlotPanel
from gdviz.qt.plots.plot_style import make_plot, pen, style_plot
from gdviz.qt.session import Session

COLOURS = pg.ColorMap(list(map_colours.STOPS), list(map_colours.COLOURS))
"""The maps' colours (``map_colours``), for the image item."""
SHADES = 64
"""How many colours the data points come in (more than an eye tells apart on a projector)."""


class InputSpacePanel(PlotPanel):
    """The selected output over the input plane (or along the one input), with the data."""

    onScreenChanged = Signal(bool)
    """Its tab came to the front or went behind, or the stage lent or gave it back: maps are wanted or not."""

    def set_on_screen(self, on_screen: bool) -> None:
        super().set_on_screen(on_screen)
        self.onScreenChanged.emit(on_screen)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.setObjectName("input_space_panel")
        self.across, self.up, self.output = QComboBox(), QComboBox(), QComboBox()
        controls = QHBoxLayout()
        self.chooser_labels = []
        for name, text, box, tip in (
            ("input_across", "Across", self.across, "The input along the bottom"),
            ("input_up", "Up", self.up, "The input up the side (other inputs are held at their mean)"),
            ("input_output", "Output", self.output, "The output node whose values are coloured"),
        ):
            box.setObjectName(name)
            box.setToolTip(tip)
            box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            box.activated.connect(self._on_q_chosen)
            label = QLabel(text)
            self.chooser_labels.append(label)
            controls.addWidget(label)
            controls.addWidget(box)
        controls.addStretch(1)
        self.plot = make_plot("x0", "x1")
        self.image = pg.ImageItem()
        self.image.setColorMap(COLOURS)
        self.image.setZValue(-10)
        self.plot.addItem(self.image)
        self.curve = self.plot.plot()
        self.train = pg.ScatterPlotItem()
        self.test = pg.ScatterPlotItem()
        self.test_edge = pg.ScatterPlotItem()
        """A dark ring around each test ring: it stays visible on a map of its own colour."""
        for item in (self.train, self.test_edge, self.test):
            self.plot.addItem(item)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(controls)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        self.shown: Plane | None = None
        """The plane on show (tests compare the image with the network)."""
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        session.inputMapsChanged.connect(self._on_model_changed)
        session.inputSpaceChanged.connect(self._on_model_changed)
        self.restyle()
        self._on_model_scenario_changed()

    def restyle(self) -> None:
        look = self.look
        style_plot(self.plot, look)
        self._style_controls()
        self.curve.setPen(pen(style.CURVE, look.line))
        self.caption.setFont(style.font(look.caption - 1))
        self._draw_points()

    # -- model -> plot ---------------------------------------------------------------------
    def _on_model_scenario_changed(self) -> None:
        layers = self.session.layers
        inputs = [node_name(layers, 0, i) for i in range(layers[0])]
        outputs = [node_name(layers, len(layers) - 1, k) for k in range(layers[-1])]
        for box, names in ((self.across, inputs), (self.up, inputs), (self.output, outputs)):
            box.blockSignals(True)
            box.clear()
            box.addItems(names)
            box.blockSignals(False)
        for box, label, shown in zip(
            (self.across, self.up, self.output),
            self.chooser_labels,
            (layers[0] > 2, layers[0] > 2, layers[-1] > 1),
            strict=True,
        ):
            box.setVisible(shown)
            label.setVisible(shown)
        self.shown = None
        self.image.clear()
        self.curve.setData([], [])
        self._on_model_changed()

    def refresh(self) -> None:
        s = self.session
        across, up = s.input_pair
        for box, k in ((self.across, across), (self.up, up), (self.output, s.input_output)):
            box.blockSignals(True)
            box.setCurrentIndex(k)
            box.blockSignals(False)
        layers = s.layers
        one_input = layers[0] == 1
        self.plot.getAxis("bottom").setLabel(node_name(layers, 0, across))
        self.plot.getAxis("left").setLabel(
            node_name(layers, len(layers) - 1, s.input_output) if one_input else node_name(layers, 0, up)
        )
        planes = s.input_maps
        if planes is None:
            self.caption.setText("Working out the map…")
            self._draw_points()
            return
        plane = planes[-1]
        self.shown = plane
        k = s.input_output
        values = plane.values[k]
        # The targets are coloured on the same scale: an unbounded output spans them too.
        low, high = levels(s.scenario.activations[-1], np.concatenate([values.ravel(), s.data[1][:, k]]))
        if one_input:
            self.image.clear()
            self.curve.setData(plane.xs, values)
        else:
            self.curve.setData([], [])
            # ImageItem's first axis runs across: the plane's rows run up, so it is transposed.
            self.image.setImage(values.T, levels=(low, high), autoLevels=False)
            self.image.setRect(QRectF(*plane.rect))
        self._levels = (low, high)
        self._draw_points()
        left, bottom, width, height = plane.rect
        if one_input:
            self.plot.setRange(xRange=(left, left + width), padding=0.02)
            self.plot.enableAutoRange(axis="y")
        else:
            self.plot.setRange(xRange=(left, left + width), yRange=(bottom, bottom + height), padding=0)
        output = node_name(layers, len(layers) - 1, k)
        where = "after the update" if s.map_net is not s.net else f"at the start of step {s.step_number}"
        held = ", other inputs at their mean" if layers[0] > 2 else ""
        if one_input:
            self.caption.setText(f"Line: {output} {where}. Dots: training data; rings: test data.")
        else:
            self.caption.setText(
                f"Colour: {output} {where} (orange low, blue high{held}). "
                "Dots: training data, coloured by target; rings: test data."
            )

    def _draw_points(self) -> None:
        """Training points filled with their target's colour, test points as rings
        (redrawn only when what they show changes: most steps change only the map)."""
        s = self.session
        look = self.look
        k = s.input_output
        one_input = s.layers[0] == 1
        low, high = getattr(self, "_levels", (0.0, 1.0))
        across, up = s.input_pair
        key = (s.scenario, k, across, up, low, high, look)
        if key == getattr(self, "_points_for", None):
            return
        self._points_for = key
        for item, (x, y), hollow in ((self.train, s.data, False), (self.test, s.test_data, True)):
            if not len(x):
                item.setData([], [])
                if hollow:
                    self.test_edge.setData([], [])
                continue
            xs, ys = (x[:, 0], y[:, k]) if one_input else (x[:, across], x[:, up])
            shade = np.clip((y[:, k] - low) / (high - low), 0, 1) if high > low else np.full(len(y), 0.5)
            # A few shared shades, not one colour per point: the scatter draws (and caches)
            # one symbol per distinct brush, so 100,000 distinct colours took 15 s and 1.5 GB.
            shades = np.rint(np.nan_to_num(shade, nan=0.5) * (SHADES - 1)).astype(np.intp)
            palette = COLOURS.map(np.linspace(0.0, 1.0, SHADES), mode="qcolor")
            size = (9 if len(x) > 400 else 12) * look.marker
            if hollow:
                rings = [pg.mkPen(c, width=3) for c in palette]
                item.setData(xs, ys, size=size, brush=None, pen=[rings[i] for i in shades])
                self.test_edge.setData(
                    xs, ys, size=size + 5, brush=None, pen=pg.mkPen((30, 30, 30), width=1.5)
                )
            else:
                edge = pg.mkPen((30, 30, 30), width=1.5)
                fills = [pg.mkBrush(c) for c in palette]
                item.setData(xs, ys, size=size, brush=[fills[i] for i in shades], pen=edge)

    # -- plot -> model -----------------------------------------------------------------------
    def _on_q_chosen(self, _row: int) -> None:
        s = self.session
        across, up = self.across.currentIndex(), self.up.currentIndex()
        if (across, up) != s.input_pair and across != up:
            s.set_input_pair(across, up)
        s.set_input_output(self.output.currentIndex())
        self.refresh()  # a refused pair (the same input twice) shows the model's choice again
