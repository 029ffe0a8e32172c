"""Web archives (``.warc``, ``.warc.gz``): every archived HTML page, one article each.

``response`` records with a 2xx HTML answer and ``resource`` records of type
``text/html`` become documents; everything else (images, scripts, requests,
metadata, redirects) is skipped without a word. A damaged archive yields one
``bad-warc`` error and stops that file: past a corrupt record no offset can be
trusted.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources._decode import declared_charset, decode_bytes
from newsfuse.sources._files import os_error, too_large

__all__ = ["read_warc"]

LOGGER = logging.getLogger(__name__)

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_CHUNK = 1 << 16


@dataclass(frozen=True, slots=True)
class _Page:
    """An HTML record's payload, read up to one byte past the cap."""

    offset: int
    url: str | None
    charset: str | None
    body: bytes


@dataclass(frozen=True, slots=True)
class _Damage:
    """Where (when known) and why the archive stops being readable."""

    offset: int | None
    reason: str


def read_warc(path: Path, max_article_bytes: int) -> Iterator[RawDoc | InputError]:
    """Yield one HTML :class:`RawDoc` per archived page, origin ``"{path}#offset={n}"``.

    Errors name the record as ``where="offset {n}"``, ``n`` being the record's
    byte offset in the (compressed) file, as CDX indexes give it.
    """
    origin = str(path)
    try:
        handle = path.open("rb")
    except OSError as exc:
        yield os_error(origin, exc)
        return
    with handle:
        size = os.fstat(handle.fileno()).st_size
        if size == 0:
            yield InputError(origin, "empty", "empty file")
            return
        for item in _scan(handle, size, max_article_bytes):
            if isinstance(item, _Damage):
                where = None if item.offset is None else f"offset {item.offset}"
                yield InputError(origin, "bad-warc", item.reason, where)
                return
            yield _to_rawdoc(item, origin, max_article_bytes)


def _to_rawdoc(page: _Page, origin: str, limit: int) -> RawDoc | InputError:
    where = f"offset {page.offset}"
    if len(page.body) > limit:
        return too_large(origin, limit, where=where)
    html = decode_bytes(
        page.body, origin, where=where, declared=page.charset, html=True, noun="record"
    )
    if isinstance(html, InputError):
        return html
    return RawDoc(origin=f"{origin}#offset={page.offset}", html=html, url=page.url)


def _scan(handle: BinaryIO, size: int, limit: int) -> Iterator[_Page | _Damage]:
    """The archive's HTML pages, then a :class:`_Damage` if it is corrupt or cut short.

    warcio stays inside this function so that the broad ``except`` below covers
    its parsing and nothing of ours that could hide a bug.
    """
    records = ArchiveIterator(handle)
    # Where the next record should start: the offset to blame when parsing fails.
    end = 0
    try:
        for record in records:
            if not _has_valid_header(record):
                # warcio hands out whatever it could parse of a header cut short.
                yield _Damage(end, "corrupt or truncated WARC: incomplete record header")
                return
            page = _html_payload(record, limit)
            # Both calls first drain the record, so they come after the payload read.
            offset: int = records.get_record_offset()
            end = offset + records.get_record_length()
            if _cut_short(record):
                yield _Damage(offset, "truncated record: fewer bytes than its Content-Length")
                return
            if page is not None:
                yield _Page(offset, *page)
    except Exception as exc:
        # warcio is not hardened against bad input: besides ArchiveLoadFailed it
        # lets AttributeError, IndexError, ValueError, zlib.error and others out of
        # its parser. Any of them means the same thing to us: a corrupt archive.
        LOGGER.debug("warcio failed after offset %d", end, exc_info=True)
        yield _failure(exc, end)
        return
    # warcio ends quietly when the last record is cut inside its headers or
    # inside a gzip member; only blank lines may follow the last whole record.
    if not _blank_from(handle, end, size):
        yield _Damage(end, "corrupt or truncated WARC: incomplete record at the end")


def _html_payload(record: Any, limit: int) -> tuple[str | None, str | None, bytes] | None:
    """``(url, charset, body)`` of an HTML page record, else ``None``."""
    rec_type: str = record.rec_type
    if rec_type == "response":
        http = record.http_headers
        if http is None:
            return None
        status: str = http.get_statuscode() or ""
        content_type: str | None = http.get_header("Content-Type")
        if not status.startswith("2"):
            # Redirects and error pages are not articles, even when they are HTML.
            LOGGER.debug("skipping WARC response with HTTP status %s", status or "?")
            return None
    elif rec_type == "resource":
        content_type = record.rec_headers.get_header("Content-Type")
    else:
        return None
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type not in _HTML_TYPES:
        return None
    url: str | None = record.rec_headers.get_header("WARC-Target-URI")
    body: bytes = record.content_stream().read(limit + 1)
    return url, declared_charset(content_type), body


def _has_valid_header(record: Any) -> bool:
    # WARC requires both; a header without them was cut before its end.
    if not record.rec_type or record.rec_headers is None:
        return False
    length: str | None = record.rec_headers.get_header("Content-Length")
    return length is not None and length.strip().isdigit()


def _cut_short(record: Any) -> bool:
    # warcio's LimitReader counts down from the record's Content-Length and
    # simply stops at end of file; bytes still owed mean the file was cut.
    remaining = getattr(record.raw_stream, "limit", 0)
    return isinstance(remaining, int) and remaining > 0


def _blank_from(handle: BinaryIO, start: int, size: int) -> bool:
    if start >= size:
        return True
    handle.seek(start)
    while chunk := handle.read(_CHUNK):
        if chunk.strip():
            return False
    return True


def _failure(exc: Exception, end: int) -> _Damage:
    detail = _first_line(exc)
    if "non-chunked gzip" in detail:
        # Valid data, wrong packaging: one gzip stream around the whole archive.
        # warcio's offsets are meaningless past this point, hence no offset.
        reason = (
            "gzip wraps the whole archive instead of each record; "
            "repack it with `warcio recompress`"
        )
        return _Damage(None, reason)
    return _Damage(end, f"corrupt or truncated WARC ({detail})")


def _first_line(exc: BaseException) -> str:
    for line in str(exc).splitlines():
        if line.strip():
            return line.strip()
    return type(exc).__name__
