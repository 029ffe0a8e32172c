"""Numbers in news text: where they are, what they state and what kind they are.

:func:`find_numbers` finds every number expression in a text, with character
offsets, normalises it to a :class:`~newsfuse.model.Quantity` and names its
kind, so that the figures extractor can keep the counts ("more than 300
soldiers", "dozens of civilians") and drop the rest of what news writes with
numbers. :func:`parse_number` reads one number on its own.

Kinds
-----
``count``
    A number of things: "427 homes", "about 140,000", "seventy to 75
    thousand", "dozens", "half a million", "two and a half million".
``share``
    A fraction or percentage of a base: "half of", "a third of", "90 per cent",
    "90%". ``Quantity.share`` holds the fraction (0.9); ``low`` and ``high``
    are None. For a range of percentages ("10-20%") ``share`` is the first
    number stated and the qualifier says ``range``.
``year``
    A calendar year: "in 2016", "since 1994", "the 1994 ceasefire", "2020-21".
    A four-digit whole number from 1800 to 2100 written without a separator is
    a year unless a qualifier ("more than 2000") or a count noun ("2000
    people", "2000 Armenian soldiers") makes it a count.
``decade``
    "the 1990s", "'90s": ``low``..``high`` the decade's years (1990..1999);
    "the 1800s" is a century, 1800..1899.
``date``
    "September 27", "27 September 2020", "Sept. 27, 2020", "April 2016",
    "3/10/2020", "2020-10-08". The quantity is empty (``Quantity(None, None,
    "exact")``): the calendar value is the date resolver's business.
``time``
    "9:45 pm", "1:30 a.m.", "3 a.m.", "2300 GMT": hours since midnight
    (21.75 for "9:45 pm").
``age``
    "a 19-year-old", "aged 45", "Smith (45)", "Lay, 69, who", "in their 20s"
    (20..29): years of age.
``ordinal``
    "first", "sixth", "twenty-first", "27th", "3rd": the rank.
``measure``
    A number with a unit: "4,400 square kilometres", "50 km", "155mm",
    "12 days", "the 44-day war", "5 percentage points". Durations are measures,
    and so is any number glued to a word by a hyphen ("a 4-storey building"),
    except "-year-old" (an age) and "-strong" (a 300-strong force is a count).
    Units are not converted.
``money``
    "$5", "€3 million", "USD 5", "5 million dollars", "100 manat", "rubles".
``address``
    A street number, "the 16400 block of", "1910 South Pine Avenue", or a
    North American telephone number.
``label``
    A number that names rather than counts: "Resolution 822" (and the rest of
    its list, "822, 853, 874 and 884"), "Flight 752", "Route 66", "No. 5",
    "Article 5", "#5", a citation mark "[16]".

Spans
-----
A match covers the qualifier words, the number, its multiplier and whatever
makes its kind: "more than 300", "about fifty percent", "about seventy to 75
thousand", "4,400 square kilometres", "$5 million", "19-year-old", "aged 45",
"1:30 a.m.". Counted nouns ("people") and the "of" after a share stay outside.

Bounds
------
Bounds are what the words commit to, and an open end is None: "300" is
(300, 300) ``exact``; "about"/"around"/"approximately"/"roughly"/"some"/
"(an) estimated" 300 is (300, 300) ``about``; "nearly"/"almost"/"close to"/
"just under" 300 is (300, 300) ``nearly``; "more than"/"over"/"upwards of"/
"in excess of" 300 is (300, None) ``more_than``; "at least"/"no fewer than"/
"a minimum of" 300 and "300 or more", "300+" are (300, None) ``at_least``;
"at most"/"no more than"/"fewer than"/"less than"/"under" 300 is (None, 300)
``at_most``; "up to"/"as many as" 300 is (None, 300) ``up_to``; "70 to 75",
"between 10 and 20", "10-20", "from 10 to 20" and "two or three" are (a, b)
``range``, whatever qualifier stands before them. A multiplier after the
second number of a range applies to the first too when the first is no larger
("seventy to 75 thousand" is 70,000..75,000). "From 300 to 400" after a verb
of change ("rose from 300 to 400") is two numbers, not a range.

Vague quantities
----------------
"dozens", "hundreds", "thousands", "tens of thousands", "scores of",
"several", "a few", "a handful", "a couple", "many" have qualifier ``vague``
and bounds from a named convention in :data:`VAGUE_CONVENTIONS`; a multiplier
scales them ("several hundred" is 3 x 100 under ``acled``).

``acled`` (the default) follows the conservative coding of the Armed Conflict
Location & Event Data project (ACLED): its "Fatalities" guide (Uses and
limitations of ACLED data, 2023, updated 2024) says that where sources give
estimates such as "tens", "dozens" or "hundreds", ACLED codes 10 for "tens",
12 for "dozens", 100 for "hundreds", "and so on", and uses the most
conservative estimate available. Those three values are ACLED's; "thousands"
1,000, "millions" 1,000,000, "tens of thousands" 10,000, "hundreds of
thousands" 100,000 (and the like for millions) are that "and so on". The rest
are newsfuse's own choices in the same spirit, the least the word can mean:
"scores" 20 (one score, as "dozens" is one dozen), "several", "a few" and
"a handful" 3, "a couple" 2, "many", "numerous" and "countless" 10. ACLED's
codebook also has a default for reports of "several"/"many" deaths with no
number; it could not be checked from here, so it is not claimed. Every
``acled`` value is a lower bound: ``low`` is the value, ``high`` None.

``range`` is newsfuse's own plain-English reading as (low, high): the smallest
plural reading to the largest before the next word would be used: "dozens"
24..99, "scores" 40..199, "hundreds" 200..999, "thousands" 2,000..9,999,
"tens of thousands" 20,000..99,999, "hundreds of thousands" 200,000..999,999,
"several" 3..9, "a few" 3..5, "a handful" 3..9, "a couple" 2..3, "many" and
"numerous" 10..None.

Left out on purpose
-------------------
Negative numbers; European separators ("1.200", "140 000"); fractions in
digits other than a half ("2/3"; "2 1/2" and "2½" are read); Roman numerals;
a number split over a comma in words ("one thousand, two hundred"); units
converted or named in the quantity; currencies named in the quantity;
weekday-only and relative dates ("last Monday": the date resolver's); sports
scores ("won 3-1", "6-3 3-6": counts, or a range when the second is larger);
numbers in names ("Six Nations", "Channel One"); telephone numbers other than
North American ones; street numbers without a street-type word after them
("45, of Beloit" is only an age when a name stands before it). "50m" without
a currency is fifty metres, with one fifty million. "one" is no count as a
pronoun: "no one", "no-one", "the one",
"this one", "each one", "one of", "one another", "one last", "one day", "one
way" and the like give no match at all; "one" before a noun is a count.
"How many", "as many as" and "many" before "as" are not vague counts. A bare
"half" needs "of"/"the" after it or a qualifier before it ("half an hour" is no
share) and is no share after "the", "first" or "second" ("the second half of").

Examples
--------
>>> [(m.text, m.kind, m.quantity) for m in find_numbers("Dozens died, more than 300 soldiers.")]
... # doctest: +NORMALIZE_WHITESPACE
[('Dozens', 'count', Quantity(low=12.0, high=None, qualifier='vague', share=None)),
 ('more than 300', 'count', Quantity(low=300.0, high=None, qualifier='more_than', share=None))]
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from decimal import Decimal
from types import MappingProxyType
from typing import TypeAlias

from newsfuse.model import Quantity

__all__ = ["VAGUE_CONVENTIONS", "NumberMatch", "find_numbers", "parse_number"]


def _split(words: str) -> tuple[str, ...]:
    return tuple(words.split())


#: What :attr:`NumberMatch.kind` may be.
_KINDS = frozenset(
    _split("count share year decade date time age ordinal measure money address label")
)


@dataclass(frozen=True, slots=True)
class NumberMatch:
    """One number expression in a text.

    Attributes
    ----------
    start, end : int
        Offsets into the text given to :func:`find_numbers` (not into the
        searched range): ``text[start:end]`` is the expression.
    quantity : Quantity
        What it states, normalised (see the module docstring for each kind).
    kind : str
        ``count``, ``share``, ``year``, ``decade``, ``date``, ``time``, ``age``,
        ``ordinal``, ``measure``, ``money``, ``address`` or ``label``.
    text : str
        ``text[start:end]``.
    """

    start: int
    end: int
    quantity: Quantity
    kind: str
    text: str

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end or self.kind not in _KINDS:
            raise ValueError(f"invalid number match {self.start}:{self.end} {self.kind!r}")


# -- word tables --------------------------------------------------------------

_UNIT_WORDS = _split("zero one two three four five six seven eight nine")
_TEEN_WORDS = _split(
    "ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen"
)
_TENS_WORDS = _split("twenty thirty forty fifty sixty seventy eighty ninety")
_SCALE_WORDS = {"thousand": 10**3, "million": 10**6, "billion": 10**9, "trillion": 10**12}

#: Cardinal words: (role in a number phrase, value).
_CARDINALS: Mapping[str, tuple[str, int]] = {
    **{word: ("unit", n) for n, word in enumerate(_UNIT_WORDS) if n},
    "zero": ("zero", 0),
    **{word: ("teen", 10 + n) for n, word in enumerate(_TEEN_WORDS)},
    **{word: ("tens", 20 + 10 * n) for n, word in enumerate(_TENS_WORDS)},
    "hundred": ("hundred", 100),
    "dozen": ("dozen", 12),
    **{word: ("scale", n) for word, n in _SCALE_WORDS.items()},
    "a": ("a", 1),
}

_ORDINAL_UNITS = _split("first second third fourth fifth sixth seventh eighth ninth")
_ORDINALS: Mapping[str, int] = {
    **{word: n + 1 for n, word in enumerate(_ORDINAL_UNITS)},
    **{
        word: 10 + n
        for n, word in enumerate(
            _split(
                "tenth eleventh twelfth thirteenth fourteenth fifteenth sixteenth "
                "seventeenth eighteenth nineteenth"
            )
        )
    },
    **{word[:-1] + "ieth": 20 + 10 * n for n, word in enumerate(_TENS_WORDS)},
    "hundredth": 100,
    "thousandth": 1000,
    "millionth": 10**6,
}

#: Denominators of fractions written in words.
_DENOMINATORS: Mapping[str, int] = {
    "half": 2,
    "halves": 2,
    **{word: n for n, word in enumerate(_ORDINAL_UNITS[2:], start=3)},
    **{word + "s": n for n, word in enumerate(_ORDINAL_UNITS[2:], start=3)},
    "quarter": 4,
    "quarters": 4,
    "tenth": 10,
    "tenths": 10,
}
_NUMERATORS: Mapping[str, int] = {
    "a": 1,
    "an": 1,
    **{word: n for n, word in enumerate(_UNIT_WORDS) if n},
}

_INF = float("inf")
#: The quantity of a date or a telephone number: no value of its own.
_NO_VALUE = Quantity(None, None, "exact")

#: Vague quantity words -> (low, high) under each convention; see the module docstring.
VAGUE_CONVENTIONS: Mapping[str, Mapping[str, tuple[float, float | None]]] = MappingProxyType(
    {
        "acled": MappingProxyType(
            {
                "tens": (10, None),
                "dozens": (12, None),
                "scores": (20, None),
                "hundreds": (100, None),
                "thousands": (1_000, None),
                "tens of thousands": (10_000, None),
                "hundreds of thousands": (100_000, None),
                "millions": (1_000_000, None),
                "tens of millions": (10_000_000, None),
                "hundreds of millions": (100_000_000, None),
                "billions": (1_000_000_000, None),
                "a couple": (2, None),
                "a few": (3, None),
                "a handful": (3, None),
                "several": (3, None),
                "many": (10, None),
                "numerous": (10, None),
                "countless": (10, None),
            }
        ),
        "range": MappingProxyType(
            {
                "tens": (20, 99),
                "dozens": (24, 99),
                "scores": (40, 199),
                "hundreds": (200, 999),
                "thousands": (2_000, 9_999),
                "tens of thousands": (20_000, 99_999),
                "hundreds of thousands": (200_000, 999_999),
                "millions": (2_000_000, 9_999_999),
                "tens of millions": (20_000_000, 99_999_999),
                "hundreds of millions": (200_000_000, 999_999_999),
                "billions": (2_000_000_000, 9_999_999_999),
                "a couple": (2, 3),
                "a few": (3, 5),
                "a handful": (3, 9),
                "several": (3, 9),
                "many": (10, None),
                "numerous": (10, None),
                "countless": (10, None),
            }
        ),
    }
)

#: Qualifier words before a number, by the qualifier they give ("|" between phrases).
#: "between" and "from" open a range and are dropped when none follows.
_QUALIFIER_PHRASES: Mapping[str, str] = {
    "about": "about|around|approximately|approx.|roughly|some|circa|estimated|an estimated"
    "|an approximate|in the region of|on the order of",
    "nearly": "nearly|almost|close to|just under|just shy of",
    "more_than": "more than|over|upwards of|in excess of|well over|just over|above|greater than"
    "|well above|exceeding",
    "at_least": "at least|no fewer than|no less than|not less than|not fewer than|a minimum of"
    "|at minimum",
    "at_most": "at most|no more than|not more than|fewer than|less than|under|a maximum of"
    "|at the most",
    "up_to": "up to|as many as|as much as|as high as",
    "between": "between",
    "from": "from",
}
_QUALIFIER_WORDS: Mapping[str, str] = {
    phrase: qualifier
    for qualifier, phrases in _QUALIFIER_PHRASES.items()
    for phrase in phrases.split("|")
}
#: Qualifier words after a number.
_QUALIFIERS_AFTER: Mapping[str, str] = {
    "+": "at_least",
    "plus": "at_least",
    "or more": "at_least",
    "or over": "at_least",
    "and over": "at_least",
    "and more": "at_least",
    "and above": "at_least",
    "and up": "at_least",
    "or so": "about",
    "odd": "about",
    "or fewer": "at_most",
    "or less": "at_most",
}

#: Nouns after a four-digit number that make it a count, not a year ("2000 people").
_COUNT_NOUNS = frozenset(
    _split("""
    people persons civilians soldiers troops servicemen militants fighters rebels
    mercenaries men women children kids babies residents inhabitants refugees migrants
    families households homes houses buildings dwellings apartments villages settlements
    schools hospitals deaths dead casualties victims fatalities bodies wounded injured
    displaced prisoners detainees hostages protesters protestors demonstrators students
    workers police policemen officers personnel staff tanks vehicles drones rockets
    missiles shells strikes attacks cases votes voters members jobs patients doctors
    journalists volunteers evacuees survivors guns firearms weapons arrests tonnes tons
    """)
)

# -- patterns -----------------------------------------------------------------

_SP = r"[\s\u00a0\u2009\u202f]"  # white space, with the no-break and thin spaces news uses


_Trie: TypeAlias = dict[str, "_Trie"]


def _words(words: Iterable[str]) -> str:
    """A pattern for any of ``words``, longest first, a space standing for any white space.

    The pattern is a trie ("t(?:en|h(?:ree|irty))"), not a flat alternation: the
    regex engine then rules out a word after a letter or two instead of trying
    every word in turn, which keeps a scan of a megabyte of text fast.
    """
    trie: _Trie = {}
    for word in words:
        node = trie
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}
    return _trie_pattern(trie)


def _trie_pattern(node: _Trie) -> str:
    branches = [
        (_SP + "+" if char == " " else re.escape(char)) + _trie_pattern(child)
        for char, child in sorted(node.items())
        if char
    ]
    if not branches:
        return ""
    if len(branches) == 1 and "" not in node:
        return branches[0]
    return "(?:" + "|".join(branches) + (")?" if "" in node else ")")


_MONTH_NAMES = (
    "January February March April May June July August September October November December "
    "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec"
)
_MONTH = _words(_split(_MONTH_NAMES))
_CARDINAL = rf"(?:{_words(w for w in _CARDINALS if w != 'a')})"
_TENS = "|".join(_TENS_WORDS)
_ORDINAL_WORD = _words(_ORDINALS)
_VAGUE = _words(VAGUE_CONVENTIONS["acled"])
_GATE = _words(
    [
        *(word for word in _CARDINALS if word != "a"),
        *_ORDINALS,
        *(word.lower() for word in _split(_MONTH_NAMES)),
        *(word.split()[0] for word in VAGUE_CONVENTIONS["acled"] if not word.startswith("a ")),
        *(f"{a} {word}" for a in ("a", "an") for word in (*_DENOMINATORS, *_SCALE_WORDS)),
        *("a few", "a handful", "a couple", "a hundred", "a dozen", "half"),
    ]
)
_FRACTION = (
    rf"(?:{_words(_NUMERATORS)})(?:{_SP}+|-)(?:{_words(_DENOMINATORS)})|half"  # "two-thirds"
)
_AMPM = r"(?:[aApP]\.?[ \u00a0]?[mM]\.|[aApP][mM]\b)"
_DIGIT_NUMBER = (
    r"[0-9]{1,3}(?:,[0-9]{3}){1,5}(?:\.[0-9]+)?(?![0-9])"  # "1,200", "330,000.5"
    r"|[0-9]{1,15}(?:\.[0-9]{1,9})?(?![0-9])"  # "427", "1.5"; longer runs are ids
)

# One pass finds where each number expression starts and which shape it has;
# the handlers below then read its context. Among shapes that start at one
# place the first listed wins, so the specific digit shapes come before plain
# digits and fractions and ordinals before cardinal words.
_SCAN = re.compile(
    # A digit that follows a letter ("G20", "TB2"), a letter and a hyphen
    # ("F-16", "COVID-19"), a decimal point, a slash, a plus ("P5+1") or a thousands comma
    # belongs to something else.
    r"(?=[0-9+(’'])(?<![\w./+])(?<![^\W\d_]-)(?<![0-9],)(?:"
    rf"(?P<phone>(?:\+[0-9]{{1,3}}{_SP}?)?(?:\([0-9]{{3}}\){_SP}?|[0-9]{{3}}[-. ])"
    r"[0-9]{3}[-.][0-9]{4}(?![0-9]))"
    r"|(?P<iso>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
    r"(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2})?)?(?![0-9]))"
    r"|(?P<slash>[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})(?![0-9/])"
    r"|[0-9]{1,2}\.[0-9]{1,2}\.[0-9]{4}(?![0-9]))"
    rf"|(?P<time>[0-9]{{1,2}}:[0-9]{{2}}(?::[0-9]{{2}})?(?![0-9])(?:{_SP}*{_AMPM})?"
    rf"|[0-9]{{1,2}}{_SP}*{_AMPM}|[0-9]{{1,2}}{_SP}+o['’]clock\b"
    rf"|[0-9]{{4}}{_SP}*(?:GMT|UTC|hrs\b|local{_SP}+time\b))"
    rf"|(?P<ddate>[0-9]{{1,2}}(?:st|nd|rd|th)?(?:{_SP}*[-–]{_SP}*[0-9]{{1,2}}(?:st|nd|rd|th)?)?"
    rf"{_SP}+(?:of{_SP}+)?(?:{_MONTH})\b\.?(?:,?{_SP}+[0-9]{{4}}(?![0-9]))?)"
    r"|(?P<decade>(?:1[0-9]|20)?[0-9]0['’]?s\b|['’][0-9]0s\b)"
    r"|(?P<ordd>[0-9]{1,9}(?:st|nd|rd|th)\b)"
    rf"|(?P<num>{_DIGIT_NUMBER}))"
    # "mid-1990s", "her mid-40s"
    r"|(?=[0-9])(?<=[Mm]id-)(?P<middecade>(?:1[0-9]|20)?[0-9]0['’]?s\b)"
    # Words: a quick look at the first word or two rules out most places at once.
    rf"|\b(?=(?ai:{_GATE})\b)(?:"
    rf"(?P<mdate>(?:{_MONTH})\b\.?{_SP}+"
    rf"(?:[0-9]{{1,2}}(?:st|nd|rd|th)?(?![0-9]|,[0-9])(?:{_SP}*[-–]{_SP}*[0-9]{{1,2}}(?![0-9]))?"
    rf"(?:,?{_SP}+[0-9]{{4}}(?![0-9]))?|[0-9]{{4}}(?![0-9])))"
    rf"|(?ai:(?P<frac>(?:{_FRACTION})\b)"
    rf"|(?P<ordw>(?:(?:{_TENS})[\s-](?:{'|'.join(_ORDINAL_UNITS)})|{_ORDINAL_WORD})\b)"
    rf"|(?P<vague>(?:{_VAGUE})\b)"
    rf"|(?P<words>(?:an?\s+(?=(?:hundred|thousand|million|billion|trillion|dozen)\b))?"
    rf"{_CARDINAL}\b(?:(?:\s+and\s+|\s+|-){_CARDINAL}\b)*)))"
)

_DIGITS_AT = re.compile(_DIGIT_NUMBER)
_WORDS_AT = re.compile(rf"(?ai:(?:an?\s+)?{_CARDINAL}\b(?:(?:\s+and\s+|\s+|-){_CARDINAL}\b)*)")
_WORD_TOKEN = re.compile(r"[A-Za-z]+")
_HALF_AFTER = re.compile(  # "two and a half", "2½", "3 1/2"
    rf"(?:-|{_SP}+)(?ai:and)(?:-|{_SP}+)(?ai:an?)(?:-|{_SP}+)(?ai:half)\b"
    rf"|{_SP}?½|{_SP}+1[/⁄]2(?![0-9])"
)
_DIGIT_RUN = re.compile(r"[0-9]+")

# Context before a number: searched in a short window that ends where it starts.
_WINDOW = 48
_QUALIFIER_BEFORE = re.compile(rf"(?<![\w-])(?ai:(?P<q>{_words(_QUALIFIER_WORDS)})){_SP}+\Z")
_CURRENCY_BEFORE = re.compile(
    r"(?:(?<![A-Za-z])(?:US|A|C|NZ|HK|S)?[$€£¥₽₼₺₹₴]"
    rf"|\b(?:USD|EUR|GBP|AZN|AMD|RUB|CHF|JPY|CNY|INR|UAH|GEL|IRR|Rs\.?)){_SP}?\Z"
)
_AGE_BEFORE = re.compile(rf"\b(?ai:aged|age|ages){_SP}+\Z")
_AGE_DECADE_BEFORE = re.compile(
    rf"\b(?ai:his|her|their|its|my|your|our)(?:{_SP}+(?ai:early|mid|late))?(?:{_SP}+|-)\Z"
)
#: Words after which a number names something ("Resolution 822"); "No." only capitalised.
_LABEL_WORDS = _split(
    "resolution resolutions flight flights route highway hwy interstate number article articles "
    "section chapter paragraph page room apartment apt suite protocol phase level category "
    "episode season decree camp gate terminal platform channel district precinct ward bus line "
    "item code"
)
_LABEL_BEFORE = re.compile(rf"(?:\b(?:(?ai:{_words(_LABEL_WORDS)})|No|Nos)\.?{_SP}*|#)\Z")
_LIST_GAP = re.compile(rf"{_SP}*(?:,{_SP}*(?:and{_SP}+)?|and{_SP}+|&{_SP}*)\Z")
_YEAR_PREPOSITION = re.compile(
    rf"(?:\b(?ai:in|since|from|until|till|through|by|of|during|before|after|early|late"
    rf"|circa|year|summer|spring|autumn|fall|winter){_SP}+|\bmid-)\Z"
)
_CHANGE_VERB = re.compile(
    r"\b(?ai:rose|risen|rising|rises|increased|increasing|climbed|climbing|jumped|grew"
    r"|grown|growing|fell|fallen|falling|dropped|declined|decreased|raised|revised|reduced"
    r"|cut|went|gone|soared|surged|doubled|tripled|up|down)\b[^.;:!?]{0,30}\Z"
)
_PRONOUN_ONE_BEFORE = re.compile(
    rf"\b(?ai:no|any|every|each|the|this|that|which|whichever|another|other|such)(?:{_SP}+|-)\Z"
)
_PRONOUN_ONE_AFTER = re.compile(
    rf"(?:{_SP}+(?ai:of|another|last|final|such|way|hand|point|thing|day|time|or{_SP}+another"
    rf"|after{_SP}+another|by{_SP}+one|another|anothers)\b|['’]s\b)"
)
_NOT_HALF_BEFORE = re.compile(
    rf"\b(?ai:the|first|second|latter|other|back|top|bottom|lower|upper|northern|southern"
    rf"|eastern|western){_SP}+\Z"
)
_MANY_BEFORE = re.compile(rf"\b(?ai:how|as){_SP}+\Z")
_AS = re.compile(rf"{_SP}+(?ai:as)\b")
_OF = re.compile(rf"{_SP}+(?ai:of)\b")
#: Vague words a multiplier may follow ("several hundred"); "hundreds thousand" is no English.
_SCALABLE = frozenset(
    ["several", "a few", "a handful", "a couple", "many", "numerous", "countless"]
)

# Context after a number: matched where it ends.
_MULTIPLIERS: Mapping[str, int] = {
    **_SCALE_WORDS,
    "mln": 10**6,
    "mn": 10**6,
    "m": 10**6,
    "bn": 10**9,
    "bln": 10**9,
    "b": 10**9,
    "k": 10**3,
}
_MULTIPLIER_AFTER = re.compile(
    rf"(?:{_SP}+|-)(?ai:(?P<word>thousand|million|billion|trillion|mln|mn|bn|bln))\b"
    r"|(?ai:(?P<glued>bn|bln|mln|mn|k|m|b))(?![\w])"
)
_PERCENT_AFTER = re.compile(
    rf"{_SP}*(?:(?P<points>(?ai:percentage{_SP}+points?)\b)|%|(?ai:per{_SP}?cent|percent|pct)\b)"
)
_RANGE_AFTER = re.compile(
    rf"(?:{_SP}*(?P<dash>[-–—]){_SP}*|{_SP}+(?ai:(?P<word>to|and|or)){_SP}+)"
    r"[$€£]?"
)
_QUALIFIER_AFTER = re.compile(
    rf"{_SP}*\+(?![\w+])|-(?ai:plus|odd)\b"
    rf"|{_SP}+(?ai:(?P<q>{_words(k for k in _QUALIFIERS_AFTER if k != '+')}))\b"
)
_AGE_AFTER = re.compile(
    rf"(?:{_SP}*-{_SP}*|{_SP}+)(?ai:years?|yrs?|months?|weeks?|days?)"
    rf"(?:{_SP}*-{_SP}*|{_SP}+)(?ai:olds?)\b"
    rf"|{_SP}+(?ai:years?{_SP}+of{_SP}+age)\b"
)
_UNITS = _split(
    "km kms km2 km² kilometre kilometres kilometer kilometers mile miles metre metres meter "
    "meters m m2 m² cm mm centimetre centimetres centimeter centimeters millimetre millimetres "
    "millimeter millimeters feet foot ft inch inches yard yards hectare hectares ha acre acres "
    "kg kgs kilo kilos kilogram kilograms gram grams ton tons tonne tonnes lb lbs pound pounds "
    "litre litres liter liters gallon gallons barrel barrels mph kph km/h knots degree degrees "
    "celsius fahrenheit mw kw gw megawatt megawatts kilowatt kilowatts calibre caliber "
    "second seconds sec secs minute minutes min mins hour hours hr hrs day days night nights "
    "week weeks month months year years yr yrs decade decades century centuries storey storeys "
    "story stories floor floors"
)
_UNIT_AFTER = re.compile(
    rf"(?:{_SP}*-{_SP}*|{_SP}*)(?:(?ai:(?:square|sq\.?|cubic){_SP}*)?"
    rf"(?ai:{_words(_UNITS)})(?![\w/²])|°{_SP}?[CF]?(?![\w]))"
)
_MONEY_AFTER = re.compile(
    rf"(?:{_SP}*-{_SP}*|{_SP}*)(?:(?ai:(?:us|u\.s\.){_SP}+dollars?|dollars?|euros?|manats?|manat"
    rf"|rubles?|roubles?|drams?|liras?|rupees?|yuan|yen|francs?|dinars?|rials?|riyals?"
    rf"|hryvnias?|lari|pounds?{_SP}+sterling|cents?|pence)\b|(?:USD|EUR|GBP|AZN|AMD|RUB|CHF)\b)"
)
_HYPHEN_WORD_AFTER = re.compile(r"-(?P<word>[A-Za-z]+)\b")
_ADDRESS_AFTER = re.compile(
    rf"{_SP}+(?:(?ai:block)\b|(?:(?:[NSEW]\.?|North|South|East|West){_SP}+)?"
    rf"(?:[A-Z0-9][\w'’.-]*{_SP}+){{0,3}}?(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln"
    r"|Drive|Dr|Way|Place|Pl|Court|Ct|Terrace|Highway|Hwy|Parkway|Pkwy|Circle|Trail|Pike|Loop)\b)"
)
_NEXT_WORD = re.compile(rf"{_SP}+([A-Za-z]+)")
_OF_OR_THE = re.compile(rf"{_SP}+(?ai:of|the)\b")
_SCALE_OF = re.compile(
    rf"{_SP}+(?:(?ai:of){_SP}+)?(?ai:an?){_SP}+"
    r"(?ai:(?P<scale>hundred|thousand|million|billion|dozen))\b"
)
_VAGUE_SCALE = re.compile(
    rf"{_SP}+(?ai:(?P<scale>hundred|thousand|million|billion|dozen))(?ai:s)?\b"
)
_PAREN_NAME_BEFORE = re.compile(rf"[A-Z][\w'’.-]*{_SP}*\(\Z")
_COMMA_NAME_BEFORE = re.compile(rf"[A-Z][\w'’-]+,{_SP}*\Z")
_LETTER_AFTER = re.compile(r"[^\W\d_]+")
_RATIO_AFTER = re.compile(r"[/:][0-9]+")
_AMPM_END = re.compile(r"([aApP])\.?[ \u00a0]?[mM]\.?\Z")


# -- reading numbers ----------------------------------------------------------


def _parse_words(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The value of the number words in ``text[start:end]`` and where they stop.

    Reads the longest prefix that is one well-formed number: "three hundred and
    fifty", "twenty-five", "a dozen", "two million five hundred thousand";
    "ten and twenty" stops after "ten", "five twenty" after "five".
    """
    total = current = 0
    last_scale = _INF
    prev = ""
    value: int | None = None
    value_end = start
    for token in _WORD_TOKEN.finditer(text, start, end):
        word = token.group().lower()
        if word == "and":
            if prev in ("hundred", "scale"):
                continue
            break
        role, n = _CARDINALS.get(word, ("", 0))
        if prev in ("zero", "dozen") or (prev == "a" and role not in ("hundred", "scale", "dozen")):
            break
        if role == "a" or role == "zero":
            if prev:
                break
        elif role in ("unit", "teen"):
            if prev in ("unit", "teen") or (prev == "tens" and role == "teen"):
                break
            current += n
        elif role == "tens":
            if prev in ("unit", "teen", "tens"):
                break
            current += n
        elif role in ("hundred", "dozen"):
            if prev == "a":
                current = 1
            elif prev not in ("unit", "teen") or current >= 100:
                break
            current *= n
        elif role == "scale":
            if prev == "a":
                current = 1
            elif prev not in ("unit", "teen", "tens", "hundred", "dozen") or n >= last_scale:
                break
            total += current * n
            current = 0
            last_scale = n
        else:
            break
        prev = role
        if role != "a":
            value, value_end = total + current, token.end()
    return None if value is None else (value, value_end)


@dataclass(frozen=True, slots=True)
class _Core:
    """A bare number in the text, before its context is read."""

    start: int
    end: int
    value: Decimal
    words: bool
    #: Written as four digits and nothing else, as years are.
    plain4: bool
    #: The multiplier applied ("1.2 million": 1,000,000).
    factor: int = 1


def _core_at(text: str, pos: int, stop: int) -> _Core | None:
    """The number written in digits or words that starts exactly at ``pos``."""
    match = _DIGITS_AT.match(text, pos, stop)
    if match is not None:
        raw = match.group()
        core = _Core(
            pos, match.end(), Decimal(raw.replace(",", "")), False, raw.isdigit() and len(raw) == 4
        )
    else:
        match = _WORDS_AT.match(text, pos, stop)
        parsed = None if match is None else _parse_words(text, pos, match.end())
        if parsed is None:
            return None
        core = _Core(pos, parsed[1], Decimal(parsed[0]), True, False)
    half = _HALF_AFTER.match(text, core.end, stop)
    if half is not None and core.value == core.value.to_integral_value():
        return replace(core, end=half.end(), value=core.value + Decimal("0.5"), plain4=False)
    return core


def _year_like(core: _Core) -> bool:
    return core.plain4 and 1800 <= core.value <= 2100


def _multiplied(text: str, core: _Core, stop: int, money: bool) -> _Core:
    """``core`` with a multiplier after it applied ("1.2 million", "75k", "$5m")."""
    match = _MULTIPLIER_AFTER.match(text, core.end, stop)
    if match is None:
        return core
    glued = match.group("glued")
    if glued is not None and (core.words or (glued.lower() in ("m", "b") and not money)):
        return core  # "50m" without a currency is fifty metres
    factor = _MULTIPLIERS[(match.group("word") or glued).lower()]
    return replace(core, end=match.end(), value=core.value * factor, plain4=False, factor=factor)


def parse_number(text: str) -> float | None:
    """One number written in digits and/or words, or None if ``text`` is not one.

    Parameters
    ----------
    text : str
        The number and nothing else but surrounding white space: digits with
        thousands separators and decimals ("1,200", "1.5"), number words
        ("three hundred and fifty", "a dozen"), either with a multiplier
        ("1.2 million", "140 thousand", "75k", "1.5bn").

    Returns
    -------
    float or None
        The value; None for anything else, ordinals and percentages included.

    Examples
    --------
    >>> parse_number("1,200"), parse_number("1.2 million"), parse_number("seventy-five")
    (1200.0, 1200000.0, 75.0)
    >>> parse_number("three hundred and fifty"), parse_number("a dozen")
    (350.0, 12.0)
    >>> parse_number("sixth") is None, parse_number("12 people") is None
    (True, True)
    """
    stripped = text.strip()
    core = _core_at(stripped, 0, len(stripped))
    if core is None:
        return None
    core = _multiplied(stripped, core, len(stripped), money=False)
    return float(core.value) if core.end == len(stripped) else None


# -- finding numbers ----------------------------------------------------------


def _quantity(low: Decimal, high: Decimal | None, qualifier: str | None) -> Quantity:
    """The bounds a qualifier commits to (see the module docstring)."""
    value = float(low)
    if high is not None:
        return Quantity(value, float(high), "range")
    if qualifier in ("more_than", "at_least"):
        return Quantity(value, None, qualifier)
    if qualifier in ("at_most", "up_to"):
        return Quantity(None, value, qualifier)
    return Quantity(value, value, qualifier or "exact")


class _Scanner:
    """One call of :func:`find_numbers`: the text, its range and what was found so far."""

    __slots__ = ("convention", "found", "start", "stop", "text")

    def __init__(self, text: str, start: int, stop: int, convention: str) -> None:
        self.text = text
        self.start = start
        self.stop = stop
        self.convention = VAGUE_CONVENTIONS[convention]
        self.found: list[NumberMatch] = []

    # The left edge no context may cross: the range start or the last match's end.
    @property
    def floor(self) -> int:
        return self.found[-1].end if self.found else self.start

    def run(self) -> list[NumberMatch]:
        pos = self.start
        while pos < self.stop:
            match = _SCAN.search(self.text, pos, self.stop)
            if match is None:
                break
            # Each handler says where to go on; never going back keeps the loop finite.
            handler = _HANDLERS[match.lastgroup or "num"]
            pos = max(handler(self, match), match.start() + 1)
        return self.found

    def _add(self, start: int, end: int, quantity: Quantity, kind: str) -> int:
        self.found.append(NumberMatch(start, end, quantity, kind, self.text[start:end]))
        return end

    def _before(self, pattern: re.Pattern[str], end: int) -> re.Match[str] | None:
        """``pattern`` ending at ``end``, after the last match: words the span may take in."""
        return pattern.search(self.text, max(self.floor, end - _WINDOW), end)

    def _context(self, pattern: re.Pattern[str], end: int) -> bool:
        """True when ``pattern`` ends at ``end`` within the range: context, never in a span."""
        return pattern.search(self.text, max(self.start, end - _WINDOW), end) is not None

    def _qualifier_before(self, end: int) -> tuple[str | None, int]:
        """The qualifier that ends at ``end`` and where it starts, or (None, end)."""
        match = self._before(_QUALIFIER_BEFORE, end)
        if match is None:
            return None, end
        words = " ".join(match.group("q").lower().split())
        return _QUALIFIER_WORDS.get(words), match.start()

    # -- shapes that are never counts --

    def _phone(self, match: re.Match[str]) -> int:
        return self._add(match.start(), match.end(), _NO_VALUE, "address")

    def _date(self, match: re.Match[str]) -> int:
        raw = match.group()
        numbers = [int(d) for d in _DIGIT_RUN.findall(raw)]
        shape = match.lastgroup
        if shape == "iso":
            valid = 1 <= numbers[1] <= 12 and 1 <= numbers[2] <= 31
        elif shape == "slash":
            a, b = numbers[0], numbers[1]
            valid = 1 <= a <= 31 and 1 <= b <= 31 and min(a, b) <= 12
        elif shape == "mdate" and len(numbers) == 1 and numbers[0] >= 1000:
            valid = True  # "April 2016"
        else:
            valid = 1 <= numbers[0] <= 31
        if valid:
            return self._add(match.start(), match.end(), _NO_VALUE, "date")
        if shape == "mdate":
            return match.start() + next(_DIGIT_RUN.finditer(raw)).start()  # "May 45"
        return self._number_at(match.start())

    def _time(self, match: re.Match[str]) -> int:
        raw = match.group()
        digits = _DIGIT_RUN.findall(raw)
        if len(digits[0]) == 4:
            hour, minute, second = int(digits[0][:2]), int(digits[0][2:]), 0
        else:
            hour = int(digits[0])
            minute = int(digits[1]) if len(digits) > 1 else 0
            second = int(digits[2]) if len(digits) > 2 else 0
        ampm = _AMPM_END.search(raw)
        if ampm is not None:
            if not 1 <= hour <= 12:
                return self._number_at(match.start())
            hour = hour % 12 + (12 if ampm.group(1) in "pP" else 0)
        if hour > 24 or minute > 59 or second > 59:
            return self._number_at(match.start())
        qualifier, start = self._qualifier_before(match.start())
        if qualifier not in ("about", "nearly"):
            qualifier, start = None, match.start()
        hours = Decimal(hour) + Decimal(minute) / 60 + Decimal(second) / 3600
        return self._add(start, match.end(), _quantity(hours, None, qualifier), "time")

    def _decade(self, match: re.Match[str]) -> int:
        raw = match.group()
        digits = _DIGIT_RUN.findall(raw)[0]
        first = int(digits)
        if len(digits) == 2 and not raw[0].isdigit():
            first += 1900  # "'90s"
        elif len(digits) == 2:
            if self._context(_AGE_DECADE_BEFORE, match.start()):
                quantity = Quantity(float(first), float(first + 9), "range")
                return self._add(match.start(), match.end(), quantity, "age")  # "in their 20s"
            first += 1900
        span = 99 if first % 100 == 0 and first < 2000 else 9  # "the 1800s": a century
        quantity = Quantity(float(first), float(first + span), "range")
        return self._add(match.start(), match.end(), quantity, "decade")

    def _ordinal(self, match: re.Match[str]) -> int:
        raw = match.group()
        if match.lastgroup == "ordd":
            rank = int(_DIGIT_RUN.findall(raw)[0])
        else:
            words = [w.lower() for w in _WORD_TOKEN.findall(raw)]
            if len(words) == 2:
                rank = _CARDINALS[words[0]][1] + _ORDINALS[words[1]]
            elif words[0] in _ORDINALS:
                rank = _ORDINALS[words[0]]
            else:
                return match.end()  # a Unicode look-alike the ASCII tables lack
        quantity = Quantity(float(rank), float(rank), "exact")
        return self._add(match.start(), match.end(), quantity, "ordinal")

    # -- shares and vague counts --

    def _fraction(self, match: re.Match[str]) -> int:
        text, stop = self.text, self.stop
        words = [w.lower() for w in _WORD_TOKEN.findall(match.group())]
        numerator = 1 if len(words) == 1 else _NUMERATORS.get(words[0], 0)
        denominator = _DENOMINATORS.get(words[-1], 0)
        if not numerator or not denominator:
            return match.end()
        share = Decimal(numerator) / Decimal(denominator)
        scale = _SCALE_OF.match(text, match.end(), stop)
        if scale is not None:  # "half a million", "a quarter of a million"
            factor = _CARDINALS[scale.group("scale").lower()][1]
            core = _Core(match.start(), scale.end(), share * factor, True, False, factor)
            return self._classify(core)
        qualifier, start = self._qualifier_before(match.start())
        if qualifier in ("between", "from"):
            qualifier, start = None, match.start()
        if qualifier is None:
            if _OF_OR_THE.match(text, match.end(), stop) is None:
                return match.end()  # "half an hour", "a third time"
            if words == ["half"] and self._context(_NOT_HALF_BEFORE, match.start()):
                return match.end()  # "the second half of"
        quantity = Quantity(None, None, qualifier or "exact", share=float(share))
        return self._add(start, match.end(), quantity, "share")

    def _vague(self, match: re.Match[str]) -> int:
        text, stop = self.text, self.stop
        key = " ".join(match.group().lower().split())
        bounds = self.convention.get(key)
        if bounds is None:
            return match.end()  # a Unicode look-alike the ASCII tables lack
        if key in ("tens", "scores") and _OF.match(text, match.end(), stop) is None:
            return match.end()  # "the team scores"
        if key == "many" and (
            self._context(_MANY_BEFORE, match.start())
            or _AS.match(text, match.end(), stop) is not None
        ):
            return match.end()  # "how many", "as many as"
        low, high = Decimal(bounds[0]), None if bounds[1] is None else Decimal(bounds[1])
        end = match.end()
        scale = _VAGUE_SCALE.match(text, end, stop) if key in _SCALABLE else None
        if scale is not None:  # "several hundred", "a few thousand"
            factor = _CARDINALS[scale.group("scale").lower()][1]
            low, high = low * factor, None if high is None else high * factor
            end = scale.end()
        quantity = Quantity(float(low), None if high is None else float(high), "vague")
        return self._add(match.start(), end, quantity, "count")

    # -- plain numbers --

    def _number(self, match: re.Match[str]) -> int:
        return self._number_at(match.start())

    def _number_at(self, pos: int) -> int:
        core = _core_at(self.text, pos, self.stop)
        if core is None:
            return pos + 1
        return self._classify(core)

    def _classify(self, core: _Core) -> int:
        """Read the context of ``core``, then add its match; return where to go on."""
        text, stop = self.text, self.stop
        if not core.words and core.end < stop:
            skip = self._not_a_number(core)
            if skip is not None:
                return skip
        elif (
            core.factor == 1
            and text[core.start : core.end].lower() == "one"
            and (
                self._context(_PRONOUN_ONE_BEFORE, core.start)
                or _PRONOUN_ONE_AFTER.match(text, core.end, stop) is not None
            )
        ):
            return core.end  # "no one", "one of the"

        # Before the number: a currency sign, then a qualifier; or a word that makes an age.
        start = core.start
        currency = self._before(_CURRENCY_BEFORE, start)
        if currency is not None:
            start = currency.start()
        qualifier, qualifier_start = self._qualifier_before(start)
        age_word = None if currency else self._before(_AGE_BEFORE, start)

        first = _multiplied(text, core, stop, money=currency is not None)
        first, high = self._range(first, qualifier, qualifier_start, currency is not None)
        end, low = first.end, first.value
        if qualifier in ("between", "from") and high is None:
            qualifier, qualifier_start = None, start  # no range after all
        after = None
        if qualifier is None and high is None:
            after = _QUALIFIER_AFTER.match(text, end, stop)
            if after is not None:
                word = after.group("q")
                key = word or ("odd" if "odd" in after.group().lower() else "plus")
                qualifier, end = _QUALIFIERS_AFTER[" ".join(key.lower().split())], after.end()
        if qualifier is not None:
            start = min(start, qualifier_start)
        quantity = _quantity(low, high, qualifier)

        # After the number: what it is a number of.
        percent = None if after else _PERCENT_AFTER.match(text, end, stop)
        if percent is not None:
            if percent.group("points"):
                return self._add(start, percent.end(), quantity, "measure")
            share = Quantity(None, None, quantity.qualifier, share=float(low / 100))
            return self._add(start, percent.end(), share, "share")
        money = _MONEY_AFTER.match(text, end, stop)
        if currency is not None or money is not None:
            return self._add(start, end if money is None else money.end(), quantity, "money")
        age = _AGE_AFTER.match(text, end, stop)
        if age is not None:
            return self._add(start, age.end(), quantity, "age")
        if age_word is not None:
            return self._add(min(start, age_word.start()), end, quantity, "age")
        unit = _UNIT_AFTER.match(text, end, stop)
        if unit is not None:
            return self._add(start, unit.end(), quantity, "measure")
        hyphen = _HYPHEN_WORD_AFTER.match(text, end, stop)
        if hyphen is not None and hyphen.group("word").lower() != "strong":
            return self._add(start, hyphen.end(), quantity, "measure")  # "a 4-storey building"
        if qualifier is None and not core.words and first.factor == 1 and high is None:
            kind = self._plain_kind(core)
            if kind is not None:
                return self._add(start, end, quantity, kind)
        if self._is_year(first, high, qualifier, after is not None):
            return self._add(start, end, quantity, "year")
        return self._add(start, end, quantity, "count")

    def _not_a_number(self, core: _Core) -> int | None:
        """Where to go on when digits are glued to letters or a slash ("4G", "24/7"), else None."""
        text, stop = self.text, self.stop
        glued = _LETTER_AFTER.match(text, core.end, stop)
        if glued is not None:
            if (
                _UNIT_AFTER.match(text, core.end, stop) is None
                and _MULTIPLIER_AFTER.match(text, core.end, stop) is None
            ):
                return glued.end()
            return None
        ratio = _RATIO_AFTER.match(text, core.end, stop)
        return None if ratio is None else ratio.end()

    def _range(
        self, first: _Core, qualifier: str | None, qualifier_start: int, money: bool
    ) -> tuple[_Core, Decimal | None]:
        """``first`` stretched over a range after it, and the range's top; or (first, None)."""
        text, stop = self.text, self.stop
        joined = _RANGE_AFTER.match(text, first.end, stop)
        if joined is None or (joined.group("word") == "and" and qualifier != "between"):
            return first, None
        second = _core_at(text, joined.end(), stop)
        if second is None or (joined.group("dash") and second.words != first.words):
            return first, None  # "five-6" is no range
        if first.plain4 and joined.group("dash") and second.end - second.start == 2:
            second = replace(second, value=first.value // 100 * 100 + second.value, plain4=True)
        second = _multiplied(text, second, stop, money)
        if _year_like(first) and not _year_like(second):
            return first, None  # "in 2003 to 28,041"
        low = first.value
        if second.factor > 1 and first.factor == 1 and low <= second.value / second.factor:
            low *= second.factor  # "seventy to 75 thousand"
        if second.value <= low:
            return first, None
        if qualifier == "from" and self._context(_CHANGE_VERB, qualifier_start):
            return first, None  # "rose from 300 to 400": two numbers
        merged = replace(first, end=second.end, value=low, plain4=first.plain4 and second.plain4)
        return merged, second.value

    def _is_year(
        self, first: _Core, high: Decimal | None, qualifier: str | None, after: bool
    ) -> bool:
        """True for a four-digit number from 1800 to 2100 that no count noun follows."""
        return (
            first.plain4
            and first.factor == 1
            and not after
            and qualifier in (None, "between", "from")
            and 1800 <= first.value <= 2100
            and (high is None or high <= 2100)
            and (
                self._context(_YEAR_PREPOSITION, first.start)
                or not self._count_noun_after(first.end)
            )
        )

    def _plain_kind(self, core: _Core) -> str | None:
        """``age``, ``label`` or ``address`` for a bare number in digits, else None."""
        text, stop = self.text, self.stop
        value = core.value
        if text.startswith("]", core.end) and core.start > 0 and text[core.start - 1] == "[":
            return "label"  # a citation mark, "[16]"
        small = value == value.to_integral_value() and 1 <= value <= 120
        if (
            small
            and text.startswith(")", core.end)
            and self._context(_PAREN_NAME_BEFORE, core.start)
        ):
            return "age"  # "Smith (45)"
        if (
            small
            and text.startswith(",", core.end)
            and self._context(_COMMA_NAME_BEFORE, core.start)
        ):
            return "age"  # "Lay, 69, who manages"
        if self._context(_LABEL_BEFORE, core.start):
            return "label"
        last = self.found[-1] if self.found else None
        if (
            last is not None
            and last.kind == "label"
            and _LIST_GAP.match(text[last.end : core.start]) is not None
        ):
            return "label"  # "Resolutions 822, 853 and 874"
        if _ADDRESS_AFTER.match(text, core.end, stop) is not None:
            return "address"
        return None

    def _count_noun_after(self, end: int) -> bool:
        """True when one of the next two words is a noun that is counted ("2000 people")."""
        for _ in range(2):
            match = _NEXT_WORD.match(self.text, end, self.stop)
            if match is None:
                return False
            if match.group(1).lower() in _COUNT_NOUNS:
                return True
            end = match.end()
        return False


#: The reader of each shape ``_SCAN`` tells apart, by its group name.
_HANDLERS: Mapping[str, Callable[[_Scanner, re.Match[str]], int]] = {
    "phone": _Scanner._phone,
    "iso": _Scanner._date,
    "slash": _Scanner._date,
    "time": _Scanner._time,
    "ddate": _Scanner._date,
    "mdate": _Scanner._date,
    "decade": _Scanner._decade,
    "middecade": _Scanner._decade,
    "ordd": _Scanner._ordinal,
    "ordw": _Scanner._ordinal,
    "frac": _Scanner._fraction,
    "vague": _Scanner._vague,
    "num": _Scanner._number,
    "words": _Scanner._number,
}


def find_numbers(
    text: str, start: int = 0, end: int | None = None, *, convention: str = "acled"
) -> list[NumberMatch]:
    """Every number expression in ``text[start:end]``, in text order, without overlaps.

    Parameters
    ----------
    text : str
        The text, usually an article's clean text.
    start, end : int
        The range to search (clamped to the text); offsets in the result are
        into ``text`` all the same, and no match reaches outside the range.
    convention : str
        The name of the :data:`VAGUE_CONVENTIONS` entry that gives vague
        quantities ("dozens") their bounds.

    Returns
    -------
    list of NumberMatch
        In text order; the same text always gives the same list.

    Raises
    ------
    ValueError
        For an unknown ``convention``.

    Examples
    --------
    >>> text = "about 140,000 people, half of the population, and 90 per cent of women"
    >>> for m in find_numbers(text):
    ...     print(m.start, m.end, repr(m.text), m.kind, m.quantity)
    0 13 'about 140,000' count Quantity(low=140000.0, high=140000.0, qualifier='about', share=None)
    22 26 'half' share Quantity(low=None, high=None, qualifier='exact', share=0.5)
    50 61 '90 per cent' share Quantity(low=None, high=None, qualifier='exact', share=0.9)
    >>> text = "On September 27, 2020, a 19-year-old died; the war ended in 1994."
    >>> [(m.text, m.kind) for m in find_numbers(text)]
    [('September 27, 2020', 'date'), ('19-year-old', 'age'), ('1994', 'year')]
    >>> find_numbers("dozens", convention="range")[0].quantity
    Quantity(low=24.0, high=99.0, qualifier='vague', share=None)
    """
    if convention not in VAGUE_CONVENTIONS:
        known = ", ".join(sorted(VAGUE_CONVENTIONS))
        raise ValueError(f"unknown vague-quantity convention {convention!r}; known: {known}")
    begin = max(0, min(start, len(text)))
    stop = len(text) if end is None else max(begin, min(end, len(text)))
    return _Scanner(text, begin, stop, convention).run()
