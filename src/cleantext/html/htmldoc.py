"""The HTML-stage document: an lxml tree and the nodes rules removed from it.

Rules call :meth:`HtmlDoc.remove` with a node; the node is marked, not detached,
so undoing a rule is cheap and the tree keeps its shape for XPaths.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Sequence
from typing import Any

import regex
from lxml import etree

from ..compiled import compiled_module
from ..result import Removal, make_removal
from .blocks import BLOCK_TAGS, INDEXED_TAGS, INVISIBLE, TextBlock, iter_blocks
from .stats import PageIndex

__all__ = ["INVISIBLE", "HtmlDoc", "select"]

_SPACE = regex.compile(r"\s+")
_IN_ORDER = etree.XPath("$nodes | $nodes")
#: The compiled ancestor test (``_stats.pyx``), or ``None``: the Python loop runs.
_native = compiled_module("html._stats")
#: XPaths per page written by lxml's ``getpath`` (fast, but it counts siblings on
#: every call: quadratic on wide pages); the others from cached sibling numbers.
GETPATH_CALLS = 64


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
        #: The removed nodes, each with its rule, reason and visible text (the log's
        #: entries are made when asked for: rolled-back and empty ones never are).
        self._removed: dict[etree._Element, tuple[str, str, str]] = {}
        self._pending: list[etree._Element] = []
        #: Non-space characters of the pending removals' texts (kept as they come).
        self._pending_chars = 0
        self._rule = ""
        self._total: int | None = None
        #: Per parent, the numbers of the children in their XPath steps (see _number).
        self._numbers: dict[etree._Element, dict[etree._Element, int]] = {}
        self._paths: dict[etree._Element, str] = {}
        #: The compiled xpath_of's paths and sibling numbers, by node address.
        self._native_paths: dict[int, str] = {}
        self._native_numbers: dict[int, int] = {}
        #: How many more XPaths lxml's ``getpath`` may write (see xpath_of).
        self._getpaths = GETPATH_CALLS
        self._removed_chars = 0
        self._index: PageIndex | None = None
        self._inline_removed: set[etree._Element] = set()
        self._holders: set[etree._Element] | None = None
        self._starts: list[int] | None = None
        #: With _starts: per first block of removed elements, the last end of theirs.
        self._ends: dict[int, int] = {}
        #: The nearest block-level ancestor (with a block range) of removed inline elements.
        self._owners: dict[etree._Element, etree._Element] = {}
        #: See _owned.
        self._by_first: dict[int, dict[etree._Element, None]] | None = None
        self._firsts: list[int] = []

    @property
    def index(self) -> PageIndex:
        """The page's blocks before any removal and each element's block range (one
        walk, cached)."""
        if self._index is None:
            self._index = PageIndex.of(self.root)
        return self._index

    @property
    def marked(self) -> Sequence[etree._Element]:
        """The page's visible elements that carry a markup attribute some judge may care
        about, in document order: the candidates of the markup rules (gathered by the
        index's walk, which leaves out elements whose pairs are all quiet — see
        :mod:`cleantext.html.markup`)."""
        return self.index.marked

    def elements(self, *tags: str) -> list[etree._Element]:
        """The elements with one of ``tags``, in document order: ``root.iter(*tags)``,
        read from the page walk's list when it holds them (see ``INDEXED_TAGS``)."""
        tagged = self.index.tagged
        if tagged is None or not INDEXED_TAGS.issuperset(tags):
            return list(self.root.iter(*tags))
        return [node for tag, node in tagged if tag in tags]

    def tagged(self, *tags: str) -> list[tuple[str, etree._Element]]:
        """``(tag, element)`` of :meth:`elements` (the tag as ``element.tag`` says it)."""
        tagged = self.index.tagged
        if tagged is None or not INDEXED_TAGS.issuperset(tags):
            return [(str(node.tag), node) for node in self.root.iter(*tags)]
        return [pair for pair in tagged if pair[0] in tags]

    @property
    def initial_blocks(self) -> list[TextBlock]:
        """The page's blocks before any removal."""
        return self.index.blocks

    def is_removed(self, node: etree._Element) -> bool:
        """Whether ``node`` or one of its ancestors has been removed."""
        if _native is not None:
            return _native.inside(node, self._removed, True)  # type: ignore[no-any-return]
        current: etree._Element | None = node
        while current is not None:
            if current in self._removed:
                return True
            current = current.getparent()
        return False

    def xpath_of(self, node: etree._Element) -> str:
        """The node's absolute XPath, as written in the removal log (the same string
        as lxml's ``getpath``, in time linear in the page size over all calls)."""
        if _native is not None:
            # The same steps as below, in C (by node address): no lxml getpath at all.
            found = _native.xpath(node, self._native_paths, self._native_numbers)
            return found if found is not None else str(self.tree.getpath(node))
        paths = self._paths
        found = paths.get(node)
        if found is not None:
            return found
        if self._getpaths:
            # libxml2 writes the first few paths at C speed; each costs at most the
            # page's size (it counts the siblings of every ancestor), so a fixed
            # number of them keeps the total linear.
            self._getpaths -= 1
            found = paths[node] = str(self.tree.getpath(node))
            return found
        chain: list[tuple[etree._Element, str, int]] = []
        numbers_of = self._numbers
        current = node
        while True:
            tag = current.tag
            if not isinstance(tag, str) or tag.startswith("{") or ":" in tag:
                return str(self.tree.getpath(node))  # namespaces, comments: rare
            parent = current.getparent()
            if parent is None:
                prefix = "/" + tag
                break
            numbers = numbers_of.get(parent)
            number = numbers.get(current) if numbers is not None else None
            if number is None:
                number = self._number(parent, current, tag)
            chain.append((current, tag, number))
            current = parent
            found = paths.get(current)
            if found is not None:
                prefix = found
                break
        # Remember the path of every element on the way: removals share ancestors.
        for element, tag, number in reversed(chain):
            prefix = f"{prefix}/{tag}[{number}]" if number else f"{prefix}/{tag}"
            paths[element] = prefix
        return prefix

    def visible_text(self, node: etree._Element) -> str:
        """The node's visible text, blocks joined by a space, skipping removed parts.

        A block-level node's text is read from the page index (its blocks not inside
        a removed node); the tree is walked again only when a removed inline element
        lies inside it.
        """
        return self._text(node, self.index.spans.get(node))

    def _text(self, node: etree._Element, span: tuple[int, int] | None) -> str:
        """:meth:`visible_text`, given the node's block range (``None`` for an inline
        element)."""
        if span is None:
            if not len(node):
                tag = node.tag
                if tag.__class__ is str and tag not in INVISIBLE and tag not in BLOCK_TAGS:
                    # A leaf inline element (a link, an icon, a form field): its own text.
                    return " ".join((node.text or "").split())
            return " ".join([b.text for b in iter_blocks(node, self._removed, separate=True)])
        a, b = span
        if a == b:
            return ""
        walked, starts, index = self._reading(node)
        removed = self._removed
        # Removed block-level elements holding text, by first block: any inside?
        inside = bisect_left(starts, b) - bisect_left(starts, a) if starts else 0
        if node in removed:
            inside -= 1  # its own start
        blocks = index.blocks
        if inside <= 0 and not walked:
            return _joined(blocks, a, b)
        if walked is None:
            walked = {}
        spans = index.spans
        parts = []
        i = a
        while i < b:
            found = walked.get(i)
            if found is not None:
                # A block-level element holding removed inline elements: walked again.
                parts.extend(found[1])
                i = found[0]
                continue
            block = blocks[i]
            if inside <= 0 or block.node is node:
                parts.append(block.text)
                i += 1
                continue
            hit = _removed_above(block.node, node, removed)
            if hit is None:
                parts.append(block.text)
                i += 1
                continue
            # Every block of a removed block-level element is gone: skip them all.
            gone = spans.get(hit)
            i = gone[1] if gone is not None and gone[1] > i else i + 1
        return " ".join(parts)

    def _kept_text(self, node: etree._Element, span: tuple[int, int] | None) -> str:
        """:meth:`_text` of a node known to be kept (no removed ancestor-or-self, as
        :meth:`_add` has it): every removed block-level element whose first block lies
        in the node's range then lies inside it, so its blocks are skipped by range
        (:attr:`_ends`) instead of by a walk up from every block."""
        if span is None:
            return self._text(node, span)
        a, b = span
        if a == b:
            return ""
        walked, starts, index = self._reading(node)
        blocks = index.blocks
        if not walked and (not starts or bisect_left(starts, b) == bisect_left(starts, a)):
            return _joined(blocks, a, b)
        if walked is None:
            walked = {}
        ends = self._ends
        parts = []
        i = a
        while i < b:
            found = walked.get(i)
            if found is not None:
                # A block-level element holding removed inline elements: walked again.
                parts.extend(found[1])
                i = found[0]
                continue
            end = ends.get(i)
            if end is not None:
                i = end  # the blocks of removed elements starting here: all gone
                continue
            parts.append(blocks[i].text)
            i += 1
        return " ".join(parts)

    def _reading(
        self, node: etree._Element
    ) -> tuple[dict[int, tuple[int, list[str]]] | None, list[int], PageIndex]:
        """What reading a block-level node's text from the index needs: its re-walked
        elements (:meth:`_rewalked`; ``None`` when none under it holds a removed
        inline element), the first blocks of the removed block-level elements, and
        the page index."""
        holders = self._holders
        if holders is None:
            holders = self._inline_holders()
        walked = self._rewalked(node) if node in holders else None
        starts = self._starts
        if starts is None:
            starts = self._removed_starts()
        index = self._index
        if index is None:
            index = self.index
        return walked, starts, index

    def _rewalked(self, node: etree._Element) -> dict[int, tuple[int, list[str]]]:
        """The block-level elements under ``node`` (or ``node`` itself) that hold
        removed inline elements, outermost only, and not inside removed elements:
        ``{first block: (end block, their visible blocks' texts)}``.

        Only these need walking again to read ``node``'s text: every other block of
        ``node`` is read from the index (a block ends where a block-level element
        starts or ends, so removing inline elements only changes the blocks of their
        nearest block-level ancestor).
        """
        spans = self.index.spans
        removed = self._removed
        lo, hi = spans[node]
        firsts, by_first = self._owned()
        owners: set[etree._Element] = set()
        # Only owners whose blocks start in node's range can lie under it.
        for i in range(bisect_left(firsts, lo), bisect_left(firsts, hi)):
            for owner in by_first[firsts[i]]:
                # Under ``node`` (or ``node`` itself), and not inside a removed element?
                current: etree._Element | None = owner
                while current is not None and current is not node:
                    if current in removed:
                        break
                    current = current.getparent()
                if current is node:
                    owners.add(owner)
        out: dict[int, tuple[int, list[str]]] = {}
        for owner in owners:
            parent = owner.getparent() if owner is not node else None
            while parent is not None and parent not in owners and parent is not node:
                parent = parent.getparent()
            if parent is not None and parent in owners:
                continue  # walked with an outer one
            first, end = spans[owner]
            texts = [b.text for b in iter_blocks(owner, removed, separate=True)]
            out[first] = (end, texts)
        return out

    def _owned(self) -> tuple[list[int], dict[int, dict[etree._Element, None]]]:
        """The owners of the removed inline elements (the nearest ancestor with a
        block range; those holding text only): their first blocks, sorted, and the
        owners starting at each (kept up to date as removals come)."""
        if self._by_first is None:
            self._by_first, self._firsts = {}, []
            for node in self._inline_removed:
                self._own(node)
        return self._firsts, self._by_first

    def _own(self, inline: etree._Element) -> None:
        by_first = self._by_first
        if by_first is None:
            return
        spans = self.index.spans
        owner = self._owners.get(inline)
        if owner is None:
            owner = inline.getparent()
            while owner is not None and owner not in spans:
                owner = owner.getparent()
            if owner is None:
                return
            self._owners[inline] = owner
        first, end = spans[owner]
        if first == end:
            return
        at = by_first.get(first)
        if at is None:
            by_first[first] = {owner: None}
            insort(self._firsts, first)
        else:
            at[owner] = None

    def _inline_holders(self) -> set[etree._Element]:
        """The ancestors of the removed inline elements (kept up to date as they go)."""
        if self._holders is None:
            self._holders = set()
            for node in self._inline_removed:
                self._hold(node)
        return self._holders

    def _hold(self, node: etree._Element) -> None:
        holders = self._holders
        if holders is None:
            return
        parent = node.getparent()
        while parent is not None and parent not in holders:
            holders.add(parent)
            parent = parent.getparent()

    def _removed_starts(self) -> list[int]:
        """The first block of each removed block-level element that holds text, sorted."""
        if self._starts is None:
            spans = self.index.spans
            ranges = [spans[r] for r in self._removed if r in spans]
            ranges = [(a, b) for a, b in ranges if a < b]
            self._starts = sorted(a for a, _ in ranges)
            ends = self._ends = {}
            for a, b in ranges:
                if ends.get(a, 0) < b:
                    ends[a] = b
        return self._starts

    def _end(self, span: tuple[int, int]) -> None:
        """Note a removed element's block range in :attr:`_ends`."""
        a, b = span
        if self._ends.get(a, 0) < b:
            self._ends[a] = b

    def remove(self, node: etree._Element, reason: str) -> bool:
        """Remove ``node`` for the running rule; returns whether it was still there."""
        if not self._rule:
            raise RuntimeError("HtmlDoc.remove() called outside a rule run")
        if node is self.root or self.is_removed(node):
            return False
        self._add(node, reason)
        return True

    def _add(self, node: etree._Element, reason: str) -> None:
        """:meth:`remove` for a node known to be kept (not the root, no removed
        ancestor): the guard has walked its ancestors already."""
        if not self._rule:
            raise RuntimeError("HtmlDoc.remove() called outside a rule run")
        index = self._index
        span = (index if index is not None else self.index).spans.get(node)
        text = self._kept_text(node, span)
        self._removed[node] = (self._rule, reason, text)
        self._pending.append(node)
        if text:
            self._pending_chars += len(text) - text.count(" ")
        if span is None:
            self._inline_removed.add(node)
            self._hold(node)
            self._own(node)
        elif span[0] < span[1] and self._starts is not None:
            insort(self._starts, span[0])
            self._end(span)

    def _add_all(self, pairs: list[tuple[etree._Element, str]]) -> None:
        """:meth:`_add` for each ``(node, reason)``, in order: nodes known to be kept,
        none inside another (the guard's outermost flagged nodes), so each one's text
        is read before any of the others is marked (one loop for a rule's removals)."""
        if not self._rule:
            raise RuntimeError("HtmlDoc.remove() called outside a rule run")
        index = self._index
        if index is None:
            index = self.index
        spans = index.spans
        blocks = index.blocks
        removed = self._removed
        rule = self._rule
        pending = self._pending
        chars = 0
        holders = self._holders
        starts = self._starts
        text_of = self._text
        kept_text = self._kept_text
        new_starts: list[int] = []
        inline: list[etree._Element] = []
        for node, reason in pairs:
            span = spans.get(node)
            if span is None:
                if not len(node):
                    tag = node.tag
                    if tag.__class__ is str and tag not in INVISIBLE and tag not in BLOCK_TAGS:
                        text = " ".join((node.text or "").split())
                    else:
                        text = text_of(node, span)
                else:
                    text = text_of(node, span)
                inline.append(node)
            else:
                a, b = span
                if a == b:
                    text = ""
                else:
                    # _text's fast path: no removed inline element below, no removed
                    # block-level element starting inside.
                    if holders is None:
                        holders = self._inline_holders()
                    if starts is None:
                        # Made from the removed nodes, this batch's so far included.
                        starts = self._removed_starts()
                        new_starts = []
                    if node in holders or (
                        starts and bisect_left(starts, b) != bisect_left(starts, a)
                    ):
                        text = kept_text(node, span)
                    elif b - a == 1:
                        text = blocks[a].text
                    else:
                        text = " ".join([blocks[i].text for i in range(a, b)])
                    new_starts.append(a)
            removed[node] = (rule, reason, text)
            pending.append(node)
            if text:
                chars += len(text) - text.count(" ")
        self._pending_chars += chars
        if new_starts and starts is not None:
            starts.extend(new_starts)
            starts.sort()
            ends = self._ends
            for node, _ in pairs:
                span = spans.get(node)
                if span is not None and span[0] < span[1] and ends.get(span[0], 0) < span[1]:
                    ends[span[0]] = span[1]
        if inline:
            self._inline_removed.update(inline)
            for node in inline:
                self._hold(node)
                self._own(node)

    @property
    def removals(self) -> list[Removal]:
        """Removals in document order, empty ones (no visible text) left out."""
        removed = self._removed
        # A removal without visible text is left out of the log.
        logged: list[Any] = [node for node, entry in removed.items() if entry[2]]
        if not logged:
            return []
        nodes: list[etree._Element]
        if _native is not None:
            nodes = _native.in_document_order(logged)  # the same order, in C
        else:
            # An XPath union of node sets comes in document order (sorted by libxml2).
            nodes = _IN_ORDER(self.root, nodes=logged)  # type: ignore[assignment]
        xpath_of = self.xpath_of
        out = []
        for node in nodes:
            rule, reason, text = removed[node]
            out.append(make_removal(rule, "html", reason, text, xpath_of(node)))
        return out

    def removed_nodes(self) -> frozenset[etree._Element]:
        return frozenset(self._removed)

    # -- the pipeline's protocol ----------------------------------------------------

    def begin(self, rule: str) -> None:
        self._rule = rule
        self._pending = []
        self._pending_chars = 0

    def commit(self) -> None:
        self._removed_chars += self._pending_chars
        self._rule = ""
        self._pending = []
        self._pending_chars = 0

    def rollback(self) -> None:
        for node in self._pending:
            self._removed.pop(node, None)
            self._inline_removed.discard(node)
        self._pending = []
        self._pending_chars = 0
        self._holders = self._starts = self._by_first = None  # rebuilt when next asked for
        self.commit()

    def kept_chars(self) -> int:
        """Non-whitespace characters of visible text not removed yet."""
        if self._total is None:
            # Joined with no separator: one count over all the blocks' text.
            self._total = _non_space("".join([b.text for b in self.initial_blocks]))
        return self._total - self._removed_chars

    def pending_chars(self) -> int:
        return self._pending_chars

    def _number(self, parent: etree._Element, child: etree._Element, tag: str) -> int:
        """``child``'s number among the children of ``parent`` with its tag ``tag``, as
        libxml2 writes it in a path step ("p[3]"), or 0 when it is the only one ("p").

        The children of a parent with the child's tag are numbered at once and cached
        (the step's string is made only for the elements asked about): ``getpath``
        counts siblings on every call, which is quadratic on wide pages.
        """
        numbers = self._numbers.get(parent)
        if numbers is None:
            numbers = self._numbers[parent] = {}
        # The siblings of child's tag (matched by lxml; the tag compare keeps out
        # anything else it would match), numbered at once.
        same = [c for c in parent.iterchildren(tag) if c.tag == tag]
        if len(same) == 1:
            numbers[child] = 0
            return 0
        numbers.update(zip(same, range(1, len(same) + 1), strict=True))
        return numbers[child]


def _non_space(text: str) -> int:
    return len(text) - text.count(" ")


def _removed_above(
    start: etree._Element, stop: etree._Element, removed: dict[etree._Element, tuple[str, str, str]]
) -> etree._Element | None:
    """The nearest of ``start`` and its ancestors below ``stop`` that is removed, if any."""
    current: etree._Element | None = start
    while current is not None and current is not stop:
        if current in removed:
            return current
        current = current.getparent()
    return None


def _joined(blocks: list[TextBlock], a: int, b: int) -> str:
    """The texts of blocks ``a`` to ``b`` (not empty), joined by a space."""
    if b - a == 1:
        return blocks[a].text
    return " ".join([blocks[i].text for i in range(a, b)])
