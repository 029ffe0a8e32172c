"""A small store built by hand for the web tests: two stories, three articles, one hostile.

Every record the API serves is there (a figure group, an event, quotes, entities),
ids share prefixes so that ambiguity can be asked for, and one article carries
script in its title and text, which every response must give back as data.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsfuse.model import (
    Article,
    DatePrecision,
    Entity,
    Event,
    Figure,
    FigureGroup,
    Mention,
    Quantity,
    Quote,
    Span,
    Story,
    StoryMember,
)
from newsfuse.store import open_store

__all__ = [
    "ARTICLES",
    "ENTITY",
    "PAYLOADS",
    "STORY",
    "XSS",
    "XSS_STORY",
    "build",
]

PAYLOADS = ("<script>alert(1)</script>", '"><img src=x onerror=alert(1)>')


def _span(article: Article, words: str) -> Span:
    start = article.text.index(words)
    return Span(article.id, start, start + len(words))


def _article(n: int, site: str, text: str, published: str) -> Article:
    return Article(
        id=f"a00000000000000{n}",
        path=f"in/{site}.txt",
        raw_text=text,
        text=text,
        site=site,
        title=f"Clashes continue, report {n}",
        published=published,
        date_precision=DatePrecision.DAY,
        language="en",
        story="s000000000000001",
    )


_ONE = _article(
    1,
    "one.example",
    "Armenia said 300 soldiers were killed. “We will not give up,” Aliyev said on Monday.",
    "2020-10-08",
)
_TWO = _article(
    2,
    "two.example",
    "Officials said 350 soldiers were killed since the fighting began.",
    "2020-10-09",
)
_ALIYEV = Mention(_span(_ONE, "Aliyev"), "Aliyev", "person", full_name="Ilham Aliyev", entity="e1")
_KILLED = (
    Figure(
        id="f1",
        kind="killed",
        quantity=Quantity(300.0, 300.0, "exact"),
        subject="soldiers",
        span=_span(_ONE, "300 soldiers"),
        evidence=_span(_ONE, "Armenia said 300 soldiers were killed."),
        text="300 soldiers",
        side="Armenia",
        as_of="2020-10-08",
        as_of_precision="day",
    ),
    Figure(
        id="f2",
        kind="killed",
        quantity=Quantity(350.0, 350.0, "exact"),
        subject="soldiers",
        span=_span(_TWO, "350 soldiers"),
        evidence=_span(_TWO, _TWO.text),
        text="350 soldiers",
        side="Armenia",
        as_of="2020-10-09",
        as_of_precision="day",
    ),
)
ARTICLES = (
    replace(
        _ONE,
        mentions=(_ALIYEV,),
        figures=(_KILLED[0],),
        quotes=(
            Quote(
                id="q1",
                text="We will not give up,",
                span=_span(_ONE, "We will not give up,"),
                evidence=_span(_ONE, "“We will not give up,” Aliyev said on Monday."),
                # As written: "ilham" finds it only through its entity.
                speaker="Aliyev",
                speaker_span=_ALIYEV.span,
                verb="say",
            ),
        ),
    ),
    replace(_TWO, figures=(_KILLED[1],)),
)
ENTITY = Entity(
    id="e1",
    name="Ilham Aliyev",
    type="person",
    aliases=("Aliyev", "Ilham Aliyev"),
    mentions=(_ALIYEV,),
)
STORY = Story(
    id="s000000000000001",
    title="Clashes continue",
    articles=tuple(a.id for a in ARTICLES),
    first_seen="2020-10-08",
    last_seen="2020-10-09",
    sources=("one.example", "two.example"),
    independent_sources=2,
    members=tuple(StoryMember(a.id, "original", a.site, a.published) for a in ARTICLES),
    entities=("Ilham Aliyev",),
)
_GROUP = FigureGroup(
    id="g1",
    story=STORY.id,
    kind="killed",
    subject="soldiers",
    status="disagree",
    explanation="300 and 350 soldiers killed by the same day",
    figures=("f1", "f2"),
    low=300.0,
    best=350.0,
    high=350.0,
    sources=2,
    articles=STORY.articles,
    side="Armenia",
    as_of="2020-10-09",
)
_EVENT = Event(
    id="x1",
    type="clash",
    evidence=(_KILLED[0].evidence, _KILLED[1].evidence),
    code="190",
    actors=("Armenia",),
    date="2020-10-08",
    date_precision="day",
    story=STORY.id,
)

_XSS_TEXT = (
    f"A hostile page wrote {PAYLOADS[0]} into its body. "
    f"It also wrote {PAYLOADS[1]} after an attribute. Neither may run."
)
XSS = Article(
    id="b000000000000001",
    path="in/hostile.txt",
    raw_text=_XSS_TEXT,
    text=_XSS_TEXT,
    site="hostile.example",
    title=f"Hostile {PAYLOADS[0]} {PAYLOADS[1]}",
    story="s000000000000002",
)
XSS_STORY = Story(
    id="s000000000000002",
    title=XSS.title or "",
    articles=(XSS.id,),
    sources=("hostile.example",),
    independent_sources=1,
    members=(StoryMember(XSS.id, "original", XSS.site),),
)


def build(db: Path) -> Path:
    """Write the small store to ``db``; returns ``db``."""
    store = open_store(db)
    try:
        for article in (*ARTICLES, XSS):
            store.add(article, article.path)
        store.replace_entities([ENTITY])
        store.replace_stories([STORY, XSS_STORY])
        store.put_story_claims(STORY.id, [_GROUP], [_EVENT])
    finally:
        store.close()
    return db
