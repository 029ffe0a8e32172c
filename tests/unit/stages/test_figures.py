"""The figure extractor: what it counts, of what kind, and where the text says it.

Articles are built by hand, their mentions too where a rule needs a name (no
spaCy): each test states a sentence the way news writes it and the figure a
reader takes from it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, Figure, Mention, Span
from newsfuse.stages.analyse.figures import FigureExtractor, extract_figures

PUBLISHED = "2016-05-08"


def article(text: str, mentions: Iterable[tuple[str, str]] = (), **changes: object) -> Article:
    """An article whose clean text is ``text``; ``mentions`` are (surface, type) pairs,
    each placed at its first occurrence."""
    placed = []
    for surface, kind in mentions:
        start = text.index(surface)
        placed.append(
            Mention(Span("a", start, start + len(surface)), surface, kind, label=kind.upper())
        )
    fields: dict[str, object] = {"published": PUBLISHED, **changes}
    return Article(
        id="a",
        path="a.txt",
        raw_text=text,
        text=text,
        mentions=tuple(placed),
        **fields,  # type: ignore[arg-type]
    )


def figures(text: str, mentions: Iterable[tuple[str, str]] = ()) -> list[Figure]:
    return list(extract_figures(article(text, mentions)))


def read(text: str, mentions: Iterable[tuple[str, str]] = ()) -> set[tuple[str, str, float | None]]:
    """(kind, words, value) of each figure."""
    return {(f.kind, f.text, f.low) for f in figures(text, mentions)}


# -- numbers with a casualty word -------------------------------------------------


def test_a_trigger_in_the_numbers_own_clause_wins() -> None:
    text = "One person is dead and four others were injured after a shooting on Sunday."
    assert read(text) == {("killed", "One person", 1.0), ("injured", "four", 4.0)}


def test_a_population_is_stated_before_its_size() -> None:
    assert read("Ganja, which has more than 330,000 people, was shelled.") == {
        ("population", "more than 330,000 people", 330000.0)
    }
    # After the count it is an apposition: the count is of people displaced.
    assert read("More than 150 people, the whole population of the village, were displaced.") == {
        ("displaced", "More than 150 people", 150.0)
    }
    # However long the apposition, the predicate says what happened to them.
    long = (
        "More than 150 people, the whole population of a small riverside village in the "
        "western hills (near the provincial border), were displaced on 11 February."
    )
    assert read(long) == {("displaced", "More than 150 people", 150.0)}


def test_people_named_together_are_counted_together() -> None:
    people = [("Lamont Jones", "person"), ("Mario King", "person")]
    assert read("Lamont Jones, 33, and Mario King, 26, were killed at a car wash.", people) == {
        ("killed", "Lamont Jones, 33, and Mario King", 2.0)
    }
    assert read("Lamont Jones and Mario King were killed on Sunday.", people) == {
        ("killed", "Lamont Jones and Mario King", 2.0)
    }


def test_a_subject_takes_the_kind_of_its_own_predicate() -> None:
    text = "Four people were struck, including the boy killed on Elm Street."
    assert {f.kind for f in figures(text) if f.text == "Four people"} == set()
    assert read("Five people were taken to hospital where one died.") >= {("killed", "one", 1.0)}


def test_number_words_and_digits_both_count() -> None:
    assert read("Two men were killed and 3 were wounded.") == {
        ("killed", "Two men", 2.0),
        ("injured", "3", 3.0),
    }


def test_people_shot_are_a_kind_of_their_own() -> None:
    # Seven hit by gunfire, one of whom died: shot 7, killed 1, so 6 injured.
    assert read("Seven people were shot, one fatally.") == {
        ("shot", "Seven people", 7.0),
        ("killed", "one", 1.0),
    }
    assert read("Four people were shot and wounded outside a bar.") == {
        ("injured", "Four people", 4.0)
    }
    assert read("Three people were shot and killed.") == {("killed", "Three people", 3.0)}


def test_shot_down_and_shot_at_hit_nobody() -> None:
    assert read("Two drones were shot down over the city.") == set()
    assert read("A man was shot at but not hit.") == set()


# -- casualties without a number ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "words"),
    [
        ("A man was shot and killed Sunday night in Memphis.", "killed", "A man"),
        ("A 15-year-old was killed by an accidental discharge.", "killed", "A 15-year-old"),
        ("A toddler has died from an accidental shooting.", "killed", "A toddler"),
        ("The 44-year-old man was shot shortly after 8 a.m.", "shot", "The 44-year-old man"),
        ("He was pronounced dead at the scene.", "killed", "He"),
        ("A woman was wounded in the crossfire.", "injured", "A woman"),
        ("The gunman shot and killed a 23-year-old man.", "killed", "a 23-year-old man"),
        ("The bullet struck the boy, killing him.", "killed", "him"),
        ("The shooting left a man dead.", "killed", "a man"),
        ("A 20-year-old woman suffered a fatal gunshot wound.", "killed", "A 20-year-old woman"),
        (
            "Police are investigating the shooting death of a 12-year-old.",
            "killed",
            "a 12-year-old",
        ),
        (
            "A 16-year-old boy shot and killed late Friday was a student.",
            "killed",
            "A 16-year-old boy",
        ),
    ],
)
def test_a_single_casualty_is_a_figure_of_one(text: str, kind: str, words: str) -> None:
    found = [f for f in figures(text) if f.kind == kind]
    assert [(f.text, f.low, f.high, f.qualifier, f.subject) for f in found] == [
        (words, 1.0, 1.0, "exact", "people")
    ]


def test_a_named_victim_is_one() -> None:
    text = "Kevin Barbee, 15, was shot and killed in Hermitage on Tuesday."
    assert read(text, [("Kevin Barbee", "person")]) == {("killed", "Kevin Barbee", 1.0)}


def test_a_verb_before_a_name_counts_its_object() -> None:
    text = "A gunman opened fire, killing Lewis and wounding another man."
    assert read(text, [("Lewis", "person")]) == {
        ("killed", "Lewis", 1.0),
        ("injured", "another man", 1.0),
    }


def test_an_officer_counts_as_police() -> None:
    assert [f.subject for f in figures("A police officer was shot in the arm.")] == ["police"]


def test_a_casualty_and_a_later_death_of_the_same_person() -> None:
    found = read("Police said the man was shot and later died at the hospital.")
    assert found == {("shot", "the man", 1.0), ("killed", "the man", 1.0)}
    ids = [f.id for f in figures("Police said the man was shot and later died at the hospital.")]
    assert len(set(ids)) == len(ids)


@pytest.mark.parametrize(
    "text",
    [
        "The man could have been killed.",
        "No one was injured.",
        "Nobody was hurt in the crash.",
        "The boy was not injured.",
        "Doctors said it could have hit her in the heart and killed her.",
        "He is accused of trying to kill two officers.",
        "A man killed his neighbour's dog.",
    ],
)
def test_no_casualty_stated_as_fact_no_figure(text: str) -> None:
    assert [f for f in figures(text) if f.kind in {"killed", "injured", "shot"}] == []


def test_a_killer_is_no_casualty_of_his_own_killing() -> None:
    assert read("A man killed his wife on Sunday.") == {("killed", "his wife", 1.0)}


# -- totals ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "words", "value"),
    [
        ("Police said two women and one man were killed.", "two women and one man", 3.0),
        ("A man and two women were killed in the shooting.", "A man and two women", 3.0),
        ("A man and a woman were killed.", "A man and a woman", 2.0),
        ("He killed his wife and then himself.", "his wife and then himself", 2.0),
        (
            "The gunman killed two people before turning the gun on himself.",
            "two people before turning the gun on himself",
            3.0,
        ),
    ],
)
def test_coordinated_casualties_are_summed(text: str, words: str, value: float) -> None:
    assert read(text) == {("killed", words, value)}


def test_a_comma_alone_lists_no_total() -> None:
    assert read("Two people were killed, one in Chicago.") == {
        ("killed", "Two people", 2.0),
        ("killed", "one", 1.0),
    }


def test_a_suicide_alone_is_one_death() -> None:
    assert read("The gunman then killed himself.") == {("killed", "himself", 1.0)}
    assert read("An 8-year-old shot himself in the hand.") == {("shot", "himself", 1.0)}


@pytest.mark.parametrize(
    ("text", "mentions", "words", "value"),
    [
        (
            "He killed his two sons Friday morning before fatally shooting himself.",
            [],
            "two sons Friday morning before fatally shooting himself",
            3.0,
        ),
        (
            "Police say he shot and killed Jamie Salazar, 34, and 2-year-old Jordan Reeves.",
            [("Jamie Salazar", "person"), ("Jordan Reeves", "person")],
            "Jamie Salazar, 34, and 2-year-old Jordan Reeves",
            2.0,
        ),
    ],
)
def test_a_killers_victims_and_death_are_summed(
    text: str, mentions: list[tuple[str, str]], words: str, value: float
) -> None:
    assert ("killed", words, value) in read(text, mentions)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "A shooting at a park leaves one person dead, three others hurt.",
            {("killed", "one person", 1.0), ("injured", "three", 3.0)},
        ),
        ("Man fatally shot, four others injured during shooting.", {("injured", "four", 4.0)}),
        (
            "One victim was pronounced dead at the scene, and two others were taken to hospital.",
            {("killed", "One victim", 1.0)},
        ),
        # The trigger right before "others" is their own verb.
        ("Police said the shooting killed two others.", {("killed", "two", 2.0)}),
    ],
)
def test_others_are_counted_by_their_own_predicate(
    text: str, expected: set[tuple[str, str, float]]
) -> None:
    assert read(text) == expected


def test_one_of_several_counts_the_one() -> None:
    assert read("One of the six, a 24-year-old man, died from a head wound.") == set()
    assert read("Police say four of the five victims were shot to death.") == {
        ("killed", "four of the five victims", 4.0)
    }
    assert ("killed", "One of four women", 1.0) in read(
        "One of four women wounded in a late night shooting in Lexington has died."
    )


@pytest.mark.parametrize(
    ("text", "mentions", "words"),
    [
        (
            "A 9-year-old boy shot early Wednesday during a hunting accident has died.",
            [],
            "A 9-year-old boy",
        ),
        (
            "A female who was shot in a Gaston County park Monday afternoon died at the hospital.",
            [],
            "A female",
        ),
        (
            "Police had a hard time identifying Smith, who was pronounced dead at the hospital.",
            [("Smith", "person")],
            "Smith",
        ),
        (
            "Dominque Young, 21, of the 2500 block of Semple, was pronounced dead at the scene.",
            [("Dominque Young", "person")],
            "Dominque Young",
        ),
        (
            "A shooting on Thursday killed 24-year-old Alex DoSouto, according to police.",
            [("Alex DoSouto", "person")],
            "Alex DoSouto",
        ),
    ],
)
def test_a_death_told_after_a_long_subject(
    text: str, mentions: list[tuple[str, str]], words: str
) -> None:
    assert ("killed", words, 1.0) in read(text, mentions)


# -- numbers that count nothing ------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The victim, 16, was pronounced dead at the scene.",
        "Three other male victims, ages 24, 25 and 41, were wounded.",
        "He could be held until he turned 21 in the death of his friend.",
        "A neighbour called 911 after the shooting that killed a man.",
        "Anyone with information about the killing can call 822-1111.",
        "Faust pleaded guilty to seven counts of assault with intent to kill.",
        "Drivers impaired by alcohol kill thousands of people every year.",
        "Traffic deaths are the target of Vision Zero.",
        "The mother of the teenager told FOX 5 that her son was shot and killed.",
        "A man was charged with the shooting death of a mother of four on Friday.",
    ],
)
def test_ages_phones_counts_of_other_things_and_rates_are_no_figures(text: str) -> None:
    values = {f.low for f in figures(text)}
    assert values <= {1.0, 3.0}, figures(text)  # only "a man" / "Three other male victims"


def test_an_age_after_a_name_is_no_count() -> None:
    text = "Dennie Reeves, 66 and Ginger Reeves, 64 were found dead inside a home."
    values = {f.low for f in figures(text, [("Ginger Reeves", "person")])}
    assert 64.0 not in values


def test_houses_are_never_killed() -> None:
    assert read("Two houses were hit by shells, killing a man.") == {("killed", "a man", 1.0)}


# -- displacement ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "words", "value"),
    [
        (
            "About 19,000 people were registered as displaced in Ouham Pende.",
            "displaced",
            "About 19,000 people",
            19_000.0,
        ),
        (
            "About 38,000 conflict-related displacements were verified.",
            "displaced",
            "About 38,000",
            38_000.0,
        ),
        (
            "About 2,800 people took refuge in shelters after the floods.",
            "sheltered",
            "About 2,800 people",
            2_800.0,
        ),
        (
            "More than 5,000 homes were evacuated in Great Yarmouth.",
            "evacuated",
            "More than 5,000 homes",
            5_000.0,
        ),
        (
            "Nine hundred and twenty-one families were displaced.",
            "displaced",
            "Nine hundred and twenty-one families",
            921.0,
        ),
        (
            "More than 405,000 South Sudanese have fled to Uganda.",
            "displaced",
            "More than 405,000",
            405_000.0,
        ),
        ("Where more than 500 houses collapsed.", "destroyed", "more than 500 houses", 500.0),
    ],
)
def test_displacement_figures(text: str, kind: str, words: str, value: float) -> None:
    assert (kind, words, value) in read(text)


def test_families_are_households() -> None:
    (figure,) = figures("About 310 families were displaced by the fighting.")
    assert figure.subject == "households"


# -- sides -------------------------------------------------------------------------


def test_its_soldiers_are_the_side_named_before() -> None:
    text = "The Armenian side acknowledged that more than 300 of its soldiers had been killed."
    (figure,) = figures(text, [("Armenian", "group")])
    assert (figure.text, figure.side) == ("more than 300 of its soldiers", "Armenia")


def test_a_speaker_phrase_naming_a_city_speaks_for_its_country() -> None:
    text = "Authorities in Baku say 427 homes have been damaged."
    (figure,) = figures(text, [("Baku", "city")])
    assert (figure.speaker, figure.side) == ("Authorities in Baku", "Azerbaijan")


def test_journalists_are_no_sides_own() -> None:
    text = "Armenia said the shelling injured several journalists."
    (figure,) = figures(text, [("Armenia", "country")])
    assert (figure.text, figure.side) == ("several journalists", None)


# -- provenance and the stage ------------------------------------------------------------


def test_every_figure_points_at_its_words_and_sentence() -> None:
    text = (
        "Police said a man was shot and killed on Friday. Two women and a child were wounded, "
        "and 300 people fled their homes.\n\nThe gunman later killed himself."
    )
    found = figures(text)
    assert len(found) >= 4
    for figure in found:
        assert text[figure.span.start : figure.span.end] == figure.text
        assert figure.evidence.start <= figure.span.start <= figure.span.end <= figure.evidence.end
        # "on Friday" in a paper of Sunday 8 May is 6 May; the rest stand for the paper's day.
        friday = figure.evidence.start == 0
        assert figure.as_of == ("2016-05-06" if friday else PUBLISHED)
    assert len({f.id for f in found}) == len(found)


def test_the_stage_fills_figures() -> None:
    done = list(FigureExtractor()([article("A man was killed on Sunday.")]))
    assert [(f.kind, f.text) for f in done[0].figures] == [("killed", "A man")]


NEWSY = st.lists(
    st.sampled_from(
        [
            "a",
            "man",
            "woman",
            "the",
            "victim",
            "two",
            "people",
            "were",
            "was",
            "shot",
            "and",
            "killed",
            "injured",
            "wounded",
            "died",
            "dead",
            "himself",
            "his",
            "wife",
            "then",
            "one",
            "fatally",
            ",",
            ".",
            "300",
            "1,200",
            "about",
            "more than",
            "of",
            "its",
            "soldiers",
            "displaced",
            "fled",
            "homes",
            "damaged",
            "left",
            "him",
            "John Smith",
            "Armenia",
            "he",
            "said",
            "911",
            "16",
            "ages",
            "\n\n",
            "-",
            "(",
            ")",
            "families",
            "shelters",
            "every year",
            "could",
            "not",
            "both",
            "Sunday",
        ]
    ),
    max_size=40,
).map(" ".join)


@st.composite
def articles(draw: st.DrawFn) -> Article:
    text = draw(NEWSY | st.text(max_size=200))
    mentions = []
    for _ in range(draw(st.integers(min_value=0, max_value=4))):
        start = draw(st.integers(min_value=0, max_value=len(text)))
        end = draw(st.integers(min_value=start, max_value=min(len(text), start + 12)))
        kind = draw(st.sampled_from(["person", "country", "city", "group", "region"]))
        mentions.append(Mention(Span("a", start, end), text[start:end], kind))
    published = draw(st.sampled_from([None, PUBLISHED, "2020-10-08T09:45:00"]))
    return Article(
        id="a",
        path="a.txt",
        raw_text=text,
        text=text,
        published=published,
        mentions=tuple(mentions),
    )


@settings(max_examples=300, deadline=None)
@given(articles())
def test_figures_never_fail_and_always_point_into_the_text(item: Article) -> None:
    found = extract_figures(item)
    assert found == extract_figures(item)  # deterministic
    for figure in found:
        assert 0 <= figure.span.start <= figure.span.end <= len(item.text)
        assert item.text[figure.span.start : figure.span.end] == figure.text
        assert figure.evidence.start <= figure.span.start
        assert figure.span.end <= figure.evidence.end <= len(item.text)
    assert len({f.id for f in found}) == len(found)


def test_every_kind_is_known() -> None:
    from newsfuse.stages.analyse.figures import KINDS

    names = [kind for kind, _ in KINDS]
    assert len(names) == len(set(names))
    for _, pattern in KINDS:
        re.compile(pattern)
