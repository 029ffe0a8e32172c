"""The story-clustering scorer of the benchmarks, its two corpus loaders and its baseline."""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from collections.abc import Mapping
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from _story_scoring import (  # noqa: E402
    BCubed,
    StoryDoc,
    bcubed,
    best_baseline,
    gold_of,
    load_ecbplus,
    load_gva,
    tfidf_agglomerative,
)

# Gold {a, b, c, d} {e}; predicted {a, b} {c, d, e}.
#   precision per item: a 2/2, b 2/2, c 2/3, d 2/3, e 1/3 -> 11/3 over 5 = 11/15
#   recall per item:    a 2/4, b 2/4, c 2/4, d 2/4, e 1/1 -> 3 over 5    = 3/5
#   F1 = 2 (11/15)(3/5) / (11/15 + 3/5) = (66/75) / (20/15)           = 33/50
GOLD = {"a": "G1", "b": "G1", "c": "G1", "d": "G1", "e": "G2"}
PREDICTED = {"a": "C1", "b": "C1", "c": "C2", "d": "C2", "e": "C2"}


def test_worked_asymmetric_example() -> None:
    scores = bcubed(GOLD, PREDICTED)
    assert scores.precision == pytest.approx(11 / 15)
    assert scores.recall == pytest.approx(3 / 5)
    assert scores.f1 == pytest.approx(33 / 50)
    assert scores.items == 5
    # Swapping the roles swaps precision and recall.
    swapped = bcubed(PREDICTED, GOLD)
    assert (swapped.precision, swapped.recall) == pytest.approx((3 / 5, 11 / 15))


def test_perfect_clustering_scores_exactly_one() -> None:
    assert bcubed(GOLD, {k: f"story-{v}" for k, v in GOLD.items()}) == BCubed(1.0, 1.0, 1.0, 5)


def test_everything_in_one_cluster_has_full_recall() -> None:
    scores = bcubed(GOLD, dict.fromkeys(GOLD, "all"))
    assert scores.recall == 1.0
    # Sum over gold clusters of size squared, over n squared: (4² + 1²) / 5².
    assert scores.precision == pytest.approx(17 / 25)


def test_all_singletons_have_full_precision() -> None:
    scores = bcubed(GOLD, {k: k for k in GOLD})
    assert scores.precision == 1.0
    # Each gold cluster's items sum to 1 between them: gold clusters over n.
    assert scores.recall == pytest.approx(2 / 5)


def test_missing_items_are_singletons() -> None:
    assert bcubed(GOLD, {}) == bcubed(GOLD, {k: k for k in GOLD})
    # d and e unclustered; the label "d" must not pull the item d into a, b and c's cluster.
    scores = bcubed(GOLD, {"a": "d", "b": "d", "c": "d"})
    assert scores.precision == 1.0
    # recall: a, b, c 3/4 each, d 1/4, e 1/1 -> 3.5 over 5
    assert scores.recall == pytest.approx(7 / 10)


def test_items_outside_the_gold_are_ignored() -> None:
    extra = PREDICTED | {"z": "C1", "y": "C2"}
    assert bcubed(GOLD, extra) == bcubed(GOLD, PREDICTED)


def test_empty_gold_is_refused() -> None:
    with pytest.raises(ValueError, match="at least one gold item"):
        bcubed({}, {"a": "x"})


# ---------------------------------------------------------------- properties

#: a labelling of items i0, i1, ...; None: the item is missing from the prediction
labels = st.lists(st.integers(0, 4), min_size=1, max_size=25)
partial = st.lists(st.none() | st.integers(0, 4), min_size=1, max_size=25)


def _gold(values: list[int]) -> dict[str, str]:
    return {f"i{i}": str(v) for i, v in enumerate(values)}


def _predicted(values: list[int | None]) -> dict[str, str]:
    return {f"i{i}": str(v) for i, v in enumerate(values) if v is not None}


def _partition(items: list[str], labels: Mapping[str, str]) -> frozenset[frozenset[str]]:
    groups: dict[str, set[str]] = defaultdict(set)
    for item in items:
        groups[f"label:{labels[item]}" if item in labels else f"alone:{item}"].add(item)
    return frozenset(frozenset(group) for group in groups.values())


def _naive(gold: Mapping[str, str], predicted: Mapping[str, str]) -> tuple[float, float]:
    """The definition item by item, quadratic: the reference for the fast count."""

    def cluster(item: str) -> set[str]:
        if item not in predicted:
            return {item}
        return {other for other in gold if predicted.get(other) == predicted[item]}

    precision = recall = 0.0
    for item in gold:
        mates = {other for other in gold if gold[other] == gold[item]}
        shared = len(cluster(item) & mates)
        precision += shared / len(cluster(item))
        recall += shared / len(mates)
    return precision / len(gold), recall / len(gold)


@given(labels, partial)
def test_matches_the_item_by_item_definition(
    gold_values: list[int], pred: list[int | None]
) -> None:
    gold = _gold(gold_values)
    predicted = _predicted(pred)
    scores = bcubed(gold, predicted)
    assert (scores.precision, scores.recall) == pytest.approx(_naive(gold, predicted))
    assert scores.items == len(gold)


@given(labels, partial, st.permutations(range(5)))
def test_label_names_do_not_matter(
    gold_values: list[int], pred: list[int | None], renaming: list[int]
) -> None:
    gold = _gold(gold_values)
    predicted = _predicted(pred)
    renamed_predicted = {k: f"cluster {renaming[int(v)]}" for k, v in predicted.items()}
    renamed_gold = {k: f"story {renaming[int(v)]}" for k, v in gold.items()}
    assert bcubed(gold, predicted) == bcubed(gold, renamed_predicted)
    assert bcubed(gold, predicted) == bcubed(renamed_gold, predicted)


@given(labels, partial)
def test_one_exactly_when_the_partitions_are_equal(
    gold_values: list[int], pred: list[int | None]
) -> None:
    gold = _gold(gold_values)
    predicted = _predicted(pred)
    items = list(gold)
    same = _partition(items, gold) == _partition(items, predicted)
    scores = bcubed(gold, predicted)
    assert (scores.precision == 1.0 and scores.recall == 1.0) == same
    assert (scores.f1 == 1.0) == same


@given(labels)
def test_a_prediction_equal_to_the_gold_scores_one(gold_values: list[int]) -> None:
    # The property above rarely draws equal partitions by chance; this draws only those.
    gold = _gold(gold_values)
    assert bcubed(gold, {k: f"c{v}" for k, v in gold.items()}) == (1.0, 1.0, 1.0, len(gold))


# ---------------------------------------------------------------- baseline


def _doc(key: str, gold: str, title: str, text: str) -> StoryDoc:
    return StoryDoc(key, title, text, None, None, gold, gold)


QUAKE = [
    _doc(
        "q1",
        "quake",
        "Earthquake strikes Chile",
        "A magnitude 7 earthquake shook Santiago, Chile; buildings collapsed.",
    ),
    _doc(
        "q2",
        "quake",
        "Chile earthquake kills dozens",
        "Rescuers search collapsed buildings after the Santiago earthquake.",
    ),
    _doc(
        "q3",
        "quake",
        "Aftershocks rattle Santiago",
        "Chile earthquake aftershocks hit Santiago as buildings lie collapsed.",
    ),
]
FOOTBALL = [
    _doc(
        "f1",
        "final",
        "United win cup final",
        "Manchester United beat Arsenal 2-1 in the cup final at Wembley.",
    ),
    _doc(
        "f2",
        "final",
        "Arsenal lose at Wembley",
        "Arsenal fell to Manchester United in the Wembley cup final.",
    ),
    _doc(
        "f3",
        "final",
        "Cup final goes to United",
        "A late goal gave Manchester United the cup final over Arsenal at Wembley.",
    ),
]


def test_baseline_separates_two_unrelated_stories() -> None:
    docs = QUAKE + FOOTBALL
    predicted = tfidf_agglomerative(docs, distance_threshold=0.95)
    assert set(predicted) == {doc.key for doc in docs}
    assert bcubed(gold_of(docs), predicted) == (1.0, 1.0, 1.0, 6)
    # A threshold near zero merges nothing.
    assert len(set(tfidf_agglomerative(docs, distance_threshold=0.01).values())) == 6


def test_best_baseline_returns_the_clustering_at_its_threshold() -> None:
    docs = QUAKE + FOOTBALL
    threshold, scores, predicted = best_baseline(docs, thresholds=(0.99, 0.01, 0.95, 0.9))
    assert scores == (1.0, 1.0, 1.0, 6)
    # 0.9 and 0.95 both reach F1 1; the lower wins.
    assert threshold == 0.9
    assert bcubed(predicted, tfidf_agglomerative(docs, threshold)).f1 == 1.0


def test_baseline_edge_cases() -> None:
    assert tfidf_agglomerative([], 0.5) == {}
    assert tfidf_agglomerative(QUAKE[:1], 0.5) == {"q1": "0"}
    with pytest.raises(ValueError, match="used twice"):
        tfidf_agglomerative([QUAKE[0], QUAKE[0]], 0.5)
    with pytest.raises(ValueError, match="at least one document"):
        best_baseline([])
    with pytest.raises(ValueError, match="at least one threshold"):
        best_baseline(QUAKE, thresholds=())


def test_gold_of() -> None:
    assert gold_of(QUAKE + FOOTBALL[:1]) == {
        "q1": "quake",
        "q2": "quake",
        "q3": "quake",
        "f1": "final",
    }
    with pytest.raises(ValueError, match="used twice"):
        gold_of([QUAKE[0], QUAKE[0]])


# ---------------------------------------------------------------- loaders, on made-up files


def _ecb_file(folder: Path, stem: str, **fields: object) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    raw = {"title": "", "text": "", "date_publish": None, "url": None, "language": "en"} | fields
    (folder / f"{stem}.json").write_text(json.dumps(raw), encoding="utf-8")


def test_load_ecbplus_layout(tmp_path: Path) -> None:
    _ecb_file(tmp_path / "10ecb", "10_1ecb", title="Quake hits.", text="More.")
    _ecb_file(tmp_path / "2ecbplus", "2_10ecbplus", title="Fire.", text="It burned.")
    _ecb_file(
        tmp_path / "2ecbplus",
        "2_9ecbplus",
        title="Fire again.",
        text="Rest.",
        date_publish="Published : Tuesday, August 7, 2012 3 : 33 PM",
        url="http : / / www. example. com / 2012 / 08 / fire. html",
    )
    _ecb_file(tmp_path / "2ecb", "2_1ecb", title="The only sentence.", text="")
    docs = load_ecbplus(tmp_path)
    # Natural order: topic 2 before 10, ecb before ecbplus, file 9 before 10.
    assert [d.key for d in docs] == [
        "2ecb/2_1ecb",
        "2ecbplus/2_9ecbplus",
        "2ecbplus/2_10ecbplus",
        "10ecb/10_1ecb",
    ]
    assert [(d.gold, d.group) for d in docs] == [
        ("2ecb", "2"),
        ("2ecbplus", "2"),
        ("2ecbplus", "2"),
        ("10ecb", "10"),
    ]
    # A one-sentence article: the dump left text empty, the sentence is in title.
    assert (docs[0].title, docs[0].text) == ("The only sentence.", "The only sentence.")
    assert all(d.published is None and d.url is None for d in docs)
    dated = load_ecbplus(tmp_path, metadata=True)[1]
    assert dated.published == "2012-08-07"
    assert dated.url == "http://www.example.com/2012/08/fire.html"


@pytest.mark.parametrize(
    ("raw", "published"),
    [
        ("05 / 02 / 2013", "2013-05-02"),
        ("2013 - 09 - 26 Parliament has 125 seats.", "2013-09-26"),
        ("8 : 05am UK, Monday 16 September 2013", "2013-09-16"),
        ("Published on 18th September 2013", "2013-09-18"),
        # no full date: a bare day and month, a year in a sentence, a time
        ("APR 28", None),
        ("In 2008, Klitschko stopped Thompson in the 11th round.", None),
        ("Updated 9 : 06 AM", None),
        ("", None),
    ],
)
def test_load_ecbplus_dates(tmp_path: Path, raw: str, published: str | None) -> None:
    _ecb_file(tmp_path / "1ecbplus", "1_1ecbplus", title="T.", text="X.", date_publish=raw)
    assert load_ecbplus(tmp_path, metadata=True)[0].published == published


def test_load_ecbplus_refuses_strays(tmp_path: Path) -> None:
    _ecb_file(tmp_path / "misc", "a", title="T.", text="X.")
    with pytest.raises(ValueError, match="expected a folder named"):
        load_ecbplus(tmp_path)
    (tmp_path / "misc" / "a.json").unlink()
    (tmp_path / "misc").rmdir()
    _ecb_file(tmp_path / "1ecb", "1_1ecb", title="", text=" ")
    with pytest.raises(ValueError, match="neither title nor text"):
        load_ecbplus(tmp_path)


def _gva_file(path: Path, incidents: int) -> Path:
    with path.open("w", encoding="utf-8") as out:
        for n in range(incidents):
            articles = [
                {"title": f"T{n}.{i}", "dct": "2014-01-28", "uri": f"u{n}.{i}", "content": "C"}
                for i in range(n % 3 + 1)
            ]
            out.write(json.dumps({"incident_id": str(100 + n), "gold": {}, "articles": articles}))
            out.write("\n")
    return path


def test_load_gva_layout(tmp_path: Path) -> None:
    docs = load_gva(_gva_file(tmp_path / "incidents.jsonl", 3))
    assert [d.key for d in docs] == ["100:0", "101:0", "101:1", "102:0", "102:1", "102:2"]
    assert docs[2] == StoryDoc("101:1", "T1.1", "C", "2014-01-28", "u1.1", "101", "101")


def test_load_gva_sample(tmp_path: Path) -> None:
    path = _gva_file(tmp_path / "incidents.jsonl", 40)
    sample = load_gva(path, limit=10)
    assert len({d.gold for d in sample}) == 10
    assert load_gva(path, limit=10) == sample
    assert load_gva(path, limit=10, seed=7) != sample
    # Incidents keep file order and all their articles.
    golds = [d.gold for d in sample]
    assert golds == sorted(golds)
    assert all(golds.count(g) == (int(g) - 100) % 3 + 1 for g in golds)
    assert load_gva(path, limit=0) == []
    assert load_gva(path, limit=40) == load_gva(path)
    for bad in (-1, 41):
        with pytest.raises(ValueError, match="limit"):
            load_gva(path, limit=bad)


# ---------------------------------------------------------------- loaders, on the eval data


@pytest.mark.shared
def test_ecbplus_corpus(shared_dir: Path) -> None:
    root = shared_dir / "eval" / "ecbplus"
    if not root.is_dir():
        pytest.skip(f"{root} not found: put the shared data beside the repository")
    docs = load_ecbplus(root)
    golds = {d.gold for d in docs}
    assert len(golds) == 42
    assert len({d.group for d in docs}) == 21
    assert 450 <= len(docs) <= 520
    assert len({d.key for d in docs}) == len(docs)
    assert all(d.text.strip() and d.title.strip() for d in docs)
    by_topic: dict[str, set[str]] = defaultdict(set)
    for doc in docs:
        by_topic[doc.group].add(doc.gold)
    assert all(kinds == {f"{t}ecb", f"{t}ecbplus"} for t, kinds in by_topic.items())
    # The reason metadata is off by default: only the ecbplus half carries it.
    with_metadata = load_ecbplus(root, metadata=True)
    assert {d.gold.endswith("ecbplus") for d in with_metadata if d.url or d.published} == {True}


@pytest.mark.shared
def test_gva_corpus(shared_dir: Path) -> None:
    path = shared_dir / "eval" / "gva" / "incidents.jsonl"
    if not path.is_file():
        pytest.skip(f"{path} not found: put the shared data beside the repository")
    sample = load_gva(path, limit=30)
    assert len({d.gold for d in sample}) == 30
    assert load_gva(path, limit=30) == sample
    assert all(d.published and d.title for d in sample)
    docs = load_gva(path)
    assert len({d.gold for d in docs}) > 1_500
    assert 2_800 <= len(docs) <= 3_500
    assert len({d.key for d in docs}) == len(docs)
