"""Regressions from the hostile-input corpus (tests/hostile/build.py), one per bug it found."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.model import RawDoc
from newsfuse.sources import read_paths
from newsfuse.sources._decode import decode_bytes

ARTICLE = "Talks resume\n\nThe minister said on Monday that the talks would resume next week.\n"


def read(*paths: Path) -> list[RawDoc | InputError]:
    return list(read_paths(paths))


def test_a_line_break_in_a_file_name_keeps_the_error_on_one_line() -> None:
    error = InputError("news/empty\nline\x1b[31m.txt", "empty", "empty file")
    assert str(error) == "news/empty\\nline\\x1b[31m.txt: empty file [empty]"


def test_a_file_name_byte_that_is_not_utf8_prints_as_its_byte() -> None:
    error = InputError(os.fsdecode(b"news/caf\xe9.txt"), "empty", "empty file")
    assert str(error) == "news/caf\\xe9.txt: empty file [empty]"
    str(error).encode("utf-8")


def test_a_file_name_that_is_not_utf8_is_refused_not_stored(tmp_path: Path) -> None:
    # It used to reach the store, whose UTF-8 encoder stopped the whole ingest.
    name = tmp_path / os.fsdecode(b"caf\xe9.txt")
    try:
        name.write_text(ARTICLE)
    except OSError as exc:
        pytest.skip(f"this file system refuses the name: {exc}")
    (error,) = read(tmp_path)
    assert isinstance(error, InputError)
    assert (error.origin, error.code) == (str(name), "bad-filename")


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_byte_order_mark_is_text(codec: str) -> None:
    # It used to be refused as binary for its NUL bytes.
    cyrillic = "Министр заявил, что переговоры возобновятся.\n" + ARTICLE
    assert decode_bytes(ARTICLE.encode(codec), "in.txt") == ARTICLE
    assert decode_bytes(cyrillic.encode(codec), "in.txt") == cyrillic


def test_random_bytes_with_nuls_are_still_binary() -> None:
    data = bytes(range(256)) * 8
    result = decode_bytes(data, "in.txt")
    assert isinstance(result, InputError)
    assert result.code == "binary"


@pytest.mark.parametrize(
    "data",
    [
        ARTICLE.encode()[:10] + b"\x00" + ARTICLE.encode()[10:],
        # Past the binary sniff they used to reach the store.
        ARTICLE.encode() * 200 + b"\x00" * 3,
        # A zero-filled tail inside the sniff used to make the page binary.
        ARTICLE.encode() + b"\x00" * 20_000,
    ],
    ids=["stray", "late", "tail"],
)
def test_nul_bytes_around_utf8_text_are_removed_with_a_warning(
    data: bytes, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="newsfuse.sources"):
        text = decode_bytes(data, "in.txt")
    assert isinstance(text, str)
    assert text == data.replace(b"\x00", b"").decode()
    (message,) = caplog.messages
    assert message == f"in.txt: removed {data.count(0)} NUL bytes [nul-bytes]"


def test_only_nul_bytes_are_an_empty_file_without_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("WARNING", logger="newsfuse.sources"):
        result = decode_bytes(b"\x00" * 100, "in.txt")
    assert isinstance(result, InputError)
    assert result.code == "empty"
    assert caplog.messages == []


def test_dead_links_named_as_articles_are_reported(tmp_path: Path) -> None:
    # They used to be skipped without a word, like sockets and devices.
    (tmp_path / "a.txt").symlink_to("b.txt")
    (tmp_path / "b.txt").symlink_to("a.txt")
    (tmp_path / "gone.html").symlink_to("nowhere.html")
    (tmp_path / "gone.png").symlink_to("nowhere.png")
    items = read(tmp_path)
    assert [(Path(getattr(i, "origin", "")).name, getattr(i, "code", None)) for i in items] == [
        ("a.txt", "unreadable"),
        ("b.txt", "unreadable"),
        ("gone.html", "not-found"),
    ]
