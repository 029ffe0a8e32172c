"""The clean stage: each rule, site boilerplate, the stage's invariants, and text repair.

Articles are built in code. A test that is marked ``xfail(strict=True)`` records a
known bug in the cleaner with its input; when the bug is fixed the test passes, the
strict mark turns that into a failure, and the mark should then be removed.
"""

from __future__ import annotations

import pickle
from dataclasses import replace

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, DatePrecision, RemovedSegment
from newsfuse.pipeline import Stage
from newsfuse.stages.clean import RULES, Cleaner, line_key, repair_text

from .factories import STORY, make_article, paragraphs

S1, S2, S3, S4 = STORY


def clean(raw_text: str, **changes: object) -> Article:
    return Cleaner().clean(make_article(raw_text, **changes))


def cuts(article: Article) -> list[tuple[str, str]]:
    """(reason, text) of every cut, in text order."""
    return [(segment.reason, segment.text) for segment in article.removed]


def boundaries(text: str) -> set[int]:
    """Offsets where a cut may stand: the start and the end of every paragraph."""
    found = {0, len(text)}
    start = 0
    for part in text.split("\n\n"):
        found.update({start, start + len(part)})
        start += len(part) + 2
    return found


def assert_offsets_in_place(article: Article) -> None:
    """Every cut stands at a paragraph boundary of the clean text, in text order."""
    offsets = [segment.at for segment in article.removed]
    assert offsets == sorted(offsets)
    for segment in article.removed:
        assert segment.at in boundaries(article.text), segment


# --- the rules, one at a time ------------------------------------------------------------


def test_title_line_is_cut_and_its_copies_are_repeated_title() -> None:
    article = clean(
        paragraphs("Talks resume in Geneva", S1, "TALKS RESUME IN GENEVA!", S2),
        title="Talks resume in Geneva",
    )

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [
        ("title", "Talks resume in Geneva"),
        ("repeated-title", "TALKS RESUME IN GENEVA!"),
    ]
    assert article.title == "Talks resume in Geneva"
    # The first copy stood before everything, the second right after S1.
    assert [segment.at for segment in article.removed] == [0, len(S1)]
    assert article.text[len(S1) : len(S1) + 2] == "\n\n"


def test_title_with_a_short_suffix_is_still_the_title() -> None:
    article = clean(
        paragraphs("Ceasefire talks resume in Geneva | AFP", S1),
        title="Ceasefire talks resume in Geneva",
    )

    assert cuts(article) == [("title", "Ceasefire talks resume in Geneva | AFP")]


def test_without_a_title_no_line_is_cut_as_title() -> None:
    article = clean(paragraphs("Talks resume in Geneva", S1))

    assert article.text == paragraphs("Talks resume in Geneva", S1)
    assert article.removed == ()


def test_site_name_glued_to_the_first_word_becomes_the_site() -> None:
    article = clean(paragraphs(f"Windowofworld.comArmenia says {S1}", S2))

    assert article.text == paragraphs(f"Armenia says {S1}", S2)
    assert article.removed == (RemovedSegment("Windowofworld.com", "site-prefix", 0),)
    assert article.site == "Windowofworld.com"


def test_site_prefix_is_cut_but_a_stated_site_wins() -> None:
    article = clean(paragraphs(f"Windowofworld.comArmenia says {S1}", S2), site="given.example")

    assert cuts(article) == [("site-prefix", "Windowofworld.com")]
    assert article.site == "given.example"


@pytest.mark.parametrize(
    ("byline", "author"),
    [
        ("Aizbah KhanWeb Editor", "Aizbah Khan"),
        ("By Jane Doe, Staff Writer", "Jane Doe"),
        ("By Jane Doe and Omar Haddad", "Jane Doe and Omar Haddad"),
        ("Web Desk", "Web Desk"),
    ],
)
def test_byline_becomes_the_author(byline: str, author: str) -> None:
    article = clean(paragraphs(byline, S1, S2))

    assert article.text == paragraphs(S1, S2)
    assert article.removed == (RemovedSegment(byline, "byline", 0),)
    assert article.author == author


def test_byline_is_cut_but_a_stated_author_wins() -> None:
    article = clean(paragraphs("By Jane Doe, Staff Writer", S1), author="Omar Haddad")

    assert cuts(article) == [("byline", "By Jane Doe, Staff Writer")]
    assert article.author == "Omar Haddad"


def test_a_sentence_starting_with_by_is_not_a_byline() -> None:
    text = paragraphs("By Friday the two delegations had agreed on an agenda.", S1)

    article = clean(text)

    assert article.text == text
    assert article.author is None


def test_dateline_becomes_the_publication_date_to_the_minute() -> None:
    article = clean(paragraphs("Aizbah KhanWeb Editor", "08th Oct, 2020. 09:45 pm", S1, S2))

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [
        ("byline", "Aizbah KhanWeb Editor"),
        ("dateline", "08th Oct, 2020. 09:45 pm"),
    ]
    assert article.published == "2020-10-08T21:45"
    assert article.date_precision is DatePrecision.MINUTE


def test_dateline_is_cut_but_a_stated_date_wins() -> None:
    article = clean(
        paragraphs("08th Oct, 2020. 09:45 pm", S1),
        published="2020-10-09",
        date_precision=DatePrecision.DAY,
    )

    assert cuts(article) == [("dateline", "08th Oct, 2020. 09:45 pm")]
    assert (article.published, article.date_precision) == ("2020-10-09", DatePrecision.DAY)


def test_a_sentence_holding_a_date_is_not_a_dateline() -> None:
    text = paragraphs("The talks began on 8 October 2020 in Geneva.", S1)

    article = clean(text)

    assert article.text == text
    assert article.published is None


@pytest.mark.parametrize(
    ("line", "credit"),
    [
        ("France 24 / AFP", "France 24 / AFP"),
        ("(AFP)", "AFP"),
        ("Source: Reuters", "Reuters"),
        (
            "(Reporting by Jane Doe in Geneva; Editing by Peter Graff)",
            "Reporting by Jane Doe in Geneva; Editing by Peter Graff",
        ),
    ],
)
def test_credit_line_at_the_end_becomes_the_credit(line: str, credit: str) -> None:
    article = clean(paragraphs(S1, S2, line))

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [("credit", line)]
    assert article.credit == credit
    # The cut stood after the last paragraph.
    assert article.removed[0].at == len(article.text)


def test_wire_dateline_is_cut_from_the_first_paragraph() -> None:
    article = clean(paragraphs(f"WASHINGTON (Reuters) - {S1}", S2))

    assert article.text == paragraphs(S1, S2)
    assert article.removed == (RemovedSegment("WASHINGTON (Reuters) -", "wire-dateline", 0),)
    assert article.credit == "Reuters"


def test_wire_dateline_with_a_date_after_the_title() -> None:
    article = clean(
        paragraphs("Talks resume", f"GENEVA, Oct. 8 (AFP) – {S1}", S2), title="Talks resume"
    )

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [("title", "Talks resume"), ("wire-dateline", "GENEVA, Oct. 8 (AFP) –")]
    assert article.credit == "AFP"


def test_the_wire_credit_comes_before_a_reporting_line() -> None:
    article = clean(paragraphs(f"GENEVA (Reuters) - {S1}", S2, "(Reporting by Jane Doe)"))

    assert [reason for reason, _ in cuts(article)] == ["wire-dateline", "credit"]
    assert article.credit == "Reuters"


@pytest.mark.parametrize(
    "slot", ["Advertisement", "ADVERTISEMENT", "Adsense 300 x 250", "Story continues below"]
)
def test_ad_slot_in_the_middle(slot: str) -> None:
    article = clean(paragraphs(S1, slot, S2))

    assert article.text == paragraphs(S1, S2)
    assert article.removed == (RemovedSegment(slot, "ad-slot", len(S1)),)
    # The cut stood where S1 ends, just before the paragraph break.
    at = article.removed[0].at
    assert article.text[:at] == S1
    assert article.text[at : at + 2] == "\n\n"


def test_ad_slot_at_the_end_stands_at_the_end_of_the_text() -> None:
    article = clean(paragraphs(S1, S2, "Adsense 300 x 250"))

    assert article.removed == (RemovedSegment("Adsense 300 x 250", "ad-slot", len(article.text)),)


def test_a_sentence_about_advertising_is_kept() -> None:
    text = paragraphs(
        "Advertising revenue at the state broadcaster fell by a third last year, its report said.",
        S1,
    )

    assert clean(text).text == text


def test_comment_prompts_are_cut() -> None:
    prompts = ["Post a Comment", "Please enter your comment!", "Please enter your name here"]

    article = clean(paragraphs(S1, S2, *prompts))

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [("comment-prompt", prompt) for prompt in prompts]
    assert_offsets_in_place(article)


def test_prev_next_teasers_are_cut_but_a_next_week_sentence_is_kept() -> None:
    next_week = (
        "Next week the minister will travel to Moscow for talks with his Russian counterpart."
    )
    teasers = [
        "PREV Modi’s remarks spark accusations as the election deepens divides",
        "NEXT Barrage of attacks aims to cut the lights",
        "Read more: Oil prices climb as pipeline fears grow",
    ]

    article = clean(paragraphs(S1, next_week, S2, *teasers))

    assert article.text == paragraphs(S1, next_week, S2)
    assert cuts(article) == [("prev-next", teaser) for teaser in teasers]


def test_follow_and_subscribe_calls_are_cut() -> None:
    calls = ["Follow us on:", "Subscribe to our newsletter", "Share this article"]

    article = clean(paragraphs(S1, S2, *calls))

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [("follow-subscribe", call) for call in calls]


def test_email_alert_widgets_are_cut() -> None:
    widget = [
        "Close Get email notifications on Elvia Malagon daily!",
        "Your notification has been saved.",
        "Whenever Elvia Malagon posts new content, you'll get an email delivered to your inbox.",
        "Email notifications are only sent once a day, and only if there are new matching items.",
    ]

    article = clean(paragraphs(S1, S2, *widget))

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [("follow-subscribe", line) for line in widget]


def test_sign_in_and_paywall_widgets_are_cut_but_a_story_about_signing_in_is_kept() -> None:
    widget = [
        "Just One More Thing...",
        "We have sent you a verification email. Please check your email and click on the link.",
        "Sign in using your wsoc profile",
        "By submitting your registration information, you agree to our Terms of Service.",
        "Thank you for registering!",
        "Sorry, this zipcode is not in our deliverable area for this subscription service.",
        "Close",
    ]
    story = "Police said the suspect tried to sign in using a stolen account before the shooting."

    article = clean(paragraphs(S1, story, S2, *widget))

    assert article.text == paragraphs(S1, story, S2)
    assert cuts(article) == [("account-prompt", line) for line in widget]


def test_syndication_notice_is_cut() -> None:
    notice = (
        "It is also worth noting that the original news has been published and is available "
        "at example-news and the editorial team has confirmed it."
    )

    article = clean(paragraphs(S1, S2, notice))

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [("syndication-notice", notice)]


@pytest.mark.parametrize(
    "caption",
    ["Image copyright: Getty Images", "Photo credit: Jane Doe", "Image caption Residents queue"],
)
def test_caption_credit_is_cut(caption: str) -> None:
    article = clean(paragraphs(S1, caption, S2, S3))

    assert article.text == paragraphs(S1, S2, S3)
    assert cuts(article) == [("caption-credit", caption)]


def test_unrelated_trailing_headline_after_page_furniture_is_cut() -> None:
    teaser = "North Korea joins military parade to demonstrate strength"

    article = clean(paragraphs(S1, S2, teaser, "Post a Comment"))

    assert article.text == paragraphs(S1, S2)
    assert cuts(article) == [("trailing-headline", teaser), ("comment-prompt", "Post a Comment")]
    assert {segment.at for segment in article.removed} == {len(article.text)}


def test_trailing_line_without_page_furniture_is_kept() -> None:
    text = paragraphs(S1, S2, "North Korea joins military parade to demonstrate strength")

    assert clean(text).text == text


def test_related_final_line_is_kept() -> None:
    related = "Ceasefire talks expected to resume in Geneva"

    article = clean(paragraphs(S1, S2, related, "Post a Comment"))

    assert article.text == paragraphs(S1, S2, related)
    assert cuts(article) == [("comment-prompt", "Post a Comment")]


def test_final_list_item_is_kept() -> None:
    item = "- North Korea joins military parade to demonstrate strength"

    article = clean(paragraphs(S1, "The agenda:", "- Prisoner exchange", item, "Advertisement"))

    assert article.text == paragraphs(S1, "The agenda:", "- Prisoner exchange", item)
    assert cuts(article) == [("ad-slot", "Advertisement")]


def test_unspaced_script_is_not_judged_by_word_overlap() -> None:
    japanese = "北朝鮮が軍事パレードに参加し力と防衛を示す"

    article = clean(paragraphs(S1, S2, japanese, "Post a Comment"))

    assert article.text == paragraphs(S1, S2, japanese)
    assert cuts(article) == [("comment-prompt", "Post a Comment")]


def test_consecutive_duplicate_paragraph_is_cut() -> None:
    article = clean(paragraphs(S1, S2, S2.upper(), S3))

    assert article.text == paragraphs(S1, S2, S3)
    assert article.removed == (RemovedSegment(S2.upper(), "repeated-line", len(S1) + 2 + len(S2)),)


def test_duplicates_further_apart_are_kept() -> None:
    text = paragraphs(S1, S2, S1, S3, S2)

    article = clean(text)

    assert article.text == text
    assert article.removed == ()


@pytest.mark.parametrize(
    "sentence",
    [
        "Comments made by the president on Tuesday were seen as a warning to the neighbours.",
        "Subscribers to the state newspaper received a special edition with the treaty's text.",
        "Related talks between the energy ministers ended without agreement on gas prices.",
        "Photographs published by local media showed long queues of cars at the border.",
        "Follow-up talks are planned for November, when the ministers will meet in Vienna.",
        pytest.param("Previous news reports had put the death toll at more than 300 soldiers."),
        pytest.param(
            "This report was published by the UN refugee agency on Monday and found that "
            "140,000 people had fled."
        ),
        pytest.param("The original news conference was postponed twice before the minister spoke."),
        pytest.param(
            "Reporting by the Associated Press found that at least 30 civilians were killed."
        ),
    ],
)
def test_story_sentence_that_starts_like_junk_is_kept(sentence: str) -> None:
    for text in (paragraphs(sentence, S1, S2), paragraphs(S1, sentence, S2)):
        article = clean(text)
        assert article.text == text, article.removed
        assert article.credit is None


def test_title_with_mojibake_is_repaired_and_cut() -> None:
    article = clean(
        paragraphs("Itâ€™s the worst flood in a decade", S1),
        title="Itâ€™s the worst flood in a decade",
    )

    assert article.text == S1
    assert article.title == "It’s the worst flood in a decade"


def test_credit_line_followed_by_much_page_furniture_is_found() -> None:
    furniture = ["Advertisement", "Follow us on:", "Share this article", "Leave a Reply"]
    furniture += ["Post a Comment", "Please enter your comment!"]

    # Long enough that the credit line is not among the first six paragraphs either.
    story = STORY_POOL[:8]

    article = clean(paragraphs(*story, "France 24 / AFP", *furniture))

    assert article.text == paragraphs(*story)
    assert article.credit == "France 24 / AFP"


# --- site boilerplate ------------------------------------------------------------------

SITE = "courier.example"
SIGN_IN = "Sign in to read the full edition of the Daily Courier"
UNRELATED = (
    "Heavy rain flooded dozens of streets in the northern port city overnight, forcing "
    "hundreds of families from their homes.\n\nEmergency crews pumped water from basements.",
    "The central bank raised its benchmark interest rate by half a percentage point, citing "
    "stubborn inflation in food prices.\n\nEconomists had expected a smaller move.",
    "A local football club unveiled plans for a new stadium with room for forty thousand "
    "supporters near the river.\n\nConstruction is due to begin next spring.",
)


def site_articles(
    line: str, stories: tuple[str, ...] = UNRELATED, site: str = SITE
) -> list[Article]:
    return [make_article(paragraphs(story, line), site=site) for story in stories]


def test_line_shared_by_three_unrelated_articles_of_a_site_is_cut() -> None:
    articles = site_articles(SIGN_IN)
    cleaner = Cleaner().fit(articles)

    for article in cleaner(articles):
        assert SIGN_IN not in article.text
        assert cuts(article) == [("site-boilerplate", SIGN_IN)]
        assert article.removed[0].at == len(article.text)


def test_boilerplate_is_cut_with_other_digits_and_case() -> None:
    cleaner = Cleaner().fit(site_articles("Page 1 of 2 – Daily Courier"))

    article = cleaner.clean(make_article(paragraphs(S1, "PAGE 3 OF 4 – DAILY COURIER"), site=SITE))

    assert article.text == S1
    assert cuts(article) == [("site-boilerplate", "PAGE 3 OF 4 – DAILY COURIER")]


def test_line_shared_by_three_copies_of_one_story_is_kept() -> None:
    story = UNRELATED[0]
    copies = tuple(f"{story}\n\nUpdate {n}: more rain is expected overnight." for n in range(3))
    articles = site_articles(SIGN_IN, copies)

    cleaner = Cleaner().fit(articles)

    assert cleaner.boilerplate_ == frozenset()
    assert all(SIGN_IN in article.text for article in cleaner(articles))


def test_line_shared_by_only_two_articles_is_kept() -> None:
    articles = site_articles(SIGN_IN, UNRELATED[:2])

    cleaner = Cleaner().fit(articles)

    assert cleaner.boilerplate_ == frozenset()
    assert all(SIGN_IN in article.text for article in cleaner(articles))


def test_lines_longer_than_max_words_are_never_boilerplate() -> None:
    long_line = " ".join(["Courier"] + ["word"] * 12)

    kept = Cleaner(boilerplate_max_words=10).fit(site_articles(long_line))
    cut = Cleaner(boilerplate_max_words=13).fit(site_articles(long_line))

    assert kept.boilerplate_ == frozenset()
    assert len(cut.boilerplate_) == 1


def test_different_sites_do_not_pool() -> None:
    articles = [
        make_article(paragraphs(story, SIGN_IN), site=f"site{n}.example")
        for n, story in enumerate(UNRELATED)
    ]

    cleaner = Cleaner().fit(articles)

    assert cleaner.boilerplate_ == frozenset()


def test_boilerplate_learned_for_one_site_is_not_cut_on_another() -> None:
    cleaner = Cleaner().fit(site_articles(SIGN_IN))

    article = cleaner.clean(make_article(paragraphs(S1, SIGN_IN), site="other.example"))

    assert article.text == paragraphs(S1, SIGN_IN)


def test_articles_without_a_site_do_not_pool() -> None:
    articles = [make_article(paragraphs(story, SIGN_IN)) for story in UNRELATED]

    assert Cleaner().fit(articles).boilerplate_ == frozenset()


def test_the_same_article_twice_counts_once() -> None:
    first, second, _ = site_articles(SIGN_IN)

    assert Cleaner().fit([first, first, second]).boilerplate_ == frozenset()


def test_fit_refuses_a_minimum_below_two() -> None:
    with pytest.raises(ValueError, match="at least 2"):
        Cleaner(boilerplate_min_articles=1).fit([])


def test_boilerplate_line_with_mojibake_is_cut() -> None:
    line = "Donâ€™t miss the weekend edition of the Daily Courier"
    articles = site_articles(line)
    cleaner = Cleaner().fit(articles)

    assert len(cleaner.boilerplate_) == 1
    for article in cleaner(articles):
        assert cuts(article) == [
            ("site-boilerplate", "Don’t miss the weekend edition of the Daily Courier")
        ]


# --- invariants ------------------------------------------------------------------------

JUNKY = paragraphs(
    "Talks resume in Geneva",
    "By Jane Doe, Staff Writer",
    "08th Oct, 2020. 09:45 pm",
    f"GENEVA (Reuters) - {S1}",
    "Advertisement",
    S2,
    S3,
    "France 24 / AFP",
    "North Korea joins military parade to demonstrate strength",
    "Post a Comment",
)


def test_clean_is_deterministic() -> None:
    article = make_article(JUNKY, title="Talks resume in Geneva")

    assert Cleaner().clean(article) == Cleaner().clean(article)


def test_clean_keeps_identity_and_raw_text() -> None:
    article = make_article(JUNKY, title="Talks resume in Geneva")

    cleaned = Cleaner().clean(article)

    assert (cleaned.id, cleaned.path, cleaned.raw_text) == (article.id, article.path, JUNKY)
    assert cleaned.text == paragraphs(S1, S2, S3)
    assert_offsets_in_place(cleaned)


def test_clean_is_idempotent_on_its_own_text() -> None:
    cleaned = Cleaner().clean(make_article(JUNKY, title="Talks resume in Geneva"))

    again = Cleaner().clean(replace(cleaned, raw_text=cleaned.text, removed=()))

    assert again.text == cleaned.text
    assert again.removed == ()


def test_cleaned_article_and_fitted_cleaner_pickle() -> None:
    articles = site_articles(SIGN_IN)
    cleaner = Cleaner(boilerplate_max_words=30).fit(articles)

    copy = pickle.loads(pickle.dumps(cleaner))
    cleaned = list(cleaner(articles))

    assert copy.boilerplate_ == cleaner.boilerplate_
    assert copy.boilerplate_max_words == 30
    assert list(copy(articles)) == cleaned
    assert pickle.loads(pickle.dumps(cleaned)) == cleaned
    assert [Article.from_dict(article.to_dict()) for article in cleaned] == cleaned


def test_cleaner_is_a_stage_and_keeps_order() -> None:
    cleaner = Cleaner()
    articles = [make_article(paragraphs(story, "Advertisement")) for story in STORY]

    assert isinstance(cleaner, Stage)
    assert [article.id for article in cleaner(articles)] == [article.id for article in articles]
    assert set(Cleaner.provides) >= {"text", "removed", "author", "published", "credit", "site"}


def test_rules_run_furniture_before_head_and_tail_metadata() -> None:
    names = [rule.__name__ for rule in RULES]

    assert names[0] == "rule_title"
    assert names[-1] == "rule_trailing_headline"
    # Byline, dateline and credit look at the first and last lines: page furniture
    # must be gone by then, or it hides a credit behind six ad slots.
    for metadata in ("rule_byline", "rule_dateline", "rule_credit"):
        assert names.index("rule_ad_slot") < names.index(metadata)
        assert names.index("rule_follow_subscribe") < names.index(metadata)
    assert len(set(names)) == len(names)


# --- property: a story sentence is never cut, page junk always is --------------------------

#: Story sentences of 12 to 30 words ending with a full stop; several open with a word that
#: junk also starts with.
STORY_POOL = (
    *STORY,
    "Rescue teams reached the flooded villages in the northern districts on Friday after "
    "five days of heavy rain.",
    "More than 3,000 houses have been damaged and about 18,000 people have left their homes, "
    "the authority said.",
    "“We will not leave without an agreement,” the foreign minister told reporters outside "
    "the conference hall.",
    "Next week the minister will travel to Moscow for further talks with his Russian counterpart.",
    "By Monday evening, the death toll had risen to 23, according to figures released by the "
    "health ministry.",
    "Advertising revenue at the state broadcaster fell by a third last year, according to its "
    "annual report.",
    "Comments made by the president on Tuesday were widely seen as a warning to the "
    "neighbouring country.",
    "Photographs published by local media showed long queues of cars at the border crossing "
    "on Saturday.",
    "Sources close to the talks said the two delegations had not met face to face since Wednesday.",
    "Follow-up talks are planned for November, when the foreign ministers will meet again in "
    "Vienna.",
    "Subscribers to the state newspaper received a special edition on Sunday with the full "
    "text of the treaty.",
    "Related talks between the energy ministers ended without agreement on the price of gas, "
    "officials said.",
    "WASHINGTON has not commented on the talks, but a State Department spokesman said the "
    "United States supported them.",
    "Prices of bread and cooking oil have doubled since the summer, and queues at bakeries "
    "start before dawn.",
    "Engineers from the World Bank will inspect the dam in March and report to all three "
    "governments by June.",
    "Turnout in the regional election was just over 40 percent, the lowest since the vote was "
    "first held in 1994.",
    "The court adjourned the hearing until 8 October 2020 after the defence asked for more "
    "time to study the evidence.",
    "“This is not the end of the process, it is the beginning,” said the mediator, who has led "
    "the talks since 2018.",
    "In a statement released at 09:45 on Friday, the ministry said it had recalled its "
    "ambassador for consultations.",
    "Share prices in Istanbul fell sharply on Monday as investors worried about the cost of "
    "the conflict.",
    "Image analysts at the institute said satellite pictures showed new trenches along the "
    "front line.",
)

#: Page junk that every rule finds wherever it stands.
JUNK_POOL = (
    "Advertisement",
    "Adsense 300 x 250",
    "Story continues below advertisement",
    "Sponsored content",
    "Post a Comment",
    "Please enter your comment!",
    "Please enter your name here",
    "Leave a Reply",
    "You have entered an incorrect email address!",
    "Your email address will not be published.",
    "PREV Celebrity chef opens floating restaurant on a Swiss lake",
    "NEXT Football club unveils plans for a new riverside stadium",
    "Read more: Oil prices climb as pipeline fears grow",
    "Previous article Stock markets close higher",
    "Follow us on:",
    "Follow us on Twitter and Facebook",
    "Subscribe to our newsletter",
    "Share this article",
    "Join our WhatsApp channel for the latest news",
    "These were the details of the news for this day. We hope that we have succeeded.",
    "It is also worth noting that the original news has been published at example-news.",
    "This article originally appeared on example.org.",
    "Image copyright: Getty Images",
    "Photo credit: Jane Doe",
)
TITLE = "Ceasefire talks resume in Geneva"
BYLINES = {"By Jane Doe, Staff Writer": "Jane Doe", "Aizbah KhanWeb Editor": "Aizbah Khan"}
DATELINES = ("08th Oct, 2020. 09:45 pm", "Updated: Oct 8, 2020 at 9:45 pm GMT", "2020-10-08")
CREDITS = {"France 24 / AFP": "France 24 / AFP", "(Reporting by Jane Doe)": "Reporting by Jane Doe"}
TEASERS = (
    "Scientists discover glowing frogs in the Brazilian rainforest",
    "Pop star cancels world tour after losing her voice",
)


@st.composite
def junky_articles(draw: st.DrawFn) -> tuple[Article, list[str], list[str], dict[str, str | None]]:
    """An article of story sentences with junk around them; returns it, the story, the junk and
    the metadata it must end with."""
    story = draw(st.lists(st.sampled_from(STORY_POOL), min_size=1, max_size=8, unique=True))
    junk_lines = st.sampled_from(JUNK_POOL)
    lines: list[str] = []
    junk: list[str] = []
    expected: dict[str, str | None] = {"author": None, "credit": None}

    def add_junk(line: str) -> None:
        lines.append(line)
        junk.append(line)

    has_title = draw(st.booleans())
    if has_title:
        add_junk(TITLE)
    byline = draw(st.sampled_from([None, *BYLINES]))
    if byline:
        add_junk(byline)
        expected["author"] = BYLINES[byline]
    dateline = draw(st.sampled_from([None, *DATELINES]))
    if dateline:
        add_junk(dateline)
    wire = draw(st.booleans())
    if wire:
        lines.append(f"GENEVA (Reuters) - {story[0]}")
        junk.append("GENEVA (Reuters) -")
        expected["credit"] = "Reuters"
    else:
        lines.append(story[0])
    for sentence in story[1:]:
        for line in draw(st.lists(junk_lines, max_size=2)):
            add_junk(line)
        lines.append(sentence)
    credit = draw(st.sampled_from([None, *CREDITS]))
    if credit:
        add_junk(credit)
        expected["credit"] = expected["credit"] or CREDITS[credit]
    # At most five lines after the credit line, so that it lies in the credit rule's window.
    tail = draw(st.lists(junk_lines, max_size=3))
    teaser = draw(st.sampled_from([None, *TEASERS]))
    if teaser:
        tail.insert(draw(st.integers(0, len(tail))), teaser)
        tail.append("Post a Comment")
    for line in tail:
        add_junk(line)
    separator = draw(st.sampled_from(["\n", "\n\n", "\n\n\n", "\r\n"]))
    article = make_article(separator.join(lines), title=TITLE if has_title else None)
    return article, story, junk, expected


def test_story_pool_sentences_are_real_sentences() -> None:
    for sentence in STORY_POOL:
        assert 12 <= len(sentence.split()) <= 30, sentence
        assert sentence.endswith("."), sentence


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(junky_articles())
def test_story_sentences_survive_and_junk_goes(
    case: tuple[Article, list[str], list[str], dict[str, str | None]],
) -> None:
    article, story, junk, expected = case

    cleaned = Cleaner().clean(article)

    assert cleaned.text.split("\n\n") == story
    assert sorted(segment.text for segment in cleaned.removed) == sorted(junk)
    assert cleaned.author == expected["author"]
    assert cleaned.credit == expected["credit"]
    assert_offsets_in_place(cleaned)
    again = Cleaner().clean(replace(cleaned, raw_text=cleaned.text, removed=()))
    assert (again.text, again.removed) == (cleaned.text, ())


# --- line_key and repair_text -------------------------------------------------------------


def test_line_key_ignores_case_punctuation_digits_and_spacing() -> None:
    assert line_key("Page 12 of 30 – Daily Courier!") == line_key("page 45  of 99 DAILY courier")
    assert line_key("Page 12 of 30") != line_key("Page 12 of 30 today")


@pytest.mark.parametrize(
    ("broken", "repaired"),
    [
        ("â€œquotedâ€\x9d", "“quoted”"),
        ("The ministerâ€™s office", "The minister’s office"),
        ("naÃ¯ve cafÃ©", "naïve café"),
        ("“curly” and ‘single’ quotes", "“curly” and ‘single’ quotes"),
        ("He said ``no deal'' twice.", "He said “no deal” twice."),
        ("``no deal'', he said", "“no deal”, he said"),
        ("rock 'n' roll", "rock 'n' roll"),
        ("first\r\nsecond\rthird", "first\nsecond\nthird"),
        ("Tom &amp; Jerry", "Tom & Jerry"),
        ("cafe\u0301", "café"),
        ("plain ASCII text.", "plain ASCII text."),
    ],
)
def test_repair_text(broken: str, repaired: str) -> None:
    assert repair_text(broken) == repaired
    assert repair_text(repaired) == repaired


MOJIBAKE_TEXT = st.text(
    alphabet=st.sampled_from(list("ab '`\r\n&;#0x9âÃ€œ™©\x9d\u201d")), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(st.text() | MOJIBAKE_TEXT)
def test_repair_text_never_raises_and_leaves_no_carriage_return(text: str) -> None:
    repaired = repair_text(text)

    assert isinstance(repaired, str)
    assert "\r" not in repaired


@settings(max_examples=300, deadline=None)
@given(st.text() | MOJIBAKE_TEXT)
# TeX-quote replacement completes a mojibake sequence ("â€" + "”" = "â€”") that a second pass fixes.
@example("â€'' ")
# Line breaks are unified after ftfy ran, so ftfy splits the text into other lines next time.
@example("Ãœber alles\rPrice: 5€©")
def test_repair_text_is_idempotent(text: str) -> None:
    once = repair_text(text)

    assert repair_text(once) == once
