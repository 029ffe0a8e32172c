"""Entities of the Karabakh corpus against the hand-made gold (entities_gold.json).

Pairwise merge precision and recall must both be 1.0 (no two referents fused,
no pair of the gold left apart) and no must-not-merge pair may be joined.
``bench/entities.py`` prints the same scores, and the gold mentions NER misses
(they are singletons in the gold, so they cost no pair).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from newsfuse.config import load_settings
from newsfuse.ingest import ingest
from newsfuse.model import Article, Entity
from newsfuse.store import open_store

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from _entity_scoring import (  # noqa: E402
    load_karabakh_gold,
    load_must_not_merge,
    load_removed_surfaces,
    must_not_merge_violations,
    pairwise_scores,
)
from entities import predicted_entities  # noqa: E402

GOLD = REPO / "tests" / "data" / "karabakh" / "entities_gold.json"

pytestmark = pytest.mark.shared


@pytest.fixture(scope="module")
def resolved(
    tmp_path_factory: pytest.TempPathFactory, shared_dir: Path
) -> tuple[dict[str, Article], list[Entity]]:
    corpus = shared_dir / "corpus" / "karabakh-2020"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found: put the shared data beside the repository")
    store = open_store(tmp_path_factory.mktemp("karabakh") / "k.db")
    ingest([corpus], store, load_settings(environ={}))
    articles = {Path(a.path).name: a for a in store.iter_articles()}
    entities = list(store.iter_entities())
    store.close()
    return articles, entities


def _by_name(entities: list[Entity], alias: str) -> Entity:
    (found,) = [e for e in entities if alias in e.aliases]
    return found


def test_pairwise_precision_and_recall_are_perfect(
    resolved: tuple[dict[str, Article], list[Entity]],
) -> None:
    articles, _ = resolved
    files, gold = load_karabakh_gold(GOLD)
    predicted = predicted_entities({key: articles[name] for key, name in files.items()}, gold)
    scores = pairwise_scores(gold, predicted)

    assert scores.false_merges == []
    assert scores.precision == 1.0
    assert scores.missed_merges == []
    assert scores.recall == 1.0
    assert must_not_merge_violations(gold, predicted, load_must_not_merge(GOLD)) == []


def test_unscored_surfaces_are_really_gone_from_the_clean_text(
    resolved: tuple[dict[str, Article], list[Entity]], shared_dir: Path
) -> None:
    articles, _ = resolved
    files, _ = load_karabakh_gold(GOLD)
    for key, surfaces in load_removed_surfaces(GOLD).items():
        raw = (shared_dir / "corpus" / "karabakh-2020" / files[key]).read_text(encoding="utf-8")
        clean = articles[files[key]].text
        for surface in surfaces:
            assert surface in raw
            assert surface not in clean, f"{surface!r} is in {key}'s clean text: score it"


@pytest.mark.parametrize(
    ("garbled", "canonical"),
    [
        ("Jihon Permov", "Jeyhun Bayramov"),
        ("Zahrab Manatsakyanian", "Zohrab Mnatsakanyan"),
        ("Artak Bulgarian", "Artak Beglaryan"),
        ("Stepenkurt", "Stepanakert"),
        ("Sergey Lavrov", "Sergei Lavrov"),
        ("Nagorny Karabakh", "Nagorno-Karabakh"),
    ],
)
def test_garbled_transliterations_join_the_well_formed_name(
    resolved: tuple[dict[str, Article], list[Entity]], garbled: str, canonical: str
) -> None:
    entity = _by_name(resolved[1], garbled)
    assert entity.name == canonical
    assert canonical in entity.aliases
    assert entity.merges or entity.place is not None


def test_the_two_foreign_ministers_stay_apart_with_their_countries(
    resolved: tuple[dict[str, Article], list[Entity]],
) -> None:
    bayramov = _by_name(resolved[1], "Jeyhun Bayramov")
    mnatsakanyan = _by_name(resolved[1], "Zohrab Mnatsakanyan")
    assert bayramov.id != mnatsakanyan.id
    facts = {(a.key, a.value) for a in bayramov.attributes}
    assert ("role", "foreign minister") in facts
    assert ("country", "Azerbaijan") in facts
    assert ("country", "Armenia") in {(a.key, a.value) for a in mnatsakanyan.attributes}


def test_every_mention_and_attribute_points_at_its_text(
    resolved: tuple[dict[str, Article], list[Entity]],
) -> None:
    articles, entities = resolved
    by_id = {a.id: a for a in articles.values()}
    for entity in entities:
        for mention in entity.mentions:
            text = by_id[mention.span.article].text
            assert text[mention.span.start : mention.span.end] == mention.text
            assert mention.entity == entity.id
        for attribute in entity.attributes:
            span = attribute.evidence
            assert by_id[span.article].text[span.start : span.end]


def test_places_carry_gazetteer_coordinates(
    resolved: tuple[dict[str, Article], list[Entity]],
) -> None:
    for alias, code in [("Azerbaijan", "AZ"), ("Stepanakert", "AZ"), ("Geneva", "CH")]:
        place = _by_name(resolved[1], alias).place
        assert place is not None and place.country_code == code
        assert place.latitude is not None
