"""Casualty figures on Gun Violence Archive incidents: reconciled killed / injured against gold.

Data: ``../shared/eval/gva/incidents.jsonl``, 1,809 incidents and the 3,161
local US news articles reporting them; 1,698 have a gold ``num_killed`` and
``num_injured`` (the other 111 are not scored). GVA counts its participants, a
suspect killed by police or by their own hand included (see
``bench/_figure_scoring.py``).

What runs, per incident (the incident is the story):

1. Each article becomes an :class:`~newsfuse.model.Article` as a source
   reader would give it (id ``<incident>:<index>``, the content as raw text,
   title, published = the file's ``dct``, URL, site = the URL's host), and
   the clean stage cleans it as ingest does (boilerplate learned per site
   over the whole corpus, then cut).
2. The entities stage (packaged model) fills the mentions; they are cached
   under ``--cache``, keyed by the corpus, the limit, the model and the source
   of the clean, entities and gazetteer code, so later runs skip NER.
3. The quotes stage, when ``newsfuse.stages.analyse.quotes.QuoteExtractor``
   is importable (figures take their speaker from the quote they sit in).
4. :func:`~newsfuse.stages.analyse.figures.extract_figures` with the packaged
   vague-word convention.
5. Copy relations between the incident's articles (a
   :class:`~newsfuse.stages.copies.CopyIndex` with the packaged thresholds),
   so that a syndicated copy counts with its original, then
   :func:`~newsfuse.stages.reconcile.reconcile_figures` over the incident's
   articles.
6. The incident's killed count is the ``best`` estimate of the group
   :func:`_figure_scoring.pick_group` picks: among the groups of kind
   ``killed`` that count people and are not historical (their as-of, a day,
   a month or a year, ended more than 30 days before the incident's first
   report), the one with the most independent sources, ties to the larger
   estimate; rounded to a whole number. No such group: 0. The injured count is the larger of the
   ``injured`` group's estimate picked the same way and the ``shot`` group's
   less the killed count (newsfuse's "shot" counts everyone hit, the killed
   included: "seven people were shot, one fatally" is six injured), never
   below 0.

Scored: exact-match accuracy and mean absolute error of killed and of injured
against gold, over all incidents and over those with two or more articles;
next to the naive baseline computed in the same run on the same clean text
(title and body): the largest number within four words of "killed"/"dead"
("injured"/"wounded"/"hurt"), else 0 (:func:`_figure_scoring.baseline_count`).
Then the killed errors by kind (too high, too low, missed) with examples, and
the speed of ``extract_figures`` alone (articles/s over the corpus, NER,
quotes and reconciliation not counted; best of 3 passes).

Progress goes to stderr, the figures to stdout and to ``--json``
(``bench/results/figures.json`` by default).

    python bench/figures.py [--limit N] [--examples 4] [--cache DIR] [--refresh] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from _common import EVAL, add_cache_options, cleaned, peak_rss_mb, require, source_article
from _figure_scoring import (
    CountScores,
    Incident,
    baseline_count,
    count_scores,
    error_kind,
    load_incidents,
    pick_group,
    timed_figures,
    with_mentions,
)
from newsfuse.config import Settings, load_settings
from newsfuse.model import Article, FigureGroup
from newsfuse.stages import clean as clean_module
from newsfuse.stages.analyse import entities as entities_module
from newsfuse.stages.analyse import gazetteer as gazetteer_module
from newsfuse.stages.analyse.entities import EntityRecognizer
from newsfuse.stages.analyse.figures import extract_figures
from newsfuse.stages.copies import CopyIndex, derived_from
from newsfuse.stages.reconcile import reconcile_figures

REPO = Path(__file__).resolve().parents[1]
SEED = 2020
#: Articles per call of the entities stage.
CHUNK = 256
KINDS = ("killed", "injured")
ERROR_KINDS = ("too high", "too low", "missed")
#: Error analysis: an incident's articles with less clean text than this say little.
SHORT_TEXT = 300
DEATH_WORDS = re.compile(
    r"\b(?:kill\w*|dead|died|dies|death|fatal\w*|slain|homicide|murder\w*|deceased"
    r"|passed away|suicide)\b",
    re.IGNORECASE,
)

Figures = dict[str, Any]


def progress(message: str) -> None:
    """Where a long step stands, on stderr so that stdout holds only figures."""
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- the pipeline


def articles_of(incidents: Sequence[Incident], settings: Settings) -> list[Article]:
    """Every incident's articles as a source reader gives them, cleaned as ingest cleans."""
    return cleaned(
        [
            source_article(
                item.key, item.text, title=item.title, url=item.url, published=item.published
            )
            for incident in incidents
            for item in incident.articles
        ],
        settings,
    )


def recognizer_for(settings: Settings) -> Callable[[Sequence[Article]], list[Article]]:
    recognizer = EntityRecognizer(
        model=settings.entities.model, batch_size=settings.entities.batch_size
    )

    def recognize(articles: Sequence[Article]) -> list[Article]:
        done: list[Article] = []
        for start in range(0, len(articles), CHUNK):
            done.extend(recognizer(articles[start : start + CHUNK]))
            progress(f"  NER {len(done)}/{len(articles)}")
        return done

    return recognize


def quote_stage() -> Callable[[Article], Article] | None:
    """The quotes stage as a function of one article, or None when it is not there yet."""
    try:
        from newsfuse.stages.analyse.quotes import QuoteExtractor
    except ImportError:
        return None
    extractor = QuoteExtractor()

    def quoted(article: Article) -> Article:
        return next(iter(extractor([article])))

    return quoted


def with_copies(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """``articles`` (one incident's) with their copy relations among themselves."""
    copies = settings.copies
    index = CopyIndex(
        duplicate_threshold=copies.duplicate_threshold,
        partial_threshold=copies.partial_threshold,
        min_shingles=copies.min_shingles,
    )
    relations = []
    for article in articles:
        relations.extend(index.add(article.id, article.text, article.published))
    duplicates = index.duplicate_of(relations)
    reused = derived_from(relations)
    return [
        replace(a, duplicate_of=duplicates.get(a.id), derived_from=reused.get(a.id, ()))
        for a in articles
    ]


def by_incident(articles: Sequence[Article]) -> dict[str, list[Article]]:
    grouped: dict[str, list[Article]] = defaultdict(list)
    for article in articles:
        grouped[article.id.rsplit(":", 1)[0]].append(article)
    return grouped


# ---------------------------------------------------------------- scoring


@dataclass(frozen=True, slots=True)
class Outcome:
    """One incident: gold, newsfuse's and the baseline's counts, and the groups behind ours."""

    incident: Incident
    predicted: dict[str, int]
    baseline: dict[str, int]
    chosen: dict[str, FigureGroup | None]
    groups: list[FigureGroup]
    articles: list[Article]

    def gold(self, kind: str) -> int:
        return self.incident.killed if kind == "killed" else self.incident.injured


def count_of(group: FigureGroup | None) -> int:
    return 0 if group is None or group.best is None else round(group.best)


def outcome(incident: Incident, articles: list[Article]) -> Outcome:
    groups = reconcile_figures(incident.id, articles)
    earliest = min((a.published for a in articles if a.published), default=None)
    chosen = {kind: pick_group(groups, kind, earliest) for kind in (*KINDS, "shot")}
    killed = count_of(chosen["killed"])
    injured = max(count_of(chosen["injured"]), count_of(chosen["shot"]) - killed)
    texts = [f"{a.title or ''}\n{a.text}" for a in articles]
    return Outcome(
        incident,
        {"killed": killed, "injured": injured},
        {kind: baseline_count(texts, kind) for kind in KINDS},
        chosen,
        groups,
        articles,
    )


def scored(outcomes: Sequence[Outcome], kind: str, who: str) -> CountScores:
    gold = [o.gold(kind) for o in outcomes]
    predicted = [(o.predicted if who == "newsfuse" else o.baseline)[kind] for o in outcomes]
    return count_scores(gold, predicted)


def table(outcomes: Sequence[Outcome]) -> Figures:
    subsets = {
        "all": list(outcomes),
        "2+ articles": [o for o in outcomes if len(o.incident.articles) >= 2],
    }
    figures: Figures = {}
    print(f"{'':32}{'killed exact':>13}{'killed MAE':>12}{'injured exact':>15}{'injured MAE':>13}")
    for name, subset in subsets.items():
        if not subset:
            continue
        figures[name] = {"incidents": len(subset)}
        for who in ("newsfuse", "baseline"):
            row = {kind: scored(subset, kind, who) for kind in KINDS}
            figures[name][who] = {kind: row[kind].to_dict() for kind in KINDS}
            label = f"{name} ({len(subset)})" if who == "newsfuse" else ""
            print(
                f"  {label:<20}{who:<10}{row['killed'].exact:>13.3f}{row['killed'].mae:>12.3f}"
                f"{row['injured'].exact:>15.3f}{row['injured'].mae:>13.3f}"
            )
    return figures


def _short(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _evidence(o: Outcome, group: FigureGroup | None) -> str:
    if group is None:
        return "no killed group"
    return f"{group.status}: {_short(group.explanation, 200)}"


def _death_sentence(o: Outcome) -> str:
    """The first sentence of the incident's text with a death word: what was missed."""
    for article in o.articles:
        for sentence in re.split(r"(?<=[.!?])\s+", article.text):
            if DEATH_WORDS.search(sentence):
                return _short(sentence, 200)
    return "(no death word in the text)"


def confusion(outcomes: Sequence[Outcome], examples: int) -> Figures:
    """The killed errors by kind, printed with examples."""
    errors: dict[str, list[Outcome]] = {kind: [] for kind in ERROR_KINDS}
    for o in outcomes:
        kind = error_kind(o.gold("killed"), o.predicted["killed"])
        if kind is not None:
            errors[kind].append(o)
    total = sum(len(v) for v in errors.values())
    print(f"killed errors: {total} of {len(outcomes)} incidents")
    figures: Figures = {}
    for kind in ERROR_KINDS:
        found = errors[kind]
        gold_zero = sum(1 for o in found if o.gold("killed") == 0)
        note = f" ({gold_zero} with gold 0)" if kind == "too high" else ""
        print(f"  {kind}: {len(found)}{note}")
        figures[kind] = {
            "count": len(found),
            "incidents": [[o.incident.id, o.gold("killed"), o.predicted["killed"]] for o in found],
        }
        if kind == "missed":
            short = sum(1 for o in found if sum(len(a.text) for a in o.articles) < SHORT_TEXT)
            silent = sum(
                1
                for o in found
                if sum(len(a.text) for a in o.articles) >= SHORT_TEXT
                and not any(DEATH_WORDS.search(a.text) for a in o.articles)
            )
            print(
                f"    of which {short} have under {SHORT_TEXT} characters of clean text "
                f"(a headline only, a failed scrape) and {silent} more no death word in it"
            )
            figures[kind]["short_text"] = short
            figures[kind]["no_death_word"] = silent
        for o in found[:examples]:
            gold, ours = o.gold("killed"), o.predicted["killed"]
            print(f"    incident {o.incident.id}: gold {gold}, newsfuse {ours}")
            if kind == "missed":
                print(f"      text: {_death_sentence(o)}")
            else:
                print(f"      {_evidence(o, o.chosen['killed'])}")
    return figures


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, help="only this many incidents (seeded draw; default all)"
    )
    parser.add_argument("--examples", type=int, default=4, help="examples per error kind")
    add_cache_options(parser, "figures.json")
    args = parser.parse_args()

    settings = load_settings(environ={})
    path = require(EVAL / "gva" / "incidents.jsonl")
    incidents, without = load_incidents(path, limit=args.limit, seed=SEED)
    progress(f"{len(incidents)} incidents; cleaning")
    articles = articles_of(incidents, settings)
    articles, ner_s, cached = with_mentions(
        "gva",
        articles,
        recognizer_for(settings),
        cache=args.cache,
        depends={
            "corpus": (path.name, path.stat().st_size),
            "limit": (args.limit, SEED),
            "model": settings.entities.model,
        },
        code=(clean_module, entities_module, gazetteer_module),
        refresh=args.refresh,
    )
    quoted = quote_stage()
    quotes_s = 0.0
    if quoted is not None:
        progress("quotes")
        start = time.perf_counter()
        articles = [quoted(a) for a in articles]
        quotes_s = time.perf_counter() - start
    progress("figures")
    convention = settings.figures.convention
    figures_s = timed_figures(articles, convention)
    articles = [replace(a, figures=extract_figures(a, convention)) for a in articles]

    progress("copies and reconciliation")
    grouped = by_incident(articles)
    outcomes = [outcome(i, with_copies(grouped.get(i.id, []), settings)) for i in incidents]

    n_articles = len(articles)
    print(
        f"gva: {len(incidents)} incidents with a gold ({without} without one, not scored), "
        f"{n_articles} articles; quotes stage {'used' if quoted else 'not available'}"
    )
    print(
        "reconciled count: best of the killed / injured group with the most independent "
        "sources (not historical); none: 0"
    )
    print("baseline: largest number within 4 words of killed/dead (injured/wounded/hurt), else 0")
    results: Figures = {
        "incidents": len(incidents),
        "incidents_without_gold": without,
        "articles": n_articles,
        "limit": args.limit,
        "quotes_stage": quoted is not None,
    }
    results["scores"] = table(outcomes)
    results["killed_errors"] = confusion(outcomes, args.examples)
    figures_found = sum(len(a.figures) for a in articles)
    print(
        f"speed: extract_figures alone {n_articles / figures_s:,.0f} articles/s "
        f"({figures_s:.2f} s for {n_articles} articles, {figures_found} figures; best of 3); "
        f"NER {ner_s:.1f} s ({'cached' if cached else 'computed now'}), quotes {quotes_s:.1f} s"
    )
    results["speed"] = {
        "figures_articles_per_s": n_articles / figures_s,
        "figures_s": figures_s,
        "figures_found": figures_found,
        "ner_s": ner_s,
        "ner_cached": cached,
        "quotes_s": quotes_s,
    }
    results["peak_rss_mb"] = peak_rss_mb()
    print(f"peak RSS {results['peak_rss_mb']:.0f} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
