"""The ``cleantext`` command: a filter over files or stdin, plus subcommands.

    cleantext [FILE ...]            clean each FILE (or stdin) to stdout
    cleantext rules                 list the rules
    cleantext SUBCOMMAND --help     (see SUBCOMMANDS)

Exit codes: 0 all cleaned; 1 some input could not be cleaned (the others were);
2 usage or configuration error; 141 the reader of stdout went away (a broken pipe).
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from contextlib import ExitStack
from typing import IO, Any

from . import __version__
from .batch.options import add_batch_options, run_batch
from .cleaner import Cleaner
from .compiled import pure_python_forced
from .config import LANGUAGES, Config
from .errors import CleantextError, ConfigError, InputError
from .html.blocks import NATIVE_WALK
from .logfile import log_sink
from .pipeline import describe, listing_order
from .profiles import load_profiles
from .registry import REGISTRY
from .result import Cleaned

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BROKEN_PIPE = 0, 1, 2, 141

#: Subcommands: name -> "module:function" taking argv and returning an exit code.
#: Imported only when used, so the filter starts fast.
SUBCOMMANDS: dict[str, str] = {
    "rules": "cleantext.cli:rules_command",
    "warc": "cleantext.batch.warc:warc_command",
    "fixture": "cleantext.fixture_cli:fixture_command",
    "report": "cleantext.report_cli:report_command",
}


def add_cleaning_options(parser: argparse.ArgumentParser) -> None:
    """The options that choose how to clean; shared by every command that cleans."""
    group = parser.add_argument_group("cleaning")
    group.add_argument("--lang", action="append", metavar="LANG", choices=LANGUAGES,
                       help="phrase lists to use (repeatable; default: all languages)")
    group.add_argument("--enable", action="append", default=[], metavar="RULE",
                       help="switch a rule on (repeatable; see `cleantext rules`)")
    group.add_argument("--disable", action="append", default=[], metavar="RULE",
                       help="switch a rule off (repeatable)")
    group.add_argument("--url", help="the page's URL (selects site profiles)")
    group.add_argument("--encoding", help="charset of byte input, as an HTTP header declared it")
    group.add_argument("--include-title", action="store_true",
                       help="keep the page title at the top (HTML input)")
    group.add_argument("--profiles", metavar="FILE",
                       help="site profiles (TOML): selectors to drop, phrases to add and "
                       "rules to switch off per domain; used with --url")


def cleaner_from_args(args: argparse.Namespace) -> Cleaner:
    """A :class:`Cleaner` configured by :func:`add_cleaning_options`' options."""
    profiles: tuple[Any, ...] = ()
    if args.profiles:
        try:
            profiles = load_profiles(args.profiles)
        except OSError as exc:
            raise ConfigError(f"cannot read profiles {args.profiles}: {exc.strerror}") from exc
    config = Config(
        languages=tuple(args.lang or ()),
        enable=tuple(args.enable),
        disable=tuple(args.disable),
        include_title=args.include_title,
        profiles=profiles,
    )
    return Cleaner(config)


def walk_kind() -> str:
    """Which page walk runs, for ``--version`` (short: argparse wraps long lines)."""
    if NATIVE_WALK:
        return "page walk: compiled"
    if pure_python_forced():
        return "page walk: pure Python, CLEANTEXT_PURE_PYTHON is set"
    return "page walk: pure Python, not built"


def _filter_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext",
        description="Strip boilerplate from scraped pages (HTML or flattened text) and log "
        "every removal. Reads FILEs, or stdin when none is given; writes the clean text "
        "to stdout.",
        epilog="subcommands: " + ", ".join(sorted(SUBCOMMANDS))
        + " (`cleantext SUBCOMMAND --help`). A file named like a subcommand: ./NAME.",
    )
    parser.add_argument("files", nargs="*", metavar="FILE", help="input files ('-' is stdin)")
    parser.add_argument("--format", choices=("text", "json"), default="text",
                        help="text: the clean text; json: one {text, removals, notes} "
                        "object per input, one per line")
    parser.add_argument("--log", metavar="FILE",
                        help="write the removal log as JSONL to FILE ('-' for stderr)")
    parser.add_argument(
        "--version", action="version", version=f"cleantext {__version__} ({walk_kind()})"
    )
    add_cleaning_options(parser)
    add_batch_options(parser)
    return parser


def _read(path: str) -> bytes:
    if path == "-":
        return sys.stdin.buffer.read()
    with open(path, "rb") as handle:
        return handle.read()


def _write(stream: IO[bytes], text: str) -> None:
    stream.write(text.encode("utf-8"))


def _log_records(source: str, result: Cleaned) -> list[dict[str, Any]]:
    records = [{"source": source, **r.to_dict()} for r in result.removals]
    records += [{"source": source, "note": n.to_dict()} for n in result.notes]
    return records


def filter_command(argv: Sequence[str]) -> int:
    """Clean files or stdin to stdout."""
    args = _filter_parser().parse_args(argv)
    try:
        cleaner = cleaner_from_args(args)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_USAGE)
    batch = run_batch(args, cleaner)  # --jsonl: cleantext.batch
    if batch is not None:
        return batch
    with ExitStack() as stack:
        try:
            log = stack.enter_context(log_sink(args.log))
        except OSError as exc:
            return _fail(f"cannot write the log {args.log}: {exc.strerror}", EXIT_USAGE)
        status = EXIT_OK
        for source in args.files or ["-"]:
            try:
                data = _read(source)
                result = cleaner.clean(data, url=args.url, encoding=args.encoding)
            except OSError as exc:
                status = _fail(f"cannot read {source}: {exc.strerror or exc}", EXIT_FAILED)
                continue
            except InputError as exc:
                status = _fail(f"{source}: {exc}", EXIT_FAILED)
                continue
            _emit(args, source, result, log)
        sys.stdout.buffer.flush()
    return status


def _emit(args: argparse.Namespace, source: str, result: Cleaned, log: IO[bytes] | None) -> None:
    """Write one input's result to stdout (and its log records to ``log``)."""
    name = "<stdin>" if source == "-" else source
    if args.format == "json":
        payload = {"source": name, **result.to_dict()} if args.files else result.to_dict()
        _write(sys.stdout.buffer, json.dumps(payload, ensure_ascii=False) + "\n")
    elif result.text:
        _write(sys.stdout.buffer, result.text + "\n")
    if log is not None:
        for record in _log_records(name, result):
            _write(log, json.dumps(record, ensure_ascii=False) + "\n")


def rules_command(argv: Sequence[str]) -> int:
    """List every rule: name, stage, and what it removes."""
    parser = argparse.ArgumentParser(prog="cleantext rules",
                                     description="List the rules, built-in and plug-in.")
    parser.add_argument("--format", choices=("text", "json"), default="text")
    parser.add_argument("--doc", metavar="RULE", help="print one rule's full documentation")
    args = parser.parse_args(argv)
    Cleaner()  # imports the built-in rules
    if args.doc:
        try:
            found = REGISTRY.get(args.doc)
        except CleantextError as exc:
            return _fail(str(exc), EXIT_USAGE)
        _write(sys.stdout.buffer, f"{found.name} ({found.stage} stage)\n\n{found.doc}\n")
        return EXIT_OK
    rows = describe(listing_order(REGISTRY.all()))
    if args.format == "json":
        _write(sys.stdout.buffer, json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        return EXIT_OK
    width = max(len(r["name"]) for r in rows)
    for row in rows:
        _write(sys.stdout.buffer, f"{row['name']:<{width}}  {row['stage']:<4}  {row['summary']}\n")
    return EXIT_OK


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"cleantext: error: {message}\n")
    return code


def _resolve(target: str) -> Callable[[Sequence[str]], int]:
    module, _, name = target.partition(":")
    func: Callable[[Sequence[str]], int] = getattr(importlib.import_module(module), name)
    return func


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``cleantext`` command."""
    args = list(sys.argv[1:] if argv is None else argv)
    try:
        if args and args[0] in SUBCOMMANDS:
            return _resolve(SUBCOMMANDS[args[0]])(args[1:])
        return filter_command(args)
    except BrokenPipeError:
        # The reader went away (`cleantext page.html | head`): end quietly.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except KeyboardInterrupt:
        return 130
    except CleantextError as exc:
        return _fail(str(exc), EXIT_USAGE)
