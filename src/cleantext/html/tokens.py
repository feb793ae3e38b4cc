"""Class/id/role tokens that mark page-template parts (data: ``boilerplate-tokens.txt``)."""

from __future__ import annotations

import functools
from importlib import resources

import regex

_SPLIT = regex.compile(r"[^\p{L}\p{N}]+")
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")


@functools.lru_cache(maxsize=None)
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
        out.extend(a + b for a, b in zip(parts, parts[1:]))
    return out


def match_category(value: str) -> tuple[str, str] | None:
    """``(category, token)`` of the first boilerplate token in ``value``, if any."""
    table = boilerplate_tokens()
    for token in tokens_of(value):
        category = table.get(token)
        if category is not None:
            return category, token
    return None
