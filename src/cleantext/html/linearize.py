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

    def walk(node: etree._Element) -> Iterator[tuple[str, str, str]]:
        tag = node.tag if isinstance(node.tag, str) else ""
        if not tag or tag in INVISIBLE or node in removed:
            return
        is_block = tag in BLOCK_TAGS
        if is_block:
            yield from flush()
            owner.append(node)
        if node.text:
            buffer.append(node.text)
        for child in node:
            yield from walk(child)
            if child.tail:
                buffer.append(child.tail)
        if is_block:
            yield from flush()
            owner.pop()

    yield from walk(start if start is not None else doc.root)
