"""The HTML-stage document: an lxml tree and the nodes rules removed from it.

Rules call :meth:`HtmlDoc.remove` with a node; the node is marked, not detached,
so undoing a rule is cheap and the tree keeps its shape for XPaths.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from lxml import etree

from ..result import Removal

_SPACE = regex.compile(r"\s+")

#: Elements whose text is never shown.
INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
     "math", "iframe", "object", "embed", "canvas", "datalist", "option"}
)


class HtmlDoc:
    """A parsed page with its removed nodes."""

    def __init__(self, root: etree._Element, url: str | None = None) -> None:
        self.root = root
        self.url = url
        self.tree = root.getroottree()
        self._removed: dict[etree._Element, Removal] = {}
        self._pending: list[etree._Element] = []
        self._rule = ""
        self._total: int | None = None
        self._steps: dict[etree._Element, dict[etree._Element, str]] = {}

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
        """The node's visible text, whitespace collapsed, skipping removed parts."""
        return _SPACE.sub(" ", "".join(self._texts(node, top=True))).strip()

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
        self._rule = ""
        self._pending = []

    def rollback(self) -> None:
        for node in self._pending:
            self._removed.pop(node, None)
        self.commit()

    def kept_chars(self) -> int:
        return len(_SPACE.sub("", self.visible_text(self.root)))

    def pending_chars(self) -> int:
        return sum(len(_SPACE.sub("", self._removed[n].text)) for n in self._pending)

    # -- internals ------------------------------------------------------------------

    def _texts(self, node: etree._Element, top: bool = False) -> Iterator[str]:
        # Iterative, not recursive: a page may nest thousands of elements deep.
        if not isinstance(node.tag, str) or node.tag in INVISIBLE:
            return
        if not top and node in self._removed:
            return
        if node.text:
            yield node.text
        stack: list[tuple[etree._Element, Iterator[etree._Element]]] = [(node, iter(node))]
        while stack:
            parent, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                if stack and parent.tail:
                    yield parent.tail
                continue
            if (
                isinstance(child.tag, str)
                and child.tag not in INVISIBLE
                and child not in self._removed
            ):
                if child.text:
                    yield child.text
                stack.append((child, iter(child)))
            elif child.tail:
                yield child.tail

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
