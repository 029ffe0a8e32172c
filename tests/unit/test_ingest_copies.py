"""Copies through the store's persisted index equal a from-scratch index of every text."""

from __future__ import annotations

import random

import pytest

from newsfuse import ingest
from newsfuse.config import Settings
from newsfuse.model import Article, Reuse
from newsfuse.stages.copies import CopyIndex
from newsfuse.store import SQLiteStore

WORDS = (
    "river",
    "flood",
    "town",
    "council",
    "police",
    "storm",
    "road",
    "bridge",
    "school",
    "minister",
    "vote",
    "market",
    "fire",
    "court",
    "judge",
    "driver",
    "victim",
    "hospital",
    "officer",
    "county",
    "budget",
    "water",
    "power",
    "rail",
    "station",
    "report",
    "crowd",
    "protest",
    "harbour",
    "village",
    "farmer",
    "price",
    "wheat",
    "border",
    "army",
)
# A line dozens of articles carry: its fingerprints pass max_postings (3 here).
BOILERPLATE = "copyright the daily example all rights reserved do not redistribute this story"


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words))


def corpus(seed: int) -> list[Article]:
    """Originals, near-copies, partial reuse and a shared footer, dated and undated."""
    rng = random.Random(seed)
    texts: list[str] = []
    for _ in range(24):
        kind = rng.random()
        if texts and kind < 0.3:
            words = rng.choice(texts).split()
            words[rng.randrange(len(words))] = rng.choice(WORDS)
            texts.append(" ".join(words))
        elif texts and kind < 0.5:
            texts.append(f"{_text(rng, 30)} {rng.choice(texts)}")
        else:
            texts.append(_text(rng, rng.randint(40, 120)))
    articles = []
    for number, text in enumerate(texts):
        footer = f" {BOILERPLATE}" if number % 2 else ""
        day = rng.choice([None, *range(1, 29)])
        articles.append(
            Article(
                id=f"a{number:02d}",
                path=f"in/{number}.txt",
                raw_text=text + footer,
                text=text + footer,
                published=None if day is None else f"2021-03-{day:02d}",
            )
        )
    return articles


def reuse(store: SQLiteStore) -> dict[str, tuple[str | None, tuple[Reuse, ...]]]:
    return {a.id: (a.duplicate_of, a.derived_from) for a in store.iter_articles()}


@pytest.fixture(autouse=True)
def small_postings(monkeypatch: pytest.MonkeyPatch) -> None:
    def index(settings: Settings) -> CopyIndex:
        return CopyIndex(
            duplicate_threshold=settings.copies.duplicate_threshold,
            partial_threshold=settings.copies.partial_threshold,
            min_shingles=settings.copies.min_shingles,
            max_postings=3,
        )

    monkeypatch.setattr(ingest, "_copy_index", index)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_batches_through_the_store_equal_one_index_of_everything(seed: int) -> None:
    articles = corpus(seed)
    settings = Settings()
    with SQLiteStore() as scratch:
        for article in articles:
            scratch.add(article, article.path)
        ingest._rebuild_copies(scratch, settings)
        expected = reuse(scratch)
    assert any(dup for dup, _ in expected.values())
    assert any(r.kind == "partial" for _, rs in expected.values() for r in rs)

    order = articles[:]
    random.Random(seed).shuffle(order)
    with SQLiteStore() as store:
        for start in range(0, len(order), 5):
            batch = order[start : start + 5]
            for article in batch:
                store.add(article, article.path)
            ingest._copies(store, settings, [a.id for a in batch])
        assert store.copy_unindexed() == []
        assert reuse(store) == expected


def test_a_store_indexed_before_the_persisted_index_is_indexed_once() -> None:
    articles = corpus(4)
    settings = Settings()
    with SQLiteStore() as store:
        for article in articles[:-3]:
            store.add(article, article.path)
        for article in articles[-3:]:
            store.add(article, article.path)
        changed = ingest._copies(store, settings, [a.id for a in articles[-3:]])
        assert store.copy_unindexed() == []
        assert changed
        with SQLiteStore() as scratch:
            for article in articles:
                scratch.add(article, article.path)
            ingest._rebuild_copies(scratch, settings)
            assert reuse(store) == reuse(scratch)


def test_copy_keys_come_back_and_holders_in_article_order() -> None:
    index = CopyIndex(min_shingles=3)
    text = "the river burst its banks on tuesday night and flooded the lower town"
    with SQLiteStore() as store:
        for number, published in enumerate(["2021-01-02", None, "2021-01-01"]):
            store.add(Article(id=f"x{number}", path="p", raw_text=text, text=text,
                              published=published), "p")  # fmt: skip
            store.put_copy_keys([(f"x{number}", index.keys(text))])
        keys = index.keys(text)
        assert store.copy_keys(["x0", "missing"]) == {"x0": sorted(keys)}
        assert store.copy_key_holders([keys[0]]) == {keys[0]: ["x2", "x0", "x1"]}
        assert store.copy_key_holders([keys[0]], 2) == {keys[0]: ["x2", "x0"]}
        with pytest.raises(KeyError):
            store.put_copy_keys([("missing", keys)])
