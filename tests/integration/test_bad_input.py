"""One ``newsfuse ingest`` over a folder of bad and good inputs, run as the real program.

Every bad input is one line on stderr naming the file (and line) and the reason;
everything good is stored once, however often the command is run.
"""

from __future__ import annotations

import json
import random
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsfuse.config import Settings
from newsfuse.ingest import ingest
from newsfuse.model import Article
from newsfuse.store import open_store

from .helpers import Cli, error_lines, run_newsfuse, write_article, write_jsonl

LATIN1 = (
    "Le café de la gare, naïve et têtue",
    "À Paris, le garçon a bu un café crème près de la fenêtre.",
    "La propriétaire, Hélène, dit que l'hiver sera très froid cette année.",
)
# Windows "latin-1": the dash and the ellipsis only exist in cp1252.
CP1252 = (
    "Le café de la gare – naïve…",
    "À Lyon, le garçon a commandé un café crème à la gare.",
    "La serveuse, Zoë, a répondu que la ligne était fermée à cause de la grève.",
)
BRIDGE = (
    "Officials in the northern province said on Tuesday that the new bridge over the river "
    "would open next spring, after three years of delays caused by flooding.",
    "The regional governor told reporters that the cost had risen to 40 million euros, twice "
    "the first estimate, but that inspections would begin in March.",
    "Residents of the two villages on either side of the river have waited decades for the "
    "crossing, which will cut the drive to the nearest hospital from an hour to ten minutes.",
)
# Cut off in the middle of a tag, as an interrupted download leaves a page.
BROKEN_HTML = (
    "<html><head><title>Bridge to open in spring</title></head><body><article>"
    "<h1>Bridge to open in spring</h1>"
    + "".join(f"<p>{paragraph}</p>" for paragraph in BRIDGE)
    + '<div class="related"><a href="/news/next-sto'
)
# A script-rendered page saved before it ran: a shell, no article.
APP_SHELL_HTML = (
    "<!doctype html><html><head><title>Loading</title>"
    "<script>window.app = {route: '/news'};</script></head>"
    '<body><div id="root"></div><script src="/app.js"></script></body></html>'
)
HARBOUR = {
    "title": "Harbour strike ends after two weeks",
    "text": "Dock workers in the southern port voted on Monday to end a two-week strike after "
    "the operator agreed to raise wages by eight percent.",
    "source": "port.example",
}
LIBRARY = {
    "title": "Library reopens after renovation",
    "text": "The city library reopened on Saturday after an eighteen-month renovation that "
    "added a children's wing and a rooftop reading garden.",
    "source": "port.example",
}
FARMERS = (
    "Farmers plant early as spring arrives",
    "Farmers across the valley began planting two weeks earlier than usual this year, citing "
    "a mild winter and warm soil.",
    "The agriculture office said yields could rise if the rains come on time.",
)
MUSEUM = (
    "Museum returns looted statue",
    "A national museum returned a bronze statue on Thursday that had been taken from a temple "
    "during the war eighty years ago.",
    "The handover ceremony was attended by officials from both countries.",
)


@dataclass(frozen=True)
class Failure:
    """A bad input as the error line must name it."""

    file: str
    where: str | None
    code: str
    #: Words the reason must contain to be clear.
    says: str


FAILURES = (
    Failure("empty.txt", None, "empty", "empty file"),
    Failure("binary.txt", None, "binary", "binary"),
    Failure("huge.txt", None, "too-large", "20.0 MB"),
    Failure("app-shell.html", None, "no-article-text", "no article text"),
    Failure("dump.jsonl", "line 2", "invalid-json", "invalid JSON"),
)
GOOD_COUNT = 7  # latin1, cp1252, broken.html, two JSONL lines, two plain articles


def make_bad_folder(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "empty.txt").write_bytes(b"")
    noise = random.Random(7).randbytes(4096)
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02" + noise + b"\x00" * 64)
    huge = b"All work and no play makes a long day. " * 520_000
    (folder / "huge.txt").write_bytes(huge[:20_000_000])
    write_article(folder / "latin1.txt", *LATIN1, encoding="latin-1")
    write_article(folder / "cp1252.txt", *CP1252, encoding="cp1252")
    (folder / "broken.html").write_text(BROKEN_HTML, encoding="utf-8")
    (folder / "app-shell.html").write_text(APP_SHELL_HTML, encoding="utf-8")
    write_jsonl(folder / "dump.jsonl", [HARBOUR, '{"text": "the record stops here', LIBRARY])
    write_article(folder / "farmers.txt", *FARMERS)
    write_article(folder / "museum.txt", *MUSEUM)
    return folder


@dataclass(frozen=True)
class Runs:
    folder: Path
    db: Path
    first: subprocess.CompletedProcess[str]
    second: subprocess.CompletedProcess[str]


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Runs:
    """The same ``newsfuse ingest FOLDER`` run twice on one store."""
    root = tmp_path_factory.mktemp("bad-input")
    folder = make_bad_folder(root / "inputs")
    db = root / "newsfuse.db"
    first = run_newsfuse(db, "ingest", folder)
    second = run_newsfuse(db, "ingest", folder)
    return Runs(folder, db, first, second)


def stored(db: Path) -> dict[str, Article]:
    """Stored articles by the path they came from."""
    store = open_store(db)
    try:
        return {article.path: article for article in store.iter_articles()}
    finally:
        store.close()


def matching(lines: list[str], failure: Failure, folder: Path) -> list[str]:
    place = str(folder / failure.file) + (f":{failure.where}" if failure.where else "")
    return [
        line
        for line in lines
        if line.startswith(f"error: {place}: ") and line.endswith(f" [{failure.code}]")
    ]


def test_exit_status_is_1(runs: Runs) -> None:
    assert runs.first.returncode == 1
    assert runs.second.returncode == 1


def test_summary_counts(runs: Runs) -> None:
    failed = len(FAILURES)
    assert runs.first.stdout == (
        f"added {GOOD_COUNT}, already stored 0, re-processed 0, failed {failed} -> {runs.db}\n"
    )
    assert runs.second.stdout == (
        f"added 0, already stored {GOOD_COUNT}, re-processed 0, failed {failed} -> {runs.db}\n"
    )


@pytest.mark.parametrize("failure", FAILURES, ids=lambda failure: failure.file)
def test_each_failure_is_one_line_naming_file_and_reason(runs: Runs, failure: Failure) -> None:
    lines = error_lines(runs.first.stderr)
    (line,) = matching(lines, failure, runs.folder)
    assert failure.says in line
    place = str(runs.folder / failure.file) + (f":{failure.where}" if failure.where else "")
    reason = line.removeprefix(f"error: {place}: ").removesuffix(f" [{failure.code}]")
    assert reason.strip()


def test_only_the_bad_inputs_fail(runs: Runs) -> None:
    lines = error_lines(runs.first.stderr)
    assert len(lines) == len(FAILURES)
    assert sorted(line for f in FAILURES for line in matching(lines, f, runs.folder)) == sorted(
        lines
    )


def test_running_again_reports_the_same_failures(runs: Runs) -> None:
    assert error_lines(runs.second.stderr) == error_lines(runs.first.stderr)


def test_stderr_holds_nothing_but_the_failures(runs: Runs) -> None:
    assert runs.first.stderr.splitlines() == error_lines(runs.first.stderr)


def test_everything_good_is_stored_once(runs: Runs) -> None:
    articles = stored(runs.db)
    folder = runs.folder
    assert sorted(articles) == sorted(
        [
            str(folder / "latin1.txt"),
            str(folder / "cp1252.txt"),
            str(folder / "broken.html"),
            f"{folder / 'dump.jsonl'}#line=1",
            f"{folder / 'dump.jsonl'}#line=3",
            str(folder / "farmers.txt"),
            str(folder / "museum.txt"),
        ]
    )
    exported = run_newsfuse(runs.db, "export", "--format", "jsonl")
    assert exported.returncode == 0
    records = [json.loads(line) for line in exported.stdout.splitlines()]
    assert len(records) == GOOD_COUNT
    assert sorted(record["id"] for record in records) == sorted(a.id for a in articles.values())
    for record in records:
        assert record["origins"] == [record["path"]]


@pytest.mark.parametrize("lines", [LATIN1, CP1252], ids=["latin-1", "cp1252"])
def test_legacy_encodings_keep_their_accents(runs: Runs, lines: tuple[str, ...]) -> None:
    (article,) = [a for a in stored(runs.db).values() if a.title == lines[0]]
    assert article.text == "\n\n".join(lines[1:])
    assert article.language == "fr"


def test_truncated_html_keeps_its_paragraphs(runs: Runs) -> None:
    article = stored(runs.db)[str(runs.folder / "broken.html")]
    assert article.title == "Bridge to open in spring"
    assert article.text == "\n\n".join(BRIDGE)


def test_good_jsonl_lines_around_a_bad_one_are_stored(runs: Runs) -> None:
    articles = stored(runs.db)
    dump = runs.folder / "dump.jsonl"
    for line, record in ((1, HARBOUR), (3, LIBRARY)):
        article = articles[f"{dump}#line={line}"]
        assert article.title == record["title"]
        assert article.text == record["text"]
        assert article.site == "port.example"


def test_earlier_articles_survive_a_later_batch_with_failures(
    cli: Cli, db: Path, tmp_path: Path
) -> None:
    earlier = tmp_path / "earlier"
    write_article(earlier / "farmers.txt", *FARMERS)
    write_article(earlier / "museum.txt", *MUSEUM)
    assert cli("ingest", earlier).exit_code == 0
    before = stored(db)

    later = tmp_path / "later"
    later.mkdir()
    (later / "empty.txt").write_bytes(b"")
    (later / "binary.txt").write_bytes(b"\x00" * 100 + random.Random(3).randbytes(200))
    write_jsonl(later / "dump.jsonl", ["{not json", HARBOUR])
    result = cli("ingest", later)

    assert result.exit_code == 1
    assert len(error_lines(result.stderr)) == 3
    after = stored(db)
    assert len(after) == 3
    for path, article in before.items():
        assert after[path] == article


def test_a_page_of_menus_has_no_article_text(tmp_path: Path) -> None:
    page = tmp_path / "menu.html"
    page.write_text(
        "<html><head><title>Example News</title></head><body><header><nav><ul>"
        "<li><a href='/'>Home</a></li><li><a href='/world'>World</a></li>"
        "<li><a href='/sport'>Sport</a></li></ul></nav></header>"
        "<footer><a href='/privacy'>Privacy policy</a></footer></body></html>",
        encoding="utf-8",
    )
    store = open_store(":memory:")
    try:
        report = ingest([page], store, Settings())
    finally:
        store.close()
    assert report.added == []
    assert [(error.origin, error.code) for error in report.errors] == [
        (str(page), "no-article-text")
    ]
