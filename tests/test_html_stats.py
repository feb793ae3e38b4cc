"""Page statistics: the fast paths must read the same numbers as the plain ones."""

from __future__ import annotations

import random

from cleantext.html.htmldoc import HtmlDoc
from cleantext.html.parse import parse_html
from cleantext.html.stats import GOOD_CHARS, PageIndex, PageStats, dropped_mask, is_good

LONG = "The council met on Tuesday to vote on the new budget for the city's schools. " * 2
PAGE = f"""<html><body>
<nav><ul><li><a href="/a">Home</a></li><li><a href="/b">News</a></li></ul></nav>
<div id="main"><h1>Budget</h1><p>{LONG}</p><p>{LONG}<a href="/x">more</a></p>
<p>Short line one<br>short line two<br>{"short line three " * 4}</p>
<p>tiny<br>bits</p><div><p>{LONG}</p><span><p>{LONG}</p></span></div></div>
<div class="teasers"><p><a href="/1">{LONG}</a></p><p>{LONG}</p></div>
<footer><p>Contact us</p></footer></body></html>"""


def _scores_best(stats: PageStats) -> object:
    best, best_score = None, 0.0
    for node, _, value in stats.scores(1.0, 0.3):
        if value > best_score:
            best, best_score = node, value
    return best


def test_best_container_is_the_first_top_score_of_scores() -> None:
    index = PageIndex.of(parse_html(PAGE))
    nodes = list(index.spans)
    assert PageStats(index).best(1.0, 0.3) is _scores_best(PageStats(index))
    rng = random.Random(7)
    for _ in range(30):
        removed = rng.sample(nodes, 3)
        stats = PageStats(index, dropped_mask(index, removed))
        assert stats.best(1.0, 0.3) is _scores_best(stats)
        assert stats.best(0.0, 0.0) is _scores_best_weights(stats)


def _scores_best_weights(stats: PageStats) -> object:
    best, best_score = None, 0.0
    for node, _, value in stats.scores(0.0, 0.0):
        if value > best_score:
            best, best_score = node, value
    return best


def test_running_sums_read_like_node_stats() -> None:
    index = PageIndex.of(parse_html(PAGE))
    stats = PageStats(index, dropped_mask(index, list(index.spans)[:2]))
    chars, links, count = stats.running()
    for node, (a, b) in index.spans.items():
        s = stats.of(node)
        assert (chars[b] - chars[a], links[b] - links[a], count[b] - count[a]) == (
            s.chars, s.links, s.blocks)
    nodes, starts, ends = index.bounds()
    assert list(zip(nodes, zip(starts, ends, strict=True), strict=True)) == list(
        index.spans.items())


def test_lines_cut_by_br_are_good_together_when_long_enough() -> None:
    index = PageIndex.of(parse_html(PAGE))
    runs: dict[object, list[bool]] = {}
    for block, good in zip(index.blocks, index.good, strict=True):
        runs.setdefault(block.node, []).append(good)
    lines = [n for n, flags in runs.items() if len(flags) > 1]
    assert len(lines) == 2  # the two <p> cut by <br>
    long_run, short_run = lines
    assert runs[long_run] == [True, True, True]  # together over GOOD_CHARS
    assert runs[short_run] == [False, False]
    assert all(flags == [is_good(b)] for n, flags in runs.items() if len(flags) == 1
               for b in index.blocks if b.node is n)
    assert len("short line three " * 4) < GOOD_CHARS


def test_a_leaf_inline_element_spans_no_blocks() -> None:
    root = parse_html(f"<html><body><p>{LONG}<i class='icon'></i><b>x</b></p></body></html>")
    index = PageIndex.of(root)
    for tag in ("i", "b"):
        assert index.span(next(root.iter(tag))) == (0, 0)


def test_xpaths_with_comments_and_mixed_siblings_match_lxml() -> None:
    root = parse_html(
        "<html><body><!-- c --><div><p>a</p><!-- x --><p>b</p><span>s</span><p>c</p>"
        "<?pi x?><div>d</div></div><div><p>only</p></div><p>e</p></body></html>"
    )
    elements = [e for e in root.iter() if isinstance(e.tag, str)]
    random.Random(3).shuffle(elements)  # siblings asked for in any order
    doc = HtmlDoc(root)
    doc._getpaths = 0  # every path from the cached sibling numbers, none from lxml
    for element in elements:
        assert doc.xpath_of(element) == doc.tree.getpath(element)
