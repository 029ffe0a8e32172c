"""Gold copy pairs for the copy-detection bench, by exact paragraph overlap.

Nobody labelled copies in the evaluation data, so the gold is derived from the
texts by a rule that shares nothing with the detector (no shingles, no hashing
of words, no MinHash): two articles are a gold copy pair when the paragraphs
they share *verbatim* cover at least half of the shorter one.

- A paragraph is a line of the text (``content`` separates paragraphs with
  one or more newlines), with its whitespace collapsed, its case folded and
  curly quotes straightened (feeds re-typeset quotes when they reprint).
- Only paragraphs of at least :data:`MIN_CHARS` characters count as shared: a
  shorter one ("Police said.", "Updated: 8:27 PM") carries too little text to
  show copying. 40 characters is about seven words, under one sentence.
- Boilerplate is not story text: with ``max_groups`` set, a paragraph found in
  articles of more than that many groups (GVA incidents) neither counts as
  shared nor counts in an article's length. GVA ``content`` is raw extraction,
  and "Please enable JavaScript to watch this video" or a station's copyright
  line recurs across unrelated incidents; a story paragraph stays within the
  one or two incidents it reports.
- An article's length is the characters of its remaining paragraphs, and
  ``cover = shared characters / length of the shorter article``; a pair is gold
  when ``cover >= min_cover`` (0.5). The shorter article is the one a copy
  relation can be asserted for at all (a brief cannot reprint most of a feature
  it is a fifth of), and half is where "mostly the other's text" begins.

The pairs are found through an inverted index from paragraph to articles, so
only pairs that share a paragraph are ever visited.

:func:`run_cover` is a second, finer opinion for predicted pairs the gold
rejects: the share of the reusing article's words that lie in verbatim runs of
12+ words of the source, by difflib alignment (edited or re-split paragraphs
break every paragraph match but keep such runs).
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

__all__ = ["MIN_CHARS", "MIN_RUN", "Gold", "paragraph_gold", "paragraphs", "run_cover", "unordered"]

#: Paragraphs shorter than this never count as shared text.
MIN_CHARS = 40

#: Words a verbatim run needs for :func:`run_cover`: about one sentence.
MIN_RUN = 12

_LINES = re.compile(r"\n+")
_TOKEN = re.compile(r"\w+")
# Syndication feeds curl or straighten quotes: the same paragraph either way.
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})


def paragraphs(text: str) -> list[str]:
    """The non-empty lines of ``text``: whitespace collapsed, case folded, quotes straight."""
    found = (" ".join(line.split()).casefold().translate(_QUOTES) for line in _LINES.split(text))
    return [paragraph for paragraph in found if paragraph]


@dataclass(frozen=True, slots=True)
class Gold:
    """Gold pairs and what they were derived from."""

    #: Gold pairs of article keys, each as (smaller key, larger key).
    pairs: frozenset[tuple[str, str]]
    #: The cover of every pair sharing at least one counted paragraph.
    covers: dict[tuple[str, str], float]
    #: Characters of story text per article (boilerplate removed).
    length: dict[str, int]
    boilerplate_paragraphs: int

    def cover(self, left: str, right: str) -> float:
        """The pair's cover, 0.0 when it shares no counted paragraph."""
        return self.covers.get((min(left, right), max(left, right)), 0.0)


def paragraph_gold(
    texts: Mapping[str, str],
    *,
    groups: Mapping[str, str] | None = None,
    max_groups: int | None = None,
    min_chars: int = MIN_CHARS,
    min_cover: float = 0.5,
) -> Gold:
    """Gold copy pairs of ``texts`` (key -> text) by verbatim paragraph overlap."""
    split = {key: set(paragraphs(text)) for key, text in texts.items()}
    holders: dict[str, list[str]] = defaultdict(list)
    for key, found in split.items():
        for paragraph in found:
            holders[paragraph].append(key)
    boilerplate: set[str] = set()
    if max_groups is not None and groups is not None:
        for paragraph, keys in holders.items():
            if len({groups[key] for key in keys}) > max_groups:
                boilerplate.add(paragraph)
    length = {
        key: sum(len(p) for p in found if p not in boilerplate) for key, found in split.items()
    }
    shared: Counter[tuple[str, str]] = Counter()
    for paragraph, keys in holders.items():
        if len(keys) < 2 or len(paragraph) < min_chars or paragraph in boilerplate:
            continue
        for left, right in combinations(sorted(keys), 2):
            shared[(left, right)] += len(paragraph)
    covers = {
        pair: chars / max(1, min(length[pair[0]], length[pair[1]]))
        for pair, chars in shared.items()
    }
    pairs = frozenset(pair for pair, cover in covers.items() if cover >= min_cover)
    return Gold(pairs, covers, length, len(boilerplate))


def unordered(pairs: Iterable[tuple[str, str]]) -> set[tuple[str, str]]:
    """Each pair as (smaller key, larger key)."""
    return {(min(left, right), max(left, right)) for left, right in pairs}


def run_cover(reusing: str, source: str, min_run: int = MIN_RUN) -> float:
    """Share of ``reusing``'s words that lie in verbatim runs of ``min_run`` words of ``source``.

    A second opinion for pairs the paragraph gold rejects: an outlet that
    re-splits or lightly edits paragraphs (a new first sentence, a changed
    last clause) breaks every paragraph match but keeps long runs of words.
    Words are ``\\w+`` runs, case folded; runs are difflib's matching blocks,
    an order-preserving alignment, so reordered paragraphs can count less.
    """
    mine = _TOKEN.findall(reusing.casefold().translate(_QUOTES))
    theirs = _TOKEN.findall(source.casefold().translate(_QUOTES))
    if not mine:
        return 0.0
    matcher = difflib.SequenceMatcher(a=mine, b=theirs, autojunk=False)
    matched = sum(block.size for block in matcher.get_matching_blocks() if block.size >= min_run)
    return matched / len(mine)
