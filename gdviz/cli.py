"""The ``gdviz`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from gdviz import __version__
from gdviz.core.lessons import lessons, resolve
from gdviz.core.scenario import ScenarioError

SUBCOMMANDS = ("lessons", "trace")


class _Parser(argparse.ArgumentParser):
    """Argument errors as one line, ``gdviz: error: ...``, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"gdviz: error: {message}\n")
        raise SystemExit(2)


def _fail(message: str) -> int:
    sys.stderr.write(f"gdviz: error: {message}\n")
    return 2


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"expected at least 1, got {value}")
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gdviz", description="Teach gradient descent and backpropagation, one step at a time."
    )
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)
    sub.add_parser("lessons", help="list the built-in lessons")
    trace = sub.add_parser("trace", help="print a worked solution of training steps")
    trace.add_argument("scenario", metavar="SCENARIO_OR_LESSON", help="a scenario file or a lesson id")
    trace.add_argument("--steps", type=_positive, default=1, help="training steps to run (default 1)")
    trace.add_argument("--format", choices=("markdown", "json"), default="markdown")
    trace.add_argument("--last", action="store_true", help="print only the last step")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    args = parser.parse_args(argv)
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
    # No subcommand: until the window exists, print the first lesson's worked solution.
    from gdviz.core.trace import trace_markdown

    first = lessons()[0]
    _, scenario = resolve(first.id)
    sys.stdout.write(trace_markdown(scenario))
    return 0
