"""Rule ``hidden-elements``."""

from __future__ import annotations

import regex

from ..context import RuleContext
from ..html.guard import remove_flagged
from ..html.htmldoc import HtmlDoc, select
from ..html.tokens import tokens_of
from ..registry import rule

_HIDDEN_STYLE = regex.compile(
    r"display\s*:\s*none|visibility\s*:\s*hidden|"
    r"(?:left|top)\s*:\s*-\d{3,}(?:\.\d+)?px",  # moved off-screen: the honeypot trick
    regex.IGNORECASE,
)
#: Class/id tokens of visually hidden text (screen-reader labels) and honeypot fields.
_HIDDEN_TOKENS = frozenset(
    {"hidden", "hide", "dnone", "sronly", "visuallyhidden", "screenreadertext",
     "screenreader", "honeypot", "hp", "akhp", "ohnohoney"}
)
_CANDIDATES = (
    "//*[@hidden or @aria-hidden or @type='hidden' or contains(@style, 'none')"
    " or contains(@style, 'hidden') or contains(@style, '-')"
    " or contains(@class, 'hid') or contains(@class, 'hide') or contains(@class, 'only')"
    " or contains(@class, 'none') or contains(@class, 'screen') or contains(@class, 'hp')"
    " or contains(@class, 'honey') or contains(@id, 'hp') or contains(@id, 'honey')"
    " or contains(@class, 'Hid') or contains(@class, 'Only') or contains(@class, 'HP')]"
)


def hidden_reason(node: object) -> str | None:
    """Why ``node`` (an lxml element) is hidden, or ``None`` if it is shown."""
    get = node.get  # type: ignore[attr-defined]
    if get("hidden") is not None:
        return "hidden attribute"
    if (get("aria-hidden") or "").strip().lower() == "true":
        return 'aria-hidden="true"'
    if (get("type") or "").lower() == "hidden":
        return "hidden input"
    style = get("style")
    if style and _HIDDEN_STYLE.search(style):
        return f"hidden by inline style ({style.strip()[:60]})"
    for attr in ("class", "id"):
        value = get(attr)
        if value:
            for token in tokens_of(value.replace("-", "").replace("_", "")):
                if token in _HIDDEN_TOKENS:
                    return f"hidden by {attr} {value.strip()[:60]!r}"
    return None


@rule("hidden-elements", stage="html", max_share=None)
def hidden_elements(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove elements a browser does not show.

    What: elements with the ``hidden`` attribute, ``aria-hidden="true"``, an inline
    style ``display:none`` / ``visibility:hidden`` or an off-screen position, classes
    of visually hidden text (``sr-only``, ``visually-hidden``, ``screen-reader-text``,
    ``hidden``) and honeypot fields (``honeypot``, ``hp``, ``ak_hp``).

    Why: their text was never read by a visitor: screen-reader labels ("Share on
    Facebook, opens in a new window"), spam traps ("Leave this field empty"),
    collapsed menus and pre-rendered pop-ups.

    Example: ``<p class="hp" style="display:none">Laissez ce champ vide</p>`` is
    removed as "hidden by inline style (display:none)".

    Known false positives: pages that hide their article until a script reveals it
    (the bulk of the page's article-like text is never removed); collapsed
    "read more" sections of an article are lost.
    """
    flagged = []
    for node in select(doc.root, _CANDIDATES):
        reason = hidden_reason(node)
        if reason is not None:
            flagged.append((node, reason))
    remove_flagged(doc, flagged)
