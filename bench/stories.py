"""Story clustering: B-cubed against a TF-IDF baseline on two golds; order effects; speed.

1. Quality on ../shared/eval/ecbplus (496 articles, each topic holding two
   different real events of one kind; the folder is the gold story) and on
   ../shared/eval/gva (3,161 articles; the incident is the gold story, among
   many look-alike shootings). Articles are built from the
   :class:`~_story_scoring.StoryDoc` records as a source reader would give
   them (id = key, title, raw text, published, URL and its host as the site;
   ECB+ without its metadata, which gives the answer away), cleaned by the
   clean stage as ingest does (boilerplate learned per site over the corpus,
   then cut), then go through the entities stage (batched), the embedder,
   ``story_features`` and
   a :class:`~newsfuse.stages.stories.StoryClusterer` with the packaged
   defaults (``load_settings(environ={}).stories``). Scores are B-cubed
   precision, recall and F1 of ``stories_`` against the gold, next to, in the
   same run, the TF-IDF + average-linkage baseline at the distance threshold
   that is best *on the gold itself* (an oracle no real run has), and the
   "every article alone" reference, and the ceiling a 14-day window puts on
   any clusterer (the gold stories cut where their dated reports are further
   apart than ``max_gap_days``, chained). Time in NER, embedding, features,
   clustering and the baseline is given apart.
   NER and embeddings are the slow part (about 6 minutes for GVA on a 2-core
   machine), so the mentions and vectors are cached per corpus under
   ``--cache``, keyed by the corpus files and sizes, the model packages and
   versions and the source of the entities code. Story features are
   recomputed from them on every run (a second or two), so a change to
   ``story_features`` takes effect without recomputing the cache.
   ``--sweep`` adds B-cubed F1 over thresholds 0.70 to 1.20.
2. Order effects on ECB+: the same features added in three seeded random
   orders, all at once, one article per ``add`` call, and 25 at a time; the
   partitions are compared with the main run's.
3. Speed on ../shared/eval/bbc-news (2,225 articles, latin-1, first line the
   title, no dates; never cached): (a) from scratch, NER, embedding, features
   and clustering, articles per second overall and per step (models loaded
   before the clock starts); (b) a store of 10,000: 20 BBC articles are held
   out (seeded), the other 2,205 replicated with new ids (``<id>~<copy>``),
   each copy's vector perturbed (Gaussian noise, sigma 0.01 a dimension,
   renormalised: cosine about 0.98 with the original) and every copy given a
   day drawn uniformly over one year; the 10,000 are added in one call
   (articles per second), then each held-out article, dated on a random day of
   that year, is added in its own ``add([f])`` call: median and max
   milliseconds; (c) what an ingest run does: ``restore`` of the 10,000
   features and their stories into a fresh clusterer (which encodes them all),
   then the same 20 adds there, checked to give the same stories as the warm
   clusterer. Peak RSS.

    python bench/stories.py [--gva-limit N] [--threshold T] [--sweep] [--no-speed]
                            [--cache DIR] [--refresh] [--json PATH]
"""

from __future__ import annotations

import argparse
import gc
import hashlib
import importlib.metadata
import json
import pickle
import random
import statistics
import sys
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from _common import EVAL, add_cache_options, cleaned, peak_rss_mb, require, source_article
from _story_scoring import BCubed, StoryDoc, bcubed, best_baseline, gold_of, load_ecbplus, load_gva
from newsfuse.config import Settings, load_settings
from newsfuse.model import Article, Mention, Story, StoryFeatures
from newsfuse.stages import clean as clean_module
from newsfuse.stages.analyse import entities as entities_module
from newsfuse.stages.analyse import gazetteer as gazetteer_module
from newsfuse.stages.analyse.entities import EntityRecognizer
from newsfuse.stages.stories import Embedder, StoryClusterer, Weights, story_features

REPO = Path(__file__).resolve().parents[1]
#: Articles per call of the entities stage and of the embedder.
CHUNK = 256
#: Thresholds of ``--sweep``: 0.70, 0.75, ..., 1.20.
SWEEP = tuple(round(0.7 + 0.05 * i, 2) for i in range(11))
#: Order-effect runs: (seed, articles per ``add`` call; 0 = all at once).
ORDERS = ((1, 0), (2, 1), (3, 25))
#: The store of the add-one timing.
STORE_SIZE = 10_000
HELD_OUT = 20
NOISE = 0.01
SEED = 2020

Figures = dict[str, Any]


def progress(message: str) -> None:
    """Where a long step stands, on stderr so that stdout holds only figures."""
    print(message, file=sys.stderr, flush=True)


def chunks(items: Sequence[Article], size: int = CHUNK) -> Iterator[Sequence[Article]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def clusterer_for(settings: Settings, threshold: float | None = None) -> StoryClusterer:
    """A clusterer with the packaged settings, as ingest builds it."""
    stories = settings.stories
    return StoryClusterer(
        threshold=stories.threshold if threshold is None else threshold,
        weights=Weights(max_gap_days=stories.max_gap_days),
        max_postings=stories.max_postings,
    )


def labels(stories: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Article id -> story id, the ``predicted`` argument of :func:`bcubed`."""
    return {article: story for story, members in stories.items() for article in members}


def cluster(
    features: Sequence[StoryFeatures], settings: Settings, threshold: float | None = None
) -> tuple[StoryClusterer, float]:
    clusterer = clusterer_for(settings, threshold)
    gc.collect()
    start = time.perf_counter()
    clusterer.add(features)
    return clusterer, time.perf_counter() - start


def scores(result: BCubed) -> dict[str, float]:
    return {"precision": result.precision, "recall": result.recall, "f1": result.f1}


def show(result: BCubed) -> str:
    return f"P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}"


# ---------------------------------------------------------------- analysis and its cache


@dataclass(frozen=True, slots=True)
class Analysed:
    """Articles with their mentions, their vectors and what computing them took."""

    articles: list[Article]
    vectors: list[npt.NDArray[np.float32]]
    ner_s: float
    embed_s: float
    cached: bool


def analyse(articles: Sequence[Article], settings: Settings, name: str) -> Analysed:
    """NER then embeddings, batched, each timed; models are loaded before the clock."""
    recognizer = EntityRecognizer(
        model=settings.entities.model, batch_size=settings.entities.batch_size
    )
    embedder = Embedder(package=settings.stories.model, batch_size=settings.stories.batch_size)
    _ = recognizer.nlp, embedder.model
    annotated: list[Article] = []
    start = time.perf_counter()
    for batch in chunks(articles):
        annotated.extend(recognizer(batch))
        progress(f"  {name}: NER {len(annotated)}/{len(articles)}")
    ner_s = time.perf_counter() - start
    vectors: list[npt.NDArray[np.float32]] = []
    start = time.perf_counter()
    for batch in chunks(annotated):
        vectors.extend(embedder(batch))
        progress(f"  {name}: embedding {len(vectors)}/{len(articles)}")
    embed_s = time.perf_counter() - start
    return Analysed(annotated, vectors, ner_s, embed_s, cached=False)


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def cache_key(name: str, files: Sequence[Path], settings: Settings, extra: object) -> str:
    """Hash of what the mentions and vectors depend on: corpus files, models, NER code."""
    sources = [
        hashlib.sha256(Path(module.__file__ or "").read_bytes()).hexdigest()
        for module in (clean_module, entities_module, gazetteer_module)
    ]
    parts = {
        "corpus": name,
        "files": [(path.name, path.parent.name, path.stat().st_size) for path in files],
        "extra": repr(extra),
        "ner": [settings.entities.model, _version(settings.entities.model), _version("spacy")],
        "embedder": [
            settings.stories.model,
            _version(settings.stories.model),
            _version("sentence_transformers"),
            Embedder().max_chars,
        ],
        "ner_code": sources,
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def analysed(
    name: str,
    articles: Sequence[Article],
    files: Sequence[Path],
    extra: object,
    settings: Settings,
    cache: Path,
    refresh: bool,
) -> tuple[Analysed, Path]:
    """:func:`analyse`, or its mentions and vectors from the cache when the key matches."""
    path = cache / f"stories-{name}-{cache_key(name, files, settings, extra)}.pkl"
    ids = [a.id for a in articles]
    if path.exists() and not refresh:
        with path.open("rb") as handle:
            stored: dict[str, Any] = pickle.load(handle)
        if stored["ids"] == ids:
            mentions: list[tuple[Mention, ...]] = stored["mentions"]
            return Analysed(
                [replace(a, mentions=m) for a, m in zip(articles, mentions, strict=True)],
                list(stored["vectors"]),
                stored["ner_s"],
                stored["embed_s"],
                cached=True,
            ), path
    result = analyse(articles, settings, name)
    cache.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(
            {
                "ids": ids,
                "mentions": [a.mentions for a in result.articles],
                "vectors": np.stack(result.vectors) if result.vectors else np.zeros((0, 0)),
                "ner_s": result.ner_s,
                "embed_s": result.embed_s,
            },
            handle,
        )
    return result, path


# ---------------------------------------------------------------- quality


def quality(
    name: str,
    docs: Sequence[StoryDoc],
    files: Sequence[Path],
    extra: object,
    settings: Settings,
    args: argparse.Namespace,
) -> tuple[Figures, list[StoryFeatures], dict[str, str]]:
    gold = gold_of(docs)
    articles = cleaned(
        [
            source_article(d.key, d.text, title=d.title, url=d.url, published=d.published)
            for d in docs
        ],
        settings,
    )
    # The baseline reads the same clean text.
    docs = [
        replace(d, title=a.title or "", text=a.text) for d, a in zip(docs, articles, strict=True)
    ]
    done, path = analysed(name, articles, files, extra, settings, args.cache, args.refresh)
    start = time.perf_counter()
    features = [story_features(a, v) for a, v in zip(done.articles, done.vectors, strict=True)]
    features_s = time.perf_counter() - start
    threshold = settings.stories.threshold if args.threshold is None else args.threshold
    clusterer, cluster_s = cluster(features, settings, threshold)
    predicted = labels(clusterer.stories_)
    ours = bcubed(gold, predicted)
    start = time.perf_counter()
    base_threshold, base, _ = best_baseline(docs)
    base_s = time.perf_counter() - start
    alone = bcubed(gold, {key: key for key in gold})
    ceiling = bcubed(gold, window_ceiling(features, gold, settings.stories.max_gap_days))
    golds = len(set(gold.values()))
    multi = sum(1 for members in clusterer.stories_.values() if len(list(members)) > 1)
    where = "cached, computed in an earlier run" if done.cached else "computed now"
    print(f"{name}: {len(docs)} articles, {golds} gold stories")
    print(f"  features cache: {'used' if done.cached else 'not used (written)'} ({path})")
    print(
        f"  newsfuse (threshold {threshold:.2f}):         {show(ours)}  "
        f"({len(clusterer.stories_)} stories, {multi} with 2+ articles)"
    )
    print(
        f"  baseline TF-IDF + average link:   {show(base)}  "
        f"(oracle distance threshold {base_threshold:.3f}, tuned on this gold)"
    )
    print(f"  every article alone:              {show(alone)}")
    print(
        f"  ceiling of the time window:       {show(ceiling)}  (gold stories cut where dated "
        f"reports are more than {settings.stories.max_gap_days} days apart, chained)"
    )
    print(
        f"  time: NER {done.ner_s:.1f} s, embedding {done.embed_s:.1f} s ({where}); "
        f"features {features_s:.1f} s, clustering {cluster_s:.1f} s, baseline {base_s:.1f} s"
    )
    figures: Figures = {
        "articles": len(docs),
        "gold_stories": golds,
        "threshold": threshold,
        "stories": len(clusterer.stories_),
        "newsfuse": scores(ours),
        "baseline": {**scores(base), "distance_threshold": base_threshold},
        "alone": scores(alone),
        "window_ceiling": scores(ceiling),
        "cache_used": done.cached,
        "seconds": {
            "ner": done.ner_s,
            "embedding": done.embed_s,
            "features": features_s,
            "clustering": cluster_s,
            "baseline": base_s,
        },
    }
    return figures, features, predicted


def window_ceiling(
    features: Sequence[StoryFeatures], gold: Mapping[str, str], max_gap_days: int
) -> dict[str, str]:
    """The best partition a clusterer that never links reports over ``max_gap_days`` apart
    can reach: each gold story, cut where no chain of its dated reports spans the gap."""
    days = {f.article: f.day for f in features}
    stories: dict[str, list[str]] = {}
    for article, story in gold.items():
        stories.setdefault(story, []).append(article)
    predicted: dict[str, str] = {}
    for story, members in stories.items():
        undated = [m for m in members if days.get(m) is None]
        dated = sorted((m for m in members if days.get(m) is not None), key=lambda m: days[m] or 0)
        part, last = 0, None
        for member in dated:
            day = days[member] or 0
            # An undated report may link to any of them, and so bridges every gap.
            if last is not None and day - last > max_gap_days and not undated:
                part += 1
            predicted[member], last = f"{story}#{part}", day
        for member in undated:
            predicted[member] = f"{story}#0"
    return predicted


def order_effects(
    features: Sequence[StoryFeatures],
    reference: Mapping[str, str],
    settings: Settings,
    threshold: float | None,
) -> list[Figures]:
    """The same features in seeded random orders and batch sizes, against ``reference``."""
    expected = {frozenset(m) for m in _groups(reference)}
    rows: list[Figures] = []
    print("order effects on ecb+ (against the main run, which added them in corpus order):")
    for seed, size in ORDERS:
        shuffled = list(features)
        random.Random(seed).shuffle(shuffled)
        clusterer = clusterer_for(settings, threshold)
        step = size or len(shuffled)
        for start in range(0, len(shuffled), step):
            clusterer.add(shuffled[start : start + step])
        got = {frozenset(m) for m in clusterer.stories_.values()}
        agreement = bcubed(reference, labels(clusterer.stories_))
        how = "all at once" if not size else f"{size} per add call"
        verdict = "identical" if got == expected else f"differ: B-cubed agreement {show(agreement)}"
        print(f"  seed {seed}, {how}: {verdict}")
        rows.append(
            {"seed": seed, "per_call": size, "identical": got == expected, **scores(agreement)}
        )
    return rows


def _groups(predicted: Mapping[str, str]) -> list[list[str]]:
    grouped: dict[str, list[str]] = {}
    for article, story in predicted.items():
        grouped.setdefault(story, []).append(article)
    return list(grouped.values())


def sweep(
    corpora: Mapping[str, tuple[Sequence[StoryFeatures], Mapping[str, str]]], settings: Settings
) -> list[Figures]:
    names = list(corpora)
    print("threshold sweep (B-cubed P / R / F1):")
    print("  threshold  " + "  ".join(f"{n:>22}" for n in names))
    rows: list[Figures] = []
    for threshold in SWEEP:
        row: Figures = {"threshold": threshold}
        cells = []
        for name in names:
            features, gold = corpora[name]
            clusterer, _ = cluster(features, settings, threshold)
            result = bcubed(gold, labels(clusterer.stories_))
            row[name] = scores(result)
            cells.append(f"{result.precision:.3f} {result.recall:.3f} {result.f1:.3f}")
        print(f"  {threshold:9.2f}  " + "  ".join(f"{c:>22}" for c in cells), flush=True)
        rows.append(row)
    return rows


# ---------------------------------------------------------------- speed


def bbc_articles(root: Path) -> list[Article]:
    articles = []
    for path in sorted(root.glob("*/*.txt")):
        title, _, body = path.read_text(encoding="latin-1").partition("\n")
        articles.append(
            Article(
                id=f"bbc:{path.parent.name}/{path.stem}",
                path=str(path),
                raw_text="",
                text=body.strip(),
                title=title.strip() or None,
            )
        )
    return articles


def from_scratch(
    articles: Sequence[Article], settings: Settings
) -> tuple[Figures, list[StoryFeatures]]:
    """NER, embedding, features and clustering of ``articles``, each step timed."""
    n = len(articles)
    done = analyse(articles, settings, "bbc")
    start = time.perf_counter()
    features = [story_features(a, v) for a, v in zip(done.articles, done.vectors, strict=True)]
    features_s = time.perf_counter() - start
    clusterer, cluster_s = cluster(features, settings)
    total = done.ner_s + done.embed_s + features_s + cluster_s
    multi = sum(1 for members in clusterer.stories_.values() if len(members) > 1)
    print(f"speed on {n:,} bbc-news articles (models loaded before timing):")
    print(
        f"  from scratch: {n / total:8.1f} articles/s overall ({total:.1f} s: "
        f"NER {done.ner_s:.1f} s, embedding {done.embed_s:.1f} s, "
        f"features {features_s:.1f} s, clustering {cluster_s:.1f} s)"
    )
    print(
        f"  clustering alone: {n / cluster_s:8.1f} articles/s "
        f"({len(clusterer.stories_):,} stories, {multi:,} with 2+ articles)"
    )
    figures: Figures = {
        "articles": n,
        "seconds": {
            "ner": done.ner_s,
            "embedding": done.embed_s,
            "features": features_s,
            "clustering": cluster_s,
            "total": total,
        },
        "articles_per_s": n / total,
        "clustering_articles_per_s": n / cluster_s,
        "stories": len(clusterer.stories_),
    }
    return figures, features


def replicated(
    features: Sequence[StoryFeatures], size: int, rng: np.random.Generator, first_day: int
) -> list[StoryFeatures]:
    """``size`` copies of ``features``: new ids, perturbed unit vectors, days over a year."""
    store: list[StoryFeatures] = []
    copy = 0
    while len(store) < size:
        for item in features[: size - len(store)]:
            vector = item.vector + rng.normal(0.0, NOISE, item.vector.shape).astype(np.float32)
            vector /= np.linalg.norm(vector)
            day = first_day + int(rng.integers(365))
            store.append(replace(item, article=f"{item.article}~{copy}", vector=vector, day=day))
        copy += 1
    return store


def timed_adds(
    clusterer: StoryClusterer, items: Sequence[StoryFeatures]
) -> tuple[list[float], list[int]]:
    """Milliseconds of each ``add([f])``, and the size of the story each article joined."""
    times: list[float] = []
    sizes: list[int] = []
    for item in items:
        start = time.perf_counter()
        changed = clusterer.add([item])
        times.append(1000 * (time.perf_counter() - start))
        sizes.append(max((len(m) for m in changed.values() if item.article in m), default=1))
    return times, sizes


def large_store(features: Sequence[StoryFeatures], settings: Settings) -> Figures:
    rng = np.random.default_rng(SEED)
    first_day = date(2005, 1, 1).toordinal()  # BBC's year; any year will do
    picked = set(random.Random(SEED).sample(range(len(features)), HELD_OUT))
    held = [
        replace(f, day=first_day + int(rng.integers(365)))
        for i, f in enumerate(features)
        if i in picked
    ]
    rest = [f for i, f in enumerate(features) if i not in picked]
    store = replicated(rest, STORE_SIZE, rng, first_day)

    clusterer, bulk_s = cluster(store, settings)
    snapshot = [
        Story(id=sid, title="", articles=members, component=clusterer.component_of(members[0]))
        for sid, members in clusterer.stories_.items()
    ]
    candidates = [len(clusterer.candidates(f)) for f in held]
    warm, sizes = timed_adds(clusterer, held)

    cold_clusterer = clusterer_for(settings)
    gc.collect()
    start = time.perf_counter()
    cold_clusterer.restore(store, snapshot)
    restore_s = time.perf_counter() - start
    cold, _ = timed_adds(cold_clusterer, held)
    same = cold_clusterer.stories_ == clusterer.stories_

    print(
        f"  store of {STORE_SIZE:,} ({len(rest):,} bbc articles replicated, perturbed vectors, "
        f"days over a year): add all at once {STORE_SIZE / bulk_s:8.1f} articles/s "
        f"({bulk_s:.1f} s, {len(snapshot):,} stories)"
    )
    print(
        f"  add one more (warm, {HELD_OUT} held-out bbc articles, one add call each): "
        f"median {statistics.median(warm):.1f} ms, max {max(warm):.1f} ms "
        f"(median {statistics.median(candidates):.0f} candidates, "
        f"largest story joined {max(sizes)} articles)"
    )
    print(f"  restore {STORE_SIZE:,} features and {len(snapshot):,} stories: {restore_s:.2f} s")
    print(
        f"  add one more after restore: median {statistics.median(cold):.1f} ms, "
        f"max {max(cold):.1f} ms; same stories as the warm clusterer: {'yes' if same else 'NO'}"
    )
    return {
        "store": STORE_SIZE,
        "bulk_add_s": bulk_s,
        "bulk_add_articles_per_s": STORE_SIZE / bulk_s,
        "stories": len(snapshot),
        "add_one_warm_ms": {"median": statistics.median(warm), "max": max(warm), "all": warm},
        "candidates_median": statistics.median(candidates),
        "restore_s": restore_s,
        "add_one_after_restore_ms": {
            "median": statistics.median(cold),
            "max": max(cold),
            "all": cold,
        },
        "restored_same_stories": same,
    }


# ---------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--gva-limit", type=int, help="only this many GVA incidents (seeded draw; default all)"
    )
    parser.add_argument("--threshold", type=float, help="instead of the packaged threshold")
    parser.add_argument("--sweep", action="store_true", help="F1 over thresholds 0.70 to 1.20")
    parser.add_argument("--no-speed", action="store_true", help="skip the BBC speed runs")
    add_cache_options(parser, "stories.json")
    args = parser.parse_args()

    settings = load_settings(environ={})
    stories = settings.stories
    print(
        f"settings: threshold {stories.threshold}, max_gap_days {stories.max_gap_days}, "
        f"max_postings {stories.max_postings}, model {stories.model}, "
        f"ner {settings.entities.model}"
    )
    figures: Figures = {
        "settings": {
            "threshold": stories.threshold,
            "max_gap_days": stories.max_gap_days,
            "max_postings": stories.max_postings,
        }
    }

    ecb_root = require(EVAL / "ecbplus")
    ecb_docs = load_ecbplus(ecb_root)
    ecb_files = sorted(ecb_root.glob("*/*.json"))
    figures["ecbplus"], ecb_features, ecb_predicted = quality(
        "ecbplus", ecb_docs, ecb_files, None, settings, args
    )
    figures["order_effects"] = order_effects(ecb_features, ecb_predicted, settings, args.threshold)

    gva_path = require(EVAL / "gva" / "incidents.jsonl")
    gva_docs = load_gva(gva_path, limit=args.gva_limit, seed=SEED)
    figures["gva"], gva_features, _ = quality(
        "gva", gva_docs, [gva_path], (args.gva_limit, SEED), settings, args
    )
    figures["gva"]["incidents_limit"] = args.gva_limit

    if args.sweep:
        figures["sweep"] = sweep(
            {
                "ecbplus": (ecb_features, gold_of(ecb_docs)),
                "gva": (gva_features, gold_of(gva_docs)),
            },
            settings,
        )

    if not args.no_speed:
        articles = bbc_articles(require(EVAL / "bbc-news"))
        figures["speed"], bbc_features = from_scratch(articles, settings)
        figures["speed"]["store"] = large_store(bbc_features, settings)

    figures["peak_rss_mb"] = peak_rss_mb()
    print(f"peak RSS {figures['peak_rss_mb']:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
