"""Scoring entity resolution against hand-made gold: pairwise merge precision and recall.

Two golds are read here:

- ``tests/data/karabakh/entities_gold.json``: every named referent of the five
  karabakh-2020 articles, with its exact surface forms per article ("000" ...
  "004"), plus ``must_not_merge`` look-alike pairs.
- ``bench/data/gva_entities_gold.json``: the named referents shared by the
  articles of 30 Gun Violence Archive incidents drawn by
  :func:`pick_gva_incidents`; a document key there is ``"<incident_id>:<index>"``
  and an entity id ``"<incident_id>:<id>"`` (or its ``global_id`` when the same
  referent recurs in several incidents).

A gold mention is a ``(document key, surface)`` pair. Scores count the
cross-document pairs of gold mentions: a pair is gold-merged when both mentions
belong to one gold entity, predicted-merged when the prediction gives both the
same entity id. A mention the prediction leaves out is its own singleton.
Pairs inside one document are ignored, since coreference within an article is
not what the resolver is measured on.

The gold files hold names and ids only, never article text.
"""

from __future__ import annotations

import json
import random
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import combinations
from pathlib import Path
from typing import Any, NamedTuple

__all__ = [
    "TYPES",
    "GoldEntity",
    "GoldMention",
    "Scores",
    "Violation",
    "gold_mentions",
    "load_gva_gold",
    "load_karabakh_gold",
    "load_must_not_merge",
    "load_removed_surfaces",
    "must_not_merge_violations",
    "pairwise_scores",
    "pick_gva_incidents",
]

#: (document key, surface form as it occurs in that document)
GoldMention = tuple[str, str]
#: two gold mentions, the smaller first
MentionPair = tuple[GoldMention, GoldMention]

#: the entity types the golds use
TYPES = frozenset(
    {
        "person",
        "org",
        "country",
        "state",
        "county",
        "city",
        "neighbourhood",
        "region",
        "street",
        "facility",
    }
)


@dataclass(frozen=True, slots=True)
class GoldEntity:
    """One real-world referent and the surface forms naming it in each document.

    Attributes
    ----------
    id : str
        Unique over the gold (GVA ids carry their incident, ``"<incident>:<id>"``).
    type : str
        One of :data:`TYPES`.
    canonical : str
        A readable full name.
    surfaces : dict[str, list[str]]
        Document key -> the distinct exact surface forms there. Scored.
    demonyms : dict[str, list[str]]
        Document key -> adjective forms ("Armenian"); kept apart, not scored.
    """

    id: str
    type: str
    canonical: str
    surfaces: dict[str, list[str]]
    demonyms: dict[str, list[str]] = field(default_factory=dict)

    def mentions(self) -> list[GoldMention]:
        """The entity's gold mentions, in document then listing order."""
        return [(key, surface) for key in sorted(self.surfaces) for surface in self.surfaces[key]]


@dataclass(frozen=True, slots=True)
class Scores:
    """Pairwise merge scores over cross-document pairs of gold mentions.

    ``false_merges`` are predicted-merged pairs of different gold entities,
    ``missed_merges`` gold-merged pairs the prediction keeps apart; both sorted.
    """

    precision: float
    recall: float
    f1: float
    true_pairs: int
    predicted_pairs: int
    gold_pairs: int
    false_merges: list[MentionPair]
    missed_merges: list[MentionPair]


class Violation(NamedTuple):
    """Two mentions of a must-not-merge pair that the prediction merged."""

    first: str
    second: str
    first_mention: GoldMention
    second_mention: GoldMention
    predicted: str


# ---------------------------------------------------------------- loading


def _read(path: Path | str) -> dict[str, Any]:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a JSON object at the top")
    return data


def _forms(raw: object, where: str) -> dict[str, list[str]]:
    if not isinstance(raw, dict):
        raise ValueError(f"{where}: expected an object of document key -> list of strings")
    forms: dict[str, list[str]] = {}
    for key, values in raw.items():
        if not isinstance(values, list) or not all(isinstance(v, str) and v for v in values):
            raise ValueError(f"{where}[{key!r}]: expected a list of non-empty strings")
        if len(set(values)) != len(values):
            raise ValueError(f"{where}[{key!r}]: a surface is listed twice")
        if values:
            forms[str(key)] = list(values)
    return forms


def _entity(raw: object, id_: str | None = None, key_prefix: str = "") -> GoldEntity:
    if not isinstance(raw, dict):
        raise ValueError("an entity must be a JSON object")
    for name in ("id", "type", "canonical", "surfaces"):
        if name not in raw:
            raise ValueError(f"entity {raw.get('id')!r} lacks {name!r}")
    where = f"entity {raw['id']!r}"
    if raw["type"] not in TYPES:
        raise ValueError(f"{where}: type {raw['type']!r} is not one of {sorted(TYPES)}")
    surfaces = _forms(raw["surfaces"], f"{where} surfaces")
    demonyms = _forms(raw.get("demonyms", {}), f"{where} demonyms")
    if not surfaces and not demonyms:
        raise ValueError(f"{where}: no surface form at all")
    return GoldEntity(
        id=id_ if id_ is not None else str(raw["id"]),
        type=str(raw["type"]),
        canonical=str(raw["canonical"]),
        surfaces={key_prefix + k: v for k, v in surfaces.items()},
        demonyms={key_prefix + k: v for k, v in demonyms.items()},
    )


def _check_unique(entities: Sequence[GoldEntity], path: Path | str) -> None:
    ids = [e.id for e in entities]
    if len(set(ids)) != len(ids):
        raise ValueError(f"{path}: an entity id is used twice")
    owner: dict[GoldMention, str] = {}
    for entity in entities:
        for mention in entity.mentions():
            if owner.setdefault(mention, entity.id) != entity.id:
                raise ValueError(
                    f"{path}: {mention} belongs to both {owner[mention]!r} and {entity.id!r}"
                )


def load_karabakh_gold(path: Path | str) -> tuple[dict[str, str], list[GoldEntity]]:
    """Read the karabakh gold: (document key -> file name, entities).

    Parameters
    ----------
    path : Path or str
        ``tests/data/karabakh/entities_gold.json``.

    Returns
    -------
    files : dict[str, str]
        ``{"000": "000_a951aea32f3533c0.txt", ...}``.
    entities : list[GoldEntity]
        In file order, without the surfaces of :func:`load_removed_surfaces` (an
        entity named only there keeps no surfaces, and still counts for
        ``must_not_merge``).
    """
    data = _read(path)
    files = data.get("files")
    if not isinstance(files, dict) or not all(isinstance(v, str) for v in files.values()):
        raise ValueError(f"{path}: 'files' must map document keys to file names")
    removed = load_removed_surfaces(path)
    entities = [_without(_entity(raw), removed) for raw in data.get("entities", [])]
    _check_unique(entities, path)
    for entity in entities:
        unknown = (set(entity.surfaces) | set(entity.demonyms)) - set(files)
        if unknown:
            raise ValueError(f"{path}: entity {entity.id!r} names unknown documents {unknown}")
    return {str(k): v for k, v in files.items()}, entities


def load_removed_surfaces(path: Path | str) -> dict[str, frozenset[str]]:
    """Surfaces, per document key, that only occur in lines the clean stage removes.

    A mention points into the clean text, so these cannot be found and are not
    scored; the tests check that they are indeed absent from the clean text.
    """
    removed = _read(path).get("removed_by_cleaner", {})
    if not isinstance(removed, dict):
        raise ValueError(f"{path}: 'removed_by_cleaner' must map document keys to surfaces")
    return {str(key): frozenset(map(str, surfaces)) for key, surfaces in removed.items()}


def _without(entity: GoldEntity, removed: Mapping[str, frozenset[str]]) -> GoldEntity:
    surfaces = {
        key: [s for s in found if s not in removed.get(key, frozenset())]
        for key, found in entity.surfaces.items()
    }
    return replace(entity, surfaces={key: found for key, found in surfaces.items() if found})


def load_gva_gold(path: Path | str) -> list[GoldEntity]:
    """Read the GVA gold with document keys ``"<incident>:<index>"``.

    Entity ids become ``"<incident>:<id>"``; an entity carrying a ``global_id``
    (the same referent in several incidents, e.g. the LAPD) is merged with its
    namesakes under that id instead.
    """
    data = _read(path)
    incidents = data.get("incidents")
    if not isinstance(incidents, dict):
        raise ValueError(f"{path}: 'incidents' must be an object keyed by incident id")
    merged: dict[str, GoldEntity] = {}
    for incident_id, incident in incidents.items():
        if not isinstance(incident, dict):
            raise ValueError(f"{path}: incident {incident_id!r} must be an object")
        for raw in incident.get("entities", []):
            global_id = raw.get("global_id") if isinstance(raw, dict) else None
            id_ = str(global_id) if global_id else f"{incident_id}:{raw['id']}"
            entity = _entity(raw, id_=id_, key_prefix=f"{incident_id}:")
            previous = merged.get(id_)
            if previous is None:
                merged[id_] = entity
            elif previous.type != entity.type or previous.canonical != entity.canonical:
                raise ValueError(f"{path}: global id {id_!r} differs in type or canonical name")
            else:
                merged[id_] = GoldEntity(
                    id=id_,
                    type=entity.type,
                    canonical=entity.canonical,
                    surfaces={**previous.surfaces, **entity.surfaces},
                    demonyms={**previous.demonyms, **entity.demonyms},
                )
    entities = list(merged.values())
    _check_unique(entities, path)
    return entities


def load_must_not_merge(path: Path | str) -> list[tuple[str, str]]:
    """The look-alike entity-id pairs of either gold, with ids as the loaders give them."""
    data = _read(path)
    if "incidents" not in data:
        return [(str(a), str(b)) for a, b in data.get("must_not_merge", [])]
    pairs: list[tuple[str, str]] = []
    for incident_id, incident in data["incidents"].items():
        ids = {
            str(raw["id"]): str(raw.get("global_id") or f"{incident_id}:{raw['id']}")
            for raw in incident.get("entities", [])
        }
        pairs.extend((ids[str(a)], ids[str(b)]) for a, b in incident.get("must_not_merge", []))
    return pairs


def pick_gva_incidents(path: Path | str, n: int = 30, seed: int = 2020) -> list[str]:
    """Draw ``n`` incident ids uniformly among the incidents with two or more articles.

    Eligible incidents are taken in file order and sampled with
    ``random.Random(seed).sample``, so the same file gives the same draw.
    """
    eligible: list[str] = []
    with Path(path).open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            incident = json.loads(line)
            if len(incident.get("articles") or []) >= 2:
                eligible.append(str(incident["incident_id"]))
    return random.Random(seed).sample(eligible, n)


# ---------------------------------------------------------------- scoring


def gold_mentions(gold: Iterable[GoldEntity]) -> dict[GoldMention, str]:
    """Every scored gold mention -> its gold entity id.

    Raises
    ------
    ValueError
        When one mention is listed under two entities.
    """
    owner: dict[GoldMention, str] = {}
    for entity in gold:
        for mention in entity.mentions():
            if owner.setdefault(mention, entity.id) != entity.id:
                raise ValueError(f"{mention} belongs to both {owner[mention]!r} and {entity.id!r}")
    return owner


def _cross_pairs(mentions: Iterable[GoldMention]) -> Iterable[MentionPair]:
    """The pairs of ``mentions`` that lie in different documents, smaller mention first."""
    for a, b in combinations(sorted(set(mentions)), 2):
        if a[0] != b[0]:
            yield a, b


def pairwise_scores(gold: Sequence[GoldEntity], predicted: Mapping[GoldMention, str]) -> Scores:
    """Pairwise merge precision and recall of ``predicted`` against ``gold``.

    Parameters
    ----------
    gold : sequence of GoldEntity
    predicted : mapping of (document key, surface) -> predicted entity id
        Keys outside the gold are ignored; a gold mention missing here is
        unresolved and counts as its own singleton.

    Returns
    -------
    Scores
        Precision is 1.0 when nothing is predicted-merged, recall 1.0 when
        the gold has no cross-document pair.

    Examples
    --------
    >>> gold = [GoldEntity("p", "person", "Vladimir Putin", {"a": ["Putin"], "b": ["Putin"]})]
    >>> pairwise_scores(gold, {("a", "Putin"): "x", ("b", "Putin"): "x"}).f1
    1.0
    """
    owner = gold_mentions(gold)
    by_gold: dict[str, list[GoldMention]] = defaultdict(list)
    by_predicted: dict[str, list[GoldMention]] = defaultdict(list)
    for mention, gold_id in owner.items():
        by_gold[gold_id].append(mention)
        if mention in predicted:
            by_predicted[predicted[mention]].append(mention)

    gold_pairs = true_pairs = 0
    missed: list[MentionPair] = []
    for members in by_gold.values():
        for a, b in _cross_pairs(members):
            gold_pairs += 1
            if a in predicted and b in predicted and predicted[a] == predicted[b]:
                true_pairs += 1
            else:
                missed.append((a, b))
    predicted_pairs = 0
    false: list[MentionPair] = []
    for members in by_predicted.values():
        for a, b in _cross_pairs(members):
            predicted_pairs += 1
            if owner[a] != owner[b]:
                false.append((a, b))

    precision = true_pairs / predicted_pairs if predicted_pairs else 1.0
    recall = true_pairs / gold_pairs if gold_pairs else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Scores(
        precision=precision,
        recall=recall,
        f1=f1,
        true_pairs=true_pairs,
        predicted_pairs=predicted_pairs,
        gold_pairs=gold_pairs,
        false_merges=sorted(false),
        missed_merges=sorted(missed),
    )


def must_not_merge_violations(
    gold: Sequence[GoldEntity],
    predicted: Mapping[GoldMention, str],
    pairs: Iterable[tuple[str, str]],
) -> list[Violation]:
    """Mentions of two must-not-merge entities that the prediction put in one entity.

    Unlike :func:`pairwise_scores` this also reports pairs inside one document:
    merging Lavrov with Shoygu is wrong wherever it happens.

    Raises
    ------
    KeyError
        When a pair names an id the gold lacks.
    """
    by_id = {entity.id: entity for entity in gold}
    found: list[Violation] = []
    for first, second in pairs:
        a_mentions, b_mentions = by_id[first].mentions(), by_id[second].mentions()
        for a in a_mentions:
            if a not in predicted:
                continue
            for b in b_mentions:
                if predicted.get(b) == predicted[a]:
                    found.append(Violation(first, second, a, b, predicted[a]))
    return found
