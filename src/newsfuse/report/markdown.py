"""A story's dossier as Markdown, for people: every claim numbered to its evidence.

Article text is hostile input: every piece of it is put on one line and its
Markdown-active characters are backslash-escaped, so a headline starting with
``#``, a pipe inside a table cell or ``<script>`` in a quote stays literal text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from newsfuse.model import Dossier, FigureGroup, Span
from newsfuse.report.common import (
    Citations,
    Cited,
    coverage_outlets,
    date_label,
    figure_value,
    number,
    outlet,
)

__all__ = ["md_escape", "render_markdown"]

# CommonMark lets any ASCII punctuation be backslash-escaped. These are the
# characters that start emphasis, code, links, raw HTML, entities, headings,
# strikethrough and table cells; the rest ("-", ".", "(") only act at the start
# of a line, and escaped text never starts one.
_ACTIVE = re.compile(r"([\\`*_\[\]<>|#&~!])")


def md_escape(text: str | None) -> str:
    """Article-derived text as one line of literal Markdown."""
    return _ACTIVE.sub(r"\\\1", " ".join((text or "").split()))


def render_markdown(dossier: Dossier) -> str:
    """The dossier as one Markdown document: header, summary, timeline, contradiction
    board, who said what, coverage and the numbered sources every ``[n]`` points to."""
    citations = Citations(dossier.articles)
    parts = [
        _header(dossier),
        _summary(dossier, citations),
        _timeline(dossier, citations),
        _board(dossier, citations),
        _speakers(dossier, citations),
        _coverage(dossier),
        _sources(citations),
    ]
    return "\n\n".join(part for part in parts if part).rstrip() + "\n"


def _marks(cited: Iterable[Cited]) -> str:
    return "".join(f"[{item.number}]" for item in cited)


def _cite(citations: Citations, spans: Iterable[Span]) -> str:
    return _marks(citations.cite_all(spans))


def _header(dossier: Dossier) -> str:
    story = dossier.story
    dates = " – ".join(dict.fromkeys(d[:10] for d in (story.first_seen, story.last_seen) if d))
    lines = [
        f"# {md_escape(story.title) or 'Untitled story'}",
        "",
        f"- **Story:** {md_escape(story.id)}",
        f"- **Dates:** {md_escape(dates) or 'unknown'}",
        f"- **Articles:** {len(dossier.articles)} from {len(story.sources)} sources,"
        f" {story.independent_sources} independent",
    ]
    if story.sources:
        lines.append(f"- **Sources:** {'; '.join(md_escape(s) for s in story.sources)}")
    lines.append(f"- **Summary:** {md_escape(dossier.length)}")
    return "\n".join(lines)


def _summary(dossier: Dossier, citations: Citations) -> str:
    lines = ["## Summary", ""]
    if not dossier.summary:
        lines.append("No sentence of the sources could be cited.")
    for n, sentence in enumerate(dossier.summary, 1):
        lines.append(f"{n}. {md_escape(sentence.text)} {_cite(citations, sentence.citations)}")
    return "\n".join(lines)


def _timeline(dossier: Dossier, citations: Citations) -> str:
    if not dossier.timeline:
        return ""
    lines = ["## Timeline", ""]
    for entry in dossier.timeline:
        when = md_escape(date_label(entry.date, entry.precision))
        lines.append(
            f"- **{when}** ({md_escape(entry.kind)}): {md_escape(entry.text)}"
            f" {_cite(citations, entry.citations)}"
        )
    return "\n".join(lines)


def _board(dossier: Dossier, citations: Citations) -> str:
    if not dossier.board:
        return ""
    lines = ["## Contradiction board"]
    for group in dossier.board:
        lines += ["", *_group(dossier, group, citations)]
    return "\n".join(lines)


def _group_title(group: FigureGroup) -> str:
    side = f" ({md_escape(group.side)})" if group.side else ""
    what = f"{md_escape(group.kind)}, {md_escape(group.subject)}{side}"
    return f"{md_escape(group.status).capitalize()}: {what}"


def _group(dossier: Dossier, group: FigureGroup, citations: Citations) -> list[str]:
    articles = {article.id: article for article in dossier.articles}
    reconciled = [
        f"low {number(group.low) or '?'}",
        f"best {number(group.best) or '?'}",
        f"high {number(group.high) or '?'}",
        f"{group.sources} independent source{'s' if group.sources != 1 else ''}",
    ]
    if group.as_of:
        reconciled.append(f"as of {md_escape(date_label(group.as_of))}")
    lines = [
        f"### {_group_title(group)}",
        "",
        md_escape(group.explanation),
        "",
        f"Reconciled: {' · '.join(reconciled)}",
        "",
        "| value | qualifier | as written | said by | as of | outlet | evidence |",
        "|---|---|---|---|---|---|---|",
    ]
    for figure_id in group.figures:
        figure = dossier.figures.get(figure_id)
        if figure is None:
            continue
        cells = [
            md_escape(figure_value(figure)),
            md_escape(figure.qualifier),
            md_escape(figure.text),
            md_escape(figure.speaker) or "—",
            md_escape(date_label(figure.as_of, figure.as_of_precision)) or "—",
            md_escape(outlet(articles.get(figure.span.article))),
            _cite(citations, [figure.evidence]),
        ]
        lines.append(f"| {' | '.join(cells)} |")
    return lines


def _speakers(dossier: Dossier, citations: Citations) -> str:
    if not dossier.speakers:
        return ""
    lines = ["## Who said what"]
    for speaker in dossier.speakers:
        lines += ["", f"### {md_escape(speaker.speaker)}", ""]
        for quote in speaker.quotes:
            how = "direct" if quote.direct else "reported"
            verb = f", {md_escape(quote.verb)}" if quote.verb else ""
            lines.append(
                f"- “{md_escape(quote.text)}” ({how}{verb}) {_cite(citations, [quote.evidence])}"
            )
    return "\n".join(lines)


def _coverage(dossier: Dossier) -> str:
    if not dossier.coverage:
        return ""
    columns = coverage_outlets(dossier)
    lines = [
        "## Coverage",
        "",
        "Which outlet reports which key fact (✓ reported, — not reported).",
        "",
        f"| fact | kind | {' | '.join(md_escape(name) for name, _ in columns)} |",
        f"|---|---|{'|'.join(':-:' for _ in columns)}|",
    ]
    for row in dossier.coverage:
        carried = set(row.articles)
        marks = ["✓" if carried.intersection(ids) else "—" for _, ids in columns]
        lines.append(f"| {md_escape(row.fact)} | {md_escape(row.kind)} | {' | '.join(marks)} |")
    return "\n".join(lines)


def _sources(citations: Citations) -> str:
    listed = citations.listing()
    if not listed:
        return ""
    lines = ["## Sources", ""]
    for item in listed:
        article = item.article
        title = md_escape(article.title) if article and article.title else "untitled"
        date = md_escape(date_label(article.published)) if article else ""
        quoted = f": “{md_escape(item.text)}”" if item.text else ": (evidence not in the article)"
        lines.append(
            f"{item.number}. {md_escape(outlet(article))}, “{title}”"
            f"{f' ({date})' if date else ''}, article {md_escape(item.span.article)},"
            f" characters {item.span.start}–{item.span.end}{quoted}"
        )
    return "\n".join(lines)
