"""Text statistics of a page, per element: how much good text, link text and
short-block text lies under each node.

A block is *good* when it is long enough (``GOOD_CHARS``) and not mostly link text
(``MAX_LINK_DENSITY``): that is what article paragraphs look like in every
language. Rules use the statistics to score containers (main content) and to
refuse to remove a container that holds the bulk of the page's good text.

The page is walked once: its blocks come out in document order, and the blocks
under any element are a consecutive run of them, so each element only needs its
``[first, last)`` block range. An element's statistics are differences of running
sums over the blocks — no walk up the ancestors per block, no walk down per node.
Removing nodes zeroes their blocks and recomputes the running sums.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping, MutableMapping, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, compress
from operator import is_, itemgetter, mul, not_, sub
from typing import Any

from lxml import etree

from ..compiled import compiled_module
from .blocks import BLOCK_TAGS, TextBlock, iter_blocks

#: The compiled walk, whose index keeps block ranges in a ``NodeSpans`` (keyed by
#: node address) instead of a dict of elements, and the compiled loops
#: (``_stats.pyx``, which read that map: the guard and ``link-lists`` take them from
#: here), or ``None``: the Python ones run.
_walk = compiled_module("html._walk")
native_loops = compiled_module("html._stats") if _walk is not None else None

#: Fitted on the benchmark dev pages: a block of at least this many characters,
#: with link density at most ``MAX_LINK_DENSITY``, counts as article-like text.
GOOD_CHARS = 80
MAX_LINK_DENSITY = 0.35


@dataclass(slots=True)
class NodeStats:
    good: int = 0  # chars of good blocks (minus their link text)
    chars: int = 0  # all text chars
    links: int = 0  # link text chars
    short: int = 0  # chars of blocks that are not good and not links
    blocks: int = 0  # number of blocks


def is_good(block: TextBlock) -> bool:
    return len(block.text) >= GOOD_CHARS and block.link_density <= MAX_LINK_DENSITY


#: Fitted on the dev pages: a table or list of at least ``TABLE_MIN_BLOCKS`` cells or
#: items and ``TABLE_MIN_CHARS`` characters, at most ``TABLE_LINK_DENSITY`` of them
#: link text, counts as article-like text (a results table, an ingredient list).
TABLE_MIN_BLOCKS = 6
TABLE_MIN_CHARS = 300
TABLE_LINK_DENSITY = 0.1
_TABLES = ("table", "ul", "ol", "dl")
_TABLE_NAMES = tuple(tag.encode() for tag in _TABLES)  # for the compiled loop
#: The block ranges of a page's block-level elements (see :attr:`PageIndex.spans`).
Spans = Mapping[etree._Element, tuple[int, int]]
_FIRST = itemgetter(0)
_END = itemgetter(1)


def good_blocks(blocks: list[TextBlock], spans: Spans) -> list[bool]:
    """Which blocks are article-like: long non-link blocks; the lines of one element
    cut by ``<br>`` when together they are (a poem, a list of dates in one ``<p>``);
    the cells and items of a text table or list."""
    texts = [b.text for b in blocks]
    links = [b.link_chars for b in blocks]
    # is_good(b), inlined: a text of GOOD_CHARS or more is not empty.
    good = [
        len(t) >= GOOD_CHARS and lc / len(t) <= MAX_LINK_DENSITY
        for t, lc in zip(texts, links, strict=True)
    ]
    nodes = [b.node for b in blocks]
    n = len(blocks)
    # Runs of blocks of one element (lines cut by <br>): where a block's element is
    # the one before's.
    for i in list(compress(range(1, n), map(is_, nodes[1:], nodes))):
        if i > 1 and nodes[i - 1] is nodes[i - 2]:
            continue  # inside a run: handled from its first block
        start = i - 1
        j = i + 1
        owner = nodes[start]
        while j < n and nodes[j] is owner:
            j += 1
        if not good[start]:
            chars = sum(len(t) for t in texts[start:j])
            link = sum(links[start:j])
            if chars >= GOOD_CHARS and link <= MAX_LINK_DENSITY * chars:
                good[start:j] = [True] * (j - start)
    for node, (a, b) in spans.items():
        if b - a >= TABLE_MIN_BLOCKS and node.tag in _TABLES and not all(good[a:b]):
            chars = sum(len(x) for x in texts[a:b])
            link = sum(links[a:b])
            if chars >= TABLE_MIN_CHARS and link <= TABLE_LINK_DENSITY * chars:
                good[a:b] = [True] * (b - a)
    return good


@dataclass(frozen=True, slots=True)
class PageIndex:
    """The page's blocks (one walk) and the block range of each block-level element."""

    blocks: list[TextBlock]
    #: The ``[first, end)`` block range of each block-level element: a dict, or with
    #: the compiled walk a ``NodeSpans`` (the same mapping, no proxy per element).
    spans: Spans
    good: list[bool]
    #: The visible elements that carry an attribute the markup rules read, in
    #: document order (their candidates, gathered by the same walk), less those whose
    #: pairs are all quiet (see :mod:`cleantext.html.markup`).
    #: (A list, or with the compiled walk a ``NodeAddresses``: the same sequence,
    #: no proxy per element until one is read.)
    marked: Sequence[etree._Element]
    #: The distinct sets of those attributes on the page, and the number of each
    #: marked element's set in that list. A set is its ``(name, value)`` pairs, or
    #: with the compiled walk its key bytes (see :meth:`pairs`).
    markup: list[Any]
    markup_codes: list[int]
    #: ``(tag, element)`` of the elements with a tag in ``INDEXED_TAGS``, in document
    #: order, or ``None`` when some of them lie inside invisible elements.
    tagged: list[tuple[str, etree._Element]] | None
    #: :meth:`span` of the inline elements asked about (the tree does not change).
    _inline: dict[etree._Element, tuple[int, int]] = field(default_factory=dict)
    _amounts: list[list[int]] = field(default_factory=list)
    _bounds: list[tuple[list[etree._Element], list[int], list[int]]] = field(
        default_factory=list
    )

    @classmethod
    def of(cls, root: etree._Element) -> PageIndex:
        spans: MutableMapping[etree._Element, tuple[int, int]] = (
            {} if _walk is None else _walk.NodeSpans(root)
        )
        marked: Any = [] if _walk is None else _walk.NodeAddresses(root)
        markup: list[Any] = []
        tagged: list[tuple[str, etree._Element]] = []
        codes: list[int] = []
        # markup: the distinct sets in order of first appearance; codes: each marked
        # element's number in it.
        blocks = list(
            iter_blocks(
                root, (), spans, separate=True, marked=marked, markup=markup, tagged=tagged,
                codes=codes,
            )
        )
        complete = not any(tag == "" for tag, _ in tagged)
        if native_loops is None:
            good = good_blocks(blocks, spans)
            amounts: list[list[int]] = []
        else:  # good_blocks and amounts() in one compiled pass
            good, *amounts = native_loops.page_numbers(
                blocks, spans, GOOD_CHARS, MAX_LINK_DENSITY, TABLE_MIN_BLOCKS,
                TABLE_MIN_CHARS, TABLE_LINK_DENSITY, _TABLE_NAMES,
            )
        return cls(
            blocks, spans, good, marked, markup, codes, tagged if complete else None,
            _amounts=amounts,
        )

    def pairs(self, number: int) -> tuple[tuple[str, str], ...]:
        """The ``(name, value)`` pairs of the page's ``number``-th distinct set of
        markup attributes (see :attr:`markup`)."""
        found = self.markup[number]
        if isinstance(found, tuple):
            return found
        return _walk.key_pairs(found)  # type: ignore[union-attr,no-any-return]

    def amounts(self) -> tuple[list[int], list[int], list[int], list[int]]:
        """Per block: its characters, link characters, article-like characters (minus
        link text; 0 for a block that is not article-like) and other non-link
        characters (computed once)."""
        found = self._amounts
        if not found:
            chars = [len(b.text) for b in self.blocks]
            links = [min(c, b.link_chars) for c, b in zip(chars, self.blocks, strict=True)]
            good = [c - lc if ok else 0 for c, lc, ok in zip(chars, links, self.good, strict=True)]
            short = [0 if g else c - lc for g, c, lc in zip(good, chars, links, strict=True)]
            found.extend((chars, links, good, short))
        return found[0], found[1], found[2], found[3]

    def bounds(self) -> tuple[list[etree._Element], list[int], list[int]]:
        """The block-level elements of :attr:`spans` in its order, their first blocks
        and their end blocks, as three sequences (made once, at C speed), for loops
        over every element that can run in C."""
        found = self._bounds
        if not found:
            ranges = list(self.spans.values())
            found.append(
                (list(self.spans), list(map(_FIRST, ranges)), list(map(_END, ranges)))
            )
        return found[0]

    def span(self, node: etree._Element) -> tuple[int, int]:
        """The block range of ``node``; for an inline element, the range of the
        block-level elements inside it (empty when there are none)."""
        found = self.spans.get(node)
        if found is not None:
            return found
        found = self._inline.get(node)
        if found is not None:
            return found
        if not len(node):
            return (0, 0)  # a leaf that is not block-level (an icon, a field): no blocks
        spans = self.spans
        first, last = -1, 0
        for inner in node.iter(*BLOCK_TAGS):
            s = spans.get(inner)
            if s is not None and s[0] < s[1]:
                if first < 0:
                    first = s[0]  # the least: ranges start in document order
                if s[1] > last:
                    last = s[1]
        found = (first, last) if first >= 0 else (0, 0)
        self._inline[node] = found
        return found


_SUMS = {"_chars": 0, "_links": 1, "_good": 2, "_short": 3}


class PageStats:
    """Per-node statistics of the page's blocks that are not removed.

    The running sums are computed when first asked for: the guard only reads the
    article-like text, and some rules only the kept blocks.
    """

    def __init__(self, index: PageIndex, dropped: list[bool] | None = None) -> None:
        self.index = index
        self._masked = dropped is not None
        self.kept_mask = (
            [True] * len(index.blocks) if dropped is None else list(map(not_, dropped))
        )

    def _sums(self, which: int) -> list[int]:
        """The running sums of one of the index's amounts over the kept blocks."""
        amounts = self.index.amounts()[which]
        if native_loops is not None:
            return native_loops.running(amounts, self.kept_mask if self._masked else None)  # type: ignore[no-any-return]
        if self._masked:
            return [0, *accumulate(map(mul, amounts, self.kept_mask))]  # x * False = 0
        return [0, *accumulate(amounts)]

    # The running sums, computed when first read (see __getattr__).
    _chars: list[int]
    _links: list[int]
    _good: list[int]
    _short: list[int]
    _count: list[int]

    def __getattr__(self, name: str) -> list[int]:
        """Compute a running sum on first read and keep it as an attribute (Python
        asks here only while the attribute is missing)."""
        which = _SUMS.get(name)
        if which is not None:
            value = self._sums(which)
        elif name == "_count":
            if native_loops is not None:
                ones = [1] * len(self.kept_mask)
                value = native_loops.running(ones, self.kept_mask if self._masked else None)
            else:
                value = [0, *accumulate(map(int, self.kept_mask))]
        else:
            raise AttributeError(name)
        setattr(self, name, value)
        return value

    @property
    def total_good(self) -> int:
        return self._good[-1]

    @property
    def total_chars(self) -> int:
        return self._chars[-1]

    @property
    def blocks(self) -> list[TextBlock]:
        """The kept blocks, in document order."""
        return [b for b, k in zip(self.index.blocks, self.kept_mask, strict=True) if k]

    def kept_blocks(self) -> tuple[list[TextBlock], list[bool]]:
        """The kept blocks in document order, and which of them are article-like."""
        pairs = [
            (b, g)
            for b, k, g in zip(self.index.blocks, self.kept_mask, self.index.good, strict=True)
            if k
        ]
        return [b for b, _ in pairs], [g for _, g in pairs]

    def of(self, node: etree._Element) -> NodeStats:
        a, b = self.index.spans.get(node) or self.index.span(node)
        return NodeStats(
            self._good[b] - self._good[a],
            self._chars[b] - self._chars[a],
            self._links[b] - self._links[a],
            self._short[b] - self._short[a],
            self._count[b] - self._count[a],
        )

    def scores(
        self, bad_weight: float, short_weight: float
    ) -> Iterator[tuple[etree._Element, int, float]]:
        """``(node, good, score)`` of every block-level element with good text, where
        score = good - ``bad_weight`` * links - ``short_weight`` * short (a faster
        :attr:`nodes` for container scoring)."""
        good, links, short = self._good, self._links, self._short
        for node, (a, b) in self.index.spans.items():
            g = good[b] - good[a]
            if g:
                yield node, g, g - bad_weight * (links[b] - links[a]) - short_weight * (
                    short[b] - short[a]
                )

    def best(self, bad_weight: float, short_weight: float) -> etree._Element | None:
        """The first block-level element with the highest positive :meth:`scores`
        score, or ``None`` when none scores above 0 (one loop, no tuples)."""
        good, links, short = self._good, self._links, self._short
        if native_loops is not None:
            return native_loops.best(  # type: ignore[no-any-return]
                self.index.spans, good, links, short, bad_weight, short_weight
            )
        nodes, starts, ends = self.index.bounds()
        get = good.__getitem__
        # Each element's good text, in C; the Python loop only visits those with some.
        goods = list(map(sub, map(get, ends), map(get, starts)))
        best: etree._Element | None = None
        best_score = 0.0
        for i in compress(range(len(goods)), goods):
            a, b = starts[i], ends[i]
            value = goods[i] - bad_weight * (links[b] - links[a]) - short_weight * (
                short[b] - short[a]
            )
            if value > best_score:
                best, best_score = nodes[i], value
        return best

    def score_of(
        self, node: etree._Element, bad_weight: float, short_weight: float
    ) -> tuple[int, float]:
        """``(good, score)`` of one node as :meth:`scores` computes them, reading only
        the three sums the score needs (:meth:`of` reads all five)."""
        a, b = self.index.spans.get(node) or self.index.span(node)
        good, links, short = self._good, self._links, self._short
        g = good[b] - good[a]
        return g, g - bad_weight * (links[b] - links[a]) - short_weight * (short[b] - short[a])

    def running(self) -> tuple[list[int], list[int], list[int]]:
        """The running sums of characters, link characters and block counts over the
        kept blocks (``sums[b] - sums[a]`` is the amount in blocks ``[a, b)``), for
        rules that read many nodes' statistics in a loop."""
        return self._chars, self._links, self._count

    def running_good(self) -> list[int]:
        """The running sum of article-like characters over the kept blocks (see
        :meth:`running`)."""
        return self._good

    def good_of(self, node: etree._Element) -> int:
        a, b = self.index.spans.get(node) or self.index.span(node)
        return self._good[b] - self._good[a]

    def chars_of(self, node: etree._Element) -> int:
        """``of(node).chars``, without the rest (a cheap first look)."""
        a, b = self.index.spans.get(node) or self.index.span(node)
        return self._chars[b] - self._chars[a]

    @property
    def nodes(self) -> Iterator[tuple[etree._Element, NodeStats]]:
        """Every block-level element that holds kept text, with its statistics."""
        for node in self.index.spans:
            s = self.of(node)
            if s.chars:
                yield node, s

    def holds_bulk(self, node: etree._Element, share: float = 0.5) -> bool:
        """Whether ``node`` holds at least ``share`` of the page's good text."""
        return self.total_good > 0 and self.good_of(node) >= share * self.total_good


def dropped_mask(index: PageIndex, removed: Collection[etree._Element]) -> list[bool]:
    """Which of the index's blocks lie inside a ``removed`` node."""
    n = len(index.blocks)
    delta = [0] * (n + 1)
    spans = index.spans
    for node in removed:
        a, b = spans.get(node) or index.span(node)
        if a < b:
            delta[a] += 1
            delta[b] -= 1
    del delta[n]
    return list(map(bool, accumulate(delta)))  # depth > 0 (it is never negative)


def page_stats(root: etree._Element, removed: Collection[etree._Element] = ()) -> PageStats:
    """The statistics of the tree under ``root`` without the ``removed`` nodes."""
    index = PageIndex.of(root)
    return PageStats(index, dropped_mask(index, removed) if removed else None)
