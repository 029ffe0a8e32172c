"""The dossier: time to load and build it for the Karabakh story and a 50-article story.

1. ../shared/corpus/karabakh-2020 (5 articles, one story) is ingested into a
   temporary store; ``load_dossier`` (store reads plus ``build_dossier``) is
   timed, full and brief, ``--repeat`` times each, after one untimed build that
   loads the MiniLM model: cold (the encoder's sentence vectors forgotten) and
   warm (the same dossier again, as the web app rebuilds it on each visit).
2. 50 articles of one BBC News category (``--category``, default politics; the
   first 50 files by name) are ingested into another temporary store. BBC
   categories are topics, not stories, so clustering splits them: every
   article is then forced into one story (its figure groups and events
   reconciled as ingest does for a story) so that the dossier has 50 articles
   to read, about 900 candidate sentences. Timed as in 1.

Ingest time is not counted. Peak RSS is the process's (the model, spaCy and
the stores included), reported after each part.

    python bench/summary.py [--repeat N] [--category NAME] [--json PATH]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from _common import EVAL, REPO, SHARED, peak_rss_mb, require
from newsfuse.config import Settings, load_settings
from newsfuse.dossier import load_dossier
from newsfuse.ingest import ingest
from newsfuse.model import Story
from newsfuse.stages.reconcile import merge_events, reconcile_figures
from newsfuse.stages.summarize import shared_encoder
from newsfuse.store import Store, open_store


def timed(store: Store, story: str, settings: Settings, repeat: int) -> dict[str, Any]:
    """Seconds per ``load_dossier`` call, cold (no sentence vector remembered) and warm
    (the same story again, as a web app serves it), and the summary's size."""
    figures: dict[str, Any] = {}
    load_dossier(store, story, settings)  # loads the model
    encoder = shared_encoder(settings.summary.model, settings.summary.batch_size)
    for length in ("full", "brief"):
        cold, warm = [], []
        for _ in range(repeat):
            encoder.forget()
            start = time.perf_counter()
            dossier = load_dossier(store, story, settings, length=length)
            cold.append(time.perf_counter() - start)
            start = time.perf_counter()
            load_dossier(store, story, settings, length=length)
            warm.append(time.perf_counter() - start)
        assert dossier is not None
        figures[length] = {
            "median_s": round(statistics.median(cold), 3),
            "max_s": round(max(cold), 3),
            "warm_median_s": round(statistics.median(warm), 3),
            "sentences": len(dossier.summary),
            "articles": len(dossier.articles),
            "timeline": len(dossier.timeline),
        }
        print(
            f"  {length:5s}: cold median {figures[length]['median_s']:.2f} s, "
            f"max {figures[length]['max_s']:.2f} s; warm median "
            f"{figures[length]['warm_median_s']:.2f} s over {repeat} runs; "
            f"{len(dossier.articles)} articles, {len(dossier.summary)} summary sentences, "
            f"{len(dossier.timeline)} timeline entries"
        )
    figures["peak_rss_mb"] = round(peak_rss_mb(), 1)
    print(f"  peak RSS so far: {figures['peak_rss_mb']:.0f} MB")
    return figures


def one_story(store: Store, settings: Settings) -> str:
    """Put every stored article into one story, with its claims reconciled; its id."""
    articles = list(store.iter_articles())
    story = Story(
        id="sbench50",
        title="bench: one story of every article",
        articles=tuple(a.id for a in articles),
        independent_sources=len(articles),
    )
    store.replace_stories([story])
    names = {e.id: e.name for e in store.iter_entities()}
    groups = reconcile_figures(
        story.id, articles, max_gap_days=settings.figures.max_gap_days, entity_names=names
    )
    store.put_story_claims(story.id, groups, merge_events(story.id, articles))
    return story.id


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="timed builds per length")
    parser.add_argument("--category", default="politics", help="BBC News category folder")
    parser.add_argument(
        "--json",
        type=Path,
        default=REPO / "bench" / "results" / "summary.json",
        help="where to write the figures as JSON (default bench/results/summary.json)",
    )
    args = parser.parse_args()
    karabakh = require(SHARED / "corpus" / "karabakh-2020")
    bbc = sorted(require(EVAL / "bbc-news" / args.category).glob("*.txt"))[:50]
    settings = load_settings(environ={})
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "karabakh.db")
        ingest([karabakh], store, settings)
        (story,) = store.iter_stories()
        print(f"karabakh ({story.id}, {len(story.articles)} articles):")
        figures["karabakh"] = timed(store, story.id, settings, args.repeat)
        store.close()

        store = open_store(Path(folder) / "bbc.db")
        report = ingest(bbc, store, settings)
        story_id = one_story(store, settings)
        print(f"bbc-news/{args.category}, {len(report.added)} articles forced into one story:")
        figures["fifty"] = timed(store, story_id, settings, args.repeat)
        store.close()
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
