"""Reconciliation: how the figures of a story's sources relate, and one estimate per group.

Figures are comparable when they count the same thing: the same kind (homes
"damaged" and "destroyed" are compared with each other, and the difference in
wording is reported), the same subject class (civilians, soldiers, fighters,
people, homes) and the same side, at as-of dates no more than ``max_gap_days``
apart (chained). A figure whose side is not stated joins the one group of its
kind and subject that has a side, when there is exactly one.

Each group gets a status:

``single``
    One independent source (copies of one report count once) and one value.
``agree``
    Every value is compatible with every other: their ranges overlap, a range
    being the bounds the words commit to ("more than 300" is 300 and up;
    "about 140,000" and "nearly 400" are read as within 10% of the number).
``update``
    The values conflict, but in date order they never go down: a later running
    total supersedes an earlier one ("158 soldiers" on 3 October, "350
    military casualties" on 9 October).
``disagree``
    The values conflict at the same time, or go down over time.

Events of a story's articles that tell one event (same type, compatible
dates, the same place or else a shared actor) are merged into one event with the
evidence of every article that reports it; see :func:`merge_events`.

Increments ("another 54") and shares ("half of the population") are kept in
their group as evidence but are not compared. The estimate follows the
convention of the vague words: ``low`` is the largest lower bound of the
latest figures when they agree, else the smallest any independent source
gives; ``high`` the matching upper bound (None when open); ``best`` the
median of the independent sources' values at the latest date (the lower
median: conservative, as ACLED's coding is).
"""

from __future__ import annotations

import hashlib
import itertools
import statistics
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date

from newsfuse.model import Article, Event, Figure, FigureGroup
from newsfuse.stages.copies import source_groups

__all__ = ["SUBJECT_CLASSES", "merge_events", "reconcile_figures"]

#: Subjects counted together.
SUBJECT_CLASSES: Mapping[str, str] = {
    "people": "people",
    "residents": "people",
    "households": "households",
    "civilians": "civilians",
    "children": "civilians",
    "women": "civilians",
    "men": "people",
    "journalists": "journalists",
    "soldiers": "soldiers",
    "police": "police",
    "fighters": "fighters",
    "homes": "homes",
    "buildings": "homes",
}
#: Kinds compared with each other, under the first's name.
_KIND_FAMILIES: Mapping[str, str] = {"damaged": "damaged", "destroyed": "damaged"}
_LATEST = 1 << 30
#: Subjects whose counts are each side's own (a side reports its soldiers' deaths,
#: its homes destroyed).
_OWN_COUNTS = frozenset({"soldiers", "fighters", "police", "homes"})
#: How far "about" and "nearly" reach from their number.
_FUZZ = 0.1


@dataclass(frozen=True, slots=True)
class _Value:
    figure: Figure
    article: str
    source: str
    low: float
    high: float  # inf when open
    point: float
    day: int | None


def _day(value: str | None) -> int | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10]).toordinal()
    except ValueError:
        return None


def _bounds(figure: Figure) -> tuple[float, float, float] | None:
    """(low, high, point) a figure commits to, or None for a share or an open range."""
    low, high, qualifier = figure.low, figure.high, figure.qualifier
    if low is None and high is None:
        return None
    if qualifier in {"about"} and low is not None:
        return low * (1 - _FUZZ), (high or low) * (1 + _FUZZ), low
    if qualifier == "nearly" and low is not None:
        return low * (1 - _FUZZ), high or low, low
    if low is None:
        assert high is not None
        return 0.0, high, high
    upper = float("inf") if high is None else high
    return low, upper, low if high is None else (low + high) / 2


def _group_key(figure: Figure) -> tuple[str, str, str | None]:
    kind = _KIND_FAMILIES.get(figure.kind, figure.kind)
    return kind, SUBJECT_CLASSES.get(figure.subject, figure.subject), figure.side


def reconcile_figures(
    story_id: str,
    articles: Sequence[Article],
    *,
    max_gap_days: int = 7,
    entity_names: Mapping[str, str] | None = None,
) -> list[FigureGroup]:
    """The figure groups of one story's ``articles``, ordered by kind, subject, side, date.

    ``entity_names`` (entity id to name) lets explanations name a speaker by
    their entity's name ("Artak Beglaryan") rather than by one article's
    spelling ("Artak Bulgarian").
    """
    if entity_names:
        articles = [_canonical_speakers(article, entity_names) for article in articles]
    sources = source_groups(articles)
    keyed: dict[tuple[str, str, str | None], list[tuple[Figure, str]]] = defaultdict(list)
    for article in articles:
        for figure in article.figures:
            keyed[_group_key(figure)].append((figure, article.id))
    # A combatants' toll (or a count of homes) with no side joins the one side
    # that counts its own.
    for key in sorted((k for k in keyed if k[2] is None and k[1] in _OWN_COUNTS), key=str):
        sided = [k for k in keyed if k[:2] == key[:2] and k[2] is not None]
        if len(sided) == 1:
            keyed[sided[0]].extend(keyed.pop(key))
    populations = [
        (figure, article) for figure, article in keyed.get(("population", "people", None), [])
    ] + [m for k, members in keyed.items() if k[0] == "population" and k[2] for m in members]
    groups: list[FigureGroup] = []
    for key in sorted(keyed, key=lambda k: (k[0], k[1], k[2] or "")):
        for members in _by_time(keyed[key], max_gap_days):
            groups.append(_group(story_id, key, members, sources, populations))
    return groups


def _canonical_speakers(article: Article, entity_names: Mapping[str, str]) -> Article:
    """``article`` with each figure's speaker named as its entity, when it is a name."""
    by_span = {m.span: m for m in article.mentions}
    figures = []
    for figure in article.figures:
        mention = by_span.get(figure.speaker_span) if figure.speaker_span else None
        name = entity_names.get(mention.entity or "") if mention else None
        # Only a speaker given by name: "Authorities in Baku" stays as written.
        if mention and name and figure.speaker in {mention.text, mention.name}:
            figure = replace(figure, speaker=name)
        figures.append(figure)
    return replace(article, figures=tuple(figures))


def _by_time(
    members: list[tuple[Figure, str]], max_gap_days: int
) -> Iterable[list[tuple[Figure, str]]]:
    """Runs of members whose as-of dates lie within ``max_gap_days`` of the next.

    An as-of that is only a year, a month or a decade (a historical figure)
    is its own run per value; an unknown one (an undated article) joins the
    latest run: news reports the current state.
    """
    dated = sorted(
        members, key=lambda m: (_day(m[0].as_of) or 0, m[0].as_of or "", m[1], m[0].span.start)
    )
    coarse: dict[str, list[tuple[Figure, str]]] = defaultdict(list)
    undated: list[tuple[Figure, str]] = []
    run: list[tuple[Figure, str]] = []
    runs: list[list[tuple[Figure, str]]] = []
    last: int | None = None
    for member in dated:
        day = _day(member[0].as_of)
        if day is None:
            (coarse[member[0].as_of] if member[0].as_of else undated).append(member)
            continue
        if run and day is not None and last is not None and day - last > max_gap_days:
            runs.append(run)
            run = []
        run.append(member)
        if day is not None:
            last = day
    run.extend(undated)
    if run:
        runs.append(run)
    runs.extend(coarse[key] for key in sorted(coarse))
    return runs


def _group(
    story_id: str,
    key: tuple[str, str, str | None],
    members: list[tuple[Figure, str]],
    sources: Mapping[str, str],
    populations: Sequence[tuple[Figure, str]] = (),
) -> FigureGroup:
    kind, subject, side = key
    values: list[_Value] = []
    for figure, article in members:
        bounds = _bounds(figure)
        if bounds is None or figure.cumulative is False:
            continue
        values.append(
            _Value(figure, article, sources.get(article, article), *bounds, _day(figure.as_of))
        )
    status, explanation = _status(values, members)
    if status == "disagree" and kind != "population":
        explanation += _population_note(values, populations)
    low, best, high = _estimate(values, status)
    figures = tuple(figure.id for figure, _ in members)
    articles = tuple(sorted({article for _, article in members}))
    digest = hashlib.sha1(f"{story_id}:{':'.join(sorted(figures))}".encode()).hexdigest()
    as_of = max((f.as_of for f, _ in members if f.as_of), default=None)
    return FigureGroup(
        id="g" + digest[:12],
        story=story_id,
        kind=kind,
        subject=subject,
        status=status,
        explanation=explanation,
        figures=figures,
        low=low,
        best=best,
        high=high,
        sources=len({sources.get(article, article) for _, article in members}),
        articles=articles,
        side=side,
        as_of=as_of,
    )


def _population_note(values: Sequence[_Value], populations: Sequence[tuple[Figure, str]]) -> str:
    """Says when a disputed value is also stated as a population: a likely misreading."""
    notes = []
    for figure, article in populations:
        size = figure.low or figure.high
        if not size:
            continue
        for value in values:
            if abs(value.point - size) <= _FUZZ * size:
                where = f" of {figure.side}" if figure.side else ""
                notes.append(
                    f"{_text(value)!r} is also the population{where} in {article[:8]}"
                    f" ({figure.text!r})"
                )
                break
    return f"; note: {'; '.join(sorted(set(notes)))}" if notes else ""


def _compatible(values: Sequence[_Value]) -> bool:
    return max(v.low for v in values) <= min(v.high for v in values)


def _status(values: Sequence[_Value], members: Sequence[tuple[Figure, str]]) -> tuple[str, str]:
    kinds = sorted({figure.kind for figure, _ in members})
    wording = (
        f"; worded as {' and '.join(repr(k) for k in kinds)} by different sources"
        if len(kinds) > 1
        else ""
    )
    independent = {v.source for v in values}
    if not values:
        return "single", "no comparable value (shares or increments only)" + wording
    if len(independent) == 1 and len({(v.low, v.high) for v in values}) == 1:
        return "single", f"{_text(values[0])}, from one source{wording}"
    if _compatible(values) and not wording:
        return "agree", f"{len(independent)} sources agree: " + _listing(values)
    if wording and _compatible(values):
        return "disagree", f"the same count, {wording[2:]}: " + _listing(values)
    if _never_down(values):
        ordered = sorted(values, key=lambda v: (v.day or _LATEST, v.point))
        return "update", (
            f"rose from {_text(ordered[0])} ({_when(ordered[0])}) "
            f"to {_text(ordered[-1])} ({_when(ordered[-1])}): " + _listing(values)
        )
    return "disagree", "incompatible values: " + _listing(values)


def _when(value: _Value) -> str:
    return value.figure.as_of or "undated report"


def _never_down(values: Sequence[_Value]) -> bool:
    """True when values of different dates conflict only by growing, never at one date."""
    by_day: dict[int, list[_Value]] = defaultdict(list)
    latest = max((v.day for v in values if v.day is not None), default=None)
    if latest is None:
        return False
    for value in values:
        # An undated report (its article has no date) stands for the latest state.
        by_day[latest if value.day is None else value.day].append(value)
    if len(by_day) < 2:
        return False
    days = sorted(by_day)
    for day in days:
        if not _compatible(by_day[day]):
            return False
    for earlier, later in itertools.pairwise(days):
        if max(v.low for v in by_day[later]) < max(v.low for v in by_day[earlier]):
            return False
    return True


def _estimate(
    values: Sequence[_Value], status: str
) -> tuple[float | None, float | None, float | None]:
    if not values:
        return None, None, None
    if status == "update":
        latest = max(v.day or 0 for v in values)
        values = [v for v in values if v.day is None or v.day == latest]
    if status in {"agree", "single", "update"} and _compatible(values):
        low = max(v.low for v in values)
        high = min(v.high for v in values)
    else:
        low = min(v.low for v in values)
        high = max(v.high for v in values)
    points = sorted(_per_source(values))
    best = statistics.median_low(points)
    best = min(max(best, low), high)
    return _clean(low), _clean(best), _clean(high)


def _per_source(values: Sequence[_Value]) -> list[float]:
    """One value per independent source: its highest point (its latest word)."""
    by_source: dict[str, float] = {}
    for value in values:
        by_source[value.source] = max(by_source.get(value.source, value.point), value.point)
    return list(by_source.values())


def _clean(value: float) -> float | None:
    if value == float("inf"):
        return None
    return round(value, 2)


def _text(value: _Value) -> str:
    return value.figure.text or f"{value.point:g}"


def _listing(values: Sequence[_Value]) -> str:
    seen: dict[str, list[str]] = {}
    for value in sorted(values, key=lambda v: (v.day or 0, v.article, v.figure.span.start)):
        label = value.figure.text
        who = value.figure.speaker
        where = value.article[:8] + (f" ({who})" if who else "")
        seen.setdefault(label, [])
        if where not in seen[label]:
            seen[label].append(where)
    return "; ".join(f"{label!r} in {', '.join(where)}" for label, where in seen.items())


# -- events --------------------------------------------------------------------------

#: Date precisions that pin an event down; "reported" only says "by then".
_PINNED = frozenset({"day", "week", "month", "year"})


def _dates_fit(a: Event, b: Event) -> bool:
    if a.date_precision in _PINNED and b.date_precision in _PINNED:
        return a.date == b.date
    if a.date is None or b.date is None:
        return True
    # A "reported" date is when the article said it had happened: the event
    # falls on or before it, so a pinned date no later than it fits.
    pinned, reported = (a, b) if a.date_precision in _PINNED else (b, a)
    if pinned.date_precision not in _PINNED:
        return abs((_day(a.date) or 0) - (_day(b.date) or 0)) <= 1
    return (pinned.date or "")[:10] <= (reported.date or "")[:10]


def _fits(merged: Event, event: Event) -> bool:
    """Same type, compatible dates, and the same place, or else an actor in common.

    Two reports of one meeting name different participants ("Lavrov", "the
    Armenian foreign minister"), so a shared place is enough; without a place
    on both sides, a shared actor (or none named) must tie them.
    """
    if merged.type != event.type or not _dates_fit(merged, event):
        return False
    if merged.place and event.place:
        return merged.place == event.place
    return not merged.actors or not event.actors or bool(set(merged.actors) & set(event.actors))


def merge_events(story_id: str, articles: Sequence[Article]) -> list[Event]:
    """One event per distinct happening across ``articles``, with all its evidence.

    Events are taken in article order; each joins the first merged event it
    fits, else starts one. A merged event takes the most precise date and the
    first named place among its reports; it is ``alleged`` only if every
    report calls it so.
    """
    merged: list[Event] = []
    for article in articles:
        for event in article.events:
            for index, candidate in enumerate(merged):
                if _fits(candidate, event):
                    merged[index] = _merge(candidate, event)
                    break
            else:
                merged.append(event)
    result = []
    for event in merged:
        evidence = tuple(sorted(event.evidence, key=lambda s: (s.article, s.start)))
        key = ":".join(f"{s.article}:{s.start}" for s in evidence)
        digest = hashlib.sha1(f"{story_id}:{event.type}:{key}".encode()).hexdigest()
        result.append(replace(event, id="x" + digest[:12], evidence=evidence, story=story_id))
    return sorted(result, key=lambda e: (e.date or "~", e.type, e.id))


def _merge(a: Event, b: Event) -> Event:
    precise = a if a.date_precision in _PINNED or b.date_precision not in _PINNED else b
    actors = dict(zip(a.actors, a.actor_spans, strict=False))
    for name, span in zip(b.actors, b.actor_spans, strict=False):
        actors.setdefault(name, span)
    return replace(
        a,
        evidence=(*a.evidence, *b.evidence),
        actors=tuple(actors),
        actor_spans=tuple(actors.values()),
        place=a.place or b.place,
        place_name=a.place_name if a.place else b.place_name,
        date=precise.date,
        date_precision=precise.date_precision,
        alleged=a.alleged and b.alleged,
    )
