"""OrderedPool: input order, a bounded window, time limits, and workers that die."""

from __future__ import annotations

import random
from collections.abc import Iterator

import pytest

import batch_helpers as h
from cleantext.batch.workers import HOOK_ENV, Failure, OrderedPool


def test_results_come_in_input_order_when_later_items_finish_first() -> None:
    rng = random.Random(5)
    items = [(i, rng.choice([0.0, 0.0, 0.02])) for i in range(40)]
    with OrderedPool(h.square_after_sleep, jobs=2) as pool:
        out = list(pool.imap(items))
    assert [item for item, _ in out] == items
    assert [result for _, result in out] == [i * i for i in range(40)]


def test_reads_at_most_a_window_ahead_of_what_it_yielded() -> None:
    pulled = 0

    def source() -> Iterator[tuple[int, float]]:
        nonlocal pulled
        for i in range(200):
            pulled += 1
            yield (i, 0.0)

    ahead = []
    with OrderedPool(h.square_after_sleep, jobs=2, window=6) as pool:
        for done, _ in enumerate(pool.imap(source()), start=1):
            ahead.append(pulled - done)
    assert max(ahead) <= 6
    assert pulled == 200


def test_an_item_that_raises_gets_a_failure_and_the_others_go_on() -> None:
    with OrderedPool(h.fail_on_odd, jobs=2) as pool:
        results = [r for _, r in pool.imap(range(6))]
    assert results[0::2] == [0, 2, 4]
    assert all(isinstance(r, Failure) and r.kind == "raised" for r in results[1::2])
    assert "ValueError: odd 1" in str(results[1])
    assert pool.restarts == 0


def test_an_item_over_the_time_limit_fails_and_its_worker_is_replaced() -> None:
    with OrderedPool(h.sleep_then_return, jobs=1, timeout=1.0) as pool:
        results = [r for _, r in pool.imap([0.0, 30.0, 0.0, 0.01])]
    assert results[0] == 0.0 and results[2:] == [0.0, 0.01]
    assert isinstance(results[1], Failure) and results[1].kind == "timeout"
    assert pool.restarts == 1


def test_a_worker_that_exits_loses_no_item_and_is_replaced() -> None:
    items = [1, 2, -1, 3, 4, -2, 5, 6, 7, 8]
    with OrderedPool(h.exit_on_negative, jobs=2) as pool:
        out = list(pool.imap(items))
    assert [i for i, _ in out] == items
    for item, result in out:
        if item < 0:
            assert isinstance(result, Failure) and result.kind == "died"
            assert "exited with code 3" in result.message
        else:
            assert result == item
    assert pool.restarts == 2


def test_a_worker_killed_by_sigkill_is_reported_and_replaced(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(HOOK_ENV, "batch_helpers:kill_on_marker")
    items = [(i, b"ok") for i in range(6)] + [(6, h.KILL_MARKER)] + [(7, b"ok")]
    with OrderedPool(h.first_of_pair, jobs=2) as pool:
        out = list(pool.imap(items))
    assert [i for i, _ in out] == items
    assert [r for _, r in out[:6]] == list(range(6))
    failure = out[6][1]
    assert isinstance(failure, Failure) and "SIGKILL" in failure.message
    assert out[7][1] == 7


def test_stopping_early_ends_the_workers() -> None:
    pool: OrderedPool[float] = OrderedPool(h.sleep_then_return, jobs=2)
    results = pool.imap([0.0, 5.0, 5.0, 5.0])
    assert next(results)[1] == 0.0
    workers = [w.process for w in pool._workers]
    results.close()
    assert not any(p.is_alive() for p in workers)


def test_workers_that_cannot_start_are_an_error_not_a_loop(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(HOOK_ENV, "no_such_module:hook")
    with OrderedPool(h.fail_on_odd, jobs=1) as pool, pytest.raises(RuntimeError, match="start"):
        list(pool.imap(range(3)))
