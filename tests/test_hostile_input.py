"""Limits and hostile input: every limit has a test, every refusal says what it is."""

from __future__ import annotations

import gzip
import socket
import time
from typing import Any

import lxml.etree as etree
import lxml.html
import pytest

from cleantext import Cleaner, InputError, clean
from cleantext.html.htmldoc import HtmlDoc
from cleantext.html.parse import PARSER_DEPTH_LIMIT, parse_html
from invariants import check_any_result, check_text_result

ARTICLE_FR = (
    "Le ministère a annoncé mercredi l'ouverture d'un nouvel hôpital à Lyon. "
    "« C'est une étape très importante », a déclaré la ministre, évoquant des façades rénovées."
)
SAMPLES = {
    "windows-1256": "أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في مدينة الرباط، وقال الوزير "
    "إن المستشفى سيخدم أكثر من مليون مواطن في المنطقة.",
    "iso-8859-1": ARTICLE_FR,
    "gb2312": "国家统计局今天发布数据显示，今年第一季度国内生产总值同比增长百分之五点三，"
    "消费市场持续回暖，就业形势总体稳定。",
    "shift_jis": "東京都は本日、新しい図書館の建設計画を発表しました。完成は二年後の予定で、"
    "地域の住民からは期待の声が上がっています。",
}


def page(body: str, head: str = "") -> str:
    return f"<html><head>{head}<title>t</title></head><body><article>{body}</article></body></html>"


def nested(depth: int, text: str = "deep text") -> str:
    return "<html><body>" + "<div>" * depth + text + "</div>" * depth + "</body></html>"


# -- size ---------------------------------------------------------------------------


def test_text_over_max_input_chars_is_refused_with_the_setting_named() -> None:
    cleaner = Cleaner(max_input_chars=1000)
    assert cleaner.clean("x" * 1000).text == "x" * 1000
    with pytest.raises(InputError, match=r"1001 characters.*max_input_chars"):
        cleaner.clean("x" * 1001)


def test_bytes_over_four_times_the_limit_are_refused_before_decoding() -> None:
    with pytest.raises(InputError, match="bytes"):
        Cleaner(max_input_chars=100).clean(b"<p>" + b"a" * 400 + b"</p>")


def test_fifty_megabyte_page_hits_the_limit_path_fast() -> None:
    # A real 50 MB page is cleaned in the long fuzz run (test_fuzz.py); here the
    # limit path, with a limit just under the page's size.
    big = "<html><body>" + "<p>Rain fell on Rabat all day long.</p>" * 1_400_000 + "</body></html>"
    assert len(big) > 50_000_000
    started = time.perf_counter()
    with pytest.raises(InputError, match="max_input_chars"):
        Cleaner(max_input_chars=50_000_000).clean(big)
    assert time.perf_counter() - started < 5


# -- depth --------------------------------------------------------------------------


def test_hundred_thousand_nested_divs_are_refused_quickly() -> None:
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"more than 2000 elements deep.*max_depth"):
        clean(nested(100_000))
    assert time.perf_counter() - started < 10


def test_max_depth_is_configurable() -> None:
    assert Cleaner(max_depth=70).clean(nested(60)).text == "deep text"
    with pytest.raises(InputError, match="more than 50 elements deep"):
        Cleaner(max_depth=50).clean(nested(60))


def test_nesting_deeper_than_python_recursion_is_cleaned_not_crashed() -> None:
    # 1500 levels: below max_depth, above Python's default recursion limit.
    result = clean(nested(1500, "Rain fell on Rabat all day."))
    assert result.text == "Rain fell on Rabat all day."


def test_the_parsers_own_depth_limit_is_refused_even_when_max_depth_allows_it() -> None:
    # libxml2 stops nesting at 2048 levels and silently drops the rest of the page.
    markup = nested(3000) + "<p>after the deep part</p>"
    assert "after" not in "".join(parse_html(markup).itertext())  # what the parser does
    with pytest.raises(InputError, match="parser's limit"):
        Cleaner(max_depth=10_000).clean(markup)


def test_a_deep_lxml_tree_passed_directly_is_walked_without_recursion() -> None:
    root = etree.Element("html")
    body = etree.SubElement(root, "body")
    node = body
    for _ in range(5000):
        node = etree.SubElement(node, "div")
    node.text = "Rain fell on Rabat all day."
    assert Cleaner(max_depth=6000).clean(root).text == "Rain fell on Rabat all day."
    with pytest.raises(InputError, match="more than 2000 elements deep"):
        clean(root)
    assert PARSER_DEPTH_LIMIT == 2048


def test_xpaths_of_wide_pages_match_lxml() -> None:
    root = parse_html(
        "<html><body>" + "<p>a</p><div><span>b</span><span>c</span></div><h2>d</h2>" * 300
        + "<section><p>only</p></section></body></html>"
    )
    for getpaths in (0, 64):  # lxml writes the first ``getpaths``, then the cache
        doc = HtmlDoc(root)
        doc._getpaths = getpaths
        for element in root.iter():
            assert doc.xpath_of(element) == doc.tree.getpath(element)


# -- pages with no text ---------------------------------------------------------------


@pytest.mark.parametrize(
    "markup",
    [
        "",
        "   \n\t ",
        "<html></html>",
        "<html><body></body></html>",
        "<!DOCTYPE html>",
        "<html><head><script>var x = 1;</script></head><body><script>alert(1)</script>"
        "<style>p { color: red }</style></body></html>",
        "<html><body><img src=x><br><hr><input type=text></body></html>",
        "<html><frameset><frame src=x></frameset></html>",
    ],
)
def test_pages_without_text_give_empty_text(markup: str) -> None:
    result = clean(markup)
    assert result.text == ""
    assert clean(markup.encode()).text == ""


# -- binary input ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "what"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "a PDF document"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a PNG image"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00", "a JPEG image"),
        (b"GIF89a\x01\x00\x01\x00", "a GIF image"),
        (gzip.compress(b"<html><body><p>hello</p></body></html>"), "gzip-compressed data"),
        (b"PK\x03\x04\x14\x00\x06\x00", "a ZIP archive"),
        (b"RIFF\x24\x00\x00\x00WEBPVP8 ", "a RIFF media file"),
        (b"\x00\x00\x00\x18ftypmp42\x00\x00", "an MP4"),
        (bytes(range(256)) * 4, "binary data"),
    ],
)
def test_binary_bytes_are_refused_saying_what_they_are(data: bytes, what: str) -> None:
    with pytest.raises(InputError, match=what):
        clean(data)


def test_gzip_is_not_decompressed() -> None:
    # A page must be decompressed by the caller; we never inflate (zip bombs).
    with pytest.raises(InputError, match="decompress it first"):
        clean(gzip.compress(b"<p>x</p>" * 1000))


def test_binary_decoded_to_str_is_refused_too() -> None:
    jpeg_as_text = (b"\xff\xd8\xff\xe0\x00\x10JFIF" + bytes(range(32)) * 20).decode("latin-1")
    with pytest.raises(InputError, match="JPEG"):
        clean(jpeg_as_text)
    with pytest.raises(InputError, match="binary data"):
        clean("\ufffd\x01\x02\x03" * 100)


def test_other_types_are_refused_with_what_to_pass() -> None:
    with pytest.raises(InputError, match="pass str, bytes"):
        clean(12345)


# -- NUL and lone surrogates ------------------------------------------------------------


def test_nul_in_text_becomes_a_replacement_character_keeping_offsets() -> None:
    text = "Hello\x00 world. The liveblog has ended.\nRain fell on Rabat all day long."
    result = clean(text)
    assert "\x00" not in result.text
    assert result.text.startswith("Hello\ufffd world.")
    check_text_result(text.replace("\x00", "\ufffd"), result)


def test_nul_bytes_in_html_are_dropped_like_browsers_do() -> None:
    assert clean(b"<html><body><p>Hi\x00there</p><p>again</p></body></html>").text == (
        "Hithere\n\nagain"
    )


def test_mostly_nul_bytes_are_binary() -> None:
    with pytest.raises(InputError, match="binary"):
        clean(b"\x00" * 200 + b"<p>x</p>")


def test_lone_surrogates_in_html_do_not_truncate_the_page() -> None:
    # lxml used to stop at the surrogate and drop the rest of the page.
    result = clean("<html><body><p>Hello \udfff world</p><p>again</p></body></html>")
    assert result.text == "Hello \ufffd world\n\nagain"
    result.text.encode("utf-8")


def test_lone_surrogates_in_text_are_replaced_one_for_one() -> None:
    text = "Hello \ud800 world. Rain fell on Rabat.\nThe liveblog has ended."
    result = clean(text)
    assert result.text.encode("utf-8")
    check_text_result(text.replace("\ud800", "\ufffd"), result)
    check_any_result(result)


# -- encodings --------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", sorted(SAMPLES))
@pytest.mark.parametrize("meta", [True, False], ids=["meta", "no-meta"])
def test_legacy_encodings_decode_right(encoding: str, meta: bool) -> None:
    text = SAMPLES[encoding]
    head = f'<meta charset="{encoding}">' if meta else ""
    assert clean(page(f"<p>{text}</p>", head).encode(encoding)).text == text


@pytest.mark.parametrize("encoding", sorted(SAMPLES))
def test_legacy_encoded_plain_text_decodes_right(encoding: str) -> None:
    text = SAMPLES[encoding]
    assert clean(text.encode(encoding)).text == text


@pytest.mark.parametrize("encoding", sorted(SAMPLES))
def test_http_declared_encoding_wins(encoding: str) -> None:
    text = SAMPLES[encoding]
    assert clean(page(f"<p>{text}</p>").encode(encoding), encoding=encoding).text == text


def test_mixed_utf8_and_windows_1252_bytes_both_decode() -> None:
    data = (
        "<html><body><p>Le café était plein — « naïf ».</p>".encode()
        + "<p>Là où le « vent » souffle.</p></body></html>".encode("cp1252")
    )
    assert clean(data).text == "Le café était plein — « naïf ».\n\nLà où le « vent » souffle."


def test_valid_utf8_beats_a_stale_meta_charset() -> None:
    data = page("<p>Élève à l'école</p>", '<meta charset="iso-8859-1">').encode("utf-8")
    assert clean(data).text == "Élève à l'école"


def test_utf16_without_bom_is_text_not_binary() -> None:
    for encoding in ("utf-16-le", "utf-16-be"):
        assert clean(page("<p>Héllo wörld</p>").encode(encoding)).text == "Héllo wörld"


def test_utf7_meta_is_ignored() -> None:
    # UTF-7 smuggles markup ("+ADw-script+AD4-" is "<script>"); browsers refuse it.
    data = page("<p>+ADw-script+AD4-alert(1)+ADw-/script+AD4-</p>", '<meta charset="utf-7">')
    assert clean(data.encode("ascii")).text == "+ADw-script+AD4-alert(1)+ADw-/script+AD4-"


def test_xhtml_str_with_an_encoding_declaration_is_parsed() -> None:
    # lxml refuses str input that declares an encoding; XHTML pages do.
    markup = '<?xml version="1.0" encoding="utf-8"?>' + page("<p>Hello there</p>")
    assert clean(markup).text == "Hello there"
    assert clean(markup.encode()).text == "Hello there"


# -- safety: no entity expansion, no network --------------------------------------------

LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<html><body><p>Article: &lol9; end</p><p>More text here.</p></body></html>"""

XXE = """<?xml version="1.0"?>
<!DOCTYPE html [
 <!ENTITY file SYSTEM "file:///etc/passwd">
 <!ENTITY net SYSTEM "http://127.0.0.1:9/secret">
 <!ENTITY % remote SYSTEM "http://127.0.0.1:9/evil.dtd">
 %remote;
]>
<html><body><p>File: &file; net: &net; end</p><p>More text here.</p></body></html>"""


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """Record (and refuse) every socket connection attempt."""
    attempts: list[Any] = []

    def refuse(self: socket.socket, address: Any) -> None:
        attempts.append(address)
        raise OSError("network access in a test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    return attempts


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_billion_laughs_does_not_expand(as_bytes: bool, no_network: list[Any]) -> None:
    started = time.perf_counter()
    result = clean(LAUGHS.encode() if as_bytes else LAUGHS)
    assert time.perf_counter() - started < 2
    assert "lollol" not in result.text
    assert len(result.text) < 200
    assert "More text here." in result.text
    assert "]>" not in result.text  # the DOCTYPE's internal subset is not text


@pytest.mark.parametrize("as_bytes", [False, True], ids=["str", "bytes"])
def test_external_entities_are_neither_loaded_nor_fetched(
    as_bytes: bool, no_network: list[Any]
) -> None:
    started = time.perf_counter()
    result = clean(XXE.encode() if as_bytes else XXE)
    assert time.perf_counter() - started < 2
    assert "root:" not in result.text
    assert "More text here." in result.text
    assert no_network == []


def test_lxml_html_parser_itself_does_not_resolve_entities() -> None:
    # The guarantee we rely on, checked on the parser directly.
    root = lxml.html.document_fromstring(XXE.split("?>", 1)[1])
    assert "root:" not in root.text_content()
