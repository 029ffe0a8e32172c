"""WARC archives written with warcio: HTML pages in, everything else skipped."""

from __future__ import annotations

import gzip as gzip_module
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources import read_paths

PAGE = "<html><head><title>Floods</title></head><body><p>Un café à Köln</p></body></html>"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(64)

Response = tuple[str, str, bytes]


def write_warc(
    path: Path,
    responses: list[Response],
    *,
    gzip: bool = True,
    status: str = "200 OK",
) -> list[int]:
    """Write one HTTP response record per ``(url, content type, body)``; return offsets."""
    offsets = []
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=gzip)
        for url, content_type, body in responses:
            offsets.append(handle.tell())
            headers = StatusAndHeaders(
                status, [("Content-Type", content_type)], protocol="HTTP/1.1"
            )
            record = writer.create_warc_record(
                url, "response", payload=BytesIO(body), http_headers=headers
            )
            writer.write_record(record)
    return offsets


def read(*paths: Path, limit: int = 5_000_000) -> list[RawDoc | InputError]:
    return list(read_paths(paths, max_article_bytes=limit))


@pytest.mark.parametrize(("name", "gzip"), [("crawl.warc.gz", True), ("crawl.warc", False)])
def test_html_response_becomes_a_doc_and_image_is_skipped(
    tmp_path: Path, name: str, gzip: bool
) -> None:
    path = tmp_path / name
    offsets = write_warc(
        path,
        [
            ("https://example.com/story", "text/html; charset=utf-8", PAGE.encode()),
            ("https://example.com/logo.png", "image/png", PNG),
        ],
        gzip=gzip,
    )
    assert read(path) == [
        RawDoc(
            origin=f"{path}#offset={offsets[0]}",
            html=PAGE,
            url="https://example.com/story",
        )
    ]


def test_http_header_charset_is_used(tmp_path: Path) -> None:
    page = '<html><meta charset="utf-8"><body>Новости</body></html>'
    path = tmp_path / "crawl.warc.gz"
    write_warc(
        path, [("https://example.ru/", "text/html; charset=windows-1251", page.encode("cp1251"))]
    )
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert doc.html == page


def test_resource_record_with_html(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    with path.open("wb") as handle:
        writer = WARCWriter(handle, gzip=True)
        record = writer.create_warc_record(
            "file:///saved/page.html",
            "resource",
            payload=BytesIO(PAGE.encode()),
            warc_content_type="text/html",
        )
        writer.write_record(record)
    [doc] = read(path)
    assert isinstance(doc, RawDoc)
    assert (doc.html, doc.url) == (PAGE, "file:///saved/page.html")


def test_non_2xx_responses_are_skipped(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, [("https://x.org/gone", "text/html", b"<p>Not found</p>")], status="404 NF")
    assert read(path) == []


def test_empty_html_payload_is_an_error_for_that_record(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(
        path,
        [
            ("https://x.org/empty", "text/html", b""),
            ("https://x.org/ok", "text/html", b"<p>ok</p>"),
        ],
    )
    error, doc = read(path)
    assert isinstance(error, InputError)
    assert (error.code, error.reason) == ("empty", "empty record")
    assert (error.origin, error.where) == (str(path), f"offset {offsets[0]}")
    assert isinstance(doc, RawDoc)
    assert doc.origin == f"{path}#offset={offsets[1]}"


def test_oversized_record_is_too_large(tmp_path: Path) -> None:
    path = tmp_path / "crawl.warc.gz"
    offsets = write_warc(
        path,
        [
            ("https://x.org/big", "text/html", b"<p>" + b"x" * 5000 + b"</p>"),
            ("https://x.org/ok", "text/html", b"<p>ok</p>"),
        ],
    )
    error, doc = read(path, limit=1000)
    assert isinstance(error, InputError)
    assert (error.code, error.where) == ("too-large", f"offset {offsets[0]}")
    assert isinstance(doc, RawDoc)


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_warc_keeps_earlier_records_and_reports_once(tmp_path: Path, gzip: bool) -> None:
    path = tmp_path / ("cut.warc.gz" if gzip else "cut.warc")
    offsets = write_warc(
        path,
        [
            ("https://x.org/1", "text/html", b"<p>first</p>"),
            ("https://x.org/2", "text/html", b"<p>" + b"second " * 500 + b"</p>"),
        ],
        gzip=gzip,
    )
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])
    other = tmp_path / "other.txt"
    other.write_text("Headline\nBody")
    doc, error, after = read(path, other)
    assert isinstance(doc, RawDoc)
    assert doc.origin == f"{path}#offset={offsets[0]}"
    assert isinstance(error, InputError)
    assert (error.origin, error.code, error.where) == (
        str(path),
        "bad-warc",
        f"offset {offsets[1]}",
    )
    assert "\n" not in str(error)
    assert isinstance(after, RawDoc)
    assert after.origin == str(other)


@pytest.mark.parametrize("cut", [5, 30, 120])
def test_warc_cut_inside_the_first_headers(tmp_path: Path, cut: int) -> None:
    path = tmp_path / "cut.warc"
    write_warc(path, [("https://x.org/1", "text/html", b"<p>first</p>")], gzip=False)
    path.write_bytes(path.read_bytes()[:cut])
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.code, error.where) == ("bad-warc", "offset 0")


def test_gzipped_warc_cut_inside_the_first_headers(tmp_path: Path) -> None:
    path = tmp_path / "cut.warc.gz"
    write_warc(path, [("https://x.org/1", "text/html", b"<p>first</p>")])
    path.write_bytes(path.read_bytes()[:100])
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.code, error.where) == ("bad-warc", "offset 0")


def test_whole_file_gzip_is_reported_with_a_fix(tmp_path: Path) -> None:
    plain = tmp_path / "plain.warc"
    write_warc(
        plain,
        [
            ("https://x.org/1", "text/html", b"<p>one</p>"),
            ("https://x.org/2", "text/html", b"<p>2</p>"),
        ],
        gzip=False,
    )
    path = tmp_path / "whole.warc.gz"
    path.write_bytes(gzip_module.compress(plain.read_bytes()))
    doc, error = read(path)
    assert isinstance(doc, RawDoc)
    assert isinstance(error, InputError)
    assert (error.code, error.where) == ("bad-warc", None)
    assert "warcio recompress" in error.reason


def test_file_that_is_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "fake.warc"
    path.write_text("hello world\nthis is not an archive\n")
    [error] = read(path)
    assert isinstance(error, InputError)
    assert error.code == "bad-warc"
    assert "\n" not in error.reason


def test_empty_warc_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.warc.gz"
    path.write_bytes(b"")
    [error] = read(path)
    assert isinstance(error, InputError)
    assert (error.code, error.reason) == ("empty", "empty file")
