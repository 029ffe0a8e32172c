"""Articles built in code for the store tests."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from newsfuse.model import (
    Article,
    Attribute,
    DatePrecision,
    Event,
    Figure,
    Mention,
    Quantity,
    Quote,
    RemovedSegment,
    Reuse,
    Span,
    article_id,
)


def make_article(n: int = 0, **changes: Any) -> Article:
    """A small article whose id follows from ``n``; ``changes`` override any field."""
    raw = f"Headline {n}\nBody of article {n}.\nShared footer."
    base = Article(id=article_id(raw), path=f"in/{n}.txt", raw_text=raw, text=raw)
    return replace(base, **changes)


def full_article() -> Article:
    """An article with every field set away from its default, in awkward text."""
    return Article(
        id="0123456789abcdef",
        path="/data/feed.jsonl#line=3",
        raw_text="Paris (AFP) - Héllo\r\n  wörld\x00 ✓ 🙂\n\nAdvert\nZed",
        text="Héllo\r\n  wörld\x00 ✓ 🙂",
        url="https://example.org/a?b=1&c='2'",
        site="example.org",
        title='Title — "quoted" ; DROP TABLE articles; --',
        author="A. Writer, B. Writer",
        published="2024-03-05T10:30",
        date_precision=DatePrecision.MINUTE,
        language="fr",
        credit="France 24 / AFP",
        # Reasons and offsets out of order: only the stored sequence gives this order back.
        removed=(
            RemovedSegment("Zed", "title", 40),
            RemovedSegment("Advert", "boilerplate", 12),
            RemovedSegment("Paris (AFP) -", "dateline", 0),
            RemovedSegment("", "empty", 0),
        ),
        # Out of offset order on purpose: the store gives them back by offset.
        mentions=(
            Mention(
                Span("0123456789abcdef", 0, 5),
                "Paris",
                "city",
                label="GPE",
                place="geonames:2988507",
            ),
            Mention(
                Span("0123456789abcdef", 20, 32),
                "Jihon Permov",
                "person",
                label="PERSON",
                full_name="Jihon Permov",
                attributes=(
                    Attribute("role", "foreign minister", Span("0123456789abcdef", 10, 19)),
                ),
                entity="e1",
            ),
        ),
        story="story-1",
        duplicate_of="fedcba9876543210",
        # By source id, the order the store gives them back in.
        derived_from=(
            Reuse("00aa00aa00aa00aa", "partial", 0.4375, 0.1),
            Reuse("fedcba9876543210", "duplicate", 0.97, 0.9411764705882353),
        ),
        # Every optional field set, awkward values included (a share, no high).
        figures=(
            Figure(
                id="f1",
                kind="displaced",
                quantity=Quantity(140000.0, None, "more_than", share=0.5),
                subject="residents",
                span=Span("0123456789abcdef", 7, 12),
                evidence=Span("0123456789abcdef", 0, 20),
                text="wörld",
                side="Armenian",
                base="population",
                speaker="Jihon Permov",
                speaker_span=Span("0123456789abcdef", 20, 32),
                as_of="2024-03-04",
                as_of_precision="day",
                cumulative=True,
            ),
        ),
        quotes=(
            Quote(
                id="q1",
                text="Héllo",
                span=Span("0123456789abcdef", 0, 5),
                evidence=Span("0123456789abcdef", 0, 12),
                speaker="Jihon Permov",
                speaker_span=Span("0123456789abcdef", 20, 32),
                verb="say",
                direct=False,
            ),
        ),
        events=(
            Event(
                id="e1",
                type="meeting",
                evidence=(Span("0123456789abcdef", 0, 12),),
                code="036",
                actors=("Jihon Permov",),
                actor_spans=(Span("0123456789abcdef", 20, 32),),
                place="geonames:2988507",
                place_name="Paris",
                date="2024-03-04",
                date_precision="day",
                alleged=True,
                story="s1",
            ),
        ),
    )
