"""What the command line needs around its commands: arguments that are bounded or
refused, errors as one line with exit status 2, and progress on a terminal."""

from __future__ import annotations

import argparse
import os
import re
import sys
import time
from collections.abc import Iterable
from typing import TextIO

from gdviz.core.files import error_text

MAX_STEPS = 1_000_000
"""The most training steps any command runs: xor's take 40 s, a full Markdown trace of them far longer."""
MAX_MICRO = 100_000_000
"""More micro-steps than any accepted step has (the step itself refuses going past its last)."""
MAX_SIDE, MAX_AREA = 3840, 3840 * 2160
"""The largest image: 4K (a PNG of the diagram at twice the pixels is 130 MB while it is made)."""


class Parser(argparse.ArgumentParser):
    """Argument errors as one line, ``gdviz: error: ...``, exit status 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"gdviz: error: {message}\n")
        raise SystemExit(2)


def fail(message: str) -> int:
    sys.stderr.write(f"gdviz: error: {message}\n")
    return 2


def whole(minimum: int, maximum: int = MAX_STEPS):
    """An argparse type: a whole number from ``minimum`` to ``maximum``, in ASCII digits
    (Python's int() would also take ``1_000``, spaces and other scripts' digits)."""

    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]+", text):
            raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}")
        if len(text) > len(str(maximum)) + 1 or not minimum <= int(text) <= maximum:
            raise argparse.ArgumentTypeError(f"expected {minimum:,} to {maximum:,}, got {text[:20]}")
        return int(text)

    return parse


def image_size(text: str) -> tuple[int, int]:
    w, _, h = text.lower().partition("x")
    if not re.fullmatch(r"[0-9]{3,4}x[0-9]{3,4}", f"{w}x{h}"):
        raise argparse.ArgumentTypeError(f"expected WxH such as 1920x1080, got {text[:40]!r}")
    width, height = int(w), int(h)
    if not (200 <= width <= MAX_SIDE and 200 <= height <= MAX_SIDE and width * height <= MAX_AREA):
        raise argparse.ArgumentTypeError(
            f"expected WxH from 200x200 to {MAX_SIDE}x{MAX_AREA // MAX_SIDE} (or {MAX_AREA // MAX_SIDE}x{MAX_SIDE}), "
            f"got {text!r}"
        )
    return width, height


def os_message(err: OSError) -> str:
    """``<path>: <what>``; the path is standard output when writing it failed."""
    if err.filename is not None:
        return f"{err.filename}: {error_text(err)}"
    if err.errno is not None:
        return f"standard output: {error_text(err)}"
    return str(err)  # already says which file


def drop_stdout() -> None:
    """Point standard output at the null device, so Python's flush at exit does not
    fail again on what is still buffered."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):
        pass


class _Progress:
    """``step 12,000 of 1,000,000`` on stderr, rewritten in place at most five times a
    second, when stderr is a terminal (a log or a pipe gets nothing)."""

    def __init__(self) -> None:
        self.shown = False
        self.last = 0.0

    def __call__(self, done: int, total: int) -> None:
        now = time.monotonic()
        if now - self.last < 0.2 or not sys.stderr.isatty():
            return
        self.last = now
        sys.stderr.write(f"\rstep {done:,} of {total:,}\033[K")
        sys.stderr.flush()
        self.shown = True

    def clear(self) -> None:
        if self.shown:
            sys.stderr.write("\r\033[K")
            self.shown = False


PROGRESS = _Progress()


def write_chunks(out: TextIO, chunks: Iterable[str]) -> None:
    """Write text as it is made (a long trace never sits whole in memory)."""
    for chunk in chunks:
        out.write(chunk)
    PROGRESS.clear()
