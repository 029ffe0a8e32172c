"""``newsfuse stories``, ``newsfuse story`` and ``newsfuse recluster``."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Annotated

import typer
from rich import box
from rich.table import Table
from rich.text import Text

from newsfuse.cli import (
    app,
    err,
    find_or_exit,
    open_state_store,
    out,
    safe_line,
    state,
    write_tsv,
)
from newsfuse.errors import NewsfuseError
from newsfuse.export import story_record
from newsfuse.ingest import recluster as run_recluster
from newsfuse.model import Article, Story, StoryMember
from newsfuse.store import shown

#: Shortest story id prefix ``stories`` shows on a terminal (longer where needed to be unique).
SHORT_ID = 8


def _short_ids(ids: Sequence[str]) -> int:
    """The shortest prefix length, :data:`SHORT_ID` at least, that tells ``ids`` apart."""
    length = SHORT_ID
    while len({i[:length] for i in ids}) < len(set(ids)):
        length += 1
    return length


@app.command()
def stories(
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all).")] = 0,
) -> None:
    """List stories: id, title, first and last seen, articles, sources, independent sources.

    Earliest first. On a terminal, a table with short ids (`newsfuse story`
    takes any unique prefix of 4 or more characters); otherwise one
    tab-separated line per story with the full id.
    """
    store = open_state_store()
    try:
        chosen = list(store.iter_stories())
    finally:
        store.close()
    if limit:
        chosen = chosen[:limit]
    if not out.is_terminal:
        write_tsv(
            (
                story.id,
                story.title,
                story.first_seen or "",
                story.last_seen or "",
                str(len(story.articles)),
                str(len(story.sources)),
                str(story.independent_sources),
            )
            for story in chosen
        )
        return
    width = _short_ids([story.id for story in chosen])
    # Seven columns: a light box and no doubled padding leave the title room on 80 columns.
    table = Table(
        title=f"{len(chosen)} stories",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        collapse_padding=True,
    )
    # Ids and days keep their width; the title folds into what is left.
    table.add_column("id", no_wrap=True, min_width=width)
    table.add_column("title", overflow="fold", ratio=1)
    for column in ("first seen", "last seen"):
        table.add_column(column, no_wrap=True, min_width=10)
    for column in ("articles", "sources", "independent"):
        table.add_column(column, justify="right", overflow="fold")
    for story in chosen:
        # Text() keeps story titles (article headlines) literal: no Rich markup from a page.
        # The table shows the day a story was seen; the plain output the full timestamp.
        table.add_row(
            Text(story.id[:width]),
            Text(safe_line(story.title, 100)),
            Text(safe_line(story.first_seen)[:10]),
            Text(safe_line(story.last_seen)[:10]),
            str(len(story.articles)),
            str(len(story.sources)),
            str(story.independent_sources),
        )
    out.print(table)


@app.command()
def story(
    story_id: Annotated[
        str, typer.Argument(metavar="ID", help="Story id or a unique prefix of it.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the export record as JSON.")
    ] = False,
) -> None:
    """Show one story: dates, sources, top entities, each article with its role, and the copies.

    Each article is listed with its role (original, copy or follow-up), site,
    date and title; copies with the article they reuse and how much of their
    text is shared.
    """
    store = open_state_store()
    try:
        found = find_or_exit(store.get_story, story_id, "story")
        if as_json:
            out.print(json.dumps(story_record(found), ensure_ascii=False, indent=2), markup=False)
            return
        articles = {aid: store.get(aid) for aid in found.articles}
        sources = {
            reuse.source
            for article in articles.values()
            if article is not None
            for reuse in article.derived_from
        }
        for source in sorted(sources - set(articles)):
            articles[source] = store.get(source)
    finally:
        store.close()
    _print_story(found, articles)


_ROLE_STYLE = {"original": "green", "copy": "yellow", "follow-up": "blue"}


def _print_story(found: Story, articles: dict[str, Article | None]) -> None:
    out.print(Text(safe_line(found.title) or "(untitled)", style="bold"))
    dates = " – ".join(dict.fromkeys(d for d in (found.first_seen, found.last_seen) if d))
    fields = [
        ("id", found.id),
        ("dates", dates or "unknown"),
        (
            "articles",
            f"{len(found.articles)} from {len(found.sources)} sources,"
            f" {found.independent_sources} independent",
        ),
        ("sources", "; ".join(found.sources)),
        ("entities", "; ".join(found.entities)),
    ]
    for name, value in fields:
        if value:
            out.print(Text.assemble((f"{name:>10}: ", "bold"), safe_line(value)))
    out.print()
    out.print(Text("articles:", style="bold"))
    # A story written without members still lists its articles, roles unknown.
    members = found.members or tuple(StoryMember(aid, "-") for aid in found.articles)
    for member in members:
        article = articles.get(member.article)
        title = (article.title or article.text) if article else None
        out.print(
            Text.assemble(
                (f"  {member.role:<9} ", _ROLE_STYLE.get(member.role, "")),
                (member.article, "cyan"),
                f"  {safe_line(member.published) or '-':<16}  {safe_line(member.site) or '-'}  ",
                safe_line(title, 100),
            )
        )
    copies = [
        (article, reuse)
        for aid in found.articles
        if (article := articles.get(aid)) is not None
        for reuse in article.derived_from
    ]
    if not copies:
        return
    out.print()
    out.print(Text("copies:", style="bold"))
    for article, reuse in copies:
        verb = "duplicates" if reuse.kind == "duplicate" else "reuses part of"
        source = articles.get(reuse.source)
        outside = "" if reuse.source in found.articles else " (not in this story)"
        out.print(
            Text.assemble(
                "  ",
                (article.id, "cyan"),
                f" {_site(article)} {verb} ",
                (reuse.source, "cyan"),
                f" {_site(source)}{outside}: {reuse.shared:.0%} of its text shared"
                f" (Jaccard {reuse.jaccard:.2f})",
            )
        )


def _site(article: Article | None) -> str:
    if article is None:
        return "(not stored)"
    return f"({safe_line(article.site)})" if article.site else "(unknown site)"


@app.command()
def recluster() -> None:
    """Find copies and stories afresh over every stored article, with the current settings.

    Use it after changing the copy or story settings. Prints how many stories
    there are.
    """
    store = open_state_store()
    try:
        if err.is_terminal and not state.quiet:
            with err.status("reclustering every stored article"):
                count = run_recluster(store, state.settings)
        else:
            count = run_recluster(store, state.settings)
    except NewsfuseError as error:
        err.print(f"error: {error}", markup=False)
        raise typer.Exit(1) from error
    finally:
        store.close()
    if not state.quiet:
        out.print(f"{count} stories -> {shown(state.db)}", markup=False)
