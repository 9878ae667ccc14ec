"""How everything looks: the theme and the zoom, one observable object views follow.

The theme is the application's (Qt's palette is application-wide, and the
diagram and plots read their colours through :mod:`gdviz.qt.style`), so there is
one shared ``Appearance``; a view never reads a module global swapped behind its
back, it is told by ``themeChanged`` / ``zoomChanged`` to redraw.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from gdviz.qt.style import DEFAULT_THEME, THEMES, Theme, qt_palette, theme_colours

ZOOM_MIN = 0.5
ZOOM_MAX = 3.0
ZOOM_STEP = 1.2
"""Zoom in multiplies by this, zoom out divides: five steps from 1 to about 2.5."""
PRESENTING_BOOST = 1.35
"""Presentation mode's larger type for the text panels and plots (the diagram fills its pane anyway)."""


def clamp_zoom(zoom: float) -> float:
    """A zoom within the one range every view accepts (a bad saved value becomes 1)."""
    try:
        zoom = float(zoom)
    except (TypeError, ValueError):
        return 1.0
    if zoom != zoom:  # NaN
        return 1.0
    return min(max(zoom, ZOOM_MIN), ZOOM_MAX)


class Appearance(QObject):
    """The current theme (a key of ``style.THEMES``), zoom, and whether type is presentation-sized."""

    themeChanged = Signal(str)
    zoomChanged = Signal(float)
    """The zoom or the presentation boost changed: the new ``zoom`` (see ``text_scale`` too)."""
    changed = Signal()
    """Either of the above."""

    def __init__(self, theme: str = DEFAULT_THEME, zoom: float = 1.0, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._theme = theme if theme in THEMES else DEFAULT_THEME
        self._colours = theme_colours(self._theme)
        self._zoom = clamp_zoom(zoom)
        self._presenting = False

    def __repr__(self) -> str:
        return f"Appearance(theme={self._theme!r}, zoom={self._zoom:g}, presenting={self._presenting})"

    # -- the theme ---------------------------------------------------------------------
    @property
    def theme(self) -> str:
        """The current theme, a key of ``style.THEMES``."""
        return self._theme

    @property
    def palette(self) -> Theme:
        """The theme's colours as ``#rrggbb`` strings."""
        return THEMES[self._theme]

    def colour(self, name: str) -> QColor | tuple[QColor, ...]:
        """A theme colour by its field name in capitals (``"SLOPE"``), as views use it."""
        return self._colours[name]

    def set_theme(self, name: str) -> bool:
        """Show everything in theme ``name``; False (and nothing changes) for a theme that does not exist."""
        if name not in THEMES:
            return False
        if name != self._theme:
            self._theme = name
            self._colours = theme_colours(name)
            self.apply_palette()
            self.themeChanged.emit(name)
            self.changed.emit()
        return True

    def apply_palette(self) -> None:
        """Give every widget outside the diagram and plots the theme, through Qt's palette."""
        if QApplication.instance() is not None:
            QApplication.setPalette(qt_palette(self._theme))

    # -- the zoom ----------------------------------------------------------------------
    @property
    def zoom(self) -> float:
        """How much larger than normal everything is drawn (the diagram as well as text)."""
        return self._zoom

    @property
    def presenting(self) -> bool:
        """Presentation mode is on: text panels and plots get larger type."""
        return self._presenting

    @property
    def text_scale(self) -> float:
        """The zoom for text panels and plots: larger while presenting."""
        return self._zoom * (PRESENTING_BOOST if self._presenting else 1.0)

    def set_zoom(self, zoom: float) -> None:
        """Zoom everything to ``zoom``, kept within ZOOM_MIN to ZOOM_MAX."""
        zoom = clamp_zoom(zoom)
        if zoom != self._zoom:
            self._zoom = zoom
            self._zoom_changed()

    def zoom_in(self) -> None:
        """One step larger (Ctrl+=)."""
        self.set_zoom(self._zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        """One step smaller (Ctrl+-)."""
        self.set_zoom(self._zoom / ZOOM_STEP)

    def reset_zoom(self) -> None:
        """Actual size (Ctrl+0)."""
        self.set_zoom(1.0)

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode: text panels and plots grow by PRESENTING_BOOST."""
        if presenting != self._presenting:
            self._presenting = presenting
            self._zoom_changed()

    def _zoom_changed(self) -> None:
        self.zoomChanged.emit(self._zoom)
        self.changed.emit()


_shared: Appearance | None = None


def shared() -> Appearance:
    """The application's appearance, which ``style``'s colours follow."""
    global _shared
    if _shared is None:
        _shared = Appearance()
    return _shared
