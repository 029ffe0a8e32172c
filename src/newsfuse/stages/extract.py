"""Extraction: a :class:`RawDoc` becomes an :class:`Article` with its raw text and metadata.

HTML goes through trafilatura. The HTML tree is parsed once and shared by the
metadata readers and the main-text extractor. Metadata comes from the page's
meta tags, JSON-LD and htmldate's fast search; trafilatura's heuristic author
search is left out on purpose: it costs a quarter of extraction time and the
clean stage reads bylines from the text anyway.
"""

from __future__ import annotations

import logging
import re
from typing import ClassVar

import trafilatura
from htmldate import find_date
from trafilatura.metadata import examine_meta, extract_meta_json, extract_title
from trafilatura.settings import Document
from trafilatura.utils import load_html

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.model import Article, RawDoc, article_id
from newsfuse.pipeline import register_extractor
from newsfuse.stages._dates import parse_published

__all__ = ["TrafilaturaExtractor", "headline_of"]

LOGGER = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"[.;,]['\"’”)]*$")
_ELLIPSIS = re.compile(r"(\.\.\.|…)['\"’”)]*$")
_MAX_HEADLINE_WORDS = 30
# Characters, not words: Chinese and Japanese paragraphs have no spaces.
_MIN_PARAGRAPH_CHARS = 40
_MAX_HEADLINE_CHARS = 250


def headline_of(text: str) -> str | None:
    """The first line of a plain-text article when it reads as a headline.

    News dumps put the headline first, but not all do: a first line that is a
    long paragraph or ends like a sentence is body text, not a title. A
    headline cut off with an ellipsis ("... and...") still counts.
    """
    lines = text.strip().splitlines()
    if len(lines) < 2:
        return None
    first = " ".join(lines[0].split())
    words = first.split()
    if not words or len(words) > _MAX_HEADLINE_WORDS or len(first) > _MAX_HEADLINE_CHARS:
        return None
    if _SENTENCE_END.search(first) and not _ELLIPSIS.search(first):
        return None
    return first


class TrafilaturaExtractor:
    """Main text and metadata of HTML pages via trafilatura; plain text passes through."""

    name: ClassVar[str] = "trafilatura"

    def __init__(
        self, *, include_tables: bool = True, fast: bool = True, max_chars: int = 1_000_000
    ) -> None:
        self.include_tables = include_tables
        self.fast = fast
        self.max_chars = max_chars

    def __call__(self, raw: RawDoc) -> Article:
        if raw.html is not None:
            return self._from_html(raw, raw.html)
        assert raw.text is not None
        if not raw.text.strip():
            raise InputError(raw.origin, "empty", "no text")
        title = raw.title or (headline_of(raw.text) if raw.title_first_line else None)
        return self._article(
            raw,
            raw.text,
            title=title,
            author=raw.author,
            site=raw.site,
            url=raw.url,
            published=raw.published,
        )

    def _from_html(self, raw: RawDoc, html: str) -> Article:
        tree = load_html(html)
        if tree is None:
            raise InputError(raw.origin, "unparsable-html", "HTML could not be parsed")
        meta = examine_meta(tree)
        try:
            meta = extract_meta_json(tree, meta)
        except Exception as error:  # trafilatura's JSON-LD reader fails on odd markup
            LOGGER.debug("%s: JSON-LD metadata skipped: %s", raw.origin, error)
        url = raw.url or meta.url
        published = raw.published or find_date(
            tree, extensive_search=False, original_date=True, url=url
        )
        document = trafilatura.bare_extraction(
            tree,
            url=url,
            include_comments=False,
            include_tables=self.include_tables,
            fast=self.fast,
        )
        # as_dict=False (the default) makes this a Document, never a dict.
        text = document.text if isinstance(document, Document) else None
        if not text or not text.strip():
            raise InputError(raw.origin, "no-article-text", "no article text found in the HTML")
        if max(len(line.strip()) for line in text.splitlines()) < _MIN_PARAGRAPH_CHARS:
            # A menu or tag cloud ("Home / World / Sport") is what trafilatura
            # returns for a page without a story; an article has real paragraphs.
            raise InputError(
                raw.origin,
                "no-article-text",
                "no article text found in the HTML: only short fragments (menus, links)",
            )
        title = raw.title or meta.title or extract_title(tree)
        author = raw.author or meta.author
        site = raw.site or meta.sitename or meta.hostname
        return self._article(
            raw, text, title=title, author=author, site=site, url=url, published=published
        )

    def _article(
        self,
        raw: RawDoc,
        text: str,
        *,
        title: str | None,
        author: str | None,
        site: str | None,
        url: str | None,
        published: str | None,
    ) -> Article:
        if len(text) > self.max_chars:
            # spaCy reads at most a million characters at once (E088), and no
            # news article comes near that: refuse it here, with its file named,
            # rather than let the entity stage stop the whole batch.
            raise InputError(
                raw.origin,
                "too-long",
                f"article text is {len(text):,} characters, over ingest.max_article_chars"
                f" ({self.max_chars:,})",
            )
        date = parse_published(published)
        return Article(
            id=article_id(text, url),
            path=raw.origin,
            raw_text=text,
            url=url,
            site=site,
            title=" ".join(title.split()) if title else None,
            author=author,
            published=date[0] if date else None,
            date_precision=date[1] if date else None,
        )


@register_extractor("trafilatura")
def _make_trafilatura(settings: Settings) -> TrafilaturaExtractor:
    return TrafilaturaExtractor(
        include_tables=settings.extract.include_tables,
        fast=settings.extract.fast,
        max_chars=settings.ingest.max_article_chars,
    )
