"""Date expressions in news text, resolved against the article's publication date.

A figure or an event gets its as-of date from the sentence that states it, and
news prose states dates relative to the day it was written: "on Thursday" in an
article of Saturday 2020-10-03 is 2020-10-01. :func:`resolve_dates` finds the
expressions and resolves them; :func:`sentence_date` picks the one a sentence is
about. Plain regular expressions, no parser: it runs on every article.

Rules
-----
Relative expressions ("Thursday", "yesterday", "last week", "in April", "two
days ago") need a publication date with a day; without one they are skipped.
Absolute ones ("27 September 2020", "in 1994", "2020-10-08") always resolve; a
day and month without a year ("September 27") take the year that puts them
nearest the publication date, or the stated year when that is all there is.

Weekdays. News reports look back, so a bare weekday is the most recent such day
*on or before* the publication day: a report of Friday says "Russia said on
Friday" of that very Friday (news style names the day even for "today"). When
the sentence speaks of the future (a cue such as "will", "would", "is to", "is
due to", "scheduled", "to be held", "plans to", "next" before the weekday, and
no reporting verb such as "said" between the cue and the weekday) it is the
next such day *on or after* the publication day, the same day again counting:
"a meeting to be held Thursday" in a Thursday paper is that Thursday. "last
Thursday" is strictly before the publication day (1 to 7 days), "next Monday"
strictly after it (1 to 7 days), "this Thursday" the Thursday of the
publication day's ISO week. Every relative weekday lands within 7 days of the
publication day. An explicit date right after the weekday ("Saturday
(3/10/2020)", "Thursday, October 8") wins over the weekday and joins its span.

A month named without a year ("in April", "since March", "late September")
follows the same direction rule at month precision; "last April" is the
latest April before the publication month, "next April" the first after it,
"this April" the one of the publication year.

Numeric dates ("3/10/2020", "3.10.2020") are day/month or month/day. A reading
that is not a calendar date is out; a weekday next to the date picks the reading
that falls on it; otherwise the reading nearer the publication date wins when it
lies within 92 days of it. When neither test decides (no publication date, or
both readings far from it) only the year both readings share is kept, at year
precision.

Weekdays and relative words match in lower case, Capitalised or UPPER CASE;
month names only Capitalised or UPPER CASE ("may" and "march" are verbs). The
parts of one expression never span a line break.

Not handled: decades ("the 1990s"), seasons without a year, weekends, hours
("two hours ago"), vague counts ("a few days ago"), ranges ("27-28 September"
gives only 28 September), weekday abbreviations in prose ("Thu"), narrative
anchors ("the following week", "the next day"), a day and month whose year an
earlier date of the sentence gives ("in 2016, ... on April 2" takes the year
from publication), and bare years without a cue ("the 1994 ceasefire"): a bare
four-digit number is as often a count as a year, so a year needs a cue before
it ("in", "since", "by", "until", "early", "mid-", ...) and must not be followed
by a counted noun ("in 2000 homes").
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta

from newsfuse.model import Article, ResolvedDate, Span
from newsfuse.stages.analyse.sentences import sentence_spans

__all__ = ["own_date", "reference_date", "resolve_dates", "sentence_date"]

DAY, WEEK, MONTH, YEAR = "day", "week", "month", "year"
#: Finer first: the order :func:`sentence_date` prefers.
_PRECISION_RANK = {DAY: 0, WEEK: 1, MONTH: 2, YEAR: 3}

#: Years an explicit expression may name; outside them "in 3000" is a count.
_MIN_YEAR, _MAX_YEAR = 1000, 2200
#: How near the publication date a numeric date's reading must be to win.
_AMBIGUITY_WINDOW = timedelta(days=92)

_MONTH_NAMES = (
    ("january", "jan"),
    ("february", "feb"),
    ("march", "mar"),
    ("april", "apr"),
    ("may",),
    ("june", "jun"),
    ("july", "jul"),
    ("august", "aug"),
    ("september", "sept", "sep"),
    ("october", "oct"),
    ("november", "nov"),
    ("december", "dec"),
)
_MONTH_NUMBERS = {
    name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names
}
_FULL_MONTHS = frozenset(names[0] for names in _MONTH_NAMES)
_WEEKDAY_NUMBERS = {
    name: number
    for number, name in enumerate(
        ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
    )
}
_NUMBER_WORDS = {
    word: number
    for number, word in enumerate(
        (
            *("zero", "one", "two", "three", "four", "five", "six"),
            *("seven", "eight", "nine", "ten", "eleven", "twelve"),
        )
    )
} | {"a": 1, "an": 1}
_RELATIVE_WORDS = (
    *("today", "tonight", "yesterday", "tomorrow"),
    *("morning", "afternoon", "evening", "night"),
    *("day", "days", "week", "weeks", "month", "months", "year", "years"),
)


def _cased(words: Iterable[str], *, lower: bool = True) -> str:
    """An alternation of ``words`` as Capitalised, UPPER CASE and (if ``lower``) lower case.

    ``re`` scans for a case-sensitive alternation of literals many times faster
    than for an IGNORECASE one, and these are the spellings text uses. Month
    names go without the lower-case form: "may" and "march" are verbs.
    """
    forms: list[str] = []
    for word in sorted(words, key=len, reverse=True):
        forms += [word.title(), word.upper(), *([word] if lower else [])]
    return "|".join(forms)


# Each finder scans for a cheap anchor word, then reads the few characters
# around it with anchored patterns; one IGNORECASE pattern per expression, run
# over the whole text, was five times slower. Parts of one expression are
# parted by white space within a line: a date never spans a line break.
_I = re.IGNORECASE
_SP = r"[^\S\n]"
_GAP = rf"(?:{_SP}|-)+"
_MOD = rf"early|late|mid|(?:the{_SP}+)?(?:end|beginning|start|middle){_SP}+of"

_MONTH_WORD = re.compile(rf"(?:{_cased(_MONTH_NUMBERS, lower=False)})\b")
_WEEKDAY_WORD = re.compile(rf"(?:{_cased(_WEEKDAY_NUMBERS)})\b")
_RELATIVE_WORD = re.compile(rf"(?:{_cased(_RELATIVE_WORDS)})\b")
_FOUR_DIGITS = re.compile(r"\d\d\d\d")

# After a month name.
_DAY_AFTER = re.compile(rf"{_SP}*(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b(?![.,:]\d)", _I)
_YEAR_AFTER = re.compile(rf",?{_SP}*(?P<year>\d{{4}})\b(?![.,:]\d)")
_OF_YEAR_AFTER = re.compile(rf",?{_SP}*(?:of{_SP}+)?(?P<year>\d{{4}})\b(?![.,:]\d)", _I)
_DIGIT_AFTER = re.compile(rf"\.?{_SP}*(?:of{_SP}+)?\d", _I)
# Before a month name.
_DAY_BEFORE = re.compile(
    rf"(?<![\d.,])\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?{_SP}+(?:of{_SP}+)?\Z", _I
)
_MOD_BEFORE = re.compile(rf"\b(?:{_MOD}){_GAP}\Z", _I)
_MONTH_REL_BEFORE = re.compile(
    rf"\b(?P<rel>(?:earlier|later){_SP}+this|this|last|next|{_MOD}){_GAP}\Z", _I
)
_MONTH_CUE = re.compile(
    rf"\b(?:in|since|until|till|by|from|before|after|during|throughout){_SP}+\Z", _I
)
# Around four digits.
_ISO_REST = re.compile(r"-(?P<month>\d\d)-(?P<day>\d\d)(?!\d)")
_NUMERIC_BEFORE = re.compile(r"(?<![\d/.\-])\b(?P<a>\d{1,2})(?P<sep>[/.])(?P<b>\d{1,2})(?P=sep)\Z")
_NUMERIC_NOT_AFTER = re.compile(r"/|\.\d")
_YEAR_MOD_BEFORE = re.compile(
    rf"\b(?:{_MOD}|(?:the{_SP}+)?(?:spring|summer|autumn|winter)(?:{_SP}+of)?){_GAP}\Z", _I
)
_YEAR_CUE = re.compile(
    rf"(?:\b(?:in|since|until|till|by|from|before|after|during|throughout|circa){_SP}+"
    rf"|\b\d{{4}}{_SP}*(?:(?:to|and|or|through){_SP}+|[-–—]{_SP}*))\Z",
    _I,
)
# Not "1990s" (a decade), not the head of "1994-95" or "12.2020:", not "500 BC".
_NOT_A_YEAR_AFTER = re.compile(rf"['’]?s\b|[/.:,]\d|-\d\d(?!\d)|{_SP}*b\.?c\.?e?\b", _I)
# Lower case on purpose: "in 2000 homes" counts homes, "in 1994 Armenia" is a year.
_COUNTED = re.compile(
    r"\s*%|\s+(?:(?!(?:was|is|has|as|its|this|his|thus|across|plus|unless|always|whereas|does|us)"
    r"\b)[a-z]+s|people|men|women|children|police|personnel|staff|square|sq|km|per)\b"
)
# Around a weekday.
_WEEKDAY_BEFORE = re.compile(
    rf"(?:\b(?P<rel>this{_SP}+coming|this{_SP}+past|last|next|this|coming){_SP}+)?"
    rf"(?:\b(?P<mod>late|early|earlier|later){_SP}+(?:on{_SP}+)?)?\Z",
    _I,
)
_PART_OF_DAY = re.compile(rf"{_SP}+(?:morning|afternoon|evening|night)\b", _I)
# Named days that are not "the most recent such weekday".
_NAMED_DAY_BEFORE = re.compile(
    rf"\b(?:bloody|black|good|easter|palm|ash|holy|maundy|cyber|super|shrove|whit"
    rf"|mail{_SP}+on){_SP}+\Z",
    _I,
)
_NAMED_DAY_AFTER = re.compile(
    rf"{_SP}+(?:Times|Telegraph|Express|Mirror|Post|Herald|Star|Tribune|Independent"
    rf"|Night{_SP}+Live)\b"
)
# Around a relative word.
_EARLIER_BEFORE = re.compile(rf"\b(?:earlier|later){_SP}+\Z", _I)
_DAY_BEFORE_BEFORE = re.compile(rf"\bthe{_SP}+day{_SP}+before{_SP}+\Z", _I)
_DAY_AFTER_BEFORE = re.compile(rf"\bthe{_SP}+day{_SP}+after{_SP}+\Z", _I)
_THIS_BEFORE = re.compile(rf"(?:\b(?:early|earlier|late|later){_SP}+)?\bthis{_SP}+\Z", _I)
_LAST_BEFORE = re.compile(rf"(?:\b(?:early|late){_SP}+)?\blast{_SP}+\Z", _I)
_UNIT_REL_BEFORE = re.compile(
    rf"(?:\b(?P<mod>earlier|later|early|late|mid){_GAP})?\b(?P<rel>this|last|next){_SP}+\Z", _I
)
_COUNT_BEFORE = re.compile(rf"\b(?P<n>\d{{1,3}}|{_cased(_NUMBER_WORDS)}){_SP}+\Z")
_AGO_AFTER = re.compile(rf"{_SP}+ago\b", _I)
# "USA Today", "AlKhaleej Today": a capitalised "Today" after a capitalised word is a name.
_NAME_BEFORE = re.compile(rf"[A-Z][\w'’&-]*{_SP}+\Z")
# "the last year", "the next week" are durations, not dates.
_THE_BEFORE = re.compile(rf"\bthe{_SP}+\Z", _I)

# Whether a sentence speaks of the future, up to the expression.
_FUTURE_CUE = re.compile(
    r"\b(?:will|won['’]t|shall|would|wouldn['’]t|(?:is|are)\s+to|(?:is|are|was|were)\s+due\s+to"
    r"|scheduled|to\s+be\s+held|plans?\s+to|planned|planning\s+to|expected\s+to|set\s+to"
    r"|going\s+to|upcoming|next)\b|['’]ll\b",
    _I,
)
# A reporting verb after the future cue puts the weekday back in the past:
# "X will meet Y, the ministry said on Sunday".
_REPORTED = re.compile(
    r"\b(?:said|says|told|announced|reported|stated|added|confirmed|claimed|noted|wrote"
    r"|declared|explained|warned|insisted|tweeted|according)\b",
    _I,
)
_GAP_TO_EXPLICIT = re.compile(rf"{_SP}*[,(]?{_SP}*")
_CLOSING_PAREN = re.compile(rf"{_SP}*\)")
_DAY_LEAD = re.compile(rf"\b(?:on|since|as{_SP}+of){_SP}+\Z", _I)
_SINCE_LEAD = re.compile(rf"\b(?:since|as{_SP}+of){_SP}+\Z", _I)
_PERIOD_LEAD = re.compile(rf"\b(?:in|since|as{_SP}+of|during){_SP}+\Z", _I)
#: How far before an anchor word its modifiers and cue words are looked for.
_LOOKBACK = 40


@dataclass(frozen=True, slots=True)
class _Published:
    """What is known of the publication date: a year, perhaps a month, perhaps a day."""

    year: int | None = None
    month: int | None = None
    day: date | None = None

    def reference(self) -> date | None:
        """The day the article most likely speaks from, for "nearest" comparisons."""
        if self.day is not None:
            return self.day
        if self.year is None:
            return None
        # The middle of the month or year that is known.
        return date(self.year, self.month, 15) if self.month else date(self.year, 7, 1)


@dataclass(frozen=True, slots=True)
class _Hit:
    """One match before overlaps are settled; ``value`` None means "not resolvable"."""

    start: int
    end: int
    value: str | None
    precision: str
    #: Set on a weekday expression, which an explicit date right after it replaces.
    weekday: int | None = None
    #: Set on an explicit day date, which may absorb a weekday just before it.
    explicit: bool = False
    #: Both calendar readings of an ambiguous numeric date, for a weekday to decide.
    readings: tuple[date, ...] = ()


def resolve_dates(
    text: str,
    published: str | None,
    *,
    article: str = "",
    start: int = 0,
    end: int | None = None,
) -> list[ResolvedDate]:
    """Every date expression in ``text[start:end]``, resolved against ``published``.

    Parameters
    ----------
    text : str
        The article's clean text; spans are offsets into it.
    published : str or None
        The publication date in ISO 8601 ("2020-10-08T21:45", "2020-10-08",
        "2020-10", "2020"); anything else counts as unknown.
    article : str
        The article id the spans carry.
    start, end : int
        The range to search; offsets stay absolute into ``text``.

    Returns
    -------
    list of ResolvedDate
        In text order, none overlapping another. ``date`` is "YYYY-MM-DD" at day
        and week precision (a week is its Monday), "YYYY-MM" at month and "YYYY"
        at year precision. See the module docstring for the rules.

    Examples
    --------
    >>> text = "Russia said on Friday that talks will open on Monday."
    >>> [(d.text, d.date) for d in resolve_dates(text, "2020-10-09")]
    [('on Friday', '2020-10-09'), ('on Monday', '2020-10-12')]
    >>> text = "The fighting began late last month, not in April 2016."
    >>> [(d.text, d.date, d.precision) for d in resolve_dates(text, "2020-10-08")]
    [('late last month', '2020-09', 'month'), ('in April 2016', '2016-04', 'month')]
    >>> [d.date for d in resolve_dates("Talks were held on Thursday.", None)]
    []
    """
    lo = min(max(start, 0), len(text))
    hi = len(text) if end is None else min(max(end, lo), len(text))
    context = _Context(text, lo, hi, _parse_published(published))
    hits = [
        *_month_dates(context),
        *_digit_dates(context),
        *_relative_dates(context),
        # Weekdays come even without a day to count from: an explicit date
        # after one may still need it to choose its reading.
        *_weekdays(context),
    ]
    hits.sort(key=lambda hit: (hit.start, -hit.end))
    hits = [_with_lead(context, hit) for hit in _merge_weekdays(context, hits)]
    hits.sort(key=lambda hit: (hit.start, -hit.end))
    found: list[ResolvedDate] = []
    reached = lo
    for hit in hits:
        if hit.value is None or hit.start < reached:
            continue
        found.append(
            ResolvedDate(
                span=Span(article, hit.start, hit.end),
                text=text[hit.start : hit.end],
                date=hit.value,
                precision=hit.precision,
            )
        )
        reached = hit.end
    return found


def sentence_date(dates: Sequence[ResolvedDate], start: int, end: int) -> ResolvedDate | None:
    """The date the sentence ``text[start:end]`` is about, from ``resolve_dates``' output.

    Of the dates whose span lies inside the sentence, the finest one wins (day,
    then week, month, year), the first in the text among equals; a date that
    opens a period ("since last month", "since 1994") counts only when nothing
    else does. The finest date is nearly always the report's own ("..., which
    began late last month, the ministry said on Thursday" is as of Thursday),
    and a "since" date is where a running total began, not when it stood.

    Examples
    --------
    >>> text = "Since 1994 the toll has risen, officials said on Thursday."
    >>> sentence_date(resolve_dates(text, "2020-10-08"), 0, len(text)).text
    'on Thursday'
    """
    inside = [d for d in dates if start <= d.span.start and d.span.end <= end]
    if not inside:
        return None
    return min(
        inside,
        key=lambda d: (
            d.text[:5].lower() == "since",
            _PRECISION_RANK.get(d.precision, len(_PRECISION_RANK)),
            d.span.start,
        ),
    )


# --- context -----------------------------------------------------------------


class _Context:
    """The text, the range searched, the publication date, and sentence starts on demand."""

    __slots__ = ("_starts", "hi", "lo", "pub", "text")

    def __init__(self, text: str, lo: int, hi: int, pub: _Published) -> None:
        self.text = text
        self.lo = lo
        self.hi = hi
        self.pub = pub
        self._starts: list[int] | None = None

    def anchors(self, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
        """Matches of ``pattern`` in the range that start a word."""
        text = self.text
        for match in pattern.finditer(text, self.lo, self.hi):
            at = match.start()
            if at == 0 or not (text[at - 1].isalnum() or text[at - 1] == "_"):
                yield match

    def before(self, pattern: re.Pattern[str], position: int) -> re.Match[str] | None:
        """``pattern`` (ending in ``\\Z``) matched on the text just before ``position``.

        The match may reach before the searched range: it is context, not a span.
        """
        return pattern.search(self.text, max(0, position - _LOOKBACK), position)

    def grow(self, pattern: re.Pattern[str], position: int) -> int:
        """Where an expression starts if ``pattern`` (ending in ``\\Z``) extends it back."""
        match = pattern.search(self.text, max(self.lo, position - _LOOKBACK), position)
        return match.start() if match else position

    def within(self, position: int, fallback: int) -> int:
        """``position`` if it lies in the searched range, else ``fallback``.

        A modifier cut by the range's edge ("la|st Thursday") stays context.
        """
        return position if position >= self.lo else fallback

    def after(self, pattern: re.Pattern[str], position: int) -> re.Match[str] | None:
        """``pattern`` matched on the text from ``position`` to the end of the range."""
        return pattern.match(self.text, position, self.hi)

    def looks_ahead(self, position: int) -> bool:
        """True when the sentence up to ``position`` speaks of the future."""
        if self._starts is None:
            self._starts = [a for a, _ in sentence_spans(self.text, self.lo, self.hi)]
        index = bisect_right(self._starts, position) - 1
        begin = self._starts[index] if index >= 0 else self.lo
        cues = [cue.end() for cue in _FUTURE_CUE.finditer(self.text, begin, position)]
        return bool(cues) and _REPORTED.search(self.text, cues[-1], position) is None


def _parse_published(published: str | None) -> _Published:
    if not published:
        return _Published()
    match = re.match(r"\s*(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?!\d)", published)
    if match is None:
        return _Published()
    year, month, day = (int(part) if part else None for part in match.groups())
    if year is None or year < 1:
        return _Published()
    if month is None or not 1 <= month <= 12:
        return _Published(year)
    return _Published(year, month, _valid_day(year, month, day) if day else None)


# --- dates around a month name ---------------------------------------------------


def _month_dates(context: _Context) -> Iterator[_Hit]:
    """Dates around a month name: "September 27", "in April 2016", "late September"."""
    text = context.text
    for match in context.anchors(_MONTH_WORD):
        word = match.group(0).lower()
        month = _MONTH_NUMBERS[word]
        start, end = match.span()
        if word not in _FULL_MONTHS and text.startswith(".", end, context.hi):
            end += 1  # the abbreviation's full stop: "Sept. 27"
        day_before = context.before(_DAY_BEFORE, start)
        if day_before is not None:
            # "27 September", "27th of September 2020"; a bad day is no month either,
            # and a day before the searched range leaves the expression outside it.
            if day_before.start() >= context.lo:
                year = context.after(_YEAR_AFTER, end)
                yield from _day_hit(context, day_before.start(), end, month, day_before, year)
            continue
        day_after = context.after(_DAY_AFTER, end)
        if day_after is not None:
            year = context.after(_YEAR_AFTER, day_after.end())
            yield from _day_hit(context, start, day_after.end(), month, day_after, year)
            continue
        year_after = context.after(_OF_YEAR_AFTER, end)
        if year_after is not None:
            number = int(year_after.group("year"))
            if _MIN_YEAR <= number <= _MAX_YEAR:
                begin = context.grow(_MOD_BEFORE, start)
                yield _Hit(begin, year_after.end(), f"{number:04d}-{month:02d}", MONTH)
            continue
        if (
            context.pub.day is not None
            and word in _FULL_MONTHS
            and context.after(_DIGIT_AFTER, end) is None
        ):
            yield from _month_alone(context, start, end, month, context.pub.day)


def _day_hit(
    context: _Context,
    start: int,
    end: int,
    month: int,
    day: re.Match[str],
    year: re.Match[str] | None,
) -> Iterator[_Hit]:
    number = int(day.group("day"))
    if year is not None and _MIN_YEAR <= int(year.group("year")) <= _MAX_YEAR:
        value = _valid_day(int(year.group("year")), month, number)
        if value is not None:
            yield _Hit(start, year.end(), value.isoformat(), DAY, explicit=True)
        return
    # No year stated (or a number that is no year): the one nearest publication.
    nearest = _nearest_year(context.pub, month, number)
    if nearest is not None:
        yield _Hit(start, end, nearest.isoformat(), DAY, explicit=True)


def _nearest_year(pub: _Published, month: int, day: int) -> date | None:
    if pub.year is None:
        return None
    reference = pub.reference()
    if pub.month is None or reference is None:
        return _valid_day(pub.year, month, day)
    candidates = [
        d for d in (_valid_day(pub.year + k, month, day) for k in (-1, 0, 1)) if d is not None
    ]
    return min(candidates, key=lambda d: abs(d - reference), default=None)


def _month_alone(context: _Context, start: int, end: int, month: int, pub: date) -> Iterator[_Hit]:
    """A month without a year: "in April", "since March", "last April", "mid-October"."""
    rel_match = context.before(_MONTH_REL_BEFORE, start)
    rel = " ".join(rel_match.group("rel").lower().split()) if rel_match else ""
    if not rel and context.before(_MONTH_CUE, start) is None:
        return
    if rel_match is not None:
        if rel in ("last", "next") and context.before(_THE_BEFORE, rel_match.start()):
            return
        start = context.within(rel_match.start(), start)
    # Months from the publication month to the named one, forwards and backwards (0-11).
    ahead = (month - pub.month) % 12
    back = (pub.month - month) % 12
    if rel == "last":
        shift = -(back or 12)
    elif rel == "next":
        shift = ahead or 12
    elif rel.endswith("this"):
        shift = month - pub.month
    else:
        shift = ahead if context.looks_ahead(start) else -back
    year, number = _add_months(pub.year, pub.month, shift)
    if 1 <= year <= 9999:
        yield _Hit(start, end, f"{year:04d}-{number:02d}", MONTH)


# --- dates around four digits ------------------------------------------------------


def _digit_dates(context: _Context) -> Iterator[_Hit]:
    """Dates around four digits: "2020-10-08", "3/10/2020", "in 1994", "early 2016"."""
    text = context.text
    for match in _FOUR_DIGITS.finditer(text, context.lo, context.hi):
        start, end = match.span()
        before = text[start - 1] if start else ""
        if before.isdigit() or text[end : end + 1].isdigit():
            continue
        year = int(match.group(0))
        if not _MIN_YEAR <= year <= _MAX_YEAR:
            continue
        iso = context.after(_ISO_REST, end)
        if iso is not None:
            if before not in ("-", "/", "."):
                value = _valid_day(year, int(iso.group("month")), int(iso.group("day")))
                if value is not None:
                    yield _Hit(start, iso.end(), value.isoformat(), DAY, explicit=True)
            continue
        numeric = context.before(_NUMERIC_BEFORE, start)
        if numeric is not None:
            if context.after(_NUMERIC_NOT_AFTER, end) is None:
                yield from _numeric_hit(context, numeric, end, year)
            continue
        if before in (".", ",", "/") or context.after(_NOT_A_YEAR_AFTER, end):
            continue
        mod = context.before(_YEAR_MOD_BEFORE, start)
        if mod is None and context.before(_YEAR_CUE, start) is None:
            continue
        if _COUNTED.match(text, end, context.hi):
            continue
        begin = context.within(mod.start(), start) if mod else start
        yield _Hit(begin, end, f"{year:04d}", YEAR)


def _numeric_hit(context: _Context, numeric: re.Match[str], end: int, year: int) -> Iterator[_Hit]:
    a, b = int(numeric.group("a")), int(numeric.group("b"))
    readings = tuple(
        sorted({d for d in (_valid_day(year, b, a), _valid_day(year, a, b)) if d is not None})
    )
    if readings and numeric.start() >= context.lo:
        value, precision = _choose_reading(readings, context.pub.reference())
        yield _Hit(numeric.start(), end, value, precision, explicit=True, readings=readings)


def _choose_reading(readings: tuple[date, ...], reference: date | None) -> tuple[str, str]:
    """The reading of a numeric date nearest the publication date, or just its year."""
    if len(readings) == 1:
        return readings[0].isoformat(), DAY
    if reference is not None:
        # Ties go to the earlier reading: reports look back.
        nearest = min(readings, key=lambda d: (abs(d - reference), d))
        if abs(nearest - reference) <= _AMBIGUITY_WINDOW:
            return nearest.isoformat(), DAY
    return f"{readings[0].year:04d}", YEAR


# --- dates relative to publication ---------------------------------------------------


def _relative_dates(context: _Context) -> Iterator[_Hit]:
    """Days, weeks, months and years counted from publication: "today", "last week"."""
    pub = context.pub.day
    if pub is None:
        return
    for match in context.anchors(_RELATIVE_WORD):
        word = match.group(0).lower()
        start, end = match.span()
        if word in ("today", "tonight"):
            if match.group(0) == "Today" and context.before(_NAME_BEFORE, start):
                continue
            yield _day_offset(pub, context.grow(_EARLIER_BEFORE, start), end, 0)
        elif word in ("yesterday", "tomorrow"):
            sign = -1 if word == "yesterday" else 1
            prefix = _DAY_BEFORE_BEFORE if sign < 0 else _DAY_AFTER_BEFORE
            begin = context.grow(prefix, start)
            part = context.after(_PART_OF_DAY, end)
            yield _day_offset(
                pub, begin, part.end() if part else end, sign * (2 - (begin == start))
            )
        elif word in ("morning", "afternoon", "evening", "night"):
            prefix = _LAST_BEFORE if word == "night" else _THIS_BEFORE
            begin = context.grow(prefix, start)
            if begin < start:
                yield _day_offset(pub, begin, end, -1 if word == "night" else 0)
        else:
            yield from _unit_hit(context, pub, word.rstrip("s"), start, end)


def _day_offset(pub: date, start: int, end: int, days: int) -> _Hit:
    day = _shift(pub, days)
    return _Hit(start, end, day.isoformat() if day else None, DAY)


def _unit_hit(context: _Context, pub: date, unit: str, start: int, end: int) -> Iterator[_Hit]:
    """A unit word's expression: "this week", "late last month"; "two days ago"."""
    ago = context.after(_AGO_AFTER, end)
    if ago is not None:
        count = context.before(_COUNT_BEFORE, start)
        if count is not None and count.start() >= context.lo:
            n = count.group("n").lower()
            value = _unit_value(pub, unit, -(int(n) if n.isdigit() else _NUMBER_WORDS[n]))
            if value is not None:
                yield _Hit(count.start(), ago.end(), *value)
        return
    rel = context.before(_UNIT_REL_BEFORE, start)
    if unit == "day" or end - start != len(unit) or rel is None:
        return  # "days" only counts back; "weeks" has no "this"
    step = {"this": 0, "last": -1, "next": 1}[rel.group("rel").lower()]
    if step and rel.group("mod") is None and context.before(_THE_BEFORE, rel.start()):
        return
    value = _unit_value(pub, unit, step)
    if value is not None and rel.start() >= context.lo:
        yield _Hit(rel.start(), end, *value)


def _unit_value(pub: date, unit: str, step: int) -> tuple[str, str] | None:
    """``pub`` moved by ``step`` days, weeks, months or years, at that unit's precision."""
    if unit == "day":
        day = _shift(pub, step)
        return (day.isoformat(), DAY) if day else None
    if unit == "week":
        monday = _shift(pub, 7 * step - pub.weekday())
        return (monday.isoformat(), WEEK) if monday else None
    if unit == "month":
        year, month = _add_months(pub.year, pub.month, step)
        return (f"{year:04d}-{month:02d}", MONTH) if 1 <= year <= 9999 else None
    year = pub.year + step
    return (f"{year:04d}", YEAR) if 1 <= year <= 9999 else None


def _weekdays(context: _Context) -> Iterator[_Hit]:
    """Weekdays: "on Thursday", "late Thursday", "last Thursday", "Friday night"."""
    pub = context.pub.day
    for match in context.anchors(_WEEKDAY_WORD):
        start, end = match.span()
        if context.before(_NAMED_DAY_BEFORE, start) or context.after(_NAMED_DAY_AFTER, end):
            continue
        prefix = context.before(_WEEKDAY_BEFORE, start)
        rel = " ".join((prefix.group("rel") or "").lower().split()) if prefix else ""
        if prefix is not None:
            if rel in ("last", "next") and context.before(_THE_BEFORE, prefix.start()):
                continue
            start = context.within(prefix.start(), start)
        part = context.after(_PART_OF_DAY, end)
        end = part.end() if part else end
        weekday = _WEEKDAY_NUMBERS[match.group(0).lower()]
        value = None
        if pub is not None:
            ahead = not rel and context.looks_ahead(start)
            day = _shift(pub, _weekday_offset(pub.weekday(), weekday, rel, ahead))
            value = day.isoformat() if day else None
        yield _Hit(start, end, value, DAY, weekday=weekday)


def _weekday_offset(today: int, weekday: int, rel: str, ahead: bool) -> int:
    """Days from the publication weekday ``today`` to the meant ``weekday``."""
    if rel in ("last", "this past"):
        return -((today - weekday) % 7 or 7)
    if rel in ("next", "coming", "this coming"):
        return (weekday - today) % 7 or 7
    if rel == "this":
        return weekday - today
    return (weekday - today) % 7 if ahead else -((today - weekday) % 7)


def _merge_weekdays(context: _Context, hits: list[_Hit]) -> Iterator[_Hit]:
    """Join "Saturday (3/10/2020)" into one hit dated by the explicit date.

    ``hits`` are sorted by start.
    """
    text = context.text
    absorbed: set[int] = set()
    for index, hit in enumerate(hits):
        if index in absorbed:
            continue
        follower = _explicit_after(text, hits, index) if hit.weekday is not None else None
        if follower is None:
            yield hit
            continue
        absorbed.add(follower)
        explicit = hits[follower]
        value, precision = explicit.value, explicit.precision
        matching = [d for d in explicit.readings if d.weekday() == hit.weekday]
        if len(matching) == 1:
            value, precision = matching[0].isoformat(), DAY
        stop = explicit.end
        if "(" in text[hit.end : explicit.start]:
            close = context.after(_CLOSING_PAREN, stop)
            stop = close.end() if close else stop
        if value is None:
            # "Thursday, October 8" with no year to be had: the weekday's own reading.
            value, precision = hit.value, DAY
        yield _Hit(hit.start, stop, value, precision, explicit=True)


def _explicit_after(text: str, hits: list[_Hit], index: int) -> int | None:
    """The index of an explicit date that only a comma or a bracket parts from hit ``index``."""
    weekday_end = hits[index].end
    for later in range(index + 1, len(hits)):
        other = hits[later]
        if other.start > weekday_end + 4:
            break
        if (
            other.explicit
            and other.start >= weekday_end
            and _GAP_TO_EXPLICIT.fullmatch(text, weekday_end, other.start)
        ):
            return later
    return None


def _with_lead(context: _Context, hit: _Hit) -> _Hit:
    """``hit`` grown to take in the preposition before it ("on Thursday", "in 1994")."""
    if hit.precision != DAY:
        lead = _PERIOD_LEAD
    elif hit.weekday is not None or hit.explicit:
        lead = _DAY_LEAD
    else:
        lead = _SINCE_LEAD  # "since yesterday", never "on yesterday"
    return replace(hit, start=context.grow(lead, hit.start))


# --- calendar helpers ------------------------------------------------------------


def _valid_day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _shift(day: date, days: int) -> date | None:
    try:
        return day + timedelta(days=days)
    except OverflowError:
        return None


def _add_months(year: int, month: int, months: int) -> tuple[int, int]:
    total = year * 12 + (month - 1) + months
    return total // 12, total % 12 + 1


# A date after "since", or in a relative clause ("the fighting, which began
# late last month"), dates something else than the sentence's main event.
_NOT_OWN_DATE = re.compile(r"(?:\bsince\s+(?:the\s+)?|,\s*(?:which|who|that)\b[^,]*)$", re.I)


def own_date(text: str, dates: Sequence[ResolvedDate], start: int, end: int) -> ResolvedDate | None:
    """The date of the sentence ``text[start:end]``'s own event, if it gives one.

    :func:`sentence_date` over the dates that
    do not follow "since" or sit in a relative clause.
    """
    own = [
        d
        for d in dates
        if start <= d.span.start < end
        and not d.text.lower().startswith("since")
        and not _NOT_OWN_DATE.search(text[start : d.span.start])
    ]
    return sentence_date(own, start, end)


def reference_date(article: Article, dates: Sequence[ResolvedDate]) -> tuple[str | None, str]:
    """The date an article's undated claims stand for, and how it is known.

    The article's own day (``"reported"``: claims were true by then); for an
    article without one, the latest full date its text states (``"inferred"``:
    it was written on or after that day); else ``(None, "unknown")``.
    """
    if article.published and len(article.published) >= 10:
        return article.published[:10], "reported"
    stated = [d.date for d in dates if d.precision == "day"]
    return (max(stated), "inferred") if stated else (None, "unknown")
