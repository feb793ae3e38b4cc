"""``cleantext --jsonl``: clean one field of each JSON line, keep the other fields.

    cleantext --jsonl --field html -j 2 < pages.jsonl > clean.jsonl
    cleantext --jsonl --field text --log removals.jsonl < wet.jsonl > clean.jsonl

Each input line is one record (blank lines are skipped). Each output line is the input
record without the cleaned field, plus ``text``, ``removals`` and ``notes`` (as in
``cleantext --format json``). With ``--log FILE`` the removals and notes go to FILE
instead, one JSON object per line carrying the record's ``index`` (0-based, in input
order) and its ``id`` when it has one.

A record that cannot be cleaned still gives exactly one output line, in its place, with an
``error`` field: the input record unchanged plus ``error`` (so the error lines can be fed
back in), or ``{"error", "raw"}`` when the line is not a JSON object. The exit code is 1
when any record failed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from typing import IO, Any, cast

from ..cleaner import Cleaner
from ..errors import InputError
from ..logfile import log_sink
from ..result import Cleaned
from .stream import Output, dumps_line, run_stream
from .workers import Failure

#: One input record: its 0-based index and the raw line.
Item = tuple[int, bytes]


def result_fields(result: Cleaned, with_log: bool) -> dict[str, Any]:
    """The fields a cleaned record gains: ``text``, plus the log unless it goes to a file."""
    if with_log:
        return {"text": result.text}
    return result.to_dict()


def log_lines(index: int, key: dict[str, Any], result: Cleaned) -> bytes:
    """The ``--log`` lines of one record: its removals, then its notes."""
    head = {"index": index, **key}
    lines = [dumps_line({**head, **r.to_dict()}) for r in result.removals]
    lines += [dumps_line({**head, "note": n.to_dict()}) for n in result.notes]
    return b"".join(lines)


def _error_output(index: int, line: bytes, message: str) -> Output:
    """The error line for a record: the record plus ``error``, or the raw line."""
    try:
        record = json.loads(line)
    except ValueError:
        record = None
    if isinstance(record, dict):
        return Output(dumps_line({**record, "error": message}), failed=True)
    raw = line.decode("utf-8", errors="replace").rstrip("\r\n")
    return Output(dumps_line({"error": message, "raw": raw}), failed=True)


@dataclass(frozen=True)
class JsonlWork:
    """Clean one JSONL record; runs in a worker process, so it parses and serialises there
    too and the parent only moves bytes."""

    cleaner: Cleaner
    field: str
    url_field: str | None = None
    with_log: bool = False

    def __call__(self, item: Item) -> Output:
        index, line = item
        try:
            record = json.loads(line)
        except ValueError as exc:
            return _error_output(index, line, f"bad JSON: {exc}")
        if not isinstance(record, dict):
            return _error_output(index, line, f"not a JSON object: {type(record).__name__}")
        if self.field not in record:
            return _error_output(index, line, f"missing field {self.field!r}")
        page = record.pop(self.field)
        if not isinstance(page, str):
            kind = "null" if page is None else type(page).__name__
            return _error_output(index, line, f"field {self.field!r} is {kind}, not a string")
        url = record.get(self.url_field) if self.url_field else None
        try:
            result = self.cleaner.clean(page, url=url if isinstance(url, str) else None)
        except InputError as exc:
            return _error_output(index, line, f"cannot clean: {exc}")
        record.update(result_fields(result, self.with_log))
        log = b""
        if self.with_log:
            key = {"id": record["id"]} if "id" in record else {}
            log = log_lines(index, key, result)
        return Output(dumps_line(record), log)


def _failure_output(item: Item, failure: Failure) -> Output:
    return _error_output(item[0], item[1], str(failure))


def read_records(paths: Sequence[str]) -> Iterator[Item]:
    """Non-blank lines of the files (``-`` is stdin; ``.gz`` files are decompressed),
    numbered from 0, read lazily."""
    index = 0
    for path in paths or ["-"]:
        handle: IO[bytes]
        if path == "-":
            handle = sys.stdin.buffer
        elif path.endswith(".gz"):
            handle = cast(IO[bytes], gzip.open(path, "rb"))  # noqa: SIM115 - closed below
        else:
            handle = open(path, "rb")  # noqa: SIM115 - closed below
        try:
            for line in handle:
                if line.strip():
                    yield index, line
                    index += 1
        finally:
            if handle is not sys.stdin.buffer:
                handle.close()


def run_jsonl(args: argparse.Namespace, cleaner: Cleaner) -> int:
    """``cleantext --jsonl``: the filter's JSONL mode. Returns the exit code."""
    for path in args.files:
        if path != "-" and not _readable(path):
            sys.stderr.write(f"cleantext: error: cannot read {path}\n")
            return 2
    with ExitStack() as stack:
        try:
            log = stack.enter_context(log_sink(args.log))
        except OSError as exc:
            sys.stderr.write(f"cleantext: error: cannot write the log {args.log}: "
                             f"{exc.strerror}\n")
            return 2
        work = JsonlWork(cleaner, args.field, args.url_field, with_log=log is not None)
        summary = run_stream(
            read_records(args.files), work, _failure_output,
            out=sys.stdout.buffer, log=log, jobs=args.jobs, timeout=args.timeout,
        )
    return 1 if summary.errors else 0


def _readable(path: str) -> bool:
    try:
        with open(path, "rb"):
            return True
    except OSError:
        return False
