"""Lessons ship inside the wheel and are found from a checkout or an install."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from gdviz.core.lessons import lesson_paths, resources_dir

ROOT = Path(__file__).resolve().parent.parent


def test_resources_found_from_this_install():
    assert (resources_dir() / "lessons").is_dir()
    assert len(lesson_paths()) >= 14


def test_wheel_contains_every_lesson(tmp_path):
    pytest.importorskip("hatchling")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    wheel = next(tmp_path.glob("gdviz-*.whl"))
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "resources" / "lessons").glob("*.json"):
        assert f"gdviz/resources/lessons/{path.name}" in names
    assert "gdviz/core/network.py" in names
    assert any(name.endswith(".dist-info/licenses/LICENSE") for name in names)


def test_license_file_matches_pyproject():
    import tomllib

    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["license"]
    text = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert declared == "MIT" and text.startswith("MIT License\n\nCopyright (c) 2026 The gdviz authors\n")
