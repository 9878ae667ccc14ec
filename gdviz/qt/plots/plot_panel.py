"""The base of the plot panels: redraw only while on screen.

The plots sit in tabs; a tab behind another would otherwise recompute its
curve or surface on every micro-step of Play for nobody to see. A panel that
misses changes while off screen catches up when it comes back.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from gdviz.qt.session import Session


class PlotPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._on_screen = True
        self._stale = False
        self.zoom = 1.0

    def refresh(self) -> None:
        """Bring the plot up to date with the session."""
        raise NotImplementedError

    def restyle(self) -> None:
        """Take on the current theme's colours (``style``) and the zoomed text size."""
        raise NotImplementedError

    def set_zoom(self, zoom: float) -> None:
        """Scale the plot's text with the window's zoom, so it stays readable beside the diagram."""
        self.zoom = zoom
        self.restyle()

    def set_on_screen(self, on_screen: bool) -> None:
        """Told by the window when the panel's tab comes to the front or goes behind."""
        self._on_screen = on_screen
        if on_screen and self._stale:
            self._stale = False
            self.refresh()

    def _on_model_changed(self) -> None:
        if self._on_screen:
            self.refresh()
        else:
            self._stale = True
