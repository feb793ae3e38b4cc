"""The benchmark scorer must reproduce the reference score.py exactly."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

from benchmarks import metrics  # noqa: E402
from benchmarks.data import bench_dir, iter_pages, load_gold  # noqa: E402

BENCH = bench_dir()
pytestmark = pytest.mark.skipif(
    not (BENCH / "score.py").is_file(), reason=f"benchmark data absent at {BENCH}"
)


@pytest.fixture(scope="module")
def ref() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_score_ref", BENCH / "score.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def run_score_py(set_name: str, preds: dict[str, str], tmp_path: Path) -> str:
    path = tmp_path / f"{set_name}-preds.json"
    path.write_text(json.dumps(preds, ensure_ascii=False), encoding="utf-8")
    out = subprocess.run(
        [sys.executable, str(BENCH / "score.py"), set_name, str(path)],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    )
    return out.stdout.strip()


def fmt(m: dict[str, float]) -> str:
    return "  ".join(f"{k} {v:.3f}" for k, v in m.items())


ARTICLE_CASES = [
    ("The cat sat on the mat today.", "The cat sat on the mat today."),
    ("The cat sat on the mat today.", "Menu Home The cat sat on the mat today. Share"),
    ("The cat sat on the mat today.", ""),
    ("", ""),
    ("", "some leaked text here now"),
    ("one two", "one two"),
    ("one two three", "one two"),
    ("a b c d e f g h", "e f g h a b c d"),
    ("Größe über Straße, café déjà vu à Paris", "Größe über Straße café"),
    ("x x x x x x", "x x x x"),
]


def test_article_doc_synthetic(ref: ModuleType) -> None:
    for gold, pred in ARTICLE_CASES:
        mine, theirs = metrics.article_doc(gold, pred), ref.article_doc(gold, pred)
        assert (mine.tp, mine.fp, mine.fn, mine.p, mine.r, mine.exact) == (
            theirs["tp"],
            theirs["fp"],
            theirs["fn"],
            theirs["p"],
            theirs["r"],
            theirs["exact"],
        )


def test_article_corpus_synthetic(ref: ModuleType) -> None:
    mine = metrics.article_corpus([metrics.article_doc(g, p) for g, p in ARTICLE_CASES])
    theirs = ref.article_corpus([ref.article_doc(g, p) for g, p in ARTICLE_CASES])
    assert mine == theirs


SEGMENT_CASES = [
    (
        {"with": ["Main  text\nhere", "second"], "without": ["Share this", "Cookies"]},
        "Main text here. Share this! second",
    ),
    ({"with": ["a"], "without": []}, ""),
    ({"with": [], "without": ["menu"]}, "menu bar"),
    ({"with": ["  padded  "], "without": ["x"]}, "padded"),
]


def test_segments_synthetic(ref: ModuleType) -> None:
    mine_docs, ref_docs = [], []
    for item, pred in SEGMENT_CASES:
        mine, theirs = metrics.segments_doc(item, pred), ref.segments_doc(item, pred)
        assert (mine.tp, mine.fp, mine.fn, mine.tn, mine.missed, mine.leaked) == (
            theirs["tp"],
            theirs["fp"],
            theirs["fn"],
            theirs["tn"],
            theirs["missed"],
            theirs["leaked"],
        )
        mine_docs.append(mine)
        ref_docs.append(theirs)
    assert metrics.segments_corpus(mine_docs) == ref.segments_corpus(ref_docs)


@pytest.mark.parametrize("set_name", ["scrapinghub", "trafeval-dev"])
def test_real_tool_against_score_py(set_name: str, ref: ModuleType, tmp_path: Path) -> None:
    """cleantext on a handful of pages, plus the lines view for some others (peers are an
    optional extra, so the test uses the one tool that is always installed)."""
    from cleantext import clean

    pages = list(iter_pages(set_name, limit=12))
    preds = {p.id: clean(p.html, url=p.url).text for p in pages[:6]}
    preds |= {p.id: p.lines for p in pages[6:]}
    gold = load_gold(set_name)
    ids = [p.id for p in pages]
    # same numbers as score.py's functions on the subset, to the last bit
    if set_name == "scrapinghub":
        theirs = ref.article_corpus(
            [ref.article_doc(gold[k]["articleBody"], preds[k]) for k in ids]
        )
    else:
        theirs = ref.segments_corpus([ref.segments_doc(gold[k], preds[k]) for k in ids])
    assert metrics.score(set_name, gold, preds, ids) == theirs
    # and the same printed figures as score.py run as a program on the whole set
    assert fmt(metrics.score(set_name, gold, preds)) == run_score_py(set_name, preds, tmp_path)
