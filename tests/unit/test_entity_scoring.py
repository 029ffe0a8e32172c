"""The entity-resolution scorer of the benchmarks and the two gold files it reads."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from _entity_scoring import (  # noqa: E402
    TYPES,
    GoldEntity,
    GoldMention,
    gold_mentions,
    load_gva_gold,
    load_karabakh_gold,
    load_must_not_merge,
    must_not_merge_violations,
    pairwise_scores,
    pick_gva_incidents,
)

#: ../shared beside the repository (or $NEWSFUSE_SHARED): the corpus and the eval data.
SHARED = Path(os.environ.get("NEWSFUSE_SHARED", REPO.parent / "shared"))
KARABAKH_GOLD = REPO / "tests" / "data" / "karabakh" / "entities_gold.json"
GVA_GOLD = REPO / "bench" / "data" / "gva_entities_gold.json"


def _gold() -> list[GoldEntity]:
    """Three documents; Lavrov named in all three, Shoygu in two, Putin in one."""
    return [
        GoldEntity(
            "lavrov",
            "person",
            "Sergey Lavrov",
            {"a": ["Sergei Lavrov", "Lavrov"], "b": ["Sergey Lavrov"], "c": ["Lavrov"]},
        ),
        GoldEntity("shoygu", "person", "Sergey Shoygu", {"b": ["Sergey Shoygu"], "c": ["Shoygu"]}),
        GoldEntity("putin", "person", "Vladimir Putin", {"a": ["Putin"]}),
    ]


def _perfect(gold: list[GoldEntity]) -> dict[GoldMention, str]:
    return {mention: f"e-{entity.id}" for entity in gold for mention in entity.mentions()}


# Cross-document gold pairs: lavrov has a:2, b:1, c:1 -> 2*1 + 2*1 + 1*1 = 5; shoygu 1.
GOLD_PAIRS = 6


def test_perfect_prediction_scores_one() -> None:
    gold = _gold()
    scores = pairwise_scores(gold, _perfect(gold))
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 1.0, 1.0)
    assert scores.gold_pairs == scores.true_pairs == scores.predicted_pairs == GOLD_PAIRS
    assert scores.false_merges == scores.missed_merges == []


def test_ids_need_only_agree_not_match_the_gold() -> None:
    gold = _gold()
    renamed = {m: e.replace("e-", "cluster-") for m, e in _perfect(gold).items()}
    assert pairwise_scores(gold, renamed).f1 == 1.0


def test_everything_merged_lowers_precision_only() -> None:
    gold = _gold()
    scores = pairwise_scores(gold, dict.fromkeys(_perfect(gold), "one"))
    # 7 mentions: a has 3, b 2, c 2 -> 3*2 + 3*2 + 2*2 = 16 cross-document pairs.
    assert scores.predicted_pairs == 16
    assert scores.recall == 1.0
    assert scores.precision == pytest.approx(GOLD_PAIRS / 16)
    assert (("a", "Putin"), ("b", "Sergey Shoygu")) in scores.false_merges
    assert (("b", "Sergey Lavrov"), ("c", "Shoygu")) in scores.false_merges
    assert len(scores.false_merges) == 16 - GOLD_PAIRS


def test_nothing_merged_has_zero_recall_and_full_precision() -> None:
    gold = _gold()
    singletons = {m: f"{m[0]}/{m[1]}" for m in _perfect(gold)}
    scores = pairwise_scores(gold, singletons)
    assert scores.recall == 0.0
    assert scores.precision == 1.0
    assert scores.f1 == 0.0
    assert len(scores.missed_merges) == GOLD_PAIRS


def test_unresolved_mentions_count_as_singletons() -> None:
    gold = _gold()
    assert pairwise_scores(gold, {}).recall == 0.0
    partial = _perfect(gold)
    del partial[("c", "Lavrov")]
    scores = pairwise_scores(gold, partial)
    assert scores.true_pairs == GOLD_PAIRS - 3
    assert (("a", "Lavrov"), ("c", "Lavrov")) in scores.missed_merges


def test_same_document_pairs_are_ignored() -> None:
    gold = _gold()
    predicted = _perfect(gold)
    predicted[("a", "Putin")] = "e-lavrov"
    scores = pairwise_scores(gold, predicted)
    # Putin now shares a cluster with Lavrov's b and c mentions (2 false pairs);
    # its pairs with the two Lavrov names of its own document a are not counted.
    assert scores.predicted_pairs == GOLD_PAIRS + 2
    assert scores.false_merges == [
        (("a", "Putin"), ("b", "Sergey Lavrov")),
        (("a", "Putin"), ("c", "Lavrov")),
    ]
    assert scores.recall == 1.0
    one_doc = [GoldEntity("x", "person", "X", {"a": ["X", "Mr X"]})]
    assert pairwise_scores(one_doc, {("a", "X"): "1", ("a", "Mr X"): "2"}).gold_pairs == 0


def test_predictions_outside_the_gold_are_ignored() -> None:
    gold = _gold()
    predicted = _perfect(gold) | {("a", "Moscow"): "e-lavrov", ("z", "Lavrov"): "e-lavrov"}
    assert pairwise_scores(gold, predicted).f1 == 1.0


def test_a_mention_under_two_entities_is_refused() -> None:
    gold = [*_gold(), GoldEntity("other", "person", "Other", {"a": ["Putin"]})]
    with pytest.raises(ValueError, match="belongs to both"):
        gold_mentions(gold)


def test_must_not_merge_violations_include_same_document() -> None:
    gold = _gold()
    predicted = _perfect(gold)
    assert must_not_merge_violations(gold, predicted, [("lavrov", "shoygu")]) == []
    predicted[("b", "Sergey Shoygu")] = "e-lavrov"
    found = must_not_merge_violations(gold, predicted, [("lavrov", "shoygu"), ("putin", "lavrov")])
    assert {(v.first_mention, v.second_mention) for v in found} == {
        (("a", "Sergei Lavrov"), ("b", "Sergey Shoygu")),
        (("a", "Lavrov"), ("b", "Sergey Shoygu")),
        (("b", "Sergey Lavrov"), ("b", "Sergey Shoygu")),
        (("c", "Lavrov"), ("b", "Sergey Shoygu")),
    }
    assert {v.predicted for v in found} == {"e-lavrov"}


# ---------------------------------------------------------------- the gold files


def _check_entities(entities: list[GoldEntity]) -> None:
    assert entities
    assert len({e.id for e in entities}) == len(entities)
    gold_mentions(entities)  # no mention under two entities
    for entity in entities:
        assert entity.type in TYPES, entity.id
        assert entity.canonical
        assert entity.surfaces or entity.demonyms, entity.id


def test_karabakh_gold_schema() -> None:
    files, entities = load_karabakh_gold(KARABAKH_GOLD)
    assert sorted(files) == ["000", "001", "002", "003", "004"]
    named = [e for e in entities if e.surfaces or e.demonyms]
    _check_entities(named)
    # Only entities named in nothing but removed lines (a credit line) are left bare.
    assert {e.id for e in entities} - {e.id for e in named} == {"france24", "north_korea"}
    ids = {e.id for e in entities}
    pairs = load_must_not_merge(KARABAKH_GOLD)
    assert ("bayramov", "mnatsakanyan") in pairs
    assert ("lavrov", "shoygu") in pairs
    assert all(a in ids and b in ids for a, b in pairs)
    assert pairwise_scores(entities, {}).gold_pairs > 100


def test_gva_gold_schema() -> None:
    data = json.loads(GVA_GOLD.read_text(encoding="utf-8"))
    assert (data["seed"], data["n"]) == (2020, 30)
    assert len(data["incident_ids"]) == 30
    assert sorted(data["incidents"]) == sorted(data["incident_ids"])
    entities = load_gva_gold(GVA_GOLD)
    _check_entities(entities)
    incident_ids = set(data["incident_ids"])
    for entity in entities:
        for key in entity.surfaces:
            incident, index = key.split(":")
            assert incident in incident_ids and index.isdigit(), key
        # shared by two or more articles, or kept on purpose as a look-alike trap
        assert len(entity.surfaces) >= 2 or _is_trap(data, entity.id), entity.id
    ids = {e.id for e in entities}
    assert all(a in ids and b in ids for a, b in load_must_not_merge(GVA_GOLD))


def _is_trap(data: dict[str, Any], id_: str) -> bool:
    incident, local = id_.split(":", 1)
    return any(
        raw["id"] == local and raw.get("single_article_trap") is True
        for raw in data["incidents"][incident]["entities"]
    )


@pytest.mark.shared
def test_karabakh_surfaces_occur_in_the_raw_files() -> None:
    corpus = SHARED / "corpus" / "karabakh-2020"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found: put the shared data beside the repository")
    files, entities = load_karabakh_gold(KARABAKH_GOLD)
    texts = {key: (corpus / name).read_text(encoding="utf-8") for key, name in files.items()}
    for entity in entities:
        for forms in (entity.surfaces, entity.demonyms):
            for key, surfaces in forms.items():
                for surface in surfaces:
                    assert surface in texts[key], (entity.id, key, surface)


@pytest.mark.shared
def test_gva_selection_and_surfaces_reproduce() -> None:
    incidents_path = SHARED / "eval" / "gva" / "incidents.jsonl"
    if not incidents_path.is_file():
        pytest.skip(f"{incidents_path} not found: put the shared data beside the repository")
    data = json.loads(GVA_GOLD.read_text(encoding="utf-8"))
    chosen = pick_gva_incidents(incidents_path, n=data["n"], seed=data["seed"])
    assert chosen == data["incident_ids"]
    contents: dict[str, str] = {}
    with incidents_path.open(encoding="utf-8") as lines:
        for line in lines:
            incident = json.loads(line)
            if incident["incident_id"] in data["incidents"]:
                for index, article in enumerate(incident["articles"]):
                    contents[f"{incident['incident_id']}:{index}"] = article["content"]
    for entity in load_gva_gold(GVA_GOLD):
        for key, surfaces in entity.surfaces.items():
            for surface in surfaces:
                assert surface in contents[key], (entity.id, key, surface)
