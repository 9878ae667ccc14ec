"""The document workflow: open, save, never lose edits, import data from CSV.

One scenario is open at a time. Whatever replaces or closes it first settles
its unsaved edits (save, discard, or stay); a file that will not load or save,
or data the scenario refuses, changes nothing and says why.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QWidget

from gdviz.core import autosave, csv_data, edits
from gdviz.core import scenario as scenario_io
from gdviz.core.files import error_text, signature
from gdviz.core.lessons import lesson_path, lessons, resolve
from gdviz.core.scenario import Scenario, ScenarioError
from gdviz.qt.controllers.autosaver import Autosaver
from gdviz.qt.controllers.player import Player
from gdviz.qt.controllers.prompts import Prompts
from gdviz.qt.controllers.settings import SettingsController
from gdviz.qt.panels.csv_import_dialog import CsvImportDialog
from gdviz.qt.session import LARGE_DATA, Session

FILE_FILTER = "gdviz scenarios (*.json);;All files (*)"
CSV_FILTER = "CSV files (*.csv *.tsv *.txt);;All files (*)"


def load_or_first_lesson(name: str | None) -> tuple[str, Scenario, str | None]:
    """The scenario to open at start: ``name`` if it loads, else the first
    lesson, with the loader's message as the third item (a bad name never stops gdviz)."""
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


class DocumentController(QObject):
    """Opens and saves ``session``'s scenario, asking through ``prompts``."""

    saved = Signal(str)
    """The scenario was written to this path (it is now the session's source)."""

    def __init__(
        self,
        session: Session,
        player: Player,
        autosaver: Autosaver,
        settings: SettingsController,
        prompts: Prompts,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.session, self.player, self.autosaver = session, player, autosaver
        self.settings, self.prompts = settings, prompts
        self._on_disk: tuple[str, tuple[int, int, int] | None] | None = None
        """The file the scenario was last read from or written to, as it was then."""

    # -- opening --------------------------------------------------------------------------
    def open_name(self, name: str) -> bool:
        """Open a scenario file or a lesson id; on a problem, say so and keep the current one."""
        try:
            source, scenario = resolve(name)
        except ScenarioError as err:
            self.prompts.show_error("Could not open scenario", str(err))
            return False
        if not self.settle_unsaved():
            return False
        self.player.stop()
        self.session.load(scenario, source)
        if lesson_path(source) is None:
            self.settings.remember_recent(source)
            self._on_disk = (source, signature(source))
        return True

    def ask_open(self) -> bool:
        """File > Open: ask for a scenario file, then open it."""
        path = self.prompts.ask_open_path("Open scenario", self.settings.last_folder(), FILE_FILTER)
        return bool(path) and self.open_name(path)

    # -- saving ---------------------------------------------------------------------------
    def save(self) -> bool:
        """Save in place a scenario that came from a file; a lesson (or anything else) asks where."""
        source = self.session.source
        if lesson_path(source) is not None or not source.endswith(".json"):
            return self.save_as()
        if self._changed_on_disk(source) and not self.prompts.ask_overwrite(source):
            return False
        return self.save_to(source)

    def _changed_on_disk(self, path: str) -> bool:
        """Whether something else wrote ``path`` since this window read or wrote it (a file
        that is gone holds no one's work: saving just makes it again)."""
        now = signature(path)
        return (
            self._on_disk is not None
            and self._on_disk[0] == path
            and now is not None
            and now != self._on_disk[1]
        )

    def save_as(self) -> bool:
        """Ask where to save (as .json), then save there."""
        name = f"{Path(self.session.source).stem or 'scenario'}.json"
        suggested = str(Path(self.settings.last_folder()) / name)
        path = self.prompts.ask_save_path("Save scenario", suggested, FILE_FILTER)
        if not path:
            return False
        return self.save_to(path if path.endswith(".json") else path + ".json")

    def save_to(self, path: str) -> bool:
        """Write the scenario to ``path``; from then on it is the file Save writes."""
        try:
            self.session.scenario.save(path)
        except OSError as err:
            self.prompts.show_error("Could not save", f"{path}: {error_text(err)}")
            return False
        self._on_disk = (path, signature(path))
        self.session.mark_saved(path)
        self.settings.remember_recent(path)
        self.saved.emit(path)
        return True

    # -- never losing edits ---------------------------------------------------------------
    def settle_unsaved(self) -> bool:
        """Whether the current scenario may be closed or replaced: no unsaved edits,
        or the user saved them (and the save went through) or let them go."""
        if not self.session.dirty:
            return True
        answer = self.prompts.ask_unsaved()
        if answer == "save":
            self.save()
            return not self.session.dirty  # the save was cancelled or failed
        if answer == "discard":
            self.autosaver.clear()
            return True
        return False

    def close(self) -> bool:
        """Whether the window may close; if so, its autosave record goes (nothing is left unsettled)."""
        if not self.settle_unsaved():
            return False
        self.autosaver.clear()
        return True

    def offer_restore(self) -> bool:
        """At start: offer the newest edits a gdviz that did not close normally left behind."""
        records, problems = autosave.orphans(self.autosaver.folder)
        if problems:
            self.prompts.show_error("Could not read an autosave", "\n".join(problems))
        if not records:
            return False
        record = records[0]
        answer = self.prompts.ask_restore(record.scenario.title, record.saved_at.strftime("%Y-%m-%d %H:%M"))
        if answer == "restore":
            self.player.stop()
            self.session.restore(record.scenario, record.source)
            if not self.autosaver.save_now():
                return True  # the old record stays until these edits are on disk again
        if answer in ("restore", "discard"):
            try:
                autosave.clear(record.path)
            except OSError as err:
                self.prompts.show_error("Could not remove an autosave", f"{record.path}: {error_text(err)}")
        return answer == "restore"

    # -- data from CSV --------------------------------------------------------------------
    def ask_import_csv(self) -> bool:
        """File > Import Data from CSV: ask for a file, then import it."""
        path = self.prompts.ask_open_path("Import data from CSV", self.settings.last_folder(), CSV_FILTER)
        return bool(path) and self.import_csv(path)

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
            self.prompts.show_error("Could not import data", f"{name}: {err}")
            return False
        except OSError as err:
            self.prompts.show_error("Could not import data", f"{path}: {error_text(err)}")
            return False
        parent = self.prompts if isinstance(self.prompts, QWidget) else None  # the window, in the app
        dialog = CsvImportDialog(
            name, text, self.session.layers, parent, header=header, targets=target_columns
        )
        try:
            if confirm and not self.prompts.confirm_csv(dialog):
                return False
            inputs, targets = dialog.data()
            self.player.stop()
            large = len(inputs) * (len(inputs[0]) + len(targets[0])) > LARGE_DATA if inputs else False
            self.session.edit("Import data", lambda s: edits.set_data(s, inputs, targets), large)
        except csv_data.CsvError as err:
            self.prompts.show_error("Could not import data", f"Nothing was imported from {name}:\n{err}")
            return False
        except ScenarioError as err:
            self.prompts.show_error("Could not import data", f"Nothing was imported from {name}: {err}")
            return False
        finally:
            dialog.deleteLater()
        return True
