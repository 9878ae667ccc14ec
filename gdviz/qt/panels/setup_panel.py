"""Side controls for the scenario's set-up: layers, activations, biases, loss,
optimizer and its settings, batch size.

Each control makes one undoable edit through the session; a refused edit
(say, binary cross-entropy without a sigmoid output) puts the control back and
shows why underneath. The controls follow the model: after an edit, an undo
or opening another scenario they show what the scenario now holds.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QSignalBlocker, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gdviz.core import edits
from gdviz.core.activations import ACTIVATIONS
from gdviz.core.losses import LOSSES
from gdviz.core.optimizers import RULES, SETTINGS
from gdviz.core.regularization import KINDS as REGULARIZATION_KINDS
from gdviz.core.scenario import Scenario, ScenarioError
from gdviz.qt import style
from gdviz.qt.panels.number_field import NumberField
from gdviz.qt.session import Session


class SetupPanel(QScrollArea):
    """The scenario's set-up as controls; every change is one ``session.edit``."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWidgetResizable(True)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        body = QWidget()
        self.setWidget(body)
        column = QVBoxLayout(body)

        network = QGroupBox("Network")
        self.layer_grid = QGridLayout()
        self.layer_rows: list[tuple[QSpinBox | None, QComboBox | None]] = []
        self.add_layer_button = QPushButton("Add hidden layer")
        self.add_layer_button.setObjectName("add_layer")
        self.add_layer_button.setToolTip("Insert a hidden layer before the output layer")
        self.add_layer_button.clicked.connect(self._on_add_layer)
        self.biases_box = QCheckBox("Biases")
        self.biases_box.setObjectName("biases")
        self.biases_box.setToolTip("Give every node a bias (starting at 0), or none at all")
        self.biases_box.toggled.connect(
            lambda on: self._edit("Biases on" if on else "Biases off", edits.set_biases_on, on)
        )
        box = QVBoxLayout(network)
        box.addLayout(self.layer_grid)
        box.addWidget(self.add_layer_button)
        box.addWidget(self.biases_box)
        column.addWidget(network)

        training = QGroupBox("Training")
        form = QFormLayout(training)
        self.loss_box = self._narrow(QComboBox())
        self.loss_box.setObjectName("loss")
        for name, loss in LOSSES.items():
            self.loss_box.addItem(loss.label, name)
            self.loss_box.setItemData(self.loss_box.count() - 1, loss.formula, Qt.ItemDataRole.ToolTipRole)
        self.loss_box.activated.connect(
            lambda _i: self._edit("Change loss", edits.set_loss, self.loss_box.currentData())
        )
        form.addRow("Loss", self.loss_box)
        self.optimizer_box = self._narrow(QComboBox())
        self.optimizer_box.setObjectName("optimizer")
        for name, rule in RULES.items():
            self.optimizer_box.addItem(rule.label, name)
            self.optimizer_box.setItemData(
                self.optimizer_box.count() - 1, rule.description, Qt.ItemDataRole.ToolTipRole
            )
        self.optimizer_box.activated.connect(
            lambda _i: self._edit("Change optimizer", edits.set_optimizer, self.optimizer_box.currentData())
        )
        form.addRow("Optimizer", self.optimizer_box)
        self.settings: dict[str, NumberField] = {}
        self.setting_labels: dict[str, QLabel] = {}
        for key, setting in SETTINGS.items():
            field = NumberField(self._setter(key))
            field.setObjectName(key)
            field.setToolTip(f"{setting.label}: type a number and press Enter")
            field.problemChanged.connect(self._show_problem)
            self.settings[key] = field
            self.setting_labels[key] = QLabel(setting.label)
            form.addRow(self.setting_labels[key], field)
        self.batch_box = QSpinBox()
        self.batch_box.setObjectName("batch_size")
        self.batch_box.setSpecialValueText("all (full batch)")
        self.batch_box.setKeyboardTracking(False)
        self.batch_box.setToolTip("Samples per training step; the lowest value means all of them")
        self.batch_box.valueChanged.connect(
            lambda n: self._edit("Change batch size", edits.set_batch_size, n or None)
        )
        form.addRow("Batch size", self.batch_box)
        self.penalty_box = self._narrow(QComboBox())
        self.penalty_box.setObjectName("regularization")
        self.penalty_box.addItem("none", None)
        for kind, label in REGULARIZATION_KINDS.items():
            self.penalty_box.addItem(label, kind)
        self.penalty_box.setToolTip(
            "Regularisation: a penalty on large weights (not biases) added to the training loss"
        )
        self.penalty_box.activated.connect(
            lambda _i: self._edit(
                "Change regularisation", edits.set_regularization, self.penalty_box.currentData()
            )
        )
        form.addRow("Penalty", self.penalty_box)
        self.strength = NumberField(self._set_strength)
        self.strength.setObjectName("strength")
        self.strength.setToolTip("Penalty strength: how much the weights' size counts against the fit")
        self.strength.problemChanged.connect(self._show_problem)
        self.strength_label = QLabel("Strength")
        form.addRow(self.strength_label, self.strength)
        column.addWidget(training)

        self.message = QLabel()
        self.message.setObjectName("setup_message")
        self.message.setWordWrap(True)
        column.addWidget(self.message)
        column.addStretch(1)
        session.scenarioChanged.connect(self._on_model_scenario_changed)
        self.set_zoom(1.0)
        self._on_model_scenario_changed()

    @staticmethod
    def _narrow(combo: QComboBox) -> QComboBox:
        """Long entries must not widen the side column."""
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(6)
        return combo

    def set_zoom(self, zoom: float) -> None:
        self.widget().setFont(style.font(17 * zoom))

    # -- model -> controls ------------------------------------------------------
    def _on_model_scenario_changed(self) -> None:
        scenario = self.session.scenario
        if len(self.layer_rows) != len(scenario.layers):
            self._build_layer_rows(len(scenario.layers))
        for l, (spin, combo) in enumerate(self.layer_rows):
            if spin is not None:
                with QSignalBlocker(spin):
                    spin.setValue(scenario.layers[l])
            if combo is not None:
                with QSignalBlocker(combo):
                    combo.setCurrentIndex(combo.findData(scenario.activations[l - 1]))
            self._layer_labels[l].setText(self._layer_text(scenario, l))
        with QSignalBlocker(self.biases_box):
            self.biases_box.setChecked(scenario.biases is not None)
        with QSignalBlocker(self.loss_box):
            self.loss_box.setCurrentIndex(self.loss_box.findData(scenario.loss))
        name = scenario.optimizer["name"]
        with QSignalBlocker(self.optimizer_box):
            self.optimizer_box.setCurrentIndex(self.optimizer_box.findData(name))
        defaults = RULES[name].defaults
        values = {**defaults, **scenario.optimizer}
        for key, field in self.settings.items():
            used = key in defaults
            field.setVisible(used)
            self.setting_labels[key].setVisible(used)
            if used:
                field.show_value(float(values[key]))
        with QSignalBlocker(self.batch_box):
            self.batch_box.setRange(0, len(scenario.inputs))
            self.batch_box.setValue(scenario.batch_size or 0)
        reg = scenario.regularization
        with QSignalBlocker(self.penalty_box):
            self.penalty_box.setCurrentIndex(self.penalty_box.findData(None if reg is None else reg.kind))
        self.strength.setVisible(reg is not None)
        self.strength_label.setVisible(reg is not None)
        if reg is not None:
            self.strength.show_value(reg.strength)
        self._show_problem("")

    @staticmethod
    def _layer_text(scenario: Scenario, l: int) -> str:
        last = len(scenario.layers) - 1
        n = scenario.layers[l]
        if l == 0:
            return f"Input ({n})"
        if l == last:
            return f"Output ({n})"
        return f"Hidden {l}"

    def _build_layer_rows(self, count: int) -> None:
        while self.layer_grid.count():
            item = self.layer_grid.takeAt(0)
            if item.widget() is not None:
                item.widget().deleteLater()
        self.layer_rows = []
        self._layer_labels: list[QLabel] = []
        for col, text in enumerate(("Layer", "Nodes", "Activation")):
            self.layer_grid.addWidget(QLabel(f"<b>{text}</b>"), 0, col)
        for l in range(count):
            label = QLabel()
            self._layer_labels.append(label)
            self.layer_grid.addWidget(label, l + 1, 0)
            spin = combo = None
            if 0 < l < count - 1:
                spin = QSpinBox()
                spin.setObjectName(f"layer_size_{l}")
                spin.setRange(1, edits.MAX_LAYER_NODES)
                spin.setKeyboardTracking(False)
                spin.setToolTip("Nodes in this hidden layer (changed weights are drawn afresh from the seed)")
                spin.valueChanged.connect(
                    lambda n, l=l: self._edit(f"Resize hidden layer {l}", edits.set_layer_size, l, n)
                )
                self.layer_grid.addWidget(spin, l + 1, 1)
                remove = QPushButton("✕")
                remove.setFixedWidth(44)
                remove.setObjectName(f"remove_layer_{l}")
                remove.setToolTip(f"Remove hidden layer {l}")
                remove.clicked.connect(
                    lambda _=False, l=l: self._edit(f"Remove hidden layer {l}", edits.remove_layer, l)
                )
                self.layer_grid.addWidget(remove, l + 1, 3)
            if l > 0:
                combo = self._narrow(QComboBox())
                combo.setObjectName(f"activation_{l}")
                for name, activation in ACTIVATIONS.items():
                    combo.addItem(name, name)
                    combo.setItemData(combo.count() - 1, activation.formula, Qt.ItemDataRole.ToolTipRole)
                combo.setToolTip("This layer's activation function")
                combo.activated.connect(
                    lambda _i, l=l, c=combo: self._edit(
                        f"Change activation of layer {l}", edits.set_activation, l - 1, c.currentData()
                    )
                )
                self.layer_grid.addWidget(combo, l + 1, 2)
            self.layer_rows.append((spin, combo))

    # -- controls -> model ---------------------------------------------------------
    def _setter(self, key: str) -> Callable[[float], None]:
        """For a settings field: refusals propagate to the field, which shows them."""

        def apply(value: float) -> None:
            self._apply(f"Set {SETTINGS[key].label.lower()}", lambda s: edits.set_setting(s, key, value))

        return apply

    def _set_strength(self, value: float) -> None:
        """For the strength field: refusals propagate to the field, which shows them."""
        kind = self.session.scenario.regularization.kind
        self._apply("Set penalty strength", lambda s: edits.set_regularization(s, kind, value))

    def _apply(self, text: str, change: Callable[[Scenario], Scenario]) -> None:
        before = self.session.scenario
        self.session.edit(text, change)
        if self.session.scenario is before:  # no change (say, "0.050" for 0.05): show the model's value
            self._on_model_scenario_changed()

    def _on_add_layer(self) -> None:
        self._edit("Add hidden layer", edits.add_layer, len(self.session.layers) - 1)

    def _edit(self, text: str, change, *args) -> None:
        """One undoable edit; if refused, the controls go back to the model's values."""
        try:
            self._apply(text, lambda s: change(s, *args))
        except ScenarioError as err:
            self._on_model_scenario_changed()
            self._show_problem(str(err))

    def _show_problem(self, text: str) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(style.refused_text_css())
        self.message.setVisible(bool(text))
