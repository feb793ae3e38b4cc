"""Class/id/role tokens that mark page-template parts (data: ``boilerplate-tokens.txt``)."""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable
from importlib import resources
from typing import Any

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


_ASCII_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")
_ALNUM = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
#: The ASCII bytes that are not letters or digits, each made a space.
_TO_SPACE = bytes.maketrans(
    bytes(c for c in range(128) if c not in _ALNUM),
    b" " * (128 - len(_ALNUM)),
)


def _ascii_parts(chunk: str) -> list[str]:
    """The runs of letters and digits of an ASCII ``chunk``."""
    return chunk.encode().translate(_TO_SPACE).decode().split()



def tokens_of(value: str) -> list[str]:
    """``"shareBar post-share_2"`` → ``["share", "bar", "sharebar", "post", "share", ...]``.

    Parts split at punctuation and at camelCase humps, lower-cased; the joined pairs
    of neighbours are added too, so ``related-posts`` also yields ``relatedposts``.
    """
    if value.isascii() and " " not in value:
        return _ascii_tokens(value)  # the usual case, with the faster ``re``
    out: list[str] = []
    for chunk in value.split():
        parts = [p.lower() for p in _SPLIT.split(_CAMEL.sub(" ", chunk).replace(" ", "-")) if p]
        out.extend(parts)
        out.extend(a + b for a, b in itertools.pairwise(parts))
    return out


def _ascii_tokens(chunk: str) -> list[str]:
    """:func:`tokens_of` of one ASCII chunk (no whitespace)."""
    if chunk.isalnum():
        if chunk.islower() or chunk.isdigit():
            return [chunk]  # one part: no punctuation, no hump
        if not chunk.isupper():
            chunk = _ASCII_CAMEL.sub("-", chunk)
        chunk = chunk.lower()
    else:
        chunk = _ASCII_CAMEL.sub("-", chunk).lower()
    parts = _ascii_parts(chunk)
    if len(parts) > 1:
        return parts + [a + b for a, b in itertools.pairwise(parts)]
    return parts


def _chunk_category(chunk: str) -> tuple[str, str] | None:
    """``(category, token)`` of the first boilerplate token of one chunk (cached)."""
    found = _CHUNK_CACHE.get(chunk, _UNSEEN)
    if found is not _UNSEEN:
        return found  # type: ignore[return-value]
    table = boilerplate_tokens()
    found = None
    if chunk.isascii():
        found = _ascii_category(chunk, table)
    else:
        for token in tokens_of(chunk):
            category = table.get(token)
            if category is not None:
                found = (category, token)
                break
    if len(_CHUNK_CACHE) >= _VALUE_CACHE_SIZE:
        _CHUNK_CACHE.clear()
    _CHUNK_CACHE[chunk] = found
    return found


def ascii_chunk_category_python(chunk: str, table: dict[str, str]) -> tuple[str, str] | None:
    """``(table[token], token)`` of the first of an ASCII ``chunk``'s tokens (as
    :func:`tokens_of` orders them: parts first, then joined pairs) in ``table``."""
    # The pairs are joined only when no part is in the table.
    lower = chunk.lower()
    if lower != chunk and not chunk.isupper():
        lower = _ASCII_CAMEL.sub("-", chunk).lower()  # a capital after a small letter
    parts = [lower] if lower.isalnum() else _ascii_parts(lower)
    for token in parts:
        category = table.get(token)
        if category is not None:
            return (category, token)
    for a, b in itertools.pairwise(parts):
        category = table.get(a + b)
        if category is not None:
            return (category, a + b)
    return None


def _native() -> Any:
    """The page walk's compiled module (which has :func:`ascii_chunk_category_python`
    and :func:`match_category_python` compiled), or ``None``."""
    from .blocks import native_module

    return native_module()


_ascii_category = (
    ascii_chunk_category_python if _native() is None else _native().ascii_chunk_category
)


#: Verdicts of whole attribute values (class lists repeat within a page and across
#: a site's pages) and of their chunks; each cleared when it grows past
#: ``_VALUE_CACHE_SIZE`` entries.
_VALUE_CACHE: dict[str, tuple[str, str] | None] = {}
_CHUNK_CACHE: dict[str, tuple[str, str] | None] = {}
_VALUE_CACHE_SIZE = 65536
_UNSEEN = object()


def match_category_python(value: str) -> tuple[str, str] | None:
    """``(category, token)`` of the first boilerplate token in ``value``, if any.

    Class lists are made of a few chunks repeated all over the web (``col-md-6``,
    ``clearfix``), so each chunk's verdict is cached, and so is each whole value's.
    :func:`match_category` is this, compiled when the page walk is.
    """
    found = _VALUE_CACHE.get(value, _UNSEEN)
    if found is not _UNSEEN:
        return found  # type: ignore[return-value]
    found = None
    chunks: dict[str, Any] = _CHUNK_CACHE
    for chunk in value.split():
        seen = chunks.get(chunk, _UNSEEN)  # the usual case: a chunk seen before
        found = _chunk_category(chunk) if seen is _UNSEEN else seen
        if found is not None:
            break
    if len(_VALUE_CACHE) >= _VALUE_CACHE_SIZE:
        _VALUE_CACHE.clear()
    _VALUE_CACHE[value] = found
    return found


def _match_category() -> Callable[[str], tuple[str, str] | None]:
    native = _native()
    if native is None:
        return match_category_python
    native.configure_tokens(
        _VALUE_CACHE, _CHUNK_CACHE, boilerplate_tokens(), _chunk_category, _VALUE_CACHE_SIZE
    )
    return native.match_category  # type: ignore[no-any-return]


#: :func:`match_category_python`, compiled when the page walk is (same results, same
#: caches).
match_category = _match_category()
