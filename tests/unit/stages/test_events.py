"""Events: typed per sentence, with actors, place, date and whether they are alleged."""

from __future__ import annotations

import re
from collections.abc import Sequence

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, Mention, Span
from newsfuse.stages.analyse.events import CAMEO, TYPES, EventExtractor, extract_events


def article(
    text: str,
    mentions: Sequence[tuple[str, str, str | None]] = (),
    published: str | None = "2020-10-08",
) -> Article:
    """``mentions``: (surface, type, place id); each is found at its first occurrence."""
    found = []
    for surface, kind, place in mentions:
        start = text.index(surface)
        found.append(Mention(Span("a", start, start + len(surface)), surface, kind, place=place))
    return Article(
        id="a", path="a.txt", raw_text=text, text=text, published=published, mentions=tuple(found)
    )


def types(text: str, **kwargs: object) -> list[str]:
    return [e.type for e in extract_events(article(text, **kwargs))]  # type: ignore[arg-type]


def test_every_type_has_a_cameo_code() -> None:
    assert {kind for kind, _ in TYPES} | {"attack_on_civilians"} == set(CAMEO)


def test_a_meeting_with_its_place_date_and_actors() -> None:
    text = "The Armenian Foreign Minister will meet Sergey Lavrov on Monday in Moscow."
    (meeting,) = extract_events(
        article(text, [("Sergey Lavrov", "person", None), ("Moscow", "city", "geonames:524901")])
    )
    assert meeting.type == "meeting"
    assert meeting.code == "046"
    assert (meeting.date, meeting.date_precision) == ("2020-10-12", "day")
    assert (meeting.place, meeting.place_name) == ("geonames:524901", "Moscow")
    assert meeting.actors == ("Sergey Lavrov",)
    assert meeting.evidence == (Span("a", 0, len(text)),)


def test_a_refused_meeting_is_no_event() -> None:
    assert types("Armenia ruled out holding a meeting with its counterpart.") == []


def test_an_accusation_makes_the_act_alleged() -> None:
    events = extract_events(
        article(
            "Armenia on Thursday accused Azerbaijan of shelling the famous church.",
            [("Armenia", "country", "iso:AM"), ("Azerbaijan", "country", "iso:AZ")],
        )
    )
    assert {e.type for e in events} == {"accusation", "shelling", "attack_on_civilians"}
    assert all(e.alleged for e in events)
    assert {e.date for e in events} == {"2020-10-08"}


def test_fighting_named_as_background_is_no_clash() -> None:
    assert "armed_clash" not in types("World leaders called for an immediate end to the fighting.")
    assert "armed_clash" in types("Fierce clashes continued overnight.")


def test_a_call_for_ceasefire_needs_a_ceasefire() -> None:
    assert "call_for_ceasefire" in types("The WHO called for a ceasefire in the conflict.")
    assert "call_for_ceasefire" not in types("The minister called for calm investors.")


def test_a_date_in_a_relative_clause_is_not_the_events_date() -> None:
    (call, *_) = extract_events(
        article("World leaders urged an end to the fighting, which began late last month.")
    )
    assert (call.type, call.date, call.date_precision) == (
        "call_for_ceasefire",
        "2020-10-08",
        "reported",
    )


def test_an_undated_article_is_dated_by_the_latest_date_it_states() -> None:
    events = extract_events(
        article(
            "The ministry said on Saturday (3/10/2020) it was ready.\n\nFierce fighting continued.",
            published=None,
        )
    )
    assert [(e.type, e.date, e.date_precision) for e in events] == [
        ("statement", "2020-10-03", "day"),
        ("armed_clash", "2020-10-03", "inferred"),
    ]


def test_the_stage_fills_events_and_keeps_the_rest() -> None:
    source = article("Fierce clashes continued overnight.")
    (result,) = EventExtractor()([source])
    assert result.events and result.text == source.text and result.mentions == source.mentions


_PIECES = st.sampled_from(
    [
        "a",
        "b",
        " ",
        ".",
        ",",
        ";",
        "\n",
        "“",
        "”",
        '"',
        "'",
        "met ",
        "shelling ",
        "on Monday ",
        "Geneva ",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(_PIECES, max_size=80).map("".join))
def test_never_raises_and_evidence_is_inside_the_text(text: str) -> None:
    events = extract_events(
        Article(id="a", path="a", raw_text=text, text=text, published="2020-10-08")
    )
    for event in events:
        for span in event.evidence:
            assert 0 <= span.start < span.end <= len(text)
            assert re.search(r"\S", text[span.start : span.end])
    assert events == extract_events(
        Article(id="a", path="a", raw_text=text, text=text, published="2020-10-08")
    )
