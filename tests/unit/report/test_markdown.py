"""The Markdown report of the hand-built dossier: citations, sections and escaping."""

from __future__ import annotations

import re

from newsfuse.report import render_markdown
from newsfuse.report.markdown import md_escape

from .factories import (
    HOSTILE,
    HOSTILE_TALKS,
    HOSTILE_TOLL,
    SCRIPT,
    WIRE,
    WIRE_TALKS,
    WIRE_TOLL,
    make_dossier,
)


def section(document: str, title: str) -> list[str]:
    """The lines of the ``## title`` section."""
    lines = document.splitlines()
    start = lines.index(f"## {title}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("## ")), len(lines))
    return [line for line in lines[start:end] if line]


def sources(document: str) -> dict[int, str]:
    return {
        int(number): line
        for number, line in (
            re.match(r"(\d+)\. (.*)", line).groups()  # type: ignore[union-attr]
            for line in section(document, "Sources")
        )
    }


def test_each_summary_sentence_cites_its_numbered_sources() -> None:
    document = render_markdown(make_dossier())
    summary = section(document, "Summary")
    listed = sources(document)

    assert summary[0] == f"1. {WIRE.text[WIRE_TOLL.start : WIRE_TOLL.end]} [1]"
    assert summary[2] == "3. Talks are due in Moscow next week. [3][4]"
    expected = {1: WIRE_TOLL, 2: HOSTILE_TOLL, 3: WIRE_TALKS, 4: HOSTILE_TALKS}
    for number, span in expected.items():
        site = "wire.example" if span.article == WIRE.id else md_escape(HOSTILE.site)
        assert listed[number].startswith(f"{site}, “")
        assert f", article {span.article}, characters {span.start}–{span.end}: “" in listed[number]
    assert "(2020-10-03)" in listed[1]


def test_every_marker_is_a_listed_source() -> None:
    document = render_markdown(make_dossier())
    body = document[: document.index("## Sources")]
    cited = {int(n) for n in re.findall(r"\[(\d+)\]", body)}
    assert cited == set(sources(document)) == set(range(1, 7))


def test_timeline_shows_dates_at_their_precision() -> None:
    timeline = section(render_markdown(make_dossier()), "Timeline")
    assert timeline[0] == "- **2020-10-03** (figure): 158 soldiers killed [1]"
    assert timeline[1].startswith(
        "- **week of 2020-10-05** (figure): more than 300 soldiers killed"
    )


def test_board_lists_each_value_with_who_said_it_when_and_where() -> None:
    board = section(render_markdown(make_dossier()), "Contradiction board")
    assert board[0] == "### Update: killed, soldiers (Armenia)"
    assert board[2] == (
        "Reconciled: low 301 · best 301 · high ? · 2 independent sources · as of 2020-10-08"
    )
    rows = [line for line in board if line.startswith("| ") and not line.startswith("| value")]
    assert rows[0] == "| 158 | exact | 158 soldiers | Armenia | 2020-10-03 | wire.example | [1] |"
    assert rows[1].startswith("| 301–… | more\\_than | more than 300 soldiers | officials ")
    assert "| week of 2020-10-05 |" in rows[1]


def test_speakers_and_coverage() -> None:
    document = render_markdown(make_dossier())
    speakers = section(document, "Who said what")
    assert speakers[:2] == [
        "### Ilham Aliyev",
        "- “we will take back our lands” (direct, say) [5]",
    ]
    coverage = section(document, "Coverage")
    assert coverage[-2].startswith("| soldiers killed | figure | ✓ | ✓ |")
    assert coverage[-1].endswith("| summary | — | ✓ |")


def test_article_text_cannot_break_the_document_structure() -> None:
    document = render_markdown(make_dossier())
    lines = document.splitlines()

    # The title starts with "#": one heading, whose text starts with a literal "#".
    assert lines[0] == "# \\# Toll \\| rises \\<script\\>alert(1)\\</script\\>"
    assert [line for line in lines if line.startswith("# ")] == [lines[0]]
    assert SCRIPT not in document
    # No raw HTML can start: every "<" from an article is escaped.
    assert re.search(r"(?<!\\)<", document) is None
    # Every table row keeps its columns: pipes from the text are escaped.
    widths = {len(re.split(r"(?<!\\)\|", line)) - 2 for line in lines if line.startswith("|")}
    assert widths == {4, 7}  # the coverage matrix (2 outlets) and the board


def test_md_escape_keeps_text_literal_on_one_line() -> None:
    assert md_escape("a *b* _c_ [d](javascript:x) | <e> &amp; #f\n\ng") == (
        "a \\*b\\* \\_c\\_ \\[d\\](javascript:x) \\| \\<e\\> \\&amp; \\#f g"
    )


def test_output_is_deterministic() -> None:
    assert render_markdown(make_dossier()) == render_markdown(make_dossier())
