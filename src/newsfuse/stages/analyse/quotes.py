"""Direct and indirect speech, attributed to the people and bodies who said it.

Rules over the article's clean text and the mentions the entities stage found;
no parser or model runs here (a few milliseconds an article).

What becomes a :class:`~newsfuse.model.Quote`:

- **Direct speech**: words between double quote marks (``"..."``, curly
  quotes, ``„...“``, ``«...»``) attributed by a speech verb and its subject
  next to the marks (``"...," X said``, ``"...," said X``, ``X said: "..."``,
  ``X said, "..."``, ``X told AFP "..."``, ``according to X, "..."``), or by a
  speech verb whose subject is found elsewhere in the quote's sentence
  (``Putin called for a ceasefire "as soon as possible"``). Single quote
  marks are also apostrophes, so they only count with a verb right next to
  them. ``span`` is inside the marks, without the comma that hands over to
  the attribution.
- **Split and continued quotes** give one ``Quote`` per part, with the same
  speaker: ``"It is a tragedy," Putin said, "people are dying."`` is two
  quotes, and a quote running over paragraphs (a paragraph ends without a
  closing mark and the next re-opens, the news convention) is one quote per
  paragraph. A quote's span is always one unbroken stretch of quoted words
  (which is also how the Gender Gap Tracker annotates them).
- **Floating quotes**: whole sentences in quote marks without a verb
  continue the speaker of the quote just before (in the same or the previous
  paragraph); ``verb`` is None. Without such a speaker they are left out.
- **Indirect speech**: ``X said (that) ...``, ``X told reporters (that)
  ...``, ``X says ...``, ``X warned that ...``, ``X accused Y of ...``,
  ``..., X said.``, ``..., X said, ...``, ``according to X, ...`` and
  ``..., according to X.``, and participles after a statement (``..., adding
  that ...``). ``span`` is the reported clause, ``direct`` False. A partial
  quote inside a reported clause (``Le Drian warned that Turkey's support
  threatens to "internationalize" the conflict``) stays inside that indirect
  quote instead of becoming a quote of its own, as does a sentence that only
  ends in quoted words (``Her time has been "life-changing," she said.``).
  A negated verb (``he would not say``) reports nothing.
- **Scare quotes**: quoted words with no speech verb in their sentence (a
  title, a nickname, ``the ongoing "tragedy"`` when nobody is said to have
  said it) are not quotes. A short quoted phrase that a speech verb
  attributes is one (``Putin deplored the ceasefire, calling it
  "regrettable."``).

Speakers: ``speaker`` is the resolved name, ``speaker_span`` the mention that
names the speaker where the quote is attributed (for a pronoun or a
description, the mention of the person it stands for; None when the
speaker is a phrase naming nobody in particular).

- A mention in the subject phrase: a person first (the one nearest the
  verb: "Sharks head coach Peter DeBoer"; both of "A and B"), else an
  organisation, country or other body ending the phrase or owning a
  statement ("a statement from the Kremlin"). Possessors are skipped
  ("Stella's owners ..."); a one-word mention that is the family name of one
  person of the article is that person ("Lonechild" -> "Darian Lonechild"),
  whatever type NER gave it; "the Kremlin spokesman, Dmitry Peskov, warned"
  and "Artak Beglaryan, a member of ..., said" read through the commas.
- A role without a name ("the French leader", "the official in charge of
  ...") is the person whose role attribute fits (and whose country, by the
  word the text used for it, fits the demonym), the latest before first.
- ``he``/``she``: the last person quoted, if within two paragraphs; else the
  person who is the subject of the sentence before the attribution; else the
  latest person named outside quotes. A person the article calls "Mr." or
  refers to with "he" in their own clause is never taken for "she", and
  the reverse.
- ``they``/``it``: the previous speaker if that was a body or several people,
  ("it": else the latest organisation); otherwise no speaker.
- A definite description: "the company", "the agency" is the body quoted
  just before or the latest organisation; "the report", "the statement" the
  body quoted just before; "the rookie defenceman" is read like "he".
- A subject phrase naming nobody in particular ("police", "a citizen",
  "officials") is kept as written, without a span.

Speech verbs (lemmas; their -s, -ed, -ing and irregular forms are
recognised) are :data:`SPEECH_VERBS`; ``according to`` gets the verb
``"according to"``. Verbs marked ``"that"`` introduce reported speech only
with "that" ("noted that ..."), since without it they are too often
something else ("confirmed the deaths"); verbs marked ``"direct"`` only
attribute quote marks next to them.
"""

from __future__ import annotations

import hashlib
import logging
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from itertools import pairwise
from typing import ClassVar

from newsfuse.config import Settings
from newsfuse.model import Article, Mention, Quote, Span
from newsfuse.pipeline import register_stage
from newsfuse.stages.analyse.names import fold
from newsfuse.stages.analyse.sentences import sentence_spans

__all__ = ["SPEECH_VERBS", "QuoteExtractor", "extract_quotes", "quote_id", "speech_lemma"]

LOGGER = logging.getLogger(__name__)


def _words(text: str) -> frozenset[str]:
    return frozenset(_word_list(text))


def _word_list(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# --- speech verbs ------------------------------------------------------------------------

#: Speech verb lemma -> how it introduces reported speech: ``"clause"`` (with or
#: without "that": "she said the talks failed"), ``"that"`` (only with "that": "noted
#: that ...") or ``"direct"`` (never; it only attributes quote marks next to it).
SPEECH_VERBS: Mapping[str, str] = {
    **dict.fromkeys(
        _word_list(
            """
            ask shout joke quip chant exclaim whisper cry scream sigh continue read call
            describe plead demand urge muse wonder crow sniff stutter scold answer blurt echo
            recite propose laugh posit summarize summarise accuse
            """
        ),
        "direct",
    ),
    **dict.fromkeys(
        _word_list(
            """
            note deny indicate reveal estimate emphasize emphasise reiterate promise vow
            caution observe remark mention boast hint signal assure inform remind conclude
            recount speculate lament respond counter retort disclose point confirm announce
            admit acknowledge declare consider
            """
        ),
        "that",
    ),
    **dict.fromkeys(
        _word_list(
            """
            say tell state claim argue insist warn write explain add predict suggest stress
            testify allege reply recall concede complain maintain contend assert tweet
            believe think report
            """
        ),
        "clause",
    ),
}
# Cognition verbs make a clause a belief, not a statement: they only attribute quote
# marks right next to them ("'...,' she thinks").
_NOT_INDIRECT = frozenset({"believe", "think"})
# "'...,' the statement read": before a quote, "read" is reading ("read 'The Art of War'").
_AFTER_ONLY = frozenset({"read"})
# Verbs that may come first in an inverted attribution ("..., said the minister").
_INVERTING = _words(
    """
    say add write tell explain ask note continue argue insist reply respond recall warn state
    claim suggest admit acknowledge concede conclude observe remark report
    """
)
_IRREGULAR: Mapping[str, tuple[str, ...]] = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "read": (),
    "think": ("thought",),
}
# Verbs that double their last consonant before -ed and -ing.
_DOUBLING = _words("admit quip regret omit submit commit scold")


def _inflections(lemma: str) -> tuple[str, ...]:
    """The lemma and its -s, -ed and -ing forms (English spelling rules)."""
    if lemma in _IRREGULAR:
        ing = lemma[:-1] + "ing" if lemma.endswith("e") else lemma + "ing"
        return (lemma, lemma + "s", ing, *_IRREGULAR[lemma])
    if lemma in _DOUBLING:
        return (lemma, lemma + "s", lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing")
    if lemma.endswith("e"):
        return (lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        return (lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing")
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return (lemma, lemma + "es", lemma + "ed", lemma + "ing")
    return (lemma, lemma + "s", lemma + "ed", lemma + "ing")


_LEMMAS: Mapping[str, str] = {form: lemma for lemma in SPEECH_VERBS for form in _inflections(lemma)}
_VERB = re.compile(
    r"(?<![\w'’-])(?:"
    + "|".join(sorted(map(re.escape, _LEMMAS), key=lambda f: (-len(f), f)))
    + r")(?![\w'’-])"
)
_ACCORDING = re.compile(r"(?<![\w-])[Aa]ccording to\s+")
# ", adding that ...", ', noting at the same time that ...' (the comma may sit inside quotes).
_PARTICIPLE = re.compile(
    r",[”\"’]?\s*(?:and\s+)?(?P<verb>(?:adding|saying|noting|stressing|arguing|insisting|warning|"
    r"explaining|claiming|suggesting|acknowledging|admitting|predicting|complaining|"
    r"emphasi[sz]ing|recalling|considering(?=\s+that)|telling\s+\w+(?:\s+\w+)?)\b)"
    r"(?P<that>(?:\s+(?:at\s+the\s+same\s+time|also|again|however|further|too))?\s+that\b)?\s*"
)
# "..., and added he ...": a second statement in one sentence.
_AND_SAID = re.compile(r",?\s+and\s+(?:also\s+|then\s+|later\s+)?(?:said|says|added|adds|told)\b")


def speech_lemma(word: str) -> str | None:
    """The speech verb lemma of an inflected form ("told" -> "tell"), or None."""
    return _LEMMAS.get(word.lower())


def _lemma(form: str) -> str:
    return _LEMMAS.get(form.lower(), form.lower())


def _is_participle(form: str) -> bool:
    return form.lower().endswith("ing")


# --- words and phrases -------------------------------------------------------------------

_QUOTE_CHARS = "\"“”„«»‹›‘’'"
#: White space and the invisible characters news text carries ("Traeger\u200b said").
_INVISIBLE = " \t\n\r\xa0\u200b\u200c\u200d\u2060\ufeff"
_WORD = re.compile(r"[\w'’.-]+")
_CAPITALISED = re.compile(r"[A-Z][\w'’.-]*(?:\s+(?:[A-Z][\w'’.-]*|de|van|von|der|al|bin|le))*")
_DETERMINERS = re.compile(r"^(?:the|a|an|this|that|these|those)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"['’]s?\b")

_PRONOUNS = _words("he she they it i we you")
_GENDERED = {"he": "m", "she": "f", "him": "m", "her": "f", "his": "m"}
_PREPOSITIONS = _words("in on at to for of with by from about into over after before")
_BE = _words("be been being is was were are am 's")
_RELATIVES = _words("which who that whom whose what")
_REFLEXIVES = _words("itself himself herself themselves")
_TITLES = _words("mr mrs ms dr prof sen rep gov gen lt col capt sgt st rev hon supt det insp cpl")
# Words that may stand between a subject and its verb ("Putin has also said").
_BETWEEN = _words(
    """
    also has have had then later earlier previously recently once again further reportedly
    repeatedly would will was is were are subsequently initially quickly simply just only
    still even already always often first finally publicly privately separately been did
    does do could can might may should must
    """
)
# Where a subject phrase cannot reach further back.
_BOUNDARY_WORDS = _words(
    """
    that and but while as because when after before if which who whom where although though
    since so or nor than until unless whether said says told added
    """
)
_INVERTED_STOP = _words(
    "in on at during after before while as with who which adding saying noting that and but "
    "when to told"
)
#: Lower-case words that can open a subject phrase ("police said", "officials say").
_SUBJECT_OPENERS = _words(
    """
    the a an his her their its our my your this that these those one two three four five some
    many most several both all each every few police officials authorities staff experts
    critics analysts researchers residents protesters witnesses investigators prosecutors
    doctors scientists officers organizers organisers activists advocates students parents
    users people locals sources management neighbours neighbors others observers economists
    """
)
# Words a subject phrase cannot contain: verbs and clause words.
_NOT_IN_SUBJECTS = _words(
    """
    is was are were be been has have had will would can could should may might must do does
    did not who which that whom where when if because so then there
    """
)
# Words inside a phrase that make it a clause, not a name: possessives and objects after a
# verb ("program changed his life"), prepositional participles ("motorcade including").
_OBJECT_WORDS = _words(
    "his him their them its my our me us including according allowing following regarding"
)
# Capitalised -ing words that are names, not participles.
_KNOWN_ING = _words("beijing reading sterling king viking xing ming")
_WEEKDAYS = "Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
)
_TIME = (
    rf"(?:(?:on|last|this|late|early|next)\s+)?(?:{_WEEKDAYS}|today|yesterday|tonight|"
    r"(?:this|last)\s+(?:week|month|year|weekend))(?:\s+(?:morning|afternoon|evening|night))?"
)
_TIME_AT_END = re.compile(rf"(?:\s*,)?\s+{_TIME}\s*,?\s*$")
_SO_FAR = re.compile(
    r"\s+(?:so\s+far|not\s+yet|now|yet|in\s+turn|for\s+(?:his|her|its|their)\s+part)\s*,?\s*$"
)
# Words between a speech verb and the clause it reports ("said on Friday in a statement that").
_ADVERBIAL = re.compile(
    rf"\s*(?:,\s*)?(?:{_TIME}|in\s+(?:a|an|the|his|her|their|its)\s+[\w-]+(?:\s+[\w-]+){{0,2}}"
    r"(?:\s+(?:with|to|on|from)\s+(?:the\s+)?[\w.&'’-]+(?:\s+[A-Z][\w.&'’-]*){0,3})?|"
    r"at\s+(?:a|an|the)\s+[\w-]+(?:\s+[\w-]+){0,2}|on\s+(?:Twitter|Facebook|Instagram|"
    r"social media|X)|earlier|later|again|also|then|afterwards|recently|previously|last\s+\w+|"
    r"(?:earlier|later)\s+(?:this|that|in\s+the)\s+\w+|this\s+(?:week|month|year)|"
    r"(?:in|of)\s+(?:a|an)\s+[\w-]+|by\s+(?:phone|telephone|email|e-mail)|"
    r"(?:in|on|since|by|last|this|next|early|late|earlier|later)\s+(?:early\s+|late\s+)?"
    rf"(?:{_MONTHS})(?:\s+\d{{1,2}})?(?:,?\s+\d{{4}})?|in\s+\d{{4}}|"
    r"publicly|privately|repeatedly|bluntly|simply|recently|told\s+\w+)(?:\s*,)?"
)
# What "told" takes before the clause: a pronoun, "reporters", a description, a name.
_OBJECT = re.compile(
    r"\s*(?:me|him|her|them|us|you|reporters|journalists|lawmakers|legislators|parliament|"
    r"the\s+(?:[\w'’-]+\s+){0,3}?[\w'’-]+|(?:a|an)\s+(?:[\w'’-]+\s+){0,2}?[\w'’-]+|"
    r"[A-Z][\w.&'’-]*(?:\s+(?:[A-Z][\w.&'’-]*|of|the|and|for))*)"
)
_THAT = re.compile(r"\s*(?:,\s*)?that\b\s*")
# An appositive after a name: ", the official in charge ...," or ", who ...,".
_APPOSITIVE_START = re.compile(
    r"^(?:the|a|an|his|her|its|their|our|who|which|whose|whom|now|then|also|once|"
    r"a\s+former|[a-z])",
)
_AUXILIARY = re.compile(
    r"(?:is|was|are|were|has|have|had|will|would|could|can|cannot|should|may|might|must|did|"
    r"does|do|shall|\w+n['’]t|\w+['’](?:s|re|ve|ll|d|m)|\w+ed)$",
    re.IGNORECASE,
)
#: Common irregular past tenses, which the -ed test misses ("she saw", "Kim left").
_IRREGULAR_PAST = _words(
    """
    saw made took got went came thought knew felt found gave told said left kept began brought
    bought built held lost meant met paid ran sent sat stood spent understood won wrote became
    chose drove ate fell fought forgot grew hid hit hurt led let read rode rose shot shut sold
    spoke stole struck swore taught threw woke wore heard did had was were broke caught dealt
    drew fled flew froze hung laid lent lit rang sang sank slept slid spun stuck stung swam
    swept swung tore upset withdrew won't
    """
)
_SUBJECT_WORDS = _words(
    "he she it they we i you this that there who everyone nobody someone everything nothing"
)
#: Capitalised words that open a sentence without naming anyone.
_NOT_NAMES = (
    _PRONOUNS
    | _BOUNDARY_WORDS
    | _PREPOSITIONS
    | _SUBJECT_OPENERS
    | _words("it's there here now then meanwhile however still yet also")
)

# Heads that make a subject phrase someone's statement rather than a speaker of its own.
_STATEMENT_HEADS = _words(
    """
    statement statements release communique communiqué report reports letter document
    declaration message post tweet note memo spokesman spokeswoman spokesperson spokespeople
    representative representatives office source sources readout complaint lawsuit suit
    claim filing affidavit indictment ruling decision judgment study survey poll paper
    analysis blog website email records data figures statistics findings notice
    """
)
#: Heads of descriptions of organisations ("the company said").
_BODY_NOUNS = _words(
    """
    company firm agency department ministry utility railway airline bank group organization
    organisation union league team club government party network retailer automaker carmaker
    manufacturer board commission council corporation business charity association federation
    institute university college hospital school court city province state country regulator
    watchdog broadcaster publisher newspaper paper website platform service program programme
    """
)
#: Heads of descriptions of people ("the rookie defenceman said").
_PERSON_NOUNS = _words(
    """
    man woman boy girl father mother husband wife son daughter brother sister boyfriend
    girlfriend partner friend uncle aunt grandfather grandmother child kid teen teenager
    person victim survivor veteran resident neighbour neighbor student player coach rookie
    star actor actress singer artist author writer athlete golfer winger forward defenceman
    defenseman goalie goaltender pitcher quarterback guard centre center captain chef owner
    proprietor founder mayor councillor candidate activist advocate organizer organiser
    volunteer worker employee labourer laborer nurse doctor physician surgeon lawyer judge
    senator official officer spokesman spokeswoman spokesperson mom dad parent accountant
    retiree entrepreneur
    """
)
#: Nouns for people that say which pronoun fits them.
_GENDERED_NOUNS: Mapping[str, str] = {
    **dict.fromkeys(_words("man father husband son brother boyfriend uncle grandfather king"), "m"),
    **dict.fromkeys(
        _words("woman mother wife daughter sister girlfriend aunt grandmother queen actress"), "f"
    ),
}
_ROLE_HEADS = re.compile(
    r"\b(?:minister|president|prime minister|premier|chancellor|spokes(?:man|woman|person)|"
    r"ombudsman|ombudsperson|ambassador|envoy|secretary|king|queen|leader|chief|head|"
    r"commander|general|official|officer|mayor|governor|prosecutor|attorney|senator|judge|"
    r"director|chairman|chairwoman|chair|ceo|coach|manager|captain|reporter|correspondent|"
    r"journalist|analyst|expert|lawyer|doctor|researcher|professor|scientist|economist|"
    r"MP|MPP|MLA|MEP|councillor|councilor|trustee|superintendent|commissioner|"
    r"owner|founder|executive|CFO)\b",
    re.IGNORECASE,
)
# Roles that lead a state or a government: "the French leader" is its president.
_LEADERS = _words("leader head president premier chancellor king queen emir") | {"prime minister"}


# --- paragraphs, sentences, quote marks --------------------------------------------------


@dataclass(slots=True)
class _Segment:
    """Words between quote marks: ``[start, end)`` inside them, ``[open, close)`` with them."""

    start: int
    end: int
    open: int
    close: int
    paragraph: int
    closed: bool
    single: bool
    #: The quote goes on in the next paragraph (which re-opens it).
    continues: bool = False
    #: The segment before it is the same quote's previous paragraph.
    continued: bool = False


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Paragraph ``(start, end)`` spans: a line break ends one unless it only wraps a line.

    A line that stops without final punctuation and a next line that starts in
    lower case are one paragraph wrapped in two lines.
    """
    spans: list[tuple[int, int]] = []
    start = 0
    for match in re.finditer(r"\n", text):
        before = text[start : match.start()].rstrip()
        after = text[match.end() : match.end() + 1]
        if before and before[-1] not in '.!?:;"”’»)…' and after.islower():
            continue
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _opener_like(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before.isspace() or before in '([{—–-/:;"“‘«„') and not after.isspace()


def _closer_like(text: str, i: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return not before.isspace() and (after.isspace() or after in '.,;:!?)]}—–-"”’»…')


# Opening double mark -> the marks that close it.
_DOUBLE_OPEN = {"“": "”“", "„": "“”", "«": "»", "‹": "›", '"': '"'}


def _quoted_segments(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Segment]:
    """Every quoted stretch of ``text``, paragraph by paragraph, in order.

    Quote marks pair within a paragraph. One left open at a paragraph's end
    goes on when the next paragraph opens with a quote mark; otherwise it ends
    there (a missing closing mark is a common typo).
    """
    segments: list[_Segment] = []
    for number, (para_start, para_end) in enumerate(paragraphs):
        doubles = _double_segments(text, para_start, para_end, number)
        singles = _single_segments(text, para_start, para_end, number, doubles)
        segments.extend(sorted(doubles + singles, key=lambda s: s.open))
    for previous, segment in pairwise(segments):
        if (
            not previous.closed
            and not previous.single
            and segment.paragraph == previous.paragraph + 1
            and not text[paragraphs[segment.paragraph][0] : segment.open].strip()
        ):
            previous.continues = True
            segment.continued = True
    return [s for s in segments if s.start < s.end]


def _double_segments(text: str, start: int, end: int, paragraph: int) -> list[_Segment]:
    found: list[_Segment] = []
    opened: int | None = None
    closers = ""
    for mark in _DOUBLE_MARKS.finditer(text, start, end):
        i, char = mark.start(), mark.group()
        if opened is None:
            if char in _DOUBLE_OPEN and (char != '"' or _opener_like(text, i)):
                opened, closers = i, _DOUBLE_OPEN[char]
            elif char == "”" and _opener_like(text, i):
                opened, closers = i, "”“"  # a closing mark typed as opener: ”Anxiety is...”
            continue
        if char in closers and (char != "“" or _closer_like(text, i) or i + 1 == end):
            found.append(_segment(text, opened, i, paragraph, closed=True, single=False))
            opened = None
        elif char == "“" and closers == "”“":
            opened = i  # a second opener before any closer: the first had no end
    if opened is not None:
        found.append(_segment(text, opened, end, paragraph, closed=False, single=False))
    return found


_DOUBLE_MARKS = re.compile('["“”„«»‹›]')
_SINGLE_MARKS = re.compile("[‘’']")


def _single_segments(
    text: str, start: int, end: int, paragraph: int, doubles: Sequence[_Segment]
) -> list[_Segment]:
    """Single-quoted stretches outside double quotes; unclosed ones are apostrophes."""
    found: list[_Segment] = []
    opened: int | None = None
    last = start - 1
    for mark in _SINGLE_MARKS.finditer(text, start, end):
        i, char = mark.start(), mark.group()
        # Double quotes between the last mark and this one close any single quote.
        if any(s.open <= i and last < s.close - 1 for s in doubles):
            opened = None
        last = i
        if any(s.open <= i < s.close for s in doubles):
            continue
        if opened is None:
            if char in "‘'" and _opener_like(text, i) and text[i + 1 : i + 2].isalnum():
                opened = i
        elif char in "’'" and _closer_like(text, i):
            found.append(_segment(text, opened, i, paragraph, closed=True, single=True))
            opened = None
    return found


def _segment(
    text: str, opened: int, closed_at: int, paragraph: int, *, closed: bool, single: bool
) -> _Segment:
    inner_start, inner_end = opened + 1, closed_at
    while inner_start < inner_end and text[inner_start].isspace():
        inner_start += 1
    while inner_end > inner_start and (
        text[inner_end - 1].isspace() or text[inner_end - 1] in ",:;–—-"
    ):
        inner_end -= 1
    close = closed_at + 1 if closed else closed_at
    return _Segment(inner_start, inner_end, opened, close, paragraph, closed, single)


@dataclass(slots=True)
class _Context:
    """The article's text cut up once: paragraphs, sentences, quoted segments, mentions."""

    text: str
    paragraphs: list[tuple[int, int]]
    sentences: list[tuple[int, int]]
    segments: list[_Segment]
    #: Mentions with valid offsets, in text order.
    mentions: list[Mention]
    #: Name -> (key, value, words written) of every attribute stated for it.
    facts: dict[str, list[tuple[str, str, str]]]
    _paragraph_starts: list[int] = field(default_factory=list)
    _sentence_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._paragraph_starts = [start for start, _ in self.paragraphs]
        self._sentence_starts = [start for start, _ in self.sentences]

    def paragraph_of(self, offset: int) -> int:
        return max(0, bisect_right(self._paragraph_starts, offset) - 1)

    def sentence_index(self, offset: int) -> int:
        return max(0, bisect_right(self._sentence_starts, offset) - 1)

    def sentence_of(self, offset: int) -> tuple[int, int]:
        if not self.sentences:
            return (0, len(self.text))
        return self.sentences[self.sentence_index(offset)]

    def quoted(self, start: int, end: int) -> bool:
        """Some of ``[start, end)`` is between double quote marks."""
        return any(s.open < end and start < s.close for s in self.segments if not s.single)

    def inside_quotes(self, start: int, end: int) -> bool:
        """All of ``[start, end)`` is between double quote marks."""
        return any(s.open < start and end <= s.close for s in self.segments if not s.single)


def _context(article: Article) -> _Context:
    text = article.text
    paragraphs = _paragraphs(text)
    mentions = sorted(
        (m for m in article.mentions if 0 <= m.span.start < m.span.end <= len(text)),
        key=lambda m: (m.span.start, m.span.end),
    )
    facts: dict[str, list[tuple[str, str, str]]] = {}
    for mention in mentions:
        for attribute in mention.attributes:
            where = attribute.evidence
            written = text[where.start : where.end] if where.end <= len(text) else ""
            facts.setdefault(mention.name, []).append((attribute.key, attribute.value, written))
    return _Context(
        text=text,
        paragraphs=paragraphs,
        sentences=[span for a, b in paragraphs for span in sentence_spans(text, a, b)],
        segments=_quoted_segments(text, paragraphs),
        mentions=mentions,
        facts=facts,
    )


def _verbs_in(ctx: _Context, start: int, end: int) -> Iterator[re.Match[str]]:
    """Speech verbs in ``[start, end)`` that are not inside quote marks."""
    for match in _VERB.finditer(ctx.text, start, end):
        if not ctx.inside_quotes(match.start(), match.end()):
            yield match


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` without surrounding white space and trailing ``,.;:``; None if empty."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and (text[end - 1].isspace() or text[end - 1] in ",.;:"):
        end -= 1
    return (start, end) if start < end else None


def _stop(text: str, start: int, limit: int) -> int:
    """Where the sentence from ``start`` ends (not at "Mr." or "U.S."), or ``limit``."""
    for match in _SENTENCE_END.finditer(text, start, limit):
        if match.group() == ".":
            word = re.search(r"([\w.]+)$", text[max(start, match.start() - 12) : match.start()])
            if word and (
                word.group(1).lower() in _TITLES
                or re.fullmatch(r"(?:[A-Za-z]\.)*[A-Z]", word.group(1))
            ):
                continue
        return match.start()
    return limit


_SENTENCE_END = re.compile(r"[.!?;](?=\s|$)|\n")


# --- subject phrases ---------------------------------------------------------------------


def _subject_before(ctx: _Context, floor: int, verb_start: int) -> tuple[int, int] | None:
    """The subject phrase of a verb at ``verb_start``, looking back no further than ``floor``.

    Steps over auxiliaries, adverbs and time words ("has also said", "on
    Friday said") and over appositives ("X, the official in charge of ...,
    said"); a coordinated verb ("... but says") takes its clause's subject. A
    passive ("was told"), a negation ("would not say"), a relative pronoun, a
    phrase that cannot be a subject ("in his turn to") or nothing give None.
    """
    text = ctx.text
    end = verb_start
    while True:
        trimmed = text[floor:end].rstrip(_INVISIBLE)
        cut = _TIME_AT_END.search(trimmed) or _SO_FAR.search(" " + trimmed)
        if cut is not None and cut.group().strip(" ,"):
            offset = cut.start() - (1 if cut.re is _SO_FAR else 0)
            if offset > 0:
                end = floor + offset
                continue
        if trimmed.endswith(","):
            end = floor + len(trimmed)
            break
        word = re.search(r"([\w'’]+)\s*$", trimmed)
        if word is None:
            return None
        written = word.group(1)
        lowered = written.lower()
        if lowered in _BE and end == verb_start:
            return None  # a passive: "was told", "is said"
        if lowered in {"not", "never"} or re.search(r"n['’]t$", lowered):
            return None  # "he won't say": nothing was said
        if lowered in _BETWEEN and written == lowered and word.start() > 0:
            end = floor + word.start(1)
            continue
        if lowered in {"and", "but", "or"}:
            return _clause_subject(ctx, floor, floor + word.start(1))
        end = floor + len(trimmed)
        break
    if end <= floor:
        return None
    last = text[end - 1]
    if last == ",":
        phrase = _before_appositive(ctx, floor, end - 1)
    elif last.isalnum() or last in ".)":
        phrase = _phrase_ending_at(ctx, floor, end)
    else:
        return None
    return phrase if phrase is not None and _plausible(ctx, phrase) else None


def _before_appositive(ctx: _Context, floor: int, comma: int) -> tuple[int, int] | None:
    """Subject of ``NAME, APPOSITIVE, said`` or ``ROLE, NAME, said``; ``comma`` ends the last.

    Walks back over comma-delimited chunks (at most four): the first phrase
    that names a person or reads as a full name ("Jim Eglinski") is the
    subject, unless the chunk after it names a person while it does not
    ("the Kremlin spokesman, Dmitry Peskov, warned"). Without a name, a chunk
    that reads as an appositive ("..., a member of ..., said") gives the
    phrase before it, and any other chunk is the subject itself.
    """
    text = ctx.text
    commas = [comma]
    while len(commas) < 5:
        previous = text.rfind(",", floor, commas[-1])
        if previous < 0:
            break
        commas.append(previous)
    if len(commas) < 2 or ctx.quoted(commas[1], comma):
        return None
    chunks = [(commas[i + 1] + 1, commas[i]) for i in range(len(commas) - 1)]
    chunks.append((floor, commas[-1]))  # the phrase before the first comma
    last = _phrase_ending_at(ctx, chunks[0][0], chunks[0][1])
    last_names = last is not None and _names_person(ctx, last)
    for begin, end in chunks[1:]:
        phrase = _phrase_ending_at(ctx, begin, end)
        if phrase is None:
            break
        if _names_person(ctx, phrase) or _FULL_NAME.fullmatch(text[phrase[0] : phrase[1]]):
            if last_names and not _names_person(ctx, phrase) and phrase == chunks[1]:
                return last
            return phrase
        if not _appositive(text[begin:end].strip()):
            break
    if last_names:
        return last
    if _appositive(text[chunks[0][0] : chunks[0][1]].strip()):
        return _phrase_ending_at(ctx, floor, chunks[0][0] - 1)
    return last


_FULL_NAME = re.compile(r"[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+)+")


def _appositive(chunk: str) -> bool:
    """``chunk`` (between commas) describes the name before it: "a member of ...", "who ...",
    "Kremlin spokesman", "50"."""
    return bool(_APPOSITIVE_START.match(chunk) or _ROLE_HEADS.search(chunk) or chunk[:1].isdigit())


def _names_person(ctx: _Context, phrase: tuple[int, int]) -> bool:
    return any(
        m.type == "person" and phrase[0] <= m.span.start and m.span.end <= phrase[1]
        for m in ctx.mentions
    )


def _plausible(ctx: _Context, phrase: tuple[int, int]) -> bool:
    """A subject phrase names someone: a pronoun, or a noun phrase that does not open with a
    conjunction, a preposition or a participle and holds no verb or pronoun ("Although
    Trump", "It's something she", "He won't", "program changed his life" are not)."""
    words = ctx.text[phrase[0] : phrase[1]].split()
    if not words:
        return False
    bare = [w.strip(",.;:").lower().replace("’", "'") for w in words]
    first = bare[0]
    if len(words) == 1 and first in _PRONOUNS:
        return True
    if (
        first in _RELATIVES
        or first in _BOUNDARY_WORDS
        or first in _PREPOSITIONS
        or (first.endswith("ing") and words[0][:1].isupper() and first not in _KNOWN_ING)
        or any(w in _PRONOUNS or w.endswith("n't") or w in {"it's", "that's"} for w in bare)
        or any(w in _OBJECT_WORDS for w in bare[1:])
    ):
        return False
    if any(phrase[0] <= m.span.start and m.span.end <= phrase[1] for m in ctx.mentions):
        return True
    if words[0][:1].islower() and first not in _SUBJECT_OPENERS and not first.endswith("s"):
        return False
    return not any(w in _NOT_IN_SUBJECTS or w in _IRREGULAR_PAST for w in bare[1:])


def _clause_subject(ctx: _Context, floor: int, limit: int) -> tuple[int, int] | None:
    """The subject opening the clause at ``floor``, after a leading "On Friday, ".

    A pronoun there, else the words up to the first verb ("U.S. Secretary of
    State Mike Pompeo praised ...", "the head of the World Health Organization
    has called ..."), without adverbs or a reflexive ("Azerbaijan itself").
    """
    text = ctx.text
    stretch = text[floor:limit]
    lead = re.match(r"\s*(?:[^,\"“”]{0,45},\s*)?", stretch)
    starts = [floor + len(stretch) - len(stretch.lstrip()), floor + (lead.end() if lead else 0)]
    for start in sorted(set(starts)):
        pronoun = re.match(r"(?:he|she|they|it|He|She|They|It)\b", text[start:limit])
        if pronoun:
            return (start, start + pronoun.end())
        mention = next((m for m in ctx.mentions if m.span.start == start), None)
        if mention is None and start != max(starts):
            continue
        for count, match in enumerate(_WORD.finditer(text, start, limit)):
            word = match.group()
            lowered = word.lower()
            if count > 14 or "," in text[start : match.start()] or lowered in _BOUNDARY_WORDS:
                break
            if mention is not None and match.start() < mention.span.end:
                continue
            if count and (
                lowered in _BE
                or lowered in {"has", "have", "had", "will", "would"}
                or lowered in _IRREGULAR_PAST
                or _VERB.fullmatch(word)
                or (lowered.endswith("ed") and word.islower())
            ):
                phrase = _trimmed(text, start, match.start())
                while phrase is not None:
                    tail = re.search(r"(\S+)$", text[phrase[0] : phrase[1]])
                    if tail is None or tail.group(1) not in _BETWEEN | _REFLEXIVES:
                        break
                    phrase = _trimmed(text, phrase[0], phrase[0] + tail.start(1))
                return phrase
        if mention is not None:
            return (mention.span.start, mention.span.end)
    return None


def _participle_subject(ctx: _Context, floor: int, verb_start: int) -> tuple[int, int] | None:
    """Who does the ``-ing`` of a participle: the phrase right before it when no comma parts
    them ("with Lavrov saying"), else the subject of the last clause opening before it in its
    sentence ("World leaders called for ..., and Putin deplored the ceasefire, calling
    it ...": Putin; "Armenia ruled out a meeting with its minister X, considering that ...":
    Armenia), else the latest person named before it outside quotes."""
    text = ctx.text
    floor = min(floor, ctx.sentence_of(verb_start)[0])
    if not text[floor:verb_start].rstrip().endswith(","):
        # "..., with Lavrov and his partner Cavusoglu saying ...": the phrase right before.
        phrase = _phrase_ending_at(ctx, floor, verb_start)
        if phrase is not None:
            lead = re.compile(r"(?:with|as)\s+", re.IGNORECASE).match(text, *phrase)
            phrase = (lead.end(), phrase[1]) if lead else phrase
            if _plausible(ctx, phrase):
                return phrase
    openings = [floor] + [
        floor + m.end()
        for m in _CLAUSE_OPENING.finditer(text[floor:verb_start])
        if not ctx.quoted(floor + m.start(), floor + m.end())
    ]
    for opening in reversed(openings):
        subject = _clause_subject(ctx, opening, verb_start)
        if subject is not None and _plausible(ctx, subject):
            return subject
    for mention in reversed(ctx.mentions):
        if (
            floor <= mention.span.start
            and mention.span.end <= verb_start
            and mention.type == "person"
            and not ctx.inside_quotes(mention.span.start, mention.span.end)
        ):
            return (mention.span.start, mention.span.end)
    return None


_CLAUSE_OPENING = re.compile(r"(?:,|;)\s+(?:and|but|while|as)\s+|;\s+")


def _phrase_ending_at(ctx: _Context, floor: int, end: int) -> tuple[int, int] | None:
    """The noun phrase ending at ``end``: back to punctuation or a clause word.

    Sixteen words at most, except that a phrase does not start with a
    lower-case word cut off mid-phrase: "The official in charge of the file of
    civil rights in times of war in Karabakh" is read whole.
    """
    text = ctx.text
    while end > floor and text[end - 1].isspace():
        end -= 1
    if end <= floor:
        return None
    start = end
    words = 0
    for match in reversed(list(_WORD.finditer(text, floor, end))):
        if text[match.end() : start].strip(_INVISIBLE):  # punctuation ends the phrase
            break
        word = match.group().lower()
        if start != end and (word in _BOUNDARY_WORDS or _VERB.fullmatch(match.group())):
            if word == "and" and _capitalised_around(text, match):
                start = match.start()  # "Tore Sohlberg and Lehla Abreder"
                continue
            break
        if words >= 16 and text[start : start + 1].islower():
            break
        start = match.start()
        words += 1
    # A mention cut by the limit keeps its whole name.
    for mention in ctx.mentions:
        if mention.span.start < start < mention.span.end <= end:
            start = mention.span.start
    leading = re.match(
        r"(?:(?:and|but|so|then|meanwhile|however|also)\s+)+", text[start:end], re.IGNORECASE
    )
    if leading:
        start += leading.end()
    return (start, end) if start < end else None


def _capitalised_around(text: str, match: re.Match[str]) -> bool:
    before = text[max(0, match.start() - 30) : match.start()].split()
    after = text[match.end() : match.end() + 30].split()
    return bool(before and after) and before[-1][:1].isupper() and after[0][:1].isupper()


def _subject_after(ctx: _Context, start: int, limit: int) -> tuple[int, int] | None:
    """The subject of an inverted attribution (``said the French leader``, ``said Dr. X``)."""
    text = ctx.text
    while start < limit and text[start].isspace():
        start += 1
    end = start
    for match in _WORD.finditer(text, start, limit):
        if text[end : match.start()].strip():
            break
        if end != start and match.group().lower() in _INVERTED_STOP:
            break
        end = match.end()
        word = match.group()
        if word.endswith(".") and not (
            word[:-1].lower() in _TITLES or re.fullmatch(r"(?:[A-Z]\.)+", word)
        ):
            end -= 1
            break
    if end <= start:
        return None
    # A name reaching past the stop ("said Dr. Matthew Bowes") is taken whole.
    for mention in ctx.mentions:
        if start <= mention.span.start < end < mention.span.end <= limit:
            end = mention.span.end
    phrase = (start, end)
    return phrase if _plausible(ctx, phrase) else None


def _trailing_name(phrase: str) -> tuple[int, str] | None:
    """Capitalised words ending a subject phrase after a lower-case word or a role
    ("Canadian actor Oh", "Liberal MP Sean Fraser"): (offset in ``phrase``, the name)."""
    words = list(re.finditer(r"\S+", phrase))
    first = len(words)
    while first > 0 and re.fullmatch(r"[A-Z][\w'’.-]*", words[first - 1].group()):
        word = words[first - 1].group()
        if word in {"The", "A", "An"} or _ROLE_HEADS.fullmatch(word):
            break
        first -= 1
    if first in (0, len(words)):
        return None
    before = words[first - 1].group()
    if not (before.islower() or _ROLE_HEADS.fullmatch(before)):
        return None
    return words[first].start(), phrase[words[first].start() :]


# --- candidates --------------------------------------------------------------------------


@dataclass(slots=True)
class _Candidate:
    """A quote before its speaker is resolved."""

    start: int
    end: int
    evidence_start: int
    evidence_end: int
    direct: bool
    verb: str | None
    #: The subject phrase as written, or None.
    subject: tuple[int, int] | None
    #: The quote marks around a direct quote: ``(open, close)``.
    marks: tuple[int, int] | None = None
    #: Takes the previous quote's speaker (a continued or floating quote).
    inherit: bool = False
    #: A participle clause (", adding that ..."): the speaker of the statement just before
    #: it in its sentence, else the one ``subject`` names.
    participle: bool = False


#: (verb lemma, verb span, subject span) of an attribution.
_Attribution = tuple[str, tuple[int, int], tuple[int, int] | None]


# --- direct speech -----------------------------------------------------------------------


def _direct_candidates(ctx: _Context) -> list[_Candidate]:
    candidates: list[_Candidate] = []
    for segment in ctx.segments:
        marks = (segment.open, segment.close)
        found = _attribute(ctx, segment)
        if found is not None:
            verb, verb_span, subject = found
            bounds = [segment.open, segment.close, *verb_span, *(subject or ())]
            candidates.append(
                _Candidate(
                    segment.start,
                    segment.end,
                    min(bounds),
                    max(bounds),
                    True,
                    verb,
                    subject,
                    marks=marks,
                )
            )
        elif segment.continued or _floating(ctx, segment):
            candidates.append(
                _Candidate(
                    segment.start,
                    segment.end,
                    segment.open,
                    segment.close,
                    True,
                    None,
                    None,
                    marks=marks,
                    inherit=True,
                )
            )
    return candidates


def _floating(ctx: _Context, segment: _Segment) -> bool:
    """Whole sentences in quote marks with no verb: the previous speaker goes on.

    The quote starts a sentence and ends one with its own final punctuation
    (or runs on into the next paragraph). Whether someone spoke just before
    is checked when speakers are resolved.
    """
    if segment.single:
        return False
    text = ctx.text
    para_start, para_end = ctx.paragraphs[segment.paragraph]
    floor = max(para_start, ctx.sentence_of(segment.open)[0])
    after = re.match(r"\.?(?:\s|$)", text[segment.close : para_end] + " ")
    inner = text[segment.start : segment.end].rstrip()
    return (
        not text[floor : segment.open].strip()
        and after is not None
        and (inner[-1:] in ".!?…" or segment.continues)
        and len(inner.split()) >= 3
    )


def _attribute(ctx: _Context, segment: _Segment) -> _Attribution | None:
    """Who a quoted segment is attributed to, by the first pattern that fits."""
    return (
        _attribute_after(ctx, segment)
        or _attribute_before(ctx, segment)
        or (None if segment.single else _attribute_in_sentence(ctx, segment))
    )


def _attribute_after(ctx: _Context, segment: _Segment) -> _Attribution | None:
    """``"...," X said``, ``"...," said X``, ``"...," according to X``."""
    if not segment.closed:
        return None
    text = ctx.text
    limit = min(ctx.paragraphs[segment.paragraph][1], segment.close + 200)
    limit = min([limit, *(s.open for s in ctx.segments if s.open >= segment.close)])
    lead = re.compile(r"\s*,?\s*").match(text, segment.close, limit)
    start = lead.end() if lead else segment.close
    if start >= limit:
        return None
    according = _ACCORDING.match(text, start, limit)
    if according:
        return ("according to", according.span(), _subject_after(ctx, according.end(), limit))
    verb = _VERB.match(text, start, limit)
    if verb is not None:
        if _is_participle(verb.group()):
            return None
        subject = _subject_after(ctx, verb.end(), limit)
        if subject is not None and len(text[subject[0] : subject[1]].split()) <= 12:
            return (_lemma(verb.group()), verb.span(), subject)
        return None
    ended = text[segment.start : segment.end][-1:] in ".!?…"
    sentence_end = _stop(text, start, limit)
    for verb in _VERB.finditer(text, start, sentence_end):
        if len(text[start : verb.start()].split()) > 14 or _is_participle(verb.group()):
            break
        subject = _subject_before(ctx, start, verb.start())
        if subject is None or subject[0] != start:
            continue
        if ended and text[start].isupper() and not _short_tail(text, verb.end(), sentence_end):
            return None  # '"... there." She said the board ...' starts a new statement
        return (_lemma(verb.group()), verb.span(), subject)
    return None


def _short_tail(text: str, start: int, end: int) -> bool:
    """After a capitalised attribution the sentence must end soon: '"..." She said.'"""
    tail = text[start:end]
    if _PARTICIPLE.match(tail):
        return True
    return len(tail.split()) <= 6 and not re.search(r"\bthat\b", tail)


def _attribute_before(ctx: _Context, segment: _Segment) -> _Attribution | None:
    """``X said: "..."``, ``X said, "..."``, ``X told AFP "..."``, ``according to X, "..."``."""
    text = ctx.text
    floor = max(ctx.sentence_of(segment.open)[0], ctx.paragraphs[segment.paragraph][0])
    floor = max([floor, *(s.close for s in ctx.segments if floor < s.close <= segment.open)])
    if not text[floor : segment.open].strip():
        return None
    according = list(_ACCORDING.finditer(text, floor, segment.open))
    if according:
        match = according[-1]
        tail = text[match.end() : segment.open]
        comma = tail.find(",")
        if comma > 0 and not tail[comma + 1 :].strip(" :"):
            subject = _trimmed(text, match.end(), match.end() + comma)
            return ("according to", match.span(), subject)
    for verb in reversed(list(_VERB.finditer(text, floor, segment.open))):
        if _lemma(verb.group()) in _AFTER_ONLY:
            continue
        tail = text[verb.end() : segment.open].strip()
        words = len(tail.split())
        if re.search(r"[.!?;]", tail.rstrip(":")):
            continue
        if tail.endswith(":"):
            fits = words <= 12
        elif tail.endswith(",") or re.search(r"\b(?:that|as)$", tail):
            fits = words <= 6
        else:
            fits = words == 0 or (_lemma(verb.group()) == "tell" and words <= 3)
        if not fits:
            continue
        if _is_participle(verb.group()):
            subject = _participle_subject(ctx, floor, verb.start())
        else:
            subject = _subject_before(ctx, floor, verb.start())
        if subject is not None:
            return (_lemma(verb.group()), verb.span(), subject)
    return None


def _attribute_in_sentence(ctx: _Context, segment: _Segment) -> _Attribution | None:
    """A speech verb elsewhere in the quote's sentence, with its subject ("X called for ...").

    The verb nearest the quote is tried first: in "World leaders called for
    ..., and Putin deplored the ceasefire, calling it 'regrettable.'" the
    quote is Putin's.
    """
    text = ctx.text
    floor = max(ctx.sentence_of(segment.open)[0], ctx.paragraphs[segment.paragraph][0])
    floor = max([floor, *(s.close for s in ctx.segments if floor < s.close <= segment.open)])
    end = _stop(text, segment.close, ctx.paragraphs[segment.paragraph][1])
    if text[segment.start : segment.end][-1:] in ".!?…" and not re.match(
        r"\s*[a-z]", text[segment.close : segment.close + 3]
    ):
        end = segment.close  # the quote ends its sentence (unless '..." he said.')
    verbs = sorted(
        _verbs_in(ctx, floor, end),
        key=lambda v: segment.open - v.end() if v.end() <= segment.open else v.start(),
    )
    for verb in verbs:
        if _lemma(verb.group()) in _NOT_INDIRECT | _AFTER_ONLY:
            continue
        if _is_participle(verb.group()):
            subject = _participle_subject(ctx, floor, verb.start())
        else:
            subject = _subject_before(ctx, floor, verb.start())
        if subject is not None:
            return (_lemma(verb.group()), verb.span(), subject)
    return None


# --- indirect speech ---------------------------------------------------------------------


def _indirect_candidates(ctx: _Context) -> list[_Candidate]:
    """Reported speech, sentence by sentence; of overlapping readings the first wins."""
    text = ctx.text
    found: list[_Candidate] = []
    for sentence_start, sentence_end in ctx.sentences:
        if ctx.inside_quotes(sentence_start, sentence_start + 1):
            continue
        end = sentence_end
        while end > sentence_start and text[end - 1] in ".!?…":
            end -= 1
        found.extend(_according(ctx, sentence_start, end))
        found.extend(_reported(ctx, sentence_start, end))
        found.extend(_trailing(ctx, sentence_start, end))
    kept: list[_Candidate] = []
    for candidate in sorted(found, key=lambda c: (c.start, -c.end)):
        if len(text[candidate.start : candidate.end].split()) < 3:
            continue
        if any(k.start < candidate.end and candidate.start < k.end for k in kept):
            continue
        kept.append(candidate)
    return kept


def _according(ctx: _Context, start: int, end: int) -> list[_Candidate]:
    """``according to X, CLAUSE`` and ``CLAUSE, according to X``."""
    text = ctx.text
    found: list[_Candidate] = []
    for match in _ACCORDING.finditer(text, start, end):
        if ctx.inside_quotes(match.start(), match.end()):
            continue
        before = text[start : match.start()].rstrip()
        comma = text.find(",", match.end(), end)
        if before.endswith(",") and len(before.split()) >= 3:
            clause = _trimmed(text, start, start + len(before))
            subject = _trimmed(text, match.end(), comma if comma > 0 else end)
            if clause is not None and subject is not None:
                found.append(_Candidate(*clause, start, end, False, "according to", subject))
        elif (not before.strip(" ,") or before.endswith(",")) and comma >= 0:
            clause = _trimmed(text, comma + 1, end)
            subject = _trimmed(text, match.end(), comma)
            if clause is not None and subject is not None and text[clause[0]] not in _QUOTE_CHARS:
                clause = (clause[0], _participle_cut(text, clause[0], clause[1]))
                found.append(
                    _Candidate(*clause, match.start(), end, False, "according to", subject)
                )
    return found


def _reported(ctx: _Context, start: int, end: int) -> list[_Candidate]:
    """``X said (that) CLAUSE``, ``X told Y (that) CLAUSE``, ``X accused Y of ...``, and
    participles after a statement (``..., adding that CLAUSE``)."""
    text = ctx.text
    found: list[_Candidate] = []
    for verb in _verbs_in(ctx, start, end):
        lemma = _lemma(verb.group())
        if lemma in _NOT_INDIRECT or _is_participle(verb.group()):
            continue
        if lemma == "accuse":
            of = re.search(r"\bof\b", text[verb.end() : end])
            clause = _trimmed(text, verb.end(), end) if of else None
        else:
            clause = _clause_after(text, verb.end(), end, lemma, SPEECH_VERBS[lemma])
        if clause is None or text[clause[0]] in _QUOTE_CHARS:
            continue  # a quote right after the verb is direct speech
        floor = max([start, *(s.close for s in ctx.segments if start < s.close <= verb.start())])
        subject = _subject_before(ctx, floor, verb.start())
        if subject is None:
            continue
        clause = (clause[0], _participle_cut(text, clause[0], clause[1]))
        found.append(_Candidate(*clause, subject[0], clause[1], False, lemma, subject))
    for match in _PARTICIPLE.finditer(text, start, end):
        if ctx.inside_quotes(match.start("verb"), match.end("verb")):
            continue
        clause_end = _participle_cut(text, match.end(), end)
        needs_clause = match.group("that") is None
        clause = _clause_from(text, match.end(), clause_end, needs_clause=needs_clause)
        if clause is None or text[clause[0]] in _QUOTE_CHARS:
            continue
        lemma = _lemma(match.group("verb").split()[0])
        subject = _participle_subject(ctx, start, match.start())
        found.append(
            _Candidate(*clause, match.start(), clause[1], False, lemma, subject, participle=True)
        )
    return found


def _clause_after(text: str, start: int, end: int, lemma: str, kind: str) -> tuple[int, int] | None:
    """The reported clause after a speech verb, or None when none follows it."""
    position = start
    if lemma in {"tell", "assure", "inform", "remind", "warn", "urge"}:
        that = re.compile(r"\bthat\b").search(text, position, min(end, position + 80))
        if that and not re.search(r"[,;:]", text[position : that.start()]):
            return _clause_from(text, that.end(), end, needs_clause=False)
        if lemma == "tell":
            obj = _OBJECT.match(text, position, end)
            if obj is None or obj.end() == position:
                return None
            position = obj.end()
        elif lemma != "warn":
            return None
    elif lemma == "point":
        out = re.compile(r"\s+out\b").match(text, position, end)
        if out is None:
            return None
        position = out.end()
    while True:
        adverbial = _ADVERBIAL.match(text, position, end)
        if adverbial is None or adverbial.end() == position:
            break
        position = adverbial.end()
    # "acknowledged before the judge that", "tweeted out that": a few more words, no verb.
    gap = re.compile(r"((?:\s+[\w'’-]+){0,5}?)\s+that\b").match(text, position, end)
    if gap and not any(_verb_like(word) for word in gap.group(1).split()):
        return _clause_from(text, gap.end(), end, needs_clause=False)
    that = _THAT.match(text, position, end)
    if that:
        return _clause_from(text, that.end(), end, needs_clause=False)
    if kind != "clause" or text[position:end].lstrip().startswith(","):
        return None  # "..., he said, but ...": a parenthetical attribution
    return _clause_from(text, position, end, needs_clause=True)


def _clause_from(text: str, start: int, end: int, *, needs_clause: bool) -> tuple[int, int] | None:
    """The clause from ``start``; with ``needs_clause``, only if it reads as one."""
    while start < end and text[start] in " \t,:":
        start += 1
    if start >= end:
        return None
    if needs_clause:
        words = text[start:end].split()
        if len(words) < 3 or words[0].lower() in _PREPOSITIONS or not _looks_finite(words):
            return None
    return _trimmed(text, start, end)


def _looks_finite(words: Sequence[str]) -> bool:
    """A clause has a finite verb among its first words (before a comma): an auxiliary, an
    -ed or irregular past form, a word after a subject pronoun ("she saw", "they want"), or an
    -s form after a name ("Saskatoon needs")."""
    for index, word in enumerate(words[:14]):
        bare = word.strip(",;:()\"“”'’").lower()
        previous = words[index - 1].strip("\"“”'’").lower() if index else ""
        if word.endswith(",") and index < 2:
            return False
        if index and (_AUXILIARY.match(bare) or bare in _IRREGULAR_PAST):
            return True
        if index == 0 and _AUXILIARY.match(bare) and "'" in bare.replace("’", "'"):
            return True  # "it's", "there's", "he'd"
        if index == 1 and previous in _SUBJECT_WORDS - {"that", "this", "who"}:
            return True
        if (
            index
            and bare.endswith("s")
            and not bare.endswith("ss")
            and (
                previous in _SUBJECT_WORDS
                or (words[index - 1][:1].isupper() and "-" not in words[index - 1])
            )
        ):
            return True
        if word.endswith(","):
            return False
    return False


def _has_finite(words: Sequence[str]) -> bool:
    """Some word of ``words`` is a finite verb form (see :func:`_looks_finite`)."""
    return any(
        _looks_finite([w.rstrip(",;:") for w in words[max(0, index - 1) : index + 2]])
        for index in range(len(words))
    )


def _participle_cut(text: str, start: int, end: int) -> int:
    """A reported clause ends where a participle or a second speech verb starts another
    (", adding that ...", "..., and added he ...")."""
    match = _PARTICIPLE.search(text, start, end) or _AND_SAID.search(text, start, end)
    return len(text[: match.start()].rstrip()) if match else end


def _trailing(ctx: _Context, start: int, end: int) -> list[_Candidate]:
    """Attributions between commas: ``CLAUSE, X said.``, ``CLAUSE, said X.``,
    ``CLAUSE, X said, MORE.`` (both clauses are X's) and ``... "mixed," she said.``

    A phrase opening with a preposition must hold a finite verb: "In an
    interview with Russian state television, Putin said, ..." is no statement.
    """
    text = ctx.text
    cuts = [
        start + match.start()
        for match in re.finditer(r",", text[start:end])
        if not ctx.quoted(start + match.start(), start + match.start() + 1)
    ]
    # '... has been "life-changing and heartbreaking," she said': the comma is inside.
    cuts += [
        s.close
        for s in ctx.segments
        if start < s.open and s.close < end and text[s.end : s.close].lstrip().startswith(",")
    ]
    cuts.sort()
    for index, cut in enumerate(cuts):
        if cut - start < 12:
            continue
        tail_start = cut + 1 if text[cut] == "," else cut
        tail_end = next((c for c in cuts[index + 1 :] if c > tail_start), end)
        if text[tail_end : tail_end + 3].lstrip(" ,:")[:1] in _QUOTE_CHARS:
            continue  # 'Putin said, "...': the quote marks have it
        found = _attribution_between(ctx, tail_start, tail_end)
        if found is None:
            continue
        lemma, subject = found
        clause = _trimmed(text, start, cut) if text[cut] == "," else (start, cut)
        if clause is None or text[clause[0]] in _QUOTE_CHARS:
            return []
        words = text[clause[0] : clause[1]].split()
        if words[0].lower() in _PREPOSITIONS | {"during"} and not _has_finite(words):
            continue
        candidates = [_Candidate(*clause, start, tail_end, False, lemma, subject)]
        more = _trimmed(text, tail_end + 1, end) if tail_end < end else None
        if (
            more is not None
            and not ctx.quoted(more[0], more[1])
            and _has_finite(text[more[0] : more[1]].split())
        ):
            more = (more[0], _participle_cut(text, more[0], more[1]))
            candidates.append(_Candidate(*more, start, more[1], False, lemma, subject))
        return candidates
    return []


def _attribution_between(ctx: _Context, start: int, end: int) -> tuple[str, tuple[int, int]] | None:
    """``X said`` or ``said X`` (with adverbials) filling ``[start, end)``, or None."""
    text = ctx.text
    if len(text[start:end].split()) > 10 or ctx.quoted(start, end):
        return None
    verb = _VERB.search(text, start, end)
    if verb is None or _is_participle(verb.group()):
        return None
    lemma = _lemma(verb.group())
    if SPEECH_VERBS[lemma] == "direct" or lemma in _NOT_INDIRECT:
        return None
    if not text[start : verb.start()].strip():
        if lemma not in _INVERTING:
            return None
        subject = _subject_after(ctx, verb.end(), end)  # ", said the minister."
        if subject is None or text[subject[1] : end].strip(" .,"):
            return None
        return lemma, subject
    subject = _subject_before(ctx, start, verb.start())
    if subject is None or text[start : subject[0]].strip():
        return None
    rest = text[verb.end() : end]
    if len(rest.split()) > 6 or _clause_after(text, verb.end(), end, lemma, "clause"):
        return None  # ", Lonechild said she is hopeful": that clause is the statement
    return lemma, subject


# --- speakers ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Speaker:
    name: str | None
    span: Span | None
    #: "person", "body" (an organisation, a country, a statement), "plural" or "none".
    kind: str


_NOBODY = _Speaker(None, None, "none")


def _person(mention: Mention) -> _Speaker:
    return _Speaker(mention.name, mention.span, "person")


class _Resolver:
    """Resolves subject phrases to speakers, remembering who spoke last and who is "he"."""

    def __init__(self, ctx: _Context) -> None:
        self.ctx = ctx
        self.gender: dict[str, str] = _genders(ctx)
        self.previous: _Speaker | None = None
        self.previous_paragraph = -10
        self.person: _Speaker | None = None
        self.person_paragraph = -10

    def remember(self, speaker: _Speaker, paragraph: int, pronoun: str | None) -> None:
        """``speaker`` has just been quoted in ``paragraph``, called ``pronoun`` there."""
        if speaker.name is None:
            return
        self.previous = speaker
        self.previous_paragraph = paragraph
        if speaker.kind == "person":
            self.person = speaker
            self.person_paragraph = paragraph
            if pronoun in _GENDERED:
                self.gender.setdefault(speaker.name, _GENDERED[pronoun])

    def speaker(self, subject: tuple[int, int], anchor: int) -> _Speaker:
        """Who ``subject`` names; ``anchor`` is where the attribution starts (for pronouns)."""
        ctx = self.ctx
        start, end = subject
        phrase = ctx.text[start:end]
        if phrase.lower() in _PRONOUNS:
            return self.pronoun(phrase.lower(), start, anchor)
        head = _head(phrase)
        # "Stella's owners Tore Sohlberg and ...": a possessor is not the speaker, unless it
        # owns a statement ("Putin's statement").
        inside = [
            m
            for m in ctx.mentions
            if start <= m.span.start
            and m.span.end <= end
            and (head in _STATEMENT_HEADS or not _POSSESSIVE.match(ctx.text, m.span.end))
        ]
        named = [self.named(m) for m in inside]
        people = [s for s in named if s.kind == "person"]
        if len(people) > 1 and re.search(r"\band\b", phrase):
            # "Tore Sohlberg and Lehla Abreder said": both of them ("they" later).
            names = " and ".join(dict.fromkeys(s.name for s in people if s.name))
            return _Speaker(names, people[0].span, "plural")
        if people:
            return people[-1]  # the one nearest the verb: "Sharks head coach Peter DeBoer"
        trailing = _trailing_name(phrase)
        if trailing is not None and not any(start + trailing[0] < m.span.end for m in inside):
            # "Nova Scotia Liberal MP Sean Fraser", "Canadian actor Oh": a name NER missed.
            full = self._by_name(trailing[1])
            if full is not None:
                return _Speaker(full.name, None, "person")
            if " " in trailing[1]:
                return _Speaker(trailing[1], None, "person")
        # "a statement from the Kremlin", "the Kremlin": a body; "the head of the WHO",
        # "Russia's foreign ministry": someone else.
        bodies = [
            speaker
            for m, speaker in zip(inside, named, strict=True)
            if (head in _STATEMENT_HEADS and _after_preposition(ctx.text, start, m))
            or (m.span.end == end and not _after_preposition(ctx.text, start, m))
        ]
        if bodies and not (head not in _STATEMENT_HEADS and _ROLE_HEADS.fullmatch(head)):
            return bodies[-1]
        if (
            head in {"statement", "release", "communique", "communiqué"}
            and not bodies
            and self.previous is not None
            and self.previous.kind == "body"
        ):
            return self.previous
        if _ROLE_HEADS.search(phrase):
            person = self.role(phrase, start)
            if person is not None:
                return _person(person)
        described = self.described(phrase, start, head)
        if described is not None:
            return described
        name = _DETERMINERS.sub("", phrase).strip()
        if _CAPITALISED.fullmatch(name):
            # A name NER missed, maybe after its title: "Hereditary Chief Na'moks".
            roles = list(_ROLE_HEADS.finditer(name))
            bare = name[roles[-1].end() :].strip() if roles else name
            if bare:
                full = self._by_name(bare)
                if full is not None:
                    return _Speaker(full.name, None, "person")
                # One word: a family name, unless it names an organisation here ("Google").
                body = any(
                    m.type == "organisation" and fold(m.text) == fold(bare) for m in ctx.mentions
                )
                return _Speaker(bare, None, "body" if body else "person")
        if " and " in phrase or (head.endswith("s") and not head.endswith(("ss", "us"))):
            return _Speaker(name or None, None, "plural")
        kind = "body" if head in _BODY_NOUNS or head in _STATEMENT_HEADS else "person"
        return _Speaker(name or None, None, kind)

    def named(self, mention: Mention) -> _Speaker:
        """The speaker a mention names; a family name NER took for an organisation is a person."""
        if mention.type == "person":
            return _person(mention)
        if mention.type in {"organisation", "group", "place"} and mention.place is None:
            full = self._by_name(mention.name)
            if full is not None:
                return _Speaker(full.name, mention.span, "person")
        return _Speaker(mention.name, mention.span, "body")

    def _by_name(self, name: str) -> Mention | None:
        """The person mention whose longer name ends with ``name``, if exactly one does."""
        wanted = fold(name).split()
        if not wanted:
            return None
        found = {
            mention.name: mention
            for mention in self.ctx.mentions
            if mention.type == "person"
            and len(fold(mention.name).split()) > len(wanted)
            and fold(mention.name).split()[-len(wanted) :] == wanted
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def described(self, phrase: str, position: int, head: str) -> _Speaker | None:
        """Who a definite description stands for: "the company" is the body quoted last or
        the latest organisation, "the report" the body quoted last, "the 32-year-old
        labourer" is read like "he" or "she".

        Indefinite and plural descriptions ("a spokesperson", "officials") name
        nobody in particular and are kept as written; so is a statement whose
        author the article has not quoted ("the complaint").
        """
        if not re.match(r"(?:the|this)\s", phrase, re.IGNORECASE) or " and " in phrase:
            return None
        if head.endswith("s") and not head.endswith(("ss", "us")):
            return None
        previous = self.previous
        recent = (
            previous is not None
            and previous.kind == "body"
            and self.ctx.paragraph_of(position) - self.previous_paragraph <= 2
        )
        if head in _STATEMENT_HEADS:
            return previous if recent else None
        if head in _BODY_NOUNS:
            if recent:
                return previous
            for mention in self._before(position):
                if mention.type == "organisation":
                    speaker = self.named(mention)
                    if speaker.kind == "body":
                        return speaker
            return None
        if _ROLE_HEADS.search(phrase) or not (_is_person_noun(head) or "-year-old" in phrase):
            return None  # a role nobody in the article was given, "the Armenian side"
        gender = _GENDERED_NOUNS.get(head)
        word = "she" if gender == "f" else "he"
        person = self.pronoun(word, position, position, gender=gender is not None)
        return person if person.name is not None else None

    def pronoun(self, word: str, position: int, anchor: int, *, gender: bool = True) -> _Speaker:
        """Who "he", "she", "they" or "it" at ``position`` is; ``anchor`` opens the attribution.

        "he"/"she": the last person quoted, if within two paragraphs; else the
        person who is the subject of the sentence before the attribution; else
        the latest person named outside quotes. Never someone known by the
        other pronoun (unless ``gender`` is False: a description that does not
        tell).
        """
        if word in {"i", "we", "you"}:
            return _NOBODY
        previous = self.previous
        if word in {"they", "it"}:
            wanted = {"plural", "body"} if word == "they" else {"body"}
            if previous is not None and previous.kind in wanted:
                return previous
            if word == "it":
                for mention in self._before(position):
                    if mention.type == "organisation":
                        return self.named(mention)
            return _NOBODY
        sex = _GENDERED[word] if gender else ""
        person = self.person
        if (
            person is not None
            and self._fits(person, sex)
            and self.ctx.paragraph_of(position) - self.person_paragraph <= 2
        ):
            return person
        subject = self._sentence_subject(anchor, sex)
        if subject is not None:
            return subject
        for mention in self._before(position):
            speaker = self.named(mention)
            if speaker.kind == "person" and self._fits(speaker, sex):
                return speaker
        return _NOBODY

    def _fits(self, speaker: _Speaker, gender: str) -> bool:
        """``speaker`` has a name and is not known by the other pronoun ("" fits anyone)."""
        if speaker.name is None:
            return False
        return not gender or self.gender.get(speaker.name, gender) == gender

    def _sentence_subject(self, anchor: int, gender: str) -> _Speaker | None:
        """The person who is the subject of the sentence before the one where the attribution
        starts: named at its start or after a comma, right before a verb ("When asked ...,
        Mulder didn't hesitate")."""
        ctx = self.ctx
        number = ctx.sentence_index(anchor) - 1
        if number < 0 or not ctx.sentences:
            return None
        start, end = ctx.sentences[number]
        if ctx.quoted(start, start + 1):
            return None
        text = ctx.text
        starts = [start] + [
            start + m.end()
            for m in re.finditer(r",\s*", text[start:end])
            if not ctx.quoted(start + m.start(), start + m.start() + 1)
        ]
        for begin in starts:
            lead = _LEADING_CONJUNCTIONS.match(text, begin, end)
            begin = lead.end() if lead else begin
            mention = next(
                (m for m in ctx.mentions if m.span.start == begin and m.span.end <= end), None
            )
            if mention is not None:
                speaker, name_end = self.named(mention), mention.span.end
            else:
                name = re.compile(r"[A-Z][\w'’-]+(?: [A-Z][\w'’-]+)*").match(text, begin, end)
                first = name.group().split()[0].lower() if name else ""
                if name is None or first in _NOT_NAMES or first.endswith("ing"):
                    continue
                full = self._by_name(name.group())
                if full is None and " " not in name.group():
                    continue
                speaker = _Speaker(full.name if full else name.group(), None, "person")
                name_end = name.end()
            verb = re.compile(r"\s+(?:[a-z]+ly\s+)?([\w'’]+)").match(text, name_end, end)
            if verb is None or not _verb_like(verb.group(1)):
                continue
            if speaker.kind == "person" and self._fits(speaker, gender):
                return speaker
            return None
        return None

    def _before(self, position: int) -> Iterator[Mention]:
        """Mentions before ``position`` outside quote marks, the latest first."""
        for mention in reversed(self.ctx.mentions):
            if mention.span.end <= position and not self.ctx.inside_quotes(
                mention.span.start, mention.span.end
            ):
                yield mention

    def role(self, phrase: str, position: int) -> Mention | None:
        """The person a role phrase stands for: "the French leader", "the Kremlin spokesman".

        Their role attribute must fit the phrase's role word, and capitalised
        words before it ("French", "Kremlin") must match the start of a word
        the article used for their country or organisation. The latest such
        person before ``position`` wins, else the first after it.
        """
        role = _ROLE_HEADS.search(phrase)
        if role is None:
            return None
        head = role.group().lower()
        qualifiers = [
            fold(word)
            for word in re.findall(r"[A-Z][\w'’-]+", phrase[: role.start()])
            if word.lower() not in {"the", "a", "an", "foreign", "deputy", "prime"}
        ]
        best: tuple[int, int, Mention] | None = None
        for order, mention in enumerate(self.ctx.mentions):
            if mention.type != "person":
                continue
            facts = self.ctx.facts.get(mention.name, [])
            if not any(key == "role" and _role_fits(head, value) for key, value, _ in facts):
                continue
            known = {
                fold(w) for key, value, written in facts if key != "role" for w in (value, written)
            }
            if qualifiers and not any(
                q == k or (len(q) > 3 and k.startswith(q[:4])) for q in qualifiers for k in known
            ):
                continue
            rank = (0, -order) if mention.span.end <= position else (1, order)
            if best is None or rank < best[:2]:
                best = (*rank, mention)
        return best[2] if best else None


_LEADING_CONJUNCTIONS = re.compile(
    r"(?:(?:but|and|so|yet|still|meanwhile|however|then)\s+)+", re.IGNORECASE
)


def _after_preposition(text: str, floor: int, mention: Mention) -> bool:
    """``mention`` is the object of a preposition ("the head of the WHO", "war in Karabakh")."""
    before = text[floor : mention.span.start].split()
    while before and before[-1].lower() in {"the", "a", "an", "both", "its", "their"}:
        before.pop()
    return bool(before) and before[-1].lower() in _PREPOSITIONS | {"and"}


def _role_fits(head: str, role: str) -> bool:
    """A role word of the text fits a person's role ("leader" fits a president)."""
    role = role.lower()
    return head == role or role.endswith(" " + head) or (head == "leader" and role in _LEADERS)


def _head(phrase: str) -> str:
    """The head noun of a subject phrase: its last word before "of", "by" and the like."""
    words = re.split(r"\s+(?:of|from|for|at|in|on|by)\s+", phrase, maxsplit=1)[0].split()
    return words[-1].lower().strip(".,") if words else ""


def _is_person_noun(head: str) -> bool:
    """A description head that stands for a person ("the rookie defenceman", "the brawler")."""
    return head in _PERSON_NOUNS or (
        head not in _BODY_NOUNS
        and head not in _STATEMENT_HEADS
        and head.endswith(("er", "or", "ist", "ian"))
        and len(head) > 4
    )


def _verb_like(word: str) -> bool:
    """A word that is probably a finite verb after a subject ("said", "didn't", "has")."""
    lowered = word.lower()
    return bool(
        _AUXILIARY.match(lowered)
        or lowered in _IRREGULAR_PAST
        or _VERB.fullmatch(lowered)
        or (lowered.endswith("s") and not lowered.endswith("ss") and word.islower())
    )


_HE = re.compile(r"\b(?:he|him|his|himself|He|His|Him)\b")
_SHE = re.compile(r"\b(?:she|her|hers|herself|She|Her)\b")
_HONORIFIC = re.compile(r"\b(?:(?P<m>Mr)|(?P<f>Mrs|Ms|Miss))\.?\s+$")


def _genders(ctx: _Context) -> dict[str, str]:
    """Name -> "m" or "f" where the article shows it: "Mr."/"Ms." before a person's name, or
    the pronouns that follow the name in its own clause before anyone else is named
    ("Lonechild said she ..."). A name with evidence both ways gets none."""
    text = ctx.text
    votes: dict[str, Counter[str]] = {}
    people = [m for m in ctx.mentions if m.type == "person"]
    for index, mention in enumerate(people):
        vote = votes.setdefault(mention.name, Counter())
        honorific = _HONORIFIC.search(text, max(0, mention.span.start - 6), mention.span.start)
        if honorific:
            vote["m" if honorific.group("m") else "f"] += 3
        if ctx.inside_quotes(mention.span.start, mention.span.end):
            continue
        stop = ctx.sentence_of(mention.span.start)[1]
        if index + 1 < len(people):
            stop = min(stop, people[index + 1].span.start)
        # Only the name's own clause: in "After Kody died, she urged ..." she is someone else.
        clause = re.compile(r"[,;:(\"“”]").search(text, mention.span.end, stop)
        if clause is not None:
            stop = clause.start()
        male = [m for m in _HE.finditer(text, mention.span.end, stop) if not ctx.quoted(*m.span())]
        female = [
            m for m in _SHE.finditer(text, mention.span.end, stop) if not ctx.quoted(*m.span())
        ]
        if male and not female:
            vote["m"] += 1
        elif female and not male:
            vote["f"] += 1
    return {
        name: "m" if vote["m"] > vote["f"] else "f"
        for name, vote in votes.items()
        if vote["m"] != vote["f"]
    }


# --- quotes ------------------------------------------------------------------------------


def quote_id(article_id: str, start: int, end: int) -> str:
    """Deterministic quote id: ``"q"`` and 12 hex digits of a hash of its place."""
    return "q" + hashlib.sha1(f"{article_id}:{start}:{end}".encode()).hexdigest()[:12]


def extract_quotes(article: Article, *, indirect: bool = True) -> tuple[Quote, ...]:
    """Direct and indirect quotes of ``article``, in text order, with their speakers.

    Reads ``article.text`` and ``article.mentions`` only; see the module
    docstring for what counts as a quote and how speakers are resolved.

    Parameters
    ----------
    article
        An article with its clean text and, ideally, the entities stage's mentions.
    indirect
        Also report indirect speech ("X said that ..."); False keeps only
        what stands between quote marks.

    Returns
    -------
    tuple of Quote
        Ordered by position; ``article.text[q.span.start:q.span.end] == q.text``.

    Examples
    --------
    >>> from newsfuse.model import Article
    >>> text = 'Officials met on Monday. "We are ready," the minister said.'
    >>> [(q.text, q.speaker, q.verb) for q in extract_quotes(Article("a", "a.txt", text, text))]
    [('We are ready', 'minister', 'say')]
    """
    text = article.text
    if not text or not (any(mark in text for mark in _QUOTE_CHARS) or _VERB.search(text)):
        return ()
    ctx = _context(article)
    direct = _direct_candidates(ctx)
    reported = _indirect_candidates(ctx)
    # A partial quote inside reported speech belongs to it ("warned that Turkey threatens
    # to 'internationalize' the conflict"); otherwise direct speech wins an overlap.
    direct = [
        d
        for d in direct
        if d.marks is None or not any(r.start <= d.marks[0] and d.end <= r.end for r in reported)
    ]
    reported = [r for r in reported if not any(d.start < r.end and r.start < d.end for d in direct)]
    candidates = sorted(direct + reported if indirect else direct, key=lambda c: (c.start, c.end))
    resolver = _Resolver(ctx)
    quotes: list[Quote] = []
    previous: tuple[_Candidate, _Speaker] | None = None
    for candidate in candidates:
        speaker = _speaker_of(ctx, resolver, candidate, previous)
        if speaker.name is None and candidate.inherit:
            LOGGER.debug(
                "%s: no speaker for the quote at %d, left out", article.id, candidate.start
            )
            continue
        pronoun = None
        if candidate.subject is not None:
            pronoun = text[candidate.subject[0] : candidate.subject[1]].lower()
        resolver.remember(speaker, ctx.paragraph_of(candidate.start), pronoun)
        previous = (candidate, speaker)
        quotes.append(_quote(article, candidate, speaker))
    return tuple(quotes)


def _speaker_of(
    ctx: _Context,
    resolver: _Resolver,
    candidate: _Candidate,
    previous: tuple[_Candidate, _Speaker] | None,
) -> _Speaker:
    if candidate.participle and previous is not None:
        before, speaker = previous
        if before.evidence_end >= ctx.sentence_of(candidate.evidence_start)[0]:
            return speaker  # '"...," Cavusoglu said, adding that ...'
    if candidate.subject is not None:
        anchor = min(candidate.evidence_start, candidate.subject[0])
        return resolver.speaker(candidate.subject, anchor)
    if (
        candidate.inherit
        and resolver.previous is not None
        and ctx.paragraph_of(candidate.start) - resolver.previous_paragraph <= 1
    ):
        return resolver.previous
    return _NOBODY


def _quote(article: Article, candidate: _Candidate, speaker: _Speaker) -> Quote:
    start, end = candidate.start, candidate.end
    return Quote(
        id=quote_id(article.id, start, end),
        text=article.text[start:end],
        span=Span(article.id, start, end),
        evidence=Span(
            article.id, min(candidate.evidence_start, start), max(candidate.evidence_end, end)
        ),
        speaker=speaker.name,
        speaker_span=speaker.span,
        verb=candidate.verb,
        direct=candidate.direct,
    )


class QuoteExtractor:
    """The ``quotes`` stage: direct and indirect speech with its speakers.

    Rules over the text and the ``mentions`` of the entities stage; see
    :func:`extract_quotes`.

    Parameters
    ----------
    indirect
        Also report indirect speech ("X said that ..."), not only quotations.
    """

    name: ClassVar[str] = "quotes"
    requires: ClassVar[tuple[str, ...]] = ("mentions",)
    provides: ClassVar[tuple[str, ...]] = ("quotes",)

    def __init__(self, *, indirect: bool = True) -> None:
        self.indirect = indirect

    def __repr__(self) -> str:
        return f"QuoteExtractor(indirect={self.indirect!r})"

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield replace(article, quotes=extract_quotes(article, indirect=self.indirect))


@register_stage("quotes")
def _make_quote_extractor(settings: Settings) -> QuoteExtractor:
    return QuoteExtractor()
