"""The lecture window: diagram, formula panel, lesson list, notes, inspector.

The window only wires things together: views subscribe to the session, and
each action calls one session (or player) method.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QActionGroup, QKeySequence
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDialog,
    QDockWidget,
    QFileDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QSpinBox,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from gdviz import __version__
from gdviz.core import autosave, csv_data, edits
from gdviz.core import scenario as scenario_io
from gdviz.core.lessons import lesson_path, lessons, resolve
from gdviz.core.scenario import Scenario, ScenarioError
from gdviz.qt import style
from gdviz.qt.autosaver import Autosaver
from gdviz.qt.blank_overlay import BlankOverlay
from gdviz.qt.csv_import_dialog import CsvImportDialog
from gdviz.qt.cursor_hider import CursorHider
from gdviz.qt.data_panel import DataPanel
from gdviz.qt.diagram_view import DiagramView
from gdviz.qt.diverged_banner import DivergedBanner
from gdviz.qt.formula_panel import FormulaPanel
from gdviz.qt.inspector_panel import InspectorPanel
from gdviz.qt.key_hint import KeyHint
from gdviz.qt.lesson_list import LessonList
from gdviz.qt.notes_panel import NotesPanel
from gdviz.qt.player import SPEEDS, Player
from gdviz.qt.plots.export import save_history_csv, save_png, save_svg
from gdviz.qt.session import Session
from gdviz.qt.setup_panel import SetupPanel

MAX_RECENT = 8
SIDE_WIDTH = 420
PLOTS_DELAY_MS = 30
"""The plots are built this long after the window is shown, so its first frame is not held up."""
FILE_FILTER = "gdviz scenarios (*.json);;All files (*)"
CSV_FILTER = "CSV files (*.csv *.tsv *.txt);;All files (*)"


class MainWindow(QMainWindow):
    def __init__(self, scenario: Scenario, source: str, remember: bool = True) -> None:
        """``remember=False``: neither restore nor save theme, zoom and layout (for rendering images)."""
        super().__init__()
        self.setObjectName("main_window")
        self.session = Session(scenario, source, self)
        self.player = Player(self.session, self)
        self.settings = QSettings("gdviz", "gdviz")
        self.remember = remember
        self.zoom = 1.0
        self.presenting = False

        self.diagram = DiagramView(self.session)
        self.diagram.setObjectName("diagram_view")
        self.formula = FormulaPanel(self.session)
        self.banner = DivergedBanner(self.session)
        central = QWidget()
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.diagram, 1)
        column.addWidget(self.formula)
        self.setCentralWidget(central)

        self.lesson_list = LessonList(lessons())
        self.lesson_list.setMinimumWidth(260)
        self.lesson_list.lessonChosen.connect(self._on_lesson_chosen)
        self.notes = NotesPanel(self.session)
        self.notes.setMinimumWidth(300)
        self.inspector = InspectorPanel(self.session)
        right = Qt.DockWidgetArea.RightDockWidgetArea
        self.docks = [
            self._dock("Notes", self.notes, right),
            self._dock("Lessons", self.lesson_list, right),
            self._dock("Inspector", self.inspector, right),
        ]
        # One column beside the diagram: reading above, plots below, each a set of tabs.
        notes, lessons_dock, inspector = self.docks
        self.tabifyDockWidget(notes, lessons_dock)
        self.tabifyDockWidget(notes, inspector)
        notes.raise_()
        self.plots: dict[str, QWidget] = {}
        # The diagram gets most of the width; the side column just enough to read.
        self.resizeDocks([notes], [SIDE_WIDTH], Qt.Orientation.Horizontal)

        self.status_label = QLabel()
        self.status_label.setObjectName("status_text")
        self.status_label.setFont(style.font(17))
        self.statusBar().addWidget(self.status_label, 1)

        self._make_actions()
        # Authoring: the set-up and the data, as two more tabs beside the notes.
        self.setup_panel = SetupPanel(self.session)
        self.data_panel = DataPanel(self.session, self.action_import_csv)
        self.docks += [
            self._dock("Setup", self.setup_panel, right),
            self._dock("Data", self.data_panel, right),
        ]
        for dock in self.docks[-2:]:
            self.tabifyDockWidget(notes, dock)
        notes.raise_()
        self.diagram.inputChosen.connect(self._on_input_chosen)
        self._make_menus_and_toolbar()
        self.session.changed.connect(self._on_model_changed)
        self.session.scenarioChanged.connect(self._on_model_scenario_changed)
        self.session.dirtyChanged.connect(self.setWindowModified)
        self.autosaver = Autosaver(self.session, parent=self)
        self.autosaver.failed.connect(lambda text: self.statusBar().showMessage(text, 10_000))
        self.player.playingChanged.connect(self._on_player_playing_changed)
        self._on_model_scenario_changed()
        self._on_model_changed()
        self.resize(1400, 900)
        self.blank_overlay = BlankOverlay(self)
        self.key_hint = KeyHint(self)
        self.cursor_hider = CursorHider(self)
        self._restore_settings()
        self.diagram.setFocus()
        # pyqtgraph takes longer to import than the window takes to appear: plots come just after.
        QTimer.singleShot(PLOTS_DELAY_MS, self.ensure_plots)

    def ensure_plots(self) -> None:
        """Add the plot docks (once): loss, gradient step, surface and race, as tabs."""
        if self.plots:
            return
        from gdviz.qt.plots.gradient_step_panel import GradientStepPanel
        from gdviz.qt.plots.loss_curve_panel import LossCurvePanel
        from gdviz.qt.plots.loss_surface_panel import LossSurfacePanel
        from gdviz.qt.plots.optimizer_race_panel import OptimizerRacePanel

        self.loss_curve = LossCurvePanel(self.session)
        self.gradient_step = GradientStepPanel(self.session)
        self.loss_surface = LossSurfacePanel(self.session)
        self.race = OptimizerRacePanel(self.session)
        self.plots = {
            "loss curve": self.loss_curve,
            "gradient step": self.gradient_step,
            "loss surface": self.loss_surface,
            "optimizer race": self.race,
        }
        right = Qt.DockWidgetArea.RightDockWidgetArea
        titles = ("Loss", "Gradient step", "Surface", "Race")
        docks = [
            self._dock(title, panel, right) for title, panel in zip(titles, self.plots.values(), strict=True)
        ]
        for dock in docks[1:]:
            self.tabifyDockWidget(docks[0], dock)
        docks[0].raise_()
        self.resizeDocks([docks[0]], [SIDE_WIDTH], Qt.Orientation.Horizontal)
        for dock, panel in zip(docks[:3], self.plots.values(), strict=False):
            panel.set_on_screen(dock is docks[0])  # only the front tab, until the tabs say otherwise
            dock.visibilityChanged.connect(panel.set_on_screen)
        self.docks += docks
        for dock in docks:
            self.view_menu.addAction(dock.toggleViewAction())
        for name, panel in self.plots.items():
            for kind in ("png", "svg"):
                action = self.export_menu.addAction(f"{name.capitalize()} as {kind.upper()}…")
                action.setObjectName(f"action_export_{name.replace(' ', '_')}_{kind}")
                action.triggered.connect(
                    lambda _=False, p=panel, k=kind, n=name: self._on_export_plot(p, k, n)
                )
                self._add_to_plot_menu(panel, action)
        self._add_to_plot_menu(self.loss_curve, self.action_export_csv)
        self.set_zoom(self.zoom)  # a zoom chosen before the plots existed applies to them too
        if self.presenting:
            for dock in docks:
                dock.hide()
            self._chrome += docks
        else:
            self._restore_layout()  # the saved layout places these docks too

    # -- building ------------------------------------------------------------------
    def _dock(self, title: str, widget: QWidget, area: Qt.DockWidgetArea) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{title.lower()}")
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _action(self, name: str, text: str, slot, keys=(), tip: str = "") -> QAction:
        action = QAction(text, self)
        action.setObjectName(name)
        action.setShortcuts([QKeySequence(k) for k in keys])
        action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        shown = ", ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        action.setToolTip(f"{tip or text} ({shown})" if shown else tip or text)
        action.setStatusTip(tip or text)
        action.triggered.connect(slot)
        self.addAction(action)  # shortcuts keep working while menus are hidden
        return action

    def _make_actions(self) -> None:
        a, s, p = self._action, self.session, self.player
        self.action_next = a(
            "action_next", "&Next micro-step", s.next, ["Right", "PgDown", "N"], "Show the next computation"
        )
        self.action_previous = a(
            "action_previous",
            "&Previous micro-step",
            s.previous,
            ["Left", "PgUp", "P"],
            "Go back one computation",
        )
        self.action_next_phase = a(
            "action_next_phase", "Next p&hase", s.next_phase, ["Down"], "Jump to the next phase"
        )
        self.action_previous_phase = a(
            "action_previous_phase",
            "Previous ph&ase",
            s.previous_phase,
            ["Up"],
            "Jump back to the start of a phase",
        )
        self.action_finish_step = a(
            "action_finish_step",
            "&Finish training step",
            s.finish_step,
            ["Ctrl+Right"],
            "Show every update of this step",
        )
        self.action_play = a("action_play", "P&lay", p.toggle, ["Space"], "Play or pause")
        self.action_play.setCheckable(True)
        self.action_reset = a(
            "action_reset", "&Reset", self._on_reset, ["Home"], "Back to the start of the lesson"
        )
        self.action_fast_forward = a(
            "action_fast_forward",
            "Fast-&forward",
            self._on_fast_forward,
            ["Ctrl+F"],
            "Run many steps or epochs at once",
        )
        self.action_present = a(
            "action_present",
            "&Presentation mode",
            self.toggle_presentation,
            ["F5"],
            "Full screen, larger type",
        )
        self.action_present.setCheckable(True)
        self.action_leave_presentation = a(
            "action_leave_presentation", "Leave presentation", self._on_escape, ["Esc"]
        )
        self.action_blank = a(
            "action_blank",
            "&Blank screen",
            self.toggle_blank,
            ["B"],
            "Black out the screen while presenting (B again or Esc brings it back)",
        )
        self.action_blank.setCheckable(True)
        self.action_blank.setEnabled(False)
        self.theme_group = QActionGroup(self)
        self.theme_actions: dict[str, QAction] = {}
        for name, theme in style.THEMES.items():
            action = a(f"action_theme_{name}", theme.label, lambda _=False, n=name: self.set_theme(n))
            action.setCheckable(True)
            self.theme_group.addAction(action)
            self.theme_actions[name] = action
        self.action_zoom_in = a(
            "action_zoom_in", "Zoom &in", lambda: self.set_zoom(self.zoom * 1.2), ["Ctrl+=", "Ctrl++"]
        )
        self.action_zoom_out = a(
            "action_zoom_out", "Zoom &out", lambda: self.set_zoom(self.zoom / 1.2), ["Ctrl+-"]
        )
        self.action_zoom_reset = a(
            "action_zoom_reset", "&Actual size", lambda: self.set_zoom(1.0), ["Ctrl+0"]
        )
        self.action_open = a("action_open", "&Open…", self._on_open, ["Ctrl+O"], "Open a scenario file")
        self.action_save = a("action_save", "&Save", self._on_save, ["Ctrl+S"], "Save the scenario")
        self.action_save_as = a("action_save_as", "Save &As…", self._on_save_as, ["Ctrl+Shift+S"])
        self.action_import_csv = a(
            "action_import_csv",
            "&Import Data from CSV…",
            self._on_import_csv,
            ["Ctrl+I"],
            "Replace the data with a CSV file's rows (the last columns are the targets)",
        )
        self.action_quit = a("action_quit", "&Quit", self.close, ["Ctrl+Q"])
        self.action_about = a("action_about", "&About gdviz", self._on_about)
        stack = s.undo_stack
        self.action_undo = stack.createUndoAction(self, "&Undo")
        self.action_redo = stack.createRedoAction(self, "&Redo")
        for action, name, keys in (
            (self.action_undo, "action_undo", ["Ctrl+Z"]),
            (self.action_redo, "action_redo", ["Ctrl+Shift+Z", "Ctrl+Y"]),
        ):
            action.setObjectName(name)
            action.setShortcuts([QKeySequence(k) for k in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            self.addAction(action)
        self.action_keys = a("action_keys", "&Keyboard shortcuts", self._on_keys, ["F1"])

    def _make_menus_and_toolbar(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        file_menu.addAction(self.action_open)
        self.recent_menu = file_menu.addMenu("Open &Recent")
        self.recent_menu.setObjectName("menu_recent")
        file_menu.addAction(self.action_save)
        file_menu.addAction(self.action_save_as)
        file_menu.addAction(self.action_import_csv)
        self.export_menu = file_menu.addMenu("&Export")
        self.export_menu.setObjectName("menu_export")
        self._add_diagram_exports()
        self.action_export_csv = self.export_menu.addAction("Loss history as CSV…")
        self.action_export_csv.setObjectName("action_export_history_csv")
        self.action_export_csv.triggered.connect(self._on_export_csv)
        self.export_menu.addSeparator()
        file_menu.addSeparator()
        file_menu.addAction(self.action_quit)
        self.edit_menu = bar.addMenu("&Edit")
        self.edit_menu.addAction(self.action_undo)
        self.edit_menu.addAction(self.action_redo)
        lessons_menu = bar.addMenu("&Lessons")
        for number, info in enumerate(lessons(), start=1):
            action = lessons_menu.addAction(f"{number}. {info.title}")
            action.triggered.connect(lambda _=False, lid=info.id: self.open_lesson(lid))
        step_menu = bar.addMenu("&Step")
        for action in (
            self.action_next,
            self.action_previous,
            self.action_next_phase,
            self.action_previous_phase,
            self.action_finish_step,
            None,
            self.action_play,
            self.action_fast_forward,
            self.action_reset,
        ):
            step_menu.addSeparator() if action is None else step_menu.addAction(action)
        self.view_menu = view_menu = bar.addMenu("&View")
        for action in (
            self.action_present,
            self.action_blank,
            self.action_zoom_in,
            self.action_zoom_out,
            self.action_zoom_reset,
        ):
            view_menu.addAction(action)
        theme_menu = view_menu.addMenu("&Theme")
        theme_menu.setObjectName("menu_theme")
        theme_menu.addActions(list(self.theme_actions.values()))
        view_menu.addSeparator()
        for dock in self.docks:
            view_menu.addAction(dock.toggleViewAction())
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(self.action_keys)
        help_menu.addAction(self.action_about)
        self._refresh_recent_menu()

        tools = QToolBar("Transport", self)
        tools.setObjectName("toolbar_transport")
        tools.setFont(style.font(16))
        for action in (
            self.action_reset,
            self.action_previous_phase,
            self.action_previous,
            self.action_play,
            self.action_next,
            self.action_next_phase,
            self.action_finish_step,
        ):
            tools.addAction(action)
        tools.addSeparator()
        tools.addWidget(QLabel(" Speed "))
        self.speed_box = QComboBox()
        self.speed_box.setObjectName("speed_box")
        self.speed_box.addItems([label for label, _, _ in SPEEDS])
        self.speed_box.setCurrentIndex(self.player.speed)
        self.speed_box.setToolTip(
            "How fast Play moves: micro-steps per second, or whole training steps per frame"
        )
        self.speed_box.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.speed_box.currentIndexChanged.connect(self.player.set_speed)
        tools.addWidget(self.speed_box)
        tools.addSeparator()
        self.ff_count = QSpinBox()
        self.ff_count.setObjectName("fast_forward_count")
        self.ff_count.setRange(1, 1_000_000)
        self.ff_count.setValue(10)
        self.ff_count.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.ff_count.setToolTip("How many steps or epochs Fast-forward runs")
        self.ff_unit = QComboBox()
        self.ff_unit.setObjectName("fast_forward_unit")
        self.ff_unit.addItems(["steps", "epochs"])
        self.ff_unit.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        tools.addWidget(self.ff_count)
        tools.addWidget(self.ff_unit)
        tools.addAction(self.action_fast_forward)
        tools.addSeparator()
        tools.addAction(self.action_present)
        self.addToolBar(tools)
        self.toolbar = tools

    # -- opening and saving -----------------------------------------------------------
    def open_lesson(self, lesson_id: str) -> bool:
        return self.open_name(lesson_id)

    def open_name(self, name: str) -> bool:
        """Open a scenario file or a lesson id; on a problem, say so and keep the current one."""
        try:
            source, scenario = resolve(name)
        except ScenarioError as err:
            self.show_error("Could not open scenario", str(err))
            return False
        if not self._settle_unsaved():
            return False
        self.player.stop()
        self.session.load(scenario, source)
        if lesson_path(source) is None:
            self._remember_recent(source)
        return True

    def show_error(self, title: str, text: str) -> None:
        QMessageBox.critical(self, title, text)

    # -- never losing edits -------------------------------------------------------------
    def ask_unsaved(self) -> str:
        """ "save", "discard" or "cancel": what to do with unsaved edits about to be replaced."""
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.warning(
            self,
            "Unsaved changes",
            f"“{self.session.scenario.title}” has changes that are not saved. Save them first?",
            buttons.Save | buttons.Discard | buttons.Cancel,
            buttons.Save,
        )
        return {buttons.Save: "save", buttons.Discard: "discard"}.get(answer, "cancel")

    def ask_restore(self, title: str, when: str) -> str:
        """ "restore", "discard" or "later" (asked again at the next start) for edits a crash left."""
        box = QMessageBox(QMessageBox.Icon.Question, "Restore unsaved edits", "", parent=self)
        box.setText(f"Restore unsaved edits to “{title}” from {when}?")
        box.setInformativeText("gdviz did not close normally; these edits were kept for you.")
        restore = box.addButton("Restore", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Discard)
        box.setDefaultButton(restore)
        box.exec()
        clicked = box.clickedButton()
        if clicked is None:
            return "later"
        if box.standardButton(clicked) == QMessageBox.StandardButton.Discard:
            return "discard"
        return "restore" if box.buttonRole(clicked) == QMessageBox.ButtonRole.AcceptRole else "later"

    def _settle_unsaved(self) -> bool:
        """Whether the current scenario may be closed or replaced: no unsaved edits,
        or the user saved them (and the save went through) or let them go."""
        if not self.session.dirty:
            return True
        answer = self.ask_unsaved()
        if answer == "save":
            self._on_save()
            return not self.session.dirty  # the save was cancelled or failed
        if answer == "discard":
            self.autosaver.clear()
            return True
        return False

    def offer_restore(self) -> bool:
        """At start: offer the newest edits a gdviz that did not close normally left behind."""
        records, problems = autosave.orphans(self.autosaver.folder)
        if problems:
            self.show_error("Could not read an autosave", "\n".join(problems))
        if not records:
            return False
        record = records[0]
        answer = self.ask_restore(record.scenario.title, record.saved_at.strftime("%Y-%m-%d %H:%M"))
        if answer == "restore":
            self.player.stop()
            self.session.restore(record.scenario, record.source)
            if not self.autosaver.save_now():
                return True  # the old record stays until these edits are on disk again
        if answer in ("restore", "discard"):
            try:
                autosave.clear(record.path)
            except OSError as err:
                self.show_error("Could not remove an autosave", f"{record.path}: {err.strerror or err}")
        return answer == "restore"

    def _on_lesson_chosen(self, lesson_id: str) -> None:
        self.open_lesson(lesson_id)

    def _on_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open scenario", self._last_folder(), FILE_FILTER)
        if path:
            self.open_name(path)

    def _on_save(self) -> None:
        source = self.session.source
        if lesson_path(source) is not None or not source.endswith(".json"):
            self._on_save_as()
        else:
            self.save_to(source)

    def _on_save_as(self) -> None:
        suggested = str(Path(self._last_folder()) / f"{Path(self.session.source).stem or 'scenario'}.json")
        path, _ = QFileDialog.getSaveFileName(self, "Save scenario", suggested, FILE_FILTER)
        if path:
            self.save_to(path if path.endswith(".json") else path + ".json")

    def save_to(self, path: str) -> bool:
        try:
            self.session.scenario.save(path)
        except OSError as err:
            self.show_error("Could not save", f"{path}: {err.strerror or err}")
            return False
        self.session.mark_saved(path)
        self._remember_recent(path)
        self._on_model_scenario_changed()
        return True

    def _on_import_csv(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import data from CSV", self._last_folder(), CSV_FILTER)
        if path:
            self.import_csv(path)

    def import_csv(
        self, path: str, target_columns: int | None = None, header: bool | None = None, confirm: bool = True
    ) -> bool:
        """Replace the data with a CSV file's rows, as one undoable edit. The dialog shows
        what will be imported (``confirm=False`` takes its defaults without asking); a file
        with bad rows, or data the scenario refuses, imports nothing and says why."""
        name = Path(path).name
        try:
            text = csv_data.read_text(path)
        except csv_data.CsvError as err:
            self.show_error("Could not import data", f"{name}: {err}")
            return False
        except OSError as err:
            self.show_error("Could not import data", f"{path}: {err.strerror or err}")
            return False
        dialog = CsvImportDialog(name, text, self.session.layers, self, header=header, targets=target_columns)
        try:
            if confirm and not self._confirm_csv(dialog):
                return False
            inputs, targets = dialog.data()
            self.player.stop()
            self.session.edit("Import data", lambda s: edits.set_data(s, inputs, targets))
        except csv_data.CsvError as err:
            self.show_error("Could not import data", f"Nothing was imported from {name}:\n{err}")
            return False
        except ScenarioError as err:
            self.show_error("Could not import data", f"Nothing was imported from {name}: {err}")
            return False
        finally:
            dialog.deleteLater()
        return True

    def _confirm_csv(self, dialog: CsvImportDialog) -> bool:
        """Ask the lecturer (tests replace this to answer for them)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _last_folder(self) -> str:
        recent = self.recent_files()
        return str(Path(recent[0]).parent) if recent else str(Path.home())

    def recent_files(self) -> list[str]:
        value = self.settings.value("recent_files", [])
        if isinstance(value, str):
            value = [value]
        return [str(v) for v in value or []]

    def _remember_recent(self, path: str) -> None:
        path = str(Path(path).resolve())
        files = [path, *[f for f in self.recent_files() if f != path]][:MAX_RECENT]
        self.settings.setValue("recent_files", files)
        self._refresh_recent_menu()

    def _refresh_recent_menu(self) -> None:
        self.recent_menu.clear()
        files = self.recent_files()
        for path in files:
            action = self.recent_menu.addAction(path)
            action.triggered.connect(lambda _=False, p=path: self.open_name(p))
        self.recent_menu.setEnabled(bool(files))

    # -- remembered between runs -------------------------------------------------------
    def _restore_settings(self) -> None:
        """Theme, zoom and window layout as they were when gdviz last closed."""
        if not self.remember:
            self.set_theme(style.DEFAULT_THEME)
            return
        theme = str(self.settings.value("theme", style.DEFAULT_THEME))
        self.set_theme(theme if theme in style.THEMES else style.DEFAULT_THEME)
        try:
            zoom = float(self.settings.value("zoom", 1.0))
        except (TypeError, ValueError):
            zoom = 1.0
        self.set_zoom(zoom)
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self._restore_layout()

    def _restore_layout(self) -> None:
        """Docks' places, tabs and sizes; done again once the plot docks exist, as they come later."""
        state = self.settings.value("window/state") if self.remember else None
        if state is not None:
            self.restoreState(state)

    def _save_settings(self) -> None:
        if not self.remember:
            return
        geometry, state = self._layout_before if self.presenting else (self.saveGeometry(), self.saveState())
        self.settings.setValue("theme", style.THEME)
        self.settings.setValue("zoom", self.zoom)
        self.settings.setValue("window/geometry", geometry)
        if self.plots:  # a layout saved before the plot docks existed has no place for them
            self.settings.setValue("window/state", state)

    def show_plot(self, name: str) -> QWidget:
        """Bring a plot's tab to the front (it redraws as it appears)."""
        self.ensure_plots()
        panel = self.plots[name]
        dock = panel.parentWidget()
        while dock is not None and not isinstance(dock, QDockWidget):
            dock = dock.parentWidget()
        dock.show()
        dock.raise_()
        return panel

    # -- exports -------------------------------------------------------------------------
    @staticmethod
    def _add_to_plot_menu(panel: QWidget, action: QAction) -> None:
        """Right-clicking a plot offers its exports too."""
        import pyqtgraph as pg

        for plot in panel.findChildren(pg.PlotWidget):
            plot.getPlotItem().vb.menu.addAction(action)

    def _ask_path(self, title: str, suggested: str, filter_: str) -> str:
        path, _ = QFileDialog.getSaveFileName(
            self, title, str(Path(self._last_folder()) / suggested), filter_
        )
        return path

    def _on_export_plot(self, panel: QWidget, kind: str, name: str) -> None:
        path = self._ask_path(
            f"Export {name}", f"{name.replace(' ', '-')}.{kind}", f"{kind.upper()} (*.{kind})"
        )
        if path:
            self.export_plot(panel, kind, path)

    def export_plot(self, panel: QWidget, kind: str, path: str) -> bool:
        try:
            (save_svg if kind == "svg" else save_png)(panel, path)
        except OSError as err:
            self.show_error("Could not export", str(err))
            return False
        return True

    def _on_export_csv(self) -> None:
        path = self._ask_path("Export loss history", "loss-history.csv", "CSV (*.csv)")
        if path:
            self.export_csv(path)

    def export_csv(self, path: str) -> bool:
        try:
            save_history_csv(self.session.walk.trainer, path)
        except OSError as err:
            self.show_error("Could not export", f"{path}: {err.strerror or err}")
            return False
        return True

    def _add_diagram_exports(self) -> None:
        """File > Export: the diagram, the current training step as a GIF, its worked solution."""
        for name, text, tip, slot in (
            (
                "action_export_diagram_png",
                "Diagram as PNG (2x)…",
                "The diagram alone, at twice the pixels it has on screen",
                lambda: self._on_export_diagram("png"),
            ),
            (
                "action_export_diagram_svg",
                "Diagram as SVG…",
                "The diagram alone, its numbers as text",
                lambda: self._on_export_diagram("svg"),
            ),
            (
                "action_export_gif",
                "Training step as GIF…",
                "The walkthrough of the current training step, from its first micro-step",
                self._on_export_gif,
            ),
            (
                "action_export_markdown",
                "Worked solution as Markdown…",
                "The current training step worked out, as 'gdviz trace' writes it",
                self._on_export_markdown,
            ),
        ):
            action = self.export_menu.addAction(text)
            action.setObjectName(name)
            action.setStatusTip(tip)
            action.triggered.connect(slot)
        self.export_menu.addSeparator()

    def _export_name(self, what: str, kind: str) -> str:
        """A suggested file name: lesson or file name, what, extension."""
        return f"{Path(self.session.source).stem or 'scenario'}-{what}.{kind}"

    def _ask_export_path(self, title: str, what: str, kind: str, label: str) -> str:
        path = self._ask_path(title, self._export_name(what, kind), f"{label} (*.{kind})")
        return path if not path or Path(path).suffix else f"{path}.{kind}"

    def _on_export_diagram(self, kind: str) -> None:
        path = self._ask_export_path("Export diagram", "diagram", kind, kind.upper())
        if path:
            self.export_diagram(kind, path)

    def export_diagram(self, kind: str, path: str) -> bool:
        """The diagram alone (not the window) as ``kind`` "png" (2x) or "svg"."""
        from gdviz.qt.diagram_export import save_diagram_png, save_diagram_svg

        try:
            if kind == "svg":
                save_diagram_svg(self.diagram, path, title=self.session.scenario.title)
            else:
                save_diagram_png(self.diagram, path)
        except OSError as err:
            self.show_error("Could not export", str(err))
            return False
        return True

    def _on_export_gif(self) -> None:
        step = f"step-{self.session.walk.step_number}"
        path = self._ask_export_path("Export training step as GIF", step, "gif", "Animated GIF")
        if path:
            self.export_gif(path)

    def export_gif(self, path: str, steps: int = 1) -> bool:
        """An animated GIF of ``steps`` training steps from the start of the current
        one; the window stays where it is. Takes about a second, so it runs here
        with a wait cursor."""
        from gdviz.qt.walkthrough_gif import save_walkthrough_gif

        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            save_walkthrough_gif(
                self.session.scenario,
                path,
                steps,
                start=self.session.walk.trainer.state,
                source=self.session.source,
            )
        except (OSError, ValueError) as err:
            problem = str(err)
        else:
            problem = ""
        finally:
            QApplication.restoreOverrideCursor()
        if problem:
            self.show_error("Could not export", problem)
        return not problem

    def _on_export_markdown(self) -> None:
        step = f"step-{self.session.walk.step_number}"
        path = self._ask_export_path("Export worked solution", step, "md", "Markdown")
        if path:
            self.export_markdown(path, self.session.walk.step_number, last=True)

    def export_markdown(self, path: str, steps: int, last: bool = False) -> bool:
        """The worked solution of steps 1 to ``steps`` (only the last of them if
        ``last``), exactly as ``gdviz trace`` prints it."""
        from gdviz.core.trace import trace_markdown

        try:
            Path(path).write_text(trace_markdown(self.session.scenario, steps, last), encoding="utf-8")
        except OSError as err:
            self.show_error("Could not export", f"{path}: {err.strerror or err}")
            return False
        return True

    # -- commands ------------------------------------------------------------------------
    def _on_input_chosen(self, column: int) -> None:
        """An input node was double-clicked: its values are in the Data table."""
        self.show_dock("data")
        self.data_panel.select_column(column)

    def show_dock(self, name: str) -> QDockWidget:
        dock = self.findChild(QDockWidget, f"dock_{name}")
        dock.show()
        dock.raise_()
        return dock

    def _on_reset(self) -> None:
        self.player.stop()
        self.session.reset()

    def _on_fast_forward(self) -> None:
        count = self.ff_count.value()
        if self.ff_unit.currentText() == "epochs":
            self.session.run_epochs(count)
        else:
            self.session.run_steps(count)

    def set_zoom(self, zoom: float) -> None:
        self.zoom = min(max(zoom, 0.5), 3.0)
        self.diagram.set_zoom(self.zoom)
        scale = self.zoom * (1.35 if self.presenting else 1.0)
        for view in (self.formula, self.notes, self.inspector, self.setup_panel, self.data_panel):
            view.set_zoom(scale)
        for panel in self.plots.values():
            panel.set_zoom(scale)

    def set_theme(self, name: str) -> None:
        """Show everything in a theme of ``style.THEMES`` ("light" or "dark")."""
        style.set_theme(name)
        QApplication.setPalette(style.qt_palette())
        self.theme_actions[name].setChecked(True)
        for view in (self.diagram, self.banner, *self.plots.values()):
            view.restyle()

    def toggle_presentation(self) -> None:
        self._leave_presentation() if self.presenting else self._enter_presentation()

    def _enter_presentation(self) -> None:
        self.presenting = True
        self._chrome = [
            w for w in (self.menuBar(), self.toolbar, self.statusBar(), *self.docks) if w.isVisible()
        ]
        self._layout_before = (self.saveGeometry(), self.saveState())
        for widget in self._chrome:
            widget.hide()
        self.action_present.setChecked(True)
        self.action_blank.setEnabled(True)
        self.set_zoom(self.zoom)
        self.showFullScreen()
        self.key_hint.show_for_a_while()
        self.cursor_hider.start()

    def _leave_presentation(self) -> None:
        if not self.presenting:
            return
        self.presenting = False
        self.set_blank(False)
        self.action_blank.setEnabled(False)
        self.key_hint.dismiss()
        self.cursor_hider.stop()
        for widget in self._chrome:
            widget.show()
        self.action_present.setChecked(False)
        self.set_zoom(self.zoom)
        self.showNormal()

    def toggle_blank(self) -> None:
        """Black out the screen, or bring it back (B, while presenting)."""
        self.set_blank(not self.blank_overlay.blank)

    def set_blank(self, blank: bool) -> None:
        self.blank_overlay.set_blank(blank and self.presenting)
        self.action_blank.setChecked(self.blank_overlay.blank)

    def _on_escape(self) -> None:
        """Esc brings a blanked screen back first, as in presentation software; then leaves."""
        if self.blank_overlay.blank:
            self.set_blank(False)
        else:
            self._leave_presentation()

    def _on_about(self) -> None:
        QMessageBox.about(
            self,
            "About gdviz",
            f"<h3>gdviz {__version__}</h3><p>Gradient descent and backpropagation, one step at a time: "
            "every node's value, every slope as its three factors, every update.</p>",
        )

    def _on_keys(self) -> None:
        rows = [
            (
                a.text().replace("&", ""),
                ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in a.shortcuts()),
            )
            for a in self.actions()
            if a.shortcuts()
        ]
        html = "".join(f"<tr><td>{t}</td><td><b>{k}</b></td></tr>" for t, k in rows)
        QMessageBox.information(self, "Keyboard shortcuts", f"<table cellspacing='6'>{html}</table>")

    # -- model events --------------------------------------------------------------------
    def _on_model_changed(self) -> None:
        self.status_label.setText(self.session.status())
        walk = self.session.walk
        self.action_next.setEnabled(walk.record is not None)
        self.action_finish_step.setEnabled(walk.record is not None)
        self.action_next_phase.setEnabled(walk.record is not None)
        self.action_fast_forward.setEnabled(walk.record is not None)
        self.action_play.setEnabled(walk.record is not None)
        self.action_previous.setEnabled(not walk.at_start)
        self.action_previous_phase.setEnabled(not walk.at_start)
        if self.session.diverged:
            self.player.stop()

    def _on_model_scenario_changed(self) -> None:
        self.player.stop()  # an edit, an undo or another lesson starts training afresh
        title = self.session.scenario.title
        self.setWindowTitle(f"{title}[*] — gdviz")
        self.setWindowModified(self.session.dirty)
        self.lesson_list.show_current(self.session.source if lesson_path(self.session.source) else None)
        self.ff_unit.setEnabled(not self.session.walk.trainer.full_batch)
        if self.session.walk.trainer.full_batch:
            self.ff_unit.setCurrentIndex(0)

    def _on_player_playing_changed(self, playing: bool) -> None:
        self.action_play.setChecked(playing)
        self.action_play.setText("Pa&use" if playing else "P&lay")

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if not self._settle_unsaved():
            event.ignore()
            return
        self.autosaver.clear()
        self.player.stop()
        self._save_settings()
        self._leave_presentation()
        super().closeEvent(event)


def load_or_first_lesson(name: str | None) -> tuple[str, Scenario, str | None]:
    """The scenario to open at start: ``name`` if it loads, else the first
    lesson, with the loader's message as the third item."""
    if name:
        try:
            source, scenario = resolve(name)
            return source, scenario, None
        except ScenarioError as err:
            error = str(err)
    else:
        error = None
    first = lessons()[0]
    return first.id, scenario_io.load(first.path), error
