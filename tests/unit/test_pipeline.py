"""The stage registry, the requires/provides check and building stages from settings."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import ClassVar

import pytest

from newsfuse.config import CleanSettings, ExtractSettings, Settings
from newsfuse.errors import InputError
from newsfuse.model import Article, RawDoc
from newsfuse.pipeline import (
    EXTRACTORS,
    STAGES,
    Stage,
    build_extractor,
    build_stages,
    check_order,
    extract_all,
)
from newsfuse.stages.clean import Cleaner
from newsfuse.stages.extract import TrafilaturaExtractor
from newsfuse.stages.language import LanguageDetector


class _PassThrough:
    name: ClassVar[str] = "pass-through"
    requires: ClassVar[tuple[str, ...]] = ()
    provides: ClassVar[tuple[str, ...]] = ()

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        yield from articles


class NeedsStory(_PassThrough):
    name: ClassVar[str] = "needs-story"
    requires: ClassVar[tuple[str, ...]] = ("raw_text", "story")


class ProvidesStory(_PassThrough):
    name: ClassVar[str] = "provides-story"
    requires: ClassVar[tuple[str, ...]] = ("raw_text",)
    provides: ClassVar[tuple[str, ...]] = ("story",)


class NeedsExtractedFields(_PassThrough):
    name: ClassVar[str] = "needs-extracted"
    requires: ClassVar[tuple[str, ...]] = ("raw_text", "url", "title", "published")


def test_registry_has_the_builtin_stages_and_extractor() -> None:
    build_stages(Settings(), [])

    assert {"clean", "language"} <= set(STAGES)
    assert "trafilatura" in EXTRACTORS


def test_build_stages_passes_settings_on() -> None:
    settings = replace(Settings(), clean=CleanSettings(boilerplate_max_words=12))

    cleaner, detector = build_stages(settings, ["clean", "language"])

    assert isinstance(cleaner, Cleaner)
    assert cleaner.boilerplate_max_words == 12
    assert isinstance(detector, LanguageDetector)
    assert all(isinstance(stage, Stage) for stage in (cleaner, detector))


def test_build_extractor_passes_settings_on() -> None:
    settings = replace(Settings(), extract=ExtractSettings(fast=False, include_tables=False))

    extractor = build_extractor(settings)

    assert isinstance(extractor, TrafilaturaExtractor)
    assert (extractor.fast, extractor.include_tables) == (False, False)


def test_build_stages_rejects_unknown_names() -> None:
    with pytest.raises(ValueError, match=r"unknown stages \['cluster'\]; known: .*'clean'"):
        build_stages(Settings(), ["clean", "cluster"])


def test_build_stages_checks_the_order() -> None:
    with pytest.raises(ValueError, match=r"stage 'language' requires \['text'\]"):
        build_stages(Settings(), ["language", "clean"])


def test_check_order_accepts_what_earlier_stages_provide() -> None:
    check_order([])
    check_order([NeedsExtractedFields()])
    check_order([ProvidesStory(), NeedsStory()])
    check_order([Cleaner(), LanguageDetector()])


@pytest.mark.parametrize(
    "stages",
    [[NeedsStory()], [NeedsStory(), ProvidesStory()], [LanguageDetector(), Cleaner()]],
    ids=["nothing-provides", "provided-too-late", "language-before-clean"],
)
def test_check_order_refuses_a_field_no_earlier_stage_provides(stages: list[Stage]) -> None:
    with pytest.raises(ValueError, match="which no earlier stage provides"):
        check_order(stages)


def test_check_order_names_the_stage_and_the_fields() -> None:
    with pytest.raises(ValueError) as caught:
        check_order([Cleaner(), NeedsStory()])

    assert str(caught.value) == (
        "stage 'needs-story' requires ['story'], which no earlier stage provides"
    )


def test_extract_all_passes_errors_through_in_order() -> None:
    earlier = InputError("a.jsonl", "bad-json", "not JSON", where="line 1")
    docs: list[RawDoc | InputError] = [
        RawDoc(origin="one.txt", text="Headline\n\nFirst article body."),
        earlier,
        RawDoc(origin="empty.txt", text="   "),
        RawDoc(origin="two.txt", text="Headline\n\nSecond article body."),
    ]

    results = list(extract_all(TrafilaturaExtractor(), docs))

    assert [type(result).__name__ for result in results] == [
        "Article",
        "InputError",
        "InputError",
        "Article",
    ]
    assert results[1] is earlier
    assert isinstance(results[2], InputError)
    assert (results[2].origin, results[2].code) == ("empty.txt", "empty")


DEFAULT_ORDER = """
from newsfuse.config import Settings
from newsfuse.pipeline import build_stages
print(" ".join(stage.name for stage in build_stages(Settings())))
"""


@pytest.mark.parametrize(
    "first_import",
    [
        "",
        pytest.param("import newsfuse.stages.language"),
    ],
)
def test_default_stages_run_in_pipeline_order(first_import: str) -> None:
    # A fresh interpreter: the registry is filled as modules are imported.
    result = subprocess.run(
        [sys.executable, "-c", first_import + DEFAULT_ORDER],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == [
        "clean",
        "language",
        "entities",
        "quotes",
        "figures",
        "events",
    ]
