"""Place every removal of a cleaning back where it sat in the input.

The report shows the document in order: kept text plain, each removed piece in
place. This module computes that order; :mod:`cleantext.report.render` turns it
into HTML.

- Text input: removals carry ``(start, end)`` spans of the input, so the input is
  rebuilt exactly: the gaps between spans are the kept text.
- HTML input: the layout is made from the pipeline's own documents (a
  :class:`~cleantext.cleaner.Trace`), so it cannot diverge from the cleaning. The
  kept text is the text stage's blocks, in order, with the text-stage removals
  marked inside them (their spans in that text). Each node the HTML rules removed
  becomes one marked piece showing its logged text, placed by one walk of the page
  in document order that follows the page's visible text through the text stage's
  text: a node sits where the walk met it, inside a block or between two blocks.
  Nodes removed inside a removed node are nested in its piece the same way.

Whatever cannot be placed (a logged XPath that is no removed node, page text the
walk cannot follow) or a kept text that differs from ``Cleaned.text`` makes the
layout fall back to the kept text followed by the removals in log order, with a
notice that says why: the report never shows a guess as a fact.
"""

from __future__ import annotations

import bisect
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field

import regex
from lxml import etree

from ..html.htmldoc import INVISIBLE, HtmlDoc
from ..result import Cleaned
from ..textdoc import TextDoc

_NOT_SPACE = regex.compile(r"\S")

#: A paragraph longer than this many characters is cut at the next line break,
#: sentence end or space: browsers lay out one huge paragraph very slowly (a 5 MB
#: one-line text takes a minute; cut into 20,000-character pieces, two seconds).
CHUNK = 20_000
_SENTENCE_END = regex.compile(r"[.!?…»”\"')\]]\s+")
_WHITESPACE = regex.compile(r"\s+")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass
class Cut:
    """A removed piece: the index of its removal in the log, and what it shows.

    ``block`` is true for a removed block element (shown on its own lines).
    ``parts`` may hold nested cuts: nodes inside it removed earlier by another rule.
    """

    index: int
    parts: list[Part] = field(default_factory=list)
    block: bool = False
    #: Spaces shown before and after an inline cut, so the words around it do not
    #: touch: the kept text collapsed the page's spaces around the removed node (or,
    #: for a removed block element inside a kept block, had none to show).
    space_before: bool = False
    space_after: bool = False


Part = str | Cut


@dataclass
class Layout:
    """The document as paragraphs of parts, in input order.

    ``pre`` keeps the input's own line breaks (text input, fallback); ``notice``
    says why the layout fell back, when it did.
    """

    paras: list[list[Part]]
    pre: bool = False
    notice: str | None = None
    #: Indexes of the paragraphs that are headings (HTML ``h1``–``h6``).
    headings: frozenset[int] = frozenset()


def kept_text(layout: Layout) -> str:
    """The text of the layout's kept parts (nested cuts excluded), paragraphs on lines."""
    return "\n".join("".join(p for p in para if isinstance(p, str)) for para in layout.paras)


def _squeeze(text: str) -> str:
    return "".join(text.split())


# -- text input ---------------------------------------------------------------------


def layout_text(source: str, cleaned: Cleaned) -> Layout:
    """The layout of a cleaning of text input: the input with its removed spans marked."""
    spans: list[tuple[int, int, int]] = []
    for index, removal in enumerate(cleaned.removals):
        where = removal.where
        if not isinstance(where, tuple) or source[where[0] : where[1]] != removal.text:
            return fallback(cleaned, f"removal {index + 1} ({removal.rule}) has no matching "
                            "span in this input")
        spans.append((where[0], where[1], index))
    spans.sort()
    parts: list[Part] = []
    pos = 0
    for start, end, index in spans:
        if start < pos:
            return fallback(cleaned, "removed spans overlap")
        if start > pos:
            parts.append(source[pos:start])
        parts.append(Cut(index, [source[start:end]]))
        pos = end
    if pos < len(source):
        parts.append(source[pos:])
    layout = Layout(chunked([parts]), pre=True)
    if _squeeze(kept_text(layout)) != _squeeze(cleaned.text):
        return fallback(cleaned, "the input's kept spans differ from the cleaned text")
    return layout


# -- HTML input ---------------------------------------------------------------------


def layout_html(html_doc: HtmlDoc, text_doc: TextDoc, cleaned: Cleaned) -> Layout:
    """The layout of a traced cleaning of HTML input, from the pipeline's own data.

    ``html_doc`` holds the parsed page and the nodes the HTML rules removed,
    ``text_doc`` the blocks the text rules ran on (their text is the kept page, as
    the pipeline linearized it) and what those rules removed; ``cleaned`` is the
    result, whose log is ``(*HTML-stage removals, *text-stage removals)``.
    """
    spans = list(text_doc.removed_spans())
    first_text = len(cleaned.removals) - len(spans)
    if first_text < 0:
        return fallback(cleaned, "the log has fewer entries than the text stage removed")
    for k, (start, end, rule) in enumerate(spans):
        removal = cleaned.removals[first_text + k]
        if removal.rule != rule or text_doc.text[start:end] != removal.text:
            return fallback(cleaned, f"removal {first_text + k + 1} ({removal.rule}) is not "
                            "the text stage's removal at that place")
    # The HTML-stage log lists, in document order, each removed node that had visible
    # text left when it was removed, that is its visible text now (a node is never
    # removed inside a removed node): pair them up and check that they agree.
    order = {node: i for i, node in enumerate(html_doc.root.iter())}
    nodes = sorted(html_doc.removed_nodes(), key=lambda n: order.get(n, -1))
    shown = [(node, text) for node in nodes if (text := html_doc.visible_text(node))]
    removed: dict[etree._Element, int] = {}
    for index, removal in enumerate(cleaned.removals[:first_text]):
        if index >= len(shown) or removal.stage != "html" or shown[index][1] != removal.text:
            return fallback(cleaned, f"removal {index + 1} ({removal.rule}, {removal.where}) "
                            "is not the next node the HTML rules removed")
        removed[shown[index][0]] = index
    if len(shown) > first_text:
        return fallback(cleaned, f"the HTML rules removed {len(shown)} nodes with text, "
                        f"the log lists {first_text}")
    try:
        return _HtmlLayout(html_doc, text_doc, cleaned, removed).layout(spans, first_text)
    except _Unplaced as exc:
        return fallback(cleaned, str(exc))


class _Unplaced(Exception):
    """Something of the page could not be placed: the layout falls back."""


@dataclass
class _Event:
    """A removed node met by the walk: where it sat in the kept text (``at``, an
    index into the text without whitespace), and whether whitespace was around it."""

    node: etree._Element
    index: int
    at: int
    space_before: bool
    space_after: bool = False
    #: The elements holding the kept text just before and just after it.
    text_before: etree._Element | None = None
    text_after: etree._Element | None = None


class _Aligner:
    """Walks a subtree in document order and follows its text through ``target``.

    The walk reads text as the pipeline does (invisible elements and removed nodes
    skipped) but cuts nothing into blocks: it only needs the text's characters in
    order. Whitespace is ignored on both sides, and characters the pipeline adds
    between pieces (the `` | `` between table cells) are skipped, so the position
    of each removed node in ``target`` is exact whatever the block cutting is.
    """

    #: Most consecutive characters of ``target`` skipped as separators.
    MAX_SKIP = 8

    def __init__(self, target: str, removed: dict[etree._Element, int]) -> None:
        self.target = "".join(target.split())
        self.removed = removed
        self.pos = 0
        self.events: list[_Event] = []
        self.open: list[_Event] = []  # events still waiting to know the space after them
        self.waiting: list[_Event] = []  # events still waiting for the text after them
        self.space = False  # the text read last ended with whitespace
        self.owner: etree._Element | None = None  # the element of the last text read
        #: Places (indexes into the text without whitespace) where the walk entered or
        #: left an element that is not phrasing: line breaks, when showing the text.
        self.breaks: list[int] = []

    def walk(self, root: etree._Element) -> list[_Event]:
        stack: list[tuple[etree._Element, bool]] = [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                if node is not root:
                    if node.tag not in _INLINE:
                        self.breaks.append(self.pos)
                    if node.tail:
                        self._read(node.tail, node.getparent())
                continue
            tag = node.tag
            if not isinstance(tag, str) or tag in INVISIBLE:
                if node is not root and node.tail:
                    self._read(node.tail, node.getparent())
                continue
            if node is not root and node in self.removed:
                event = _Event(node, self.removed[node], self.pos, self.space,
                               text_before=self.owner)
                self.events.append(event)
                self.open.append(event)
                self.waiting.append(event)
                if node.tail:
                    self._read(node.tail, node.getparent())
                continue
            if node is not root and tag not in _INLINE:
                self.breaks.append(self.pos)
            if node.text:
                self._read(node.text, node)
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node))
        rest = self.target[self.pos :]
        if rest and (len(rest) > self.MAX_SKIP or any(c.isalnum() for c in rest)):
            raise _Unplaced(f"the text stage's text goes on after the page's text "
                            f"({rest[:40]!r})")
        return self.events

    def _read(self, text: str, owner: etree._Element | None) -> None:
        if self.open:
            for event in self.open:
                event.space_after = text[:1].isspace()
            self.open = []
        self.space = text[-1:].isspace() or (self.space and not text.strip())
        squeezed = "".join(text.split())
        if not squeezed:
            return
        self.owner = owner
        if self.waiting:
            for event in self.waiting:
                event.text_after = owner
            self.waiting = []
        target, pos = self.target, self.pos
        if target.startswith(squeezed, pos):
            self.pos = pos + len(squeezed)
            return
        for char in squeezed:
            skipped = 0
            while pos < len(target) and target[pos] != char and not target[pos].isalnum() \
                    and skipped < self.MAX_SKIP:
                pos += 1
                skipped += 1
            if pos >= len(target) or target[pos] != char:
                raise _Unplaced(f"the page's text {text.strip()[:40]!r} is not where the text "
                                "stage has it")
            pos += 1
        self.pos = pos


#: Phrasing elements: a removed one sitting at the edge of a kept block inside it is
#: shown inline at that edge (only presentation: where it sits is exact either way).
_INLINE = frozenset({
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font",
    "i", "img", "ins", "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub",
    "sup", "time", "tt", "u", "var", "wbr",
})


class _HtmlLayout:
    def __init__(self, html_doc: HtmlDoc, text_doc: TextDoc, cleaned: Cleaned,
                 removed: dict[etree._Element, int]) -> None:
        self.html_doc = html_doc
        self.text_doc = text_doc
        self.cleaned = cleaned
        self.removed = removed
        # The removed nodes with removed nodes inside them (to nest), found bottom-up.
        self.holders: set[etree._Element] = set()
        for node in removed:
            parent = node.getparent()
            while parent is not None:
                if parent in removed:
                    self.holders.add(parent)
                    break
                parent = parent.getparent()

    def layout(self, spans: list[tuple[int, int, str]], first_text: int) -> Layout:
        events = _Aligner(self.text_doc.text, self.removed).walk(self.html_doc.root)
        text = self.text_doc.text
        blocks = self.text_doc.blocks
        # Each block's range in the text without whitespace.
        ranges: list[tuple[int, int]] = []
        squeezed, prev = 0, 0
        for block in blocks:
            squeezed += _non_space(text, prev, block.start)
            start = squeezed
            squeezed += _non_space(text, block.start, block.end)
            ranges.append((start, squeezed))
            prev = block.end
        cuts: list[list[tuple[int, int, int]]] = [[] for _ in blocks]
        starts = [block.start for block in blocks]
        for k, (start, end, _) in enumerate(spans):
            b = max(0, bisect.bisect_right(starts, start) - 1)
            if not blocks[b].start <= start <= end <= blocks[b].end:
                raise _Unplaced(f"text-stage removal {first_text + k + 1} crosses a block")
            cuts[b].append((start - blocks[b].start, end - blocks[b].start, first_text + k))
        # Removed nodes: inside a block (inline), or between blocks (a paragraph each).
        inside: list[list[_Event]] = [[] for _ in blocks]
        between: list[list[_Event]] = [[] for _ in range(len(blocks) + 1)]
        b = 0
        for group in _same_place(events):
            at = group[0].at
            while b < len(blocks) and ranges[b][1] < at:
                b += 1
            if b < len(blocks) and ranges[b][0] < at < ranges[b][1]:
                inside[b] += group
                continue
            # Between blocks: the end of block ``left``, the start of block ``right``.
            left = b if b < len(blocks) and ranges[b][1] == at else None
            right = b + 1 if left is not None else b
            if right >= len(blocks) or ranges[right][0] != at:
                right = len(blocks)
            first, last = 0, len(group)
            if left is not None:
                while first < last and self._inline_with(group[first], group[first].text_before):
                    first += 1
                inside[left] += group[:first]
            if right < len(blocks):
                while last > first and self._inline_with(group[last - 1],
                                                         group[last - 1].text_after):
                    last -= 1
                inside[right] = group[last:] + inside[right]
            between[right] += group[first:last]
        paras: list[list[Part]] = []
        headings: list[int] = []
        for b, block in enumerate(blocks):
            paras += [[self._cut(e, block=True)] for e in between[b]]
            body = text[block.start : block.end]
            positions = _positions(body) if inside[b] else []
            markers = [self._marker(e, body, ranges[b][0], positions) for e in inside[b]]
            if block.kind == "h":
                headings.append(len(paras))
            paras += chunked([_weave(body, cuts[b], markers)])
        paras += [[self._cut(e, block=True)] for e in between[len(blocks)]]
        layout = Layout(paras, headings=frozenset(headings))
        if _squeeze(kept_text(layout)) != _squeeze(self.cleaned.text):
            raise _Unplaced("the text stage's kept blocks differ from the cleaned text")
        return layout

    @staticmethod
    def _inline_with(event: _Event, owner: etree._Element | None) -> bool:
        """Whether a removed node at the edge of a block is shown inline, next to the
        kept text of ``owner``: a phrasing element in the same flow of text (its
        nearest non-phrasing ancestor is that of the text)."""
        if owner is None or event.node.tag not in _INLINE:
            return False
        return _container(event.node.getparent()) is _container(owner)

    def _marker(self, event: _Event, body: str, offset: int,
                positions: list[int]) -> tuple[int, Cut]:
        """Where in ``body`` (a block's text, whose non-whitespace characters sit at
        ``positions``) the removed node goes, and its cut."""
        nth = event.at - offset  # non-whitespace characters of body before it
        if event.space_before and event.node.tag in _INLINE:
            # After the whitespace, before the next character.
            at = positions[nth] if nth < len(positions) else len(body)
        else:  # right after the character before it
            at = positions[nth - 1] + 1 if 0 < nth <= len(positions) else 0
        cut = self._cut(event, block=False)
        if event.node.tag in _INLINE:
            cut.space_before = event.space_before and at > 0 and not body[at - 1].isspace()
            cut.space_after = event.space_after and at < len(body) and not body[at].isspace()
        else:  # a block element's text never ran into its neighbours' text
            cut.space_before = at > 0 and not body[at - 1].isspace()
            cut.space_after = at < len(body) and not body[at].isspace()
        return at, cut

    def _cut(self, event: _Event, *, block: bool) -> Cut:
        """The removed node as a cut, with the nodes removed inside it nested in place."""
        text = self.cleaned.removals[event.index].text
        if event.node not in self.holders and " " not in text:
            return Cut(event.index, [text], block=block)
        aligner = _Aligner(text, self.removed)
        inner = aligner.walk(event.node)
        if block:  # its blocks on their own lines (the log joins them with a space)
            text = _break_lines(text, aligner.breaks)
        if not inner:
            return Cut(event.index, [text], block=block)
        markers = []
        positions = _positions(text)
        for e in inner:
            at, cut = self._marker(e, text, 0, positions)
            cut.block = e.node.tag not in _INLINE
            markers.append((at, cut))
        return Cut(event.index, _weave(text, [], markers), block=block)


def _break_lines(text: str, breaks: list[int]) -> str:
    """``text`` with the space at each of ``breaks`` (indexes into the text without
    whitespace) made a line break."""
    positions = _positions(text)
    chars = list(text)
    for k in breaks:
        if 0 < k < len(positions) and positions[k] - positions[k - 1] > 1:
            chars[positions[k - 1] + 1] = "\n"
    return "".join(chars)


def _container(node: etree._Element | None) -> etree._Element | None:
    """``node`` or its nearest ancestor that is not a phrasing element."""
    while node is not None and node.tag in _INLINE:
        node = node.getparent()
    return node


def _same_place(events: list[_Event]) -> Iterator[list[_Event]]:
    """``events`` in runs of consecutive events at the same place."""
    run: list[_Event] = []
    for event in events:
        if run and event.at != run[0].at:
            yield run
            run = []
        run.append(event)
    if run:
        yield run


def _non_space(text: str, start: int, end: int) -> int:
    return sum(len(word) for word in text[start:end].split())


def _positions(text: str) -> list[int]:
    """The offsets of the non-whitespace characters of ``text``."""
    return [m.start() for m in _NOT_SPACE.finditer(text)]


def _weave(
    text: str, cuts: list[tuple[int, int, int]], markers: list[tuple[int, Cut]]
) -> list[Part]:
    """One paragraph: ``text`` with its text-stage ``cuts`` marked and the removed
    nodes (``markers``, at offsets of ``text``) inserted where they sat."""
    parts: list[Part] = []
    queue = deque(markers)

    def plain(start: int, end: int, inclusive: bool) -> list[Part]:
        out: list[Part] = []
        pos = start
        while queue and (queue[0][0] < end or (inclusive and queue[0][0] == end)):
            at, marker = queue.popleft()
            at = min(max(at, pos), len(text))
            if at > pos:
                out.append(text[pos:at])
            if marker.space_before and not marker.block:
                out.append(" ")
            out.append(marker)
            if marker.space_after and not marker.block:
                out.append(" ")
            pos = at
        if end > pos:
            out.append(text[pos:end])
        return out

    pos = 0
    for start, end, index in cuts:
        parts += plain(pos, start, inclusive=True)
        parts.append(Cut(index, plain(start, end, inclusive=False)))
        pos = end
    parts += plain(pos, len(text), inclusive=True)
    return parts


# -- long paragraphs ---------------------------------------------------------------


def chunked(paras: list[list[Part]], size: int = CHUNK) -> list[list[Part]]:
    """``paras`` with every paragraph over ``size`` characters cut into pieces.

    Cuts fall in kept text only, after a line break, a sentence end or a space
    (first choice found within 2,000 characters past ``size``), and the text keeps
    every character, so the pieces read as the paragraph did.
    """
    out: list[list[Part]] = []
    for para in paras:
        current: list[Part] = []
        length = 0
        for part in para:
            if isinstance(part, Cut):
                current.append(part)
                length += _length(part)
                continue
            while length + len(part) > size:
                at = _break_after(part, max(0, size - length))
                if at is None:
                    break
                current.append(part[:at])
                out.append(current)
                current, length, part = [], 0, part[at:]
            if part:
                current.append(part)
                length += len(part)
        if current:
            out.append(current)
    return out


def _break_after(text: str, start: int, reach: int = 2000) -> int | None:
    newline = text.find("\n", start, start + reach)
    if newline >= 0:
        return newline + 1
    for pattern in (_SENTENCE_END, _WHITESPACE):
        found = pattern.search(text, start)
        if found is not None and (found.start() < start + reach or pattern is _WHITESPACE):
            return found.end() if found.end() < len(text) else None
    return None


def _length(cut: Cut) -> int:
    return sum(len(p) if isinstance(p, str) else _length(p) for p in cut.parts)


# -- fallback -----------------------------------------------------------------------


def fallback(cleaned: Cleaned, why: str) -> Layout:
    """The kept text, then each removal in log order: correct, if not in place."""
    paras: list[list[Part]] = [[cleaned.text]] if cleaned.text else []
    paras += [[Cut(i, [r.text], block=True)] for i, r in enumerate(cleaned.removals)]
    notice = f"Removals are listed after the kept text, not in place: {why}."
    return Layout(chunked(paras), pre=True, notice=notice)
