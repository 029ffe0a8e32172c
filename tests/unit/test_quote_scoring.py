"""The quote scorer of bench/quotes.py: GGT's offsets, its annotation table, matching, names.

The real evaluation set stays in ../shared; these tests build small tables and
texts of their own, and the last one checks the real table only when it is there.
"""

from __future__ import annotations

import json
import os
import sys
import zipfile
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "bench"))

from _quote_scoring import (  # noqa: E402
    PUBLISHED,
    GoldQuote,
    Predicted,
    coverage,
    ggt_preprocessed,
    is_direct,
    jaccard,
    load_ggt,
    match_quotes,
    parse_quotations,
    same_speaker,
)

SHARED = Path(os.environ.get("NEWSFUSE_SHARED", REPO.parent / "shared"))


def ggt_preprocess_text(txt: str) -> str:
    """GGT's own ``preprocess_text`` (quote_extractor_v5.3.py), as published."""
    txt = txt.replace("\xa0", " ")
    txt = txt.replace("\xe9", " ")
    txt = txt.replace("\n", ".\n ")
    txt = txt.replace("..\n ", ".\n ")
    txt = txt.replace(". .\n ", ".\n ")
    txt = txt.replace("  ", " ")
    txt = txt.replace("”", '"')
    txt = txt.replace("“", '"')
    txt = txt.replace("〝", '"')
    txt = txt.replace("〞", '"')
    return txt


# --- offsets -----------------------------------------------------------------------------


@given(st.text(alphabet=st.sampled_from(list("ab .\n“”\xa0\xe9〝〞")), max_size=80))
def test_the_rewrite_is_ggts_and_every_character_knows_its_raw_offset(raw: str) -> None:
    text, origin = ggt_preprocessed(raw)
    assert text == ggt_preprocess_text(raw)
    assert len(origin) == len(text)
    assert origin == sorted(origin)
    assert all(0 <= offset < len(raw) for offset in origin)
    for char, offset in zip(text, origin, strict=True):
        # Letters come from themselves; only marks, spaces and inserted stops change.
        if char in "ab":
            assert raw[offset] == char


def test_a_gold_span_after_paragraph_breaks_maps_back_to_the_raw_text() -> None:
    raw = "First line.\n\nShe said \u201cwe are ready\u201d today.\n\nEnd."
    text, origin = ggt_preprocessed(raw)
    start = text.index('"we are ready"')
    end = start + len('"we are ready"')
    assert raw[origin[start] : origin[end - 1] + 1] == "\u201cwe are ready\u201d"
    assert len(text) == len(raw) + 6  # three characters more per paragraph break


def test_the_annotation_list_written_twice_is_read_once() -> None:
    item = {"speaker": "Demi", "quote": "x", "quote_index": "(1,2)"}
    good = json.dumps([item])
    assert parse_quotations(good) == ([item], False)
    broken = good[:-1] + "\n" + good  # the first copy lost its closing bracket
    assert parse_quotations(broken) == ([item], True)
    with pytest.raises(ValueError):
        parse_quotations("[{")


@pytest.mark.parametrize(
    ("quote", "direct"),
    [
        ('"As a young person, I\'ve experienced that fear,"', True),
        ("\u201cWe are ready,\u201d", True),
        ('that "it must be made clear"', True),
        ("she started her work with police", False),
        ('police were responsive and "very committed"', False),
    ],
)
def test_direct_means_opening_with_a_quote_mark(quote: str, direct: bool) -> None:
    assert is_direct(quote) is direct


# --- reading the table -------------------------------------------------------------------


def _write_set(tmp_path: Path, raw: str, quotations: str) -> tuple[Path, Path]:
    openpyxl = pytest.importorskip("openpyxl")
    table = tmp_path / "table.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["", "_id", "quotations"])
    sheet.append([0, "ObjectId(5c182ac21e67d78e277944ad)", quotations])
    sheet.append([1, "ObjectId(5c0000000000000000000000)", "[]"])  # no text: left out
    book.save(table)
    archive = tmp_path / "rawtext.zip"
    with zipfile.ZipFile(archive, "w") as zipped:
        zipped.writestr("rawtext/5c182ac21e67d78e277944ad.txt", raw)
    return table, archive


def test_load_maps_gold_offsets_onto_the_raw_text(tmp_path: Path) -> None:
    raw = 'Lonechild is new.\n\n"We are ready," she said.\n\nShe said police were kind.'
    text, _ = ggt_preprocessed(raw)
    direct_at = text.index('"We are ready,"')
    indirect_at = text.index("police were kind")
    quotations = [
        {
            "speaker": "she",
            "verb": "said",
            "quote": '"We are ready,"',
            "quote_index": f"({direct_at},{direct_at + 15})",
            "speaker_index": f"({direct_at + 16},{direct_at + 19})",
            "reference": "Darian Lonechild",
        },
        {
            "speaker": "She",
            "verb": "said",
            "quote": "police were kind",
            "quote_index": f"({indirect_at - 4},{indirect_at + 12})",  # off by four
            "speaker_index": "",
            "reference": "Darian Lonechild",
        },
        {"speaker": "", "verb": "", "quote": "never there", "quote_index": "(1,5)"},
        {"speaker": "", "verb": "", "quote": "", "quote_index": ""},
    ]
    loaded = load_ggt(*_write_set(tmp_path, raw, json.dumps(quotations)))
    assert list(loaded.texts) == ["5c182ac21e67d78e277944ad"]
    direct, indirect = loaded.gold
    assert raw[direct.start : direct.end] == '"We are ready,"'
    assert raw[direct.speaker_start : direct.speaker_end] == "she"
    assert (direct.direct, direct.who) == (True, "Darian Lonechild")
    assert raw[indirect.start : indirect.end] == "police were kind"
    assert not indirect.direct and indirect.speaker_start == -1
    assert loaded.exact == 1
    assert len(loaded.relocated) == 1 and len(loaded.dropped) == 2


# --- matching ----------------------------------------------------------------------------


def gold(start: int, end: int, who: str = "Putin", article: str = "a") -> GoldQuote:
    return GoldQuote(article, start, end, "", who, who, "said", True)


def predicted(start: int, end: int, who: str | None = "Putin", article: str = "a") -> Predicted:
    return Predicted(article, start, end, who, "say", True)


def test_coverage_is_asymmetric_and_jaccard_is_not() -> None:
    assert coverage((10, 20), (0, 100)) == 1.0
    assert coverage((0, 100), (10, 20)) == 0.1
    assert jaccard((10, 20), (0, 100)) == jaccard((0, 100), (10, 20)) == 0.1
    assert coverage((0, 10), (10, 20)) == 0.0 and jaccard((0, 10), (20, 30)) == 0.0
    assert coverage((5, 5), (0, 10)) == 0.0


def test_matching_is_one_to_one_in_gold_order_and_per_article() -> None:
    golds = [gold(0, 10), gold(0, 10, article="b"), gold(100, 110)]
    preds = [predicted(0, 10), predicted(2, 10), predicted(0, 10, article="b"), predicted(50, 60)]
    match = match_quotes(golds, preds, 0.3)
    assert [(g.article, g.start, p.start) for g, p, _ in match.pairs] == [
        ("a", 0, 0),
        ("b", 0, 0),
    ]
    assert [g.start for g in match.missed] == [100]
    assert sorted(p.start for p in match.spurious) == [2, 50]
    assert (match.precision, match.recall) == (0.5, 2 / 3)
    assert match.f1 == pytest.approx(2 * 0.5 * (2 / 3) / (0.5 + 2 / 3))


def test_thresholds_follow_ggt_strictly_and_jaccard_inclusively() -> None:
    golds = [gold(0, 10)]
    assert match_quotes(golds, [predicted(7, 20)], 0.3).pairs == []  # covers exactly 0.3
    assert len(match_quotes(golds, [predicted(6, 20)], 0.3).pairs) == 1
    assert len(match_quotes(golds, [predicted(0, 20)], 0.5, symmetric=True).pairs) == 1
    assert match_quotes(golds, [predicted(0, 21)], 0.5, symmetric=True).pairs == []


def test_speaker_accuracy_uses_lenient_names() -> None:
    golds = [gold(0, 10, "Darian Lonechild"), gold(20, 30, "Jeff Traeger")]
    preds = [predicted(0, 10, "Lonechild"), predicted(20, 30, None)]
    assert match_quotes(golds, preds, 0.3).speaker_accuracy == 0.5
    assert match_quotes([], [], 0.3).speaker_accuracy == 0.0


@pytest.mark.parametrize(
    ("predicted_name", "gold_name", "same"),
    [
        ("Darian Lonechild", "Lonechild", True),
        ("Lonechild", "Darian Lonechild", True),
        ("Jeff Traeger", "Traeger", True),
        ("AFN Youth Council", "The AFN Youth Council", True),
        ("Mevlüt Çavuşoğlu", "Mevlut Cavusoglu", True),
        ("Tore Sohlberg and Lehla Abreder", "Tore Sohlberg and Lehla Abreder", True),
        ("Canada's foreign ministry", "Canada foreign ministry", True),
        ("Ilham Aliyev", "Heydar Aliyev", True),  # lenient on purpose: same family name
        ("Putin", "Peskov", False),
        ("Oh", "Sandra Oh", True),
        ("Ng", "Sandra Ng", True),
        ("Al", "Kim", False),
        (None, "Putin", False),
        (None, "", True),
        ("Putin", "", False),
    ],
)
def test_same_speaker(predicted_name: str | None, gold_name: str, same: bool) -> None:
    assert same_speaker(predicted_name, gold_name) is same


def test_published_figures_are_ggts() -> None:
    assert PUBLISHED[0.3]["f1"] == 0.837 and PUBLISHED[0.8]["speaker"] == 0.869


# --- the real set ------------------------------------------------------------------------


@pytest.mark.shared
def test_the_real_table_maps_nearly_all_offsets() -> None:
    root = SHARED / "eval" / "quotes-ggt"
    table = root / "AnnotationTable_byArticle_withReplacementArticles.xlsx"
    if not table.is_file():
        pytest.skip(f"{table} not found: put the shared data beside the repository")
    pytest.importorskip("openpyxl")
    loaded = load_ggt(table, root / "rawtext.zip")
    assert len(loaded.texts) == 98
    assert len(loaded.gold) >= 1480
    assert loaded.exact >= 1470 and len(loaded.dropped) <= 2
    for quote in loaded.gold:
        assert 0 <= quote.start < quote.end <= len(loaded.texts[quote.article])
