"""Colours and type sizes chosen for a projector at the back of a lecture hall.

The course draws node values, weights and slopes in three distinct colours;
we keep that: values and weights in the text colour, slopes purple (a light
violet on the dark theme). Edge colour shows sign with a blue/orange pair that
survives colour-blindness and washed-out projectors; the highlight is a strong
amber, an updated weight green.

Two themes: light with high contrast (black text, strong lines: projectors wash
out greys) and dark. Views read the module's colours (``style.SLOPE``...) when
they build or restyle their items; ``set_theme`` swaps them all at once.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from PySide6.QtGui import QColor, QFont, QPalette


@dataclass(frozen=True)
class Theme:
    """One theme's colours, as ``#rrggbb`` (or ``#aarrggbb``) strings."""

    label: str
    # the diagram
    background: str
    node_fill: str
    node_border: str
    input_fill: str
    value: str
    name: str
    weight: str
    slope: str
    positive: str
    negative: str
    zero: str
    highlight: str
    updated: str
    label_back: str
    banner_back: str
    banner_text: str
    # the rest of the window (Qt palette)
    window: str
    window_text: str
    base: str
    alternate_base: str
    text: str
    button: str
    ui_highlight: str
    disabled_text: str
    # the plots
    plot_back: str
    plot_fore: str
    curve: str
    mark: str
    muted: str
    danger: str
    race: tuple[str, str, str, str]


THEMES: dict[str, Theme] = {
    "light": Theme(
        label="Light (high contrast)",
        background="#ffffff",
        node_fill="#dcebfc",
        node_border="#000000",
        input_fill="#ebebeb",
        value="#000000",
        name="#1a1a1a",
        weight="#000000",
        slope="#6a1b9a",
        positive="#0057b8",
        negative="#b84a00",
        zero="#808080",
        highlight="#eea200",
        updated="#00702f",
        label_back="#f0ffffff",
        banner_back="#b00020",
        banner_text="#ffffff",
        window="#f2f2f2",
        window_text="#000000",
        base="#ffffff",
        alternate_base="#ededed",
        text="#000000",
        button="#e4e4e4",
        ui_highlight="#0057b8",
        disabled_text="#666666",
        plot_back="#ffffff",
        plot_fore="#000000",
        curve="#0057b8",
        mark="#b84a00",
        muted="#4d4d4d",
        danger="#b00020",
        race=("#0072b2", "#b84a00", "#007d5a", "#b0417e"),
    ),
    "dark": Theme(
        label="Dark",
        background="#101214",
        node_fill="#1f3a5c",
        node_border="#e8e8e8",
        input_fill="#2c3036",
        value="#ffffff",
        name="#dde2e8",
        weight="#f4f4f4",
        slope="#d9a8ff",
        positive="#5cb2ff",
        negative="#ff7a33",
        zero="#7d858f",
        highlight="#ffd91a",
        updated="#5ee08f",
        label_back="#e6101214",
        banner_back="#b00020",
        banner_text="#ffffff",
        window="#1c1f23",
        window_text="#f2f2f2",
        base="#121416",
        alternate_base="#1a1d21",
        text="#f2f2f2",
        button="#2b2f35",
        ui_highlight="#3d7fd9",
        disabled_text="#8a9098",
        plot_back="#101214",
        plot_fore="#f2f2f2",
        curve="#5cb2ff",
        mark="#ff7a33",
        muted="#b8b8b8",
        danger="#ff5c6c",
        race=("#56b4e9", "#e69f00", "#2ec4a0", "#e58fc0"),
    ),
}
DEFAULT_THEME = "light"

# The current theme's colours, filled in by set_theme (names are the Theme fields in capitals).
THEME: str = DEFAULT_THEME
BACKGROUND: QColor
NODE_FILL: QColor
NODE_BORDER: QColor
INPUT_FILL: QColor
VALUE: QColor
NAME: QColor
WEIGHT: QColor
SLOPE: QColor
POSITIVE: QColor
NEGATIVE: QColor
ZERO: QColor
HIGHLIGHT: QColor
UPDATED: QColor
LABEL_BACK: QColor
BANNER_BACK: QColor
BANNER_TEXT: QColor
PLOT_BACK: QColor
PLOT_FORE: QColor
CURVE: QColor
MARK: QColor
MUTED: QColor
DANGER: QColor
RACE: tuple[QColor, ...]

FONT_FAMILY = "DejaVu Sans"


def set_theme(name: str) -> None:
    """Make ``name`` (a key of THEMES) the current theme; views restyle to show it."""
    theme = THEMES[name]
    colours = {}
    for field, value in asdict(theme).items():
        if field == "label":
            continue
        colours[field.upper()] = tuple(map(QColor, value)) if isinstance(value, tuple) else QColor(value)
    globals().update(colours, THEME=name)


def qt_palette() -> QPalette:
    """The current theme as a Qt palette, for every widget outside the diagram and plots."""
    t = THEMES[THEME]
    palette = QPalette(QColor(t.button), QColor(t.window))
    roles = QPalette.ColorRole
    for role, colour in (
        (roles.Window, t.window),
        (roles.WindowText, t.window_text),
        (roles.Base, t.base),
        (roles.AlternateBase, t.alternate_base),
        (roles.Text, t.text),
        (roles.Button, t.button),
        (roles.ButtonText, t.text),
        (roles.ToolTipBase, t.base),
        (roles.ToolTipText, t.text),
        (roles.PlaceholderText, t.disabled_text),
        (roles.Highlight, t.ui_highlight),
        (roles.HighlightedText, "#ffffff"),
        (roles.Link, t.ui_highlight),
        (roles.BrightText, "#ffffff"),
    ):
        palette.setColor(role, QColor(colour))
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(t.disabled_text))
    return palette


def font(pixels: float, bold: bool = False) -> QFont:
    """A font sized in pixels, so the diagram scales it with the scene."""
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(1, round(pixels)))
    f.setBold(bold)
    return f


set_theme(DEFAULT_THEME)


def refused_text_css() -> str:
    """Style sheet for a message saying why an entry was refused (current theme)."""
    return f"color: {THEMES[THEME].danger};"


def refused_field_css() -> str:
    """Style sheet for a line edit holding refused text (current theme)."""
    return f"QLineEdit {{ border: 3px solid {THEMES[THEME].danger}; }}"
