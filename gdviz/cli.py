"""The ``gdviz`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gdviz import __version__
from gdviz.core.gif_plan import FRAME_KINDS
from gdviz.core.lessons import lessons, resolve
from gdviz.core.scenario import Scenario, ScenarioError

SUBCOMMANDS = ("lessons", "trace", "render", "export")
GIF_FRAMES = FRAME_KINDS


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
    _add_export(sub)
    return parser


def _add_export(sub) -> None:
    export = sub.add_parser(
        "export",
        help="write the diagram (PNG, SVG), a GIF of the walkthrough and the worked solution, without a display",
        description="Write exports without a display; name at least one of --gif, --png, --svg, --markdown.",
    )
    export.add_argument("scenario", metavar="SCENARIO_OR_LESSON", help="a scenario file or a lesson id")
    export.add_argument(
        "--gif", metavar="FILE.gif", help="the walkthrough of --steps training steps as an animated GIF"
    )
    export.add_argument(
        "--png", metavar="FILE.png", help="the diagram fitted into --size, as a PNG of twice the pixels"
    )
    export.add_argument(
        "--svg", metavar="FILE.svg", help="the diagram fitted into --size, as an SVG with its numbers as text"
    )
    export.add_argument(
        "--markdown",
        metavar="FILE.md",
        help="the worked solution of --steps steps, as 'gdviz trace' prints it",
    )
    export.add_argument(
        "--steps", type=_whole(1), default=1, help="training steps the GIF and the Markdown cover (default 1)"
    )
    export.add_argument(
        "--after-steps",
        type=_whole(0),
        default=0,
        metavar="K",
        help="train K steps first: the GIF starts at step K+1 and the PNG/SVG show it "
        "(default 0; the Markdown always starts at step 1)",
    )
    export.add_argument(
        "--micro",
        type=_whole(0),
        default=0,
        metavar="M",
        help="micro-steps into that step the PNG/SVG show (default 0)",
    )
    export.add_argument(
        "--frames",
        choices=GIF_FRAMES,
        default="auto",
        help="one GIF frame per micro-step (what Right shows), per phase (Down), or per finished step; "
        "auto: per micro-step up to 240 frames, else per phase, else per step (at most 500 frames)",
    )
    export.add_argument(
        "--frame-ms",
        type=_whole(20),
        default=800,
        metavar="MS",
        help="time each GIF frame shows (default 800)",
    )
    export.add_argument(
        "--size",
        type=_size,
        default=(900, 560),
        help="GIF frame size WxH, and the box the PNG/SVG diagram is fitted into (default 900x560)",
    )


def _size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    if not (w.isdigit() and h.isdigit()) or not (200 <= int(w) <= 8000 and 200 <= int(h) <= 8000):
        raise argparse.ArgumentTypeError(f"expected WxH between 200x200 and 8000x8000, got {text!r}")
    return int(w), int(h)


def _window_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="gdviz", description="Open the gdviz window (subcommands: lessons, trace, render, export)."
    )
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
    if args.command == "export":
        return _export(args)
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


def _export(args: argparse.Namespace) -> int:
    """``gdviz export``: check every output's name and folder, then write the GIF
    (the one that can still refuse: too many frames, training diverged), the
    pictures and the Markdown."""
    named = {kind: getattr(args, kind) for kind in ("gif", "png", "svg", "markdown")}
    outputs = {kind: Path(path) for kind, path in named.items() if path}
    if not outputs:
        return _fail("export: name at least one output: --gif, --png, --svg or --markdown")
    suffixes = {"gif": (".gif",), "png": (".png",), "svg": (".svg",), "markdown": (".md", ".markdown")}
    for kind, out in outputs.items():
        if out.suffix.lower() not in suffixes[kind]:
            return _fail(f"{out}: --{kind} needs a {' or '.join(suffixes[kind])} file")
        if not out.parent.is_dir():
            return _fail(f"{out}: no such folder {out.parent}")
    try:
        source, scenario = resolve(args.scenario)
    except ScenarioError as err:
        return _fail(str(err))
    try:
        if outputs.keys() & {"gif", "png", "svg"}:
            _export_drawings(args, scenario, source, outputs)
        if "markdown" in outputs:
            from gdviz.core.trace import trace_markdown

            out = outputs["markdown"]
            try:
                out.write_text(trace_markdown(scenario, args.steps), encoding="utf-8")
            except OSError as err:
                raise OSError(f"{out}: {err.strerror or err}") from None
            print(f"wrote {out}: the worked solution of steps 1 to {args.steps}")
    except OSError as err:
        return _fail(str(err))
    except ValueError as err:
        return _fail(f"{outputs.get('gif', args.scenario)}: {err}")  # the GIF refuses some arguments
    return 0


def _export_drawings(
    args: argparse.Namespace, scenario: Scenario, source: str, outputs: dict[str, Path]
) -> None:
    from gdviz.qt.app import application, ensure_offscreen

    ensure_offscreen()
    application()
    from gdviz.qt.diagram.diagram_export import save_diagram
    from gdviz.qt.workers.walkthrough_gif import save_walkthrough_gif

    trainer = scenario.trainer()
    trainer.run(args.after_steps)
    if "gif" in outputs:
        info = save_walkthrough_gif(
            scenario,
            outputs["gif"],
            args.steps,
            start=trainer.state,
            frames=args.frames,
            size=args.size,
            frame_ms=args.frame_ms,
            source=source,
        )
        per = info.kind.replace("micro", "micro-step")
        print(
            f"wrote {outputs['gif']}: {info.frames} frames (one per {per}), {info.size[0]}x{info.size[1]}, {info.bytes // 1024} KB"
        )
    for kind in ("png", "svg"):
        if kind in outputs:
            width, height = save_diagram(
                scenario, outputs[kind], kind, args.size, start=trainer.state, micro=args.micro, source=source
            )
            print(f"wrote {outputs[kind]}: the diagram, {width}x{height}")
