"""``newsfuse figures``, ``newsfuse quotes`` and ``newsfuse events`` over a store built by hand.

Article text is hostile: a speaker, a quote and an explanation carry Rich
markup, HTML and a terminal escape, and must print literally.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

import newsfuse.cli.claims as claims_command
from newsfuse.model import Article, Entity, Event, FigureGroup, Mention, Quote, Span, Story
from newsfuse.store import open_store

from .helpers import Cli, screen_for, shown

HOSTILE = "[bold]x[/bold] <script>alert(1)</script> \x1b[31mred"
HOSTILE_SHOWN = "[bold]x[/bold] <script>alert(1)</script> \\x1b[31mred"
ARTICLE = Article(
    id="aaaa000000000001",
    path="in/a.txt",
    raw_text="x",
    text="“We will take back our lands,” Aliyev said. Putin said talks would go on.",
    title="Talks",
)
STORY = Story(id="s0000000000a1", title="Karabakh talks", articles=(ARTICLE.id,))


def group(n: int, status: str, explanation: str) -> FigureGroup:
    return FigureGroup(
        id=f"g{n}",
        story=STORY.id,
        kind="killed",
        subject="soldiers",
        status=status,
        explanation=explanation,
        figures=(f"f{n}",),
        low=300.0,
        best=350.0,
        high=None,
        sources=n,
        side="Armenia",
    )


@pytest.fixture
def built(db: Path) -> Path:
    store = open_store(db)
    try:
        quotes: tuple[Quote, ...] = (
            Quote(
                "q1",
                "We will take back our lands,",
                Span(ARTICLE.id, 1, 29),
                Span(ARTICLE.id, 0, 43),
                "Ilham Aliyev",
                None,
                "say",
                True,
            ),
            Quote(
                "q2",
                "talks would go on",
                Span(ARTICLE.id, 55, 72),
                Span(ARTICLE.id, 44, 73),
                HOSTILE,
                None,
                "say",
                False,
            ),
        )
        garbled = Mention(Span(ARTICLE.id, 44, 49), "Putin", "person")
        quotes = (
            *quotes,
            Quote(
                "q3",
                "talks would go on",
                Span(ARTICLE.id, 55, 72),
                Span(ARTICLE.id, 44, 73),
                "Putin",
                garbled.span,
                "say",
                False,
            ),
        )
        store.add(replace(ARTICLE, quotes=quotes, mentions=(garbled,)), ARTICLE.path)
        store.replace_entities(
            [Entity(id="e1", name="Vladimir Putin", type="person", mentions=(garbled,))]
        )
        store.replace_stories([STORY])
        store.put_story_claims(
            STORY.id,
            [group(1, "agree", "3 sources agree"), group(2, "disagree", HOSTILE)],
            [
                Event(
                    "x1",
                    "meeting",
                    (Span(ARTICLE.id, 0, 10),),
                    code="046",
                    actors=("Sergey Lavrov", HOSTILE),
                    place_name=HOSTILE,
                    date="2020-10-09",
                    date_precision="day",
                    story=STORY.id,
                )
            ],
        )
    finally:
        store.close()
    return db


@pytest.fixture(params=["plain", "terminal"])
def screen(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[io.StringIO | None]:
    yield from screen_for(request.param, monkeypatch, claims_command)


def test_figures_plain_lists_disagreements_first(cli: Cli, built: Path) -> None:
    result = cli("figures")
    assert result.exit_code == 0, result.output
    rows = [line.split("\t") for line in result.stdout.splitlines()]
    assert [row[5] for row in rows] == ["disagree", "agree"]
    assert rows[1][:9] == [
        STORY.id,
        "g1",
        "killed",
        "soldiers",
        "Armenia",
        "agree",
        "300",
        "350",
        "",
    ]
    assert rows[0][-1] == HOSTILE_SHOWN


def test_figures_filters_by_status(cli: Cli, built: Path) -> None:
    result = cli("figures", "--status", "agree")
    assert [line.split("\t")[1] for line in result.stdout.splitlines()] == ["g1"]


def test_quotes_by_speaker_in_any_case(cli: Cli, built: Path) -> None:
    result = cli("quotes", "--speaker", "ALIYEV")
    assert result.exit_code == 0, result.output
    (row,) = [line.split("\t") for line in result.stdout.splitlines()]
    assert row == [
        ARTICLE.id,
        "1",
        "29",
        "Ilham Aliyev",
        "direct",
        "say",
        "We will take back our lands,",
    ]
    assert len(cli("quotes", "--direct-only").stdout.splitlines()) == 1


def test_quotes_name_and_find_a_speaker_by_their_entity(cli: Cli, built: Path) -> None:
    result = cli("quotes", "--speaker", "vladimir")
    (row,) = [line.split("\t") for line in result.stdout.splitlines()]
    assert row[3:5] == ["Vladimir Putin", "indirect"]


def test_events_plain(cli: Cli, built: Path) -> None:
    (row,) = [line.split("\t") for line in cli("events").stdout.splitlines()]
    assert row[:6] == [STORY.id, "x1", "meeting", "046", "2020-10-09", "day"]
    assert row[-1] == "1"


@pytest.mark.parametrize("command", ["figures", "quotes", "events"])
def test_hostile_text_prints_literally(
    cli: Cli, built: Path, screen: io.StringIO | None, command: str
) -> None:
    output = shown(cli(command), screen)
    assert HOSTILE_SHOWN in output.replace("\n", "") or "[bold]x[/bold]" in output
    assert "\x1b[31m" not in output
    assert "<script>" in output
