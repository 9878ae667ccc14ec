"""The ``gdviz`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gdviz import __version__
from gdviz.core.lessons import lessons, resolve
from gdviz.core.scenario import ScenarioError

SUBCOMMANDS = ("lessons", "trace", "render")


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line, ``gdviz: error: ...``, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"gdviz: error: {message}\n")
        raise SystemExit(2)


def _fail(message: str) -> int:
    sys.stderr.write(f"gdviz: error: {message}\n")
    return 2


def _whole(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected at least {minimum}, got {value}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gdviz", description="Teach gradient descent and backpropagation, one step at a time."
    )
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("lessons", help="list the built-in lessons")
    trace = sub.add_parser("trace", help="print a worked solution of training steps")
    trace.add_argument("scenario", metavar="SCENARIO_OR_LESSON", help="a scenario file or a lesson id")
    trace.add_argument("--steps", type=_whole(1), default=1, help="training steps to run (default 1)")
    trace.add_argument("--format", choices=("markdown", "json"), default="markdown")
    trace.add_argument("--last", action="store_true", help="print only the last step")
    render = sub.add_parser("render", help="render the window to a PNG or SVG image, without a display")
    render.add_argument("scenario", metavar="SCENARIO_OR_LESSON", help="a scenario file or a lesson id")
    render.add_argument("--steps", type=_whole(0), default=0, help="training steps to run first (default 0)")
    render.add_argument(
        "--micro", type=_whole(0), default=0, help="micro-steps to take after that (default 0)"
    )
    render.add_argument("--out", required=True, help="the image to write: FILE.png or FILE.svg")
    render.add_argument(
        "--size", type=_size, default=(1600, 1000), help="window size WxH (default 1600x1000)"
    )
    return parser


def _size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    if not (w.isdigit() and h.isdigit()) or not (200 <= int(w) <= 8000 and 200 <= int(h) <= 8000):
        raise argparse.ArgumentTypeError(f"expected WxH between 200x200 and 8000x8000, got {text!r}")
    return int(w), int(h)


def _window_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gdviz", description="Open the gdviz window (subcommands: lessons, trace, render).")
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    parser.add_argument(
        "scenario", nargs="?", metavar="SCENARIO_OR_LESSON", help="a scenario file or a lesson id"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] not in ("-h", "--help")):
        args = _window_parser().parse_args(argv)
        from gdviz.qt.app import run_window

        return run_window(args.scenario)
    args = build_parser().parse_args(argv)
    if args.command == "lessons":
        infos = lessons()
        width = max(len(i.id) for i in infos)
        for info in infos:
            print(f"{info.id:<{width}}  {info.title}")
        return 0
    if args.command == "trace":
        from gdviz.core.trace import trace_json, trace_markdown

        try:
            _, scenario = resolve(args.scenario)
        except ScenarioError as err:
            return _fail(str(err))
        render = trace_json if args.format == "json" else trace_markdown
        sys.stdout.write(render(scenario, args.steps, args.last))
        return 0
    # render
    try:
        source, scenario = resolve(args.scenario)
    except ScenarioError as err:
        return _fail(str(err))
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        return _fail(f"{out}: the image must be a .png or .svg file")
    if not out.parent.is_dir():
        return _fail(f"{out}: no such folder {out.parent}")
    from gdviz.qt.app import render

    try:
        render(scenario, source, out, args.steps, args.micro, args.size)
    except OSError as err:
        return _fail(str(err))
    return 0
