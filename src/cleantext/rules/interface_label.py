"""Rule ``interface-label``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("interface-label", stage="text")
def interface_label(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove the words of page widgets that stand alone.

    What: a line (or unit) that is only a widget's label: "Close", "Caption",
    "Skip to main content", "Back to top", "Fermer", "Retour en haut",
    "Zum Inhalt springen", "Saltar al contenido", "إغلاق", or the page's own
    address (its ``url``) alone on a line.

    Why: galleries, lightboxes, accessibility skip links and share widgets keep
    their button text and the page's own URL in the page's text; a scraper that
    flattens the page reads them as one-word paragraphs of the article.

    Example: "Caption", "Close" and the page's URL on lines of their own around a
    photo are removed; "Close the door." is not (a label only matches a whole unit),
    and neither is a line holding another address (a list of links can be the
    article).

    Known false positives: a heading that is only "Close" or "Caption". Not
    removed: a gallery's counter ("1 of 6"), which a phrase index cannot find
    without trying every number of the page.
    """
    remove_phrase_units(doc, ctx, "page widget label")
    if ctx.url:
        _remove_own_address(doc, ctx.url)


def _address(url: str) -> str:
    """``url`` without scheme, ``www.``, fragment and trailing slash, lower-cased."""
    url = url.strip().split("#", 1)[0].rstrip("/").lower()
    for prefix in ("https://", "http://", "//"):
        if url.startswith(prefix):
            url = url[len(prefix):]
            break
    return url.removeprefix("www.")


def _remove_own_address(doc: TextDoc, url: str) -> None:
    """Remove the blocks that are only the page's own address."""
    own = _address(url)
    if not own or own not in doc.folded:
        return  # most pages: the address is nowhere in the text
    text = doc.text
    for block in doc.blocks:
        if own not in doc.folded[block.start:block.end]:
            continue
        line = text[block.start:block.end]
        stripped = line.strip()
        if stripped and " " not in stripped and _address(stripped) == own:
            start = block.start + (len(line) - len(line.lstrip()))
            doc.remove(start, start + len(stripped), "the page's own address (its URL)")
