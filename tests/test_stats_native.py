"""The compiled loops of the page statistics and the guard (``html/_stats.pyx``)
give exactly what their Python twins give: article-like blocks and per-block
amounts, running sums, the best container, the outermost flagged nodes and their
article-like text, the ancestor test, the tag filters, the XPaths, the document order and the
link-lists loop — on every fixture page, on the hostile corpus and on generated
pages.

CI builds the extension and sets ``CLEANTEXT_REQUIRE_NATIVE=1``, so there a missing
extension fails instead of skipping.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from lxml import etree

from cleantext.errors import InputError
from cleantext.html import guard, htmldoc, stats
from cleantext.html.parse import parse_html
from cleantext.html.stats import PageIndex, PageStats, dropped_mask
from strategies import html_pages

HERE = Path(__file__).parent
PAGES = sorted(HERE.glob("fixtures/**/input.html")) + sorted(HERE.glob("corpus/**/*.html"))

_native = stats.native_loops
if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
    assert _native is not None, "the compiled statistics were not built"
native = pytest.mark.skipif(_native is None, reason="compiled statistics not built")


def _python_index(root: etree._Element) -> PageIndex:
    """The page's index with the Python statistics (as CLEANTEXT_PURE_PYTHON=1 has it)."""
    compiled = stats.native_loops
    stats.native_loops = None
    try:
        index = PageIndex.of(root)
        index.amounts()
    finally:
        stats.native_loops = compiled
    return index


def _same_numbers(root: etree._Element) -> None:
    assert _native is not None
    compiled = PageIndex.of(root)
    python = _python_index(root)
    assert compiled.good == python.good
    assert all(type(g) is bool for g in compiled.good)
    assert compiled.amounts() == python.amounts()
    nodes = list(compiled.spans)
    rng = random.Random(len(nodes))
    for size in (0, 1, 3, 10):
        removed = rng.sample(nodes, min(size, len(nodes)))
        mask = dropped_mask(compiled, removed) if removed else None
        for which in range(4):
            kept = PageStats(compiled, mask)
            want = _python_sums(kept, which)
            assert _native.running(compiled.amounts()[which], None if mask is None
                                   else kept.kept_mask) == want
        for weights in ((1.0, 0.3), (0.0, 0.0), (0.5, 1.5)):
            kept = PageStats(compiled, mask)
            assert kept.best(*weights) is _python_best(kept, *weights)
    # The guard's outermost nodes, with some nodes removed already.
    elements = list(root.iter(etree.Element))
    for _ in range(5):
        chosen = dict.fromkeys(rng.sample(elements, min(len(elements), 25)), "")
        removed = dict.fromkeys(rng.sample(elements, min(len(elements), 3)), ())
        assert _native.outermost(chosen, removed) == guard._outermost(chosen, removed)
        pairs = [(n, str(i)) for i, n in enumerate(rng.choices(elements, k=30))]
        pairs += [(root, "root")] + [(n, "again") for n in root.iter("body", "main")]
        got = _native.first_reasons(pairs, guard._NEVER)
        assert list(got.items()) == list(guard._chosen(pairs).items())
        never = ("html", "body", "article", "main")
        assert _native.untagged(pairs, tuple(t.encode() for t in never)) == [
            p for p in pairs if p[0].tag not in never]
        sums = PageStats(compiled).running_good()
        some = rng.sample(elements, min(len(elements), 60))
        amounts = _native.range_amounts(some, compiled.spans, sums)
        for node, amount in zip(some, amounts, strict=True):
            a, b = compiled.span(node)
            assert amount is None or amount == sums[b] - sums[a]
            assert amount is not None or (node not in compiled.spans and len(node))
        for node in elements[:: max(1, len(elements) // 40)]:
            for self_too in (False, True):
                assert _native.inside(node, removed, self_too) == _python_inside(
                    node, removed, self_too)


def _same_paths(root: etree._Element) -> None:
    assert _native is not None
    tree = root.getroottree()
    nodes = list(root.iter())
    random.Random(len(nodes)).shuffle(nodes)  # siblings asked for in any order
    nodes = nodes[:400]  # lxml's getpath takes long on big pages
    paths: dict[int, str] = {}
    numbers: dict[int, int] = {}
    for node in nodes:
        got = _native.xpath(node, paths, numbers)
        if got is None:  # namespaced, prefixed or not an element: lxml writes it
            chain = [node, *node.iterancestors()]
            assert any(not isinstance(n.tag, str) or "{" in n.tag or ":" in n.tag
                       for n in chain)
        else:
            assert got == tree.getpath(node)


def _same_order(root: etree._Element) -> None:
    # in_document_order sorts as the XPath union of the removal log does: any subset
    # (ancestors with their descendants, comments, processing instructions) shuffled.
    assert _native is not None
    nodes = list(root.iter())
    rng = random.Random(len(nodes))
    for size in (2, 3, 40, len(nodes)):
        chosen = rng.sample(nodes, min(size, len(nodes)))
        expected = htmldoc._IN_ORDER(root, nodes=chosen)
        assert _native.in_document_order(chosen) == expected


def _same_link_lists(root: etree._Element) -> None:
    # The link-lists rule with its compiled loop and with the Python one, over the
    # whole body and over each of a few containers taken as the kept content.
    from cleantext import rules  # noqa: F401  (registers the rules)
    from cleantext.config import Config
    from cleantext.context import RuleContext
    from cleantext.html.htmldoc import HtmlDoc
    from cleantext.registry import REGISTRY
    from cleantext.rules import html_links

    rule = REGISTRY.get("link-lists")
    body = root.find("body")
    for keep in (None, *[{n} for n in root.iter("div", "main", "table")][:6]):
        found = []
        for compiled in (html_links._native, None):
            doc = HtmlDoc(root)
            if keep is not None:
                doc.cache["main-content"] = keep
            saved, html_links._native = html_links._native, compiled
            try:
                doc.begin(rule.name)
                rule(doc, RuleContext(rule=rule, config=Config(), url=None))
            finally:
                html_links._native = saved
            found.append(dict(doc._removed))
        assert found[0] == found[1], (keep, body is None)
        LINK_REMOVALS.append(len(found[0]))


LINK_REMOVALS: list[int] = []


def test_the_link_lists_comparison_saw_removals() -> None:
    """(Runs after the comparisons above: they must have compared some removals.)"""
    if _native is not None and LINK_REMOVALS:
        assert sum(LINK_REMOVALS) > 0


def _python_inside(node: etree._Element, nodes: object, self_too: bool) -> bool:
    current = node if self_too else node.getparent()
    while current is not None:
        if current in nodes:  # type: ignore[operator]
            return True
        current = current.getparent()
    return False


def _python_sums(kept: PageStats, which: int) -> list[int]:
    compiled = stats.native_loops
    stats.native_loops = None
    try:
        return kept._sums(which)
    finally:
        stats.native_loops = compiled


def _python_best(kept: PageStats, bad: float, short: float) -> etree._Element | None:
    compiled = stats.native_loops
    stats.native_loops = None
    try:
        return PageStats(kept.index, None if not kept._masked else
                         [not k for k in kept.kept_mask]).best(bad, short)
    finally:
        stats.native_loops = compiled


@native
@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(HERE)))
def test_fixture_and_hostile_pages_have_the_same_statistics(path: Path) -> None:
    _same_numbers(parse_html(path.read_bytes()))
    _same_paths(parse_html(path.read_bytes()))
    _same_order(parse_html(path.read_bytes()))
    _same_link_lists(parse_html(path.read_bytes()))


@native
@settings(max_examples=150, deadline=None)
@given(page=html_pages())
def test_generated_pages_have_the_same_statistics(page: str) -> None:
    try:
        root = parse_html(page)
    except InputError:
        assume(False)  # not a page
        return
    _same_numbers(root)
    _same_paths(root)
    _same_order(root)
    _same_link_lists(root)


@native
def test_runs_and_tables_are_good_alike() -> None:
    long = "The council met on Tuesday to vote on the new budget for the city's schools. "
    cells = "".join(f"<tr><td>{w} result</td><td>{i}</td></tr>" for i, w in
                    enumerate(("Rabat", "Fes", "Tanger", "Oujda", "Agadir", "Meknes") * 3))
    page = (
        f"<html><body><p>one<br>two<br>{long}</p><p>a<br>b</p><p>{long}<br>x</p>"
        f"<table>{cells}</table><ul>{'<li><a href=/>link item</a></li>' * 8}</ul>"
        f"<p><a href=/>{long}</a></p><div>{long}<p>x</p>{long}</div>"
        "<p><a href=/>abcd</a>efgh</p><ul><li><a href=/>ab</a>cd</li><li>x</li>"
        "<li><a href=/>y</a></li></ul></body></html>"  # densities on the thresholds
    )
    _same_numbers(parse_html(page))
    _same_link_lists(parse_html(page))


@native
def test_paths_of_mixed_siblings_comments_and_namespaces_match_lxml() -> None:
    page = (
        "<html><body><!-- c --><div><p>a</p><!-- x --><p>b</p><span>s</span><p>c</p>"
        "<?pi x?><div>d</div></div><div><p>only</p></div><p>e</p>"
        "<x:tag xmlns:x='urn:x'><p>in ns</p></x:tag><o:p>prefixed</o:p>"
        "<svg xmlns='http://www.w3.org/2000/svg'><g><text>t</text></g></svg></body></html>"
    )
    _same_paths(parse_html(page))
    _same_order(parse_html(page))
    wide = "".join(f"<p>{i}</p><div>{i}</div>" for i in range(300))
    _same_paths(parse_html(f"<html><body><main>{wide}</main></body></html>"))
    _same_order(parse_html(f"<html><body><main>{wide}</main></body></html>"))


def test_the_python_loops_are_used_when_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """``CLEANTEXT_PURE_PYTHON=1`` switches the compiled loops off."""
    from cleantext.compiled import compiled_module

    monkeypatch.setenv("CLEANTEXT_PURE_PYTHON", "1")
    assert compiled_module("html._stats") is None
