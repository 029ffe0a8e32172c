"""Text and HTML files, gzip, size caps, and the path-level errors of read_paths."""

from __future__ import annotations

import gzip
import os
import tracemalloc
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources import READERS, read_paths, reader_for


def read(*paths: str | Path, limit: int = 5_000_000) -> list[RawDoc | InputError]:
    return list(read_paths(paths, max_article_bytes=limit))


def only_doc(*paths: str | Path, limit: int = 5_000_000) -> RawDoc:
    items = read(*paths, limit=limit)
    assert len(items) == 1, items
    assert isinstance(items[0], RawDoc), items[0]
    return items[0]


def only_error(*paths: str | Path, limit: int = 5_000_000) -> InputError:
    items = read(*paths, limit=limit)
    assert len(items) == 1, items
    assert isinstance(items[0], InputError), items[0]
    assert "\n" not in str(items[0])
    return items[0]


def test_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt"
    path.write_text("Floods hit the north\n\nThousands were evacuated.\n", encoding="utf-8")
    doc = only_doc(path)
    assert doc == RawDoc(
        origin=str(path), text="Floods hit the north\n\nThousands were evacuated.\n"
    )
    assert doc.title_first_line


def test_latin1_text_file(tmp_path: Path) -> None:
    path = tmp_path / "old.txt"
    path.write_bytes("Le café \u2013 naïve\nUn article à lire.\n".encode("cp1252"))
    assert only_doc(path).text == "Le café \u2013 naïve\nUn article à lire.\n"


def test_utf16_text_file(tmp_path: Path) -> None:
    path = tmp_path / "windows.txt"
    path.write_bytes("Überschwemmung in Köln\n".encode("utf-16"))
    assert only_doc(path).text == "Überschwemmung in Köln\n"


def test_gzipped_text_file(tmp_path: Path) -> None:
    path = tmp_path / "story.txt.gz"
    path.write_bytes(gzip.compress(b"Headline\nBody.\n"))
    assert only_doc(path).text == "Headline\nBody.\n"


@pytest.mark.parametrize("name", ["page.html", "page.htm", "PAGE.HTML"])
def test_html_file_goes_in_untouched(tmp_path: Path, name: str) -> None:
    page = "<html><head><title>T</title></head><body><p>Un café</p></body></html>"
    path = tmp_path / name
    path.write_text(page, encoding="utf-8")
    assert only_doc(path) == RawDoc(origin=str(path), html=page)


@pytest.mark.parametrize("name", ["page.html.gz", "page.htm.gz"])
def test_gzipped_html_file(tmp_path: Path, name: str) -> None:
    page = "<html><body><p>Zürich</p></body></html>"
    path = tmp_path / name
    path.write_bytes(gzip.compress(page.encode()))
    assert only_doc(path).html == page


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>Киев</body></html>'
    path = tmp_path / "ru.html"
    path.write_bytes(page.encode("cp1251"))
    assert only_doc(path).html == page


@pytest.mark.parametrize("content", [b"", b"  \n\t \r\n"])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(content)
    error = only_error(path)
    assert (error.origin, error.code, error.reason) == (str(path), "empty", "empty file")


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "image.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    error = only_error(path)
    assert (error.code, error.reason) == ("binary", "binary data, not text")


def test_undecodable_file(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(bytes(range(128, 256)) * 10)
    assert only_error(path).code == "undecodable"


def test_big_text_file_is_too_large_without_being_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        line = b"All work and no play makes Jack a dull boy.\n" * 1000
        while handle.tell() < 20_000_000:
            handle.write(line)
        handle.truncate(20_000_000)
    tracemalloc.start()
    try:
        error = only_error(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too-large"
    assert error.reason == "article is 20.0 MB, over the 5.0 MB limit (ingest.max_article_bytes)"
    assert peak < 1_000_000


def test_size_limit_applies_to_html(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_text("<p>" + "x" * 2000 + "</p>")
    assert only_error(path, limit=1000).code == "too-large"
    assert only_doc(path, limit=10_000).html is not None


def test_gzip_bomb_is_too_large_in_bounded_memory(tmp_path: Path) -> None:
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(bytes(50_000_000), compresslevel=9))
    assert path.stat().st_size < 1_000_000
    tracemalloc.start()
    try:
        error = only_error(path)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert error.code == "too-large"
    assert "over the 5.0 MB limit (ingest.max_article_bytes)" in error.reason
    assert peak < 12_000_000


def test_corrupt_gzip(tmp_path: Path) -> None:
    path = tmp_path / "broken.txt.gz"
    path.write_bytes(b"this is not gzip at all")
    assert only_error(path).code == "bad-gzip"


def test_truncated_gzip(tmp_path: Path) -> None:
    path = tmp_path / "cut.html.gz"
    data = gzip.compress(os.urandom(5000).hex().encode())
    path.write_bytes(data[: len(data) // 2])
    error = only_error(path)
    assert (error.code, error.reason) == ("bad-gzip", "corrupt gzip data (truncated)")


def test_missing_path(tmp_path: Path) -> None:
    error = only_error(tmp_path / "nope.txt")
    assert (error.code, error.reason) == ("not-found", "no such file or directory")
    assert error.origin == str(tmp_path / "nope.txt")


def test_explicit_unsupported_suffix(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(b"%PDF-1.7")
    error = only_error(path)
    assert error.code == "unsupported-format"
    assert ".warc.gz" in error.reason


def test_plain_gz_is_unsupported(tmp_path: Path) -> None:
    path = tmp_path / "archive.tar.gz"
    path.write_bytes(gzip.compress(b"x"))
    assert only_error(path).code == "unsupported-format"


def test_folder_is_walked_in_sorted_order(tmp_path: Path) -> None:
    for name in ["b.txt", "a/z.html", "a/b/c.txt", "a.txt", "c/d.txt", "A.txt"]:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"<p>{name}</p>" if name.endswith(".html") else name)
    origins = [item.origin for item in read(tmp_path)]
    expected = ["A.txt", "a/b/c.txt", "a/z.html", "a.txt", "b.txt", "c/d.txt"]
    assert origins == [str(tmp_path / name) for name in expected]
    assert origins == [item.origin for item in read(tmp_path)]


def test_folder_skips_hidden_and_unsupported_files(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / ".hidden.txt").write_text("secret")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "notes.txt").write_text("vcs")
    (tmp_path / "cover.jpg").write_bytes(b"\xff\xd8\xff")
    (tmp_path / "story.txt").write_text("Headline\nBody")
    with caplog.at_level("DEBUG", logger="newsfuse.sources"):
        items = read(tmp_path)
    assert [item.origin for item in items] == [str(tmp_path / "story.txt")]
    assert "unsupported file type" in caplog.text


def test_explicit_hidden_file_is_read(tmp_path: Path) -> None:
    path = tmp_path / ".draft.txt"
    path.write_text("Draft\nbody")
    assert only_doc(path).text == "Draft\nbody"


def test_folder_given_as_dot_is_not_hidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "story.txt").write_text("Headline\nBody")
    monkeypatch.chdir(tmp_path)
    assert [item.origin for item in read(".")] == ["story.txt"]


def test_symlink_loop_is_walked_once(tmp_path: Path) -> None:
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "story.txt").write_text("Headline\nBody")
    (tmp_path / "d" / "loop").symlink_to(tmp_path / "d")
    assert [item.origin for item in read(tmp_path)] == [str(tmp_path / "d" / "story.txt")]


def test_one_bad_input_does_not_stop_the_batch(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text("Headline\nBody")
    empty = tmp_path / "empty.html"
    empty.write_text("")
    items = read(tmp_path / "missing.txt", empty, good)
    assert [type(item).__name__ for item in items] == ["InputError", "InputError", "RawDoc"]
    assert [getattr(item, "code", None) for item in items] == ["not-found", "empty", None]


def test_read_paths_is_lazy(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("A\nbody")
    items = read_paths([tmp_path / "a.txt", tmp_path / "missing.txt"])
    first = next(items)
    assert isinstance(first, RawDoc)


def test_limit_must_be_positive() -> None:
    with pytest.raises(ValueError, match="max_article_bytes"):
        read("x.txt", limit=0)


def test_registry_dispatch_picks_the_longest_suffix() -> None:
    assert reader_for("a.warc.gz") is READERS[".warc.gz"]
    assert reader_for("a.HTML.GZ") is READERS[".html.gz"]
    assert reader_for("a.gz") is None
    assert reader_for("txt") is None
