"""Name similarity: folding, titles, skeletons, token and name scores, blocking keys.

The pairs in SAME and DIFFERENT are the contract the entity resolver relies on: it
reads a score of 0.75 and above as "likely the same name" and below 0.5 as
"different". Most come from the karabakh-2020 corpus, where machine translation
garbled the same names differently in each outlet.
"""

from __future__ import annotations

import pickle

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from newsfuse.stages.analyse.names import (
    INITIAL_SCORE,
    TITLE_WORDS,
    NameMatch,
    acronym,
    blocking_keys,
    fold,
    initialisms,
    name_similarity,
    name_tokens,
    skeleton,
    token_similarity,
)

LIKELY_SAME = 0.75
DIFFERENT = 0.5

SAME = [
    ("Jeyhun Bayramov", "Jihon Permov"),
    ("Zohrab Mnatsakanyan", "Zahrab Manatsakyanian"),
    ("Artak Beglaryan", "Artak Bulgarian"),
    ("Sergei Lavrov", "Sergey Lavrov"),
    ("Mevlut Cavusoglu", "Mevlüt Çavuşoğlu"),
    ("Sergey Shoygu", "Sergei Shoigu"),
    ("Stepanakert", "Stepenkurt"),
    ("Nagorno-Karabakh", "Nagorny Karabakh"),
    ("Nagorno-Karabakh", "Nargorno-Karabakh"),
    ("Nagorny Karabakh", "Nargorno-Karabakh"),
    ("Vladimir Putin", "Putin"),
    ("Tedros Adhanom Ghebreyesus", "Ghebreyesus"),
    ("Muammar Gaddafi", "Moammar Qadhafi"),
    ("Muammar Gaddafi", "Muammar al-Qaddafi"),
    ("Moammar Qadhafi", "Muammar al-Qaddafi"),
    ("Mohammed", "Muhammad"),
    ("Aliyev", "Aliev"),
    ("Yevgeny Prigozhin", "Evgeny Prigozhin"),
    ("J. Bayramov", "Jeyhun Bayramov"),
    ("President Vladimir Putin", "Vladimir Putin"),
    ("Azerbaijani Foreign Minister Jeyhun Bayramov", "Jihon Permov"),
    ("Jean-Yves Le Drian", "Jean-Yves Drian"),
]

# (a, b, the score must be below this)
DIFFERENT_PAIRS = [
    ("Ilham Aliyev", "Heydar Aliyev", 0.6),
    ("Sergey Lavrov", "Sergey Shoygu", DIFFERENT),
    ("Armenia", "Azerbaijan", DIFFERENT),
    ("Baku", "Yerevan", DIFFERENT),
    ("Vladimir Putin", "Emmanuel Macron", DIFFERENT),
    ("Dmitry Peskov", "Dmitry Medvedev", DIFFERENT),
    ("Jean-Yves Le Drian", "Luigi Di Maio", DIFFERENT),
    ("Iran", "Iraq", LIKELY_SAME),
    ("Austria", "Australia", LIKELY_SAME),
    # A given name alone is not the person: the surname-only rule uses the last token.
    ("Tedros Adhanom Ghebreyesus", "Tedros", LIKELY_SAME),
    ("Foreign Ministry", "Defense Ministry", DIFFERENT),
    ("Nikol Pashinyan", "Zohrab Mnatsakanyan", DIFFERENT),
    ("Jeyhun Bayramov", "Zakir Hasanov", DIFFERENT),
]


# -- fold --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Çavuşoğlu", "cavusoglu"),
        ("Nagorno-Karabakh", "nagorno karabakh"),
        ("Nagorno–Karabakh", "nagorno karabakh"),
        ("  Jean-Yves   Le\tDrian ", "jean yves le drian"),
        ("O’Brien", "obrien"),
        ("Putin's", "putin"),
        ("Putin’s appeal", "putin appeal"),
        ("Əliyev", "aliyev"),
        ("İlham", "ilham"),
        ("Straße", "strasse"),
        ("Лавров", "lavrov"),
        ("Łukaszenka", "lukaszenka"),
        ("Lt. Gen. X.", "lt gen x"),
        ("", ""),
        ("—", ""),
    ],
)
def test_fold(text: str, expected: str) -> None:
    assert fold(text) == expected


@given(st.text())
@example("ΐ")
@example("ǅ")
@example("ﬃ")
def test_fold_is_idempotent_and_clean(text: str) -> None:
    folded = fold(text)
    assert fold(folded) == folded
    assert folded == folded.strip()
    assert "  " not in folded
    assert all(ch.isalnum() or ch == " " for ch in folded)


# -- name_tokens -------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("President Vladimir Putin", ("vladimir", "putin")),
        ("Mr. Putin", ("putin",)),
        ("Dr Tedros", ("tedros",)),
        ("Prime Minister Nikol Pashinyan", ("nikol", "pashinyan")),
        ("Azerbaijani Foreign Minister Jeyhun Bayramov", ("jeyhun", "bayramov")),
        ("Foreign Ministry spokeswoman Maria Zakharova", ("maria", "zakharova")),
        ("Lt. Gen. Mark Milley", ("mark", "milley")),
        ("Sen. Bob Menendez", ("bob", "menendez")),
        ("The Kremlin", ("kremlin",)),
        # A qualifier without its title is part of the name.
        ("Foreign Ministry", ("foreign", "ministry")),
        ("Defense Ministry", ("defense", "ministry")),
        # Titles only lead a name: "Sen" and "King" here are names.
        ("Amartya Sen", ("amartya", "sen")),
        ("Martin Luther King Jr.", ("martin", "luther", "king")),
        ("Minister of Foreign Affairs", ("minister", "of", "foreign", "affairs")),
        ("President", ()),
        ("", ()),
    ],
)
def test_name_tokens(name: str, expected: tuple[str, ...]) -> None:
    assert name_tokens(name) == expected


def test_title_words_hold_the_common_titles() -> None:
    for word in ("mr", "mrs", "ms", "dr", "president", "minister", "foreign", "prime"):
        assert word in TITLE_WORDS
    for word in ("gen", "general", "sen", "rep", "gov", "the"):
        assert word in TITLE_WORDS


# -- skeleton ----------------------------------------------------------------


@pytest.mark.parametrize(
    "spellings",
    [
        ("Bayramov", "Permov"),
        ("Jeyhun", "Jihon"),
        ("Zohrab", "Zahrab"),
        ("Sergei", "Sergey", "Sergiy"),
        ("Shoygu", "Shoigu"),
        ("Stepanakert", "Stepenkurt"),
        ("Gaddafi", "Qadhafi", "Qaddafi", "Kadhafi"),
        ("Mohammed", "Muhammad", "Mohamed"),
        ("Aliyev", "Aliev", "Əliyev"),
        ("Yevgeny", "Evgeny", "Evgeniy"),
        ("Prigozhin", "Prigojin"),
        ("Zelensky", "Zelenskiy", "Zelenski", "Zelenskyy"),
        ("Cavusoglu", "Çavuşoğlu", "Cavusoghlu"),
        ("Yerevan", "Erevan"),
    ],
)
def test_transliterations_share_a_skeleton(spellings: tuple[str, ...]) -> None:
    assert len({skeleton(spelling) for spelling in spellings}) == 1


@pytest.mark.parametrize(
    ("token", "ending"),
    [
        ("Lavrov", "ov"),
        ("Medvedev", "ov"),
        ("Hajiyev", "ov"),
        ("Mnatsakanyan", "an"),
        ("Manatsakyanian", "an"),
        ("Bulgarian", "an"),
        ("Cavusoglu", "oglu"),
        ("Zelenskiy", "ski"),
    ],
)
def test_skeleton_normalises_endings(token: str, ending: str) -> None:
    assert skeleton(token).endswith(ending)


def test_skeleton_keeps_a_leading_vowel_and_drops_the_rest() -> None:
    assert skeleton("Ilham") == "alm"
    assert skeleton("Iran") == "arn"
    assert skeleton("Baku") == "pk"
    assert skeleton("") == ""


def test_skeleton_too_short_for_an_ending_keeps_it() -> None:
    # "Lev" and "Ian" are whole names, not a stem and an ending.
    assert skeleton("Lev") == "lf"
    assert skeleton("Ian") == "an"


# -- token_similarity --------------------------------------------------------


def test_token_similarity_basics() -> None:
    assert token_similarity("Putin", "PUTIN") == 1.0
    assert token_similarity("Çavuşoğlu", "Cavusoglu") == 1.0
    assert token_similarity("J.", "Jeyhun") == INITIAL_SCORE
    assert token_similarity("Jeyhun", "J") == INITIAL_SCORE
    assert token_similarity("K.", "Jeyhun") == 0.0
    assert token_similarity("", "Putin") == 0.0
    assert token_similarity("Bayramov", "Permov") >= LIKELY_SAME
    assert token_similarity("Iran", "Iraq") < LIKELY_SAME


@given(st.text(max_size=20), st.text(max_size=20))
def test_token_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    score = token_similarity(a, b)
    assert score == token_similarity(b, a)
    assert 0.0 <= score <= 1.0


# -- name_similarity: the contract -------------------------------------------


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_names_score_high(a: str, b: str) -> None:
    match = name_similarity(a, b)
    assert match.score >= LIKELY_SAME, match.reason
    assert name_similarity(b, a).score == match.score


@pytest.mark.parametrize(("a", "b", "below"), DIFFERENT_PAIRS)
def test_different_names_score_low(a: str, b: str, below: float) -> None:
    match = name_similarity(a, b)
    assert match.score < below, match.reason
    assert name_similarity(b, a).score == match.score


@pytest.mark.parametrize(("a", "b"), SAME)
def test_same_names_share_a_blocking_key(a: str, b: str) -> None:
    assert blocking_keys(a) & blocking_keys(b)


# -- name_similarity: behaviour ----------------------------------------------


def test_reason_and_alignment_follow_the_callers_order() -> None:
    match = name_similarity("Jeyhun Bayramov", "Jihon Permov")
    assert [(a, b) for a, b, _ in match.aligned] == [("jeyhun", "jihon"), ("bayramov", "permov")]
    assert all(score == pytest.approx(0.8, abs=0.05) for _, _, score in match.aligned)
    assert "family name skeleton bayramov~permov" in match.reason
    assert "given name skeleton jeyhun~jihon" in match.reason
    flipped = name_similarity("Jihon Permov", "Jeyhun Bayramov")
    assert [(b, a) for a, b, _ in flipped.aligned] == [(a, b) for a, b, _ in match.aligned]
    assert "bayramov" in flipped.reason.split("permov~")[1]


def test_a_different_given_name_is_a_different_person() -> None:
    match = name_similarity("Ilham Aliyev", "Heydar Aliyev")
    assert match.score < DIFFERENT
    assert "conflicting given name" in match.reason


def test_middle_name_costs_a_little() -> None:
    full = name_similarity("Tedros Adhanom Ghebreyesus", "Tedros Ghebreyesus")
    assert LIKELY_SAME <= full.score < 1.0
    assert "unmatched adhanom" in full.reason


def test_surname_only_mention() -> None:
    match = name_similarity("Putin", "Vladimir Putin")
    assert match.score == pytest.approx(0.9)
    assert match.aligned == (("putin", "putin", 1.0),)
    assert match.reason.startswith("surname-only")


def test_places_match_any_token_when_told() -> None:
    assert name_similarity("Nagorno", "Nagorno-Karabakh").score < LIKELY_SAME
    assert name_similarity("Nagorno", "Nagorno-Karabakh", kind="place").score >= LIKELY_SAME
    assert name_similarity("Karabakh", "Nagorno-Karabakh").score >= LIKELY_SAME


def test_a_name_written_as_one_word() -> None:
    assert name_similarity("Nagornokarabakh", "Nagorno-Karabakh").score >= LIKELY_SAME


def test_titles_and_particles_do_not_count() -> None:
    assert name_similarity("Mr. Putin", "Putin").score == 1.0
    assert name_similarity("Muammar al-Qaddafi", "Muammar el-Qaddafi").score >= 0.9


def test_empty_names_score_zero() -> None:
    assert name_similarity("", "Putin") == NameMatch(0.0, (), "no name to compare")
    assert name_similarity("", "").score == 0.0
    assert name_similarity("—", "...").score == 0.0
    assert blocking_keys("") == frozenset()


def test_name_match_pickles() -> None:
    match = name_similarity("Sergei Lavrov", "Sergey Lavrov")
    assert pickle.loads(pickle.dumps(match)) == match


# -- properties --------------------------------------------------------------

_TOKENS = [
    "Jeyhun", "Jihon", "Bayramov", "Permov", "Ilham", "Heydar", "Aliyev", "Aliev",
    "Sergey", "Sergei", "Lavrov", "Shoygu", "al", "Le", "Mr.", "President", "J.",
    "Nagorno-Karabakh", "Çavuşoğlu", "Stepanakert", "",
]  # fmt: skip
_NAMES = st.one_of(
    st.text(max_size=40),
    st.lists(st.sampled_from(_TOKENS), max_size=4).map(" ".join),
)


@given(_NAMES, _NAMES)
@example("Ilham Aliyev", "Heydar Aliyev")
@example("Putin", "Vladimir Putin")
def test_name_similarity_is_symmetric_and_bounded(a: str, b: str) -> None:
    forward, backward = name_similarity(a, b), name_similarity(b, a)
    assert forward.score == backward.score
    assert 0.0 <= forward.score <= 1.0
    assert all(0.0 <= score <= 1.0 for _, _, score in forward.aligned)
    assert isinstance(blocking_keys(a), frozenset)


@given(_NAMES)
@example("President")
@example("al")
def test_a_name_matches_itself(name: str) -> None:
    score = name_similarity(name, name).score
    if fold(name):
        assert score == 1.0
    else:
        assert score == 0.0


@pytest.mark.parametrize(
    ("name", "expected"),
    [("AFP", "AFP"), ("U.N.", "UN"), ("NATO", "NATO"), ("Nato", None), ("A", None), ("F-16", None)],
)
def test_acronym(name: str, expected: str | None) -> None:
    assert acronym(name) == expected


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Agence France-Presse", {"AFP"}),
        ("Organization for Security and Co-operation in Europe", {"OSCE", "OSCOE"}),
        ("Human Rights Watch", {"HRW"}),
        ("Minsk Group", set()),  # two letters say too little
    ],
)
def test_initialisms(name: str, expected: set[str]) -> None:
    assert initialisms(name) == expected
