"""Shared helpers of the benchmark scripts: where the evaluation data is, articles as
ingest would store them, cache options, peak memory."""

from __future__ import annotations

import argparse
import os
import resource
import sys
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlsplit

from newsfuse.config import Settings
from newsfuse.model import Article
from newsfuse.pipeline import build_stages
from newsfuse.stages.clean import Cleaner

REPO = Path(__file__).resolve().parents[1]

SHARED = Path(
    os.environ.get("NEWSFUSE_SHARED", Path(__file__).resolve().parents[1].parent / "shared")
)
EVAL = SHARED / "eval"


def require(path: Path) -> Path:
    """Exit with a clear message (status 0: nothing to measure) when the data is absent."""
    if not path.exists():
        print(f"skipped: {path} not found (put ../shared beside the repository)")
        sys.exit(0)
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def source_article(
    key: str, text: str, *, title: str = "", url: str | None = None, published: str | None = None
) -> Article:
    """An article as a source reader gives it: raw text, headline, date, URL, its host as site."""
    host = urlsplit(url).hostname if url else None
    return Article(
        id=key,
        path=key,
        raw_text=text,
        text=text,
        title=title or None,
        url=url,
        site=host.removeprefix("www.") if host else None,
        published=published,
    )


def cleaned(articles: Sequence[Article], settings: Settings) -> list[Article]:
    """The clean stage's text, as ingest stores it: boilerplate learned per site, then cut."""
    (cleaner,) = build_stages(settings, ["clean"])
    assert isinstance(cleaner, Cleaner)
    cleaner.fit(articles)
    return [cleaner.clean(article) for article in articles]


def add_cache_options(parser: argparse.ArgumentParser, json_name: str) -> None:
    """``--cache``, ``--refresh`` and ``--json``, as every bench with cached NER takes them."""
    parser.add_argument(
        "--cache",
        type=Path,
        default=REPO / "bench" / "results",
        help="folder of cached mentions (default bench/results, git-ignored)",
    )
    parser.add_argument("--refresh", action="store_true", help="recompute and rewrite the cache")
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "bench" / "results" / json_name,
        help=f"where to write the figures as JSON (default bench/results/{json_name})",
    )
