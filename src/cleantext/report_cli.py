"""``cleantext report``: write the HTML report of a cleaning.

    cleantext report page.html -o report.html     one page (HTML or text input)
    cleantext report tests/fixtures -o reports/   one page per fixture case, plus index.html

A fixture tree is laid out as ``tests/fixtures`` is (see :mod:`cleantext.fixtures`):
``<site>/<case>/`` with ``input.html`` or ``input.txt`` and an optional ``case.toml``
whose ``url``, ``lang``, ``enable`` and ``disable`` are used as the fixture check uses them.

Exit codes: 0 written; 1 an input could not be read or cleaned (in a fixture tree,
the other cases are still written); 2 usage error or an output that cannot be written.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from pathlib import Path

from .cleaner import Cleaner
from .cli import EXIT_FAILED, EXIT_OK, EXIT_USAGE, add_cleaning_options, cleaner_from_args
from .config import Config
from .errors import CleantextError, ConfigError, InputError
from .fixtures import INPUT_FILES, CaseSettings, Problem, discover
from .load import load
from .report import csp_hash, render_trace, rule_stats
from .result import Cleaned


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cleantext report",
        description="Write a self-contained HTML page that shows what a cleaning removed: "
        "the text in order, each removal struck through and coloured by its rule.",
    )
    parser.add_argument("input", metavar="INPUT",
                        help="a page (HTML or text), or a fixture tree (a directory)")
    parser.add_argument("-o", "--output", metavar="OUT",
                        help="the report file ('-' or none: stdout); for a directory, "
                        "the directory to write the reports and index.html into")
    parser.add_argument("--title", help="the report's title (default: the input's name)")
    add_cleaning_options(parser)
    return parser


def report_command(argv: Sequence[str]) -> int:
    """Write the report of one page, or of every case of a fixture tree."""
    args = _parser().parse_args(argv)
    try:
        cleaner = cleaner_from_args(args)
    except ConfigError as exc:
        return _fail(str(exc), EXIT_USAGE)
    source = Path(args.input)
    if source.is_dir():
        if not args.output or args.output == "-":
            return _fail("a fixture tree needs -o DIR for its reports", EXIT_USAGE)
        return _report_tree(source, Path(args.output), cleaner, args)
    try:
        data = source.read_bytes()
        page = _report_page(data, cleaner, title=args.title or source.name,
                            url=args.url, encoding=args.encoding)
    except OSError as exc:
        return _fail(f"cannot read {source}: {exc.strerror or exc}", EXIT_FAILED)
    except InputError as exc:
        return _fail(f"{source}: {exc}", EXIT_FAILED)
    if not args.output or args.output == "-":
        sys.stdout.buffer.write(page.html.encode("utf-8", errors="replace"))
        return EXIT_OK
    return _write(Path(args.output), page.html)


@dataclass
class _Page:
    html: str
    kind: str
    cleaned: Cleaned


def _report_page(data: bytes, cleaner: Cleaner, *, title: str, url: str | None,
                 encoding: str | None) -> _Page:
    # Decode once, as the cleaner would, so the report and the cleaning see one text.
    kind, content = load(data, max_chars=cleaner.config.max_input_chars, encoding=encoding)
    trace = cleaner.trace(content, url=url)
    html = render_trace(trace, title=title, url=url)
    return _Page(html, kind, trace.cleaned)


# -- a fixture tree -------------------------------------------------------------------


@dataclass
class _Case:
    name: str
    page: _Page | None = None
    error: str = ""


def _case_config(settings: CaseSettings, base: Config) -> Config:
    """The case's settings on top of the command line's: its languages replace them,
    its rule switches add to them."""
    return base.with_(
        languages=settings.lang or base.languages,
        enable=tuple(dict.fromkeys((*base.enable, *settings.enable))),
        disable=tuple(dict.fromkeys((*base.disable, *settings.disable))),
    )


def _report_tree(root: Path, out: Path, cleaner: Cleaner, args: argparse.Namespace) -> int:
    entries = discover(root)
    if not entries:
        return _fail(f"no fixture cases (<site>/<case>/ directories with "
                     f"{' or '.join(INPUT_FILES)}) under {root}", EXIT_FAILED)
    results: list[_Case] = []
    for entry in entries:
        case = _Case(entry.id)
        if isinstance(entry, Problem):
            case.error = entry.message
        else:
            try:
                settings = entry.settings()
                case_cleaner = Cleaner(_case_config(settings, cleaner.config))
                case.page = _report_page(entry.input.read_bytes(), case_cleaner, title=entry.id,
                                         url=settings.url or args.url, encoding=args.encoding)
            except OSError as exc:
                case.error = f"cannot read {entry.input}: {exc.strerror or exc}"
            except CleantextError as exc:
                case.error = str(exc)
        if case.error:
            _fail(f"{entry.id}: {case.error}", EXIT_FAILED)
        elif case.page is not None:
            status = _write(out / f"{entry.id}.html", case.page.html)
            if status != EXIT_OK:
                return status
        results.append(case)
    status = _write(out / "index.html", _index(root, results))
    if status != EXIT_OK:
        return status
    return EXIT_FAILED if any(c.error for c in results) else EXIT_OK


_INDEX_CSS = """
body { margin: 0; padding: 24px 32px; background: #f6f8fa; color: #1f2328;
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", Arial, sans-serif; }
h1 { font-size: 20px; margin: 0 0 4px; }
p.meta { color: #59636e; margin: 0 0 16px; }
table { border-collapse: collapse; background: #fff; border: 1px solid #d8dee4; }
th, td { padding: 6px 12px; border-top: 1px solid #eef1f4; text-align: left; }
th { font-size: 12px; color: #59636e; font-weight: 600; background: #f6f8fa; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
td.rules { color: #59636e; font-size: 12.5px; }
tr.error td, .warn { color: #b42318; }
a { color: #0969da; text-decoration: none; } a:hover { text-decoration: underline; }
"""


def _index(root: Path, cases: list[_Case]) -> str:
    """The index page: one row per case, linking its report, with its counts."""
    rows = []
    for case in cases:
        if case.page is None:
            rows.append(f'<tr class="error"><td>{escape(case.name)}</td>'
                        f'<td colspan="5">{escape(case.error)}</td></tr>')
            continue
        cleaned = case.page.cleaned
        stats = rule_stats(cleaned)
        removed = sum(s.chars for s in stats)
        rules = ", ".join(f"{escape(s.name)} {s.removals}" for s in stats)
        if 'id="notice"' in case.page.html:
            rules += ' <span class="warn">(removals listed, not in place)</span>'
        href = escape(f"{case.name}.html")
        rows.append(
            f'<tr class="case" data-case="{escape(case.name)}" '
            f'data-removals="{len(cleaned.removals)}" data-chars="{removed}">'
            f'<td><a href="{href}">{escape(case.name)}</a></td><td>{case.page.kind}</td>'
            f'<td class="num">{len(cleaned.removals)}</td><td class="num">{removed:,}</td>'
            f'<td class="num">{len(cleaned.text):,}</td><td class="rules">{rules}</td></tr>'
        )
    css = _INDEX_CSS
    csp = (f"default-src 'none'; style-src '{csp_hash(css)}'; img-src 'none'; "
           "base-uri 'none'; form-action 'none'")
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">\n'
        f"<title>cleantext reports · {escape(root.name)}</title>\n<style>{css}</style>\n"
        f"</head>\n<body>\n<h1>cleantext reports</h1>\n"
        f'<p class="meta">{len(cases)} cases from {escape(str(root))}</p>\n'
        "<table>\n<thead><tr><th>case</th><th>input</th><th>removals</th>"
        "<th>chars removed</th><th>chars kept</th><th>rules</th></tr></thead>\n<tbody>\n"
        + "\n".join(rows) + "\n</tbody>\n</table>\n</body>\n</html>\n"
    )


def _write(path: Path, text: str) -> int:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8", errors="replace"))
    except OSError as exc:
        return _fail(f"cannot write {path}: {exc.strerror or exc}", EXIT_USAGE)
    return EXIT_OK


def _fail(message: str, code: int) -> int:
    sys.stderr.write(f"cleantext report: error: {message}\n")
    return code
