"""The ``gdviz`` command line."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from gdviz import __version__
from gdviz.core import cost
from gdviz.core.files import atomic_output, error_text
from gdviz.core.gif_plan import FRAME_KINDS, MAX_FRAME_MS
from gdviz.core.lessons import lessons, resolve
from gdviz.core.scenario import Scenario, ScenarioError
from gdviz.terminal import (
    MAX_MICRO,
    MAX_STEPS,
    PROGRESS,
    Parser,
    drop_stdout,
    fail,
    image_size,
    os_message,
    whole,
    write_chunks,
)

STAGE_VIEW_NAMES = ("loss", "gradient", "surface", "race", "notes", "input")
"""The stage's views (``qt/controllers/presentation.py``), named here so that the
command line starts without loading Qt."""

SUBCOMMANDS = ("lessons", "trace", "render", "export")
RENDER_SIZE = (1920, 1080)
GIF_FRAMES = FRAME_KINDS


USAGE = """gdviz [LESSON_OR_FILE]
       gdviz {lessons,trace,render,export} ...   (each with its own --help)"""

DESCRIPTION = """Teach gradient descent and backpropagation, one step at a time.

gdviz                   open the lecture window on the first lesson
gdviz LESSON_OR_FILE    ... on a built-in lesson (its id, see 'gdviz lessons')
                        or a scenario file (.json)

Without a display, 'gdviz render' draws the window to an image and 'gdviz export'
writes the diagram, a GIF and the worked solution."""

EXAMPLES = """examples:
  gdviz backprop-in-practice
  gdviz render xor --steps 100 --micro 5 --out slide.png --present
  gdviz trace xor --steps 10000 --last --format json
  gdviz export xor --gif step.gif --markdown solution.md"""

SCENARIO_HELP = "a built-in lesson's id (see 'gdviz lessons') or a scenario file (.json)"


def build_parser() -> argparse.ArgumentParser:
    """The whole command line: the window (by usage and description: argparse cannot hold an
    optional file beside subcommands, so :func:`main` routes that case) and the subcommands."""
    parser = Parser(
        prog="gdviz",
        usage=USAGE,
        description=DESCRIPTION,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    sub = parser.add_subparsers(
        dest="command", parser_class=Parser, title="subcommands", metavar="COMMAND", prog="gdviz"
    )
    sub.add_parser(
        "lessons",
        help="list the built-in lessons: the id to open or trace, and the title",
        description="List the built-in lessons, in order: the id that gdviz, trace, render and export "
        "accept, and the title.",
    )
    trace = _lesson_command(
        sub,
        "trace",
        help="print a worked solution of training steps (Markdown or JSON)",
        description="Print a worked solution of training steps: every node's computation, the loss, "
        "every slope as its three factors and every update.",
    )
    _add_steps(trace, 1, "training steps to run")
    trace.add_argument(
        "--format",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown: a hand-out to read or print (default); json: every number at full precision",
    )
    trace.add_argument("--last", action="store_true", help="print only the last step (a long run stays fast)")
    trace.add_argument(
        "--worksheet",
        action="store_true",
        help="a hand-out for the class: at each of the lesson's questions the numbers are blanks (____) "
        "and the question is asked, with an answer key at the end (Markdown)",
    )
    trace.add_argument(
        "--check",
        action="store_true",
        help="add the nudge check: each slope by (L(w + h) - L(w - h)) / 2h with h = 1e-6, and the loss "
        "change the slopes predicted beside the change that happened (two forward passes per parameter)",
    )
    render = _lesson_command(
        sub,
        "render",
        help="draw the window to a PNG or SVG image, without a display",
        description="Draw the window, as it looks after --steps training steps and --micro "
        "micro-steps, to an image: for slides, or to see gdviz on a machine without a screen.",
    )
    _add_steps(render, 0, "training steps to run first")
    render.add_argument(
        "--micro", type=whole(0, MAX_MICRO), default=0, help="micro-steps to take after that (default 0)"
    )
    render.add_argument(
        "--out", required=True, metavar="FILE", help="the image to write: FILE.png or FILE.svg"
    )
    render.add_argument(
        "--size",
        type=image_size,
        default=RENDER_SIZE,
        metavar="WxH",
        help=f"the image's size in pixels (default {RENDER_SIZE[0]}x{RENDER_SIZE[1]}, a projector)",
    )
    render.add_argument(
        "--present",
        action="store_true",
        help="draw the window in presentation mode (F5 in the window): what the class sees",
    )
    render.add_argument(
        "--predict",
        action="store_true",
        help="predict mode (Q in the window): the micro-step's answer shows as ? for the class to guess",
    )
    render.add_argument(
        "--view",
        choices=STAGE_VIEW_NAMES,
        help="with --present, the view beside the diagram (keys 1-6 in the window; default: the loss curve)",
    )
    render.add_argument(
        "--node-maps",
        action="store_true",
        help="each hidden and output node shows its own map of the input plane (View > Node maps)",
    )
    _add_export(sub)
    return parser


def _lesson_command(sub, name: str, help: str, description: str) -> argparse.ArgumentParser:
    """Subcommand ``name`` that works on one lesson or scenario file, named first
    (``gdviz NAME LESSON_OR_FILE``): trace, render and export share that argument."""
    command = sub.add_parser(name, help=help, description=description)
    command.add_argument("scenario", metavar="LESSON_OR_FILE", help=SCENARIO_HELP)
    return command


def _add_steps(command: argparse.ArgumentParser, minimum: int, what: str) -> None:
    """``--steps``: a whole number of training steps, at least ``minimum``, which is also
    the default (what the help says after ``what``)."""
    command.add_argument(
        "--steps",
        type=whole(minimum),
        default=minimum,
        help=f"{what}, at most {MAX_STEPS:,} (default {minimum})",
    )


def _add_export(sub) -> None:
    export = _lesson_command(
        sub,
        "export",
        help="write the diagram (PNG, SVG), a GIF of the walkthrough and the worked solution, without a display",
        description="Write exports without a display; name at least one of --gif, --png, --svg, --markdown.",
    )
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
    _add_steps(export, 1, "training steps the GIF and the Markdown cover")
    export.add_argument(
        "--after-steps",
        type=whole(0),
        default=0,
        metavar="K",
        help="train K steps first: the GIF starts at step K+1 and the PNG/SVG show it "
        "(default 0; the Markdown always starts at step 1)",
    )
    export.add_argument(
        "--micro",
        type=whole(0, MAX_MICRO),
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
        type=whole(20, MAX_FRAME_MS),
        default=800,
        metavar="MS",
        help=f"time each GIF frame shows, 20 to {MAX_FRAME_MS:,} (default 800)",
    )
    export.add_argument(
        "--size",
        type=image_size,
        default=(900, 560),
        metavar="WxH",
        help="GIF frame size WxH, and the box the PNG/SVG diagram is fitted into (default 900x560)",
    )


def _window_parser() -> argparse.ArgumentParser:
    """``gdviz [LESSON_OR_FILE]``: the window; its --help is the whole command line's."""
    parser = Parser(prog="gdviz", usage=USAGE, add_help=False)
    parser.add_argument("--version", action="version", version=f"gdviz {__version__}")
    parser.add_argument("scenario", nargs="?", metavar="LESSON_OR_FILE", help=SCENARIO_HELP)
    return parser


def _wrote(path: Path | str, kind: str, size: tuple[int, int] | None = None, *details: str) -> None:
    """One line per file written, the same for render and export:
    ``wrote slide.png (1920x1080 PNG, the window)``."""
    what = f"{size[0]}x{size[1]} {kind}" if size else kind
    print(f"wrote {path} ({', '.join((what, *details))})")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (2: a bad argument or file, or
    one that cannot be written, said on stderr in one line; 130: interrupted)."""
    try:
        status = _main(list(sys.argv[1:] if argv is None else argv))
        sys.stdout.flush()  # here, so a full disk is reported, not ignored at exit
        return status
    except BrokenPipeError:  # 'gdviz trace xor | head': the reader has all it wanted
        drop_stdout()
        return 0
    except KeyboardInterrupt:
        drop_stdout()
        PROGRESS.clear()
        sys.stderr.write("gdviz: interrupted\n")
        return 130
    except OSError as err:
        drop_stdout()
        PROGRESS.clear()
        return fail(os_message(err))


def _main(argv: list[str]) -> int:
    if argv and argv[0] not in SUBCOMMANDS and ("-h" in argv or "--help" in argv):
        argv = ["--help"]  # 'gdviz xor --help' asks about the window: the whole help answers
    if not argv or (argv[0] not in SUBCOMMANDS and argv[0] != "--help"):
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
        from gdviz.core.trace import json_chunks, markdown_chunks, worksheet

        try:
            _, scenario = resolve(args.scenario)
        except ScenarioError as err:
            return fail(str(err))
        if args.worksheet:
            if args.format == "json" or args.check or args.last:
                return fail(
                    "--worksheet is a Markdown hand-out of every step: it takes no --format json, --check or --last"
                )
            sys.stdout.write(worksheet(scenario, args.steps))
            return 0
        if args.check:
            try:
                rows = scenario.batch_size or len(scenario.inputs)
                cost.check_nudges(scenario.layers, scenario.biases is not None, rows)
            except ScenarioError as err:
                return fail(f"--check: {err.problem}")
        chunks = json_chunks if args.format == "json" else markdown_chunks
        write_chunks(sys.stdout, chunks(scenario, args.steps, args.last, args.check, PROGRESS))
        return 0
    if args.command == "export":
        return _export(args)
    # render
    try:
        source, scenario = resolve(args.scenario)
    except ScenarioError as err:
        return fail(str(err))
    out = Path(args.out)
    if out.suffix.lower() not in (".png", ".svg"):
        return fail(f"{out}: the image must be a .png or .svg file")
    if not out.parent.is_dir():
        return fail(f"{out}: no such folder {out.parent}")
    from gdviz.qt.app import render

    try:
        size = render(
            scenario,
            source,
            out,
            args.steps,
            args.micro,
            args.size,
            present=args.present,
            predict=args.predict,
            view=args.view,
            node_maps=args.node_maps,
        )
    except ValueError as err:
        return fail(f"--micro: {err}")
    _wrote(out, out.suffix[1:].upper(), size, "the window presenting" if args.present else "the window")
    return 0


def _export(args: argparse.Namespace) -> int:
    """``gdviz export``: check every output's name and folder, then write the GIF
    (the one that can still refuse: too many frames, training diverged), the
    pictures and the Markdown."""
    named = {kind: getattr(args, kind) for kind in ("gif", "png", "svg", "markdown")}
    outputs = {kind: Path(path) for kind, path in named.items() if path}
    if not outputs:
        return fail("export: name at least one output: --gif, --png, --svg or --markdown")
    suffixes = {"gif": (".gif",), "png": (".png",), "svg": (".svg",), "markdown": (".md", ".markdown")}
    for kind, out in outputs.items():
        if out.suffix.lower() not in suffixes[kind]:
            return fail(f"{out}: --{kind} needs a {' or '.join(suffixes[kind])} file")
        if not out.parent.is_dir():
            return fail(f"{out}: no such folder {out.parent}")
    try:
        source, scenario = resolve(args.scenario)
    except ScenarioError as err:
        return fail(str(err))
    try:
        if outputs.keys() & {"gif", "png", "svg"}:
            _export_drawings(args, scenario, source, outputs)
        if "markdown" in outputs:
            from gdviz.core.trace import markdown_chunks

            out = outputs["markdown"]
            try:
                with atomic_output(out) as temp, open(temp, "w", encoding="utf-8") as f:
                    write_chunks(f, markdown_chunks(scenario, args.steps, progress=PROGRESS))
            except OSError as err:
                raise OSError(f"{out}: {error_text(err)}") from None
            _wrote(out, "Markdown", None, f"the worked solution of steps 1 to {args.steps}")
    except OSError as err:
        return fail(str(err))
    except ValueError as err:  # the GIF's frames or size, the pictures' --micro
        return fail(str(err))
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
        try:
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
        except ValueError as err:
            raise ValueError(f"{outputs['gif']}: {err}") from None
        per = info.kind.replace("micro", "micro-step")
        _wrote(
            outputs["gif"],
            "GIF",
            info.size,
            f"{info.frames} frames, one per {per}",
            f"{info.bytes // 1024} KB",
        )
    for kind in ("png", "svg"):
        if kind in outputs:
            try:
                width, height = save_diagram(
                    scenario,
                    outputs[kind],
                    kind,
                    args.size,
                    start=trainer.state,
                    micro=args.micro,
                    source=source,
                )
            except ValueError as err:
                raise ValueError(f"--micro: {err}") from None
            _wrote(outputs[kind], kind.upper(), (width, height), "the diagram")
