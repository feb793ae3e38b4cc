"""The markup verdict caches: bounded, and safe when threads clean pages at once.

The verdicts on a page's sets of markup attributes are cached across pages (by the
sets' pairs, or by the compiled walk's key bytes) and cleared when they outgrow
``_CACHE_SIZE``. A clear by one thread while another is between judging its new sets
and reading their verdicts back must not lose those verdicts.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from cleantext import Cleaner
from cleantext.html import markup

HERE = Path(__file__).parent
PAGES = sorted((HERE / "fixtures").glob("*/*/input.html"))


def _outputs(cleaner: Cleaner, pages: list[bytes]) -> list[tuple[str, tuple[str, ...]]]:
    results = [cleaner.clean(page) for page in pages]
    return [(r.text, tuple(f"{x.rule}:{x.where}" for x in r.removals)) for r in results]


def test_threads_with_a_tiny_cache_clean_as_one_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    pages = [path.read_bytes() for path in PAGES]
    assert len(pages) >= 10
    cleaner = Cleaner()
    want = _outputs(cleaner, pages)
    # A cache of 8 entries is cleared on almost every page: the threads clear it
    # under each other's feet.
    monkeypatch.setattr(markup, "_CACHE_SIZE", 8)
    for cache in (markup._CACHE, markup._BY_KEY):
        cache.clear()
    with ThreadPoolExecutor(max_workers=4) as pool:
        runs = list(pool.map(lambda _: _outputs(cleaner, pages), range(8)))
    assert all(run == want for run in runs)


def test_a_new_set_leaves_no_tuple_in_the_caches_with_the_compiled_walk() -> None:
    if markup._NATIVE is None:
        pytest.skip("the compiled walk is not built")
    page = b"<html><body><div class='zz-new-set-nav'>menu</div><p>" + b"text " * 50 + b"</p>"
    Cleaner().clean(page)
    assert not any(isinstance(key, tuple) and ("class", "zz-new-set-nav") in key
                   for key in markup._CACHE)
    assert any(b"zz-new-set-nav" in key for key in markup._BY_KEY)
