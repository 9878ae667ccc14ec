"""The command line under hostile and extreme input: every argument bounded or refused,
every failure to read or write one line with exit status 2, never a traceback or a hang."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gdviz.cli import main

GDVIZ = [sys.executable, "-m", "gdviz"]


def run(*args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([*GDVIZ, *args], capture_output=True, text=True, timeout=60, **kwargs)


def one_error(capsys, *args: str) -> str:
    """The status must be 2 and stderr exactly one ``gdviz: error:`` line: it is returned."""
    try:
        status = main(list(args))
    except SystemExit as stop:  # argparse's own ending
        status = stop.code
    assert status == 2
    err = capsys.readouterr().err
    assert err.startswith("gdviz: error: ") and err.count("\n") == 1, err
    return err


@pytest.mark.parametrize(
    "value", ["1_000", "\u0663", "\uff11", " 5", "+5", "1e3", "10000000000000", "1000001", "-1"]
)
def test_numbers_are_ascii_digits_within_their_bounds(capsys, value):
    err = one_error(capsys, "trace", "xor", "--steps", value)
    assert "argument --steps" in err


def test_the_bounds_are_in_the_help(capsys):
    with pytest.raises(SystemExit):
        main(["trace", "--help"])
    assert "at most 1,000,000" in capsys.readouterr().out


def test_micro_steps_beyond_the_step_are_refused_at_once(capsys, tmp_path):
    err = one_error(capsys, "export", "xor", "--png", str(tmp_path / "d.png"), "--micro", "1000000")
    assert "--micro: micro-step 1,000,000 is past step 1's last (0 to " in err
    err = one_error(capsys, "render", "xor", "--out", str(tmp_path / "d.png"), "--micro", "100000001")
    assert err == "gdviz: error: argument --micro: expected 0 to 100,000,000, got 100000001\n"
    assert not (tmp_path / "d.png").exists()


def test_gif_limits_are_checked_before_any_drawing(capsys, tmp_path):
    gif = tmp_path / "g.gif"
    gif.write_bytes(b"GIF89a the lecturer's old animation")
    started = time.monotonic()
    assert "at least 100,000 frames" in one_error(
        capsys, "export", "xor", "--gif", str(gif), "--steps", "100000"
    )
    assert "at most 30 frames" in one_error(capsys, "export", "xor", "--gif", str(gif), "--size", "3840x2160")
    assert "--frame-ms" in one_error(capsys, "export", "xor", "--gif", str(gif), "--frame-ms", "655360")
    assert "8000x8000" in one_error(capsys, "export", "xor", "--gif", str(gif), "--size", "8000x8000")
    assert time.monotonic() - started < 10
    assert gif.read_bytes() == b"GIF89a the lecturer's old animation"


def test_a_name_too_long_is_one_line(capsys):
    assert one_error(capsys, "trace", "x" * 300 + ".json").endswith(": the name is too long\n")


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
@pytest.mark.parametrize("args", [["trace", "xor"], ["lessons"]])
def test_a_full_disk_on_standard_output_is_one_line(args):
    with open("/dev/full", "w") as full:
        done = subprocess.run([*GDVIZ, *args], stdout=full, stderr=subprocess.PIPE, text=True, timeout=60)
    assert (done.returncode, done.stderr) == (2, "gdviz: error: standard output: No space left on device\n")


@pytest.mark.skipif(os.name != "posix", reason="pipes as on Unix")
def test_a_closed_pipe_ends_quietly():
    proc = subprocess.Popen(
        [*GDVIZ, "trace", "xor", "--steps", "300"], stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    proc.stdout.read(100)
    proc.stdout.close()  # as 'head -c 100' does
    assert proc.wait(timeout=60) == 0
    assert proc.stderr.read() == b""


@pytest.mark.skipif(os.name != "posix", reason="SIGINT as on Unix")
def test_ctrl_c_is_one_line_and_status_130():
    proc = subprocess.Popen(
        [*GDVIZ, "trace", "xor", "--steps", "1000000", "--format", "json"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    proc.stdout.read(1000)  # running: the steps are coming out
    proc.send_signal(signal.SIGINT)
    proc.stdout.close()
    assert proc.wait(timeout=60) == 130
    assert proc.stderr.read() == b"gdviz: interrupted\n"


def test_an_image_onto_a_device_fails_and_leaves_it_alone(capsys, tmp_path):
    if not os.path.exists("/dev/full"):
        pytest.skip("needs /dev/full")
    link = tmp_path / "full.svg"
    link.symlink_to("/dev/full")
    for command in (["export", "xor", "--svg", str(link)], ["render", "xor", "--out", str(link)]):
        err = one_error(capsys, *command)
        assert (
            err
            == f"gdviz: error: {link}: could not write the image: is not a regular file (a device, pipe or socket)\n"
        )
    assert os.readlink(link) == "/dev/full"


OPTIONS = {
    "trace": ["--steps", "--format", "--last", "--check", "--worksheet"],
    "render": ["--steps", "--micro", "--size", "--view", "--present", "--out"],
    "export": ["--steps", "--after-steps", "--micro", "--frames", "--frame-ms", "--size", "--png"],
}
VALUES = st.one_of(
    st.integers(0, 30).map(str),
    st.sampled_from(["json", "markdown", "micro", "step", "loss", "x", "200x200", "0x0", "1_0", "x.png"]),
    st.text(max_size=12),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    command=st.sampled_from(sorted(OPTIONS)),
    scenario=st.sampled_from(["xor", "calculating-slopes", "no-such-lesson", "/dev/zero", ""]),
    picks=st.lists(st.tuples(st.integers(0, 6), VALUES), max_size=4),
)
def test_fuzzed_arguments_work_or_end_in_one_line(capsys, tmp_path_factory, command, scenario, picks):
    argv = [command, scenario]
    for k, value in picks:
        option = OPTIONS[command][k % len(OPTIONS[command])]
        argv += [option] if option in ("--last", "--check", "--worksheet", "--present") else [option, value]
    if command in ("render", "export") and ("--out" in argv or "--png" in argv):
        folder = tmp_path_factory.mktemp("out")
        argv = [str(folder / "x.png") if a.endswith(".png") else a for a in argv]
    try:
        status = main(argv)
    except SystemExit as stop:
        status = stop.code
    err = capsys.readouterr().err
    assert status in (0, 2)
    if status == 2:
        assert err.startswith("gdviz: error: ") and err.count("\n") == 1, (argv, err)
