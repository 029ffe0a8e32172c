"""The decoder: BOMs, UTF-8, declared and guessed charsets, never raising."""

from __future__ import annotations

import codecs

from hypothesis import given
from hypothesis import strategies as st

from newsfuse.errors import InputError
from newsfuse.sources._decode import declared_charset, decode_bytes, html_meta_charset

WESTERN = "Le café \u2013 naïve façon, déjà vu.\nUne deuxième ligne à côté, «très» bien.\n"


def decode(data: bytes, *, declared: str | None = None, html: bool = False) -> str | InputError:
    return decode_bytes(data, "in.txt", declared=declared, html=html)


def error_code(result: str | InputError) -> str:
    assert isinstance(result, InputError), f"expected an error, got {result!r}"
    return result.code


def test_utf8_passes_through() -> None:
    assert decode("Zürich \u2013 東京\n".encode()) == "Zürich \u2013 東京\n"


def test_utf8_bom_is_stripped() -> None:
    assert decode(codecs.BOM_UTF8 + "café".encode()) == "café"


def test_cp1252_text_decodes_correctly() -> None:
    assert decode(WESTERN.encode("cp1252")) == WESTERN


def test_short_cp1252_text_decodes_correctly() -> None:
    # Short inputs are where charset_normalizer alone picks an exotic code page.
    assert decode("café \u2013 naïve".encode("cp1252")) == "café \u2013 naïve"


def test_latin1_text_decodes_correctly() -> None:
    text = "Grüße aus Köln, schön und naïve"
    assert decode(text.encode("latin-1")) == text


def test_cyrillic_legacy_encoding_is_not_forced_to_cp1252() -> None:
    text = "Привет, как дела? Всё хорошо, спасибо. Москва, Россия.\n"
    assert decode(text.encode("cp1251")) == text


def test_utf16_with_bom_in_both_byte_orders() -> None:
    text = "Über 100 Häuser \u2013 evakuiert\n"
    assert decode(codecs.BOM_UTF16_LE + text.encode("utf-16-le")) == text
    assert decode(codecs.BOM_UTF16_BE + text.encode("utf-16-be")) == text
    assert decode(text.encode("utf-16")) == text


def test_utf32_with_bom() -> None:
    assert decode("naïve".encode("utf-32")) == "naïve"


def test_broken_utf16_after_bom_is_undecodable() -> None:
    assert error_code(decode(codecs.BOM_UTF16_LE + b"a\x00b")) == "undecodable"


def test_empty_and_whitespace_only_are_empty() -> None:
    assert error_code(decode(b"")) == "empty"
    assert error_code(decode(b" \n\t\r\n")) == "empty"
    assert error_code(decode(codecs.BOM_UTF8)) == "empty"
    assert error_code(decode(" \n".encode("utf-16"))) == "empty"


def test_empty_message_uses_the_noun() -> None:
    result = decode_bytes(b"", "a.warc", where="offset 7", noun="record")
    assert isinstance(result, InputError)
    assert str(result) == "a.warc:offset 7: empty record [empty]"


def test_nul_bytes_mean_binary() -> None:
    result = decode(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert isinstance(result, InputError)
    assert (result.code, result.reason) == ("binary", "binary data, not text")


def test_many_control_characters_mean_binary() -> None:
    assert error_code(decode(bytes(range(1, 9)) * 50 + b"some text")) == "binary"


def test_bytes_without_a_plausible_encoding_are_undecodable() -> None:
    assert error_code(decode(bytes(range(128, 256)) * 10)) == "undecodable"


def test_meta_charset_is_honoured_for_html() -> None:
    page = '<html><head><meta charset="windows-1251"></head><body>Москва</body></html>'
    assert decode(page.encode("cp1251"), html=True) == page


def test_http_equiv_charset_is_honoured_for_html() -> None:
    page = (
        '<html><head><meta http-equiv="Content-Type" content="text/html; charset=koi8-r">'
        "</head><body>Новости дня</body></html>"
    )
    assert decode(page.encode("koi8-r"), html=True) == page


def test_declared_charset_beats_meta() -> None:
    page = '<meta charset="utf-16"><p>Αθήνα</p>'
    assert decode(page.encode("cp1253"), html=True, declared="windows-1253") == page


def test_valid_utf8_wins_over_a_wrong_declaration() -> None:
    page = '<meta charset="iso-8859-1"><p>café</p>'
    assert decode(page.encode(), html=True) == page


def test_unknown_or_hostile_declared_charsets_are_ignored() -> None:
    assert decode("café".encode(), declared="no-such-charset") == "café"
    assert decode(b"+ADw-script+AD4-", declared="utf-7") == "+ADw-script+AD4-"
    assert decode("café".encode(), declared="base64") == "café"


def test_seven_bit_declared_charset_goes_before_utf8() -> None:
    page = '<meta charset="iso-2022-jp"><p>東京のニュース</p>'
    assert decode(page.encode("iso-2022-jp"), html=True) == page


def test_meta_charset_sniffing() -> None:
    assert html_meta_charset(b'<head><meta charset="UTF-8">') == "UTF-8"
    assert html_meta_charset(b"<META content='text/html; charset=gbk'>") == "gbk"
    assert html_meta_charset(b" " * 3000 + b'<meta charset="gbk">') is None
    assert html_meta_charset(b"<p>no charset</p>") is None


def test_declared_charset_from_content_type() -> None:
    assert declared_charset("text/html; charset=ISO-8859-1") == "ISO-8859-1"
    assert declared_charset('text/html; charset="utf-8"') == "utf-8"
    assert declared_charset("text/html") is None
    assert declared_charset(None) is None


_TEXT = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cc", "Cs")),
        st.sampled_from("\n\t\r "),
    ),
    min_size=1,
).filter(lambda text: bool(text.strip()) and not text.startswith("\ufeff"))


@given(_TEXT)
def test_any_text_round_trips_through_utf8(text: str) -> None:
    assert decode(text.encode("utf-8")) == text


@given(st.binary(max_size=2048), st.booleans())
def test_any_bytes_give_text_or_an_error(data: bytes, html: bool) -> None:
    result = decode(data, html=html)
    assert isinstance(result, str | InputError)
    if isinstance(result, InputError):
        assert result.code in {"empty", "binary", "undecodable"}
        assert "\n" not in str(result)
