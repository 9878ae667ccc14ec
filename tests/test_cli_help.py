"""``gdviz --help``: it starts with opening the window, and every subcommand and option says what it does."""

from __future__ import annotations

import argparse

import pytest

from gdviz.cli import SUBCOMMANDS, build_parser
from tests.test_cli import run


def _subparsers(parser: argparse.ArgumentParser) -> argparse._SubParsersAction:
    return next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))


def test_help_leads_with_the_window(capsys):
    code, out, err = run(capsys, "--help")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "usage: gdviz [LESSON_OR_FILE]"
    assert lines[1].split() == [
        "gdviz",
        "{lessons,trace,render,export}",
        "...",
        "(each",
        "with",
        "its",
        "own",
        "--help)",
    ]
    assert "gdviz                   open the lecture window on the first lesson" in out
    assert "gdviz LESSON_OR_FILE    ... on a built-in lesson" in out
    for command in SUBCOMMANDS:
        assert f"    {command} " in out  # listed with its help


def test_help_after_a_lesson_name_is_the_same_help(capsys):
    _, whole, _ = run(capsys, "--help")
    code, out, _ = run(capsys, "xor", "--help")
    assert code == 0 and out == whole


def test_every_subcommand_and_option_has_help():
    parser = build_parser()
    sub = _subparsers(parser)
    assert sorted(sub.choices) == sorted(SUBCOMMANDS)
    listed = {a.dest: a.help for a in sub._choices_actions}
    assert all(listed[c] for c in SUBCOMMANDS), listed
    for command, subparser in sub.choices.items():
        assert subparser.prog == f"gdviz {command}"
        assert subparser.description, command
        for action in subparser._actions:
            assert action.help and action.help != argparse.SUPPRESS, (command, action.dest)
    assert all(a.help for a in parser._actions if not isinstance(a, argparse._SubParsersAction))


@pytest.mark.parametrize("command", ["trace", "render", "export"])
def test_subcommand_help_names_the_lesson_or_file(capsys, command):
    code, out, _ = run(capsys, command, "--help")
    assert code == 0 and out.startswith(f"usage: gdviz {command} ")
    assert "LESSON_OR_FILE" in out and "see 'gdviz lessons'" in out


def test_render_defaults_to_projector_size_and_has_present():
    args = build_parser().parse_args(["render", "xor", "--out", "x.png"])
    assert (args.size, args.present) == ((1920, 1080), False)
    assert build_parser().parse_args(["render", "xor", "--out", "x.png", "--present"]).present
