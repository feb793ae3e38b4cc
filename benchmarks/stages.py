"""Where cleantext's time goes, stage by stage, without a profiler.

python -m benchmarks.stages [html|lines|flat] [--set all|scrapinghub|trafeval-dev]

Wraps the pipeline's stages (load, parse, each rule, the page walk, linearize...) in
timers, cleans every page of the benchmark set once, and prints each stage's time in
units of one bare lxml parse of the pages (1.0 = as long as parsing them). Times
are the process's CPU time (``time.process_time``), and parse units keep them
comparable on a machine shared with other jobs. Stages nest (the page walk runs inside
the first rule that needs it), so the rows do not add up to the total. The count of
the garbage collector's collections during the run comes after the total.
"""

from __future__ import annotations

import argparse
import collections
import gc
import time
from collections.abc import Callable
from typing import Any

import cleantext.cleaner as cleaner_module
import cleantext.html.stats as stats_module
import cleantext.registry as registry_module
import cleantext.textdoc as textdoc_module
from cleantext import Cleaner
from cleantext.html.parse import parse_html

from .data import SETS, iter_pages

TIMES: collections.Counter[str] = collections.Counter()


def timed(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    """``func``, adding its time to ``TIMES[name]``."""

    def run(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            TIMES[name] += time.process_time() - start

    return run


def instrument() -> None:
    """Wrap the stages in timers (for this process)."""
    for name in ("load", "parse_html", "check_depth", "locate"):
        setattr(cleaner_module, name, timed(name, getattr(cleaner_module, name)))
    linearize = cleaner_module.linearize
    cleaner_module.linearize = timed("linearize", lambda doc: list(linearize(doc)))
    rule_call = registry_module.Rule.__call__

    def call(self: Any, doc: Any, ctx: Any) -> Any:
        start = time.process_time()
        try:
            return rule_call(self, doc, ctx)
        finally:
            TIMES["rule:" + self.name] += time.process_time() - start

    registry_module.Rule.__call__ = call  # type: ignore[method-assign]
    index_of = stats_module.PageIndex.of.__func__  # type: ignore[attr-defined]
    stats_module.PageIndex.of = classmethod(timed("index walk", index_of))  # type: ignore[assignment]
    from_blocks = textdoc_module.TextDoc.from_blocks.__func__  # type: ignore[attr-defined]
    textdoc_module.TextDoc.from_blocks = classmethod(  # type: ignore[assignment]
        timed("TextDoc.from_blocks", from_blocks)
    )
    textdoc_module.TextDoc.output = timed("output", textdoc_module.TextDoc.output)  # type: ignore[method-assign]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("view", nargs="?", default="html", choices=("html", "lines", "flat"))
    parser.add_argument("--set", default="all", choices=("all", *SETS))
    parser.add_argument("--total-only", action="store_true", help="print the first line only")
    args = parser.parse_args()
    names = SETS if args.set == "all" else (args.set,)
    pages = [page for name in names for page in iter_pages(name)]
    items = [(p.raw if args.view == "html" else p.view(args.view), p.url) for p in pages]
    instrument()
    cleaner = Cleaner()
    cleaner.clean(items[0][0])  # warm-up: lazy imports, phrase automata
    TIMES.clear()
    gc.collect()
    before = [generation["collections"] for generation in gc.get_stats()]
    start = time.process_time()
    for page, url in items:
        cleaner.clean(page, url=url)
    total = time.process_time() - start
    after = [generation["collections"] for generation in gc.get_stats()]
    collections_made = [now - was for now, was in zip(after, before, strict=True)]
    start = time.process_time()
    for p in pages:
        parse_html(p.html)
    parse = time.process_time() - start
    print(f"{len(items)} pages: {len(items) / total:.0f} docs/s; total {total:.3f}s "
          f"= {total / parse:.2f} bare parses ({parse:.3f}s)")
    if args.total_only:
        return
    # Python's cyclic garbage collector: how often cleaning these pages set it off
    # (young, middle, full collections). Each tracked object a page keeps counts
    # towards a collection, and a full one scans every object of the process.
    print("garbage collections (young, middle, full): " + ", ".join(map(str, collections_made)))
    for name, seconds in TIMES.most_common():
        print(f"{name:28s} {seconds:7.3f}s {seconds / parse:6.2f}")


if __name__ == "__main__":
    main()
