"""Language identification of the clean text."""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest

from newsfuse.model import Article
from newsfuse.pipeline import Stage
from newsfuse.stages.language import LanguageDetector

from .factories import STORY, make_article

SAMPLES = {
    "en": " ".join(STORY),
    "de": "Der Bundestag hat am Donnerstag ein neues Gesetz beschlossen, das die Mieten in den "
    "großen Städten begrenzen soll.",
    "fr": "Le gouvernement a annoncé jeudi une nouvelle loi pour limiter les loyers dans les "
    "grandes villes du pays.",
    "es": "El gobierno anunció el jueves una nueva ley para limitar los alquileres en las "
    "grandes ciudades del país.",
    "ru": "Министр иностранных дел заявил в четверг, что переговоры продолжатся на следующей "
    "неделе в Женеве.",
    "ja": "政府は木曜日、大都市の家賃を制限する新しい法律を発表した。",
}


def cleaned(text: str, **changes: object) -> Article:
    return make_article(text, text=text, **changes)


def detect(*articles: Article, sample_chars: int = 2000) -> list[Article]:
    return list(LanguageDetector(sample_chars=sample_chars)(articles))


@pytest.mark.parametrize(("language", "text"), SAMPLES.items())
def test_language_is_detected(language: str, text: str) -> None:
    (article,) = detect(cleaned(text))

    assert article.language == language


def test_only_the_language_changes() -> None:
    article = cleaned(SAMPLES["de"])

    (detected,) = detect(article)

    assert detected == replace(article, language="de")


def test_a_stated_language_is_kept() -> None:
    (article,) = detect(cleaned(SAMPLES["de"], language="en"))

    assert article.language == "en"


def test_article_without_clean_text_passes_through() -> None:
    article = make_article("Talks resume in Geneva.", text="  \n ")

    assert detect(article) == [article]


def test_only_the_first_sample_chars_are_classified() -> None:
    text = SAMPLES["de"] + "\n\n" + SAMPLES["en"] * 5

    (short,) = detect(cleaned(text), sample_chars=len(SAMPLES["de"]))
    (whole,) = detect(cleaned(text))

    assert (short.language, whole.language) == ("de", "en")


def test_detector_is_a_stage_keeps_order_and_pickles() -> None:
    articles = [cleaned(text) for text in SAMPLES.values()]
    detector = LanguageDetector(sample_chars=500)

    copy = pickle.loads(pickle.dumps(detector))

    assert isinstance(detector, Stage)
    assert (LanguageDetector.requires, LanguageDetector.provides) == (("text",), ("language",))
    assert [article.language for article in copy(articles)] == list(SAMPLES)
    assert list(copy(articles)) == list(detector(articles))
