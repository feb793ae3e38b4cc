"""run_stream: one output per item in order, failures in place, progress and summary."""

from __future__ import annotations

import io

import pytest

from cleantext.batch.stream import Output, Summary, run_stream
from cleantext.batch.workers import Failure


def _work(item: int) -> Output:
    if item == 2:
        raise RuntimeError("boom")
    return Output(f"{item}\n".encode(), log=f"log {item}\n".encode(), failed=item == 4)


def _on_failure(item: int, failure: Failure) -> Output:
    return Output(f"{item} failed: {failure}\n".encode(), failed=True)


def test_in_process_a_raising_item_becomes_its_failure_output(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out, log = io.BytesIO(), io.BytesIO()
    summary = run_stream(range(6), _work, _on_failure, out=out, log=log, progress=False)
    assert out.getvalue().decode().splitlines() == [
        "0", "1", "2 failed: RuntimeError: boom", "3", "4", "5"]
    assert log.getvalue().decode().splitlines() == [f"log {i}" for i in (0, 1, 3, 4, 5)]
    assert (summary.records, summary.errors) == (6, 2)
    assert capsys.readouterr().err.startswith("cleantext: 6 records, 2 errors, ")


def test_progress_bar_is_drawn_only_when_asked(capsys: pytest.CaptureFixture[str]) -> None:
    run_stream(range(3), _work, _on_failure, out=io.BytesIO(), progress=False)
    assert capsys.readouterr().err.count("\n") == 1  # only the summary
    run_stream(range(3), _work, _on_failure, out=io.BytesIO(), progress=True)
    err = capsys.readouterr().err
    assert "3doc" in err.replace(" ", "") and err.rstrip().endswith("docs/s")


def test_summary_mentions_skipped_items_only_when_there_are_some() -> None:
    assert "skipped" not in str(Summary(records=2, seconds=1.0))
    assert str(Summary(records=4, errors=1, skipped=3, seconds=2.0)) == (
        "cleantext: 4 records, 1 errors, 3 skipped, 2.0 s, 2.0 docs/s")
