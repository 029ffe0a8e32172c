"""File access shared by the readers: capped reads, gzip, error mapping."""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Callable, Iterator
from io import BufferedIOBase
from pathlib import Path
from typing import TypeAlias

from newsfuse.errors import InputError
from newsfuse.model import RawDoc

__all__ = [
    "GZIP_FAILURES",
    "Reader",
    "gzip_error",
    "human_size",
    "is_gzip",
    "open_binary",
    "os_error",
    "read_capped",
    "too_large",
]

#: A reader turns one file into documents and errors, given the per-article byte cap.
Reader: TypeAlias = Callable[[Path, int], Iterator[RawDoc | InputError]]

# Decompressed bytes taken at a time: GzipFile.read(n) would hold several
# n-sized buffers at once.
_CHUNK = 1 << 16

#: The setting a too-large error points the user to.
LIMIT_SETTING = "ingest.max_article_bytes"

#: What a damaged gzip stream raises while it is read (BadGzipFile is an OSError).
GZIP_FAILURES = (OSError, EOFError, zlib.error)


def human_size(size: int) -> str:
    """``20000000`` -> ``"20.0 MB"``; decimal units, as file managers show them."""
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} KB"
    return f"{size} bytes"


def too_large(
    origin: str, limit: int, *, size: int | None = None, where: str | None = None
) -> InputError:
    """The error for input over ``limit`` bytes; ``size`` when it is known."""
    amount = f"article is {human_size(size)}, over" if size is not None else "article is over"
    reason = f"{amount} the {human_size(limit)} limit ({LIMIT_SETTING})"
    return InputError(origin, "too-large", reason, where)


def os_error(origin: str, exc: OSError, where: str | None = None) -> InputError:
    """Map a failed open or read to ``not-found`` or ``unreadable``."""
    if isinstance(exc, FileNotFoundError):
        return InputError(origin, "not-found", "no such file or directory", where)
    return InputError(origin, "unreadable", f"cannot read: {exc.strerror or exc}", where)


def gzip_error(origin: str, exc: BaseException, where: str | None = None) -> InputError:
    """The ``bad-gzip`` error for a gzip stream that failed while being read."""
    if isinstance(exc, EOFError):
        detail = "truncated"
    else:
        detail = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
    return InputError(origin, "bad-gzip", f"corrupt gzip data ({detail})", where)


def is_gzip(path: Path) -> bool:
    return path.name.lower().endswith(".gz")


def open_binary(path: Path) -> BufferedIOBase:
    """Open ``path`` for reading bytes, decompressing on the fly for ``.gz``.

    Raises ``OSError`` when the file cannot be opened; gzip damage shows only
    once reading starts (see :data:`GZIP_FAILURES`).
    """
    if is_gzip(path):
        return gzip.open(path, "rb")
    return path.open("rb")


def read_capped(path: Path, limit: int) -> bytes | InputError:
    """Read a whole file, or a ``too-large`` error without reading past ``limit``.

    Plain files are measured with ``stat`` before they are opened. For gzip the
    size is only known by decompressing, so at most ``limit + 1`` bytes are
    decompressed: a gzip bomb costs no more memory than a legal article.
    """
    origin = str(path)
    gzipped = is_gzip(path)
    try:
        if not gzipped:
            size = path.stat().st_size
            if size > limit:
                return too_large(origin, limit, size=size)
        handle = open_binary(path)
    except OSError as exc:
        return os_error(origin, exc)
    with handle:
        try:
            data = _read_upto(handle, limit + 1) if gzipped else handle.read(limit + 1)
        except GZIP_FAILURES as exc:
            if not gzipped and isinstance(exc, OSError):
                return os_error(origin, exc)
            return gzip_error(origin, exc)
    # Also catches a plain file that grew between stat and read.
    if len(data) > limit:
        return too_large(origin, limit)
    return data


def _read_upto(handle: BufferedIOBase, size: int) -> bytes:
    buffer = bytearray()
    while len(buffer) < size:
        chunk = handle.read(min(_CHUNK, size - len(buffer)))
        if not chunk:
            break
        buffer += chunk
    return bytes(buffer)
