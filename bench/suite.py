"""Every stage's speed in one table, each next to its reference measured in the same run.

Per corpus (``../shared/eval/bbc-news`` and ``../shared/eval/gva``) and per stage
(clean, language, NER, quotes, figures, events, embeddings, copies, stories,
reconcile) and end to end (``newsfuse.ingest.ingest`` into a fresh store, with
``ingest.workers`` processes): articles/s, words/s and the process's peak RSS
so far. References: ``trafilatura.extract`` alone for extraction (on the
article-extraction benchmark's HTML pages, the only corpus here that needs
extracting), spaCy ``nlp.pipe`` alone with the same components for NER, a plain
datasketch MinHash + LSH pass for copies; end to end is compared with spaCy NER
alone on the same text. Prints one table and writes it as JSON with the machine.

    python bench/suite.py [--limit 300] [--json bench/results/suite.json] [--compare OLD.json]
    python bench/suite.py --limit 0        # whole corpora (bbc 2,225, gva ~3,100 articles)
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import json
import os
import platform
import resource
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from _common import EVAL, REPO, peak_rss_mb, require, source_article
from _story_scoring import load_gva
from newsfuse.config import Settings, load_settings
from newsfuse.ingest import ingest, workers
from newsfuse.model import Article, StoryFeatures
from newsfuse.pipeline import Stage, build_extractor, build_stages, extract_all
from newsfuse.sources import read_paths
from newsfuse.stages.analyse.entities import EntityRecognizer
from newsfuse.stages.clean import Cleaner
from newsfuse.stages.copies import CopyIndex, shingles
from newsfuse.stages.reconcile import merge_events, reconcile_figures
from newsfuse.stages.stories import Embedder, StoryClusterer, Weights, story_features
from newsfuse.store import open_store

Row = dict[str, Any]


def bbc(limit: int) -> list[Article]:
    """BBC articles as a text source gives them: the first line is the headline."""
    files = sorted(require(EVAL / "bbc-news").rglob("*.txt"))
    files = files[:limit] if limit else files
    articles = []
    for path in files:
        title, _, body = path.read_text(encoding="latin-1").partition("\n")
        key = f"{path.parent.name}/{path.name}"
        articles.append(source_article(key, body.strip(), title=title.strip()))
    return articles


def gva(limit: int) -> list[Article]:
    """GVA articles (every incident's), in file order, with URL, site and date."""
    docs = load_gva(require(EVAL / "gva" / "incidents.jsonl"))
    docs = [d for d in docs if d.text]
    docs = docs[:limit] if limit else docs
    return [
        source_article(d.key, d.text, title=d.title, url=d.url, published=d.published) for d in docs
    ]


CORPORA: dict[str, Callable[[int], list[Article]]] = {"bbc-news": bbc, "gva": gva}


def jsonl_records(articles: Sequence[Article], replay: int = 0) -> Iterator[str]:
    """``articles`` as JSON Lines for the jsonl source; ``replay`` > 0 gives each a URL
    of its own (``replay<k>.example``), so a replayed text gets a new id and site
    but reads the same."""
    for article in articles:
        url = article.url
        if replay:
            path = url.split("://", 1)[-1] if url else article.id
            url = f"https://replay{replay}.example/{path}"
        record = {
            "text": article.raw_text,
            "title": article.title,
            "date": article.published,
            "url": url,
        }
        yield json.dumps({k: v for k, v in record.items() if v}, ensure_ascii=False)


def words(articles: Sequence[Article], raw: bool = False) -> int:
    return sum(len((a.raw_text if raw else a.text).split()) for a in articles)


def measure(stage: str, count: int, word_count: int, run: Callable[[], Any]) -> tuple[Row, Any]:
    start = time.perf_counter()
    result = run()
    seconds = time.perf_counter() - start
    row = {
        "stage": stage,
        "articles": count,
        "seconds": round(seconds, 3),
        "articles_per_s": round(count / seconds, 2) if seconds else None,
        "words_per_s": round(word_count / seconds, 1) if seconds else None,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    return row, result


def plain_minhash(articles: Sequence[Article]) -> int:
    """The reference copy pass: datasketch MinHash of word 5-grams, LSH insert and query."""
    from datasketch import MinHash, MinHashLSH

    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    pairs = 0
    for article in articles:
        minhash = MinHash(num_perm=128)
        tokens = article.text.split()
        minhash.update_batch(
            [" ".join(tokens[i : i + 5]).encode() for i in range(max(1, len(tokens) - 4))]
        )
        pairs += len(lsh.query(minhash))
        lsh.insert(article.id, minhash)
    return pairs


def _run_stage(stage: Stage, articles: list[Article]) -> list[Article]:
    return list(stage(articles))


def corpus_rows(name: str, articles: list[Article], settings: Settings) -> list[Row]:
    rows: list[Row] = []
    n = len(articles)
    stages = {stage.name: stage for stage in build_stages(settings)}
    cleaner = stages["clean"]
    assert isinstance(cleaner, Cleaner)

    def clean() -> list[Article]:
        cleaner.fit(articles)
        return [cleaner.clean(a) for a in articles]

    row, cleaned = measure("clean", n, words(articles, raw=True), clean)
    rows.append(row)
    row, languaged = measure(
        "language", n, words(cleaned), lambda: list(stages["language"](cleaned))
    )
    rows.append(row)
    ner = stages["entities"]
    assert isinstance(ner, EntityRecognizer)
    ner.nlp  # loaded before the clock starts, as the reference is  # noqa: B018
    row, analysed = measure("entities", n, words(cleaned), lambda: list(ner(languaged)))
    import spacy

    nlp = spacy.load(
        settings.entities.model,
        exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"],
    )
    texts = [a.text for a in cleaned]
    reference, _ = measure(
        "spaCy nlp.pipe", n, words(cleaned),
        lambda: list(nlp.pipe(texts, batch_size=settings.entities.batch_size)),
    )  # fmt: skip
    rows.append({**row, "reference": reference})
    for stage in ("quotes", "figures", "events"):
        run = functools.partial(_run_stage, stages[stage], analysed)
        row, analysed = measure(stage, n, words(cleaned), run)
        rows.append(row)
    embedder = Embedder(package=settings.stories.model, batch_size=settings.stories.batch_size)
    embedder.model  # noqa: B018
    row, vectors = measure("embeddings", n, words(cleaned), lambda: embedder(analysed))
    rows.append(row)
    features: list[StoryFeatures] = [
        story_features(a, v) for a, v in zip(analysed, vectors, strict=True)
    ]

    def copies() -> int:
        index = CopyIndex(
            duplicate_threshold=settings.copies.duplicate_threshold,
            partial_threshold=settings.copies.partial_threshold,
            min_shingles=settings.copies.min_shingles,
        )
        return sum(len(index.add(a.id, a.text, a.published)) for a in analysed)

    shingles("warm the word-hash memo")
    row, _ = measure("copies", n, words(cleaned), copies)
    reference, _ = measure(
        "datasketch MinHash+LSH", n, words(cleaned), lambda: plain_minhash(analysed)
    )
    rows.append({**row, "reference": reference})
    clusterer = StoryClusterer(
        threshold=settings.stories.threshold,
        weights=Weights(max_gap_days=settings.stories.max_gap_days),
        max_postings=settings.stories.max_postings,
    )
    row, _ = measure("stories", n, words(cleaned), lambda: clusterer.add(features))
    rows.append(row)
    by_id = {a.id: a for a in analysed}

    def reconcile() -> int:
        made = 0
        for story_id, members in clusterer.stories_.items():
            chosen = [by_id[m] for m in members]
            made += len(
                reconcile_figures(story_id, chosen, max_gap_days=settings.figures.max_gap_days)
            )
            made += len(merge_events(story_id, chosen))
        return made

    row, _ = measure("reconcile", n, words(cleaned), reconcile)
    rows.append(row)
    rows.append(end_to_end(articles, settings, words(cleaned), rows[2]["reference"]))
    return rows


def end_to_end(articles: list[Article], settings: Settings, word_count: int, ner: Row) -> Row:
    """``ingest`` of the corpus as a JSON Lines file into a fresh store, every stage."""
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "corpus.jsonl"
        source.write_text("\n".join(jsonl_records(articles)) + "\n", encoding="utf-8")
        store = open_store(Path(tmp) / "suite.db")
        row, report = measure(
            "end to end", len(articles), word_count, lambda: ingest([source], store, settings)
        )
        store.close()
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    row["stored"] = len(report.added)
    row["workers"] = workers(settings)
    row["largest_worker_rss_mb"] = round(children, 1)
    row["reference"] = {**ner, "stage": "spaCy nlp.pipe (NER alone)"}
    return row


def extraction_rows(limit: int, settings: Settings) -> list[Row]:
    """newsfuse's extractor against ``trafilatura.extract`` on the same HTML pages."""
    import trafilatura

    pages = sorted(require(EVAL / "article-extraction-benchmark" / "html").glob("*.html.gz"))
    pages = pages[:limit] if limit else pages
    extractor = build_extractor(settings)
    row, extracted = measure(
        "extract", len(pages), 0,
        lambda: [a for a in extract_all(extractor, read_paths(pages)) if isinstance(a, Article)],
    )  # fmt: skip
    count = words(extracted, raw=True)
    row["words_per_s"] = round(count / row["seconds"], 1)
    reference, _ = measure(
        "trafilatura.extract", len(pages), count,
        lambda: [trafilatura.extract(gzip.decompress(p.read_bytes())) for p in pages],
    )  # fmt: skip
    return [{**row, "reference": reference}]


def machine() -> dict[str, Any]:
    model = platform.processor()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    return {
        "cores": len(os.sched_getaffinity(0)),
        "cpu": model,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }


def _figure(value: float | None, digits: int = 1) -> str:
    return "-" if value is None else f"{value:,.{digits}f}"


def print_table(results: dict[str, list[Row]], old: dict[str, Any] | None) -> None:
    header = (
        f"{'corpus':<10} {'stage':<12} {'art/s':>9} {'words/s':>10} {'RSS MB':>7}"
        "  reference in the same run"
    )
    print(header)
    print("-" * len(header))
    before = {
        (name, row["stage"]): row
        for name, rows in (old or {}).get("corpora", {}).items()
        for row in rows
    }
    for name, rows in results.items():
        for row in rows:
            line = (
                f"{name:<10} {row['stage']:<12} {_figure(row['articles_per_s']):>9}"
                f" {_figure(row['words_per_s'], 0):>10} {row['peak_rss_mb']:>7,.0f}"
            )
            reference = row.get("reference")
            if reference:
                ratio = row["articles_per_s"] / reference["articles_per_s"]
                line += (
                    f"  {reference['stage']}: {_figure(reference['articles_per_s'])} art/s,"
                    f" {_figure(reference['words_per_s'], 0)} words/s (newsfuse x{ratio:.2f})"
                )
            if "workers" in row:
                largest = row["largest_worker_rss_mb"]
                line += f"; {row['workers']} workers, largest worker {largest:,.0f} MB"
            previous = before.get((name, row["stage"]))
            if previous and previous.get("articles_per_s"):
                line += f"  [x{row['articles_per_s'] / previous['articles_per_s']:.2f} vs old]"
            print(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=300, help="articles per corpus (0: all)")
    parser.add_argument("--pages", type=int, default=0, help="extraction pages (0: all 181)")
    parser.add_argument(
        "--corpus", choices=sorted(CORPORA), action="append", help="only this corpus (repeatable)"
    )
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "suite.json")
    parser.add_argument("--compare", type=Path, help="an earlier suite.json: print the ratio to it")
    args = parser.parse_args()
    settings = load_settings(environ={})
    results: dict[str, list[Row]] = {"html": extraction_rows(args.pages, settings)}
    for name in args.corpus or sorted(CORPORA):
        results[name] = corpus_rows(name, CORPORA[name](args.limit), settings)
    old = json.loads(args.compare.read_text()) if args.compare else None
    print_table(results, old)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(
        json.dumps({"machine": machine(), "limit": args.limit, "corpora": results}, indent=2)
    )
    print(f"\nwritten to {args.json}")


if __name__ == "__main__":
    main()
