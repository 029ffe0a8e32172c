"""Scoring quote extraction against the Gender Gap Tracker (GGT) quote evaluation set.

The set (``../shared/eval/quotes-ggt/``) is 98 Canadian news articles
(``rawtext.zip``) and a table of hand-annotated quotes
(``AnnotationTable_byArticle_withReplacementArticles.xlsx``): per article, a JSON
list of ``{speaker, verb, quote, speaker_index, verb_index, quote_index,
reference}``. ``reference`` is who the speaker is ("Darian Lonechild" for a
``speaker`` "she"); quotes that continue a speaker without a verb have an
empty ``speaker`` and ``verb`` but a ``reference``.

**Offsets.** The indices are not into the raw text. GGT's extractor
(``NLP/evaluation/src/quote_extractor_v5.3.py``, ``preprocess_text``) rewrites
the text before parsing it: every line break becomes ``".\\n "``, doubled full
stops and double spaces are collapsed, curly double quotes become straight
ones; the annotation offsets are into that rewritten text (a paragraph break
is three characters longer). :func:`ggt_preprocessed` repeats the rewrite and
keeps, for every character, the raw offset it came from, so gold spans map
back onto the raw text, which is what newsfuse reads.

**Direct or indirect.** A gold quote is direct when its text starts with a
quote mark (after an optional "that "); otherwise it is reported speech, which
GGT annotates as well ("Lonechild said she started ...").

**Matching** follows GGT's ``evaluate_quotes.py``: a predicted quote matches a
gold quote when it covers more than ``threshold`` of the gold span's
characters (overlap / gold length); gold quotes are taken in order, each
takes the best-covering prediction not yet taken. GGT publishes figures at
thresholds 0.3 and 0.8. A symmetric rule is also offered (Jaccard of the two
spans ≥ ``threshold``) because coverage alone lets an overlong prediction match.

**Speakers** are compared by name, leniently (:func:`same_speaker`): the
prediction's resolved name against the gold ``reference`` (its ``speaker`` when
the reference is empty), case, accents and punctuation folded, a leading
article dropped; equal, one's words contained in the other's ("Lonechild" in
"Darian Lonechild", "AFN Youth Council" in "The AFN Youth Council"), or the
same last word of three letters or more (the family name: "Jeff Traeger" and
"Traeger"). GGT's own speaker score is different: it counts a match when the
predicted speaker's character span overlaps the annotated one (the word as
written, a pronoun included) or, for a quote without a gold speaker, when the
prediction is a floating quote.

The table, the texts and their annotations stay in ``../shared``; nothing of
them is copied here.
"""

from __future__ import annotations

import json
import re
import unicodedata
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = [
    "PUBLISHED",
    "GoldQuote",
    "Loaded",
    "Match",
    "Predicted",
    "coverage",
    "ggt_preprocessed",
    "is_direct",
    "jaccard",
    "load_ggt",
    "match_quotes",
    "parse_quotations",
    "same_speaker",
]

#: GGT's published quote scores for its extractor V5.3 on this set
#: (NLP/evaluation/src/eval/README.md of sfu-discourse-lab/GenderGapTracker):
#: threshold -> precision, recall, F1, speaker match, verb match.
PUBLISHED: Mapping[float, Mapping[str, float]] = {
    0.3: {"precision": 0.846, "recall": 0.827, "f1": 0.837, "speaker": 0.860, "verb": 0.918},
    0.8: {"precision": 0.770, "recall": 0.752, "f1": 0.761, "speaker": 0.869, "verb": 0.931},
}

_QUOTE_MARKS = "\"“”‘’'«»„"
_INDEX = re.compile(r"\(\s*(\d+)\s*,\s*(\d+)\s*\)")
_ID = re.compile(r"([0-9a-f]{24})\)?\s*$")


@dataclass(frozen=True, slots=True)
class GoldQuote:
    """One annotated quote; offsets are into the article's raw text.

    ``speaker_start``/``speaker_end`` are -1 when the annotation has no speaker.
    """

    article: str
    start: int
    end: int
    text: str
    speaker: str
    reference: str
    verb: str
    direct: bool
    speaker_start: int = -1
    speaker_end: int = -1

    @property
    def who(self) -> str:
        """The name the speaker is scored against: the reference, else the speaker."""
        return self.reference.strip() or self.speaker.strip()


@dataclass(frozen=True, slots=True)
class Predicted:
    """A predicted quote reduced to what scoring needs."""

    article: str
    start: int
    end: int
    speaker: str | None
    verb: str | None
    direct: bool
    text: str = ""


@dataclass(slots=True)
class Match:
    """The result of matching predictions to gold quotes in a set of articles."""

    pairs: list[tuple[GoldQuote, Predicted, float]] = field(default_factory=list)
    missed: list[GoldQuote] = field(default_factory=list)
    spurious: list[Predicted] = field(default_factory=list)

    @property
    def precision(self) -> float:
        found = len(self.pairs) + len(self.spurious)
        return len(self.pairs) / found if found else 0.0

    @property
    def recall(self) -> float:
        gold = len(self.pairs) + len(self.missed)
        return len(self.pairs) / gold if gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def speaker_accuracy(self) -> float:
        if not self.pairs:
            return 0.0
        return sum(same_speaker(p.speaker, g.who) for g, p, _ in self.pairs) / len(self.pairs)


@dataclass(slots=True)
class Loaded:
    """The gold of the set, the raw texts, and what reading it took."""

    texts: dict[str, str]
    gold: list[GoldQuote]
    #: Annotations whose offsets point at their text after GGT's rewrite.
    exact: int = 0
    #: ... that pointed elsewhere and were found again nearby by their text.
    relocated: list[str] = field(default_factory=list)
    #: ... that could not be placed at all (left out of scoring).
    dropped: list[str] = field(default_factory=list)
    #: Articles whose annotation JSON was malformed and repaired.
    repaired: list[str] = field(default_factory=list)


def ggt_preprocessed(raw: str) -> tuple[str, list[int]]:
    """GGT's ``preprocess_text(raw)`` and, per character, the raw offset it comes from.

    Examples
    --------
    >>> text, origin = ggt_preprocessed("One.\\n\\nTwo “x”")
    >>> text
    'One.\\n .\\n Two "x"'
    >>> origin[text.index("Two")], origin[text.index("x")]
    (6, 11)
    """
    text, origin = raw, list(range(len(raw)))
    for old, new in (
        ("\xa0", " "),
        ("\xe9", " "),
        ("\n", ".\n "),
        ("..\n ", ".\n "),
        (". .\n ", ".\n "),
        ("  ", " "),
        ("”", '"'),
        ("“", '"'),
        ("〝", '"'),
        ("〞", '"'),
    ):
        text, origin = _replace(text, origin, old, new)
    return text, origin


def _replace(text: str, origin: list[int], old: str, new: str) -> tuple[str, list[int]]:
    """``text.replace(old, new)``, carrying each character's raw offset along."""
    parts: list[str] = []
    kept: list[int] = []
    last = 0
    for match in re.finditer(re.escape(old), text):
        parts.append(text[last : match.start()])
        kept.extend(origin[last : match.start()])
        parts.append(new)
        # Each new character stands for the old one at its place (the last one past it).
        kept.extend(origin[match.start() + min(i, len(old) - 1)] for i in range(len(new)))
        last = match.end()
    parts.append(text[last:])
    kept.extend(origin[last:])
    return "".join(parts), kept


def parse_quotations(cell: str) -> tuple[list[dict[str, Any]], bool]:
    """The annotation list of one article, and whether it had to be repaired.

    One cell of the table holds the list twice, the first copy without its
    closing bracket; the last complete list is taken then.
    """
    try:
        return list(json.loads(cell)), False
    except json.JSONDecodeError:
        pass
    decoder = json.JSONDecoder()
    for opening in reversed([m.start() for m in re.finditer(r"^\[", cell, re.MULTILINE)]):
        try:
            value, _ = decoder.raw_decode(cell, opening)
        except json.JSONDecodeError:
            continue
        return list(value), True
    raise ValueError("no readable quotation list")


def is_direct(quote: str) -> bool:
    """Direct speech: the annotated text opens with a quote mark (after an optional "that")."""
    return bool(re.match(rf"\s*(?:that\s+)?[{_QUOTE_MARKS}]", quote, re.IGNORECASE))


def _normal(text: str) -> str:
    text = re.sub("[“”〝〞]", '"', text).replace("\xa0", " ").replace("\xe9", " ")
    return " ".join(text.split())


def _locate(pre: str, start: int, end: int, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` lies in the rewritten text: at ``start:end`` or the nearest place."""
    if _normal(pre[start:end]) == _normal(quote):
        return start, end
    wanted = re.sub("[“”〝〞]", '"', quote).strip()
    if not wanted:
        return None
    found = [m.start() for m in re.finditer(re.escape(wanted), pre)]
    if not found:
        return None
    best = min(found, key=lambda i: abs(i - start))
    return best, best + len(wanted)


def load_ggt(table: Path, rawtext: Path) -> Loaded:
    """Read the annotation table and the raw texts; gold offsets mapped to the raw texts."""
    import openpyxl  # type: ignore[import-untyped]  # no stubs; only the bench reads .xlsx

    workbook = openpyxl.load_workbook(table, read_only=True)
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    workbook.close()
    header = [str(cell) for cell in rows[0]]
    loaded = Loaded(texts={}, gold=[])
    with zipfile.ZipFile(rawtext) as archive:
        names = {Path(name).stem: name for name in archive.namelist() if name.endswith(".txt")}
        for row in rows[1:]:
            record = dict(zip(header, row, strict=False))
            found = _ID.search(str(record["_id"]))
            if found is None or found.group(1) not in names:
                continue
            key = found.group(1)
            raw = archive.read(names[key]).decode("utf-8")
            loaded.texts[key] = raw
            quotations, repaired = parse_quotations(str(record["quotations"]))
            if repaired:
                loaded.repaired.append(key)
            loaded.gold.extend(_gold_of(key, raw, quotations, loaded))
    return loaded


def _gold_of(
    key: str, raw: str, quotations: Iterable[Mapping[str, Any]], loaded: Loaded
) -> list[GoldQuote]:
    pre, origin = ggt_preprocessed(raw)
    gold: list[GoldQuote] = []
    seen: set[tuple[int, int]] = set()
    for item in quotations:
        index = _INDEX.fullmatch(str(item.get("quote_index") or "").strip())
        quote = str(item.get("quote") or "")
        if index is None or not quote.strip():
            loaded.dropped.append(f"{key}: no offsets for {quote[:50]!r}")
            continue
        start, end = int(index.group(1)), int(index.group(2))
        placed = _locate(pre, start, end, quote)
        if placed is None or placed[1] > len(origin) or placed[0] >= placed[1]:
            loaded.dropped.append(f"{key} ({start},{end}): {quote[:50]!r}")
            continue
        if placed == (start, end):
            loaded.exact += 1
        else:
            loaded.relocated.append(f"{key} ({start},{end})->{placed}: {quote[:40]!r}")
        raw_start, raw_end = origin[placed[0]], origin[placed[1] - 1] + 1
        if (raw_start, raw_end) in seen:
            continue
        seen.add((raw_start, raw_end))
        speaker_at = _INDEX.fullmatch(str(item.get("speaker_index") or "").strip())
        speaker_start = speaker_end = -1
        if speaker_at is not None and 0 <= int(speaker_at.group(1)) < int(speaker_at.group(2)):
            a, b = int(speaker_at.group(1)), int(speaker_at.group(2))
            if b <= len(origin):
                speaker_start, speaker_end = origin[a], origin[b - 1] + 1
        gold.append(
            GoldQuote(
                article=key,
                start=raw_start,
                end=raw_end,
                text=quote,
                speaker=str(item.get("speaker") or ""),
                reference=str(item.get("reference") or ""),
                verb=str(item.get("verb") or ""),
                direct=is_direct(quote),
                speaker_start=speaker_start,
                speaker_end=speaker_end,
            )
        )
    return gold


def coverage(gold: tuple[int, int], predicted: tuple[int, int]) -> float:
    """Overlap of the two spans over the gold span's length: GGT's (asymmetric) score."""
    overlap = min(gold[1], predicted[1]) - max(gold[0], predicted[0])
    return max(0, overlap) / (gold[1] - gold[0]) if gold[1] > gold[0] else 0.0


def jaccard(gold: tuple[int, int], predicted: tuple[int, int]) -> float:
    """Overlap of two character spans over their union."""
    overlap = max(0, min(gold[1], predicted[1]) - max(gold[0], predicted[0]))
    union = (gold[1] - gold[0]) + (predicted[1] - predicted[0]) - overlap
    return overlap / union if union else 0.0


def match_quotes(
    gold: Sequence[GoldQuote],
    predicted: Sequence[Predicted],
    threshold: float,
    *,
    symmetric: bool = False,
) -> Match:
    """Greedy one-to-one matching, GGT's way: each gold quote, in order, takes the
    not yet taken prediction of its article that scores best above ``threshold``.

    The score is :func:`coverage` (GGT: strictly above the threshold) or, with
    ``symmetric``, :func:`jaccard` (at least the threshold).
    """
    by_article: dict[str, list[Predicted]] = {}
    for prediction in predicted:
        by_article.setdefault(prediction.article, []).append(prediction)
    result = Match()
    for quote in gold:
        pool = by_article.get(quote.article, [])
        best: tuple[float, int] | None = None
        for index, candidate in enumerate(pool):
            spans = ((quote.start, quote.end), (candidate.start, candidate.end))
            score = jaccard(*spans) if symmetric else coverage(*spans)
            good = score >= threshold if symmetric else score > threshold
            if good and (best is None or score > best[0]):
                best = (score, index)
        if best is None:
            result.missed.append(quote)
            continue
        result.pairs.append((quote, pool.pop(best[1]), best[0]))
    result.spurious = [prediction for pool in by_article.values() for prediction in pool]
    return result


_ARTICLES = re.compile(r"^(?:the|a|an)\s+")


def _fold(name: str) -> list[str]:
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()
    plain = re.sub(r"['’]s\b", "", plain)
    return _ARTICLES.sub("", " ".join(re.sub(r"[^\w]+", " ", plain).split())).split()


def same_speaker(predicted: str | None, gold: str) -> bool:
    """Lenient name match of a predicted speaker with a gold one (see the module docstring).

    Examples
    --------
    >>> same_speaker("Darian Lonechild", "Lonechild"), same_speaker("Jeff Traeger", "Traeger")
    (True, True)
    >>> same_speaker("Ilham Aliyev", "Heydar Aliyev"), same_speaker(None, "Putin")
    (True, False)
    """
    wanted = _fold(gold)
    if predicted is None or not wanted:
        return predicted is None and not wanted
    got = _fold(predicted)
    if not got:
        return False
    if got == wanted or _contains(got, wanted) or _contains(wanted, got):
        return True
    return len(got[-1]) >= 3 and got[-1] == wanted[-1]


def _contains(longer: Sequence[str], shorter: Sequence[str]) -> bool:
    size = len(shorter)
    return any(list(longer[i : i + size]) == list(shorter) for i in range(len(longer) - size + 1))
