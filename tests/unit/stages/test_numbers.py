"""Numbers in news text: what find_numbers finds, how it reads it and what kind it says it is."""

from __future__ import annotations

import doctest

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import Quantity
from newsfuse.stages.analyse import numbers
from newsfuse.stages.analyse.numbers import (
    VAGUE_CONVENTIONS,
    NumberMatch,
    find_numbers,
    parse_number,
)

KINDS = {
    "count",
    "share",
    "year",
    "decade",
    "date",
    "time",
    "age",
    "ordinal",
    "measure",
    "money",
    "address",
    "label",
}
NO_VALUE = Quantity(None, None, "exact")


def exact(n: float) -> Quantity:
    return Quantity(n, n, "exact")


def share(fraction: float, qualifier: str = "exact") -> Quantity:
    return Quantity(None, None, qualifier, share=fraction)


def found(
    text: str, start: int = 0, end: int | None = None, convention: str = "acled"
) -> list[tuple[str, str, Quantity]]:
    matches = find_numbers(text, start, end, convention=convention)
    return [(m.text, m.kind, m.quantity) for m in matches]


def the(text: str, fragment: str, convention: str = "acled") -> NumberMatch:
    """The one match whose text is ``fragment``."""
    matches = [m for m in find_numbers(text, convention=convention) if m.text == fragment]
    assert len(matches) == 1, (fragment, found(text, convention=convention))
    return matches[0]


# -- the project's corpus, whole sentences ------------------------------------

CORPUS = [
    (
        "the recent fighting had displaced about 140,000 people, half of Karabakh’s "
        "population, and forced 90 per cent of women and children to flee their homes",
        [
            ("about 140,000", "count", Quantity(140_000, 140_000, "about")),
            ("half", "share", share(0.5)),
            ("90 per cent", "share", share(0.9)),
        ],
    ),
    (
        "Armenia has so far confirmed the deaths of more than 300 soldiers",
        [("more than 300", "count", Quantity(300, None, "more_than"))],
    ),
    (
        "Authorities in Baku say 427 homes have been damaged, displacing more than 1,200 people",
        [
            ("427", "count", exact(427)),
            ("more than 1,200", "count", Quantity(1200, None, "more_than")),
        ],
    ),
    (
        "about fifty percent of the population have been displaced",
        [("about fifty percent", "share", share(0.5, "about"))],
    ),
    (
        "Ninety percent of women and children, equivalent to about seventy to 75 thousand people",
        [
            ("Ninety percent", "share", share(0.9)),
            ("about seventy to 75 thousand", "count", Quantity(70_000, 75_000, "range")),
        ],
    ),
    (
        "another 54 military casualties ... This brings the death toll in the Armenian "
        "stronghold to 158 soldiers",
        [("54", "count", exact(54)), ("158", "count", exact(158))],
    ),
    (
        "The Nagorno-Karabakh region covers an area of 4,400 square kilometres and is 50 "
        "kilometres from the Armenian border",
        [
            ("4,400 square kilometres", "measure", exact(4400)),
            ("50 kilometres", "measure", exact(50)),
        ],
    ),
    (
        "erupted on September 27, killing at least 23 people on the first day",
        [
            ("September 27", "date", NO_VALUE),
            ("at least 23", "count", Quantity(23, None, "at_least")),
            ("first", "ordinal", exact(1)),
        ],
    ),
    (
        "the 1990s war that killed 30,000 people",
        [
            ("1990s", "decade", Quantity(1990, 1999, "range")),
            ("30,000", "count", exact(30_000)),
        ],
    ),
    (
        "Ganja, which has more than 330,000 people",
        [("more than 330,000", "count", Quantity(330_000, None, "more_than"))],
    ),
    (
        "the largest of which was in April 2016, which resulted in the killing of 110 people",
        [("April 2016", "date", NO_VALUE), ("110", "count", exact(110))],
    ),
    (
        "Dozens of civilians have been killed",
        [("Dozens", "count", Quantity(12, None, "vague"))],
    ),
    (
        "claimed the lives of nearly 400 people, including dozens of civilians",
        [
            ("nearly 400", "count", Quantity(400, 400, "nearly")),
            ("dozens", "count", Quantity(12, None, "vague")),
        ],
    ),
    ("Saturday (3/10/2020)", [("3/10/2020", "date", NO_VALUE)]),
    ("a 19-year-old woman", [("19-year-old", "age", exact(19))]),
    ("around 1:30 a.m.", [("around 1:30 a.m.", "time", Quantity(1.5, 1.5, "about"))]),
    (
        "Negotiations to resolve the dispute have made little progress since 1994.",
        [("1994", "year", exact(1994))],
    ),
    (
        "talks have largely stalled since the 1994 ceasefire agreement.",
        [("1994", "year", exact(1994))],
    ),
    (
        "Nagorno-Karabakh broke away from Azerbaijan during the 1990s war that killed "
        "30,000 people",
        [
            ("1990s", "decade", Quantity(1990, 1999, "range")),
            ("30,000", "count", exact(30_000)),
        ],
    ),
    (
        "It’s the first diplomatic contact since fighting erupted on September 27, killing "
        "hundreds of people and displacing thousands.",
        [
            ("first", "ordinal", exact(1)),
            ("September 27", "date", NO_VALUE),
            ("hundreds", "count", Quantity(100, None, "vague")),
            ("thousands", "count", Quantity(1000, None, "vague")),
        ],
    ),
    (
        "Karabakh province, which is inhabited by about 140 thousand people",
        [("about 140 thousand", "count", Quantity(140_000, 140_000, "about"))],
    ),
    (
        "08th Oct, 2020. 09:45 pm",
        [("08th Oct, 2020", "date", NO_VALUE), ("09:45 pm", "time", exact(21.75))],
    ),
    (
        "The fighting erupted in one of the most frozen conflicts, during the global "
        "outbreak of COVID-19.",
        [],
    ),
]


@pytest.mark.parametrize(("text", "expected"), CORPUS)
def test_corpus_sentences(text: str, expected: list[tuple[str, str, Quantity]]) -> None:
    assert found(text) == expected


# -- reading one number -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200", 1200),
        ("330,000", 330_000),
        ("4,400", 4400),
        ("75,000", 75_000),
        ("1.5", 1.5),
        ("330,000.5", 330_000.5),
        ("140 thousand", 140_000),
        ("1.2 million", 1_200_000),
        ("4.35 million", 4_350_000),
        ("75k", 75_000),
        ("1.5bn", 1_500_000_000),
        ("seventy", 70),
        ("fifty", 50),
        ("Ninety", 90),
        ("twenty-five", 25),
        ("twenty five", 25),
        ("three hundred and fifty", 350),
        ("a dozen", 12),
        ("two dozen", 24),
        ("a hundred", 100),
        ("a million", 1_000_000),
        ("seventy thousand", 70_000),
        ("two million five hundred thousand", 2_500_000),
        ("two thousand and five", 2005),
        ("nineteen hundred", 1900),
        ("two and a half million", 2_500_000),
        ("zero", 0),
        ("  42 ", 42),
    ],
)
def test_parse_number(text: str, value: float) -> None:
    assert parse_number(text) == value


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "people",
        "sixth",
        "27th",
        "12 people",
        "fifty percent",
        "dozens",
        "five twenty",
        "ten and twenty",
        "hundred and",
        "a",
        "one two",
        "1,2",
        "50m",
        "12345678901234567890",
    ],
)
def test_parse_number_refuses(text: str) -> None:
    assert parse_number(text) is None


# -- bounds and qualifiers ----------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "quantity"),
    [
        ("300 soldiers", "300", exact(300)),
        ("about 300 soldiers", "about 300", Quantity(300, 300, "about")),
        ("around 300 soldiers", "around 300", Quantity(300, 300, "about")),
        ("approximately 300 soldiers", "approximately 300", Quantity(300, 300, "about")),
        ("roughly 300 soldiers", "roughly 300", Quantity(300, 300, "about")),
        ("some 300 soldiers", "some 300", Quantity(300, 300, "about")),
        ("an estimated 300 soldiers", "an estimated 300", Quantity(300, 300, "about")),
        ("estimated 300 soldiers", "estimated 300", Quantity(300, 300, "about")),
        ("300 or so soldiers", "300 or so", Quantity(300, 300, "about")),
        ("sixty-odd soldiers", "sixty-odd", Quantity(60, 60, "about")),
        ("nearly 300 soldiers", "nearly 300", Quantity(300, 300, "nearly")),
        ("almost 300 soldiers", "almost 300", Quantity(300, 300, "nearly")),
        ("close to 300 soldiers", "close to 300", Quantity(300, 300, "nearly")),
        ("just under 300 soldiers", "just under 300", Quantity(300, 300, "nearly")),
        ("more than 300 soldiers", "more than 300", Quantity(300, None, "more_than")),
        ("More than 300 soldiers", "More than 300", Quantity(300, None, "more_than")),
        ("over 300 soldiers", "over 300", Quantity(300, None, "more_than")),
        ("upwards of 300 soldiers", "upwards of 300", Quantity(300, None, "more_than")),
        ("in excess of 300 soldiers", "in excess of 300", Quantity(300, None, "more_than")),
        ("at least 300 soldiers", "at least 300", Quantity(300, None, "at_least")),
        ("no fewer than 300 soldiers", "no fewer than 300", Quantity(300, None, "at_least")),
        ("a minimum of 300 soldiers", "a minimum of 300", Quantity(300, None, "at_least")),
        ("300 or more soldiers", "300 or more", Quantity(300, None, "at_least")),
        ("50+ soldiers", "50+", Quantity(50, None, "at_least")),
        ("at most 300 soldiers", "at most 300", Quantity(None, 300, "at_most")),
        ("no more than 300 soldiers", "no more than 300", Quantity(None, 300, "at_most")),
        ("fewer than 300 soldiers", "fewer than 300", Quantity(None, 300, "at_most")),
        ("less than 300 soldiers", "less than 300", Quantity(None, 300, "at_most")),
        ("up to 300 soldiers", "up to 300", Quantity(None, 300, "up_to")),
        ("as many as 300 soldiers", "as many as 300", Quantity(None, 300, "up_to")),
        ("70 to 75 people", "70 to 75", Quantity(70, 75, "range")),
        ("between 10 and 20 people", "between 10 and 20", Quantity(10, 20, "range")),
        ("10-20 people", "10-20", Quantity(10, 20, "range")),
        ("10–20 people", "10–20", Quantity(10, 20, "range")),
        ("10 – 20 people", "10 – 20", Quantity(10, 20, "range")),
        ("from 10 to 20 people", "from 10 to 20", Quantity(10, 20, "range")),
        ("two or three people", "two or three", Quantity(2, 3, "range")),
        (
            "seventy to 75 thousand people",
            "seventy to 75 thousand",
            Quantity(70_000, 75_000, "range"),
        ),
        (
            "between 2,000 and 3,000 people",
            "between 2,000 and 3,000",
            Quantity(2000, 3000, "range"),
        ),
        ("1.2 to 1.5 million people", "1.2 to 1.5 million", Quantity(1.2e6, 1.5e6, "range")),
        ("500 to 2 million people", "500 to 2 million", Quantity(500, 2e6, "range")),
        ("about 2 1/2 miles", "about 2 1/2 miles", Quantity(2.5, 2.5, "about")),
        ("half a million people", "half a million", exact(500_000)),
        ("nearly half a million people", "nearly half a million", Quantity(5e5, 5e5, "nearly")),
        ("one and a half million people", "one and a half million", exact(1_500_000)),
        ("a dozen people", "a dozen", exact(12)),
        ("more than a dozen shots", "more than a dozen", Quantity(12, None, "more_than")),
        ("three hundred and fifty people", "three hundred and fifty", exact(350)),
    ],
)
def test_bounds_are_what_the_words_commit_to(text: str, span: str, quantity: Quantity) -> None:
    match = the(text, span)
    assert match.quantity == quantity
    assert match.kind in {"count", "measure"}


def test_a_change_is_two_numbers_not_a_range() -> None:
    assert found("the toll rose from 300 to 400") == [
        ("300", "count", exact(300)),
        ("400", "count", exact(400)),
    ]


def test_a_falling_pair_is_no_range() -> None:
    assert [m.text for m in find_numbers("from 20 to 10 people")] == ["20", "10"]


def test_between_without_and_is_no_qualifier() -> None:
    assert found("fighting between 2 sides") == [("2", "count", exact(2))]


# -- vague quantities ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "acled", "plain"),
    [
        ("dozens of civilians", "dozens", (12, None), (24, 99)),
        ("tens of civilians", "tens", (10, None), (20, 99)),
        ("hundreds of civilians", "hundreds", (100, None), (200, 999)),
        ("thousands of civilians", "thousands", (1000, None), (2000, 9999)),
        ("tens of thousands of people", "tens of thousands", (10_000, None), (20_000, 99_999)),
        (
            "hundreds of thousands of people",
            "hundreds of thousands",
            (100_000, None),
            (200_000, 999_999),
        ),
        ("millions of people", "millions", (1_000_000, None), (2_000_000, 9_999_999)),
        ("scores of civilians", "scores", (20, None), (40, 199)),
        ("several civilians", "several", (3, None), (3, 9)),
        ("a few civilians", "a few", (3, None), (3, 5)),
        ("a handful of civilians", "a handful", (3, None), (3, 9)),
        ("a couple of civilians", "a couple", (2, None), (2, 3)),
        ("many civilians", "many", (10, None), (10, None)),
        ("several hundred civilians", "several hundred", (300, None), (300, 900)),
        ("a few thousand civilians", "a few thousand", (3000, None), (3000, 5000)),
    ],
)
def test_vague_quantities_follow_the_convention(
    text: str,
    span: str,
    acled: tuple[float, float | None],
    plain: tuple[float, float | None],
) -> None:
    assert the(text, span).quantity == Quantity(*acled, "vague")
    assert the(text, span, convention="range").quantity == Quantity(*plain, "vague")
    assert the(text, span).kind == "count"


def test_acled_is_the_default_and_codes_only_lower_bounds() -> None:
    assert find_numbers("dozens") == find_numbers("dozens", convention="acled")
    assert all(high is None for _, high in VAGUE_CONVENTIONS["acled"].values())
    assert VAGUE_CONVENTIONS["acled"]["dozens"] == (12, None)
    assert VAGUE_CONVENTIONS["acled"]["tens"] == (10, None)
    assert VAGUE_CONVENTIONS["acled"]["hundreds"] == (100, None)


def test_conventions_cover_the_same_words() -> None:
    assert set(VAGUE_CONVENTIONS["acled"]) == set(VAGUE_CONVENTIONS["range"])
    for low, high in VAGUE_CONVENTIONS["range"].values():
        assert high is None or low <= high


def test_unknown_convention_names_the_known_ones() -> None:
    with pytest.raises(ValueError, match="acled, range"):
        find_numbers("dozens", convention="ucdp")
    with pytest.raises(ValueError, match="ucdp"):
        find_numbers("", convention="ucdp")


@pytest.mark.parametrize(
    "text",
    [
        "how many people died?",
        "the team scores again",
        "tens digit",
    ],
)
def test_words_that_are_not_vague_counts(text: str) -> None:
    assert found(text) == []


# -- shares -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "span", "quantity"),
    [
        ("half of the population", "half", share(0.5)),
        ("half the population", "half", share(0.5)),
        ("more than half were women", "more than half", share(0.5, "more_than")),
        ("nearly half of them", "nearly half", share(0.5, "nearly")),
        ("a third of the residents", "a third", share(1 / 3)),
        ("one third of the residents", "one third", share(1 / 3)),
        ("two-thirds of voters", "two-thirds", share(2 / 3)),
        ("three quarters of the city", "three quarters", share(0.75)),
        ("a quarter of the city", "a quarter", share(0.25)),
        ("about fifty percent of the population", "about fifty percent", share(0.5, "about")),
        ("fifty percent", "fifty percent", share(0.5)),
        ("90 per cent of women", "90 per cent", share(0.9)),
        ("90 percent of women", "90 percent", share(0.9)),
        ("90% of women", "90%", share(0.9)),
        ("about 90 % of women", "about 90 %", share(0.9, "about")),
        ("at least 12.5% of homes", "at least 12.5%", share(0.125, "at_least")),
        ("10-20% of homes", "10-20%", share(0.1, "range")),
    ],
)
def test_shares(text: str, span: str, quantity: Quantity) -> None:
    match = the(text, span)
    assert (match.kind, match.quantity) == ("share", quantity)


@pytest.mark.parametrize(
    "text",
    ["half an hour later", "in the second half of the match", "in half", "a third time"],
)
def test_halves_and_thirds_that_are_no_shares(text: str) -> None:
    assert [m.kind for m in find_numbers(text)] in ([], ["ordinal"])


def test_percentage_points_are_a_measure() -> None:
    match = the("up 5 percentage points", "5 percentage points")
    assert (match.kind, match.quantity) == ("measure", exact(5))


# -- numbers that are not counts ----------------------------------------------

NOT_COUNTS = [
    # years
    ("in 2016 the war resumed", "2016", "year", exact(2016)),
    ("since 1994", "1994", "year", exact(1994)),
    ("the 2020 war", "2020", "year", exact(2020)),
    ("In 2020 people died", "2020", "year", exact(2020)),
    ("from 1988 to 1994", "from 1988 to 1994", "year", Quantity(1988, 1994, "range")),
    ("the 2020-21 season", "2020-21", "year", Quantity(2020, 2021, "range")),
    ("the 1992-1994 war", "1992-1994", "year", Quantity(1992, 1994, "range")),
    # decades
    ("the 1990s", "1990s", "decade", Quantity(1990, 1999, "range")),
    ("in the mid-1990s", "1990s", "decade", Quantity(1990, 1999, "range")),
    ("the '90s", "'90s", "decade", Quantity(1990, 1999, "range")),
    ("the 1800s", "1800s", "decade", Quantity(1800, 1899, "range")),
    # dates
    ("on September 27", "September 27", "date", NO_VALUE),
    ("on 27 September", "27 September", "date", NO_VALUE),
    ("on 27 September 2020", "27 September 2020", "date", NO_VALUE),
    ("on Sept. 27, 2020", "Sept. 27, 2020", "date", NO_VALUE),
    ("the 27th of September", "27th of September", "date", NO_VALUE),
    ("October 27-28", "October 27-28", "date", NO_VALUE),
    ("Saturday (3/10/2020)", "3/10/2020", "date", NO_VALUE),
    ("on 03.10.2020", "03.10.2020", "date", NO_VALUE),
    ("published 2020-10-08", "2020-10-08", "date", NO_VALUE),
    ("published 2020-10-08T21:45", "2020-10-08T21:45", "date", NO_VALUE),
    ("in April 2016", "April 2016", "date", NO_VALUE),
    # times
    ("at 9:45 pm", "9:45 pm", "time", exact(21.75)),
    ("around 1:30 a.m.", "around 1:30 a.m.", "time", Quantity(1.5, 1.5, "about")),
    ("at 3 a.m.", "3 a.m.", "time", exact(3)),
    ("at 12 am", "12 am", "time", exact(0)),
    ("at 12 PM", "12 PM", "time", exact(12)),
    ("at 2300 GMT", "2300 GMT", "time", exact(23)),
    ("at 9 o'clock", "9 o'clock", "time", exact(9)),
    # ages
    ("a 19-year-old woman", "19-year-old", "age", exact(19)),
    ("a 45-year-old man", "45-year-old", "age", exact(45)),
    ("a five-year-old boy", "five-year-old", "age", exact(5)),
    ("a one year old girl", "one year old", "age", exact(1)),
    ("Twenty-five-year-old Maurice Carter", "Twenty-five-year-old", "age", exact(25)),
    ("he was 45 years old", "45 years old", "age", exact(45)),
    ("a man aged 45", "aged 45", "age", exact(45)),
    ("at age 45", "age 45", "age", exact(45)),
    ("John Smith (45) died", "45", "age", exact(45)),
    ("Willie Lay, 69, who manages the club", "69", "age", exact(69)),
    ("Faron Riley, 36, of Trenton", "36", "age", exact(36)),
    ("a man in his 40s", "40s", "age", Quantity(40, 49, "range")),
    ("in her mid-40s", "40s", "age", Quantity(40, 49, "range")),
    # ordinals
    ("the sixth day", "sixth", "ordinal", exact(6)),
    ("the first day", "first", "ordinal", exact(1)),
    ("the 27th day", "27th", "ordinal", exact(27)),
    ("the 3rd brigade", "3rd", "ordinal", exact(3)),
    ("the twenty-first century", "twenty-first", "ordinal", exact(21)),
    ("the Twentieth Century", "Twentieth", "ordinal", exact(20)),
    # measures
    ("4,400 square kilometres", "4,400 square kilometres", "measure", exact(4400)),
    ("50 km away", "50 km", "measure", exact(50)),
    ("50km away", "50km", "measure", exact(50)),
    ("50 kilometers away", "50 kilometers", "measure", exact(50)),
    ("10 miles away", "10 miles", "measure", exact(10)),
    ("a 30-metre wall", "30-metre", "measure", exact(30)),
    ("5 kg of explosives", "5 kg", "measure", exact(5)),
    ("20 tons of aid", "20 tons", "measure", exact(20)),
    ("20 tonnes of aid", "20 tonnes", "measure", exact(20)),
    ("300 hectares", "300 hectares", "measure", exact(300)),
    ("300 acres", "300 acres", "measure", exact(300)),
    ("155mm shells", "155mm", "measure", exact(155)),
    ("35 degrees", "35 degrees", "measure", exact(35)),
    ("35°C", "35°C", "measure", exact(35)),
    ("over 2 days", "over 2 days", "measure", Quantity(2, None, "more_than")),
    ("the 44-day war", "44-day", "measure", exact(44)),
    ("a 72-hour ceasefire", "72-hour", "measure", exact(72)),
    ("12 years in prison", "12 years", "measure", exact(12)),
    ("two-and-a-half years", "two-and-a-half years", "measure", exact(2.5)),
    ("a 4-storey building", "4-storey", "measure", exact(4)),
    ("a 60m hurdles race", "60m", "measure", exact(60)),
    # money
    ("$5", "$5", "money", exact(5)),
    ("$5 million", "$5 million", "money", exact(5e6)),
    ("$5m", "$5m", "money", exact(5e6)),
    ("US$5bn", "US$5bn", "money", exact(5e9)),
    ("5 million dollars", "5 million dollars", "money", exact(5e6)),
    ("€3", "€3", "money", exact(3)),
    ("£3.5m", "£3.5m", "money", exact(3.5e6)),
    ("USD 5", "USD 5", "money", exact(5)),
    ("100 manat", "100 manat", "money", exact(100)),
    ("2bn rubles", "2bn rubles", "money", exact(2e9)),
    ("500 roubles", "500 roubles", "money", exact(500)),
    ("more than $5 million", "more than $5 million", "money", Quantity(5e6, None, "more_than")),
    ("$5-10 million", "$5-10 million", "money", Quantity(5e6, 1e7, "range")),
    # addresses and telephone numbers
    ("1910 South Pine Avenue", "1910", "address", exact(1910)),
    ("the 16400 block of Fairmont", "16400", "address", exact(16400)),
    ("6740 N. Clark St.", "6740", "address", exact(6740)),
    ("123 Main Street", "123", "address", exact(123)),
    ("call (555) 123-4567", "(555) 123-4567", "address", NO_VALUE),
    ("call 503-823-3333", "503-823-3333", "address", NO_VALUE),
    # labels
    ("Resolution 822", "822", "label", exact(822)),
    ("Flight 752", "752", "label", exact(752)),
    ("Route 66", "66", "label", exact(66)),
    ("No. 5", "5", "label", exact(5)),
    ("Article 5", "5", "label", exact(5)),
    ("#5", "5", "label", exact(5)),
    ("as reported.[16]", "16", "label", exact(16)),
]


@pytest.mark.parametrize(("text", "span", "kind", "quantity"), NOT_COUNTS)
def test_numbers_that_are_not_counts(text: str, span: str, kind: str, quantity: Quantity) -> None:
    match = the(text, span)
    assert (match.kind, match.quantity) == (kind, quantity)


def test_a_list_after_a_label_is_labels() -> None:
    text = "UN Security Council resolutions 822, 853, 874 and 884"
    assert [(m.text, m.kind) for m in find_numbers(text)] == [
        ("822", "label"),
        ("853", "label"),
        ("874", "label"),
        ("884", "label"),
    ]


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("2000 people fled", "2000"),
        ("2000 Armenian soldiers", "2000"),
        ("more than 2000 homes", "more than 2000"),
        ("about 1994 residents", "about 1994"),
        ("2,000 people", "2,000"),
        ("a 300-strong force", "300"),
        ("between 1,500 and 2,000 people", "between 1,500 and 2,000"),
    ],
)
def test_four_digits_before_a_count_noun_or_after_a_qualifier_count(text: str, span: str) -> None:
    assert the(text, span).kind == "count"


def test_a_year_and_a_count_make_no_range() -> None:
    text = "sales fell from 36,185 in 2003 to 28,041"
    assert [(m.text, m.kind) for m in find_numbers(text)] == [
        ("36,185", "count"),
        ("2003", "year"),
        ("28,041", "count"),
    ]


# -- "one" and things that only look like numbers -----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "no one was hurt",
        "No-one was hurt",
        "one of the soldiers",
        "one another",
        "one last chance",
        "this one",
        "someone, everyone, anyone",
        "COVID-19",
        "F-16 jets",
        "Su-25 and S-300",
        "the G20 summit",
        "4G networks",
        "open 24/7",
        "3D maps",
        "an Airbus A320",
        "the P5+1 group",
        "serial 12345678901234567890",
    ],
)
def test_not_numbers(text: str) -> None:
    assert found(text) == []


@pytest.mark.parametrize(
    ("text", "span"),
    [("killing one person", "one"), ("One man was killed", "One"), ("only one shot", "one")],
)
def test_one_before_a_noun_is_a_count(text: str, span: str) -> None:
    assert the(text, span).quantity == exact(1)
    assert the(text, span).kind == "count"


# -- offsets and ranges -------------------------------------------------------


def test_offsets_are_absolute_within_a_range() -> None:
    text = "Intro. Officials said 427 homes and 1,200 people. Later: 3 more."
    start = text.index("Officials")
    end = text.index("Later")
    matches = find_numbers(text, start, end)
    assert [(m.start, m.end, m.text) for m in matches] == [
        (text.index("427"), text.index("427") + 3, "427"),
        (text.index("1,200"), text.index("1,200") + 5, "1,200"),
    ]


def test_a_range_cuts_context_and_spans() -> None:
    text = "more than 300 soldiers"
    match = find_numbers(text, text.index("300"))[0]
    assert (match.text, match.quantity) == ("300", exact(300))
    cut = found(text, end=text.index("300") + 2)
    assert cut == [("more than 30", "count", Quantity(30, None, "more_than"))]


@pytest.mark.parametrize(("start", "end"), [(-5, None), (10, 3), (0, 10_000), (50, 60)])
def test_ranges_are_clamped(start: int, end: int | None) -> None:
    text = "about 300 soldiers"
    for match in find_numbers(text, start, end):
        assert 0 <= match.start <= match.end <= len(text)


def test_number_match_checks_its_offsets_and_kind() -> None:
    with pytest.raises(ValueError, match="invalid"):
        NumberMatch(5, 3, exact(1), "count", "")
    with pytest.raises(ValueError, match="invalid"):
        NumberMatch(0, 1, exact(1), "banana", "1")


def test_docstring_examples() -> None:
    results = doctest.testmod(numbers, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert results.attempted > 0
    assert results.failed == 0


# -- properties ---------------------------------------------------------------

ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]
TEENS = ["ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen"]
TEENS += ["seventeen", "eighteen", "nineteen"]
TENS = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def spell(n: int, conjunction: bool = False) -> str:
    """``n`` (0 to 999,999) in English words, with "and" after hundreds if ``conjunction``."""
    if n == 0:
        return "zero"

    def below_thousand(k: int) -> list[str]:
        words: list[str] = []
        hundreds, rest = divmod(k, 100)
        if hundreds:
            words += [ONES[hundreds], "hundred"]
            if rest and conjunction:
                words.append("and")
        if rest >= 20:
            tens, ones = divmod(rest, 10)
            words.append(TENS[tens - 2] + (f"-{ONES[ones]}" if ones else ""))
        elif rest >= 10:
            words.append(TEENS[rest - 10])
        elif rest:
            words.append(ONES[rest])
        return words

    thousands, rest = divmod(n, 1000)
    words = [*below_thousand(thousands), "thousand"] if thousands else []
    return " ".join(words + below_thousand(rest))


def test_spell_helper() -> None:
    assert spell(0) == "zero"
    assert spell(25) == "twenty-five"
    assert spell(350, conjunction=True) == "three hundred and fifty"
    assert spell(999_999) == "nine hundred ninety-nine thousand nine hundred ninety-nine"


@given(st.integers(min_value=0, max_value=999_999), st.booleans())
def test_spelled_numbers_parse_back(n: int, conjunction: bool) -> None:
    words = spell(n, conjunction)
    assert parse_number(words) == n
    assert parse_number(words.capitalize()) == n
    match = find_numbers(f"{words} people")[0]
    assert (match.text, match.kind, match.quantity) == (words, "count", exact(n))


# Fifteen digits at most: a longer run of digits is an id, not a number.
@given(st.integers(min_value=0, max_value=10**15 - 1))
def test_digits_round_trip(n: int) -> None:
    assert parse_number(str(n)) == n
    assert parse_number(format(n, ",")) == n


@given(st.integers(min_value=1000, max_value=10**15 - 1))
def test_separated_counts_are_counts(n: int) -> None:
    text = f"officials said {n:,} people fled"
    match = the(text, f"{n:,}")
    assert (match.kind, match.quantity) == ("count", exact(n))


# Text that is dense in the things find_numbers reads.
TOKEN_TEXT = """
    0 1 7 12 19 45 300 1,200 1.5 2016 1990s 3/10/2020 2020-10-08 9:45 27th
    $ € % - – + ( ) , . / : ' ’ [ ]
    one two twenty-five hundred thousand million a an and to or of the half third
    dozens several many few tens scores more than about nearly at least up between
    from per cent percent km square year-old aged p.m. a.m. September May block
    Street no No. Resolution people soldiers rose first sixth
"""
TOKENS = TOKEN_TEXT.split()
NEWSY = st.lists(st.sampled_from(TOKENS) | st.text(max_size=4), max_size=40).map(" ".join)
GLUED = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)


def check_matches(text: str, matches: list[NumberMatch], start: int, stop: int) -> None:
    previous_end = start
    for match in matches:
        assert previous_end <= match.start <= match.end <= stop
        assert text[match.start : match.end] == match.text
        assert match.kind in KINDS
        low, high = match.quantity.low, match.quantity.high
        if low is not None and high is not None:
            assert low <= high
        if match.kind == "share":
            assert match.quantity.share is not None
        previous_end = match.end


@settings(max_examples=400, deadline=None)
@given(st.text() | NEWSY | GLUED, st.sampled_from(sorted(VAGUE_CONVENTIONS)))
def test_find_numbers_is_well_behaved(text: str, convention: str) -> None:
    matches = find_numbers(text, convention=convention)
    check_matches(text, matches, 0, len(text))
    assert find_numbers(text, convention=convention) == matches


@settings(max_examples=200, deadline=None)
@given(NEWSY, st.integers(min_value=0, max_value=200), st.integers(min_value=0, max_value=200))
def test_matches_stay_inside_the_range(text: str, start: int, end: int) -> None:
    start, end = min(start, len(text)), min(max(start, end), len(text))
    check_matches(text, find_numbers(text, start, end), start, end)
