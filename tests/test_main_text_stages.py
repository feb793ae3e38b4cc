"""outside-main-text internals: the second stage's inputs and the timestamp lines."""

from __future__ import annotations

import random

import pytest

from cleantext.rules import main_text as mt


def _walk(bias: float, trees: tuple[mt.Tree, ...], row: list[float]) -> float:
    total = bias
    for tree in trees:
        node = 0
        while tree.feature[node] >= 0:
            go_left = row[tree.feature[node]] <= tree.threshold[node]
            node = tree.left[node] if go_left else tree.right[node]
        total += tree.value[node]
    return total


def test_second_stage_scorer_is_the_tree_walk() -> None:
    """The compiled second stage gives the same log-odds as walking its trees over
    rows of every feature of :data:`SECOND`."""
    model = mt.load_model()
    rng = random.Random(1)
    rows = [
        [rng.choice((0.0, 1.0, rng.random(), rng.uniform(-2, 6))) for _ in mt.SECOND]
        for _ in range(200)
    ]
    for row, got in zip(rows, model.second_log_odds(rows), strict=True):
        assert got == pytest.approx(_walk(model.second_bias, model.second, row), abs=1e-9)


def _rows(count: int) -> list[list[float]]:
    return [[0.0] * len(mt.FEATURES) for _ in range(count)]


def test_stacked_places_units_around_the_first_stage_article() -> None:
    """Units before and after the sure run get their distance and the sure
    boilerplate between; units in it are marked inside."""
    first = [-4.0, -4.0, 4.0, 4.0, 4.0, -4.0, 1.0, 1.0]
    words = [3, 3, 30, 30, 30, 3, 20, 20]
    rows = mt.stacked(_rows(len(first)), first, words)
    at = {name: len(mt.FEATURES) + i for i, name in enumerate(mt.STACK)}
    assert all(len(row) == len(mt.SECOND) for row in rows)
    assert [row[at["in_main"]] for row in rows[2:5]] == [1.0, 1.0, 1.0]
    assert rows[0][at["before_main"]] > 0 and rows[0][at["after_main"]] == 0
    # the prose after a boilerplate line lies behind one barrier, 3 words away
    assert rows[6][at["barrier"]] == pytest.approx(0.6931, abs=1e-3)
    assert rows[6][at["outside_core"]] == pytest.approx(1.3863, abs=1e-3)
    assert rows[3][at["barrier"]] == 0 and rows[3][at["outside_core"]] == 0


def test_units_other_rules_removed_are_left_out_of_the_runs() -> None:
    """A unit removed whole between two halves of the article does not split it."""
    first = [4.0, -4.0, 4.0]
    rows = _rows(3)
    rows[1][mt.FEATURES.index("removed")] = 1.0
    out = mt.stacked(rows, first, [30, 30, 30])
    in_main = len(mt.FEATURES) + mt.STACK.index("in_main")
    assert out[0][in_main] == out[2][in_main] == 1.0


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("2 days ago at 07:47", True),
        ("vor 3 Stunden", True),
        ("il y a 2 jours", True),
        ("hace 3 horas", True),
        ("há 2 dias", True),
        ("منذ 3 ساعات", True),
        ("The deal was signed 30 years ago in Geneva.", True),
        ("In 1990 the bridge was closed.", False),
        ("She came back after two days.", False),
    ],
)
def test_relative_time(line: str, expected: bool) -> None:
    assert bool(mt._AGO.search(line)) is expected
