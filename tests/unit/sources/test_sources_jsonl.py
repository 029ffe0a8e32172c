"""JSON Lines: one record per line, errors per line, streaming."""

from __future__ import annotations

import gzip
import json
import tracemalloc
from pathlib import Path
from typing import Any

import pytest

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources import read_paths


def write_jsonl(path: Path, *lines: str | dict[str, Any]) -> Path:
    rows = [line if isinstance(line, str) else json.dumps(line) for line in lines]
    path.write_text("".join(row + "\n" for row in rows), encoding="utf-8")
    return path


def read(path: Path, limit: int = 5_000_000) -> list[RawDoc | InputError]:
    return list(read_paths([path], max_article_bytes=limit))


def test_text_record_with_metadata(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "dump.jsonl",
        {
            "text": "Thousands fled the floods.",
            "url": "https://example.com/a",
            "title": "Floods",
            "date": "2024-05-01",
            "source": "Example News",
            "author": "A. Writer",
            "extra": [1, 2],
        },
    )
    assert read(path) == [
        RawDoc(
            origin=f"{path}#line=1",
            text="Thousands fled the floods.",
            url="https://example.com/a",
            title="Floods",
            published="2024-05-01",
            site="Example News",
            author="A. Writer",
            title_first_line=False,
        )
    ]


def test_text_record_without_title_keeps_the_headline_convention(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", {"text": "Headline\nBody"})
    assert read(path) == [RawDoc(origin=f"{path}#line=1", text="Headline\nBody")]


def test_html_record(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", {"html": "<p>café</p>", "url": "https://x.org"})
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert (doc.html, doc.text, doc.url) == ("<p>café</p>", None, "https://x.org")


def test_html_wins_when_both_are_given(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", {"text": "plain", "html": "<p>rich</p>"})
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert (doc.html, doc.text) == ("<p>rich</p>", None)


def test_empty_html_falls_back_to_text(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", {"text": "plain", "html": "  "})
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert (doc.html, doc.text) == (None, "plain")


def test_malformed_line_between_good_ones(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", {"text": "one"}, '{"text": "two",', {"text": "3"})
    first, error, third = read(path)
    assert isinstance(first, RawDoc)
    assert first.origin == f"{path}#line=1"
    assert isinstance(error, InputError)
    assert (error.origin, error.code, error.where) == (str(path), "invalid-json", "line 2")
    assert error.reason.startswith("invalid JSON: ")
    assert str(error).startswith(f"{path}:line 2: invalid JSON")
    assert isinstance(third, RawDoc)
    assert third.origin == f"{path}#line=3"


def test_blank_lines_are_skipped_but_counted(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", "", {"text": "a"}, "   ", {"text": "b"})
    assert [item.origin for item in read(path)] == [f"{path}#line=2", f"{path}#line=4"]


@pytest.mark.parametrize(
    "record",
    [{"title": "no body"}, {"text": ""}, {"text": "   "}, {"text": 42}, {"html": None}],
)
def test_object_without_text(tmp_path: Path, record: dict[str, Any]) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", record)
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.code, error.where) == ("missing-text", "line 1")


@pytest.mark.parametrize("line", ['"just a string"', "[1, 2]", "null", "3", "true"])
def test_line_that_is_not_an_object(tmp_path: Path, line: str) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", line)
    [error] = read(path)
    assert isinstance(error, InputError)
    assert error.code == "missing-text"
    assert "not a JSON object" in error.reason


def test_deeply_nested_json_is_an_error_not_a_crash(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", "[" * 100_000 + "]" * 100_000)
    [error] = read(path)
    assert isinstance(error, InputError)
    assert error.code == "invalid-json"


def test_oversized_record_is_too_large_for_that_line_only(tmp_path: Path) -> None:
    path = write_jsonl(
        tmp_path / "dump.jsonl", {"text": "small"}, {"text": "x" * 5000}, {"text": "also small"}
    )
    first, error, third = read(path, limit=1000)
    assert isinstance(first, RawDoc)
    assert isinstance(error, InputError)
    assert (error.code, error.where) == ("too-large", "line 2")
    assert error.reason == "article is 5.0 KB, over the 1.0 KB limit (ingest.max_article_bytes)"
    assert isinstance(third, RawDoc)
    assert third.origin == f"{path}#line=3"


def test_record_of_exactly_the_limit_is_accepted(tmp_path: Path) -> None:
    record = json.dumps({"text": "x" * 100})
    path = write_jsonl(tmp_path / "dump.jsonl", record)
    [doc] = read(path, limit=len(record))
    assert isinstance(doc, RawDoc)


def test_oversized_last_line_without_newline(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(json.dumps({"text": "x" * 5000}))
    [error] = read(path, limit=1000)
    assert isinstance(error, InputError)
    assert error.code == "too-large"


def test_latin1_line_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes('{"text": "Le café \u2013 naïve et déjà là"}\n'.encode("cp1252"))
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert doc.text == "Le café \u2013 naïve et déjà là"


def test_utf8_bom_on_the_first_line(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + b'{"text": "a"}\n')
    [doc] = read(path)
    assert isinstance(doc, RawDoc)


def test_numeric_metadata_is_kept_as_text(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "dump.jsonl", {"text": "a", "date": 2024, "author": True})
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert (doc.published, doc.author) == ("2024", None)


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_jsonl(tmp_path: Path, content: str) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_text(content)
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.code, error.reason) == ("empty", "empty file")


def test_gzipped_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(gzip.compress(b'{"text": "a"}\n{"text": "b"}\n'))
    assert [item.origin for item in read(path)] == [f"{path}#line=1", f"{path}#line=2"]


def test_truncated_gzipped_jsonl_keeps_what_came_before(tmp_path: Path) -> None:
    lines = b"".join(b'{"text": "record %d with some words"}\n' % n for n in range(2000))
    data = gzip.compress(lines)
    path = tmp_path / "dump.jsonl.gz"
    path.write_bytes(data[: len(data) - 100])
    items = read(path)
    *docs, error = items
    assert docs
    assert all(isinstance(doc, RawDoc) for doc in docs)
    assert isinstance(error, InputError)
    assert error.code == "bad-gzip"
    assert error.where is not None
    assert error.where.startswith("line ")


def test_big_dump_is_streamed_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    line = json.dumps({"text": "Some article text. " * 20}) + "\n"
    with path.open("w") as handle:
        for _ in range(40_000):
            handle.write(line)
    assert path.stat().st_size > 15_000_000
    tracemalloc.start()
    try:
        count = sum(1 for item in read_paths([path]) if isinstance(item, RawDoc))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 40_000
    assert peak < 1_000_000
