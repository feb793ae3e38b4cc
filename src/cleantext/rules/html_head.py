"""Rule ``article-head``: title, byline, date and lead-image caption above the text."""

from __future__ import annotations

from lxml import etree

from ..context import RuleContext
from ..html.guard import current_stats
from ..html.htmldoc import HtmlDoc
from ..html.stats import is_good
from ..registry import rule

#: Fitted on the dev pages: only blocks this short count as head matter.
MAX_HEAD_CHARS = 120


def _is_ancestor(node: etree._Element, of: etree._Element) -> bool:
    parent = of.getparent()
    while parent is not None:
        if parent is node:
            return True
        parent = parent.getparent()
    return False


@rule("article-head", stage="html")
def article_head(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove the short blocks above the article's first paragraph.

    What: inside the kept content, the blocks before the first article-like
    paragraph when each is short: the kicker, the headline, the byline, the date,
    the lead image's caption and credit.

    Why: readers and extraction benchmarks take the article body to start at its
    first paragraph; the metadata above it is page furniture.

    Example: "Économie" / "Par Leïla Benali" / "12 mars 2024 à 10h" / "(Photo AFP)"
    before the first paragraph are removed as "article head".

    Known false positives: an article whose first paragraph is shorter than a
    line (a one-sentence lead) loses it; with ``Config.include_title`` headings are
    kept.
    """
    keep = doc.cache.get("main-content")
    if not isinstance(keep, set) or not keep:
        return
    stats = current_stats(doc)
    blocks = stats.blocks
    first = next((i for i, b in enumerate(blocks) if is_good(b)), None)
    if first is None:
        return
    anchor = blocks[first].node
    for block in blocks[:first]:
        if len(block.text) > MAX_HEAD_CHARS:
            return
    for block in blocks[:first]:
        if ctx.config.include_title and block.kind == "h":
            continue
        if not _is_ancestor(block.node, anchor):
            doc.remove(block.node, "article head (title, byline, date or caption)")
