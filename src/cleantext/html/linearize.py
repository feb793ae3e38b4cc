"""Turn the kept part of an HTML tree into text blocks, each with its XPath.

Block elements (paragraphs, headings, list items, quotes, table rows, divs…) start
a new block; inline elements join their block's text. Whitespace is collapsed.
"""

from __future__ import annotations

from collections.abc import Iterator

import regex
from lxml import etree

from .htmldoc import INVISIBLE, HtmlDoc

_SPACE = regex.compile(r"\s+")

BLOCK_TAGS = frozenset(
    {"p", "div", "section", "article", "main", "aside", "header", "footer", "nav",
     "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
     "blockquote", "pre", "figure", "figcaption", "table", "tr", "td", "th",
     "thead", "tbody", "tfoot", "caption", "form", "fieldset", "address", "hr",
     "br", "body", "html", "details", "summary", "center", "legend", "label", "button"}
)
_KIND = {"h1": "h", "h2": "h", "h3": "h", "h4": "h", "h5": "h", "h6": "h",
         "li": "li", "dt": "li", "dd": "li", "tr": "tr", "td": "tr", "th": "tr",
         "blockquote": "quote", "pre": "pre"}


def linearize(doc: HtmlDoc, start: etree._Element | None = None) -> Iterator[tuple[str, str, str]]:
    """Blocks ``(text, xpath, kind)`` of the kept tree under ``start`` (default: root)."""
    removed = doc.removed_nodes()
    buffer: list[str] = []
    owner: list[etree._Element] = []

    def flush() -> Iterator[tuple[str, str, str]]:
        text = _SPACE.sub(" ", "".join(buffer)).strip()
        buffer.clear()
        if text and owner:
            node = owner[-1]
            yield text, doc.xpath_of(node), _KIND.get(str(node.tag), "p")

    def skipped(node: etree._Element) -> bool:
        tag = node.tag
        return not isinstance(tag, str) or tag in INVISIBLE or node in removed

    def opened(node: etree._Element) -> Iterator[tuple[str, str, str]]:
        if node.tag in BLOCK_TAGS:
            yield from flush()
            owner.append(node)
        if node.text:
            buffer.append(node.text)

    # Iterative, not recursive: a page may nest thousands of elements deep.
    top = start if start is not None else doc.root
    if skipped(top):
        return
    yield from opened(top)
    stack: list[tuple[etree._Element, Iterator[etree._Element]]] = [(top, iter(top))]
    while stack:
        node, children = stack[-1]
        child = next(children, None)
        if child is None:
            stack.pop()
            if node.tag in BLOCK_TAGS:
                yield from flush()
                owner.pop()
            if stack and node.tail:
                buffer.append(node.tail)
            continue
        if skipped(child):
            if child.tail:
                buffer.append(child.tail)
            continue
        yield from opened(child)
        stack.append((child, iter(child)))
