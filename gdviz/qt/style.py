"""Colours and type sizes chosen for a projector at the back of a lecture hall.

The course draws node values, weights and slopes in three distinct colours;
we keep that: values dark on light node discs, weights dark on the edges,
slopes purple. Edge colour shows sign with a blue/orange pair that survives
colour-blindness and washed-out projectors; the highlight is a strong amber.
"""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont

BACKGROUND = QColor("#ffffff")
NODE_FILL = QColor("#e3eefb")
NODE_BORDER = QColor("#2b3a4a")
INPUT_FILL = QColor("#eef0f2")
VALUE = QColor("#111111")
NAME = QColor("#4a5562")
WEIGHT = QColor("#1b1b1b")
SLOPE = QColor("#7a1fa2")
POSITIVE = QColor("#1f5fbf")
NEGATIVE = QColor("#d55e00")
ZERO = QColor("#9aa3ad")
HIGHLIGHT = QColor("#f2a900")
UPDATED = QColor("#0b7a3b")
LABEL_BACK = QColor(255, 255, 255, 235)
BANNER_BACK = QColor("#b00020")

FONT_FAMILY = "DejaVu Sans"


def font(pixels: float, bold: bool = False) -> QFont:
    """A font sized in pixels, so the diagram scales it with the scene."""
    f = QFont(FONT_FAMILY)
    f.setPixelSize(max(1, round(pixels)))
    f.setBold(bold)
    return f
