"""The compiled tree scorer of ``outside-main-text`` (``rules/_trees.pyx``) gives the
same log-odds as the Python scorer, bit for bit, on the shipped model; and refuses
a malformed model instead of reading out of bounds."""

from __future__ import annotations

import os
import random

import pytest

from cleantext.rules import main_text as mt

try:
    from cleantext.rules._trees import TreeScorer
except ImportError:  # not built: the Python scorer runs, nothing to compare
    TreeScorer = None

if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
    assert TreeScorer is not None, "the compiled tree scorer was not built"
native = pytest.mark.skipif(TreeScorer is None, reason="compiled tree scorer not built")


@native
def test_compiled_and_python_scorers_agree_exactly() -> None:
    model = mt.load_model()
    compiled = TreeScorer(model.bias, model.trees, len(mt.FEATURES))
    python = mt.compile_scorer(model.bias, model.trees, len(mt.FEATURES))
    rng = random.Random(7)
    thresholds = sorted({t for tree in model.trees for t in tree.threshold})
    rows = []
    for _ in range(2000):
        # Values on, just around and far from the thresholds, where a < / <= slip shows.
        row = []
        for _ in mt.FEATURES:
            t = rng.choice(thresholds)
            row.append(rng.choice((t, t + 1e-9, t - 1e-9, rng.uniform(-2, 10), 0.0, 1.0)))
        rows.append(row)
    assert compiled(rows) == python(rows)
    assert compiled([]) == python([]) == []


@native
def test_compiled_and_python_second_stages_agree_exactly() -> None:
    model = mt.load_model()
    compiled = TreeScorer(model.second_bias, model.second, len(mt.SECOND))
    python = mt.compile_scorer(model.second_bias, model.second, len(mt.SECOND))
    rng = random.Random(8)
    thresholds = sorted({t for tree in model.second for t in tree.threshold}) or [0.0]
    rows = []
    for _ in range(2000):
        row = []
        for _ in mt.SECOND:
            t = rng.choice(thresholds)
            row.append(rng.choice((t, t + 1e-9, t - 1e-9, rng.uniform(-2, 10), 0.0, 1.0)))
        rows.append(row)
    assert compiled(rows) == python(rows)


@native
@pytest.mark.skipif(
    bool(os.environ.get("CLEANTEXT_PURE_PYTHON")), reason="the Python scorer is forced"
)
def test_the_rule_uses_the_compiled_scorer() -> None:
    assert isinstance(mt.load_model().log_odds, TreeScorer)
    assert isinstance(mt.load_model().second_log_odds, TreeScorer)


@native
def test_a_malformed_model_is_refused() -> None:
    tree = mt.Tree(feature=(0, -1, -1), threshold=(0.5, 0, 0), left=(1, 0, 0),
                   right=(9, 0, 0), value=(0, 1.0, 2.0))
    with pytest.raises(ValueError, match="child out of range"):
        TreeScorer(0.0, (tree,), 1)
    wide = mt.Tree(feature=(5, -1, -1), threshold=(0.5, 0, 0), left=(1, 0, 0),
                   right=(2, 0, 0), value=(0, 1.0, 2.0))
    with pytest.raises(ValueError, match="out of range"):
        TreeScorer(0.0, (wide,), 1)
    good = mt.Tree(feature=(0, -1, -1), threshold=(0.5, 0, 0), left=(1, 0, 0),
                   right=(2, 0, 0), value=(0, 1.0, 2.0))
    scorer = TreeScorer(0.25, (good,), 1)
    assert scorer([[0.5], [0.6]]) == [1.25, 2.25]
    with pytest.raises(ValueError, match="features"):
        scorer([[]])


@native
def test_rows_of_any_sequence_and_number_type_score_the_same() -> None:
    """The compiled scorer reads list rows of floats in place; tuples, ints and
    numpy floats go the general way, to the same sums."""
    import numpy as np

    model = mt.load_model()
    compiled = TreeScorer(model.bias, model.trees, len(mt.FEATURES))
    python = mt.compile_scorer(model.bias, model.trees, len(mt.FEATURES))
    rng = random.Random(9)
    rows = [[float(rng.choice((0, 1, 2, 5, 40))) for _ in mt.FEATURES] for _ in range(300)]
    expected = python(rows)
    assert compiled(rows) == expected
    assert compiled([tuple(r) for r in rows]) == expected
    assert compiled([[int(v) for v in r] for r in rows]) == expected
    assert compiled([[np.float64(v) for v in r] for r in rows]) == expected
    assert compiled(np.array(rows)) == expected


@native
def test_a_matrix_of_rows_scores_as_the_rows() -> None:
    from cleantext.rules import _context

    model = mt.load_model()
    rng = random.Random(10)
    rows = [[rng.choice((0.0, 1.0, rng.uniform(-2, 10))) for _ in mt.SECOND] for _ in range(500)]
    first = TreeScorer(model.bias, model.trees, len(mt.FEATURES))
    second = TreeScorer(model.second_bias, model.second, len(mt.SECOND))
    for scorer, width in ((first, len(mt.FEATURES)), (second, len(mt.SECOND))):
        matrix = _context.to_matrix(rows, width)
        assert scorer.score_matrix(matrix) == scorer(rows)
    assert first.score_matrix(_context.to_matrix([], len(mt.FEATURES))) == []
    assert list(first.score_array(_context.to_matrix([], len(mt.FEATURES)))) == []
    with pytest.raises(ValueError, match="features"):
        second.score_matrix(_context.to_matrix(rows, len(mt.FEATURES)))


def _random_tree(rng: random.Random, width: int, depth: int) -> mt.Tree:
    """A tree of at most ``depth`` levels whose leaves stop at random depths."""
    feature: list[int] = []
    threshold: list[float] = []
    left: list[int] = []
    right: list[int] = []
    value: list[float] = []

    def grow(level: int) -> int:
        node = len(feature)
        feature.append(-1)
        threshold.append(0.0)
        left.append(0)
        right.append(0)
        value.append(rng.uniform(-1, 1))
        if level < depth and rng.random() < 0.7:
            feature[node] = rng.randrange(width)
            threshold[node] = rng.choice((0.0, 0.5, 1.0, rng.uniform(-1, 2)))
            left[node] = grow(level + 1)
            right[node] = grow(level + 1)
        return node

    grow(0)
    return mt.Tree(tuple(feature), tuple(threshold), tuple(left), tuple(right), tuple(value))


@native
@pytest.mark.parametrize("depth", [0, 1, 3, 4, 5, 8, 9])
def test_complete_layout_scores_uneven_trees_as_the_walk(depth: int) -> None:
    """The matrix scorer (trees laid out complete up to 8 levels, walked past
    that) gives the Python scorer's sums on trees with leaves at every depth,
    on values at the thresholds and on NaN."""
    import numpy as np

    rng = random.Random(depth)
    width = 6
    trees = tuple(_random_tree(rng, width, depth) for _ in range(30))
    compiled = TreeScorer(0.125, trees, width)
    python = mt.compile_scorer(0.125, trees, width)
    rows = [[rng.choice((0.0, 0.5, 1.0, -1.0, 2.0, float("nan"), rng.uniform(-1, 2)))
             for _ in range(width)] for _ in range(500)]
    expected = python(rows)
    assert compiled.score_matrix(np.array(rows, dtype=np.float64)) == expected
    assert list(compiled.score_array(np.array(rows, dtype=np.float64))) == expected
    assert compiled(rows) == expected


@native
def test_a_matrix_of_any_row_count_and_row_stride_scores_as_the_rows() -> None:
    """``score_matrix`` walks sixteen rows at a time, then four, then one: every
    count of rows (and rows wider than the model reads) gives each row the sum it
    gets alone."""
    import numpy as np

    model = mt.load_model()
    rng = random.Random(11)
    thresholds = sorted({t for tree in model.trees for t in tree.threshold})
    first = TreeScorer(model.bias, model.trees, len(mt.FEATURES))
    python = mt.compile_scorer(model.bias, model.trees, len(mt.FEATURES))
    for count in (*range(12), 15, 16, 17, 20, 33, 47):
        rows = []
        for _ in range(count):
            row = []
            for _ in range(len(mt.FEATURES) + 3):
                t = rng.choice(thresholds)
                row.append(rng.choice((t, t + 1e-9, t - 1e-9, rng.uniform(-2, 10), 0.0)))
            rows.append(row)
        wide = np.array(rows, dtype=float).reshape(count, len(mt.FEATURES) + 3)
        expected = python([r[: len(mt.FEATURES)] for r in rows])
        assert first.score_matrix(np.ascontiguousarray(wide[:, : len(mt.FEATURES)])) == expected
        # (As a C array: the same sums; rows wider than the model reads, too.)
        assert list(first.score_array(np.ascontiguousarray(wide[:, : len(mt.FEATURES)]))) == (
            expected)
        assert list(first.score_array(wide)) == expected
        shifted = np.ascontiguousarray(wide[:, 3:])
        assert first.score_matrix(shifted) == python([r[3:] for r in rows])
