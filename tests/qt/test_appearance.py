"""Themes, zoom and the remembered layout: what the class sees on the projector."""

from __future__ import annotations

from itertools import combinations

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAction, QColor, QPalette
from PySide6.QtWidgets import QDockWidget

from gdviz.core.lessons import load_lesson
from gdviz.qt import style
from gdviz.qt.appearance import PRESENTING_BOOST, ZOOM_MAX, ZOOM_MIN, ZOOM_STEP, Appearance, shared
from gdviz.qt.main_window import MainWindow
from gdviz.qt.plots.plot_style import AXIS_PIXELS


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 to 21)."""

    def luminance(c: QColor) -> float:
        def channel(v: int) -> float:
            v /= 255
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.red()) + 0.7152 * channel(c.green()) + 0.0722 * channel(c.blue())

    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def distance(a: QColor, b: QColor) -> float:
    return ((a.red() - b.red()) ** 2 + (a.green() - b.green()) ** 2 + (a.blue() - b.blue()) ** 2) ** 0.5


@pytest.mark.parametrize("theme", sorted(style.THEMES))
def test_every_theme_is_readable_and_keeps_its_colours_apart(theme):
    style.set_theme(theme)
    for text in (style.VALUE, style.NAME, style.WEIGHT, style.NODE_BORDER):
        assert contrast(text, style.BACKGROUND) >= 7 and contrast(text, style.NODE_FILL) >= 7
    for marked in (style.SLOPE, style.POSITIVE, style.NEGATIVE, style.UPDATED):
        assert contrast(marked, style.BACKGROUND) >= 4.5
    for plotted in (style.PLOT_FORE, style.CURVE, style.MARK, style.MUTED, style.DANGER, *style.RACE):
        assert contrast(plotted, style.PLOT_BACK) >= 4.5
    meanings = (style.SLOPE, style.POSITIVE, style.NEGATIVE, style.HIGHLIGHT, style.UPDATED)
    assert all(distance(a, b) >= 90 for a, b in combinations(meanings, 2))


def theme_action(window: MainWindow, name: str) -> QAction:
    return window.findChild(QAction, f"action_theme_{name}")


def on_screen(window: MainWindow, name: str) -> bool:
    """A dock shown and in front of its tab group (the docks behind are moved out of sight, not hidden)."""
    dock = window.findChild(QDockWidget, f"dock_{name}")
    return dock.isVisible() and not dock.visibleRegion().isEmpty()


def test_dark_theme_restyles_diagram_panels_and_plots(qtbot, open_window):
    window = open_window()
    window.session.finish_step()  # slopes and updated weights on screen
    light, dark = theme_action(window, "light"), theme_action(window, "dark")
    assert light.isChecked() and not dark.isChecked()
    assert light.text() == "Light (high contrast)" and dark.text() == "Dark"
    assert window.diagram.backgroundBrush().color().name() == "#ffffff"
    assert window.diagram.nodes[(1, 0)].value.brush().color().name() == "#000000"

    dark.trigger()
    assert dark.isChecked() and not light.isChecked()
    diagram = window.diagram
    assert diagram.backgroundBrush().color().name() == "#101214"
    assert diagram.nodes[(1, 0)].value.brush().color().name() == "#ffffff"
    assert diagram.nodes[(1, 0)].value.text() == "4.8"  # still there after the rebuild (new weights)
    assert diagram.edges[(0, 0, 1)].weight.brush().color().name() == "#5ee08f"  # updated: light green
    assert diagram.edges[(0, 0, 1)].weight.text() == "1 → 0.94"
    qtbot.waitUntil(lambda: window.formula.palette().color(QPalette.ColorRole.Window).name() == "#1c1f23")
    assert window.formula.palette().color(QPalette.ColorRole.WindowText).name() == "#f2f2f2"
    assert window.notes.palette().color(QPalette.ColorRole.Text).name() == "#f2f2f2"
    assert window.lesson_list.palette().color(QPalette.ColorRole.Base).name() == "#121416"
    plot = window.loss_curve.plot
    assert plot.backgroundBrush().color().name() == "#101214"
    assert plot.getAxis("left").textPen().color().name() == "#f2f2f2"
    assert window.loss_curve.curve.opts["pen"].color().name() == "#5cb2ff"
    assert window.gradient_step.tangent.opts["pen"].color().name() == "#d9a8ff"  # slopes: light violet
    assert window.race.loss_plot.backgroundBrush().color().name() == "#101214"
    assert "#56b4e9" in window.race.swatches["sgd"].styleSheet()

    light.trigger()
    assert diagram.backgroundBrush().color().name() == "#ffffff"
    assert diagram.nodes[(2, 0)].slope.brush().color().name() == "#6a1b9a"  # slopes: purple
    assert plot.backgroundBrush().color().name() == "#ffffff"
    assert plot.getAxis("bottom").textPen().color().name() == "#000000"


def test_zoom_scales_plots_with_diagram_and_formula(qtbot, open_window):
    window = open_window()
    formula = window.formula.formula_label.font().pixelSize()
    qtbot.keyClick(window.diagram, Qt.Key.Key_Equal, Qt.KeyboardModifier.ControlModifier)
    assert window.appearance.zoom == pytest.approx(1.2) and window.diagram.zoom == pytest.approx(1.2)
    assert window.formula.formula_label.font().pixelSize() > formula
    pixels = round(AXIS_PIXELS * 1.2)
    for panel in (window.loss_curve, window.gradient_step, window.loss_surface):
        axis = panel.plot.getAxis("left")
        assert axis.style["tickFont"].pixelSize() == pixels
        assert f"font-size: {pixels}px" in axis.labelString()
    assert window.loss_curve.caption.font().pixelSize() == round(16 * 1.2)
    legend = window.race.loss_plot.getPlotItem().legend
    assert [label.opts["size"] for _, label in legend.items] == [f"{pixels}px"] * 4
    qtbot.keyClick(window.diagram, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert window.loss_curve.plot.getAxis("bottom").style["tickFont"].pixelSize() == AXIS_PIXELS


def test_zoom_set_before_the_plots_exist_applies_to_them(qtbot):
    window = MainWindow(load_lesson("xor"), "xor")
    qtbot.addWidget(window)
    assert not window.plots  # they come just after the window is shown
    window.appearance.set_zoom(2.0)
    window.show()
    qtbot.waitUntil(lambda: bool(window.plots), timeout=3000)
    assert window.loss_curve.plot.getAxis("left").style["tickFont"].pixelSize() == 2 * AXIS_PIXELS
    assert window.race.surface_plot.getAxis("bottom").style["tickFont"].pixelSize() == 2 * AXIS_PIXELS


def test_theme_zoom_and_layout_are_remembered(qtbot, open_window):
    window = open_window()
    qtbot.waitUntil(lambda: on_screen(window, "loss"))  # docks added to a shown window appear a moment later
    theme_action(window, "dark").trigger()
    window.appearance.set_zoom(1.44)
    window.resize(window.width(), 660)  # fits the 800-high offscreen screen, and the race plots (200 px each)
    # Plot docks are added after the window is shown: their places must come back too.
    window.findChild(QDockWidget, "dock_race").close()
    window.findChild(QDockWidget, "dock_surface").raise_()
    window.findChild(QDockWidget, "dock_lessons").close()
    qtbot.waitUntil(lambda: window.height() == 660 and on_screen(window, "surface"))
    assert not on_screen(window, "loss")
    window.close()
    settings = QSettings("gdviz", "gdviz")
    assert settings.value("theme") == "dark" and float(settings.value("zoom")) == pytest.approx(1.44)

    shared().set_theme("light")  # the new window must bring dark back from the settings
    again = open_window()
    assert shared().theme == "dark" and theme_action(again, "dark").isChecked()
    assert again.diagram.backgroundBrush().color().name() == "#101214"
    assert again.loss_curve.plot.backgroundBrush().color().name() == "#101214"
    assert again.appearance.zoom == pytest.approx(1.44)
    assert again.loss_curve.plot.getAxis("left").style["tickFont"].pixelSize() == round(AXIS_PIXELS * 1.44)
    assert again.height() == 660
    qtbot.waitUntil(lambda: on_screen(again, "surface"))
    assert not on_screen(again, "loss") and not on_screen(again, "race")
    assert not on_screen(again, "lessons") and on_screen(again, "notes")


def test_layout_saved_while_presenting_is_the_one_from_before(qtbot, open_window):
    window = open_window()
    qtbot.waitUntil(lambda: on_screen(window, "loss"))
    qtbot.keyClick(window.diagram, Qt.Key.Key_F5)
    assert window.presentation.presenting and not on_screen(window, "loss")
    window.close()
    again = open_window()
    assert not again.presentation.presenting and again.menuBar().isVisible() and again.toolbar.isVisible()
    qtbot.waitUntil(lambda: on_screen(again, "loss") and on_screen(again, "notes"))


def test_a_window_told_not_to_remember_neither_restores_nor_saves(qtbot, open_window):
    window = open_window()
    theme_action(window, "dark").trigger()
    window.close()
    quiet = MainWindow(load_lesson("xor"), "xor", remember=False)  # as when rendering an image
    qtbot.addWidget(quiet)
    assert shared().theme == "light" and theme_action(quiet, "light").isChecked()
    quiet.appearance.set_zoom(2.0)
    quiet.close()
    settings = QSettings("gdviz", "gdviz")
    assert settings.value("theme") == "dark" and float(settings.value("zoom")) == pytest.approx(1.0)


def test_appearance_is_one_observable_theme_and_zoom(qtbot):
    look = Appearance()
    assert (look.theme, look.zoom, look.presenting) == ("light", 1.0, False)
    with qtbot.waitSignals([look.themeChanged, look.changed]):
        assert look.set_theme("dark")
    assert look.theme == "dark" and look.colour("SLOPE").name() == style.THEMES["dark"].slope
    assert not look.set_theme("purple") and look.theme == "dark"  # refused: nothing changes
    with qtbot.waitSignal(look.zoomChanged) as zoomed:
        look.zoom_in()
    assert zoomed.args == [pytest.approx(ZOOM_STEP)]
    for _ in range(20):
        look.zoom_in()
    assert look.zoom == ZOOM_MAX
    for bad in (float("nan"), "big", None):
        look.set_zoom(bad)
        assert look.zoom == 1.0
    look.set_zoom(0.01)
    assert look.zoom == ZOOM_MIN
    look.reset_zoom()
    look.set_presenting(True)
    assert look.text_scale == pytest.approx(PRESENTING_BOOST) and look.zoom == 1.0


def test_style_colours_follow_the_shared_appearance_not_module_globals(qapp):
    assert "SLOPE" not in vars(style)  # read from the appearance each time, never swapped in
    shared().set_theme("dark")
    assert style.SLOPE.name() == "#d9a8ff" and style.THEME == "dark"
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == "#1c1f23"
    shared().set_theme("light")
    assert style.SLOPE.name() == "#6a1b9a" and style.refused_text_css() == "color: #b00020;"


def test_views_follow_changes_made_on_the_appearance_itself(qtbot, open_window):
    window = open_window()
    window.appearance.set_theme("dark")
    assert theme_action(window, "dark").isChecked()
    assert window.diagram.backgroundBrush().color().name() == "#101214"
    assert window.loss_curve.plot.backgroundBrush().color().name() == "#101214"
    size = window.formula.formula_label.font().pixelSize()
    window.appearance.set_zoom(2.0)
    assert (
        window.diagram.zoom == pytest.approx(2.0) and window.formula.formula_label.font().pixelSize() > size
    )
