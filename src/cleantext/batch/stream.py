"""Run a stream of items through a work function, write the results in input order.

Shared by ``cleantext --jsonl`` and ``cleantext warc``: the work function turns one item
into an :class:`Output` (the output line, the log lines, whether it failed); when the work
fails outside the function's own error handling (it raised, timed out, or its worker
died) ``on_failure`` builds the error output for that item instead, so every item gives
exactly one output line.

``-j 1`` without a time limit cleans in-process (no pickling, no pipes); any other setting
uses an :class:`~cleantext.batch.workers.OrderedPool`.
"""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import IO, Any, TypeVar

from .workers import Failure, OrderedPool

T = TypeVar("T")


@dataclass(frozen=True)
class Output:
    """What cleaning one item produced: one output line, zero or more log lines."""

    line: bytes
    log: bytes = b""
    failed: bool = False


@dataclass
class Summary:
    """Counts for the closing line on stderr."""

    records: int = 0
    errors: int = 0
    skipped: int = 0
    seconds: float = 0.0

    def __str__(self) -> str:
        rate = self.records / self.seconds if self.seconds > 0 else 0.0
        skipped = f", {self.skipped} skipped" if self.skipped else ""
        return (
            f"cleantext: {self.records} records, {self.errors} errors{skipped}, "
            f"{self.seconds:.1f} s, {rate:.1f} docs/s"
        )


def dumps_line(record: dict[str, Any]) -> bytes:
    """One JSON line, UTF-8. Text with lone surrogates (valid in JSON's ``\\ud800``
    escapes, not in UTF-8) is written with ASCII escapes instead of failing."""
    try:
        return (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8")
    except UnicodeEncodeError:
        return (json.dumps(record, ensure_ascii=True) + "\n").encode("ascii")


def _results(
    items: Iterable[T],
    work: Callable[[T], Output],
    on_failure: Callable[[T, Failure], Output],
    jobs: int,
    timeout: float | None,
) -> Iterator[Output]:
    if jobs == 1 and timeout is None:
        for item in items:
            try:
                yield work(item)
            except Exception as exc:
                yield on_failure(item, Failure("raised", f"{type(exc).__name__}: {exc}"))
        return
    with OrderedPool(work, jobs, timeout=timeout) as pool:
        for item, result in pool.imap(items):
            yield on_failure(item, result) if isinstance(result, Failure) else result


def _progress_bar(enabled: bool) -> Any:
    """A tqdm bar on stderr when it is a terminal; None otherwise (pipes and logs stay
    clean)."""
    if not enabled:
        return None
    try:
        from tqdm import tqdm  # type: ignore[import-untyped,unused-ignore]
    except ImportError:  # a trimmed install: no bar, nothing else changes
        return None
    return tqdm(unit="doc", file=sys.stderr, dynamic_ncols=True, mininterval=0.5)


def run_stream(
    items: Iterable[T],
    work: Callable[[T], Output],
    on_failure: Callable[[T, Failure], Output],
    *,
    out: IO[bytes],
    log: IO[bytes] | None = None,
    jobs: int = 1,
    timeout: float | None = None,
    progress: bool | None = None,
    summary: Summary | None = None,
) -> Summary:
    """Clean every item, write its line to ``out`` (and log lines to ``log``) in input
    order, print the summary to stderr, and return it.

    ``progress`` defaults to "stderr is a terminal". ``summary`` may be passed in so a
    caller's item source can count what it skipped while the stream runs.
    """
    summary = summary if summary is not None else Summary()
    bar = _progress_bar(sys.stderr.isatty() if progress is None else progress)
    start = time.monotonic()
    try:
        for output in _results(items, work, on_failure, jobs, timeout):
            out.write(output.line)
            if log is not None and output.log:
                log.write(output.log)
            summary.records += 1
            summary.errors += output.failed
            if bar is not None:
                bar.update(1)
                if output.failed:
                    bar.set_postfix(errors=summary.errors, refresh=False)
        out.flush()
    finally:
        if bar is not None:
            bar.close()
        summary.seconds = time.monotonic() - start
        sys.stderr.write(f"{summary}\n")
    return summary
