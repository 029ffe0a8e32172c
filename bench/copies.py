"""Copy detection: precision and recall on GVA, false copies on BBC, speed and memory.

1. GVA (../shared/eval/gva/incidents.jsonl): all ~3,100 articles go into one
   :class:`~newsfuse.stages.copies.CopyIndex`, text = ``content`` (raw
   extraction, site chrome included), published = ``dct``, key
   ``"<incident_id>:<index>"``. A predicted pair is any relation, duplicate or
   partial, either direction. The gold is exact paragraph overlap over *all*
   pairs (see bench/_copy_gold.py): paragraphs are lines, whitespace
   collapsed, case folded, quotes straightened; paragraphs of 40+ characters
   shared verbatim must cover at least half of the shorter article's story
   text, where paragraphs recurring in articles of 3+ different incidents are
   boilerplate and count neither as shared nor as story text.
   Scores are given for all articles and again without "pages without story
   text" (under 200 characters once boilerplate is gone: extraction failures
   whose whole text is a site's or a CMS's chrome, which is the same text on
   every such page and so a textual copy, but no copy of a story). Misses and
   false copies are explained: too short to call, the later article is mostly
   its own text, or, for pairs the paragraph gold rejects, verbatim word runs
   of 12+ words (difflib alignment) that cover half the reusing article.
2. BBC (../shared/eval/bbc-news, text after the title line): files with
   identical text are true copies, reported apart; every other predicted pair
   is checked against the paragraph gold (no boilerplate rule: the texts are
   clean) and, when it is not confirmed, against the word-run check.
   Scored a third time on the clean stage's text, which is what ingest indexes.
3. Speed and memory: articles/s indexing BBC; a 10,000-article index of BBC
   texts in five slightly changed versions, median time of 20 adds (each
   removed again) of an unrelated article at 1,000 to 10,000 articles and of a
   sixth version of an indexed text at 10,000; resident memory the 10k index
   adds; peak RSS.

    python bench/copies.py [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import time
from collections import Counter
from collections.abc import Mapping
from pathlib import Path

from _common import EVAL, peak_rss_mb, require
from _copy_gold import Gold, paragraph_gold, paragraphs, run_cover, unordered
from newsfuse.model import Article, Reuse
from newsfuse.stages.clean import Cleaner
from newsfuse.stages.copies import CopyIndex, order_key, shingles

#: Story text below this many characters (boilerplate removed): an extraction failure.
MIN_STORY_CHARS = 200
#: How many examples of each kind of error to list.
SHOW = 5

Pair = tuple[str, str]


def preview(text: str, width: int = 60) -> str:
    """The first line of a text, cut to ``width`` characters (never the article)."""
    first = next(iter(paragraphs(text)), "")
    return repr(first[:width] + ("..." if len(first) > width else ""))


def index_all(
    index: CopyIndex, texts: Mapping[str, str], dates: Mapping[str, str | None]
) -> tuple[dict[Pair, tuple[str, Reuse]], float]:
    """Add every text; unordered pair -> (reusing id, Reuse), and the seconds it took."""
    found: dict[Pair, tuple[str, Reuse]] = {}
    start = time.perf_counter()
    for key, text in texts.items():
        for reusing, reuse in index.add(key, text, dates[key]):
            found[(min(reusing, reuse.source), max(reusing, reuse.source))] = (reusing, reuse)
    return found, time.perf_counter() - start


def scores(predicted: set[Pair], gold: set[Pair]) -> dict[str, float]:
    hits = len(predicted & gold)
    precision = hits / len(predicted) if predicted else 1.0
    recall = hits / len(gold) if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": precision,
        "recall": recall,
        "f1": f1,
        "predicted": len(predicted),
        "gold": len(gold),
        "hits": hits,
    }


def print_scores(name: str, figures: Mapping[str, float]) -> None:
    print(
        f"  {name}: precision {figures['precision']:.3f}, recall {figures['recall']:.3f}, "
        f"F1 {figures['f1']:.3f} ({figures['hits']:.0f} of {figures['predicted']:.0f} "
        f"predicted pairs in a gold of {figures['gold']:.0f})"
    )


def describe(reusing: str, reuse: Reuse, cover: float, runs: float) -> str:
    """One predicted relation with the measures that judge it."""
    return (
        f"{reusing} from {reuse.source} ({reuse.kind}, shared {reuse.shared:.2f}, "
        f"J {reuse.jaccard:.2f}, paragraph cover {cover:.2f}, word runs {runs:.2f})"
    )


def why_missed(
    pair: Pair, texts: Mapping[str, str], dates: Mapping[str, str | None], index: CopyIndex
) -> str:
    """Why the index has no relation for a gold pair, measured on its shingles."""
    left, right = (shingles(texts[key], index.shingle_size) for key in pair)
    if min(len(left), len(right)) < index.min_shingles:
        return "too short"
    later = max(pair, key=lambda key: order_key(key, dates[key]))
    mine = left if later == pair[0] else right
    common = len(left & right)
    if common / len(mine) < index.partial_threshold <= common / min(len(left), len(right)):
        return "later article mostly its own"
    return "other"


def gva() -> dict[str, object]:
    path = require(EVAL / "gva" / "incidents.jsonl")
    texts: dict[str, str] = {}
    dates: dict[str, str | None] = {}
    incident: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            record = json.loads(line)
            for number, article in enumerate(record["articles"]):
                key = f"{record['incident_id']}:{number}"
                texts[key], dates[key] = article["content"], article["dct"] or None
                incident[key] = str(record["incident_id"])
    start = time.perf_counter()
    gold = paragraph_gold(texts, groups=incident, max_groups=2)
    gold_seconds = time.perf_counter() - start
    index = CopyIndex()
    found, seconds = index_all(index, texts, dates)
    kinds = Counter(reuse.kind for _, reuse in found.values())
    cross = sum(incident[a] != incident[b] for a, b in found)
    groups = Counter(index.duplicate_of([*found.values()]).values())
    print(
        f"GVA: {len(texts):,} articles indexed in {seconds:.1f} s; relations: "
        f"{kinds['duplicate']} duplicate, {kinds['partial']} partial ({cross} across incidents); "
        f"{len(groups)} duplicate groups, largest {max(groups.values(), default=0) + 1}"
    )
    print(
        f"  gold: {len(gold.pairs)} pairs by paragraph overlap ({gold_seconds:.2f} s, "
        f"{gold.boilerplate_paragraphs} boilerplate paragraphs set aside)"
    )
    predicted = set(found)
    everything = scores(predicted, set(gold.pairs))
    print_scores("all articles", everything)
    no_story = {key for key, length in gold.length.items() if length < MIN_STORY_CHARS}
    story = scores(
        {pair for pair in predicted if not set(pair) & no_story},
        {pair for pair in gold.pairs if not set(pair) & no_story},
    )
    print_scores(f"without {len(no_story)} pages without story text", story)
    # What newsfuse actually indexes: the clean stage's text (single-article
    # rules; GVA names no sites, so no learned boilerplate).
    cleaner = Cleaner()
    cleaned = {
        key: cleaner.clean(Article(id=key, path=key, raw_text=text, text=text)).text
        for key, text in texts.items()
    }
    stored, _ = index_all(CopyIndex(), cleaned, dates)
    as_stored = scores(set(stored), set(gold.pairs))
    print_scores("clean text, as newsfuse stores it", as_stored)

    false = sorted(predicted - gold.pairs)
    runs = {pair: run_cover(texts[found[pair][0]], texts[found[pair][1].source]) for pair in false}
    reasons: dict[Pair, str] = {}
    for pair in false:
        if set(pair) & no_story:
            reasons[pair] = "page without story text"
        else:
            reasons[pair] = "word runs confirm" if runs[pair] >= 0.5 else "unconfirmed"
    print(f"  predicted, not gold: {len(false)}: {dict(Counter(reasons.values()))}")
    for reason in ("unconfirmed", "word runs confirm", "page without story text"):
        for pair in [pair for pair in false if reasons[pair] == reason][:SHOW]:
            reusing, reuse = found[pair]
            relation = describe(reusing, reuse, gold.cover(*pair), runs[pair])
            print(f"    {reason}: {relation} {preview(texts[reusing])}")
    missed = sorted(gold.pairs - predicted)
    why = {pair: why_missed(pair, texts, dates, index) for pair in missed}
    print(f"  gold, not predicted: {len(missed)}: {dict(Counter(why.values()))}")
    for pair in missed[: 2 * SHOW]:
        left, right = pair
        print(
            f"    {why[pair]}: {left} / {right} (paragraph cover {gold.cover(*pair):.2f}, "
            f"story chars {gold.length[left]} / {gold.length[right]}) {preview(texts[left])}"
        )
    return {
        "articles": len(texts),
        "seconds": seconds,
        "kinds": dict(kinds),
        "all": everything,
        "story_text_only": story,
        "clean_text": as_stored,
        "false_reasons": dict(Counter(reasons.values())),
        "missed_reasons": dict(Counter(why.values())),
    }


def load_bbc() -> dict[str, str]:
    root = require(EVAL / "bbc-news")
    return {
        path.relative_to(root).as_posix(): path.read_text(encoding="latin-1").split("\n", 1)[-1]
        for path in sorted(root.rglob("*.txt"))
    }


def bbc(texts: Mapping[str, str]) -> dict[str, object]:
    index = CopyIndex()
    found, seconds = index_all(index, texts, dict.fromkeys(texts))
    by_text: dict[str, list[str]] = {}
    for key, text in texts.items():
        by_text.setdefault(text, []).append(key)
    identical = unordered(
        (group[i], group[j])
        for group in by_text.values()
        for i in range(len(group))
        for j in range(i + 1, len(group))
    )
    caught = {pair for pair in identical if pair in found}
    kinds = Counter(found[pair][1].kind for pair in caught)
    print(
        f"BBC: {len(texts):,} articles indexed in {seconds:.1f} s "
        f"({len(texts) / seconds:,.0f} articles/s); {len(found)} relations"
    )
    files = sum(len(group) for group in by_text.values() if len(group) > 1)
    print(
        f"  identical texts: {len(identical)} pairs ({files} files), "
        f"{len(caught)} found ({dict(kinds)})"
    )
    gold: Gold = paragraph_gold(texts)
    distinct = sorted(pair for pair in found if pair not in identical)
    unconfirmed = [pair for pair in distinct if pair not in gold.pairs]
    runs = {
        pair: run_cover(texts[found[pair][0]], texts[found[pair][1].source]) for pair in unconfirmed
    }
    false = [pair for pair in unconfirmed if runs[pair] < 0.5]
    print(
        f"  distinct texts: {len(distinct)} predicted pairs "
        f"({dict(Counter(found[pair][1].kind for pair in distinct))}), "
        f"{len(distinct) - len(unconfirmed)} confirmed by paragraph gold; of the other "
        f"{len(unconfirmed)}, 12+ word runs covering half the reusing article confirm "
        f"{len(unconfirmed) - len(false)}, not confirmed by either: {len(false)}"
    )
    for pair in unconfirmed:
        reusing, reuse = found[pair]
        verdict = "NOT CONFIRMED" if pair in false else "runs confirm"
        print(f"    {verdict}: {describe(reusing, reuse, gold.cover(*pair), runs[pair])}")
    return {
        "articles": len(texts),
        "articles_per_s": len(texts) / seconds,
        "identical_pairs": len(identical),
        "identical_found": len(caught),
        "distinct_predicted": len(distinct),
        "distinct_unconfirmed_by_paragraphs": len(unconfirmed),
        "distinct_unconfirmed_by_runs": len(false),
    }


def _rss_mb() -> float:
    """Current resident memory in MB (Linux), for the growth of one structure."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except OSError:
        return peak_rss_mb()
    return pages * resource.getpagesize() / 2**20


def _variant(text: str, version: int) -> str:
    """``text`` with a tiny change: one word swapped and a version line."""
    return text.replace(" the ", " a ", 1) + f"\n\nUpdated version {version}."


def _median_add_ms(index: CopyIndex, probes: Mapping[str, str]) -> float:
    timings = []
    for key, text in probes.items():
        start = time.perf_counter()
        index.add(key, text, "2030-01-01")
        timings.append(time.perf_counter() - start)
        index.remove(key)
    return 1000 * statistics.median(timings)


def speed(
    texts: Mapping[str, str], others: Mapping[str, str], size: int = 10_000
) -> dict[str, object]:
    base = list(texts.items())
    items = [
        (f"v{version}:{key}", _variant(text, version)) for version in range(5) for key, text in base
    ][:size]
    unrelated = dict(list(others.items())[:20])
    checkpoints = {1_000, 2_500, 5_000, size}
    index = CopyIndex()
    before = _rss_mb()
    scaling: dict[int, float] = {}
    building = 0.0
    for count, (key, text) in enumerate(items, start=1):
        start = time.perf_counter()
        index.add(key, text, None)
        building += time.perf_counter() - start
        if count in checkpoints:
            scaling[count] = _median_add_ms(index, unrelated)
    grown = _rss_mb() - before
    copies = {f"v9:{key}": _variant(text, 9) for key, text in base[:20]}
    copy_ms = _median_add_ms(index, copies)
    print(
        f"speed: {size:,}-article index (BBC x5 versions) built in {building:.1f} s "
        f"({size / building:,.0f} articles/s), resident memory +{grown:.0f} MB "
        f"({1024 * grown / size:.0f} KB/article)"
    )
    print(
        "  median add of an unrelated article (GVA), 20 adds: "
        + ", ".join(f"{ms:.2f} ms at {n:,}" for n, ms in sorted(scaling.items()))
    )
    print(f"  median add of a 6th version of an indexed text at {size:,}: {copy_ms:.2f} ms")
    return {
        "index_size": size,
        "build_articles_per_s": size / building,
        "rss_growth_mb": grown,
        "add_unrelated_ms": scaling,
        "add_copy_ms": copy_ms,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", type=Path, help="Also write the figures here as JSON.")
    args = parser.parse_args()
    figures: dict[str, object] = {"gva": gva()}
    bbc_texts = load_bbc()
    figures["bbc"] = bbc(bbc_texts)
    gva_path = EVAL / "gva" / "incidents.jsonl"
    with gva_path.open(encoding="utf-8") as lines:
        others = {
            f"gva:{number}": article["content"]
            for number, line in enumerate(lines)
            for article in json.loads(line)["articles"][:1]
            if len(article["content"].split()) > 150
        }
    figures["speed"] = speed(bbc_texts, others)
    figures["peak_rss_mb"] = peak_rss_mb()
    print(f"peak RSS {figures['peak_rss_mb']:.0f} MB")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
