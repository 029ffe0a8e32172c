"""Entity resolution: merge precision/recall on two golds, and the cost next to spaCy.

1. Karabakh (tests/data/karabakh/entities_gold.json): the five articles go
   through the real ingest pass into a temporary store; each gold surface form
   is mapped to the entity of the mention with that text in that article.
2. GVA (bench/data/gva_entities_gold.json): 30 incidents drawn with a fixed
   seed (see bench/_entity_scoring.py), their articles ingested together as
   JSONL; the same mapping.
   Scores are pairwise over cross-document pairs of gold mentions.
3. Speed on ../shared/eval/bbc-news: spaCy ``nlp.pipe`` alone (the same
   pipeline, the same excluded components) against newsfuse's entities stage
   plus corpus-wide resolution, words per second, side by side in one run;
   then resolution time for growing numbers of mentions, per mention, to show
   how it scales.

    python bench/entities.py [--limit 600]
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

from _common import EVAL, SHARED, peak_rss_mb, require
from _entity_scoring import (
    GoldEntity,
    Scores,
    load_gva_gold,
    load_karabakh_gold,
    pairwise_scores,
)
from newsfuse.config import load_settings
from newsfuse.ingest import ingest
from newsfuse.model import Article, Mention
from newsfuse.stages.analyse import names, resolve
from newsfuse.stages.analyse.entities import EntityRecognizer
from newsfuse.stages.analyse.resolve import EntityResolver
from newsfuse.store import open_store

REPO = Path(__file__).resolve().parents[1]


def predicted_entities(
    documents: Mapping[str, Article], gold: list[GoldEntity]
) -> dict[tuple[str, str], str]:
    """(document key, surface) -> entity id of the mentions with that text there."""
    predicted: dict[tuple[str, str], str] = {}
    for entity in gold:
        for key, surfaces in entity.surfaces.items():
            article = documents.get(key)
            if article is None:
                continue
            for surface in surfaces:
                votes = Counter(
                    m.entity
                    for m in article.mentions
                    if m.entity and surface in (m.text, m.full_name)
                )
                if votes:
                    predicted[(key, surface)] = max(sorted(votes), key=lambda e: votes[e])
    return predicted


def report(name: str, scores: Scores, found: int, total: int) -> dict[str, object]:
    print(
        f"{name}: pairwise precision {scores.precision:.3f}, recall {scores.recall:.3f}, "
        f"F1 {scores.f1:.3f} ({scores.gold_pairs} gold pairs, {scores.predicted_pairs} predicted; "
        f"{found}/{total} gold mentions found by NER)"
    )
    for pair in scores.false_merges[:8]:
        print(f"  false merge: {pair}")
    for pair in scores.missed_merges[:8]:
        print(f"  missed: {pair}")
    return {
        "precision": scores.precision,
        "recall": scores.recall,
        "f1": scores.f1,
        "gold_pairs": scores.gold_pairs,
        "mentions_found": found,
        "mentions": total,
    }


def karabakh() -> dict[str, object]:
    corpus = require(SHARED / "corpus" / "karabakh-2020")
    gold_path = REPO / "tests" / "data" / "karabakh" / "entities_gold.json"
    files, gold = load_karabakh_gold(gold_path)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "k.db")
        ingest([corpus], store, load_settings(environ={}))
        by_path = {Path(a.path).name: a for a in store.iter_articles()}
        store.close()
    documents = {key: by_path[name] for key, name in files.items()}
    return _score("karabakh", documents, gold)


def gva() -> dict[str, object]:
    incidents_path = require(EVAL / "gva" / "incidents.jsonl")
    gold_path = REPO / "bench" / "data" / "gva_entities_gold.json"
    gold = load_gva_gold(gold_path)
    wanted = {key.split(":")[0] for entity in gold for key in entity.surfaces}
    with tempfile.TemporaryDirectory() as tmp:
        feed = Path(tmp) / "gva.jsonl"
        keys: list[str] = []
        with (
            incidents_path.open(encoding="utf-8") as source,
            feed.open("w", encoding="utf-8") as sink,
        ):
            for line in source:
                incident = json.loads(line)
                if incident["incident_id"] not in wanted:
                    continue
                for index, article in enumerate(incident["articles"]):
                    keys.append(f"{incident['incident_id']}:{index}")
                    sink.write(
                        json.dumps(
                            {
                                "text": article["content"],
                                "title": article["title"],
                                "date": article["dct"],
                                "url": article["uri"],
                            }
                        )
                        + "\n"
                    )
        store = open_store(Path(tmp) / "g.db")
        ingest([feed], store, load_settings(environ={}))
        by_line = {int(a.path.rsplit("#line=", 1)[1]): a for a in store.iter_articles()}
        store.close()
    documents = {key: by_line[line] for line, key in enumerate(keys, start=1) if line in by_line}
    return _score("gva (30 incidents)", documents, gold)


def _score(
    name: str, documents: Mapping[str, Article], gold: list[GoldEntity]
) -> dict[str, object]:
    predicted = predicted_entities(documents, gold)
    total = sum(len(s) for entity in gold for s in entity.surfaces.values())
    figures = report(name, pairwise_scores(gold, predicted), len(predicted), total)
    unfound = [(key, s) for e in gold for key, ss in sorted(e.surfaces.items()) for s in ss
               if (key, s) not in predicted]  # fmt: skip
    if unfound:
        print(f"  not found by NER: {', '.join(f'{k} {s!r}' for k, s in unfound[:12])}")
    # Baseline: every gold mention given, one entity per exact surface string.
    exact = {(key, s): s for entity in gold for key, ss in entity.surfaces.items() for s in ss}
    baseline = pairwise_scores(gold, exact)
    print(
        f"  baseline (same exact string = same entity, all gold mentions given): "
        f"P {baseline.precision:.3f}, R {baseline.recall:.3f}, F1 {baseline.f1:.3f}"
    )
    figures["baseline_exact_string"] = {"precision": baseline.precision, "recall": baseline.recall}
    return figures


def speed(limit: int) -> dict[str, object]:
    root = require(EVAL / "bbc-news")
    files = sorted(root.rglob("*.txt"))[:limit]
    articles = [
        Article(id=f"a{i}", path=str(path), raw_text="", text=path.read_text(encoding="latin-1"))
        for i, path in enumerate(files)
    ]
    words = sum(len(a.text.split()) for a in articles)
    recognizer = EntityRecognizer()
    nlp = recognizer.nlp  # loaded once, outside both timings
    best_spacy = best_ours = float("inf")
    mentions: list[Mention] = []
    for _ in range(2):
        start = time.perf_counter()
        for _doc in nlp.pipe((a.text for a in articles), batch_size=recognizer.batch_size):
            pass
        best_spacy = min(best_spacy, time.perf_counter() - start)
        start = time.perf_counter()
        mentions = [m for article in recognizer(articles) for m in article.mentions]
        EntityResolver().fit(mentions)
        best_ours = min(best_ours, time.perf_counter() - start)
    print(f"speed on {len(articles)} bbc-news articles ({words:,} words, best of 2):")
    print(f"  spaCy nlp.pipe alone:              {words / best_spacy:>9,.0f} words/s")
    print(
        f"  newsfuse entities + resolution:    {words / best_ours:>9,.0f} words/s "
        f"(x{best_spacy / best_ours:.2f} of spaCy alone)"
    )
    scaling = resolution_scaling(mentions)
    by_type: dict[str, int] = defaultdict(int)
    for mention in mentions:
        by_type[mention.type] += 1
    return {
        "articles": len(articles),
        "words": words,
        "spacy_words_per_s": words / best_spacy,
        "newsfuse_words_per_s": words / best_ours,
        "ratio": best_spacy / best_ours,
        "scaling": scaling,
        "mentions_by_type": dict(by_type),
    }


def _forget_names() -> None:
    """Empty every memo of name comparisons, so each timed fit starts cold."""
    for module in (names, resolve):
        for value in vars(module).values():
            clear = getattr(value, "cache_clear", None)
            if callable(clear):
                clear()


def resolution_scaling(mentions: list[Mention]) -> list[dict[str, float]]:
    """Resolution time for 1, 2, 4, 8 and 16 copies of the corpus's mentions.

    Each copy's articles get new ids, as a stream of further news naming the
    same people and places would. Each fit starts with cold memos and is the
    best of three. The exponent between two sizes is log(time ratio) /
    log(size ratio): 1 is linear, n log n reads a little above 1 on this range
    (about 1.1), n squared reads 2.
    """
    rows: list[dict[str, float]] = []
    for copies in (1, 2, 4, 8, 16):
        pool = [
            replace(m, span=replace(m.span, article=f"{m.span.article}~{copy}"))
            for copy in range(copies)
            for m in mentions
        ]
        best = float("inf")
        for _ in range(3):
            _forget_names()
            gc.collect()
            start = time.perf_counter()
            EntityResolver().fit(pool)
            best = min(best, time.perf_counter() - start)
        row = {"mentions": len(pool), "seconds": best, "us_per_mention": 1e6 * best / len(pool)}
        if rows:
            previous = rows[-1]
            row["exponent"] = math.log(best / previous["seconds"]) / math.log(
                len(pool) / previous["mentions"]
            )
        rows.append(row)
        exponent = f", exponent {row['exponent']:.2f}" if "exponent" in row else ""
        print(
            f"  resolution of {len(pool):>7,} mentions: {best:6.2f} s "
            f"({row['us_per_mention']:6.1f} us/mention{exponent})"
        )
    overall = math.log(rows[-1]["seconds"] / rows[0]["seconds"]) / math.log(
        rows[-1]["mentions"] / rows[0]["mentions"]
    )
    print(
        f"  growth exponent over x{rows[-1]['mentions'] / rows[0]['mentions']:.0f}: {overall:.2f}"
    )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--limit", type=int, default=600, help="bbc-news articles for the speed run"
    )
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    figures = {
        "karabakh": karabakh(),
        "gva": gva(),
        "speed": speed(args.limit),
        "peak_rss_mb": peak_rss_mb(),
    }
    print(f"peak RSS {figures['peak_rss_mb']:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
