"""Mentions stored with their articles, and entities replaced wholesale by each resolution."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import replace

import psycopg
import pytest

from newsfuse.errors import StoreError
from newsfuse.model import Article, Attribute, Entity, Mention, Merge, Place, Span, article_id
from newsfuse.store._sql import SQLStore

BAKU = Place("geonames:587084", "Baku", "city", "AZ", 40.37767, 49.89201)

TEXT_A = "Azerbaijani Foreign Minister Jeyhun Bayramov arrived in Baku. Bayramov said ..."
TEXT_B = "Foreign Minister Jihon Permov of Azerbaijan met his counterpart in Bakı."


def at(text: str, surface: str, article: str) -> Span:
    start = text.index(surface)
    return Span(article, start, start + len(surface))


def article_a() -> Article:
    aid = article_id(TEXT_A)
    return Article(
        id=aid,
        path="in/a.txt",
        raw_text=TEXT_A,
        text=TEXT_A,
        mentions=(
            Mention(
                at(TEXT_A, "Jeyhun Bayramov", aid),
                "Jeyhun Bayramov",
                "person",
                label="PERSON",
                attributes=(
                    Attribute("role", "foreign minister", at(TEXT_A, "Foreign Minister", aid)),
                    Attribute("country", "Azerbaijan", at(TEXT_A, "Azerbaijani", aid)),
                ),
            ),
            Mention(at(TEXT_A, "Baku", aid), "Baku", "city", label="GPE", place=BAKU.id),
            Mention(
                Span(aid, TEXT_A.index("Bayramov said"), TEXT_A.index("Bayramov said") + 8),
                "Bayramov",
                "person",
                label="ORG",
                full_name="Jeyhun Bayramov",
            ),
        ),
    )


def article_b() -> Article:
    bid = article_id(TEXT_B)
    return Article(
        id=bid,
        path="in/b.txt",
        raw_text=TEXT_B,
        text=TEXT_B,
        mentions=(
            Mention(
                at(TEXT_B, "Jihon Permov", bid),
                "Jihon Permov",
                "person",
                label="PERSON",
                attributes=(
                    Attribute("role", "foreign minister", at(TEXT_B, "Foreign Minister", bid)),
                    Attribute("country", "Azerbaijan", at(TEXT_B, "Azerbaijan", bid)),
                ),
            ),
            Mention(at(TEXT_B, "Azerbaijan", bid), "Azerbaijan", "country", place="iso:AZ"),
            Mention(at(TEXT_B, "Bakı", bid), "Bakı", "city", label="GPE", place=BAKU.id),
        ),
    )


def with_entity(mention: Mention, entity_id: str) -> Mention:
    return replace(mention, entity=entity_id)


def entities_of(a: Article, b: Article) -> list[Entity]:
    """Bayramov (merged across a and b), Baku (a place) and Azerbaijan."""
    bayramov = Entity(
        id="e-bayramov",
        name="Jeyhun Bayramov",
        type="person",
        aliases=("Bayramov", "Jeyhun Bayramov", "Jihon Permov"),
        mentions=tuple(
            with_entity(m, "e-bayramov")
            for m in sorted(
                [a.mentions[0], a.mentions[2], b.mentions[0]],
                key=lambda m: (m.span.article, m.span.start),
            )
        ),
        attributes=a.mentions[0].attributes + b.mentions[0].attributes,
        confidence=0.96,
        merges=(
            Merge(
                "Jeyhun Bayramov",
                "Jihon Permov",
                0.96,
                "names 'Jeyhun Bayramov'~'Jihon Permov'; same role (foreign minister)",
            ),
        ),
    )
    baku = Entity(
        id="e-baku",
        name="Baku",
        type="city",
        aliases=("Baku", "Bakı"),
        mentions=tuple(
            with_entity(m, "e-baku")
            for m in sorted([a.mentions[1], b.mentions[2]], key=lambda m: m.span.article)
        ),
        place=BAKU,
    )
    azerbaijan = Entity(
        id="e-azerbaijan",
        name="Azerbaijan",
        type="country",
        aliases=("Azerbaijan",),
        mentions=(with_entity(b.mentions[1], "e-azerbaijan"),),
        place=Place("iso:AZ", "Azerbaijan", "country", "AZ", 40.37767, 49.89201),
    )
    return [bayramov, baku, azerbaijan]


@pytest.fixture
def stored(store: SQLStore) -> tuple[Article, Article]:
    a, b = article_a(), article_b()
    store.add(a, a.path)
    store.add(b, b.path)
    return a, b


def entity_of_each_mention(store: SQLStore) -> dict[tuple[str, int], str | None]:
    return {(m.span.article, m.span.start): m.entity for m in store.iter_mentions()}


# -- mentions ---------------------------------------------------------------------------


def test_mentions_round_trip_with_their_article(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    for article in stored:
        assert store.get(article.id) == article
    assert sorted(store.iter_articles(), key=lambda a: a.id) == sorted(stored, key=lambda a: a.id)


def test_iter_mentions_lists_every_mention_by_article_then_offset(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    expected = sorted(
        (m for article in stored for m in article.mentions),
        key=lambda m: (m.span.article, m.span.start),
    )

    mentions = list(store.iter_mentions())

    assert mentions == expected
    attributed = [m for m in mentions if m.attributes]
    assert {m.text for m in attributed} == {"Jeyhun Bayramov", "Jihon Permov"}
    for mention in mentions:
        text = TEXT_A if mention.span.article == stored[0].id else TEXT_B
        assert text[mention.span.start : mention.span.end] == mention.text


def test_mentions_come_back_in_offset_order(store: SQLStore) -> None:
    a = article_a()
    shuffled = replace(a, mentions=tuple(reversed(a.mentions)))
    store.add(shuffled, a.path)

    got = store.get(a.id)

    assert got is not None
    assert got.mentions == a.mentions


def test_update_replaces_the_mentions(store: SQLStore, stored: tuple[Article, Article]) -> None:
    a, b = stored
    fewer = replace(a, mentions=a.mentions[:1])
    store.update(fewer)

    assert store.get(a.id) == fewer
    assert [m for m in store.iter_mentions() if m.span.article == a.id] == list(fewer.mentions)
    assert store.get(b.id) == b

    store.update(replace(a, mentions=()))
    got = store.get(a.id)
    assert got is not None
    assert got.mentions == ()
    assert all(m.span.article == b.id for m in store.iter_mentions())


def test_a_duplicate_add_keeps_the_first_mentions(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    a, _ = stored
    assert not store.add(replace(a, mentions=()), "again.txt")
    assert store.get(a.id) == a


def test_no_mentions_no_entities(store: SQLStore) -> None:
    assert list(store.iter_mentions()) == []
    assert list(store.iter_entities()) == []


# -- entities ---------------------------------------------------------------------------


def test_entities_round_trip(store: SQLStore, stored: tuple[Article, Article]) -> None:
    entities = entities_of(*stored)

    store.replace_entities(entities)
    got = {entity.id: entity for entity in store.iter_entities()}

    assert got == {entity.id: entity for entity in entities}
    bayramov = got["e-bayramov"]
    assert bayramov.aliases == ("Bayramov", "Jeyhun Bayramov", "Jihon Permov")
    assert bayramov.confidence == 0.96
    assert bayramov.merges == entities[0].merges
    assert [(a.key, a.value) for a in bayramov.attributes] == [
        ("role", "foreign minister"),
        ("country", "Azerbaijan"),
        ("role", "foreign minister"),
        ("country", "Azerbaijan"),
    ]
    assert got["e-baku"].place == BAKU
    assert got["e-baku"].aliases == ("Baku", "Bakı")
    assert bayramov.articles == tuple(sorted(a.id for a in stored))


def test_entities_come_most_mentioned_first_then_by_id(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    store.replace_entities(reversed(entities_of(*stored)))
    assert [entity.id for entity in store.iter_entities()] == [
        "e-bayramov",
        "e-baku",
        "e-azerbaijan",
    ]


def test_replace_entities_points_each_mention_at_its_entity(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    a, b = stored
    store.replace_entities(entities_of(a, b))

    pointers = entity_of_each_mention(store)

    assert set(pointers.values()) == {"e-bayramov", "e-baku", "e-azerbaijan"}
    by_type = {"person": "e-bayramov", "city": "e-baku", "country": "e-azerbaijan"}
    for mention in store.iter_mentions():
        assert mention.entity == by_type[mention.type]
    # Articles read back carry the pointers too.
    got = store.get(a.id)
    assert got is not None
    assert [m.entity for m in got.mentions] == ["e-bayramov", "e-baku", "e-bayramov"]


def test_a_second_resolution_replaces_the_first(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    a, b = stored
    store.replace_entities(entities_of(a, b))
    # The second resolution splits Bayramov and leaves Azerbaijan out altogether.
    first, _, _ = entities_of(a, b)
    split_a = replace(
        first,
        id="e-a",
        aliases=("Bayramov", "Jeyhun Bayramov"),
        mentions=tuple(with_entity(m, "e-a") for m in first.mentions if m.span.article == a.id),
        confidence=1.0,
        merges=(),
    )
    split_b = replace(
        first,
        id="e-b",
        name="Jihon Permov",
        aliases=("Jihon Permov",),
        mentions=tuple(with_entity(m, "e-b") for m in first.mentions if m.span.article == b.id),
        confidence=1.0,
        merges=(),
    )

    store.replace_entities([split_a, split_b])

    got = {entity.id: entity for entity in store.iter_entities()}
    assert set(got) == {"e-a", "e-b"}
    assert got["e-a"] == split_a
    assert got["e-b"] == split_b
    pointers = entity_of_each_mention(store)
    assert set(pointers.values()) == {"e-a", "e-b", None}
    assert sum(value is None for value in pointers.values()) == 3  # 2 Baku and Azerbaijan


def test_replacing_with_nothing_clears_every_pointer(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    store.replace_entities(entities_of(*stored))
    store.replace_entities([])

    assert list(store.iter_entities()) == []
    assert all(m.entity is None for m in store.iter_mentions())


def test_update_of_an_article_keeps_the_pointers_it_carries(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    a, b = stored
    store.replace_entities(entities_of(a, b))
    current = store.get(a.id)
    assert current is not None

    store.update(replace(current, title="Retitled"))

    assert {e.id: len(e.mentions) for e in store.iter_entities()} == {
        "e-bayramov": 3,
        "e-baku": 2,
        "e-azerbaijan": 1,
    }


def test_a_failing_resolution_leaves_the_previous_entities(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    entities = entities_of(*stored)
    store.replace_entities(entities)
    before_entities = list(store.iter_entities())
    before_pointers = entity_of_each_mention(store)

    def dying() -> Iterator[Entity]:
        yield replace(entities[0], id="e-new", mentions=())
        raise RuntimeError("resolver died")

    with pytest.raises(RuntimeError, match="resolver died"):
        store.replace_entities(dying())

    assert list(store.iter_entities()) == before_entities
    assert entity_of_each_mention(store) == before_pointers
    # And the store takes writes again.
    store.replace_entities(entities[1:])
    assert {e.id for e in store.iter_entities()} == {"e-baku", "e-azerbaijan"}


def test_a_duplicate_entity_id_fails_and_leaves_the_previous_entities(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    entities = entities_of(*stored)
    store.replace_entities(entities)
    before = list(store.iter_entities())

    # Not wrapped in StoreError today: the driver's constraint error comes through as it is.
    with pytest.raises((StoreError, sqlite3.IntegrityError, psycopg.IntegrityError)):
        store.replace_entities([entities[0], entities[0]])

    assert list(store.iter_entities()) == before


def test_entity_names_and_aliases_are_stored_as_given(
    store: SQLStore, stored: tuple[Article, Article]
) -> None:
    a, _ = stored
    hostile = Entity(
        id="e-'; DROP TABLE entities; --",
        name="[bold]Evil[/bold] Corp ✓ 🙂",
        type="organisation",
        aliases=("[bold]Evil[/bold] Corp ✓ 🙂", 'Evil "Corp"', "Éвил"),
        mentions=(with_entity(a.mentions[1], "e-'; DROP TABLE entities; --"),),
        confidence=0.5,
    )

    store.replace_entities([hostile])

    assert list(store.iter_entities()) == [hostile]
