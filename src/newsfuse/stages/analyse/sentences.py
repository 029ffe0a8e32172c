"""Sentences of clean news text, as character spans, without a parser.

The analysers (figures, quotes, events) read one sentence at a time and need
offsets into the article's clean text, not a re-tokenised copy. News prose is
regular enough for a rule: a sentence ends at ``.``, ``!`` or ``?`` (with any
closing quotes or brackets after it) followed by white space and a capital,
a digit or an opening quote (or, in scraped text that lost the space, directly
by a capitalised word), or at a paragraph break, unless the full stop
belongs to an abbreviation ("Mr.", "Gen.", "U.S.", "a.m.") or an initial
("Vladimir V. Putin").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

__all__ = ["sentence_spans"]

#: Words after which a full stop does not end a sentence (lower case, no dot).
_ABBREVIATIONS_TEXT = """
    mr mrs ms dr prof gen lt col maj capt cpt sgt cpl pvt adm cmdr gov sen rep rev st
    jr sr inc ltd co corp dept no nos vs etc approx est fig jan feb mar apr jun jul aug
    sep sept oct nov dec mt ft av ave blvd rd hon pres supt det insp
"""
_ABBREVIATIONS = frozenset(_ABBREVIATIONS_TEXT.split())
_CLOSERS = "\"'”’»)]"
_OPENERS = "\"'“‘«(["
# Candidate ends: terminal punctuation, closers, then white space and what may
# start a sentence.
_END = re.compile(
    rf"[.!?…]+[{re.escape(_CLOSERS)}]*(?=\s+[{re.escape(_OPENERS)}]*[A-Z0-9À-ÖØ-Þ\u0400-\u042f])"
)
# Scraped text often loses the space between two sentences ("at the
# scene.Three victims"): a word of two or more lower-case letters, a stop and a
# capitalised word ending at a space is a sentence end, not a domain name.
_GLUED_END = re.compile(r"(?<=[a-z]{2})[.!?][”\"]?(?=[A-Z][a-z]+\s)")
_PARAGRAPH = re.compile(r"\n\s*\n|\n(?=\s*[-–—•*]\s)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\.?$")
_INITIALS = re.compile(r"(?:^|[\s(])(?:[A-Za-z]\.)+[A-Za-z]?$")


def _is_abbreviation(text: str, dot: int) -> bool:
    """True when the full stop at ``dot`` closes an abbreviation or an initial."""
    if text[dot] != ".":
        return False
    before = text[max(0, dot - 12) : dot]
    match = _WORD_BEFORE.search(before)
    if match is None:
        return False
    word = match.group(1)
    if word.lower() in _ABBREVIATIONS:
        return True
    if len(word) == 1 and word.isupper():
        return True  # an initial: "Vladimir V. Putin"
    return _INITIALS.search(before + ".") is not None  # "U.S.", "a.m."


def sentence_spans(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``text[start:end]``, white space trimmed.

    Offsets are into ``text``; every non-blank character of the range lies in
    exactly one span, and spans come in order.

    Examples
    --------
    >>> text = "Mr. Smith said so. Then he left.\\n\\nNew paragraph"
    >>> [text[a:b] for a, b in sentence_spans(text)]
    ['Mr. Smith said so.', 'Then he left.', 'New paragraph']
    """
    stop = len(text) if end is None else end
    cuts: list[int] = []
    for paragraph in _PARAGRAPH.finditer(text, start, stop):
        cuts.append(paragraph.start())
    for match in _END.finditer(text, start, stop):
        if match.group(0) == "." and _is_abbreviation(text, match.start()):
            continue
        cuts.append(match.end())
    for match in _GLUED_END.finditer(text, start, stop):
        if not _is_abbreviation(text, match.start()):
            cuts.append(match.end())
    cuts.sort()
    begin = start
    for cut in [*cuts, stop]:
        yield from _trimmed(text, begin, cut)
        begin = cut


def _trimmed(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        yield start, end
