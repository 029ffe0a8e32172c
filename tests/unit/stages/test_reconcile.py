"""Reconciliation: figure groups, their status and estimate; events merged across sources."""

from __future__ import annotations

from dataclasses import replace

import pytest

from newsfuse.model import Article, Event, Figure, Mention, Quantity, Reuse, Span
from newsfuse.stages.reconcile import merge_events, reconcile_figures


def figure(
    article: str,
    low: float | None,
    high: float | None,
    qualifier: str = "exact",
    *,
    kind: str = "killed",
    subject: str = "soldiers",
    side: str | None = "Armenia",
    as_of: str | None = "2020-10-08",
    cumulative: bool | None = None,
    start: int = 0,
    text: str = "",
) -> Figure:
    return Figure(
        id=f"f-{article}-{start}",
        kind=kind,
        quantity=Quantity(low, high, qualifier),
        subject=subject,
        span=Span(article, start, start + 3),
        evidence=Span(article, 0, 50),
        text=text or f"{low} {subject}",
        side=side,
        as_of=as_of,
        cumulative=cumulative,
    )


def article(article_id: str, *figures: Figure, **changes: object) -> Article:
    base = Article(id=article_id, path=f"{article_id}.txt", raw_text="x", figures=figures)
    return replace(base, **changes)  # type: ignore[arg-type]


def test_one_source_is_single() -> None:
    (group,) = reconcile_figures("s", [article("a", figure("a", 300, 300))])
    assert (group.status, group.low, group.best, group.high, group.sources) == (
        "single",
        300,
        300,
        300,
        1,
    )


def test_compatible_values_agree_and_the_estimate_is_their_overlap() -> None:
    (group,) = reconcile_figures(
        "s",
        [
            article("a", figure("a", 300, None, "more_than")),
            article("b", figure("b", 350, 350)),
        ],
    )
    assert group.status == "agree"
    assert (group.low, group.high) == (350, 350)
    assert group.best == 350
    assert group.sources == 2


def test_values_that_cannot_both_hold_at_one_date_disagree() -> None:
    (group,) = reconcile_figures(
        "s",
        [
            article(
                "a",
                figure(
                    "a", 140_000, 140_000, "about", kind="displaced", subject="people", side=None
                ),
            ),
            article(
                "b",
                figure("b", 70_000, 75_000, "range", kind="displaced", subject="people", side=None),
            ),
        ],
    )
    assert group.status == "disagree"
    assert group.low == 70_000
    assert group.high == pytest.approx(154_000)
    assert "incompatible" in group.explanation


def test_a_total_that_grows_over_days_is_an_update() -> None:
    (group,) = reconcile_figures(
        "s",
        [
            article("a", figure("a", 158, 158, as_of="2020-10-03", cumulative=True)),
            article("b", figure("b", 300, None, "more_than", as_of="2020-10-08")),
            article("c", figure("c", 350, 350, as_of="2020-10-09")),
        ],
    )
    assert group.status == "update"
    assert group.best == 350
    assert group.explanation.startswith("rose from")


def test_a_total_that_falls_is_a_disagreement() -> None:
    (group,) = reconcile_figures(
        "s",
        [
            article("a", figure("a", 350, 350, as_of="2020-10-03")),
            article("b", figure("b", 158, 158, as_of="2020-10-05")),
        ],
    )
    assert group.status == "disagree"


def test_an_increment_is_evidence_not_a_competing_value() -> None:
    (group,) = reconcile_figures(
        "s",
        [
            article(
                "a",
                figure("a", 54, 54, cumulative=False, start=0),
                figure("a", 158, 158, cumulative=True, start=10),
            )
        ],
    )
    assert group.status == "single"
    assert group.best == 158
    assert len(group.figures) == 2


def test_copies_count_once() -> None:
    wire = article("a", figure("a", 300, 300))
    copy = article(
        "b", figure("b", 300, 300), duplicate_of="a", derived_from=(Reuse("a", "duplicate", 1, 1),)
    )
    (group,) = reconcile_figures("s", [wire, copy])
    assert group.sources == 1
    assert group.status == "single"


def test_damaged_and_destroyed_are_compared_and_the_wording_is_flagged() -> None:
    (group,) = reconcile_figures(
        "s",
        [
            article("a", figure("a", 427, 427, kind="damaged", subject="homes")),
            article("b", figure("b", 427, 427, kind="destroyed", subject="homes", side=None)),
        ],
    )
    assert group.status == "disagree"
    assert "'damaged' and 'destroyed'" in group.explanation


def test_figures_far_apart_in_time_are_not_compared() -> None:
    groups = reconcile_figures(
        "s",
        [
            article("a", figure("a", 30_000, 30_000, subject="people", side=None, as_of="1990")),
            article("b", figure("b", 400, 400, subject="people", side=None, as_of="2020-10-08")),
            article(
                "c",
                figure("c", 23, None, "at_least", subject="people", side=None, as_of="2020-09-27"),
            ),
        ],
    )
    assert sorted(len(g.figures) for g in groups) == [1, 1, 1]
    assert {g.status for g in groups} == {"single"}


def test_civilians_of_no_stated_side_stay_apart_from_one_sides_civilians() -> None:
    groups = reconcile_figures(
        "s",
        [
            article("a", figure("a", 12, None, "vague", subject="civilians", side=None)),
            article("b", figure("b", 19, 19, subject="civilians", side="Azerbaijan")),
        ],
    )
    assert len(groups) == 2


def test_a_disputed_value_equal_to_a_population_is_pointed_out() -> None:
    population = figure(
        "c",
        140_000,
        140_000,
        "about",
        kind="population",
        subject="people",
        side="Karabakh",
        text="about 140 thousand people",
    )
    groups = reconcile_figures(
        "s",
        [
            article(
                "a",
                figure(
                    "a",
                    140_000,
                    140_000,
                    "about",
                    kind="displaced",
                    subject="people",
                    side=None,
                    text="about 140,000 people",
                ),
            ),
            article(
                "b",
                figure("b", 70_000, 75_000, "range", kind="displaced", subject="people", side=None),
            ),
            article("c", population),
        ],
    )
    (disputed,) = [g for g in groups if g.kind == "displaced"]
    assert "also the population of Karabakh" in disputed.explanation


def test_group_ids_are_stable_and_order_free() -> None:
    one = [article("a", figure("a", 300, 300)), article("b", figure("b", 350, 350))]
    assert reconcile_figures("s", one) == reconcile_figures("s", one[::-1])


def event(
    article_id: str,
    kind: str,
    *,
    date: str | None,
    precision: str | None,
    place: str | None,
    actors: tuple[str, ...] = (),
    start: int = 0,
) -> Event:
    return Event(
        id=f"e-{article_id}-{start}",
        type=kind,
        evidence=(Span(article_id, start, start + 10),),
        actors=actors,
        actor_spans=tuple(Span(article_id, start, start + 1) for _ in actors),
        place=place and f"geonames:{place}",
        place_name=place,
        date=date,
        date_precision=precision,
    )


def test_one_meeting_told_by_three_sources_is_one_event() -> None:
    merged = merge_events(
        "s",
        [
            replace(
                article("a"),
                events=(
                    event(
                        "a",
                        "meeting",
                        date="2020-10-08",
                        precision="day",
                        place="Geneva",
                        actors=("Jeyhun Bayramov",),
                    ),
                ),
            ),
            replace(
                article("b"),
                events=(
                    event("b", "meeting", date="2020-10-09", precision="reported", place="Geneva"),
                ),
            ),
            replace(
                article("c"),
                events=(
                    event(
                        "c",
                        "meeting",
                        date=None,
                        precision=None,
                        place=None,
                        actors=("Jeyhun Bayramov", "Minsk Group"),
                    ),
                ),
            ),
        ],
    )
    (meeting,) = merged
    assert meeting.articles == ("a", "b", "c")
    assert (meeting.date, meeting.date_precision, meeting.place_name) == (
        "2020-10-08",
        "day",
        "Geneva",
    )
    assert meeting.story == "s"
    assert meeting.actors == ("Jeyhun Bayramov", "Minsk Group")


def test_meetings_in_two_cities_stay_two_events() -> None:
    merged = merge_events(
        "s",
        [
            replace(
                article("a"),
                events=(event("a", "meeting", date="2020-10-08", precision="day", place="Geneva"),),
            ),
            replace(
                article("b"),
                events=(event("b", "meeting", date="2020-10-09", precision="day", place="Moscow"),),
            ),
        ],
    )
    assert [e.place_name for e in merged] == ["Geneva", "Moscow"]


def test_an_event_is_alleged_only_if_every_source_says_so() -> None:
    alleged = replace(
        event("a", "shelling", date=None, precision=None, place="Ganja"), alleged=True
    )
    fact = event("b", "shelling", date=None, precision=None, place="Ganja")
    (merged,) = merge_events(
        "s", [replace(article("a"), events=(alleged,)), replace(article("b"), events=(fact,))]
    )
    assert merged.alleged is False


def test_explanations_name_a_speaker_by_their_entity() -> None:
    garbled = Mention(Span("b", 0, 15), "Artak Bulgarian", "person", entity="e-beglaryan")
    phrase = Mention(Span("c", 16, 20), "Baku", "city", entity="e-baku")
    named = replace(
        figure("b", 70_000, 75_000, "range", kind="displaced", subject="people", side=None),
        speaker="Artak Bulgarian",
        speaker_span=garbled.span,
    )
    said = replace(
        figure("c", 140_000, 140_000, kind="displaced", subject="people", side=None),
        speaker="Authorities in Baku",
        speaker_span=phrase.span,
    )
    (group,) = reconcile_figures(
        "s",
        [article("b", named, mentions=(garbled,)), article("c", said, mentions=(phrase,))],
        entity_names={"e-beglaryan": "Artak Beglaryan", "e-baku": "Baku"},
    )
    assert "(Artak Beglaryan)" in group.explanation
    assert "(Authorities in Baku)" in group.explanation
