"""Scoring figure extraction: the two corpora, the rules that pick a prediction, the baselines.

Two corpora are read here, both from ``../shared/eval`` (never copied into the
repository):

- GVA (``gva/incidents.jsonl``): Gun Violence Archive incidents with the local
  news articles reporting each and the gold ``num_killed`` / ``num_injured``.
  GVA's counts are of its participants: ``num_killed`` equals the number of
  participants whose status is "Killed" on every incident of the file, and a
  suspect who is killed (by police, or by their own hand) is such a
  participant (113 incidents have one, and every one of them is counted), so
  "the gunman then killed himself" is one of the killed. Incidents whose gold
  is null (111 of 1,809) are not scored.
- IDETECT (``displacement/idetect.csv``): excerpts of humanitarian reports,
  each with one gold displacement figure (``Quantity``), its ``Term`` and its
  ``Unit`` (People or Households).

What is predicted from newsfuse's output is chosen by fixed, documented rules
(:func:`pick_group`, :func:`pick_figure`, :data:`TERMS`, :func:`unit_of`),
next to naive baselines (:func:`baseline_count`, :func:`largest_number`).
:func:`count_scores` and :func:`error_kind` score counts against gold.
:func:`with_mentions` caches what the entities stage finds, per corpus.
"""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import pickle
import random
import re
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

from newsfuse.model import Article, Figure, FigureGroup, Mention
from newsfuse.stages.analyse.figures import extract_figures

__all__ = [
    "CASUALTY_WORDS",
    "DISPLACEMENT_KINDS",
    "NUMBER_WORDS",
    "TERMS",
    "CountScores",
    "Excerpt",
    "GvaArticle",
    "Incident",
    "baseline_count",
    "count_scores",
    "error_kind",
    "gold_not_stated",
    "historical",
    "largest_number",
    "load_idetect",
    "load_incidents",
    "numbers_in",
    "pick_figure",
    "pick_group",
    "term_of",
    "unit_of",
    "with_mentions",
]

# ---------------------------------------------------------------- GVA


@dataclass(frozen=True, slots=True)
class GvaArticle:
    """One news article of a GVA incident, as the file gives it."""

    key: str
    title: str
    text: str
    published: str | None
    url: str | None


@dataclass(frozen=True, slots=True)
class Incident:
    """A GVA incident: its gold counts and the articles reporting it (key ``<id>:<index>``)."""

    id: str
    killed: int
    injured: int
    articles: tuple[GvaArticle, ...]


def load_incidents(
    path: Path, limit: int | None = None, seed: int = 2020
) -> tuple[list[Incident], int]:
    """The incidents of ``path`` that have a gold, and how many had none.

    ``limit`` keeps that many of them, drawn with ``random.Random(seed).sample``
    and kept in file order; ``None`` keeps all.

    Raises
    ------
    ValueError
        When ``limit`` is negative or larger than the number of incidents with a gold.
    """
    incidents: list[Incident] = []
    without = 0
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            raw: dict[str, Any] = json.loads(line)
            gold = raw.get("gold")
            if not gold or gold.get("num_killed") is None or gold.get("num_injured") is None:
                without += 1
                continue
            incident_id = str(raw["incident_id"])
            articles = tuple(
                GvaArticle(
                    key=f"{incident_id}:{index}",
                    title=(item.get("title") or "").strip(),
                    text=(item.get("content") or "").strip(),
                    published=item.get("dct") or None,
                    url=item.get("uri") or None,
                )
                for index, item in enumerate(raw.get("articles") or [])
            )
            incidents.append(
                Incident(incident_id, int(gold["num_killed"]), int(gold["num_injured"]), articles)
            )
    if limit is not None:
        if not 0 <= limit <= len(incidents):
            raise ValueError(f"limit must be in 0..{len(incidents)}, got {limit}")
        chosen = set(random.Random(seed).sample(range(len(incidents)), limit))
        incidents = [incident for i, incident in enumerate(incidents) if i in chosen]
    return incidents, without


#: People are counted; homes and households are not casualties.
_NOT_PEOPLE = frozenset({"homes", "buildings", "households"})


def historical(group: FigureGroup, earliest: str | None) -> bool:
    """True when a group speaks of another time than the incident's reports.

    Its as-of (a day, a month such as "in May", or a year such as "in 2012")
    ended more than 30 days before the incident's earliest article; a month or
    a year with no article date to compare with is historical too.
    """
    if group.as_of is None:
        return False
    last = _last_day(group.as_of)
    if earliest is None or len(earliest) < 10:
        return len(group.as_of) < 10
    try:
        first = date.fromisoformat(earliest[:10])
    except ValueError:
        return False
    return last is not None and (first - last).days > 30


def _last_day(as_of: str) -> date | None:
    """The last day an as-of date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) stands for."""
    try:
        if len(as_of) >= 10:
            return date.fromisoformat(as_of[:10])
        if len(as_of) == 7:
            year, month = int(as_of[:4]), int(as_of[5:7])
            return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        if len(as_of) == 4:
            return date(int(as_of), 12, 31)
    except ValueError:
        return None
    return None


def pick_group(
    groups: Iterable[FigureGroup], kind: str, earliest: str | None = None
) -> FigureGroup | None:
    """The incident's reconciled figure of ``kind`` ("killed", "injured"), or None.

    Among the groups of that kind that count people (not homes or households),
    are not :func:`historical` and have an estimate: the one with the most
    independent sources; ties go to the larger ``best``, then to the group id
    (so the choice never depends on order).
    """
    eligible = [
        group
        for group in groups
        if group.kind == kind
        and group.subject not in _NOT_PEOPLE
        and group.best is not None
        and not historical(group, earliest)
    ]
    if not eligible:
        return None
    return max(eligible, key=lambda g: (g.sources, g.best or 0.0, g.id))


#: Words the naive baseline reads as numbers.
NUMBER_WORDS: Mapping[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
#: The words the baseline looks for a number near, per kind.
CASUALTY_WORDS: Mapping[str, frozenset[str]] = {
    "killed": frozenset({"killed", "dead"}),
    "injured": frozenset({"injured", "wounded", "hurt"}),
}
#: How many words either side of a casualty word the baseline looks.
BASELINE_WINDOW = 4
_TOKEN = re.compile(r"[A-Za-z]+|\d[\d,]*")


def baseline_count(texts: Iterable[str], kind: str, window: int = BASELINE_WINDOW) -> int:
    """The naive baseline: the largest number within ``window`` words of a ``kind`` word, else 0.

    Words are runs of letters or of digits (with thousands commas); a number
    is a run of digits below 1,000 (so that years and street numbers are not
    read as counts) or a word of :data:`NUMBER_WORDS`; "a 19-year-old" holds
    the word "19" and so counts too. The casualty words are
    :data:`CASUALTY_WORDS` (case-insensitive). The largest over all ``texts``.
    """
    words = CASUALTY_WORDS[kind]
    best = 0
    for text in texts:
        tokens = [t.lower() for t in _TOKEN.findall(text)]
        values: list[int | None] = []
        for token in tokens:
            if token[0].isdigit():
                number = int(token.replace(",", "") or "0")
                values.append(number if number < 1000 else None)
            else:
                values.append(NUMBER_WORDS.get(token))
        for index, token in enumerate(tokens):
            if token not in words:
                continue
            near = values[max(0, index - window) : index + window + 1]
            best = max([best, *(v for v in near if v is not None)])
    return best


@dataclass(frozen=True, slots=True)
class CountScores:
    """Exact-match accuracy and mean absolute error of predicted counts over ``n`` items."""

    n: int
    exact: float
    mae: float

    def to_dict(self) -> dict[str, float | int]:
        return {"n": self.n, "exact": round(self.exact, 4), "mae": round(self.mae, 4)}


def count_scores(gold: Sequence[int], predicted: Sequence[int]) -> CountScores:
    """Exact-match accuracy and MAE of ``predicted`` against ``gold``, item by item.

    Raises
    ------
    ValueError
        When the two differ in length or are empty.
    """
    if len(gold) != len(predicted):
        raise ValueError(f"{len(gold)} gold counts but {len(predicted)} predicted")
    if not gold:
        raise ValueError("no counts to score")
    exact = sum(g == p for g, p in zip(gold, predicted, strict=True)) / len(gold)
    mae = sum(abs(g - p) for g, p in zip(gold, predicted, strict=True)) / len(gold)
    return CountScores(len(gold), exact, mae)


def error_kind(gold: int, predicted: int) -> str | None:
    """``missed`` (nothing for a gold above 0), ``too low``, ``too high``; None if right."""
    if predicted == gold:
        return None
    if predicted == 0:
        return "missed"
    return "too low" if predicted < gold else "too high"


# ---------------------------------------------------------------- IDETECT


@dataclass(frozen=True, slots=True)
class Excerpt:
    """One IDETECT excerpt and its gold figure."""

    id: str
    text: str
    quantity: float
    term: str
    unit: str
    location: str
    country: str


def load_idetect(path: Path, limit: int | None = None) -> list[Excerpt]:
    """The excerpts of ``idetect.csv``, in file order; the first ``limit`` when given."""
    excerpts: list[Excerpt] = []
    with Path(path).open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            excerpts.append(
                Excerpt(
                    id=row["excerpt_id"],
                    text=row["excerpt"],
                    quantity=float(row["Quantity"].replace(",", "")),
                    term=row["Term"].strip(),
                    unit=row["Unit"].strip(),
                    location=row.get("Location", "").strip(),
                    country=row.get("Country", "").strip(),
                )
            )
    return excerpts if limit is None else excerpts[:limit]


#: Figure kinds of the displacement family, in the order a tie is broken.
DISPLACEMENT_KINDS: tuple[str, ...] = (
    "displaced",
    "evacuated",
    "sheltered",
    "relocated",
    "destroyed",
    "damaged",
)
#: newsfuse's kinds -> IDETECT's terms. A ``displaced`` figure is refined by
#: the word that made it (see :func:`term_of`).
TERMS: Mapping[str, str] = {
    "displaced": "Displaced",
    "evacuated": "Evacuated",
    "sheltered": "Sheltered",
    "relocated": "Relocated",
    "destroyed": "Destroyed Housing",
    "damaged": "Partially Destroyed Housing",
}
# The displacement word nearest a ``displaced`` figure, and the term it means.
_DISPLACED_REFINED = (
    (re.compile(r"\bfle(?:e|d|eing|es)\b|\bforced to\b", re.IGNORECASE), "Forced to Flee"),
    (re.compile(r"\bhomeless\b", re.IGNORECASE), "Homeless"),
    (re.compile(r"\b(?:relief|displacement|evacuation|IDP)\s+camps?\b", re.I), "In Relief Camp"),
    (re.compile(r"\bdisplac\w*|\buprooted\b|\bout of their homes\b", re.I), "Displaced"),
)


_SHELTER_REFINED = (
    (re.compile(r"\bcamps?\b", re.IGNORECASE), "In Relief Camp"),
    (re.compile(r"\bshelter\w*|\brefuge\b|\bcent(?:re|er)s?\b", re.IGNORECASE), "Sheltered"),
)


def _nearest(figure: Figure, text: str, table: Sequence[tuple[re.Pattern[str], str]]) -> str | None:
    start, end = figure.evidence.start, figure.evidence.end
    best: tuple[int, str] | None = None
    for pattern, refined in table:
        for found in pattern.finditer(text, start, end):
            if found.end() <= figure.span.start:
                distance = figure.span.start - found.end()
            else:
                distance = max(0, found.start() - figure.span.end)
            if best is None or distance < best[0]:
                best = (distance, refined)
    return best[1] if best else None


def term_of(figure: Figure, text: str) -> str | None:
    """The IDETECT term of ``figure`` (of an article whose clean text is ``text``).

    :data:`TERMS` by kind; a ``displaced`` figure takes the term of the
    displacement word nearest to it in its evidence sentence: "fled" /
    "forced to flee" -> Forced to Flee, "homeless" -> Homeless, "relief camp"
    -> In Relief Camp, "displaced" -> Displaced; a ``sheltered`` one "camp(s)"
    -> In Relief Camp, "shelter", "refuge", "centre" -> Sheltered. None for
    another kind.
    """
    term = TERMS.get(figure.kind)
    if figure.kind == "displaced":
        return _nearest(figure, text, _DISPLACED_REFINED) or term
    if figure.kind == "sheltered":
        return _nearest(figure, text, _SHELTER_REFINED) or term
    return term


def unit_of(figure: Figure) -> str:
    """IDETECT's unit: ``Households`` for a count of households or families, else ``People``."""
    return "Households" if figure.subject == "households" else "People"


def pick_figure(figures: Sequence[Figure]) -> Figure | None:
    """The figure an excerpt is scored on: the first displacement-family figure with a value.

    Figures of :data:`DISPLACEMENT_KINDS` that are counts (not shares) with a
    value, in text order; the first one, since IDETECT's excerpts lead with
    their figure. None when there is none.
    """
    for figure in sorted(figures, key=lambda f: f.span.start):
        value = figure.low if figure.low is not None else figure.high
        if figure.kind in DISPLACEMENT_KINDS and value is not None:
            return figure
    return None


_NUMBER = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?:\s*(million|thousand|billion)\b)?",
    re.IGNORECASE,
)
_MULTIPLIERS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def numbers_in(text: str) -> list[float]:
    """Every number written in digits in ``text``, a following "thousand"/"million" applied.

    Thousands commas are read ("260,000"); a four-digit number from 1900 to
    2099 without a comma is taken for a year and left out.
    """
    values: list[float] = []
    for found in _NUMBER.finditer(text):
        digits, multiplier = found.group(1), found.group(2)
        value = float(digits.replace(",", ""))
        if multiplier is None and re.fullmatch(r"(?:19|20)\d\d", digits):
            continue
        values.append(value * _MULTIPLIERS[multiplier.lower()] if multiplier else value)
    return values


def largest_number(text: str) -> float | None:
    """The displacement baseline: the largest of :func:`numbers_in`, or None."""
    return max(numbers_in(text), default=None)


def gold_not_stated(gold: float, stated: Iterable[float]) -> bool:
    """True when the gold value is none of the values the excerpt states."""
    return all(abs(value - gold) > 1e-9 * max(1.0, gold) for value in stated)


# ---------------------------------------------------------------- the entities cache


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def _source_hash(modules: Iterable[ModuleType]) -> list[str]:
    return [
        hashlib.sha256(Path(module.__file__ or "").read_bytes()).hexdigest() for module in modules
    ]


def timed_figures(articles: Sequence[Article], convention: str, repeat: int = 3) -> float:
    """Seconds of the fastest of ``repeat`` passes of ``extract_figures`` over ``articles``."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for article in articles:
            extract_figures(article, convention)
        best = min(best, time.perf_counter() - start)
    return best


def with_mentions(
    name: str,
    articles: Sequence[Article],
    recognize: Callable[[Sequence[Article]], list[Article]],
    *,
    cache: Path,
    depends: Mapping[str, Any],
    code: Iterable[ModuleType] = (),
    refresh: bool = False,
) -> tuple[list[Article], float, bool]:
    """``articles`` with their mentions, from the cache when it holds them, else recognised.

    The cache file is ``cache/figures-<name>-<key>.pkl``, ``key`` a hash of
    ``depends`` (corpus files, limits, model and versions), of the source of
    the ``code`` modules (the entities stage and what its input depends on)
    and of every article's id and clean text, so a change to any of them
    recomputes. Returns the articles, the seconds recognition took (when it
    was first run, for a cached result) and whether the cache was used.
    """
    texts = hashlib.sha256()
    for article in articles:
        texts.update(f"{article.id}\0{article.text}\0".encode())
    parts = {
        "name": name,
        "depends": {key: repr(value) for key, value in sorted(depends.items())},
        "code": _source_hash(code),
        "spacy": _version("spacy"),
        "texts": texts.hexdigest(),
    }
    key = hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]
    path = cache / f"figures-{name}-{key}.pkl"
    if path.exists() and not refresh:
        with path.open("rb") as handle:
            stored: dict[str, Any] = pickle.load(handle)
        mentions: list[tuple[Mention, ...]] = stored["mentions"]
        done = [replace(a, mentions=m) for a, m in zip(articles, mentions, strict=True)]
        return done, float(stored["seconds"]), True
    start = time.perf_counter()
    done = recognize(articles)
    seconds = time.perf_counter() - start
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump({"mentions": [a.mentions for a in done], "seconds": seconds}, handle)
    return done, seconds, False
