"""Verdicts on the markup attributes of a page's elements (hidden? boilerplate?
article body?), each computed once per distinct set of attribute values.

The page walk gathers, for every visible element that carries one of the
attributes the markup rules read (``class``, ``id``, ``role``, ``style``...), its
``(name, value)`` pairs. Templates repeat the same sets all over a page and across a
site's pages, so every registered judge sees each distinct set once, all judges in
one pass, and the verdicts are cached across pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from lxml import etree

from .htmldoc import HtmlDoc

__all__ = ["Pairs", "flagged", "markup_judge"]

#: An element's markup attributes: ``(name, value)`` pairs, each name once.
Pairs = tuple[tuple[str, str], ...]
J = TypeVar("J", bound=Callable[[Pairs], Any])

_JUDGES: list[Callable[[Pairs], Any]] = []
_SLOTS: dict[Callable[[Pairs], Any], int] = {}
#: Combined verdicts per distinct set (``None`` when no judge flags it); cleared
#: when it grows past ``_CACHE_SIZE`` entries.
_CACHE: dict[Pairs, tuple[Any, ...] | None] = {}
_CACHE_SIZE = 65536


def markup_judge(judge: J) -> J:
    """Register ``judge`` (pairs → verdict or ``None``) so that :func:`flagged` can
    ask for its verdicts; used as a decorator by the markup rules."""
    if judge not in _SLOTS:
        _SLOTS[judge] = len(_JUDGES)
        _JUDGES.append(judge)
        _CACHE.clear()  # cached verdicts lack the new judge's
    return judge


def flagged(doc: HtmlDoc, judge: Callable[[Pairs], Any]) -> list[tuple[etree._Element, Any]]:
    """``(node, verdict)`` of the page's marked elements (see :attr:`HtmlDoc.marked`)
    that the registered ``judge`` flags, in document order."""
    slot = _SLOTS[markup_judge(judge)]
    return [(node, found[slot]) for node, found in _hits(doc) if found[slot] is not None]


def _hits(doc: HtmlDoc) -> list[tuple[etree._Element, tuple[Any, ...]]]:
    """The marked elements some judge flags, with all judges' verdicts (per page)."""
    name = f"markup-hits-{len(_JUDGES)}"  # a judge registered since: judge again
    hits = doc.cache.get(name)
    if isinstance(hits, list):
        return hits
    index = doc.index
    keys = index.markup
    cache = _CACHE
    missing = [key for key in keys if key not in cache]
    if missing and len(cache) + len(missing) > _CACHE_SIZE:
        cache.clear()
        missing = keys
    judges = tuple(_JUDGES)
    for key in missing:
        said = tuple([judge(key) for judge in judges])
        cache[key] = None if said.count(None) == len(said) else said
    verdicts = [cache[key] for key in keys]
    hits = []
    if any(v is not None for v in verdicts):
        hits = [
            (node, found)
            for node, code in zip(index.marked, index.markup_codes, strict=True)
            if (found := verdicts[code]) is not None
        ]
    doc.cache[name] = hits
    return hits
