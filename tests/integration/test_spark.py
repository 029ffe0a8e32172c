"""``newsfuse spark-run`` in Spark local mode writes what single-machine ingest stores.

Real articles: Gun Violence Archive incidents (several local reports each, some
syndicated word for word, with casualty figures and quotes) and BBC articles
from a folder, so that copies, stories, figures and boilerplate all have work
to do. Entities are compared through what depends on them (story entity
names, figure group speakers).
"""

from __future__ import annotations

import importlib.util
import json
import shutil
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from newsfuse.cli import app, load_commands
from newsfuse.config import Settings
from newsfuse.ingest import ingest
from newsfuse.store import open_store

pytestmark = [
    pytest.mark.slow,
    pytest.mark.spark,
    pytest.mark.shared,
    pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs Java (17) on PATH"),
    pytest.mark.skipif(
        importlib.util.find_spec("pyspark") is None,
        reason="pyspark is not installed: pip install 'newsfuse[spark]'",
    ),
]

GVA_INCIDENTS = 60
BBC_ARTICLES = 20


def _inputs(shared: Path, folder: Path) -> list[str]:
    gva = folder / "gva.jsonl"
    with (
        (shared / "eval/gva/incidents.jsonl").open(encoding="utf-8") as lines,
        gva.open("w", encoding="utf-8") as out,
    ):
        for line in list(lines)[:GVA_INCIDENTS]:
            for article in json.loads(line)["articles"]:
                if not (article["content"] or "").strip():
                    continue  # an input error on both sides; not what this test compares
                record = {"text": article["content"], "title": article["title"]}
                record |= {"url": article["uri"], "date": article["dct"]}
                out.write(json.dumps(record) + "\n")
    bbc = folder / "bbc"
    bbc.mkdir()
    for source in sorted((shared / "eval/bbc-news/business").glob("*.txt"))[:BBC_ARTICLES]:
        (bbc / source.name).write_bytes(source.read_bytes())
    return [str(gva), str(bbc)]


def _table(output: Path, name: str) -> list[dict[str, Any]]:
    import pyarrow.parquet as pq

    return list(pq.read_table(output / name).to_pylist())


def test_spark_run_equals_ingest(shared_dir: Path, tmp_path: Path) -> None:
    inputs = _inputs(shared_dir, tmp_path)
    output = tmp_path / "out"
    load_commands()
    result = CliRunner().invoke(
        app, ["spark-run", *inputs, "--output", str(output), "--master", "local[2]"]
    )
    assert result.exit_code == 0, result.output

    store = open_store(tmp_path / "single.db")
    report = ingest(inputs, store, Settings())
    assert report.ok

    articles = {row["id"]: row for row in _table(output, "articles")}
    stored = list(store.iter_articles())
    assert len(stored) > 50
    assert set(articles) == {a.id for a in stored}
    for article in stored:
        row = articles[article.id]
        assert row["text"] == article.text, article.id
        assert row["story"] == article.story, article.id
        assert row["duplicate_of"] == article.duplicate_of, article.id
        record = json.loads(row["record"])
        assert record["derived_from"] == [asdict(r) for r in article.derived_from]
        assert record["removed"] == [
            {"text": s.text, "reason": s.reason, "at": s.at} for s in article.removed
        ]
    assert any(a.duplicate_of or a.derived_from for a in stored), "no copies to compare"

    figures = {
        (r["id"], r["kind"], r["low"], r["high"], r["article"], r["start"], r["end"])
        for r in _table(output, "figures")
    }
    assert figures == {
        (f.id, f.kind, f.low, f.high, f.span.article, f.span.start, f.span.end)
        for f in store.iter_figures()
    }
    assert figures
    quotes = {
        (r["id"], r["article"], r["start"], r["end"], r["speaker"])
        for r in _table(output, "quotes")
    }
    assert quotes == {
        (q.id, q.span.article, q.span.start, q.span.end, q.speaker) for q in store.iter_quotes()
    }
    assert quotes

    stories = {r["id"]: set(r["articles"]) for r in _table(output, "stories")}
    assert stories == {s.id: set(s.articles) for s in store.iter_stories()}
    assert any(len(members) > 1 for members in stories.values())
    story_records = {r["id"]: json.loads(r["record"]) for r in _table(output, "stories")}
    for story in store.iter_stories():
        assert story_records[story.id]["title"] == story.title
        assert story_records[story.id]["entities"] == list(story.entities)

    groups = {r["id"]: json.loads(r["record"]) for r in _table(output, "figure_groups")}
    assert groups == {g.id: g.to_dict() for g in store.iter_figure_groups()}
    assert groups
    events = {r["id"] for r in _table(output, "events")}
    assert events == {e.id for e in store.iter_story_events()}
    store.close()
