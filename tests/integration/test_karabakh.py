"""The five Karabakh-2020 articles end to end: junk cut, story kept, metadata found.

What each article must lose and what it states is written by hand in
tests/data/karabakh/expectations.json. Story sentences need no hand list: every
line of the raw file that is neither junk nor the headline must survive.
"""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any, TypedDict

import pytest

from newsfuse.config import Settings
from newsfuse.export import write_json
from newsfuse.ingest import IngestReport, ingest
from newsfuse.model import Article
from newsfuse.store import Store, open_store

from .helpers import normalise

pytestmark = pytest.mark.shared

EXPECTATIONS_FILE = Path(__file__).resolve().parents[1] / "data" / "karabakh" / "expectations.json"


class Expectation(TypedDict):
    #: Whole lines (or a distinctive start of one) that must not remain in the clean text.
    junk: list[str]
    #: Junk glued to the front of a story line: cut, and the rest of the line kept.
    glued_prefixes: list[str]
    #: What the article itself states; None where it states nothing.
    metadata: dict[str, str | None]


EXPECTATIONS: dict[str, Expectation] = json.loads(EXPECTATIONS_FILE.read_text(encoding="utf-8"))
NAMES = sorted(EXPECTATIONS)
METADATA_FIELDS = ("title", "author", "published", "date_precision", "site", "credit", "language")


@pytest.fixture(scope="module")
def first_run(
    karabakh_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> tuple[Path, IngestReport]:
    """A store file holding the five articles, ingested once for the whole module."""
    db = tmp_path_factory.mktemp("karabakh") / "newsfuse.db"
    store = open_store(db)
    try:
        report = ingest([karabakh_dir], store, Settings())
    finally:
        store.close()
    return db, report


@pytest.fixture(scope="module")
def ingested(first_run: tuple[Path, IngestReport]) -> Path:
    return first_run[0]


@pytest.fixture(scope="module")
def by_name(ingested: Path) -> dict[str, Article]:
    """The stored articles keyed by the file name they came from."""
    store = open_store(ingested)
    try:
        return {Path(article.path).name: article for article in store.iter_articles()}
    finally:
        store.close()


def raw_lines(karabakh_dir: Path, name: str) -> list[str]:
    """The file's non-blank lines, whitespace normalised."""
    text = (karabakh_dir / name).read_text(encoding="utf-8")
    return [line for line in map(normalise, text.split("\n")) if line]


def story_lines(karabakh_dir: Path, name: str) -> list[str]:
    """Every raw line that is not junk and not the headline, glued prefixes cut off."""
    expected = EXPECTATIONS[name]
    title = expected["metadata"]["title"]
    kept = []
    for line in raw_lines(karabakh_dir, name):
        if line == title or line.startswith(tuple(expected["junk"])):
            continue
        for prefix in expected["glued_prefixes"]:
            line = line.removeprefix(prefix)
        kept.append(line)
    return kept


def test_all_five_ingest(first_run: tuple[Path, IngestReport]) -> None:
    db, report = first_run
    assert report.errors == []
    assert len(report.added) == 5
    assert report.already_stored == []
    store = open_store(db)
    try:
        assert store.count() == 5
    finally:
        store.close()


def test_expectations_cover_the_corpus(karabakh_dir: Path) -> None:
    assert sorted(path.name for path in karabakh_dir.glob("*.txt")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_expected_junk_is_really_in_the_raw_file(karabakh_dir: Path, name: str) -> None:
    # Guards the expectations themselves: a junk entry that matches nothing tests nothing.
    lines = raw_lines(karabakh_dir, name)
    expected = EXPECTATIONS[name]
    for junk in [*expected["junk"], *expected["glued_prefixes"]]:
        assert any(line.startswith(junk) for line in lines), junk


@pytest.mark.parametrize("name", NAMES)
def test_junk_is_cut(by_name: dict[str, Article], name: str) -> None:
    clean = normalise(by_name[name].text)
    expected = EXPECTATIONS[name]
    for junk in [*expected["junk"], *expected["glued_prefixes"]]:
        assert junk not in clean


@pytest.mark.parametrize("name", NAMES)
def test_headline_is_not_left_in_the_text(by_name: dict[str, Article], name: str) -> None:
    title = EXPECTATIONS[name]["metadata"]["title"]
    paragraphs = [normalise(paragraph) for paragraph in by_name[name].text.split("\n\n")]
    assert title not in paragraphs


@pytest.mark.parametrize("name", NAMES)
def test_every_story_line_is_kept_verbatim(
    karabakh_dir: Path, by_name: dict[str, Article], name: str
) -> None:
    clean = normalise(by_name[name].text)
    lines = story_lines(karabakh_dir, name)
    assert len(lines) >= 10
    missing = [line for line in lines if line not in clean]
    assert missing == []


@pytest.mark.parametrize("name", NAMES)
def test_clean_text_is_exactly_the_story_in_order(
    karabakh_dir: Path, by_name: dict[str, Article], name: str
) -> None:
    # Nothing but the story lines, in their order: no junk outside the hand list survives.
    assert normalise(by_name[name].text) == " ".join(story_lines(karabakh_dir, name))


@pytest.mark.parametrize("name", NAMES)
def test_metadata_is_what_the_article_states(by_name: dict[str, Article], name: str) -> None:
    article = by_name[name]
    precision = article.date_precision.value if article.date_precision else None
    found: dict[str, Any] = {
        field: precision if field == "date_precision" else getattr(article, field)
        for field in METADATA_FIELDS
    }
    assert found == EXPECTATIONS[name]["metadata"]


@pytest.mark.parametrize("name", NAMES)
def test_every_cut_has_a_reason(by_name: dict[str, Article], name: str) -> None:
    removed = by_name[name].removed
    assert removed
    for segment in removed:
        assert segment.text.strip()
        assert segment.reason.strip()


@pytest.mark.parametrize("name", [name for name in NAMES if EXPECTATIONS[name]["glued_prefixes"]])
def test_glued_prefix_alone_is_cut(by_name: dict[str, Article], name: str) -> None:
    cut = [segment.text for segment in by_name[name].removed]
    for prefix in EXPECTATIONS[name]["glued_prefixes"]:
        assert prefix in cut


def export_document(store: Store) -> dict[str, Any]:
    buffer = io.StringIO()
    write_json(store, buffer)
    document: dict[str, Any] = json.loads(buffer.getvalue())
    return document


def test_ingesting_again_adds_nothing(ingested: Path, karabakh_dir: Path) -> None:
    store = open_store(ingested)
    try:
        before = {article.id: article for article in store.iter_articles()}
        report: IngestReport = ingest([karabakh_dir], store, Settings())
        assert report.added == []
        assert report.errors == []
        assert report.recleaned == []
        assert sorted(report.already_stored) == sorted(before)
        assert store.count() == 5
        after = {article.id: article for article in store.iter_articles()}
        assert after == before
        # The same path again is not a second origin.
        for article in after.values():
            assert store.origins(article.id) == [article.path]
        document = export_document(store)
    finally:
        store.close()
    assert len(document["articles"]) == 5
    assert len({record["id"] for record in document["articles"]}) == 5
