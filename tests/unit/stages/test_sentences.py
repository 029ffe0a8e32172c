"""Sentence spans: where news prose ends a sentence, and where it does not."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.stages.analyse.sentences import sentence_spans


def sentences(text: str) -> list[str]:
    return [text[start:end] for start, end in sentence_spans(text)]


def test_abbreviations_and_initials_end_no_sentence() -> None:
    text = "Mr. Smith met Vladimir V. Putin in the U.S. on Monday. Then he left."
    assert sentences(text) == [
        "Mr. Smith met Vladimir V. Putin in the U.S. on Monday.",
        "Then he left.",
    ]


def test_a_sentence_glued_to_the_next_by_a_scrape_is_cut() -> None:
    text = "Two men died at the scene.Three other men were injured. Visit Amazon.com today."
    assert sentences(text) == [
        "Two men died at the scene.",
        "Three other men were injured.",
        "Visit Amazon.com today.",
    ]


def test_initials_glued_to_a_name_stay_together() -> None:
    assert sentences("He told the A.P.Smith family.") == ["He told the A.P.Smith family."]


@given(st.text(alphabet=st.sampled_from('ab .A!?\n"”'), max_size=60))
def test_every_non_blank_character_is_in_exactly_one_span(text: str) -> None:
    covered = [0] * len(text)
    previous_end = 0
    for start, end in sentence_spans(text):
        assert previous_end <= start < end
        previous_end = end
        for index in range(start, end):
            covered[index] += 1
    assert all(
        count == (0 if char.isspace() else 1) or (char.isspace() and count <= 1)
        for char, count in zip(text, covered, strict=True)
    )
