"""Presentation mode's overlays: the blank screen, the key hint and the idle pointer."""
