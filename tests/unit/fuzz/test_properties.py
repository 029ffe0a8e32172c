"""Property tests over hostile text for the cleaner, numbers, dates and names.

Inputs mix news words, numbers, dates, names and arbitrary Unicode (controls,
combining marks, surrogate-free astral characters), so that both the common
paths and the odd corners run. Each property holds for every text.
"""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, article_id
from newsfuse.stages.analyse.names import name_similarity, token_similarity
from newsfuse.stages.analyse.numbers import find_numbers
from newsfuse.stages.analyse.when import resolve_dates
from newsfuse.stages.clean import Cleaner, repair_text

# Enough to find what the corpus found, short enough for every `make test`.
FUZZ = settings(max_examples=200, deadline=None)

_WORDS = [
    "said",
    "killed",
    "injured",
    "displaced",
    "more",
    "than",
    "at",
    "least",
    "about",
    "nearly",
    "up",
    "to",
    "dozens",
    "hundreds",
    "thousands",
    "of",
    "half",
    "a",
    "third",
    "million",
    "1,200",
    "300",
    "12.5",
    "3/10/2020",
    "2020-10-08",
    "Monday",
    "last",
    "week",
    "on",
    "Tuesday",
    "October",
    "8",
    "8",
    "October",
    "early",
    "next",
    "month",
    "ago",
    "yesterday",
    "today",
    "in",
    "2019",
    "1990s",
    "percent",
    "%",
    "per",
    "cent",
    "Reuters",
    "AP",
    "By",
    "Staff",
    "Writer",
    "Advertisement",
    "Read",
    "more",
    "Share",
    "this",
    "Photo:",
    "Getty",
    "Images",
    "Copyright",
    "©",
    "2020",
    "BBC",
    "(AFP)",
    "-",
    "—",
    "–",
    "“",
    "”",
    "'",
    '"',
    "Ilham",
    "Aliyev",
    "Jeyhun",
    "Bayramov",
    "al-Assad",
    "Nagorno-Karabakh",
    "Stepanakert",
    "Mr.",
    "Dr.",
    "minister",
    "spokesman",
]

_piece = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from([" ", " ", "\n", "\n\n", ". ", ", "]),
    st.text(max_size=8),
    st.integers(min_value=-(10**12), max_value=10**12).map(str),
)
#: News-like text with arbitrary Unicode mixed in.
texts = st.lists(_piece, max_size=60).map("".join)
_ISO = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(
    dt.date.isoformat
)
published = st.one_of(
    st.none(), _ISO, _ISO.map(lambda day: day[:7]), _ISO.map(lambda d: d + "T21:45"), st.text()
)


def _article(raw_text: str, title: str | None = None) -> Article:
    return Article(id=article_id(raw_text, None), path="fuzz.txt", raw_text=raw_text, title=title)


@FUZZ
@given(texts, st.one_of(st.none(), texts))
def test_cleaning_keeps_text_and_cuts_consistent(raw: str, title: str | None) -> None:
    cleaned = Cleaner().clean(_article(raw, title))
    text = cleaned.text
    assert text == text.strip() or not text.strip()
    assert "\n\n\n" not in text
    for segment in cleaned.removed:
        assert 0 <= segment.at <= len(text)
        assert segment.text
    # Every paragraph kept is (a repaired, space-normalised) part of what came in.
    repaired = " ".join(repair_text(raw).split())
    for paragraph in text.split("\n\n"):
        assert " ".join(paragraph.split()) in repaired


@FUZZ
@given(texts)
def test_repairing_repaired_text_changes_nothing(raw: str) -> None:
    once = repair_text(raw)
    assert repair_text(once) == once


@FUZZ
@given(texts)
def test_cleaning_clean_text_again_changes_nothing(raw: str) -> None:
    once = Cleaner().clean(_article(raw)).text
    assert Cleaner().clean(_article(once)).text == once


@FUZZ
@given(texts, st.sampled_from(["acled", "range"]), st.integers(0, 80), st.integers(0, 80))
def test_numbers_lie_inside_the_text_in_order(
    text: str, convention: str, start: int, length: int
) -> None:
    end = start + length
    matches = find_numbers(text, start, end, convention=convention)
    previous = min(start, len(text))
    for match in matches:
        assert previous <= match.start <= match.end <= min(end, len(text))
        assert text[match.start : match.end] == match.text
        quantity = match.quantity
        if quantity.low is not None and quantity.high is not None:
            assert quantity.low <= quantity.high
        if quantity.share is not None:
            assert quantity.share >= 0
        previous = match.end
    assert find_numbers(text, start, end, convention=convention) == matches


_ISO_AT = {
    "day": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "week": re.compile(r"\d{4}-\d{2}-\d{2}"),
    "month": re.compile(r"\d{4}-\d{2}"),
    "year": re.compile(r"\d{4}"),
}


@FUZZ
@given(texts, published)
def test_dates_lie_inside_the_text_and_are_real_dates(text: str, when: str | None) -> None:
    previous = 0
    for resolved in resolve_dates(text, when, article="a"):
        span = resolved.span
        assert previous <= span.start < span.end <= len(text)
        assert text[span.start : span.end] == resolved.text
        assert _ISO_AT[resolved.precision].fullmatch(resolved.date)
        padded = {"year": "-01-01", "month": "-01"}.get(resolved.precision, "")
        day = dt.date.fromisoformat(resolved.date + padded)
        if resolved.precision == "week":
            assert day.weekday() == 0
        previous = span.end


_NAME_PARTS = [
    "Ilham",
    "Aliyev",
    "Heydar",
    "Jeyhun",
    "Jihon",
    "Bayramov",
    "Permov",
    "Vladimir",
    "Putin",
    "Mr.",
    "Dr.",
    "al-",
    "bin",
    "Mohammed",
    "Muhammad",
    "J.",
    "Abu",
    "Tedros",
    "Adhanom",
    "de",
    "la",
    "von",
    "O'Brien",
    "Nagorno-Karabakh",
]
names = st.lists(st.one_of(st.sampled_from(_NAME_PARTS), st.text(max_size=6)), max_size=5).map(
    " ".join
)


@FUZZ
@given(names, names, st.sampled_from([None, "person", "place", "org"]))
def test_name_similarity_is_a_score(a: str, b: str, kind: str | None) -> None:
    match = name_similarity(a, b, kind=kind)
    assert 0.0 <= match.score <= 1.0
    for _, _, score in match.aligned:
        assert 0.0 <= score <= 1.0


@FUZZ
@given(names, names)
def test_token_similarity_is_symmetric_and_a_score(a: str, b: str) -> None:
    score = token_similarity(a, b)
    assert 0.0 <= score <= 1.0
    assert token_similarity(b, a) == score
