"""The built-in lessons shipped in ``resources/lessons/``.

A lesson is a scenario file named ``NN-lesson-id.json``; ``NN`` orders the list
and ``lesson-id`` is what ``gdviz trace`` and the window accept.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from gdviz.core import scenario as scenario_io
from gdviz.core.scenario import Scenario, ScenarioError


def resources_dir() -> Path:
    """Where ``resources/`` is: inside the package for a wheel install, beside
    it for a source checkout or an editable install."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "resources", package.parent / "resources"):
        if (candidate / "lessons").is_dir():
            return candidate
    raise FileNotFoundError("gdviz resources folder not found; the installation is incomplete")


@dataclass(frozen=True)
class LessonInfo:
    id: str
    title: str
    path: Path


def lesson_paths() -> list[Path]:
    return sorted((resources_dir() / "lessons").glob("*.json"))


def lesson_id(path: Path) -> str:
    prefix, _, rest = path.stem.partition("-")
    return rest if prefix.isdigit() and rest else path.stem


def lessons() -> list[LessonInfo]:
    """All built-in lessons in course order."""
    return [LessonInfo(lesson_id(p), scenario_io.load(p).title, p) for p in lesson_paths()]


def lesson_path(lid: str) -> Path | None:
    for p in lesson_paths():
        if lesson_id(p) == lid:
            return p
    return None


def load_lesson(lid: str) -> Scenario:
    path = lesson_path(lid)
    if path is None:
        raise ScenarioError(lid, "no such lesson (gdviz lessons lists them)")
    return scenario_io.load(path)


def resolve(name: str) -> tuple[str, Scenario]:
    """Open ``name`` as a scenario file if it exists, else as a lesson id.

    Returns a display name and the scenario; raises ScenarioError whose place
    is prefixed with the file so messages read ``file: place: problem``.
    """
    path = Path(name)
    looks_like_a_file = name.endswith(".json") or "/" in name or "\\" in name
    if path.is_file() or (looks_like_a_file and lesson_path(name) is None):
        try:
            return str(path), scenario_io.load(path)
        except ScenarioError as err:
            raise ScenarioError(f"{path}: {err.place}", err.problem) from None
    found = lesson_path(name)
    if found is None:
        raise ScenarioError(name, "no such file or built-in lesson (gdviz lessons lists the lessons)")
    return name, scenario_io.load(found)
