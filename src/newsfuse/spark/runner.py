"""The single-machine pipeline, run as Spark jobs: the same stage code inside Spark tasks.

Every step below calls the public functions that ``newsfuse.ingest`` calls; what
Spark adds is where they run and how candidates meet:

1. Inputs are read on the driver by :func:`newsfuse.sources.read_paths` (file
   I/O only) and handed to tasks, which extract, clean and analyse them. An
   article id seen twice keeps its first reading, as ingest keeps the stored one.
2. Site boilerplate, the one corpus statistic of cleaning, is a first pass: the
   carriers of every (site, line) are grouped, and a line that enough articles
   carry is judged by :meth:`Cleaner.fit` on the same first carriers (by id) that
   ingest's fit looks at. Cleaning then runs with those lines, which is the
   boilerplate ingest converges to however its batches fell.
3. The stages run in ``mapPartitions``, built once per Python worker process
   (workers are reused, so models load once per executor core, not per task).
4. Entities are resolved on the driver from the mentions alone (resolution is
   corpus-wide, and the mentions are a small part of the corpus).
5. Copies: MinHash signatures (:func:`copies.signature`) are cut into LSH bands
   and grouped by band (a band self-join); winnowed fingerprints are grouped the
   same way, honouring :class:`CopyIndex`'s ``max_postings`` stop in the order
   ingest adds articles. Every candidate pair is verified exactly by a
   two-article :class:`CopyIndex`, so the relations are the index's own.
6. Stories: articles meet through shared blocking keys (with the clusterer's
   ``max_postings`` bound in id order, the order ingest adds them), links are
   the pairs whose :func:`affinity` reaches the threshold, the driver joins
   links into components, and each component is clustered in one task by a
   :class:`StoryClusterer`, whose clustering depends on the component alone.
   Each story is then built and reconciled in that task.

Tables are written as Parquet under the output folder, one folder each.
"""

from __future__ import annotations

import functools
import itertools
import json
import logging
import math
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np
from pyspark import StorageLevel
from pyspark.rdd import RDD
from pyspark.sql import SparkSession
from pyspark.sql.types import (
    ArrayType,
    DoubleType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.export import entity_record, event_record, figure_record, quote_record, story_record
from newsfuse.model import Article, Entity, Mention, RawDoc, Reuse, StoryFeatures
from newsfuse.pipeline import Extractor, Stage, build_extractor, build_stages, extract_all
from newsfuse.sources import read_paths
from newsfuse.stages.analyse.resolve import EntityResolver
from newsfuse.stages.clean import BOILERPLATE_SAMPLE, Cleaner
from newsfuse.stages.copies import (
    CopyIndex,
    derived_from,
    duplicate_of,
    lsh_bands,
    order_key,
    shingle_sequence,
    signature,
    winnow,
)
from newsfuse.stages.reconcile import merge_events, reconcile_figures
from newsfuse.stages.stories import (
    Embedder,
    StoryClusterer,
    Weights,
    affinity,
    build_story,
    story_features,
)

__all__ = ["TABLES", "SparkReport", "run", "session"]

LOGGER = logging.getLogger(__name__)

_STR = StringType()

#: Parquet tables written under the output folder: name -> schema. Key fields are
#: columns; ``record`` holds the full export record as JSON.
TABLES: dict[str, StructType] = {
    "articles": StructType(
        [
            StructField("id", _STR, False),
            StructField("path", _STR),
            StructField("url", _STR),
            StructField("site", _STR),
            StructField("title", _STR),
            StructField("published", _STR),
            StructField("language", _STR),
            StructField("story", _STR),
            StructField("duplicate_of", _STR),
            StructField("text", _STR),
            StructField("record", _STR),
        ]
    ),
    "figures": StructType(
        [
            StructField("id", _STR, False),
            StructField("article", _STR),
            StructField("kind", _STR),
            StructField("low", DoubleType()),
            StructField("high", DoubleType()),
            StructField("start", IntegerType()),
            StructField("end", IntegerType()),
            StructField("record", _STR),
        ]
    ),
    "quotes": StructType(
        [
            StructField("id", _STR, False),
            StructField("article", _STR),
            StructField("start", IntegerType()),
            StructField("end", IntegerType()),
            StructField("speaker", _STR),
            StructField("record", _STR),
        ]
    ),
    "events": StructType(
        [
            StructField("id", _STR, False),
            StructField("story", _STR),
            StructField("type", _STR),
            StructField("record", _STR),
        ]
    ),
    "figure_groups": StructType(
        [
            StructField("id", _STR, False),
            StructField("story", _STR),
            StructField("kind", _STR),
            StructField("status", _STR),
            StructField("record", _STR),
        ]
    ),
    "stories": StructType(
        [
            StructField("id", _STR, False),
            StructField("title", _STR),
            StructField("articles", ArrayType(_STR)),
            StructField("record", _STR),
        ]
    ),
    "entities": StructType(
        [
            StructField("id", _STR, False),
            StructField("name", _STR),
            StructField("type", _STR),
            StructField("record", _STR),
        ]
    ),
    "errors": StructType([StructField("seq", LongType()), StructField("error", _STR)]),
}


@dataclass(slots=True)
class SparkReport:
    """What one Spark run wrote: rows per table, and every input that failed."""

    rows: dict[str, int] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def session(master: str | None = None, app_name: str = "newsfuse") -> SparkSession:
    """A Spark session; under ``spark-submit`` the master and settings come from there.

    A local master runs Python workers with this interpreter, so they import
    the same newsfuse and models without any cluster set-up.
    """
    builder = SparkSession.builder.appName(app_name)
    if master:
        builder = builder.master(master)
    if (master or "local").startswith("local"):
        # PySpark picks the workers' Python when the context starts, from here.
        os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
        builder = builder.config("spark.ui.showConsoleProgress", "false")
        # Spark's default of 200 shuffle partitions suits a cluster; on one
        # machine each is a task with its own start-up, and most would be empty.
        builder = builder.config("spark.sql.shuffle.partitions", str(2 * (os.cpu_count() or 1)))
    return builder.getOrCreate()


# -- built once per Python worker ------------------------------------------------------
# Settings are frozen dataclasses, so they key these caches: a worker reused by the
# next task (or the next run with other settings) gets the right, already loaded models.


@functools.lru_cache(maxsize=4)
def _stages(settings: Settings) -> list[Stage]:
    return build_stages(settings)


@functools.lru_cache(maxsize=4)
def _extractor(settings: Settings) -> Extractor:
    return build_extractor(settings)


@functools.lru_cache(maxsize=4)
def _embedder(settings: Settings) -> Embedder:
    return Embedder(package=settings.stories.model, batch_size=settings.stories.batch_size)


def _cleaner(stages: Iterable[Stage]) -> Cleaner:
    return next(stage for stage in stages if isinstance(stage, Cleaner))


def _copy_index(settings: Settings) -> CopyIndex:
    return CopyIndex(
        duplicate_threshold=settings.copies.duplicate_threshold,
        partial_threshold=settings.copies.partial_threshold,
        min_shingles=settings.copies.min_shingles,
    )


def _story_clusterer(settings: Settings) -> StoryClusterer:
    return StoryClusterer(
        threshold=settings.stories.threshold,
        weights=Weights(max_gap_days=settings.stories.max_gap_days),
        max_postings=settings.stories.max_postings,
    )


# -- task functions ---------------------------------------------------------------------


def _extract(
    settings: Settings,
) -> Callable[[Iterable[tuple[int, RawDoc | str]]], Iterator[tuple[int, Article | str]]]:
    def run(docs: Iterable[tuple[int, RawDoc | str]]) -> Iterator[tuple[int, Article | str]]:
        extractor = _extractor(settings)
        for seq, doc in docs:
            if isinstance(doc, str):
                yield seq, doc
                continue
            (item,) = extract_all(extractor, [doc])
            yield seq, _message(item) if isinstance(item, InputError) else item

    return run


def _analyse(
    settings: Settings, boilerplate: frozenset[tuple[str, str]]
) -> Callable[[Iterable[Article]], Iterator[Article]]:
    def run(articles: Iterable[Article]) -> Iterator[Article]:
        stages = _stages(settings)
        _cleaner(stages).boilerplate_ = boilerplate
        flow: Iterable[Article] = list(articles)
        for stage in stages:
            flow = stage(flow)
        yield from flow

    return run


def _is_boilerplate(
    settings: Settings,
) -> Callable[[tuple[tuple[str, str], Iterable[Article]]], bool]:
    def judge(item: tuple[tuple[str, str], Iterable[Article]]) -> bool:
        key, carriers = item
        cleaner = _cleaner(build_stages(settings, ["clean"]))
        return key in cleaner.fit(sorted(carriers, key=lambda a: a.id)).boilerplate_

    return judge


def _features(settings: Settings) -> Callable[[Iterable[Article]], Iterator[StoryFeatures]]:
    def run(articles: Iterable[Article]) -> Iterator[StoryFeatures]:
        embedder = _embedder(settings)
        batch = list(articles)
        for start in range(0, len(batch), max(1, settings.ingest.batch_size)):
            chunk = batch[start : start + settings.ingest.batch_size]
            yield from map(story_features, chunk, embedder(chunk))

    return run


@dataclass(frozen=True, slots=True)
class _CopyKeys:
    """What candidate search needs of one article: its LSH bands and fingerprints."""

    id: str
    order: tuple[bool, str, str]
    bands: tuple[str, ...]
    fingerprints: tuple[int, ...]


def _copy_keys(settings: Settings) -> Callable[[Article], list[_CopyKeys]]:
    params = _copy_index(settings).get_params()

    def keys(article: Article) -> list[_CopyKeys]:
        sequence = shingle_sequence(article.text, params["shingle_size"])
        distinct = np.unique(sequence)
        if distinct.size < params["min_shingles"]:
            return []  # CopyIndex neither bands nor fingerprints such a text
        hashes = signature(distinct.tolist(), params["num_perm"], params["seed"])
        bands, rows = lsh_bands(params["lsh_threshold"], params["num_perm"])
        return [
            _CopyKeys(
                article.id,
                order_key(article.id, article.published),
                tuple(
                    f"{band}:{hashes[band * rows : (band + 1) * rows].tobytes().hex()}"
                    for band in range(bands)
                ),
                tuple(winnow(sequence, params["window"]).tolist()),
            )
        ]

    return keys


def _pairs(ids: Iterable[str]) -> Iterator[tuple[str, str]]:
    return itertools.combinations(sorted(ids), 2)


def _verify(
    settings: Settings,
) -> Callable[[tuple[tuple[Article, Article], tuple[bool, int]]], list[tuple[str, Reuse]]]:
    params = _copy_index(settings).get_params()

    def verify(item: tuple[tuple[Article, Article], tuple[bool, int]]) -> list[tuple[str, Reuse]]:
        (first, second), (by_band, shared_fingerprints) = item
        if not by_band:
            # The same bar as CopyIndex's fingerprint candidates: half the
            # fingerprints the partial threshold implies, of the reusing text.
            reusing = max(first, second, key=lambda a: order_key(a.id, a.published))
            sequence = shingle_sequence(reusing.text, params["shingle_size"])
            fingerprints = winnow(sequence, params["window"]).size
            needed = math.ceil(0.5 * params["partial_threshold"] * fingerprints)
            if shared_fingerprints < max(1, needed):
                return []
        index = CopyIndex(**params)
        index.add(first.id, first.text, first.published)
        return index.add(second.id, second.text, second.published)

    return verify


def _links(
    settings: Settings,
) -> Callable[[tuple[StoryFeatures, Iterable[StoryFeatures]]], list[tuple[str, str]]]:
    clusterer = _story_clusterer(settings)

    def links(item: tuple[StoryFeatures, Iterable[StoryFeatures]]) -> list[tuple[str, str]]:
        later, earlier = item
        candidates = sorted(earlier, key=lambda f: f.article)
        # One row against its candidates in id order: the call StoryClusterer.add makes.
        scores = affinity([later], candidates, clusterer.weights)[0]
        return [
            (c.article, later.article)
            for c, score in zip(candidates, scores, strict=True)
            if score >= clusterer.threshold
        ]

    return links


@dataclass(frozen=True, slots=True)
class _Corpus:
    """What every story task needs to know of the whole corpus (broadcast once)."""

    duplicates: dict[str, str]
    derived: dict[str, tuple[Reuse, ...]]
    entity_of: dict[tuple[str, int, int], str]
    story_names: dict[str, str]
    speaker_names: dict[str, str]


def _finish(article: Article, corpus: _Corpus) -> Article:
    """``article`` as the store holds it once copies and entities are known."""
    return replace(
        article,
        duplicate_of=corpus.duplicates.get(article.id),
        derived_from=corpus.derived.get(article.id, ()),
        mentions=tuple(
            replace(m, entity=corpus.entity_of.get((m.span.article, m.span.start, m.span.end)))
            for m in article.mentions
        ),
    )


Row = tuple[str, tuple[Any, ...]]


def _stories(
    settings: Settings, corpus: Any
) -> Callable[[tuple[str, Iterable[tuple[Article, StoryFeatures]]]], Iterator[Row]]:
    def run(item: tuple[str, Iterable[tuple[Article, StoryFeatures]]]) -> Iterator[Row]:
        known: _Corpus = corpus.value
        _, members = item
        articles = {a.id: _finish(a, known) for a, _ in members}
        features = {f.article: f for _, f in members}
        clusterer = _story_clusterer(settings)
        clusterer.add(features[a] for a in sorted(features))
        for story_id, member_ids in clusterer.stories_.items():
            ordered = [articles[i] for i in member_ids]
            story = build_story(
                story_id,
                ordered,
                features,
                component=clusterer.component_of(member_ids[0]),
                entity_names=known.story_names,
            )
            yield (
                "stories",
                (story.id, story.title, list(story.articles), _json(story_record(story))),
            )
            for group in reconcile_figures(
                story_id,
                ordered,
                max_gap_days=settings.figures.max_gap_days,
                entity_names=known.speaker_names,
            ):
                yield "figure_groups", (
                    group.id, group.story, group.kind, group.status, _json(group.to_dict()),
                )  # fmt: skip
            for event in merge_events(story_id, ordered):
                yield "events", (event.id, event.story, event.type, _json(event_record(event)))
            for article in ordered:
                yield from _article_rows(replace(article, story=story_id), known)

    return run


def _article_rows(article: Article, corpus: _Corpus) -> Iterator[Row]:
    record = article.to_dict()
    for section in ("raw_text", "mentions", "figures", "quotes", "events"):
        del record[section]
    yield "articles", (
        article.id, article.path, article.url, article.site, article.title, article.published,
        article.language, article.story, article.duplicate_of, article.text, _json(record),
    )  # fmt: skip
    for figure in article.figures:
        yield "figures", (
            figure.id, figure.span.article, figure.kind, figure.low, figure.high,
            figure.span.start, figure.span.end, _json(figure_record(figure, corpus.entity_of)),
        )  # fmt: skip
    for quote in article.quotes:
        yield "quotes", (
            quote.id, quote.span.article, quote.span.start, quote.span.end, quote.speaker,
            _json(quote_record(quote, corpus.entity_of)),
        )  # fmt: skip


def _json(record: dict[str, Any]) -> str:
    return json.dumps(record, ensure_ascii=False, sort_keys=True)


# -- the driver ---------------------------------------------------------------------------


def _message(error: InputError) -> str:
    # InputError does not survive pickling (its __init__ takes more than the message).
    return str(error)


def _read(spark: SparkSession, inputs: Sequence[str], settings: Settings) -> RDD[Any]:
    read = read_paths(inputs, max_article_bytes=settings.ingest.max_article_bytes)
    docs = [
        (seq, _message(doc) if isinstance(doc, InputError) else doc) for seq, doc in enumerate(read)
    ]
    slices = max(1, min(len(docs), spark.sparkContext.defaultParallelism * 4))
    return spark.sparkContext.parallelize(docs, slices)


def _boilerplate(articles: RDD[Article], settings: Settings) -> frozenset[tuple[str, str]]:
    cleaner = _cleaner(build_stages(settings, ["clean"]))
    minimum = cleaner.boilerplate_min_articles
    sample = max(BOILERPLATE_SAMPLE, minimum)
    carriers = (
        articles.flatMap(lambda a: [((a.site or "", h), a.id) for h in cleaner.line_hashes(a)])
        .groupByKey()
        .filter(lambda item: len(item[1]) >= minimum)
        .flatMap(lambda item: [(i, item[0]) for i in sorted(item[1])[:sample]])
    )
    judged = (
        carriers.join(articles.keyBy(lambda a: a.id))
        .map(lambda item: item[1])
        .groupByKey()
        .filter(_is_boilerplate(settings))
    )
    return frozenset(judged.keys().collect())


def _resolve(analysed: RDD[Article], settings: Settings) -> list[Entity]:
    # The order the store lists mentions in (article, then offset; ties as the
    # stage gave them), which the resolver's output may depend on.
    mentions: list[tuple[str, int, int, Mention]] = analysed.flatMap(
        lambda a: [(a.id, m.span.start, n, m) for n, m in enumerate(a.mentions)]
    ).collect()
    mentions.sort(key=lambda row: row[:3])
    resolver = EntityResolver(merge_threshold=settings.entities.merge_threshold)
    return resolver.fit(row[3] for row in mentions).entities_


def _relations(analysed: RDD[Article], settings: Settings) -> list[tuple[str, Reuse]]:
    max_postings = _copy_index(settings).max_postings
    keys = analysed.flatMap(_copy_keys(settings)).persist(StorageLevel.MEMORY_AND_DISK)
    by_band = (
        keys.flatMap(lambda k: [(band, k.id) for band in k.bands])
        .groupByKey()
        .flatMap(lambda item: _pairs(item[1]))
        .distinct()
        .map(lambda pair: (pair, (True, 0)))
    )

    def fingerprint_pairs(holders: Iterable[tuple[tuple[bool, str, str], str]]) -> list[Any]:
        # CopyIndex adds articles in the store's order (order_key) and stops a
        # fingerprint when its holder after max_postings arrives: that holder
        # still meets the earlier ones, later holders meet nobody through it.
        first = [i for _, i in sorted(holders)[: max_postings + 1]]
        return [(tuple(sorted(pair)), 1) for pair in itertools.combinations(first, 2)]

    by_fingerprint = (
        keys.flatMap(lambda k: [(f, (k.order, k.id)) for f in k.fingerprints])
        .groupByKey()
        .flatMap(lambda item: fingerprint_pairs(item[1]))
        .reduceByKey(lambda a, b: a + b)
        .map(lambda item: (item[0], (False, item[1])))
    )
    candidates = by_band.union(by_fingerprint).reduceByKey(
        lambda a, b: (a[0] or b[0], max(a[1], b[1]))
    )
    by_id = analysed.keyBy(lambda a: a.id)
    pairs = (
        candidates.map(lambda item: (item[0][0], (item[0][1], item[1])))
        .join(by_id)
        .map(lambda item: (item[1][0][0], (item[1][1], item[1][0][1])))
        .join(by_id)
        .map(lambda item: ((item[1][0][0], item[1][1]), item[1][0][1]))
    )
    relations: list[tuple[str, Reuse]] = pairs.flatMap(_verify(settings)).collect()
    keys.unpersist()
    return sorted(relations, key=lambda pair: (pair[0], pair[1].source))


def _components(features: RDD[StoryFeatures], settings: Settings) -> dict[str, str]:
    max_postings = _story_clusterer(settings).max_postings
    # StoryClusterer adds articles in id order and a key held by max_postings
    # articles already finds no more candidates: only its first holders pair up.
    candidates = (
        features.flatMap(lambda f: [(key, f.article) for key in f.blocking_keys()])
        .groupByKey()
        .flatMap(lambda item: _pairs(sorted(item[1])[:max_postings]))
        .distinct()
    )
    by_id = features.keyBy(lambda f: f.article)
    grouped = (
        candidates.join(by_id)
        .map(lambda item: (item[1][0], item[1][1]))
        .groupByKey()
        .join(by_id)
        .map(lambda item: (item[1][1], item[1][0]))
    )
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for left, right in grouped.flatMap(_links(settings)).toLocalIterator():
        a, b = find(left), find(right)
        if a != b:
            parent[max(a, b)] = min(a, b)
    return {node: find(node) for node in parent}


def run(
    inputs: Sequence[str],
    output: str,
    settings: Settings,
    spark: SparkSession,
) -> SparkReport:
    """Run the whole pipeline over ``inputs`` and write its tables as Parquet under ``output``.

    ``output`` is any path Spark can write (a local folder, ``hdfs://``,
    ``s3a://``); existing tables there are replaced.
    """
    report = SparkReport()
    sc = spark.sparkContext
    extracted = _read(spark, inputs, settings).mapPartitions(_extract(settings))
    extracted.persist(StorageLevel.MEMORY_AND_DISK)
    failed = extracted.filter(lambda item: isinstance(item[1], str)).collect()
    report.errors = [str(message) for _, message in sorted(failed)]
    articles = (
        extracted.filter(lambda item: isinstance(item[1], Article))
        .map(lambda item: (item[1].id, item))
        .reduceByKey(lambda a, b: min(a, b, key=lambda x: x[0]))
        .map(lambda item: item[1][1])
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    boilerplate = _boilerplate(articles, settings)
    LOGGER.info("learned %d site boilerplate lines", len(boilerplate))
    analysed = articles.mapPartitions(_analyse(settings, boilerplate))
    # Analysis (NER above all) is the costly step: materialise it once.
    analysed.persist(StorageLevel.MEMORY_AND_DISK)
    extracted.unpersist()
    articles.unpersist()
    LOGGER.info("analysed %d articles", analysed.count())

    entities = _resolve(analysed, settings)
    features = analysed.mapPartitions(_features(settings)).persist(StorageLevel.MEMORY_AND_DISK)
    relations = _relations(analysed, settings)
    published = dict(analysed.map(lambda a: (a.id, a.published)).collect())
    component = _components(features, settings)
    corpus = sc.broadcast(
        _Corpus(
            duplicates=duplicate_of(relations, published),
            derived=derived_from(relations),
            entity_of={
                (m.span.article, m.span.start, m.span.end): e.id
                for e in entities
                for m in e.mentions
            },
            # As ingest names them: nationalities say little about what a story is about.
            story_names={e.id: e.name for e in entities if e.type != "group"},
            speaker_names={e.id: e.name for e in entities},
        )
    )
    rows = (
        analysed.keyBy(lambda a: a.id)
        .join(features.keyBy(lambda f: f.article))
        .map(lambda item: (component.get(item[0], item[0]), item[1]))
        .groupByKey()
        .flatMap(_stories(settings, corpus))
        .persist(StorageLevel.MEMORY_AND_DISK)
    )
    tables: dict[str, RDD[Any]] = {
        name: rows.filter(lambda row, name=name: row[0] == name).map(lambda row: row[1])
        for name in TABLES
        if name not in {"entities", "errors"}
    }
    tables["entities"] = sc.parallelize(
        [(e.id, e.name, e.type, _json(entity_record(e))) for e in entities], 1
    )
    tables["errors"] = sc.parallelize(sorted(failed), 1)
    for name, schema in TABLES.items():
        frame = spark.createDataFrame(tables[name], schema)
        frame.write.mode("overwrite").parquet(f"{output.rstrip('/')}/{name}")
        report.rows[name] = spark.read.parquet(f"{output.rstrip('/')}/{name}").count()
    for cached in (rows, features, analysed):
        cached.unpersist()
    corpus.unpersist()
    return report
