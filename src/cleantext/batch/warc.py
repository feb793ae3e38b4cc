"""``cleantext warc``: clean the HTML responses of WARC files (Common Crawl's format).

    cleantext warc crawl.warc.gz [more.warc ...] -j 2 > clean.jsonl

Reads gzipped or plain WARC files, keeps ``response`` records whose HTTP status is 2xx and
whose Content-Type is HTML (``text/html``, ``application/xhtml+xml``), decodes the body
with the charset of the HTTP Content-Type header (then the page's own ``<meta>``, see
:func:`cleantext.load.decode`), and writes one JSON line per page: ``url``, ``date``
(WARC-Date), ``text``, ``removals``, ``notes`` — or ``url``, ``date``, ``error``. Other
responses are counted as skipped in the summary; request, metadata and warcinfo records are
not pages and are passed over. A record the WARC reader cannot parse ends that file with
an error line (``file``, ``error``); the next file is read.

The WARC reader is **warcio** (an optional extra: ``pip install 'cleantext-web[warc]'``),
not FastWARC, because:

- warcio's ``content_stream()`` undoes the HTTP transfer and content encodings (chunked,
  gzip, deflate, brotli) that many crawled responses carry; FastWARC hands over the raw
  HTTP payload, and decoding it ourselves would be a second, weaker implementation;
- it is pure Python (installs wherever cleantext does) and is the reader of Common
  Crawl's own PySpark examples (cc-pyspark), which ``examples/spark_warc.py`` follows;
- FastWARC parses faster, but parsing is a small share of the time here: cleaning a page
  costs far more than reading its record (see docs/batch.md).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ..cleaner import Cleaner
from ..errors import ConfigError, InputError
from .jsonl import log_lines, result_fields
from .options import positive_float, positive_int
from .stream import Output, Summary, dumps_line, run_stream
from .workers import Failure

HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
INSTALL_HINT = "cleantext warc needs warcio: pip install 'cleantext-web[warc]'"
_CHARSET = re.compile(r"""charset\s*=\s*["']?([\w.:-]+)""", re.IGNORECASE)


@dataclass(frozen=True)
class Page:
    """One HTML response to clean, or (``error`` set) one that could not be read."""

    index: int
    url: str | None
    date: str | None
    body: bytes = b""
    charset: str | None = None
    error: str | None = None
    file: str | None = None


def charset_of(content_type: str | None) -> str | None:
    """The ``charset`` parameter of a Content-Type header, if any.

    >>> charset_of('text/html; charset="ISO-8859-1"')
    'ISO-8859-1'
    """
    match = _CHARSET.search(content_type or "")
    return match.group(1) if match else None


def is_html(content_type: str | None) -> bool:
    """Whether a Content-Type names an HTML media type (parameters ignored)."""
    return (content_type or "").split(";", 1)[0].strip().lower() in HTML_TYPES


def iter_pages(paths: Iterable[str | IO[bytes]], summary: Summary | None = None) -> Iterator[Page]:
    """The HTML responses of WARC files (paths or binary file objects), in file order.

    Non-HTML and non-2xx responses are counted in ``summary.skipped``.
    """
    from warcio.archiveiterator import ArchiveIterator

    index = 0
    for source in paths:
        name = source if isinstance(source, str) else getattr(source, "name", "<stream>")
        handle = open(source, "rb") if isinstance(source, str) else source  # noqa: SIM115
        seen = 0
        try:
            for record in ArchiveIterator(handle):
                seen += 1
                page = _page(record, index)
                if page is None:
                    if record.rec_type == "response" and summary is not None:
                        summary.skipped += 1
                    continue
                yield page
                index += 1
        except Exception as exc:  # a broken record: warcio cannot resynchronise
            yield Page(index, None, None, file=str(name),
                       error=f"unreadable WARC record after {seen} records: "
                       f"{type(exc).__name__}: {exc}")
            index += 1
        finally:
            if isinstance(source, str):
                handle.close()


def _page(record: Any, index: int) -> Page | None:
    """The :class:`Page` of one WARC record, or None when it is not an HTML response."""
    if record.rec_type != "response" or record.http_headers is None:
        return None
    headers = record.http_headers
    content_type = headers.get_header("Content-Type")
    status = headers.get_statuscode() or ""
    if not status.startswith("2") or not is_html(content_type):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    try:
        body = record.content_stream().read()
    except Exception as exc:  # a bad gzip/chunked body: this page fails, the file goes on
        return Page(index, url, date, error=f"cannot read the HTTP body: {exc}")
    return Page(index, url, date, body, charset_of(content_type))


def _head(page: Page) -> dict[str, Any]:
    head: dict[str, Any] = {"url": page.url, "date": page.date}
    if page.file is not None:
        head["file"] = page.file
    return head


@dataclass(frozen=True)
class WarcWork:
    """Clean one page; runs in a worker process."""

    cleaner: Cleaner
    with_log: bool = False

    def __call__(self, page: Page) -> Output:
        if page.error is not None:
            return _error(page, page.error)
        try:
            result = self.cleaner.clean(page.body, url=page.url, encoding=page.charset)
        except InputError as exc:
            return _error(page, f"cannot clean: {exc}")
        record = {**_head(page), **result_fields(result, self.with_log)}
        log = log_lines(page.index, {"url": page.url}, result) if self.with_log else b""
        return Output(dumps_line(record), log)


def _error(page: Page, message: str) -> Output:
    return Output(dumps_line({**_head(page), "error": message}), failed=True)


def _failure_output(page: Page, failure: Failure) -> Output:
    return _error(page, str(failure))


def _parser() -> argparse.ArgumentParser:
    from ..cli import add_cleaning_options

    parser = argparse.ArgumentParser(
        prog="cleantext warc",
        description="Clean the HTML responses of WARC files (gzipped or plain) to JSON "
        "lines: url, date, text, removals, notes (or error). Needs the warc extra.",
    )
    parser.add_argument("files", nargs="+", metavar="WARC", help="WARC files (.warc, .warc.gz)")
    parser.add_argument("--log", metavar="FILE",
                        help="write removals and notes as JSONL to FILE instead of into "
                        "each record")
    parser.add_argument("-j", "--jobs", type=positive_int, default=1, metavar="N",
                        help="worker processes (default: 1)")
    parser.add_argument("--timeout", type=positive_float, metavar="SECONDS",
                        help="time limit per page (default: none)")
    add_cleaning_options(parser)
    return parser


def warc_command(argv: Sequence[str]) -> int:
    """``cleantext warc FILE...``: returns 0, 1 (some page failed) or 2 (usage)."""
    from ..cli import cleaner_from_args

    args = _parser().parse_args(argv)
    try:
        import warcio  # noqa: F401
    except ImportError:
        sys.stderr.write(f"cleantext: error: {INSTALL_HINT}\n")
        return 2
    try:
        cleaner = cleaner_from_args(args)
    except ConfigError as exc:
        sys.stderr.write(f"cleantext: error: {exc}\n")
        return 2
    for path in args.files:
        try:
            open(path, "rb").close()
        except OSError as exc:
            sys.stderr.write(f"cleantext: error: cannot read {path}: {exc.strerror}\n")
            return 2
    log: IO[bytes] | None = None
    if args.log:
        log = sys.stderr.buffer if args.log == "-" else open(args.log, "wb")  # noqa: SIM115
    summary = Summary()
    try:
        run_stream(iter_pages(args.files, summary), WarcWork(cleaner, log is not None),
                   _failure_output, out=sys.stdout.buffer, log=log, jobs=args.jobs,
                   timeout=args.timeout, summary=summary)
    finally:
        if log is not None and log is not sys.stderr.buffer:
            log.close()
    return 1 if summary.errors else 0
