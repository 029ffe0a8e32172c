"""The dossier: cited summary, timeline, board, speakers, coverage, built from hand-made records.

The encoder is a bag-of-words hash, so that these tests need no model: two
sentences get a high cosine when they share words, which is what the summary's
grouping reads from the real model too.
"""

from __future__ import annotations

import random
import re
import zlib
from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import numpy.typing as npt
import pytest

from newsfuse.config import SummarySettings
from newsfuse.model import (
    Article,
    Entity,
    Event,
    Figure,
    FigureGroup,
    Mention,
    Quantity,
    Quote,
    Reuse,
    Span,
    Story,
)
from newsfuse.stages.summarize import build_dossier

_WORD = re.compile(r"\w+")


def bag_of_words(texts: Sequence[str]) -> npt.NDArray[np.float32]:
    """Unit-length hashed word counts: a stand-in for MiniLM with no model to load."""
    vectors = np.zeros((len(texts), 256), dtype=np.float32)
    for row, text in enumerate(texts):
        for word in _WORD.findall(text.lower()):
            vectors[row, zlib.crc32(word.encode()) % 256] += 1.0
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return (vectors / np.where(norms == 0, 1, norms)).astype(np.float32)


# Three outlets tell one story; "b" is a reprint of "a"'s wire copy with a different
# headline, "c" garbles the minister's name, as machine translation does.
TEXT_A = (
    "Foreign Minister Jeyhun Bayramov will meet the mediators in Geneva on Thursday. "
    "The fighting has displaced about 140,000 people from their homes in the region. "
    "Officials said a new round of shelling hit the capital overnight and damaged two schools. "
    "Do you think the talks will succeed?"
)
TEXT_B = TEXT_A.replace("overnight", "late at night")
TEXT_C = (
    "Foreign Minister Jihon Permov will meet the mediators in Geneva on Thursday, officials said. "
    "About 140,000 people have been displaced from their homes by the fighting in the region. "
    "The local church was damaged by a drone strike according to the priest who saw it. "
    "Click here to subscribe to our newsletter for more news."
)


def _mention(article: str, text: str, name: str, entity: str, kind: str = "person") -> Mention:
    start = {"a": TEXT_A, "b": TEXT_B, "c": TEXT_C}[article].index(name)
    return Mention(Span(article, start, start + len(name)), name, kind, entity=entity)


def _articles() -> list[Article]:
    def make(article_id: str, text: str, **changes: object) -> Article:
        base = Article(
            id=article_id,
            path=f"{article_id}.txt",
            raw_text=text,
            text=text,
            published="2020-10-07T10:00",
            title=f"Headline {article_id}",
        )
        return replace(base, **changes)  # type: ignore[arg-type]

    minister = "e-bayramov"
    quote_a = Quote(
        id="q-a",
        text="will meet the mediators",
        span=Span("a", 33, 56),
        evidence=Span("a", 0, 79),
        speaker="Bayramov",
        speaker_span=Span("a", 17, 32),
    )
    quote_c = Quote(
        id="q-c",
        text="will meet the mediators",
        span=Span("c", 30, 53),
        evidence=Span("c", 0, 92),
        speaker="Jihon Permov",
        speaker_span=Span("c", 17, 29),
    )
    quote_c2 = Quote(
        id="q-c2",
        text="damaged by a drone strike",
        span=Span("c", 182, 207),
        evidence=Span("c", 182, 264),
        speaker="the priest",
    )
    lone = Quote(id="q-none", text="nothing", span=Span("c", 0, 5), evidence=Span("c", 0, 5))
    figure_a = Figure(
        id="f-a",
        kind="displaced",
        quantity=Quantity(140_000, 140_000, "about"),
        subject="people",
        span=Span("a", 107, 127),
        evidence=Span("a", 80, 159),
        as_of="2020-10-07",
        as_of_precision="day",
    )
    figure_c = replace(figure_a, id="f-c", span=Span("c", 93, 106), evidence=Span("c", 93, 181))
    return [
        make(
            "a",
            TEXT_A,
            mentions=(_mention("a", TEXT_A, "Jeyhun Bayramov", minister),),
            quotes=(quote_a,),
            figures=(figure_a,),
        ),
        make(
            "b",
            TEXT_B,
            mentions=(_mention("b", TEXT_B, "Jeyhun Bayramov", minister),),
            duplicate_of="a",
            derived_from=(Reuse("a", "duplicate", 0.95, 0.9),),
            site="reprints.example",
        ),
        make(
            "c",
            TEXT_C,
            mentions=(_mention("c", TEXT_C, "Jihon Permov", minister),),
            quotes=(quote_c, quote_c2, lone),
            figures=(figure_c,),
            published="2020-10-08T09:00",
        ),
    ]


ENTITIES = {"e-bayramov": Entity("e-bayramov", "Jeyhun Bayramov", "person")}
STORY = Story(id="s1", title="Talks in Geneva", articles=("a", "b", "c"))
GROUPS = [
    FigureGroup("g-single", "s1", "injured", "people", "single", "one", ("f-x",), 3, 3, 3, 1),
    FigureGroup(
        "g-agree",
        "s1",
        "displaced",
        "people",
        "agree",
        "two agree",
        ("f-a", "f-c"),
        140_000,
        140_000,
        140_000,
        2,
        ("a", "c"),
        as_of="2020-10-07",
    ),
    FigureGroup("g-update", "s1", "killed", "soldiers", "update", "up", (), 158, 350, None, 2),
    FigureGroup("g-dis", "s1", "killed", "civilians", "disagree", "no", (), 12, 19, 19, 2),
]
EVENTS = [
    Event(
        id="x-talks",
        type="meeting",
        evidence=(Span("c", 0, 92), Span("a", 0, 79)),
        actors=("Jihon Permov",),
        actor_spans=(Span("c", 17, 29),),
        place_name="Geneva",
        date="2020-10-08",
        date_precision="day",
    ),
    Event(id="x-undated", type="shelling", evidence=(Span("a", 160, 249),)),
    Event(
        id="x-early",
        type="armed_clash",
        evidence=(Span("a", 80, 159),),
        date="2020-09-27",
        date_precision="day",
    ),
]


def test_every_summary_sentence_is_verbatim_at_every_citation() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    by_id = {a.id: a for a in built.articles}
    assert built.summary
    for line in built.summary:
        assert line.citations, "a summary sentence without a citation"
        first = line.citations[0]
        assert by_id[first.article].text[first.start : first.end] == line.text
        for span in line.citations:
            cited = by_id[span.article].text[span.start : span.end]
            assert cited.endswith((".", "?", "!")), f"{cited!r} is not a whole sentence"


def test_a_fact_told_by_three_outlets_is_one_sentence_citing_all_three() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    geneva = [line for line in built.summary if "Geneva" in line.text]
    assert len(geneva) == 1
    assert {span.article for span in geneva[0].citations} == {"a", "b", "c"}
    # The wording without the garbled name is the one shown.
    assert "Jeyhun Bayramov" in geneva[0].text
    # Independent support: the reprint counts with its original, so two sources
    # tell it, as two tell the displacement figure.
    displaced = [line for line in built.summary if "140,000" in line.text]
    assert len(displaced) == 1


def test_questions_and_site_furniture_are_never_summary_sentences() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    texts = " ".join(line.text for line in built.summary)
    assert "?" not in texts
    assert "subscribe" not in texts


def test_brief_is_a_shorter_part_of_full() -> None:
    full = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    brief = build_dossier(
        STORY,
        _articles(),
        GROUPS,
        EVENTS,
        ENTITIES,
        length="brief",
        settings=SummarySettings(brief_sentences=2),
        encoder=bag_of_words,
    )
    assert brief.length == "brief"
    assert 0 < len(brief.summary) < len(full.summary)
    assert {line.text for line in brief.summary} <= {line.text for line in full.summary}
    # Brief keeps the corroborated facts, not the single-source one.
    assert all(len({s.article for s in line.citations}) > 1 for line in brief.summary)


def test_no_two_summary_sentences_state_the_same_fact() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    cited = [span for line in built.summary for span in line.citations]
    assert len(cited) == len(set(cited)), "one sentence cited for two facts"
    words = [set(_WORD.findall(line.text.lower())) for line in built.summary]
    for i, a in enumerate(words):
        for b in words[i + 1 :]:
            assert len(a & b) / len(a | b) < 0.5


def test_the_summary_is_in_date_order() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    dates = [line.date for line in built.summary]
    assert None not in dates
    assert dates == sorted(d for d in dates if d)
    # "on Thursday" in an article of Wednesday 7 October is 8 October: said of the future.
    geneva = next(line for line in built.summary if "Geneva" in line.text)
    assert geneva.date == "2020-10-08"


def test_the_dossier_does_not_depend_on_article_order() -> None:
    first = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    for seed in range(3):
        shuffled = _articles()
        random.Random(seed).shuffle(shuffled)
        groups, events = list(GROUPS), list(EVENTS)
        random.Random(seed).shuffle(groups)
        random.Random(seed).shuffle(events)
        again = build_dossier(STORY, shuffled, groups, events, ENTITIES, encoder=bag_of_words)
        assert again == first


def test_the_timeline_has_the_dated_items_in_order() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    keys = [(e.date, e.kind, e.text) for e in built.timeline]
    assert keys == sorted(keys)
    refs = [e.ref for e in built.timeline]
    assert refs == ["x-early", "g-agree", "x-talks"]
    talks = built.timeline[-1]
    # The actor is named as its entity, not as the article garbled it.
    assert talks.text == "Talks in Geneva: Jeyhun Bayramov"
    assert (talks.precision, talks.kind) == ("day", "event")
    assert talks.citations == (Span("a", 0, 79), Span("c", 0, 92))
    figure = built.timeline[1]
    assert figure.text == "displaced, people: 140,000 (agree)"
    assert figure.citations == (Span("a", 80, 159), Span("c", 93, 181))


def test_the_board_puts_disagreements_then_updates_first() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    assert [g.status for g in built.board] == ["disagree", "update", "agree", "single"]
    # Every figure the board names and an article holds, by id.
    assert set(built.figures) == {"f-a", "f-c"}
    assert built.figures["f-c"].evidence == Span("c", 93, 181)


def test_events_are_the_storys_by_date_undated_last() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    assert [e.id for e in built.events] == ["x-early", "x-talks", "x-undated"]


def test_speakers_are_grouped_under_their_entitys_name() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    assert [(s.speaker, s.entity, len(s.quotes)) for s in built.speakers] == [
        ("Jeyhun Bayramov", "e-bayramov", 2),
        ("the priest", None, 1),
    ]
    assert [q.id for q in built.speakers[0].quotes] == ["q-a", "q-c"]


def test_coverage_names_the_articles_of_each_fact() -> None:
    built = build_dossier(STORY, _articles(), GROUPS, EVENTS, ENTITIES, encoder=bag_of_words)
    rows = {(row.kind, row.fact): row.articles for row in built.coverage}
    summary = [(fact, arts) for (kind, fact), arts in rows.items() if kind == "summary"]
    assert len(summary) == len(built.summary)
    assert any(
        fact.startswith("Foreign Minister") and arts == ("a", "b", "c") for fact, arts in summary
    )
    assert rows[("figure", "displaced, people")] == ("a", "c")
    assert rows[("event", "Talks in Geneva: Jeyhun Bayramov (2020-10-08)")] == ("a", "c")
    assert len(built.coverage) == len(built.summary) + len(GROUPS) + len(EVENTS)


def test_an_unknown_length_is_refused() -> None:
    with pytest.raises(ValueError, match="brief, full"):
        build_dossier(
            STORY, _articles(), GROUPS, EVENTS, ENTITIES, length="long", encoder=bag_of_words
        )


def test_a_story_without_sentences_has_an_empty_summary() -> None:
    bare = [replace(a, text="Short.", mentions=(), quotes=(), figures=()) for a in _articles()]
    built = build_dossier(STORY, bare, [], [], {}, encoder=bag_of_words)
    assert built.summary == () and built.speakers == () and built.timeline == ()
