"""Story clustering on hand-made features: no embedding model is loaded.

Vectors are 4-dimensional unit vectors built from angles, so every cosine is
known: ``at(0)`` and ``at(60)`` have cosine 0.5. Terms and keys are chosen so
that each score below can be worked out by hand from :class:`Weights`.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, Mention, Reuse, Span, Story, StoryFeatures
from newsfuse.stages.stories import (
    StoryClusterer,
    Weights,
    affinity,
    build_story,
    encode,
    story_features,
)

#: With the default weights: vector 1 + terms 1 + keys 0.5.
CEILING = 2.5
#: No penalty for naming different things: chains of links in a few dimensions.
LENIENT = Weights(nothing_shared=0.0)

Vector = npt.NDArray[np.float32]


def at(degrees: float, plane: tuple[int, int] = (0, 1)) -> Vector:
    """The unit vector ``degrees`` from axis ``plane[0]`` towards axis ``plane[1]``."""
    vector = np.zeros(4, dtype=np.float32)
    vector[plane[0]] = math.cos(math.radians(degrees))
    vector[plane[1]] = math.sin(math.radians(degrees))
    return vector


def unit_terms(*words: str) -> dict[str, float]:
    """Each word once: unit length, like ``story_features`` makes them."""
    return dict.fromkeys(words, 1 / math.sqrt(len(words))) if words else {}


def feat(
    article: str,
    vector: Vector,
    *,
    day: int | None = None,
    terms: Mapping[str, float] | None = None,
    keys: Iterable[str] = (),
    people: Iterable[str] = (),
    years: Iterable[int] = (),
) -> StoryFeatures:
    return StoryFeatures(
        article=article,
        day=day,
        vector=vector,
        terms=dict(terms or {}),
        keys=frozenset(keys),
        people=frozenset(people),
        years=frozenset(years),
    )


def score(left: StoryFeatures, right: StoryFeatures, weights: Weights | None = None) -> float:
    return float(affinity([left], [right], weights or Weights())[0, 0])


def story_id(article: str) -> str:
    return "s" + hashlib.sha1(article.encode()).hexdigest()[:12]


def sorted_stories(clusterer: StoryClusterer) -> list[tuple[str, tuple[str, ...]]]:
    return sorted(clusterer.stories_.items())


# -- affinity --------------------------------------------------------------------------

GENEVA = feat(
    "geneva",
    at(0),
    terms=unit_terms("talks", "geneva", "mediation"),
    keys={"l:geneva", "p:prmov"},
    people={"p:prmov"},
    years={2020},
)


def test_identical_features_score_the_sum_of_the_weights() -> None:
    assert score(GENEVA, GENEVA) == pytest.approx(CEILING)
    weights = Weights(vector=2.0, terms=0.5, keys=1.0)
    assert score(GENEVA, GENEVA, weights) == pytest.approx(3.5)


def test_each_kind_of_evidence_adds_its_weighted_similarity() -> None:
    other = feat(
        "other",
        at(60),  # cosine 0.5
        terms=unit_terms("talks", "ceasefire", "moscow", "lavrov"),  # cosine 1 / sqrt(12)
        keys={"l:geneva", "l:moscow", "o:org:osce"},  # Jaccard 1 / 4 with GENEVA's two
    )
    expected = 0.5 + 1 / math.sqrt(12) + 0.5 * (1 / 4)

    assert score(GENEVA, other) == pytest.approx(expected)
    weights = Weights(vector=2.0, terms=0.0, keys=1.0)
    assert score(GENEVA, other, weights) == pytest.approx(2 * 0.5 + 1 / 4)


def test_a_shared_country_is_weaker_evidence_than_a_shared_town() -> None:
    base = {"l:own-a"}, {"l:own-b"}
    town = (
        feat("a", at(0), keys={*base[0], "l:geonames:660646"}),
        feat("b", at(0), keys={*base[1], "l:geonames:660646"}),
    )
    country = (
        feat("a", at(0), keys={*base[0], "c:iso:CH"}),
        feat("b", at(0), keys={*base[1], "c:iso:CH"}),
    )
    alone = (feat("a", at(0), keys=base[0]), feat("b", at(0), keys=base[1]))

    assert score(*alone) < score(*country) < score(*town)


def test_identical_features_naming_a_country_score_the_sum_of_the_weights() -> None:
    armenia = feat("a", at(0), terms=unit_terms("talks"), keys={"c:iso:AM"})
    assert score(armenia, armenia) == pytest.approx(CEILING)


def test_country_keys_count_half() -> None:
    left = feat("a", at(90, (2, 3)), keys={"l:a", "c:iso:AM"})
    right = feat("b", at(0), keys={"l:b", "c:iso:AM"})
    # Orthogonal vectors and no terms: the keys are the whole score, less the
    # penalty for sharing nothing more precise than a country.
    assert score(left, right) == pytest.approx(0.5 * 0.2 - 0.2)
    assert score(left, right, Weights(nothing_shared=0.0)) == pytest.approx(0.5 * 0.2)


def test_naming_things_and_sharing_none_of_them_subtracts_its_weight() -> None:
    """Two look-alike shootings in two towns: each names a place, none in common."""
    left = feat("a", at(0), keys={"l:ganja", "c:iso:AZ"})
    right = feat("b", at(0), keys={"l:tartar", "c:iso:AZ"})
    shared = feat("b", at(0), keys={"l:tartar", "l:ganja", "c:iso:AZ"})
    vague = feat("b", at(0), keys={"c:iso:AZ"})

    no_penalty = Weights(nothing_shared=0.0)
    assert score(left, right) == pytest.approx(score(left, right, no_penalty) - 0.2)
    assert score(left, shared) == pytest.approx(score(left, shared, no_penalty))
    # Naming only a country is no claim to be about another place.
    assert score(left, vague) == pytest.approx(score(left, vague, no_penalty))


def test_a_people_conflict_subtracts_its_weight() -> None:
    """Both name a main person and they share no person at all."""
    left = feat("a", at(0), keys={"l:baku", "p:prmov"}, people={"p:prmov"})
    right = feat("b", at(0), keys={"l:baku", "p:alov"}, people={"p:alov"})
    no_main = feat("b", at(0), keys={"l:baku", "p:alov"})

    assert score(left, right) == pytest.approx(score(left, no_main) - 0.3)
    weights = Weights(people_conflict=1.0)
    assert score(left, right, weights) == pytest.approx(score(left, no_main, weights) - 1.0)


def test_sharing_any_person_is_no_people_conflict() -> None:
    # The main people differ, but b also names a's main person once.
    left = feat("a", at(0), keys={"p:prmov", "p:alov"}, people={"p:prmov"})
    right = feat("b", at(0), keys={"p:prmov", "p:alov"}, people={"p:alov"})
    assert score(left, right) == pytest.approx(1.0 + 0.5)


def test_a_years_conflict_subtracts_its_weight() -> None:
    left = feat("a", at(0), keys={"l:baku"}, years={2020})
    right = feat("b", at(0), keys={"l:baku"}, years={2016})
    overlapping = feat("b", at(0), keys={"l:baku"}, years={2016, 2020})
    undated_text = feat("b", at(0), keys={"l:baku"})

    assert score(left, right) == pytest.approx(1.5 - 0.3)
    assert score(left, overlapping) == pytest.approx(1.5)
    assert score(left, undated_text) == pytest.approx(1.5)
    assert score(left, right, Weights(years_conflict=0.0)) == pytest.approx(1.5)


def test_people_and_years_conflicts_add_up() -> None:
    left = feat("a", at(0), keys={"p:x"}, people={"p:x"}, years={2020})
    right = feat("b", at(0), keys={"p:y"}, people={"p:y"}, years={1994})
    assert score(left, right) == pytest.approx(1.0 - 0.3 - 0.3 - 0.2)


def test_shared_people_add_their_weight_for_two_at_most() -> None:
    people = {"p:a", "p:b", "p:c"}
    left = feat("a", at(0), keys=people)
    right = feat("b", at(0), keys=people)
    assert score(left, right, Weights(shared_person=0.1)) == pytest.approx(1.5 + 0.2)
    assert score(left, right) == pytest.approx(1.5)


@pytest.mark.parametrize(
    ("day", "linked"),
    [(100, True), (114, True), (86, True), (115, False), (85, False), (2000, False)],
)
def test_dated_articles_further_apart_than_max_gap_days_never_link(day: int, linked: bool) -> None:
    left = feat("a", at(0), day=100, terms=GENEVA.terms, keys=GENEVA.keys)
    right = feat("b", at(0), day=day, terms=GENEVA.terms, keys=GENEVA.keys)

    found = score(left, right)

    if linked:
        assert found == pytest.approx(CEILING)
    else:
        assert found == -math.inf
    assert score(right, left) == found


def test_max_gap_days_is_a_weight() -> None:
    left = feat("a", at(0), day=100)
    right = feat("b", at(0), day=104)
    assert score(left, right, Weights(max_gap_days=3)) == -math.inf
    assert score(left, right, Weights(max_gap_days=4)) == pytest.approx(1.0)


@pytest.mark.parametrize("days", [(None, 100), (100, None), (None, None)])
def test_undated_articles_are_never_too_far_apart(days: tuple[int | None, int | None]) -> None:
    left = feat("a", at(0), day=days[0])
    right = feat("b", at(0), day=days[1])
    assert score(left, right, Weights(max_gap_days=0)) == pytest.approx(1.0)


def _mixed() -> list[StoryFeatures]:
    return [
        GENEVA,
        feat("b", at(30), day=737706, terms=unit_terms("talks", "moscow"), keys={"l:geneva"}),
        feat("c", at(80, (1, 2)), day=737700, keys={"c:iso:AM", "p:x"}, people={"p:x"}),
        feat("d", at(45, (2, 3)), terms=unit_terms("football"), years={1994, 2020}),
        feat("e", at(10), day=737800, terms=unit_terms("geneva"), keys={"p:prmov"}),
    ]


def test_affinity_is_symmetric_with_the_shape_of_its_inputs() -> None:
    left, right = _mixed()[:2], _mixed()[1:]

    forward = affinity(left, right)
    backward = affinity(right, left)

    assert forward.shape == (2, 4)
    assert backward.shape == (4, 2)
    np.testing.assert_allclose(forward, backward.T)
    square = affinity(_mixed(), _mixed())
    np.testing.assert_allclose(square, square.T)


def test_affinity_of_encoded_features_is_the_same() -> None:
    weights = Weights(keys=0.7, max_gap_days=10)
    encoded = [encode(f, weights) for f in _mixed()]
    np.testing.assert_allclose(
        affinity(encoded, _mixed(), weights), affinity(_mixed(), _mixed(), weights)
    )


@pytest.mark.parametrize(("rows", "columns"), [(0, 3), (2, 0), (0, 0)])
def test_affinity_of_empty_inputs_is_an_empty_matrix(rows: int, columns: int) -> None:
    found = affinity(_mixed()[:rows], _mixed()[:columns])
    assert found.shape == (rows, columns)


def test_features_without_terms_or_keys_score_their_vectors() -> None:
    left = feat("a", at(0))
    right = feat("b", at(60))
    assert score(left, right) == pytest.approx(0.5)


# -- features --------------------------------------------------------------------------

PLACE_GENEVA = "geonames:2660646"


def mention(
    article: str, text: str, kind: str, *, full_name: str | None = None, place: str | None = None
) -> Mention:
    span = Span(article, 0, len(text))
    return Mention(span, text, kind, full_name=full_name, place=place)


def article(text: str = "Talks in Geneva.", **fields: Any) -> Article:
    return replace(Article(id="art", path="in/art.txt", raw_text=text, text=text), **fields)


def test_keys_are_built_from_mentions() -> None:
    mentions = (
        mention("art", "Jeyhun Bayramov", "person"),
        mention("art", "Bayramov", "person", full_name="Jeyhun Bayramov"),
        mention("art", "Jihon Permov", "person"),  # the same skeleton: one main person
        mention("art", "Lavrov", "person", full_name="Sergei Lavrov"),
        mention("art", "Geneva", "city", place=PLACE_GENEVA),
        mention("art", "Nagorno-Karabakh", "region", place="region:nagorno-karabakh"),
        mention("art", "Armenia", "country", place="iso:AM"),
        mention("art", "Armenia", "country", place="iso:AM"),
        mention("art", "AFP", "organisation"),
        mention("art", "Agence France-Presse", "organisation"),
        mention("art", "the Minsk Group", "organisation"),
        mention("art", "Kremlin Palace", "facility"),
        mention("art", "Armenians", "group"),
    )

    features = story_features(article(mentions=mentions), at(0))

    assert features.keys == {
        "p:prmov",
        "p:lfrov",
        "l:" + PLACE_GENEVA,
        "l:region:nagorno-karabakh",
        "c:iso:AM",
        "o:org:afp",
        "o:the minsk group",
        "l:kremlin palace",
    }
    assert features.people == {"p:prmov"}  # Lavrov is named once; countries are no people
    assert features.article == "art"


def test_a_country_without_a_gazetteer_id_is_keyed_by_its_folded_name() -> None:
    features = story_features(article(mentions=(mention("art", "Narnia", "country"),)), at(0))
    assert features.keys == {"c:narnia"}


@pytest.mark.parametrize(
    ("published", "day"),
    [
        ("2020-10-08T21:45", date(2020, 10, 8).toordinal()),
        ("2020-10-08", date(2020, 10, 8).toordinal()),
        ("2020-10", None),
        ("2020", None),
        (None, None),
        ("not a date", None),
    ],
)
def test_day_comes_from_a_full_publication_date(published: str | None, day: int | None) -> None:
    assert story_features(article(published=published), at(0)).day == day


def test_years_are_found_in_the_text() -> None:
    text = (
        "Fighting resumed in 2020, the worst since the 1994 ceasefire. Unit 3000 and 1799 "
        "are no years; 12020 is not either."
    )
    features = story_features(article(text, title="The 2016 war"), at(0))
    assert features.years == {1994, 2020}


def test_terms_are_unit_length_sublinear_and_without_stop_words() -> None:
    text = "The talks said the talks would resume. Talks in Geneva, said Lavrov. An ox."

    terms = story_features(article(text, title="Geneva talks"), at(0)).terms

    assert set(terms) == {"talks", "resume", "geneva", "lavrov"}
    assert sum(v * v for v in terms.values()) == pytest.approx(1.0, abs=1e-5)
    # "talks" four times (title included), "geneva" twice: 1 + ln 4 against 1 + ln 2.
    assert terms["talks"] / terms["geneva"] == pytest.approx(
        (1 + math.log(4)) / (1 + math.log(2)), rel=1e-4
    )
    assert terms["resume"] == terms["lavrov"]


def test_at_most_two_hundred_terms_are_kept_the_most_frequent_first() -> None:
    words = [f"w{_letters(i)}" for i in range(300)]
    text = " ".join([*words, "ceasefire ceasefire ceasefire"])

    terms = story_features(article(text), at(0)).terms

    assert len(terms) == 200
    assert "ceasefire" in terms
    assert max(terms, key=lambda t: terms[t]) == "ceasefire"
    assert sum(v * v for v in terms.values()) == pytest.approx(1.0, abs=1e-4)


def _letters(number: int) -> str:
    """``number`` in base 26 with letters, three of them: words of letters only."""
    out = ""
    for _ in range(3):
        number, digit = divmod(number, 26)
        out += chr(ord("a") + digit)
    return out


def test_the_vector_is_kept_as_float32() -> None:
    features = story_features(article(), np.array([1.0, 0.0, 0.0, 0.0]))
    assert features.vector.dtype == np.float32


# -- clustering ------------------------------------------------------------------------


def test_two_related_articles_form_one_story_and_an_unrelated_one_stays_alone() -> None:
    a = feat("a", at(0), day=10, terms=GENEVA.terms, keys={"l:geneva", "c:iso:AM"})
    b = feat("b", at(20), day=11, terms=GENEVA.terms, keys={"l:geneva", "c:iso:AZ"})
    c = feat("c", at(90, (2, 3)), day=11, terms=unit_terms("football", "madrid"))

    clusterer = StoryClusterer()
    changed = clusterer.add([a, b, c])

    assert clusterer.stories_ == {story_id("a"): ("a", "b"), story_id("c"): ("c",)}
    assert changed == clusterer.stories_
    assert clusterer.retired_ == {}
    assert len(clusterer) == 3


def test_story_ids_are_named_after_the_earliest_member_by_day_then_id() -> None:
    members = [
        feat(name, at(i), day=day, terms=GENEVA.terms, keys={"l:geneva"})
        for i, (name, day) in enumerate([("a", None), ("b", 12), ("c", 11), ("d", 11)])
    ]
    clusterer = StoryClusterer()
    clusterer.add(members)

    ((story, articles),) = clusterer.stories_.items()
    assert re.fullmatch(r"s[0-9a-f]{12}", story)
    assert story == story_id("c")
    # Undated articles come after every dated one.
    assert articles == ("c", "d", "b", "a")


def test_adding_an_article_twice_changes_nothing() -> None:
    a = feat("a", at(0), keys={"l:geneva"})
    clusterer = StoryClusterer()
    clusterer.add([a])
    assert clusterer.add([a]) == {}
    assert clusterer.stories_ == {story_id("a"): ("a",)}


def chain(b: float, c: float) -> list[StoryFeatures]:
    """a ~ b and b ~ c are linked, a and c are not: b and c are so many degrees from a.

    a and b share the key ``l:x``, b and c ``l:y``: 0.5 x Jaccard 1/2 adds 0.25 to
    each link; a and c share none.
    """
    return [
        feat("a", at(0), keys={"l:x"}),
        feat("b", at(b), keys={"l:x", "l:y"}),
        feat("c", at(c), keys={"l:y"}),
    ]


def test_average_linkage_can_keep_a_chain_apart() -> None:
    # b is 30 degrees from a and 40 from c; a and c are 70 apart.
    a, b, c = chain(30, 70)
    assert score(a, b) >= 0.9 and score(b, c) >= 0.9 and score(a, c) < 0.9

    clusterer = StoryClusterer()
    clusterer.add([a, b, c])

    # a-b merge first; c's average distance to {a, b} is above the cut.
    assert sorted_stories(clusterer) == sorted(
        [(story_id("a"), ("a", "b")), (story_id("c"), ("c",))]
    )
    # The two stories are cut from one linked component.
    assert clusterer.component_of("a") == clusterer.component_of("c")


def test_average_linkage_can_join_a_chain_whose_ends_are_not_linked() -> None:
    # b is 20 degrees from a and 22 from c; a and c are 42 apart, not linked...
    a, b, c = chain(20, 42)
    assert score(a, c) < 0.9
    # ... but c's mean distance to {a, b} is within the cut: (2.5 - s_ac + 2.5 - s_bc) / 2,
    # when naming different places is no evidence against (a and c share no key).
    assert (CEILING - score(a, c, LENIENT) + CEILING - score(b, c, LENIENT)) / 2 <= CEILING - 0.9

    clusterer = StoryClusterer(weights=LENIENT)
    clusterer.add([a, b, c])

    assert clusterer.stories_ == {story_id("a"): ("a", "b", "c")}


def test_articles_sharing_no_blocking_key_never_link() -> None:
    # The same vector, terms and country: affinity far above the threshold, but a
    # country is no blocking key, and neither has terms.
    a = feat("a", at(0), keys={"c:iso:AM"})
    b = feat("b", at(0), keys={"c:iso:AM"})
    assert score(a, b) >= 0.9

    clusterer = StoryClusterer()
    clusterer.add([a, b])

    assert clusterer.candidates(b) == []
    assert clusterer.stories_ == {story_id("a"): ("a",), story_id("b"): ("b",)}


def test_candidates_share_a_blocking_key_in_id_order() -> None:
    clusterer = StoryClusterer()
    clusterer.add(
        [
            feat("z", at(0), keys={"l:geneva"}),
            feat("y", at(90, (2, 3)), terms=unit_terms("ceasefire")),
            feat("x", at(90, (1, 2)), keys={"c:iso:AM"}),
        ]
    )
    probe = feat("p", at(0), terms=unit_terms("ceasefire"), keys={"l:geneva", "c:iso:AM"})
    assert clusterer.candidates(probe) == ["y", "z"]
    assert clusterer.candidates(feat("z", at(0), keys={"l:geneva"})) == []


def test_a_key_held_by_max_postings_articles_finds_no_more_candidates() -> None:
    # Each pair would link on its vector alone; "l:common" is their only blocking key.
    first, second, third = (
        feat(name, at(0), keys={"l:common"}) for name in ("first", "second", "third")
    )

    clusterer = StoryClusterer(max_postings=2)
    clusterer.add([first, second])
    assert clusterer.candidates(third) == []
    clusterer.add([third])

    assert sorted_stories(clusterer) == sorted(
        [(story_id("first"), ("first", "second")), (story_id("third"), ("third",))]
    )


def test_max_postings_is_the_one_order_effect() -> None:
    """As documented: articles sharing only a too-common key link if one came before."""
    first, second, third = (
        feat(name, at(0), keys={"l:common"}) for name in ("first", "second", "third")
    )

    clusterer = StoryClusterer(max_postings=2)
    clusterer.add([third, first])
    clusterer.add([second])

    assert sorted_stories(clusterer) == sorted(
        [(story_id("first"), ("first", "third")), (story_id("second"), ("second",))]
    )
    # With a bound that is never reached, the order does not matter.
    unbounded = StoryClusterer(max_postings=3)
    unbounded.add([third, first, second])
    assert unbounded.stories_ == {story_id("first"): ("first", "second", "third")}


def test_retired_names_the_stories_merged_away() -> None:
    a, b, c = chain(20, 42)
    clusterer = StoryClusterer(weights=LENIENT)
    first = clusterer.add([a, c])
    assert first == {story_id("a"): ("a",), story_id("c"): ("c",)}
    assert clusterer.retired_ == {}

    changed = clusterer.add([b])

    assert changed == {story_id("a"): ("a", "b", "c")}
    assert clusterer.retired_ == {story_id("c"): story_id("a")}
    assert clusterer.stories_ == {story_id("a"): ("a", "b", "c")}


def test_an_earlier_article_renames_the_story_it_joins() -> None:
    late = feat("a", at(0), day=20, keys={"l:geneva"})
    early = feat("b", at(5), day=19, keys={"l:geneva"})
    clusterer = StoryClusterer()
    clusterer.add([late])

    assert clusterer.add([early]) == {story_id("b"): ("b", "a")}
    assert clusterer.retired_ == {story_id("a"): story_id("b")}


#: Nine articles: a Geneva story of three, a chain cut into two stories, a
#: look-alike of the Geneva story a year later, one sharing only a country with
#: it, an undated one joining the chain and an unrelated one.
CORPUS = (
    feat("g1", at(0), day=500, terms=GENEVA.terms, keys={"l:geneva", "p:prmov", "c:iso:CH"}),
    feat(
        "g2", at(10), day=501, terms=GENEVA.terms, keys={"l:geneva", "p:prmov"}, people={"p:prmov"}
    ),
    feat("g3", at(25), day=503, terms=unit_terms("talks", "geneva"), keys={"l:geneva"}),
    feat("later", at(0), day=900, terms=GENEVA.terms, keys={"l:geneva", "p:prmov"}),
    feat("country", at(5), day=500, keys={"c:iso:CH"}),
    feat("ch1", at(0, (2, 3)), day=500, keys={"l:x"}),
    feat("ch2", at(30, (2, 3)), day=502, keys={"l:x", "l:y"}),
    feat("ch3", at(70, (2, 3)), day=510, keys={"l:y"}),
    feat("undated", at(75, (2, 3)), keys={"l:y"}, years={2020}),
    feat("other", at(45, (1, 2)), day=500, terms=unit_terms("football", "madrid")),
)

EXPECTED = {
    story_id("g1"): ("g1", "g2", "g3"),
    story_id("later"): ("later",),
    story_id("country"): ("country",),
    story_id("ch1"): ("ch1", "ch2"),
    story_id("ch3"): ("ch3", "undated"),
    story_id("other"): ("other",),
}


def test_the_corpus_stories() -> None:
    clusterer = StoryClusterer()
    clusterer.add(CORPUS)
    assert clusterer.stories_ == EXPECTED
    assert clusterer.component_of("ch1") == clusterer.component_of("undated")


@settings(max_examples=60, deadline=None)
@given(
    st.permutations(CORPUS),
    st.lists(st.booleans(), min_size=len(CORPUS) - 1, max_size=len(CORPUS) - 1),
)
def test_stories_do_not_depend_on_order_or_batches(
    order: list[StoryFeatures], cuts: list[bool]
) -> None:
    clusterer = StoryClusterer()
    batch: list[StoryFeatures] = []
    for features, cut in zip(order, [*cuts[: len(order) - 1], True], strict=True):
        batch.append(features)
        if cut:
            clusterer.add(batch)
            batch = []

    assert clusterer.stories_ == EXPECTED
    assert sorted_stories(clusterer) == sorted(EXPECTED.items())


def restored(first: StoryClusterer) -> list[Story]:
    """The stories of ``first`` as ingest stores them: members and component."""
    return [
        Story(id=sid, title="", articles=members, component=first.component_of(members[0]))
        for sid, members in first.stories_.items()
    ]


@settings(max_examples=60, deadline=None)
@given(st.permutations(CORPUS), st.integers(0, len(CORPUS)))
def test_restoring_a_first_run_and_adding_the_rest_is_adding_everything(
    order: list[StoryFeatures], split: int
) -> None:
    first = StoryClusterer()
    first.add(order[:split])

    second = StoryClusterer()
    second.restore(order[:split], restored(first))
    changed = second.add(order[split:])

    assert second.stories_ == EXPECTED
    assert len(second) == len(CORPUS)
    # Every story that differs from the first run's is reported, retired or new.
    for sid, members in second.stories_.items():
        if first.stories_.get(sid) != members:
            assert changed[sid] == members
    assert set(first.stories_) - set(second.stories_) <= set(second.retired_)
    for old, new in second.retired_.items():
        assert new in second.stories_
        assert set(first.stories_[old]) & set(second.stories_[new])


def test_restore_compares_nothing_again() -> None:
    """Stored stories come back as they were, even under other settings."""
    a, b = feat("a", at(0), keys={"l:x"}), feat("b", at(5), keys={"l:x"})
    story = Story(id=story_id("a"), title="", articles=("a", "b"), component="a")

    clusterer = StoryClusterer(threshold=10.0)
    clusterer.restore([a, b], [story])

    assert clusterer.stories_ == {story_id("a"): ("a", "b")}
    assert clusterer.component_of("a") == clusterer.component_of("b")


def test_restore_skips_members_without_features() -> None:
    a = feat("a", at(0), keys={"l:x"})
    stories = [
        Story(id=story_id("a"), title="", articles=("a", "gone")),
        Story(id=story_id("gone"), title="", articles=("gone",)),
    ]
    clusterer = StoryClusterer()
    clusterer.restore([a], stories)
    assert clusterer.stories_ == {story_id("a"): ("a",)}


def test_a_new_article_reclusters_every_story_of_its_component() -> None:
    """The chain's two stories share a component; a new article re-cuts both."""
    a, b, c = chain(30, 70)
    first = StoryClusterer()
    first.add([a, b, c])
    assert first.stories_ == {story_id("a"): ("a", "b"), story_id("c"): ("c",)}

    second = StoryClusterer()
    second.restore([a, b, c], restored(first))
    # d is 20 degrees from b and c and shares a key with a: it pulls b away from a.
    d = feat("d", at(50), keys={"l:x", "l:y"})
    changed = second.add([d])

    expected = {story_id("a"): ("a",), story_id("b"): ("b", "c", "d")}
    assert second.stories_ == expected
    assert changed == expected
    assert second.retired_ == {story_id("c"): story_id("b")}
    everything = StoryClusterer()
    everything.add([a, b, c, d])
    assert everything.stories_ == expected


# -- what a story is -------------------------------------------------------------------


def news(id: str, *, site: str | None, published: str | None, **fields: Any) -> Article:
    base = Article(id, f"in/{id}.txt", id, f"{id} text", site=site, published=published)
    return replace(base, **fields)


def features_of(
    articles: Iterable[Article], vectors: Mapping[str, Vector]
) -> dict[str, StoryFeatures]:
    return {a.id: story_features(a, vectors[a.id]) for a in articles}


def test_roles_sources_and_dates_of_a_wire_story() -> None:
    wire = news("wire", site="afp.example", published="2020-10-08T09:00", title="Talks open")
    copy = news(
        "copy",
        site="copy.example",
        published="2020-10-08T10:00",
        title="Talks open in Geneva",
        duplicate_of="wire",
        derived_from=(Reuse("wire", "duplicate", 0.97, 0.95),),
    )
    excerpt = news(
        "excerpt",
        site="blog.example",
        published="2020-10-12",
        derived_from=(Reuse("copy", "partial", 0.6, 0.3),),
    )
    next_day = news("next", site="afp.example", published="2020-10-09T23:00", title="Talks go on")
    follow = news("follow", site="local.example", published="2020-10-10", title="Talks end")
    undated = news("undated", site=None, published=None, title="Talks")
    outside = news(
        "outside",
        site="copy.example",
        published="2020-10-08",
        derived_from=(Reuse("elsewhere", "duplicate", 0.9, 0.9),),
        duplicate_of="elsewhere",
    )
    members = [outside, wire, copy, next_day, follow, excerpt, undated]
    vectors = {a.id: at(5 * i) for i, a in enumerate(members)}

    story = build_story("s123", members, features_of(members, vectors), component="wire")

    roles = {m.article: m.role for m in story.members}
    assert roles == {
        "wire": "original",
        "copy": "copy",
        "excerpt": "copy",  # a copy of a copy, and late: a copy still
        "next": "original",  # within a day of the first report
        "follow": "follow-up",  # two days after it
        "undated": "original",
        "outside": "original",  # its source is not in the story
    }
    assert [m.article for m in story.members] == [a.id for a in members]
    assert story.members[1].site == "afp.example"
    assert story.members[1].published == "2020-10-08T09:00"
    # wire, copy and excerpt are one text; next, follow, undated and outside are their own.
    assert story.independent_sources == 5
    assert story.sources == ("afp.example", "blog.example", "copy.example", "local.example")
    assert story.first_seen == "2020-10-08"
    assert story.last_seen == "2020-10-12"
    assert story.articles == tuple(a.id for a in members)
    assert story.id == "s123"
    assert story.component == "wire"


def test_a_story_without_dates_or_sites() -> None:
    members = [
        news("a", site=None, published=None, title="A"),
        news("b", site=None, published=None),
    ]
    story = build_story("s1", members, features_of(members, {"a": at(0), "b": at(1)}))

    assert story.first_seen is None and story.last_seen is None
    assert story.sources == ()
    assert story.independent_sources == 2
    assert {m.role for m in story.members} == {"original"}
    assert story.component is None
    assert story.entities == ()


def test_the_title_is_the_headline_closest_to_the_mean_vector() -> None:
    members = [
        news("a", site=None, published=None, title="Edge one"),
        news("b", site=None, published=None, title="  The typical report  "),
        news("c", site=None, published=None, title="Edge two"),
        news("d", site=None, published=None),  # no headline: never the title
    ]
    vectors = {"a": at(0), "b": at(45), "c": at(90), "d": at(45)}

    story = build_story("s1", members, features_of(members, vectors))

    assert story.title == "The typical report"


def test_the_title_ignores_untitled_members_when_averaging() -> None:
    members = [
        news("a", site=None, published=None, title="Lonely"),
        news("b", site=None, published=None),
        news("c", site=None, published=None),
        news("d", site=None, published=None, title="Typical"),
        news("e", site=None, published=None, title="Near typical"),
    ]
    vectors = {"a": at(0), "b": at(0), "c": at(0), "d": at(80), "e": at(60)}

    story = build_story("s1", members, features_of(members, vectors))

    # The mean of a, d and e is nearest e; counting b and c it would be nearest a.
    assert story.title == "Near typical"


def test_a_story_without_headlines_is_titled_by_its_first_line() -> None:
    members = [news("a", site=None, published=None)]
    story = build_story("s1", members, features_of(members, {"a": at(0)}))
    assert story.title == "a text"


def test_entities_are_ordered_by_mention_count() -> None:
    def mentions(article: str, *entities: str) -> tuple[Mention, ...]:
        return tuple(
            Mention(Span(article, i, i + 1), e, "place", entity=e) for i, e in enumerate(entities)
        )

    members = [
        news("a", site=None, published=None, mentions=mentions("a", "E1", "E2", "E2", "E3")),
        news("b", site=None, published=None, mentions=mentions("b", "E2", "E3", "E4", "E5")),
    ]
    names = {"E1": "Geneva", "E2": "Armenia", "E3": "Azerbaijan", "E4": "Russia"}
    features = features_of(members, {"a": at(0), "b": at(1)})

    story = build_story("s1", members, features, entity_names=names)
    short = build_story("s1", members, features, entity_names=names, top_entities=2)
    unnamed = build_story("s1", members, features)

    # E5 has no name (a nationality ingest leaves out): it is not listed.
    assert story.entities == ("Armenia", "Azerbaijan", "Geneva", "Russia")
    assert short.entities == ("Armenia", "Azerbaijan")
    assert unnamed.entities == ()
