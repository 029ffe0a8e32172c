"""``newsfuse figures``, ``newsfuse quotes`` and ``newsfuse events``: what sources claim."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from newsfuse.cli import app, open_state_store, out, safe_line, write_tsv
from newsfuse.model import Event, FigureGroup, Quote, Span
from newsfuse.stages.analyse.names import fold

#: Status colours on a terminal: what a reader must look at first stands out.
_STATUS_STYLE = {"disagree": "bold red", "update": "yellow", "agree": "green", "single": "dim"}
#: Disagreements first, then updates: the contradiction board's order.
_STATUS_ORDER = {"disagree": 0, "update": 1, "agree": 2, "single": 3}


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def _range(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return ""
    if low == high:
        return _number(low)
    return f"{_number(low) or '…'}–{_number(high) or '…'}"


def _table(title: str, columns: Sequence[str]) -> Table:
    table = Table(
        title=title,
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    for column in columns:
        table.add_column(column, overflow="fold")
    return table


@app.command()
def figures(
    story: Annotated[
        str | None, typer.Option(help="Only this story's groups (its full id).")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="Only groups with this status (disagree, update ...).")
    ] = None,
) -> None:
    """Figure groups by story: kind, subject, status, reconciled low/best/high, sources.

    Disagreements first, then updates, agreements and single-source figures;
    each with its one-line explanation. On a terminal, a table with the
    status highlighted; otherwise one tab-separated line per group (story,
    group, kind, subject, side, status, low, best, high, sources, explanation).
    """
    store = open_state_store()
    try:
        groups = [
            g for g in store.iter_figure_groups(story) if status is None or g.status == status
        ]
        titles = {s.id: s.title for s in store.iter_stories()}
    finally:
        store.close()
    groups.sort(key=lambda g: (g.story, _STATUS_ORDER.get(g.status, 9), g.kind, g.subject, g.id))
    if not out.is_terminal:
        write_tsv(
            (
                g.story,
                g.id,
                g.kind,
                g.subject,
                g.side or "",
                g.status,
                _number(g.low),
                _number(g.best),
                _number(g.high),
                str(g.sources),
                g.explanation,
            )
            for g in groups
        )
        return
    current = None
    table: Table | None = None
    for group in groups:
        if group.story != current:
            if table is not None:
                out.print(table)
            current = group.story
            title = f"{safe_line(titles.get(group.story, ''), 80)} ({group.story[:8]})"
            table = _table(
                title,
                ["status", "kind", "subject", "side", "low–high", "best", "sources", "why"],
            )
        assert table is not None
        table.add_row(*_group_row(group))
    if table is not None:
        out.print(table)
    else:
        out.print("no figures")


def _group_row(group: FigureGroup) -> list[Text | str]:
    return [
        Text(group.status, style=_STATUS_STYLE.get(group.status, "")),
        group.kind,
        group.subject,
        Text(safe_line(group.side)),
        _range(group.low, group.high) or "?",
        _number(group.best),
        str(group.sources),
        Text(safe_line(group.explanation, 200)),
    ]


@app.command()
def quotes(
    speaker: Annotated[
        str | None,
        typer.Option(
            help="Only quotes whose speaker's name, as written or resolved, contains this "
            "(any case, accents)."
        ),
    ] = None,
    indirect: Annotated[
        bool, typer.Option("--indirect/--direct-only", help="Include reported speech.")
    ] = True,
) -> None:
    """Quotes: speaker, direct or reported, the words, and the article and offsets.

    The speaker is named as their entity ("Artak Beglaryan" for an article's
    "Artak Bulgarian") when the quote's speaker is a resolved name. On a
    terminal, a table; otherwise one tab-separated line per quote (article,
    start, end, speaker, direct or indirect, verb, text).
    """
    store = open_state_store()
    try:
        names = {
            mention.span: entity.name
            for entity in store.iter_entities()
            for mention in entity.mentions
        }
        found = [(q, _speaker_name(q, names)) for q in store.iter_quotes() if indirect or q.direct]
    finally:
        store.close()
    found = [(q, name) for q, name in found if _speaks(speaker, q.speaker, name)]
    if not out.is_terminal:
        write_tsv(
            (
                q.span.article,
                str(q.span.start),
                str(q.span.end),
                name,
                "direct" if q.direct else "indirect",
                q.verb or "",
                q.text,
            )
            for q, name in found
        )
        return
    table = _table(f"{len(found)} quotes", ["speaker", "", "words", "article"])
    for quote, name in found:
        table.add_row(
            Text(safe_line(name) or "?"),
            "“”" if quote.direct else "said",
            Text(safe_line(quote.text, 300)),
            f"{quote.span.article[:8]}:{quote.span.start}",
        )
    out.print(table)


def _speaker_name(quote: Quote, names: Mapping[Span, str]) -> str:
    """The entity's name when the speaker is a resolved name, else the words of the text."""
    resolved = names.get(quote.speaker_span) if quote.speaker_span else None
    words = (quote.speaker or "").split()
    is_name = bool(words) and all(word[:1].isupper() for word in words)
    return resolved if resolved and is_name else quote.speaker or ""


def _speaks(wanted: str | None, *names: str | None) -> bool:
    return wanted is None or any(fold(wanted) in fold(name or "") for name in names)


@app.command()
def events(
    story: Annotated[
        str | None, typer.Option(help="Only this story's events (its full id).")
    ] = None,
    kind: Annotated[str | None, typer.Option("--type", help="Only events of this type.")] = None,
) -> None:
    """Events of each story, merged across its sources, in date order.

    Type (CAMEO code), date and its precision, place, actors, alleged or not,
    and how many articles report it. Otherwise one tab-separated line per
    event (story, event, type, code, date, precision, place, actors,
    alleged, articles).
    """
    store = open_state_store()
    try:
        found = [e for e in store.iter_story_events(story) if kind is None or e.type == kind]
    finally:
        store.close()
    if not out.is_terminal:
        write_tsv(
            (
                e.story or "",
                e.id,
                e.type,
                e.code or "",
                e.date or "",
                e.date_precision or "",
                e.place_name or "",
                "; ".join(e.actors),
                "alleged" if e.alleged else "",
                str(len(e.articles)),
            )
            for e in found
        )
        return
    table = _table(
        f"{len(found)} events", ["date", "type", "place", "actors", "", "articles", "story"]
    )
    for event in found:
        table.add_row(*_event_row(event))
    out.print(table)


def _event_row(event: Event) -> list[Text | str]:
    when = event.date or "?"
    if event.date_precision and event.date_precision != "day":
        when = f"{when} ({event.date_precision})"
    return [
        when,
        f"{event.type} ({event.code})" if event.code else event.type,
        Text(safe_line(event.place_name)),
        Text(safe_line(", ".join(event.actors), 80)),
        Text("alleged", style="italic") if event.alleged else "",
        str(len(event.articles)),
        (event.story or "")[:8],
    ]
