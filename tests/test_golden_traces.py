"""Restructuring changes no number: each built-in lesson's 50-step JSON trace
stays exactly what it was when recorded (``tests/golden/``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from gdviz.core.lessons import lessons, load_lesson
from gdviz.core.trace import trace_json

GOLDEN = Path(__file__).parent / "golden"


@pytest.mark.parametrize("lesson_id", [info.id for info in lessons()])
def test_trace_json_unchanged(lesson_id):
    recorded = (GOLDEN / f"{lesson_id}.json").read_text()
    assert trace_json(load_lesson(lesson_id), steps=50) == recorded


def test_every_lesson_has_a_recording():
    assert sorted(p.stem for p in GOLDEN.glob("*.json")) == sorted(info.id for info in lessons())
