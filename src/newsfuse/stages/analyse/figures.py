"""Figures: the quantitative claims of an article, each with its evidence.

A figure is a number the text gives for something counted in the events it
reports: people killed, injured, shot, displaced, evacuated, sheltered,
relocated, missing or detained, homes damaged or destroyed, fighters deployed
(and, kept apart so that they are never mistaken for any of those, population
sizes). For each one newsfuse records:

- the value, normalised by :mod:`~newsfuse.stages.analyse.numbers` to
  ``low``/``high`` with a qualifier ("more than 300" is ``300``..open,
  ``more_than``), vague words under a switchable convention;
- the ``kind``: the trigger word ("killed", "death toll", "displacing",
  "damaged" ...) closest to the number *in its own clause* ("one person is
  dead and four others were injured": four injured); when the counted phrase
  is the subject of a verb after it, the trigger must be in that verb's
  predicate ("four people were struck, including the boy killed" states no
  kind). A trigger beyond a clause boundary counts only within a few words.
  A sentence without one continues the kind of the sentence before it in the
  same paragraph when it merely restates a figure ("Ninety percent of women
  and children, equivalent to about seventy to 75 thousand people.");
- the ``subject`` counted (civilians, soldiers, fighters, police, people,
  homes, households ...) and its ``side`` when the text says whose ("Armenian-
  backed forces", "Syrian militants", "300 of its soldiers" after "the
  Armenian side", or the side of a speaking country or city: "authorities in
  Baku"); journalists are no side's own;
- the ``speaker`` it is attributed to: the speaker of the quote it sits in
  (direct or reported speech, from the quotes stage), else "according to X",
  "X said", "X confirmed" in its sentence;
- ``as_of``: the date its sentence names, resolved against the article's
  date, or the historical year it speaks of ("the 1990s war that killed 30,000
  people"), else the article's date;
- ``cumulative``: True for a running total ("brings the toll to 158", "so
  far"), False for an increment ("another 54"), None when the text is silent.

"Shot" is its own kind: people hit by gunfire, the killed among them unless
the text says otherwise ("seven people were shot, one fatally" is seven shot
and one killed, so six wounded). "Shot and killed", "fatally shot" are killed;
"shot and wounded" injured; "shot down", "shot at" are no casualty.

Most single casualties have no number: "a man was shot and killed", "the
15-year-old died at the hospital", "Kevin Barbee, 15, was killed", "he was
pronounced dead", "police shot a suspect", "killing him", "left a man dead",
"the shooting death of a 12-year-old", "the gunman then killed himself". Each
is a figure of one (two for "a man and a woman", "both men") whose span is the
phrase naming the casualty: a singular noun phrase with a person noun, a
person's name (from the entities stage), "he"/"she" or a reflexive. A
casualty must be stated as fact: not after "not", "no", a modal ("could have
been killed") or "trying to". Casualties of one kind coordinated in one
statement are one figure of their sum ("a man and two women were killed": 3;
"killed his wife and then himself": 2), its span running over them all.

Numbers that are not counts (years, dates, times, ages, ordinals, distances,
areas, money, street numbers, telephone numbers, "911") are never figures;
nor is a count with no trigger and no counted noun, a bare count whose next
words name something else ("seven counts of assault", "five lanes"), an age
set off after a name ("the victim, 16, was"; "ages 24, 25 and 41"), a number
in a name ("Vision Zero", "Nok-Ten"), or a count per period ("thousands of
people every year": a rate, no event's figure). Homes and buildings are only
ever damaged, destroyed, evacuated or displaced, never killed or injured.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from typing import ClassVar

from newsfuse.config import Settings
from newsfuse.model import Article, Figure, Mention, Quantity, Quote, ResolvedDate, Span
from newsfuse.pipeline import register_stage
from newsfuse.stages.analyse.gazetteer import Gazetteer
from newsfuse.stages.analyse.numbers import NumberMatch, find_numbers
from newsfuse.stages.analyse.sentences import sentence_spans
from newsfuse.stages.analyse.when import own_date, reference_date, resolve_dates

__all__ = ["KINDS", "FigureExtractor", "extract_figures"]

#: Figure kinds and the words that signal them, most specific first.
KINDS: tuple[tuple[str, str], ...] = (
    (
        "population",
        r"population|inhabit(?:ed|ants)|home to|populated by|which has"
        r"|(?:a|the) (?:city|town|village|county|country|nation|state) of(?= (?:about |some "
        r"|around |nearly |almost |more than |over |roughly |at least )?\d)",
    ),
    (
        "killed",
        r"kill(?:ed|ing|s)?|dead|deaths?|died|die|dying|death toll|toll|lives|fatalit(?:y|ies)"
        r"|slain|perished|bodies|casualt(?:y|ies)|shot and killed|shot dead|shot to death"
        r"|fatally(?: (?:shot|wounded|injured))?|mortally wounded|murdered|gunned down",
    ),
    (
        "injured",
        r"injur(?:ed|ies|y|ing)|wounded|wounding|hurt|hospitali[sz]ed|shot and (?:wounded|injured)"
        r"|non-?fatally shot|grazed",
    ),
    # People hit by gunfire, the killed among them unless the text says otherwise
    # ("seven people were shot, one fatally"). "Shot down", "shot at" hit no one.
    ("shot", r"shot(?! (?:down|at|and killed|dead|to death|and wounded|and injured)\b)"),
    (
        "displaced",
        r"displac(?:ed|ing|ements?)|fle(?:e|d|eing)|forced (?:out|from)|out of their homes"
        r"|homeless|refugees|uprooted|IDPs",
    ),
    # People in shelters, evacuation centres or camps; "evacuation centres" is
    # where evacuees stay, not how many left.
    (
        "sheltered",
        r"shelter(?:s|ed|ing)?|(?:evacuation|collective) (?:centres?|centers?|sites?)"
        r"|(?:relief|displacement|IDP|temporary|refugee) camps?|camps"
        r"|(?:took|taken|taking|take|takes|sought|seeking|seek) refuge|host famil(?:y|ies)",
    ),
    ("evacuated", r"evacuat(?:e|ed|ion|ing)|evacuees"),
    ("relocated", r"relocat(?:ed|ion|ing)|resettled"),
    ("missing", r"missing|unaccounted"),
    ("detained", r"arrest(?:ed|s)?|detain(?:ed|ees)?|captured|prisoners?|in custody"),
    ("destroyed", r"destroy(?:ed|ing)|razed|flattened|levell?ed|collapsed"),
    ("damaged", r"damag(?:ed|ing)"),
    (
        "deployed",
        r"deploy(?:ed|ing|ment)|sent|dispatch(?:ed)?|transferred|recruited|passed through"
        r"|on (?:their|its) way to|brought in",
    ),
)
_TRIGGERS = [(kind, re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE)) for kind, pattern in KINDS]
# "Casualties" is counted with the dead: conflict reporting (the Armenian
# defence ministry's daily "military casualties") uses it for deaths.


def _words(text: str) -> list[str]:
    return text.split()


#: Person nouns -> the subject a casualty of one counts under ("a 23-year-old man").
_PERSON_HEADS: dict[str, str] = {
    **dict.fromkeys(
        _words("""man woman boy girl teen teenager child kid toddler infant baby newborn person
        victim student driver passenger resident customer employee worker clerk suspect
        gunman shooter assailant attacker robber intruder father mother dad mom son daughter
        brother sister husband wife friend neighbor neighbour juvenile youth male female
        adult guard bystander homeowner relative cousin uncle aunt grandmother grandfather
        grandson granddaughter nephew niece girlfriend boyfriend fiancee fiance roommate
        classmate sophomore freshman pedestrian owner stepfather stepmother stepson
        stepdaughter motorist cyclist hunter teacher patient inmate individual"""),
        "people",
    ),
    **dict.fromkeys(
        _words("officer deputy trooper policeman policewoman cop detective sergeant"), "police"
    ),
    **dict.fromkeys(_words("soldier serviceman servicewoman"), "soldiers"),
    "civilian": "civilians",
    "journalist": "journalists",
    "reporter": "journalists",
    "fighter": "fighters",
    "militant": "fighters",
}

#: Counted nouns -> the subject they stand for.
_SUBJECTS = {
    # People named one at a time or by a plural of those nouns: "one man",
    # "two teens", "three officers".
    **{
        form: subject
        for head, subject in _PERSON_HEADS.items()
        for form in (head, head + "s")
        if form not in {"mans", "womans", "childs", "persons", "wifes", "policemans"}
    },
    "civilians": "civilians",
    "civilian": "civilians",
    "people": "people",
    "persons": "people",
    "person": "people",
    "residents": "residents",
    "inhabitants": "residents",
    "citizens": "residents",
    "soldiers": "soldiers",
    "soldier": "soldiers",
    "servicemen": "soldiers",
    "troops": "soldiers",
    "fighters": "fighters",
    "militants": "fighters",
    "mercenaries": "fighters",
    "rebels": "fighters",
    "jihadists": "fighters",
    "children": "children",
    "women": "women",
    "men": "men",
    "journalists": "journalists",
    "officers": "police",
    "policemen": "police",
    "homes": "homes",
    "houses": "homes",
    "apartments": "homes",
    "buildings": "buildings",
    "casualties": "people",
    "deaths": "people",
    "dead": "people",
    "victims": "people",
    "refugees": "people",
    "relatives": "people",
    "members": "people",
    "idps": "people",
    "evacuees": "people",
    "families": "households",
    "households": "households",
}
_MILITARY = re.compile(r"\b(?:military|army|combat|armed forces)\b", re.IGNORECASE)
# Up to three words between the number and the counted noun ("300 of its
# soldiers", "54 military casualties", "dozens of Syrian fighters").
# The words between are modifiers, never a verb or another counted noun:
# "64 were found dead" is no count of "dead", "1,000 shootings involving children"
# none of children.
_SUBJECT_NOUNS = "|".join(sorted(_SUBJECTS, key=len, reverse=True))
_SUBJECT_AFTER = re.compile(
    r"\s*(?:of\s+)?(?:(?:the|its|their|his|her|our)\s+)?"
    r"((?:(?!(?:were|was|are|is|have|has|had|been|be|being|who|that|which|and|or|found)\b"
    r"|[\w’'-]*ings\b)[\w’'-]+\s+){0,3}?)"
    rf"({_SUBJECT_NOUNS})\b",
    re.IGNORECASE,
)
_NATIONALITY = re.compile(r"\b([A-Z][a-z]+)(?:-backed|-led|-controlled|-loyal)?\b")
_CUMULATIVE = re.compile(
    r"\b(?:brings?|bringing|brought|rais(?:es|ed|ing)|rose|risen|climbed|in total|in all"
    r"|so far|to date|overall|total(?:ling)?|toll (?:to|of|at|stands at|reached))\b",
    re.IGNORECASE,
)
_INCREMENT = re.compile(r"\b(?:another|additional|further|(?:a )?new)\s+$", re.IGNORECASE)
_INCREMENT_AFTER = re.compile(r"^\s+(?:more|new|additional)\b", re.IGNORECASE)
_ATTRIBUTION_VERB = (
    r"said|says|say|told|tells|reported|reports|confirmed|confirms|acknowledged|acknowledges"
    r"|announced|announces|stated|states|estimated|estimates|claimed|claims|added"
)
_ACCORDING = re.compile(r"\baccording to\s+", re.IGNORECASE)
_VERB = re.compile(rf"\b(?:{_ATTRIBUTION_VERB})\b", re.IGNORECASE)
_DAMAGE = frozenset({"damaged", "destroyed"})
# Households are counted by their homes too: "41,000 households had their houses destroyed".
_BUILT = frozenset({"homes", "buildings", "households"})
#: Buildings are never killed, injured, shot, missing or detained.
_HOUSING = frozenset({"homes", "buildings"})
_PEOPLE_ONLY = frozenset({"killed", "injured", "shot", "missing", "detained"})
# A count per period is a rate, not a figure of the events reported.
_RATE = re.compile(
    r"\b(?:every|each|per)\s+(?:year|month|week|day)\b"
    r"|\ba\s+year\b(?!\s+(?:ago|earlier|later|after|before|since))|\bannually\b|\bon average\b",
    re.IGNORECASE,
)
#: Number kinds that are counts; the others (year, date, time, age ...) never are figures.
_COUNTS = frozenset({"count", "share"})
#: Characters around a number within which a trigger word counts.
_REACH = 90
#: Characters within which a trigger counts for a bare number, or beyond a clause boundary.
_NEAR = 25
_SPEAKER_TYPES = frozenset({"person", "organisation", "country", "group", "city", "region"})


@dataclass(frozen=True, slots=True)
class _Sentence:
    start: int
    end: int
    paragraph: int


def _paragraph_starts(text: str) -> list[int]:
    return [0, *(m.end() for m in re.finditer(r"\n\s*\n", text))]


def _sentences(text: str) -> list[_Sentence]:
    starts = _paragraph_starts(text)
    found = []
    paragraph = 0
    for start, end in sentence_spans(text):
        while paragraph + 1 < len(starts) and starts[paragraph + 1] <= start:
            paragraph += 1
        found.append(_Sentence(start, end, paragraph))
    return found


# Words that part the clause of a number from another: a trigger beyond one
# speaks of another count ("one person is dead and four others were injured").
# "And" between two counted nouns ("women and children") joins no clauses.
_CLAUSE_GAP = re.compile(
    r"[;:]|\b(?:but|while|whereas|after|before|when|as)\b"
    rf"|\band\b(?!\s+(?:[\w,.-]+\s+){{0,2}}?(?:{_SUBJECT_NOUNS})\b)",
    re.IGNORECASE,
)
# After a counted phrase: it is the subject of a verb that follows, so its
# trigger is the verb after it ("four others were injured", "one of whom died").
_PREDICATE_END = re.compile(
    r"[,;:()]|\s[-–—]\s|\b(?:and|but|while|whereas|after|before|when|where|because|since"
    r"|who|which|that)\b",
    re.IGNORECASE,
)
# A verb right after a counted phrase: an auxiliary, a past tense ("two boys
# found a handgun") or a common irregular one.
_SUBJECT_OF_VERB = re.compile(
    r"\s*(?:(?:,[^,;]{1,120},\s*|\s*\([^()]{1,80}\)\s*)?(?:of\s+(?:whom|them|those)\s+)?"
    r"(?:who\s+|that\s+)?"
    r"(?P<verb>were|was|are|is|have|has|had|remain|remains|died|dies|die)"
    r"|(?:who\s+|that\s+)?(?P<other>[a-z]+ed|found|came|went|fled|ran|took|saw|heard|told|said"
    r"|got|gave|made|left|brought|began|fought|met|sat|stood|drove|rode|will|would|could|can"
    r"|may|might))\b",
    re.IGNORECASE,
)
# Trigger words that state no casualty where they stand: "who lives near",
# "trying to kill".
# "One person dead, three others hurt": the others are counted apart from the
# casualty before them, by a predicate of their own, unless the trigger is
# their verb ("killed two others").
_OTHERS_AFTER = re.compile(
    r"\s+(?:others|other\s+(?:people|persons|victims|men|women|children|teens))\b",
    re.IGNORECASE,
)
# A casualty word used before a person noun describes that person.
_ATTRIBUTIVE = re.compile(
    rf"\s+(?:{'|'.join(sorted(_PERSON_HEADS, key=len, reverse=True))})\b", re.IGNORECASE
)
_LIVES_VERB_BEFORE = re.compile(r"\b(?:who|that|which|he|she|it|[A-Z][a-z]+)\s+$")
_TO_BEFORE = re.compile(r"\bto\s+$", re.IGNORECASE)
_BASE_VERBS = frozenset({"kill", "die", "injure", "wound", "hurt", "shoot"})


def _not_a_trigger(text: str, found: re.Match[str]) -> bool:
    word = found.group().lower()
    before = text[max(0, found.start() - 16) : found.start()]
    if word == "lives":
        return _LIVES_VERB_BEFORE.search(before) is not None
    return word in _BASE_VERBS and _TO_BEFORE.search(before) is not None


def _trigger(
    text: str, sentence: _Sentence, match: NumberMatch, counted_end: int | None = None
) -> tuple[str, int] | None:
    """The kind whose trigger word is closest to the number, and that distance.

    A trigger in the number's own clause wins over one beyond a clause
    boundary, which counts only when close by. When the counted phrase (ending
    at ``counted_end``) is the subject of a verb after it, only a trigger in
    that verb's predicate counts.
    """
    window_start = max(sentence.start, match.start - _REACH)
    window_end = min(sentence.end, match.end + _REACH)
    end = match.end if counted_end is None else counted_end
    verb = _SUBJECT_OF_VERB.match(text, end, sentence.end)
    if verb is not None:
        # The predicate may follow a long apposition ("More than 150 people, the
        # whole population of ..., were displaced"): read it all.
        window_end = max(window_end, min(sentence.end, verb.end() + _REACH))
    others = _OTHERS_AFTER.match(text, match.end, sentence.end) is not None
    # (distance, order, kind, trigger start, beyond a clause boundary)
    found_all: list[tuple[int, int, str, int, bool]] = []
    for order, (kind, pattern) in enumerate(_TRIGGERS):
        for found in pattern.finditer(text, window_start, window_end):
            if found.start() < match.end and found.end() > match.start:
                continue
            if _not_a_trigger(text, found):
                continue
            before = found.end() <= match.start
            if not before and found.start() >= end and _ATTRIBUTIVE.match(text, found.end()):
                continue  # "four men ... to honor a slain friend": another person's state
            if before and others and text[found.end() : match.start].strip():
                continue
            if kind == "population" and not before:
                # A population is stated before its size ("inhabited by", "home
                # to", "a population of"); after it ("150 people, the whole
                # population of the village, were displaced") it is an apposition.
                continue
            distance = match.start - found.end() if before else found.start() - match.end
            gap = (found.end(), match.start) if before else (match.end, found.start())
            crosses = _CLAUSE_GAP.search(text, *gap) is not None
            found_all.append((distance, order, kind, found.start(), crosses))
    if not found_all:
        return None
    # "Two dead and three injured", not "two people came in, started arguing
    # and then shot him".
    pool = [f for f in found_all if not f[4]] or [f for f in found_all if f[0] <= _NEAR]
    if verb is not None:
        # "Four people were struck, including the boy killed" counts people
        # struck, which is no kind.
        stop = _PREDICATE_END.search(text, verb.end(), sentence.end)
        limit = stop.start() if stop else sentence.end
        first = verb.start("verb") if verb.group("verb") else verb.start("other")
        pool = [f for f in found_all if match.end <= f[3] < end or first <= f[3] < limit]
    if not pool:
        return None
    distance, _, kind, _, _ = min(pool)
    return kind, distance


def _subject(text: str, match: NumberMatch, limit: int) -> tuple[str, int, str] | None:
    """(subject, end of the counted noun, the words before it) right after the number."""
    found = _SUBJECT_AFTER.match(text, match.end, limit)
    if found is None:
        return None
    between = found.group(1) or ""
    if any(ch in between for ch in ".;:!?"):
        return None
    noun = found.group(2).lower()
    subject = _SUBJECTS[noun]
    if noun in {"casualties", "deaths", "dead", "people"} and _MILITARY.search(between):
        subject = "soldiers"
    return subject, found.end(2), between


# Words that may follow a number that counts people without naming them
# ("four others were injured", "two dead", "three of them", "2 in hospital").
_AFTER_BARE = frozenset(
    re.findall(
        r"\S+",
        """others other more were was are is have has had of in at on to and or with who that
        remain remained remains died die dies total altogether so each apiece inside outside
        near during overnight early late last this on after before when while as including
        monday tuesday wednesday thursday friday saturday sunday tonight yesterday today""",
    )
)
_NEXT_WORD = re.compile(r"\s*([A-Za-z][\w’'-]*)")
# A telephone or emergency number: "dial 911", "911 dispatchers", "822-1111".
_CALL_BEFORE = re.compile(r"\b(?:call(?:ed|ing|s)?|dial(?:l?ed|l?ing|s)?|at)\s+$", re.IGNORECASE)
_APPOSITION_BEFORE = re.compile(r"[\w.)’'][,(]\s*$|\s[—–]\s*$")
_APPOSITION_AFTER = re.compile(r"\s*(?:[,)—–]|and\s+\d|\.?$)")
# "ages 24, 25 and 41"; "Vision Zero", "Channel One"; "too many people".
_AGES_BEFORE = re.compile(
    r"\b(?:ages?\s+(?:\d{1,3}\s*,?\s*(?:and\s+|&\s+)?)*|turn(?:ed|s|ing)\s+)$", re.IGNORECASE
)
_COMMA_GAP = re.compile(r",\s*")
_NAME_BEFORE = re.compile(r"[A-Z][\w’'-]*\s+$")
_STATION_BEFORE = re.compile(r"\b[A-Z]{2,5}\s+$")
_PARENT_OF_BEFORE = re.compile(
    r"\b(?:mother|father|mom|dad|parent|grandmother|grandfather)\s+of\s+$", re.IGNORECASE
)
_DEGREE_BEFORE = re.compile(r"\b(?:too|so|how)\s+$", re.IGNORECASE)
_PHONE = re.compile(r"\d{3}-\d{4}|1-\d{3}$|911$")


def _counts_people(
    text: str, match: NumberMatch, sentence: _Sentence, mentions: Sequence[Mention]
) -> bool:
    """False when a bare count is of something its next word names, or is a phone number."""
    if _PHONE.match(match.text) or text.startswith("-", match.end):
        return False
    if _CALL_BEFORE.search(text, max(sentence.start, match.start - 12), match.start):
        return False
    before = text[max(sentence.start, match.start - 30) : match.start]
    if _AGES_BEFORE.search(before) or _DEGREE_BEFORE.search(before):
        return False
    if any(
        m.type == "person" and _COMMA_GAP.fullmatch(text, m.span.end, match.start)
        for m in mentions
        if sentence.start <= m.span.end <= match.start
    ):
        return False  # an age after a name: "Ginger Reeves, 64 were found dead"
    if match.text[0].isupper() and match.start > sentence.start and _NAME_BEFORE.search(before):
        return False  # a number in a name: "Vision Zero"
    if before[-1:] == "-" and before[-2:-1].isalpha():
        return False  # "Nok-Ten", a typhoon
    if _APPOSITION_BEFORE.search(
        text, max(sentence.start, match.start - 3), match.start
    ) and _APPOSITION_AFTER.match(text, match.end, sentence.end):
        return False  # an age: "The victim, 16, was", "William Williams, 51 —"
    following = _NEXT_WORD.match(text, match.end, sentence.end)
    if following is None:
        return True
    word = following.group(1).lower()
    if word == "of":
        # "four of them" counts people; "21 of its 34 provinces" does not.
        if _OF_PEOPLE.match(text, following.end(), sentence.end):
            return True
    elif word in _AFTER_BARE:
        return True
    elif following.group(1)[0].isupper() and _demonym(text, following.start(1), sentence.end):
        return True  # "more than 405,000 South Sudanese have fled"
    if any(pattern.match(text, following.start(1)) for _, pattern in _TRIGGERS):
        return True  # "more than 3,000 fled north"
    # A casualty noun among the next words is what is counted: "38,000
    # conflict-related displacements", "2 lives".
    position = following.start(1)
    for _ in range(4):
        if _COUNTED_TRIGGER.match(text, position):
            return True
        after = _NEXT_WORD.match(text, _word_end(text, position), sentence.end)
        if after is None:
            return False
        position = after.start(1)
    return False


_COUNTED_TRIGGER = re.compile(
    r"(?:displacements|deaths|casualties|fatalities|bodies|lives|injuries|evacuees|refugees"
    r"|IDPs|arrests|detainees|prisoners|dead|wounded|injured|hurt|killed)\b",
    re.IGNORECASE,
)
_OF_PEOPLE = re.compile(r"\s+(?:them|whom|those|these|us)\b", re.IGNORECASE)


def _demonym(text: str, start: int, end: int) -> bool:
    """True when a nationality's people are named at ``start``: "Afghans", "South Sudanese"."""
    words = _CAPITALISED.match(text, start, end)
    if words is None:
        return False
    gazetteer = _gazetteer()
    first = words.group(1)
    pair = f"{first} {words.group(2)}" if words.group(2) else None
    return any(
        gazetteer.demonym_country(form) is not None
        for form in (pair, first)
        if form and form.endswith(("s", "ese", "ish", "ch"))
    )


_CAPITALISED = re.compile(r"([A-Z][a-z]+)(?:\s+([A-Z][a-z]+))?")


def _word_end(text: str, start: int) -> int:
    found = re.compile(r"[\w’'-]+").match(text, start)
    return found.end() if found else start + 1


def _country(word: str) -> str | None:
    """The country a demonym or place stands for: "Armenian", "Baku" -> "Armenia", "Azerbaijan".

    A region ("Karabakh residents") says where, not whose: no side.
    """
    gazetteer = _gazetteer()
    place = gazetteer.demonym_country(word) or gazetteer.lookup(word)
    if place is None or place.kind == "region":
        return None
    if place.kind == "country":
        return place.name
    country = gazetteer.place(f"iso:{place.country_code}") if place.country_code else None
    return country.name if country else None


@functools.lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    return Gazetteer()


# "among Armenian-backed forces", "in the Armenian stronghold", "of Azerbaijan".
_SIDE_AFTER = re.compile(
    r"\s*(?:among|of|in|from)\s+(?:the\s+)?(?:breakaway\s+)?([A-Z][\w-]+)", re.UNICODE
)


# "the death toll in the Armenian stronghold to 158 soldiers".
_SIDE_BEFORE = re.compile(
    r"\b(?:in|among|of)\s+(?:the\s+)?([A-Z][a-z]+)(?:-backed|-led)?\s+"
    r"(?:stronghold|side|forces|army|ranks|troops|military)\b"
)


def _side(text: str, between: str, start: int, end: int, sentence: _Sentence) -> str | None:
    """Whose: a demonym in the counted phrase ("Syrian militants"), else one right after it."""
    for word in _NATIONALITY.findall(between):
        found = _country(word)
        if found:
            return found
    after = _SIDE_AFTER.match(text, end, sentence.end)
    if after:
        return _country(after.group(1).split("-")[0])
    before = _SIDE_BEFORE.search(text, max(sentence.start, start - 60), start)
    if before:
        return _country(before.group(1))
    return None


# Where the subject of a reporting verb starts: the sentence, or after a
# clause boundary.
_CLAUSE_START = re.compile(
    r"(?:^|[,;:]\s+(?:and\s+|but\s+|while\s+)?|\b(?:after|that|and|but|while|when|as)\s+)"
    r"(?=[^,;:]*$)",
    re.IGNORECASE,
)
# A leading conjunction or article is not part of who speaks: "the Armenian side" is
# the speaker "Armenian side", as the quotes stage names it.
_LEADING = re.compile(r"^(?:(?:and|but|while|so|then)\s+)?(?:(?:the|a|an)\s+)?", re.IGNORECASE)
_APPOSITION = re.compile(r"\s*,[^,;]{1,80},\s*(?:has\s+|have\s+)?$")
# Words between a speaker and their verb ("Armenia has so far confirmed").
_AUXILIARY = re.compile(
    r"\s+(?:has|have|had|also|so far|yet|not|itself|themselves|on \w+|earlier|later|late)$",
    re.IGNORECASE,
)
_PASSIVE = re.compile(r"\b(?:been|be|being|is|are|was|were)\s*$", re.IGNORECASE)
_CLAUSE_BREAK = re.compile(
    r"[;]|,\s*(?:and|but|while|whereas)\b|\bwhile\b|\b(?:and|but)\s+(?:the\s+)?[A-Z]"
)
_SPEAKER_HEAD = re.compile(
    r"\b(?:authorities|officials?|side|ministry|government|military|army|police|sources"
    r"|spokes(?:man|woman|person)|ombudsman|observatory|agency|office)\b",
    re.IGNORECASE,
)


def _speaker(
    text: str,
    sentence: _Sentence,
    match: NumberMatch,
    mentions: Sequence[Mention],
    quotes: Sequence[Quote],
) -> tuple[str | None, Span | None]:
    """Who the sentence attributes the figure to: a quote's speaker, "according to X",
    or the subject of a reporting verb ("X said", "authorities in Baku say")."""
    for quote in quotes:
        if quote.span.start <= match.start and match.end <= quote.span.end and quote.speaker:
            return quote.speaker, quote.speaker_span
    inside = [
        m
        for m in mentions
        if sentence.start <= m.span.start
        and m.span.end <= sentence.end
        and m.type in _SPEAKER_TYPES
    ]
    according = _ACCORDING.search(text, sentence.start, sentence.end)
    if according:
        following = [m for m in inside if m.span.start >= according.end()]
        if following and following[0].span.start - according.end() <= 40:
            return following[0].name, following[0].span
    for verb in _VERB.finditer(text, sentence.start, sentence.end):
        if verb.start() > match.start and _CLAUSE_BREAK.search(text, match.end, verb.start()):
            break  # a verb in another clause reports something else
        before = text[sentence.start : verb.start()]
        if _PASSIVE.search(before):
            continue  # "have been confirmed dead": no one is named as confirming
        people = [m for m in inside if m.span.end <= verb.start() and m.type == "person"]
        if people and _APPOSITION.match(text, people[-1].span.end, verb.start()):
            return people[-1].name, people[-1].span  # "Artak Beglaryan, a member of ..., said"
        starts = [m.end() for m in _CLAUSE_START.finditer(before)]
        phrase_start = sentence.start + (starts[-1] if starts else 0)
        phrase = _LEADING.sub("", text[phrase_start : verb.start()].strip())
        while (shorter := _AUXILIARY.sub("", phrase)) != phrase:
            phrase = shorter
        words = phrase.split()
        if not words or len(words) > 20:
            continue
        if not (words[0][0].isupper() or words[0] == "the" or _SPEAKER_HEAD.search(phrase)):
            continue
        named = [m for m in inside if m.span.start >= phrase_start and m.span.end <= verb.start()]
        if named and named[-1].type == "person" and phrase.endswith(named[-1].text):
            # "Armenian ombudsman Artak Beglaryan": the person, by name.
            return named[-1].name, named[-1].span
        if len(named) == 1 and text[named[0].span.start : named[0].span.end] == phrase:
            return named[0].name, named[0].span
        ranked = sorted(named, key=lambda m: (m.type == "group", -m.span.start))
        return phrase, ranked[0].span if ranked else None
    return None, None


def _place_before(
    mentions: Sequence[Mention], sentence: _Sentence, match: NumberMatch
) -> str | None:
    """The place a population figure is of: the last place named before it in its sentence."""
    places = [
        m
        for m in mentions
        if m.place and m.type != "group" and sentence.start <= m.span.start < match.start
    ]
    return places[-1].name if places else None


def _speaker_side(
    speaker: str | None,
    span: Span | None,
    mentions: Sequence[Mention],
    sentence: _Sentence,
) -> str | None:
    """A country or a city speaking ("Azerbaijan says", "authorities in Baku") speaks for a side.

    The speaker's mention when the speaker is one; else the first country,
    city or group its words name in the sentence ("Azerbaijan itself").
    """
    places = [m for m in mentions if m.type in {"country", "city", "group"}]
    if span is not None:
        for mention in places:
            if mention.span == span:
                return _country(mention.text)
        return None
    if not speaker:
        return None
    for mention in places:
        if sentence.start <= mention.span.start < sentence.end and re.search(
            rf"\b{re.escape(mention.text)}\b", speaker
        ):
            return _country(mention.text)
    return None


# "300 of its soldiers": whose is the side named last before it.
_POSSESSIVE = re.compile(r"\b(?:its|their)\b", re.IGNORECASE)


def _possessive_side(
    text: str, between: str, start: int, sentence: _Sentence, mentions: Sequence[Mention]
) -> str | None:
    """The side "its"/"their" in the counted phrase refers to: that of the last country,
    group, city or region named before the number in the sentence."""
    if not _POSSESSIVE.search(text[start : start + 40]) and not _POSSESSIVE.search(between):
        return None
    named = [
        m
        for m in mentions
        if m.type in {"country", "group", "region", "city"}
        and sentence.start <= m.span.start
        and m.span.end <= start
    ]
    # A region ("Karabakh residents and ... its women") is where, not whose: no side.
    return _country(named[-1].text.split("-")[0]) if named else None


#: Subjects that are no side's own: a side reporting journalists hurt speaks of others.
_NO_SIDE = frozenset({"journalists"})


def _historical(
    numbers: Sequence[NumberMatch], published: str | None, sentence: _Sentence
) -> tuple[str, str] | None:
    """A year or decade the sentence speaks of, when it is before the article's year."""
    year = int(published[:4]) if published and published[:4].isdigit() else None
    for number in numbers:
        if not (sentence.start <= number.start < sentence.end):
            continue
        if number.kind in {"year", "decade"} and number.quantity.low is not None:
            value = int(number.quantity.low)
            if year is None or value < year:
                return str(value), number.kind
    return None


def _cumulative(text: str, sentence: _Sentence, match: NumberMatch) -> bool | None:
    before = text[max(sentence.start, match.start - 20) : match.start]
    if _INCREMENT.search(before) or _INCREMENT_AFTER.match(text, match.end, sentence.end):
        return False
    if _CUMULATIVE.search(text, sentence.start, sentence.end):
        return True
    return None


# -- casualties stated without a number -----------------------------------------
#
# "A man was shot and killed", "the 15-year-old died at the hospital", "police
# shot a suspect", "the gunman then killed himself": news states most single
# casualties with a noun phrase, not a number. Each such phrase is a figure of
# one (two for "a man and a woman", "both men"); its span is the phrase that
# names the casualty. A casualty is named by a singular noun phrase with a
# person noun ("a 23-year-old man", "his wife", "the victim", "a 15-year-old",
# "one of them"), a person's name, "he"/"she" or a reflexive pronoun.

_HEAD = "|".join(sorted(_PERSON_HEADS, key=len, reverse=True))
_FUNCTION_WORD = (
    r"(?:and|or|but|was|were|is|are|be|been|has|had|have|who|that|which|of|in|at|on|by|with"
    r"|to|from|for|the|a|an|his|her|their|its|he|she|they|it|after|before|when|while)"
)
# A singular noun phrase: a determiner, up to three modifiers and a person noun
# ("a 23-year-old Chicago man"), or an age used as a noun ("a 15-year-old").
_NOUN_PHRASE = (
    r"\b(?:(?:a|an|one|another|the|this|that|his|her|their|its|a\s+(?:second|third|fourth))\s+"
    rf"(?:(?!{_FUNCTION_WORD}\b)[\w’'.-]+\s+){{0,3}}?"
    rf"(?:(?P<head>{_HEAD})\b(?!['’]s|-)|\w+-year-old\b(?!-|\s+(?:{_HEAD})\b))"
    r"|\bone\s+of\s+(?:them|whom|those|(?:the\s+)?(?:\w+\s+){0,2}?(?:victims|men|women|people"
    r"|children|teens|boys|girls|others|officers|shooters|suspects)))"
)
# Words that end a reduced participle phrase: a new clause or another person.
_CLAUSE_WORD = (
    r"(?:and|or|but|his|her|their|him|them|he|she|they|who|which|that|was|were|is|are|has"
    r"|have|had|said|says)"
)
# After the noun phrase and before the verb: an age, an appositive, a place, or
# what befell them ("a 9-year-old boy shot early Wednesday during a hunting
# accident has died"); two of them at most ("Dominque Young, 21, of the 2500
# block of Semple, was pronounced dead").
_POST = (
    r"(?:\s*,\s*\d{1,3}\s*,|\s*\(\d{1,3}\)|\s*,\s*(?:[^,;.]{1,80}),"
    rf"|\s+(?:shot|wounded|injured|hurt|struck)(?:\s+(?!{_CLAUSE_WORD}\b)[\w’'.-]+){{1,10}}?"
    r"|\s+(?:in|from|of|at)\s+(?:(?!(?:was|were|is|who|and)\b)[\w’'.-]+(?:\s+|,\s+)){0,6}?"
    r"|\s+(?:who|that)\s+(?:was|is|had\s+been)\s+(?:[\w’'-]+\s+){1,4}?"
    rf"|\s*,?\s+(?:who|that)\s+(?:was|had\s+been)\s+(?:shot|wounded|injured|hurt|struck)"
    rf"(?:\s+(?!{_CLAUSE_WORD}\b)[\w’'.-]+){{1,10}}?"
    r"){0,2}"
)
#: Words between a subject and its verb that leave the casualty stated as fact.
_AUX = (
    r"(?:(?:was|were|is|are|has|have|had|been|being|got|gets|later|then|also|reportedly"
    r"|allegedly|apparently|accidentally|critically|seriously|severely|badly|ultimately"
    r"|eventually|both|who|that|just|subsequently)\s+)*"
)
_PASSIVE_AUX = re.compile(r"\b(?:was|were|is|are|been|being|got|gets)\s", re.IGNORECASE)
# Verb phrases of a casualty, by kind; "passive" ones need an auxiliary (or
# "by" after them): "a man killed his wife" is no casualty of the man.
_CASUALTY_VERBS: tuple[tuple[str, str, bool], ...] = (
    (
        "killed",
        r"shot\s+and\s+killed|shot\s+dead|shot\s+to\s+death|fatally\s+(?:shot|wounded"
        r"|injured|struck|hit)|mortally\s+wounded|killed|slain|murdered|gunned\s+down",
        True,
    ),
    (
        "killed",
        r"(?:pronounced|found|declared|discovered)\s+(?:\w+ly\s+)?(?:dead|deceased)|dead|died|dies"
        r"|succumbed|passed\s+away"
        r"|lost\s+(?:his|her)\s+life|(?:suffered|sustained)\s+(?:a\s+)?fatal\s+"
        r"(?:gunshot\s+)?wounds?",
        False,
    ),
    (
        "injured",
        r"shot\s+and\s+(?:wounded|injured)|non-?fatally\s+shot|wounded|injured|hurt"
        r"|grazed|hospitali[sz]ed",
        True,
    ),
    (
        "injured",
        r"(?:suffered|sustained)\s+(?:(?!fatal)[\w-]+\s+){0,2}injur(?:y|ies)",
        False,
    ),
    (
        "shot",
        r"(?:suffered|sustained)\s+(?:a\s+)?(?:single\s+|multiple\s+)?(?:gunshot|bullet)\s+wounds?",
        False,
    ),
    (
        "shot",
        r"shot(?!\s+(?:and\s+(?:killed|wounded|injured)|dead|to\s+death|down|at|back|up)\b)"
        r"|struck\s+by\s+(?:gunfire|(?:a\s+)?(?:stray\s+)?bullets?)",
        True,
    ),
)
_VERB_PATTERNS = [
    (kind, re.compile(rf"(?<![\w-])(?:{pattern})\b", re.IGNORECASE), passive)
    for kind, pattern, passive in _CASUALTY_VERBS
]
_SUBJECT_BEFORE = re.compile(
    rf"(?P<np>{_NOUN_PHRASE}(?:\s+and\s+{_NOUN_PHRASE.replace('?P<head>', '')})?)"
    rf"{_POST}\s*(?:who\s+|that\s+)?{_AUX}$",
    re.IGNORECASE,
)
_BOTH_BEFORE = re.compile(
    rf"\b(?P<np>both(?:\s+(?:of\s+)?(?:the|them|these|those))?(?:\s+(?:[\w-]+\s+)?"
    r"(?:men|women|boys|girls|victims|teens|children|brothers|sisters|officers))?)\s+"
    rf"{_AUX}$",
    re.IGNORECASE,
)
_PRONOUN_BEFORE = re.compile(rf"(?<![\w-])(?P<np>he|she)\s+{_AUX}$", re.IGNORECASE)
_COORDINATED_BEFORE = re.compile(rf"\s+(?:and|but)\s+{_AUX}$", re.IGNORECASE)
# After a casualty verb: its object ("killed a 23-year-old man", "shot him").
_ACTIVE_VERBS: tuple[tuple[str, str], ...] = (
    (
        "killed",
        r"shot\s+and\s+killed|(?:fatally|mortally)\s+(?:shoot|wound|injur)\w*|shot\s+dead"
        r"|kill(?:ed|ing|s)|murder(?:ed|ing|s)",
    ),
    ("injured", r"shot\s+and\s+(?:wounded|injured)|wound(?:ed|ing|s)|injur(?:ed|ing|es)"),
    ("shot", r"shot|shooting|shoots"),
)
# The same verbs right before a person's name: "killing Lewis", "police shot Smith",
# "killed 24-year-old Alex DoSouto".
_ACTIVE_BEFORE_NAME = [
    (
        kind,
        re.compile(
            rf"(?<![\w-])(?:{pattern})\s+(?:\d{{1,3}}-(?:year|month|week)-old\s+)?$", re.IGNORECASE
        ),
    )
    for kind, pattern in _ACTIVE_VERBS
]
_OBJECT_AFTER = [
    (
        kind,
        re.compile(
            rf"(?<![\w-])(?:{pattern})\s+(?P<np>{_NOUN_PHRASE}|him|her)\b"
            r"(?!\s+(?:and\s+)?(?:himself|herself|to\s+\w+)\b)",
            re.IGNORECASE,
        ),
    )
    for kind, pattern in _ACTIVE_VERBS
]
# "left a man dead", "leaving one person injured".
_LEFT = re.compile(
    rf"\b(?:left|leaving|leaves|found|finds|find)\s+(?:(?P<np>{_NOUN_PHRASE})\s+)?"
    r"(?P<state>dead|injured|wounded|shot)\b",
    re.IGNORECASE,
)
# "the shooting death of a 12-year-old", "charged in the killing of John Smith".
_DEATH_OF = re.compile(
    r"\b(?:(?:fatal\s+)?shooting\s+death|death|killing|murder|slaying|fatal\s+shooting)"
    rf"\s+of\s+(?:(?P<np>{_NOUN_PHRASE})|(?:\d+-(?:year|month|week)-old\s+)?(?=[A-Z]))",
    re.IGNORECASE,
)
_REFLEXIVE = re.compile(
    r"\b(?:(?P<killed>(?:kill(?:ed|ing|s)|shot|shooting|shoots)\s+(?P<a>himself|herself)"
    r"(?=\s+(?:dead|to\s+death|fatally)\b)|kill(?:ed|ing|s)\s+(?P<b>himself|herself)"
    r"|fatally\s+(?:shot|shooting|shoots)\s+(?P<g>himself|herself)"
    r"|turn(?:ed|ing|s)\s+the\s+(?:gun|weapon|rifle|pistol)\s+on\s+(?P<c>himself|herself)"
    r"|t(?:ook|aking|akes)\s+(?P<d>his|her)\s+own\s+life)"
    r"|(?:shot|shooting|shoots)\s+(?P<e>himself|herself)"
    r"|\band\s+(?:then\s+)?(?P<f>himself|herself))\b",
    re.IGNORECASE,
)
# "killed his wife and then himself": the killing verb before the victims.
_KILLING_VERB = re.compile(
    r"\b(?:kill(?:ed|ing|s)|murder(?:ed|ing|s)|shot\s+and\s+killed|fatally\s+shot)\b",
    re.IGNORECASE,
)
# A modal earlier in the clause: "it could have hit her in the heart and killed her".
_MODAL_IN_CLAUSE = re.compile(
    r"\b(?:could|would|might|may|should|must|if|whether|unless)\b[^,;:.!?]*$", re.IGNORECASE
)
_NOT_AS_FACT = re.compile(
    r"\b(?:not|never|no|n[o']t|could|would|might|may|if|nearly|almost|whether|threat\w*"
    r"|tr(?:y|ied|ying)\s+to|attempt\w*)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


@dataclass(frozen=True, slots=True)
class _Casualty:
    kind: str
    start: int
    end: int
    count: int
    subject: str


def _head_subject(phrase: re.Match[str]) -> str:
    head = phrase.group("head") if "head" in phrase.re.groupindex else None
    return _PERSON_HEADS.get(head.lower(), "people") if head else "people"


def _person_before(
    text: str, mentions: Sequence[Mention], sentence: _Sentence, position: int
) -> Mention | None:
    """A person named right before a verb at ``position`` ("Kevin Barbee, 15, was shot")."""
    for mention in mentions:
        if (
            mention.type == "person"
            and sentence.start <= mention.span.start
            and mention.span.end <= position
            and _PERSON_GAP.fullmatch(text, mention.span.end, position)
        ):
            return mention
    return None


_PERSON_GAP = re.compile(rf"{_POST}\s*,?\s*(?:who\s+|that\s+)?{_AUX}", re.IGNORECASE)


# A word every casualty pattern below needs, one of them at least.
_CASUALTY_HINT = re.compile(
    r"kill|dead|die|shot|shoot|wound|injur|hurt|slain|murder|gunned|fatal|succumb|passed\s+away"
    r"|deceased|himself|herself|life|death|slaying|grazed|hospitali|struck",
    re.IGNORECASE,
)
_STATES = {"dead": "killed", "injured": "injured", "wounded": "injured", "shot": "shot"}


def _person_at(mentions: Sequence[Mention], position: int, *, before: bool) -> Mention | None:
    """The person mention ending at ``position`` (``before``), or starting there."""
    for mention in mentions:
        edge = mention.span.end if before else mention.span.start
        if mention.type == "person" and edge == position:
            return mention
    return None


def _unnumbered(text: str, sentence: _Sentence, mentions: Sequence[Mention]) -> list[_Casualty]:
    """Casualties the sentence states without a number, in text order."""
    if not _CASUALTY_HINT.search(text, sentence.start, sentence.end):
        return []  # most sentences name no casualty: skip the costlier patterns
    found: list[_Casualty] = []
    verbs = sorted(
        (verb.start(), verb.end(), kind, passive)
        for kind, pattern, passive in _VERB_PATTERNS
        for verb in pattern.finditer(text, sentence.start, sentence.end)
    )
    last: _Casualty | None = None
    for verb_start, verb_end, kind, passive in verbs:
        floor = max(sentence.start, verb_start - 160)
        before = text[floor:verb_start]
        if _NOT_AS_FACT.search(before) or _MODAL_IN_CLAUSE.search(before):
            continue
        if last is not None and _COORDINATED_BEFORE.search(before, last.end - floor):
            # "was shot and later died": the same casualty, another verb.
            found.append(_Casualty(kind, last.start, last.end, last.count, last.subject))
            continue
        auxiliary = _AUX_AT_END.search(before)
        reduced = False
        if passive and not _PASSIVE_AUX.search(auxiliary.group() if auxiliary else ""):
            # "a 16-year-old boy shot and killed late Friday", "killed by police":
            # a passive without its auxiliary, before no object.
            if not _REDUCED_AFTER.match(text, verb_end, sentence.end):
                continue
            reduced = True
        casualty = _subject_of(
            text, before, floor, mentions, sentence, verb_start, kind, pronoun=not reduced
        )
        if casualty is not None:
            found.append(casualty)
            last = casualty
    for kind, pattern in _OBJECT_AFTER:
        for verb in pattern.finditer(text, sentence.start, sentence.end):
            before = text[max(sentence.start, verb.start() - 80) : verb.start()]
            if (
                _NOT_AS_FACT.search(before)
                or _MODAL_IN_CLAUSE.search(before)
                or _BE_BEFORE.search(before)
            ):
                continue
            found.append(_Casualty(kind, verb.start("np"), verb.end("np"), 1, _head_subject(verb)))
    for mention in mentions:
        if mention.type != "person" or not sentence.start <= mention.span.start < sentence.end:
            continue
        before = text[max(sentence.start, mention.span.start - 80) : mention.span.start]
        if _NOT_AS_FACT.search(before) or _MODAL_IN_CLAUSE.search(before):
            continue
        for kind, pattern in _ACTIVE_BEFORE_NAME:
            if pattern.search(before):
                found.append(_Casualty(kind, mention.span.start, mention.span.end, 1, "people"))
                break
    for left in _LEFT.finditer(text, sentence.start, sentence.end):
        kind = _STATES[left.group("state").lower()]
        if left.group("np"):
            found.append(_Casualty(kind, left.start("np"), left.end("np"), 1, _head_subject(left)))
            continue
        person = _person_at(mentions, left.start("state") - 1, before=True)
        if person is not None:  # "police found McLean dead"
            found.append(_Casualty(kind, person.span.start, person.span.end, 1, "people"))
    for death in _DEATH_OF.finditer(text, sentence.start, sentence.end):
        if death.group("np"):
            found.append(
                _Casualty("killed", death.start("np"), death.end("np"), 1, _head_subject(death))
            )
            continue
        person = _person_at(mentions, death.end(), before=False)
        if person is not None:  # "the death of 13-month-old Bill Thao"
            found.append(_Casualty("killed", person.span.start, person.span.end, 1, "people"))
    for reflexive in _REFLEXIVE.finditer(text, sentence.start, sentence.end):
        name = next(n for n in "abcdefg" if reflexive.group(n))
        if name == "f" and not _KILLING_VERB.search(
            text, max(sentence.start, reflexive.start() - 80), reflexive.start()
        ):
            continue
        kind = "shot" if name == "e" else "killed"
        found.append(_Casualty(kind, reflexive.start(name), reflexive.end(name), 1, "people"))
    unique = {(c.start, c.end, c.kind): c for c in found}
    return [unique[key] for key in sorted(unique)]


_AUX_AT_END = re.compile(rf"{_AUX}$", re.IGNORECASE)
_REDUCED_AFTER = re.compile(
    r"\s+(?:by|in|on|at|near|outside|inside|early|late|last|this|while|during|after|overnight"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\s*[,.;]",
    re.IGNORECASE,
)
_BE_BEFORE = re.compile(r"\b(?:was|were|is|are|been)\s+$", re.IGNORECASE)


def _subject_of(
    text: str,
    before: str,
    floor: int,
    mentions: Sequence[Mention],
    sentence: _Sentence,
    position: int,
    kind: str,
    *,
    pronoun: bool = True,
) -> _Casualty | None:
    """The casualty named as the subject of a casualty verb at ``position``."""
    phrase = _SUBJECT_BEFORE.search(before)
    if phrase is not None:
        np = phrase.group("np")
        count = 2 if re.search(r"\s+and\s+", np) else 1
        return _Casualty(
            kind, floor + phrase.start("np"), floor + phrase.end("np"), count, _head_subject(phrase)
        )
    person = _person_before(text, mentions, sentence, position)
    if person is not None:
        return _Casualty(kind, person.span.start, person.span.end, 1, "people")
    both = _BOTH_BEFORE.search(before)
    if both is not None:
        return _Casualty(kind, floor + both.start("np"), floor + both.end("np"), 2, "people")
    he = _PRONOUN_BEFORE.search(before) if pronoun else None
    if he is not None:
        return _Casualty(kind, floor + he.start("np"), floor + he.end("np"), 1, "people")
    return None


_PARTITIVE_BEFORE = re.compile(
    r"\b(?:one|two|three|four|five|six|seven|eight|nine|ten|\d+|all|some|most|none|each|both)"
    r"\s+of\s+(?:(?:the|those|these)\s+)?$",
    re.IGNORECASE,
)


def figure_id(article: str, start: int, end: int, kind: str | None = None) -> str:
    """A figure's id: its article and span, and its kind where one span states two
    ("a man was shot and later died": shot and killed)."""
    key = f"{article}:{start}:{end}" + (f":{kind}" if kind else "")
    return "f" + hashlib.sha1(key.encode()).hexdigest()[:12]


def extract_figures(article: Article, convention: str = "acled") -> tuple[Figure, ...]:
    """The figures of ``article`` (its clean text, mentions and quotes), in text order."""
    text = article.text
    if not text:
        return ()
    dates = resolve_dates(text, article.published, article=article.id)
    numbers = find_numbers(text, convention=convention)
    sentences = _sentences(text)
    reference, known = reference_date(article, dates)
    default = (reference, "day" if known == "reported" else known) if reference else (None, None)
    figures: list[Figure] = []
    previous_kind: tuple[int, str] | None = None  # (paragraph, kind)
    index = 0
    for sentence in sentences:
        in_sentence: list[NumberMatch] = []
        while index < len(numbers) and numbers[index].start < sentence.end:
            if numbers[index].start >= sentence.start:
                in_sentence.append(numbers[index])
            index += 1
        sentence_kind: str | None = None
        first = len(figures)
        for match in in_sentence:
            if match.kind not in _COUNTS:
                continue
            before = text[max(sentence.start, match.start - 24) : match.start]
            if _PARTITIVE_BEFORE.search(before):
                continue  # "one of the six": the count is the one, not the six
            if _STATION_BEFORE.search(before):
                continue  # a broadcaster: "told FOX 5", "(LEX 18)", "WAVE 3 News"
            if _PARENT_OF_BEFORE.search(before):
                continue  # "a mother of four" counts her children, not casualties
            subject = _subject(text, match, sentence.end)
            found = _trigger(text, sentence, match, subject[1] if subject else None)
            if found is None:
                # A restatement of the figure before ("equivalent to about
                # seventy to 75 thousand people") continues its kind.
                if subject is None or not previous_kind or previous_kind[0] != sentence.paragraph:
                    continue
                kind, distance = previous_kind[1], 0
            else:
                kind, distance = found
            if subject is None and match.kind != "share" and distance > _NEAR:
                continue  # a bare number far from any trigger word counts nothing known
            if (
                subject is None
                and match.kind != "share"
                and not _counts_people(text, match, sentence, article.mentions)
            ):
                continue  # "seven counts of assault", "five lanes", "dialled 911"
            if match.kind == "share" and kind == "population":
                # "half of the population" is a share of a population, not a
                # population: it takes the kind of the other trigger, if any.
                kind = _other_trigger(text, sentence, match) or ""
                if not kind:
                    continue
            subject_name, end, between = subject if subject else ("people", match.end, "")
            if _RATE.search(text, sentence.start, sentence.end):
                continue  # "kill thousands of people every year": a rate, no event's figure
            if subject_name in _HOUSING and kind in _PEOPLE_ONLY:
                continue  # "two houses were hit, killing ..." counts no dead houses
            if kind in _DAMAGE and subject_name not in _BUILT:
                continue  # "427 homes of nearly 1,200 people have been destroyed"
            sentence_kind = kind
            base = None
            if match.kind == "share":
                base = text[match.end : end].strip(" ,") or None
                base = re.sub(r"^of\s+", "", base, flags=re.IGNORECASE) if base else None
            speaker, speaker_span = _speaker(
                text, sentence, match, article.mentions, article.quotes
            )
            if kind == "population":
                side = _place_before(article.mentions, sentence, match)
            else:
                side = _side(text, between, match.start, end, sentence)
                if side is None and subject_name not in _NO_SIDE:
                    side = _possessive_side(
                        text, between, match.start, sentence, article.mentions
                    ) or _speaker_side(speaker, speaker_span, article.mentions, sentence)
            when = _as_of(text, dates, numbers, article.published, sentence)
            as_of, precision = when if when else default
            figures.append(
                Figure(
                    id=figure_id(article.id, match.start, end),
                    kind=kind,
                    quantity=match.quantity,
                    subject=subject_name,
                    span=Span(article.id, match.start, end),
                    evidence=Span(article.id, sentence.start, sentence.end),
                    text=text[match.start : end],
                    side=side,
                    base=base,
                    speaker=speaker,
                    speaker_span=speaker_span,
                    as_of=as_of,
                    as_of_precision=precision,
                    cumulative=_cumulative(text, sentence, match),
                )
            )
        taken = [(f.span.start, f.span.end) for f in figures[first:]] + [
            (m.start, m.end) for m in in_sentence if m.kind == "ordinal"
        ]
        for casualty in _unnumbered(text, sentence, article.mentions):
            if any(start < casualty.end and casualty.start < end for start, end in taken):
                continue  # "one man was killed": the number's figure says it
            match = NumberMatch(
                casualty.start,
                casualty.end,
                Quantity(float(casualty.count), float(casualty.count), "exact"),
                "count",
                text[casualty.start : casualty.end],
            )
            speaker, speaker_span = _speaker(
                text, sentence, match, article.mentions, article.quotes
            )
            when = _as_of(text, dates, numbers, article.published, sentence)
            as_of, precision = when if when else default
            figures.append(
                Figure(
                    id=figure_id(article.id, casualty.start, casualty.end, casualty.kind),
                    kind=casualty.kind,
                    quantity=match.quantity,
                    subject=casualty.subject,
                    span=Span(article.id, casualty.start, casualty.end),
                    evidence=Span(article.id, sentence.start, sentence.end),
                    text=match.text,
                    speaker=speaker,
                    speaker_span=speaker_span,
                    as_of=as_of,
                    as_of_precision=precision,
                )
            )
        figures[first:] = _totals(text, figures[first:], article.mentions)
        if sentence_kind is not None:
            previous_kind = (sentence.paragraph, sentence_kind)
    return tuple(sorted(figures, key=lambda f: (f.span.start, f.span.end, f.kind)))


# -- totals of coordinated casualties ---------------------------------------------
#
# "A man and two women were killed" names three casualties in two phrases;
# "killed his wife and then himself", "shot and killed two people before turning
# the gun on himself" name the killer's death too. The phrases of one such
# statement become one figure of their sum, whose span runs over all of them.

# The first one's age may stand before the "and": "Lamont Jones, 33, and Mario King".
_AND_GAP = re.compile(
    r"(?:\s*,\s*\d{1,3})?(?:\s*,)?\s+(?:and|as\s+well\s+as)\s+(?:then\s+)?"
    r"(?:\d{1,3}-(?:year|month|week)-old\s+)?|\s*,\s*"
)
_SINGLE_BEFORE = re.compile(rf"(?P<np>{_NOUN_PHRASE})(?:\s*,)?\s+and\s+$", re.IGNORECASE)
_SINGLE_AFTER = re.compile(rf"\s+and\s+(?P<np>{_NOUN_PHRASE})\b", re.IGNORECASE)
_KILLING_BEFORE = re.compile(
    r"\b(?:kill(?:ed|ing|s)|murder(?:ed|ing|s)|shot\s+and\s+killed|fatally\s+shot|shot\s+dead)"
    r"\s+(?:(?:his|her|their)\s+)?$",
    re.IGNORECASE,
)
_REFLEXIVE_WORDS = frozenset({"himself", "herself", "his", "her"})
#: How far after the last victim a killer's own death may be told ("... before
#: turning the gun on himself").
_REFLEXIVE_REACH = 90


def _exact(figure: Figure) -> bool:
    return (
        figure.qualifier == "exact"
        and figure.low is not None
        and figure.low == figure.high
        and figure.quantity.share is None
    )


def _single(text: str, figure: Figure, start: int, end: int) -> Figure:
    """A casualty of one named beside ``figure`` ("a man" in "a man and two women")."""
    return replace(
        figure,
        id=figure_id(figure.span.article, start, end, figure.kind),
        quantity=Quantity(1.0, 1.0, "exact"),
        subject="people",
        span=Span(figure.span.article, start, end),
        text=text[start:end],
    )


# Between two people named together: "and", perhaps after the first one's age
# or before the second one's ("Jamie Salazar, 34, and 2-year-old Jordan Reeves").
_NAME_AND = re.compile(
    r"(?:\s*,\s*\d{1,3}\s*)?(?:\s*,)?\s+and\s+(?:\d{1,3}-(?:year|month|week)-old\s+)?"
)


def _name_before(text: str, figure: Figure, mentions: Sequence[Mention]) -> Mention | None:
    """A person named right before ``figure`` and joined to it by "and"."""
    for mention in mentions:
        if (
            mention.type == "person"
            and figure.evidence.start <= mention.span.start
            and mention.span.end <= figure.span.start
            and _NAME_AND.fullmatch(text, mention.span.end, figure.span.start)
        ):
            return mention
    return None


def _name_after(text: str, figure: Figure, mentions: Sequence[Mention]) -> Mention | None:
    """A person named right after ``figure`` and joined to it by "and"."""
    for mention in mentions:
        if (
            mention.type == "person"
            and figure.span.end <= mention.span.start
            and mention.span.end <= figure.evidence.end
            and _NAME_AND.fullmatch(text, figure.span.end, mention.span.start)
        ):
            return mention
    return None


def _totals(text: str, figures: list[Figure], mentions: Sequence[Mention] = ()) -> list[Figure]:
    """One sentence's figures with coordinated casualties of one kind summed."""
    items = sorted(figures, key=lambda f: (f.span.start, f.span.end))
    extra: list[Figure] = []
    for figure in items:
        if not _exact(figure) or figure.text.lower() in _REFLEXIVE_WORDS:
            continue
        start = figure.evidence.start
        before = _SINGLE_BEFORE.search(text, max(start, figure.span.start - 80), figure.span.start)
        if before and not any(f.span.start <= before.start("np") < f.span.end for f in items):
            extra.append(_single(text, figure, before.start("np"), before.end("np")))
        else:
            named = _name_before(text, figure, mentions)
            if named is not None and not any(
                f.span.start <= named.span.start < f.span.end for f in items
            ):
                # "Lamont Jones, 33, and Mario King, 26, were killed".
                extra.append(_single(text, figure, named.span.start, named.span.end))
        after = _SINGLE_AFTER.match(text, figure.span.end, figure.evidence.end)
        if after and not any(f.span.start <= after.start("np") < f.span.end for f in items):
            extra.append(_single(text, figure, after.start("np"), after.end("np")))
        else:
            named = _name_after(text, figure, mentions)
            if named is not None and not any(
                f.span.start <= named.span.start < f.span.end for f in items
            ):
                # "killing Jacinta Walker, 18, and Aveion Bolden, 20".
                extra.append(_single(text, figure, named.span.start, named.span.end))
    items = sorted(items + extra, key=lambda f: (f.span.start, f.span.end))
    result: list[Figure] = []
    chain: list[Figure] = []
    for item in items:
        if chain and _joins(text, chain, item):
            chain.append(item)
            continue
        result.extend(_sum(text, chain))
        chain = [item]
    result.extend(_sum(text, chain))
    return result


def _joins(text: str, chain: list[Figure], figure: Figure) -> bool:
    last = chain[-1]
    if figure.kind != last.kind or not _exact(figure) or not all(map(_exact, chain)):
        return False
    if figure.span.start < last.span.end:
        return False
    if figure.kind == "killed" and figure.text.lower() in _REFLEXIVE_WORDS:
        # The killer's own death after the victims of their killing.
        return (
            _KILLING_BEFORE.search(text, max(0, chain[0].span.start - 40), chain[0].span.start)
            is not None
            and figure.span.start - last.span.end <= _REFLEXIVE_REACH
        )
    return _AND_GAP.fullmatch(text, last.span.end, figure.span.start) is not None


def _sum(text: str, chain: list[Figure]) -> list[Figure]:
    """The chain's longest head that ends in "and" (or a killer's death) as one figure,
    then the rest: a comma alone lists no total ("two people, one in Chicago")."""
    size = len(chain)
    if size < 2:
        return chain
    while size > 1 and not (
        "and" in text[chain[size - 2].span.end : chain[size - 1].span.start]
        or chain[size - 1].text.lower() in _REFLEXIVE_WORDS
    ):
        size -= 1
    if size == 1:
        return chain
    first, last = chain[0], chain[size - 1]
    total = sum(f.low or 0.0 for f in chain[:size])
    subjects = {f.subject for f in chain[:size]}
    start, end = first.span.start, last.span.end
    merged = replace(
        first,
        id=figure_id(first.span.article, start, end, first.kind),
        quantity=Quantity(total, total, "exact"),
        subject=subjects.pop() if len(subjects) == 1 else "people",
        span=Span(first.span.article, start, end),
        text=text[start:end],
    )
    return [merged, *chain[size:]]


def _other_trigger(text: str, sentence: _Sentence, match: NumberMatch) -> str | None:
    best: tuple[int, int, str] | None = None
    for order, (kind, pattern) in enumerate(_TRIGGERS):
        if kind == "population":
            continue
        for found in pattern.finditer(text, sentence.start, sentence.end):
            distance = abs(found.start() - match.start)
            if best is None or (distance, order, kind) < best:
                best = (distance, order, kind)
    return best[2] if best else None


def _as_of(
    text: str,
    dates: Sequence[ResolvedDate],
    numbers: Sequence[NumberMatch],
    published: str | None,
    sentence: _Sentence,
) -> tuple[str, str] | None:
    found = own_date(text, dates, sentence.start, sentence.end)
    if found is not None:
        return found.date, found.precision
    return _historical(numbers, published, sentence)


class FigureExtractor:
    """The figures stage: fills ``Article.figures`` from text, mentions and quotes.

    Parameters
    ----------
    convention
        How vague quantities ("dozens", "hundreds") become numbers; see
        :data:`newsfuse.stages.analyse.numbers.VAGUE_CONVENTIONS`.
    """

    name: ClassVar[str] = "figures"
    requires: ClassVar[tuple[str, ...]] = ("mentions", "quotes")
    provides: ClassVar[tuple[str, ...]] = ("figures",)

    def __init__(self, *, convention: str = "acled") -> None:
        self.convention = convention

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield replace(article, figures=extract_figures(article, self.convention))


@register_stage("figures")
def _make_figure_extractor(settings: Settings) -> FigureExtractor:
    return FigureExtractor(convention=settings.figures.convention)
