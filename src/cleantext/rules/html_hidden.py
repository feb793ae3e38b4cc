"""Rule ``hidden-elements``."""

from __future__ import annotations

import functools

import regex

from ..context import RuleContext
from ..html.guard import remove_flagged
from ..html.htmldoc import HtmlDoc
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


def hidden_reason(node: object) -> str | None:
    """Why ``node`` (an lxml element) is hidden, or ``None`` if it is shown."""
    get = node.get  # type: ignore[attr-defined]
    if get("hidden") is not None:
        return "hidden attribute"
    value = get("aria-hidden")
    if value and value.strip().lower() == "true":
        return 'aria-hidden="true"'
    value = get("type")
    if value and value.lower() == "hidden":
        return "hidden input"
    style = get("style")
    if style and _hidden_style(style):
        return f"hidden by inline style ({style.strip()[:60]})"
    for attr in ("class", "id"):
        value = get(attr)
        if value and _hidden_value(value):
            return f"hidden by {attr} {value.strip()[:60]!r}"
    return None


@functools.lru_cache(maxsize=16384)
def _hidden_style(style: str) -> bool:
    """Whether an inline style hides its element (cached: styles repeat)."""
    return _HIDDEN_STYLE.search(style) is not None


@functools.lru_cache(maxsize=65536)
def _hidden_value(value: str) -> bool:
    """Whether a class or id value names hidden text (cached: class lists repeat)."""
    return any(_hidden_chunk(chunk) for chunk in value.split())


@functools.lru_cache(maxsize=65536)
def _hidden_chunk(chunk: str) -> bool:
    """Whether one class or id word names hidden text (cached: such words repeat)."""
    return any(t in _HIDDEN_TOKENS for t in tokens_of(chunk.replace("-", "").replace("_", "")))


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
    for node in doc.marked:
        reason = hidden_reason(node)
        if reason is not None:
            flagged.append((node, reason))
    remove_flagged(doc, flagged)
