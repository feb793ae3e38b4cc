"""Run extractors over the benchmark sets, score them and print a markdown table.

python -m benchmarks.run [--set scrapinghub|trafeval-dev|all]
    [--tools cleantext,trafilatura,...] [--view html|lines|flat|all]
    [--limit N] [--out results.json] [--ref cleantext]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import platform
import sys
import time
import traceback
from dataclasses import asdict, dataclass
from pathlib import Path

from .data import SETS, VIEWS, Page, bench_dir, iter_pages, load_gold, metric_of
from .metrics import score
from .tools import ALL_TOOLS, CLEANTEXT, Runner, Unavailable, make_runner, tool_views

RESULTS_DIR = Path(__file__).resolve().parent / "results"
MAX_SHOWN_ERRORS = 3

HEADER_NOTE = (
    "Decoding: HTML bytes are decoded once per page with bs4 UnicodeDammit (BOM, declared "
    "charset, detection) outside the timed section; peers are timed on that str. cleantext "
    "in HTML mode is timed from the raw bytes (its own decoding included); in text mode on "
    "the view's str. Single process, time.perf_counter around each call, one untimed warm-up "
    "call per tool/view/set; tools take turns page by page (each page goes to every tool of "
    "the view before the next page), so changes in the machine's load hit all tools alike."
)


@dataclass
class Row:
    tool: str
    view: str
    set: str
    metric: str
    prec: float
    recall: float
    f1: float
    docs: int
    seconds: float
    exceptions: int

    @property
    def docs_per_s(self) -> float:
        return self.docs / self.seconds if self.seconds > 0 else float("inf")


def run_tools(
    runners: dict[str, Runner], view: str, pages: list[Page]
) -> dict[str, tuple[dict[str, str], float, list[tuple[str, str]]]]:
    """Run each tool's runner on one view of every page, interleaved: each page goes
    to every tool in turn, so a change in the machine's load (it is shared) hits every
    tool alike, and speed ratios from one run compare like with like.

    Returns, per tool, its predictions, its seconds and its errors.
    """
    tools = list(runners)
    if pages:  # warm-up: lazy imports, caches, first-call compilation
        for runner in runners.values():
            with contextlib.suppress(Exception):
                runner(pages[0].raw, pages[0].view(view), pages[0].url)
    preds: dict[str, dict[str, str]] = {tool: {} for tool in tools}
    errors: dict[str, list[tuple[str, str]]] = {tool: [] for tool in tools}
    totals = dict.fromkeys(tools, 0.0)
    for page in pages:
        text = page.view(view)
        for tool, runner in runners.items():
            t0 = time.perf_counter()
            try:
                out = runner(page.raw, text, page.url)
            except Exception as exc:
                totals[tool] += time.perf_counter() - t0
                errors[tool].append(
                    (page.id, "".join(traceback.format_exception_only(exc)).strip())
                )
                preds[tool][page.id] = ""
                continue
            totals[tool] += time.perf_counter() - t0
            preds[tool][page.id] = out if isinstance(out, str) else ""
    return {tool: (preds[tool], totals[tool], errors[tool]) for tool in tools}


def relative(row: Row, rows: list[Row], ref: str) -> str:
    if row.tool == ref:
        return "reference"
    refs = [r for r in rows if r.tool == ref and r.set == row.set and r.view == row.view]
    if not refs or row.docs == 0 or refs[0].docs == 0:
        return "n/a"
    mine, theirs = row.seconds / row.docs, refs[0].seconds / refs[0].docs
    if mine <= 0 or theirs <= 0:
        return "n/a"
    ratio = mine / theirs
    return f"{ratio:.1f}x slower" if ratio >= 1 else f"{1 / ratio:.1f}x faster"


def _rate(x: float) -> str:
    return f"{x:,.0f}" if x >= 100 else f"{x:.1f}"


def table(rows: list[Row], ref: str) -> str:
    out = [
        f"| tool | view | set | metric | P | R | F1 | docs/s | time vs {ref} | exceptions |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        out.append(
            f"| {r.tool} | {r.view} | {r.set} | {r.metric} | {r.prec:.3f} | {r.recall:.3f} "
            f"| {r.f1:.3f} | {_rate(r.docs_per_s)} | {relative(r, rows, ref)} | {r.exceptions} |"
        )
    return "\n".join(out)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    ap.add_argument("--set", default="all", choices=[*SETS, "all"])
    ap.add_argument("--tools", default=",".join(ALL_TOOLS), help="comma-separated tool names")
    ap.add_argument("--view", default="all", choices=[*VIEWS, "all"])
    ap.add_argument("--limit", type=int, default=None, help="first N pages (sorted ids) per set")
    ap.add_argument("--out", type=Path, default=None, help="write the summary as JSON here")
    ap.add_argument("--ref", default=CLEANTEXT, help="tool that speed is compared to")
    args = ap.parse_args(argv)
    unknown = [t for t in args.tools.split(",") if t and t not in ALL_TOOLS]
    if unknown:
        ap.error(f"unknown tools {unknown}; known: {', '.join(ALL_TOOLS)}")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    sets = list(SETS) if args.set == "all" else [args.set]
    views = list(VIEWS) if args.view == "all" else [args.view]
    tools = [t for t in args.tools.split(",") if t]
    root = bench_dir()
    if not root.is_dir():
        print(f"benchmark data not found at {root} (set CLEANTEXT_BENCH_DIR)", file=sys.stderr)
        return 2
    RESULTS_DIR.mkdir(exist_ok=True)
    rows: list[Row] = []
    skipped: dict[str, str] = {}
    for set_name in sets:
        t0 = time.perf_counter()
        pages = list(iter_pages(set_name, args.limit, root))
        gold = load_gold(set_name, root)
        ids = [p.id for p in pages]
        print(
            f"# {set_name}: {len(pages)} pages loaded in {time.perf_counter() - t0:.1f}s",
            file=sys.stderr,
        )
        results = {}
        for view in views:
            runners: dict[str, Runner] = {}
            for tool in tools:
                if view not in tool_views(tool) or tool in skipped:
                    continue
                try:
                    runners[tool] = make_runner(tool, view)
                except Unavailable as exc:
                    skipped[tool] = str(exc)
                    print(f"# skipping {tool}: {exc}", file=sys.stderr)
            for tool, result in run_tools(runners, view, pages).items():
                results[tool, view] = result
        for tool in tools:
            for view in views:
                if (tool, view) not in results:
                    continue
                preds, seconds, errors = results[tool, view]
                m = score(set_name, gold, preds, ids)
                row = Row(
                    tool,
                    view,
                    set_name,
                    metric_of(set_name),
                    m["prec"],
                    m["recall"],
                    m["F1"],
                    len(pages),
                    seconds,
                    len(errors),
                )
                rows.append(row)
                path = RESULTS_DIR / f"{set_name}-{tool}-{view}.json"
                path.write_text(json.dumps(preds, ensure_ascii=False, indent=0), encoding="utf-8")
                print(
                    f"# {set_name} {tool} {view}: F1 {row.f1:.3f} {row.docs_per_s:.1f} docs/s "
                    f"{len(errors)} exceptions",
                    file=sys.stderr,
                )
                for pid, msg in errors[:MAX_SHOWN_ERRORS]:
                    print(f"#   {pid}: {msg[:300]}", file=sys.stderr)
    limit = f", first {args.limit} pages per set" if args.limit else ""
    print(f"{HEADER_NOTE}\nPython {platform.python_version()} on {platform.machine()}{limit}.\n")
    print(table(rows, args.ref))
    for tool, why in skipped.items():
        print(f"\nskipped {tool}: {why}")
    if args.out:
        summary = {
            "note": HEADER_NOTE,
            "limit": args.limit,
            "ref": args.ref,
            "rows": [
                asdict(r) | {"docs_per_s": r.docs_per_s, "vs_ref": relative(r, rows, args.ref)}
                for r in rows
            ],
            "skipped": skipped,
        }
        args.out.write_text(json.dumps(summary, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
