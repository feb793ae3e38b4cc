"""Rule ``article-head``: title, byline, date and lead-image caption above the text."""

from __future__ import annotations

import functools
from importlib import resources

import regex
from lxml import etree

from ..context import RuleContext
from ..html.blocks import TextBlock
from ..html.guard import current_stats
from ..html.htmldoc import HtmlDoc
from ..registry import rule

#: Fitted on the dev pages: only blocks this short count as head matter.
MAX_HEAD_CHARS = 120


#: Fitted on the dev pages: a head has at most this many blocks; more short blocks
#: above the first paragraph are the article's own list or table.
MAX_HEAD_BLOCKS = 6

#: Fitted on the dev pages: the dateline is looked for among this many blocks at
#: the top of the kept content (and never past its second article-like block).
DATELINE_ZONE = 10

#: Section headings: the one right above the first paragraph opens the body.
_SUBHEADS = ("h2", "h3", "h4", "h5", "h6")
_YEAR_OR_TIME = regex.compile(r"\b(?:1[89]\d\d|20\d\d)\b|\b\d{1,2}[:.h]\d\d\b")
_NUMERIC_DATE = regex.compile(r"\b\d{1,4}[./-]\d{1,2}[./-]\d{2,4}\b")
_WORD = regex.compile(r"\w+")


@functools.cache
def head_words() -> dict[str, frozenset[str]]:
    """``{"byline": words, "date": words}`` from ``html/head-words.txt``."""
    text = resources.files("cleantext").joinpath("html/head-words.txt").read_text("utf-8")
    found: dict[str, set[str]] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        category, _, words = line.partition(":")
        found.setdefault(category.strip(), set()).update(words.lower().split())
    return {k: frozenset(v) for k, v in found.items()}


def is_dateline(text: str) -> bool:
    """Whether a short line reads as the article's byline or date: "By Jane Doe",
    "Updated 5:27 am, Nov. 20, 2019", "20.04.2018 16:22"."""
    if len(text) > MAX_HEAD_CHARS:
        return False
    words = _WORD.findall(text.lower())
    if not words:
        return False
    table = head_words()
    if words[0] in table["byline"] and (len(words) == 1 or text.split()[1][:1].isupper()):
        return True
    if _NUMERIC_DATE.search(text):
        return True
    return bool(_YEAR_OR_TIME.search(text)) and any(w in table["date"] for w in words)


def dateline_end(blocks: list[TextBlock], good: list[bool]) -> int | None:
    """The index of the last byline/date block near the top, if any."""
    seen_good = 0
    last = None
    for i, block in enumerate(blocks[:DATELINE_ZONE]):
        if good[i]:
            seen_good += 1
            if seen_good == 2:
                break
            continue
        if is_dateline(block.text):
            last = i
    return last


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

    When a byline or dateline ("By Jane Doe", "Updated 10:48, Nov 19, 2019") sits
    below a long standfirst, the short blocks down to that line go and the
    standfirst stays (byline words and month names: ``html/head-words.txt``).

    A section heading (``<h2>``-``<h6>``) right above the first paragraph is kept:
    it opens the body's first section.

    Known false positives: an article whose first paragraph is shorter than a
    line (a one-sentence lead) loses it; a short first paragraph with a date in it,
    above the byline, goes; with ``Config.include_title`` headings are kept.
    """
    keep = doc.cache.get("main-content")
    if not isinstance(keep, set) or not keep:
        return
    stats = current_stats(doc)
    blocks, good = stats.kept_blocks()
    first = next((i for i, g in enumerate(good) if g), None)
    if first is None:
        return
    end = dateline_end(blocks, good)
    if end is not None and end > first:
        # The dateline follows a standfirst: the head ends with it.
        after = range(end + 1, len(blocks))
        anchor = next((blocks[i].node for i in after if good[i]), None)
        for i, block in enumerate(blocks[: end + 1]):
            if ctx.config.include_title and block.kind == "h":
                continue
            if good[i]:  # a standfirst: benchmarks disagree; kept as article text
                continue
            if anchor is None or not _is_ancestor(block.node, anchor):
                doc.remove(block.node, "article head (title, byline, date or caption)")
        return
    anchor = blocks[first].node
    if first > MAX_HEAD_BLOCKS:
        return  # a list or a table of short lines opens the article
    for block in blocks[:first]:
        if len(block.text) > MAX_HEAD_CHARS:
            return
    for i, block in enumerate(blocks[:first]):
        if ctx.config.include_title and block.kind == "h":
            continue
        if i == first - 1 and block.node.tag in _SUBHEADS:
            continue  # the first section's heading, right above its paragraph
        if not _is_ancestor(block.node, anchor):
            doc.remove(block.node, "article head (title, byline, date or caption)")
