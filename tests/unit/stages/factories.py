"""Articles and story text built in code for the stage tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsfuse.model import Article, article_id


def make_article(raw_text: str, **changes: Any) -> Article:
    """An extracted, not yet cleaned article; ``changes`` override any field (``title=...``)."""
    base = Article(
        id=article_id(raw_text, changes.get("url")), path="test/article.txt", raw_text=raw_text
    )
    return replace(base, **changes)


def paragraphs(*lines: str) -> str:
    """Raw text the way extractors hand it over: one blank line between paragraphs."""
    return "\n\n".join(lines)


#: Story sentences, each a paragraph of its own, none of which any rule may cut.
STORY = (
    "The ministry said the talks would resume in Geneva on Thursday morning after a short "
    "pause for consultations.",
    "Officials on both sides said they expected the ceasefire to hold through the weekend "
    "despite reports of shelling.",
    "Aid agencies warned that thousands of families were still sleeping in schools and "
    "basements without heating.",
    "The mediators have asked both governments to publish lists of the prisoners they hold "
    "before the next round.",
)
