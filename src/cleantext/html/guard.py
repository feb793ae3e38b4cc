"""The HTML rules' shared safety net: never remove the bulk of the article.

A markup rule flags nodes (by tag, class, style...). Markup lies now and then: a
``<form>`` around the whole page, ``class="has-sidebar"`` on the article, the
article inside ``<footer>``. So a rule removes its flagged nodes together, and if
that would leave the page with too little article-like text, the flagged nodes
holding the most of it are spared, largest first, until enough is left.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from lxml import etree

from .htmldoc import HtmlDoc
from .stats import PageStats, dropped_mask, native_loops

#: Fitted on the dev pages: after a markup rule, at least this share of the page's
#: article-like text must be left.
KEEP_SHARE = 0.25
#: Fitted on the dev pages: the article-like text that must be left outside the
#: ``firm`` flagged nodes (comment threads) for them to go.
FIRM_KEEP_CHARS = 300

#: The compiled loops (``_stats.pyx``), or ``None``: the Python ones run.
_native = native_loops


def initial_stats(doc: HtmlDoc) -> PageStats:
    """The statistics of the page as parsed (computed once, cached on the doc)."""
    found = doc.cache.get("initial-stats")
    if not isinstance(found, PageStats):
        found = PageStats(doc.index)
        doc.cache["initial-stats"] = found
    return found


def current_stats(doc: HtmlDoc) -> PageStats:
    """The statistics of the page's blocks not removed yet (from the initial walk:
    a block counts as kept while its own element is kept)."""
    key = ("current-stats", len(doc._removed))
    found = doc.cache.get("current-stats")
    if isinstance(found, tuple) and found[0] == key:
        return found[1]  # type: ignore[no-any-return]
    removed = doc.removed_nodes()
    if not removed:
        return initial_stats(doc)
    index = doc.index
    last = doc.cache.get("dropped-mask")
    if isinstance(last, tuple) and last[0] <= removed:
        # Removals only add up between rules: mark the blocks of the new ones.
        mask = list(last[1])
        spans = index.spans
        for node in removed - last[0]:
            a, b = spans.get(node) or index.span(node)
            if a < b:
                mask[a:b] = [True] * (b - a)
    else:
        mask = dropped_mask(index, removed)
    doc.cache["dropped-mask"] = (removed, mask)
    stats = PageStats(index, mask)
    doc.cache["current-stats"] = (key, stats)
    return stats


def remove_flagged(
    doc: HtmlDoc,
    flagged: Iterable[tuple[etree._Element, str]],
    firm: Collection[etree._Element] = (),
) -> int:
    """Remove the flagged ``(node, reason)`` pairs, sparing what the article needs.

    ``firm`` nodes are never spared for holding article-like text, as long as some
    article-like text (``FIRM_KEEP_CHARS``) is left outside them: a comment thread
    often holds more long paragraphs than the article it follows.
    ``<html>`` and ``<body>`` are never removed. Returns how many nodes were removed.
    """
    stats = initial_stats(doc)
    chosen = _chosen(flagged) if _native is None else _native.first_reasons(flagged, _NEVER)
    gone = doc.cache.get("good-removed", 0)
    count = 0
    if firm:
        firm_chosen = {n: r for n, r in chosen.items() if n in firm and not doc.is_removed(n)}
        firm_outer = [n for n in firm_chosen if not _inside_any(n, firm_chosen)]
        if firm_outer:
            firm_good = sum(stats.good_of(n) for n in firm_outer)
            if stats.total_good - gone - firm_good >= FIRM_KEEP_CHARS:
                for node in firm_outer:
                    count += doc.remove(node, chosen.pop(node))
                gone += firm_good
    outer = (_outermost if _native is None else _native.outermost)(chosen, doc._removed)
    spans, span, sums = doc.index.spans, doc.index.span, stats.running_good()
    if _native is None:
        good = {}
        for n in outer:  # stats.good_of(n) for each, inlined
            a, b = spans.get(n) or span(n)
            good[n] = sums[b] - sums[a]
    else:
        amounts = _native.range_amounts(outer, spans, sums)
        for i in [i for i, x in enumerate(amounts) if x is None]:
            a, b = span(outer[i])
            amounts[i] = sums[b] - sums[a]
        good = dict(zip(outer, amounts, strict=True))
    kept = stats.total_good - gone - sum(good.values())
    need = KEEP_SHARE * stats.total_good
    spared: set[etree._Element] = set()
    # Sorted only when something must be spared (the loop stops at once otherwise).
    for node in sorted(outer, key=lambda n: -good[n]) if kept < need else ():
        if kept >= need or good[node] == 0:
            break
        spared.add(node)
        kept += good[node]
    # The other flagged nodes lie inside these (or inside removed nodes): they go with
    # them. No outer node lies inside another, nor inside a removed node (just checked).
    root = doc.root  # never removed
    if spared:
        going = [(n, chosen[n]) for n in outer if n not in spared and n is not root]
    else:
        going = [(n, chosen[n]) for n in outer if n is not root]
    doc._add_all(going)
    count += len(going)
    doc.cache["good-removed"] = stats.total_good - max(kept, 0) if outer else gone
    return count


#: The tags of the elements never removed (as bytes, for the compiled loop).
_NEVER = (b"html", b"body")


def _chosen(flagged: Iterable[tuple[etree._Element, str]]) -> dict[etree._Element, str]:
    """The first reason flagged for each node, ``<html>`` and ``<body>`` left out."""
    chosen: dict[etree._Element, str] = {}
    for node, reason in flagged:
        if node not in chosen and node.tag not in ("html", "body"):
            chosen[node] = reason
    return chosen


def _outermost(
    chosen: Collection[etree._Element], removed: Collection[etree._Element]
) -> list[etree._Element]:
    """The ``chosen`` nodes, in their order, with no ancestor-or-self removed and no
    ancestor chosen."""
    outer = []
    for node in chosen:
        if node in removed:
            continue
        parent = node.getparent()
        while parent is not None:
            if parent in chosen or parent in removed:
                break
            parent = parent.getparent()
        else:
            outer.append(node)
    return outer


def _inside_any(node: etree._Element, nodes: Collection[etree._Element]) -> bool:
    """Whether an ancestor of ``node`` is one of ``nodes``."""
    if _native is not None:
        return _native.inside(node, nodes, False)  # type: ignore[no-any-return]
    parent = node.getparent()
    while parent is not None:
        if parent in nodes:
            return True
        parent = parent.getparent()
    return False
