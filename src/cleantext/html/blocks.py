"""One walk over the kept tree that cuts it into text blocks.

A *block* is the text of one block-level element (paragraph, heading, list item,
table cell row, quote, div with its own text...), inline elements joined in, with
how much of it is link text. Linearizing and main-content scoring both read the
page through this one walk; it is iterative, so deep trees are safe.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass

import regex
from lxml import etree

_SPACE = regex.compile(r"\s+")

#: Elements whose text is never shown.
INVISIBLE = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "meta", "link", "svg",
     "math", "iframe", "object", "embed", "canvas", "datalist", "option", "base"}
)

BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
     "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
     "blockquote", "pre", "figure", "figcaption", "table", "tr", "td", "th",
     "thead", "tbody", "tfoot", "caption", "form", "fieldset", "address", "hr",
     "br", "body", "html", "details", "summary", "center", "legend", "label", "button",
     "select", "textarea", "dialog", "menu", "hgroup", "picture", "video", "audio"}
)

#: Attributes the markup rules read (class, id, role, aria, style, hidden...).
MARKUP_ATTRIBUTES = frozenset(
    {"class", "id", "role", "aria-label", "aria-hidden", "style", "hidden", "type", "itemprop"}
)

#: Block kinds: h(eading), li (list item), tr (table row), quote, pre, p (the rest).
KIND = {"h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
        "li": "li", "dt": "li", "dd": "li", "tr": "tr", "td": "tr", "th": "tr",
        "blockquote": "quote", "pre": "pre"}

#: Marks where two inline elements touch (NUL never survives parsing).
_TOUCH = "\x00"
_TOUCHING = regex.compile(r"(?<=\w)\x00+(?=\w)")


@dataclass(slots=True)
class TextBlock:
    """The text of one block element: ``node`` owns it (the nearest block ancestor)."""

    node: etree._Element
    text: str
    link_chars: int
    kind: str

    @property
    def link_density(self) -> float:
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0


def iter_blocks(
    root: etree._Element,
    removed: Collection[etree._Element] = (),
    spans: dict[etree._Element, tuple[int, int]] | None = None,
    separate: bool = False,
    marked: list[etree._Element] | None = None,
) -> Iterator[TextBlock]:
    """The blocks of the tree under ``root``, skipping invisible and ``removed`` nodes
    (``root`` itself is walked even when removed: that is how a removal's text is read).

    Text inside ``<pre>`` keeps its line breaks; everywhere else whitespace is
    collapsed to single spaces. With ``separate``, two inline elements that touch
    (``<a>One</a><a>Two</a>``) are read with a space between them when both sides are
    letters or digits: that is how the removal log shows them (they are separate
    items: menu entries, tags), while the output keeps the page's text as a browser
    shows it, glued. When ``spans`` is given, it receives the
    ``[first, last)`` range of block numbers of every block-level element walked (the
    blocks under an element are consecutive). When ``marked`` is given, it receives
    the visible elements that carry attributes, in document order.

    The traversal is lxml's own (``iterwalk``): Python sees each element twice
    (start and end) and does no stack bookkeeping of its own.
    """
    buffer: list[str] = []
    link_chars = 0
    links = 0
    count = 0
    owners: list[etree._Element] = [root]
    starts: list[int] = []
    touching = False  # an inline element just ended, with no text after it yet
    skipped: etree._Element | None = None  # the element whose subtree is skipped
    block_tags = BLOCK_TAGS
    invisible = INVISIBLE
    walker = etree.iterwalk(root, events=("start", "end"))
    for event, node in walker:
        if skipped is not None:
            # The end event of a skipped element: only its tail is read.
            if node is skipped:
                skipped = None
                tail = node.tail
                if tail and node is not root:
                    buffer.append(tail)
                    touching = False
            continue
        tag = node.tag
        if event == "start":
            if tag.__class__ is not str or tag in invisible or (
                removed and node in removed and node is not root
            ):
                walker.skip_subtree()
                skipped = node
                continue
            if marked is not None:
                keys = node.keys()
                if keys and not MARKUP_ATTRIBUTES.isdisjoint(keys):
                    marked.append(node)
            if tag in block_tags:
                if buffer:
                    block = _flush(buffer, link_chars, owners[-1])
                    link_chars = 0
                    if block is not None:
                        count += 1
                        yield block
                owners.append(node)
                if spans is not None:
                    starts.append(count)
            else:
                if touching and separate:
                    buffer.append(_TOUCH)
                if tag == "a":
                    links += 1
            touching = False
            text = node.text
            if text:
                buffer.append(text)
                if links:
                    link_chars += len(text.strip())
            if links:
                for child in node:
                    tail = child.tail
                    if tail:
                        link_chars += len(tail.strip())
            continue
        # end event
        if tag in block_tags:
            if buffer:
                block = _flush(buffer, link_chars, owners[-1])
                link_chars = 0
                if block is not None:
                    count += 1
                    yield block
            owners.pop()
            if spans is not None:
                spans[node] = (starts.pop(), count)
            touching = False
        else:
            if tag == "a":
                links -= 1
            touching = True
        tail = node.tail
        if tail and node is not root:
            buffer.append(tail)
            touching = False
    if buffer:
        block = _flush(buffer, link_chars, owners[-1])
        if block is not None:
            yield block


def _flush(buffer: list[str], link_chars: int, node: etree._Element) -> TextBlock | None:
    """The block of the text gathered in ``buffer`` (emptied), owned by ``node``."""
    raw = "".join(buffer)
    buffer.clear()
    if _TOUCH in raw:
        raw = _TOUCHING.sub(" ", raw).replace(_TOUCH, "")
    tag = node.tag
    if tag == "pre":
        text = raw.strip("\n")
        if not text.strip():
            return None
    else:
        text = " ".join(raw.split())
        if not text:
            return None
    return TextBlock(node, text, link_chars, KIND.get(str(tag), "p"))
