"""Entities of the Karabakh corpus against the hand-made gold (entities_gold.json).

Pairwise merge precision must be 1.0 (no two referents fused) and no
must-not-merge pair may be joined. Recall is held at its measured floor: the
pairs still missed are mentions spaCy's small model does not find at all
("Qarabagh", a lower-case "Minsk group"), listed by ``bench/entities.py``.
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
    must_not_merge_violations,
    pairwise_scores,
)
from entities import predicted_entities  # noqa: E402

GOLD = REPO / "tests" / "data" / "karabakh" / "entities_gold.json"
#: Measured on 2026-11-23 (bench/entities.py): raise it when recall improves.
RECALL_FLOOR = 0.87

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


def test_pairwise_precision_is_perfect_and_recall_holds(
    resolved: tuple[dict[str, Article], list[Entity]],
) -> None:
    articles, _ = resolved
    files, gold = load_karabakh_gold(GOLD)
    predicted = predicted_entities({key: articles[name] for key, name in files.items()}, gold)
    scores = pairwise_scores(gold, predicted)

    assert scores.false_merges == []
    assert scores.precision == 1.0
    assert scores.recall >= RECALL_FLOOR, scores.missed_merges
    assert must_not_merge_violations(gold, predicted, load_must_not_merge(GOLD)) == []


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
