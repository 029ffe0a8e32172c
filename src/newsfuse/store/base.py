"""What every newsfuse store offers, whatever database sits behind it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Protocol, runtime_checkable

from newsfuse.model import Article, Entity, Mention

__all__ = ["Store"]


@runtime_checkable
class Store(Protocol):
    """Persistent articles plus the corpus statistics cleaning learns from.

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
        """Replace the derived fields (clean text, removed segments, metadata) of a stored one."""
        ...

    def get(self, id_or_prefix: str) -> Article | None:
        """The article with this id, or the only one whose id starts with it.

        Raises ``LookupError`` when a prefix matches several articles.
        """
        ...

    def iter_articles(self) -> Iterator[Article]:
        """Every article, ordered by publication date (unknown last), then id."""
        ...

    def count(self) -> int: ...

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

    def close(self) -> None: ...
