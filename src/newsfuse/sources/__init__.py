"""Edge readers: input paths in, :class:`~newsfuse.model.RawDoc` records out.

Files and folders go in; one :class:`RawDoc` per article comes out, or one
:class:`~newsfuse.errors.InputError` per input that cannot become one. Errors
are yielded, not raised, so one bad file never stops a batch. Nothing here
extracts or cleans: HTML goes into ``RawDoc.html`` as it was found.

A reader is chosen by file suffix from :data:`READERS`; a new format plugs in
with one entry there.

Examples
--------
>>> from newsfuse.sources import read_paths
>>> for item in read_paths(["corpus/"]):  # doctest: +SKIP
...     print(item)
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources._files import Reader, os_error
from newsfuse.sources._html import read_html
from newsfuse.sources._jsonl import read_jsonl
from newsfuse.sources._text import read_text
from newsfuse.sources._warc import read_warc

__all__ = ["READERS", "Reader", "read_paths", "reader_for"]

LOGGER = logging.getLogger(__name__)

#: File suffix (lower case, with its dot) -> reader. The longest matching suffix
#: wins, so ``.html.gz`` and ``.warc.gz`` need no special casing.
READERS: dict[str, Reader] = {
    ".txt": read_text,
    ".txt.gz": read_text,
    ".html": read_html,
    ".htm": read_html,
    ".html.gz": read_html,
    ".htm.gz": read_html,
    ".jsonl": read_jsonl,
    ".jsonl.gz": read_jsonl,
    ".warc": read_warc,
    ".warc.gz": read_warc,
}


def reader_for(path: str | Path) -> Reader | None:
    """The reader registered for ``path``'s suffix, or ``None``."""
    name = Path(path).name.lower()
    for suffix in sorted(READERS, key=len, reverse=True):
        if name.endswith(suffix):
            return READERS[suffix]
    return None


def read_paths(
    paths: Iterable[str | Path], max_article_bytes: int = 5_000_000
) -> Iterator[RawDoc | InputError]:
    """Read files and folders into documents, yielding an error for each bad input.

    Parameters
    ----------
    paths
        Files and folders. Folders are walked recursively in sorted path order,
        skipping hidden entries (a leading ``.``) and files of unsupported types.
    max_article_bytes
        Largest article accepted, in bytes (``ingest.max_article_bytes``).
        Plain files are measured before they are read and gzip is decompressed
        only up to the cap, so an oversized input costs no more memory than this.

    Yields
    ------
    RawDoc | InputError
        Documents in input order. Errors carry a ``code``: ``not-found``,
        ``unreadable``, ``unsupported-format``, ``empty``, ``binary``,
        ``undecodable``, ``too-large``, ``invalid-json``, ``missing-text``,
        ``bad-gzip``, ``bad-warc`` or ``bad-filename``. Stray NUL bytes are
        removed from text, with a ``nul-bytes`` warning logged.

    Raises
    ------
    ValueError
        If ``max_article_bytes`` is not positive; bad *data* never raises.
    """
    if max_article_bytes <= 0:
        raise ValueError(f"max_article_bytes must be positive, got {max_article_bytes}")
    for given in paths:
        path = Path(given)
        for item in _expand(path):
            if isinstance(item, InputError):
                yield item
                continue
            if not _storable_name(item):
                yield InputError(
                    str(item), "bad-filename", "file name is not valid UTF-8: rename the file"
                )
                continue
            reader = reader_for(item)
            if reader is None:
                # _expand already dropped unsupported files found in folders.
                yield _unsupported(item)
                continue
            yield from reader(item, max_article_bytes)


def _expand(path: Path) -> Iterator[Path | InputError]:
    """``path`` itself if it is a file, else the supported files beneath it."""
    try:
        info = path.stat()
    except OSError as exc:
        yield os_error(str(path), exc)
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk(path, (info.st_dev, info.st_ino))
    elif stat.S_ISREG(info.st_mode):
        yield path
    else:
        yield InputError(str(path), "unsupported-format", "not a regular file or folder")


def _walk(root: Path, root_key: tuple[int, int]) -> Iterator[Path | InputError]:
    """Files under ``root`` in sorted path order (depth first, names sorted per folder).

    Iterative, so deep trees cannot hit the recursion limit; followed folder
    symlinks are remembered by inode so a link loop is walked once.
    """
    seen = {root_key}
    stack: list[Iterator[os.DirEntry[str]]] = []
    listing = _list_dir(root)
    if isinstance(listing, InputError):
        yield listing
        return
    stack.append(iter(listing))
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if entry.name.startswith("."):
            LOGGER.debug("skipping hidden %s", entry.path)
            continue
        path = Path(entry.path)
        try:
            # Both follow symlinks: a linked file or folder counts as what it points to.
            folder = entry.stat() if entry.is_dir() else None
            is_file = folder is None and entry.is_file()
        except OSError as exc:
            yield os_error(entry.path, exc)
            continue
        if folder is not None:
            key = (folder.st_dev, folder.st_ino)
            if key in seen:
                LOGGER.debug("skipping %s: folder already walked (symlink loop)", path)
                continue
            seen.add(key)
            listing = _list_dir(path)
            if isinstance(listing, InputError):
                yield listing
            else:
                stack.append(iter(listing))
        elif not is_file and entry.is_symlink() and reader_for(path) is not None:
            # A link named like an article that leads nowhere (dangling, or a
            # loop of links) is an input the user meant, not a special file:
            # its reader fails to open it and says why.
            yield path
        elif not is_file:
            LOGGER.debug("skipping %s: not a regular file", path)
        elif reader_for(path) is None:
            LOGGER.debug("skipping %s: unsupported file type", path)
        else:
            yield path


def _list_dir(directory: Path) -> list[os.DirEntry[str]] | InputError:
    try:
        with os.scandir(directory) as entries:
            return sorted(entries, key=lambda entry: entry.name)
    except OSError as exc:
        return os_error(str(directory), exc)


def _storable_name(path: Path) -> bool:
    # Bytes that are not UTF-8 in a file name reach Python as lone surrogates,
    # which no UTF-8 store or terminal accepts.
    try:
        str(path).encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _unsupported(path: Path) -> InputError:
    supported = ", ".join(sorted(READERS))
    reason = f"unsupported file type (supported: {supported})"
    return InputError(str(path), "unsupported-format", reason)
