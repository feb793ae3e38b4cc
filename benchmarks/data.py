"""Locate and load the benchmark sets (pages, text views, gold)."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bs4.dammit import UnicodeDammit

SETS: tuple[str, ...] = ("scrapinghub", "trafeval-dev")
TEXT_VIEWS: tuple[str, ...] = ("lines", "flat")
VIEWS: tuple[str, ...] = ("html", *TEXT_VIEWS)

REPO_ROOT = Path(__file__).resolve().parent.parent
ENV_VAR = "CLEANTEXT_BENCH_DIR"


def bench_dir() -> Path:
    """The benchmark data folder: $CLEANTEXT_BENCH_DIR, else <repo root>/../shared/bench."""
    env = os.environ.get(ENV_VAR)
    if env:
        return Path(env)
    return REPO_ROOT.parent / "shared" / "bench"


def metric_of(set_name: str) -> str:
    return "article" if set_name == "scrapinghub" else "segments"


@dataclass
class Page:
    id: str
    url: str
    raw: bytes  # the HTML bytes as served
    html: str  # decoded once, outside any timed section
    lines: str
    flat: str

    def view(self, name: str) -> str:
        if name == "html":
            return self.html
        if name == "lines":
            return self.lines
        if name == "flat":
            return self.flat
        raise ValueError(f"unknown view {name!r}")


def decode_html(raw: bytes) -> str:
    """Decode like bs4 UnicodeDammit: BOM, declared <meta>/XML charset, detection, UTF-8/cp1252."""
    dammit = UnicodeDammit(raw, is_html=True)
    if dammit.unicode_markup is not None:
        return dammit.unicode_markup
    return raw.decode("utf-8", errors="replace")


def load_gold(set_name: str, root: Path | None = None) -> dict[str, dict[str, Any]]:
    base = (root or bench_dir()) / set_name
    name = "ground-truth.json" if set_name == "scrapinghub" else "gold.json"
    gold: dict[str, dict[str, Any]] = json.loads((base / name).read_text(encoding="utf-8"))
    return gold


def _read_view(path: Path) -> dict[str, str]:
    out: dict[str, str] = {}
    with gzip.open(path, "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            out[rec["id"]] = rec["text"]
    return out


def iter_pages(set_name: str, limit: int | None = None, root: Path | None = None) -> Iterator[Page]:
    """Pages of a set in sorted id order (the first `limit` ones if given)."""
    base = (root or bench_dir()) / set_name
    gold = load_gold(set_name, root)
    lines, flat = _read_view(base / "lines.jsonl.gz"), _read_view(base / "flat.jsonl.gz")
    ids = sorted(gold)
    if limit is not None:
        ids = ids[:limit]
    for pid in ids:
        raw = gzip.decompress((base / "html" / f"{pid}.html.gz").read_bytes())
        yield Page(
            id=pid,
            url=str(gold[pid].get("url") or ""),
            raw=raw,
            html=decode_html(raw),
            lines=lines.get(pid, ""),
            flat=flat.get(pid, ""),
        )
