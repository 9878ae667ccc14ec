"""Colours and type sizes chosen for a projector at the back of a lecture hall.

The course draws node values, weights and slopes in three distinct colours;
we keep that: values and weights in the text colour, slopes purple (a light
violet on the dark theme). Edge colour shows sign with a blue/orange pair that
survives colour-blindness and washed-out projectors; the highlight is a strong
amber, an updated weight green.

Two themes: light with high contrast (black text, strong lines: projectors wash
out greys) and dark. Views read the colours (``style.SLOPE``...) when they build
or restyle their items; those follow the current theme of the shared
:class:`gdviz.qt.appearance.Appearance`, which tells views when to restyle.
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

FONT_FAMILY = "DejaVu Sans"

COLOUR_NAMES = tuple(f.upper() for f in Theme.__dataclass_fields__ if f != "label")
"""The colours views read as ``style.SLOPE``..., named after the Theme fields in capitals."""


def theme_colours(name: str) -> dict[str, QColor | tuple[QColor, ...]]:
    """Theme ``name``'s colours as QColors, keyed by their names in capitals."""
    colours: dict[str, QColor | tuple[QColor, ...]] = {}
    for field, value in asdict(THEMES[name]).items():
        if field != "label":
            colours[field.upper()] = tuple(map(QColor, value)) if isinstance(value, tuple) else QColor(value)
    return colours


def __getattr__(name: str) -> QColor | tuple[QColor, ...] | str:
    """``style.SLOPE`` and the like: the colour in the shared appearance's current theme;
    ``style.THEME``: that theme's name. Read when a view builds or restyles its items."""
    if name == "THEME":
        return _appearance.shared().theme
    if name in COLOUR_NAMES:
        return _appearance.shared().colour(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def set_theme(name: str) -> None:
    """Make ``name`` the shared appearance's theme (views following it restyle)."""
    _appearance.shared().set_theme(name)


def qt_palette(name: str | None = None) -> QPalette:
    """Theme ``name`` (default: the current one) as a Qt palette, for every widget outside
    the diagram and plots."""
    t = THEMES[name or _appearance.shared().theme]
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


def refused_text_css() -> str:
    """Style sheet for a message saying why an entry was refused (current theme)."""
    return f"color: {_appearance.shared().palette.danger};"


def refused_field_css() -> str:
    """Style sheet for a line edit holding refused text (current theme)."""
    return f"QLineEdit {{ border: 3px solid {_appearance.shared().palette.danger}; }}"


# Last: the appearance module reads this one's themes (a cycle only names the module here).
from gdviz.qt import appearance as _appearance  # noqa: E402
