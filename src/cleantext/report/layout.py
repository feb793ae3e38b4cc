"""Place every removal of a cleaning back where it sat in the input.

The report shows the document in order: kept text plain, each removed piece in
place. This module computes that order; :mod:`cleantext.report.render` turns it
into HTML.

- Text input: removals carry ``(start, end)`` spans of the input, so the input is
  rebuilt exactly: the gaps between spans are the kept text.
- HTML input: the page is parsed again and walked like
  :func:`cleantext.html.linearize.linearize` walks it. A node whose XPath is in the
  log (an HTML-stage removal) becomes one marked piece where it sits; the kept text
  is cut into the same blocks the text stage saw, and each text-stage removal (its
  ``where`` is its block's XPath) is found inside its block.

Whatever cannot be placed (an XPath that matches no node, a piece that is not in
its block) or a kept text that differs from ``Cleaned.text`` makes the layout fall
back to the kept text followed by the removals in log order, with a notice that
says why: the report never shows a guess as a fact.
"""

from __future__ import annotations

from collections import defaultdict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field

import regex
from lxml import etree

from ..html.htmldoc import INVISIBLE
from ..html.linearize import BLOCK_TAGS
from ..result import Cleaned, Removal

_SPACE = regex.compile(r"\s+")

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
    #: A space followed the removed node in the page (the kept text collapsed it
    #: into the space before): shown, so the words around it do not touch.
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


def layout_html(root: etree._Element, cleaned: Cleaned) -> Layout:
    """The layout of a cleaning of HTML input, ``root`` being the page the cleaner saw."""
    tree = root.getroottree()
    removed: dict[etree._Element, int] = {}
    in_block: dict[etree._Element, deque[int]] = defaultdict(deque)
    nodes: dict[str, etree._Element] = {}
    for index, removal in enumerate(cleaned.removals):
        where = removal.where
        if not isinstance(where, str):
            return fallback(cleaned, f"removal {index + 1} ({removal.rule}) has no XPath")
        node = nodes.get(where)
        if node is None:
            node = _find(tree, where)
            if node is None:
                return fallback(cleaned, f"XPath {where} of removal {index + 1} "
                                f"({removal.rule}) matches no single element of this page")
            nodes[where] = node
        if removal.stage == "text":
            in_block[node].append(index)
        elif node in removed:
            return fallback(cleaned, f"XPath {where} is logged twice")
        else:
            removed[node] = index
    walker = _HtmlWalker(removed, in_block, cleaned.removals)
    walker.walk(root)
    walker.flush()
    left = [i for queue in in_block.values() for i in queue]
    if left:
        first = cleaned.removals[min(left)]
        return fallback(cleaned, f"{len(left)} text-stage removal(s) not found in their block "
                        f"(first: {first.rule} in {first.where})")
    layout = Layout(walker.paras, headings=frozenset(walker.headings))
    if _squeeze(kept_text(layout)) != _squeeze(cleaned.text):
        return fallback(cleaned, "the page's kept blocks differ from the cleaned text")
    return layout


def _find(tree: etree._ElementTree, xpath: str) -> etree._Element | None:
    try:
        found = tree.xpath(xpath)
    except etree.XPathError:
        return None
    if isinstance(found, list) and len(found) == 1 and isinstance(found[0], etree._Element):
        return found[0]
    return None


class _HtmlWalker:
    """Walks the page as ``linearize`` does, keeping removed nodes as markers."""

    def __init__(
        self,
        removed: dict[etree._Element, int],
        in_block: dict[etree._Element, deque[int]],
        removals: Sequence[Removal],
    ) -> None:
        self.removed = removed
        self.in_block = in_block
        self.removals = removals
        self.paras: list[list[Part]] = []
        self.headings: list[int] = []
        self.owner: list[etree._Element] = []
        # The open block: its whitespace-collapsed kept text, and removed nodes met
        # inside it, as (offset in that text, cut).
        self.text: list[str] = []
        self.length = 0
        self.markers: list[tuple[int, Cut]] = []

    # -- walking ----------------------------------------------------------------

    def walk(self, node: etree._Element) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in INVISIBLE:
            return
        if node in self.removed:
            self.markers.append((self.length, self._cut(node)))
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            self.flush()
            self.owner.append(node)
        if node.text:
            self._add(node.text)
        for child in node:
            self.walk(child)
            if child.tail:
                self._add(child.tail)
        if is_block:
            self.flush()
            self.owner.pop()

    def _add(self, raw: str) -> None:
        piece = _SPACE.sub(" ", raw)
        if piece.startswith(" ") and (self.length == 0 or self.text[-1].endswith(" ")):
            # Collapse with the space before it; a leading space is stripped anyway.
            piece = piece[1:]
            if self.markers and self.markers[-1][0] == self.length:
                self.markers[-1][1].space_after = True
        if piece:
            self.text.append(piece)
            self.length += len(piece)

    def flush(self) -> None:
        """Close the open block: place its text-stage removals and its markers."""
        text = "".join(self.text)
        markers = self.markers
        self.text, self.length, self.markers = [], 0, []
        if text.endswith(" "):
            text = text[:-1]
        markers = [(min(at, len(text)), cut) for at, cut in markers]
        if not text and not markers:
            return
        cuts: list[tuple[int, int, int]] = []
        if text and self.owner:
            cuts = self._find_cuts(text, self.owner[-1])
        if self.owner and self.owner[-1].tag in _HEADINGS and text:
            self.headings.append(len(self.paras))
        self.paras += chunked([_weave(text, cuts, markers)])

    def _find_cuts(self, text: str, block: etree._Element) -> list[tuple[int, int, int]]:
        queue = self.in_block.get(block)
        cuts: list[tuple[int, int, int]] = []
        pos = 0
        while queue:
            removal = self.removals[queue[0]]
            start = text.find(removal.text, pos)
            if start < 0 or not removal.text:
                break  # it belongs to a later block with the same XPath
            cuts.append((start, start + len(removal.text), queue.popleft()))
            pos = start + len(removal.text)
        return cuts

    # -- a removed subtree ----------------------------------------------------------

    def _cut(self, node: etree._Element) -> Cut:
        cut = Cut(self.removed[node], block=node.tag in BLOCK_TAGS)
        buffer: list[str] = []
        self._collect(node, cut.parts, buffer, top=True)
        _push_text(cut.parts, buffer)
        _trim(cut.parts)
        return cut

    def _collect(self, node: etree._Element, parts: list[Part], buffer: list[str],
                 top: bool = False) -> None:
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in INVISIBLE:
            return
        if not top and node in self.removed:
            _push_text(parts, buffer)
            parts.append(self._cut(node))
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            buffer.append("\n")
        if node.text:
            buffer.append(node.text)
        for child in node:
            self._collect(child, parts, buffer)
            if child.tail:
                buffer.append(child.tail)
        if is_block:
            buffer.append("\n")


def _push_text(parts: list[Part], buffer: list[str]) -> None:
    """Move the buffer's text into ``parts``: spaces collapsed, lines kept, blank lines
    dropped (a removed block shows its inner blocks on their own lines)."""
    if not buffer:
        return
    raw = "".join(buffer)
    buffer.clear()
    lines = [_SPACE.sub(" ", line).strip() for line in raw.split("\n")]
    text = "\n".join(line for line in lines if line)
    if not text:
        return
    if raw[:1].isspace():
        text = ("\n" if "\n" in raw[: len(raw) - len(raw.lstrip())] else " ") + text
    if raw[-1:].isspace():
        text += "\n" if "\n" in raw[len(raw.rstrip()) :] else " "
    parts.append(text)


def _trim(parts: list[Part]) -> None:
    if parts and isinstance(parts[0], str):
        parts[0] = parts[0].lstrip()
    if parts and isinstance(parts[-1], str):
        parts[-1] = parts[-1].rstrip()
    parts[:] = [p for p in parts if not isinstance(p, str) or p]


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
