"""Text statistics of a page, per element: how much good text, link text and
short-block text lies under each node.

A block is *good* when it is long enough (``GOOD_CHARS``) and not mostly link text
(``MAX_LINK_DENSITY``): that is what article paragraphs look like in every
language. Rules use the statistics to score containers (main content) and to
refuse to remove a container that holds the bulk of the page's good text.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field

from lxml import etree

from .blocks import TextBlock, iter_blocks

#: Fitted on the benchmark dev pages: a block of at least this many characters,
#: with link density at most ``MAX_LINK_DENSITY``, counts as article-like text.
GOOD_CHARS = 80
MAX_LINK_DENSITY = 0.35


@dataclass
class NodeStats:
    good: int = 0  # chars of good blocks (minus their link text)
    chars: int = 0  # all text chars
    links: int = 0  # link text chars
    short: int = 0  # chars of blocks that are not good and not links
    blocks: int = 0  # number of blocks


@dataclass
class PageStats:
    """Per-node statistics of the page's blocks (only nodes that hold text)."""

    blocks: list[TextBlock]
    nodes: dict[etree._Element, NodeStats] = field(default_factory=dict)
    total_good: int = 0
    total_chars: int = 0

    def of(self, node: etree._Element) -> NodeStats:
        return self.nodes.get(node) or NodeStats()

    def holds_bulk(self, node: etree._Element, share: float = 0.5) -> bool:
        """Whether ``node`` holds at least ``share`` of the page's good text."""
        return self.total_good > 0 and self.of(node).good >= share * self.total_good


def is_good(block: TextBlock) -> bool:
    return len(block.text) >= GOOD_CHARS and block.link_density <= MAX_LINK_DENSITY


def page_stats(root: etree._Element, removed: Collection[etree._Element] = ()) -> PageStats:
    """Walk the kept tree once and add each block's counts to all its ancestors."""
    return stats_of_blocks(list(iter_blocks(root, removed)))


def kept_blocks(blocks: list[TextBlock], removed: Collection[etree._Element]) -> list[TextBlock]:
    """The ``blocks`` whose node is not inside a ``removed`` node."""
    if not removed:
        return blocks
    verdict: dict[etree._Element, bool] = {}

    def gone(node: etree._Element | None) -> bool:
        path = []
        result = False
        while node is not None:
            known = verdict.get(node)
            if known is not None:
                result = known
                break
            if node in removed:
                result = True
                path.append(node)
                break
            path.append(node)
            node = node.getparent()
        for n in path:
            verdict[n] = result
        return result

    return [b for b in blocks if not gone(b.node)]


def stats_of_blocks(blocks: list[TextBlock]) -> PageStats:
    """Add each block's counts to all its ancestors."""
    stats = PageStats(blocks)
    nodes = stats.nodes
    for block in blocks:
        n = len(block.text)
        links = min(n, block.link_chars)
        good = n - links if is_good(block) else 0
        short = 0 if good else n - links
        stats.total_good += good
        stats.total_chars += n
        node: etree._Element | None = block.node
        while node is not None:
            s = nodes.get(node)
            if s is None:
                s = nodes[node] = NodeStats()
            s.good += good
            s.chars += n
            s.links += links
            s.short += short
            s.blocks += 1
            node = node.getparent()
    return stats
