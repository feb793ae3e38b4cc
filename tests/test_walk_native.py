"""The compiled page walk (``html/_walk.pyx``) gives exactly what the Python walk
gives: the same blocks (owner element, text, link characters, kind), block spans,
marked elements with their markup pairs, and indexed elements — on every fixture
page, on the hostile corpus and on generated pages, with every option.

CI builds the extension and sets ``CLEANTEXT_REQUIRE_NATIVE=1``, so there a missing
extension fails instead of skipping.
"""

from __future__ import annotations

import gc
import html
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from lxml import etree

from cleantext.errors import InputError
from cleantext.html import blocks
from cleantext.html.parse import parse_html
from strategies import html_pages

HERE = Path(__file__).parent
PAGES = sorted(HERE.glob("fixtures/**/input.html")) + sorted(HERE.glob("corpus/**/*.html"))

if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
    assert blocks.NATIVE_WALK, "the compiled walk was not built (CLEANTEXT_REQUIRE_NATIVE=1)"
native = pytest.mark.skipif(not blocks.NATIVE_WALK, reason="compiled walk not built")


def _walk(
    walker: Any, root: etree._Element, removed: Any, separate: bool, coded: bool = False
) -> tuple[Any, ...]:
    spans: dict[etree._Element, tuple[int, int]] = {}
    marked: list[etree._Element] = []
    markup: list[Any] = []
    tagged: list[Any] = []
    codes: list[int] | None = [] if coded else None
    found = [
        (b.node, b.text, b.link_chars, b.kind)
        for b in walker(root, removed, spans, separate, marked, markup, tagged, codes)
    ]
    if coded and blocks._native is not None:  # the compiled walk lists key bytes
        assert all(isinstance(k, bytes) for k in markup) or walker is not blocks._native.walk
        markup = [blocks._native.key_pairs(k) if isinstance(k, bytes) else k for k in markup]
    return found, spans, marked, markup, tagged, codes


def _check_codes(plain: tuple[Any, ...], coded: tuple[Any, ...]) -> None:
    """A walk with ``codes`` lists each distinct set once, in order of first
    appearance, and numbers every marked element's set in that list."""
    *same, markup, tagged, _ = plain
    *same_coded, distinct, tagged_coded, codes = coded
    assert same == same_coded and tagged == tagged_coded
    assert distinct == list(dict.fromkeys(markup))
    assert [distinct[c] for c in codes] == markup


def _same_walks(root: etree._Element) -> None:
    assert blocks._native is not None
    if blocks._QUIET_PENDING:  # the judges' quiet words, as iter_blocks applies them
        blocks._apply_quiet_words()
    divs = list(root.iter("div", "span", "ul"))
    for removed in ((), set(divs[::5])):
        for separate in (False, True):
            compiled = _walk(blocks._native.walk, root, removed, separate)
            python = _walk(blocks.iter_blocks_python, root, removed, separate)
            for part, (got, want) in enumerate(zip(compiled, python, strict=True)):
                assert got == want, f"part {part}, separate={separate}, removed={bool(removed)}"
            coded = _walk(blocks._native.walk, root, removed, separate, coded=True)
            assert coded == _walk(blocks.iter_blocks_python, root, removed, separate, coded=True)
            _check_codes(python, coded)
            _same_node_spans(root, removed, separate, python[1])
            _same_node_addresses(root, removed, separate, python[2])
    # A subtree (how a removal's text is read), removed itself.
    for node in divs[:20]:
        assert _walk(blocks._native.walk, node, {node}, True) == _walk(
            blocks.iter_blocks_python, node, {node}, True
        )


def _same_node_spans(
    root: etree._Element, removed: Any, separate: bool, want: dict[Any, tuple[int, int]]
) -> None:
    """A ``NodeSpans`` filled by the compiled walk reads as the dict the Python walk
    fills: the same items in the same order, and the same answers to ``get``, ``[]``
    and ``in``, also for elements it does not hold."""
    assert blocks._native is not None
    spans = blocks._native.NodeSpans(root)
    found = blocks._native.walk(root, removed, spans, separate)
    assert list(spans.items()) == list(want.items())
    assert list(spans) == list(want) == spans.keys() and spans.values() == list(want.values())
    assert len(spans) == len(want)
    for node in root.iter():
        assert (node in spans) == (node in want)
        assert spans.get(node) == want.get(node)
        assert spans.get(node, "none") == want.get(node, "none")
        if node in want:
            assert spans[node] == want[node]
        else:
            with pytest.raises(KeyError):
                spans[node]
    other = etree.fromstring("<p>other document</p>")
    assert other not in spans and spans.get(other) is None and spans.get("p") is None
    # The blocks are not tracked by the garbage collector (see Block).
    assert not any(map(gc.is_tracked, found))


def _same_node_addresses(
    root: etree._Element, removed: Any, separate: bool, want: list[etree._Element]
) -> None:
    """A ``NodeAddresses`` filled by the compiled walk reads as the list of marked
    elements the Python walk fills."""
    assert blocks._native is not None
    marked = blocks._native.NodeAddresses(root)
    blocks._native.walk(root, removed, None, separate, marked, [], None, [])
    assert list(marked) == want and len(marked) == len(want)
    assert [marked[i] for i in range(len(want))] == want == marked[:]
    assert marked.elements(marked.addresses[1::2]) == want[1::2]
    if want:
        assert marked[-1] is want[-1]


@native
@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(HERE)))
def test_fixture_and_hostile_pages_walk_the_same(path: Path) -> None:
    _same_walks(parse_html(path.read_bytes()))


@native
@settings(max_examples=200, deadline=None)
@given(page=html_pages())
def test_generated_pages_walk_the_same(page: str) -> None:
    try:
        root = parse_html(page)
    except InputError:
        assume(False)  # not a page (nothing to parse): nothing to walk
        return
    _same_walks(root)


@native
def test_tricky_markup_walks_the_same() -> None:
    page = (
        "<html><body><div>lead<!-- c -->tail <a href='#'>one<!-- x -->two</a>"
        "<a>x</a><a>y</a><span>a</span><b>b</b> <pre>\n  keep\n  lines\n</pre>"
        "<p>&nbsp;</p><p>\u2003</p><table><tr><td>c1</td><td>c2</td></tr></table>"
        "<a href='#'>in link <div>block in link</div> after</a>"
        "<script>no</script>s-tail<nav class='menu' hidden>n</nav>"
        "<x:tag xmlns:x='urn:x'>ns</x:tag><svg><nav>inside svg</nav></svg>"
        "<p style='display:none' data-x='1' class='a b'>styled</p></div></body></html>"
    )
    _same_walks(parse_html(page))


@native
def test_key_bytes_decode_to_the_pairs_and_nothing_else_decodes() -> None:
    assert blocks._native is not None
    root = parse_html("<html><body><div class='nav main' id='x'>é</div><p>y</p></body></html>")
    markup: list[Any] = []
    blocks._native.walk(root, (), None, False, [], markup, None, [])
    python: list[Any] = []
    list(blocks.iter_blocks_python(root, (), None, False, [], python, None, []))
    assert [blocks._native.key_pairs(k) for k in markup] == python
    assert python == [(("class", "nav main"),)]  # id="x" holds no judge's word
    assert blocks._native.key_pairs(b"") == ()
    for broken in (markup[0][:-1], markup[0] + b"\x01", b"\xff" * 8 + b"x" * 16):
        with pytest.raises(ValueError):
            blocks._native.key_pairs(broken)


def test_codes_need_markup() -> None:
    root = parse_html("<html><body><p class='a'>x</p></body></html>")
    with pytest.raises(ValueError):
        list(blocks.iter_blocks_python(root, (), None, False, [], None, None, []))
    if blocks._native is not None:
        with pytest.raises(ValueError):
            blocks._native.walk(root, (), None, False, [], None, None, [])


def test_the_python_walk_is_used_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """``CLEANTEXT_PURE_PYTHON=1`` switches the compiled walk off (for debugging)."""
    monkeypatch.setenv("CLEANTEXT_PURE_PYTHON", "1")
    assert blocks._load_native() is None


def _python_depth(root: etree._Element) -> int:
    return max(len(list(node.iterancestors())) - len(list(root.iterancestors())) + 1
               for node in root.iter(etree.Element))


@native
@pytest.mark.parametrize("path", PAGES[:12], ids=lambda p: str(p.relative_to(HERE)))
def test_depth_and_element_probes_agree_with_lxml(path: Path) -> None:
    assert blocks._native is not None
    root = parse_html(path.read_bytes())
    deepest = _python_depth(root)
    assert blocks._native.max_depth(root, 10_000) == deepest
    assert blocks._native.max_depth(root, 3) == min(deepest, 4)  # stops past the limit
    for name in ("p", "div", "noscript", "table", "article", "nosuchtag"):
        assert blocks._native.has_element(root, name.encode()) == (
            next(root.iter(name), None) is not None
        )


#: Every character ``str.split`` cuts at, and neighbours of the multi-byte ones
#: (same lead bytes in UTF-8, not whitespace).
_SPACES = "".join(c for c in map(chr, range(0x3001)) if c.isspace())
_NEAR_SPACES = "\u0084\u00a1\u1681\u200b\u2027\u202a\u2030\u205e\u2060\u3001\u2019\u201c"


@native
@settings(max_examples=300, deadline=None)
@given(st.text(_SPACES + _NEAR_SPACES + "ab.é", max_size=24), st.booleans())
def test_whitespace_of_every_kind_collapses_and_strips_the_same(text: str, pre: bool) -> None:
    # The compiled walk collapses whitespace and counts stripped link text on UTF-8
    # bytes; Python by str.split and str.strip.
    tag = "pre" if pre else "p"
    body = html.escape(text)
    _same_walks(parse_html(
        f"<html><body><div><{tag}>{body}</{tag}><b>x</b>{body}"
        f"<a href='#'>{body}<i>{body}</i><!-- c -->{body}<b>y</b>{body}</a></div>"
    ))
