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

#: Block kinds: h(eading), li (list item), tr (table row), quote, pre, p (the rest).
KIND = {"h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
        "li": "li", "dt": "li", "dd": "li", "tr": "tr", "td": "tr", "th": "tr",
        "blockquote": "quote", "pre": "pre"}

_END = object()


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
    root: etree._Element, removed: Collection[etree._Element] = ()
) -> Iterator[TextBlock]:
    """The blocks of the tree under ``root``, skipping invisible and ``removed`` nodes
    (``root`` itself is walked even when removed: that is how a removal's text is read).

    Text inside ``<pre>`` keeps its line breaks; everywhere else whitespace is
    collapsed to single spaces.
    """
    buffer: list[str] = []
    link_chars = 0
    links = 0
    owners: list[etree._Element] = []
    stack: list[object] = [root]

    def flush() -> TextBlock | None:
        nonlocal link_chars
        raw = "".join(buffer)
        buffer.clear()
        lc, link_chars = link_chars, 0
        node = owners[-1] if owners else root
        tag = node.tag
        if tag == "pre":
            text = raw.strip("\n")
            if not text.strip():
                return None
        else:
            text = " ".join(raw.split())
            if not text:
                return None
        return TextBlock(node, text, lc, KIND.get(str(tag), "p"))

    while stack:
        item = stack.pop()
        if item is _END:
            node = stack.pop()
            assert isinstance(node, etree._Element)
            tag = node.tag
            if tag in BLOCK_TAGS:
                if buffer:
                    block = flush()
                    if block is not None:
                        yield block
                owners.pop()
            elif tag == "a":
                links -= 1
            tail = node.tail
            if tail and node is not root:
                buffer.append(tail)
            continue
        assert isinstance(item, etree._Element)
        node = item
        tag = node.tag
        if not isinstance(tag, str) or tag in INVISIBLE or (node in removed and node is not root):
            if node is not root and node.tail:
                buffer.append(node.tail)
            continue
        if tag in BLOCK_TAGS:
            if buffer:
                block = flush()
                if block is not None:
                    yield block
            owners.append(node)
        elif tag == "a":
            links += 1
        text = node.text
        if text:
            buffer.append(text)
            if links:
                link_chars += len(text.strip())
        stack.append(node)
        stack.append(_END)
        children = list(node)
        if links:
            for child in children:
                if child.tail:
                    link_chars += len(child.tail.strip())
        stack.extend(reversed(children))
    if buffer:
        block = flush()
        if block is not None:
            yield block
