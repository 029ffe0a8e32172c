"""HTML main-text extraction quality and speed: newsfuse against plain trafilatura.

Data: ../shared/eval/article-extraction-benchmark (181 news pages with gold
article bodies). Both systems start from the same gzipped page on disk.
newsfuse runs its real path: the source reader (decoding), the extractor
(trafilatura plus metadata) and the clean stage fitted on the whole set.
trafilatura runs ``trafilatura.extract(page_bytes)`` with its defaults.

Scoring follows the benchmark's published yardsticks: lower-cased ``\\w+``
tokens, per-page precision and recall as bag-of-tokens overlap, averaged over
pages, F1 from the averages. Speed: pages per second, best of ``--repeat``
runs of each system, alternating so both see the same machine state.

    python bench/extraction.py [--repeat 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import trafilatura

from _common import EVAL, peak_rss_mb, require
from newsfuse.config import load_settings
from newsfuse.errors import InputError
from newsfuse.model import Article
from newsfuse.pipeline import build_extractor, extract_all
from newsfuse.sources import read_paths
from newsfuse.stages.clean import Cleaner

_TOKEN = re.compile(r"\w+")


def tokens(text: str | None) -> Counter[str]:
    return Counter(_TOKEN.findall((text or "").lower()))


def score(predicted: dict[str, str | None], gold: dict[str, str]) -> tuple[float, float, float]:
    precisions, recalls = [], []
    for page_id, body in gold.items():
        got, want = tokens(predicted.get(page_id)), tokens(body)
        common = sum((got & want).values())
        precisions.append(common / max(1, sum(got.values())))
        recalls.append(common / max(1, sum(want.values())))
    precision = sum(precisions) / len(precisions)
    recall = sum(recalls) / len(recalls)
    return precision, recall, 2 * precision * recall / (precision + recall)


def run_newsfuse(files: dict[str, Path]) -> dict[str, str | None]:
    settings = load_settings(environ={})  # the packaged defaults, whatever the shell sets
    extractor = build_extractor(settings)
    by_path = {str(path): page_id for page_id, path in files.items()}
    articles: list[Article] = []
    for item in extract_all(extractor, read_paths(list(files.values()))):
        if isinstance(item, InputError):
            continue
        articles.append(item)
    cleaner = Cleaner().fit(articles)  # corpus statistics over the whole set, as one ingest batch
    return {by_path[a.path]: a.text for a in cleaner(articles)}


def run_trafilatura(files: dict[str, Path]) -> dict[str, str | None]:
    return {
        page_id: trafilatura.extract(gzip.decompress(path.read_bytes()))
        for page_id, path in files.items()
    }


def timed(
    run: Callable[[dict[str, Path]], dict[str, str | None]], files: dict[str, Path]
) -> tuple[dict[str, str | None], float]:
    start = time.perf_counter()
    result = run(files)
    return result, time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--json", type=Path, help="Also write the figures here as JSON.")
    args = parser.parse_args()

    root = require(EVAL / "article-extraction-benchmark")
    gold_data = json.loads((root / "ground-truth.json").read_text())
    gold = {page_id: entry["articleBody"] for page_id, entry in gold_data.items()}
    files = {page_id: root / "html" / f"{page_id}.html.gz" for page_id in sorted(gold)}

    best = {"newsfuse": float("inf"), "trafilatura": float("inf")}
    outputs: dict[str, dict[str, str | None]] = {}
    for _ in range(args.repeat):
        for name, run in (("trafilatura", run_trafilatura), ("newsfuse", run_newsfuse)):
            outputs[name], seconds = timed(run, files)
            best[name] = min(best[name], seconds)

    figures = {}
    print(f"{'system':<12} {'precision':>9} {'recall':>7} {'F1':>6} {'pages/s':>8}")
    for name in ("trafilatura", "newsfuse"):
        precision, recall, f1 = score(outputs[name], gold)
        speed = len(files) / best[name]
        figures[name] = {"precision": precision, "recall": recall, "f1": f1, "pages_per_s": speed}
        print(f"{name:<12} {precision:>9.4f} {recall:>7.4f} {f1:>6.4f} {speed:>8.1f}")
    f1_ratio = figures["newsfuse"]["f1"] / figures["trafilatura"]["f1"]
    speed_ratio = figures["newsfuse"]["pages_per_s"] / figures["trafilatura"]["pages_per_s"]
    print(
        f"newsfuse/trafilatura: F1 x{f1_ratio:.4f}, speed x{speed_ratio:.2f}  "
        f"({len(files)} pages, best of {args.repeat}, peak RSS {peak_rss_mb():.0f} MB)"
    )
    if args.json:
        figures["ratio"] = {"f1": f1_ratio, "speed": speed_ratio}
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
