"""Cleaning: cut what extractors leave behind, explainably, and keep every story sentence.

The extracted text is repaired (mojibake, broken quote characters) and split
into paragraphs. Then each rule in :data:`RULES` looks at the paragraphs in
turn and may cut a whole paragraph or a prefix of one, giving a reason. Rules
that find metadata (headline, byline, dateline, credit line, a site name glued
to the first word) move it into the article's fields instead of dropping it.

Rules only ever match short lines or fixed phrasings, so a sentence of the
story cannot be cut by accident. The one statistical rule, site boilerplate,
cuts a line only when it recurs across several *unrelated* articles of the
same site (see :meth:`Cleaner.fit`).
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import logging
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import ClassVar

import ftfy

from newsfuse.config import Settings
from newsfuse.model import Article, DatePrecision, RemovedSegment
from newsfuse.pipeline import register_stage
from newsfuse.stages._dates import looks_like_dateline, parse_published

__all__ = ["BOILERPLATE_SAMPLE", "RULES", "Cleaner", "line_key", "repair_text"]

LOGGER = logging.getLogger(__name__)

#: Carriers of a recurring line compared to tell site boilerplate from a story's
#: own recurring background paragraph: twenty are plenty, and keep the check's
#: cost fixed.
BOILERPLATE_SAMPLE = 20

#: Reasons whose cut text moved into metadata rather than being thrown away.
METADATA_REASONS = frozenset(
    {"title", "byline", "dateline", "credit", "site-prefix", "wire-dateline"}
)


# --- text repair -----------------------------------------------------------------

_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, normalization="NFC")
# LaTeX-style quote pairs that some converters leave behind (`` ... '').
_TEX_OPEN = re.compile(r"``")
_TEX_CLOSE = re.compile(r"(?<=\S)\s?''(?=\s|$|[.,;:])")
_FTFY_NEEDED = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\xff\ufb00-\ufb06\uff00-\uffef\ufffd]|&#?\w+;"
)
_HSPACE = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")


@functools.lru_cache(maxsize=1024)
def repair_text(text: str) -> str:
    """Fix mojibake and quote characters, unify line breaks; keep curly quotes.

    Cached: ingest repairs each article twice (line statistics, then cleaning).
    Line breaks and TeX quotes are unified *before* ftfy, so that ftfy sees the
    final characters and a second repair changes nothing.
    """
    fixed = text.replace("\r\n", "\n").replace("\r", "\n")
    fixed = _TEX_OPEN.sub("\u201c", fixed)
    fixed = _TEX_CLOSE.sub("\u201d", fixed)
    # ftfy costs as much as the rest of cleaning; text without any character it
    # could act on (Latin-1 range, C0/C1 controls, ligatures, full-width forms,
    # replacement characters, HTML entities) skips it.
    if _FTFY_NEEDED.search(fixed):
        return ftfy.fix_text(fixed, config=_FTFY_CONFIG)
    return unicodedata.normalize("NFC", fixed)


# --- paragraph model ---------------------------------------------------------------


@dataclass(slots=True)
class _Line:
    """One paragraph while rules run: what is left of it and what was cut from it."""

    text: str
    cuts: list[tuple[str, str]] = field(default_factory=list)

    @property
    def removed(self) -> bool:
        return not self.text


@dataclass(slots=True)
class _Context:
    """What rules may read and the metadata they find."""

    title: str | None
    site: str | None
    boilerplate: frozenset[str]
    body_words: frozenset[str] = frozenset()
    author: str | None = None
    published: tuple[str, DatePrecision] | None = None
    credit: str | None = None
    found_site: str | None = None


_PUNCT = re.compile(r"[^\w\s]")
_NUMBER = re.compile(r"\d")


def line_key(text: str) -> str:
    """Normalised form of a line for comparisons: case, punctuation, digits and spacing ignored."""
    folded = _PUNCT.sub(" ", unicodedata.normalize("NFKC", text).casefold())
    return " ".join(_NUMBER.sub("0", folded).split())


def _line_hash(text: str) -> str:
    return hashlib.blake2b(line_key(text).encode(), digest_size=8).hexdigest()


_WORD = re.compile(r"[^\W\d_]{4,}")
# Lines of numbers and times ("1500 GMT", "3,367") are data, never boilerplate.
_ALPHA_WORD = re.compile(r"[^\W\d_]{2,}")


def _content_words(text: str) -> set[str]:
    return {word.casefold() for word in _WORD.findall(text)}


def _is_short(text: str, words: int) -> bool:
    return len(text.split()) <= words


_SENTENCE_END = re.compile(r"[.!?]['\"’”)\]]*$")


def _reads_as_sentence(text: str) -> bool:
    return _SENTENCE_END.search(text) is not None


# --- rules ---------------------------------------------------------------------------
# A rule takes the paragraph list and the context, and cuts by calling _cut or
# _cut_prefix. Rules run in order; later rules see only what earlier ones kept.

Rule = Callable[[list[_Line], _Context], None]


def _cut(line: _Line, reason: str) -> None:
    line.cuts.append((line.text, reason))
    line.text = ""


def _cut_prefix(line: _Line, length: int, reason: str) -> None:
    line.cuts.append((line.text[:length].strip(), reason))
    line.text = line.text[length:].lstrip(" -–—:,")


def _kept(lines: Sequence[_Line]) -> list[_Line]:
    return [line for line in lines if not line.removed]


def _head(lines: Sequence[_Line], size: int = 6) -> list[_Line]:
    return _kept(lines)[:size]


def _tail(lines: Sequence[_Line], size: int = 8) -> list[_Line]:
    return _kept(lines)[-size:]


def rule_title(lines: list[_Line], ctx: _Context) -> None:
    """The headline and every copy of it repeated in the body."""
    if not ctx.title:
        return
    title_key = line_key(ctx.title.rstrip(".… "))  # ctx.title is already repaired
    if not title_key:
        return
    first = True
    for line in _kept(lines):
        key = line_key(line.text)
        if key == title_key or (
            len(title_key) > 20 and key.startswith(title_key) and len(key) < 1.2 * len(title_key)
        ):
            _cut(line, "title" if first else "repeated-title")
            first = False


def rule_repeated_line(lines: list[_Line], ctx: _Context) -> None:
    """A paragraph that repeats the one right before it: an extraction artefact.

    Paragraphs that recur further apart are left alone: articles legitimately
    repeat lines (an interview's question put to each guest, a recipe's step).
    """
    previous = ""
    for line in _kept(lines):
        key = " ".join(line.text.casefold().split())
        if key and key == previous:
            _cut(line, "repeated-line")
        previous = key


_ROLE_PREFIX = r"Web|Staff|Senior|Special|Chief|News|Digital|Political|Foreign|Online|Sports"
_ROLE = (
    rf"(?:(?:{_ROLE_PREFIX})\s*)?"
    r"(?:Editor|Reporter|Correspondent|Writer|Desk|Contributor|Journalist)"
)
_NAME = r"[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3}?"
# Scrapers glue the byline's name to its role ("Aizbah KhanWeb Editor").
_GLUED_ROLE = re.compile(rf"(?<=[a-z])(?={_ROLE}$)")
_ROLE_ONLY = re.compile(rf"^(?:{_ROLE_PREFIX})$")
_BYLINE_GLUED = re.compile(rf"^(?P<name>{_NAME})\s*(?P<role>{_ROLE})$")
_BYLINE_BY = re.compile(
    rf"^(?i:By|Written by|Reported by|Story by)\s+(?P<name>{_NAME}(?:\s+(?:and|&)\s+{_NAME})*)"
    rf"(?:\s*[,|-]\s*(?P<role>[\w ]{{2,30}}))?$"
)


def rule_byline(lines: list[_Line], ctx: _Context) -> None:
    """A byline ("By Jane Doe", "Aizbah KhanWeb Editor") becomes the author."""
    for line in _head(lines) + _tail(lines, 3):
        text = line.text.strip()
        if not _is_short(text, 8) or _reads_as_sentence(text):
            continue
        match = _BYLINE_BY.match(text) or _BYLINE_GLUED.match(_GLUED_ROLE.sub(" ", text))
        if match:
            name = match.group("name").strip()
            # "Web Desk" names a desk, not a person: the whole line is the author.
            ctx.author = ctx.author or (text if _ROLE_ONLY.match(name) else name)
            _cut(line, "byline")


def rule_dateline(lines: list[_Line], ctx: _Context) -> None:
    """A line holding only a date ("08th Oct, 2020. 09:45 pm") becomes the publication date."""
    for line in _head(lines) + _tail(lines, 3):
        if looks_like_dateline(line.text):
            parsed = parse_published(line.text)
            if parsed:
                ctx.published = ctx.published or parsed
                _cut(line, "dateline")


_SITE_GLUED = re.compile(
    r"^(?P<site>[A-Za-z0-9][A-Za-z0-9-]{1,40}\.(?:com|net|org|info|news|tv|co|in|pk|az|am|ru|uk)"
    r"(?:\.[a-z]{2})?)(?=[A-Z\"“‘'])"
)


def rule_site_prefix(lines: list[_Line], ctx: _Context) -> None:
    """A site name glued to the first word ("Windowofworld.comArmenia says") becomes the site."""
    for line in _head(lines, 3):
        match = _SITE_GLUED.match(line.text)
        if match:
            ctx.found_site = match.group("site")
            _cut_prefix(line, match.end(), "site-prefix")
            return


_AGENCIES = (
    "AFP|Agence France-Presse|Reuters|AP|Associated Press|ANI|PTI|IANS|UNI|Xinhua|TASS|RIA Novosti|"
    "Interfax|Anadolu|Anadolu Agency|AA|dpa|DPA|EFE|ANSA|Kyodo|Yonhap|Bernama|APA|Trend|Armenpress|"
    "France 24|Al Jazeera|BBC|CNN|Sputnik|WAM|SPA|KUNA|MENA|QNA|Bloomberg|NNA|EPA|Getty Images|"
    "AzerTac|Azertac|News\\.am|Asbarez|Euronews|DW|Deutsche Welle|VOA|RFE/RL|Arka"
)
_CREDIT = re.compile(
    rf"^(?:(?:Source|Sources|Credit|Credits|With|Via|Text)\s*[:-]?\s*|[©(]\s*)?"
    rf"(?P<credit>(?:{_AGENCIES})(?:\s*(?:/|,|\||&|and|-|–|with)\s*(?:{_AGENCIES}))*)\s*\)?\.?$"
)
# Wire-copy credits in prose form: "(Reporting by X; Editing by Y)", "SOURCE: News agencies".
_CREDIT_PROSE = re.compile(
    r"^\(?(?P<roles>(?:(?:additional )?reporting|writing|editing|compiled|contributed)\s+by\s+"
    r"[^()]{2,150})\)?\.?$|"
    r"^(?:source|sources)\s*:\s*[^.]{2,60}$|^with (?:[A-Z][\w.]* ){0,3}wires?$",
    re.IGNORECASE,
)
# Inside "Reporting by ...; Editing by ...": the only lower-case words a credit holds.
_CREDIT_CONNECTIVES = frozenset(
    {"by", "and", "with", "in", "from", "additional"}
    | {"reporting", "writing", "editing", "compiled", "contributed"}
)


def _is_credit_prose(text: str) -> bool:
    """ "(Reporting by X; Editing by Y)" and kin, but not "Reporting by the AP found that ..." """
    match = _CREDIT_PROSE.match(text)
    if not match:
        return False
    if not match.group("roles"):
        return True
    words = re.findall(r"[^\W\d_][\w'’.-]*", match.group("roles"))
    # Everything but the connectives must be a name: a credit has no lower-case verbs.
    return all(word[0].isupper() or word.lower() in _CREDIT_CONNECTIVES for word in words)


_WIRE_DATELINE = re.compile(
    rf"^(?P<place>[A-Z][A-Z .'-]{{2,40}})(?:,\s*[A-Z][a-z]{{2,8}}\.?\s+\d{{1,2}})?\s*"
    rf"\((?P<credit>{_AGENCIES})\)\s*[-–—]+\s*"
)


def rule_credit(lines: list[_Line], ctx: _Context) -> None:
    """A credit line ("France 24 / AFP") or a wire dateline ("BAKU (Reuters) -") is the credit."""
    for line in _head(lines, 3):
        match = _WIRE_DATELINE.match(line.text)
        if match:
            ctx.credit = ctx.credit or match.group("credit")
            _cut_prefix(line, match.end(), "wire-dateline")
            break
    for line in _head(lines) + _tail(lines, 6):
        text = line.text.strip()
        match = _CREDIT.match(text)
        if match:
            ctx.credit = ctx.credit or match.group("credit")
            _cut(line, "credit")
        elif _is_short(text, 30) and _is_credit_prose(text):
            ctx.credit = ctx.credit or text.strip("()")
            _cut(line, "credit")


def _phrase_rule(reason: str, pattern: str, *, max_words: int = 60, doc: str = "") -> Rule:
    compiled = re.compile(pattern, re.IGNORECASE)

    def rule(lines: list[_Line], ctx: _Context) -> None:
        for line in _kept(lines):
            text = line.text.strip()
            if _is_short(text, max_words) and compiled.match(text):
                _cut(line, reason)

    rule.__name__ = f"rule_{reason.replace('-', '_')}"
    rule.__doc__ = doc
    return rule


rule_ad_slot = _phrase_rule(
    "ad-slot",
    r"^(?:advertisement|advertising|ads?|sponsored(?: content| links?)?|adsense\b.*|"
    r"(?:google )?ads? by .*|story continues below(?: advertisement)?|continue reading below|"
    r"(?:ad(?:vert)?\s*)?\(?\d{2,4}\s*[x×]\s*\d{2,4}\)?(?:\s*ad)?)[.:!]?$",
    max_words=8,
    doc="Ad slot placeholders: 'Advertisement', 'Adsense 300 x 250'.",
)
rule_comment_prompt = _phrase_rule(
    "comment-prompt",
    r"^(?:post a comment|leave a (?:comment|reply)|"
    r"please enter your (?:comment|name|email)(?: here)?|"
    r"you have entered an incorrect email address|add (?:a )?comment|write a comment|"
    r"submit comment|comments?(?: \(\d+\))?|\d+ comments?|no comments(?: yet)?|"
    r"your email address will not be published.*|"
    r"required fields are marked.*|save my name, email.*|log ?in to (?:comment|reply).*|"
    r"be the first to comment.*|join the (?:conversation|discussion))[.:!]*$",
    max_words=20,
    doc="Comment-form prompts: 'Post a Comment', 'Please enter your name here'.",
)
rule_prev_next = _phrase_rule(
    "prev-next",
    r"^(?:(?-i:PREV|NEXT|PREVIOUS)\s+\S.*|"
    # "Next article: X", "Previous post X": the label, then a separator or a headline.
    r"(?:previous|next) (?:article|post|story)(?:\s*[:|»>›-].*|\s+(?-i:[A-Z0-9\"“‘']).*)?|"
    r"(?:read (?:more|also)|also read|related(?: articles?| stories| news)?|see also|recommended"
    r"(?: for you)?|more from .{1,30}|you may also like|trending now)\s*[:|»>-].*)$",
    max_words=40,
    doc="PREV/NEXT and 'Read more:' teasers for other stories.",
)
rule_follow_subscribe = _phrase_rule(
    "follow-subscribe",
    r"^(?:follow us(?: on)?\b.*|subscribe\b.*|sign up (?:for|to) .*(?:newsletter|alerts?).*|"
    r"like us on facebook.*|share (?:this|on)\b.*|"
    r"click here to (?:subscribe|sign up|follow|join)\b.*|"
    r"download (?:our|the) app.*|"
    r"join our (?:whatsapp|telegram|facebook).*|get (?:the latest|our) .*(?:newsletter|alerts?).*|"
    r"these were the details of the news .*|we hope that we have succeeded .*|"
    r"to follow all our news.*|stay (?:tuned|updated|informed) .*(?:follow|subscribe).*|"
    # A per-author e-mail alert widget that some US local sites leave in every page.
    r"(?:close )?get email notifications on .* daily!?|"
    r"your notification has been saved\.?|there was a problem saving your notification\.?|"
    r"whenever .* posts new content, you.ll get an email delivered to your inbox.*|"
    r"email notifications are only sent once a day.*)$",
    max_words=80,
    doc="Subscribe/follow/share calls, e-mail alert widgets and 'these were the details of "
    "the news' closers.",
)
rule_account_prompt = _phrase_rule(
    "account-prompt",
    r"^(?:just one more thing\.*|"
    r"we have sent (?:you )?a (?:verification|confirmation) email\b.*|"
    r"if you do not receive the verification message\b.*|"
    r"sign in using (?:you|your) (?:account|\w+ profile)\b.*|welcome back\. please sign in|"
    r"why are we asking this\?|by submitting your registration information\b.*|"
    r"already have an account\?|thank you for registering!?|"
    r"we look forward to seeing you on .* frequently\b.*|"
    r"click here to return to the page you were visiting\.?|"
    r"sorry, this zip ?code is not in our deliverable area\b.*|re-enter zip code\b.*|"
    r"get digital access|add a location to your tweets|"
    r"when you tweet with a location, twitter stores that location\b.*|close)$",
    max_words=60,
    doc="Sign-in, registration and paywall widgets ('Just One More Thing...', 'Sign in "
    "using your wsoc profile'), and a lone 'Close' button label.",
)
rule_syndication_notice = _phrase_rule(
    "syndication-notice",
    r"^(?:it is also worth noting that the original news has been published.*|"
    r"this (?:story|article|report) (?:was|has been) (?:originally|first) "
    r"published (?:on|by|at|in) .*|"
    r"this article (?:originally|first) appeared .*|source link.*|"
    r"this story has not been edited by .*|.*auto-generated from a syndicated feed.*)$",
    max_words=80,
    doc="'The original news has been published at ...' republication notices.",
)
rule_caption_credit = _phrase_rule(
    "caption-credit",
    r"^(?:image|photo|picture|video|graphic)s?\s*(?:copyright|credit|caption|source)?\s*[:|©]\s*.*$|"
    r"^(?:image|photo) (?:copyright|credit|caption)\b.*$",
    max_words=14,
    doc="Image copyright and caption labels.",
)


def rule_site_boilerplate(lines: list[_Line], ctx: _Context) -> None:
    """Lines that recur across unrelated articles of the same site (learned in ``fit``)."""
    if not ctx.boilerplate:
        return
    for line in _kept(lines):
        if _line_hash(line.text) in ctx.boilerplate:
            _cut(line, "site-boilerplate")


_TRAILING_HEADLINE_MAX_WORDS = 20
#: Share of a trailing line's content words that must occur in the body for it to count as related.
_RELATED_SHARE = 0.5


_BULLET = re.compile(r"^[-–—•*·▪►]")


def _spaced_script(text: str) -> bool:
    # Word-overlap tests mean nothing for scripts written without spaces (Japanese, Chinese).
    return text.count(" ") >= len(text) / 20


#: Cuts that are page furniture. A credit line is not among them: stories end
#: with credits, and a list just before one ("tour dates: ...") is the story's own.
_PAGE_FURNITURE = frozenset(
    {
        "ad-slot",
        "comment-prompt",
        "prev-next",
        "follow-subscribe",
        "account-prompt",
        "syndication-notice",
        "site-boilerplate",
    }
)


def rule_trailing_headline(lines: list[_Line], ctx: _Context) -> None:
    """Unrelated headlines in the page furniture after the story.

    Scraped pages end with teasers for other stories ("North Korea joins
    military parade ..."). A line is cut only when all of these hold: it comes
    after the story's last sentence, in a tail where other rules already found
    page furniture (a comment prompt, a PREV/NEXT link, an ad slot); it reads
    as a headline (short, no closing full stop or colon, not a list item); and
    most of its words do not occur in the story. A story's own closing list or
    crosshead has no furniture around it and stays.
    """
    last_sentence = max(
        (i for i, line in enumerate(lines) if line.text and _reads_as_sentence(line.text)),
        default=-1,
    )
    tail = lines[last_sentence + 1 :]
    if not any(reason in _PAGE_FURNITURE for line in tail for _, reason in line.cuts):
        return
    story = set().union(*(_content_words(line.text) for line in lines[: last_sentence + 1]))
    for line in tail:
        text = line.text.strip()
        if (
            not text
            or not _is_short(text, _TRAILING_HEADLINE_MAX_WORDS)
            or text.endswith(":")
            or _BULLET.match(text)
            or not _spaced_script(text)
        ):
            continue
        words = _content_words(text)
        if len(words) >= 3 and len(words & story) / len(words) < _RELATED_SHARE:
            _cut(line, "trailing-headline")


#: Rules in the order they run: the headline and glued site name first, then
#: fixed phrasings of page furniture, so that the metadata rules after them,
#: which look at the first and last few lines, see the story's real head and
#: tail; then statistics, then trailing teasers.
RULES: tuple[Rule, ...] = (
    rule_title,
    rule_site_prefix,
    rule_repeated_line,
    rule_ad_slot,
    rule_comment_prompt,
    rule_prev_next,
    rule_follow_subscribe,
    rule_account_prompt,
    rule_syndication_notice,
    rule_caption_credit,
    rule_byline,
    rule_dateline,
    rule_credit,
    rule_site_boilerplate,
    rule_trailing_headline,
)


def _paragraphs(text: str) -> list[_Line]:
    return [
        _Line(" ".join(_HSPACE.sub(" ", part).split())) for part in text.split("\n") if part.strip()
    ]


# --- the stage ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Profile:
    """What ``fit`` needs of one article."""

    id: str
    site: str
    line_hashes: frozenset[str]
    words: frozenset[str]


class Cleaner:
    """The ``clean`` stage: repaired, junk-free text with every cut recorded.

    Parameters
    ----------
    boilerplate_min_articles
        A line must occur in at least this many articles of one site to be site boilerplate.
    boilerplate_max_similarity
        ... and those articles' mean pairwise word-set Jaccard must stay below this
        (they are unrelated stories, so the shared line is not the story's own).
    boilerplate_max_words
        Longer lines are never treated as boilerplate.

    Attributes
    ----------
    boilerplate_ : frozenset of (site, line hash)
        Learned by :meth:`fit`; empty until then.
    """

    name: ClassVar[str] = "clean"
    requires: ClassVar[tuple[str, ...]] = ("raw_text",)
    provides: ClassVar[tuple[str, ...]] = (
        "text",
        "removed",
        "title",
        "author",
        "published",
        "date_precision",
        "credit",
        "site",
    )

    def __init__(
        self,
        *,
        boilerplate_min_articles: int = 3,
        boilerplate_max_similarity: float = 0.2,
        boilerplate_max_words: int = 40,
    ) -> None:
        self.boilerplate_min_articles = boilerplate_min_articles
        self.boilerplate_max_similarity = boilerplate_max_similarity
        self.boilerplate_max_words = boilerplate_max_words
        self.boilerplate_: frozenset[tuple[str, str]] = frozenset()

    # -- corpus statistics --

    def line_hashes(self, article: Article) -> list[str]:
        """Hashes of the article's lines short enough to be boilerplate, as ``fit`` counts them."""
        if not article.site:
            # "Recurs across articles of one site" means nothing without the site:
            # pooling every unknown source would cut, say, a team sheet that many
            # match reports share.
            return []
        hashes = {
            _line_hash(line.text)
            for line in _paragraphs(repair_text(article.raw_text))
            if _is_short(line.text, self.boilerplate_max_words)
            and len(_ALPHA_WORD.findall(line.text)) >= 2
        }
        return sorted(hashes)

    def fit(self, articles: Iterable[Article]) -> Cleaner:
        """Learn site boilerplate from ``articles``.

        Pass a batch plus the stored articles that share its lines (as ingest does).
        """
        if self.boilerplate_min_articles < 2:
            raise ValueError("boilerplate_min_articles must be at least 2")
        profiles: dict[str, _Profile] = {}
        carriers: dict[tuple[str, str], list[str]] = defaultdict(list)
        for article in articles:
            if article.id in profiles or not article.site:
                continue
            profile = _Profile(
                id=article.id,
                site=article.site or "",
                line_hashes=frozenset(self.line_hashes(article)),
                words=frozenset(_content_words(article.raw_text)),
            )
            profiles[article.id] = profile
            for line_hash in profile.line_hashes:
                carriers[(profile.site, line_hash)].append(article.id)
        learned = set()
        for key, ids in carriers.items():
            if len(ids) >= self.boilerplate_min_articles and self._unrelated(
                [profiles[i] for i in sorted(ids)]
            ):
                learned.add(key)
        self.boilerplate_ = frozenset(learned)
        LOGGER.debug(
            "learned %d site boilerplate lines from %d articles", len(learned), len(profiles)
        )
        return self

    def _unrelated(self, profiles: list[_Profile]) -> bool:
        sample = profiles[:BOILERPLATE_SAMPLE]
        pairs = list(itertools.combinations(sample, 2))
        total = 0.0
        for left, right in pairs:
            union = left.words | right.words
            total += len(left.words & right.words) / len(union) if union else 1.0
        return total / len(pairs) < self.boilerplate_max_similarity

    # -- cleaning --

    def __call__(self, articles: Iterable[Article]) -> Iterator[Article]:
        for article in articles:
            yield self.clean(article)

    def clean(self, article: Article) -> Article:
        site = article.site or ""
        boilerplate = (
            frozenset(h for s, h in self.boilerplate_ if s == site)
            if self.boilerplate_
            else frozenset()
        )
        title = " ".join(repair_text(article.title).split()) if article.title else None
        ctx = _Context(title=title, site=article.site, boilerplate=boilerplate)
        lines = _paragraphs(repair_text(article.raw_text))
        for rule in RULES:
            rule(lines, ctx)
        text_parts: list[str] = []
        removed: list[RemovedSegment] = []
        offset = 0
        for line in lines:
            # A cut stands where the paragraph it came from starts (or would have).
            start = offset + 2 if text_parts and line.text else offset
            removed.extend(
                RemovedSegment(text=cut_text, reason=reason, at=start)
                for cut_text, reason in line.cuts
                if cut_text
            )
            if line.text:
                text_parts.append(line.text)
                offset = start + len(line.text)
        published, precision = article.published, article.date_precision
        if published is None and ctx.published is not None:
            published, precision = ctx.published
        for segment in removed:
            LOGGER.debug("%s: cut %s: %.60r", article.id, segment.reason, segment.text)
        return replace(
            article,
            text="\n\n".join(text_parts),
            removed=tuple(removed),
            title=title,
            author=article.author or ctx.author,
            published=published,
            date_precision=precision,
            credit=article.credit or ctx.credit,
            site=article.site or ctx.found_site,
        )


@register_stage("clean")
def _make_cleaner(settings: Settings) -> Cleaner:
    return Cleaner(
        boilerplate_min_articles=settings.clean.boilerplate_min_articles,
        boilerplate_max_similarity=settings.clean.boilerplate_max_similarity,
        boilerplate_max_words=settings.clean.boilerplate_max_words,
    )
