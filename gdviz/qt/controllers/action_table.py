"""Every command of the window, declared once as data: its text, keys, tip, what it calls
and where it appears. The window builds its QActions, menus and toolbar from these
tables (``actions.py``), so a command's shortcut, menu entry and tooltip cannot drift apart.

A handler is a dotted name looked up on the window when the actions are built
(``"session.next"``, ``"presentation.toggle"``), called with ``args``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from PySide6.QtGui import QKeySequence

from gdviz.core.predict import KINDS
from gdviz.qt.controllers.presentation import STAGE_VIEWS
from gdviz.qt.style import THEMES


@dataclass(frozen=True)
class ActionSpec:
    """One command: QAction ``name`` (also the window's attribute) with ``text``, shortcut
    ``keys`` (the first is shown in menus), ``tip``, a ``handler`` on the window, the
    menu (by object name) it is listed in, in table order."""

    name: str
    text: str
    handler: str
    keys: tuple[str, ...] = ()
    tip: str = ""
    menu: str | None = None
    checkable: bool = False
    enabled: bool = True
    args: tuple = ()
    group: str | None = None
    """Checkable actions of one group exclude each other (the themes)."""
    shown_keys: str = ""
    """Keys shown in the menu and tip but not bound here (a key another action routes)."""
    factory: bool = False
    """The handler makes the action (called with the window and ``text``): undo and redo
    come from the undo stack, which keeps their text and enabled state."""

    @property
    def tooltip(self) -> str:
        """The tip with the keys in brackets: "Show the next computation (Right, PgDown, N)"."""
        keys = self.shown_keys or ", ".join(
            QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in self.keys
        )
        return f"{self.tip or self.text} ({keys})" if keys else self.tip or self.text


@dataclass(frozen=True)
class MenuSpec:
    """A menu (``parent`` None: on the menu bar), placed in its parent in table order."""

    name: str
    text: str
    parent: str | None = None


@dataclass(frozen=True)
class Separator:
    """A line between groups of entries in ``menu``."""

    menu: str


SEP = "|"
"""In TOOLBAR: a separator. Names not starting ``action_`` are widgets the window supplies."""

ENTRIES: tuple[ActionSpec | MenuSpec | Separator, ...] = (
    MenuSpec("menu_file", "&File"),
    ActionSpec(
        "action_open", "&Open…", "document.ask_open", ("Ctrl+O",), "Open a scenario file", "menu_file"
    ),
    MenuSpec("menu_recent", "Open &Recent", "menu_file"),
    ActionSpec("action_save", "&Save", "document.save", ("Ctrl+S",), "Save the scenario", "menu_file"),
    ActionSpec(
        "action_save_as",
        "Save &As…",
        "document.save_as",
        ("Ctrl+Shift+S",),
        "Save to a new file",
        "menu_file",
    ),
    ActionSpec(
        "action_import_csv",
        "&Import Data from CSV…",
        "document.ask_import_csv",
        ("Ctrl+I",),
        "Replace the data with a CSV file's rows (the last columns are the targets)",
        "menu_file",
    ),
    MenuSpec("menu_export", "&Export", "menu_file"),
    ActionSpec(
        "action_export_diagram_png",
        "Diagram as PNG (2x)…",
        "exports.ask_diagram",
        tip="The diagram alone, at twice the pixels it has on screen",
        menu="menu_export",
        args=("png",),
    ),
    ActionSpec(
        "action_export_diagram_svg",
        "Diagram as SVG…",
        "exports.ask_diagram",
        tip="The diagram alone, its numbers as text",
        menu="menu_export",
        args=("svg",),
    ),
    ActionSpec(
        "action_export_gif",
        "Training step as GIF…",
        "exports.ask_gif",
        tip="The walkthrough of the current training step, from its first micro-step",
        menu="menu_export",
    ),
    ActionSpec(
        "action_export_markdown",
        "Worked solution as Markdown…",
        "exports.ask_markdown",
        tip="The current training step worked out, as 'gdviz trace' writes it",
        menu="menu_export",
    ),
    Separator("menu_export"),
    ActionSpec(
        "action_export_csv",
        "Loss history as CSV…",
        "exports.ask_history_csv",
        tip="The loss before each training step so far, one row per step",
        menu="menu_export",
    ),
    Separator("menu_export"),
    Separator("menu_file"),
    ActionSpec("action_quit", "&Quit", "close", ("Ctrl+Q",), "Close gdviz", "menu_file"),
    MenuSpec("menu_edit", "&Edit"),
    ActionSpec(
        "action_undo",
        "&Undo",
        "session.undo_stack.createUndoAction",
        ("Ctrl+Z",),
        "Undo the last edit",
        "menu_edit",
        factory=True,
    ),
    ActionSpec(
        "action_redo",
        "&Redo",
        "session.undo_stack.createRedoAction",
        ("Ctrl+Shift+Z", "Ctrl+Y"),
        "Redo the edit just undone",
        "menu_edit",
        factory=True,
    ),
    MenuSpec("menu_lessons", "&Lessons"),
    MenuSpec("menu_step", "&Step"),
    ActionSpec(
        "action_next",
        "&Next micro-step",
        "session.next",
        ("Right", "PgDown", "N"),
        "Show the next computation",
        "menu_step",
    ),
    ActionSpec(
        "action_previous",
        "&Previous micro-step",
        "session.previous",
        ("Left", "PgUp", "P"),
        "Go back one computation",
        "menu_step",
    ),
    ActionSpec(
        "action_next_phase",
        "Next p&hase",
        "session.next_phase",
        ("Down",),
        "Jump to the next phase",
        "menu_step",
    ),
    ActionSpec(
        "action_previous_phase",
        "Previous ph&ase",
        "session.previous_phase",
        ("Up",),
        "Jump back to the start of a phase",
        "menu_step",
    ),
    ActionSpec(
        "action_finish_step",
        "&Finish training step",
        "session.finish_step",
        ("Ctrl+Right",),
        "Show every update of this step",
        "menu_step",
    ),
    Separator("menu_step"),
    ActionSpec(
        "action_play", "P&lay", "player.toggle", ("Space",), "Play or pause", "menu_step", checkable=True
    ),
    ActionSpec(
        "action_fast_forward",
        "Fast-&forward",
        "_on_fast_forward",
        ("Ctrl+F",),
        "Run many steps or epochs at once",
        "menu_step",
    ),
    ActionSpec(
        "action_cancel",
        "&Cancel background work",
        "_on_cancel",
        tip="Stop the fast-forward or race running in the background",
        menu="menu_step",
        enabled=False,
        shown_keys="Esc",
    ),
    ActionSpec(
        "action_reset", "&Reset", "_on_reset", ("Home",), "Back to the start of the lesson", "menu_step"
    ),
    Separator("menu_step"),
    ActionSpec(
        "action_predict",
        "Predict &first",
        "session.toggle_predicting",
        ("Q",),
        "Ask the class first: each answer shows as ? until Enter (or Right) reveals it",
        "menu_step",
        checkable=True,
    ),
    ActionSpec(
        "action_reveal",
        "Re&veal the answer",
        "session.reveal",
        ("Return", "Enter"),
        "Show the answer the class was asked to predict",
        "menu_step",
        enabled=False,
    ),
    MenuSpec("menu_ask", "&Ask about", "menu_step"),
    *(
        ActionSpec(
            f"action_ask_{kind}",
            label,
            "session.toggle_predict_kind",
            tip=f"In predict mode, ask the class for {label.lower()} before showing them",
            menu="menu_ask",
            checkable=True,
            args=(kind,),
        )
        for kind, label in KINDS.items()
    ),
    MenuSpec("menu_view", "&View"),
    ActionSpec(
        "action_present",
        "&Presentation mode",
        "presentation.toggle",
        ("F5",),
        "Full screen, larger type",
        "menu_view",
        checkable=True,
    ),
    ActionSpec(
        "action_blank",
        "&Blank screen",
        "presentation.toggle_blank",
        ("B",),
        "Black out the screen while presenting (any key brings it back)",
        "menu_view",
        checkable=True,
        enabled=False,
    ),
    MenuSpec("menu_stage", "&Stage", "menu_view"),
    *(
        ActionSpec(
            f"action_stage_{view.name}",
            view.text,
            "_on_view_key",
            (view.key,),
            f"While presenting, show the {view.text.replace('&', '').lower()} beside the diagram"
            f" (otherwise: bring its tab to the front); at a question, a vote for option {view.key}",
            "menu_stage",
            checkable=True,
            args=(view.name,),
            group="stage",
        )
        for view in STAGE_VIEWS
    ),
    Separator("menu_stage"),
    ActionSpec(
        "action_stage_full",
        "&Full screen: the part in focus",
        "presentation.stage.toggle_full",
        ("F",),
        "While presenting, give the whole screen to the view chosen last or the part clicked last; "
        "F again puts both side by side",
        "menu_stage",
        checkable=True,
        enabled=False,
    ),
    ActionSpec(
        "action_stage_diagram",
        "&Diagram full screen",
        "presentation.stage.toggle_diagram_full",
        ("D",),
        "While presenting, the diagram and formula alone; D again brings the view back beside them",
        "menu_stage",
        checkable=True,
        enabled=False,
    ),
    ActionSpec(
        "action_node_maps",
        "Node &maps",
        "session.toggle_node_maps",
        ("M",),
        "Show inside each hidden and output node its own output over the input plane",
        "menu_view",
        checkable=True,
    ),
    ActionSpec("action_zoom_in", "Zoom &in", "appearance.zoom_in", ("Ctrl+=", "Ctrl++"), menu="menu_view"),
    ActionSpec("action_zoom_out", "Zoom &out", "appearance.zoom_out", ("Ctrl+-",), menu="menu_view"),
    ActionSpec("action_zoom_reset", "&Actual size", "appearance.reset_zoom", ("Ctrl+0",), menu="menu_view"),
    MenuSpec("menu_theme", "&Theme", "menu_view"),
    *(
        ActionSpec(
            f"action_theme_{name}",
            theme.label,
            "appearance.set_theme",
            tip=f"Show everything in the {theme.label.lower()} theme",
            menu="menu_theme",
            checkable=True,
            args=(name,),
            group="theme",
        )
        for name, theme in THEMES.items()
    ),
    Separator("menu_view"),
    MenuSpec("menu_help", "&Help"),
    ActionSpec("action_keys", "&Keyboard shortcuts", "_on_keys", ("F1",), "List every key", "menu_help"),
    ActionSpec("action_about", "&About gdviz", "_on_about", tip="Version and purpose", menu="menu_help"),
    # In no menu: Esc means several things, so one handler decides (see the window's _on_escape).
    ActionSpec("action_leave_presentation", "Leave presentation", "_on_escape", ("Esc",)),
)

TOOLBAR: tuple[str, ...] = (
    "action_reset",
    "action_previous_phase",
    "action_previous",
    "action_play",
    "action_next",
    "action_next_phase",
    "action_finish_step",
    SEP,
    "speed",
    SEP,
    "fast_forward",
    "action_fast_forward",
    SEP,
    "action_predict",
    "action_present",
)

PLOT_NAMES = ("loss curve", "gradient step", "loss surface", "optimizer race", "input space")


def plot_export_specs(names: Iterable[str] = PLOT_NAMES) -> list[ActionSpec]:
    """File > Export entries for each plot, PNG and SVG (added once the plots exist)."""
    return [
        ActionSpec(
            f"action_export_{name.replace(' ', '_')}_{kind}",
            f"{name.capitalize()} as {kind.upper()}…",
            "exports.ask_plot",
            tip=f"The {name} plot as it is on screen",
            menu="menu_export",
            args=(name, kind),
        )
        for name in names
        for kind in ("png", "svg")
    ]
