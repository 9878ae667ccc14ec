"""The colours of input-space maps, shared by the panel and the diagram's node maps.

Low values orange, high values blue and the middle pale, as toy-data tools
colour two classes: a boundary between them stands out. Plain numpy, so the
diagram can colour its node maps without loading the plotting library.
"""

from __future__ import annotations

import numpy as np

STOPS = (0.0, 0.5, 1.0)
COLOURS = ((235, 120, 30), (245, 245, 240), (30, 110, 200))


def _table(steps: int = 256) -> np.ndarray:
    colours = np.array(COLOURS, dtype=np.float64)
    at = np.linspace(0.0, 1.0, steps)
    return np.stack([np.interp(at, STOPS, colours[:, c]) for c in range(3)], axis=-1).round().astype(np.uint8)


TABLE = _table()
"""256 colours from low to high: a shade is looked up, not interpolated, per cell."""


def rgb(shade: np.ndarray) -> np.ndarray:
    """Colours (..., 3) of uint8 for shades from 0 (low) to 1 (high)."""
    shade = np.clip(np.nan_to_num(shade, nan=0.5), 0.0, 1.0)  # an undefined shade is the middle
    return TABLE[(shade * (len(TABLE) - 1)).astype(np.intp)]
