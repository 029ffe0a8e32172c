"""Events: what happened, typed with a small ontology, one sentence of evidence each.

The ontology, with the CAMEO code each type maps to (PLOVER's category in
brackets):

=====================  ======  ==========================================================
type                   CAMEO   what it covers
=====================  ======  ==========================================================
``meeting``            046     talks, negotiations, summits, visits, calls  (CONSULT)
``mediation``          045     a third party mediating between two sides   (CONSULT)
``armed_clash``        190     fighting, clashes, battles, hostilities     (FIGHT)
``shelling``           194     shelling, artillery, rockets, bombing       (FIGHT)
``air_strike``         195     air strikes, drone strikes                  (FIGHT)
``attack_on_civilians`` 180    attacks on civilians, homes, churches ...   (ASSAULT)
``accusation``         112     X accuses Y: the accused act is *alleged*   (ACCUSE)
``call_for_ceasefire`` 0256    calls, appeals, urging an end to fighting   (REQUEST)
``threat``             130     warnings and threats                        (THREATEN)
``statement``          010     other statements of position                (-)
``mobilisation``       1724    martial law, mobilisation, curfews          (MOBILIZE)
``deployment``         154     fighters or troops sent or deployed         (MOBILIZE)
=====================  ======  ==========================================================

A sentence yields at most one event of each type: the first trigger of that
type. An event whose trigger follows a negation or a refusal ("ruled out
holding a meeting", "refused to take part") is not reported. Every act in a
sentence that accuses is marked ``alleged``, as is an act told "allegedly" or
"according to" someone: the text reports the claim, not the act as fact.

Actors are the people, organisations, countries and groups the sentence names
(as resolved in the article: "Putin" is "Vladimir Putin"). The place is the
first place the sentence puts the event in ("in Geneva", "in Moscow"), else
the first city or region it names. The date is the sentence's own date
expression resolved against the article's date; without one, the article's
date with precision ``reported`` (known to have happened by then), or, for an
undated article, the latest full date its text states, with precision
``inferred`` (see :func:`newsfuse.stages.analyse.when.reference_date`).
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import ClassVar

from newsfuse.config import Settings
from newsfuse.model import Article, Event, Mention, Span
from newsfuse.pipeline import register_stage
from newsfuse.stages.analyse.sentences import sentence_spans
from newsfuse.stages.analyse.when import own_date, reference_date, resolve_dates

__all__ = ["CAMEO", "TYPES", "EventExtractor", "extract_events"]

#: Event type -> its trigger words (a regular expression), in precedence order.
TYPES: tuple[tuple[str, str], ...] = (
    ("mediation", r"mediat(?:e|ed|es|ing|ion|or|ors)"),
    (
        "meeting",
        r"meet(?:s|ing|ings)?|met|talks|negotiat(?:e|ed|es|ing|ions?)|summit|visit(?:s|ed)?"
        r"|(?:tele)?phone (?:call|conversation)|joint (?:call|press conference)|conference",
    ),
    ("air_strike", r"air ?strikes?|drone strikes?|drones?|airstrikes?|aerial (?:bombing|attack)"),
    (
        "shelling",
        r"shell(?:ing|ed|s)|bomb(?:ing|ings|ed|s)|artillery|rockets?|missiles?|strikes"
        r"|explosions",
    ),
    ("armed_clash", r"clash(?:es|ed)?|fighting|fought|battles?|hostilities|offensive|combat"),
    ("accusation", r"accus(?:e|ed|es|ing|ation|ations)|blam(?:e|ed|es|ing)|alleg(?:e|ed|es|ing)"),
    (
        "call_for_ceasefire",
        r"call(?:s|ed)? for|urg(?:e|ed|es|ing)|appeal(?:s|ed)?|demand(?:s|ed|ing)?"
        r"|plead(?:s|ed)?",
    ),
    ("threat", r"warn(?:s|ed|ing)?|threat(?:en|ens|ened|ening)?|vow(?:s|ed)?|ultimatum"),
    ("mobilisation", r"martial law|mobili[sz](?:ation|ed|e)|curfew|state of emergency"),
    (
        "deployment",
        r"deploy(?:s|ed|ing|ment)?|sen[dt](?:s|ing)? (?:\w+ ){0,3}(?:fighters|troops|mercenaries"
        r"|militants)|supplying fighters|fighters (?:from|loyal)",
    ),
    (
        "statement",
        r"said|says|stated|statement|announc(?:e|ed|es|ement)|declared|condemn(?:s|ed)?"
        r"|deplored|expressed",
    ),
)
#: Type -> CAMEO code.
CAMEO: dict[str, str] = {
    "meeting": "046",
    "mediation": "045",
    "armed_clash": "190",
    "shelling": "194",
    "air_strike": "195",
    "attack_on_civilians": "180",
    "accusation": "112",
    "call_for_ceasefire": "0256",
    "threat": "130",
    "statement": "010",
    "mobilisation": "1724",
    "deployment": "154",
}
_PATTERNS = [(kind, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in TYPES]
_CEASEFIRE = re.compile(
    r"\b(?:ceasefire|cease-fire|truce|armistice|end to (?:the )?(?:fighting|hostilities|"
    r"tensions|tragedy)|cessation of hostilities|de-?escalat\w*|negotiations)\b",
    re.IGNORECASE,
)
_CIVILIAN_TARGET = re.compile(
    r"\b(?:civilians?|homes?|houses?|church(?:es)?|schools?|hospitals?|journalists"
    r"|populated areas|residential|city targets)\b",
    re.IGNORECASE,
)
_NEGATION = re.compile(
    r"\b(?:ruled out|refus\w*|not|no|never|without|den(?:y|ied|ies)|rejected)\b[^.;]{0,40}$",
    re.IGNORECASE,
)
# Fighting named as background ("the fighting, which began ...") is not an
# event; fighting said to happen is.
_OCCURRENCE = re.compile(
    r"\b(?:erupt\w*|continu\w*|resum\w*|broke out|breaks out|going on|rag(?:e|es|ed|ing)"
    r"|intensif\w*|ongoing|fierce|heavy|kill\w*|claimed the lives|engaged in)\b",
    re.IGNORECASE,
)
_HEDGE = re.compile(r"\b(?:allegedly|alleged|reportedly|according to|claim(?:s|ed)?)\b", re.I)
_PLACE_AFTER_IN = re.compile(r"\b(?:in|at|to)\s+(?:the\s+)?$", re.IGNORECASE)
# Nationalities ("Armenian", "Russian") qualify an actor, they are not one.
_ACTOR_TYPES = frozenset({"person", "organisation", "country"})
_PLACE_TYPES = frozenset({"city", "region", "place", "facility"})


def event_id(article: str, kind: str, start: int) -> str:
    return "e" + hashlib.sha1(f"{article}:{kind}:{start}".encode()).hexdigest()[:12]


def _place(text: str, mentions: list[Mention]) -> Mention | None:
    located = [m for m in mentions if m.type in _PLACE_TYPES | {"country"} and m.place]
    for mention in located:
        if _PLACE_AFTER_IN.search(text[max(0, mention.span.start - 8) : mention.span.start]):
            return mention
    for mention in located:
        if mention.type in _PLACE_TYPES:
            return mention
    return None


def extract_events(article: Article) -> tuple[Event, ...]:
    """The events ``article`` reports, sentence by sentence, in text order."""
    text = article.text
    if not text:
        return ()
    dates = resolve_dates(text, article.published, article=article.id)
    reference, known = reference_date(article, dates)
    events: list[Event] = []
    mentions = sorted(article.mentions, key=lambda m: m.span.start)
    for start, end in sentence_spans(text):
        sentence = text[start:end]
        found: dict[str, re.Match[str]] = {}
        for kind, pattern in _PATTERNS:
            for match in pattern.finditer(sentence):
                if _NEGATION.search(sentence[: match.start()]):
                    continue
                if kind == "call_for_ceasefire" and not _CEASEFIRE.search(sentence):
                    break
                if kind == "armed_clash" and not _OCCURRENCE.search(sentence):
                    break
                found.setdefault(kind, match)
                break
        if not found:
            continue
        # A statement is only an event of its own when the sentence holds no other.
        if len(found) > 1:
            found.pop("statement", None)
        if "shelling" in found and _CIVILIAN_TARGET.search(sentence):
            found.setdefault("attack_on_civilians", found["shelling"])
        inside = [m for m in mentions if start <= m.span.start and m.span.end <= end]
        actors = _actors(inside)
        place = _place(text, inside)
        when = own_date(text, dates, start, end)
        date, precision = (
            (when.date, when.precision) if when else (reference, known if reference else None)
        )
        alleged = "accusation" in found or _HEDGE.search(sentence) is not None
        for kind in sorted(found, key=lambda k: found[k].start()):
            evidence = Span(article.id, start, end)
            events.append(
                Event(
                    id=event_id(article.id, kind, start),
                    type=kind,
                    evidence=(evidence,),
                    code=CAMEO[kind],
                    actors=tuple(m.name for m in actors),
                    actor_spans=tuple(m.span for m in actors),
                    place=place.place if place else None,
                    place_name=place.name if place else None,
                    date=date,
                    date_precision=precision,
                    alleged=alleged and kind != "statement",
                )
            )
    return tuple(events)


def _actors(mentions: list[Mention]) -> list[Mention]:
    """Each named actor once (by resolved name), in order of first mention."""
    seen: dict[str, Mention] = {}
    for mention in mentions:
        if mention.type in _ACTOR_TYPES:
            seen.setdefault(mention.name, mention)
    return list(seen.values())


class EventExtractor:
    """The events stage: fills ``Article.events`` from text and mentions."""

    name: ClassVar[str] = "events"
    requires: ClassVar[tuple[str, ...]] = ("mentions",)
    provides: ClassVar[tuple[str, ...]] = ("events",)

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield replace(article, events=extract_events(article))


@register_stage("events")
def _make_event_extractor(settings: Settings) -> EventExtractor:
    return EventExtractor()
