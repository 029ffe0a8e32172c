"""One ingest pass: read inputs, extract, run every stage, store.

This is an edge: it wires the readers, the pure stages and a store together.
Articles go through in batches (bounded memory whatever the corpus size); the
per-article stages of a batch run split in order over ``ingest.workers``
processes, and each article is stored in its own transaction. Corpus
statistics for cleaning (site boilerplate) are learned from the batch plus the
stored articles that share its lines, and stored articles are re-cleaned when a
line's boilerplate status changes, so the final store does not depend on the
order inputs arrived in. Copy detection after the batches reads the persisted
copy index for the new articles' candidates only.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from newsfuse.config import Settings
from newsfuse.errors import InputError
from newsfuse.model import Article, Event, FigureGroup, RawDoc, Reuse, Story, StoryFeatures
from newsfuse.pipeline import Extractor, Stage, build_extractor, build_stages, extract_all
from newsfuse.sources import read_paths
from newsfuse.stages.analyse.resolve import EntityResolver
from newsfuse.stages.clean import Cleaner
from newsfuse.stages.copies import CopyIndex, IndexedText, duplicate_of
from newsfuse.stages.reconcile import merge_events, reconcile_figures
from newsfuse.stages.stories import Embedder, StoryClusterer, Weights, build_story, story_features
from newsfuse.store.base import Store

__all__ = [
    "IngestReport",
    "ingest",
    "recluster",
    "resolve_entities",
    "update_stories",
    "workers",
]

LOGGER = logging.getLogger(__name__)

#: Stored carriers of one line looked at to decide whether it is boilerplate.
_SAMPLE_PER_LINE = 20

#: A batch is split over worker processes only into chunks of at least this many
#: articles: below it, shipping articles to a process costs more than it saves.
_MIN_CHUNK = 32

#: New articles whose copies are looked up together: bounds the keys and texts held.
_COPY_CHUNK = 256


def workers(settings: Settings) -> int:
    """Processes the per-article stages run in: ``ingest.workers``, 0 meaning one per core."""
    if settings.ingest.workers > 0:
        return settings.ingest.workers
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# Each worker process builds the stages once (spaCy loads once per process) and
# then runs them on the chunks it is sent.
_WORKER_STAGES: list[Stage] = []


def _start_worker(settings: Settings) -> None:
    _WORKER_STAGES[:] = build_stages(settings)


def _run_chunk(boilerplate: frozenset[tuple[str, str]], articles: list[Article]) -> list[Article]:
    cleaner = next(stage for stage in _WORKER_STAGES if isinstance(stage, Cleaner))
    # The boilerplate the main process learned for this batch, so a chunk is
    # cleaned exactly as it would be in one process.
    cleaner.boilerplate_ = boilerplate
    return _run_stages(articles, _WORKER_STAGES)


class _StageRunner:
    """Runs the stages on a batch: in this process, or split in order over a process pool.

    The pool starts on the first batch large enough to split, so small ingests
    (a handful of files) never pay for starting processes. Chunks come back in
    the order they were sent, so what is stored does not depend on the number
    of workers.
    """

    def __init__(self, stages: list[Stage], settings: Settings) -> None:
        self.stages = stages
        self.settings = settings
        self.workers = workers(settings)
        self._pool: ProcessPoolExecutor | None = None

    def __call__(self, articles: list[Article], cleaner: Cleaner) -> list[Article]:
        parts = min(self.workers, len(articles) // _MIN_CHUNK)
        if parts < 2:
            return _run_stages(articles, self.stages)
        if self._pool is None:
            # spawn, not fork: the parent may hold torch's threads (the story
            # embedder), which a forked child would inherit locked.
            self._pool = ProcessPoolExecutor(
                self.workers,
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_start_worker,
                initargs=(self.settings,),
            )
        size = -(-len(articles) // parts)
        chunks = [articles[start : start + size] for start in range(0, len(articles), size)]
        done = self._pool.map(_run_chunk, [cleaner.boilerplate_] * len(chunks), chunks)
        return [article for chunk in done for article in chunk]

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None


@dataclass(slots=True)
class IngestReport:
    """What one ingest pass did."""

    added: list[str] = field(default_factory=list)
    already_stored: list[str] = field(default_factory=list)
    #: Stored articles run through the stages again: re-cleaned after site
    #: boilerplate changed, or re-analysed by a pipeline with other stages.
    recleaned: list[str] = field(default_factory=list)
    errors: list[InputError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _batches(
    items: Iterable[Article | InputError], size: int
) -> Iterator[list[Article | InputError]]:
    batch: list[Article | InputError] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def ingest(
    paths: Iterable[str | Path],
    store: Store,
    settings: Settings,
    *,
    on_error: Callable[[InputError], None] | None = None,
    on_article: Callable[[Article | InputError], None] | None = None,
) -> IngestReport:
    """Ingest files and folders into ``store``; one bad input never stops the rest.

    ``on_error`` hears each failed input as it happens, ``on_article`` each
    input processed (for progress bars).
    """
    report = IngestReport()
    extractor = build_extractor(settings)
    stages = build_stages(settings)
    cleaner = next(stage for stage in stages if isinstance(stage, Cleaner))
    # Stored articles that an older or different pipeline produced (a store
    # written before the figures stage existed) are analysed again first.
    _rerun(store.unanalysed(_signature(stages)), store, stages, cleaner, report, "re-analysed")
    docs = read_paths(paths, max_article_bytes=settings.ingest.max_article_bytes)
    runner = _StageRunner(stages, settings)
    try:
        _ingest_all(docs, extractor, store, runner, cleaner, report, settings, on_error, on_article)
    finally:
        runner.close()
    # Articles an earlier, killed run stored but never clustered are pending
    # too: what is stored decides what is left to do, not what this run added.
    pending = sorted(set(report.added) | set(store.storyless()))
    if pending or report.recleaned:
        resolve_entities(store, settings)
        if report.recleaned:
            # New clean text means new features, and stories built on the old
            # ones anywhere in the corpus: cluster everything again.
            _embed_missing(store, settings, report.recleaned, refresh=True)
            recluster(store, settings)
        else:
            update_stories(store, settings, pending)
    return report


def _ingest_all(
    docs: Iterable[RawDoc | InputError],
    extractor: Extractor,
    store: Store,
    runner: _StageRunner,
    cleaner: Cleaner,
    report: IngestReport,
    settings: Settings,
    on_error: Callable[[InputError], None] | None,
    on_article: Callable[[Article | InputError], None] | None,
) -> None:
    for batch in _batches(extract_all(extractor, docs), settings.ingest.batch_size):
        fresh: dict[str, Article] = {}
        repeats: list[Article] = []
        for item in batch:
            if isinstance(item, InputError):
                report.errors.append(item)
                if on_error:
                    on_error(item)
            elif item.id in fresh or store.has(item.id):
                repeats.append(item)
            else:
                fresh[item.id] = item
        if fresh:
            _ingest_batch(list(fresh.values()), store, runner, cleaner, report)
        for repeat in repeats:
            # Only after the batch is stored: this records the extra origin of a
            # stored article and must never be the write that creates it.
            store.add(repeat, repeat.path)
            report.already_stored.append(repeat.id)
        if on_article:
            for item in batch:
                on_article(item)


def resolve_entities(store: Store, settings: Settings) -> int:
    """Re-resolve every stored mention into entities; returns how many entities there are.

    Resolution is corpus-wide (a new article can join two stored name groups),
    but its cost grows with the candidate pairs that share a blocking key,
    not with all pairs of mentions.
    """
    resolver = EntityResolver(merge_threshold=settings.entities.merge_threshold)
    resolver.fit(store.iter_mentions())
    store.replace_entities(resolver.entities_)
    LOGGER.info("resolved mentions into %d entities", len(resolver.entities_))
    return len(resolver.entities_)


def _embed_missing(
    store: Store, settings: Settings, wanted: Iterable[str], *, refresh: bool = False
) -> dict[str, StoryFeatures]:
    """Story features of every stored article, computing (and storing) the missing ones.

    With ``refresh``, the ``wanted`` articles are computed again (their text changed).
    """
    features = {f.article: f for f in store.iter_story_features()}
    missing = [a for a in dict.fromkeys(wanted) if refresh or a not in features]
    if missing:
        embedder = Embedder(package=settings.stories.model, batch_size=settings.stories.batch_size)
        size = max(1, settings.ingest.batch_size)
        for start in range(0, len(missing), size):
            articles = [a for a in (store.get(i) for i in missing[start : start + size]) if a]
            fresh = [
                story_features(article, vector)
                for article, vector in zip(articles, embedder(articles), strict=True)
            ]
            store.put_story_features(fresh)
            features.update((f.article, f) for f in fresh)
    return features


def _copy_index(settings: Settings) -> CopyIndex:
    return CopyIndex(
        duplicate_threshold=settings.copies.duplicate_threshold,
        partial_threshold=settings.copies.partial_threshold,
        min_shingles=settings.copies.min_shingles,
    )


def _copies(store: Store, settings: Settings, added: Iterable[str]) -> set[str]:
    """Detect reused text involving the ``added`` articles; store it; return the articles
    it changed.

    The copy index lives in the store, so this costs the new articles and their
    candidates, not the corpus. A store with articles that were stored before
    the index existed is indexed from scratch, once.
    """
    new = sorted(set(added))
    if set(store.copy_unindexed()) - set(new):
        return _rebuild_copies(store, settings)
    index = _copy_index(settings)
    changed: set[str] = set()
    for start in range(0, len(new), _COPY_CHUNK):
        changed |= _add_copies(store, index, new[start : start + _COPY_CHUNK])
    return changed


def _rebuild_copies(store: Store, settings: Settings) -> set[str]:
    """Index every stored text afresh (and store its keys); store the reuse that changed.

    The relations are a function of the texts alone, so this is what adding
    the articles one batch at a time gives too.
    """
    index = _copy_index(settings)
    relations: list[tuple[str, Reuse]] = []
    stored: dict[str, tuple[str | None, tuple[Reuse, ...]]] = {}
    published: dict[str, str | None] = {}
    keys: list[tuple[str, list[str]]] = []
    for article in store.iter_articles():
        stored[article.id] = (article.duplicate_of, article.derived_from)
        published[article.id] = article.published
        relations.extend(index.add(article.id, article.text, article.published))
        keys.append((article.id, index.keys(article.text)))
        if len(keys) >= _COPY_CHUNK:
            store.put_copy_keys(keys)
            keys = []
    store.put_copy_keys(keys)
    return _store_reuse(store, stored, relations, published)


def _store_reuse(
    store: Store,
    stored: dict[str, tuple[str | None, tuple[Reuse, ...]]],
    relations: list[tuple[str, Reuse]],
    published: dict[str, str | None],
) -> set[str]:
    """Write the reuse of the ``stored`` articles that ``relations`` (all of theirs) change."""
    derived: dict[str, list[Reuse]] = defaultdict(list)
    for reusing, reuse in relations:
        derived[reusing].append(reuse)
    duplicates = duplicate_of(relations, published)
    changes = []
    for article_id, before in stored.items():
        after = (
            duplicates.get(article_id),
            tuple(sorted(derived.get(article_id, ()), key=lambda r: r.source)),
        )
        if after != before:
            changes.append((article_id, after[0], after[1]))
    if changes:
        store.set_reuse(changes)
    return {article_id for article_id, _, _ in changes}


def _add_copies(store: Store, index: CopyIndex, new: list[str]) -> set[str]:
    """Index ``new`` (stored, not yet indexed) articles through the store's copy index.

    Candidates follow :meth:`CopyIndex.add` run over the store in
    :meth:`~newsfuse.store.base.Store.iter_articles` order: any shared LSH band,
    or enough shared fingerprints among those that both articles hold within
    the fingerprint's first ``max_postings + 1`` holders in that order. A new
    article that is earlier than stored ones can push a stored article out of
    those first holders; the relations that fingerprint made are checked again.
    """
    articles: dict[str, Article | None] = {}
    prepared: dict[str, IndexedText | None] = {}

    def get(article_id: str) -> Article | None:
        if article_id not in articles:
            articles[article_id] = store.get(article_id)
        return articles[article_id]

    keys = {i: index.keys(a.text) for i in new if (a := get(i)) is not None}
    store.put_copy_keys(keys.items())
    fresh = set(keys)
    pairs: set[tuple[str, str]] = set()
    bands = sorted({k for ks in keys.values() for k in ks if k.startswith("b")})
    for holders in store.copy_key_holders(bands).values():
        for x in holders:
            if x in fresh:
                pairs.update(_pair(x, y) for y in holders if y != x)
    cap = index.max_postings + 1
    prints = sorted({k for ks in keys.values() for k in ks if k.startswith("f:")})
    listings = store.copy_key_holders(prints, cap + len(fresh))
    shared: Counter[tuple[str, str]] = Counter()
    later: dict[tuple[str, str], str] = {}
    dropped: dict[str, set[str]] = defaultdict(set)
    for fingerprint, listing in listings.items():
        first = listing[:cap]
        for old in set([a for a in listing if a not in fresh][:cap]) - set(first):
            dropped[old].add(fingerprint)
        for position, x in enumerate(first):
            for y in first[position + 1 :]:
                if x in fresh or y in fresh:
                    shared[_pair(x, y)] += 1
                    later[_pair(x, y)] = y
    counts = _fingerprint_counts(store, keys, {later[p] for p in shared})
    pairs.update(p for p, n in shared.items() if n >= index.needed_fingerprints(counts[later[p]]))
    added = []
    for x, y in sorted(pairs):
        relation = _relate(index, get, prepared, x, y)
        if relation is not None:
            added.append(relation)
    removed = _lost_relations(store, index, get, listings, dropped, fresh)
    return _update_reuse(store, get, fresh, added, removed)


def _pair(x: str, y: str) -> tuple[str, str]:
    return (x, y) if x < y else (y, x)


def _fingerprint_counts(
    store: Store, keys: dict[str, list[str]], ids: Iterable[str]
) -> dict[str, int]:
    wanted = set(ids)
    found = {i: ks for i, ks in keys.items() if i in wanted}
    found.update(store.copy_keys(sorted(wanted - set(found))))
    return {i: sum(k.startswith("f:") for k in ks) for i, ks in found.items()}


def _relate(
    index: CopyIndex,
    get: Callable[[str], Article | None],
    prepared: dict[str, IndexedText | None],
    x: str,
    y: str,
) -> tuple[str, Reuse] | None:
    for article_id in (x, y):
        if article_id not in prepared:
            article = get(article_id)
            prepared[article_id] = (
                index.prepare(article.id, article.text, article.published) if article else None
            )
    left, right = prepared[x], prepared[y]
    if left is None or right is None:
        return None
    return index.verify(x, left, y, right)


def _lost_relations(
    store: Store,
    index: CopyIndex,
    get: Callable[[str], Article | None],
    listings: Mapping[str, list[str]],
    dropped: dict[str, set[str]],
    fresh: set[str],
) -> set[tuple[str, str]]:
    """``(reusing, source)`` stored relations that the fingerprints pushing
    ``dropped`` articles out of their first holders no longer make candidates."""
    cap = index.max_postings + 1
    lost: set[tuple[str, str]] = set()
    for old, prints in sorted(dropped.items()):
        article = get(old)
        if article is None:
            continue
        partners = {(old, reuse.source) for reuse in article.derived_from}
        for fingerprint in prints:
            for other in listings[fingerprint]:
                holder = get(other) if other not in fresh else None
                if holder is not None and any(r.source == old for r in holder.derived_from):
                    partners.add((other, old))
        for reusing, source in sorted(partners):
            theirs = store.copy_keys([reusing, source])
            mine, yours = set(theirs.get(reusing, ())), set(theirs.get(source, ()))
            both = mine & yours
            if any(k.startswith("b") for k in both):
                continue
            common = sorted(k for k in both if k.startswith("f:"))
            holders = store.copy_key_holders(common, cap)
            count = sum(reusing in holders[k] and source in holders[k] for k in common)
            needed = index.needed_fingerprints(sum(k.startswith("f:") for k in mine))
            if count < needed:
                lost.add((reusing, source))
    return lost


def _update_reuse(
    store: Store,
    get: Callable[[str], Article | None],
    fresh: set[str],
    added: list[tuple[str, Reuse]],
    removed: set[tuple[str, str]],
) -> set[str]:
    """Store the reuse of every article whose relations or duplicate group changed."""
    affected = set(fresh)
    affected.update(a for reusing, reuse in added for a in (reusing, reuse.source))
    affected.update(a for pair in removed for a in pair)
    originals = {(a.duplicate_of or a.id) for a in map(get, affected) if a is not None}
    group = affected | originals
    group.update(m for members in store.duplicates_of(sorted(originals)).values() for m in members)
    stored: dict[str, tuple[str | None, tuple[Reuse, ...]]] = {}
    published: dict[str, str | None] = {}
    relations: list[tuple[str, Reuse]] = list(added)
    for member in sorted(group):
        article = get(member)
        if article is None:
            continue
        stored[member] = (article.duplicate_of, article.derived_from)
        published[member] = article.published
        relations.extend(
            (member, r) for r in article.derived_from if (member, r.source) not in removed
        )
    return _store_reuse(store, stored, relations, published)


@dataclass(frozen=True, slots=True)
class _Built:
    """A story and what reconciliation derives from its articles, ready to store."""

    story: Story
    groups: list[FigureGroup]
    events: list[Event]


def _stories(
    store: Store,
    settings: Settings,
    clusterer: StoryClusterer,
    features: dict[str, StoryFeatures],
    story_ids: Iterable[str],
) -> list[_Built]:
    """Each story with its figure groups and merged events, its articles read once."""
    entities = [(e.id, e.name, e.type) for e in store.iter_entities()]
    # Nationalities ("Armenian") say little about what a story is about.
    story_names = {i: name for i, name, kind in entities if kind != "group"}
    speaker_names = {i: name for i, name, _ in entities}
    built = []
    for story_id in sorted(set(story_ids)):
        members = [a for a in (store.get(i) for i in clusterer.stories_[story_id]) if a]
        component = clusterer.component_of(members[0].id)
        story = build_story(
            story_id, members, features, component=component, entity_names=story_names
        )
        groups = reconcile_figures(
            story_id,
            members,
            max_gap_days=settings.figures.max_gap_days,
            entity_names=speaker_names,
        )
        built.append(_Built(story, groups, merge_events(story_id, members)))
    return built


def _store_claims(store: Store, built: Iterable[_Built]) -> None:
    # After the stories are written: rewriting or retiring a story clears its claims.
    for item in built:
        store.put_story_claims(item.story.id, item.groups, item.events)


def _clusterer(settings: Settings) -> StoryClusterer:
    return StoryClusterer(
        threshold=settings.stories.threshold,
        weights=Weights(max_gap_days=settings.stories.max_gap_days),
        max_postings=settings.stories.max_postings,
    )


def update_stories(store: Store, settings: Settings, added: Iterable[str]) -> int:
    """Copies and stories after ``added`` articles were stored; returns the stories written.

    Only the linked components the new articles join are re-clustered; the
    rest are restored from the store as they were.
    """
    added = list(added)
    features = _embed_missing(store, settings, added)
    reused = _copies(store, settings, added)
    new = set(added)
    clusterer = _clusterer(settings)
    clusterer.restore(
        (f for a, f in sorted(features.items()) if a not in new), store.iter_stories()
    )
    changed = clusterer.add(features[a] for a in sorted(new) if a in features)
    touched = set(changed)
    story_of = {a: s for s, members in clusterer.stories_.items() for a in members}
    touched.update(story_of[a] for a in reused if a in story_of)
    built = _stories(store, settings, clusterer, features, touched)
    store.update_stories([b.story for b in built], clusterer.retired_.keys())
    _store_claims(store, built)
    LOGGER.info("%d stories written, %d retired", len(built), len(clusterer.retired_))
    return len(built)


def recluster(store: Store, settings: Settings) -> int:
    """Detect copies and cluster every stored article again; returns the number of stories.

    For when settings change: the stories are rebuilt from scratch, and are
    what incremental ingest of the same articles would have produced.
    """
    ids = [article.id for article in store.iter_articles()]
    features = _embed_missing(store, settings, ids)
    _rebuild_copies(store, settings)
    clusterer = _clusterer(settings)
    clusterer.add(features[a] for a in sorted(features))
    built = _stories(store, settings, clusterer, features, clusterer.stories_)
    store.replace_stories([b.story for b in built])
    _store_claims(store, built)
    return len(built)


def _ingest_batch(
    batch: list[Article], store: Store, runner: _StageRunner, cleaner: Cleaner, report: IngestReport
) -> None:
    hashes = {article.id: cleaner.line_hashes(article) for article in batch}
    prior = _stored_sample(batch, hashes, store, cleaner.boilerplate_min_articles)
    cleaner.fit(prior)
    before = cleaner.boilerplate_
    cleaner.fit([*prior, *batch])
    changed = before ^ cleaner.boilerplate_

    for article in runner(batch, cleaner):
        if store.add(article, article.path, hashes[article.id]):
            report.added.append(article.id)
            store.set_analysed([article.id], _signature(runner.stages))
        else:
            report.already_stored.append(article.id)
    if changed:
        _reclean(changed, store, runner.stages, cleaner, report)


def _stored_sample(
    articles: list[Article], hashes: dict[str, list[str]], store: Store, min_articles: int
) -> list[Article]:
    """Stored articles sharing a line with ``articles``, for lines that could be boilerplate."""
    by_site: dict[str, set[str]] = defaultdict(set)
    own_count: dict[tuple[str, str], int] = defaultdict(int)
    for article in articles:
        site = article.site or ""
        by_site[site].update(hashes[article.id])
        for line_hash in hashes[article.id]:
            own_count[(site, line_hash)] += 1
    own_ids = {article.id for article in articles}
    wanted: set[str] = set()
    for site, site_hashes in sorted(by_site.items()):
        for line_hash, ids in store.articles_with_lines(site, sorted(site_hashes)).items():
            others = sorted(set(ids) - own_ids)
            if others and len(others) + own_count[(site, line_hash)] >= min_articles:
                wanted.update(others[:_SAMPLE_PER_LINE])
    return [article for article in (store.get(i) for i in sorted(wanted)) if article]


def _run_stages(articles: list[Article], stages: list[Stage]) -> list[Article]:
    flow: Iterable[Article] = articles
    for stage in stages:
        flow = stage(flow)
    return list(flow)


def _reclean(
    changed: frozenset[tuple[str, str]],
    store: Store,
    stages: list[Stage],
    cleaner: Cleaner,
    report: IngestReport,
) -> None:
    """Re-run the stages on stored articles carrying a line whose boilerplate status flipped."""
    ids: set[str] = set()
    by_site: dict[str, list[str]] = defaultdict(list)
    for site, line_hash in changed:
        by_site[site].append(line_hash)
    for site, site_hashes in sorted(by_site.items()):
        for carrier_ids in store.articles_with_lines(site, sorted(site_hashes)).values():
            ids.update(carrier_ids)
    _rerun(sorted(ids), store, stages, cleaner, report, "re-cleaned", only_if_cleaned_anew=True)


def _signature(stages: list[Stage]) -> str:
    return ",".join(stage.name for stage in stages)


def _rerun(
    ids: list[str],
    store: Store,
    stages: list[Stage],
    cleaner: Cleaner,
    report: IngestReport,
    why: str,
    *,
    only_if_cleaned_anew: bool = False,
) -> None:
    """Run the stages again on stored articles and store what changed.

    Each is cleaned with boilerplate learned afresh for all of its own lines, not
    just the batch's, so a re-clean never restores a line cut for another reason.
    With ``only_if_cleaned_anew``, an article whose clean text comes out the
    same is left as it is.
    """
    learned = cleaner.boilerplate_
    for article_id in ids:
        article = store.get(article_id)
        if article is None:
            continue
        own = {article.id: cleaner.line_hashes(article)}
        cleaner.fit(
            [*_stored_sample([article], own, store, cleaner.boilerplate_min_articles), article]
        )
        (updated,) = _run_stages([article], stages)
        if only_if_cleaned_anew and (
            updated.text == article.text and updated.removed == article.removed
        ):
            continue
        store.update(updated)
        store.set_analysed([article_id], _signature(stages))
        report.recleaned.append(article_id)
        LOGGER.info("%s: %s", article_id, why)
    cleaner.boilerplate_ = learned
