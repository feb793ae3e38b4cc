"""Turn the kept part of an HTML tree into text blocks, each with its XPath.

Block elements (paragraphs, headings, list items, quotes, table rows, divs…) start
a new block; inline elements join their block's text. Whitespace is collapsed
(except inside ``<pre>``). Cells of one table row join into one block.
"""

from __future__ import annotations

from collections.abc import Iterator

from lxml import etree

from .blocks import BLOCK_TAGS, KIND, iter_blocks
from .htmldoc import HtmlDoc

__all__ = ["BLOCK_TAGS", "KIND", "linearize"]


def linearize(doc: HtmlDoc, start: etree._Element | None = None) -> Iterator[tuple[str, str, str]]:
    """Blocks ``(text, xpath, kind)`` of the kept tree under ``start`` (default: root)."""
    row: etree._Element | None = None
    cells: list[str] = []
    for block in iter_blocks(start if start is not None else doc.root, doc.removed_nodes()):
        node = block.node
        if node.tag in ("td", "th"):
            parent = node.getparent()
            if parent is not None and parent.tag == "tr":
                if row is not None and parent is not row and cells:
                    yield " | ".join(cells), doc.xpath_of(row), "tr"
                    cells = []
                row = parent
                cells.append(block.text)
                continue
        if row is not None and cells:
            yield " | ".join(cells), doc.xpath_of(row), "tr"
            row, cells = None, []
        yield block.text, doc.xpath_of(node), block.kind
    if row is not None and cells:
        yield " | ".join(cells), doc.xpath_of(row), "tr"
