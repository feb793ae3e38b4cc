"""Class/id/role tokens that mark page-template parts (data: ``boilerplate-tokens.txt``)."""

from __future__ import annotations

import functools
import itertools
from importlib import resources

import regex

_SPLIT = regex.compile(r"[^\p{L}\p{N}]+")
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")


@functools.cache
def boilerplate_tokens() -> dict[str, str]:
    """``{token: category}`` from the data file."""
    text = resources.files("cleantext").joinpath("html/boilerplate-tokens.txt").read_text("utf-8")
    tokens: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or ":" not in line:
            continue
        category, _, words = line.partition(":")
        for word in words.split():
            tokens[word.lower()] = category.strip()
    return tokens


def tokens_of(value: str) -> list[str]:
    """``"shareBar post-share_2"`` → ``["share", "bar", "sharebar", "post", "share", ...]``.

    Parts split at punctuation and at camelCase humps, lower-cased; the joined pairs
    of neighbours are added too, so ``related-posts`` also yields ``relatedposts``.
    """
    out: list[str] = []
    for chunk in value.split():
        parts = [p.lower() for p in _SPLIT.split(_CAMEL.sub(" ", chunk).replace(" ", "-")) if p]
        out.extend(parts)
        out.extend(a + b for a, b in itertools.pairwise(parts))
    return out


@functools.lru_cache(maxsize=65536)
def _chunk_category(chunk: str) -> tuple[str, str] | None:
    table = boilerplate_tokens()
    for token in tokens_of(chunk):
        category = table.get(token)
        if category is not None:
            return category, token
    return None


#: Verdicts of whole attribute values (class lists repeat within a page and across
#: a site's pages); cleared when it grows past ``_VALUE_CACHE_SIZE`` entries.
_VALUE_CACHE: dict[str, tuple[str, str] | None] = {}
_VALUE_CACHE_SIZE = 65536


def match_category(value: str) -> tuple[str, str] | None:
    """``(category, token)`` of the first boilerplate token in ``value``, if any.

    Class lists are made of a few chunks repeated all over the web (``col-md-6``,
    ``clearfix``), so each chunk's verdict is cached, and so is each whole value's.
    """
    try:
        return _VALUE_CACHE[value]
    except KeyError:
        pass
    found = None
    for chunk in value.split():
        found = _chunk_category(chunk)
        if found is not None:
            break
    if len(_VALUE_CACHE) >= _VALUE_CACHE_SIZE:
        _VALUE_CACHE.clear()
    _VALUE_CACHE[value] = found
    return found
