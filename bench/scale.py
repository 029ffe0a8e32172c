"""Ingest at scale: throughput, peak memory as the corpus grows, and incremental adds.

Builds a corpus of ``--size`` articles (20,000 by default) by replaying bbc-news
and gva: replay k gives every article the URL ``replay<k>.example/...``, so its
id and site are new while its text stays real (replays are word-for-word copies,
as syndicated reports are). The corpus is written to a temporary JSON Lines file,
never into the repository, and ingested streaming into a fresh SQLite store.

Prints articles/s and words/s next to spaCy NER alone on a sample of the same
text, the peak RSS of the ingest process and of its largest worker after 5k,
10k and 20k articles, and the time to add 100 new articles to the store of
``--size`` and to a store of 2,000.

    python bench/scale.py            # 20,000 articles, every stage (~1 hour on 2 cores)
    python bench/scale.py --fast     # no NER, hashed vectors: memory and increments in minutes
    python bench/scale.py --size 5000 --checkpoints 1000,2500,5000
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import tempfile
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from _common import REPO, peak_rss_mb
from newsfuse import ingest as ingest_module
from newsfuse import pipeline
from newsfuse.config import Settings, load_settings
from newsfuse.model import Article
from newsfuse.store import open_store
from suite import bbc, gva, jsonl_records

#: Articles added to a grown store to time an incremental ingest.
INCREMENT = 100


class HashedEmbedder:
    """``--fast``'s stand-in for MiniLM: a unit vector seeded by the text's hash."""

    def __init__(self, **_: Any) -> None:
        pass

    def __call__(self, articles: Sequence[Article]) -> list[np.ndarray[Any, np.dtype[np.float32]]]:
        vectors = []
        for article in articles:
            rng = np.random.default_rng(abs(hash(article.text)) % (1 << 32))
            vector = rng.standard_normal(384).astype(np.float32)
            vectors.append(vector / np.linalg.norm(vector))
        return vectors


def replayed(base: Sequence[Article], first_replay: int) -> Iterator[str]:
    """JSON Lines of ``base`` replayed again and again from ``first_replay`` on."""
    for replay in itertools.count(first_replay):
        yield from jsonl_records(base, replay=replay)


def write_corpus(path: Path, lines: Iterator[str], count: int) -> None:
    with path.open("w", encoding="utf-8") as out:
        for line in itertools.islice(lines, count):
            out.write(line + "\n")


def timed_ingest(
    source: Path, db: Path, settings: Settings, checkpoints: Sequence[int] = ()
) -> dict[str, Any]:
    store = open_store(db)
    seen = 0
    rss: dict[str, float] = {}
    pending = sorted(checkpoints)

    def progress(_: object) -> None:
        nonlocal seen
        seen += 1
        if pending and seen >= pending[0]:
            rss[str(pending.pop(0))] = round(peak_rss_mb(), 1)

    start = time.perf_counter()
    report = ingest_module.ingest([source], store, settings, on_article=progress)
    seconds = time.perf_counter() - start
    words = sum(article.word_count() for article in store.iter_articles()) if checkpoints else 0
    stored = store.count()
    store.close()
    return {
        "added": len(report.added),
        "stored": stored,
        "seconds": round(seconds, 2),
        "words": words,
        "peak_rss_mb_at": rss,
        "peak_rss_mb": round(peak_rss_mb(), 1),
        "largest_worker_rss_mb": round(
            resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1
        ),
    }


def ner_alone(sample: Sequence[Article], settings: Settings) -> float:
    """spaCy ``nlp.pipe`` alone (same components) on the sample's text: words/s."""
    import spacy

    nlp = spacy.load(
        settings.entities.model,
        exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"],
    )
    texts = [a.raw_text for a in sample]
    list(nlp.pipe(texts[:10]))
    start = time.perf_counter()
    list(nlp.pipe(texts, batch_size=settings.entities.batch_size))
    return sum(len(t.split()) for t in texts) / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=20_000)
    parser.add_argument("--small", type=int, default=2_000, help="the small store to compare")
    parser.add_argument("--checkpoints", default="5000,10000,20000")
    parser.add_argument("--fast", action="store_true", help="no NER, hashed vectors")
    parser.add_argument("--ner-sample", type=int, default=300)
    parser.add_argument("--json", type=Path, default=REPO / "bench" / "results" / "scale.json")
    args = parser.parse_args()
    settings = load_settings(environ={})
    if args.fast:
        # The stages are rebuilt from DEFAULT_STAGES in worker processes, which
        # this patch does not reach: the fast mode runs in one process.
        pipeline.DEFAULT_STAGES = ("clean", "language")
        setattr(ingest_module, "Embedder", HashedEmbedder)  # noqa: B010
        settings = load_settings(environ={"NEWSFUSE_INGEST_WORKERS": "1"})
    base = [*bbc(0), *gva(0)]
    checkpoints = [int(c) for c in args.checkpoints.split(",") if int(c) <= args.size]
    figures: dict[str, Any] = {"size": args.size, "fast": args.fast, "base_articles": len(base)}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        big, small, extra = folder / "big.jsonl", folder / "small.jsonl", folder / "extra.jsonl"
        write_corpus(big, replayed(base, 1), args.size)
        write_corpus(small, replayed(base, 1), args.small)
        # Replays no store has seen: new ids, texts the stores already hold.
        write_corpus(extra, replayed(base[::-1], 1000), INCREMENT)
        grown = timed_ingest(big, folder / "big.db", settings, checkpoints)
        figures["ingest"] = grown
        figures["add_to_big_s"] = timed_ingest(extra, folder / "big.db", settings)["seconds"]
        timed_ingest(small, folder / "small.db", settings)
        figures["add_to_small_s"] = timed_ingest(extra, folder / "small.db", settings)["seconds"]
    words_per_s = grown["words"] / grown["seconds"]
    mode = "fast: no NER, hashed vectors" if args.fast else "every stage"
    print(
        f"ingested {grown['added']:,} articles ({mode})"
        f" in {grown['seconds']:,.0f} s: {grown['added'] / grown['seconds']:.1f} articles/s,"
        f" {words_per_s:,.0f} words/s"
    )
    if not args.fast:
        ner = ner_alone(base[: args.ner_sample], settings)
        figures["ner_alone_words_per_s"] = round(ner, 1)
        print(f"  spaCy NER alone on {args.ner_sample} of the texts: {ner:,.0f} words/s"
              f" (end to end x{words_per_s / ner:.2f})")  # fmt: skip
    for at, mb in grown["peak_rss_mb_at"].items():
        print(f"  peak RSS after {int(at):,} articles: {mb:,.0f} MB")
    print(f"  largest worker process: {grown['largest_worker_rss_mb']:,.0f} MB")
    print(
        f"adding {INCREMENT} articles: {figures['add_to_big_s']:.2f} s to the {args.size:,}-article"
        f" store, {figures['add_to_small_s']:.2f} s to a {args.small:,}-article one"
    )
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
