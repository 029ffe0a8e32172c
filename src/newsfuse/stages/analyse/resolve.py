"""Cross-document entity resolution: one entity per real person, place and organisation.

Mentions are first grouped per article under the name they resolve to there
("Putin" already reads "Vladimir Putin"). Groups are then compared only when
they share a blocking key of their names (so the work grows with the number of
candidate pairs, not with all pairs), and merged greedily, best evidence first:

- transliteration-aware name similarity (:mod:`newsfuse.stages.analyse.names`);
- context: the same role, the same country served, names mentioned alongside;
- type agreement (a person never merges with a place);
- places resolved to one gazetteer entry are one entity outright, and two
  different gazetteer entries never merge.

A merge never joins two clusters that contradict each other: people who serve
different countries (the two foreign ministers), or whose given names differ
under the same family name (Ilham and Heydar Aliyev). Each merge keeps its
confidence and the evidence that justified it.
"""

from __future__ import annotations

import functools
import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import ClassVar

from newsfuse.model import Attribute, Entity, Mention, Merge, Place
from newsfuse.stages.analyse.gazetteer import Gazetteer
from newsfuse.stages.analyse.names import (
    NameMatch,
    acronym,
    blocking_keys,
    fold,
    initialisms,
    name_similarity,
    name_tokens,
)
from newsfuse.stages.analyse.organisations import ORGANISATIONS, known_organisation

__all__ = ["EntityResolver"]

LOGGER = logging.getLogger(__name__)

PLACE_TYPES = frozenset({"place", "country", "region", "city"})
#: How many following groups (in name order) each group is compared with inside a block.
_WINDOW = 12
#: A block with this few distinct names compares every two of them (through
#: :data:`_REPRESENTATIVES` groups of each), so a variant spelling meets its
#: entity however many namesakes sort between them.
_SMALL_BLOCK = 24
_REPRESENTATIVES = 2
#: Below this, no amount of context makes two names one.
_NAME_FLOOR = 0.6
_ROLE_BONUS = 0.08
_COUNTRY_BONUS = 0.08
_CONTEXT_BONUS = 0.05
#: An organisation's acronym against its written-out name ("AFP", "Agence France-Presse").
_ACRONYM_SCORE = 0.8


@dataclass(slots=True)
class _Group:
    """The mentions of one name in one article (or of one gazetteer place anywhere)."""

    key: str
    name: str
    type: str
    place: str | None
    #: The id of the :data:`ORGANISATIONS` entry the name is one of.
    organisation: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    roles: set[str] = field(default_factory=set)
    countries: set[str] = field(default_factory=set)
    context: set[str] = field(default_factory=set)
    #: Kept as mentions are added: a place group can hold a whole corpus's mentions.
    articles: set[str] = field(default_factory=set)


@dataclass(frozen=True, slots=True)
class _Summary:
    """What a cluster must not contradict: countries served, gazetteer places, full names."""

    countries: frozenset[str]
    places: frozenset[str]
    full_names: frozenset[str]

    @classmethod
    def of(cls, group: _Group) -> _Summary:
        full = {group.name} if len(name_tokens(group.name)) > 1 else set()
        places = {anchor for anchor in (group.place, group.organisation) if anchor}
        return cls(frozenset(group.countries), frozenset(places), frozenset(full))

    def joined(self, other: _Summary) -> _Summary:
        return _Summary(
            self.countries | other.countries,
            self.places | other.places,
            self.full_names | other.full_names,
        )

    def conflicts(self, other: _Summary) -> bool:
        """Whether joining would fuse people or places that must stay apart."""
        if self.countries and other.countries and not self.countries & other.countries:
            return True
        if self.places and other.places and self.places != other.places:
            return True
        for a in self.full_names:
            for b in other.full_names:
                match = _similarity(a, b)
                if match.score < _NAME_FLOOR or not _compatible(match):
                    return True
        return False


@functools.lru_cache(maxsize=65536)
def _similarity(left: str, right: str) -> NameMatch:
    # The same two spellings meet again and again (one name group per article).
    return name_similarity(left, right)


def _compatible(match: NameMatch) -> bool:
    """No aligned pair of name tokens contradicts: "Ceyhun" is not "Hasan" Bayramov."""
    return all(score >= _NAME_FLOOR for _, _, score in match.aligned)


def _kind(type_: str) -> str:
    return "place" if type_ in PLACE_TYPES else type_


class EntityResolver:
    """Cluster mentions into entities.

    Parameters
    ----------
    merge_threshold
        Combined evidence (name similarity plus context bonuses) needed to merge.

    Attributes
    ----------
    entities_ : list of Entity
        Set by :meth:`fit`, ordered by id.
    """

    name: ClassVar[str] = "resolve"

    def __init__(self, *, merge_threshold: float = 0.75) -> None:
        self.merge_threshold = merge_threshold
        self.entities_: list[Entity] = []

    def fit(self, mentions: Iterable[Mention]) -> EntityResolver:
        groups = self._groups(mentions)
        parent = {key: key for key in groups}
        members: dict[str, list[str]] = {key: [key] for key in groups}
        merges: dict[str, list[Merge]] = defaultdict(list)
        summary = {key: _Summary.of(group) for key, group in groups.items()}

        def find(key: str) -> str:
            while parent[key] != key:
                parent[key] = parent[parent[key]]
                key = parent[key]
            return key

        for score, left, right, evidence in self._candidates(groups):
            a, b = find(left), find(right)
            if a == b or summary[a].conflicts(summary[b]):
                continue
            root, child = sorted((a, b))
            parent[child] = root
            summary[root] = summary[root].joined(summary.pop(child))
            # The smaller list is copied into the larger: merging stays n log n overall.
            big, small = sorted((members.pop(root), members.pop(child)), key=len, reverse=True)
            big.extend(small)
            members[root] = big
            merges[root].extend(merges.pop(child, []))
            merges[root].append(
                Merge(groups[left].name, groups[right].name, round(score, 3), evidence)
            )

        clusters = {root: [groups[k] for k in keys] for root, keys in members.items()}
        reliability = _reliability(list(clusters.values()))
        self.entities_ = sorted(
            (
                self._entity(cluster, merges.get(root, []), reliability)
                for root, cluster in clusters.items()
            ),
            key=lambda entity: entity.id,
        )
        return self

    # -- grouping --

    def _groups(self, mentions: Iterable[Mention]) -> dict[str, _Group]:
        groups: dict[str, _Group] = {}
        by_article: dict[str, list[_Group]] = defaultdict(list)
        for mention in mentions:
            known = (
                known_organisation(mention.name) if _kind(mention.type) == "organisation" else None
            )
            if mention.place:
                key = f"place|{mention.place}"
            elif known is not None:
                key = f"organisation|{known.id}"
            else:
                folded = " ".join(name_tokens(mention.name)) or fold(mention.name)
                key = f"{mention.span.article}|{_kind(mention.type)}|{folded}"
            group = groups.get(key)
            if group is None:
                group = groups[key] = _Group(
                    key, mention.name, mention.type, mention.place, known.id if known else None
                )
                by_article[mention.span.article].append(group)
            elif mention.span.article not in group.articles:
                by_article[mention.span.article].append(group)
            group.mentions.append(mention)
            group.articles.add(mention.span.article)
            for attribute in mention.attributes:
                if attribute.key == "role":
                    group.roles.add(attribute.value)
                elif attribute.key == "country":
                    group.countries.add(attribute.value)
        for group in groups.values():
            group.name = _usual_name(group.mentions)
        for article_groups in by_article.values():
            names = {
                fold(g.name) for g in article_groups if _kind(g.type) in ("person", "organisation")
            }
            for group in article_groups:
                group.context |= names - {fold(group.name)}
        return groups

    # -- candidates and scoring --

    def _candidates(self, groups: dict[str, _Group]) -> list[tuple[float, str, str, str]]:
        blocks: dict[tuple[str, str], list[str]] = defaultdict(list)
        for key, group in sorted(groups.items()):
            if group.place:
                continue  # gazetteer places are already one group per place
            for block in blocking_keys(group.name) | _acronym_keys(group):
                blocks[(_kind(group.type), block)].append(key)
        pairs: set[tuple[str, str]] = set()
        for keys in blocks.values():
            # Sorted neighbourhood: in name order, each group meets the next few.
            # Equal and near-equal spellings sit together, so chains of merges
            # still join them all, and a block of any size costs n log n.
            ordered = sorted(keys, key=lambda k: (fold(groups[k].name), k))
            for i, left in enumerate(ordered):
                for right in ordered[i + 1 : i + 1 + _WINDOW]:
                    pairs.add((left, right) if left < right else (right, left))
            by_name: dict[str, list[str]] = defaultdict(list)
            for key in ordered:
                by_name[fold(groups[key].name)].append(key)
            if len(by_name) > _SMALL_BLOCK:
                continue
            samples = [found[:_REPRESENTATIVES] for found in by_name.values()]
            for i, lefts in enumerate(samples):
                for rights in samples[i + 1 :]:
                    pairs.update((a, b) if a < b else (b, a) for a in lefts for b in rights)
        scored = []
        for left, right in sorted(pairs):
            result = self._score(groups[left], groups[right])
            if result is not None:
                scored.append((result[0], left, right, result[1]))
        scored.sort(key=lambda item: (-item[0], item[1], item[2]))
        return scored

    def _score(self, left: _Group, right: _Group) -> tuple[float, str] | None:
        if left.countries and right.countries and not left.countries & right.countries:
            return None
        if _is_pro(left.name) != _is_pro(right.name):
            return None  # "pro-Armenian" fighters are not the Armenians
        match = _similarity(left.name, right.name)
        if match.score >= _NAME_FLOOR and _compatible(match):
            score, evidence = match.score, [f"names {left.name!r}~{right.name!r}: {match.reason}"]
        elif _abbreviates(left, right) or _abbreviates(right, left):
            score, evidence = _ACRONYM_SCORE, [f"acronym {left.name!r}~{right.name!r}"]
        else:
            return None
        if left.roles & right.roles:
            score += _ROLE_BONUS
            evidence.append(f"same role ({', '.join(sorted(left.roles & right.roles))})")
        if left.countries & right.countries:
            score += _COUNTRY_BONUS
            evidence.append(f"same country ({', '.join(sorted(left.countries & right.countries))})")
        shared = left.context & right.context
        if shared:
            score += _CONTEXT_BONUS
            evidence.append(f"mentioned alongside {', '.join(sorted(shared)[:3])}")
        score = min(score, 1.0)
        if score < self.merge_threshold:
            return None
        return score, "; ".join(evidence)

    # -- entities --

    def _entity(
        self, members: list[_Group], merges: list[Merge], reliability: dict[str, float]
    ) -> Entity:
        mentions = sorted(
            (m for g in members for m in g.mentions), key=lambda m: (m.span.article, m.span.start)
        )
        first = mentions[0]
        entity_id = (
            "e" + hashlib.sha1(f"{first.span.article}:{first.span.start}".encode()).hexdigest()[:12]
        )
        types = Counter(m.type for m in mentions)
        type_ = max(types, key=lambda t: (types[t], t != "place", t))
        place = _place_of(members)
        aliases = tuple(sorted({m.text for m in mentions} | {g.name for g in members}))
        attributes: dict[tuple[str, str, str], Attribute] = {}
        for mention in mentions:
            for attribute in mention.attributes:
                attributes.setdefault(
                    (attribute.key, attribute.value, attribute.evidence.article), attribute
                )
        if place:
            name = _place_name(place, members)
        else:
            known = next((_KNOWN[g.organisation] for g in members if g.organisation), None)
            name = known if known else _canonical(members, reliability)
        return Entity(
            id=entity_id,
            name=name,
            type=place.kind if place else type_,
            aliases=aliases,
            mentions=tuple(replace(m, entity=entity_id) for m in mentions),
            attributes=tuple(attributes.values()),
            confidence=min((merge.confidence for merge in merges), default=1.0),
            place=place,
            merges=tuple(merges),
        )


_GAZETTEER = Gazetteer()
_KNOWN = {organisation.id: organisation.name for organisation in ORGANISATIONS}


def _place_of(members: list[_Group]) -> Place | None:
    for group in members:
        if group.place:
            return _GAZETTEER.place(group.place)
    return None


def _usual_name(mentions: list[Mention]) -> str:
    """The name a group goes by, whatever order its mentions came in.

    The most frequent; among equals, the one with the most capitalised words,
    then the first in sorted order ("Nagorno-Karabakh" before "Nagorno Karabakh").
    """
    counts = Counter(m.name for m in mentions)
    return max(sorted(counts), key=lambda n: (counts[n], sum(w[:1].isupper() for w in n.split())))


def _acronym_keys(group: _Group) -> frozenset[str]:
    """Blocks where an organisation's acronym meets its written-out name."""
    if _kind(group.type) != "organisation":
        return frozenset()
    short = acronym(group.name)
    return frozenset({f"a:{short}"} if short else {f"a:{form}" for form in initialisms(group.name)})


def _abbreviates(short: _Group, long: _Group) -> bool:
    """Whether ``short`` is an organisation's acronym and ``long`` its name written out."""
    if _kind(short.type) != "organisation" or _kind(long.type) != "organisation":
        return False
    letters = acronym(short.name)
    return letters is not None and letters in initialisms(long.name)


def _is_pro(name: str) -> bool:
    return fold(name).startswith(("pro ", "anti "))


def _reliability(clusters: list[list[_Group]]) -> dict[str, float]:
    """How often each article spells a name the way another article does.

    Over every person whose name some spelling shares between two articles,
    an article's spelling is corroborated when another article uses the same
    one. A machine translation that garbles names ("Artak Bulgarian" where
    two others write Beglaryan) is rarely corroborated; its score (smoothed,
    in [0, 1]) breaks ties in favour of the spellings of articles that
    usually agree with others. A person every article spells its own way
    says nothing about who spells well, and is left out.
    """
    corroborated: Counter[str] = Counter()
    total: Counter[str] = Counter()
    for cluster in clusters:
        if _kind(cluster[0].type) != "person":
            continue  # transliteration garbles people; places mostly resolve by gazetteer
        spellings: dict[str, set[str]] = defaultdict(set)
        for group in cluster:
            for article in group.articles:
                spellings[fold(group.name)].add(article)
        if all(len(carriers) < 2 for carriers in spellings.values()):
            continue
        for carriers in spellings.values():
            for article in carriers:
                total[article] += 1
                corroborated[article] += len(carriers) > 1
    return {article: (corroborated[article] + 1) / (total[article] + 2) for article in total}


def _place_name(place: Place, members: list[_Group]) -> str:
    """The gazetteer's name when the sources use it, else the sources' fullest name for it.

    Geonames may file a city under another official name ("Khankendi"); the
    reader knows it as the sources do ("Stepanakert").
    """
    counts: Counter[str] = Counter()
    for group in members:
        for mention in group.mentions:
            if any(p.id == place.id for p in _GAZETTEER.exact(mention.text)):
                counts[mention.text] += 1
    if not counts or place.name in counts:
        return place.name
    return max(sorted(counts), key=lambda name: (len(name.split()), counts[name], len(name)))


def _canonical(members: list[_Group], reliability: dict[str, float]) -> str:
    """The best-attested well-formed name.

    Full forms (most tokens) first; among them the one carried by the most
    articles, then by the articles whose spellings others corroborate most,
    then the medoid (the variant most similar to all the others).
    """
    names: dict[str, set[str]] = defaultdict(set)
    for group in members:
        names[group.name] |= group.articles
    longest = max(len(name_tokens(name)) for name in names)
    full = [name for name in names if len(name_tokens(name)) == longest]

    def agreement(name: str) -> float:
        return sum(name_similarity(name, other).score for other in names if other != name)

    def trust(name: str) -> float:
        return sum(reliability.get(article, 0.5) for article in names[name])

    return max(
        sorted(full), key=lambda name: (len(names[name]), trust(name), agreement(name), -len(name))
    )
