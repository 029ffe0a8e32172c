"""Every error newsfuse raises on purpose, in one place.

Errors carry a short stable ``code`` so scripts can match on it, and render as
one line that names the input and the reason. Only the CLI prints them.
"""

from __future__ import annotations

import re

__all__ = ["InputError", "NewsfuseError", "StoreError"]


class NewsfuseError(Exception):
    """Base class of newsfuse's own errors."""

    code = "newsfuse-error"


class InputError(NewsfuseError):
    """One input (a file, a JSONL line, a WARC record) could not become an article.

    ``origin`` is the file path; ``where`` narrows it down ("line 3",
    "offset 5120"). The rest of a batch goes on after one of these.
    """

    def __init__(self, origin: str, code: str, reason: str, where: str | None = None) -> None:
        self.origin = origin
        self.code = code
        self.reason = reason
        self.where = where
        super().__init__(str(self))

    def __str__(self) -> str:
        place = f"{self.origin}:{self.where}" if self.where else self.origin
        return _printable(f"{place}: {self.reason} [{self.code}]")


# C0/C1 controls (a newline in a file name would split the one line) and the
# lone surrogates Python uses for file-name bytes that are not UTF-8 (they
# cannot be written to a UTF-8 stream at all).
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    if 0xDC80 <= code <= 0xDCFF:
        # surrogateescape: the original byte, as `ls -b` would show it.
        return f"\\x{code - 0xDC00:02x}"
    return match.group().encode("unicode-escape").decode("ascii")


def _printable(line: str) -> str:
    return _UNPRINTABLE.sub(_escape, line)


class StoreError(NewsfuseError):
    """The store is unusable: a newer schema, a corrupt file, a failed migration."""

    code = "store-error"
