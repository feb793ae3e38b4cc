"""The compiled chunk matcher of :mod:`cleantext.html.tokens` against the Python one."""

from __future__ import annotations

import random

import pytest

from cleantext.html import tokens
from cleantext.html.blocks import native_module

NATIVE = native_module()


@pytest.mark.skipif(NATIVE is None, reason="the compiled walk is not built")
def test_compiled_chunk_category_equals_python() -> None:
    table = tokens.boilerplate_tokens()
    rng = random.Random(7)
    words = [*sorted(table)[:400], "col", "md", "6", "x", "Bar", "Posts", "SHARE", "related"]
    alphabet = "abcxyzABCXYZ019-_.:/#"
    hits = 0
    for _ in range(30000):
        if rng.random() < 0.6:
            pieces = [rng.choice(words) + rng.choice(["", "-", "_", "9", ""]) for _ in range(4)]
            chunk = "".join(pieces[: rng.randint(1, 4)])
            chunk = "".join(c.upper() if rng.random() < 0.15 else c for c in chunk)
        else:
            chunk = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        want = tokens.ascii_chunk_category_python(chunk, table)
        assert NATIVE.ascii_chunk_category(chunk, table) == want, chunk
        hits += want is not None
    assert hits > 1000  # the tokens were found, not only missed


def test_chunk_category_is_that_of_tokens_of() -> None:
    """Parts first, then joined pairs, as :func:`tokens.tokens_of` lists them."""
    table = tokens.boilerplate_tokens()
    for chunk in ("shareBar", "post-share_2", "relatedPosts", "SOCIAL-links", "x", "a--b", "-"):
        want = next(((table[t], t) for t in tokens.tokens_of(chunk) if t in table), None)
        assert tokens.ascii_chunk_category_python(chunk, table) == want
        assert tokens._ascii_category(chunk, table) == want


@pytest.mark.skipif(NATIVE is None, reason="the compiled walk is not built")
def test_compiled_match_category_equals_python() -> None:
    """Whole values (chunks new and cached, not ASCII too), through the shared caches."""
    table = tokens.boilerplate_tokens()
    rng = random.Random(11)
    words = [*sorted(table)[:300], "col-md-6", "clearfix", "Bar", "árticulo", "πλοήγηση", "x"]
    for round_ in range(2):  # cold caches, then warm
        if round_ == 0:
            tokens._VALUE_CACHE.clear()
            tokens._CHUNK_CACHE.clear()
        rng.seed(11)
        for _ in range(5000):
            value = " ".join(rng.choice(words) for _ in range(rng.randint(0, 4)))
            native = NATIVE.match_category(value)
            tokens._VALUE_CACHE.pop(value, None)
            assert tokens.match_category_python(value) == native, value
    assert tokens.match_category is NATIVE.match_category
