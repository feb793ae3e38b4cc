"""The page walk's index: what it lists must be what a walk of the tree finds."""

from __future__ import annotations

from lxml import etree

from cleantext.html.blocks import INDEXED_TAGS, MARKUP_ATTRIBUTES
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


def _not_lead(name: str, value: str) -> bool:
    return (name, value) != ("class", "lead")


# A judge that ignores every other pair (a bare judge would switch the dropping of
# ignored pairs off for the whole test session).
@markup_judge(
    ignores=_not_lead,
    words={"class": ("lead",), **{name: () for name in MARKUP_ATTRIBUTES - {"class"}}},
)
def _has_lead(pairs: tuple[tuple[str, str], ...]) -> str | None:
    return "lead" if ("class", "lead") in pairs else None


def test_markup_judges_see_each_element_attributes() -> None:
    doc = HtmlDoc(parse_html(PAGE))
    found = flagged(doc, _has_lead)
    assert [(node.get("id"), verdict) for node, verdict in found] == [("x1", "lead")]
    input_pairs = [m for n, m in zip(doc.index.marked, doc.index.markup_codes, strict=True)
                   if n.tag == "input"]
    assert [doc.index.pairs(c) for c in input_pairs] == [(("type", "hidden"),)]


NESTED = """<html><body><div id="outer">Intro <a>One</a><span id="s1">x</span><a>Two</a>
<div id="mid"><p id="p1">Keep <b id="b1">bold</b> this<i id="i1">gone</i>word.</p>
<p id="p2">Other <span id="s2"><em>hidden</em></span>para.</p>
<span id="s3">inline <div id="d3">block in inline</div> tail</span></div>
<ul id="list"><li>A <span id="s4">b</span></li><li id="li2">C</li></ul> outro</div></body></html>"""


def test_visible_text_of_a_node_holding_removed_inline_elements() -> None:
    # Such a node's text is read from the index except the blocks of the block-level
    # elements that hold the removed inline elements, which are walked again: it must
    # be what a walk of the whole node finds, whatever else is removed around them.
    from cleantext.html.blocks import iter_blocks

    removals = [("s1",), ("s1", "i1"), ("b1", "s2", "li2"), ("s3",), ("d3", "s4"),
                ("mid", "s4"), ("s2", "p2"), ("i1", "s3", "list")]
    for ids in removals:
        doc = HtmlDoc(parse_html(NESTED))
        doc.begin("test")
        for id_ in ids:
            doc.remove(doc.root.xpath(f"//*[@id='{id_}']")[0], "test")
        for node in doc.root.iter():
            if not isinstance(node.tag, str):
                continue
            walked = " ".join(b.text for b in iter_blocks(node, doc._removed, separate=True))
            assert doc.visible_text(node) == walked, (ids, node.tag, node.get("id"))


def test_dropping_ignored_pairs_does_not_change_any_verdict() -> None:
    # Every judge sees the pairs left after dropping those all judges ignore; its
    # verdicts must be those it gives on each element's full set of pairs.
    from pathlib import Path

    import cleantext.rules  # noqa: F401  (registers the built-in judges)
    from cleantext.html import markup

    pages = sorted(Path(__file__).parent.joinpath("fixtures").rglob("input.html"))
    assert len(pages) >= 12
    for path in pages:
        doc = HtmlDoc(parse_html(path.read_bytes()))
        index = doc.index
        assert len(markup._JUDGES) >= 3
        for judge in markup._JUDGES:
            found = dict(flagged(doc, judge))
            for node, code in zip(index.marked, index.markup_codes, strict=True):
                assert found.get(node) == judge(index.pairs(code)), (path, judge, node)


DEEP = """<html><body><div id="a">Lead <b id="a1">bold</b> words.
<div id="b"><p id="b1">One <i id="b1i">it</i> two.</p><p id="b2">Three<br>four<br>five</p>
<div id="c"><p id="c1">Six <a id="c1a">link</a></p><p id="c2">Seven</p>
<section id="d"><p id="d1">Eight</p><p id="d2">Nine <span id="d2s">ten</span></p></section>
</div><p id="b3">Eleven <em id="b3e">twelve <u id="b3u">thirteen</u></em></p></div>
<span id="e">inline <div id="e1">block <b id="e1b">in</b> inline</div> tail</span>
<ul id="f"><li id="f1">A <span id="f1s">b</span></li><li id="f2">C</li><li id="f3">D</li></ul>
end</div></body></html>"""


def test_visible_text_as_removals_come_in_any_order() -> None:
    # Removals of block-level and inline elements, nested or not, one at a time; after
    # each, every node's text must be what a walk of it finds (the cached owners,
    # holders and removed ranges are kept up to date as removals come).
    import random

    from cleantext.html.blocks import iter_blocks

    ids = [e.get("id") for e in parse_html(DEEP).iter() if e.get("id")]
    rng = random.Random(7)
    for _ in range(40):
        doc = HtmlDoc(parse_html(DEEP))
        doc.begin("test")
        for id_ in rng.sample(ids, rng.randint(1, 6)):
            doc.remove(doc.root.xpath(f"//*[@id='{id_}']")[0], "test")
            for node in doc.root.iter():
                if not isinstance(node.tag, str):
                    continue
                walked = " ".join(b.text for b in iter_blocks(node, doc._removed, separate=True))
                assert doc.visible_text(node) == walked, (id_, node.get("id"))


def test_removal_texts_are_what_a_walk_finds_when_they_go() -> None:
    # The text logged for a removal (read from the index, skipping the removed ranges
    # inside it) is the node's walk at that moment, whether it goes alone
    # (HtmlDoc.remove) or in a batch of the guard's outermost nodes (HtmlDoc._add_all).
    import random

    from cleantext.html.blocks import iter_blocks
    from cleantext.html.guard import _outermost

    ids = [e.get("id") for e in parse_html(DEEP).iter() if e.get("id")]
    rng = random.Random(11)
    for round_ in range(60):
        doc = HtmlDoc(parse_html(DEEP))
        doc.begin("test")
        for _ in range(rng.randint(1, 4)):
            picked = [doc.root.xpath(f"//*[@id='{i}']")[0] for i in rng.sample(ids, 3)]
            if round_ % 2:
                nodes = [n for n in picked if not doc.is_removed(n)][:1]
                want = {n: " ".join(b.text for b in iter_blocks(n, doc._removed, separate=True))
                        for n in nodes}
                for n in nodes:
                    doc.remove(n, "test")
            else:
                nodes = _outermost(dict.fromkeys(picked), doc._removed)
                want = {n: " ".join(b.text for b in iter_blocks(n, doc._removed, separate=True))
                        for n in nodes}
                doc._add_all([(n, "test") for n in nodes])
            for n in nodes:
                assert doc._removed[n][2] == want[n], n.get("id")
