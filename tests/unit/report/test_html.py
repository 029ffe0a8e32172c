"""The self-contained HTML report of the hand-built dossier: links, marks, policy, escaping."""

from __future__ import annotations

import base64
import hashlib
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from newsfuse.model import Span
from newsfuse.report import render_html

from .factories import (
    BREAKOUT,
    HOSTILE,
    HOSTILE_CROSSING,
    HOSTILE_TALKS,
    HOSTILE_TOLL,
    SCRIPT,
    WIRE,
    WIRE_QUOTE,
    WIRE_TALKS,
    WIRE_TOLL,
    make_dossier,
)


@dataclass
class Page(HTMLParser):
    """What the report holds: links, each mark's text by id, the style, every tag."""

    cites: list[dict[str, str]] = field(default_factory=list)
    marks: dict[str, str] = field(default_factory=dict)
    tags: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    style: str = ""
    text: str = ""
    _open: list[tuple[str, str | None]] = field(default_factory=list)
    _in_style: bool = False

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        self.tags.append((tag, found))
        if tag == "a" and "cite" in found.get("class", "").split():
            self.cites.append(found)
        if tag == "mark":
            # A reopened piece of a split span carries the span's anchor as its class.
            anchor = found.get("id") or found.get("class")
            self._open.append((tag, anchor))
            self.marks.setdefault(anchor or "", "")
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == "mark":
            assert self._open and self._open[-1][0] == "mark", "a </mark> closes no mark"
            self._open.pop()
        self._in_style = False

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.style += data
            return
        self.text += data
        for _, anchor in self._open:
            if anchor:
                self.marks[anchor] += data


def parse(document: str) -> Page:
    page = Page()
    page.feed(document)
    page.close()
    assert not page._open, "a mark is left open"
    return page


def text_of(span: Span) -> str:
    article = WIRE if span.article == WIRE.id else HOSTILE
    return article.text[span.start : span.end]


def test_every_citation_links_to_a_mark_holding_its_evidence() -> None:
    page = parse(render_html(make_dossier()))

    assert len(page.cites) == 10  # 4 in the summary, 2 in the timeline, 2 on the board, 2 quotes
    for cite in page.cites:
        anchor = cite["href"].removeprefix("#")
        assert cite["href"].startswith("#ev-")
        assert anchor in page.marks, cite
        assert " ".join(page.marks[anchor].split()) == cite["title"]


def test_the_cited_spans_are_marked_whole_even_where_they_cross() -> None:
    marks = parse(render_html(make_dossier())).marks
    cited = [WIRE_TOLL, HOSTILE_TOLL, WIRE_TALKS, HOSTILE_TALKS, WIRE_QUOTE, HOSTILE_CROSSING]

    assert sorted(marks.values()) == sorted(text_of(span) for span in cited)
    # Numbered in reading order: the summary's first citation is ev-1.
    assert marks["ev-1"] == text_of(WIRE_TOLL)
    assert marks["ev-4"] == text_of(HOSTILE_TALKS)  # split around the crossing quote


def test_the_appendix_holds_each_article_text_whole() -> None:
    page = parse(render_html(make_dossier()))
    assert WIRE.text in page.text
    assert HOSTILE.text in page.text


def test_hostile_text_is_inert() -> None:
    document = render_html(make_dossier())
    page = parse(document)

    for payload in (SCRIPT, BREAKOUT):
        assert payload not in document
    assert SCRIPT in page.text and BREAKOUT in page.text  # shown, as text
    tags = {tag for tag, _ in page.tags}
    assert not tags & {"script", "img", "iframe", "object", "embed", "link", "base", "form"}
    for _, attrs in page.tags:
        assert not any(name.startswith("on") for name in attrs)
        assert "javascript:" not in attrs.get("href", "").lower()
        assert "src" not in attrs
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert [h for h in hrefs if not h.startswith("#")] == ["https://wire.example/armenia"]


def test_a_policy_allows_only_the_inline_stylesheet() -> None:
    page = parse(render_html(make_dossier()))
    (policy,) = [
        attrs["content"]
        for tag, attrs in page.tags
        if tag == "meta" and attrs.get("http-equiv") == "Content-Security-Policy"
    ]
    digest = base64.b64encode(hashlib.sha256(page.style.encode()).digest()).decode()

    assert policy.startswith("default-src 'none'; ")
    assert f"style-src 'sha256-{digest}'" in policy
    assert "unsafe" not in policy and "script-src" not in policy
    # Followed evidence lights up whole, the later piece of a split span included.
    assert "mark:target" in page.style
    assert re.search(r"#appendix:has\(#ev-4:target\) mark\.ev-4 \{", page.style)


def test_sections_and_summary_structure() -> None:
    page = parse(render_html(make_dossier()))
    ids = {attrs["id"] for _, attrs in page.tags if "id" in attrs}
    assert {"summary", "timeline", "board", "speakers", "coverage", "sources", "appendix"} <= ids
    sentences = [attrs for tag, attrs in page.tags if attrs.get("class") == "sentence"]
    assert len(sentences) == 3
    assert "week of 2020-10-05" in page.text


def test_output_is_deterministic() -> None:
    assert render_html(make_dossier()) == render_html(make_dossier())
