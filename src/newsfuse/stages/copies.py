"""Copy detection: which articles reprint, or reuse a large block of, an earlier one.

Local news runs on syndication: one wire or station report is reprinted word for
word by a dozen sites, with a new headline, byline or closing paragraph, and
later reports paste whole blocks of earlier ones. Counting such copies as
independent sources would make one report look like a dozen. This module finds
them in three steps, all on word shingles of the clean text:

1. :func:`shingles` turns a text into a set of hashed word 5-grams, after a
   normalisation that ignores case, quote and dash style, diacritics and
   whitespace (so a copy that only changed typography is still a copy).
2. Candidates come from two indexes that never scan the corpus:

   - near-duplicates from datasketch's :class:`~datasketch.MinHashLSH` over
     MinHash signatures (:func:`signature`), which find texts of high
     *Jaccard* similarity;
   - partial reuse from an inverted index of winnowed fingerprints (Schleimer,
     Wilkerson and Aiken, "Winnowing", SIGMOD 2003; the method of MOSS): every
     run of at least ``window + shingle_size - 1`` words that two texts share
     yields a fingerprint both hold. Jaccard cannot find a short article pasted
     into a long one (their Jaccard is small); shared fingerprints can.

3. Every candidate is verified exactly on the two shingle sets before a
   relation is declared: Jaccard similarity for ``"duplicate"``, the fraction of
   the reusing article's shingles found in the source for ``"partial"``.

The *source* of a relation is always the earlier article: the smaller
``(published, id)`` with undated articles after every dated one. So the set of
relations found does not depend on the order articles arrive in.

Everything is pure, deterministic across processes (shingles are hashed with
BLAKE2b, never Python's salted :func:`hash`) and picklable, so a
:class:`CopyIndex` can be built inside a Spark task or shipped to one.
"""

from __future__ import annotations

import hashlib
import logging
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import numpy as np
import numpy.typing as npt
from datasketch import MinHash, MinHashLSH

from newsfuse.model import Article, Reuse

__all__ = [
    "CopyIndex",
    "IndexedText",
    "derived_from",
    "duplicate_of",
    "lsh_bands",
    "order_key",
    "shingle_sequence",
    "shingles",
    "signature",
    "source_groups",
    "winnow",
    "words",
]

LOGGER = logging.getLogger(__name__)

Hashes = npt.NDArray[np.uint64]

# -- normalisation and shingles -------------------------------------------------

# Apostrophes (and single quotes, which share the characters) join: "don't" with a
# straight or a curly apostrophe is "dont", so a copy that curled its quotes is a copy.
# Soft hyphens and zero-width characters join too: they are invisible in print.
_JOINERS = re.compile("['’‘‛ʼʻ`´′\u00ad\u200b\u200c\u200d\u2060\ufeff]")
# Combining diacritics, removed after NFKD: some feeds drop accents ("Jose" for "José").
_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
# Words are runs of letters and digits; every other character (double quotes of any
# style, dashes, slashes, punctuation) separates words, so their style cannot matter.
_WORD = re.compile(r"[^\W_]+")
_EMPTY: Hashes = np.zeros(0, dtype=np.uint64)
# update_batch builds a (values x num_perm) matrix; chunks bound it for very long texts.
_BATCH = 4096


def words(text: str) -> list[str]:
    """The normalised words of a text, as :func:`shingles` sees them.

    NFKC and case folding, apostrophes and invisible characters removed (they
    join), diacritics removed, then runs of letters and digits.

    Examples
    --------
    >>> words("Police said: 'It's a WELL-KNOWN caf\u00e9'")
    ['police', 'said', 'its', 'a', 'well', 'known', 'cafe']
    """
    # Joiners go before NFKC too: it turns an acute accent (U+00B4) used as an
    # apostrophe into a space and a combining mark.
    text = unicodedata.normalize("NFKC", _JOINERS.sub("", text)).casefold()
    text = _JOINERS.sub("", text)
    if not text.isascii():
        # Dotless i is its own letter to casefold, but "I" is what upper-casing makes of it.
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text)).replace("ı", "i")
    return _WORD.findall(text)


# Odd 64-bit constants (the golden ratio and MurmurHash3's fmix64 multipliers).
_STEP = np.uint64(0x9E3779B97F4A7C15)
_FMIX1 = np.uint64(0xFF51AFD7ED558CCD)
_FMIX2 = np.uint64(0xC4CEB9FE1A85EC53)
_SHIFT = np.uint64(33)


def _mix(values: Hashes) -> Hashes:
    """MurmurHash3's 64-bit finaliser, element-wise: every input bit moves every output bit."""
    values = values ^ (values >> _SHIFT)
    values = values * _FMIX1
    values = values ^ (values >> _SHIFT)
    values = values * _FMIX2
    return values ^ (values >> _SHIFT)


# A news vocabulary is small and Zipfian: most words of an article were hashed before.
@lru_cache(maxsize=1 << 16)
def _word_hash(word: str) -> int:
    return int.from_bytes(hashlib.blake2b(word.encode(), digest_size=8).digest(), "little")


def shingle_sequence(text: str, size: int) -> Hashes:
    """The hashed word ``size``-grams of ``text`` in reading order (repeats kept).

    Each distinct word is hashed once with BLAKE2b; a gram's hash folds its
    words' hashes in order through a 64-bit mixer (numpy arithmetic wraps
    modulo 2**64), so "a b" and "b a" differ. Hashing words rather than grams
    lets a word's hash be computed once and cached.
    """
    tokens = words(text)
    if not tokens:
        return _EMPTY
    hashed = np.array([_word_hash(word) for word in tokens], dtype=np.uint64)
    # Fewer words than a shingle: one gram of all of them.
    width = min(size, hashed.size)
    count = hashed.size - width + 1
    grams = hashed[:count].copy()
    for offset in range(1, width):
        grams = _mix(grams * _STEP + hashed[offset : offset + count])
    return _mix(grams ^ np.uint64(width))


def shingles(text: str, size: int = 5) -> frozenset[int]:
    """The set of word ``size``-gram shingles of ``text``, hashed to stable 64-bit ints.

    Parameters
    ----------
    text
        Any text; it is normalised by :func:`words` first.
    size
        Words per shingle.

    Returns
    -------
    frozenset of int
        64-bit hashes built from BLAKE2b hashes of the words (never Python's
        salted :func:`hash`), the same in every process and on every machine.
        A text with fewer than ``size`` words
        gives the single shingle of all its words, so that two such texts are
        equal exactly when their words are; a text without words gives the
        empty set.

    Examples
    --------
    >>> len(shingles("One two three four five six"))
    2
    >>> shingles("It's -- 'over'") == shingles("ITS OVER")
    True
    """
    if size < 1:
        raise ValueError(f"shingle size must be at least 1, got {size}")
    return frozenset(shingle_sequence(text, size).tolist())


def _identity(value: int) -> int:
    # Shingles are already hashes; datasketch's default would hash them again.
    return value


@lru_cache(maxsize=8)
def _permutations(num_perm: int, seed: int) -> Hashes:
    # Drawing the permutations costs more than a small signature: draw once, share.
    perms: Hashes = MinHash(num_perm=num_perm, seed=seed, scheme="affine64").permutations
    perms.setflags(write=False)
    return perms


def _minhash(values: Sequence[int], num_perm: int, seed: int) -> Any:
    """A datasketch MinHash (64-bit affine scheme) of ``values``."""
    minhash = MinHash(
        num_perm=num_perm,
        seed=seed,
        hashfunc=_identity,
        permutations=_permutations(num_perm, seed),
        scheme="affine64",
    )
    for start in range(0, len(values), _BATCH):
        minhash.update_batch(values[start : start + _BATCH])
    return minhash


def signature(shingle_set: Iterable[int], num_perm: int = 128, seed: int = 1) -> Hashes:
    """The MinHash signature of a shingle set: ``num_perm`` uint64 values.

    Built with datasketch's ``affine64`` scheme (64-bit shingle hashes keep all
    their bits) via ``update_batch``. The permutations come from ``seed`` alone,
    so two processes with the same ``num_perm`` and ``seed`` agree; signatures of
    different seeds cannot be compared.

    Examples
    --------
    >>> signature(shingles("a b c d e f g"), num_perm=4).dtype
    dtype('uint64')
    """
    values = list(shingle_set)
    hashvalues: Hashes = np.asarray(_minhash(values, num_perm, seed).hashvalues, dtype=np.uint64)
    return hashvalues


@lru_cache(maxsize=8)
def lsh_bands(threshold: float, num_perm: int) -> tuple[int, int]:
    """MinHashLSH's (bands, rows) for ``threshold``, worked out once per process.

    datasketch minimises the false positive and negative areas by numerical
    integration over every (b, r), which costs more than indexing a hundred
    articles; an index per Spark task or test would pay it each time.
    """
    lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
    return int(lsh.b), int(lsh.r)


def winnow(hashes: Hashes, window: int) -> Hashes:
    """The distinct minima of every ``window`` consecutive hashes (winnowing)."""
    if hashes.size == 0:
        return _EMPTY
    if hashes.size <= window:
        return np.array([hashes.min()], dtype=np.uint64)
    minima: Hashes = np.lib.stride_tricks.sliding_window_view(hashes, window).min(axis=1)
    return np.unique(minima)


# -- relations ------------------------------------------------------------------


def order_key(article_id: str, published: str | None) -> tuple[bool, str, str]:
    """Sort key of the source rule: dated before undated, then date, then id.

    ISO 8601 strings compare as dates when they share one precision and one
    time zone; a bare date sorts before any time on that day.
    """
    return (published is None, published or "", article_id)


def duplicate_of(
    relations: Iterable[tuple[str, Reuse]], published: Mapping[str, str | None]
) -> dict[str, str]:
    """Map every near-duplicate to the original of its group.

    A group is a connected set of articles joined by ``"duplicate"`` relations
    (chains included: if B copies A and C copies B, all three are one group);
    its original is the member with the smallest :func:`order_key`. Partial
    reuse does not make a group.

    Parameters
    ----------
    relations
        ``(reusing article id, Reuse)`` pairs, as :meth:`CopyIndex.add` returns.
    published
        The publication date (or None) of every article in ``relations``.

    Returns
    -------
    dict
        copy id -> original id; originals and unrelated articles are absent.
    """
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        root = node
        while parent.setdefault(root, root) != root:
            root = parent[root]
        while parent[node] != root:  # path compression
            parent[node], node = root, parent[node]
        return root

    for reusing, reuse in relations:
        if reuse.kind == "duplicate":
            left, right = find(reusing), find(reuse.source)
            if left != right:
                parent[max(left, right)] = min(left, right)
    missing = sorted(node for node in parent if node not in published)
    if missing:
        raise ValueError(f"no publication date given for {', '.join(missing[:5])}")
    groups: dict[str, list[str]] = {}
    for node in parent:
        groups.setdefault(find(node), []).append(node)
    originals: dict[str, str] = {}
    for members in groups.values():
        first = min(members, key=lambda member: order_key(member, published[member]))
        originals.update({member: first for member in members if member != first})
    return originals


def derived_from(relations: Iterable[tuple[str, Reuse]]) -> dict[str, tuple[Reuse, ...]]:
    """Group relations by reusing article, sources in id order: ``Article.derived_from``."""
    grouped: dict[str, list[Reuse]] = {}
    for reusing, reuse in relations:
        grouped.setdefault(reusing, []).append(reuse)
    return {
        reusing: tuple(sorted(reuses, key=lambda reuse: reuse.source))
        for reusing, reuses in grouped.items()
    }


# -- the index -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class IndexedText:
    """What the index keeps of one article (:meth:`CopyIndex.prepare` makes one)."""

    key: tuple[bool, str, str]
    published: str | None
    #: Sorted distinct shingles, for exact verification.
    shingles: Hashes
    #: Winnowed fingerprints; empty for a text too short to index.
    fingerprints: Hashes


class CopyIndex:
    """An incremental index that finds near-duplicates and partial reuse as articles arrive.

    Parameters
    ----------
    num_perm
        MinHash permutations per signature.
    duplicate_threshold
        Exact shingle Jaccard similarity from which two texts are ``"duplicate"``.
    partial_threshold
        Fraction of the reusing article's shingles found in the source from
        which the relation is ``"partial"`` (when it is not a duplicate).
    min_shingles
        Texts with fewer distinct shingles take part in no relation, either
        way: a few sentences in common are too little evidence of copying.
    lsh_threshold
        Jaccard similarity the MinHash LSH is tuned to retrieve; below
        ``duplicate_threshold`` so that verification, not LSH, decides.
    shingle_size
        Words per shingle.
    window
        Winnowing window, in shingles: two texts sharing a run of at least
        ``window + shingle_size - 1`` words (12 by default) are sure to share
        a fingerprint. About ``2 / (window + 1)`` of the shingles become
        fingerprints.
    max_postings
        Boilerplate cap: a fingerprint found in more than this many articles
        is boilerplate ("Copyright 2020 ... All rights reserved") or a story
        reprinted so often that LSH finds its copies anyway. Its postings are
        dropped and it never yields candidates again, so that it neither makes
        copies nor makes an add cost time linear in the corpus: an add counts at
        most ``max_postings`` postings per fingerprint.
    seed
        MinHash seed; indexes to be compared must share it.

    Attributes
    ----------
    lsh_ : datasketch.MinHashLSH
        Near-duplicate candidates; built on first use.
    postings_ : dict of int to list of str
        Fingerprint -> ids of the articles holding it (at most ``max_postings``).
    stopped_ : set of int
        Fingerprints found to be boilerplate.

    Notes
    -----
    Memory is a few kilobytes per article: the sorted shingle array (8 bytes
    a shingle), the fingerprint postings and the LSH buckets.

    The candidate search is symmetric in the two articles, so the relations
    found do not depend on insertion order, with one exception: a fingerprint
    is stopped once more than ``max_postings`` articles hold it, and articles
    added after that no longer find partial reuse *through it*. A real block
    of reused text spans many fingerprints, so this matters only for text
    that more than ``max_postings`` articles share.

    The index judges text alone. Boilerplate inside an article's story adds
    a few shared shingles, far from any threshold; but two "articles" that are
    nothing *but* the same site chrome (a failed extraction: "Please enable
    JavaScript", a newsletter sign-up) are textually copies and are reported
    as such. Drop pages without story text before indexing them.

    Examples
    --------
    >>> index = CopyIndex(min_shingles=3)
    >>> index.add("a", "The river burst its banks on Tuesday night.", "2020-01-02")
    []
    >>> index.add("b", "The river burst its banks on Tuesday night!", "2020-01-01")
    [('a', Reuse(source='b', kind='duplicate', shared=1.0, jaccard=1.0))]
    """

    def __init__(
        self,
        *,
        num_perm: int = 128,
        duplicate_threshold: float = 0.8,
        partial_threshold: float = 0.5,
        min_shingles: int = 20,
        lsh_threshold: float = 0.5,
        shingle_size: int = 5,
        window: int = 8,
        max_postings: int = 50,
        seed: int = 1,
    ) -> None:
        self.num_perm = num_perm
        self.duplicate_threshold = duplicate_threshold
        self.partial_threshold = partial_threshold
        self.min_shingles = min_shingles
        self.lsh_threshold = lsh_threshold
        self.shingle_size = shingle_size
        self.window = window
        self.max_postings = max_postings
        self.seed = seed
        self.lsh_: Any = None
        self.postings_: dict[int, list[str]] = {}
        self.stopped_: set[int] = set()
        self._entries: dict[str, IndexedText] = {}

    def __repr__(self) -> str:
        params = ", ".join(f"{name}={value!r}" for name, value in self.get_params().items())
        return f"CopyIndex({params})"

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters, to build an equal, empty index elsewhere."""
        return {
            "num_perm": self.num_perm,
            "duplicate_threshold": self.duplicate_threshold,
            "partial_threshold": self.partial_threshold,
            "min_shingles": self.min_shingles,
            "lsh_threshold": self.lsh_threshold,
            "shingle_size": self.shingle_size,
            "window": self.window,
            "max_postings": self.max_postings,
            "seed": self.seed,
        }

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._entries

    def _lsh(self) -> Any:
        if self.lsh_ is None:
            self._validate()
            bands = lsh_bands(self.lsh_threshold, self.num_perm)
            self.lsh_ = MinHashLSH(num_perm=self.num_perm, params=bands)
        return self.lsh_

    def _validate(self) -> None:
        for name in ("duplicate_threshold", "partial_threshold", "lsh_threshold"):
            value = getattr(self, name)
            if not 0.0 < value <= 1.0:
                raise ValueError(f"{name} must be in (0, 1], got {value}")
        for name in ("num_perm", "shingle_size", "window", "max_postings", "min_shingles"):
            value = getattr(self, name)
            if value < 1:
                raise ValueError(f"{name} must be at least 1, got {value}")

    def add(self, article_id: str, text: str, published: str | None) -> list[tuple[str, Reuse]]:
        """Index an article and return every verified relation it takes part in.

        Parameters
        ----------
        article_id
            Unique id of the article.
        text
            Its clean text.
        published
            ISO 8601 publication date, or None when unknown.

        Returns
        -------
        list of (str, Reuse)
            ``(reusing id, Reuse(source=...))`` pairs between this article and
            those already indexed, sorted; the new article may be either side.
            Each relation is returned once, by the add of the second of its two
            articles. Adding an id that is already indexed returns ``[]`` and
            changes nothing (its relations were returned when they were found);
            call :meth:`remove` first to replace its text.

        Raises
        ------
        ValueError
            When ``article_id`` is indexed with a different text.
        """
        lsh = self._lsh()
        sequence = shingle_sequence(text, self.shingle_size)
        distinct = np.unique(sequence)
        known = self._entries.get(article_id)
        if known is not None:
            if not np.array_equal(known.shingles, distinct):
                raise ValueError(f"{article_id} is already indexed with another text")
            return []
        if distinct.size < self.min_shingles:
            self._entries[article_id] = IndexedText(
                order_key(article_id, published), published, distinct, _EMPTY
            )
            return []
        entry = IndexedText(
            order_key(article_id, published),
            published,
            distinct,
            winnow(sequence, self.window),
        )
        minhash = _minhash(distinct.tolist(), self.num_perm, self.seed)
        candidates = set(lsh.query(minhash))
        candidates.update(self._fingerprint_candidates(entry))
        self._entries[article_id] = entry
        lsh.insert(article_id, minhash, check_duplication=False)
        self._post(article_id, entry.fingerprints)
        relations = []
        for other in candidates:
            relation = self._verify(article_id, entry, other, self._entries[other])
            if relation is not None:
                relations.append(relation)
        return sorted(relations, key=lambda pair: (pair[0], pair[1].source))

    def keys(self, text: str) -> list[str]:
        """The keys under which a store indexes ``text`` for this index's candidate search.

        ``"b<band>:<hex>"`` for each MinHash LSH band (two texts share one
        exactly when MinHashLSH would return one for the other) and
        ``"f:<hex>"`` for each winnowed fingerprint; none for a text with
        fewer than ``min_shingles`` distinct shingles, which takes part in no
        relation. Persisting them lets ingest look up a new article's
        candidates without re-indexing the stored texts (with
        :meth:`needed_fingerprints`, :meth:`prepare` and :meth:`verify`).

        Examples
        --------
        >>> keys = CopyIndex(min_shingles=3).keys("The river burst its banks on Tuesday night.")
        >>> sorted({key.split(":")[0][0] for key in keys})
        ['b', 'f']
        """
        self._validate()
        sequence = shingle_sequence(text, self.shingle_size)
        distinct = np.unique(sequence)
        if distinct.size < self.min_shingles:
            return []
        hashvalues = np.asarray(
            _minhash(distinct.tolist(), self.num_perm, self.seed).hashvalues, dtype=np.uint64
        )
        bands, rows = lsh_bands(self.lsh_threshold, self.num_perm)
        found = [
            f"b{band}:"
            + hashlib.blake2b(
                hashvalues[band * rows : (band + 1) * rows].tobytes(), digest_size=16
            ).hexdigest()
            for band in range(bands)
        ]
        found.extend(f"f:{value:016x}" for value in winnow(sequence, self.window).tolist())
        return found

    def needed_fingerprints(self, reusing_fingerprints: int) -> int:
        """Shared fingerprints that make two articles a candidate pair, given how many
        the later (reusing) one has: the rule of :meth:`add`."""
        # Winnowing keeps a shared block's fingerprints but loses a few at its
        # edges: ask for half the fingerprints the threshold implies, and let
        # the exact check decide.
        return max(1, math.ceil(0.5 * self.partial_threshold * reusing_fingerprints))

    def prepare(self, article_id: str, text: str, published: str | None) -> IndexedText | None:
        """What :meth:`verify` compares of an article; None for a text too short to take part."""
        distinct = np.unique(shingle_sequence(text, self.shingle_size))
        if distinct.size < self.min_shingles:
            return None
        return IndexedText(order_key(article_id, published), published, distinct, _EMPTY)

    def verify(
        self, left_id: str, left: IndexedText, right_id: str, right: IndexedText
    ) -> tuple[str, Reuse] | None:
        """The relation between two prepared articles, measured exactly as :meth:`add`
        measures a candidate pair, or None."""
        return self._verify(left_id, left, right_id, right)

    def _fingerprint_candidates(self, entry: IndexedText) -> list[str]:
        """Indexed articles sharing enough fingerprints with ``entry`` to be worth verifying."""
        shared: Counter[str] = Counter()
        postings = self.postings_
        for fingerprint in entry.fingerprints.tolist():
            holders = postings.get(fingerprint)
            if holders:
                shared.update(holders)
        found = []
        for other, count in shared.items():
            theirs = self._entries[other]
            reusing = max(entry, theirs, key=lambda e: e.key)
            if count >= self.needed_fingerprints(reusing.fingerprints.size):
                found.append(other)
        return found

    def _post(self, article_id: str, fingerprints: Hashes) -> None:
        postings, stopped = self.postings_, self.stopped_
        for fingerprint in fingerprints.tolist():
            if fingerprint in stopped:
                continue
            holders = postings.setdefault(fingerprint, [])
            if len(holders) < self.max_postings:
                holders.append(article_id)
            else:
                del postings[fingerprint]
                stopped.add(fingerprint)
                LOGGER.debug("fingerprint %016x stopped: in over %d articles", fingerprint,
                             self.max_postings)  # fmt: skip

    def _verify(
        self, new_id: str, new: IndexedText, other_id: str, other: IndexedText
    ) -> tuple[str, Reuse] | None:
        """The relation between two indexed articles, measured exactly, or None."""
        (reusing_id, reusing), (source_id, _source) = sorted(
            ((new_id, new), (other_id, other)), key=lambda pair: pair[1].key, reverse=True
        )
        common = np.intersect1d(new.shingles, other.shingles, assume_unique=True).size
        jaccard = common / (new.shingles.size + other.shingles.size - common)
        shared = common / reusing.shingles.size
        if jaccard >= self.duplicate_threshold:
            kind = "duplicate"
        elif shared >= self.partial_threshold:
            kind = "partial"
        else:
            return None
        return reusing_id, Reuse(source_id, kind, round(shared, 4), round(jaccard, 4))

    def remove(self, article_id: str) -> None:
        """Forget an article (before re-ingesting it, say); relations already returned stand.

        Fingerprints stopped as boilerplate stay stopped.

        Raises
        ------
        KeyError
            When ``article_id`` is not indexed.
        """
        entry = self._entries.pop(article_id)
        if entry.fingerprints.size == 0:
            return
        self._lsh().remove(article_id)
        for fingerprint in entry.fingerprints.tolist():
            holders = self.postings_.get(fingerprint)
            if holders is not None and article_id in holders:
                holders.remove(article_id)
                if not holders:
                    del self.postings_[fingerprint]

    def duplicate_of(self, relations: Iterable[tuple[str, Reuse]]) -> dict[str, str]:
        """:func:`duplicate_of` with the publication dates this index holds.

        Raises
        ------
        ValueError
            When a relation names an article that is no longer indexed.
        """
        published = {key: entry.published for key, entry in self._entries.items()}
        return duplicate_of(relations, published)


def source_groups(articles: Sequence[Article]) -> dict[str, str]:
    """Each article's independent source: articles linked by reused text share one.

    Returns article id -> the id naming its group (the group's smallest id),
    so that ten sites reprinting one wire report count as one source. Only
    relations between the given articles count.
    """
    ids = {a.id for a in articles}
    parent = {a.id: a.id for a in articles}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for article in articles:
        sources = [r.source for r in article.derived_from]
        if article.duplicate_of:
            sources.append(article.duplicate_of)
        for source in sources:
            if source in ids:
                a, b = find(article.id), find(source)
                if a != b:
                    parent[max(a, b)] = min(a, b)
    return {a.id: find(a.id) for a in articles}
