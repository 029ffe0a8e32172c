"""The hostile-input corpus: every kind of bad file newsfuse must survive, built in code.

Nothing here is downloaded or committed as data: :func:`build` writes each case
into a folder and returns it with its documented outcome. That table is the
documentation; README's "Hostile input" table is :func:`markdown_table`'s output.

Outcomes:

``ingested``
    Stored, nothing reported.
``warned``
    Stored, and one warning line names the file, what was repaired and a code.
``partial``
    The good records of the file are stored; each bad one is one error line.
``refused``
    Nothing stored; one error line names the file, the reason and a code.

Run as a script to build the corpus for a look by hand::

    .venv/bin/python tests/hostile/build.py /tmp/hostile [--big]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from io import BytesIO
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

__all__ = ["CASES", "CannotBuild", "Case", "build", "good_articles", "markdown_table"]

#: The per-article cap the corpus is built against (``ingest.max_article_bytes``).
MAX_ARTICLE_BYTES = 5_000_000
_MB = 1_000_000


@dataclass(frozen=True)
class Case:
    """One hostile input and what ingesting it alone must do."""

    #: File or folder, relative to the corpus folder.
    name: str
    #: The input in words, for the table.
    what: str
    outcome: str
    #: Articles it stores.
    articles: int = 0
    #: ``(origin relative to the corpus folder, code)`` of each error line, in order.
    errors: tuple[tuple[str, str], ...] = ()
    #: Codes of the warning lines.
    warnings: tuple[str, ...] = ()
    #: Words a stored article's clean text must hold (the encoding was understood).
    says: str | None = None
    #: Written only on request: hundreds of megabytes, or minutes of work.
    big: bool = False
    #: Why this machine cannot build the case; ``None`` when it was built.
    skip: str | None = None
    #: Why, in one line, for the table.
    why: str = ""
    #: The error or warning codes, for the table.
    codes: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        codes = [code for _, code in self.errors] + list(self.warnings)
        object.__setattr__(self, "codes", tuple(dict.fromkeys(codes)))


_PLACES = (
    "Ganja", "Lviv", "Mosul", "Aleppo", "Kherson", "Tigray", "Darfur", "Gaza", "Idlib",
    "Marawi", "Goma", "Bakhmut", "Sittwe", "Kidal", "Benghazi", "Mekelle", "Kandahar",
    "Sanaa", "Juba", "Maiduguri", "Cabo Delgado", "Tripoli", "Raqqa", "Donetsk",
)  # fmt: skip


def _paragraphs(seed: int) -> list[str]:
    """Three news paragraphs no other case shares (so no two articles are one)."""
    place = _PLACES[seed % len(_PLACES)]
    families = 120 + 37 * seed
    return [
        f"Officials in {place} said on Tuesday that {families} families had returned to "
        f"their homes after the fighting ended, case {seed} of the hostile corpus.",
        f"The regional council of {place} told reporters that schools would reopen within "
        "two weeks and that the water supply had been restored to most districts.",
        f"Aid workers warned that {seed + 3} villages near {place} were still cut off by "
        "damaged roads and that winter would make the repairs harder.",
    ]


def _title(seed: int) -> str:
    return f"Families return to {_PLACES[seed % len(_PLACES)]}"


def _article_text(seed: int) -> str:
    return "\n\n".join([_title(seed), *_paragraphs(seed)]) + "\n"


def _article_html(seed: int, charset: str | None = None, extra: str = "") -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in _paragraphs(seed))
    return (
        f"<html><head>{meta}<title>{_title(seed)}</title></head><body><article>"
        f"<h1>{_title(seed)}</h1>{body}</article>{extra}</body></html>"
    )


def good_articles(folder: Path) -> list[Path]:
    """A few ordinary articles, to show that a batch of hostile input loses none of them."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for seed in range(900, 903):
        path = folder / f"good-{seed}.txt"
        path.write_text(_article_text(seed), encoding="utf-8")
        paths.append(path)
    page = folder / "good-903.html"
    page.write_text(_article_html(903), encoding="utf-8")
    return [*paths, page]


# --- writers ---------------------------------------------------------------------------------

Writer = Callable[[Path], None]


def _bytes(data: bytes) -> Writer:
    def write(path: Path) -> None:
        path.write_bytes(data)

    return write


def _streamed(chunks: Callable[[], Iterator[bytes]]) -> Writer:
    def write(path: Path) -> None:
        with path.open("wb") as handle:
            for chunk in chunks():
                handle.write(chunk)

    return write


def _huge_html() -> Iterator[bytes]:
    """A 200 MB page, written a megabyte at a time."""
    yield _article_html(10).removesuffix("</body></html>").encode()
    filler = b"<div><p>More of the same page, again and again.</p></div>\n"
    block = filler * (_MB // len(filler))
    for _ in range(200):
        yield block
    yield b"</body></html>"


def _gzip_bomb(expanded: int) -> Callable[[], Iterator[bytes]]:
    """A gzip file that expands to ``expanded`` bytes of markup, compressed a block at a time."""

    def chunks() -> Iterator[bytes]:
        # wbits 31: a gzip header and trailer around the deflate stream.
        packer = zlib.compressobj(9, zlib.DEFLATED, 31)
        block = b"<div>" * (_MB // 5)
        yield packer.compress(b"<html><body>")
        for _ in range(expanded // len(block)):
            yield packer.compress(block)
        yield packer.compress(b"</body></html>") + packer.flush()

    return chunks


def _nested_html() -> bytes:
    # The article first: the parser gives up past its depth limit (libxml2: 256
    # levels) and the deep text is lost, but what came before must survive.
    depth = 100_000
    buried = "<p>Text buried one hundred thousand levels deep.</p>"
    deep = "<div>" * depth + buried + "</div>" * depth
    return _article_html(11, extra=deep).encode()


def _entity_bomb() -> bytes:
    # "Billion laughs": an HTML parser must not expand entities a DOCTYPE declares.
    entities = ["<!ENTITY a0 'lol lol lol lol lol lol lol lol lol lol'>"]
    for level in range(1, 10):
        refs = f"&a{level - 1};" * 10
        entities.append(f"<!ENTITY a{level} '{refs}'>")
    doctype = "<!DOCTYPE html [" + "".join(entities) + "]>"
    return (doctype + _article_html(12, extra="<p>&a9;</p>")).encode()


def _entity_flood() -> bytes:
    flood = "<p>" + "&amp;&lt;&#x1F600;&nbsp;&eacute;" * 100_000 + "</p>"
    return _article_html(13, extra=flood).encode()


def _one_line() -> bytes:
    words = " ".join(_paragraphs(14)) + " "
    line = (words * (1 + (1 << 20) // len(words)))[: 1 << 20]
    return line.encode("ascii")


def _utf16(seed: int, codec: str) -> bytes:
    return _article_text(seed).encode(codec)


def _stray_nuls() -> bytes:
    text = _article_text(15).encode()
    return text[:40] + b"\x00" + text[40:] + b"\x00\x00"


def _nul_tail() -> bytes:
    # An interrupted download: the page, then the zero-filled rest of the file.
    return _article_html(16).encode() + b"\x00" * 20_000


def _warc(gzipped: bool) -> Writer:
    def write(path: Path) -> None:
        buffer = BytesIO()
        writer = WARCWriter(buffer, gzip=gzipped)
        for seed in (17, 18, 19) if gzipped else (20, 21, 22):
            headers = StatusAndHeaders(
                "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
            )
            body = _article_html(seed).encode()
            record = writer.create_warc_record(
                f"https://news.example/{seed}",
                "response",
                payload=BytesIO(body),
                http_headers=headers,
            )
            writer.write_record(record)
        data = buffer.getvalue()
        # Cut in the middle of the last record's body.
        path.write_bytes(data[: len(data) - 200])

    return write


def _jsonl() -> bytes:
    good = [{"title": _title(s), "text": "\n\n".join(_paragraphs(s))} for s in (23, 24, 25)]
    lines = [
        json.dumps(good[0]),
        '{"title": "cut off", "text": "the line stops',
        "[1, 2, 3]",
        json.dumps(good[1]),
        '{"text": ""}',
        "\x00\x00\x00\x00",
        json.dumps(good[2]),
    ]
    return "\n".join(lines).encode() + b"\n"


def _png() -> bytes:
    noise = random.Random(26).randbytes(4000)
    return b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + noise


def _jpeg() -> bytes:
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + random.Random(27).randbytes(4000)


def _elf() -> bytes:
    return b"\x7fELF\x02\x01\x01" + bytes(9) + random.Random(28).randbytes(4000)


def _mixed_utf8() -> bytes:
    # A CMS that pasted latin-1 into a UTF-8 page: both in one file.
    first, *rest = _paragraphs(29)
    return (
        _title(29).encode()
        + b"\n\n"
        + ("Le café de la gare. " + first).encode("utf-8")
        + b"\n\n"
        + ("Hélène dit que l'hiver sera froid. " + rest[0]).encode("latin-1")
        + b"\n"
    )


def _invalid_utf8() -> bytes:
    text = _article_text(30).encode()
    return text[:60] + b"\xff\xfe\xc3" + text[60:120] + b"\x80" + text[120:]


_RUSSIAN = (
    "Министр иностранных дел заявил в понедельник, что переговоры в столице "
    "возобновятся на следующей неделе после короткой паузы."
)


def _cp1251(declared: bool) -> bytes:
    page = _article_html(31 if declared else 32, "windows-1251" if declared else None)
    return page.replace("</article>", f"<p>{_RUSSIAN}</p></article>").encode("cp1251")


def _latin1() -> bytes:
    page = _article_html(33, "iso-8859-1")
    french = "<p>Le garçon a bu un café crème à la gare.</p></article>"
    return page.replace("</article>", french).encode("latin-1")


# --- the cases -------------------------------------------------------------------------------


def _specs() -> list[tuple[Case, Writer]]:
    def refused(name: str, what: str, code: str, why: str, *, big: bool = False) -> Case:
        return Case(name, what, "refused", errors=((name, code),), why=why, big=big)

    def ingested(name: str, what: str, why: str, says: str = "had returned to their homes") -> Case:
        return Case(name, what, "ingested", articles=1, says=says, why=why)

    binary = "binary data, not text"
    bomb = "decompression stops past ingest.max_article_bytes"
    by_nuls = "recognised by where its NUL bytes fall"
    return [
        (refused("empty.txt", "empty file", "empty", "no text"), _bytes(b"")),
        (refused("whitespace.txt", "only spaces, tabs and line breaks", "empty", "no text"),
         _bytes(b" \t\r\n \n\t  \r\n")),
        (refused("bom-only.html", "a UTF-8 byte order mark and nothing else", "empty", "no text"),
         _bytes(b"\xef\xbb\xbf\n")),
        (refused("image.html", "a PNG image named .html", "binary", binary), _bytes(_png())),
        (refused("photo.txt", "a JPEG image named .txt", "binary", binary), _bytes(_jpeg())),
        (refused("program.txt", "an executable named .txt", "binary", binary), _bytes(_elf())),
        (ingested("invalid-utf8.txt", "UTF-8 with invalid bytes in it",
                  "read in the encoding that decodes it all (cp1252)"),
         _bytes(_invalid_utf8())),
        (ingested("mixed-utf8.txt", "UTF-8 and latin-1 mixed in one file",
                  "read as cp1252, then the cleaner (ftfy) repairs the UTF-8 mojibake",
                  says="Le café de la gare"),
         _bytes(_mixed_utf8())),
        (ingested("utf16-bom.txt", "UTF-16 with a byte order mark", "the byte order mark"),
         _bytes(_article_text(34).encode("utf-16"))),
        (ingested("utf16le.txt", "UTF-16 little-endian without a byte order mark", by_nuls),
         _bytes(_article_text(35).encode("utf-16-le"))),
        (ingested("utf16be.html", "a UTF-16 big-endian page without a byte order mark",
                  by_nuls),
         _bytes(_article_html(36).encode("utf-16-be"))),
        (ingested("latin1.html", "a latin-1 page that declares its charset",
                  "its <meta charset>", says="café crème"),
         _bytes(_latin1())),
        (ingested("cp1251.html", "a cp1251 (Cyrillic) page that declares its charset",
                  "its <meta charset>", says=_RUSSIAN[:30]),
         _bytes(_cp1251(declared=True))),
        (ingested("cp1251-undeclared.html", "a cp1251 page that declares nothing",
                  "the encoding is guessed (charset_normalizer)", says=_RUSSIAN[:30]),
         _bytes(_cp1251(declared=False))),
        (Case("nul-bytes.txt", "text with stray NUL bytes", "warned", articles=1,
              warnings=("nul-bytes",), says="had returned to their homes", why="NUL bytes removed"),
         _bytes(_stray_nuls())),
        (Case("nul-tail.html", "a page followed by 20 KB of NUL bytes", "warned", articles=1,
              warnings=("nul-bytes",), says="had returned to their homes", why="NUL bytes removed"),
         _bytes(_nul_tail())),
        (refused("one-line.txt", "1 MiB of text on one line", "too-long",
                 "over ingest.max_article_chars (1,000,000): more than spaCy reads at once"),
         _bytes(_one_line())),
        (ingested("nested.html", "HTML nested 100,000 levels deep",
                  "the parser stops at 256 levels; text deeper down is lost"),
         _bytes(_nested_html())),
        (ingested("entity-bomb.html", "an entity bomb (\"billion laughs\") in the DOCTYPE",
                  "declared entities are never expanded"),
         _bytes(_entity_bomb())),
        (ingested("entity-flood.html", "half a million character references",
                  "decoded like any text"),
         _bytes(_entity_flood())),
        (refused("small-bomb.html.gz", "gzip that expands to 50 MB", "too-large", bomb),
         _streamed(_gzip_bomb(50 * _MB))),
        (refused("bomb.html.gz", "gzip that expands to 4 GB", "too-large", bomb, big=True),
         _streamed(_gzip_bomb(4_000 * _MB))),
        (refused("huge.html", "a 200 MB page", "too-large",
                 "its size is checked before it is read", big=True),
         _streamed(_huge_html)),
        (Case("cut.warc.gz", "gzipped WARC, last record cut mid-body", "partial", articles=2,
              errors=(("cut.warc.gz", "bad-warc"),), why="records before the damage are kept"),
         _warc(gzipped=True)),
        (Case("cut.warc", "WARC, last record cut mid-body", "partial", articles=2,
              errors=(("cut.warc", "bad-warc"),), why="records before the damage are kept"),
         _warc(gzipped=False)),
        (Case("lines.jsonl", "JSONL with invalid, empty and NUL lines", "partial", articles=3,
              errors=(
                  ("lines.jsonl:line 2", "invalid-json"),
                  ("lines.jsonl:line 3", "missing-text"),
                  ("lines.jsonl:line 5", "missing-text"),
                  ("lines.jsonl:line 6", "invalid-json"),
              ),
              why="each bad line is one error; the good lines are kept"),
         _bytes(_jsonl())),
    ]  # fmt: skip


class CannotBuild(Exception):
    """This machine cannot make the case (a permission root ignores, a name the disk refuses)."""


def _folder_loop(path: Path) -> None:
    (path / "inner").mkdir(parents=True)
    (path / "inner" / "article.txt").write_text(_article_text(40), encoding="utf-8")
    (path / "inner" / "up").symlink_to("..")
    (path / "self").symlink_to(".")


def _link_loop(path: Path) -> None:
    path.mkdir()
    (path / "a.txt").symlink_to("b.txt")
    (path / "b.txt").symlink_to("a.txt")
    (path / "gone.html").symlink_to("nowhere.html")


def _locked(path: Path) -> None:
    if os.geteuid() == 0:
        raise CannotBuild("running as root: file permissions do not stop root from reading")
    path.write_text(_article_text(41), encoding="utf-8")
    path.chmod(0)


_ODD_NAME = "-dash 'quote' \"double\" $(x) ;&| ünï статья.txt"
_NEWLINE_NAME = "empty\nline.txt"
_LATIN1_NAME = b"caf\xe9.txt"


def _odd_names(path: Path) -> None:
    path.mkdir()
    (path / _ODD_NAME).write_text(_article_text(42), encoding="utf-8")


def _newline_name(path: Path) -> None:
    path.mkdir()
    (path / _NEWLINE_NAME).write_bytes(b"")


def _latin1_name(path: Path) -> None:
    path.mkdir()
    try:
        (path / os.fsdecode(_LATIN1_NAME)).write_text(_article_text(43), encoding="utf-8")
    except (OSError, UnicodeEncodeError) as exc:
        raise CannotBuild(f"this file system refuses a name that is not UTF-8: {exc}") from exc


def _folder_specs() -> list[tuple[Case, Writer]]:
    return [
        (Case("folder-loop", "a folder whose links lead back into itself", "ingested",
              articles=1, says="had returned to their homes", why="each folder is walked once"),
         _folder_loop),
        (Case("link-loop", "links to each other and a dangling link, named as articles",
              "refused",
              errors=(
                  ("link-loop/a.txt", "unreadable"),
                  ("link-loop/b.txt", "unreadable"),
                  ("link-loop/gone.html", "not-found"),
              ),
              why="they cannot be opened"),
         _link_loop),
        (Case("unreadable.txt", "a file without read permission", "refused",
              errors=(("unreadable.txt", "unreadable"),), why="it cannot be opened"),
         _locked),
        (Case("odd-names", "a name with spaces, quotes, shell characters and Unicode",
              "ingested", articles=1, says="had returned to their homes",
              why="names are never interpreted"),
         _odd_names),
        (Case("newline", "an empty file with a line break in its name", "refused",
              errors=((f"newline/{_NEWLINE_NAME}", "empty"),),
              why="the name is escaped (\\n): still one line"),
         _newline_name),
        (Case("bad-name", "a file name that is not UTF-8", "refused",
              errors=((f"bad-name/{os.fsdecode(_LATIN1_NAME)}", "bad-filename"),),
              why="no store or terminal can hold the name"),
         _latin1_name),
    ]  # fmt: skip


def _skipped(case: Case, reason: str) -> Case:
    return replace(case, skip=reason)


#: Every case, in the order of README's table.
CASES = [case for case, _ in [*_specs(), *_folder_specs()]]


def build(folder: Path, *, big: bool = False) -> list[Case]:
    """Write every case into ``folder`` (made if missing) and return the table.

    The ``big`` cases (hundreds of megabytes on disk, gigabytes expanded) are
    written only when asked for, streaming; otherwise they come back with a
    ``skip`` reason, as do cases this machine cannot make.
    """
    folder.mkdir(parents=True, exist_ok=True)
    cases = []
    for case, write in [*_specs(), *_folder_specs()]:
        if case.big and not big:
            cases.append(_skipped(case, "big case: build with big=True (--big)"))
            continue
        try:
            write(folder / case.name)
        except CannotBuild as reason:
            cases.append(_skipped(case, str(reason)))
            continue
        cases.append(case)
    return cases


def markdown_table(cases: list[Case]) -> str:
    """README's table: input, outcome, code(s), why."""
    rows = ["| input | outcome | code | why |", "|---|---|---|---|"]
    for case in cases:
        codes = ", ".join(f"`{code}`" for code in case.codes) or "-"
        rows.append(f"| {case.what} | {case.outcome} | {codes} | {case.why} |")
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description="Build the hostile-input corpus.")
    parser.add_argument("folder", type=Path, nargs="?")
    parser.add_argument("--big", action="store_true", help="also the 200 MB and 4 GB cases")
    parser.add_argument("--table", action="store_true", help="print README's table instead")
    args = parser.parse_args()
    if args.table:
        print(markdown_table(CASES))  # noqa: T201
        return
    if args.folder is None:
        parser.error("FOLDER is required unless --table")
    for case in build(args.folder, big=args.big):
        state = f"skipped: {case.skip}" if case.skip else case.outcome
        print(f"{case.name}: {state}")  # noqa: T201


if __name__ == "__main__":
    main()
