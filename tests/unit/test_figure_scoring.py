"""The figure benchmarks' helpers: loaders, the rules that pick a prediction, baselines, scores."""

from __future__ import annotations

import json
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from _figure_scoring import (  # noqa: E402
    CountScores,
    baseline_count,
    count_scores,
    error_kind,
    gold_not_stated,
    historical,
    largest_number,
    load_idetect,
    load_incidents,
    numbers_in,
    pick_figure,
    pick_group,
    term_of,
    unit_of,
    with_mentions,
)
from newsfuse.model import Article, Figure, FigureGroup, Mention, Quantity, Span  # noqa: E402


def group(
    kind: str = "killed",
    best: float | None = 1.0,
    sources: int = 1,
    subject: str = "people",
    as_of: str | None = "2016-05-08",
    id: str = "g1",
) -> FigureGroup:
    return FigureGroup(
        id=id,
        story="s",
        kind=kind,
        subject=subject,
        status="single",
        explanation="",
        figures=(),
        low=best,
        best=best,
        high=best,
        sources=sources,
        as_of=as_of,
    )


def figure(
    text: str,
    start: int,
    kind: str = "displaced",
    low: float | None = 100.0,
    subject: str = "people",
    evidence: tuple[int, int] | None = None,
    share: float | None = None,
) -> Figure:
    ev = evidence or (0, start + len(text))
    return Figure(
        id=f"f{start}",
        kind=kind,
        quantity=Quantity(low, low, "exact", share),
        subject=subject,
        span=Span("a", start, start + len(text)),
        evidence=Span("a", *ev),
        text=text,
    )


# ---------------------------------------------------------------- GVA


def test_load_incidents_skips_null_gold_and_keys_articles(tmp_path: Path) -> None:
    path = tmp_path / "incidents.jsonl"
    rows = [
        {
            "incident_id": "7",
            "gold": {"num_killed": 1, "num_injured": 2},
            "articles": [
                {"title": " T ", "dct": "2016-01-02", "uri": "http://x.com/a", "content": "A"},
                {"title": None, "dct": None, "uri": None, "content": None},
            ],
        },
        {"incident_id": "8", "gold": None, "articles": []},
        {"incident_id": "9", "gold": {"num_killed": 0, "num_injured": 0}, "articles": []},
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    incidents, without = load_incidents(path)
    assert without == 1
    assert [(i.id, i.killed, i.injured) for i in incidents] == [("7", 1, 2), ("9", 0, 0)]
    first, second = incidents[0].articles
    assert (first.key, first.title, first.text, first.published) == ("7:0", "T", "A", "2016-01-02")
    assert (second.key, second.text, second.url) == ("7:1", "", None)
    assert len(load_incidents(path, limit=1)[0]) == 1
    with pytest.raises(ValueError):
        load_incidents(path, limit=3)


def test_historical_groups() -> None:
    # Historical: the period the as-of stands for ended over 30 days before the first report.
    assert historical(group(as_of="2014"), "2016-05-08")
    assert not historical(group(as_of="2016"), "2016-05-08")
    assert historical(group(as_of="2016-03"), "2016-05-08")
    assert not historical(group(as_of="2016-04"), "2016-05-08")  # "in April": this incident
    assert historical(group(as_of="2016-03-01"), "2016-05-08")
    assert not historical(group(as_of="2016-05-01"), "2016-05-08")
    assert not historical(group(as_of=None), "2016-05-08")
    assert historical(group(as_of="2016-03"), None)
    assert not historical(group(as_of="2016-03-01"), None)


def test_pick_group_prefers_sources_then_the_larger_estimate() -> None:
    groups = [
        group(best=2.0, sources=1, id="a"),
        group(best=1.0, sources=2, id="b"),
        group(best=3.0, sources=2, id="c", subject="civilians"),
        group(kind="injured", best=9.0, sources=5, id="d"),
        group(best=50.0, sources=9, id="e", subject="homes"),
        group(best=40.0, sources=9, id="f", as_of="2012"),
        group(best=None, sources=9, id="g"),
    ]
    chosen = pick_group(groups, "killed", "2016-05-08")
    assert chosen is not None and chosen.id == "c"
    assert pick_group(groups, "missing") is None


def test_pick_group_breaks_full_ties_by_id() -> None:
    groups = [group(id="b"), group(id="a")]
    assert [pick_group(groups, "killed"), pick_group(groups[::-1], "killed")] == [
        groups[0],
        groups[0],
    ]


@pytest.mark.parametrize(
    ("texts", "kind", "expected"),
    [
        (["Two people were killed and three wounded."], "killed", 3),  # "three" is near too
        (["A man was shot and killed."], "killed", 0),
        (["Police say 4 injured, one dead."], "injured", 4),
        (["In 2016, 2,500 people were killed."], "killed", 0),
        (["A 19-year-old was killed."], "killed", 19),
        (["one dead", "five people were hurt and two dead"], "killed", 2),
        ([], "killed", 0),
    ],
)
def test_baseline_count(texts: Sequence[str], kind: str, expected: int) -> None:
    assert baseline_count(texts, kind) == expected


def test_count_scores() -> None:
    assert count_scores([1, 2, 0, 4], [1, 3, 0, 0]) == CountScores(4, 0.5, 1.25)
    assert count_scores([1], [1]).to_dict() == {"n": 1, "exact": 1.0, "mae": 0.0}
    with pytest.raises(ValueError):
        count_scores([1], [1, 2])
    with pytest.raises(ValueError):
        count_scores([], [])


@pytest.mark.parametrize(
    ("gold", "predicted", "kind"),
    [
        (1, 1, None),
        (0, 0, None),
        (2, 0, "missed"),
        (3, 1, "too low"),
        (1, 2, "too high"),
        (0, 1, "too high"),
    ],
)
def test_error_kind(gold: int, predicted: int, kind: str | None) -> None:
    assert error_kind(gold, predicted) == kind


# ---------------------------------------------------------------- IDETECT


def test_load_idetect(tmp_path: Path) -> None:
    path = tmp_path / "idetect.csv"
    path.write_text(
        "excerpt_id,excerpt,Quantity,Term,Unit,Location,Country\n"
        '1,"About 1,000 people fled.","1,000",Forced to Flee,People,Mosul,IRQ\n'
        "2,Ten families were displaced.,10,Displaced,Households,,\n",
        encoding="utf-8",
    )
    excerpts = load_idetect(path)
    assert [(e.id, e.quantity, e.term, e.unit) for e in excerpts] == [
        ("1", 1000.0, "Forced to Flee", "People"),
        ("2", 10.0, "Displaced", "Households"),
    ]
    assert excerpts[0].location == "Mosul"
    assert len(load_idetect(path, limit=1)) == 1


def test_term_of_refines_displaced_and_sheltered_by_the_nearest_word() -> None:
    text = "About 100 people fled. Some 50 were displaced. 20 stay in camps. 30 in shelters."

    def at(words: str, kind: str = "displaced") -> Figure:
        start = text.index(words)
        end = text.index(".", start) + 1
        begin = text.rfind(". ", 0, start)
        return figure(words, start, kind=kind, evidence=(0 if begin < 0 else begin + 2, end))

    assert term_of(at("About 100 people"), text) == "Forced to Flee"
    assert term_of(at("50"), text) == "Displaced"
    assert term_of(at("20", "sheltered"), text) == "In Relief Camp"
    assert term_of(at("30", "sheltered"), text) == "Sheltered"
    assert term_of(figure("9", 0, kind="destroyed"), "9 homes destroyed") == "Destroyed Housing"
    assert term_of(figure("9", 0, kind="killed"), "9 killed") is None


def test_unit_of() -> None:
    assert unit_of(figure("10 families", 0, subject="households")) == "Households"
    assert unit_of(figure("10 people", 0)) == "People"


def test_pick_figure_takes_the_first_displacement_figure_with_a_value() -> None:
    killed = figure("3", 0, kind="killed")
    share = figure("half", 5, low=None, share=0.5)
    later = figure("200", 40)
    first = figure("100", 20, kind="evacuated")
    assert pick_figure([later, killed, share, first]) == first
    assert pick_figure([killed, share]) is None


def test_numbers_in_and_the_largest() -> None:
    text = "In 2016, about 260,000 people, 1.5 million in all, and 34 of 2000 villages."
    assert numbers_in(text) == [260_000.0, 1_500_000.0, 34.0]
    assert largest_number(text) == 1_500_000.0
    assert largest_number("no digits here") is None


def test_gold_not_stated() -> None:
    assert gold_not_stated(26_000, [260_000.0, 31.0])
    assert not gold_not_stated(260_000, [260_000.0])


# ---------------------------------------------------------------- the entities cache


def test_with_mentions_caches_by_text_and_dependencies(tmp_path: Path) -> None:
    calls: list[int] = []

    def recognize(articles: Sequence[Article]) -> list[Article]:
        calls.append(len(articles))
        return [
            Article(
                id=a.id,
                path=a.path,
                raw_text=a.raw_text,
                text=a.text,
                mentions=(Mention(Span(a.id, 0, 1), a.text[:1], "person"),),
            )
            for a in articles
        ]

    articles = [Article(id=str(i), path="p", raw_text=t, text=t) for i, t in enumerate("xy")]
    done, _, cached = with_mentions("t", articles, recognize, cache=tmp_path, depends={"k": 1})
    assert not cached and calls == [2]
    again, _, cached = with_mentions("t", articles, recognize, cache=tmp_path, depends={"k": 1})
    assert cached and calls == [2]
    assert [a.mentions for a in again] == [a.mentions for a in done]
    changed = [articles[0], Article(id="1", path="p", raw_text="z", text="z")]
    _, _, cached = with_mentions("t", changed, recognize, cache=tmp_path, depends={"k": 1})
    assert not cached and calls == [2, 2]
    _, _, cached = with_mentions("t", articles, recognize, cache=tmp_path, depends={"k": 2})
    assert not cached
    _, _, cached = with_mentions(
        "t", articles, recognize, cache=tmp_path, depends={"k": 1}, refresh=True
    )
    assert not cached
