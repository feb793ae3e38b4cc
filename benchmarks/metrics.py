"""The two metrics of the benchmark sets, equal to the reference score.py.

article (ScrapingHub): 4-token shingle multisets per page, normalised tp/fp/fn,
precision and recall averaged over pages, F1 of the two means.
segments (trafilatura): whitespace-normalised substring search of `with`/`without` snippets,
counts summed over the set.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

_TOKEN = re.compile(r"\w+")  # stdlib re on purpose, like score.py and the published figures
_WS = re.compile(r"\s+")


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(toks: list[str], n: int = 4) -> Counter[tuple[str, ...]]:
    if not toks:
        return Counter()
    if len(toks) < n:
        return Counter([tuple(toks)])
    return Counter(tuple(toks[i : i + n]) for i in range(len(toks) - n + 1))


@dataclass
class ArticleDoc:
    tp: float
    fp: float
    fn: float
    p: float
    r: float
    exact: bool


def article_doc(gold: str, pred: str | None) -> ArticleDoc:
    gt, pt = tokens(gold), tokens(pred)
    g, p = shingles(gt), shingles(pt)
    tp = float(sum((g & p).values()))
    fp = float(sum((p - g).values()))
    fn = float(sum((g - p).values()))
    s = tp + fp + fn
    if s:
        tp, fp, fn = tp / s, fp / s, fn / s
    if fp == fn == 0:
        prec = rec = 1.0
    else:
        prec = 0.0 if tp == fp == 0 else tp / (tp + fp)
        rec = 0.0 if tp == fn == 0 else tp / (tp + fn)
    return ArticleDoc(tp, fp, fn, prec, rec, gt == pt)


def article_corpus(docs: list[ArticleDoc]) -> dict[str, float]:
    ps = [d.p for d in docs if d.tp + d.fp > 0]
    rs = [d.r for d in docs if d.tp + d.fn > 0]
    p = mean(ps) if ps else 0.0
    r = mean(rs) if rs else 0.0
    return {
        "F1": 2 * p * r / (p + r) if p + r else 0.0,
        "prec": p,
        "recall": r,
        "acc": mean(float(d.exact) for d in docs) if docs else 0.0,
    }


def norm(text: str | None) -> str:
    return _WS.sub(" ", text or "").strip()


@dataclass
class SegmentsDoc:
    tp: int
    fp: int
    fn: int
    tn: int
    missed: list[str] = field(default_factory=list)
    leaked: list[str] = field(default_factory=list)


def segments_doc(item: Mapping[str, Any], pred: str | None) -> SegmentsDoc:
    text = norm(pred)
    with_: list[str] = list(item["with"])
    without: list[str] = list(item["without"])
    missed = [w for w in with_ if norm(w) not in text]
    leaked = [w for w in without if norm(w) in text]
    return SegmentsDoc(
        tp=len(with_) - len(missed),
        fn=len(missed),
        fp=len(leaked),
        tn=len(without) - len(leaked),
        missed=missed,
        leaked=leaked,
    )


def segments_corpus(docs: list[SegmentsDoc]) -> dict[str, float]:
    tp = sum(d.tp for d in docs)
    fp = sum(d.fp for d in docs)
    fn = sum(d.fn for d in docs)
    tn = sum(d.tn for d in docs)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    total = tp + fp + fn + tn
    return {
        "F1": 2 * p * r / (p + r) if p + r else 0.0,
        "prec": p,
        "recall": r,
        "acc": (tp + tn) / total if total else 0.0,
    }


def score(
    set_name: str,
    gold: Mapping[str, Mapping[str, Any]],
    preds: Mapping[str, str],
    ids: Iterable[str] | None = None,
) -> dict[str, float]:
    """Score predictions on `ids` (default: every gold page; a missing prediction counts as "")."""
    keys = list(gold) if ids is None else list(ids)
    if set_name == "scrapinghub":
        return article_corpus([article_doc(gold[k]["articleBody"], preds.get(k, "")) for k in keys])
    return segments_corpus([segments_doc(gold[k], preds.get(k, "")) for k in keys])
