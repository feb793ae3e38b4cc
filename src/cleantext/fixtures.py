"""Regression fixtures: one directory per page, its blessed output, and the check.

A fixture root (``tests/fixtures`` by default) holds one directory per case,
``<site>/<case>/``, named ``site/case`` in reports::

    input.html | input.txt   the page as scraped (bytes, kept verbatim)
    case.toml                hand-written: url, lang, enable, disable,
                             must_contain, must_not_contain, xfail = "why"
    expected.txt             the blessed ``Cleaned.text``, exactly
    removals.jsonl           the blessed log: one {"reason", "rule", "text"} per line

Checking a case cleans its input and compares the text and the log with the blessed
ones, checks the ``must_contain`` / ``must_not_contain`` snippets, and checks that
cleaning is idempotent. When anything fails, the obtained output is written beside the
expectation (``expected.obtained.txt``, ``removals.obtained.jsonl``) for review;
blessing accepts it.

This module needs no pytest: the pytest plugin (:mod:`cleantext.testing`) and the
``cleantext fixture`` command (:mod:`cleantext.fixture_cli`) are thin shells over it.
"""

from __future__ import annotations

import difflib
import json
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

import regex

from .cleaner import cached_cleaner
from .config import Config
from .errors import CleantextError
from .load import decode, looks_like_html
from .profiles import SiteProfile, load_profiles
from .result import Cleaned, Removal

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

DEFAULT_ROOT = "tests/fixtures"
CASE_FILE = "case.toml"
INPUT_FILES = ("input.html", "input.txt")
EXPECTED_TEXT = "expected.txt"
EXPECTED_LOG = "removals.jsonl"
OBTAINED_TEXT = "expected.obtained.txt"
OBTAINED_LOG = "removals.obtained.jsonl"
OBTAINED_MARK = ".obtained."
CASE_FILES = frozenset({CASE_FILE, *INPUT_FILES, EXPECTED_TEXT, EXPECTED_LOG})

BLESS_HINT = "pytest --bless, or: cleantext fixture bless {root} --name {id}"


class FixtureError(CleantextError):
    """A fixture that cannot be checked: a malformed ``case.toml``, a missing input."""


# -- the case file ----------------------------------------------------------------


@dataclass(frozen=True)
class CaseSettings:
    """What ``case.toml`` says: how to clean the page and what must hold of the text.

    ``lang`` is one code or a list (empty: every language, which mixed-language pages
    need). ``xfail`` is the reason the case is known to fail; a case marked so that
    passes is reported, so the mark is removed once the bug is fixed.
    """

    url: str | None = None
    lang: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    must_contain: tuple[str, ...] = ()
    must_not_contain: tuple[str, ...] = ()
    xfail: str | None = None
    profiles_file: str | None = None
    profiles: tuple[SiteProfile, ...] = ()

    @classmethod
    def parse(cls, text: str, source: str = CASE_FILE) -> CaseSettings:
        """Parse and validate ``case.toml``; a :class:`FixtureError` says what is wrong."""
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise FixtureError(f"{source} is not valid TOML: {exc}") from exc
        known = {
            "url", "lang", "enable", "disable", "must_contain", "must_not_contain", "xfail",
            "profiles",
        }
        unknown = sorted(set(data) - known)
        if unknown:
            raise FixtureError(
                f"{source}: unknown key(s) {', '.join(unknown)}; known: {', '.join(sorted(known))}"
            )
        settings = cls(
            url=_optional_str(data, "url", source),
            lang=_str_list(data, "lang", source, allow_str=True),
            enable=_str_list(data, "enable", source),
            disable=_str_list(data, "disable", source),
            must_contain=_str_list(data, "must_contain", source),
            must_not_contain=_str_list(data, "must_not_contain", source),
            xfail=_optional_str(data, "xfail", source),
            profiles_file=_optional_str(data, "profiles", source),
        )
        if settings.xfail is not None and not settings.xfail.strip():
            raise FixtureError(f"{source}: xfail must say why the case fails")
        if any(not s for s in (*settings.must_contain, *settings.must_not_contain)):
            raise FixtureError(f"{source}: an empty snippet matches everything; remove it")
        try:
            cached_cleaner(settings.config())  # unknown rule names, languages
        except CleantextError as exc:
            raise FixtureError(f"{source}: {exc}") from exc
        return settings

    def config(self) -> Config:
        """The :class:`Config` this case is cleaned with."""
        return Config(
            languages=self.lang, enable=self.enable, disable=self.disable, profiles=self.profiles
        )


def _optional_str(data: dict[str, Any], key: str, source: str) -> str | None:
    value = data.get(key)
    if value is not None and not isinstance(value, str):
        raise FixtureError(f"{source}: {key} must be a string, got {value!r}")
    return value


def _str_list(
    data: dict[str, Any], key: str, source: str, allow_str: bool = False
) -> tuple[str, ...]:
    value = data.get(key, [])
    if allow_str and isinstance(value, str):
        return (value,) if value else ()
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        what = "a string or a list of strings" if allow_str else "a list of strings"
        raise FixtureError(f"{source}: {key} must be {what}, got {value!r}")
    return tuple(value)


def case_toml(
    url: str | None, lang: Sequence[str] = (), enable: Sequence[str] = (),
    disable: Sequence[str] = (),
) -> str:
    """The ``case.toml`` that ``cleantext fixture add`` writes, with its comments."""
    lines = [
        "# How this case is cleaned, and what must hold of its text whatever is blessed.",
        "# expected.txt and removals.jsonl are written by blessing; this file by hand.",
        "",
        "# The page's address (site profiles and some rules use it).",
        f"url = {_toml(url)}" if url else "# url = \"https://example.org/story\"",
        "",
        "# Phrase languages to use: a code or a list; [] means all of them, which a page",
        "# mixing languages (an English widget on a French page) needs.",
        f"lang = {_toml(lang[0])}" if len(lang) == 1 else f"lang = {_toml(list(lang))}",
        "",
        "# Rules to switch on or off for this page (names from `cleantext rules`).",
        f"enable = {_toml(list(enable))}",
        f"disable = {_toml(list(disable))}",
        "",
        "# Snippets the clean text must contain (a sentence of the article, its last",
        "# words) and must not contain (a piece of boilerplate you saw on the page).",
        "# They are checked on every run and survive re-blessing: put here what matters.",
        "must_contain = []",
        "must_not_contain = []",
        "",
        "# A case known to fail: say why. It is reported when it starts to pass.",
        "# xfail = \"the related-links box is kept (issue 12)\"",
        "",
    ]
    return "\n".join(lines)


def _toml(value: str | list[str]) -> str:
    # JSON strings use only escapes that TOML basic strings accept.
    return json.dumps(value, ensure_ascii=False)


# -- discovery --------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    """A case directory ``root/site/case`` with its input file."""

    root: Path
    path: Path
    input: Path

    @property
    def id(self) -> str:
        return case_id(self.root, self.path)

    def settings(self) -> CaseSettings:
        """The case's ``case.toml`` (absent: the defaults)."""
        file = self.path / CASE_FILE
        if not file.exists():
            return CaseSettings()
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise FixtureError(f"cannot read {CASE_FILE}: {exc}") from exc
        settings = CaseSettings.parse(text, CASE_FILE)
        if settings.profiles_file is None:
            return settings
        try:
            profiles = load_profiles(self.path / settings.profiles_file)
        except (CleantextError, OSError) as exc:
            raise FixtureError(f"{CASE_FILE}: profiles: {exc}") from exc
        return replace(settings, profiles=profiles)


@dataclass(frozen=True)
class Problem:
    """Something under the fixture root that is not a runnable case, and why."""

    root: Path
    path: Path
    message: str

    @property
    def id(self) -> str:
        return case_id(self.root, self.path)


def display(path: Path) -> str:
    """``path`` relative to the working directory when it lies below it."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix() or "."
    except ValueError:
        return str(path)


def case_id(root: Path, path: Path) -> str:
    """``site/case`` for ``root/site/case`` (``/`` on every platform)."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def discover(root: Path | str) -> list[Case | Problem]:
    """Every case under ``root``, and every problem, sorted by id.

    Problems: a case directory without an input, or with both inputs; an obtained file
    left behind by a case that no longer exists; case files that are not at
    ``root/site/case/``.
    """
    root = Path(root)
    found: list[Case | Problem] = []
    if not root.is_dir():
        return found
    dirs: dict[Path, list[str]] = {}
    for file in sorted(root.rglob("*")):
        if any(part.startswith(".") for part in file.relative_to(root).parts):
            continue  # editor and tool droppings (.ipynb_checkpoints, .DS_Store)
        if file.is_file() and (file.name in CASE_FILES or OBTAINED_MARK in file.name):
            dirs.setdefault(file.parent, []).append(file.name)
    for path, names in sorted(dirs.items()):
        depth = len(path.relative_to(root).parts)
        inputs = [n for n in INPUT_FILES if n in names]
        if depth != 2:
            where = path.relative_to(root).as_posix() or "."
            found.append(Problem(root, path, (
                f"case files ({', '.join(names)}) in {where!r}: a case lives in "
                f"<root>/<site>/<case>/, two levels below {root}"
            )))
        elif len(inputs) > 1:
            found.append(Problem(root, path, (
                "both input.html and input.txt: keep the one the scraper produced"
            )))
        elif not inputs:
            obtained = [n for n in names if OBTAINED_MARK in n]
            if obtained and len(obtained) == len(names):
                message = (
                    f"orphan obtained file(s) {', '.join(obtained)}: no case here any more "
                    "(delete them, or restore the case's input)"
                )
            else:
                message = (
                    f"no input.html or input.txt beside {', '.join(names)}: add the page, "
                    "or delete the directory"
                )
            found.append(Problem(root, path, message))
        else:
            found.append(Case(root, path, path / inputs[0]))
    return sorted(found, key=lambda entry: entry.id)


def select(entries: Iterable[Case | Problem], names: Sequence[str]) -> list[Case | Problem]:
    """The entries whose id is one of ``names`` or lies under one (``site`` selects
    every ``site/*`` case)."""
    if not names:
        return list(entries)
    wanted = [n.strip("/") for n in names]
    return [e for e in entries if any(e.id == n or e.id.startswith(n + "/") for n in wanted)]


# -- the log file -----------------------------------------------------------------


def log_lines(removals: Iterable[Removal]) -> list[str]:
    """The removal log as ``removals.jsonl`` lines: log order, keys rule, reason, text."""
    return [
        json.dumps({"rule": r.rule, "reason": r.reason, "text": r.text},
                   ensure_ascii=False, sort_keys=True)
        for r in removals
    ]


def format_log(removals: Iterable[Removal]) -> str:
    """The content of ``removals.jsonl`` (one line per removal, newline-terminated)."""
    return "".join(line + "\n" for line in log_lines(removals))


def _parse_log(content: str) -> list[dict[str, Any]]:
    records = []
    for line in content.splitlines():
        try:
            record = json.loads(line)
        except json.JSONDecodeError:
            record = {}
        records.append(record if isinstance(record, dict) else {})
    return records


# -- checking ---------------------------------------------------------------------

Kind = Literal[
    "missing", "text", "log", "rule-failed", "must-contain", "must-not-contain", "idempotence",
    "error",
]
#: Failures that blessing resolves (the rest are hand-written checks it cannot change).
BLESSABLE: frozenset[str] = frozenset({"missing", "text", "log"})


@dataclass(frozen=True)
class Failure:
    """One thing wrong with a case: its kind, a one-line message, and details (a diff)."""

    kind: Kind
    message: str
    details: str = ""


Verdict = Literal["passed", "blessed", "failed", "xfailed", "xpassed", "error"]


@dataclass
class Outcome:
    """The result of checking one case."""

    case: Case
    failures: list[Failure] = field(default_factory=list)
    xfail: str | None = None
    blessed: list[str] = field(default_factory=list)
    obtained_written: list[str] = field(default_factory=list)
    not_blessed: str | None = None

    @property
    def ok(self) -> bool:
        """No failure (what the case asserts holds)."""
        return not self.failures

    @property
    def verdict(self) -> Verdict:
        if any(f.kind == "error" for f in self.failures):
            return "error"
        if self.xfail is not None:
            return "xpassed" if self.ok else "xfailed"
        if not self.ok:
            return "failed"
        return "blessed" if self.blessed else "passed"

    @property
    def counts_as_failure(self) -> bool:
        """Whether a runner should exit non-zero for this case."""
        return self.verdict in ("failed", "xpassed", "error")

    def report(self) -> str:
        """A readable account of what failed: messages, diffs, and how to accept."""
        out: list[str] = []
        for failure in self.failures:
            out.append(failure.message)
            if failure.details:
                out.append(failure.details.rstrip("\n"))
            out.append("")
        if self.not_blessed:
            out.append(self.not_blessed)
        if self.obtained_written:
            folder = display(self.case.path)
            out.append(f"obtained output written to {folder}: {', '.join(self.obtained_written)}")
        blessable = any(f.kind in BLESSABLE for f in self.failures)
        if blessable and self.xfail is None and not self.not_blessed:
            hint = BLESS_HINT.format(root=display(self.case.root), id=self.case.id)
            out.append(f"if the new output is right, accept it: {hint}")
        return "\n".join(out).rstrip("\n")


def check_case(case: Case, *, bless: bool = False, write_obtained: bool = True) -> Outcome:
    """Clean ``case``'s input and check it; with ``bless``, accept the new output.

    Blessing rewrites ``expected.txt`` / ``removals.jsonl`` only when the hand-written
    checks (snippets, idempotence) hold, and never for an ``xfail`` case (whose
    expectation is the output it should reach, not the one it has). Obtained files are
    written when a check fails and removed when the case passes.
    """
    outcome = Outcome(case)
    try:
        settings = case.settings()
    except FixtureError as exc:
        outcome.failures.append(Failure("error", f"malformed case: {exc}"))
        return outcome
    outcome.xfail = settings.xfail
    try:
        cleaner = cached_cleaner(settings.config())
        result = cleaner.clean(case.input.read_bytes(), url=settings.url)
        again = cleaner.clean(result.text, url=settings.url)
    except (OSError, CleantextError) as exc:
        outcome.failures.append(Failure("error", f"cannot clean {case.input.name}: {exc}"))
        return outcome

    text, log = result.text, format_log(result.removals)
    try:
        expected_text = _read(case.path / EXPECTED_TEXT)
        expected_log = _read(case.path / EXPECTED_LOG)
    except FixtureError as exc:
        outcome.failures.append(Failure("error", str(exc)))
        return outcome
    compared = _compare(case, text, log, expected_text, expected_log)
    own = [
        Failure("rule-failed", f"rule {note.rule} failed on this page: {note.message}")
        for note in result.notes
        if note.kind == "rule-failed"
    ]
    own += _snippet_failures(settings, text) + _idempotence_failures(result, again)

    if bless and settings.xfail is None and compared and not own:
        for name, content, old in ((EXPECTED_TEXT, text, expected_text),
                                   (EXPECTED_LOG, log, expected_log)):
            if content != old:
                _write(case.path / name, content)
                outcome.blessed.append(name)
        compared = []
    elif bless and compared and settings.xfail is None:
        outcome.not_blessed = ("not blessed: the checks above (snippets, idempotence, rule "
                               "failures) must hold first; fix the cleaner, or case.toml "
                               "if it is wrong")
    outcome.failures = compared + own
    obtained = {OBTAINED_TEXT: text, OBTAINED_LOG: log}
    if outcome.failures and write_obtained:
        for name, content in obtained.items():
            _write(case.path / name, content)
            outcome.obtained_written.append(name)
    elif not outcome.failures:
        for name in obtained:
            (case.path / name).unlink(missing_ok=True)
    return outcome


def _compare(
    case: Case, text: str, log: str, expected_text: str | None, expected_log: str | None
) -> list[Failure]:
    failures: list[Failure] = []
    missing = [n for n, c in ((EXPECTED_TEXT, expected_text), (EXPECTED_LOG, expected_log))
               if c is None]
    if missing:
        failures.append(Failure("missing", (
            f"no {' or '.join(missing)} yet: review the obtained output, then bless it"
        )))
    if expected_text is not None and text != expected_text:
        failures.append(Failure("text", "the clean text differs from expected.txt",
                                text_diff(expected_text, text)))
    if expected_log is not None and log != expected_log:
        details = log_summary(expected_log, log) + "\n" + log_diff(expected_log, log)
        failures.append(Failure("log", "the removal log differs from removals.jsonl", details))
    return failures


def _snippet_failures(settings: CaseSettings, text: str) -> list[Failure]:
    failures = [
        Failure("must-contain", f"must_contain: {snippet!r} is not in the clean text")
        for snippet in settings.must_contain
        if snippet not in text
    ]
    failures += [
        Failure("must-not-contain", f"must_not_contain: {snippet!r} is in the clean text",
                _context(text, snippet))
        for snippet in settings.must_not_contain
        if snippet in text
    ]
    return failures


def _idempotence_failures(first: Cleaned, again: Cleaned) -> list[Failure]:
    """Cleaning the clean text again must find nothing to remove.

    "Nothing" means: no removal, no rule that tried to remove and was undone by the
    guard, no rule that failed, and the very same text (a change without a logged
    removal would be text dropped or rewritten silently).
    """
    problems: list[str] = []
    problems += [f"  {r.rule} removes {r.text!r} ({r.reason})" for r in again.removals]
    problems += [f"  {n.rule}: {n.kind}: {n.message}" for n in again.notes]
    details = "\n".join(problems)
    if not problems and again.text != first.text:
        problems.append("the text changes without a logged removal")
        details = text_diff(first.text, again.text, "first pass", "second pass")
    elif again.text != first.text:
        details += "\n" + text_diff(first.text, again.text, "first pass", "second pass")
    if not problems:
        return []
    return [Failure("idempotence", "not idempotent: cleaning the clean text again changes it",
                    details)]


# -- diffs ------------------------------------------------------------------------

_SENTENCE_END = regex.compile(r"(?<=[.!?…»؟])\s+")
_LONG_LINE = 200


def text_diff(expected: str, obtained: str, a: str = EXPECTED_TEXT, b: str = OBTAINED_TEXT) -> str:
    """A unified diff of two texts. Long lines (flattened pages are one line) are
    split after sentence ends for the diff, so a changed sentence shows as one line."""
    split = max((len(line) for line in (expected + "\n" + obtained).splitlines()), default=0)
    note = ""
    if split > _LONG_LINE:
        note = "(long lines are split after sentence ends for this diff)\n"
    return note + _diff(_lines(expected, split > _LONG_LINE), _lines(obtained, split > _LONG_LINE),
                        a, b) + _newline_note(expected, obtained)


def _lines(text: str, split_sentences: bool) -> list[str]:
    lines = text.split("\n")
    if not split_sentences:
        return lines
    return [piece for line in lines for piece in _SENTENCE_END.split(line)]


def _newline_note(expected: str, obtained: str) -> str:
    if expected != obtained and expected.rstrip("\n") == obtained.rstrip("\n"):
        return "(the texts differ only in trailing newlines: expected.txt holds the text exactly)"
    return ""


def log_diff(expected: str, obtained: str) -> str:
    """A unified diff of two ``removals.jsonl`` contents."""
    return _diff(expected.splitlines(), obtained.splitlines(), EXPECTED_LOG, OBTAINED_LOG)


def _diff(a: list[str], b: list[str], name_a: str, name_b: str) -> str:
    return "".join(line + "\n" for line in difflib.unified_diff(
        a, b, name_a, name_b, lineterm="", n=2))


def log_summary(expected: str, obtained: str) -> str:
    """Per rule whose removals changed: how many removals and characters, before and
    after, and whether it now removes more or less."""
    before, after = _per_rule(_parse_log(expected)), _per_rule(_parse_log(obtained))
    rows = []
    for rule in sorted(set(before) | set(after)):
        (n0, c0), (n1, c1) = before.get(rule, (0, 0)), after.get(rule, (0, 0))
        if (n0, c0) == (n1, c1):
            continue
        trend = "removes more" if (c1, n1) > (c0, n0) else "removes less"
        rows.append((rule, f"{n0} → {n1}", f"{c0} → {c1} chars", trend))
    if not rows:
        return ("same removals and characters per rule; what moved is in the diff:")
    width = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = ["rule changes (removals, characters removed):"]
    lines += [f"  {r[0]:<{width[0]}}  {r[1]:>{width[1]}}  {r[2]:>{width[2]}}  {r[3]}" for r in rows]
    return "\n".join(lines)


def _per_rule(records: list[dict[str, Any]]) -> dict[str, tuple[int, int]]:
    counts: Counter[str] = Counter()
    chars: Counter[str] = Counter()
    for record in records:
        rule = str(record.get("rule", "?"))
        counts[rule] += 1
        chars[rule] += len(str(record.get("text", "")))
    return {rule: (counts[rule], chars[rule]) for rule in counts}


def _context(text: str, snippet: str, width: int = 60) -> str:
    at = text.find(snippet)
    start, end = max(0, at - width), min(len(text), at + len(snippet) + width)
    return f"  …{text[start:end]}…".replace("\n", " ")


# -- files ------------------------------------------------------------------------


def _read(path: Path) -> str | None:
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            return handle.read()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        raise FixtureError(f"cannot read {path.name}: {exc}") from exc


def _write(path: Path, content: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write(content)


# -- adding a case ----------------------------------------------------------------


def input_name(data: bytes) -> str:
    """``input.html`` or ``input.txt``, by what the bytes hold (as ``clean()`` sees it)."""
    return "input.html" if looks_like_html(decode(data)) else "input.txt"


def add_case(
    root: Path | str,
    name: str,
    data: bytes,
    *,
    url: str | None = None,
    lang: Sequence[str] = (),
    enable: Sequence[str] = (),
    disable: Sequence[str] = (),
    force: bool = False,
) -> Outcome:
    """Create the case ``root/name`` from a page's bytes and bless its output.

    Writes the input verbatim (``input.html`` or ``input.txt`` by content), a commented
    ``case.toml``, ``expected.txt`` and ``removals.jsonl``. Refuses to overwrite an
    existing case unless ``force``.
    """
    root = Path(root)
    parts = [p for p in name.strip("/").split("/") if p]
    if len(parts) != 2 or any(p in (".", "..") for p in parts):
        raise FixtureError(f"a case name is site/case, like 'lesite/article-1'; got {name!r}")
    CaseSettings.parse(case_toml(url, lang, enable, disable))  # validates rule names, langs
    path = root.joinpath(*parts)
    existing = [n for n in CASE_FILES if (path / n).exists()]
    if existing and not force:
        raise FixtureError(f"{case_id(root, path)} exists ({', '.join(sorted(existing))}); "
                           "pass --force to replace it")
    path.mkdir(parents=True, exist_ok=True)
    for stale in (*INPUT_FILES, EXPECTED_TEXT, EXPECTED_LOG, OBTAINED_TEXT, OBTAINED_LOG):
        (path / stale).unlink(missing_ok=True)
    target = path / input_name(data)
    target.write_bytes(data)
    (path / CASE_FILE).write_text(case_toml(url, lang, enable, disable), encoding="utf-8")
    return check_case(Case(root, path, target), bless=True)
