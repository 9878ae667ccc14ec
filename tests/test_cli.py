"""The gdviz command line: lessons, trace, and errors as one line."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from gdviz.cli import main
from gdviz.core.lessons import lessons


def run(capsys, *args: str) -> tuple[int, str, str]:
    try:
        code = main(list(args))
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def test_lessons_lists_ids_and_titles(capsys):
    code, out, _ = run(capsys, "lessons")
    assert code == 0
    for info in lessons():
        assert info.id in out and info.title in out


def test_trace_markdown_shows_every_computation(capsys):
    code, out, _ = run(capsys, "trace", "backprop-in-practice")
    assert code == 0
    assert "node_0 = relu(2*1 + 1*3) = relu(5) = 5" in out
    assert "slope of w(x1 -> node_0) = 3 x 1 x 2 = 6" in out
    assert "w(x1 -> node_0) = 1 - 0.01 x 6 = 0.94" in out
    assert "## Step 1" in out and "## Step 2" not in out


def test_trace_json_shape_and_precision(capsys):
    code, out, _ = run(capsys, "trace", "sigmoid-neuron-four-inputs", "--format", "json", "--steps", "2")
    assert code == 0
    doc = json.loads(out)
    assert [s["step"] for s in doc["steps"]] == [1, 2]
    first = doc["steps"][0]
    assert set(first) >= {
        "step",
        "loss",
        "forward",
        "grad_weights",
        "grad_biases",
        "weights",
        "biases",
        "loss_after",
    }
    assert first["forward"][0]["a"] == [[0.6899744811276125]]
    assert first["biases"] is None and first["grad_biases"] is None
    assert doc["steps"][1]["loss"] == pytest.approx(first["loss_after"], rel=1e-15)


def test_trace_last_prints_only_the_last_step(capsys):
    code, out, _ = run(capsys, "trace", "multiple-updates", "--steps", "10000", "--last", "--format", "json")
    assert code == 0
    steps = json.loads(out)["steps"]
    assert [s["step"] for s in steps] == [10000]


def test_trace_of_a_file(capsys, tmp_path):
    from gdviz.core.lessons import load_lesson

    path = tmp_path / "mine.json"
    load_lesson("calculating-slopes").save(path)
    code, out, _ = run(capsys, "trace", str(path), "--format", "json")
    assert code == 0 and json.loads(out)["steps"][0]["grad_weights"] == [[[14.0, 28.0, 42.0]]]


def test_trace_of_diverging_run_says_so(capsys, tmp_path):
    from dataclasses import replace

    from gdviz.core.lessons import load_lesson

    path = tmp_path / "hot.json"
    replace(load_lesson("slope-and-learning-rate"), optimizer={"name": "sgd", "learning_rate": 1e150}).save(
        path
    )
    code, out, _ = run(capsys, "trace", str(path), "--steps", "5")
    assert code == 0 and "diverged at step 3" in out and "nan" not in out.lower()
    code, out, _ = run(capsys, "trace", str(path), "--steps", "5", "--format", "json")
    assert json.loads(out)["diverged"]["step"] == 3


def test_trace_json_says_where_training_began_diverging(capsys, tmp_path):
    from dataclasses import replace

    from gdviz.core.lessons import load_lesson

    path = tmp_path / "lesson-one-at-5.json"
    replace(load_lesson("calculating-slopes"), optimizer={"name": "sgd", "learning_rate": 5}).save(path)
    warning = {
        "step": 1,
        "message": "Step 1: the loss grew from 49 to 946,729 (19,321x the starting loss). "
        "Try a smaller learning rate.",
    }
    for args in (("--steps", "1"), ("--steps", "100"), ("--steps", "100", "--last")):
        code, out, _ = run(capsys, "trace", str(path), *args, "--format", "json")
        trace = json.loads(out)
        assert code == 0 and trace["diverging"] == warning, args
    assert list(trace) == ["steps", "diverging", "diverged"] and trace["diverged"]["step"] == 73


@pytest.mark.parametrize(
    "args, message",
    [
        (["trace", "no-such-lesson"], "gdviz: error: no-such-lesson: no such file or built-in lesson"),
        (["trace", "missing.json"], "gdviz: error: missing.json: file: no such file"),
        (["trace", "xor", "--steps", "abc"], "gdviz: error: argument --steps: expected a whole number"),
        (["trace", "xor", "--format", "pdf"], "gdviz: error: argument --format: invalid choice"),
        (
            ["render", "xor", "--out", "picture.gif"],
            "gdviz: error: picture.gif: the image must be a .png or .svg",
        ),
        (["render", "xor", "--out", "x.png", "--size", "9x9"], "gdviz: error: argument --size: expected WxH"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(capsys, args, message):
    code, out, err = run(capsys, *args)
    assert code == 2 and out == ""
    assert err.startswith(message) and err.count("\n") == 1


def test_bad_file_names_file_and_place(capsys, tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(
        '{"format": "gdviz/1", "layers": [2, 1], "activations": ["relu"], '
        '"weights": [[[1]]], "inputs": [[1, 2]], "targets": [[1]], "loss": "mse", '
        '"optimizer": {"name": "sgd", "learning_rate": 0.1}}'
    )
    code, _, err = run(capsys, "trace", str(path))
    assert code == 2
    assert err == f"gdviz: error: {path}: weights[0][0]: expected 2 numbers, got 1\n"


def test_python_dash_m_runs_without_traceback(tmp_path):
    bad = tmp_path / "broken.json"
    bad.write_text("{not json")
    proc = subprocess.run([sys.executable, "-m", "gdviz", "trace", str(bad)], capture_output=True, text=True)
    assert proc.returncode == 2
    assert proc.stderr.startswith(f"gdviz: error: {bad}: line 1 column 2: invalid JSON")
    assert "Traceback" not in proc.stderr


def test_output_cut_short_by_a_pipe_is_no_error():
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # buffered, as for users
    proc = subprocess.run(
        f"'{sys.executable}' -m gdviz trace xor --steps 40 | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        env=env,
    )
    assert proc.stdout == "# XOR: why a hidden layer matters\n"
    assert proc.stderr == ""
