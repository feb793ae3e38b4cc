"""Rule ``markup-text``."""

from __future__ import annotations

import regex

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc

#: A run of HTML tags (with the whitespace between them): an opening or closing tag
#: of a known element, at most 2000 characters long with its attributes.
TAGS = regex.compile(
    r"(?:</?(?:a|abbr|b|br|div|em|embed|figure|h[1-6]|hr|i|iframe|img|input|li|link|"
    r"meta|noscript|ol|p|picture|script|source|span|strong|style|table|td|tr|ul|video)"
    r"(?:\s[^<>]{0,2000})?/?>\s*)+",
    regex.IGNORECASE,
)
#: Characters that say a tag is markup, not prose quoting a tag name: an attribute.
_ATTRIBUTE = regex.compile(r"\s[\w:-]+\s*=")


@rule("markup-text", stage="text")
def markup_text(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove HTML markup that a scraper left in the text as characters.

    What: tags written out as text — a tracking pixel's
    ``<img height="1" width="1" style="display:none" src="…">``, a stray ``<br>``
    or ``</div>``, an ``<iframe …>`` embed code — where a run of them is a whole
    line, or holds a tag with attributes.

    Why: a page's ``<noscript>`` fallbacks and embed codes reach the text escaped,
    and scrapers that strip tags with a pattern leave the broken ones behind; no
    reader ever saw them.

    Example: a line ``<img height="1" width="1" src="https://b.example/p?c1=2">``
    is removed; "the <div> element" in a sentence is not (a tag name alone in
    prose).

    Known false positives: a tutorial that shows HTML code on lines of its own
    loses those lines.
    """
    text = doc.text
    if "<" not in text:
        return  # every run of tags opens with one; most texts hold none (a fast scan)
    for match in TAGS.finditer(text):
        start, end = match.start(), match.end()
        while end > start and text[end - 1].isspace():
            end -= 1
        block = doc.blocks[doc.block_at(start)]
        whole_line = (
            not text[block.start:start].strip() and not text[end:block.end].strip()
        )
        if whole_line or _ATTRIBUTE.search(text, start, end):
            tag = _first_tag(text, start, end)
            doc.remove(start, end, f"raw HTML markup left in the text ({tag})")


def _first_tag(text: str, start: int, end: int) -> str:
    tag = text[start:text.find(">", start, end) + 1]
    return tag if len(tag) <= 40 else tag[:37] + "…>"
