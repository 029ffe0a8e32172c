"""Copies, story features and stories in the store: exact round trips, one transaction each."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from newsfuse.model import Reuse, Story, StoryFeatures, StoryMember
from newsfuse.store import SQLiteStore
from newsfuse.store._sql import SQLStore
from newsfuse.store.sqlite import migrations

from .factories import make_article

# -- helpers ------------------------------------------------------------------------------


def features(n: int, article: str | None = None, **changes: object) -> StoryFeatures:
    """Features of article ``n`` with values that do not survive careless storage."""
    rng = np.random.default_rng(n)
    vector = rng.standard_normal(384).astype(np.float32)
    vector[0] = np.float32(1e-45)  # a subnormal
    vector[1] = np.float32(-0.0)
    made = StoryFeatures(
        article=article or make_article(n).id,
        day=737_000 + n,
        vector=vector / np.float32(np.linalg.norm(vector)),
        terms={"ceasefire": 0.1 + n / 3, "Stepanakert": float(np.float32(0.3)), "ünïcode": 1e-300},
        keys=frozenset({"p:bayramov", "c:AZ", f"l:geonames:{n}"}),
        people=frozenset({"p:bayramov"}),
        years=frozenset({1994, 2020}),
    )
    return replace(made, **changes)  # type: ignore[arg-type]


def assert_same_features(got: StoryFeatures, expected: StoryFeatures) -> None:
    """Equal in every field; the vector bit for bit, in float32."""
    assert got.vector.dtype == np.float32
    assert got.vector.shape == expected.vector.shape
    assert got.vector.tobytes() == np.asarray(expected.vector, dtype=np.float32).tobytes()
    assert dict(got.terms) == dict(expected.terms)
    for field in ("article", "day", "keys", "people", "years"):
        assert getattr(got, field) == getattr(expected, field), field
    assert isinstance(got.keys, frozenset)
    assert isinstance(got.people, frozenset)
    assert isinstance(got.years, frozenset)


def story_of(store: SQLStore, article_id: str) -> str | None:
    article = store.get(article_id)
    assert article is not None
    return article.story


def make_story(story_id: str, *numbers: int, first_seen: str | None = None) -> Story:
    """A story over ``make_article(n)`` for each n, the first the original."""
    ids = tuple(make_article(n).id for n in numbers)
    return Story(
        id=story_id,
        title=f"Story {story_id} — «quoted» [bold]x[/bold]",
        articles=ids,
        first_seen=first_seen,
        last_seen="2020-10-12T08:00" if first_seen else None,
        sources=("a.example", "b.example"),
        independent_sources=1,
        members=tuple(
            StoryMember(aid, "original" if i == 0 else "copy", f"site{i}.example", first_seen)
            for i, aid in enumerate(ids)
        ),
        entities=("Jeyhun Bayramov", "Moscow"),
        component=ids[0] if ids else None,
    )


@pytest.fixture
def stocked(store: SQLStore) -> SQLStore:
    """Articles 1 to 6, stored."""
    for n in range(1, 7):
        store.add(make_article(n), f"in/{n}.txt")
    return store


# -- reuse ---------------------------------------------------------------------------------


def test_set_reuse_replaces_reuse_and_duplicate_of(stocked: SQLStore) -> None:
    one, two, three = (make_article(n).id for n in (1, 2, 3))
    reuse = (Reuse(two, "partial", 0.5, 0.25), Reuse(one, "duplicate", 0.96875, 0.9))
    stocked.set_reuse([(three, one, reuse)])

    stored = stocked.get(three)
    assert stored is not None
    assert stored.duplicate_of == one
    assert stored.derived_from == tuple(sorted(reuse, key=lambda r: r.source))
    assert [a.derived_from for a in stocked.iter_articles() if a.id == three] == [
        stored.derived_from
    ]

    stocked.set_reuse([(three, None, [Reuse(two, "partial", 0.75, 0.5)])])
    again = stocked.get(three)
    assert again is not None
    assert again.duplicate_of is None
    assert again.derived_from == (Reuse(two, "partial", 0.75, 0.5),)

    stocked.set_reuse([(three, None, ())])
    cleared = stocked.get(three)
    assert cleared is not None
    assert cleared.derived_from == ()


def test_set_reuse_is_one_transaction(stocked: SQLStore) -> None:
    one, two = make_article(1).id, make_article(2).id
    with pytest.raises(KeyError, match="missing"):
        stocked.set_reuse(
            [
                (two, one, [Reuse(one, "duplicate", 1.0, 1.0)]),
                ("missing", one, [Reuse(one, "duplicate", 1.0, 1.0)]),
            ]
        )
    unchanged = stocked.get(two)
    assert unchanged == make_article(2)


def test_add_and_update_store_derived_from(store: SQLStore) -> None:
    source = make_article(1)
    copy = make_article(
        2, duplicate_of=source.id, derived_from=(Reuse(source.id, "duplicate", 0.99, 0.98),)
    )
    store.add(source, source.path)
    store.add(copy, copy.path)
    assert store.get(copy.id) == copy

    partial = replace(
        copy, duplicate_of=None, derived_from=(Reuse(source.id, "partial", 0.6, 0.4),)
    )
    store.update(partial)
    assert store.get(copy.id) == partial


# -- story features --------------------------------------------------------------------------


def test_story_features_round_trip_exactly(stocked: SQLStore) -> None:
    put = [features(3), features(1, day=None, terms={}, keys=frozenset(), years=frozenset())]
    stocked.put_story_features(put)

    got = list(stocked.iter_story_features())

    assert [f.article for f in got] == sorted(f.article for f in put)
    expected = {f.article: f for f in put}
    for item in got:
        assert_same_features(item, expected[item.article])
    # Writable, so a caller may normalise in place.
    got[0].vector[0] = 1.0


def test_story_features_are_stored_as_little_endian_float32(
    file_store: SQLiteStore, db_path: Path
) -> None:
    file_store.add(make_article(1), "in.txt")
    put = features(1, vector=np.arange(4, dtype=">f8"))
    file_store.put_story_features([put])
    with sqlite3.connect(db_path) as conn:
        (blob,) = conn.execute("SELECT vector FROM story_features").fetchone()
    assert blob == np.arange(4, dtype="<f4").tobytes()
    (got,) = file_store.iter_story_features()
    assert got.vector.tolist() == [0.0, 1.0, 2.0, 3.0]


def test_story_features_accept_numpy_scalars(stocked: SQLStore) -> None:
    put = features(
        2,
        day=np.int64(737_700),
        terms={"war": np.float32(0.25)},
        years=frozenset({np.int64(2020)}),
    )
    stocked.put_story_features([put])
    (got,) = stocked.iter_story_features()
    assert got.day == 737_700
    assert dict(got.terms) == {"war": 0.25}
    assert got.years == frozenset({2020})


def test_put_story_features_replaces(stocked: SQLStore) -> None:
    stocked.put_story_features([features(1), features(2)])
    newer = features(1, day=1, keys=frozenset({"o:un"}), vector=np.ones(384, dtype=np.float32))
    stocked.put_story_features([newer])

    got = {f.article: f for f in stocked.iter_story_features()}
    assert len(got) == 2
    assert_same_features(got[newer.article], newer)
    assert_same_features(got[make_article(2).id], features(2))


def test_put_story_features_is_one_transaction(stocked: SQLStore) -> None:
    with pytest.raises(KeyError, match="nowhere"):
        stocked.put_story_features([features(1), features(2, article="nowhere")])
    with pytest.raises(ValueError, match="not 1-D"):
        stocked.put_story_features([features(1), features(2, vector=np.ones((2, 3)))])
    assert list(stocked.iter_story_features()) == []


def test_story_features_are_read_page_by_page(
    stocked: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("newsfuse.store._sql._FEATURES_PAGE", 2)
    put = [features(n) for n in range(1, 6)]
    stocked.put_story_features(put)

    reading = stocked.iter_story_features()
    first = next(reading)
    # Between pages the store is free to write.
    stocked.put_story_features([features(6)])
    rest = list(reading)

    ids = [first.article, *(f.article for f in rest)]
    assert ids == sorted(make_article(n).id for n in range(1, 7))


# -- stories ---------------------------------------------------------------------------------


def test_update_stories_stores_records_and_points_articles(stocked: SQLStore) -> None:
    first = make_story("s0000aaaa0001", 1, 2, first_seen="2020-10-10")
    second = make_story("s0000bbbb0002", 3)
    stocked.update_stories([first, second], retired=[])

    assert stocked.get_story(first.id) == first
    assert list(stocked.iter_stories()) == [first, second]
    assert [story_of(stocked, make_article(n).id) for n in (1, 2, 3, 4)] == [
        first.id,
        first.id,
        second.id,
        None,
    ]


def test_update_stories_rewrites_and_retires(stocked: SQLStore) -> None:
    stocked.update_stories(
        [
            make_story("s0000aaaa0001", 1, 2, first_seen="2020-10-10"),
            make_story("s0000bbbb0002", 3, 4),
            make_story("s0000cccc0003", 5),
        ],
        retired=[],
    )
    # Story b merges into a; article 2 leaves a for a new story d.
    merged = make_story("s0000aaaa0001", 1, 3, 4, first_seen="2020-10-09")
    split = make_story("s0000dddd0004", 2)
    stocked.update_stories([split, merged], retired=["s0000bbbb0002", "s0000ffff9999"])

    assert [s.id for s in stocked.iter_stories()] == [merged.id, "s0000cccc0003", split.id]
    assert stocked.get_story(merged.id) == merged
    assert stocked.get_story("s0000bbbb0002") is None
    assert [story_of(stocked, make_article(n).id) for n in range(1, 7)] == [
        merged.id,
        split.id,
        merged.id,
        merged.id,
        "s0000cccc0003",
        None,
    ]


def test_retiring_a_story_clears_the_articles_left_behind(stocked: SQLStore) -> None:
    stocked.update_stories([make_story("s0000aaaa0001", 1, 2)], retired=[])
    stocked.update_stories([make_story("s0000bbbb0002", 1)], retired=["s0000aaaa0001"])
    assert story_of(stocked, make_article(1).id) == "s0000bbbb0002"
    assert story_of(stocked, make_article(2).id) is None


def test_a_failed_story_update_changes_nothing(stocked: SQLStore) -> None:
    before = make_story("s0000aaaa0001", 1, 2)
    stocked.update_stories([before], retired=[])

    def exploding() -> Iterator[Story]:
        yield make_story("s0000bbbb0002", 1)
        raise RuntimeError("clusterer died")

    with pytest.raises(RuntimeError):
        stocked.update_stories(exploding(), retired=[before.id])
    with pytest.raises(RuntimeError):
        stocked.replace_stories(exploding())
    assert list(stocked.iter_stories()) == [before]
    assert story_of(stocked, make_article(1).id) == before.id


def test_replace_stories_starts_afresh(stocked: SQLStore) -> None:
    stocked.update_stories(
        [make_story("s0000aaaa0001", 1, 2), make_story("s0000bbbb0002", 3)], retired=[]
    )
    fresh = make_story("s0000cccc0003", 2, 3, first_seen="2020-10-11")
    stocked.replace_stories([fresh])

    assert list(stocked.iter_stories()) == [fresh]
    assert [story_of(stocked, make_article(n).id) for n in (1, 2, 3)] == [None, fresh.id, fresh.id]

    stocked.replace_stories([])
    assert list(stocked.iter_stories()) == []
    assert all(article.story is None for article in stocked.iter_articles())


def test_stories_are_ordered_by_first_seen_unknown_last_then_id(stocked: SQLStore) -> None:
    dates = {
        "s0000000e": None,
        "s0000000a": None,
        "s0000000d": "2020-10-02",
        "s0000000b": "2020-10-01",
        "s0000000c": "2020-10-01T09:00",
    }
    stocked.replace_stories([make_story(i, first_seen=d) for i, d in dates.items()])
    assert [s.id for s in stocked.iter_stories()] == [
        "s0000000b",
        "s0000000c",
        "s0000000d",
        "s0000000a",
        "s0000000e",
    ]


def test_a_story_keeps_every_field(stocked: SQLStore) -> None:
    story = make_story("s0000aaaa0001", 1, 2, 3, first_seen="2020-10-10")
    for field in dataclasses.fields(Story):
        assert getattr(story, field.name) != field.default, field.name
    stocked.replace_stories([story])
    assert stocked.get_story(story.id) == story


def test_a_story_record_missing_later_fields_loads_with_defaults(
    file_store: SQLiteStore, db_path: Path
) -> None:
    with sqlite3.connect(db_path) as conn:
        conn.execute(
            "INSERT INTO stories (id, title, first_seen, last_seen, record) VALUES"
            ' (\'s1\', \'Old\', NULL, NULL, \'{"id": "s1", "title": "Old",'
            ' "articles": ["a"], "first_seen": null, "last_seen": null}\')'
        )
    assert file_store.get_story("s1") == Story(id="s1", title="Old", articles=("a",))


def test_get_story_by_id_and_unique_prefix(stocked: SQLStore) -> None:
    stocked.replace_stories([make_story("sabc1111"), make_story("sabc2222"), make_story("sa")])
    assert stocked.get_story("sabc1111") == make_story("sabc1111")
    assert stocked.get_story("sabc1") == make_story("sabc1111")
    assert stocked.get_story("sa") == make_story("sa")  # an exact id, however short
    assert stocked.get_story("sab") is None  # too short to resolve as a prefix
    assert stocked.get_story("sabc11112") is None
    assert stocked.get_story("zzzz") is None
    with pytest.raises(LookupError, match=r"'sabc'.*sabc1111, sabc2222"):
        stocked.get_story("sabc")


# -- migration ------------------------------------------------------------------------------


def test_a_schema_2_store_is_migrated_and_keeps_its_data(
    db_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    article = make_article(1)
    with sqlite3.connect(db_path, isolation_level=None) as conn:
        for migration in migrations()[:2]:
            for statement in migration.statements():
                conn.execute(statement)
        conn.execute("PRAGMA user_version = 2")
        conn.execute(
            "INSERT INTO articles (id, path, raw_text, text, title, duplicate_of)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            (article.id, article.path, article.raw_text, article.text, "Old", "0ther"),
        )
        conn.execute(
            "INSERT INTO mentions (article_id, start, end, text, type, label, entity)"
            " VALUES (?, 0, 8, 'Headline', 'event', 'EVENT', 'e1')",
            (article.id,),
        )
        conn.execute(
            "INSERT INTO entities (id, name, type, confidence, record) VALUES"
            " ('e1', 'Headline', 'event', 1.0,"
            ' \'{"aliases": ["Headline"], "attributes": [], "place": null, "merges": []}\')'
        )
    conn.close()

    with caplog.at_level("INFO", logger="newsfuse.store.sqlite"), SQLiteStore(db_path) as store:
        assert store.schema_version == migrations()[-1].version
        stored = store.get(article.id)
        assert stored is not None
        assert (stored.title, stored.duplicate_of, stored.derived_from) == ("Old", "0ther", ())
        assert [m.entity for m in stored.mentions] == ["e1"]
        assert [e.name for e in store.iter_entities()] == ["Headline"]
        assert list(store.iter_stories()) == []
        # The new tables work on the old data.
        store.set_reuse([(article.id, None, [Reuse("0ther", "partial", 0.5, 0.5)])])
        store.put_story_features([features(1)])
        store.replace_stories([make_story("s0000aaaa0001", 1)])
    assert "applying migration 0003_stories.sql" in caplog.text
    assert "0002_entities" not in caplog.text

    with SQLiteStore(db_path) as store:
        assert story_of(store, article.id) == "s0000aaaa0001"
        reread = store.get(article.id)
        assert reread is not None
        assert reread.derived_from == (Reuse("0ther", "partial", 0.5, 0.5),)
        assert len(list(store.iter_story_features())) == 1


def test_story_queries_use_their_indexes(sqlite_store: SQLiteStore) -> None:
    def plan(sql: str, *args: object) -> str:
        rows = sqlite_store._conn.execute(f"EXPLAIN QUERY PLAN {sql}", args).fetchall()
        return " ".join(row[3] for row in rows)

    assert "articles_story" in plan("UPDATE articles SET story = NULL WHERE story = ?", "s")
    ordered = plan("SELECT record FROM stories ORDER BY first_seen NULLS LAST, id")
    assert "stories_first_seen" in ordered
    assert "TEMP B-TREE" not in ordered
