"""Bytes to text: BOMs, strict UTF-8, a declared charset, then a guess.

News dumps come from everywhere: UTF-8 with and without a BOM, UTF-16 from
Windows tools, cp1252 from old CMS exports, pages whose ``<meta charset>`` is the
only reliable hint. :func:`decode_bytes` tries the strongest evidence first and
never raises on bad data: it returns the text or an :class:`InputError`.
"""

from __future__ import annotations

import codecs
import logging
import re

from charset_normalizer import from_bytes

from newsfuse.errors import InputError

__all__ = ["declared_charset", "decode_bytes", "html_meta_charset"]

LOGGER = logging.getLogger(__name__)

#: How much of the input the binary sniff looks at.
SNIFF_BYTES = 8192
#: Share of control bytes in the sniffed sample above which input counts as binary.
MAX_CONTROL_SHARE = 0.10
#: Share of the sniffed UTF-16 code units whose high byte is NUL, at or above which
#: text without a byte order mark is read as UTF-16 (ASCII text gives 100%).
MIN_WIDE_NUL_SHARE = 0.05
#: The HTML standard only looks for a ``<meta>`` charset this far into a page.
META_SNIFF_BYTES = 2048

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
_WIDE_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Text keeps tab, LF, VT, FF, CR and ESC (ISO-2022 escape sequences need it).
_CONTROL_BYTES = bytes(sorted((set(range(32)) | {127}) - {9, 10, 11, 12, 13, 27}))
_CONTROL_COUNTER = re.compile(b"[" + re.escape(_CONTROL_BYTES) + b"]")

_META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", re.I)

# What browsers actually use for these labels (WHATWG Encoding Standard): pages
# labelled latin-1 or ascii are in practice cp1252, gb2312 pages use GBK.
_LABEL_FIXES = {"iso8859-1": "cp1252", "ascii": "cp1252", "gb2312": "gbk"}
# Codecs that Python knows but that are not a charset anyone declares honestly;
# utf-7 is a classic XSS vector and appears in no real news page.
_REFUSED_CODECS = {"idna", "punycode", "unicode-escape", "raw-unicode-escape", "undefined", "utf-7"}
# A declared UTF-16/32 in a byte stream without a BOM is a known mislabel of an
# ASCII-compatible page; the HTML standard says to read it as UTF-8.
_WIDE_CODECS = {"utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be"}
# 7-bit stateful encodings are valid ASCII too, so strict UTF-8 would "succeed"
# and leave the escape sequences in: for these the declaration must go first.
_SEVEN_BIT_PREFIXES = ("iso2022", "hz")

# Most of the world's legacy news text is Western European. charset_normalizer
# ranks by a chaos score that is noisy on short inputs and often prefers an
# exotic code page that decodes a few accented letters differently, so when
# cp1252 is among its plausible answers we take it.
_WESTERN = "cp1252"


def decode_bytes(
    data: bytes,
    origin: str,
    *,
    where: str | None = None,
    declared: str | None = None,
    html: bool = False,
    noun: str = "file",
) -> str | InputError:
    """Decode ``data`` to text, or say why it is not text.

    Parameters
    ----------
    data
        The raw bytes of one document.
    origin, where
        Where the bytes came from, used only for the returned error.
    declared
        A charset stated out of band (an HTTP ``Content-Type`` header); it wins
        over a ``<meta>`` one.
    html
        Look for a ``<meta charset>`` in the first 2 KB when nothing is declared.
    noun
        What ``data`` is in messages: "empty file", "empty record".

    Returns
    -------
    str | InputError
        The text, without a byte order mark; or an error with code ``empty``,
        ``binary`` or ``undecodable``.
    """
    text = _decode(data, declared=declared, html=html)
    if isinstance(text, tuple):
        code, reason = text
        return InputError(origin, code, reason if code != "empty" else f"empty {noun}", where)
    if "\x00" in text:
        # A NUL is never content: stray ones come from zero-filled tails of
        # interrupted downloads and from C tools. They would end up in the store
        # and cut the text short in anything written in C downstream.
        count = text.count("\x00")
        text = text.replace("\x00", "")
        if text.strip():
            reason = f"removed {count} NUL bytes"
            LOGGER.warning("%s", InputError(origin, "nul-bytes", reason, where))
    if not text.strip():
        return InputError(origin, "empty", f"empty {noun}", where)
    return text


def html_meta_charset(data: bytes) -> str | None:
    """The charset a ``<meta charset>`` or http-equiv tag declares near the top of a page."""
    match = _META_CHARSET.search(data[:META_SNIFF_BYTES])
    return match.group(1).decode("ascii") if match else None


def declared_charset(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a ``Content-Type`` header value, if any."""
    if not content_type:
        return None
    match = re.search(r"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:+-]+)""", content_type, re.I)
    return match.group(1) if match else None


def _decode(data: bytes, *, declared: str | None, html: bool) -> str | tuple[str, str]:
    if not data:
        return ("empty", "empty")
    for bom, wide in _WIDE_BOMS:
        if data.startswith(bom):
            # A BOM is the strongest evidence there is: no guessing past it.
            marked = _strict(data[len(bom) :], wide)
            if marked is None:
                family = wide[:6].upper()
                return ("undecodable", f"invalid {family} data after its byte order mark")
            return marked
    data = data.removeprefix(codecs.BOM_UTF8)
    if not data:
        return ("empty", "empty")
    unmarked = _bomless_wide(data)
    if unmarked is not None:
        return unmarked
    if _looks_binary(data):
        return ("binary", "binary data, not text")
    label = declared or (html_meta_charset(data) if html else None)
    codec = _usable_codec(label) if label else None
    for candidate in _candidates(codec):
        text = _strict(data, candidate)
        if text is not None:
            return text
    guessed = _guess(data)
    if guessed is None:
        return ("undecodable", "cannot decode: not UTF-8 and no plausible encoding found")
    return guessed


def _bomless_wide(data: bytes) -> str | None:
    """UTF-16 text saved without a byte order mark, recognised by where its NULs fall.

    The high byte of every ASCII character is NUL, so in such text all NULs
    sit at odd offsets (little-endian) or all at even ones (big-endian); in
    binary data they fall anywhere.
    """
    sample = data[: SNIFF_BYTES - SNIFF_BYTES % 2]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    if even and odd:
        return None
    nuls = even + odd
    if nuls < MIN_WIDE_NUL_SHARE * len(sample) / 2:
        return None
    text = _strict(data, "utf-16-be" if even else "utf-16-le")
    if text is None:
        return None
    controls = sum(1 for char in text[:SNIFF_BYTES] if char < " " and char not in "\t\n\r")
    return text if controls <= MAX_CONTROL_SHARE * min(len(text), SNIFF_BYTES) else None


def _looks_binary(data: bytes) -> bool:
    sample = data[:SNIFF_BYTES]
    if b"\x00" in sample:
        # NULs around UTF-8 text are padding (a zero-filled tail, a C tool's
        # terminator) and are removed later; anywhere else they mean binary.
        sample = sample.replace(b"\x00", b"")
        if not _is_utf8_start(sample):
            return True
    controls = len(_CONTROL_COUNTER.findall(sample))
    return controls > MAX_CONTROL_SHARE * len(sample)


def _is_utf8_start(sample: bytes) -> bool:
    # Incremental, so a character cut at the end of the sample is no error.
    try:
        codecs.getincrementaldecoder("utf-8")().decode(sample, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _candidates(codec: str | None) -> tuple[str, ...]:
    if codec is None or codec == "utf-8":
        return ("utf-8",)
    if codec.startswith(_SEVEN_BIT_PREFIXES):
        return (codec, "utf-8")
    # Valid UTF-8 with any non-ASCII byte is almost never anything else, while
    # pages that declare cp1252 but are served as UTF-8 are common.
    return ("utf-8", codec)


def _usable_codec(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        LOGGER.debug("ignoring unknown declared charset %r", label)
        return None
    if name in _WIDE_CODECS:
        return "utf-8"
    # Bytes-to-bytes codecs such as base64 need no check here: they fail to
    # decode to str later and the guess takes over.
    if name in _REFUSED_CODECS:
        LOGGER.debug("ignoring declared charset %r: not a document encoding", label)
        return None
    return _LABEL_FIXES.get(name, name)


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def _guess(data: bytes) -> str | None:
    matches = from_bytes(data)
    for match in matches:
        if _WESTERN in match.could_be_from_charset:
            text = _strict(data, _WESTERN)
            if text is not None:
                LOGGER.debug("guessed encoding %s", _WESTERN)
                return text
    best = matches.best()
    if best is None:
        return None
    # charset_normalizer judges a large input by samples; the whole may still fail.
    text = _strict(data, best.encoding)
    if text is not None:
        LOGGER.debug("guessed encoding %s", best.encoding)
    return text
