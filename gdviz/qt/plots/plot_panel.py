"""The base of the plot panels: redraw only while on screen; one look for zoom and presenting.

The plots sit in tabs; a tab behind another would otherwise recompute its
curve or surface on every micro-step of Play for nobody to see. A panel that
misses changes while off screen catches up when it comes back.

Every size a panel draws with (text, lines, markers, the step arrow) comes from
``self.look``, which follows the window's zoom and presentation mode: whoever
shows a panel on the presentation stage calls ``set_presenting(True)``.
"""

from __future__ import annotations

from PySide6.QtWidgets import QApplication, QWidget

from gdviz.qt import style
from gdviz.qt.plots.plot_style import Look, look
from gdviz.qt.session import Session

CONTROL_PIXELS_MOST = 26
"""While presenting, choosers and buttons grow with the text up to this size: the plot gets the room."""


class PlotPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._on_screen = True
        self._stale = False
        self.zoom = 1.0
        self.presenting = False

    @property
    def look(self) -> Look:
        """The sizes to draw with now (see ``plot_style.look``)."""
        return look(self.zoom, self.presenting)

    def refresh(self) -> None:
        """Bring the plot up to date with the session."""
        raise NotImplementedError

    def restyle(self) -> None:
        """Take on the current theme's colours (``style``) and the look's sizes."""
        raise NotImplementedError

    def set_zoom(self, zoom: float) -> None:
        """Scale the plot's text with the window's zoom (``Appearance.text_scale``, which
        already includes presentation mode's boost), so it stays readable beside the diagram."""
        self.zoom = zoom
        self.restyle()

    def set_presenting(self, presenting: bool) -> None:
        """Presentation mode (``Appearance.presenting``): text of 20 px or more, lines of 5 px,
        larger markers and controls, so the plot reads from the back of a hall."""
        if presenting != self.presenting:
            self.presenting = presenting
            self.restyle()

    def _style_controls(self) -> None:
        """The panel's own widgets (choosers, boxes, buttons) take the look's text size while
        presenting (at most CONTROL_PIXELS_MOST), the application's font otherwise."""
        size = min(self.look.text, CONTROL_PIXELS_MOST)
        self.setFont(style.font(size) if self.presenting else QApplication.font())

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
