"""Extraction: HTML pages and plain text become Articles with raw text and metadata."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest

from newsfuse.errors import InputError
from newsfuse.model import Article, DatePrecision, RawDoc, article_id
from newsfuse.pipeline import Extractor
from newsfuse.stages.extract import TrafilaturaExtractor, headline_of

PAGES = Path(__file__).resolve().parents[2] / "data" / "pages"

PARAGRAPHS = (
    "Diplomats from both countries returned to the negotiating table in Geneva on Thursday, "
    "a week after the previous round collapsed without agreement.",
    "The mediators said the first session lasted more than four hours and covered the "
    "exchange of prisoners and the return of displaced families.",
    "Neither delegation spoke to reporters as they left the building late in the evening, "
    "but officials said a second session was planned for Friday.",
)

#: Metadata only in JSON-LD: no meta tags at all.
JSON_LD_PAGE = """<html><head><title>Dam talks | River Times</title>
<script type="application/ld+json">
{"@context": "https://schema.org", "@type": "NewsArticle",
 "headline": "Ministers meet over the shared river",
 "author": {"@type": "Person", "name": "Omar Haddad"},
 "datePublished": "2021-03-12",
 "publisher": {"@type": "Organization", "name": "River Times"}}
</script></head>
<body><article>
<p>Ministers from the three countries met in Geneva on Friday to discuss the water levels of
the shared river during the dry months.</p>
<p>The talks lasted for six hours and will continue next week, officials from all three
delegations said after the meeting.</p>
</article></body></html>"""

#: Unclosed tags, no </body>, cut off in the middle of a paragraph.
BROKEN_PAGE = """<html><head><title>Broken page</title><body><div class="story">
<p>Ministers from the three countries met in Geneva on Friday to discuss the water levels
of the shared river.<p>The talks lasted for six hours and will continue next week,
officials from all three delegations said after<div><p>A third paragraph about the dam and
the engineers who visited it on Thursday morning"""


def extract(raw: RawDoc) -> Article:
    return TrafilaturaExtractor()(raw)


def courier_page() -> str:
    return (PAGES / "courier_article.html").read_text(encoding="utf-8")


def test_html_page_metadata_comes_from_meta_tags_and_json_ld() -> None:
    article = extract(RawDoc(origin="pages/courier.html", html=courier_page()))

    assert article.title == "Ceasefire talks resume in Geneva"
    assert article.author == "Jane Doe"
    assert article.site == "The Daily Courier"
    # htmldate reports the day the page states, not its time.
    assert (article.published, article.date_precision) == ("2020-10-08", DatePrecision.DAY)
    assert article.path == "pages/courier.html"


def test_html_page_text_is_the_paragraphs_without_nav_or_footer() -> None:
    article = extract(RawDoc(origin="pages/courier.html", html=courier_page()))

    for paragraph in PARAGRAPHS:
        assert paragraph in article.raw_text
    for furniture in ("World news section", "Sport pages", "All rights reserved"):
        assert furniture not in article.raw_text
    assert article.text == ""
    assert article.id == article_id(article.raw_text, article.url)


def test_json_ld_alone_gives_title_author_date_and_site() -> None:
    article = extract(RawDoc(origin="river.html", html=JSON_LD_PAGE))

    assert article.title == "Ministers meet over the shared river"
    assert article.author == "Omar Haddad"
    assert (article.published, article.date_precision) == ("2021-03-12", DatePrecision.DAY)
    assert article.site == "River Times"


def test_what_the_source_stated_wins_over_the_page() -> None:
    raw = RawDoc(
        origin="feed.jsonl#line=3",
        html=courier_page(),
        url="https://courier.example/geneva",
        title="Stated   title",
        author="Omar Haddad",
        published="2020-10-09T08:00:00",
        site="courier.example",
    )

    article = extract(raw)

    assert article.url == "https://courier.example/geneva"
    assert article.title == "Stated title"
    assert article.author == "Omar Haddad"
    assert article.site == "courier.example"
    assert (article.published, article.date_precision) == (
        "2020-10-09T08:00:00",
        DatePrecision.SECOND,
    )
    assert article.id == article_id(article.raw_text, "https://courier.example/geneva")


def test_broken_html_still_gives_its_paragraphs() -> None:
    article = extract(RawDoc(origin="broken.html", html=BROKEN_PAGE))

    assert article.raw_text.splitlines() == [
        "Ministers from the three countries met in Geneva on Friday to discuss the water levels "
        "of the shared river.",
        "The talks lasted for six hours and will continue next week, officials from all three "
        "delegations said after",
        "A third paragraph about the dam and the engineers who visited it on Thursday morning",
    ]
    assert article.title == "Broken page"


@pytest.mark.parametrize(
    "html",
    [
        "<html><body></body></html>",
        "<html><head><title>Only a title</title></head><body><script>var x = 1;</script></body>"
        "</html>",
    ],
)
def test_html_without_article_text_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError) as caught:
        extract(RawDoc(origin="empty.html", html=html))

    assert caught.value.code == "no-article-text"
    assert caught.value.origin == "empty.html"


@pytest.mark.parametrize("html", ["", "   ", "<p>"])
def test_unparsable_html_is_an_input_error(html: str) -> None:
    with pytest.raises(InputError) as caught:
        extract(RawDoc(origin="bad.html", html=html))

    assert caught.value.code == "unparsable-html"


def test_navigation_only_page_has_no_article_text() -> None:
    html = "<html><body><nav><ul><li><a href='/'>Home</a></li></ul></nav></body></html>"

    with pytest.raises(InputError):
        extract(RawDoc(origin="nav.html", html=html))


# --- plain text ----------------------------------------------------------------------------

TEXT = "Talks resume in Geneva\n\n" + "\n\n".join(PARAGRAPHS) + "\n"


def test_plain_text_headline_becomes_the_title() -> None:
    article = extract(RawDoc(origin="a.txt", text=TEXT, site="courier.example"))

    assert article.title == "Talks resume in Geneva"
    assert article.raw_text == TEXT
    assert article.site == "courier.example"
    assert article.id == article_id(TEXT)


def test_plain_text_without_title_first_line_keeps_title_none() -> None:
    article = extract(RawDoc(origin="a.txt", text=TEXT, title_first_line=False))

    assert article.title is None
    assert article.raw_text == TEXT


def test_plain_text_stated_title_wins() -> None:
    article = extract(RawDoc(origin="a.txt", text=TEXT, title="Stated title"))

    assert article.title == "Stated title"


def test_plain_text_stated_date_is_parsed() -> None:
    article = extract(RawDoc(origin="a.txt", text=TEXT, published="08th Oct, 2020. 09:45 pm"))

    assert (article.published, article.date_precision) == ("2020-10-08T21:45", DatePrecision.MINUTE)


def test_unparsable_stated_date_is_dropped() -> None:
    article = extract(RawDoc(origin="a.txt", text=TEXT, published="sometime last week"))

    assert (article.published, article.date_precision) == (None, None)


@pytest.mark.parametrize("text", ["", "  \n\n "])
def test_empty_plain_text_is_an_input_error(text: str) -> None:
    with pytest.raises(InputError) as caught:
        extract(RawDoc(origin="empty.txt", text=text))

    assert caught.value.code == "empty"


@pytest.mark.parametrize(
    ("text", "headline"),
    [
        ("Talks resume in Geneva\nBody.", "Talks resume in Geneva"),
        ("\n\n  Talks   resume in Geneva \n\nBody.", "Talks resume in Geneva"),
        ("Will the ceasefire hold?\nBody.", "Will the ceasefire hold?"),
        # Cut off with an ellipsis, as aggregators do: still a headline.
        (
            "Geneva hosts an international meeting to mediate in the conflict, and...\nBody.",
            "Geneva hosts an international meeting to mediate in the conflict, and...",
        ),
        (
            "Geneva hosts a meeting to mediate, and…\nBody.",
            "Geneva hosts a meeting to mediate, and…",
        ),
        # Ends like a sentence: body text.
        ("Russia said on Friday that talks would begin.\nBody.", None),
        ("Russia said on Friday that talks would begin;\nBody.", None),
        ("Talks would begin, officials said,\nBody.", None),
        ("“Talks will begin.”\nBody.", None),
        # A long paragraph is not a headline.
        (" ".join(["word"] * 31) + "\nBody.", None),
        ("x" * 251 + "\nBody.", None),
        # A single line is the whole article, not a headline.
        ("Talks resume in Geneva", None),
        ("", None),
    ],
)
def test_headline_of(text: str, headline: str | None) -> None:
    assert headline_of(text) == headline


def test_extractor_is_an_extractor_and_pickles() -> None:
    extractor = TrafilaturaExtractor(include_tables=False, fast=False)

    copy = pickle.loads(pickle.dumps(extractor))

    assert isinstance(extractor, Extractor)
    assert (copy.include_tables, copy.fast) == (False, False)
    raw = RawDoc(origin="a.txt", text=TEXT)
    assert copy(raw) == extractor(raw)
