"""The HTML-stage document: an lxml tree and the nodes rules removed from it.

Rules call :meth:`HtmlDoc.remove` with a node; the node is marked, not detached,
so undoing a rule is cheap and the tree keeps its shape for XPaths.
"""

from __future__ import annotations

from typing import Any

import regex
from lxml import etree

from ..result import Removal
from .blocks import INVISIBLE, TextBlock, iter_blocks
from .stats import PageIndex

__all__ = ["INVISIBLE", "HtmlDoc", "select"]

_SPACE = regex.compile(r"\s+")


def select(root: etree._Element, query: str | etree.XPath) -> list[etree._Element]:
    """The elements an XPath selects under ``root`` (text and attribute results dropped)."""
    found = query(root) if isinstance(query, etree.XPath) else root.xpath(query)
    if not isinstance(found, list):
        return []
    return [n for n in found if isinstance(n, etree._Element)]


class HtmlDoc:
    """A parsed page with its removed nodes.

    ``cache`` holds what rules compute once per page and share (the page's block
    statistics, for instance); it is never part of the result.
    """

    def __init__(self, root: etree._Element, url: str | None = None) -> None:
        self.root = root
        self.url = url
        self.tree = root.getroottree()
        self.cache: dict[str, Any] = {}
        self._removed: dict[etree._Element, Removal] = {}
        self._pending: list[etree._Element] = []
        self._rule = ""
        self._total: int | None = None
        self._steps: dict[etree._Element, dict[etree._Element, str]] = {}
        self._removed_chars = 0
        self._index: PageIndex | None = None
        self._inline_removed: set[etree._Element] = set()

    @property
    def index(self) -> PageIndex:
        """The page's blocks before any removal and each element's block range (one
        walk, cached)."""
        if self._index is None:
            self._index = PageIndex.of(self.root)
        return self._index

    @property
    def marked(self) -> list[etree._Element]:
        """The page's visible elements that carry attributes, in document order: the
        candidates of the markup rules (gathered by the index's walk)."""
        return self.index.marked

    @property
    def initial_blocks(self) -> list[TextBlock]:
        """The page's blocks before any removal."""
        return self.index.blocks

    def is_removed(self, node: etree._Element) -> bool:
        """Whether ``node`` or one of its ancestors has been removed."""
        current: etree._Element | None = node
        while current is not None:
            if current in self._removed:
                return True
            current = current.getparent()
        return False

    def xpath_of(self, node: etree._Element) -> str:
        """The node's absolute XPath, as written in the removal log (the same string
        as lxml's ``getpath``, in time linear in the page size over all calls)."""
        parts: list[str] = []
        current = node
        while True:
            tag = current.tag
            if not isinstance(tag, str) or tag.startswith("{") or ":" in tag:
                return str(self.tree.getpath(node))  # namespaces, comments: rare
            parent = current.getparent()
            if parent is None:
                parts.append(tag)
                break
            parts.append(self._step(parent, current))
            current = parent
        return "/" + "/".join(reversed(parts))

    def visible_text(self, node: etree._Element) -> str:
        """The node's visible text, blocks joined by a space, skipping removed parts.

        A block-level node's text is read from the page index (its blocks not inside
        a removed node); the tree is walked again only when a removed inline element
        lies inside it.
        """
        index = self.index
        span = index.spans.get(node)
        if span is None or any(_contains(node, r) for r in self._inline_removed):
            return " ".join(b.text for b in iter_blocks(node, self._removed, separate=True))
        a, b = span
        if a == b:
            return ""
        blocks = index.blocks
        removed = self._removed
        spans = index.spans
        if not any(
            r is not node and a <= spans[r][0] < b and spans[r][0] < spans[r][1]
            for r in removed if r in spans
        ):
            return " ".join(blocks[i].text for i in range(a, b))
        parts = []
        for i in range(a, b):
            block = blocks[i]
            if block.node is not node and _inside(block.node, node, removed):
                continue
            parts.append(block.text)
        return " ".join(parts)

    def remove(self, node: etree._Element, reason: str) -> bool:
        """Remove ``node`` for the running rule; returns whether it was still there."""
        if not self._rule:
            raise RuntimeError("HtmlDoc.remove() called outside a rule run")
        if node is self.root or self.is_removed(node):
            return False
        removal = Removal(
            rule=self._rule,
            stage="html",
            reason=reason,
            text=self.visible_text(node),
            where=self.xpath_of(node),
        )
        self._removed[node] = removal
        self._pending.append(node)
        if node not in self.index.spans:
            self._inline_removed.add(node)
        return True

    @property
    def removals(self) -> list[Removal]:
        """Removals in document order, empty ones (no visible text) left out."""
        if not self._removed:
            return []
        order = {node: i for i, node in enumerate(self.root.iter())}
        nodes = sorted(self._removed, key=lambda n: order.get(n, -1))
        return [self._removed[n] for n in nodes if self._removed[n].text]

    def removed_nodes(self) -> frozenset[etree._Element]:
        return frozenset(self._removed)

    # -- the pipeline's protocol ----------------------------------------------------

    def begin(self, rule: str) -> None:
        self._rule = rule
        self._pending = []

    def commit(self) -> None:
        self._removed_chars += self.pending_chars()
        self._rule = ""
        self._pending = []

    def rollback(self) -> None:
        for node in self._pending:
            self._removed.pop(node, None)
            self._inline_removed.discard(node)
        self._pending = []
        self.commit()

    def kept_chars(self) -> int:
        """Non-whitespace characters of visible text not removed yet."""
        if self._total is None:
            self._total = sum(_non_space(b.text) for b in self.initial_blocks)
        return self._total - self._removed_chars

    def pending_chars(self) -> int:
        return sum(_non_space(self._removed[n].text) for n in self._pending)

    def _step(self, parent: etree._Element, child: etree._Element) -> str:
        """``child``'s XPath step under ``parent`` ("p" or "p[3]"), as libxml2 writes it.

        Steps are computed for all children of a parent at once and cached:
        ``getpath`` counts siblings on every call, which is quadratic on wide pages.
        """
        steps = self._steps.get(parent)
        if steps is None or child not in steps:
            elements = [c for c in parent if isinstance(c.tag, str)]
            totals: dict[str, int] = {}
            for c in elements:
                totals[c.tag] = totals.get(c.tag, 0) + 1
            seen: dict[str, int] = {}
            steps = {}
            for c in elements:
                seen[c.tag] = seen.get(c.tag, 0) + 1
                steps[c] = f"{c.tag}[{seen[c.tag]}]" if totals[c.tag] > 1 else str(c.tag)
            self._steps[parent] = steps
        return steps[child]


def _non_space(text: str) -> int:
    return len(text) - text.count(" ")


def _contains(node: etree._Element, other: etree._Element) -> bool:
    """Whether ``other`` lies strictly inside ``node``."""
    parent = other.getparent()
    while parent is not None:
        if parent is node:
            return True
        parent = parent.getparent()
    return False


def _inside(
    start: etree._Element, stop: etree._Element, removed: dict[etree._Element, Removal]
) -> bool:
    """Whether ``start`` or one of its ancestors below ``stop`` is removed."""
    current: etree._Element | None = start
    while current is not None and current is not stop:
        if current in removed:
            return True
        current = current.getparent()
    return False
