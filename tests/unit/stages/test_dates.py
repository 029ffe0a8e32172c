"""Publication dates: what parse_published makes of stated dates, and what a dateline is."""

from __future__ import annotations

import signal
from datetime import date, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import DatePrecision
from newsfuse.stages._dates import looks_like_dateline, parse_published

YEAR, MONTH, DAY = DatePrecision.YEAR, DatePrecision.MONTH, DatePrecision.DAY
MINUTE, SECOND = DatePrecision.MINUTE, DatePrecision.SECOND

# dateutil warns about time-zone names it does not know ("PKT") and parse_published
# passes the warning on; the tests here are about the result.
pytestmark = pytest.mark.filterwarnings("ignore::dateutil.parser.UnknownTimezoneWarning")


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2020", ("2020", YEAR)),
        ("2020-10", ("2020-10", MONTH)),
        ("2020-10-08", ("2020-10-08", DAY)),
        ("  2020-10-08 ", ("2020-10-08", DAY)),
        ("8 October 2020", ("2020-10-08", DAY)),
        ("08th Oct, 2020", ("2020-10-08", DAY)),
        ("08th Oct, 2020. 09:45 pm", ("2020-10-08T21:45", MINUTE)),
        ("12th Mar, 2021. 07:15 am", ("2021-03-12T07:15", MINUTE)),
        ("8 Oct 2020 21:45", ("2020-10-08T21:45", MINUTE)),
        ("2020-10-08 21:45:12", ("2020-10-08T21:45:12", SECOND)),
        ("Updated: Oct 8, 2020 at 9:45 pm GMT", ("2020-10-08T21:45+00:00", MINUTE)),
        ("Thu, 08 Oct 2020 21:45:12 +0000", ("2020-10-08T21:45:12+00:00", SECOND)),
        ("Thu, 08 Oct 2020 21:45:12 +0200", ("2020-10-08T21:45:12+02:00", SECOND)),
        ("1 Jan 1800", ("1800-01-01", DAY)),
        ("31 Dec 2200", ("2200-12-31", DAY)),
    ],
)
def test_parse_published(text: str, parsed: tuple[str, DatePrecision]) -> None:
    assert parse_published(text) == parsed


@pytest.mark.parametrize(
    "text",
    [
        None,
        "",
        "   ",
        "garbage",
        "Monday",
        "tomorrow at 9",
        "12",
        "99999999999999999999",
        # Not a calendar date.
        "2020-13",
        "2020-02-30",
        "2021-02-29",
        # Years out of range.
        "1799",
        "1700-01-01",
        "1 Jan 1799",
        "2201",
        "2300-01-01",
        "Oct 8, 3000",
        "0000-01-01",
    ],
)
def test_parse_published_refuses(text: str | None) -> None:
    assert parse_published(text) is None


@pytest.mark.parametrize("text", ["October 2020", "Oct 2020"])
def test_month_and_year_keep_month_precision(text: str) -> None:
    assert parse_published(text) == ("2020-10", MONTH)


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2020-10-08T21:45", ("2020-10-08T21:45", MINUTE)),
        ("2020-10-08T21:45Z", ("2020-10-08T21:45+00:00", MINUTE)),
        ("2020-10-08T21:45:12", ("2020-10-08T21:45:12", SECOND)),
        ("2020-10-08T21:45:12Z", ("2020-10-08T21:45:12+00:00", SECOND)),
        ("2020-10-08T21:45:00+00:00", ("2020-10-08T21:45:00+00:00", SECOND)),
    ],
)
def test_iso_datetimes_keep_their_time(text: str, parsed: tuple[str, DatePrecision]) -> None:
    assert parse_published(text) == parsed


@given(st.dates(min_value=date(1800, 1, 1), max_value=date(2200, 12, 31)))
def test_any_iso_date_round_trips_with_day_precision(day: date) -> None:
    assert parse_published(day.isoformat()) == (day.isoformat(), DAY)


@given(st.datetimes(min_value=datetime(1800, 1, 1), max_value=datetime(2200, 12, 31)))
def test_any_spaced_iso_datetime_round_trips_with_second_precision(moment: datetime) -> None:
    text = moment.strftime("%Y-%m-%d %H:%M:%S")

    assert parse_published(text) == (text.replace(" ", "T"), SECOND)


DATEY = st.text(
    alphabet=st.sampled_from(list("0123456789 :-/.,TZ+apmthJanOctMonSept")), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(st.text() | DATEY)
def test_parse_published_never_raises(text: str) -> None:
    parsed = parse_published(text)

    if parsed is not None:
        value, precision = parsed
        assert isinstance(value, str)
        assert isinstance(precision, DatePrecision)
    assert looks_like_dateline(text) in (True, False)


@pytest.mark.parametrize(
    "line",
    [
        "08th Oct, 2020. 09:45 pm",
        "2020-10-08",
        "2020-10-08 21:45",
        "Updated: Oct 8, 2020 at 9:45 pm GMT",
        "Thursday, October 8, 2020",
        "Posted on October 8, 2020 | 9:45 am",
        "8 October 2020",
        "October 2020",
    ],
)
def test_looks_like_dateline(line: str) -> None:
    assert looks_like_dateline(line)


@pytest.mark.parametrize(
    "line",
    [
        # A sentence that holds a date is story text.
        "The talks began on 8 October 2020 in Geneva.",
        "On Oct 8 2020 the minister said",
        "Armenia and Azerbaijan signed a ceasefire on 10 November 2020",
        # Too few digits, or no month name.
        "Oct 8",
        "8 Oct 20",
        "Posted on 08/10/2020",
        "1500 GMT",
        "2020",
        # A label the dateline pattern does not know.
        "Published 2020-10-08",
        "",
        "Post a Comment",
    ],
)
def test_does_not_look_like_dateline(line: str) -> None:
    assert not looks_like_dateline(line)


def test_a_long_run_of_digits_is_no_dateline_and_costs_no_backtracking() -> None:
    # Found by the fuzz tests: the dateline pattern backtracked exponentially over a
    # run of digits that fails at its end (24 digits took 6 s, 59 would take years).
    def too_slow(signum: int, frame: object) -> None:
        raise TimeoutError("looks_like_dateline backtracks")

    previous = signal.signal(signal.SIGALRM, too_slow)
    signal.alarm(5)
    try:
        assert not looks_like_dateline("1" * 59 + "x")
        assert not looks_like_dateline("on. " * 14 + "x")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
