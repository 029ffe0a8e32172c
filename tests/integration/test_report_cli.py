"""``newsfuse report`` over the small hand-built store (and, marked slow, the Karabakh corpus)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from markupsafe import escape

from newsfuse.config import Settings
from newsfuse.dossier import dossier_record, load_dossier
from newsfuse.ingest import ingest
from newsfuse.store import open_store

from .helpers import Cli, error_lines
from .small_store import PAYLOADS, STORY, XSS_STORY, build


@pytest.fixture
def built(db: Path) -> Path:
    db.parent.mkdir(parents=True, exist_ok=True)
    return build(db)


def test_markdown_to_stdout_defaults_to_the_story_with_most_articles(cli: Cli, built: Path) -> None:
    result = cli("report")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.startswith(f"# {STORY.title}\n")
    assert "## Summary" in result.stdout and "## Sources" in result.stdout


def test_html_to_a_file(cli: Cli, built: Path, tmp_path: Path) -> None:
    target = tmp_path / "out" / "story.html"
    result = cli("report", STORY.id, "--format", "html", "-o", target)
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    assert result.stderr == f"wrote the html report of story {STORY.id} to {target}\n"
    html = target.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert 'id="summary"' in html
    assert not list(target.parent.glob("*.partial"))


def test_json_is_the_dossier_record(cli: Cli, built: Path, tmp_path: Path) -> None:
    target = tmp_path / "story.json"
    result = cli("--quiet", "report", STORY.id, "-f", "json", "-o", target, "--length", "brief")
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    store = open_store(built)
    try:
        dossier = load_dossier(store, STORY.id, Settings(), length="brief")
    finally:
        store.close()
    assert dossier is not None
    assert json.loads(target.read_text(encoding="utf-8")) == json.loads(
        json.dumps(dossier_record(dossier))
    )


def test_json_to_stdout_keeps_text_unescaped(cli: Cli, built: Path) -> None:
    result = cli("report", XSS_STORY.id, "--format", "json")
    assert result.exit_code == 0, result.output
    record = json.loads(result.stdout)
    assert record["id"] == XSS_STORY.id
    assert PAYLOADS[0] in record["title"]
    assert "  " in result.stdout.splitlines()[1]  # indented


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (("nosuchstory",), 1, "error: no story with id 'nosuchstory'"),
        (
            ("s000",),
            2,
            f"error: id prefix 's000' is ambiguous: {STORY.id}, {XSS_STORY.id}",
        ),
    ],
)
def test_unknown_or_ambiguous_story_is_a_one_line_error(
    cli: Cli, built: Path, args: tuple[str, ...], status: int, message: str
) -> None:
    result = cli("report", *args)
    assert result.exit_code == status
    assert result.stdout == ""
    assert result.stderr == message + "\n"


def test_an_unwritable_file_is_a_one_line_error(cli: Cli, built: Path, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    result = cli("report", STORY.id, "-o", blocker / "report.md")
    assert result.exit_code == 1
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"error: {blocker / 'report.md'}: cannot write the report: ")


def test_an_empty_store_has_no_story_to_report(cli: Cli) -> None:
    result = cli("report")
    assert result.exit_code == 1
    assert error_lines(result.stderr) == [
        "error: the store holds no stories: ingest articles first"
    ]


@pytest.mark.slow
@pytest.mark.shared
def test_karabakh_report_links_every_citation_to_marked_evidence(
    karabakh_dir: Path, db: Path, cli: Cli, tmp_path: Path
) -> None:
    store = open_store(db)
    try:
        ingest([karabakh_dir], store, Settings())
        largest = max(store.iter_stories(), key=lambda s: len(s.articles))
        dossier = load_dossier(store, largest.id, Settings())
    finally:
        store.close()
    assert dossier is not None and dossier.summary
    target = tmp_path / "karabakh.html"
    assert cli("--quiet", "report", "-f", "html", "-o", target).exit_code == 0

    document = target.read_text(encoding="utf-8")
    links = set(re.findall(r'<a class="cite" href="#(ev-\d+)"', document))
    anchors = re.findall(r'<mark id="(ev-\d+)">', document)
    assert links and links == set(anchors) and len(anchors) == len(set(anchors))
    for sentence in dossier.summary:
        assert f'<li class="sentence">{escape(sentence.text)}<a class="cite"' in document
    markdown = cli("report", "-f", "md").stdout
    assert [line for line in markdown.splitlines() if line.startswith("## ")][:2] == [
        "## Summary",
        "## Timeline",
    ]
