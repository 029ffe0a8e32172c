"""Language identification of the clean text (py3langid, model shipped in the package)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import ClassVar

import py3langid

from newsfuse.config import Settings
from newsfuse.model import Article
from newsfuse.pipeline import register_stage

__all__ = ["LanguageDetector"]


class LanguageDetector:
    """Sets ``Article.language`` (ISO 639-1) unless the source already stated it.

    Parameters
    ----------
    sample_chars
        Only the first characters are classified: a few paragraphs identify the
        language as well as the whole text, at a fraction of the cost.
    """

    name: ClassVar[str] = "language"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("language",)

    def __init__(self, *, sample_chars: int = 2000) -> None:
        self.sample_chars = sample_chars

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            if article.language or not article.text.strip():
                yield article
                continue
            language, _score = py3langid.classify(article.text[: self.sample_chars])
            yield replace(article, language=str(language))


@register_stage("language")
def _make_language(settings: Settings) -> LanguageDetector:
    return LanguageDetector()
