"""Date expressions: what resolve_dates finds and resolves, and what sentence_date picks.

The golden sentences come from the karabakh-2020 corpus: article 000 was published
on Thursday 2020-10-08, 001 on Friday 2020-10-09, 002 on Saturday 2020-10-03 and
004 on Thursday 2020-10-08.
"""

from __future__ import annotations

import doctest
import re
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import ResolvedDate
from newsfuse.stages.analyse import when
from newsfuse.stages.analyse.when import resolve_dates, sentence_date

THURSDAY = "2020-10-08"  # the publication date most tables below count from

Found = tuple[str, str, str]  # (text, date, precision)


def found(text: str, published: str | None) -> list[Found]:
    return [(d.text, d.date, d.precision) for d in resolve_dates(text, published)]


CORPUS = [
    (
        "The Armenian Foreign Minister will meet his Russian counterpart Sergey Lavrov "
        "on Monday in Moscow.",
        "2020-10-08",
        [("on Monday", "2020-10-12", "day")],
    ),
    (
        "On Wednesday, Russian Defense Minister Sergey Shoygu held a phone call with his "
        "Azerbaijani and Armenian counterparts, according to Russian news agencies.",
        "2020-10-08",
        [("On Wednesday", "2020-10-07", "day")],
    ),
    (
        "Half of the population of Nagorny Karabakh was displaced, before the first "
        "international mediation meeting to be held Thursday in Geneva.",
        "2020-10-08",
        [("Thursday", "2020-10-08", "day")],
    ),
    (
        "Shortly thereafter, Azerbaijan announced that its Foreign Minister Jihon Permov "
        "would visit Geneva on Thursday and meet with leaders of the Minsk Group.",
        "2020-10-08",
        [("on Thursday", "2020-10-08", "day")],
    ),
    (
        "“Armenia is ready to engage with France, Russia and the United States to rebuild "
        "a ceasefire regime,” the Armenian Foreign Ministry said in a statement as quoted "
        "by Al Jazeera, Saturday (3/10/2020).",
        "2020-10-03",
        [("Saturday (3/10/2020)", "2020-10-03", "day")],
    ),
    (
        "French President Macron also slammed Turkey on Thursday, saying intelligence "
        "reports showed that 300 fighters had passed through Turkey.",
        "2020-10-03",
        [("on Thursday", "2020-10-01", "day")],
    ),
    (
        "Fresh clashes in the disputed region of Nagorno-Karabakh erupted on September 27, "
        "killing at least 23 people on the first day.",
        "2020-10-08T21:45",
        [("on September 27", "2020-09-27", "day")],
    ),
    (
        "World leaders called for an immediate end to the fighting, which began late last "
        "month, and Russian President Vladimir Putin deplored the ceasefire.",
        "2020-10-08T21:45",
        [("late last month", "2020-09", "month")],
    ),
    (
        "Armenian Foreign Minister Zohrab Mnatsakanyan will meet his Russian counterpart "
        "in Moscow next week.",
        "2020-10-08T21:45",
        [("next week", "2020-10-12", "week")],
    ),
    (
        "Negotiations between the two countries to resolve the dispute have made little "
        "progress since 1994.",
        "2020-10-08T21:45",
        [("since 1994", "1994", "year")],
    ),
    (
        "Pro-Armenian separatists seized control of the Nagorno-Karabakh region from Baku "
        "in the 1990s.",
        "2020-10-08T21:45",
        [],
    ),
    (
        "Russia said on Friday that Armenia and Azerbaijan had agreed on their first talks "
        "on ending the fighting.",
        "2020-10-09",
        [("on Friday", "2020-10-09", "day")],
    ),
    (
        "Armenian ombudsman Artak Beglaryan told AFP earlier this week that the new fighting "
        "had displaced about 140,000 Karabakh residents.",
        "2020-10-09",
        [("earlier this week", "2020-10-05", "week")],
    ),
    (
        "Armenian and Azerbaijani defense officials said fierce clashes continued from "
        "Thursday to Friday night, with more civilian casualties.",
        "2020-10-09",
        [("Thursday", "2020-10-08", "day"), ("Friday night", "2020-10-09", "day")],
    ),
    (
        "The Kremlin said late Thursday that Putin was pushing for an end to hostilities.",
        "2020-10-09",
        [("late Thursday", "2020-10-08", "day")],
    ),
    (
        "Russia's foreign ministry has confirmed that senior diplomats are joining the "
        "talks following President Vladimir Putin's appeal last night.",
        "2020-10-09",
        [("last night", "2020-10-08", "day")],
    ),
    (
        "Several confrontations have erupted between the two sides over the past decades, "
        "the largest of which was in April 2016, which resulted in the killing of 110 people.",
        "2020-10-08",
        [("in April 2016", "2016-04", "month")],
    ),
    (
        "The fighting erupted in one of the most frozen conflicts since the fall of the "
        "Soviet Union, on 27 September and the two sides showed no desire for a settlement.",
        "2020-10-08",
        [("on 27 September", "2020-09-27", "day")],
    ),
]


@pytest.mark.parametrize(("text", "published", "expected"), CORPUS)
def test_corpus_sentences(text: str, published: str, expected: list[Found]) -> None:
    assert found(text, published) == expected


EXPRESSIONS = [
    # Weekdays, looking back from Thursday 2020-10-08; the day itself counts.
    ("Talks took place on Thursday.", [("on Thursday", "2020-10-08", "day")]),
    ("Talks took place Thursday.", [("Thursday", "2020-10-08", "day")]),
    ("Talks took place on Friday.", [("on Friday", "2020-10-02", "day")]),
    ("Talks took place Thursday night.", [("Thursday night", "2020-10-08", "day")]),
    ("Talks ended late Wednesday.", [("late Wednesday", "2020-10-07", "day")]),
    ("Shelling resumed early Friday.", [("early Friday", "2020-10-02", "day")]),
    ("Shelling resumed late on Tuesday.", [("late on Tuesday", "2020-10-06", "day")]),
    ("It was quiet on Wednesday morning.", [("on Wednesday morning", "2020-10-07", "day")]),
    ("They met on thursday.", [("on thursday", "2020-10-08", "day")]),
    ("THEY MET ON THURSDAY.", [("ON THURSDAY", "2020-10-08", "day")]),
    ("Friday's talks failed.", [("Friday", "2020-10-02", "day")]),
    ("since Monday", [("since Monday", "2020-10-05", "day")]),
    # Weekdays with a relative word.
    ("They met last Thursday.", [("last Thursday", "2020-10-01", "day")]),
    ("They met last Wednesday.", [("last Wednesday", "2020-10-07", "day")]),
    ("They meet next Monday.", [("next Monday", "2020-10-12", "day")]),
    ("They meet next Thursday.", [("next Thursday", "2020-10-15", "day")]),
    ("They met this Monday.", [("this Monday", "2020-10-05", "day")]),
    ("They meet this Sunday.", [("this Sunday", "2020-10-11", "day")]),
    ("They met this past Sunday.", [("this past Sunday", "2020-10-04", "day")]),
    ("They meet this coming Monday.", [("this coming Monday", "2020-10-12", "day")]),
    # An explicit date after a weekday wins and joins the span.
    ("They met Thursday, October 1.", [("Thursday, October 1", "2020-10-01", "day")]),
    ("They met on Monday 5 October 2020.", [("on Monday 5 October 2020", "2020-10-05", "day")]),
    # Days named relative to publication.
    ("Talks are held today.", [("today", "2020-10-08", "day")]),
    ("Talks are held tonight.", [("tonight", "2020-10-08", "day")]),
    ("Talks began earlier today.", [("earlier today", "2020-10-08", "day")]),
    ("Talks began this morning.", [("this morning", "2020-10-08", "day")]),
    ("Talks begin this afternoon.", [("this afternoon", "2020-10-08", "day")]),
    ("Talks begin this evening.", [("this evening", "2020-10-08", "day")]),
    ("Talks began yesterday.", [("yesterday", "2020-10-07", "day")]),
    ("Yesterday talks began.", [("Yesterday", "2020-10-07", "day")]),
    ("Talks began yesterday morning.", [("yesterday morning", "2020-10-07", "day")]),
    ("Talks began last night.", [("last night", "2020-10-07", "day")]),
    ("Talks begin tomorrow.", [("tomorrow", "2020-10-09", "day")]),
    ("the day before yesterday", [("the day before yesterday", "2020-10-06", "day")]),
    ("the day after tomorrow", [("the day after tomorrow", "2020-10-10", "day")]),
    # Weeks: the Monday of the week.
    ("Talks began this week.", [("this week", "2020-10-05", "week")]),
    ("Talks began earlier this week.", [("earlier this week", "2020-10-05", "week")]),
    ("Talks end later this week.", [("later this week", "2020-10-05", "week")]),
    ("Talks began last week.", [("last week", "2020-09-28", "week")]),
    ("Talks begin next week.", [("next week", "2020-10-12", "week")]),
    ("Talks began LAST WEEK.", [("LAST WEEK", "2020-09-28", "week")]),
    # Months.
    ("Fighting began this month.", [("this month", "2020-10", "month")]),
    ("Fighting began last month.", [("last month", "2020-09", "month")]),
    ("Fighting began late last month.", [("late last month", "2020-09", "month")]),
    ("Fighting began earlier this month.", [("earlier this month", "2020-10", "month")]),
    ("Talks resume next month.", [("next month", "2020-11", "month")]),
    ("Fighting has raged since last month.", [("since last month", "2020-09", "month")]),
    # Years.
    ("Prices rose this year.", [("this year", "2020", "year")]),
    ("Prices rose earlier this year.", [("earlier this year", "2020", "year")]),
    ("Prices rose last year.", [("last year", "2019", "year")]),
    ("Prices rise next year.", [("next year", "2021", "year")]),
    ("A ceasefire was agreed in 1994.", [("in 1994", "1994", "year")]),
    ("Talks have stalled since 1994.", [("since 1994", "1994", "year")]),
    ("It grew in early 2016.", [("in early 2016", "2016", "year")]),
    ("It grew by mid-2016.", [("mid-2016", "2016", "year")]),
    ("It grew in the summer of 2016.", [("in the summer of 2016", "2016", "year")]),
    ("The war lasted from 1992 to 1994.", [("1992", "1992", "year"), ("1994", "1994", "year")]),
    ("Clashes erupted in April 2016.", [("in April 2016", "2016-04", "month")]),
    ("Clashes erupted in Sept. 2016.", [("in Sept. 2016", "2016-09", "month")]),
    ("Clashes erupted in late April 2016.", [("in late April 2016", "2016-04", "month")]),
    # Months without a year, in the direction of the sentence.
    ("Clashes erupted in April.", [("in April", "2020-04", "month")]),
    ("Clashes have raged since March.", [("since March", "2020-03", "month")]),
    ("Clashes erupted in December.", [("in December", "2019-12", "month")]),
    ("Talks will resume in December.", [("in December", "2020-12", "month")]),
    ("Clashes erupted in late September.", [("in late September", "2020-09", "month")]),
    ("Clashes erupted last April.", [("last April", "2020-04", "month")]),
    ("Clashes erupted last October.", [("last October", "2019-10", "month")]),
    ("Talks resume next April.", [("next April", "2021-04", "month")]),
    ("Talks will resume mid-November.", [("mid-November", "2020-11", "month")]),
    ("Clashes erupted in mid-November.", [("in mid-November", "2019-11", "month")]),
    # Explicit days.
    ("Fighting erupted September 27.", [("September 27", "2020-09-27", "day")]),
    ("Fighting erupted Sept. 27.", [("Sept. 27", "2020-09-27", "day")]),
    ("Fighting erupted 27 September.", [("27 September", "2020-09-27", "day")]),
    ("Fighting erupted on 27 September.", [("on 27 September", "2020-09-27", "day")]),
    ("Fighting erupted September 27, 2020.", [("September 27, 2020", "2020-09-27", "day")]),
    ("Fighting erupted 27th September 2020.", [("27th September 2020", "2020-09-27", "day")]),
    ("Fighting erupted on the 27th of September.", [("27th of September", "2020-09-27", "day")]),
    ("Talks open Oct. 8.", [("Oct. 8", "2020-10-08", "day")]),
    ("Talks open 2020-10-08.", [("2020-10-08", "2020-10-08", "day")]),
    ("Posted 2020-10-08T21:45.", [("2020-10-08", "2020-10-08", "day")]),
    ("Talks open 8.10.2020.", [("8.10.2020", "2020-10-08", "day")]),
    ("The deal was signed Dec. 22, 2015.", [("Dec. 22, 2015", "2015-12-22", "day")]),
    ("The deal was signed DECEMBER 22, 2015.", [("DECEMBER 22, 2015", "2015-12-22", "day")]),
    ("It happened 29 February 2020.", [("29 February 2020", "2020-02-29", "day")]),
    # Counted back.
    ("It started two days ago.", [("two days ago", "2020-10-06", "day")]),
    ("It started 3 days ago.", [("3 days ago", "2020-10-05", "day")]),
    ("It started a day ago.", [("a day ago", "2020-10-07", "day")]),
    ("It started two weeks ago.", [("two weeks ago", "2020-09-21", "week")]),
    ("It started a month ago.", [("a month ago", "2020-09", "month")]),
    ("It started twelve months ago.", [("twelve months ago", "2019-10", "month")]),
    ("It started ten years ago.", [("ten years ago", "2010", "year")]),
]


@pytest.mark.parametrize(("text", "expected"), EXPRESSIONS)
def test_expressions(text: str, expected: list[Found]) -> None:
    assert found(text, THURSDAY) == expected


FUTURE = [
    "The ministers will meet on Monday.",
    "The ministers would meet on Monday, officials said.",
    "The minister is to visit Moscow on Monday.",
    "The ministers are to meet on Monday.",
    "The minister is due to arrive on Monday.",
    "The talks are scheduled for Monday.",
    "A summit to be held Monday in Geneva.",
    "The minister plans to travel on Monday.",
    "The next round opens Monday.",
    "The ministers'll meet Monday.",
]


@pytest.mark.parametrize("text", FUTURE)
def test_a_future_cue_points_the_weekday_forward(text: str) -> None:
    # Monday after Thursday 2020-10-08; without the cue it would be 2020-10-05.
    assert [d.date for d in resolve_dates(text, THURSDAY)] == ["2020-10-12"]


@pytest.mark.parametrize(
    ("text", "dates"),
    [
        # The same day counts in both directions.
        ("A meeting will be held on Thursday.", ["2020-10-08"]),
        ("The talks will end on Wednesday.", ["2020-10-14"]),
        # A reporting verb after the cue puts a later weekday back in the past.
        (
            "The ministers will meet on Monday, the ministry said on Sunday.",
            ["2020-10-12", "2020-10-04"],
        ),
        # The cue must come before the weekday, in the same sentence.
        ("On Monday, he said he would resign.", ["2020-10-05"]),
        ("They will meet soon. Talks failed on Monday.", ["2020-10-05"]),
    ],
)
def test_future_cue_limits(text: str, dates: list[str]) -> None:
    assert [d.date for d in resolve_dates(text, THURSDAY)] == dates


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # A reading that is no calendar date is out.
        ("on 13/10/2020", None, ("2020-10-13", "day")),
        ("on 10/13/2020", None, ("2020-10-13", "day")),
        ("on 5/5/2020", None, ("2020-05-05", "day")),
        # The reading nearer publication wins.
        ("on 3/10/2020", "2020-10-03", ("2020-10-03", "day")),
        ("on 3/10/2020", "2020-03-12", ("2020-03-10", "day")),
        ("on 10/3/2020", "2020-10-05", ("2020-10-03", "day")),
        ("on 3/10/2020", "2020-10", ("2020-10-03", "day")),
        # Neither reading near publication, or no publication date: only the year.
        ("on 3/4/2020", "2020-10-08", ("2020", "year")),
        ("on 3/10/2020", None, ("2020", "year")),
        ("on 3/10/1994", "2020-10-08", ("1994", "year")),
        # A weekday next to it decides: 2020-03-10 was a Tuesday.
        ("Tuesday (3/10/2020)", "2020-10-03", ("2020-03-10", "day")),
        ("Saturday (3/10/2020)", None, ("2020-10-03", "day")),
    ],
)
def test_numeric_dates(text: str, published: str | None, expected: tuple[str, str]) -> None:
    dates = resolve_dates(text, published)

    assert [(d.date, d.precision) for d in dates] == [expected]


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        # Without a year, the year that puts the day nearest publication.
        ("on December 28", "2021-01-03", "2020-12-28"),
        ("on January 5", "2020-12-30", "2021-01-05"),
        ("on September 27", "2020-10", "2020-09-27"),
        # Only a year known: that year.
        ("on December 28", "2021", "2021-12-28"),
        # February 29 only in a leap year.
        ("on February 29", "2021-01-10", "2020-02-29"),
    ],
)
def test_day_month_takes_the_year_from_publication(
    text: str, published: str, expected: str
) -> None:
    assert [d.date for d in resolve_dates(text, published)] == [expected]


PUBLISHED_VARIANTS = ["2020-10-08T21:45", "2020-10-08", "2020-10", "2020", None, "", "yesterday"]


@pytest.mark.parametrize("published", PUBLISHED_VARIANTS)
def test_relative_expressions_need_a_day(published: str | None) -> None:
    text = "On Thursday, a week after clashes last month, talks began. They met today."
    has_day = published is not None and len(published) >= 10

    assert bool(resolve_dates(text, published)) == has_day


@pytest.mark.parametrize("published", PUBLISHED_VARIANTS)
def test_absolute_expressions_resolve_without_publication(published: str | None) -> None:
    text = "A truce came in 1994 and on 12 May 1994, and talks on 2020-10-08."

    assert [d.date for d in resolve_dates(text, published)] == ["1994", "1994-05-12", "2020-10-08"]


def test_a_day_month_without_any_year_is_skipped() -> None:
    assert resolve_dates("Fighting erupted on September 27.", None) == []
    assert found("on Thursday, October 1", None) == []


@pytest.mark.parametrize(
    "text",
    [
        # Not calendar dates.
        "on 31 February",
        "on 31 February 2020",
        "on February 30, 2021",
        "on 29 February 2021",
        "on 2020-02-30",
        "on 2020-13-01",
        "on 31/2/2020",
        "on 32/13/2020",
        # Decades, counts, verbs, names and durations.
        "since the 1990s",
        "in the 1990s",
        "killed in 2000 attacks",
        "an area of 1500 square kilometres",
        "in 2000 square km",
        "1500 soldiers",
        "killed 27 people",
        "prices may fall",
        "they march on",
        "the 1994 ceasefire",
        "The Sunday Times reported",
        "according to USA Today",
        "the newspaper AlKhaleej Today said",
        "The Mail on Sunday reported",
        "on Good Friday",
        "over the last week",
        "in the next year",
        "a few days ago",
        "for two hours",
        "on Fridays",
        "in 3000",
        "in 500 BC",
    ],
)
def test_not_dates(text: str) -> None:
    assert resolve_dates(text, THURSDAY) == []


def test_spans_carry_the_article_and_absolute_offsets() -> None:
    text = "Intro. Russia said on Friday that talks begin tomorrow. Outro on Monday."
    begin = text.index("Russia")
    stop = text.index(" Outro")

    dates = resolve_dates(text, "2020-10-09", article="a1", start=begin, end=stop)

    assert [(d.text, d.date) for d in dates] == [
        ("on Friday", "2020-10-09"),
        ("tomorrow", "2020-10-10"),
    ]
    for d in dates:
        assert d.span.article == "a1"
        assert text[d.span.start : d.span.end] == d.text


def test_a_range_cuts_expressions_at_its_edges() -> None:
    text = "It began on 27 September 2020."
    cut = text.index("September")

    dates = resolve_dates(text, THURSDAY, start=cut)

    # "27" lies outside the range, so the expression does too; "September 2020" alone
    # is not read as a month: the day before it belongs to the date.
    assert dates == []


def test_a_modifier_cut_by_the_range_still_counts_but_stays_out_of_the_span() -> None:
    text = "They met last Thursday."
    cut = text.index("Thursday") - 2  # "st Thursday."

    assert [(d.text, d.date) for d in resolve_dates(text, THURSDAY, start=cut)] == [
        ("Thursday", "2020-10-01")
    ]


def test_expressions_do_not_reach_across_lines() -> None:
    assert found("Talks.\nThursday talks", THURSDAY) == [("Thursday", "2020-10-08", "day")]
    assert found("It began in September\n27 people died.", THURSDAY) == [
        ("in September", "2020-09", "month")
    ]


def test_today_after_a_sentence_is_a_day_not_a_name() -> None:
    assert found("Fighting stopped in Armenia. Today talks began.", THURSDAY) == [
        ("Today", "2020-10-08", "day")
    ]


def test_out_of_range_bounds_are_clamped() -> None:
    text = "They met on Thursday."

    assert found(text, THURSDAY) == [("on Thursday", "2020-10-08", "day")]
    assert resolve_dates(text, THURSDAY, start=-5, end=10_000) == resolve_dates(text, THURSDAY)
    assert resolve_dates(text, THURSDAY, start=15, end=3) == []


def test_publication_at_the_calendar_edges_does_not_raise() -> None:
    assert found("tomorrow, next week, next year", "9999-12-31") == []
    assert found("yesterday, last week, last year", "0001-01-01") == []


# --- sentence_date -------------------------------------------------------------


def sentence_text(text: str, published: str) -> str | None:
    picked = sentence_date(resolve_dates(text, published), 0, len(text))
    return picked.text if picked else None


@pytest.mark.parametrize(
    ("text", "picked"),
    [
        ("Russia said on Friday that talks had failed.", "on Friday"),
        # The finest date wins, whatever the order.
        ("Fighting began late last month, officials said on Thursday.", "on Thursday"),
        ("In 2016, clashes killed 110 people, the ministry said this week.", "this week"),
        # Among equals, the first.
        ("From Thursday to Friday night clashes went on.", "Thursday"),
        # A "since" date is where a total began: only when there is nothing else.
        ("Since 1994 the toll has risen, officials said last year.", "last year"),
        ("Fighting has raged since September 27, killing 300 by Thursday.", "Thursday"),
        ("Fighting has raged since last month.", "since last month"),
        ("No date here.", None),
    ],
)
def test_sentence_date(text: str, picked: str | None) -> None:
    assert sentence_text(text, "2020-10-09") == picked


def test_sentence_date_looks_only_inside_the_sentence() -> None:
    text = "Talks failed on Monday. Then they met again on Wednesday."
    dates = resolve_dates(text, THURSDAY)
    second = text.index("Then")

    inside = sentence_date(dates, second, len(text))

    assert inside is not None and inside.text == "on Wednesday"
    assert sentence_date(dates, 0, second - 1) == dates[0]
    assert sentence_date(dates, 3, 10) is None
    assert sentence_date([], 0, 100) is None


def test_doctests() -> None:
    assert doctest.testmod(when).failed == 0


# --- properties ----------------------------------------------------------------

WORDS = [
    *("on", "in", "since", "the", "last", "next", "this", "coming", "past", "late", "early"),
    *("Thursday", "monday", "FRIDAY", "night", "morning", "today", "Today", "yesterday"),
    *("tomorrow", "week", "month", "year", "weeks", "days", "ago", "a", "two", "twelve"),
    *("will", "would", "said", "is", "to", "be", "held", "scheduled", "of", "mid"),
    *("September", "Sept.", "May", "may", "Dec", "February", "27", "27th", "31", "29", "0"),
    *("1994", "2020", "1990s", "3/10/2020", "10.3.2020", "2020-10-08", "2020-02-30", "9999"),
    *("(", ")", ",", ".", "-", "/", "\n", "USA", "Times", "BC", "people", "homes"),
]
PHRASES = st.lists(st.sampled_from(WORDS), max_size=30).flatmap(
    lambda words: st.sampled_from([" ".join(words), "".join(words), "  ".join(words)])
)
PUBLISHED = st.one_of(
    st.none(),
    st.text(max_size=24),
    st.dates().map(date.isoformat),
    st.dates().map(lambda d: d.isoformat()[:7]),
    st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    st.datetimes().map(lambda m: m.isoformat(timespec="minutes")),
    st.sampled_from(["2020-13-01", "2020-02-30", "20201008", "2020-1-8", "0000-01-01"]),
)


def assert_parses(value: str, precision: str) -> None:
    if precision in ("day", "week"):
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)
        day = date.fromisoformat(value)
        assert precision == "day" or day.weekday() == 0
    elif precision == "month":
        assert re.fullmatch(r"\d{4}-\d{2}", value)
        assert int(value[:4]) >= 1 and 1 <= int(value[5:]) <= 12
    else:
        assert precision == "year"
        assert re.fullmatch(r"\d{4}", value) and int(value) >= 1


def assert_well_formed(text: str, dates: list[ResolvedDate], lo: int, hi: int) -> None:
    reached = lo
    for d in dates:
        assert reached <= d.span.start < d.span.end <= hi
        assert text[d.span.start : d.span.end] == d.text
        assert d.text == d.text.strip()
        assert_parses(d.date, d.precision)
        reached = d.span.end


@settings(max_examples=400, deadline=None)
@given(st.text() | PHRASES, PUBLISHED)
def test_never_raises_and_spans_are_well_formed(text: str, published: str | None) -> None:
    dates = resolve_dates(text, published, article="x")

    assert_well_formed(text, dates, 0, len(text))
    assert all(d.span.article == "x" for d in dates)
    # Deterministic.
    assert resolve_dates(text, published, article="x") == dates


@settings(max_examples=200, deadline=None)
@given(PHRASES, PUBLISHED, st.integers(-5, 400), st.integers(-5, 400) | st.none())
def test_ranges_keep_spans_inside(
    text: str, published: str | None, start: int, end: int | None
) -> None:
    dates = resolve_dates(text, published, start=start, end=end)

    lo = min(max(start, 0), len(text))
    hi = len(text) if end is None else min(max(end, lo), len(text))
    assert_well_formed(text, dates, lo, hi)


@pytest.mark.parametrize(
    "text",
    [
        "They met Saturday (3/10/2020) in Geneva.",
        "On Sept. 27, 2020 and late last month.",
        "since early 2016, two weeks ago, on Thursday, October 1",
    ],
)
def test_every_range_keeps_spans_inside(text: str) -> None:
    for start in range(len(text) + 1):
        for end in range(start, len(text) + 1):
            dates = resolve_dates(text, "2020-10-03", start=start, end=end)
            assert_well_formed(text, dates, start, end)


WEEKDAY_WORDS = [
    *("on", "last", "next", "this", "coming", "past", "late", "early", "later", "the"),
    *("Monday", "tuesday", "Wednesday", "THURSDAY", "Friday", "Saturday", "Sunday"),
    *("night", "morning", "will", "would", "said", "is", "to", "be", "held", "scheduled"),
    *("plans", "next", ",", ".", "\n", "They", "met"),
]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(WEEKDAY_WORDS), max_size=25).map(" ".join),
    st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)),
)
def test_relative_weekdays_land_within_a_week(text: str, published: date) -> None:
    for d in resolve_dates(text, published.isoformat()):
        assert d.precision == "day"
        assert abs(date.fromisoformat(d.date) - published) <= timedelta(days=7)
        weekday = re.search(r"(?i)(mon|tues|wednes|thurs|fri|satur|sun)day", d.text)
        if weekday is None:
            assert d.text.lower().endswith(("last night", "this morning"))
            continue
        names = ["mon", "tues", "wednes", "thurs", "fri", "satur", "sun"]
        assert date.fromisoformat(d.date).weekday() == names.index(weekday.group(1).lower())
