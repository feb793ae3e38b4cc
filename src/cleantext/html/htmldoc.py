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
        self._removed_chars = 0

    @property
    def initial_blocks(self) -> list[TextBlock]:
        """The page's blocks before any removal (one walk, cached)."""
        found: list[TextBlock] | None = self.cache.get("initial-blocks")
        if found is None:
            found = self.cache["initial-blocks"] = list(iter_blocks(self.root))
        return found

    def is_removed(self, node: etree._Element) -> bool:
        """Whether ``node`` or one of its ancestors has been removed."""
        current: etree._Element | None = node
        while current is not None:
            if current in self._removed:
                return True
            current = current.getparent()
        return False

    def xpath_of(self, node: etree._Element) -> str:
        """The node's absolute XPath, as written in the removal log."""
        return str(self.tree.getpath(node))

    def visible_text(self, node: etree._Element) -> str:
        """The node's visible text, blocks joined by a space, skipping removed parts."""
        return " ".join(b.text for b in iter_blocks(node, self._removed))

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
        self._pending = []
        self.commit()

    def kept_chars(self) -> int:
        """Non-whitespace characters of visible text not removed yet."""
        if self._total is None:
            self._total = sum(_non_space(b.text) for b in self.initial_blocks)
        return self._total - self._removed_chars

    def pending_chars(self) -> int:
        return sum(_non_space(self._removed[n].text) for n in self._pending)


def _non_space(text: str) -> int:
    return len(text) - text.count(" ")
