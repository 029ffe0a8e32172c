"""The persisted copy index in every store: keys per article, holders per key in date order."""

from __future__ import annotations

import pytest

from newsfuse.store._sql import SQLStore

from .factories import make_article


def test_copy_keys_round_trip_and_replace(store: SQLStore) -> None:
    one, two = make_article(1), make_article(2)
    for article in (one, two):
        store.add(article, article.path)
    assert store.copy_unindexed() == sorted([one.id, two.id])

    store.put_copy_keys([(one.id, ["f:aa", "b0:11", "f:aa"]), (two.id, [])])
    assert store.copy_unindexed() == []
    assert store.copy_keys([two.id, one.id, "nowhere"]) == {one.id: ["b0:11", "f:aa"], two.id: []}

    store.put_copy_keys([(one.id, ["f:bb"])])
    assert store.copy_keys([one.id]) == {one.id: ["f:bb"]}
    assert store.copy_key_holders(["f:aa", "f:bb"]) == {"f:aa": [], "f:bb": [one.id]}


def test_holders_come_in_article_order_and_up_to_a_limit(store: SQLStore) -> None:
    dates = {"e": None, "a": None, "d": "2024-01-02", "b": "2024-01-02", "c": "2023-12-31"}
    for key, published in dates.items():
        article = make_article(ord(key), id=key * 8, published=published)
        store.add(article, article.path)
        store.put_copy_keys([(article.id, ["f:shared"])])
    order = [article.id for article in store.iter_articles()]
    assert store.copy_key_holders(["f:shared"]) == {"f:shared": order}
    assert store.copy_key_holders(["f:shared", "f:none"], limit=2) == {
        "f:shared": order[:2],
        "f:none": [],
    }


def test_copy_keys_of_a_missing_article_change_nothing(store: SQLStore) -> None:
    one = make_article(1)
    store.add(one, one.path)
    with pytest.raises(KeyError, match="missing"):
        store.put_copy_keys([(one.id, ["f:aa"]), ("missing", ["f:aa"])])
    assert store.copy_keys([one.id]) == {}
    assert store.copy_key_holders(["f:aa"]) == {"f:aa": []}


def test_duplicates_of_lists_each_originals_copies(store: SQLStore) -> None:
    original = make_article(1)
    store.add(original, original.path)
    for n in (3, 2):
        store.add(make_article(n, duplicate_of=original.id), f"in/{n}.txt")
    assert store.duplicates_of([original.id, "other"]) == {
        original.id: sorted([make_article(2).id, make_article(3).id]),
        "other": [],
    }
