"""``newsfuse stories``, ``newsfuse story`` and ``newsfuse recluster`` over a store built by hand.

A wire report, a site's word-for-word copy of it and a follow-up make one story;
a second story's headline is hostile: Rich markup, HTML and a terminal escape.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import Result

import newsfuse.cli.stories as stories_command
from newsfuse.config import Settings
from newsfuse.errors import StoreError
from newsfuse.export import story_record
from newsfuse.model import Article, Reuse, Story, StoryMember
from newsfuse.store import Store, open_store

from .helpers import Cli, screen_for, shown

HOSTILE = "[bold]x[/bold] <script>alert(1)</script> \x1b[31mred"
#: How the hostile headline shows: literally, the escape spelled out.
HOSTILE_SHOWN = "[bold]x[/bold] <script>alert(1)</script> \\x1b[31mred"

WIRE = Article(
    id="aaaa000000000001",
    path="in/wire.txt",
    raw_text="Ceasefire agreed in Moscow ...",
    text="Ceasefire agreed in Moscow after ten hours of talks.",
    site="wire.example",
    title="Ceasefire agreed in Moscow",
    published="2020-10-10T03:00",
)
COPY = Article(
    id="aaaa000000000002",
    path="in/copy.txt",
    raw_text="Ceasefire agreed in Moscow (copy)",
    text="Ceasefire agreed in Moscow after ten hours of talks.",
    site="copy.example",
    title="Moscow talks end in ceasefire",
    published="2020-10-10T09:00",
    duplicate_of=WIRE.id,
    derived_from=(Reuse(WIRE.id, "duplicate", 0.97, 0.94),),
)
FOLLOW = Article(
    id="bbbb000000000003",
    path="in/follow.txt",
    raw_text="Shelling resumes ...",
    text="Shelling resumed a day after the ceasefire agreed in Moscow after ten hours of talks.",
    site="other.example",
    title="Shelling resumes despite truce",
    published="2020-10-11",
    derived_from=(Reuse(WIRE.id, "partial", 0.45, 0.3),),
)
ODD = Article(
    id="cccc000000000004",
    path="in/odd.txt",
    raw_text=HOSTILE,
    text=HOSTILE,
    site="[link=http://evil]evil[/link]",
    title=HOSTILE,
)

TRUCE = Story(
    id="s1a2b3c4d5e6f",
    title=WIRE.title or "",
    articles=(WIRE.id, COPY.id, FOLLOW.id),
    first_seen=WIRE.published,
    last_seen=FOLLOW.published,
    sources=("copy.example", "other.example", "wire.example"),
    independent_sources=2,
    members=(
        StoryMember(WIRE.id, "original", WIRE.site, WIRE.published),
        StoryMember(COPY.id, "copy", COPY.site, COPY.published),
        StoryMember(FOLLOW.id, "follow-up", FOLLOW.site, FOLLOW.published),
    ),
    entities=("Moscow", "Jeyhun Bayramov", "[red]Evil[/red] Corp"),
)
ODDITY = Story(
    id="s1a2ffff00001",
    title=HOSTILE,
    articles=(ODD.id,),
    sources=(ODD.site or "",),
    independent_sources=1,
    members=(StoryMember(ODD.id, "original", ODD.site, None),),
)

COLUMNS = ("id", "title", "first_seen", "last_seen", "articles", "sources", "independent")


@pytest.fixture
def built(db: Path) -> Path:
    """The store of the module docstring, at the test's ``db``."""
    db.parent.mkdir(parents=True, exist_ok=True)
    store = open_store(db)
    try:
        for article in (WIRE, COPY, FOLLOW, ODD):
            store.add(article, article.path)
        store.replace_stories([ODDITY, TRUCE])
    finally:
        store.close()
    return db


def ok(result: Result) -> str:
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    return result.stdout


def rows(output: str) -> list[dict[str, str]]:
    parsed = []
    for line in output.splitlines():
        fields = line.split("\t")
        assert len(fields) == len(COLUMNS), line
        parsed.append(dict(zip(COLUMNS, fields, strict=True)))
    return parsed


# -- stories ---------------------------------------------------------------------------------


def test_stories_lists_tab_separated_columns(cli: Cli, built: Path) -> None:
    listed = rows(ok(cli("stories")))

    assert listed == [
        {
            "id": TRUCE.id,
            "title": TRUCE.title,
            "first_seen": "2020-10-10T03:00",
            "last_seen": "2020-10-11",
            "articles": "3",
            "sources": "3",
            "independent": "2",
        },
        {
            "id": ODDITY.id,
            "title": HOSTILE_SHOWN,
            "first_seen": "",
            "last_seen": "",
            "articles": "1",
            "sources": "1",
            "independent": "1",
        },
    ]


def test_stories_limit(cli: Cli, built: Path) -> None:
    assert [row["id"] for row in rows(ok(cli("stories", "--limit", "1")))] == [TRUCE.id]


def test_stories_of_an_empty_store(cli: Cli) -> None:
    assert ok(cli("stories")) == ""


# -- story -----------------------------------------------------------------------------------


def test_story_shows_members_roles_copies_and_entities(cli: Cli, built: Path) -> None:
    output = ok(cli("story", TRUCE.id))
    lines = output.splitlines()

    assert lines[0] == TRUCE.title
    assert "        id: s1a2b3c4d5e6f" in lines
    assert "     dates: 2020-10-10T03:00 – 2020-10-11" in lines
    assert "  articles: 3 from 3 sources, 2 independent" in lines
    assert "  entities: Moscow; Jeyhun Bayramov; [red]Evil[/red] Corp" in lines
    assert "   sources: copy.example; other.example; wire.example" in lines
    listed = lines[lines.index("articles:") + 1 : lines.index("copies:")]
    assert [tuple(line.split()[:4]) for line in listed if line] == [
        ("original", WIRE.id, "2020-10-10T03:00", "wire.example"),
        ("copy", COPY.id, "2020-10-10T09:00", "copy.example"),
        ("follow-up", FOLLOW.id, "2020-10-11", "other.example"),
    ]
    assert f"  copy      {COPY.id}  2020-10-10T09:00  copy.example  {COPY.title}" in lines
    assert (
        f"  {COPY.id} (copy.example) duplicates {WIRE.id} (wire.example):"
        " 97% of its text shared (Jaccard 0.94)"
    ) in lines
    assert (
        f"  {FOLLOW.id} (other.example) reuses part of {WIRE.id} (wire.example):"
        " 45% of its text shared (Jaccard 0.30)"
    ) in lines


def test_story_by_prefix(cli: Cli, built: Path) -> None:
    assert ok(cli("story", "s1a2b")) == ok(cli("story", TRUCE.id))


def test_an_ambiguous_prefix_is_a_one_line_error(cli: Cli, built: Path) -> None:
    result = cli("story", "s1a2")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (f"error: id prefix 's1a2' is ambiguous: {TRUCE.id}, {ODDITY.id}\n")


def test_no_such_story_is_a_one_line_error(cli: Cli, built: Path) -> None:
    result = cli("story", "s999")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: no story with id 's999'\n"


def test_story_json_is_the_export_record(cli: Cli, built: Path) -> None:
    record = json.loads(ok(cli("story", "--json", TRUCE.id)))
    exported = json.loads(ok(cli("export")))

    assert record == story_record(TRUCE)
    assert record == exported["stories"][0]
    assert [m["role"] for m in record["members"]] == ["original", "copy", "follow-up"]


def test_a_story_naming_a_missing_source(cli: Cli, built: Path) -> None:
    store = open_store(built)
    try:
        store.set_reuse([(FOLLOW.id, None, [Reuse("dddd000000000009", "partial", 0.5, 0.5)])])
    finally:
        store.close()
    output = ok(cli("story", TRUCE.id))
    assert (
        f"  {FOLLOW.id} (other.example) reuses part of dddd000000000009 (not stored)"
        " (not in this story): 50% of its text shared (Jaccard 0.50)"
    ) in output.splitlines()


# -- text from articles is never markup nor terminal control ---------------------------------


@pytest.fixture(params=["plain", "terminal"])
def screen(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> Iterator[io.StringIO | None]:
    yield from screen_for(request.param, monkeypatch, stories_command)


def test_hostile_titles_print_literally_in_stories(
    cli: Cli, built: Path, screen: io.StringIO | None
) -> None:
    output = shown(cli("stories"), screen)

    assert HOSTILE_SHOWN in output
    assert "\x1b[31m" not in output
    assert "\x1b]8;" not in output


def test_hostile_text_prints_literally_in_story(
    cli: Cli, built: Path, screen: io.StringIO | None
) -> None:
    output = shown(cli("story", ODDITY.id), screen)

    assert output.splitlines()[0] == HOSTILE_SHOWN
    assert f"[link=http://evil]evil[/link]  {HOSTILE_SHOWN}" in output
    assert "\x1b[31m" not in output
    assert "\x1b]8;" not in output
    entities = shown(cli("story", TRUCE.id), screen)
    assert "[red]Evil[/red] Corp" in entities


def test_the_terminal_table_shows_short_unique_ids(
    cli: Cli, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    buffer = next(screen_for("terminal", monkeypatch, stories_command))
    output = shown(cli("stories"), buffer)

    assert output.startswith("2 stories")
    lines = output.splitlines()
    assert [line.split()[0] for line in lines if line.startswith(" s1a2")] == [
        "s1a2b3c4",
        "s1a2ffff",
    ]
    assert TRUCE.id not in output
    assert stories_command._short_ids(["s1234567aa", "s1234567ab", "s9"]) == 10


# -- recluster -------------------------------------------------------------------------------


@pytest.fixture
def calls(monkeypatch: pytest.MonkeyPatch) -> list[tuple[Store, Settings]]:
    """Stands in for ``newsfuse.ingest.recluster`` (tested for real on Karabakh): 7 stories."""
    seen: list[tuple[Store, Settings]] = []

    def recluster(store: Store, settings: Settings) -> int:
        seen.append((store, settings))
        assert store.count() == 4
        return 7

    monkeypatch.setattr(stories_command, "run_recluster", recluster)
    return seen


def test_recluster_reports_the_number_of_stories(
    cli: Cli, built: Path, calls: list[tuple[Store, Settings]]
) -> None:
    output = ok(cli("recluster"))

    assert output == f"7 stories -> {built}\n"
    ((_, settings),) = calls
    assert isinstance(settings, Settings)


def test_recluster_quiet(cli: Cli, built: Path, calls: list[tuple[Store, Settings]]) -> None:
    assert ok(cli("--quiet", "recluster")) == ""
    assert len(calls) == 1


def test_a_failed_recluster_is_a_one_line_error(
    cli: Cli, built: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def recluster(store: Store, settings: Settings) -> int:
        raise StoreError("disk full")

    monkeypatch.setattr(stories_command, "run_recluster", recluster)
    result = cli("recluster")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "error: disk full\n"
