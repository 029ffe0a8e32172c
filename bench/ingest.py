"""Ingest throughput and peak memory on ../shared/eval/bbc-news (2,225 articles).

Runs the real ``newsfuse ingest`` path through the Python API into a fresh
SQLite store in a temporary folder: reading, extraction, cleaning (with site
statistics), language identification and one transaction per article. Then
ingests the same folder again, which must add nothing, and times that too.

    python bench/ingest.py [--limit N]
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

from _common import EVAL, peak_rss_mb, require
from newsfuse.config import load_settings
from newsfuse.ingest import ingest
from newsfuse.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=0, help="Only the first N files (0: all).")
    parser.add_argument("--json", type=Path, help="Also write the figures here as JSON.")
    args = parser.parse_args()

    root = require(EVAL / "bbc-news")
    files = sorted(root.rglob("*.txt"))
    if args.limit:
        files = files[: args.limit]
    settings = load_settings(environ={})
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(Path(tmp) / "bench.db")
        start = time.perf_counter()
        report = ingest(files, store, settings)
        first = time.perf_counter() - start
        words = sum(article.word_count() for article in store.iter_articles())
        start = time.perf_counter()
        again = ingest(files, store, settings)
        second = time.perf_counter() - start
        stored = store.count()
        store.close()
        db_mb = (Path(tmp) / "bench.db").stat().st_size / 1e6

    figures = {
        "inputs": len(files),
        "added": len(report.added),
        "already_stored": len(report.already_stored),
        "failed": len(report.errors),
        "stored": stored,
        "seconds": first,
        "articles_per_s": len(report.added) / first,
        "words_per_s": words / first,
        "reingest_seconds": second,
        "reingest_added": len(again.added),
        "peak_rss_mb": peak_rss_mb(),
        "store_mb": db_mb,
    }
    print(
        f"ingested {figures['added']} of {len(files)} files ({figures['failed']} failed, "
        f"{figures['already_stored']} duplicates of stored content) in {first:.1f} s"
    )
    print(
        f"  {figures['articles_per_s']:.1f} articles/s, {figures['words_per_s']:,.0f} words/s, "
        f"peak RSS {figures['peak_rss_mb']:.0f} MB, store {db_mb:.1f} MB"
    )
    print(f"re-ingest: {second:.1f} s, added {len(again.added)} (must be 0)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
