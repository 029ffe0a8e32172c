"""The dossier of the Karabakh story, with the real pipeline and the real MiniLM model.

``tests/data/karabakh/key_facts.json`` was written by hand from the five
articles: the facts two or more outlets state, each with a set of patterns
that tell a sentence stating it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from newsfuse.config import load_settings
from newsfuse.dossier import dossier_record, load_dossier
from newsfuse.ingest import ingest
from newsfuse.model import Dossier, SummarySentence
from newsfuse.store import Store, open_store

pytestmark = [pytest.mark.shared, pytest.mark.slow]

KEY_FACTS = Path(__file__).parents[1] / "data" / "karabakh" / "key_facts.json"
_WORD = re.compile(r"[a-z0-9]+")
_STOP_TEXT = """
a an the of in on at to for and or but by with from as is are was were has have had
been be its it that this which who said says their his her will would not
"""
_STOP = frozenset(_STOP_TEXT.split())
#: Key facts the full summary must state. The summary finds 15 of the 19 today: the
#: four it misses are told in words too far apart for its same-fact score (see the
#: report of issue 6); a change that loses one more fails here.
MIN_KEY_FACTS = 15


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory, shared_dir: Path) -> Iterator[Store]:
    corpus = shared_dir / "corpus" / "karabakh-2020"
    if not corpus.is_dir():
        pytest.skip("../shared/corpus/karabakh-2020 not found: put the shared data beside the repo")
    opened = open_store(tmp_path_factory.mktemp("dossier") / "newsfuse.db")
    report = ingest([corpus], opened, load_settings(environ={}))
    assert report.ok and len(report.added) == 5
    yield opened
    opened.close()


@pytest.fixture(scope="module")
def full(store: Store) -> Dossier:
    (story,) = store.iter_stories()
    built = load_dossier(store, story.id[:6], load_settings(environ={}))
    assert built is not None
    return built


@pytest.fixture(scope="module")
def facts() -> list[dict[str, Any]]:
    data: dict[str, Any] = json.loads(KEY_FACTS.read_text(encoding="utf-8"))
    return list(data["facts"])


def states(fact: dict[str, Any], line: SummarySentence) -> bool:
    return all(re.search(pattern, line.text, re.IGNORECASE) for pattern in fact["all"])


def content_words(text: str) -> set[str]:
    return {w for w in _WORD.findall(text.lower()) if w not in _STOP}


def test_every_summary_sentence_is_verbatim_at_its_citations(full: Dossier) -> None:
    texts = {a.id: a.text for a in full.articles}
    assert len(full.summary) >= 10
    for line in full.summary:
        assert line.citations
        first = line.citations[0]
        assert texts[first.article][first.start : first.end] == line.text
        for span in line.citations:
            cited = " ".join(texts[span.article][span.start : span.end].split())
            assert cited and cited[-1] in ".!\"”’'", f"{cited!r} is not a whole sentence"
        assert len({span.article for span in line.citations}) == len(line.citations)


def test_the_key_facts_are_in_the_full_summary(full: Dossier, facts: list[dict[str, Any]]) -> None:
    found = [f["id"] for f in facts if any(states(f, line) for line in full.summary)]
    assert len(found) >= MIN_KEY_FACTS, sorted({f["id"] for f in facts} - set(found))


def test_no_two_summary_sentences_state_the_same_fact(
    full: Dossier, facts: list[dict[str, Any]]
) -> None:
    twice = [f["id"] for f in facts if sum(states(f, line) for line in full.summary) > 1]
    # One known repeat: 004's garbled "Half of the population of Nagorny Karabakh was
    # displaced ..." is not linked to Beglaryan's 140,000 (its words are too far off).
    assert set(twice) <= {"half_of_karabakh_displaced"}, twice
    words = [content_words(line.text) for line in full.summary]
    for i, a in enumerate(words):
        for j in range(i + 1, len(words)):
            b = words[j]
            overlap = len(a & b) / len(a | b)
            assert overlap < 0.5, (full.summary[i].text, full.summary[j].text)


def test_brief_is_the_most_corroborated_part_of_full(store: Store, full: Dossier) -> None:
    brief = load_dossier(store, full.story.id, load_settings(environ={}), length="brief")
    assert brief is not None
    assert 0 < len(brief.summary) <= 5 < len(full.summary)
    assert {line.text for line in brief.summary} <= {line.text for line in full.summary}
    assert all(len(line.citations) >= 2 for line in brief.summary)


def test_the_timeline_has_the_meetings_with_dates(full: Dossier) -> None:
    dates = [entry.date for entry in full.timeline]
    assert dates == sorted(dates)
    meetings = {
        entry.text.split(":")[0]: entry.date
        for entry in full.timeline
        if entry.kind == "event" and entry.text.startswith("Talks in")
    }
    assert meetings.get("Talks in Geneva") == "2020-10-08"
    assert meetings.get("Talks in Moscow", "").startswith("2020-10")
    texts = {a.id: a.text for a in full.articles}
    for entry in full.timeline:
        assert entry.citations
        assert all(span.end <= len(texts[span.article]) for span in entry.citations)


def test_the_board_puts_disagreements_and_updates_first(full: Dossier) -> None:
    statuses = [group.status for group in full.board]
    order = {"disagree": 0, "update": 1, "agree": 2, "single": 3}
    assert statuses == sorted(statuses, key=order.__getitem__)
    assert statuses[0] == "disagree" and "update" in statuses
    assert {f for group in full.board for f in group.figures} == set(full.figures)


def test_speakers_are_canonical(full: Dossier) -> None:
    names = [speaker.speaker for speaker in full.speakers]
    assert "Artak Beglaryan" in names and "Artak Bulgarian" not in names
    assert len(names) == len(set(names))


def test_the_record_is_json_with_the_contract_keys(full: Dossier) -> None:
    record = json.loads(json.dumps(dossier_record(full)))
    assert {"id", "title", "articles", "members", "summary", "timeline"} <= set(record)
    assert {"board", "speakers", "coverage", "events"} <= set(record)
    assert set(record["summary"][0]) == {"text", "date", "citations"}
    assert set(record["summary"][0]["citations"][0]) == {"article", "start", "end"}
    assert set(record["timeline"][0]) == {"date", "precision", "text", "kind", "ref", "citations"}
    assert record["board"][0]["figures"][0]["id"] in full.figures
