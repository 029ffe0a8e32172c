"""What every newsfuse store offers, whatever database sits behind it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from newsfuse.model import (
    Article,
    Entity,
    Event,
    Figure,
    FigureGroup,
    Mention,
    Quote,
    Reuse,
    Span,
    Story,
    StoryFeatures,
)

__all__ = ["MAX_SEARCH", "SearchHit", "Store", "shown"]

#: The most hits one search returns.
MAX_SEARCH = 500


def shown(target: str | Path) -> str:
    """``target`` as messages may print it: a URL loses its password, a path stays."""
    target = str(target)
    scheme, sep, rest = target.partition("://")
    if not sep:
        return target
    netloc, slash, path = rest.partition("/")
    userinfo, at, host = netloc.rpartition("@")
    user = userinfo.split(":", 1)[0]
    return f"{scheme}://{user}{at}{host}{slash}{path.split('?', 1)[0]}"


@dataclass(frozen=True, slots=True)
class SearchHit:
    """An article matching a search, with the words around its first match.

    ``snippet`` is a stretch of the clean text around the first match (of the
    title when only the title matches), ``highlight`` the match's offsets in
    ``snippet``. ``match`` is the first match in the clean text, None when only
    the title matches.
    """

    article: str
    title: str | None
    site: str | None
    published: str | None
    snippet: str
    highlight: tuple[int, int]
    match: Span | None


@runtime_checkable
class Store(Protocol):
    """Persistent articles, the corpus statistics cleaning learns from, and what
    later stages derive from them: entities, copies, story features and stories.

    Each write is its own transaction: a crash mid-batch loses at most the
    article in flight and never leaves a half-written one behind.
    """

    def has(self, article_id: str) -> bool:
        """Whether an article with this id is stored."""
        ...

    def add(self, article: Article, origin: str, line_hashes: Iterable[str] = ()) -> bool:
        """Store a new article with its line hashes; False (and no change) if the id exists.

        ``origin`` is recorded either way, so every path a content came from is known.
        """
        ...

    def update(self, article: Article) -> None:
        """Replace the derived fields (clean text, removed segments, metadata) of a stored one.

        ``story``, ``duplicate_of`` and ``derived_from`` are derived fields too.
        """
        ...

    def get(self, id_or_prefix: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it.

        Its ``derived_from`` comes back ordered by source id.

        Raises ``LookupError`` when a prefix matches several articles.
        """
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Every article, ordered by publication date (unknown last), then id."""
        ...

    def count(self) -> int: ...

    def search_articles(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Articles whose title or clean text contains ``query`` (any case), by date then id.

        At most ``limit`` hits, and never more than :data:`MAX_SEARCH`; an empty
        query finds nothing.
        """
        ...

    def origins(self, article_id: str) -> list[str]:
        """Every path or URL this article's content was ingested from, in order first seen."""
        ...

    def articles_with_lines(self, site: str, line_hashes: Iterable[str]) -> Mapping[str, list[str]]:
        """For each given line hash, the ids of stored articles of ``site`` that contain it."""
        ...

    def iter_mentions(self) -> Iterator[Mention]:
        """Every mention of every article, by article id then offset."""
        ...

    def replace_entities(self, entities: Iterable[Entity]) -> None:
        """Replace all stored entities (one transaction) and point mentions at them."""
        ...

    def iter_entities(self) -> Iterator[Entity]:
        """Every stored entity with its mentions, most-mentioned first."""
        ...

    def set_reuse(self, changes: Iterable[tuple[str, str | None, Sequence[Reuse]]]) -> None:
        """Record copy detection: for each ``(article_id, duplicate_of, derived_from)``,
        replace that article's reuse records and its ``duplicate_of``.

        One transaction for the whole batch; ``KeyError`` (and no change) when
        an article is not stored.
        """
        ...

    def put_copy_keys(self, keys: Iterable[tuple[str, Sequence[str]]]) -> None:
        """Record each ``(article_id, keys)``: the article's copy-index keys, replacing any.

        Keys are short ASCII strings (:meth:`newsfuse.stages.copies.CopyIndex.keys`);
        an empty list marks an article indexed with nothing to index. Each
        posting carries the article's publication date as stored at this call,
        for :meth:`copy_key_holders`' order. One transaction; ``KeyError`` (and
        no change) when an article is not stored.
        """
        ...

    def copy_keys(self, article_ids: Iterable[str]) -> Mapping[str, list[str]]:
        """The copy-index keys of each given article that has been indexed, as put."""
        ...

    def copy_key_holders(
        self, keys: Iterable[str], limit: int | None = None
    ) -> Mapping[str, list[str]]:
        """For each given key (every one a key of the answer), the ids of the
        articles holding it, in :meth:`iter_articles` order, the first ``limit``
        only (all when None)."""
        ...

    def copy_unindexed(self) -> list[str]:
        """Ids of stored articles without copy-index keys (stored before the index), in id order."""
        ...

    def duplicates_of(self, originals: Iterable[str]) -> Mapping[str, list[str]]:
        """For each given id (every one a key), the sorted ids of articles whose
        ``duplicate_of`` is it."""
        ...

    def put_story_features(self, features: Iterable[StoryFeatures]) -> None:
        """Store (or replace) each article's story features, in one transaction."""
        ...

    def iter_story_features(self) -> Iterator[StoryFeatures]:
        """Every stored article's story features, by article id, exactly as put."""
        ...

    def update_stories(self, stories: Iterable[Story], retired: Iterable[str]) -> None:
        """Store changed or new ``stories``, delete the ``retired`` ids, in one transaction.

        Each member article's ``story`` is pointed at its story; articles that
        pointed at a rewritten or retired story and are no member any more
        point at none.
        """
        ...

    def replace_stories(self, stories: Iterable[Story]) -> None:
        """Replace all stored stories (one transaction) and point articles at them."""
        ...

    def iter_stories(self) -> Iterator[Story]:
        """Every stored story, by first seen (unknown last), then id."""
        ...

    def get_story(self, id_or_prefix: str) -> Story | None:
        """The story with this id, or the only one whose id starts with it.

        Raises ``LookupError`` when a prefix matches several stories.
        """
        ...

    def put_story_claims(
        self, story_id: str, groups: Iterable[FigureGroup], events: Iterable[Event]
    ) -> None:
        """Replace a story's figure groups and reconciled events, in one transaction.

        They go with their story: retiring or replacing stories deletes them.
        """
        ...

    def iter_figure_groups(self, story_id: str | None = None) -> Iterator[FigureGroup]:
        """Figure groups of one story, or of all, by story then id."""
        ...

    def iter_story_events(self, story_id: str | None = None) -> Iterator[Event]:
        """Reconciled events of one story, or of all, by story, date (unknown last), id."""
        ...

    def iter_figures(self) -> Iterator[Figure]:
        """Every article's figures, by article id then offset."""
        ...

    def iter_quotes(self) -> Iterator[Quote]:
        """Every article's quotes, by article id then offset."""
        ...

    def set_analysed(self, article_ids: Iterable[str], stages: str) -> None:
        """Record that ``stages`` (comma-separated stage names) produced these articles."""
        ...

    def storyless(self) -> list[str]:
        """Ids of the articles in no story, in id order: an ingest that stopped
        (was killed) after storing them and before clustering them leaves some."""
        ...

    def unanalysed(self, stages: str) -> list[str]:
        """Ids of the articles not produced by exactly ``stages``, in id order."""
        ...

    def close(self) -> None: ...
