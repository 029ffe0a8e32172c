"""Quote extraction and speaker attribution on the Gender Gap Tracker evaluation set.

The 98 raw texts of ``../shared/eval/quotes-ggt/rawtext.zip`` become articles
as they are (clean text = raw text, so the gold offsets apply); the real
entities stage fills their mentions, then :func:`extract_quotes` runs. The
gold is read and its offsets mapped onto the raw texts by
``bench/_quote_scoring.py``, whose docstring also defines the matching rules
and the lenient speaker-name comparison.

Printed: quote precision / recall / F1 at GGT's two coverage thresholds (0.3,
0.8) and with a symmetric Jaccard >= 0.5 rule; speaker accuracy on the
matched quotes; recall and speaker accuracy for direct and indirect gold
quotes apart; GGT's published figures for its own extractor next to them;
speed of the quote stage alone (articles/s, best of 3) and of the entities
stage it needs; then an error analysis (failure categories with counts and a
few examples of each). Progress goes to stderr, the figures to stdout and
to ``bench/results/quotes.json``.

    python bench/quotes.py [--examples 5] [--json bench/results/quotes.json]
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from pathlib import Path

from _common import EVAL, peak_rss_mb, require
from _quote_scoring import (
    PUBLISHED,
    GoldQuote,
    Loaded,
    Match,
    Predicted,
    load_ggt,
    match_quotes,
    same_speaker,
)
from newsfuse.config import load_settings
from newsfuse.model import Article
from newsfuse.stages.analyse.entities import EntityRecognizer
from newsfuse.stages.analyse.quotes import extract_quotes, speech_lemma

REPO = Path(__file__).resolve().parents[1]
PRONOUNS = frozenset({"he", "she", "they", "it", "him", "her", "his", "i", "we"})


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def load() -> Loaded:
    root = require(EVAL / "quotes-ggt")
    table = require(root / "AnnotationTable_byArticle_withReplacementArticles.xlsx")
    try:
        loaded = load_ggt(table, require(root / "rawtext.zip"))
    except ModuleNotFoundError as missing:  # openpyxl reads the .xlsx: a dev extra
        print(f"skipped: {missing.name} is not installed (pip install -e '.[dev]')")
        sys.exit(0)
    log(
        f"gold: {len(loaded.gold)} quotes in {len(loaded.texts)} articles; offsets exact "
        f"{loaded.exact}, relocated {len(loaded.relocated)}, unplaceable {len(loaded.dropped)}; "
        f"repaired annotation lists: {loaded.repaired}"
    )
    return loaded


def articles_of(texts: dict[str, str]) -> list[Article]:
    return [
        Article(id=key, path=f"{key}.txt", raw_text=raw, text=raw) for key, raw in texts.items()
    ]


def timed(function: Callable[[], object], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        best = min(best, time.perf_counter() - start)
    return best


def predictions(articles: Sequence[Article]) -> list[Predicted]:
    return [
        Predicted(a.id, q.span.start, q.span.end, q.speaker, q.verb, q.direct, q.text)
        for a in articles
        for q in a.quotes
    ]


def scores(match: Match) -> dict[str, float | int]:
    return {
        "precision": round(match.precision, 4),
        "recall": round(match.recall, 4),
        "f1": round(match.f1, 4),
        "speaker_accuracy": round(match.speaker_accuracy, 4),
        "matched": len(match.pairs),
        "missed": len(match.missed),
        "spurious": len(match.spurious),
    }


def by_kind(match: Match) -> dict[str, dict[str, float | int]]:
    """Recall and speaker accuracy per gold kind; precision per predicted kind."""
    figures: dict[str, dict[str, float | int]] = {}
    for kind, direct in (("direct", True), ("indirect", False)):
        pairs = [(g, p) for g, p, _ in match.pairs if g.direct == direct]
        gold = len(pairs) + sum(g.direct == direct for g in match.missed)
        predicted = [p for _, p, _ in match.pairs if p.direct == direct]
        found = len(predicted) + sum(p.direct == direct for p in match.spurious)
        figures[kind] = {
            "gold": gold,
            "recall": round(len(pairs) / gold, 4) if gold else 0.0,
            "predicted": found,
            "precision": round(len(predicted) / found, 4) if found else 0.0,
            "speaker_accuracy": round(
                sum(same_speaker(p.speaker, g.who) for g, p in pairs) / len(pairs), 4
            )
            if pairs
            else 0.0,
        }
    return figures


def line(name: str, figures: dict[str, float | int]) -> str:
    return (
        f"{name:<26} P {figures['precision']:.3f}  R {figures['recall']:.3f}  "
        f"F1 {figures['f1']:.3f}  speaker {figures['speaker_accuracy']:.3f}  "
        f"({figures['matched']} matched, {figures['missed']} missed, "
        f"{figures['spurious']} spurious)"
    )


def speaker_error(gold: GoldQuote, predicted: Predicted) -> str:
    """Why a matched quote's speaker is wrong, as a category."""
    surface = gold.speaker.strip().lower()
    if predicted.speaker is None:
        written = "pronoun" if surface in PRONOUNS else "no gold speaker" if not surface else "name"
        return f"no speaker predicted (gold speaker: {written})"
    if not surface:
        return "wrong speaker for a quote without a gold speaker (continuation)"
    if surface in PRONOUNS:
        return "pronoun resolved to the wrong person"
    if not any(ch.isupper() for ch in gold.who):
        return "gold speaker is a description (police, a citizen, officials)"
    return "named speaker, wrong name"


def miss_category(gold: GoldQuote) -> str:
    verb = gold.verb.strip().lower()
    if not verb:
        kind = "direct" if gold.direct else "indirect"
        return f"{kind}, no verb in the gold (continuation or verbless)"
    kind = "direct" if gold.direct else "indirect"
    known = speech_lemma(verb.split()[0]) is not None
    return f"{kind}, verb {'in' if known else 'NOT in'} the speech-verb list"


def spurious_category(predicted: Predicted, gold: Iterable[GoldQuote]) -> str:
    overlapping = [g for g in gold if g.start < predicted.end and predicted.start < g.end]
    kind = "direct" if predicted.direct else "indirect"
    if overlapping:
        return f"{kind}, overlaps a gold quote but is cut differently (boundary)"
    return f"{kind} ({predicted.verb}), no gold quote there"


def analyse(
    match: Match, gold: Sequence[GoldQuote], texts: dict[str, str], examples: int
) -> dict[str, dict[str, int]]:
    """Failure categories with counts; a few examples of each to stdout."""
    groups: dict[str, dict[str, list[str]]] = {"speaker": {}, "missed": {}, "spurious": {}}
    for g, p, _ in match.pairs:
        if not same_speaker(p.speaker, g.who):
            text = texts[g.article][g.start : g.end][:70].replace("\n", " ")
            groups["speaker"].setdefault(speaker_error(g, p), []).append(
                f"{g.article} gold {g.who!r} ({g.speaker!r}) predicted {p.speaker!r}: {text!r}"
            )
    for g in match.missed:
        groups["missed"].setdefault(miss_category(g), []).append(
            f"{g.article} {g.who!r} {g.verb!r}: {g.text[:80]!r}"
        )
    for p in match.spurious:
        groups["spurious"].setdefault(spurious_category(p, gold), []).append(
            f"{p.article} {p.speaker!r} {p.verb!r}: {p.text[:80]!r}"
        )
    counts: dict[str, dict[str, int]] = {}
    for group, categories in groups.items():
        total = sum(len(items) for items in categories.values())
        print(f"\n{group} errors: {total}")
        counts[group] = {}
        for category, items in sorted(categories.items(), key=lambda kv: -len(kv[1])):
            counts[group][category] = len(items)
            print(f"  {len(items):4d}  {category}")
            for item in items[:examples]:
                print(f"          {item}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=3, help="examples per error category")
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "quotes.json")
    args = parser.parse_args()

    loaded = load()
    articles = articles_of(loaded.texts)
    words = sum(len(a.text.split()) for a in articles)
    model = load_settings(environ={}).entities.model
    recognizer = EntityRecognizer(model=model)
    list(recognizer([Article(id="warm-up", path="", raw_text="", text="Warm up.")]))
    log(f"entities ({model}) on {len(articles)} articles ...")
    start = time.perf_counter()
    articles = list(recognizer(articles))
    entities_seconds = time.perf_counter() - start
    log("quotes ...")
    quote_seconds = timed(lambda: [extract_quotes(a) for a in articles])
    articles = [replace(a, quotes=extract_quotes(a)) for a in articles]
    predicted = predictions(articles)

    figures: dict[str, object] = {
        "articles": len(articles),
        "gold_quotes": len(loaded.gold),
        "gold_direct": sum(g.direct for g in loaded.gold),
        "predicted_quotes": len(predicted),
        "offsets": {
            "exact": loaded.exact,
            "relocated": len(loaded.relocated),
            "unplaceable": len(loaded.dropped),
            "repaired_lists": loaded.repaired,
        },
    }
    print(
        f"GGT quote set: {len(articles)} articles, {len(loaded.gold)} gold quotes "
        f"({figures['gold_direct']} direct), {len(predicted)} predicted"
    )
    print(
        f"gold offsets (into GGT's rewritten text, mapped to the raw text): {loaded.exact} "
        f"exact, {len(loaded.relocated)} relocated by their text, {len(loaded.dropped)} "
        "left out"
    )
    for item in loaded.relocated + loaded.dropped:
        print(f"  {item}")
    rules: dict[str, Match] = {}
    for name, threshold, symmetric in (
        ("coverage > 0.3 (GGT)", 0.3, False),
        ("coverage > 0.8 (GGT)", 0.8, False),
        ("Jaccard >= 0.5", 0.5, True),
    ):
        rules[name] = match_quotes(loaded.gold, predicted, threshold, symmetric=symmetric)
    results: dict[str, object] = {}
    print()
    for name, match in rules.items():
        results[name] = {**scores(match), "by_kind": by_kind(match)}
        print(line(name, scores(match)))
        for kind, kf in by_kind(match).items():
            print(
                f"    {kind:<9} gold {kf['gold']:4d}  recall {kf['recall']:.3f}  "
                f"speaker {kf['speaker_accuracy']:.3f}  | predicted {kf['predicted']:4d}  "
                f"precision {kf['precision']:.3f}"
            )
    figures["scores"] = results
    print("\nGGT's extractor V5.3, as published (speaker = span overlap, not names):")
    for threshold, published in PUBLISHED.items():
        print(
            f"  coverage > {threshold}:         P {published['precision']:.3f}  "
            f"R {published['recall']:.3f}  F1 {published['f1']:.3f}  "
            f"speaker {published['speaker']:.3f}"
        )
    figures["published_ggt_v5_3"] = {str(k): dict(v) for k, v in PUBLISHED.items()}
    speed = {
        "quotes_articles_per_s": len(articles) / quote_seconds,
        "quotes_words_per_s": words / quote_seconds,
        "entities_articles_per_s": len(articles) / entities_seconds,
    }
    figures["speed"] = speed
    print(
        f"\nspeed: quotes alone {speed['quotes_articles_per_s']:,.0f} articles/s "
        f"({speed['quotes_words_per_s']:,.0f} words/s, best of 3); entities stage "
        f"{speed['entities_articles_per_s']:,.1f} articles/s"
    )
    headline = rules["coverage > 0.3 (GGT)"]
    figures["errors"] = analyse(headline, loaded.gold, loaded.texts, args.examples)
    figures["speaker_verbs"] = Counter(p.verb or "" for p in predicted).most_common(15)
    figures["peak_rss_mb"] = peak_rss_mb()
    print(f"\npeak RSS {figures['peak_rss_mb']:.0f} MB")
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n")
    log(f"wrote {args.json}")


if __name__ == "__main__":
    main()
