"""JSON Lines dumps (``.jsonl``, ``.jsonl.gz``): one object per line, one article each.

Each object needs a non-empty ``text`` or ``html`` (``html`` wins when both are
there) and may carry ``url``, ``title``, ``date``, ``source`` and ``author``. The
file is streamed line by line and no line is held past the article cap, so a
dump of any size, or one with a runaway line, reads in bounded memory.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator
from io import BufferedIOBase
from pathlib import Path
from typing import Any

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources._decode import decode_bytes
from newsfuse.sources._files import (
    GZIP_FAILURES,
    gzip_error,
    is_gzip,
    open_binary,
    os_error,
    too_large,
)

__all__ = ["read_jsonl"]

LOGGER = logging.getLogger(__name__)

# Bytes read at a time while skipping the rest of an oversized line.
_SKIP_CHUNK = 1 << 16

_JSON_KINDS = {
    list: "an array",
    str: "a string",
    int: "a number",
    float: "a number",
    bool: "a boolean",
    type(None): "null",
}


def read_jsonl(path: Path, max_article_bytes: int) -> Iterator[RawDoc | InputError]:
    """Yield one :class:`RawDoc` or :class:`InputError` per non-blank line.

    Documents have origin ``"{path}#line={n}"``; errors have origin ``path`` and
    ``where="line {n}"``, numbered from 1 over all lines, blank ones included.
    """
    origin = str(path)
    try:
        handle = open_binary(path)
    except OSError as exc:
        yield os_error(origin, exc)
        return
    with handle:
        yield from _read_lines(handle, origin, max_article_bytes, gzipped=is_gzip(path))


def _read_lines(
    handle: BufferedIOBase, origin: str, limit: int, *, gzipped: bool
) -> Iterator[RawDoc | InputError]:
    number = 0
    records = 0
    while True:
        number += 1
        where = f"line {number}"
        try:
            line, size = _next_line(handle, limit)
        except GZIP_FAILURES as exc:
            if not gzipped and isinstance(exc, OSError):
                yield os_error(origin, exc, where)
            else:
                yield gzip_error(origin, exc, where)
            return
        if not line:
            break
        if number == 1:
            line = line.removeprefix(b"\xef\xbb\xbf")
        if not line.strip():
            continue
        records += 1
        if size > limit:
            yield too_large(origin, limit, size=size, where=where)
            continue
        yield _parse(line, origin, number)
    if records == 0:
        yield InputError(origin, "empty", "empty file")


def _next_line(handle: BufferedIOBase, limit: int) -> tuple[bytes, int]:
    """The next line, cut at ``limit + 1`` bytes, and its full size without the newline."""
    line = handle.readline(limit + 1)
    size = len(line)
    last = line
    if size > limit and not line.endswith(b"\n"):
        # Skip the rest of an oversized line a chunk at a time: only its size matters now.
        while chunk := handle.readline(_SKIP_CHUNK):
            size += len(chunk)
            last = chunk
            if chunk.endswith(b"\n"):
                break
    if last.endswith(b"\n"):
        size -= 1
    return line, size


def _parse(line: bytes, origin: str, number: int) -> RawDoc | InputError:
    where = f"line {number}"
    try:
        source = line.decode("utf-8")
    except UnicodeDecodeError:
        # JSON Lines must be UTF-8, but legacy exports are not always; guessing
        # one line beats dropping it.
        decoded = decode_bytes(line, origin, where=where, noun="line")
        if isinstance(decoded, InputError):
            return decoded
        source = decoded
    try:
        # Without its line break, a line cut off inside a string reads as unterminated.
        record = json.loads(source.rstrip("\r\n"))
    except json.JSONDecodeError as exc:
        reason = f"invalid JSON: {exc.msg} (column {exc.colno})"
        return InputError(origin, "invalid-json", reason, where)
    except (ValueError, RecursionError) as exc:
        # Absurdly deep nesting or a number too long to convert.
        return InputError(origin, "invalid-json", f"invalid JSON: {exc}", where)
    if not isinstance(record, dict):
        kind = _JSON_KINDS.get(type(record), "a JSON value")
        reason = f'line holds {kind}, not a JSON object with "text" or "html"'
        return InputError(origin, "missing-text", reason, where)
    return _to_rawdoc(record, origin, number)


def _to_rawdoc(record: dict[str, Any], origin: str, number: int) -> RawDoc | InputError:
    html = _body(record, "html")
    text = _body(record, "text")
    if html is None and text is None:
        reason = 'object has no non-empty "text" or "html"'
        return InputError(origin, "missing-text", reason, f"line {number}")

    def meta(key: str) -> str | None:
        return _metadata(record, key, origin, number)

    title = meta("title")
    return RawDoc(
        origin=f"{origin}#line={number}",
        # html wins: it still holds the structure that extraction can use.
        text=text if html is None else None,
        html=html,
        url=meta("url"),
        title=title,
        published=meta("date"),
        site=meta("source"),
        author=meta("author"),
        # A stated title means the text's first line is body, not a headline.
        title_first_line=title is None,
    )


def _body(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    return value if isinstance(value, str) and value.strip() else None


def _metadata(record: dict[str, Any], key: str, origin: str, number: int) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        return value.strip() or None
    # A bare year or a numeric id is still worth keeping; True is not.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    LOGGER.debug("%s#line=%d: ignoring %r: not a string", origin, number, key)
    return None
