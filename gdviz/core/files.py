"""Reading and writing files without hanging, exhausting memory or damaging anything.

Every file gdviz reads (scenarios, CSV, autosave records) comes through
``read_bounded``: the type is checked on the open descriptor, so a FIFO, a
device or a symlink to ``/dev/zero`` is refused at once, and at most the limit
plus one byte is read, since ``st_size`` says nothing about devices. Every file
it writes goes through ``atomic_output``: a temporary file beside the real
target (a symlink is followed, so the link keeps pointing at its target), the
target's permissions kept, then one rename, so a failed write leaves the old
file as it was.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


class FileRefused(OSError):
    """A file gdviz will not read or write; the message says why in a few words.
    An OSError, so every handler of unreadable files handles it too."""


UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")


def read_bounded(path: str | os.PathLike[str], limit: int) -> bytes:
    """At most ``limit`` bytes of a regular file. Raises FileRefused for a folder,
    a device, a pipe or a socket, or a file over the limit; OSError otherwise."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    try:
        info = os.fstat(fd)
        kind = info.st_mode
        if stat.S_ISDIR(kind):
            raise FileRefused("is a folder, not a file")
        if not stat.S_ISREG(kind):
            raise FileRefused("is not a regular file (a device, pipe or socket)")
        if info.st_size > limit:
            raise FileRefused(f"is {info.st_size:,} bytes; the limit is {limit:,}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        if left <= 0:
            raise FileRefused(f"is over the {limit:,} byte limit")
        return b"".join(chunks)
    finally:
        os.close(fd)


def utf8_text(data: bytes) -> str:
    """The text of UTF-8 bytes (a byte-order mark is allowed). Raises
    UnicodeDecodeError; a UTF-16 file is refused as such, since that is what
    Windows tools write and the fix (save as UTF-8) is simple."""
    if data[:2] in UTF16_BOMS:
        raise FileRefused("is UTF-16 text; save it as UTF-8")
    return data.decode("utf-8-sig")


def error_text(err: OSError) -> str:
    """A few words for an OSError, without the path (the caller names the file)."""
    if isinstance(err, FileRefused):
        return str(err)
    if isinstance(err, FileNotFoundError):
        return "no such file"
    if err.errno == errno.ENAMETOOLONG:
        return "the name is too long"
    return err.strerror or str(err)


def real_target(path: str | os.PathLike[str]) -> Path:
    """The file a write to ``path`` should change: a symlink's target, checked to be
    a regular file or absent. Raises FileRefused for a folder, device or pipe."""
    target = Path(os.path.realpath(path))
    try:
        kind = target.stat().st_mode
    except FileNotFoundError:
        return target
    if stat.S_ISDIR(kind):
        raise FileRefused("is a folder, not a file")
    if not stat.S_ISREG(kind):
        raise FileRefused("is not a regular file (a device, pipe or socket)")
    return target


def signature(path: str | os.PathLike[str]) -> tuple[int, int, int] | None:
    """What changes when anything writes the file (time, size, inode: an atomic
    save makes a new inode); None if it is not there."""
    try:
        info = os.stat(path)
    except OSError:
        return None
    return info.st_mtime_ns, info.st_size, info.st_ino


@contextmanager
def atomic_output(path: str | os.PathLike[str]) -> Iterator[Path]:
    """A temporary path to write to; on a clean exit it replaces the real target
    of ``path`` (keeping the target's permissions), on any error it is removed and
    the target is left as it was. Raises FileRefused or OSError."""
    target = real_target(path)
    if not target.parent.is_dir():
        raise FileRefused(f"no such folder {target.parent}")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    except OSError as err:
        why = (err.strerror or str(err)).lower()
        raise FileRefused(f"cannot write in its folder {target.parent} ({why})") from None
    os.close(fd)
    temp = Path(tmp)
    try:
        try:
            os.chmod(temp, stat.S_IMODE(target.stat().st_mode))
        except FileNotFoundError:  # a new file: the usual mode, as open() would give
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(temp, 0o666 & ~umask)
        yield temp
        with open(temp, "rb+") as f:
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_atomically(path: str | os.PathLike[str], data: str | bytes) -> None:
    """Write text (UTF-8) or bytes through ``atomic_output``."""
    with atomic_output(path) as temp:
        temp.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
