"""Publication dates: parse what a page or a dateline states, and keep its precision."""

from __future__ import annotations

import re
import warnings
from datetime import datetime

from dateutil import parser as dateutil_parser

from newsfuse.model import DatePrecision

__all__ = ["looks_like_dateline", "parse_published"]

_MONTHS = (
    "jan|january|feb|february|mar|march|apr|april|may|jun|june|jul|july|aug|august|"
    "sep|sept|september|oct|october|nov|november|dec|december"
)
_WEEKDAYS = (
    "mon|monday|tue|tues|tuesday|wed|wednesday|thu|thur|thurs|thursday|"
    "fri|friday|sat|saturday|sun|sunday"
)
# Words a dateline may carry besides the date itself ("Updated: Oct 8, 2020 at 9:45 pm GMT").
_FILLER = (
    "updated|published|posted|last|modified|on|at|am|pm|a\\.m\\.|p\\.m\\.|gmt|utc|"
    "[a-z]{2,4}t|st|nd|rd|th"
)
# The repetition is possessive (++): each piece, once matched, is kept. With
# backtracking, a run of digits or dotted words that fails at the end could be
# re-split in exponentially many ways (a 60-character line took minutes).
_DATELINE = re.compile(
    rf"^(?:(?:{_MONTHS}|{_WEEKDAYS}|{_FILLER})\b\.?|\d{{1,4}}(?:st|nd|rd|th)?|[\s,.:/|+\-–—()])++$",
    re.IGNORECASE,
)
# Digit lookarounds, not \b: in "2020-10-08T21:45" no word boundary precedes the hour.
_HAS_TIME = re.compile(r"(?<!\d)\d{1,2}:\d{2}(?!\d)")
_HAS_SECONDS = re.compile(r"(?<!\d)\d{1,2}:\d{2}:\d{2}(?!\d)")
_TIME_OR_YEAR = re.compile(r"(?<!\d)(?:\d{1,2}:\d{2}(?::\d{2})?|\d{4})(?!\d)")
_MONTH_NAME = re.compile(rf"\b(?:{_MONTHS})\b", re.IGNORECASE)
_ISO_PREFIX = re.compile(r"^\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?\s*$")
_ISO_DAY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?\s*$")
_ORDINAL = re.compile(r"(?<=\d)(st|nd|rd|th)\b", re.IGNORECASE)
_DIGITS = re.compile(r"\d")


def looks_like_dateline(line: str) -> bool:
    """True for a line that is nothing but a date, perhaps with a time and a label."""
    return (
        len(line) <= 60
        and _DATELINE.match(line.strip()) is not None
        and len(_DIGITS.findall(line)) >= 4
        and re.search(_MONTHS, line, re.IGNORECASE) is not None
    ) or _ISO_DAY.match(line) is not None


def parse_published(text: str | None) -> tuple[str, DatePrecision] | None:
    """Parse a stated date into ISO 8601 at the precision the text gives.

    ``"2020"`` stays a year, ``"2020-10"`` a month, ``"08th Oct, 2020"`` a day and
    ``"08th Oct, 2020. 09:45 pm"`` a minute; time zones dateutil knows are kept.
    Returns ``None`` for anything that is not a plausible date.
    """
    if not text or not text.strip():
        return None
    iso = _ISO_PREFIX.match(text)
    if iso:
        year, month, day = iso.groups()
        if day:
            return _checked(f"{year}-{month}-{day}", DatePrecision.DAY)
        if month:
            return _checked(f"{year}-{month}", DatePrecision.MONTH)
        return _checked(year, DatePrecision.YEAR)
    cleaned = _ORDINAL.sub("", text).replace(". ", " ").strip(" .")
    try:
        with warnings.catch_warnings():
            # Zone names dateutil does not know ("PKT") are dropped, not fatal.
            warnings.simplefilter("ignore", dateutil_parser.UnknownTimezoneWarning)
            moment = dateutil_parser.parse(
                cleaned, fuzzy=True, dayfirst=False, default=datetime(1, 1, 1)
            )
    except (ValueError, OverflowError):
        return None
    if moment.year < 1800 or moment.year > 2200:
        return None
    if not re.search(r"\d", _TIME_OR_YEAR.sub(" ", cleaned)):
        # No day number stated: "October 2020" is a month, a lone "2020" a year.
        if _MONTH_NAME.search(cleaned):
            return f"{moment.year:04d}-{moment.month:02d}", DatePrecision.MONTH
        return f"{moment.year:04d}", DatePrecision.YEAR
    if _HAS_SECONDS.search(text):
        return moment.isoformat(timespec="seconds"), DatePrecision.SECOND
    if _HAS_TIME.search(text):
        return moment.isoformat(timespec="minutes"), DatePrecision.MINUTE
    return moment.date().isoformat(), DatePrecision.DAY


def _checked(value: str, precision: DatePrecision) -> tuple[str, DatePrecision] | None:
    formats = {
        DatePrecision.YEAR: "%Y",
        DatePrecision.MONTH: "%Y-%m",
        DatePrecision.DAY: "%Y-%m-%d",
    }
    try:
        parsed = datetime.strptime(value, formats[precision])
    except ValueError:
        return None
    if parsed.year < 1800 or parsed.year > 2200:
        return None
    return value, precision
