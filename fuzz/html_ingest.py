"""Fuzz HTML ingest: bytes -> the HTML reader -> extraction -> cleaning.

Any exception other than :class:`~newsfuse.errors.InputError` (which readers
yield and the extractor raises for input that cannot become an article) is a
bug. Run it with ``make fuzz`` (``FUZZ_SECONDS``, default 60), or directly::

    .venv/bin/python fuzz/html_ingest.py -max_total_time=300 build/fuzz-corpus

The corpus folder gets the seeds below when it is empty, and keeps what the
fuzzer learns between runs.

Without atheris (it needs a prebuilt wheel or clang to install), the same
check runs under Hypothesis: ``python fuzz/html_ingest.py --hypothesis N``
tries N generated inputs.
"""

from __future__ import annotations

import contextlib
import logging
import sys
import tempfile
from pathlib import Path

try:
    import atheris  # type: ignore[import-untyped]
except ImportError:  # the Hypothesis fallback runs without it
    atheris = None

# Coverage feedback needs the code under test instrumented as it is imported.
with atheris.instrument_imports() if atheris else contextlib.nullcontext():
    from newsfuse.config import Settings
    from newsfuse.errors import InputError
    from newsfuse.pipeline import build_extractor, extract_all
    from newsfuse.sources import read_paths
    from newsfuse.stages.clean import Cleaner

#: Small, so that the fuzzer also reaches the too-large path.
MAX_BYTES = 200_000

_EXTRACTOR = build_extractor(Settings())
_CLEANER = Cleaner()
_FOLDER = Path(tempfile.mkdtemp(prefix="newsfuse-fuzz-"))
_PAGE = _FOLDER / "page.html"

#: Seeds: a real article shape, so mutations start from markup that extracts.
SEEDS = (
    b"<html><head><meta charset='utf-8'><title>Talks resume</title></head><body><article>"
    b"<h1>Talks resume</h1><p>The minister said on Monday that talks in the capital would "
    b"resume next week after a pause of three days.</p><p>By Staff Writer</p></article>"
    b"</body></html>",
    b"<!DOCTYPE html [<!ENTITY a 'lol'>]><html><body><p>&a;&amp;&#x1F600;</p></body></html>",
    b'<html><head><script type="application/ld+json">{"@type":"NewsArticle","datePublished":'
    b'"2020-10-08","author":{"name":"A"}}</script></head><body><p>x</p></body></html>',
)


def ingest_bytes(data: bytes) -> None:
    """Run one input through the HTML path of ingest; raise only on a bug."""
    _PAGE.write_bytes(data)
    for item in extract_all(_EXTRACTOR, read_paths([_PAGE], max_article_bytes=MAX_BYTES)):
        if isinstance(item, InputError):
            assert "\n" not in str(item), str(item)
            continue
        cleaned = _CLEANER.clean(item)
        for segment in cleaned.removed:
            assert 0 <= segment.at <= len(cleaned.text), segment


def _atheris_main(argv: list[str]) -> None:
    if atheris is None:
        sys.exit("atheris is not installed: use --hypothesis N (see the docstring)")
    folders = [Path(arg) for arg in argv[1:] if not arg.startswith("-")]
    for folder in folders[:1]:
        folder.mkdir(parents=True, exist_ok=True)
        if not any(folder.iterdir()):
            for number, seed in enumerate(SEEDS):
                (folder / f"seed-{number}.html").write_bytes(seed)
    atheris.Setup(argv, ingest_bytes)
    atheris.Fuzz()


def _hypothesis_main(examples: int) -> None:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    markup = st.lists(
        st.one_of(
            st.sampled_from(SEEDS),
            st.sampled_from([b"<p>", b"</p>", b"<div>", b"<table><tr><td>", b"&#", b";", b"<!--"]),
            st.binary(max_size=32),
            st.text(max_size=32).map(lambda text: text.encode("utf-8", "surrogatepass")),
        ),
        max_size=20,
    ).map(b"".join)

    @settings(max_examples=examples, deadline=None, database=None)
    @given(markup)
    def check(data: bytes) -> None:
        ingest_bytes(data)

    check()


def main() -> None:
    # Extraction libraries log every page they give up on: noise at fuzzing speed.
    logging.disable(logging.CRITICAL)
    if len(sys.argv) == 3 and sys.argv[1] == "--hypothesis":
        _hypothesis_main(int(sys.argv[2]))
        return
    _atheris_main(sys.argv)


if __name__ == "__main__":
    main()
