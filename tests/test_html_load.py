"""Loading HTML: decoding bytes, safe parsing, lxml and BeautifulSoup input."""

from __future__ import annotations

import codecs

import lxml.html
import pytest
from bs4 import BeautifulSoup
from lxml import etree

from cleantext import clean
from cleantext.errors import InputError
from cleantext.html.parse import parse_html

TEXT = (
    "Les élèves de l’école Jean-Moulin ont planté trente arbres fruitiers dans la cour, "
    "un projet préparé depuis la rentrée avec les parents et la mairie du quartier."
)


def page(body: str = f"<p>{TEXT}</p>", head: str = "") -> str:
    return f"<html><head>{head}</head><body><article>{body}</article></body></html>"


def test_utf8_bom_wins_over_a_wrong_meta_charset() -> None:
    data = codecs.BOM_UTF8 + page(head='<meta charset="iso-8859-1">').encode("utf-8")
    assert TEXT in clean(data).text


def test_meta_charset_decodes_latin1_bytes() -> None:
    text = TEXT.replace("’", "'")
    data = page(f"<p>{text}</p>", head='<meta charset="windows-1252">').encode("cp1252")
    assert text in clean(data).text


def test_http_charset_is_used_for_undeclared_bytes() -> None:
    text = TEXT.replace("’", "'")
    assert text in clean(page(f"<p>{text}</p>").encode("cp1252"), encoding="cp1252").text


def test_undeclared_legacy_bytes_are_detected() -> None:
    text = TEXT.replace("’", "'")
    assert "élèves" in clean(page(f"<p>{text}</p>").encode("cp1252")).text


def test_xml_declaration_in_a_str_page_parses() -> None:
    markup = '<?xml version="1.0" encoding="iso-8859-1"?>' + page()
    assert TEXT in clean(markup).text


def test_lxml_element_tree_and_soup_inputs() -> None:
    root = lxml.html.document_fromstring(page())
    assert TEXT in clean(root).text
    assert TEXT in clean(root.getroottree()).text
    assert TEXT in clean(BeautifulSoup(page(), "html.parser")).text


def test_entities_are_not_expanded_and_nothing_is_fetched() -> None:
    markup = (
        '<!DOCTYPE html [<!ENTITY boom "BOOM BOOM BOOM"><!ENTITY ext SYSTEM '
        '"file:///etc/passwd">]>' + page(f"<p>{TEXT} &boom; &ext;</p>")
    )
    result = clean(markup).text
    assert "BOOM BOOM" not in result
    assert "root:" not in result


def nested(depth: int) -> str:
    inner = "<div>" * depth + f"<p>{TEXT}</p>" + "</div>" * depth
    return f"<html><body>{inner}</body></html>"


def test_deep_nesting_is_cleaned_without_recursion_error() -> None:
    assert "trente arbres" in clean(nested(1900)).text


def test_nesting_beyond_the_parser_limit_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match=r"nested .* deep"):
        clean(nested(5000))


def test_huge_flat_page_parses() -> None:
    body = "".join(f"<p>{TEXT} {i}</p>" for i in range(5000))
    root = parse_html(page(body))
    assert len(root.findall(".//p")) == 5000


def test_scripts_and_styles_are_dropped_at_parse_time() -> None:
    root = parse_html(page(f"<script>var x = 1;</script><style>p {{}}</style><p>{TEXT}</p>"))
    assert root.find(".//script") is None and root.find(".//style") is None


def test_empty_markup_is_an_input_error() -> None:
    with pytest.raises(InputError):
        parse_html("")


def test_binary_input_is_refused() -> None:
    with pytest.raises(InputError):
        clean(b"%PDF-1.4 binary")


def test_parse_returns_a_plain_lxml_element() -> None:
    assert isinstance(parse_html(page()), etree._Element)


@pytest.mark.parametrize(
    "prefix",
    [
        "",
        "<!DOCTYPE html>",
        '<?xml version="1.0" encoding="iso-8859-1"?>\n<!DOCTYPE html>',
        '<!DOCTYPE html [<!ENTITY x "boom">]>',
        "\u00a0\n  <!DOCTYPE html>",
        " " * 5000,
    ],
)
def test_utf8_bytes_are_parsed_as_their_decoded_text(prefix: str) -> None:
    # UTF-8 bytes go to the parser undecoded; the result must be the decoded page's.
    markup = prefix + page(f"<p>{TEXT}</p><div class='share'>Partager\x00 ceci</div>")
    data = markup.encode("utf-8")
    for raw in (data, codecs.BOM_UTF8 + data):
        got, want = clean(raw), clean(markup)
        assert got.text == want.text
        assert got.removals == want.removals
        assert TEXT in got.text


def test_an_xhtml_tree_read_by_the_xml_parser_is_cleaned_as_html() -> None:
    """Namespaced elements (``{http://www.w3.org/1999/xhtml}p``) are HTML's own tags:
    the tree is read again as HTML, not taken as one run of unknown inline tags."""
    page = (
        '<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body>'
        '<nav><a href="/">Home</a><a href="/news">News</a></nav><article><h1>Title</h1>'
        "<p>Rain fell on Rabat all day long and the streets were flooded by evening.</p>"
        "<p>Officials promised help for the families whose homes were damaged.</p>"
        "</article><footer>Copyright 2026</footer></body></html>"
    )
    expected = clean(page).text
    result = clean(etree.fromstring(page))
    assert result.text == expected
    assert "Rain fell on Rabat" in result.text and "\n\nOfficials" in result.text
    assert "Home" not in result.text and "Copyright" not in result.text
    assert {r.where for r in result.removals} >= {"/html/body/nav", "/html/body/footer"}


@pytest.mark.parametrize(
    ("page", "is_html"),
    [
        ("<p>Hello</p>", True),
        ("<!DOCTYPE html><html><body><p>Hi</p></body></html>", True),
        ("<div>" + "long paragraph text " * 500 + "<p>", True),
        ("Hello <br> world <br> again", True),
        ("The <p> tag starts a paragraph.", False),
        # A page's text with its tracking pixel left on the first line (seen in scraped
        # text views): one void tag, then thousands of words of text.
        ('<img height="1" width="1" src="https://px.example/p?c=1">\n' + "Word of text. " * 800,
         False),
        # Text that quotes a few tags far apart (an embed code in a long article).
        ("Text of the article. " * 400 + '<div class="x"> <p lang="en"> ' + "More text. " * 400,
         False),
    ],
)
def test_html_is_told_from_text_with_a_few_tags(page: str, is_html: bool) -> None:
    from cleantext.load import looks_like_html

    assert looks_like_html(page) is is_html


def test_text_that_opens_with_a_leftover_tag_is_cleaned_as_text() -> None:
    text = '<img height="1" width="1" src="https://px.example/p?c=1">\n' + "\n".join(
        ["Menu", "Home", "News"]
    ) + "\n" + "The council voted on Tuesday to add bus lanes on three roads. " * 20
    result = clean(text)
    assert all(isinstance(r.where, tuple) for r in result.removals)  # spans: text mode
    assert "px.example" not in result.text
