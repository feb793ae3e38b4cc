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


@functools.cache
def _prefilter() -> regex.Pattern[str]:
    words = sorted(boilerplate_tokens(), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(w) for w in words), regex.IGNORECASE)


def match_category(value: str) -> tuple[str, str] | None:
    """``(category, token)`` of the first boilerplate token in ``value``, if any."""
    if _prefilter().search(value) is None:  # the cheap test first: most values fail it
        return None
    table = boilerplate_tokens()
    for token in tokens_of(value):
        category = table.get(token)
        if category is not None:
            return category, token
    return None
