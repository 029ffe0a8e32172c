"""The one data model every stage of newsfuse reads and writes.

Records are frozen, slotted dataclasses: stages derive new records with
:func:`dataclasses.replace` instead of mutating shared ones, so a batch can be
handed to another process (or a Spark task) and back without surprises.

Every extracted item carries provenance as a :class:`Span`: the id of the
article it came from and character offsets into that article's *clean* text
(``Article.text``), so ``article.text[span.start:span.end]`` is the evidence.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, fields
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Attribute",
    "Coverage",
    "DatePrecision",
    "Dossier",
    "Entity",
    "Event",
    "Figure",
    "FigureGroup",
    "Mention",
    "Merge",
    "Place",
    "Quantity",
    "Quote",
    "RawDoc",
    "RemovedSegment",
    "ResolvedDate",
    "Reuse",
    "Span",
    "SpeakerQuotes",
    "Story",
    "StoryFeatures",
    "StoryMember",
    "SummarySentence",
    "TimelineEntry",
    "article_id",
]

#: Bumped whenever a stored or exported record changes shape.
SCHEMA_VERSION = 3


class DatePrecision(StrEnum):
    """How much of a publication date the source actually stated."""

    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    MINUTE = "minute"
    SECOND = "second"


@dataclass(frozen=True, slots=True)
class Span:
    """Provenance of an extracted item: ``article``'s clean text ``[start:end]``."""

    article: str
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"invalid span {self.start}:{self.end} in article {self.article}")


@dataclass(frozen=True, slots=True)
class RemovedSegment:
    """A piece of extracted text that cleaning cut, and why.

    ``at`` is the offset in the clean text where the segment stood, so a viewer
    can show each cut in place. Segments whose ``reason`` is a metadata rule
    (``title``, ``byline``, ``dateline``, ``credit``, ``site-prefix``) were moved
    into the article's metadata rather than thrown away.
    """

    text: str
    reason: str
    at: int = 0


@dataclass(frozen=True, slots=True)
class RawDoc:
    """One document as a source read it, before any extraction.

    Exactly one of ``text`` and ``html`` is set. ``origin`` names where it came
    from for error messages and for ``Article.path``: a file path, with
    ``#line=N`` for JSONL and ``#offset=N`` for WARC records.
    """

    origin: str
    text: str | None = None
    html: str | None = None
    url: str | None = None
    title: str | None = None
    author: str | None = None
    published: str | None = None
    site: str | None = None
    #: The text file convention of most news dumps: the first line is the headline.
    title_first_line: bool = True

    def __post_init__(self) -> None:
        if (self.text is None) == (self.html is None):
            raise ValueError(f"{self.origin}: a RawDoc needs exactly one of text and html")


_WS = re.compile(r"\s+")


def article_id(raw_text: str, url: str | None = None) -> str:
    """Stable id: a hash of the article's normalised text and, when known, its URL.

    Whitespace and Unicode normalisation keep the id stable across re-ingests of
    the same content; the URL keeps two sites' word-for-word copies of one wire
    report apart, so copy detection can still see both sources.
    """
    normal = _WS.sub(" ", unicodedata.normalize("NFC", raw_text)).strip()
    digest = hashlib.sha256(f"{url or ''}\n{normal}".encode()).hexdigest()
    return digest[:16]


@dataclass(frozen=True, slots=True)
class Reuse:
    """Text an article shares with an earlier one (its ``source``).

    ``kind`` is ``"duplicate"`` when the two texts are near-identical (a wire
    story reprinted), ``"partial"`` when the article embeds a large block of
    the source. ``shared`` is the fraction of the reusing article's word
    shingles found in the source; ``jaccard`` the shingle Jaccard similarity
    of the two texts. Both are measured exactly, never estimated.
    """

    source: str
    kind: str
    shared: float
    jaccard: float


@dataclass(frozen=True, slots=True)
class Article:
    """A news article: metadata, the extracted text and the cleaned text."""

    id: str
    path: str
    raw_text: str
    text: str = ""
    url: str | None = None
    site: str | None = None
    title: str | None = None
    author: str | None = None
    #: ISO 8601, as precise as ``date_precision`` says and no more.
    published: str | None = None
    date_precision: DatePrecision | None = None
    language: str | None = None
    #: Agency or outlet credited for the text ("France 24 / AFP").
    credit: str | None = None
    removed: tuple[RemovedSegment, ...] = ()
    #: Filled by the entities stage: named-entity mentions in ``text``.
    mentions: tuple[Mention, ...] = ()
    #: Filled by story clustering: the story the article belongs to.
    story: str | None = None
    #: The earliest article this one is a near-copy of (a syndicated wire story).
    duplicate_of: str | None = None
    #: Every earlier article whose text this one reuses, whole or in part.
    derived_from: tuple[Reuse, ...] = ()
    #: Filled by the analysers: quantitative claims, speech and events in ``text``.
    figures: tuple[Figure, ...] = ()
    quotes: tuple[Quote, ...] = ()
    events: tuple[Event, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["removed"] = [asdict(segment) for segment in self.removed]
        data["derived_from"] = [asdict(reuse) for reuse in self.derived_from]
        data["mentions"] = [mention.to_dict() for mention in self.mentions]
        data["figures"] = [figure.to_dict() for figure in self.figures]
        data["quotes"] = [quote.to_dict() for quote in self.quotes]
        data["events"] = [event.to_dict() for event in self.events]
        data["date_precision"] = self.date_precision.value if self.date_precision else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Article:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["removed"] = tuple(RemovedSegment(**seg) for seg in data.get("removed", ()))
        values["derived_from"] = tuple(Reuse(**reuse) for reuse in data.get("derived_from", ()))
        values["mentions"] = tuple(Mention.from_dict(m) for m in data.get("mentions", ()))
        values["figures"] = tuple(Figure.from_dict(f) for f in data.get("figures", ()))
        values["quotes"] = tuple(Quote.from_dict(q) for q in data.get("quotes", ()))
        values["events"] = tuple(Event.from_dict(e) for e in data.get("events", ()))
        precision = data.get("date_precision")
        values["date_precision"] = DatePrecision(precision) if precision else None
        return cls(**values)

    def word_count(self) -> int:
        return len(self.text.split())


# Types filled by later stages. They are defined here so that every stage,
# store and exporter agrees on one shape from the start.


@dataclass(frozen=True, slots=True)
class Attribute:
    """A fact about an entity stated in the text, with its evidence.

    ``key`` is what kind of fact ("role", "country", "organisation"), ``value``
    the fact ("foreign minister", "Azerbaijan"), ``evidence`` where it is said.
    """

    key: str
    value: str
    evidence: Span

    def to_dict(self) -> dict[str, Any]:
        return {"key": self.key, "value": self.value, **_span_dict(self.evidence)}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Attribute:
        return cls(data["key"], data["value"], Span(data["article"], data["start"], data["end"]))


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: ``iso:XX`` (countries), ``geonames:N`` (cities, states) or
    ``region:slug`` (regions the gazetteer adds by hand, such as Nagorno-Karabakh)."""

    id: str
    name: str
    kind: str
    country_code: str | None = None
    latitude: float | None = None
    longitude: float | None = None


@dataclass(frozen=True, slots=True)
class Mention:
    """A named-entity mention in one article.

    ``type`` is newsfuse's (person, organisation, country, region, city, place,
    group, facility, event); ``label`` what the NER model said. ``full_name`` is
    the fuller form this mention stands for in its article ("Putin" ->
    "Vladimir Putin"); ``place`` the gazetteer id for places.
    """

    span: Span
    text: str
    type: str
    label: str = ""
    full_name: str | None = None
    attributes: tuple[Attribute, ...] = ()
    place: str | None = None
    entity: str | None = None

    @property
    def name(self) -> str:
        """The form this mention is resolved under: its full name, else its text."""
        return self.full_name or self.text

    def to_dict(self) -> dict[str, Any]:
        return {
            **_span_dict(self.span),
            "text": self.text,
            "type": self.type,
            "label": self.label,
            "full_name": self.full_name,
            "attributes": [attribute.to_dict() for attribute in self.attributes],
            "place": self.place,
            "entity": self.entity,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Mention:
        return cls(
            span=Span(data["article"], data["start"], data["end"]),
            text=data["text"],
            type=data["type"],
            label=data.get("label", ""),
            full_name=data.get("full_name"),
            attributes=tuple(Attribute.from_dict(a) for a in data.get("attributes", ())),
            place=data.get("place"),
            entity=data.get("entity"),
        )


def _span_dict(span: Span) -> dict[str, Any]:
    return {"article": span.article, "start": span.start, "end": span.end}


def _span_pair(span: Span | None) -> list[int] | None:
    """A span of the record's own article as ``[start, end]``: the article id is the record's."""
    return None if span is None else [span.start, span.end]


def _span_from_pair(article: str, pair: Any) -> Span | None:
    return None if pair is None else Span(article, int(pair[0]), int(pair[1]))


@dataclass(frozen=True, slots=True)
class Merge:
    """Why two groups of mentions were judged one entity: the confidence and the evidence."""

    left: str
    right: str
    confidence: float
    evidence: str


@dataclass(frozen=True, slots=True)
class Entity:
    """One real-world referent with every surface form and mention seen for it."""

    id: str
    name: str
    type: str
    aliases: tuple[str, ...] = ()
    mentions: tuple[Mention, ...] = ()
    attributes: tuple[Attribute, ...] = ()
    confidence: float = 1.0
    place: Place | None = None
    merges: tuple[Merge, ...] = ()

    @property
    def articles(self) -> tuple[str, ...]:
        return tuple(sorted({mention.span.article for mention in self.mentions}))


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number as a text states it, normalised to a range.

    ``qualifier`` is one of ``exact``, ``at_least``, ``more_than``,
    ``at_most``, ``up_to``, ``nearly``, ``about``, ``range`` and ``vague``
    ("dozens": ``low``/``high`` then follow the configured convention).
    ``share`` is set instead of a count for a fraction or percentage of a base
    ("half of the population": ``share`` 0.5, ``low``/``high`` None).
    """

    low: float | None
    high: float | None
    qualifier: str
    share: float | None = None


@dataclass(frozen=True, slots=True)
class ResolvedDate:
    """A date expression in a text and the calendar date it stands for.

    ``date`` is ISO 8601 at ``precision`` (``day``, ``week``, ``month`` or
    ``year``); for a week it is the week's Monday. ``span`` covers the
    expression ("on Thursday", "late last month").
    """

    span: Span
    text: str
    date: str
    precision: str


@dataclass(frozen=True, slots=True)
class Figure:
    """A quantitative claim ("about 140,000 people displaced"), with its evidence.

    ``span`` covers the figure's words ("more than 300 of its soldiers"),
    ``evidence`` the sentence stating it. ``subject`` is what is counted
    ("civilians", "soldiers", "homes"), ``side`` whose ("Armenian",
    "Azerbaijan"). ``speaker`` is who the text attributes it to, as written
    (``speaker_span``: that mention, whose entity the store knows). ``as_of``
    is the date the figure stands for when the sentence says one, else the
    article's date. ``cumulative`` is True for a running total ("brings the
    toll to 158"), False for an increment ("another 54"), None when unsaid.
    """

    id: str
    kind: str
    quantity: Quantity
    subject: str
    span: Span
    evidence: Span
    text: str = ""
    side: str | None = None
    base: str | None = None
    speaker: str | None = None
    speaker_span: Span | None = None
    as_of: str | None = None
    as_of_precision: str | None = None
    cumulative: bool | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "low": self.quantity.low,
            "high": self.quantity.high,
            "qualifier": self.quantity.qualifier,
            "share": self.quantity.share,
            "subject": self.subject,
            **_span_dict(self.span),
            "evidence": _span_pair(self.evidence),
            "text": self.text,
            "side": self.side,
            "base": self.base,
            "speaker": self.speaker,
            "speaker_span": _span_pair(self.speaker_span),
            "as_of": self.as_of,
            "as_of_precision": self.as_of_precision,
            "cumulative": self.cumulative,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figure:
        article = data["article"]
        return cls(
            id=data["id"],
            kind=data["kind"],
            quantity=Quantity(data["low"], data["high"], data["qualifier"], data.get("share")),
            subject=data["subject"],
            span=Span(article, data["start"], data["end"]),
            evidence=_span_from_pair(article, data["evidence"]) or Span(article, 0, 0),
            text=data.get("text", ""),
            side=data.get("side"),
            base=data.get("base"),
            speaker=data.get("speaker"),
            speaker_span=_span_from_pair(article, data.get("speaker_span")),
            as_of=data.get("as_of"),
            as_of_precision=data.get("as_of_precision"),
            cumulative=data.get("cumulative"),
        )

    @property
    def low(self) -> float | None:
        return self.quantity.low

    @property
    def high(self) -> float | None:
        return self.quantity.high

    @property
    def qualifier(self) -> str:
        return self.quantity.qualifier


@dataclass(frozen=True, slots=True)
class Quote:
    """Direct or indirect speech attributed to a speaker.

    ``span`` covers the quoted words (inside the quote marks for direct
    speech; the reported clause for indirect speech), ``evidence`` the whole
    attribution (quote, verb and speaker). ``speaker`` is the speaker's name
    as resolved in the article ("Aliyev" -> "Ilham Aliyev"; a pronoun or a
    title stands for the person it refers to), ``speaker_span`` the mention
    that names them, whose entity the store knows.
    """

    id: str
    text: str
    span: Span
    evidence: Span
    speaker: str | None = None
    speaker_span: Span | None = None
    verb: str | None = None
    direct: bool = True

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "text": self.text,
            **_span_dict(self.span),
            "evidence": _span_pair(self.evidence),
            "speaker": self.speaker,
            "speaker_span": _span_pair(self.speaker_span),
            "verb": self.verb,
            "direct": self.direct,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Quote:
        article = data["article"]
        return cls(
            id=data["id"],
            text=data["text"],
            span=Span(article, data["start"], data["end"]),
            evidence=_span_from_pair(article, data["evidence"]) or Span(article, 0, 0),
            speaker=data.get("speaker"),
            speaker_span=_span_from_pair(article, data.get("speaker_span")),
            verb=data.get("verb"),
            direct=bool(data.get("direct", True)),
        )


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened, as one article reports it.

    ``type`` is from newsfuse's small ontology (see
    :mod:`newsfuse.stages.analyse.events`), ``code`` its CAMEO code where one
    exists. ``alleged`` is True when the text reports an accusation, not the
    act as fact. ``actors`` are names as resolved in the article, each with the
    mention span in ``actor_spans``; ``place`` a gazetteer id.
    """

    id: str
    type: str
    evidence: tuple[Span, ...]
    code: str | None = None
    actors: tuple[str, ...] = ()
    actor_spans: tuple[Span, ...] = ()
    place: str | None = None
    place_name: str | None = None
    date: str | None = None
    date_precision: str | None = None
    alleged: bool = False
    #: Set on a story's reconciled events: the story they belong to.
    story: str | None = None

    @property
    def articles(self) -> tuple[str, ...]:
        """The articles that report it, in id order."""
        return tuple(sorted({span.article for span in self.evidence}))

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "code": self.code,
            "evidence": [_span_dict(span) for span in self.evidence],
            "actors": list(self.actors),
            "actor_spans": [_span_dict(span) for span in self.actor_spans],
            "place": self.place,
            "place_name": self.place_name,
            "date": self.date,
            "date_precision": self.date_precision,
            "alleged": self.alleged,
            "story": self.story,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Event:
        def spans(items: Any) -> tuple[Span, ...]:
            return tuple(Span(s["article"], s["start"], s["end"]) for s in items or ())

        return cls(
            id=data["id"],
            type=data["type"],
            evidence=spans(data.get("evidence")),
            code=data.get("code"),
            actors=tuple(data.get("actors") or ()),
            actor_spans=spans(data.get("actor_spans")),
            place=data.get("place"),
            place_name=data.get("place_name"),
            date=data.get("date"),
            date_precision=data.get("date_precision"),
            alleged=bool(data.get("alleged", False)),
            story=data.get("story"),
        )


@dataclass(frozen=True, slots=True)
class FigureGroup:
    """Comparable figures of one story: same kind, subject and side, overlapping time.

    ``status`` is ``agree`` (the values are compatible), ``disagree`` (they
    cannot all be true), ``update`` (a later running total supersedes an
    earlier one) or ``single`` (one independent source). ``low``/``best``/
    ``high`` is the reconciled estimate under the configured convention;
    ``sources`` counts independent sources (a syndicated copy counts with its
    original).
    """

    id: str
    story: str
    kind: str
    subject: str
    status: str
    explanation: str
    figures: tuple[str, ...]
    low: float | None
    best: float | None
    high: float | None
    sources: int
    articles: tuple[str, ...] = ()
    side: str | None = None
    as_of: str | None = None

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["figures"] = list(self.figures)
        data["articles"] = list(self.articles)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FigureGroup:
        known = {f.name for f in fields(cls)}
        values = {key: value for key, value in data.items() if key in known}
        values["figures"] = tuple(data.get("figures", ()))
        values["articles"] = tuple(data.get("articles", ()))
        return cls(**values)


@dataclass(frozen=True, slots=True)
class StoryMember:
    """An article's place in its story: ``"original"``, ``"copy"`` or ``"follow-up"``."""

    article: str
    role: str
    site: str | None = None
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Story:
    """Articles that report the same events.

    ``sources`` are the distinct outlets (sites) carrying the story;
    ``independent_sources`` counts reports that are not copies of one another
    (ten sites reprinting one wire story count once).
    """

    id: str
    title: str
    articles: tuple[str, ...]
    first_seen: str | None = None
    last_seen: str | None = None
    sources: tuple[str, ...] = ()
    independent_sources: int = 0
    members: tuple[StoryMember, ...] = ()
    #: Names of the entities its articles mention most, most mentioned first.
    entities: tuple[str, ...] = ()
    #: The linked group of articles the story was cut from (the id of one of
    #: them); stories sharing it are re-clustered together when one grows.
    component: str | None = None


#: Top terms of an article that also serve as story blocking keys.
BLOCKING_TERMS = 8


@dataclass(frozen=True, slots=True, eq=False)
class StoryFeatures:
    """What story clustering compares of one article; computed once, then stored.

    Attributes
    ----------
    article : str
        The article id.
    day : int or None
        Publication day as a proleptic Gregorian ordinal, if known.
    vector : ndarray of float32
        Unit-length sentence embedding of the title and the start of the text.
    terms : dict of str to float
        Unit-length sublinear term frequencies of the text (stop words out).
    keys : frozenset of str
        Entity keys: ``p:`` person (family-name skeleton), ``o:`` organisation,
        ``l:`` place (gazetteer id or name), ``c:`` country.
    people : frozenset of str
        The person keys mentioned at least twice: the article's main people.
    years : frozenset of int
        Years the text names.
    """

    article: str
    day: int | None
    vector: npt.NDArray[np.float32] = field(repr=False, compare=False)
    terms: Mapping[str, float] = field(repr=False, compare=False)
    keys: frozenset[str] = frozenset()
    people: frozenset[str] = frozenset()
    years: frozenset[int] = frozenset()

    def blocking_keys(self) -> list[str]:
        """Keys under which this article meets candidates: entities and its top terms."""
        top = sorted(self.terms, key=lambda t: (-self.terms[t], t))[:BLOCKING_TERMS]
        return sorted({k for k in self.keys if not k.startswith("c:")} | {f"t:{t}" for t in top})


# The dossier: what the report and the web app show of one story. Built by
# newsfuse.stages.summarize from a story's records; nothing in it is stored.


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of a story's cited summary, copied verbatim from a source.

    ``text`` is ``citations[0]``'s sentence as its article's clean text has it;
    every other citation is a sentence of another article stating the same
    fact. ``date`` is the day the fact belongs to (for ordering), when known.
    """

    text: str
    citations: tuple[Span, ...]
    date: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "citations": [_span_dict(span) for span in self.citations],
            "date": self.date,
        }


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated happening of a story: an event or a figure as of a date.

    ``date`` is ISO 8601 at ``precision`` (``day``, ``week`` for "the week
    of", ``month``, ``year``). ``kind`` is ``event`` or ``figure``; ``ref`` the
    id of the event or figure group it shows; ``citations`` the evidence.
    """

    date: str
    precision: str
    text: str
    kind: str
    citations: tuple[Span, ...]
    ref: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "date": self.date,
            "precision": self.precision,
            "text": self.text,
            "kind": self.kind,
            "ref": self.ref,
            "citations": [_span_dict(span) for span in self.citations],
        }


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    """Everything one speaker is quoted as saying in a story.

    ``speaker`` is the canonical name (the entity's, when the speaker's mention
    resolved to one), ``entity`` that entity's id.
    """

    speaker: str
    entity: str | None
    quotes: tuple[Quote, ...]


@dataclass(frozen=True, slots=True)
class Coverage:
    """Which articles carry one key fact of a story (the gaps are information too).

    ``fact`` is a short label; ``kind`` what it comes from (``summary``,
    ``figure``, ``event``); ``articles`` the ids of the articles carrying it.
    """

    fact: str
    kind: str
    articles: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Dossier:
    """One story as a reader gets it: cited summary, timeline, contradiction
    board, who said what and which outlet reported which fact.

    ``articles`` are the story's articles (their clean texts are what every
    span points into); ``board`` the story's figure groups, disagreements
    first, then updates, then the rest; ``figures`` the figures those groups
    name, by id. ``length`` is the summary length setting it was built with.
    """

    story: Story
    articles: tuple[Article, ...]
    summary: tuple[SummarySentence, ...]
    timeline: tuple[TimelineEntry, ...]
    board: tuple[FigureGroup, ...]
    figures: Mapping[str, Figure]
    events: tuple[Event, ...]
    speakers: tuple[SpeakerQuotes, ...]
    coverage: tuple[Coverage, ...]
    length: str = "full"
