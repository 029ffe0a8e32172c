"""Golden cases for the clean stage: hand-written scraped pages and what cleaning must make of them.

Each case in ``tests/data/golden/clean/`` is a pair: ``NAME.txt``, the raw text as a
plain-text source reads it (headline on the first line), and ``NAME.expected.json``, the
clean text, every cut with its reason, and the metadata found.

To regenerate the expected files after an intended change to the cleaner, run::

    NEWSFUSE_UPDATE_GOLDEN=1 .venv/bin/pytest tests/unit/stages/test_clean_golden.py

then read every changed ``.expected.json`` by eye (``git diff``) before committing it:
a regenerated file is only as right as the cleaner that wrote it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from newsfuse.model import RawDoc
from newsfuse.stages.clean import Cleaner
from newsfuse.stages.extract import TrafilaturaExtractor

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "golden" / "clean"
UPDATE = os.environ.get("NEWSFUSE_UPDATE_GOLDEN") == "1"
CASES = sorted(path.name.removesuffix(".txt") for path in GOLDEN.glob("*.txt"))


def cleaned(name: str) -> dict[str, Any]:
    """What the extractor and the cleaner make of the case's raw text, as in the expected file."""
    # Bytes, not read_text(): universal newlines would hide the file's own line breaks.
    raw = (GOLDEN / f"{name}.txt").read_bytes().decode("utf-8")
    article = Cleaner().clean(TrafilaturaExtractor()(RawDoc(origin=f"{name}.txt", text=raw)))
    return {
        "text": article.text,
        "removed": [{"text": cut.text, "reason": cut.reason} for cut in article.removed],
        "title": article.title,
        "author": article.author,
        "published": article.published,
        "date_precision": article.date_precision.value if article.date_precision else None,
        "credit": article.credit,
        "site": article.site,
    }


def test_there_are_golden_cases() -> None:
    assert len(CASES) >= 4


@pytest.mark.parametrize("name", CASES)
def test_golden(name: str) -> None:
    actual = cleaned(name)
    expected_path = GOLDEN / f"{name}.expected.json"
    if UPDATE:
        expected_path.write_text(
            json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    expected = json.loads(expected_path.read_text(encoding="utf-8"))

    assert actual == expected
