"""pytest plugin: every fixture case under ``tests/fixtures`` becomes a test.

Opt in from your top-level ``conftest.py``::

    pytest_plugins = ["cleantext.testing"]

and, if your cases live elsewhere, set the root in your pytest configuration::

    [tool.pytest.ini_options]
    cleantext_fixtures = "tests/pages"     # relative to the rootdir; default tests/fixtures

Each case ``<root>/<site>/<case>/`` is one test (ids like ``tests/fixtures/site/case``;
select one with ``pytest tests/fixtures/site/case`` or ``-k site/case``). It checks the
clean text against ``expected.txt``, the log against ``removals.jsonl``, the
``must_contain`` / ``must_not_contain`` snippets of ``case.toml``, and idempotence. A
failure shows unified diffs and a per-rule summary, and writes the obtained files beside
the expected ones; ``pytest --bless`` accepts the new output. A case with
``xfail = "why"`` is a strict xfail: it is reported when it starts to pass. Orphan files
and malformed cases are failing tests with a message, never a collection crash.

It needs pytest 8 or later (directory collectors). It is deliberately *not*
registered as a ``pytest11`` entry point: installing cleantext must not add a collector
and a ``--bless`` option to every pytest run in the environment. The checking logic is
in :mod:`cleantext.fixtures` and needs no pytest
(``cleantext fixture check`` uses it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest

from .fixtures import DEFAULT_ROOT, Case, FixtureError, Outcome, Problem, check_case, discover

_BLESSED = pytest.StashKey[list[str]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("cleantext", "cleantext regression fixtures")
    group.addoption(
        "--bless", action="store_true", default=False,
        help="accept the current output of every failing fixture case: rewrite its "
        "expected.txt and removals.jsonl (review the diffs first)",
    )
    parser.addini(
        "cleantext_fixtures", default=DEFAULT_ROOT,
        help="directory of cleantext fixture cases, relative to the rootdir "
        f"(default {DEFAULT_ROOT})",
    )


def fixture_root(config: pytest.Config) -> Path:
    """The fixture root the ``cleantext_fixtures`` ini option names."""
    return (config.rootpath / str(config.getini("cleantext_fixtures"))).resolve()


@pytest.hookimpl(tryfirst=True)
def pytest_collect_directory(path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if path.resolve() == fixture_root(parent.config):
        return FixtureRoot.from_parent(parent, path=path)
    return None


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_BLESSED] = []


def pytest_terminal_summary(terminalreporter: Any, config: pytest.Config) -> None:
    blessed = config.stash.get(_BLESSED, [])
    if blessed:
        terminalreporter.section("cleantext: blessed")
        for line in blessed:
            terminalreporter.write_line(line)


class FixtureRoot(pytest.Directory):
    """The fixture root: one :class:`SiteDir` per site, plus misplaced files."""

    def collect(self) -> Iterable[pytest.Item | pytest.Collector]:
        entries = discover(self.path)
        sites: dict[str, list[Case | Problem]] = {}
        for entry in entries:
            parts = entry.id.split("/")
            if len(parts) == 2:
                sites.setdefault(parts[0], []).append(entry)
            else:
                yield _item(self, entry)
        for site, members in sites.items():
            yield SiteDir.from_parent(self, path=self.path / site, entries=members)


class SiteDir(pytest.Directory):
    """A site's directory: one test per case."""

    def __init__(self, *, entries: list[Case | Problem], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.entries = entries

    def collect(self) -> Iterator[pytest.Item]:
        for entry in self.entries:
            yield _item(self, entry)


def _item(parent: pytest.Collector, entry: Case | Problem) -> pytest.Item:
    nodeid = f"{parent.nodeid}/{entry.path.name}" if isinstance(parent, SiteDir) else (
        f"{parent.nodeid}/{entry.id}")
    if isinstance(entry, Case):
        return CaseItem.from_parent(parent, name=entry.id, path=entry.path, nodeid=nodeid,
                                    case=entry)
    return ProblemItem.from_parent(parent, name=entry.id, path=entry.path, nodeid=nodeid,
                                   problem=entry)


class CaseFailed(Exception):
    """A case's checks failed; carries the :class:`Outcome` to report."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__(outcome.case.id)
        self.outcome = outcome


class CaseItem(pytest.Item):
    """One fixture case, checked (or blessed) by :func:`cleantext.fixtures.check_case`."""

    def __init__(self, *, case: Case, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.case = case
        try:
            reason = case.settings().xfail
        except FixtureError:
            reason = None  # the test reports the malformed case.toml
        if reason is not None:
            self.add_marker(pytest.mark.xfail(reason=reason, strict=True))

    def runtest(self) -> None:
        outcome = check_case(self.case, bless=bool(self.config.getoption("bless")))
        if outcome.blessed:
            self.config.stash[_BLESSED].append(f"{self.case.id}: {', '.join(outcome.blessed)}")
        if outcome.failures:
            raise CaseFailed(outcome)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, CaseFailed):
            outcome = excinfo.value.outcome
            kinds = ", ".join(dict.fromkeys(f.kind for f in outcome.failures))
            return f"fixture case {self.case.id} failed ({kinds})\n\n{outcome.report()}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.case.path, None, f"fixture case {self.case.id}"


class FixtureProblem(Exception):
    """Something under the fixture root that is not a runnable case."""


class ProblemItem(pytest.Item):
    """A failing test that reports an orphan or misplaced fixture file."""

    def __init__(self, *, problem: Problem, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.problem = problem

    def runtest(self) -> None:
        raise FixtureProblem(self.problem.message)

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException], style: Any = None) -> Any:
        if isinstance(excinfo.value, FixtureProblem):
            return f"fixture problem in {self.problem.path}:\n{self.problem.message}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self) -> tuple[Path, int | None, str]:
        return self.problem.path, None, f"fixture problem {self.problem.id}"
