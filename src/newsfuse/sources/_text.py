"""Plain text files (``.txt``, ``.txt.gz``): one file, one article."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources._decode import decode_bytes
from newsfuse.sources._files import read_capped

__all__ = ["read_text"]


def read_text(path: Path, max_article_bytes: int) -> Iterator[RawDoc | InputError]:
    """Yield the file as one text :class:`RawDoc` whose first line is the headline."""
    origin = str(path)
    data = read_capped(path, max_article_bytes)
    if isinstance(data, InputError):
        yield data
        return
    text = decode_bytes(data, origin)
    if isinstance(text, InputError):
        yield text
        return
    yield RawDoc(origin=origin, text=text)
