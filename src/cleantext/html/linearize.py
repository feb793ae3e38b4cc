"""Turn the kept part of an HTML tree into text blocks, each with the element it
came from.

Block elements (paragraphs, headings, list items, quotes, table rows, divs…) start
a new block; inline elements join their block's text. Whitespace is collapsed
(except inside ``<pre>``). Cells of one table row join into one block.

XPaths are costly on big pages (``getpath`` per block), so blocks carry their
element; :func:`locate` turns the text stage's removals into XPaths afterwards,
only for the blocks something was removed from.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import replace

from lxml import etree

from ..result import Removal
from .blocks import BLOCK_TAGS, KIND, iter_blocks
from .htmldoc import HtmlDoc

__all__ = ["BLOCK_TAGS", "KIND", "linearize", "locate"]


def linearize(
    doc: HtmlDoc, start: etree._Element | None = None
) -> Iterator[tuple[str, etree._Element, str]]:
    """Blocks ``(text, element, kind)`` of the kept tree under ``start`` (default: root)."""
    row: etree._Element | None = None
    cells: list[str] = []
    for block in iter_blocks(start if start is not None else doc.root, doc.removed_nodes()):
        node = block.node
        # A cell's kind is "tr" (KIND): only those blocks need their element's tag.
        if block.kind == "tr" and node.tag in ("td", "th"):
            parent = node.getparent()
            if parent is not None and parent.tag == "tr":
                if row is not None and parent is not row and cells:
                    yield " | ".join(cells), row, "tr"
                    cells = []
                row = parent
                cells.append(block.text)
                continue
        if row is not None and cells:
            yield " | ".join(cells), row, "tr"
            row, cells = None, []
        yield block.text, node, block.kind
    if row is not None and cells:
        yield " | ".join(cells), row, "tr"


def locate(
    doc: HtmlDoc,
    removals: Sequence[Removal],
    starts: Sequence[int],
    nodes: Sequence[etree._Element],
) -> list[Removal]:
    """The text-stage ``removals`` (whose ``where`` is a span of the linearized text)
    with ``where`` set to the XPath of the block each came from; ``starts`` are the
    blocks' offsets in that text and ``nodes`` their elements."""
    paths: dict[int, str] = {}
    out = []
    for removal in removals:
        if not isinstance(removal.where, tuple) or not starts:
            out.append(removal)
            continue
        i = max(0, bisect_right(starts, removal.where[0]) - 1)
        path = paths.get(i)
        if path is None:
            path = paths[i] = doc.xpath_of(nodes[i])
        out.append(replace(removal, where=path))
    return out
