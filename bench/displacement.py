"""Displacement figures on IDETECT excerpts: value, term and unit against gold.

Data: ``../shared/eval/displacement/idetect.csv``, 312 excerpts of
humanitarian reports, each with one gold figure: ``Quantity``, ``Term``
(Displaced, Evacuated, Forced to Flee, Sheltered, Destroyed Housing, In Relief
Camp, Relocated, Homeless, Partially Destroyed Housing) and ``Unit`` (People or
Households). The text is used as the file has it, mojibake included.

What runs, per excerpt: an :class:`~newsfuse.model.Article` whose raw and
clean text is the excerpt (no publication date), the entities stage (packaged
model; mentions cached under ``--cache``, keyed by the file, the model and the
source of the entities and gazetteer code), then
:func:`~newsfuse.stages.analyse.figures.extract_figures`. The quotes stage is
not run: excerpts are one or two sentences and figures need no speaker here.

The predicted figure is :func:`_figure_scoring.pick_figure`: the first figure
in text order whose kind is of the displacement family (displaced, evacuated,
sheltered, relocated, destroyed, damaged) and that has a value (shares are
skipped). Its value is its lower bound (newsfuse's conservative reading, as
in reconciliation), else its upper bound ("up to 5,000"). IDETECT codes
ranges either way (six excerpts take the upper bound of "between 10,000 and
12,000", two the lower): both bounds count for "gold among predicted".

Scored over all excerpts (an excerpt with no such figure counts as wrong):

- figure accuracy: the value equals the gold ``Quantity``; also within 1% of
  it; and "gold among predicted", the share of excerpts where the gold value
  is the value of any displacement-family figure of the excerpt (a recall
  figure: did the extractor find the gold figure at all);
- term accuracy: :func:`_figure_scoring.term_of` of the predicted figure
  equals the gold ``Term`` (kind -> term by :data:`_figure_scoring.TERMS`, a
  ``displaced`` figure refined by the displacement word nearest to it);
- unit accuracy: :func:`_figure_scoring.unit_of` (``Households`` for a count of
  households or families, else ``People``) equals the gold ``Unit``;

next to the baseline, the largest number written in digits in the excerpt
(``thousand``/``million`` after it applied, four-digit years left out), whose
term is always the most frequent gold term (Displaced) and unit People. Then
the excerpts whose gold value the excerpt does not state at all (suspected
gold errors: listed, never tuned to), the errors by kind with examples, and
the speed of ``extract_figures`` alone (articles/s, best of 5 passes).

Progress goes to stderr, the figures to stdout and to ``--json``
(``bench/results/displacement.json`` by default).

    python bench/displacement.py [--limit N] [--examples 5] [--cache DIR] [--refresh]
                                 [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from _common import EVAL, add_cache_options, peak_rss_mb, require
from _figure_scoring import (
    DISPLACEMENT_KINDS,
    Excerpt,
    gold_not_stated,
    largest_number,
    load_idetect,
    numbers_in,
    pick_figure,
    term_of,
    timed_figures,
    unit_of,
    with_mentions,
)
from newsfuse.config import load_settings
from newsfuse.model import Article, Figure
from newsfuse.stages.analyse import entities as entities_module
from newsfuse.stages.analyse import gazetteer as gazetteer_module
from newsfuse.stages.analyse.entities import EntityRecognizer
from newsfuse.stages.analyse.figures import extract_figures
from newsfuse.stages.analyse.numbers import find_numbers

REPO = Path(__file__).resolve().parents[1]
#: The baseline's term: the most frequent gold term.
BASELINE_TERM = "Displaced"

Figures = dict[str, Any]


def progress(message: str) -> None:
    """Where a long step stands, on stderr so that stdout holds only figures."""
    print(message, file=sys.stderr, flush=True)


def value_of(figure: Figure) -> float | None:
    """The value scored: the lower bound, else the upper ("up to 5,000")."""
    return figure.low if figure.low is not None else figure.high


def close(value: float | None, gold: float, tolerance: float = 0.0) -> bool:
    return value is not None and abs(value - gold) <= tolerance * gold + 1e-9


@dataclass(frozen=True, slots=True)
class Row:
    """One excerpt: gold, the predicted figure, every displacement value, the baseline."""

    excerpt: Excerpt
    article: Article
    figure: Figure | None
    values: list[float]
    baseline: float | None

    @property
    def value(self) -> float | None:
        return value_of(self.figure) if self.figure else None

    @property
    def term(self) -> str | None:
        return term_of(self.figure, self.article.text) if self.figure else None

    @property
    def unit(self) -> str | None:
        return unit_of(self.figure) if self.figure else None


def row_of(excerpt: Excerpt, article: Article) -> Row:
    figures = article.figures
    # Both bounds of a range: IDETECT codes a range by either.
    values = [
        v for f in figures if f.kind in DISPLACEMENT_KINDS for v in (f.low, f.high) if v is not None
    ]
    return Row(excerpt, article, pick_figure(figures), values, largest_number(excerpt.text))


def share(flags: Sequence[bool]) -> float:
    return sum(flags) / len(flags) if flags else 0.0


def scores(rows: Sequence[Row]) -> Figures:
    ours = {
        "figure_exact": share([close(r.value, r.excerpt.quantity) for r in rows]),
        "figure_within_1pct": share([close(r.value, r.excerpt.quantity, 0.01) for r in rows]),
        "gold_among_predicted": share(
            [any(close(v, r.excerpt.quantity) for v in r.values) for r in rows]
        ),
        "term": share([r.term == r.excerpt.term for r in rows]),
        "unit": share([r.unit == r.excerpt.unit for r in rows]),
        "no_figure": sum(r.figure is None for r in rows),
    }
    base = {
        "figure_exact": share([close(r.baseline, r.excerpt.quantity) for r in rows]),
        "figure_within_1pct": share([close(r.baseline, r.excerpt.quantity, 0.01) for r in rows]),
        "gold_among_predicted": share(
            [any(close(v, r.excerpt.quantity) for v in numbers_in(r.excerpt.text)) for r in rows]
        ),
        "term": share([r.excerpt.term == BASELINE_TERM for r in rows]),
        "unit": share([r.excerpt.unit == "People" for r in rows]),
    }
    print(f"{'':12}{'figure':>8}{'within 1%':>11}{'gold among':>12}{'term':>8}{'unit':>8}")
    for name, got in (("newsfuse", ours), ("baseline", base)):
        print(
            f"  {name:<10}{got['figure_exact']:>8.3f}{got['figure_within_1pct']:>11.3f}"
            f"{got['gold_among_predicted']:>12.3f}{got['term']:>8.3f}{got['unit']:>8.3f}"
        )
    print(
        f"  ('gold among': the gold value is among all predicted values, for the baseline among "
        f"all numbers; newsfuse found no displacement figure in {ours['no_figure']} excerpts)"
    )
    return {"newsfuse": ours, "baseline": base}


def _short(text: str, limit: int = 200) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _stated(excerpt: Excerpt) -> list[tuple[str, float]]:
    """The counts the excerpt states, as written and as read (digits and words)."""
    return [
        (m.text, value)
        for m in find_numbers(excerpt.text)
        if m.kind == "count"
        for value in (m.quantity.low, m.quantity.high)
        if value is not None
    ]


# Digits glued to a word, as text extracted from PDF reports often has them
# ("with14,593", "at least140,000"): the excerpt states them all the same.
_GLUED = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(\s*million)?", re.IGNORECASE)


def _glued_values(text: str) -> list[float]:
    return [
        float(digits.replace(",", "")) * (1e6 if million else 1.0)
        for digits, million in _GLUED.findall(text)
    ]


def gold_errors(rows: Sequence[Row]) -> list[Figures]:
    """Excerpts whose gold value the text does not state: listed, not tuned to.

    The text is read for every number in digits, glued to a word or not, and
    every count in words; the gold is suspect when it is none of them.
    """
    listed: list[Figures] = []
    print("gold values the excerpt does not state (suspected gold errors):")
    for row in rows:
        excerpt = row.excerpt
        stated = _stated(excerpt)
        values = [v for _, v in stated] + numbers_in(excerpt.text) + _glued_values(excerpt.text)
        if not gold_not_stated(excerpt.quantity, values):
            continue
        says = ", ".join(dict.fromkeys(text for text, _ in stated)) or "no count"
        print(f"  excerpt {excerpt.id}: gold {excerpt.quantity:g}; the text says: {says}")
        listed.append({"excerpt": excerpt.id, "gold": excerpt.quantity, "text_says": says})
    print(f"  {len(listed)} of {len(rows)} excerpts")
    return listed


def errors(rows: Sequence[Row], examples: int) -> Figures:
    """Figure errors by kind, with examples."""
    kinds: dict[str, list[Row]] = {
        "no figure": [],
        "gold not stated": [],
        "other figure picked (gold among predicted)": [],
        "gold figure missed": [],
    }
    for row in rows:
        gold = row.excerpt.quantity
        if close(row.value, gold):
            continue
        stated = [v for _, v in _stated(row.excerpt)] + _glued_values(row.excerpt.text)
        if gold_not_stated(gold, stated):
            kinds["gold not stated"].append(row)
        elif row.figure is None:
            kinds["no figure"].append(row)
        elif any(close(v, gold) for v in row.values):
            kinds["other figure picked (gold among predicted)"].append(row)
        else:
            kinds["gold figure missed"].append(row)
    print("figure errors:")
    counts: Figures = {}
    for kind, found in kinds.items():
        counts[kind] = len(found)
        print(f"  {kind}: {len(found)}")
        for row in found[:examples]:
            picked = f"{row.figure.kind} {row.figure.text!r}" if row.figure else "none"
            print(
                f"    excerpt {row.excerpt.id}: gold {row.excerpt.quantity:g} "
                f"({row.excerpt.term}); picked {picked}"
            )
            print(f"      {_short(row.excerpt.text)}")
    terms = Counter((r.excerpt.term, r.term or "none") for r in rows if r.term != r.excerpt.term)
    print(
        "term errors (gold -> ours): "
        + ", ".join(f"{g} -> {o} {n}" for (g, o), n in terms.most_common(8))
    )
    counts["term_confusion"] = {f"{g} -> {o}": n for (g, o), n in terms.most_common()}
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N excerpts")
    parser.add_argument("--examples", type=int, default=5, help="examples per error kind")
    add_cache_options(parser, "displacement.json")
    args = parser.parse_args()

    settings = load_settings(environ={})
    path = require(EVAL / "displacement" / "idetect.csv")
    excerpts = load_idetect(path, limit=args.limit)
    articles = [
        Article(id=f"idetect:{e.id}", path=f"idetect:{e.id}", raw_text=e.text, text=e.text)
        for e in excerpts
    ]
    recognizer = EntityRecognizer(
        model=settings.entities.model, batch_size=settings.entities.batch_size
    )
    progress(f"{len(articles)} excerpts; NER")
    articles, ner_s, cached = with_mentions(
        "idetect",
        articles,
        lambda batch: list(recognizer(batch)),
        cache=args.cache,
        depends={
            "corpus": (path.name, path.stat().st_size),
            "limit": args.limit,
            "model": settings.entities.model,
        },
        code=(entities_module, gazetteer_module),
        refresh=args.refresh,
    )
    convention = settings.figures.convention
    progress("figures")
    figures_s = timed_figures(articles, convention, repeat=5)
    articles = [replace(a, figures=extract_figures(a, convention)) for a in articles]
    rows = [row_of(e, a) for e, a in zip(excerpts, articles, strict=True)]

    print(f"idetect: {len(rows)} excerpts")
    print(
        "predicted: the first displacement-family figure (displaced, evacuated, sheltered, "
        "relocated, destroyed, damaged) with a value"
    )
    print("baseline: the largest number in digits in the excerpt; term Displaced, unit People")
    results: Figures = {"excerpts": len(rows), "limit": args.limit}
    results["scores"] = scores(rows)
    results["gold_errors"] = gold_errors(rows)
    results["errors"] = errors(rows, args.examples)
    n = len(articles)
    print(
        f"speed: extract_figures alone {n / figures_s:,.0f} articles/s ({figures_s:.3f} s for "
        f"{n} excerpts; best of 5); NER {ner_s:.1f} s ({'cached' if cached else 'computed now'})"
    )
    results["speed"] = {
        "figures_articles_per_s": n / figures_s,
        "figures_s": figures_s,
        "ner_s": ner_s,
        "ner_cached": cached,
    }
    results["peak_rss_mb"] = peak_rss_mb()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
