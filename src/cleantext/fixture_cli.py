"""``cleantext fixture add|check|bless``: regression fixtures without pytest.

    cleantext fixture add page.html --name lesite/article-1 --url https://lesite.tn/...
    cleantext fixture check [DIR] [--name site/case]     exit 1 when a case fails
    cleantext fixture bless [DIR] [--name site/case]     accept the current output

``DIR`` is a fixture root (default ``tests/fixtures``) or one case directory. The
checks are those of the pytest plugin (:mod:`cleantext.testing`); both use
:mod:`cleantext.fixtures`.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from .config import LANGUAGES
from .fixtures import (
    DEFAULT_ROOT,
    EXPECTED_LOG,
    INPUT_FILES,
    Case,
    FixtureError,
    Outcome,
    Problem,
    add_case,
    check_case,
    discover,
    display,
    select,
)

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext fixture",
        description="Regression fixtures: one directory per page under tests/fixtures/"
        "<site>/<case>/ with the page, its blessed clean text and removal log, and a "
        "hand-written case.toml.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    add = commands.add_parser("add", help="capture a page as a new case and bless its output")
    add.add_argument("page", metavar="PAGE", help="the page as scraped: HTML or text ('-': stdin)")
    add.add_argument("--name", required=True, metavar="SITE/CASE",
                     help="the case's name, like lesite/article-1")
    add.add_argument("--url", help="the page's address (written to case.toml)")
    add.add_argument("--lang", action="append", default=[], choices=LANGUAGES, metavar="LANG",
                     help="phrase languages for this page (repeatable; default: all)")
    add.add_argument("--enable", action="append", default=[], metavar="RULE",
                     help="switch a rule on for this page (repeatable)")
    add.add_argument("--disable", action="append", default=[], metavar="RULE",
                     help="switch a rule off for this page (repeatable)")
    add.add_argument("--root", default=DEFAULT_ROOT, help=f"fixture root (default {DEFAULT_ROOT})")
    add.add_argument("--force", action="store_true", help="replace an existing case")

    for name, text in (
        ("check", "check every case: text, log, snippets, idempotence; exit 1 on a failure"),
        ("bless", "accept the current output of the cases (review `check` first)"),
    ):
        sub = commands.add_parser(name, help=text, description=text)
        sub.add_argument("dir", nargs="?", default=DEFAULT_ROOT, metavar="DIR",
                         help=f"fixture root or one case directory (default {DEFAULT_ROOT})")
        sub.add_argument("--name", action="append", default=[], metavar="SITE[/CASE]",
                         help="only these cases (repeatable; a site selects all its cases)")
        if name == "check":
            sub.add_argument("--no-write", action="store_true",
                             help="do not write the obtained files of failing cases")
            sub.add_argument("-q", "--quiet", action="store_true",
                             help="no diffs: one line per failing case and the summary")
    return parser


def fixture_command(argv: Sequence[str]) -> int:
    """Run ``cleantext fixture ...``; returns the exit code."""
    args = _parser().parse_args(argv)
    try:
        if args.command == "add":
            return _add(args)
        return _run(args, bless=args.command == "bless")
    except FixtureError as exc:
        sys.stderr.write(f"cleantext fixture: error: {exc}\n")
        return EXIT_USAGE


def _add(args: argparse.Namespace) -> int:
    try:
        data = sys.stdin.buffer.read() if args.page == "-" else Path(args.page).read_bytes()
    except OSError as exc:
        raise FixtureError(f"cannot read {args.page}: {exc.strerror or exc}") from exc
    outcome = add_case(args.root, args.name, data, url=args.url, lang=args.lang,
                       enable=args.enable, disable=args.disable, force=args.force)
    where = display(outcome.case.path)
    if outcome.failures:
        _say(f"added {where} ({outcome.case.input.name}), but its output was not blessed:")
        _say(_indent(outcome.report()))
        _say("fix the cleaner, or mark the case with xfail = \"why\" in case.toml")
        return EXIT_FAILED
    log = (outcome.case.path / EXPECTED_LOG).read_text(encoding="utf-8")
    rules = Counter(json.loads(line)["rule"] for line in log.splitlines())
    removed = sum(rules.values())
    by = ", ".join(f"{rule} {n}" for rule, n in rules.most_common()) or "no rule"
    _say(f"added {where} ({outcome.case.input.name}): {removed} removal(s) ({by})")
    _say(f"review {where}/expected.txt, then put must_contain / must_not_contain "
         f"snippets in {where}/case.toml")
    return EXIT_OK


def _run(args: argparse.Namespace, *, bless: bool) -> int:
    path = Path(args.dir)
    if not path.is_dir():
        raise FixtureError(f"no fixture directory {args.dir}")
    names = list(args.name)
    if any((path / name).is_file() for name in INPUT_FILES):  # one case directory
        root = path.resolve().parent.parent
        names.append(f"{path.resolve().parent.name}/{path.resolve().name}")
    else:
        root = path
    entries = select(discover(root), names)
    if not entries:
        raise FixtureError(f"no fixture cases under {args.dir}"
                           + (f" named {', '.join(args.name)}" if args.name else ""))
    quiet = getattr(args, "quiet", False)
    write = not getattr(args, "no_write", False)
    tally: Counter[str] = Counter()
    for entry in entries:
        if isinstance(entry, Problem):
            tally["problem"] += 1
            _say(f"PROBLEM  {entry.id or '.'}: {entry.message}")
            continue
        try:
            outcome = check_case(entry, bless=bless, write_obtained=write)
        except Exception:  # a bug in cleantext: report it and check the other cases
            tally["error"] += 1
            _say(f"ERROR    {entry.id}: the check crashed\n{_indent(traceback.format_exc())}")
            continue
        tally[outcome.verdict] += 1
        _print_outcome(entry, outcome, quiet)
    order = ("passed", "blessed", "failed", "xfailed", "xpassed", "error", "problem")
    _say(", ".join(f"{tally[k]} {k}" for k in order if tally[k]))
    bad = tally["failed"] + tally["xpassed"] + tally["error"] + tally["problem"]
    return EXIT_FAILED if bad else EXIT_OK


def _print_outcome(case: Case, outcome: Outcome, quiet: bool) -> None:
    verdict = outcome.verdict
    if verdict == "passed":
        _say(f"ok       {case.id}")
    elif verdict == "blessed":
        _say(f"BLESSED  {case.id}: {', '.join(outcome.blessed)}")
    elif verdict == "xfailed":
        _say(f"xfail    {case.id}: {outcome.xfail}")
    elif verdict == "xpassed":
        _say(f"XPASS    {case.id}: passes but case.toml says xfail ({outcome.xfail}); "
             "remove the xfail key")
    else:
        kinds = ", ".join(dict.fromkeys(f.kind for f in outcome.failures))
        _say(f"{verdict.upper():<8} {case.id} ({kinds})")
        if not quiet:
            _say(_indent(outcome.report()))


def _indent(text: str) -> str:
    return "\n".join(("    " + line) if line else "" for line in text.splitlines())


def _say(line: str) -> None:
    sys.stdout.write(line + "\n")
