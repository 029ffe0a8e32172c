"""Ingest over a process pool stores exactly what one process stores."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import pytest

from newsfuse import ingest
from newsfuse.config import load_settings
from newsfuse.store import SQLiteStore


def _stored(store: SQLiteStore) -> dict[str, Any]:
    return {
        "articles": [a.to_dict() for a in store.iter_articles()],
        "mentions": list(store.iter_mentions()),
        "figures": list(store.iter_figures()),
        "quotes": list(store.iter_quotes()),
        "stories": [dataclasses.asdict(s) for s in store.iter_stories()],
        "figure_groups": list(store.iter_figure_groups()),
        "events": list(store.iter_story_events()),
    }


@pytest.mark.slow
def test_two_workers_store_what_one_process_stores(
    karabakh_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five articles would never be split otherwise.
    monkeypatch.setattr(ingest, "_MIN_CHUNK", 1)
    stored = []
    for workers in (1, 2):
        settings = load_settings(environ={"NEWSFUSE_INGEST_WORKERS": str(workers)})
        assert ingest.workers(settings) == workers
        with SQLiteStore(tmp_path / f"workers{workers}.db") as store:
            report = ingest.ingest([karabakh_dir], store, settings)
            assert report.ok and len(report.added) == 5
            stored.append(_stored(store))
    one, two = stored
    assert one["mentions"] and one["quotes"] and one["stories"]
    assert one == two


def test_no_setting_means_one_worker_per_core() -> None:
    settings = load_settings(environ={})
    assert settings.ingest.workers == 0
    assert ingest.workers(settings) >= 1
