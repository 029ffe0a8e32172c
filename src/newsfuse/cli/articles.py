"""``newsfuse articles`` and ``newsfuse show``."""

from __future__ import annotations

import itertools
import json
import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsfuse.cli import app, find_or_exit, open_state_store, out
from newsfuse.export import article_record
from newsfuse.model import Article


def _one_line(value: str | None, width: int = 0) -> str:
    text = " ".join((value or "").split())
    return text[: width - 1] + "…" if width and len(text) > width else text


@app.command()
def articles(
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all).")] = 0,
) -> None:
    """List stored articles: id, date, site, title, words, cuts.

    On a terminal, a table; otherwise one tab-separated line per article.
    """
    store = open_state_store()
    try:
        chosen = itertools.islice(store.iter_articles(), limit or None)
        if out.is_terminal:
            _print_table(list(chosen))
            return
        for article in chosen:
            # Straight to stdout: Rich would expand the tabs that scripts split on.
            fields = [
                article.id,
                article.published or "",
                _one_line(article.site),
                _one_line(article.title),
                str(article.word_count()),
                str(len(article.removed)),
            ]
            sys.stdout.write("\t".join(fields) + "\n")
    finally:
        store.close()


def _print_table(rows: list[Article]) -> None:
    table = Table(title=f"{len(rows)} articles", title_justify="left")
    for column in ("id", "published", "site", "title", "words", "cut"):
        table.add_column(
            column,
            overflow="fold" if column == "title" else "ellipsis",
            justify="right" if column in ("words", "cut") else "left",
        )
    for article in rows:
        # Text() keeps article-derived strings literal: no Rich markup from the page.
        table.add_row(
            Text(article.id),
            Text(article.published or ""),
            Text(article.site or ""),
            Text(_one_line(article.title or article.text, 80)),
            str(article.word_count()),
            str(len(article.removed)),
        )
    out.print(table)


def _print_article(article: Article, origins: list[str]) -> None:
    fields = [
        ("id", article.id),
        ("title", article.title),
        ("author", article.author),
        (
            "published",
            f"{article.published} ({article.date_precision})" if article.published else None,
        ),
        ("site", article.site),
        ("credit", article.credit),
        ("url", article.url),
        ("language", article.language),
        ("path", article.path),
        ("also from", ", ".join(origins[1:]) or None),
        ("words", str(article.word_count())),
    ]
    for name, value in fields:
        if value:
            out.print(Text.assemble((f"{name:>10}: ", "bold"), value))
    out.print()
    out.print(Text(article.text))
    out.print()
    if not article.removed:
        out.print(Text("nothing was cut", style="dim"))
        return
    out.print(Text(f"cut {len(article.removed)} segments:", style="bold"))
    for segment in article.removed:
        out.print(
            Text.assemble(
                (f"  [{segment.reason}]", "yellow"),
                (f" @{segment.at} ", "dim"),
                _one_line(segment.text, 160),
            )
        )


@app.command()
def show(
    article_id: Annotated[
        str, typer.Argument(metavar="ID", help="Article id or a unique prefix of it.")
    ],
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the export record as JSON.")
    ] = False,
) -> None:
    """Show one article: metadata, clean text, and every cut with its reason."""
    store = open_state_store()
    try:
        article = find_or_exit(store.get, article_id, "article")
        if as_json:
            out.print(
                json.dumps(article_record(article, store), ensure_ascii=False, indent=2),
                markup=False,
            )
            return
        _print_article(article, store.origins(article.id))
    finally:
        store.close()
