"""The filter's batch options (``--jsonl``, ``--field``, ``-j``...), kept apart from the
batch machinery so that ``cleantext page.html`` does not import it."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..cleaner import Cleaner


def add_batch_options(parser: argparse.ArgumentParser) -> None:
    """The JSONL and worker options of the filter (``cleantext --jsonl ...``)."""
    group = parser.add_argument_group("batches (JSONL)")
    group.add_argument("--jsonl", action="store_true",
                       help="input is JSON Lines: clean FIELD of each record, write one JSON "
                       "record per line in input order, a summary on stderr")
    group.add_argument("--field", default="html", metavar="FIELD",
                       help="the field to clean (default: html)")
    group.add_argument("--url-field", metavar="FIELD",
                       help="the field holding each record's URL (selects site profiles)")
    group.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                       help="worker processes (default: 1)")
    group.add_argument("--timeout", type=positive_float, metavar="SECONDS",
                       help="time limit per record; a worker that exceeds it is killed and "
                       "the record gets an error (default: none)")


def positive_int(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def positive_float(value: str) -> float:
    number = float(value)
    if not number > 0:
        raise argparse.ArgumentTypeError("must be more than 0")
    return number


def run_batch(args: argparse.Namespace, cleaner: Cleaner) -> int | None:
    """Run the JSONL mode when ``--jsonl`` was given and return its exit code; None when
    the plain filter should run. Worker options without ``--jsonl`` are a usage error."""
    if not args.jsonl:
        if args.jobs != 1 or args.timeout is not None or args.url_field:
            sys.stderr.write("cleantext: error: -j/--jobs, --timeout and --url-field "
                             "need --jsonl (or `cleantext warc`)\n")
            return 2
        return None
    from .jsonl import run_jsonl

    return run_jsonl(args, cleaner)
