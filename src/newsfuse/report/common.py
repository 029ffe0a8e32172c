"""What the Markdown report, the HTML report and the web pages share: citation
numbers, evidence text, labels for dates and figures, and marked-up source text.

Everything here reads model records only and returns plain strings or small
records; escaping belongs to the renderer (Markdown escapes, Jinja2 autoescape).
"""

from __future__ import annotations

import calendar
import itertools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from newsfuse.model import Article, Dossier, Figure, FigureGroup, Span

__all__ = [
    "BoardGroup",
    "Citations",
    "Cited",
    "Token",
    "board_order",
    "board_rows",
    "coverage_outlets",
    "date_label",
    "evidence",
    "figure_value",
    "marked_text",
    "number",
    "outlet",
    "safe_url",
    "spans_by_article",
    "value_range",
]

#: Disagreements first, then updates: what a reader must look at first.
_STATUS_ORDER = {"disagree": 0, "update": 1, "agree": 2, "single": 3}


def number(value: float | None) -> str:
    """``140,000``; two decimals only when the value has a fraction."""
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def value_range(low: float | None, high: float | None) -> str:
    """``300``, ``70,000-75,000`` (an en dash between), open-ended ``300-…``, or ``""``."""
    if low is None and high is None:
        return ""
    if low == high:
        return number(low)
    return f"{number(low) or '…'}–{number(high) or '…'}"


def figure_value(figure: Figure) -> str:
    """A figure's normalised value: its range, or its share of a base as a percentage."""
    if figure.quantity.share is not None:
        share = f"{figure.quantity.share:.0%}"
        return f"{share} of {figure.base}" if figure.base else share
    return value_range(figure.low, figure.high) or "?"


def date_label(date: str | None, precision: str | None = None) -> str:
    """A date as precise as its source: ``2020-10-09``, ``week of 2020-10-05``,
    ``October 2020``, ``2020``; a time of day is left out."""
    if not date:
        return ""
    if precision == "week":
        return f"week of {date[:10]}"
    if precision == "month" and len(date) >= 7 and date[5:7].isdigit():
        month = int(date[5:7])
        if 1 <= month <= 12:
            return f"{calendar.month_name[month]} {date[:4]}"
    if precision == "year":
        return date[:4]
    return date[:10]


def outlet(article: Article | None) -> str:
    """Who published an article: its site, else its credit, else "unknown outlet"."""
    if article is None:
        return "unknown outlet"
    return article.site or article.credit or "unknown outlet"


def evidence(article: Article | None, span: Span) -> str | None:
    """The text a span points at, on one line (None when the span does not fit the article).

    Never shortened: a reader comparing it with the marked source must find it whole.
    """
    if article is None or span.end > len(article.text) or span.start == span.end:
        return None
    return " ".join(article.text[span.start : span.end].split())


def safe_url(url: str | None) -> str | None:
    """The URL if it is ``http``/``https`` (a page's ``javascript:`` link stays text), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url.strip()).scheme.lower()
    except ValueError:
        return None
    return url.strip() if scheme in ("http", "https") else None


@dataclass(frozen=True, slots=True)
class Cited:
    """One cited span and its number: ``[number]`` means this evidence throughout a report."""

    number: int
    span: Span
    article: Article | None
    text: str | None

    @property
    def anchor(self) -> str:
        """The id of the element holding the evidence; coincident spans share it."""
        return f"ev-{self.number}"


class Citations:
    """Numbers cited spans in the order they are first cited.

    A span cited twice (the same article and offsets) keeps its first number,
    so a report's source list has each piece of evidence once.
    """

    def __init__(self, articles: Iterable[Article]) -> None:
        self.articles = {article.id: article for article in articles}
        self._cited: dict[Span, Cited] = {}

    def cite(self, span: Span) -> Cited:
        found = self._cited.get(span)
        if found is None:
            article = self.articles.get(span.article)
            found = Cited(len(self._cited) + 1, span, article, evidence(article, span))
            self._cited[span] = found
        return found

    def cite_all(self, spans: Iterable[Span]) -> list[Cited]:
        return [self.cite(span) for span in spans]

    def listing(self) -> list[Cited]:
        """Every cited span, by number."""
        return list(self._cited.values())


@dataclass(frozen=True, slots=True)
class BoardGroup:
    """A figure group as the board shows it: each figure with its outlet's article and cite."""

    group: FigureGroup
    rows: list[tuple[Figure, Article | None, list[Cited]]]


def board_rows(
    groups: Iterable[FigureGroup], figures: Mapping[str, Figure], citations: Citations
) -> list[BoardGroup]:
    """The board's groups, citing each figure's evidence sentence in order."""
    return [
        BoardGroup(
            group,
            [
                (
                    figure,
                    citations.articles.get(figure.span.article),
                    [citations.cite(figure.evidence)],
                )
                for figure_id in group.figures
                if (figure := figures.get(figure_id)) is not None
            ],
        )
        for group in groups
    ]


def board_order(groups: Iterable[FigureGroup]) -> list[FigureGroup]:
    """Figure groups with disagreements first, then updates, agreements, single sources."""
    return sorted(groups, key=lambda g: (_STATUS_ORDER.get(g.status, 9), g.kind, g.subject, g.id))


def coverage_outlets(dossier: Dossier) -> list[tuple[str, tuple[str, ...]]]:
    """The coverage matrix's columns: each outlet with its articles, in the story's order."""
    columns: dict[str, list[str]] = {}
    for article in dossier.articles:
        columns.setdefault(outlet(article), []).append(article.id)
    return [(name, tuple(ids)) for name, ids in columns.items()]


@dataclass(frozen=True, slots=True)
class Token:
    """A piece of marked-up source text: ``text``, an ``open`` mark or a ``close``.

    An ``open`` with ``first`` set starts the cited span ``anchor``; one without
    reopens a span that had to be closed early to keep marks nested.
    """

    kind: str
    text: str = ""
    anchor: str = ""
    first: bool = False


def marked_text(text: str, spans: Sequence[tuple[int, int, str]]) -> list[Token]:
    """``text`` cut into tokens so that every ``(start, end, anchor)`` is wrapped in a mark.

    Marks must nest, and cited spans may cross (a quote running over two
    sentences): the text is cut at every span boundary, and over each piece
    the covering spans are open outermost (earliest start, then longest) first.
    A span closed so that a crossing one can close is reopened after it
    (``first`` False), so each anchor's id is on one element, at the start of
    its evidence.
    """
    valid = sorted(
        {(s, e, a) for s, e, a in spans if 0 <= s < e <= len(text)},
        key=lambda item: (item[0], -item[1], item[2]),
    )
    cuts = sorted({0, len(text), *(s for s, _, _ in valid), *(e for _, e, _ in valid)})
    tokens: list[Token] = []
    stack: list[tuple[int, int, str]] = []
    opened: set[str] = set()
    for left, right in itertools.pairwise(cuts):
        covering = [span for span in valid if span[0] <= left and right <= span[1]]
        keep = 0
        while keep < min(len(stack), len(covering)) and stack[keep] == covering[keep]:
            keep += 1
        for _ in stack[keep:]:
            tokens.append(Token("close"))
        for span in covering[keep:]:
            tokens.append(Token("open", anchor=span[2], first=span[2] not in opened))
            opened.add(span[2])
        stack = covering
        tokens.append(Token("text", text[left:right]))
    tokens.extend(Token("close") for _ in stack)
    return tokens


def spans_by_article(cited: Iterable[Cited]) -> Mapping[str, list[tuple[int, int, str]]]:
    """The cited spans with evidence, grouped by article: what :func:`marked_text` takes."""
    found: dict[str, list[tuple[int, int, str]]] = {}
    for item in cited:
        if item.text is not None:
            found.setdefault(item.span.article, []).append(
                (item.span.start, item.span.end, item.anchor)
            )
    return found
