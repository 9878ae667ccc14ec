"""Views are thin: they read what they show from the Session and its Frame.

The rule, checked on the source of every view module (everything under
``gdviz/qt`` but the model, its plumbing and the exporters listed below):

1. A view never reaches past the Session into training: no attribute named
   ``walk``, ``trainer``, ``record``, ``frame_index`` or ``past_states``, and no
   ``FrameIndex``.
2. From ``gdviz.core`` a view imports only data, names and registries: the
   scenario and its edits, lessons, names and number formatting, parameter
   and node names (``params``), the ``Frame`` type, and the registries of
   activations, losses, optimizers and race contestants (and the axes of a
   surface plot). Nothing that computes training, formulas or loss landscapes (``training``,
   ``walkthrough``, ``tasks``, ``network``, ``landscape``, ``formulas``,
   ``microsteps``, ``race.race``, ...): those go through a Session call.
"""

from __future__ import annotations

import ast
from pathlib import Path

import gdviz.qt

QT = Path(gdviz.qt.__file__).parent

NOT_VIEWS = {
    "__init__.py",
    "session.py",  # the model the views read
    "session_history.py",  # part of that model: its reads of past steps and loss landscapes
    "session_asking.py",  # part of that model: predict mode and the nudge check
    "session_input_space.py",  # part of that model: what the input space shows, and its maps
    "workers/jobs.py",  # runs work the Session hands out
    "main_window.py",  # the composition root
    "app.py",
    # Exporters: they drive a walkthrough of their own, off screen, to draw frames.
    "diagram/diagram_export.py",
    "workers/walkthrough_gif.py",
    "plots/export.py",  # writes a plot's image through the core's atomic file writing
}
REACHES = {"walk", "trainer", "record", "frame_index", "past_states"}
"""Attributes that belong to the walkthrough and trainer, which only the Session touches."""
WHOLE_MODULES = {
    "autosave",
    "csv_data",
    "edits",
    "layout",
    "lessons",
    "names",
    "numbers",
    "params",
    "scenario",
}
"""Core modules of data and names a view may import anything from (layout: the geometry that decides
which diagram texts fit where, asked by the diagram with its measured texts)."""
SOME_NAMES = {
    "frame": {"Frame"},
    "activations": {"ACTIVATIONS"},
    "losses": {"LOSSES"},
    "optimizers": {"RULES", "SETTINGS"},
    "race": {"CONTESTANTS", "DEFAULT_RATES", "Lap"},
    "microsteps": {"Phase", "Shares"},  # the phase names and their labels; a batch slope's parts
    "checkpoints": {"MOST_OPTIONS"},  # how many options a question may have
    "datasets": {"DESCRIPTIONS", "MOST_SAMPLES", "inputs_of"},  # the generators a Data tab offers
    "regularization": {"KINDS"},  # the penalties Setup offers
    "input_space": {"Plane", "levels"},  # a map's type and the range its colours span
    # The axes a surface plot spans: framing, no loss evaluated. plots/surface_image.py
    # re-exports it (the panels themselves get whole surfaces from Session.loss_surface).
}
"""Core modules that also compute: a view may import only these registries and types from them."""


def view_modules() -> list[Path]:
    return sorted(
        path
        for path in QT.rglob("*.py")
        if path.relative_to(QT).as_posix() not in NOT_VIEWS and path.relative_to(QT).parts[0] != "controllers"
    )


def problems(source: str, name: str = "<view>") -> list[str]:
    """Every way ``source`` breaks the rule, one line each."""
    found = []
    for node in ast.walk(ast.parse(source, name)):
        if isinstance(node, ast.Attribute) and node.attr in REACHES:
            found.append(f"{name}:{node.lineno} reaches into .{node.attr}")
        elif isinstance(node, ast.Name) and node.id == "FrameIndex":
            found.append(f"{name}:{node.lineno} uses FrameIndex")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                found += _check_import(alias.name, None, name, node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.module:
            for alias in node.names:
                found += _check_import(node.module, alias.name, name, node.lineno)
    return found


def _check_import(module: str, imported: str | None, name: str, line: int) -> list[str]:
    parts = module.split(".")
    if parts[:2] != ["gdviz", "core"]:
        return []
    if len(parts) == 2:  # from gdviz.core import edits
        core = imported
        allowed = core in WHOLE_MODULES
    else:
        core = parts[2]
        allowed = core in WHOLE_MODULES or (imported is not None and imported in SOME_NAMES.get(core, ()))
    what = f"{module}.{imported}" if imported else module
    return [] if allowed else [f"{name}:{line} imports {what}"]


def test_the_views_are_found():
    names = {path.relative_to(QT).as_posix() for path in view_modules()}
    expected = {
        "diagram/diagram_view.py",
        "diagram/diagram_items.py",
        "panels/inspector_panel.py",
        "panels/formula_panel.py",
        "panels/diverged_banner.py",
        "panels/notes_panel.py",
        "panels/data_panel.py",
        "panels/data_table_model.py",
        "panels/lesson_list.py",
        "diagram/value_editor.py",
        "panels/setup_panel.py",
        "plots/plot_panel.py",
        "plots/loss_curve_panel.py",
        "plots/gradient_step_panel.py",
        "plots/loss_surface_panel.py",
        "plots/optimizer_race_panel.py",
        "stage/key_hint.py",
    }
    assert expected <= names


def test_views_read_the_session_and_import_no_computation():
    found = []
    for path in view_modules():
        found += problems(path.read_text(), path.relative_to(QT).as_posix())
    assert not found, "\n".join(found)


def test_the_rule_catches_each_kind_of_reach():
    bad = """
from gdviz.core.landscape import loss_grid
from gdviz.core.frame import Frame, FrameIndex
from gdviz.core.race import CONTESTANTS, race
from gdviz.core import training
import gdviz.core.walkthrough
x = self.session.walk.trainer.history
y = s.record.loss
z = walk.frame_index()
w = walk.past_states()
"""
    found = problems(bad)
    for expected in (
        "imports gdviz.core.landscape.loss_grid",
        "imports gdviz.core.frame.FrameIndex",
        "imports gdviz.core.race.race",
        "imports gdviz.core.training",
        "imports gdviz.core.walkthrough",
        "reaches into .walk",
        "reaches into .trainer",
        "reaches into .record",
        "reaches into .frame_index",
        "reaches into .past_states",
    ):
        assert any(expected in line for line in found), expected
    good = """
from gdviz.core import edits
from gdviz.core.frame import Frame
from gdviz.core.params import Node, Param, params_of
from gdviz.core.race import CONTESTANTS, DEFAULT_RATES, Lap
x = self.session.frame.batch_loss_known
"""
    assert problems(good) == []
