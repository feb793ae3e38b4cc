"""Rule ``furniture-sections``: sections a template heading labels as furniture."""

from __future__ import annotations

import functools
from importlib import resources

import regex

from ..context import RuleContext
from ..html.guard import current_stats
from ..html.htmldoc import HtmlDoc
from ..registry import rule

#: Fitted on the dev pages: a label is a heading, or a block of at most this many
#: characters ("Kontakt:", "Über den Autor" in a ``<p><strong>``).
MAX_LABEL_CHARS = 40
#: Fitted on the dev pages: a section with more article-like blocks than this is
#: article text after all (an article section that happens to be called "Kontakt").
MAX_SECTION_GOOD = 3

_RANK = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}


@functools.cache
def label_pattern() -> regex.Pattern[str]:
    """One pattern of every line of ``html/section-labels.txt``, matching a whole label."""
    text = resources.files("cleantext").joinpath("html/section-labels.txt").read_text("utf-8")
    lines = [ln.strip() for ln in text.splitlines()]
    alternatives = [ln.replace("'", "['’]") for ln in lines if ln and not ln.startswith("#")]
    return regex.compile(
        r"(?:" + "|".join(alternatives) + r")\s*:?", regex.IGNORECASE | regex.VERSION1
    )


#: How many first characters of a text :func:`is_label` looks up in :data:`_HEADS`.
_HEAD_CHARS = 3
#: Whether some label may start with these first characters of a text (the label
#: pattern's partial match of them; memoized across pages, cleared when it grows
#: past :data:`_MAX_HEADS`): most texts are told apart by their start alone, which is
#: a dict lookup instead of trying every label at once.
_HEADS: dict[str, bool] = {}
_MAX_HEADS = 1 << 16


def is_label(text: str) -> bool:
    """Whether ``text`` is, as a whole, a furniture section's label."""
    if len(text) > 2 * MAX_LABEL_CHARS:
        return False
    text = text.strip()
    head = text[:_HEAD_CHARS]
    may = _HEADS.get(head)
    if may is None:
        # A partial match: ``head`` is a match, or a start that some longer text extends
        # to one; a text whose start is neither is no label.
        may = label_pattern().fullmatch(head, partial=True) is not None
        if len(_HEADS) >= _MAX_HEADS:
            _HEADS.clear()
        _HEADS[head] = may
    return may and label_pattern().fullmatch(text) is not None


@rule("furniture-sections", stage="html")
def furniture_sections(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove the sections that a template heading labels as furniture.

    What: inside the kept content, a heading (or a short line) that reads, as a whole,
    as a template's label — "About the author", "Related articles", "Weitere Artikel
    zum Thema", "Kontakt", "Lire aussi" (the list is data:
    ``html/section-labels.txt``) — and the blocks after it, up to the next heading of
    the same or a higher rank; after a label that is not a heading, only the short
    blocks that follow it (up to the next article-like paragraph).

    Why: author bios, press contacts and related-article teasers often sit inside the
    article's container with no telling class name and too little link text for the
    link-lists rule; the template's own heading gives them away.

    Example: ``<h3>Über den Autor</h3><p>Max Muster ist Redakteur…</p>`` at the end of
    the article is removed as "section labelled “Über den Autor”".

    Known false positives: an article's own section called "Contact" or "Related
    topics" goes when it holds at most three article-like paragraphs; a block whose
    element also holds text before the label is kept.
    """
    keep = doc.cache.get("main-content")
    if not isinstance(keep, set) or not keep:
        return
    stats = current_stats(doc)
    index = doc.index
    # The kept blocks (stats.kept_blocks()) and their numbers in the index.
    numbers = [i for i, k in enumerate(stats.kept_mask) if k]
    blocks = [index.blocks[i] for i in numbers]
    good = [index.good[i] for i in numbers]
    spans = index.spans
    i, n = 0, len(blocks)
    while i < n:
        block = blocks[i]
        rank = _RANK.get(block.node.tag, 7)
        if (rank < 7 or len(block.text) <= MAX_LABEL_CHARS) and is_label(block.text):
            j = i + 1
            while j < n and _RANK.get(blocks[j].node.tag, 8) > rank:
                if rank == 7 and good[j]:
                    break  # a label line labels the short lines after it, no more
                j += 1
            if sum(good[i:j]) <= MAX_SECTION_GOOD:
                first = numbers[i]
                last = numbers[j - 1] + 1
                reason = f"section labelled “{block.text.strip()[:40]}”"
                for b in blocks[i:j]:
                    span = spans.get(b.node)
                    if span is not None and first <= span[0] and span[1] <= last:
                        doc.remove(b.node, reason)
                i = j
                continue
        i += 1
