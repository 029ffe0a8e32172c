"""Name similarity that survives bad transliteration, for cross-document entity resolution.

Machine-translated news spells one name many ways: "Jeyhun Bayramov" is "Jihon Permov"
two outlets later, "Zohrab Mnatsakanyan" becomes "Zahrab Manatsakyanian" and
"Stepanakert" "Stepenkurt". Plain edit distance calls these different and, worse,
calls "Iran" and "Iraq" the same. The functions here compare names in three layers:

- :func:`fold` removes what script and typography add (diacritics, case,
  apostrophes, hyphens);
- :func:`skeleton` keeps what survives transliteration (the consonant frame,
  with voiced and voiceless sounds merged and common endings normalised);
- :func:`name_similarity` aligns the tokens of two names and weighs the family name
  (the last token) most, so "Ilham Aliyev" and "Heydar Aliyev" stay two people.

Everything is pure and deterministic; folding, skeletons and token scores are cached,
so comparing two typical names costs a few microseconds.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

from rapidfuzz.distance import OSA, Levenshtein

__all__ = [
    "INITIAL_SCORE",
    "PARTICLES",
    "TITLE_WORDS",
    "NameMatch",
    "acronym",
    "blocking_keys",
    "fold",
    "initialisms",
    "name_similarity",
    "name_tokens",
    "skeleton",
    "token_similarity",
]

LOGGER = logging.getLogger(__name__)

# -- folding ------------------------------------------------------------------

# Apostrophes join ("O'Brien" is one name); a possessive "'s" is no part of a name.
_APOSTROPHES = "'’‘ʼʻ`´′ʹ"
_POSSESSIVE = re.compile(rf"[{_APOSTROPHES}][sS](?![^\W\d_])")
_APOSTROPHE_TABLE = str.maketrans(dict.fromkeys(_APOSTROPHES, ""))
_ASCII_SEPARATORS = re.compile(r"[^a-z0-9]+")
# Letters that NFKD leaves whole; Azerbaijani ə is written "a" in English ("Əliyev").
# Basic Russian/Ukrainian Cyrillic is transliterated so a stray original-script
# name still meets its English spelling.
_LETTERS = str.maketrans(
    {
        "ə": "a",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ł": "l",
        "ħ": "h",
        "ı": "i",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "ŋ": "ng",
        "а": "a",
        "б": "b",
        "в": "v",
        "г": "g",
        "д": "d",
        "е": "e",
        "ё": "yo",
        "ж": "zh",
        "з": "z",
        "и": "i",
        "й": "y",
        "к": "k",
        "л": "l",
        "м": "m",
        "н": "n",
        "о": "o",
        "п": "p",
        "р": "r",
        "с": "s",
        "т": "t",
        "у": "u",
        "ф": "f",
        "х": "kh",
        "ц": "ts",
        "ч": "ch",
        "ш": "sh",
        "щ": "shch",
        "ъ": "",
        "ы": "y",
        "ь": "",
        "э": "e",
        "ю": "yu",
        "я": "ya",
        "є": "ye",
        "і": "i",
        "ї": "yi",
        "ґ": "g",
    }
)


def _fold_once(text: str) -> str:
    text = _POSSESSIVE.sub("", text).translate(_APOSTROPHE_TABLE)
    # Casefold before the letter table so upper-case Cyrillic is mapped too, and
    # before NFKD because casefolding can produce new combining marks ("ΐ").
    text = unicodedata.normalize("NFKD", text.casefold().translate(_LETTERS))
    kept = [
        ch if ch.isalnum() else " "
        for ch in text.casefold()
        if not unicodedata.category(ch).startswith("M")
    ]
    return " ".join("".join(kept).split())


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Fold a name to lower-case letters, digits and single spaces.

    Diacritics and other combining marks are dropped, apostrophes join
    ("O'Brien" is ``"obrien"``), a possessive ``'s`` is dropped, and every other
    non-alphanumeric character (hyphens, dots, dashes) separates words.

    Parameters
    ----------
    text
        Any text.

    Returns
    -------
    str
        The folded text; ``fold(fold(x)) == fold(x)``.

    Examples
    --------
    >>> fold("Mevlüt Çavuşoğlu")
    'mevlut cavusoglu'
    >>> fold("Nagorno-Karabakh")
    'nagorno karabakh'
    """
    if text.isascii():
        # Most names are plain ASCII: lower-casing is all the folding they need.
        text = _POSSESSIVE.sub("", text).translate(_APOSTROPHE_TABLE).lower()
        return " ".join(_ASCII_SEPARATORS.sub(" ", text).split())
    folded = _fold_once(text)
    # A few compatibility characters fold into something that folds further; a fixed
    # point keeps fold idempotent, which callers rely on when they fold twice.
    for _ in range(4):
        again = _fold_once(folded)
        if again == folded:
            break
        folded = again
    return folded


# -- tokens -------------------------------------------------------------------

# Titles that make a name a title on their own: dropped wherever they lead a name.
_HEAD_TITLES = frozenset(
    {
        "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord",
        "lady", "president", "minister", "secretary", "chancellor", "premier", "gen", "lt",
        "col", "colonel", "maj", "capt", "captain", "adm", "admiral", "sgt", "cmdr",
        "commander", "sen", "senator", "rep", "representative", "congressman",
        "congresswoman", "gov", "governor", "mayor", "king", "queen", "prince", "princess",
        "sheikh", "shaikh", "emir", "sultan", "pope", "rev", "reverend", "fr", "hon",
        "ambassador", "envoy", "spokesman", "spokeswoman", "spokesperson", "chairman",
        "chairwoman", "mp", "mep", "excellency", "ayatollah", "marshal",
    }
)  # fmt: skip
# Words that are a title only in front of one ("Foreign Minister", not "Foreign Ministry").
_MODIFIER_TITLES = frozenset(
    {
        "the", "foreign", "prime", "deputy", "vice", "defense", "defence", "interior",
        "finance", "acting", "former", "first", "late", "chief", "general", "attorney",
        "his", "her",
    }
)  # fmt: skip
# Titles written mid-phrase before the name ("Azerbaijani Foreign Minister Jeyhun ...").
_CUT_TITLES = frozenset(
    {
        "president", "minister", "secretary", "chancellor", "premier", "spokesman",
        "spokeswoman", "spokesperson", "ambassador", "governor", "senator", "mayor",
        "colonel", "commander", "admiral", "chairman", "chairwoman", "envoy",
    }
)  # fmt: skip
_TRAILING_TITLES = frozenset({"jr", "sr"})
#: Honorifics, titles and the words that qualify them; :func:`name_tokens` drops them.
TITLE_WORDS: frozenset[str] = _HEAD_TITLES | _MODIFIER_TITLES | _TRAILING_TITLES
#: Name particles ("al-Qaddafi", "Le Drian", "bin Salman"): kept, but never aligned.
PARTICLES: frozenset[str] = frozenset(
    {
        "al", "el", "ul", "le", "la", "de", "di", "da", "del", "della", "dos", "das", "du",
        "van", "von", "der", "den", "ten", "ter", "bin", "ibn", "ben", "bint",
    }
)  # fmt: skip
_NO_CUT_AFTER = frozenset({"of", "for", "and", "to"})


@lru_cache(maxsize=1 << 16)
def name_tokens(name: str) -> tuple[str, ...]:
    """The folded tokens of a name, without honorifics and titles.

    Leading titles go ("President Vladimir Putin", "Lt. Gen. ..."), and so does
    everything up to a title written mid-phrase ("Azerbaijani Foreign Minister Jeyhun
    Bayramov"). A qualifier such as *foreign* goes only with the title it qualifies, so
    "Foreign Ministry" and "Defense Ministry" stay apart. Trailing "Jr."/"Sr." go too.

    Parameters
    ----------
    name
        A name as written.

    Returns
    -------
    tuple of str
        The remaining tokens; empty when the name is nothing but a title.

    Examples
    --------
    >>> name_tokens("Azerbaijani Foreign Minister Jeyhun Bayramov")
    ('jeyhun', 'bayramov')
    >>> name_tokens("Foreign Ministry")
    ('foreign', 'ministry')
    """
    tokens = fold(name).split()
    for index in range(len(tokens) - 2, -1, -1):
        if tokens[index] in _CUT_TITLES and tokens[index + 1] not in _NO_CUT_AFTER:
            tokens = tokens[index + 1 :]
            break
    prefix = 0
    while prefix < len(tokens) and tokens[prefix] in TITLE_WORDS:
        prefix += 1
    titled = any(token in _HEAD_TITLES for token in tokens[:prefix])
    if titled and not (prefix < len(tokens) and tokens[prefix] in _NO_CUT_AFTER):
        tokens = tokens[prefix:]
    else:
        # Only qualifiers lead ("Foreign Ministry"): they are part of the name, "the" is not.
        while tokens and tokens[0] == "the":
            tokens = tokens[1:]
    while len(tokens) > 1 and tokens[-1] in _TRAILING_TITLES:
        tokens = tokens[:-1]
    return tuple(tokens)


@lru_cache(maxsize=1 << 16)
def _parse(name: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(content tokens, particles) of a name; all tokens are content if all are particles."""
    tokens = name_tokens(name) or tuple(fold(name).split())
    content = tuple(token for token in tokens if token not in PARTICLES)
    if not content:
        return tokens, ()
    return content, tuple(sorted(token for token in tokens if token in PARTICLES))


# -- skeletons ----------------------------------------------------------------

_VOWELS = frozenset("aeiou")
# Longest first within each family; the canonical ending is appended to the skeleton.
_ENDINGS: tuple[tuple[str, str], ...] = (
    ("yanian", "an"),
    ("anian", "an"),
    ("yan", "an"),
    ("ian", "an"),
    ("oghlu", "oglu"),
    ("oglou", "oglu"),
    ("oglu", "oglu"),
    ("ogly", "oglu"),
    ("skiy", "ski"),
    ("skii", "ski"),
    ("skyi", "ski"),
    ("skyy", "ski"),
    ("skij", "ski"),
    ("sky", "ski"),
    ("ski", "ski"),
    ("iyeva", "ova"),
    ("yeva", "ova"),
    ("ieva", "ova"),
    ("eva", "ova"),
    ("ova", "ova"),
    ("yev", "ov"),
    ("iev", "ov"),
    ("yov", "ov"),
    ("iov", "ov"),
    ("ev", "ov"),
    ("ov", "ov"),
)
_ENDING_CANON = dict(_ENDINGS)
_ENDING_LENGTHS = tuple(sorted({len(ending) for ending in _ENDING_CANON}, reverse=True))
_MIN_STEM = 2
_TRIGRAPHS = {"dzh": "j", "tch": "c", "sch": "s"}
_DIGRAPHS = {
    "zh": "j",
    "dj": "j",
    "kh": "h",
    "gh": "k",
    "sh": "s",
    "ch": "c",
    "ph": "f",
    "th": "t",
    "dh": "t",
    "ts": "c",
    "tz": "c",
    "ck": "k",
}
_SINGLE = {"b": "p", "d": "t", "g": "k", "q": "k", "v": "f", "w": "f", "z": "s", "x": "h"}
_SOFTENING = frozenset("eiy")
_VOWEL_MARK = "*"


def _consonant_frame(stem: str) -> str:
    out: list[str] = []
    i, n = 0, len(stem)
    # A leading vowel is kept as "a" so "Ilham" and "Lahm" stay apart; "ye"/"yo" at the
    # start is a vowel in another transliteration ("Yevgeny"/"Evgeny", "Yerevan"/"Erevan").
    if n and stem[0] in _VOWELS:
        out.append("a")
        i = 1
    elif n > 1 and stem[0] == "y" and stem[1] in _VOWELS:
        out.append("a")
        i = 2
    after_consonant = False
    while i < n:
        if stem[i : i + 3] in _TRIGRAPHS:
            out.append(_TRIGRAPHS[stem[i : i + 3]])
            i, after_consonant = i + 3, True
            continue
        if stem[i : i + 2] in _DIGRAPHS:
            out.append(_DIGRAPHS[stem[i : i + 2]])
            i, after_consonant = i + 2, True
            continue
        ch = stem[i]
        i += 1
        if ch in _VOWELS or ch == "y":
            out.append(_VOWEL_MARK)
            after_consonant = False
        elif ch in "hw" and after_consonant:
            continue  # "Ilham"/"Ilkham"-style aspiration after a consonant carries nothing
        else:
            if ch == "c":
                out.append("s" if stem[i : i + 1] in _SOFTENING else "k")
            else:
                out.append(_SINGLE.get(ch, ch))
            after_consonant = True
    # Collapse doubles before dropping vowels: "Muammar" has one m-sound, "Baba" two.
    frame: list[str] = []
    for ch in out:
        if not frame or frame[-1] != ch:
            frame.append(ch)
    return "".join(ch for ch in frame if ch != _VOWEL_MARK)


def skeleton(token: str) -> str:
    """The consonant skeleton of a token, tolerant of transliteration.

    Vowels, and *y*/*w*/*h* after a consonant, are dropped, except that a leading
    vowel is kept as ``"a"``. Voiced and voiceless consonants merge (b/p, d/t,
    g/k/q/hard c, v/f/w, z/s); *j*, *zh*, *dj* and *dzh* are ``"j"``; *kh* and *x* are
    ``"h"``; *ph* is ``"f"``; doubled letters collapse. Common endings are normalised
    and appended as written: -ov/-ev/-yev/-iev as ``"ov"``, -yan/-ian/-anian/-yanian as
    ``"an"``, -oglu/-oghlu as ``"oglu"``, -sky/-ski/-skiy as ``"ski"``.

    Parameters
    ----------
    token
        A name token; it is folded first, and spaces inside it are ignored.

    Returns
    -------
    str
        The skeleton; empty only when the token folds to nothing.

    Examples
    --------
    >>> skeleton("Bayramov"), skeleton("Permov")
    ('prmov', 'prmov')
    >>> skeleton("Qadhafi"), skeleton("Gaddafi")
    ('ktf', 'ktf')
    """
    return _skeleton(fold(token).replace(" ", ""))


@lru_cache(maxsize=1 << 16)
def _skeleton(stem: str) -> str:
    """:func:`skeleton` of a folded, space-free token."""
    for size in _ENDING_LENGTHS:
        if len(stem) - size >= _MIN_STEM and stem[-size:] in _ENDING_CANON:
            return _consonant_frame(stem[:-size]) + _ENDING_CANON[stem[-size:]]
    return _consonant_frame(stem)


# -- tokens compared ------------------------------------------------------------

#: Score of an initial against a name it could abbreviate ("J." and "Jeyhun").
INITIAL_SCORE = 0.85
# How much the spelling (vowels included) tempers a skeleton match: equal skeletons
# with little else in common ("Biden"/"Putin", both "ptn") are weaker evidence than
# equal skeletons of near-equal spellings. Short skeletons lean on spelling more.
_SPELLING_SHARE = 0.4
_SHORT_SPELLING_SHARE = 0.7
_SHORT_SKELETON = 2


def _skeleton_score(sa: str, sb: str) -> float:
    if not sa or not sb:
        return 0.0
    osa = OSA.distance(sa, sb)
    # A transposition ("Beglar"/"Bulgar", pklr/plkr) is a typical garble: it costs half.
    transpositions = Levenshtein.distance(sa, sb) - osa
    distance = osa - 0.5 * transpositions
    return max(0.0, 1.0 - distance / max(len(sa), len(sb)))


@lru_cache(maxsize=1 << 18)
def _token_match(a: str, b: str) -> tuple[float, str]:
    """Score and kind of evidence for two folded, space-free tokens; symmetric."""
    if a > b:
        a, b = b, a
    if not a or not b:
        return 0.0, "empty"
    if a == b:
        return 1.0, "exact"
    if len(a) == 1 or len(b) == 1:
        initial, full = (a, b) if len(a) == 1 else (b, a)
        if full.startswith(initial):
            return INITIAL_SCORE, "initial"
        return 0.0, "initial"
    sa, sb = _skeleton(a), _skeleton(b)
    spelling = Levenshtein.normalized_similarity(a, b)
    share = _SHORT_SPELLING_SHARE if min(len(sa), len(sb)) <= _SHORT_SKELETON else _SPELLING_SHARE
    by_skeleton = _skeleton_score(sa, sb) * (1.0 - share + share * spelling)
    # Plain edit distance alone is too generous ("Iran"/"Iraq" is 0.75), so it only
    # wins when the spelling is nearly the same and the skeleton somehow is not.
    by_spelling = spelling * spelling
    if by_skeleton >= by_spelling:
        return by_skeleton, "skeleton"
    return by_spelling, "spelling"


def token_similarity(a: str, b: str) -> float:
    """Similarity of two name tokens, in [0, 1].

    Equal folded tokens score 1. Otherwise the skeleton similarity (Damerau-style
    optimal string alignment, a transposition costing half) is tempered by the
    spelling similarity (normalised Levenshtein on the folded tokens), and the
    squared spelling similarity is a fallback; the larger wins. An initial scores
    :data:`INITIAL_SCORE` against a token it could stand for.

    Parameters
    ----------
    a, b
        Name tokens as written (folded here; spaces inside are ignored).

    Returns
    -------
    float
        Symmetric score; 0 when either token folds to nothing.

    Examples
    --------
    >>> round(token_similarity("Mohammed", "Muhammad"), 2)
    0.9
    >>> token_similarity("J.", "Jeyhun")
    0.85
    """
    return _token_match(fold(a).replace(" ", ""), fold(b).replace(" ", ""))[0]


# -- names compared -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NameMatch:
    """How alike two names are, and why.

    Attributes
    ----------
    score
        In [0, 1]; 0.75 and above reads "likely the same name", below 0.5 "different".
    aligned
        ``(token of a, token of b, token score)`` for each aligned pair, in the order
        of the first name's tokens.
    reason
        Short human-readable evidence, e.g. ``"family name skeleton bayramov~permov
        (0.80); given name skeleton jeyhun~jihon (0.80)"``.
    """

    score: float
    aligned: tuple[tuple[str, str, float], ...]
    reason: str


#: Weight of the family-name pair (the pair holding either name's last token).
FAMILY_WEIGHT = 2.0
GIVEN_WEIGHT = 1.0
#: Weight an unaligned extra token (a middle name) adds to the denominator.
EXTRA_TOKEN_COST = 0.25
PARTICLE_COST = 0.1
#: An aligned pair below this contradicts: different given name, different people.
CONFLICT_BELOW = 0.6
#: The factor a contradicting pair scoring 0 multiplies the score by.
CONFLICT_FLOOR = 0.35
#: A one-token name against the last token of a longer one: "Putin" for "Vladimir Putin".
SURNAME_ONLY = 0.9
#: A one-token name against another token of a person's name: "Tedros" is maybe him.
OTHER_TOKEN = 0.7
_PERSON_KINDS = frozenset({"person", "per", "people"})


def _single_vs_many(
    one: str, many: tuple[str, ...], *, person: bool
) -> tuple[float, int, float, str, str]:
    """Best (score, index in many or -1 for the whole name, token score, how, label)."""
    whole, how = _token_match(one, "".join(many))
    best = (whole, -1, whole, "whole", "whole name")
    last = len(many) - 1
    for index, token in enumerate(many):
        score, how = _token_match(one, token)
        if index == last:
            factor, label = SURNAME_ONLY, "surname-only" if person else "last token"
        else:
            factor = OTHER_TOKEN if person else SURNAME_ONLY
            label = "other token" if person else "token"
        if factor * score > best[0]:
            best = (factor * score, index, score, how, label)
    return best


def _conflict_factor(score: float) -> float:
    return CONFLICT_FLOOR + (1.0 - CONFLICT_FLOOR) * score / CONFLICT_BELOW


class _Pair(NamedTuple):
    """One aligned pair: token indexes, token score, kind of evidence, role."""

    left: int
    right: int
    score: float
    how: str
    role: str

    def swapped(self) -> _Pair:
        return _Pair(self.right, self.left, self.score, self.how, self.role)


def _align(left: tuple[str, ...], right: tuple[str, ...]) -> list[tuple[int, int, float, str]]:
    """Greedy one-to-one alignment, best pairs first; ties prefer last-with-last."""
    last_l, last_r = len(left) - 1, len(right) - 1
    candidates = []
    for i, a in enumerate(left):
        for j, b in enumerate(right):
            score, how = _token_match(a, b)
            mismatched_role = (i == last_l) != (j == last_r)
            candidates.append((-score, mismatched_role, i, j, how))
    candidates.sort()
    used_l: set[int] = set()
    used_r: set[int] = set()
    pairs = []
    for neg, _, i, j, how in candidates:
        if i in used_l or j in used_r:
            continue
        used_l.add(i)
        used_r.add(j)
        pairs.append((i, j, -neg, how))
    return pairs


def _many_vs_many(
    left: tuple[str, ...], right: tuple[str, ...], particles: int, *, person: bool
) -> tuple[float, list[_Pair], int]:
    """Score, aligned pairs (best first) and the number of unaligned tokens."""
    last_l, last_r = len(left) - 1, len(right) - 1
    total = weight = 0.0
    factor = 1.0
    pairs: list[_Pair] = []
    for i, j, score, how in _align(left, right):
        family = i == last_l or j == last_r
        pair_weight = FAMILY_WEIGHT if family else GIVEN_WEIGHT
        total += pair_weight * score
        weight += pair_weight
        role = ("family name" if family else "given name") if person else "token"
        if score < CONFLICT_BELOW:
            factor *= _conflict_factor(score)
            role = f"conflicting {role}"
        pairs.append(_Pair(i, j, score, how, role))
    extras = len(left) + len(right) - 2 * len(pairs)
    weight += EXTRA_TOKEN_COST * extras + PARTICLE_COST * particles
    return total / weight * factor, pairs, extras


def _particle_difference(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    rest = list(b)
    unmatched = 0
    for particle in a:
        if particle in rest:
            rest.remove(particle)
        else:
            unmatched += 1
    return unmatched + len(rest)


def _compare(
    left: tuple[str, ...], right: tuple[str, ...], particles: int, *, person: bool
) -> tuple[float, list[_Pair]]:
    """Score and aligned pairs of two non-empty token tuples (in a canonical order)."""
    if len(left) > 1 and len(right) > 1:
        score, pairs, _ = _many_vs_many(left, right, particles, person=person)
        return score, pairs
    if len(left) == 1 and len(right) == 1:
        score, how = _token_match(left[0], right[0])
        return score, [_Pair(0, 0, score, how, "single name")]
    one_left = len(left) == 1
    one, many = (left[0], right) if one_left else (right[0], left)
    score, index, token_score, how, label = _single_vs_many(one, many, person=person)
    if index < 0:
        return score, [_Pair(0, 0, token_score, how, label)]
    pair = _Pair(0, index, token_score, how, label)
    return score, [pair if one_left else pair.swapped()]


def name_similarity(a: str, b: str, *, kind: str | None = None) -> NameMatch:
    """Compare two names token by token, weighing the family name most.

    Tokens (titles dropped, particles such as *al-* set aside) are aligned one to
    one, best pairs first. The pair holding either name's last token is the family
    name and weighs :data:`FAMILY_WEIGHT`; other pairs weigh 1; an unaligned extra
    token (a middle name) costs :data:`EXTRA_TOKEN_COST`. A pair scoring below
    :data:`CONFLICT_BELOW` contradicts the match and scales the score down, so a
    shared family name with a different given name ("Ilham Aliyev", "Heydar Aliyev")
    scores low. A one-token name is compared with the last token of a longer one
    (a surname-only mention, at most :data:`SURNAME_ONLY`), with its other tokens
    (at most :data:`OTHER_TOKEN` for people; as the last token otherwise) and with
    the whole name written as one word.

    Parameters
    ----------
    a, b
        Names as written.
    kind
        ``None`` or ``"person"`` for people's names (the default rules); any other
        kind (a place, an organisation) lets a one-token name match any token.

    Returns
    -------
    NameMatch
        Symmetric in score; 0 when either name has no tokens.

    Examples
    --------
    >>> name_similarity("Vladimir Putin", "Putin").score
    0.9
    >>> name_similarity("Ilham Aliyev", "Heydar Aliyev").score < 0.6
    True
    """
    (ta, pa), (tb, pb) = _parse(a), _parse(b)
    if not ta or not tb:
        return NameMatch(0.0, (), "no name to compare")
    if ta == tb and pa == pb:
        return NameMatch(1.0, tuple((t, t, 1.0) for t in ta), "same name")
    person = kind is None or kind.casefold() in _PERSON_KINDS
    # Compute on a canonical order so that the score is exactly symmetric.
    swapped = (tb, pb) < (ta, pa)
    left, right = (tb, ta) if swapped else (ta, tb)
    score, pairs = _compare(left, right, _particle_difference(pa, pb), person=person)
    if swapped:
        pairs = [pair.swapped() for pair in pairs]
    notes = []
    for pair in pairs:
        right_token = tb[pair.right] if pair.how != "whole" else "".join(tb)
        left_token = ta[pair.left] if pair.how != "whole" else "".join(ta)
        notes.append(f"{pair.role} {pair.how} {left_token}~{right_token} ({pair.score:.2f})")
    matched_a = {pair.left for pair in pairs}
    matched_b = {pair.right for pair in pairs}
    extras = [t for i, t in enumerate(ta) if i not in matched_a]
    extras += [t for j, t in enumerate(tb) if j not in matched_b]
    if extras and len(ta) > 1 and len(tb) > 1:
        notes.append("unmatched " + ", ".join(extras))
    aligned = tuple(
        (ta[pair.left], tb[pair.right], round(pair.score, 4))
        for pair in sorted(pairs, key=lambda pair: (pair.left, pair.right))
        if pair.how != "whole"
    )
    return NameMatch(round(min(1.0, max(0.0, score)), 4), aligned, "; ".join(notes))


# -- blocking -----------------------------------------------------------------


def blocking_keys(name: str) -> frozenset[str]:
    """Cheap keys under which a name is filed, so candidates meet without all pairs.

    Keys come from the last (family) token: its skeleton, the skeleton's first three
    characters, the skeleton's letters as a set (survives transpositions such as
    "Beglaryan"/"Bulgarian"), and its first letter with two overlapping length buckets.
    Two names that :func:`name_similarity` scores as the same share at least one key
    in all the cases the tests pin; names written surname first may not.

    Parameters
    ----------
    name
        A name as written.

    Returns
    -------
    frozenset of str
        Prefixed keys (``"s:"``, ``"p:"``, ``"c:"``, ``"f:"``); empty for no name.
    """
    tokens, _ = _parse(name)
    if not tokens:
        return frozenset()
    last = tokens[-1]
    frame = skeleton(last) or last
    size = len(last)
    return frozenset(
        {
            f"s:{frame}",
            f"p:{frame[:3]}",
            "c:" + "".join(sorted(set(frame))),
            f"f:{last[0]}{size // 3}",
            f"f:{last[0]}{(size + 1) // 3}",
        }
    )


# -- acronyms -----------------------------------------------------------------

#: Words an acronym skips ("Organization for Security and Co-operation in Europe").
_ACRONYM_SKIPS = frozenset({"of", "for", "and", "the", "in", "on", "de", "des", "du", "la", "le"})
_ACRONYM_WORD = re.compile(r"[^\W\d_][\w'’]*(?:-[^\W\d_][\w'’]*)*")


def acronym(name: str) -> str | None:
    """``name`` as an acronym ("AFP", "U.N." is "UN"), or None if it is not one."""
    letters = name.replace(".", "").replace(" ", "")
    if 2 <= len(letters) <= 8 and letters.isalpha() and letters.isupper():
        return letters
    return None


def initialisms(name: str) -> frozenset[str]:
    """The acronyms a name of three words or parts or more can go by.

    Initials of its words, small words skipped, with a hyphenated word read as
    one ("Co-operation": OSCE) or as its parts ("France-Presse": AFP).

    >>> sorted(initialisms("Organization for Security and Co-operation in Europe"))
    ['OSCE', 'OSCOE']
    >>> sorted(initialisms("Agence France-Presse"))
    ['AFP']
    """
    words = [w for w in _ACRONYM_WORD.findall(name) if w.casefold() not in _ACRONYM_SKIPS]
    whole = "".join(w[0] for w in words).upper()
    parts = "".join(part[0] for w in words for part in w.split("-") if part).upper()
    return frozenset(form for form in (whole, parts) if len(form) >= 3)
