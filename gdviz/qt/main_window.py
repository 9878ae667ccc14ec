"""The lecture window: diagram, formula panel, lesson list, notes, inspector, plots. It only
builds and wires: views subscribe to the session and the appearance; commands come from the
action table (``controllers/action_table.py``, built by ``controllers/actions.py``) and call
one session, player or controller method.
Files, exports, settings and presentation live in their controllers, whose questions the
window answers with real dialogs (``DialogPrompts``).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QWidget

from gdviz import __version__
from gdviz.core.lessons import lesson_path, lessons
from gdviz.core.predict import KINDS
from gdviz.core.scenario import Scenario
from gdviz.qt import style
from gdviz.qt.appearance import shared
from gdviz.qt.controllers import actions
from gdviz.qt.controllers.autosaver import Autosaver
from gdviz.qt.controllers.document import DocumentController, load_or_first_lesson  # noqa: F401 (scripts)
from gdviz.qt.controllers.editing import EditController
from gdviz.qt.controllers.exports import ExportController
from gdviz.qt.controllers.input_space import InputSpaceController
from gdviz.qt.controllers.player import Player
from gdviz.qt.controllers.presentation import STAGE_VIEWS, PresentationController, StageController
from gdviz.qt.controllers.prompts import DialogPrompts
from gdviz.qt.controllers.settings import SettingsController, open_store
from gdviz.qt.controllers.training import TrainingController
from gdviz.qt.controllers.transport_keys import HELP_ROWS, TRANSPORT, TransportKeys
from gdviz.qt.diagram.diagram_view import DiagramView
from gdviz.qt.panels.data_panel import DataPanel
from gdviz.qt.panels.diverged_banner import DivergedBanner
from gdviz.qt.panels.formula_panel import FormulaPanel
from gdviz.qt.panels.inspector_panel import InspectorPanel
from gdviz.qt.panels.lesson_list import LessonList
from gdviz.qt.panels.notes_panel import NotesPanel
from gdviz.qt.panels.question_panel import QuestionPanel
from gdviz.qt.panels.setup_panel import SetupPanel
from gdviz.qt.session import Session
from gdviz.qt.stage.autosave_badge import AutosaveBadge, short_text
from gdviz.qt.stage.counter import StageCounter
from gdviz.qt.stage.job_badge import JobBadge
from gdviz.qt.stage.stage import MAIN, Stage
from gdviz.qt.workers.jobs import Jobs

SIDE_WIDTH = 420
PLOTS_DELAY_MS = 30
"""The plots are built this long after the window is shown, so its first frame is not held up."""
RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
PLOT_DOCKS = ("Loss", "Gradient step", "Surface", "Race", "Input space")


class MainWindow(DialogPrompts, QMainWindow):
    """Builds the views and controllers and wires them; answers the controllers' questions."""

    def __init__(self, scenario: Scenario, source: str, remember: bool = True) -> None:
        """``remember=False``: neither restore nor save theme, zoom and layout (for rendering images)."""
        super().__init__()
        self.setObjectName("main_window")
        self.session = Session(scenario, source, self)
        self.player = Player(self.session, self)
        self.jobs = Jobs(self)
        self.training = TrainingController(self.session, self.player, self.jobs, self)
        self.input_space = InputSpaceController(self.session, self.jobs, self)
        self.appearance = shared()  # the one the style's colours follow
        store, unreadable = open_store()
        self.settings = SettingsController(store, self.appearance, remember, self, unreadable)
        self.autosaver = Autosaver(self.session, parent=self)
        self.plots: dict[str, QWidget] = {}
        self.docks: list[QDockWidget] = []

        self.diagram = DiagramView(self.session)
        self.diagram.setObjectName("diagram_view")
        self.formula = FormulaPanel(self.session)
        self.banner = DivergedBanner(self.session)
        self.counter = StageCounter(self.session)
        self.question_panel = QuestionPanel(self.session)
        column = ((self.banner, 0), (self.diagram, 1), (self.formula, 0), (self.question_panel, 0))
        self.stage = Stage(column, self.counter)
        self.setCentralWidget(self.stage)
        self.status_label = QLabel(textFormat=Qt.TextFormat.PlainText)  # names files and lessons
        self.job_label = QLabel(textFormat=Qt.TextFormat.PlainText)
        for label, name in ((self.status_label, "status_text"), (self.job_label, "job_text")):
            label.setObjectName(name)
            label.setFont(style.font(17))
        self.statusBar().addWidget(self.status_label, 1)
        self.statusBar().addPermanentWidget(self.job_label)

        self.document = DocumentController(
            self.session, self.player, self.autosaver, self.settings, self, self
        )
        self.exports = ExportController(
            self.session, self.diagram, self.plots, self.settings, self, self.jobs, self
        )
        self.editing = EditController(self.session, self.jobs, self, self)
        self.presentation = PresentationController(
            self,
            self.appearance,
            lambda: [self.menuBar(), self.toolbar, self.statusBar(), *self.docks],
            stage=StageController(self, self.stage),
        )
        self.commands, self.menus = actions.build(self)

        self.lesson_list = LessonList(lessons())
        self.lesson_list.setMinimumWidth(260)
        self.notes = NotesPanel(self.session)
        self.notes.setMinimumWidth(300)
        self.inspector = InspectorPanel(self.session)
        self.setup_panel = SetupPanel(self.session)
        self.data_panel = DataPanel(self.session, self.action_import_csv)
        # One column beside the diagram: reading and authoring above, plots below, each a set of tabs.
        self._tabbed_docks(
            ("Notes", "Lessons", "Inspector", "Setup", "Data"),
            (self.notes, self.lesson_list, self.inspector, self.setup_panel, self.data_panel),
        )
        self.menus["menu_view"].addActions([dock.toggleViewAction() for dock in self.docks])
        actions.fill_menu(self.menus["menu_lessons"], actions.numbered(lessons(), self.open_name))
        self.speed_box, self.ff_count, self.ff_unit = actions.transport_boxes(self.player)
        boxes = {"speed": [QLabel(" Speed "), self.speed_box], "fast_forward": [self.ff_count, self.ff_unit]}
        self.toolbar = actions.build_toolbar(self, self.commands, boxes)

        self.lesson_list.lessonChosen.connect(self.open_name)
        self.diagram.inputChosen.connect(self._on_input_chosen)
        self.session.changed.connect(self._on_model_changed)
        self.session.scenarioChanged.connect(self._on_model_scenario_changed)
        self.session.dirtyChanged.connect(self.setWindowModified)
        self.document.saved.connect(self._on_model_scenario_changed)
        self.settings.recentChanged.connect(self._on_recent_changed)
        self.autosaver.failed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.player.playingChanged.connect(self._on_player_playing_changed)
        self.presentation.presentingChanged.connect(self.action_present.setChecked)
        self.presentation.presentingChanged.connect(self.action_blank.setEnabled)
        self.presentation.blankChanged.connect(self.action_blank.setChecked)
        self.presentation.stage.changed.connect(self._on_stage_changed)
        self.session.predictChanged.connect(self._on_model_changed)
        self.session.inputSpaceChanged.connect(
            lambda: self.action_node_maps.setChecked(self.session.node_maps)
        )
        self.session.busyChanged.connect(self._on_model_changed)
        self.jobs.runningChanged.connect(self.action_cancel.setEnabled)
        self.jobs.runningChanged.connect(self._on_model_changed)
        self.jobs.progressed.connect(self.job_label.setText)
        self.jobs.ended.connect(self.job_label.setText)
        self.autosave_badge = AutosaveBadge(self, self.autosaver, self.presentation)  # lasts till it works
        self.job_badge = JobBadge(self, self.jobs, self.presentation, below=self.autosave_badge)
        self.autosave_note = QLabel(textFormat=Qt.TextFormat.PlainText, objectName="autosave_note")
        self.autosave_note.setStyleSheet(
            "QLabel#autosave_note { color: white; background: rgb(170, 20, 20); }"
        )
        self.statusBar().addPermanentWidget(self.autosave_note)
        self.autosaver.troubleChanged.connect(self._on_autosave_trouble)
        self._on_autosave_trouble(self.autosaver.trouble)
        transport = [self.commands[n] for n in TRANSPORT]
        self.transport_keys = TransportKeys(
            self, self.diagram, transport, self.presentation, self.jobs.cancel
        )
        self._on_model_scenario_changed()
        self._on_model_changed()
        self._on_recent_changed()
        self._on_stage_changed()
        self.resize(1400, 900)
        self.settings.restore_appearance()
        self._follow_appearance()
        self.settings.restore_window(self)
        if self.settings.note():
            self.statusBar().showMessage(self.settings.note(), 15_000)
        stage = self.presentation.stage
        stage.choose(self.settings.stage_view(stage.view))  # a name it does not know changes nothing
        self.diagram.setFocus()
        # pyqtgraph takes longer to import than the window takes to appear: plots come just after.
        QTimer.singleShot(PLOTS_DELAY_MS, self.ensure_plots)

    # -- building ------------------------------------------------------------------
    def _tabbed_docks(self, titles: tuple[str, ...], widgets: tuple[QWidget, ...]) -> list[QDockWidget]:
        """Docks on the right, tabbed behind the first, which starts in front and narrow."""
        docks = []
        for title, widget in zip(titles, widgets, strict=True):
            docks.append(QDockWidget(title, self))
            docks[-1].setObjectName(f"dock_{title.lower()}")
            docks[-1].setWidget(widget)
            self.addDockWidget(RIGHT, docks[-1])
        for dock in docks[1:]:
            self.tabifyDockWidget(docks[0], dock)
        docks[0].raise_()
        # The diagram gets most of the width; the side column just enough to read.
        self.resizeDocks([docks[0]], [SIDE_WIDTH], Qt.Orientation.Horizontal)
        self.docks += docks
        return docks

    def ensure_plots(self) -> None:
        """Add the plot docks (once): loss, gradient step, surface and race, as tabs."""
        if self.plots:
            return
        from gdviz.qt.plots.gradient_step_panel import GradientStepPanel
        from gdviz.qt.plots.input_space_panel import InputSpacePanel
        from gdviz.qt.plots.loss_curve_panel import LossCurvePanel
        from gdviz.qt.plots.loss_surface_panel import LossSurfacePanel
        from gdviz.qt.plots.optimizer_race_panel import OptimizerRacePanel

        self.loss_curve = LossCurvePanel(self.session)
        self.gradient_step = GradientStepPanel(self.session, self.jobs)
        self.loss_surface = LossSurfacePanel(self.session, self.jobs)
        self.race = OptimizerRacePanel(self.session, self.jobs)
        self.race.runRequested.connect(self.training.race)
        self.input_space_panel = InputSpacePanel(self.session)
        panels = (self.loss_curve, self.gradient_step, self.loss_surface, self.race, self.input_space_panel)
        self.plots.update(zip(actions.PLOT_NAMES, panels, strict=True))
        docks = self._tabbed_docks(PLOT_DOCKS, panels)
        for dock, panel in zip(docks, panels, strict=True):
            if panel is not self.race:  # the race draws only when run
                panel.set_on_screen(dock is docks[0])  # only the front tab, until the tabs say otherwise
                dock.visibilityChanged.connect(panel.set_on_screen)
        self.input_space_panel.onScreenChanged.connect(self.input_space.set_panel_on_screen)
        self.input_space.set_panel_on_screen(False)  # the tab starts behind the loss curve
        self.menus["menu_view"].addActions([dock.toggleViewAction() for dock in docks])
        exported = actions.add_specs(self, actions.plot_export_specs(), self.menus)
        for k, panel in enumerate(panels):
            actions.add_to_plot_menus(panel, exported[2 * k : 2 * k + 2])
        actions.add_to_plot_menus(self.loss_curve, [self.action_export_csv])
        self._on_appearance_zoom_changed()  # a zoom chosen before the plots existed applies to them too
        if not self.presentation.hide_while_presenting(docks):
            self.settings.restore_layout(self)  # the saved layout places these docks too

    def _follow_appearance(self) -> None:
        """The one place views are told about the theme and zoom; brought up to date at once."""
        self.appearance.themeChanged.connect(self._on_appearance_theme_changed)
        self.appearance.zoomChanged.connect(self._on_appearance_zoom_changed)
        self._on_appearance_theme_changed(self.appearance.theme)
        self._on_appearance_zoom_changed()

    # -- thin entry points (scripts and tests drive the window through these) -------------
    def open_name(self, name: str) -> bool:
        """Open a scenario file or lesson id; a problem is said and changes nothing."""
        return self.document.open_name(name)

    def export_plot(self, panel: QWidget, kind: str, path: str) -> bool:
        """A plot panel as PNG or SVG at ``path`` (see ExportController.plot)."""
        return self.exports.plot(panel, kind, path)

    def export_csv(self, path: str) -> bool:
        """The loss history as CSV at ``path``."""
        return self.exports.history_csv(path)

    def show_plot(self, name: str) -> QWidget:
        """Bring a plot's tab to the front (it redraws as it appears)."""
        self.ensure_plots()
        self.show_dock(PLOT_DOCKS[actions.PLOT_NAMES.index(name)].lower())
        return self.plots[name]

    def show_dock(self, name: str) -> QDockWidget:
        """Show dock ``name`` ("notes", "data", "loss"...) in front of its tabs."""
        dock = self.findChild(QDockWidget, f"dock_{name}")
        dock.show()
        dock.raise_()
        return dock

    # -- commands ------------------------------------------------------------------------
    def _on_autosave_trouble(self, trouble: str) -> None:
        """The status bar's lasting note (the stage's badge says it while presenting)."""
        self.autosave_note.setText(f" {short_text(trouble)} " if trouble else "")
        self.autosave_note.setToolTip(trouble)
        self.autosave_note.setVisible(bool(trouble))

    def _on_input_chosen(self, column: int) -> None:
        """An input node was double-clicked: its values are in the Data table."""
        self.show_dock("data")
        self.data_panel.select_column(column)

    def _on_reset(self) -> None:
        self.player.stop()
        self.session.reset()

    def _on_fast_forward(self) -> None:
        self.training.fast_forward(self.ff_count.value(), self.ff_unit.currentText())

    def _on_cancel(self) -> None:
        self.jobs.cancel()

    def _on_escape(self) -> None:
        """Esc, the one handler: a blanked screen comes back first, then a running
        background job is cancelled, then presentation mode is left."""
        if self.presentation.blank or not self.jobs.cancel():
            self.presentation.escape()  # a black screen comes back first, as in presentation software

    def _on_about(self) -> None:
        self.show_about(__version__)

    def _on_keys(self) -> None:
        self.show_shortcuts(actions.shortcut_rows(self.actions()) + list(HELP_ROWS))

    # -- model events --------------------------------------------------------------------
    def _on_model_changed(self) -> None:
        self.status_label.setText(self.session.status())
        session = self.session
        for action in (
            self.action_next,
            self.action_finish_step,
            self.action_next_phase,
            self.action_fast_forward,
            self.action_play,
        ):
            action.setEnabled(not session.diverged and not session.busy)
        for action in (self.action_previous, self.action_previous_phase):
            action.setEnabled(not session.at_start and not session.busy)
        self.action_reset.setEnabled(not session.busy)
        self.action_fast_forward.setEnabled(self.action_fast_forward.isEnabled() and not self.jobs.running)
        self.action_predict.setChecked(session.predicting)
        self.action_reveal.setEnabled(session.asking and not session.busy)
        for kind in KINDS:
            self.findChild(QAction, f"action_ask_{kind}").setChecked(kind in session.predict_kinds)
        if session.diverged:
            self.player.stop()

    def _on_model_scenario_changed(self) -> None:
        self.player.stop()  # an edit, an undo or another lesson starts training afresh
        self.setWindowTitle(f"{self.session.scenario.title}[*] — gdviz")
        self.setWindowModified(self.session.dirty)
        self.lesson_list.show_current(self.session.source if lesson_path(self.session.source) else None)
        self.ff_unit.setEnabled(not self.session.full_batch)
        if self.session.full_batch:
            self.ff_unit.setCurrentIndex(0)

    def _on_player_playing_changed(self, playing: bool) -> None:
        self.action_play.setChecked(playing)
        self.action_play.setText("Pa&use" if playing else "P&lay")

    def _on_stage_changed(self) -> None:
        stage = self.presentation.stage
        self.findChild(QAction, f"action_stage_{stage.view}").setChecked(True)
        self.action_stage_full.setChecked(stage.full is not None)
        self.action_stage_diagram.setChecked(stage.full == MAIN)
        for action in (self.action_stage_full, self.action_stage_diagram):
            action.setEnabled(stage.presenting)

    def _on_view_key(self, name: str) -> None:
        """Keys 1-6: at a question still open, a vote for that option; else the stage's view."""
        number = next(k for k, view in enumerate(STAGE_VIEWS, 1) if view.name == name)
        question = self.session.question
        if question is not None and self.session.asking and number <= len(question.options):
            self.session.vote(number - 1)
            self._on_stage_changed()  # the key's checkable action toggled: the stage's view keeps its mark
        else:
            self.presentation.stage.show_view(name)

    def _on_recent_changed(self) -> None:
        files = self.settings.recent_files()
        actions.fill_menu(self.menus["menu_recent"], ((p, lambda p=p: self.open_name(p)) for p in files))

    def _on_appearance_theme_changed(self, name: str) -> None:
        self.findChild(QAction, f"action_theme_{name}").setChecked(True)
        for view in (self.diagram, self.banner, *self.plots.values()):
            view.restyle()

    def _on_appearance_zoom_changed(self) -> None:
        self.diagram.set_zoom(self.appearance.zoom)
        scale = self.appearance.text_scale  # larger while presenting
        for view in (
            self.formula,
            self.question_panel,
            self.counter,
            self.notes,
            self.inspector,
            self.setup_panel,
            self.data_panel,
        ):
            view.set_zoom(scale)
        for panel in self.plots.values():
            panel.set_zoom(scale)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self.document.close():
            event.ignore()
            return
        self.player.stop()
        self.jobs.shutdown()
        self.settings.save_window(self, self.presentation.layout_before, docks_complete=bool(self.plots))
        self.settings.save_stage_view(self.presentation.stage.view)
        self.presentation.leave()
        super().closeEvent(event)
