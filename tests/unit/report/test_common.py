"""Citation numbers, labels and the marking of cited spans in a source text."""

from __future__ import annotations

from newsfuse.model import Span
from newsfuse.report.common import Citations, Token, date_label, marked_text, safe_url

from .factories import HOSTILE, WIRE, WIRE_TALKS, WIRE_TOLL


def rebuilt(tokens: list[Token]) -> tuple[str, dict[str, str]]:
    """The plain text of ``tokens`` and each anchor's text (its first piece and any reopened).

    Fails when a close has no open mark, or a mark is left open: marks must nest.
    """
    text = ""
    stack: list[str] = []
    pieces: dict[str, str] = {}
    for token in tokens:
        if token.kind == "open":
            assert token.first == (token.anchor not in pieces)
            pieces.setdefault(token.anchor, "")
            stack.append(token.anchor)
        elif token.kind == "close":
            assert stack, "a close without an open mark"
            stack.pop()
        else:
            text += token.text
            for anchor in stack:
                pieces[anchor] += token.text
    assert not stack, "a mark left open"
    return text, pieces


def test_marks_nest_coincide_and_cross_without_losing_text() -> None:
    text = "one two three four five"
    spans = [
        (0, 13, "ev-1"),  # one two three
        (4, 7, "ev-2"),  # two, inside ev-1
        (8, 18, "ev-3"),  # three four: crosses the end of ev-1
        (8, 18, "ev-3"),  # cited twice: one mark
        (19, 23, "ev-4"),
    ]
    tokens = marked_text(text, spans)
    whole, pieces = rebuilt(tokens)

    assert whole == text
    assert pieces == {"ev-1": "one two three", "ev-2": "two", "ev-3": "three four", "ev-4": "five"}
    assert sum(t.kind == "open" and t.first for t in tokens) == 4


def test_spans_outside_the_text_or_empty_are_not_marked() -> None:
    tokens = marked_text("short", [(2, 2, "ev-1"), (3, 99, "ev-2"), (-1, 2, "ev-3")])
    assert tokens == [Token("text", "short")]


def test_a_span_cited_twice_keeps_its_first_number() -> None:
    citations = Citations([WIRE, HOSTILE])
    first = citations.cite(WIRE_TOLL)
    second = citations.cite(WIRE_TALKS)
    again = citations.cite(Span(WIRE.id, WIRE_TOLL.start, WIRE_TOLL.end))

    assert (first.number, second.number, again.number) == (1, 2, 1)
    assert again.anchor == "ev-1"
    assert first.text == "Armenia said 158 soldiers had been killed by Saturday."
    assert [c.number for c in citations.listing()] == [1, 2]


def test_evidence_outside_its_article_has_no_text() -> None:
    citations = Citations([WIRE])
    assert citations.cite(Span(WIRE.id, 0, len(WIRE.text) + 1)).text is None
    assert citations.cite(Span("unknown", 0, 1)).text is None


def test_dates_are_as_precise_as_their_source() -> None:
    assert date_label("2020-10-05", "week") == "week of 2020-10-05"
    assert date_label("2020-10-01", "month") == "October 2020"
    assert date_label("2020-01-01", "year") == "2020"
    assert date_label("2020-10-09T14:00", "day") == "2020-10-09"
    assert date_label(None) == ""


def test_only_web_urls_become_links() -> None:
    assert safe_url("https://example.org/a") == "https://example.org/a"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JaVaScRiPt:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url(None) is None
