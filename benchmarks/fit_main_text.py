"""Fit the model of the ``outside-main-text`` rule on one benchmark set, score it on both.

    PYTHONPATH=src:. python -m benchmarks.fit_main_text --fit scrapinghub [--write]

1. Every page's text views (lines and flat) go through the text rules that run before
   ``outside-main-text``; the rule's units and features are taken from that document.
2. Unit labels: ScrapingHub: the share of the unit's 4-token shingles found in the gold
   article (short units: whether their tokens occur in it); trafeval-dev: 1 if a ``with``
   snippet lies in the unit (or the unit in it), 0 for a ``without`` snippet, else unlabelled.
3. A logistic regression (IRLS, L2, each unit weighted by its capped word count) fits
   the weights; then the decoder's switch cost and length cap are chosen by grid search
   on the fit set's own benchmark metric. Scores on both sets are printed, so the
   other set shows whether the fit generalises. ``--write`` saves main_text.toml.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from cleantext.cleaner import Cleaner
from cleantext.context import RuleContext
from cleantext.registry import REGISTRY
from cleantext.rules import main_text as mt

from .data import SETS, TEXT_VIEWS, iter_pages, load_gold
from .metrics import norm, score, shingles, tokens

CACHE = Path("/tmp/fit_main_text.pkl")
MODEL_FILE = Path(mt.__file__).with_name("main_text.toml")


@dataclass
class PageData:
    set: str
    id: str
    view: str
    pieces: list[str]  # kept text of each unit (after the earlier rules)
    words: list[int]
    X: np.ndarray
    y: np.ndarray  # label in [0, 1], nan when unknown


def _labels_article(gold: str, pieces: list[str]) -> list[float]:
    gtoks = tokens(gold)
    gsh = shingles(gtoks)
    joined = " " + " ".join(gtoks) + " "
    out = []
    for piece in pieces:
        toks = tokens(piece)
        if not toks:
            out.append(0.0)
        elif len(toks) < 4:
            out.append(1.0 if " " + " ".join(toks) + " " in joined else 0.0)
        else:
            sh = shingles(toks)
            out.append(sum(1 for s in sh if s in gsh) / len(sh))
    return out


def _labels_segments(item: dict, pieces: list[str]) -> list[float]:
    with_ = [norm(s) for s in item["with"]]
    without = [norm(s) for s in item["without"]]
    out = []
    for piece in pieces:
        p = norm(piece)
        long = len(p.split()) >= 3
        pos = any(s and (s in p or (long and p in s)) for s in with_)
        neg = any(s and (s in p or (long and p in s)) for s in without)
        out.append(1.0 if pos and not neg else 0.0 if neg and not pos else float("nan"))
    return out


def build() -> list[PageData]:
    if CACHE.exists():
        return pickle.loads(CACHE.read_bytes())
    cleaner = Cleaner(disable=("outside-main-text",))
    ctx = RuleContext(rule=REGISTRY.get("outside-main-text"), config=cleaner.config)
    data = []
    for set_name in SETS:
        gold = load_gold(set_name)
        for page in iter_pages(set_name):
            for view in TEXT_VIEWS:
                doc = cleaner.trace(page.view(view)).text_doc
                units = mt.units_of(doc)
                if not units:
                    continue
                X = np.array(mt.features(doc, units, ctx))
                pieces = [" ".join(doc.text[a:b] for a, b in doc.kept_runs(s, e)) for s, e in units]
                words = [doc.text.count(" ", s, e) + 1 for s, e in units]
                if set_name == "scrapinghub":
                    y = _labels_article(gold[page.id]["articleBody"], pieces)
                else:
                    y = _labels_segments(gold[page.id], pieces)
                data.append(PageData(set_name, page.id, view, pieces, words, X, np.array(y)))
    CACHE.write_bytes(pickle.dumps(data))
    return data


def fit_lr(pages: list[PageData], cap: int, l2: float = 1.0) -> np.ndarray:
    X = np.vstack([p.X for p in pages])
    y = np.concatenate([p.y for p in pages])
    w = np.concatenate([np.minimum(p.words, cap) for p in pages]).astype(float)
    keep = ~np.isnan(y)
    X, y, w = X[keep], y[keep], w[keep]
    beta = np.zeros(X.shape[1])
    reg = l2 * np.eye(X.shape[1])
    reg[0, 0] = 0.0
    for _ in range(30):
        p = 1 / (1 + np.exp(-np.clip(X @ beta, -30, 30)))
        grad = X.T @ (w * (y - p)) - reg @ beta
        hess = (X * (w * p * (1 - p))[:, None]).T @ X + reg
        step = np.linalg.solve(hess, grad)
        beta += step
        if np.abs(step).max() < 1e-6:
            break
    return beta


def predict(page: PageData, model: mt.Model) -> str:
    probs = 1 / (1 + np.exp(-np.clip(page.X @ np.array(model.weights), -30, 30)))
    lower = list(page.X[:, mt.FEATURES.index("lower")])
    labels = mt.article_labels(list(probs), page.words, lower, model)
    return "\n".join(p for p, k in zip(page.pieces, labels, strict=False) if k)


def evaluate(pages: list[PageData], model: mt.Model) -> dict[tuple[str, str], float]:
    out = {}
    for set_name in SETS:
        gold = load_gold(set_name)
        for view in TEXT_VIEWS:
            preds = {p.id: predict(p, model) for p in pages if p.set == set_name and p.view == view}
            out[(set_name, view)] = score(set_name, gold, preds)["F1"]
    return out


def mean_on(result: dict[tuple[str, str], float], set_name: str) -> float:
    return float(np.mean([v for (s, _), v in result.items() if s == set_name]))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--fit", choices=SETS, default="scrapinghub")
    ap.add_argument("--write", action="store_true")
    args = ap.parse_args()
    pages = build()
    train = [p for p in pages if p.set == args.fit]
    base = mt.load_model()
    best: tuple[float, mt.Model] | None = None
    cap = base.length_cap
    beta = fit_lr(train, cap)
    for threshold, switch, certainty, title in itertools.product(
        (0.4, 0.5), (10.0, 20.0, 40.0), (0.2, 0.3), ((0, 0), (3, 20))
    ):
        model = replace(
            base, weights=tuple(beta), threshold=threshold, switch_cost=switch,
            certainty=certainty, title_words=title,
        )
        value = mean_on(evaluate(train, model), args.fit)
        if best is None or value > best[0]:
            best = (value, model)
            print(f"threshold={threshold} switch={switch} certainty={certainty} "
                  f"title={title}: {value:.4f}")
    assert best is not None
    model = best[1]
    print("fit on", args.fit)
    for key, value in evaluate(pages, model).items():
        print(*key, f"{value:.3f}")
    for name, value in zip(mt.FEATURES, model.weights, strict=False):
        print(f"{name} = {value:.3f}")
    if args.write:
        write(model, args.fit)


def write(model: mt.Model, fit_set: str) -> None:
    lines = [
        "# Model of the outside-main-text rule: weights of a logistic unit scorer (the",
        "# log-odds that a unit is article text is the sum of weight * feature) and the",
        "# decoder's settings: gain = (probability - threshold) * words capped to",
        "# [length_floor, length_cap]; switch_cost per entry into the article.",
        f"# Fitted on {fit_set} by benchmarks/fit_main_text.py; do not edit by hand.",
        f"threshold = {model.threshold}",
        f"switch_cost = {model.switch_cost}",
        f"certainty = {model.certainty}",
        f"min_sure_words = {model.min_sure_words}",
        f"title_words = [{model.title_words[0]}, {model.title_words[1]}]",
        f"length_cap = {model.length_cap}",
        f"length_floor = {model.length_floor}",
        f"min_article_words = {model.min_article_words}",
        "",
        "[weights]",
        *(f"{name} = {value:.3f}" for name, value in zip(mt.FEATURES, model.weights, strict=False)),
    ]
    MODEL_FILE.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
