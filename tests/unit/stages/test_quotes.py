"""The quotes stage: direct and indirect speech and who said it.

Almost every test builds an Article by hand, with the mentions the entities
stage would give it, from sentences of the karabakh-2020 corpus, so the rules
are tested without spaCy. The last test runs the real entities stage on the
five corpus articles and checks every quote against a hand-made golden list
(tests/data/golden/quotes/karabakh.json).
"""

from __future__ import annotations

import json
import pickle
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsfuse.model import Article, Attribute, Mention, Quote, Span
from newsfuse.stages.analyse.quotes import (
    SPEECH_VERBS,
    QuoteExtractor,
    extract_quotes,
    quote_id,
    speech_lemma,
)

GOLDEN = Path(__file__).resolve().parents[2] / "data" / "golden" / "quotes" / "karabakh.json"


@dataclass(frozen=True)
class Named:
    """A name the entities stage would have found: each occurrence becomes a mention.

    ``facts`` are attributes as (key, value, the words in the text that state them).
    """

    surface: str
    type: str
    full_name: str | None = None
    facts: tuple[tuple[str, str, str], ...] = ()


def make(text: str, *named: Named) -> Article:
    """An article of ``text`` with a mention for every occurrence of each named surface."""
    mentions: list[Mention] = []
    for name in named:
        attributes = tuple(
            Attribute(key, value, _span(text, words)) for key, value, words in name.facts
        )
        start = text.find(name.surface)
        while start >= 0:
            end = start + len(name.surface)
            mentions.append(
                Mention(
                    Span("a1", start, end), name.surface, name.type, "", name.full_name, attributes
                )
            )
            start = text.find(name.surface, end)
    return Article(id="a1", path="a1.txt", raw_text=text, text=text, mentions=tuple(mentions))


def _span(text: str, words: str) -> Span:
    start = text.index(words)
    return Span("a1", start, start + len(words))


def quotes_of(text: str, *named: Named) -> list[Quote]:
    return list(extract_quotes(make(text, *named)))


def pairs(quotes: Iterable[Quote]) -> list[tuple[str | None, str]]:
    return [(q.speaker, q.text) for q in quotes]


# --- direct speech: attribution patterns --------------------------------------------------

CAVUSOGLU = (
    "“If the international community wants to do something about Upper Karabakh, they have "
    "to make Armenia leave Azerbaijan soil immediately,” Cavusoglu said, adding that Turkey "
    "would support any effort in that direction."
)


def test_quote_then_name_said() -> None:
    text = "Mevlut Cavusoglu spoke in Rome on Friday.\n\n" + CAVUSOGLU
    article = make(
        text, Named("Mevlut Cavusoglu", "person"), Named("Cavusoglu", "person", "Mevlut Cavusoglu")
    )
    direct, added = extract_quotes(article)
    assert direct.speaker == "Mevlut Cavusoglu"
    assert direct.text.startswith("If the international community")
    assert direct.text.endswith("immediately")  # the comma before the mark hands over
    assert (direct.direct, direct.verb) == (True, "say")
    # The speaker's span is the mention that names him where the quote is attributed.
    said = text.index("Cavusoglu said")
    assert direct.speaker_span == Span("a1", said, said + len("Cavusoglu"))
    evidence = text[direct.evidence.start : direct.evidence.end]
    assert evidence.startswith("“If the international") and evidence.endswith("Cavusoglu said")
    # "..., adding that ...": the same speaker's reported speech.
    assert (added.direct, added.verb, added.speaker) == (False, "add", "Mevlut Cavusoglu")
    assert added.text == "Turkey would support any effort in that direction"


def test_quote_then_said_the_role_resolves_to_the_person_with_that_role() -> None:
    text = (
        "French President Macron also slammed Turkey on Thursday.\n\n"
        "“The red line has been crossed,” said the French leader, adding that his country "
        "was demanding an explanation."
    )
    quotes = quotes_of(
        text,
        Named(
            "Macron",
            "person",
            None,
            (("role", "president", "President"), ("country", "France", "French")),
        ),
    )
    assert pairs(quotes) == [
        ("Macron", "The red line has been crossed"),
        ("Macron", "his country was demanding an explanation"),
    ]


def test_a_role_of_another_country_is_not_that_person() -> None:
    text = "French President Macron spoke.\n\n“It is over,” said the Turkish leader."
    facts = (("role", "president", "President"), ("country", "France", "French"))
    [quote] = quotes_of(text, Named("Macron", "person", None, facts))
    assert quote.speaker == "Turkish leader"
    assert quote.speaker_span is None


def test_name_said_colon_and_comma_before_the_quote() -> None:
    text = (
        "In an interview with Russian state television, Putin said, “It is a colossal tragedy. "
        "People are dying. We hope that this conflict will stop as soon as possible.”"
    )
    [quote] = quotes_of(text, Named("Putin", "person", "Vladimir Putin"))
    assert quote.speaker == "Vladimir Putin"
    assert quote.text.startswith("It is a colossal tragedy. People are dying.")  # multi-sentence
    [colon] = quotes_of('Aliyev said: "We will take back our lands."', Named("Aliyev", "person"))
    assert pairs([colon]) == [("Aliyev", "We will take back our lands.")]


def test_told_agency_after_and_before_the_quote() -> None:
    after = quotes_of(
        '"Baku and Yerevan have confirmed their participation," Foreign Ministry spokeswoman '
        "Maria Zakharova told AFP.",
        Named("Maria Zakharova", "person"),
    )
    assert pairs(after) == [
        ("Maria Zakharova", "Baku and Yerevan have confirmed their participation")
    ]
    assert after[0].verb == "tell"
    before = quotes_of(
        'Zakharova told AFP "talks will start on Friday."', Named("Zakharova", "person")
    )
    assert pairs(before) == [("Zakharova", "talks will start on Friday.")]


def test_a_quote_split_around_its_attribution_is_two_quotes_of_one_speaker() -> None:
    text = "“It is a colossal tragedy,” Putin said, “people are dying.”"
    quotes = quotes_of(text, Named("Putin", "person", "Vladimir Putin"))
    assert pairs(quotes) == [
        ("Vladimir Putin", "It is a colossal tragedy"),
        ("Vladimir Putin", "people are dying."),
    ]
    assert quotes[0].id != quotes[1].id


def test_a_quote_over_paragraphs_is_one_quote_per_paragraph() -> None:
    text = (
        "Aliyev said: “We will take back our lands. We give Armenia one last chance.\n\n"
        "“Let those holding talks in Moscow know that it is our territory.”\n\n"
        "The region lies in Azerbaijan."
    )
    quotes = quotes_of(text, Named("Aliyev", "person", "Ilham Aliyev"))
    assert pairs(quotes) == [
        ("Ilham Aliyev", "We will take back our lands. We give Armenia one last chance."),
        ("Ilham Aliyev", "Let those holding talks in Moscow know that it is our territory."),
    ]
    assert all(q.direct for q in quotes)
    assert quotes[1].verb is None


def test_a_floating_quote_continues_the_previous_speaker() -> None:
    text = (
        "“Karabakh is Azerbaijan,” Aliyev added.\n\n"
        "“Let those holding talks in Moscow know that it’s our territory.”"
    )
    quotes = quotes_of(text, Named("Aliyev", "person", "Ilham Aliyev"))
    assert [q.speaker for q in quotes] == ["Ilham Aliyev", "Ilham Aliyev"]
    assert [q.verb for q in quotes] == ["add", None]


def test_a_floating_quote_without_anyone_before_it_is_left_out() -> None:
    assert quotes_of("“This is a long day for everyone here.”\n\nThe talks went on.") == []


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("“We are ready,” Pashinyan said.", "We are ready"),
        ('"We are ready," Pashinyan said.', "We are ready"),
        ("«We are ready», Pashinyan said.", "We are ready"),
        ("„We are ready“, Pashinyan said.", "We are ready"),
        ("‘We are ready,’ Pashinyan said.", "We are ready"),
        ("Pashinyan said: ‘We are ready.’", "We are ready."),
    ],
)
def test_every_quote_mark_style(text: str, quoted: str) -> None:
    assert pairs(quotes_of(text, Named("Pashinyan", "person", "Nikol Pashinyan"))) == [
        ("Nikol Pashinyan", quoted)
    ]


def test_single_quotes_without_a_verb_are_apostrophes_or_titles() -> None:
    text = "Pashinyan's aides read 'The Art of War' and the rebels' statement on the boys' school."
    assert quotes_of(text, Named("Pashinyan", "person")) == []


# --- scare quotes ------------------------------------------------------------------------


def test_scare_quotes_without_a_speech_verb_are_not_quotes() -> None:
    text = (
        "These countries are forming the “Minsk Group” which has been trying to find a solution "
        "to the conflict.\n\nThe “ceasefire” did not hold for long."
    )
    assert quotes_of(text, Named("Minsk Group", "organisation")) == []


def test_a_short_phrase_a_speech_verb_attributes_is_a_quote() -> None:
    text = (
        "World leaders called for an immediate end to the fighting, and Russian President "
        "Vladimir Putin deplored the ceasefire, calling it “regrettable.”"
    )
    [quote] = quotes_of(text, Named("Vladimir Putin", "person"))
    assert (quote.speaker, quote.text, quote.verb) == ("Vladimir Putin", "regrettable.", "call")


def test_a_partial_quote_inside_reported_speech_belongs_to_it() -> None:
    text = (
        "French Foreign Minister Jean-Yves Le Drian has warned that Turkey’s support for "
        "Azerbaijan threatens to “internationalize” the conflict."
    )
    [quote] = quotes_of(text, Named("Jean-Yves Le Drian", "person"))
    assert not quote.direct
    assert quote.speaker == "Jean-Yves Le Drian"
    assert (
        quote.text == "Turkey’s support for Azerbaijan threatens to “internationalize” the conflict"
    )


def test_a_sentence_ending_in_a_partial_quote_is_one_indirect_quote() -> None:
    text = (
        "Lonechild was elected in March.\n\n"
        'Her time so far has been "life-changing and heartbreaking," she said.'
    )
    [quote] = quotes_of(text, Named("Lonechild", "person", "Darian Lonechild"))
    assert quote.text == 'Her time so far has been "life-changing and heartbreaking,"'
    assert (quote.speaker, quote.direct) == ("Darian Lonechild", False)


# --- organisations, roles and descriptions -------------------------------------------------


def test_organisations_and_statements_as_speakers() -> None:
    text = (
        "“Armenia is ready to engage with France, Russia and the United States to rebuild a "
        "ceasefire regime,” the Armenian Foreign Ministry said in a statement.\n\n"
        "However, the statement added: “This aggression will continue to receive our strong "
        "response.”\n\n"
        "Putin and Pashinyan expressed serious concern on Friday, a statement from the "
        "Kremlin said.\n\n"
        "The Kremlin said the two countries' foreign ministers had been invited to Moscow."
    )
    quotes = quotes_of(
        text,
        Named("Armenian Foreign Ministry", "organisation"),
        Named("Kremlin", "organisation"),
        Named("Putin", "person"),
        Named("Pashinyan", "person"),
    )
    assert [q.speaker for q in quotes] == [
        "Armenian Foreign Ministry",
        "Armenian Foreign Ministry",
        "Kremlin",
        "Kremlin",
    ]
    assert [q.direct for q in quotes] == [True, True, False, False]
    assert quotes[2].text == "Putin and Pashinyan expressed serious concern on Friday"


def test_a_title_before_the_name_between_commas() -> None:
    text = (
        "Meanwhile, the Kremlin spokesman, Dmitry Peskov, warned that the presence of Syrian "
        "fighters “poses a great danger to Russia.”"
    )
    [quote] = quotes_of(text, Named("Kremlin", "organisation"), Named("Dmitry Peskov", "person"))
    assert (quote.speaker, quote.verb, quote.direct) == ("Dmitry Peskov", "warn", False)


def test_an_appositive_after_the_name() -> None:
    text = (
        "Artak Bulgarian, the official in charge of the file of civilian rights in Karabakh, "
        "said, “About fifty percent of the population have been displaced.”"
    )
    [quote] = quotes_of(text, Named("Artak Bulgarian", "person"), Named("Karabakh", "region"))
    assert quote.speaker == "Artak Bulgarian"


def test_a_short_name_takes_the_full_name_of_its_mention() -> None:
    text = "Aliyev told reporters that the war was over."
    [quote] = quotes_of(text, Named("Aliyev", "person", "Ilham Aliyev"))
    assert (quote.speaker, quote.text) == ("Ilham Aliyev", "the war was over")
    assert quote.speaker_span == Span("a1", 0, len("Aliyev"))


def test_a_family_name_ner_took_for_an_organisation_is_the_person() -> None:
    text = (
        "Darian Lonechild is new to advocacy work.\n\n"
        "Lonechild said she started her work with police because of her own life."
    )
    [quote] = quotes_of(
        text, Named("Darian Lonechild", "person"), Named("Lonechild", "organisation")
    )
    assert quote.speaker == "Darian Lonechild"


def test_a_definite_description_of_a_body_is_the_one_quoted_before() -> None:
    text = (
        "In a statement, Facebook said it is fixing its internal apps. The company noted that "
        "the issue had no impact on its consumer services."
    )
    quotes = quotes_of(text, Named("Facebook", "organisation"))
    assert [q.speaker for q in quotes] == ["Facebook", "Facebook"]


def test_a_phrase_naming_nobody_is_kept_as_written() -> None:
    [quote] = quotes_of("Police said the driver had been drinking before the crash.")
    assert (quote.speaker, quote.speaker_span) == ("Police", None)


# --- pronouns ----------------------------------------------------------------------------


def test_he_is_the_person_quoted_before() -> None:
    text = (
        "Putin said Russia will respect its obligations.\n\n"
        "Armenia is a member of a military alliance dominated by Moscow.\n\n"
        "“It is a colossal tragedy,” he said."
    )
    quotes = quotes_of(text, Named("Putin", "person", "Vladimir Putin"))
    assert [q.speaker for q in quotes] == ["Vladimir Putin", "Vladimir Putin"]
    # The speaker's span is the mention of the person "he" stands for.
    assert quotes[1].speaker_span == Span("a1", 0, 5)


def test_he_is_the_subject_of_the_sentence_before_when_nobody_spoke_lately() -> None:
    text = (
        "Armenian Prime Minister Nikol Pashinyan, in an interview with Agence France-Presse, "
        "issued a veiled warning to Azerbaijan. “I am confident that Russia will fulfill its "
        "obligations,” he said."
    )
    quotes = quotes_of(
        text, Named("Nikol Pashinyan", "person"), Named("Agence France-Presse", "organisation")
    )
    assert pairs(quotes) == [
        ("Nikol Pashinyan", "I am confident that Russia will fulfill its obligations")
    ]


def test_she_is_never_a_man_the_article_calls_he() -> None:
    text = (
        "Jordan Lafond said he wants answers.\n\n"
        "Darian Lonechild met police on Monday.\n\n"
        "“It is important to come together,” she said."
    )
    quotes = quotes_of(text, Named("Jordan Lafond", "person"), Named("Darian Lonechild", "person"))
    assert [q.speaker for q in quotes] == ["Jordan Lafond", "Darian Lonechild"]


def test_they_is_the_body_or_people_quoted_before_or_nobody() -> None:
    text = (
        "Tore Sohlberg and Lehla Abreder said they respected the outcome of the vote.\n\n"
        '"Our priority is a healthy workplace," they said.'
    )
    quotes = quotes_of(text, Named("Tore Sohlberg", "person"), Named("Lehla Abreder", "person"))
    assert [q.speaker for q in quotes] == ["Tore Sohlberg and Lehla Abreder"] * 2
    [alone] = quotes_of('"We will not stop," they said.')
    assert alone.speaker is None


# --- indirect speech ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "verb", "clause"),
    [
        (
            "Russia said on Friday that Armenia and Azerbaijan had agreed on talks.",
            "Russia",
            "say",
            "Armenia and Azerbaijan had agreed on talks",
        ),
        (
            "Aliyev said he is giving Armenia the last chance to withdraw.",
            "Ilham Aliyev",
            "say",
            "he is giving Armenia the last chance to withdraw",
        ),
        (
            "Armenian ombudsman Artak Beglaryan told AFP earlier this week that the fighting "
            "had displaced about 140,000 residents.",
            "Artak Beglaryan",
            "tell",
            "the fighting had displaced about 140,000 residents",
        ),
        (
            "Aliyev told reporters the war was over.",
            "Ilham Aliyev",
            "tell",
            "the war was over",
        ),
        (
            "Azerbaijan says 19 civilians were killed in the shooting.",
            "Azerbaijan",
            "say",
            "19 civilians were killed in the shooting",
        ),
        (
            "Armenia on Thursday accused Azerbaijan of shelling the famous church.",
            "Armenia",
            "accuse",
            "Azerbaijan of shelling the famous church",
        ),
        (
            "According to a report by Reuters, the foreign minister was to meet diplomats.",
            "Reuters",
            "according to",
            "the foreign minister was to meet diplomats",
        ),
        (
            "The city remained calm Friday morning, an AFP reporter said.",
            "AFP reporter",
            "say",
            "The city remained calm Friday morning",
        ),
        (
            "Shoygu held a phone call with his counterparts, according to Russian news agencies.",
            "Russian news agencies",
            "according to",
            "Shoygu held a phone call with his counterparts",
        ),
    ],
)
def test_indirect_speech(text: str, speaker: str, verb: str, clause: str) -> None:
    named = [
        Named("Russia", "country"),
        Named("Armenia", "country"),
        Named("Azerbaijan", "country"),
        Named("Aliyev", "person", "Ilham Aliyev"),
        Named("Artak Beglaryan", "person"),
        Named("Reuters", "organisation"),
        Named("AFP", "organisation"),
        Named("Shoygu", "person"),
    ]
    found = quotes_of(text, *[n for n in named if n.surface in text])
    assert [(q.speaker, q.verb, q.text, q.direct) for q in found] == [
        (speaker, verb, clause, False)
    ]


def test_a_parenthetical_attribution_covers_both_sides() -> None:
    text = "Macharia hid under a desk, he said, but one person ran to the roof."
    quotes = quotes_of(
        "Ken Njoroge told Reuters of the attack. " + text, Named("Ken Njoroge", "person")
    )
    assert [(q.speaker, q.text) for q in quotes[-2:]] == [
        ("Ken Njoroge", "Macharia hid under a desk"),
        ("Ken Njoroge", "but one person ran to the roof"),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "The fighting has claimed the lives of nearly 400 people.",  # "claimed" is no speech
        "Armenia has confirmed the deaths of more than 300 soldiers, while Azerbaijan has not.",
        "He would not say whether the talks would resume.",  # negated
        "Ankara has been accused by Armenia of supplying fighters.",  # passive
        "In an interview with Russian state television, Putin spoke about the war.",
    ],
)
def test_not_reported_speech(text: str) -> None:
    assert quotes_of(text, Named("Putin", "person"), Named("Armenia", "country")) == []


def test_direct_only() -> None:
    article = make(CAVUSOGLU, Named("Cavusoglu", "person", "Mevlut Cavusoglu"))
    assert [q.direct for q in extract_quotes(article)] == [True, False]
    assert [q.direct for q in extract_quotes(article, indirect=False)] == [True]


# --- the stage and its guarantees --------------------------------------------------------


def test_speech_verbs_and_lemmas() -> None:
    assert speech_lemma("told") == "tell" and speech_lemma("Says") == "say"
    assert speech_lemma("admitted") == "admit" and speech_lemma("replied") == "reply"
    assert speech_lemma("walked") is None
    assert SPEECH_VERBS["say"] == "clause" and SPEECH_VERBS["note"] == "that"
    assert SPEECH_VERBS["ask"] == "direct"


def test_ids_are_deterministic_and_depend_on_the_place() -> None:
    assert quote_id("a1", 3, 9) == quote_id("a1", 3, 9)
    assert quote_id("a1", 3, 9) != quote_id("a1", 3, 10) != quote_id("a2", 3, 9)
    assert quote_id("a1", 3, 9).startswith("q") and len(quote_id("a1", 3, 9)) == 13


def test_the_stage_fills_quotes_and_keeps_everything_else() -> None:
    stage = QuoteExtractor()
    assert (stage.name, stage.requires, stage.provides) == ("quotes", ("mentions",), ("quotes",))
    article = make(CAVUSOGLU, Named("Cavusoglu", "person", "Mevlut Cavusoglu"))
    [done] = stage([article])
    assert done.quotes == extract_quotes(article)
    assert (done.id, done.text, done.mentions) == (article.id, article.text, article.mentions)
    [direct_only] = QuoteExtractor(indirect=False)([article])
    assert len(direct_only.quotes) == 1


def test_the_stage_pickles_and_quotes_round_trip() -> None:
    stage = pickle.loads(pickle.dumps(QuoteExtractor(indirect=False)))
    assert repr(stage) == "QuoteExtractor(indirect=False)"
    article = make(CAVUSOGLU, Named("Cavusoglu", "person", "Mevlut Cavusoglu"))
    for quote in extract_quotes(article):
        assert Quote.from_dict(quote.to_dict()) == quote


def test_mentions_with_offsets_outside_the_text_are_ignored() -> None:
    article = make(CAVUSOGLU)
    broken = Mention(Span("a1", 10_000, 10_009), "Cavusoglu", "person")
    quotes = extract_quotes(Article("a1", "a1.txt", article.text, article.text, mentions=(broken,)))
    assert [q.speaker for q in quotes] == ["Cavusoglu", "Cavusoglu"]


# --- properties --------------------------------------------------------------------------

PIECES = st.sampled_from(
    [
        "“", "”", '"', "'", "‘", "’", "«", "»", "„", ",", ".", ":", ";", " ", " ", " ", "\n",
        "\n\n", "said", "says", "told", "added", "according to", "that", "he", "she", "they",
        "it", "Putin", "the Kremlin", "the French leader", "Aliyev", "warned", "accused", "of",
        "Mr.", "not", "and", "We are ready", "the war", "calling it", "\u200b", "é", "—",
    ]
)  # fmt: skip
TEXTS = st.lists(PIECES, max_size=60).map("".join) | st.text(max_size=200)


def _random_mentions(text: str, data: st.DataObject) -> tuple[Mention, ...]:
    mentions: list[Mention] = []
    for _ in range(data.draw(st.integers(0, 4))):
        if not text:
            break
        start = data.draw(st.integers(0, len(text) - 1))
        end = data.draw(st.integers(start + 1, len(text)))
        kind = data.draw(st.sampled_from(["person", "organisation", "country", "group"]))
        attributes = (Attribute("role", "president", Span("a1", start, end)),)
        full = data.draw(st.sampled_from([None, "Vladimir Putin"]))
        mentions.append(
            Mention(Span("a1", start, end), text[start:end], kind, "", full, attributes)
        )
    return tuple(mentions)


@settings(max_examples=300, deadline=None)
@given(text=TEXTS, data=st.data())
def test_never_raises_and_every_span_is_in_the_text(text: str, data: st.DataObject) -> None:
    article = Article("a1", "a1.txt", text, text, mentions=_random_mentions(text, data))
    quotes = extract_quotes(article)
    for quote in quotes:
        assert 0 <= quote.span.start < quote.span.end <= len(text)
        assert text[quote.span.start : quote.span.end] == quote.text
        assert quote.evidence.start <= quote.span.start <= quote.span.end <= quote.evidence.end
        assert quote.evidence.end <= len(text)
        if quote.speaker_span is not None:
            assert quote.speaker_span.end <= len(text)
    assert [q.span.start for q in quotes] == sorted(q.span.start for q in quotes)


@settings(max_examples=150, deadline=None)
@given(text=TEXTS, data=st.data())
def test_deterministic_with_unique_ids(text: str, data: st.DataObject) -> None:
    article = Article("a1", "a1.txt", text, text, mentions=_random_mentions(text, data))
    first = extract_quotes(article)
    assert extract_quotes(article) == first
    assert len({q.id for q in first}) == len(first)


# --- the karabakh corpus with the real entities stage --------------------------------------


@pytest.mark.shared
def test_karabakh_quotes_match_the_golden_list(shared_dir: Path) -> None:
    corpus = shared_dir / "corpus" / "karabakh-2020"
    if not corpus.is_dir():
        pytest.skip(f"{corpus} not found: put the shared data beside the repository")
    from newsfuse.config import load_settings
    from newsfuse.stages.analyse.entities import EntityRecognizer

    golden = json.loads(GOLDEN.read_text(encoding="utf-8"))["articles"]
    raw = [
        Article(id=name, path=name, raw_text=text, text=text)
        for name in sorted(golden)
        for text in [(corpus / name).read_text(encoding="utf-8")]
    ]
    recognizer = EntityRecognizer(model=load_settings(environ={}).entities.model)
    for article in recognizer(raw):
        quotes = extract_quotes(article)
        expected = golden[article.id]
        for item in expected:
            if item["direct"]:
                found = [q for q in quotes if q.direct and q.text.startswith(item["quote"])]
            else:
                found = [q for q in quotes if not q.direct and item["quote"] in q.text]
            assert found, f"{article.id}: no quote for {item}"
            assert found[0].speaker == item["speaker"], f"{article.id}: {item}"
        # No direct quote the golden list does not have.
        starts = [item["quote"] for item in expected if item["direct"]]
        extra = [q.text for q in quotes if q.direct and not q.text.startswith(tuple(starts))]
        assert extra == [], f"{article.id}: unexpected quotes {extra}"
