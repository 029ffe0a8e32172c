"""Figures, figure groups, quotes and events in the JSON export, with their provenance."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from typing import Any

from newsfuse.export import write_json
from newsfuse.model import SCHEMA_VERSION, Entity, FigureGroup, Span
from newsfuse.store import SQLiteStore

from .factories import full_article


def exported() -> dict[str, Any]:
    article = full_article()
    (mention,) = [m for m in article.mentions if m.type == "person"]
    with SQLiteStore(":memory:") as store:
        store.add(article, article.path)
        store.replace_entities(
            [Entity(id="e-permov", name="Jeyhun Bayramov", type="person", mentions=(mention,))]
        )
        store.put_story_claims(
            "s1",
            [
                FigureGroup(
                    id="g1",
                    story="s1",
                    kind="displaced",
                    subject="people",
                    status="disagree",
                    explanation="incompatible values: …",
                    figures=("f1",),
                    low=70000.0,
                    best=72500.0,
                    high=154000.0,
                    sources=3,
                )
            ],
            [
                replace(
                    article.events[0],
                    id="x1",
                    story="s1",
                    evidence=(Span(article.id, 0, 5), Span("other", 1, 2)),
                )
            ],
        )
        buffer = io.StringIO()
        write_json(store, buffer)
    data: dict[str, Any] = json.loads(buffer.getvalue())
    return data


def test_figures_carry_the_contract_fields_and_the_speakers_entity() -> None:
    data = exported()
    assert data["schema_version"] == SCHEMA_VERSION
    (figure,) = data["figures"]
    contract = {
        "id",
        "kind",
        "low",
        "high",
        "qualifier",
        "subject",
        "speaker",
        "article",
        "start",
        "end",
        "as_of",
        "cumulative",
    }
    assert contract <= set(figure)
    assert figure["speaker"] == "Jihon Permov"
    assert figure["speaker_entity"] == "e-permov"
    assert (figure["article"], figure["start"], figure["end"]) == (full_article().id, 7, 12)


def test_quotes_and_groups_and_events() -> None:
    data = exported()
    (quote,) = data["quotes"]
    assert {"id", "speaker", "text", "article", "start", "end", "direct"} <= set(quote)
    assert quote["speaker_entity"] == "e-permov"
    (group,) = data["figure_groups"]
    assert {
        "id",
        "kind",
        "subject",
        "status",
        "explanation",
        "figures",
        "low",
        "best",
        "high",
        "sources",
    } <= set(group)
    (event,) = data["events"]
    assert {"id", "type", "code", "actors", "place", "date", "articles", "evidence"} <= set(event)
    assert event["articles"] == sorted([full_article().id, "other"])


def test_articles_do_not_repeat_the_sections() -> None:
    (article,) = exported()["articles"]
    assert not {"mentions", "figures", "quotes", "events"} & set(article)
