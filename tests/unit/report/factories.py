"""A small dossier built by hand: two outlets, one of them hostile.

The wire article is ordinary. The other one's title, site, URL and text carry
what a page could smuggle into a report: HTML and script, an attribute
breakout, a ``javascript:`` link, Markdown headings and table pipes. Its spans
are laid so that cited evidence coincides, nests and crosses.
"""

from __future__ import annotations

from newsfuse.model import (
    Article,
    Coverage,
    Dossier,
    Figure,
    FigureGroup,
    Quantity,
    Quote,
    Span,
    SpeakerQuotes,
    Story,
    StoryMember,
    SummarySentence,
    TimelineEntry,
)

SCRIPT = "<script>alert(1)</script>"
BREAKOUT = '"><img src=x onerror=alert(1)>'
#: Every payload of the hostile article, as the page wrote it.
PAYLOADS = (SCRIPT, BREAKOUT, "javascript:alert(1)")

WIRE_TEXT = (
    "Armenia said 158 soldiers had been killed by Saturday.\n\n"
    "Azerbaijan's president said “we will take back our lands” on Sunday.\n\n"
    "Talks are due in Moscow next week."
)
HOSTILE_TEXT = (
    f"# Breaking | more than 300 soldiers were killed, officials said {SCRIPT}.\n\n"
    f"Witnesses described {BREAKOUT} scenes. Talks are due in Moscow next week."
)

WIRE = Article(
    id="aaaa000000000001",
    path="in/wire.txt",
    raw_text=WIRE_TEXT,
    text=WIRE_TEXT,
    site="wire.example",
    title="Armenia reports 158 soldiers killed",
    published="2020-10-03T10:00",
    url="https://wire.example/armenia",
)
HOSTILE = Article(
    id="bbbb000000000002",
    path="in/hostile.txt",
    raw_text=HOSTILE_TEXT,
    text=HOSTILE_TEXT,
    site=f"evil|site {SCRIPT}",
    title=f"# Toll | rises {SCRIPT} {BREAKOUT}",
    published="2020-10-08",
    url="javascript:alert(1)",
)


def span(article: Article, words: str, occurrence: int = 0) -> Span:
    """The span of ``words`` in ``article``'s text (the ``occurrence``-th time it appears)."""
    start = -1
    for _ in range(occurrence + 1):
        start = article.text.index(words, start + 1)
    return Span(article.id, start, start + len(words))


WIRE_TOLL = span(WIRE, "Armenia said 158 soldiers had been killed by Saturday.")
WIRE_QUOTE = span(WIRE, "Azerbaijan's president said “we will take back our lands” on Sunday.")
WIRE_TALKS = span(WIRE, "Talks are due in Moscow next week.")
HOSTILE_TOLL = span(
    HOSTILE, f"# Breaking | more than 300 soldiers were killed, officials said {SCRIPT}."
)
HOSTILE_WITNESS = span(HOSTILE, f"Witnesses described {BREAKOUT} scenes.")
HOSTILE_TALKS = span(HOSTILE, "Talks are due in Moscow next week.")
#: Crosses HOSTILE_WITNESS and HOSTILE_TALKS: starts inside one, ends inside the other.
HOSTILE_CROSSING = span(HOSTILE, "scenes. Talks are due")

F158 = Figure(
    id="f1",
    kind="killed",
    quantity=Quantity(158, 158, "exact"),
    subject="soldiers",
    span=span(WIRE, "158 soldiers"),
    evidence=WIRE_TOLL,
    text="158 soldiers",
    side="Armenia",
    speaker="Armenia",
    as_of="2020-10-03",
    as_of_precision="day",
    cumulative=True,
)
F300 = Figure(
    id="f2",
    kind="killed",
    quantity=Quantity(301, None, "more_than"),
    subject="soldiers",
    span=span(HOSTILE, "more than 300 soldiers"),
    evidence=HOSTILE_TOLL,
    text="more than 300 soldiers",
    side="Armenia",
    speaker=f"officials {SCRIPT}",
    as_of="2020-10-05",
    as_of_precision="week",
    cumulative=True,
)
TOLL = FigureGroup(
    id="g1",
    story="s0000000000a1",
    kind="killed",
    subject="soldiers",
    status="update",
    explanation=f"the running total grew from 158 to more than 300 {SCRIPT}",
    figures=("f1", "f2"),
    low=301,
    best=301,
    high=None,
    sources=2,
    articles=(WIRE.id, HOSTILE.id),
    side="Armenia",
    as_of="2020-10-08",
)
LANDS = Quote(
    id="q1",
    text="we will take back our lands",
    span=span(WIRE, "we will take back our lands"),
    evidence=WIRE_QUOTE,
    speaker="president",
    verb="say",
)
WITNESSES = Quote(
    id="q2",
    text=f"{BREAKOUT} scenes",
    span=span(HOSTILE, f"{BREAKOUT} scenes"),
    evidence=HOSTILE_CROSSING,
    speaker="Witnesses",
    verb="describe",
    direct=False,
)

STORY = Story(
    id="s0000000000a1",
    title=f"# Toll | rises {SCRIPT}",
    articles=(WIRE.id, HOSTILE.id),
    first_seen=WIRE.published,
    last_seen=HOSTILE.published,
    sources=(WIRE.site or "", HOSTILE.site or ""),
    independent_sources=2,
    members=(
        StoryMember(WIRE.id, "original", WIRE.site, WIRE.published),
        StoryMember(HOSTILE.id, "follow-up", HOSTILE.site, HOSTILE.published),
    ),
)


def make_dossier() -> Dossier:
    """The dossier: every section filled, every span pointing into the two texts."""
    return Dossier(
        story=STORY,
        articles=(WIRE, HOSTILE),
        summary=(
            SummarySentence(WIRE.text[WIRE_TOLL.start : WIRE_TOLL.end], (WIRE_TOLL,), "2020-10-03"),
            SummarySentence(
                HOSTILE.text[HOSTILE_TOLL.start : HOSTILE_TOLL.end], (HOSTILE_TOLL,), "2020-10-05"
            ),
            SummarySentence(
                WIRE.text[WIRE_TALKS.start : WIRE_TALKS.end], (WIRE_TALKS, HOSTILE_TALKS)
            ),
        ),
        timeline=(
            TimelineEntry("2020-10-03", "day", "158 soldiers killed", "figure", (WIRE_TOLL,), "g1"),
            TimelineEntry(
                "2020-10-05",
                "week",
                f"more than 300 soldiers killed {SCRIPT}",
                "figure",
                (HOSTILE_TOLL,),
                "g1",
            ),
        ),
        board=(TOLL,),
        figures={"f1": F158, "f2": F300},
        events=(),
        speakers=(
            SpeakerQuotes("Ilham Aliyev", "e1", (LANDS,)),
            SpeakerQuotes(f"Witnesses {SCRIPT}", None, (WITNESSES,)),
        ),
        coverage=(
            Coverage("soldiers killed", "figure", (WIRE.id, HOSTILE.id)),
            Coverage(f"talks | {SCRIPT}", "summary", (HOSTILE.id,)),
        ),
    )
