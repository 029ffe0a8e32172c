"""Scoring story clustering with B-cubed, the two corpora it is scored on, and a baseline.

Two corpora are read here, both from ``../shared/eval`` (never copied into the
repository):

- ECB+ (``ecbplus/<topic><ecb|ecbplus>/*.json``): 21 topics, each holding two
  different real events of one kind (two earthquakes, two Doctor Who castings);
  the folder is the gold story, so a clusterer must keep look-alikes apart.
- GVA (``gva/incidents.jsonl``): Gun Violence Archive incidents with the local
  news articles reporting each; the incident is the gold story. Most incidents
  have one article, so most of the corpus is distractors.

Both become :class:`StoryDoc` records. A prediction is a mapping of document key
-> cluster label, scored by :func:`bcubed`. The baseline, :func:`tfidf_agglomerative`,
is TF-IDF with average-linkage agglomerative clustering on cosine distance;
:func:`best_baseline` tunes its one threshold on the gold itself.
"""

from __future__ import annotations

import json
import random
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from fractions import Fraction
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from dateutil import parser as dateutil_parser
from numpy.typing import NDArray
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

__all__ = [
    "DEFAULT_THRESHOLDS",
    "BCubed",
    "StoryDoc",
    "bcubed",
    "best_baseline",
    "gold_of",
    "load_ecbplus",
    "load_gva",
    "tfidf_agglomerative",
]

#: cosine-distance thresholds :func:`best_baseline` tries: 0.05, 0.075, ..., 0.975
DEFAULT_THRESHOLDS: tuple[float, ...] = tuple(round(0.025 * i, 3) for i in range(2, 40))


@dataclass(frozen=True, slots=True)
class StoryDoc:
    """One news article of a story-clustering corpus, with its gold story.

    Attributes
    ----------
    key : str
        Unique within the corpus: ``"<folder>/<file stem>"`` for ECB+,
        ``"<incident_id>:<index>"`` for GVA.
    title : str
    text : str
        The body. Never empty for ECB+; may be empty for GVA (a failed scrape).
    published : str or None
        ISO 8601 date, ``"2013-09-26"``.
    url : str or None
    gold : str
        The gold story: the ECB+ folder, or the GVA incident id.
    group : str
        What golds are nested in: the ECB+ topic number (two golds a topic),
        or the GVA incident id again (one gold a group).
    """

    key: str
    title: str
    text: str
    published: str | None
    url: str | None
    gold: str
    group: str


class BCubed(NamedTuple):
    """B-cubed precision, recall and their harmonic mean over ``items`` gold items."""

    precision: float
    recall: float
    f1: float
    items: int


# ---------------------------------------------------------------- scoring


def bcubed(gold: Mapping[str, str], predicted: Mapping[str, str]) -> BCubed:
    """B-cubed precision and recall of a clustering against the gold one.

    For every item *i* of ``gold``, with *G(i)* its gold cluster and *C(i)* its
    predicted cluster (Bagga & Baldwin 1998; Amigó et al. 2009)::

        P(i) = |C(i) ∩ G(i)| / |C(i)|        R(i) = |C(i) ∩ G(i)| / |G(i)|
        P = mean of P(i)     R = mean of R(i)     F1 = 2 P R / (P + R)

    Grouping items by (C, G) cell with *m* items each, ``P = Σ m² / |C| / n`` and
    ``R = Σ m² / |G| / n``, so the cost is linear in the items, not quadratic.

    Parameters
    ----------
    gold : mapping of item -> gold cluster label
        The items scored.
    predicted : mapping of item -> predicted cluster label
        Only labels' equality counts, not their names. An item of ``gold``
        missing here is its own singleton cluster; items outside ``gold`` are
        ignored, so predicted clusters are sized over gold items only.

    Returns
    -------
    BCubed
        Computed in exact fractions, so each score is exactly 1.0 when, and only
        when, it should be: P = R = 1 if and only if the partitions are equal.

    Raises
    ------
    ValueError
        When ``gold`` is empty: a mean over no items has no value.

    Examples
    --------
    Everything in one cluster: P = (2² + 1²) / 3² = 5/9, R = 1.

    >>> bcubed({"a": "x", "b": "x", "c": "y"}, {"a": "1", "b": "1", "c": "1"})
    BCubed(precision=0.5555555555555556, recall=1.0, f1=0.7142857142857143, items=3)
    """
    if not gold:
        raise ValueError("bcubed needs at least one gold item")
    # The tag keeps a missing item's own singleton apart from a predicted label
    # that happens to spell the same as the item's key.
    cluster: dict[str, tuple[bool, str]] = {
        item: (True, predicted[item]) if item in predicted else (False, item) for item in gold
    }
    predicted_size = Counter(cluster.values())
    gold_size = Counter(gold.values())
    cells = Counter((cluster[item], label) for item, label in gold.items())
    n = len(gold)
    precision = sum((Fraction(m * m, predicted_size[c]) for (c, _), m in cells.items()), Fraction())
    recall = sum((Fraction(m * m, gold_size[g]) for (_, g), m in cells.items()), Fraction())
    precision, recall = precision / n, recall / n
    # Every item shares its cluster with itself, so P and R are at least 1/n.
    f1 = 2 * precision * recall / (precision + recall)
    return BCubed(float(precision), float(recall), float(f1), n)


def gold_of(docs: Sequence[StoryDoc]) -> dict[str, str]:
    """Document key -> gold story, the ``gold`` argument of :func:`bcubed`.

    Raises
    ------
    ValueError
        When two documents share a key.
    """
    _check_unique(docs)
    return {doc.key: doc.gold for doc in docs}


def _check_unique(docs: Sequence[StoryDoc]) -> None:
    seen: set[str] = set()
    for doc in docs:
        if doc.key in seen:
            raise ValueError(f"document key {doc.key!r} is used twice")
        seen.add(doc.key)


# ---------------------------------------------------------------- loading


_ECB_FOLDER = re.compile(r"(\d+)(ecb|ecbplus)")
_DIGITS = re.compile(r"(\d+)")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
_DAY = r"\d{1,2}(?:st|nd|rd|th)?"
# A full date only (day, month and year): the ECB+ field is free text from the
# page, and a bare "APR 28" or "In 2008, ... the 11th round" is not a date.
_FULL_DATE = re.compile(
    rf"\b(?:{_MONTH}\s+{_DAY},?\s+\d{{4}}|{_DAY}\s+{_MONTH},?\s+\d{{4}}"
    r"|\d{4}\s*-\s*\d{2}\s*-\s*\d{2}|\d{1,2}\s*/\s*\d{1,2}\s*/\s*(?:\d{4}|\d{2}))\b",
    re.IGNORECASE,
)
# ECB+ text is tokenised: "05 / 02 / 2013", "2013 - 09 - 26".
_SPACED_SEPARATOR = re.compile(r"\s*([/-])\s*")
_ORDINAL = re.compile(r"(?<=\d)(?:st|nd|rd|th)\b", re.IGNORECASE)


def _natural(text: str) -> list[int | str]:
    """Sort key that puts "1_9ecb" before "1_10ecb"."""
    # re.split with a group alternates text and digits, so positions compare like with like.
    return [int(part) if part.isdigit() else part for part in _DIGITS.split(text)]


def _ecb_date(raw: object) -> str | None:
    """The first full date in an ECB+ ``date_publish`` string, as ``YYYY-MM-DD``."""
    if not isinstance(raw, str):
        return None
    found = _FULL_DATE.search(raw)
    if found is None:
        return None
    span = _ORDINAL.sub("", _SPACED_SEPARATOR.sub(r"\1", found.group()))
    try:
        moment: datetime = dateutil_parser.parse(span, default=datetime(1, 1, 1))
    except (ValueError, OverflowError):
        return None
    day: date = moment.date()
    return day.isoformat()


def _ecb_url(raw: object) -> str | None:
    if not isinstance(raw, str):
        return None
    # Tokenisation spaced the URL out ("http : / / www. bbc. co. uk"); a URL has no spaces.
    return "".join(raw.split()) or None


def load_ecbplus(root: Path, *, metadata: bool = False) -> list[StoryDoc]:
    """Read the ECB+ articles under ``root``, one gold story per folder.

    The dump keeps an article's first sentence (usually the headline) in
    ``title`` and the rest in ``text``; where ``text`` is empty the article is
    that one sentence, and ``text`` repeats ``title`` so that no body is empty.

    Parameters
    ----------
    root : Path
        ``../shared/eval/ecbplus``, holding ``<topic><ecb|ecbplus>/*.json``.
    metadata : bool
        Also fill ``published`` and ``url``. Off by default because here they
        give the answer away: every ``ecbplus`` article has a URL and 222 of 249
        a date field, while no ``ecb`` article has either, so their mere presence
        splits the two events of every topic.

    Returns
    -------
    list of StoryDoc
        Key ``"<folder>/<file stem>"``, gold the folder, group the topic
        number; in natural order of folder, then file.

    Raises
    ------
    ValueError
        On a folder not named ``<topic><ecb|ecbplus>``, or an article without text.
    """
    docs: list[StoryDoc] = []
    folders = sorted(
        (p for p in Path(root).iterdir() if p.is_dir()), key=lambda p: _natural(p.name)
    )
    for folder in folders:
        named = _ECB_FOLDER.fullmatch(folder.name)
        if named is None:
            raise ValueError(f"{folder}: expected a folder named <topic><ecb|ecbplus>")
        for path in sorted(folder.glob("*.json"), key=lambda p: _natural(p.stem)):
            raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
            title = (raw.get("title") or "").strip()
            text = (raw.get("text") or "").strip() or title
            if not text:
                raise ValueError(f"{path}: neither title nor text")
            docs.append(
                StoryDoc(
                    key=f"{folder.name}/{path.stem}",
                    title=title,
                    text=text,
                    published=_ecb_date(raw.get("date_publish")) if metadata else None,
                    url=_ecb_url(raw.get("url")) if metadata else None,
                    gold=folder.name,
                    group=named.group(1),
                )
            )
    return docs


def load_gva(path: Path, limit: int | None = None, seed: int = 2020) -> list[StoryDoc]:
    """Read the articles of the GVA incidents, one gold story per incident.

    Parameters
    ----------
    path : Path
        ``../shared/eval/gva/incidents.jsonl``.
    limit : int or None
        How many incidents to keep, drawn with ``random.Random(seed).sample``
        over all incidents in file order (single-article ones included: they are
        the distractors); ``None`` keeps them all. Unlike
        ``_entity_scoring.pick_gva_incidents`` the draw is not restricted to
        incidents with two or more articles, so the same seed picks others.
    seed : int

    Returns
    -------
    list of StoryDoc
        Key ``"<incident_id>:<index>"``, gold and group the incident id,
        ``published`` the article's ``dct``; in file order, then article order.

    Raises
    ------
    ValueError
        When ``limit`` is negative or exceeds the number of incidents.
    """
    incidents: list[dict[str, Any]] = []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if line.strip():
                incidents.append(json.loads(line))
    if limit is not None:
        if not 0 <= limit <= len(incidents):
            raise ValueError(f"limit must be in 0..{len(incidents)}, got {limit}")
        chosen = set(random.Random(seed).sample(range(len(incidents)), limit))
        incidents = [incident for i, incident in enumerate(incidents) if i in chosen]
    docs: list[StoryDoc] = []
    for incident in incidents:
        incident_id = str(incident["incident_id"])
        for index, article in enumerate(incident.get("articles") or []):
            docs.append(
                StoryDoc(
                    key=f"{incident_id}:{index}",
                    title=(article.get("title") or "").strip(),
                    text=(article.get("content") or "").strip(),
                    published=article.get("dct") or None,
                    url=article.get("uri") or None,
                    gold=incident_id,
                    group=incident_id,
                )
            )
    return docs


# ---------------------------------------------------------------- baseline


def _cosine_distances(docs: Sequence[StoryDoc]) -> NDArray[np.float64]:
    """Dense cosine distances between the TF-IDF vectors of title and text."""
    texts = [doc.title if doc.text == doc.title else f"{doc.title}\n{doc.text}" for doc in docs]
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    # Rows are L2-normalised, so the Gram matrix holds the cosines. Going through
    # it keeps the vectors sparse: metric="cosine" would densify n x vocabulary
    # (3,161 x 25,000 float64, 630 MB for GVA) where this is n x n (80 MB).
    similarity = np.asarray((vectors @ vectors.T).toarray(), dtype=np.float64)
    distances: NDArray[np.float64] = np.clip(1.0 - similarity, 0.0, None)
    np.fill_diagonal(distances, 0.0)
    return distances


def _agglomerate(
    keys: Sequence[str], distances: NDArray[np.float64], threshold: float
) -> dict[str, str]:
    if len(keys) < 2:
        # AgglomerativeClustering refuses fewer than two samples.
        return {key: str(i) for i, key in enumerate(keys)}
    model = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="average",
        distance_threshold=threshold,
    )
    labels = model.fit_predict(distances)
    return {key: str(label) for key, label in zip(keys, labels, strict=True)}


def tfidf_agglomerative(docs: Sequence[StoryDoc], distance_threshold: float) -> dict[str, str]:
    """The baseline: TF-IDF vectors, average-linkage clustering on cosine distance.

    ``TfidfVectorizer(sublinear_tf=True, stop_words="english")`` over title and
    text, then ``AgglomerativeClustering(n_clusters=None, linkage="average",
    distance_threshold=distance_threshold)`` on precomputed cosine distances
    (the clustering ``metric="cosine"`` gives, up to rounding, without a dense
    copy of the vectors).

    Parameters
    ----------
    docs : sequence of StoryDoc
    distance_threshold : float
        Clusters closer than this (average cosine distance, 0 to 1) are merged.

    Returns
    -------
    dict[str, str]
        Document key -> cluster label.

    Raises
    ------
    ValueError
        When two documents share a key, or no document has a word outside the
        stop list.
    """
    _check_unique(docs)
    if not docs:
        return {}
    return _agglomerate([doc.key for doc in docs], _cosine_distances(docs), distance_threshold)


def best_baseline(
    docs: Sequence[StoryDoc], thresholds: Sequence[float] = DEFAULT_THRESHOLDS
) -> tuple[float, BCubed, dict[str, str]]:
    """The baseline at the threshold with the best B-cubed F1 against the docs' gold.

    The threshold is tuned on the very gold it is scored against, which no real
    run could do, so the figure flatters the baseline. That is the point: a
    clusterer worth having must beat the baseline given its best setting.

    Parameters
    ----------
    docs : sequence of StoryDoc
        Non-empty, keys unique.
    thresholds : sequence of float
        Tried in ascending order; a tie keeps the lowest.

    Returns
    -------
    threshold : float
    scores : BCubed
    predicted : dict[str, str]
        The clustering at ``threshold``, as :func:`tfidf_agglomerative` gives it.

    Raises
    ------
    ValueError
        When ``docs`` or ``thresholds`` is empty, or two documents share a key.
    """
    if not thresholds:
        raise ValueError("best_baseline needs at least one threshold")
    gold = gold_of(docs)
    if not gold:
        raise ValueError("best_baseline needs at least one document")
    keys = [doc.key for doc in docs]
    # One distance matrix serves every threshold; only the cut differs.
    distances = _cosine_distances(docs)
    runs = []
    for threshold in sorted(thresholds):
        predicted = _agglomerate(keys, distances, threshold)
        runs.append((threshold, bcubed(gold, predicted), predicted))
    # max keeps the first of equals, the lowest threshold.
    return max(runs, key=lambda run: run[1].f1)
