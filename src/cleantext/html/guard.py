"""The HTML rules' shared safety net: never remove the bulk of the article.

A markup rule flags nodes (by tag, class, style...). Markup lies now and then: a
``<form>`` around the whole page, ``class="has-sidebar"`` on the article, the
article inside ``<footer>``. So a rule removes its flagged nodes together, and if
that would leave the page with too little article-like text, the flagged nodes
holding the most of it are spared, largest first, until enough is left.
"""

from __future__ import annotations

from collections.abc import Iterable

from lxml import etree

from .htmldoc import HtmlDoc
from .stats import PageStats, kept_blocks, stats_of_blocks

#: Fitted on the dev pages: after a markup rule, at least this share of the page's
#: article-like text must be left.
KEEP_SHARE = 0.25


def initial_stats(doc: HtmlDoc) -> PageStats:
    """The statistics of the page as parsed (computed once, cached on the doc)."""
    found = doc.cache.get("initial-stats")
    if not isinstance(found, PageStats):
        found = stats_of_blocks(doc.initial_blocks)
        doc.cache["initial-stats"] = found
    return found


def current_stats(doc: HtmlDoc) -> PageStats:
    """The statistics of the page's blocks not removed yet (from the initial walk:
    a block counts as kept while its own element is kept)."""
    removed = doc.removed_nodes()
    key = ("current-stats", len(removed))
    found = doc.cache.get("current-stats")
    if isinstance(found, tuple) and found[0] == key:
        return found[1]  # type: ignore[no-any-return]
    stats = stats_of_blocks(kept_blocks(doc.initial_blocks, removed))
    doc.cache["current-stats"] = (key, stats)
    return stats


def remove_flagged(doc: HtmlDoc, flagged: Iterable[tuple[etree._Element, str]]) -> int:
    """Remove the flagged ``(node, reason)`` pairs, sparing what the article needs.

    ``<html>`` and ``<body>`` are never removed. Returns how many nodes were removed.
    """
    stats = initial_stats(doc)
    chosen: dict[etree._Element, str] = {}
    for node, reason in flagged:
        if node.tag not in ("html", "body") and node not in chosen:
            chosen[node] = reason
    outer = [n for n in chosen if not _inside_any(n, chosen) and not doc.is_removed(n)]
    gone = doc.cache.get("good-removed", 0)
    kept = stats.total_good - gone - sum(stats.of(n).good for n in outer)
    need = KEEP_SHARE * stats.total_good
    spared: set[etree._Element] = set()
    for node in sorted(outer, key=lambda n: -stats.of(n).good):
        if kept >= need or stats.of(node).good == 0:
            break
        spared.add(node)
        kept += stats.of(node).good
    count = 0
    for node, reason in chosen.items():
        if node in spared or _inside_any(node, spared):
            continue
        if doc.remove(node, reason):
            count += 1
    doc.cache["good-removed"] = stats.total_good - max(kept, 0) if outer else gone
    return count


def _inside_any(
    node: etree._Element, nodes: dict[etree._Element, str] | set[etree._Element]
) -> bool:
    parent = node.getparent()
    while parent is not None:
        if parent in nodes:
            return True
        parent = parent.getparent()
    return False
