"""Rule ``link-lists``: link-dense blocks and lists inside the kept content."""

from __future__ import annotations

from lxml import etree

from ..context import RuleContext
from ..html.blocks import BLOCK_TAGS
from ..html.guard import current_stats
from ..html.htmldoc import HtmlDoc
from ..html.stats import PageStats, native_loops
from ..registry import rule

#: Fitted on the dev pages. A block whose text is more than ``BLOCK_LINK_DENSITY``
#: link text goes; so does a container of at least ``LIST_MIN_BLOCKS`` blocks whose
#: text is at least ``LIST_LINK_DENSITY`` link text (teaser lists: linked headline,
#: one-line summary, linked headline...).
BLOCK_LINK_DENSITY = 0.5
LIST_LINK_DENSITY = 0.3
LIST_MIN_BLOCKS = 3
#: Fitted on the dev pages: a table (or a part of one) goes as a link list only when
#: at least this share of its text is link text; data tables link one column.
TABLE_LINK_DENSITY = 0.6
_TABLE_PARTS = frozenset({"table", "thead", "tbody", "tfoot", "tr"})
_TABLE_BYTES = tuple(sorted(tag.encode() for tag in _TABLE_PARTS))
#: The compiled loops (``_stats.pyx``), or ``None``: the Python ones run.
_native = native_loops


def _kept_roots(doc: HtmlDoc) -> list[etree._Element]:
    keep = doc.cache.get("main-content")
    if isinstance(keep, set) and keep:
        return list(keep)
    body = doc.root.find("body")
    return [body if body is not None else doc.root]


@rule("link-lists", stage="html")
def link_lists(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove link-dense blocks and link lists inside the article.

    What: inside the kept content, a block that is mostly link text ("Read more:
    <a>…</a>", a row of tag links) and a container of several blocks that is largely
    link text (related-article teasers, "more from this section").

    Why: related-links boxes often sit inside the article's container with no
    telling class name; their shape gives them away — article paragraphs carry few
    links.

    Example: ``<ul><li><a>Le Maroc signe…</a></li><li><a>Rabat accueille…</a></li>
    <li><a>…</a></li></ul>`` after the last paragraph is removed as "link list".

    Known false positives: a paragraph that is one long link, a list of sources or
    a table of contents in the article.
    """
    stats: PageStats = current_stats(doc)
    spans = doc.index.spans
    chars_sum, links_sum, count_sum = stats.running()
    for root in _kept_roots(doc):
        half = 0.5 * stats.chars_of(root)
        if _native is not None:  # the loop below, compiled
            found = _native.link_candidates(
                root, spans, chars_sum, links_sum, count_sum, half, LIST_MIN_BLOCKS,
                LIST_LINK_DENSITY, TABLE_LINK_DENSITY, BLOCK_LINK_DENSITY, _TABLE_BYTES,
            )
            for node, blocks, density, is_list in found:
                if is_list:
                    doc.remove(node, f"link list ({density:.0%} link text in {blocks} blocks)")
                elif not _in_text_row(node, stats):
                    doc.remove(node, f"link-only block ({density:.0%} link text)")
            continue
        for node in root.iter(*BLOCK_TAGS):
            span = spans.get(node)
            if span is None:
                if not stats.chars_of(node):  # inside an invisible element: no text
                    continue
                span = stats.index.span(node)
            a, b = span
            chars = chars_sum[b] - chars_sum[a]
            if not chars or chars > half or node is root:
                continue
            blocks = count_sum[b] - count_sum[a]
            density = (links_sum[b] - links_sum[a]) / chars
            tag = node.tag
            floor = TABLE_LINK_DENSITY if tag in _TABLE_PARTS else LIST_LINK_DENSITY
            if blocks >= LIST_MIN_BLOCKS and density >= floor and tag != "p":
                doc.remove(node, f"link list ({density:.0%} link text in {blocks} blocks)")
            elif blocks == 1 and density > BLOCK_LINK_DENSITY and not _in_text_row(node, stats):
                doc.remove(node, f"link-only block ({density:.0%} link text)")


def _in_text_row(node: etree._Element, stats: PageStats) -> bool:
    """Whether ``node`` is a cell of a table row that is not mostly link text (a data
    table that links one column: the linked cell is part of the row)."""
    if node.tag not in ("td", "th"):
        return False
    row = node.getparent()
    if row is None or row.tag != "tr":
        return False
    chars_sum, links_sum, _ = stats.running()
    a, b = stats.index.spans.get(row) or stats.index.span(row)
    chars = chars_sum[b] - chars_sum[a]
    return chars > 0 and links_sum[b] - links_sum[a] < TABLE_LINK_DENSITY * chars
