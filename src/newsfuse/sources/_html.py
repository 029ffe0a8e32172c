"""Saved web pages (``.html``, ``.htm``, and both ``.gz``): one page, one article.

The markup goes into :attr:`RawDoc.html` untouched; extraction is a later,
pure stage.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources._decode import decode_bytes
from newsfuse.sources._files import read_capped

__all__ = ["read_html"]


def read_html(path: Path, max_article_bytes: int) -> Iterator[RawDoc | InputError]:
    """Yield the page as one HTML :class:`RawDoc`, honouring its ``<meta charset>``."""
    origin = str(path)
    data = read_capped(path, max_article_bytes)
    if isinstance(data, InputError):
        yield data
        return
    html = decode_bytes(data, origin, html=True)
    if isinstance(html, InputError):
        yield html
        return
    yield RawDoc(origin=origin, html=html)
