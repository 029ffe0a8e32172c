"""``newsfuse entities`` and ``newsfuse entity``."""

from __future__ import annotations

import re
import sys
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from newsfuse.cli import app, err, open_state_store, out
from newsfuse.model import Article, Entity
from newsfuse.stages.analyse.names import fold, name_similarity
from newsfuse.store.base import Store

_SENTENCE_END = re.compile(r"[.!?][\"'”’)]*\s+|\n+")


def _aliases(entity: Entity, width: int = 60) -> str:
    others = [alias for alias in entity.aliases if alias != entity.name]
    text = "; ".join(others)
    return text[: width - 1] + "…" if len(text) > width else text


@app.command()
def entities(
    type: Annotated[
        str | None, typer.Option("--type", help="Only this type (person, country, ...).")
    ] = None,
    limit: Annotated[int, typer.Option(help="Show at most this many (0: all).")] = 0,
) -> None:
    """List entities: name, type, aliases, number of articles, confidence (most mentioned first)."""
    store = open_state_store()
    try:
        chosen = [e for e in store.iter_entities() if type is None or e.type == type]
    finally:
        store.close()
    if limit:
        chosen = chosen[:limit]
    if not out.is_terminal:
        for entity in chosen:
            fields = [
                entity.id,
                entity.name,
                entity.type,
                "; ".join(entity.aliases),
                str(len(entity.articles)),
                str(len(entity.mentions)),
                f"{entity.confidence:.2f}",
            ]
            sys.stdout.write("\t".join(" ".join(f.split()) for f in fields) + "\n")
        return
    table = Table(title=f"{len(chosen)} entities", title_justify="left")
    for column in ("name", "type", "aliases", "articles", "mentions", "confidence"):
        table.add_column(
            column, justify="right" if column in ("articles", "mentions", "confidence") else "left"
        )
    for entity in chosen:
        table.add_row(
            Text(entity.name),
            entity.type,
            Text(_aliases(entity)),
            str(len(entity.articles)),
            str(len(entity.mentions)),
            f"{entity.confidence:.2f}",
        )
    out.print(table)


def find_entity(store: Store, query: str) -> tuple[Entity | None, list[Entity]]:
    """The entity an alias names: an exact (folded) alias first, else the closest name.

    Returns the best entity and the runners-up that score almost as well.
    """
    wanted = fold(query)
    scored: list[tuple[float, str, Entity]] = []
    for entity in store.iter_entities():
        if any(fold(alias) == wanted for alias in entity.aliases):
            return entity, []
        best = max(name_similarity(query, alias).score for alias in entity.aliases)
        scored.append((best, entity.id, entity))
    scored.sort(key=lambda item: (-item[0], item[1]))
    if not scored or scored[0][0] < 0.6:
        return None, [entity for _, _, entity in scored[:3]]
    return scored[0][2], [entity for score, _, entity in scored[1:4] if score >= scored[0][0] - 0.1]


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, 0, start)), default=0)
    right_match = _SENTENCE_END.search(text, end)
    return left, right_match.start() + 1 if right_match else len(text)


@app.command()
def entity(
    name: Annotated[
        str, typer.Argument(help="Any alias of the entity; close spellings are found too.")
    ],
) -> None:
    """Show one entity: aliases, attributes, merges, and every mention in its sentence."""
    store = open_state_store()
    try:
        found, others = find_entity(store, name)
        if found is None:
            hint = f"; closest: {', '.join(e.name for e in others)}" if others else ""
            err.print(f"error: no entity named {name!r}{hint}", markup=False)
            raise typer.Exit(1)
        articles: dict[str, Article | None] = {}
        for mention in found.mentions:
            if mention.span.article not in articles:
                articles[mention.span.article] = store.get(mention.span.article)
    finally:
        store.close()
    out.print(
        Text.assemble(
            (found.name, "bold"), f"  {found.type}  {found.id}  confidence {found.confidence:.2f}"
        )
    )
    if found.place:
        place = found.place
        out.print(
            Text(
                f"  place: {place.name} ({place.kind}, {place.country_code or '-'}) "
                f"{place.latitude}, {place.longitude}  [{place.id}]"
            )
        )
    out.print(Text(f"  aliases: {'; '.join(found.aliases)}"))
    for attribute in found.attributes:
        out.print(
            Text(
                f"  {attribute.key}: {attribute.value}  "
                f"[{attribute.evidence.article} "
                f"{attribute.evidence.start}:{attribute.evidence.end}]"
            )
        )
    for merge in found.merges:
        out.print(
            Text(
                f"  merged {merge.left!r} + {merge.right!r} "
                f"({merge.confidence:.2f}): {merge.evidence}"
            )
        )
    if others:
        out.print(Text(f"  also close: {', '.join(e.name for e in others)}", style="dim"))
    out.print()
    for mention in found.mentions:
        article = articles.get(mention.span.article)
        if article is None:
            continue
        left, right = _sentence(article.text, mention.span.start, mention.span.end)
        source = article.site or article.title or article.path
        out.print(
            Text.assemble(
                (f"{article.id} {mention.span.start}:{mention.span.end}", "cyan"), f"  {source}"
            )
        )
        out.print(
            Text.assemble(
                "    ",
                article.text[left : mention.span.start],
                (article.text[mention.span.start : mention.span.end], "bold yellow"),
                article.text[mention.span.end : right],
            )
        )
