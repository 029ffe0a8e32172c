"""Response models of the JSON API: the export contract's records, typed.

Each model has the fields of one record of :mod:`newsfuse.export` (or of
:func:`newsfuse.dossier.dossier_record`), so the OpenAPI schema documents
exactly what ``newsfuse export`` writes and a client can read both with the
same code. Spans of a record's own article are ``[start, end]`` pairs, as in
the export; spans that may point into another article name it.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict

__all__ = [
    "ArticleInfo",
    "ArticleMeta",
    "ArticleRecord",
    "Attribute",
    "BoardGroup",
    "CoverageRecord",
    "DossierRecord",
    "EntityMention",
    "EntityRecord",
    "EntitySummary",
    "Error",
    "EventRecord",
    "FigureRecord",
    "Member",
    "Merge",
    "Page",
    "Place",
    "QuoteRecord",
    "Reclustered",
    "Removed",
    "Reuse",
    "SearchHitRecord",
    "SpanRecord",
    "SpeakerRecord",
    "StoryRecord",
    "StorySummary",
    "SummarySentenceRecord",
    "TimelineRecord",
]


class _Record(BaseModel):
    # Records are built from the export's dicts, which carry no more than these fields;
    # forbidding extras makes a drift between the two fail in the tests, not pass silently.
    model_config = ConfigDict(extra="forbid", frozen=True)


class Error(_Record):
    """Every error response: what was wrong, in one line."""

    detail: str


class SpanRecord(_Record):
    """Evidence: ``article``'s clean text ``[start:end]``."""

    article: str
    start: int
    end: int


class Removed(_Record):
    """A piece of text cleaning cut, the rule that cut it and where it stood in ``text``."""

    text: str
    reason: str
    at: int


class Reuse(_Record):
    """Text an article shares with an earlier one (``source``)."""

    source: str
    kind: str
    shared: float
    jaccard: float


class ArticleMeta(_Record):
    """An article without its text: what a list of articles shows."""

    id: str
    path: str
    url: str | None
    site: str | None
    title: str | None
    author: str | None
    published: str | None
    date_precision: str | None
    language: str | None
    credit: str | None
    story: str | None
    duplicate_of: str | None
    words: int


class ArticleRecord(_Record):
    """An article as the export contract shows it, clean ``text`` included."""

    id: str
    path: str
    text: str
    url: str | None
    site: str | None
    title: str | None
    author: str | None
    published: str | None
    date_precision: str | None
    language: str | None
    credit: str | None
    removed: list[Removed]
    story: str | None
    duplicate_of: str | None
    derived_from: list[Reuse]
    origins: list[str]


class StorySummary(_Record):
    """A story in the list of stories; ``articles`` counts its articles."""

    id: str
    title: str
    first_seen: str | None
    last_seen: str | None
    articles: int
    sources: list[str]
    independent_sources: int


class Member(_Record):
    """An article's place in its story: ``original``, ``copy`` or ``follow-up``."""

    article: str
    role: str
    site: str | None
    published: str | None


class StoryRecord(_Record):
    """A story as the export contract shows it."""

    id: str
    title: str
    articles: list[str]
    first_seen: str | None
    last_seen: str | None
    sources: list[str]
    independent_sources: int
    members: list[Member]
    entities: list[str]


class FigureRecord(_Record):
    """A quantitative claim: its words at ``start``/``end`` of ``article``, the sentence in
    ``evidence``, and the speaker as written and as resolved (``speaker_entity``)."""

    id: str
    kind: str
    low: float | None
    high: float | None
    qualifier: str
    share: float | None
    subject: str
    article: str
    start: int
    end: int
    evidence: list[int] | None
    text: str
    side: str | None
    base: str | None
    speaker: str | None
    speaker_span: list[int] | None
    as_of: str | None
    as_of_precision: str | None
    cumulative: bool | None
    speaker_entity: str | None


class BoardGroup(_Record):
    """Comparable figures of a story, labelled ``agree``, ``disagree``, ``update`` or
    ``single``, with the reconciled ``low``/``best``/``high`` and the figures themselves."""

    id: str
    story: str
    kind: str
    subject: str
    status: str
    explanation: str
    figures: list[FigureRecord]
    low: float | None
    best: float | None
    high: float | None
    sources: int
    articles: list[str]
    side: str | None
    as_of: str | None


class EventRecord(_Record):
    """A story's event, merged across the articles that report it."""

    id: str
    type: str
    code: str | None
    evidence: list[SpanRecord]
    actors: list[str]
    actor_spans: list[SpanRecord]
    place: str | None
    place_name: str | None
    date: str | None
    date_precision: str | None
    alleged: bool
    story: str | None
    articles: list[str]


class QuoteRecord(_Record):
    """What a speaker said: the words at ``start``/``end`` of ``article``, the whole
    attribution in ``evidence``, the speaker as written and as resolved."""

    id: str
    text: str
    article: str
    start: int
    end: int
    evidence: list[int] | None
    speaker: str | None
    speaker_span: list[int] | None
    verb: str | None
    direct: bool
    speaker_entity: str | None


class EntityMention(_Record):
    article: str
    start: int
    end: int
    text: str


class Attribute(_Record):
    """A fact about an entity (``key``: ``value``) with where it is stated."""

    key: str
    value: str
    article: str
    start: int
    end: int


class Place(_Record):
    id: str
    name: str
    kind: str
    country_code: str | None
    latitude: float | None
    longitude: float | None


class Merge(_Record):
    """Why two groups of mentions were judged one entity."""

    left: str
    right: str
    confidence: float
    evidence: str


class EntitySummary(_Record):
    """An entity in the list of entities; ``articles`` and ``mentions`` are counts."""

    id: str
    name: str
    type: str
    aliases: list[str]
    articles: int
    mentions: int
    confidence: float


class EntityRecord(_Record):
    """An entity as the export contract shows it, every mention with its offsets."""

    id: str
    name: str
    type: str
    aliases: list[str]
    mentions: list[EntityMention]
    attributes: list[Attribute]
    confidence: float
    place: Place | None
    merges: list[Merge]
    articles: list[str]


Item = TypeVar("Item", bound=BaseModel)


class Page(BaseModel, Generic[Item]):
    """One page of a list: ``total`` items match, ``items`` start at ``offset``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    total: int
    offset: int
    limit: int
    items: list[Item]


class SearchHitRecord(_Record):
    """An article matching a search: ``snippet`` is the text around the first match,
    ``highlight`` the match's ``[start, end]`` in the snippet, ``match`` its span in the
    article's clean text (None when only the title matches)."""

    article: str
    title: str | None
    site: str | None
    published: str | None
    snippet: str
    highlight: list[int]
    match: SpanRecord | None


class SummarySentenceRecord(_Record):
    """A summary sentence, verbatim from its first citation; the others state the same fact."""

    text: str
    citations: list[SpanRecord]
    date: str | None


class TimelineRecord(_Record):
    """A dated event or figure group; ``ref`` is its id."""

    date: str
    precision: str
    text: str
    kind: str
    ref: str | None
    citations: list[SpanRecord]


class SpeakerRecord(_Record):
    """Everything one speaker is quoted as saying in a story."""

    speaker: str
    entity: str | None
    quotes: list[QuoteRecord]


class CoverageRecord(_Record):
    """Which articles carry one key fact of a story."""

    fact: str
    kind: str
    articles: list[str]


class ArticleInfo(_Record):
    """What names a source: for every article a dossier's spans point into."""

    title: str | None
    site: str | None
    url: str | None
    published: str | None
    duplicate_of: str | None


class DossierRecord(StoryRecord):
    """A story's dossier: its export record with the cited summary, the timeline, the
    contradiction board (disagreements first), events, speakers and coverage."""

    length: str
    summary: list[SummarySentenceRecord]
    timeline: list[TimelineRecord]
    board: list[BoardGroup]
    events: list[EventRecord]
    speakers: list[SpeakerRecord]
    coverage: list[CoverageRecord]
    article_info: dict[str, ArticleInfo]


class Reclustered(_Record):
    """What an admin recluster did: the number of stories the store now has."""

    stories: int
