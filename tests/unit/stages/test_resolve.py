"""Cross-document entity resolution on hand-built mentions (no spaCy).

The names are those machine translation garbled in the karabakh-2020 corpus:
Azerbaijan's foreign minister Jeyhun Bayramov is "Jihon Permov" in one outlet.
"""

from __future__ import annotations

import random
from collections.abc import Iterable

import pytest

from newsfuse.model import Attribute, Entity, Mention, Span
from newsfuse.stages.analyse.resolve import EntityResolver

BAKU = "geonames:587084"
YEREVAN = "geonames:616052"
GANJA = "geonames:586523"
JACKSON_MS = "geonames:4431410"
AZ = "iso:AZ"
AM = "iso:AM"


def person(
    article: str,
    start: int,
    text: str,
    *,
    role: str | None = None,
    country: str | None = None,
    full_name: str | None = None,
) -> Mention:
    """A person mention; a role and country get evidence spans after the name."""
    end = start + len(text)
    attributes = []
    if role is not None:
        attributes.append(Attribute("role", role, Span(article, end + 2, end + 2 + len(role))))
    if country is not None:
        attributes.append(
            Attribute("country", country, Span(article, end + 30, end + 30 + len(country)))
        )
    return Mention(
        Span(article, start, end),
        text,
        "person",
        label="PERSON",
        full_name=full_name,
        attributes=tuple(attributes),
    )


def place(article: str, start: int, text: str, place_id: str | None, kind: str = "city") -> Mention:
    return Mention(Span(article, start, start + len(text)), text, kind, label="GPE", place=place_id)


def group(article: str, start: int, text: str) -> Mention:
    return Mention(Span(article, start, start + len(text)), text, "group", label="NORP")


def resolve(mentions: Iterable[Mention]) -> list[Entity]:
    return EntityResolver().fit(mentions).entities_


def holding(entities: list[Entity], article: str, start: int) -> Entity:
    """The one entity holding the mention at ``article``:``start``."""
    (found,) = [
        entity
        for entity in entities
        if any(m.span.article == article and m.span.start == start for m in entity.mentions)
    ]
    return found


def bayramov(article: str, start: int = 30, text: str = "Jeyhun Bayramov") -> Mention:
    return person(article, start, text, role="foreign minister", country="Azerbaijan")


# -- people ---------------------------------------------------------------------------


def test_a_garbled_spelling_with_the_same_role_and_country_merges() -> None:
    entities = resolve([bayramov("a"), bayramov("b", text="Jihon Permov")])

    (entity,) = entities
    assert entity.type == "person"
    assert set(entity.aliases) == {"Jeyhun Bayramov", "Jihon Permov"}
    assert entity.articles == ("a", "b")
    (merge,) = entity.merges
    assert {merge.left, merge.right} == {"Jeyhun Bayramov", "Jihon Permov"}
    assert "Jeyhun Bayramov" in merge.evidence
    assert "Jihon Permov" in merge.evidence
    assert "foreign minister" in merge.evidence
    assert "Azerbaijan" in merge.evidence
    assert 0 < merge.confidence < 1
    assert entity.confidence == merge.confidence


def test_every_mention_points_at_its_entity() -> None:
    entities = resolve(
        [bayramov("a"), bayramov("b", text="Jihon Permov"), place("a", 90, "Baku", BAKU)]
    )

    for entity in entities:
        assert entity.mentions
        assert all(mention.entity == entity.id for mention in entity.mentions)
    spans = [m.span for entity in entities for m in entity.mentions]
    assert len(spans) == len(set(spans)) == 3


def test_attributes_are_kept_with_their_evidence() -> None:
    (entity,) = resolve([bayramov("a"), bayramov("b", text="Jihon Permov")])

    keys = {(a.key, a.value, a.evidence.article) for a in entity.attributes}
    assert keys == {
        ("role", "foreign minister", "a"),
        ("country", "Azerbaijan", "a"),
        ("role", "foreign minister", "b"),
        ("country", "Azerbaijan", "b"),
    }


def test_foreign_ministers_of_different_countries_stay_apart() -> None:
    mnatsakanyan = person(
        "a", 100, "Zohrab Mnatsakanyan", role="foreign minister", country="Armenia"
    )
    entities = resolve([bayramov("a"), bayramov("b", text="Jihon Permov"), mnatsakanyan])

    assert len(entities) == 2
    assert holding(entities, "a", 100) is not holding(entities, "a", 30)
    assert holding(entities, "a", 100).name == "Zohrab Mnatsakanyan"


def test_garbled_spellings_of_two_ministers_each_join_their_own() -> None:
    entities = resolve(
        [
            bayramov("a"),
            bayramov("b", text="Jihon Permov"),
            person("a", 100, "Zohrab Mnatsakanyan", role="foreign minister", country="Armenia"),
            person("b", 100, "Zahrab Manatsakyanian", role="foreign minister", country="Armenia"),
        ]
    )

    assert len(entities) == 2
    assert holding(entities, "a", 30) is holding(entities, "b", 30)
    assert holding(entities, "a", 100) is holding(entities, "b", 100)


def test_people_who_serve_different_countries_never_merge_even_with_one_name() -> None:
    entities = resolve(
        [
            person("a", 10, "Ali Hasanov", country="Azerbaijan"),
            person("b", 10, "Ali Hasanov", country="Armenia"),
        ]
    )

    assert len(entities) == 2


def test_two_given_names_under_one_family_name_stay_apart() -> None:
    entities = resolve(
        [
            person("a", 10, "Ilham Aliyev", role="president"),
            person("a", 60, "Heydar Aliyev"),
            person("b", 10, "Ilham Aliyev"),
            person("c", 10, "Heydar Aliyev"),
        ]
    )

    assert len(entities) == 2
    ilham, heydar = holding(entities, "a", 10), holding(entities, "a", 60)
    assert ilham is not heydar
    assert ilham.name == "Ilham Aliyev"
    assert heydar.name == "Heydar Aliyev"
    assert holding(entities, "b", 10) is ilham
    assert holding(entities, "c", 10) is heydar


def test_a_bare_surname_joins_at_most_one_of_two_namesakes() -> None:
    entities = resolve(
        [
            person("a", 10, "Ilham Aliyev"),
            person("b", 10, "Heydar Aliyev"),
            person("c", 5, "Aliyev"),
        ]
    )

    ilham, heydar = holding(entities, "a", 10), holding(entities, "b", 10)
    assert ilham is not heydar
    bare = holding(entities, "c", 5)
    # Never both: the bare surname may join one of them or stay alone.
    assert {"Ilham Aliyev", "Heydar Aliyev"} - set(bare.aliases)
    assert sum("Aliyev" in entity.aliases for entity in entities) == 1


def test_a_short_form_resolved_in_its_article_joins_the_full_name() -> None:
    entities = resolve(
        [
            person("a", 10, "Vladimir Putin", role="president"),
            person("a", 80, "Putin", full_name="Vladimir Putin"),
            person("b", 10, "Vladimir Putin"),
        ]
    )

    (entity,) = entities
    assert entity.name == "Vladimir Putin"
    assert set(entity.aliases) == {"Putin", "Vladimir Putin"}
    assert len(entity.mentions) == 3


def test_a_person_never_merges_with_a_place_of_the_same_name() -> None:
    entities = resolve(
        [
            person("a", 10, "Jackson"),
            place("b", 10, "Jackson", JACKSON_MS),
            place("c", 10, "Jackson", None, kind="place"),
        ]
    )

    person_entity = holding(entities, "a", 10)
    assert person_entity.type == "person"
    assert person_entity.place is None
    assert len(person_entity.mentions) == 1
    for other in ("b", "c"):
        assert holding(entities, other, 10) is not person_entity


# -- places ---------------------------------------------------------------------------


def test_one_gazetteer_place_is_one_entity_across_surfaces_and_articles() -> None:
    entities = resolve(
        [
            place("a", 10, "Baku", BAKU),
            place("b", 20, "Baki", BAKU),
            place("c", 30, "Baku", BAKU),
            place("c", 90, "Yerevan", YEREVAN),
        ]
    )

    assert len(entities) == 2
    baku = holding(entities, "a", 10)
    assert holding(entities, "b", 20) is baku
    assert holding(entities, "c", 30) is baku
    assert set(baku.aliases) == {"Baku", "Baki"}
    assert baku.name == "Baku"
    assert baku.type == "city"
    assert baku.place is not None
    assert baku.place.id == BAKU
    assert baku.place.country_code == "AZ"
    assert baku.confidence == 1.0
    assert baku.merges == ()


def test_two_gazetteer_places_never_merge_even_when_named_alike() -> None:
    entities = resolve(
        [
            place("a", 10, "Ganja", GANJA),
            place("b", 10, "Ganja", "geonames:1"),
            place("c", 10, "Armenia", AM, kind="country"),
            place("d", 10, "Armenia", "iso:CO", kind="country"),
        ]
    )

    assert len(entities) == 4
    assert len({holding(entities, article, 10).id for article in "abcd"}) == 4


def test_a_place_without_a_gazetteer_entry_does_not_join_a_gazetteer_place() -> None:
    entities = resolve([place("a", 10, "Baku", BAKU), place("b", 10, "Baku", None, kind="place")])

    # An unlinked "Baku" may or may not join, but never takes another place's id.
    for entity in entities:
        places = {m.place for m in entity.mentions} - {None}
        assert len(places) <= 1


def test_pro_armenian_fighters_are_not_the_armenians() -> None:
    entities = resolve([group("a", 10, "pro-Armenian"), group("b", 10, "Armenian")])

    assert len(entities) == 2
    assert holding(entities, "a", 10) is not holding(entities, "b", 10)


# -- names and confidence -------------------------------------------------------------


def test_the_canonical_name_is_the_spelling_most_articles_use() -> None:
    entities = resolve([bayramov("a"), bayramov("b", text="Jihon Permov"), bayramov("c")])

    (entity,) = entities
    assert entity.name == "Jeyhun Bayramov"
    assert entity.articles == ("a", "b", "c")


def test_the_canonical_name_does_not_depend_on_alphabetical_order() -> None:
    # "Zahrab ..." sorts first, but only one article spells it so.
    mentions = [
        person("a", 10, "Zohrab Mnatsakanyan", country="Armenia"),
        person("b", 10, "Zahrab Manatsakyanian", country="Armenia"),
        person("c", 10, "Zohrab Mnatsakanyan", country="Armenia"),
    ]
    (entity,) = resolve(mentions)
    assert entity.name == "Zohrab Mnatsakanyan"


def test_the_canonical_name_is_the_full_form() -> None:
    (entity,) = resolve(
        [
            person("a", 10, "Bayramov", role="foreign minister", country="Azerbaijan"),
            person("b", 10, "Bayramov", role="foreign minister", country="Azerbaijan"),
            bayramov("c"),
        ]
    )
    assert entity.name == "Jeyhun Bayramov"


def test_a_one_to_one_disagreement_does_not_count_against_an_article() -> None:
    # Article "m" garbles two names that others corroborate, and spells a third
    # person ("Jihon Permov") unlike the one other article naming him. That
    # person says nothing about who spells well; the corroborated ones do.
    mentions = [
        bayramov("g", text="Jeyhun Bayramov"),
        bayramov("m", text="Jihon Permov"),
        person("m", 60, "Artak Bulgarian", country="Armenia"),
        person("x", 60, "Artak Beglaryan", country="Armenia"),
        person("y", 60, "Artak Beglaryan", country="Armenia"),
        person("g", 60, "Vladimir Putin"),
        person("x", 90, "Vladimir Putin"),
    ]

    entities = resolve(mentions)

    assert holding(entities, "m", 30).name == "Jeyhun Bayramov"


def organisation(article: str, start: int, text: str) -> Mention:
    return Mention(Span(article, start, start + len(text)), text, "organisation", label="ORG")


def test_an_acronym_joins_the_name_it_abbreviates() -> None:
    entities = resolve(
        [
            organisation("a", 0, "IRGC"),
            organisation("b", 0, "Islamic Revolutionary Guard Corps"),
            organisation("c", 0, "UNDP"),
            organisation("d", 0, "United Nations Development Programme"),
        ]
    )

    assert holding(entities, "a", 0) is holding(entities, "b", 0)
    merge = holding(entities, "a", 0).merges[0]
    assert "acronym" in merge.evidence
    assert holding(entities, "c", 0) is holding(entities, "d", 0)
    assert len(entities) == 2


def test_an_acronym_does_not_join_a_name_with_other_initials() -> None:
    entities = resolve([organisation("a", 0, "AFP"), organisation("b", 0, "Associated Press")])

    assert len(entities) == 2


def test_known_names_of_one_organisation_are_one_entity_under_its_usual_name() -> None:
    entities = resolve(
        [
            organisation("a", 0, "AFP"),
            organisation("b", 0, "French News Agency"),
            organisation("b", 40, "Agence France-Presse"),
            organisation("c", 0, "Reuters"),
            organisation("d", 0, "Thomson Reuters"),
            organisation("e", 0, "AP"),
        ]
    )

    afp = holding(entities, "a", 0)
    assert afp is holding(entities, "b", 0) is holding(entities, "b", 40)
    assert afp.name == "Agence France-Presse"
    assert holding(entities, "c", 0) is holding(entities, "d", 0)
    assert holding(entities, "e", 0).name == "Associated Press"
    assert len(entities) == 3


def test_two_known_organisations_never_merge() -> None:
    # "UNHCR" spells like a garble of "UNICEF", yet the table knows them apart.
    entities = resolve([organisation("a", 0, "UNHCR"), organisation("b", 0, "UNICEF")])

    assert len(entities) == 2


def test_confidence_below_one_only_for_merged_entities() -> None:
    entities = resolve(
        [
            bayramov("a"),
            bayramov("b", text="Jihon Permov"),
            person("a", 100, "Zohrab Mnatsakanyan", country="Armenia"),
            person("a", 200, "Ilham Aliyev"),
            person("b", 200, "Heydar Aliyev"),
            place("a", 300, "Baku", BAKU),
            place("b", 300, "Baku", BAKU),
            group("a", 400, "Armenian"),
        ]
    )

    assert len(entities) == 6
    for entity in entities:
        assert 0 < entity.confidence <= 1
        if entity.confidence < 1:
            assert entity.merges
            assert entity.confidence == min(merge.confidence for merge in entity.merges)
        if not entity.merges:
            assert entity.confidence == 1.0
    assert holding(entities, "a", 30).confidence < 1


def test_no_mentions_no_entities() -> None:
    assert resolve([]) == []


def test_fit_returns_the_resolver_and_a_refit_starts_over() -> None:
    resolver = EntityResolver()
    assert resolver.fit([bayramov("a")]) is resolver
    assert len(resolver.entities_) == 1
    resolver.fit([place("x", 1, "Baku", BAKU), place("y", 1, "Yerevan", YEREVAN)])
    assert {entity.name for entity in resolver.entities_} == {"Baku", "Yerevan"}


def test_a_higher_threshold_merges_less() -> None:
    mentions = [bayramov("a"), bayramov("b", text="Jihon Permov")]
    assert len(EntityResolver(merge_threshold=0.75).fit(mentions).entities_) == 1
    assert len(EntityResolver(merge_threshold=1.01).fit(mentions).entities_) == 2


# -- determinism ----------------------------------------------------------------------


def mixed_mentions() -> list[Mention]:
    return [
        bayramov("a"),
        bayramov("b", text="Jihon Permov"),
        bayramov("c"),
        person("a", 100, "Zohrab Mnatsakanyan", role="foreign minister", country="Armenia"),
        person("b", 100, "Zahrab Manatsakyanian", role="foreign minister", country="Armenia"),
        person("a", 200, "Ilham Aliyev", role="president"),
        person("a", 260, "Aliyev", full_name="Ilham Aliyev"),
        person("b", 200, "Heydar Aliyev"),
        person("d", 5, "Aliyev"),
        person("d", 50, "Vladimir Putin"),
        person("d", 90, "Putin", full_name="Vladimir Putin"),
        place("a", 300, "Baku", BAKU),
        place("b", 300, "Baki", BAKU),
        place("c", 300, "Yerevan", YEREVAN),
        place("d", 300, "Jackson", JACKSON_MS),
        person("c", 400, "Jackson"),
        group("a", 500, "pro-Armenian"),
        group("b", 500, "Armenian"),
        place("c", 500, "Azerbaijan", AZ, kind="country"),
        place("d", 500, "Azerbaijan", AZ, kind="country"),
    ]


def summary(entities: list[Entity]) -> set[tuple[str, frozenset[Span]]]:
    return {(entity.id, frozenset(m.span for m in entity.mentions)) for entity in entities}


@pytest.mark.parametrize("seed", range(5))
def test_entities_do_not_depend_on_the_order_of_mentions(seed: int) -> None:
    mentions = mixed_mentions()
    expected = resolve(mentions)
    shuffled = list(mentions)
    random.Random(seed).shuffle(shuffled)

    got = resolve(shuffled)

    assert summary(got) == summary(expected)
    assert [e.id for e in got] == [e.id for e in expected] == sorted(e.id for e in got)
    assert {(e.id, e.name, e.type, e.place) for e in got} == {
        (e.id, e.name, e.type, e.place) for e in expected
    }


def test_names_do_not_depend_on_the_order_of_mentions_within_an_article() -> None:
    hyphen = Mention(Span("a", 0, 16), "Nagorno-Karabakh", "organisation", label="ORG")
    space = Mention(Span("a", 40, 56), "Nagorno Karabakh", "organisation", label="ORG")

    (forward,) = resolve([hyphen, space])
    (backward,) = resolve([space, hyphen])

    assert forward.id == backward.id
    assert forward.name == backward.name


def test_entity_ids_are_stable_across_runs_and_unique() -> None:
    first, second = resolve(mixed_mentions()), resolve(mixed_mentions())

    assert [e.id for e in first] == [e.id for e in second]
    assert len({e.id for e in first}) == len(first)
    assert all(e.id.startswith("e") and len(e.id) == 13 for e in first)
    # Every mention went to exactly one entity.
    assert sum(len(e.mentions) for e in first) == len(mixed_mentions())


def test_adding_an_unrelated_article_keeps_existing_ids() -> None:
    before = {e.name: e.id for e in resolve(mixed_mentions())}
    after = {
        e.name: e.id
        for e in resolve([*mixed_mentions(), person("z", 10, "Emmanuel Macron", country="France")])
    }

    assert {name: after[name] for name in before} == before


# -- scale ----------------------------------------------------------------------------


_SYLLABLES = tuple(c + v for c in "bdfghklmnprstvz" for v in "aeiou")
_ENDINGS = ("ov", "yan", "ski", "ova", "er", "son", "li", "ez")


def synthetic_mentions(count: int, seed: int = 7) -> tuple[list[Mention], int]:
    """``count`` mentions of a few thousand invented people and places; and how many people."""
    rng = random.Random(seed)
    names: set[str] = set()
    while len(names) < 5000:
        given = "".join(rng.choice(_SYLLABLES) for _ in range(2)).title()
        family = "".join(rng.choice(_SYLLABLES) for _ in range(3)).title() + rng.choice(_ENDINGS)
        names.add(f"{given} {family}")
    people = sorted(names)
    places = [(BAKU, "Baku"), (YEREVAN, "Yerevan"), (GANJA, "Ganja"), (AZ, "Azerbaijan")]
    mentions = []
    for index in range(count):
        article = f"art{index // 5:05d}"
        start = (index % 5) * 40
        if index % 10 == 9:
            place_id, surface = places[(index // 10) % len(places)]
            mentions.append(place(article, start, surface, place_id))
        else:
            mentions.append(person(article, start, rng.choice(people)))
    return mentions, len(people)


@pytest.mark.parametrize("count", [1_000, pytest.param(20_000, marks=pytest.mark.slow)])
def test_many_mentions_resolve(count: int) -> None:
    mentions, people = synthetic_mentions(count)

    entities = EntityResolver().fit(mentions).entities_

    assert sum(len(e.mentions) for e in entities) == len(mentions)
    place_entities = [e for e in entities if e.place is not None]
    assert len(place_entities) == 4
    # Invented names may merge with near-spellings, never into a handful of blobs.
    person_entities = [e for e in entities if e.type == "person"]
    drawn = len({m.text for m in mentions if m.type == "person"})
    assert min(drawn, people) // 2 <= len(person_entities) <= drawn


@pytest.mark.parametrize("articles", [200, 201, 1_000])
def test_a_name_in_many_articles_is_one_entity(articles: int) -> None:
    mentions = [person(f"a{index:04d}", 0, "Vladimir Putin") for index in range(articles)]

    entities = resolve(mentions)

    assert len(entities) == 1
    assert len(entities[0].articles) == articles


def test_namesakes_with_different_given_names_stay_apart() -> None:
    entities = resolve([person("a", 0, "Ceyhun Bayramov"), person("b", 0, "Hasan Bayramov")])

    assert len(entities) == 2


def test_a_variant_spelling_finds_its_entity_past_many_namesakes() -> None:
    given = [
        "Elnur",
        "Emin",
        "Farid",
        "Fuad",
        "Gulnar",
        "Hikmet",
        "Ilgar",
        "Elchin",
        "Eldar",
        "Faig",
        "Gunel",
        "Hafiz",
        "Elvin",
    ]
    mentions = [person(f"j{index:02d}", 0, "Jeyhun Bayramov") for index in range(20)]
    mentions += [person(f"o{index:02d}", 0, f"{name} Bayramov") for index, name in enumerate(given)]
    mentions.append(person("c", 0, "Ceyhun Bayramov"))

    entities = resolve(mentions)

    assert holding(entities, "c", 0) is holding(entities, "j00", 0)
