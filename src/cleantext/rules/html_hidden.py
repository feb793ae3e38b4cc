"""Rule ``hidden-elements``."""

from __future__ import annotations

import functools
import re

import regex

from ..context import RuleContext
from ..html.blocks import native_module
from ..html.guard import remove_flagged
from ..html.htmldoc import HtmlDoc
from ..html.markup import flagged, markup_judge
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

#: The ASCII bytes that are neither letters nor digits.
_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


def hidden_reason(node: object) -> str | None:
    """Why ``node`` (an lxml element, or a mapping of its attributes) is hidden, or
    ``None`` if it is shown."""
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
            return _hidden_by(attr, value)
    return None


@functools.lru_cache(maxsize=16384)
def _hidden_style(style: str) -> bool:
    """Whether an inline style hides its element (cached: styles repeat)."""
    return _HIDDEN_STYLE.search(style) is not None


def _shown(name: str, value: str) -> bool:
    """Whether one attribute pair never hides its element (the judge below ignores
    it: see :func:`markup_judge`)."""
    if name == "class" or name == "id":
        return not value or not _hidden_value(value)
    if name == "style":
        return not value or not _hidden_style(value)
    if name == "type":
        return not value or value.lower() != "hidden"
    if name == "aria-hidden":
        return not value or value.strip().lower() != "true"
    return name != "hidden"


#: The letters and digits a hiding style holds: ``display:none``,
#: ``visibility:hidden``, ``left:-999px`` (a digit after ``left`` or ``top``).
_HIDING_STYLE_WORDS = frozenset(
    {"displaynone", "visibilityhidden"}
    | {f"{side}{digit}" for side in ("left", "top") for digit in range(10)}
)


def _hidden_by(attr: str, value: str) -> str:
    """The reason for a ``class`` or ``id`` value that names hidden text."""
    return f"hidden by {attr} {value.strip()[:60]!r}"


_NATIVE = native_module()
#: :func:`_hidden_pairs` compiled, for the compiled judging loop (see :func:`markup_judge`).
_COMPILED = None if _NATIVE is None else _NATIVE.HiddenJudge(_HIDDEN_TOKENS, _hidden_by)


@markup_judge(
    ignores=_shown,
    compiled=_COMPILED,
    words={"class": _HIDDEN_TOKENS, "id": _HIDDEN_TOKENS, "style": _HIDING_STYLE_WORDS,
           "type": ("hidden",), "aria-hidden": ("true",), "role": (), "aria-label": (),
           "itemprop": ()},
)
def _hidden_pairs(pairs: tuple[tuple[str, str], ...]) -> str | None:
    """:func:`hidden_reason` of an element with these ``(name, value)`` attribute
    pairs (the markup attributes the page walk gathered)."""
    best = 6  # the rank of the reason found so far: lower ranks win, as above
    reason = None
    for name, value in pairs:  # each name once; the usual ones first
        if name == "class":
            if best > 4 and value and _hidden_value(value):
                best, reason = 4, _hidden_by("class", value)
        elif name == "id":
            if best > 5 and value and _hidden_value(value):
                best, reason = 5, _hidden_by("id", value)
        elif name == "hidden":
            return "hidden attribute"
        elif name == "aria-hidden":
            if best > 1 and value and value.strip().lower() == "true":
                best, reason = 1, 'aria-hidden="true"'
        elif name == "type":
            if best > 2 and value and value.lower() == "hidden":
                best, reason = 2, "hidden input"
        elif name == "style" and best > 3 and value and _hidden_style(value):
            best, reason = 3, f"hidden by inline style ({value.strip()[:60]})"
    return reason


#: Any hidden token, in a value's letters and digits: a value without one is shown.
_ANY_HIDDEN_TOKEN = re.compile("|".join(sorted(_HIDDEN_TOKENS)).encode())
#: ASCII bytes lower-cased.
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")
_HIDDEN_VALUES: dict[str, bool] = {}


def _hidden_value(value: str) -> bool:
    """Whether a class or id value names hidden text (cached: class lists repeat)."""
    found = _HIDDEN_VALUES.get(value)
    if found is None:
        if value.isascii() and not _ANY_HIDDEN_TOKEN.search(
            value.encode().translate(_LOWER, _NOT_ALNUM)
        ):
            found = False  # every token is a piece of the value's letters and digits
        else:
            found = any(_hidden_chunk(chunk) for chunk in value.split())
        if len(_HIDDEN_VALUES) >= 65536:
            _HIDDEN_VALUES.clear()
        _HIDDEN_VALUES[value] = found
    return found


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
    remove_flagged(doc, flagged(doc, _hidden_pairs))


