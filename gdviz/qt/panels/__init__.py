"""The side panels: formula, notes, inspector, lessons, set-up and data."""
