"""A story's dossier as one self-contained HTML file.

No external asset and no script: the CSS is inline, allowed by its hash in a
Content-Security-Policy that forbids everything else, so even markup smuggled
past escaping could neither run nor fetch. Every citation links to its
evidence, marked inside an appendix that holds each source article's clean
text; ``:target`` highlights it when followed, the link's title shows it on hover.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from importlib import resources

import jinja2
from markupsafe import Markup

from newsfuse.model import Article, Dossier, Quote, SpeakerQuotes
from newsfuse.report.common import (
    Citations,
    Cited,
    Token,
    board_rows,
    coverage_outlets,
    date_label,
    figure_value,
    marked_text,
    number,
    outlet,
    safe_url,
    spans_by_article,
)

__all__ = ["render_html"]

# autoescape=True, not select_autoescape: every template output is HTML.
_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("newsfuse.report", "templates"),
    autoescape=True,
    undefined=jinja2.StrictUndefined,
    trim_blocks=True,
    lstrip_blocks=True,
    keep_trailing_newline=True,
)
_ENV.filters.update(date=date_label, number=number, outlet=outlet, value=figure_value)


@dataclass(frozen=True, slots=True)
class _Speaker:
    speaker: SpeakerQuotes
    quotes: list[tuple[Quote, list[Cited]]]


@dataclass(frozen=True, slots=True)
class _Source:
    article: Article
    url: str | None
    tokens: list[Token]


#: How followed evidence is shown; the same as ``mark:target`` in report.css.
_TARGET_STYLE = "background: #ffb347; outline: 2px solid #d9480f;"


def _css() -> str:
    return resources.files("newsfuse.report").joinpath("templates/report.css").read_text("utf-8")


def render_html(dossier: Dossier) -> str:
    """The dossier as one HTML document: summary, timeline, contradiction board, who said
    what, coverage, the numbered sources, and an appendix of the articles' texts."""
    citations = Citations(dossier.articles)
    # Cited in reading order, so the numbers run 1, 2, 3 ... down the page.
    summary = [(s, citations.cite_all(s.citations)) for s in dossier.summary]
    timeline = [(e, citations.cite_all(e.citations)) for e in dossier.timeline]
    board = board_rows(dossier.board, dossier.figures, citations)
    speakers = [
        _Speaker(speaker, [(q, citations.cite_all([q.evidence])) for q in speaker.quotes])
        for speaker in dossier.speakers
    ]
    marks = spans_by_article(citations.listing())
    sources = [
        _Source(
            article, safe_url(article.url), marked_text(article.text, marks.get(article.id, ()))
        )
        for article in dossier.articles
    ]
    # A span split around a crossing one is highlighted whole when followed:
    # its later pieces carry its anchor as a class, lit while the anchor is the target.
    split = sorted(
        {t.anchor for s in sources for t in s.tokens if t.kind == "open" and not t.first}
    )
    css = _css() + "".join(
        f"#appendix:has(#{anchor}:target) mark.{anchor} {{ {_TARGET_STYLE} }}\n" for anchor in split
    )
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    columns = coverage_outlets(dossier)
    return _ENV.get_template("report.html").render(
        dossier=dossier,
        story=dossier.story,
        summary=summary,
        timeline=timeline,
        board=board,
        speakers=speakers,
        coverage=[
            (row, [bool(set(row.articles).intersection(ids)) for _, ids in columns])
            for row in dossier.coverage
        ],
        outlets=[name for name, _ in columns],
        cited=citations.listing(),
        sources=sources,
        # The stylesheet is ours, not article text; its hash is what the CSP allows.
        css=Markup(css),
        style_hash=f"sha256-{digest}",
    )
