"""The page walk's index: what it lists must be what a walk of the tree finds."""

from __future__ import annotations

from lxml import etree

from cleantext.html.blocks import INDEXED_TAGS
from cleantext.html.htmldoc import HtmlDoc
from cleantext.html.markup import flagged, markup_judge
from cleantext.html.parse import parse_html

PAGE = """<html><head><title>T</title></head><body>
<nav><a href="/">Home</a></nav><header><h1>Title</h1></header>
<article><h2>Sub</h2><p class="lead" id="x1">Some text of the article.</p>
<form><input type="hidden" name="a"><button>Go</button></form></article>
<aside><h2>More</h2></aside><footer>Foot</footer></body></html>"""


def test_indexed_elements_are_those_a_tree_walk_finds() -> None:
    doc = HtmlDoc(parse_html(PAGE))
    for tags in (("nav",), ("h1", "h2"), ("form", "input", "button"), tuple(INDEXED_TAGS)):
        assert doc.elements(*tags) == list(doc.root.iter(*tags))
    assert doc.index.tagged is not None
    assert doc.elements("p") == list(doc.root.iter("p"))  # not indexed: walks the tree


def test_indexed_tags_inside_invisible_elements_fall_back_to_a_tree_walk() -> None:
    # An lxml tree is not stripped of its invisible elements: a form inside <noscript>
    # is not on the page walk's list, so the list is not trusted.
    root = etree.fromstring(
        "<html><body><noscript><form><input/></form></noscript><form>x</form></body></html>"
    )
    doc = HtmlDoc(root)
    assert doc.index.tagged is None
    assert doc.elements("form") == list(root.iter("form"))
    assert len(doc.elements("form")) == 2


@markup_judge
def _has_lead(pairs: tuple[tuple[str, str], ...]) -> str | None:
    return "lead" if ("class", "lead") in pairs else None


def test_markup_judges_see_each_element_attributes() -> None:
    doc = HtmlDoc(parse_html(PAGE))
    found = flagged(doc, _has_lead)
    assert [(node.get("id"), verdict) for node, verdict in found] == [("x1", "lead")]
    input_pairs = [m for n, m in zip(doc.index.marked, doc.index.markup_codes, strict=True)
                   if n.tag == "input"]
    assert [doc.index.markup[c] for c in input_pairs] == [(("type", "hidden"),)]
