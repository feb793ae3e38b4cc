"""Every built-in rule is documented and guarded by a fixture.

Generic over the registry: a rule that cleantext registers (HTML or text stage) is
covered as soon as it exists, so adding a rule without a docstring or without a fixture
whose blessed log cites it fails here, by the rule's name.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import regex

from cleantext import REGISTRY, Cleaner
from cleantext.fixtures import EXPECTED_LOG, Case, FixtureError, discover

FIXTURES = Path(__file__).parent / "fixtures"
SECTIONS = ("What", "Why", "Example", "Known false positives")

Cleaner()  # imports the built-in rules
BUILTIN = sorted(r.name for r in REGISTRY.all() if r.builtin)


def cited_rules() -> dict[str, list[str]]:
    """Rule name -> the cases whose blessed log cites it (xfail cases do not count:
    their log is a wish, not a guard)."""
    cited: dict[str, list[str]] = {}
    for entry in discover(FIXTURES):
        if not isinstance(entry, Case):
            continue
        try:
            if entry.settings().xfail is not None:
                continue
        except FixtureError:
            continue  # reported by the case's own test
        log = entry.path / EXPECTED_LOG
        if not log.exists():
            continue
        for line in log.read_text(encoding="utf-8").splitlines():
            cited.setdefault(json.loads(line)["rule"], []).append(entry.id)
    return cited


def test_the_registry_has_built_in_rules() -> None:
    assert BUILTIN, "no built-in rule registered: the checks below would pass vacuously"


@pytest.mark.parametrize("name", BUILTIN)
def test_every_built_in_rule_is_cited_by_a_fixture_log(name: str) -> None:
    assert name in cited_rules(), (
        f"no fixture under {FIXTURES} has a blessed log citing {name!r}: add a case "
        f"where it fires (cleantext fixture add PAGE --name SITE/CASE)"
    )


@pytest.mark.parametrize("name", BUILTIN)
def test_every_built_in_rule_documents_what_why_example_and_false_positives(name: str) -> None:
    doc = REGISTRY.get(name).doc
    missing = [
        section for section in SECTIONS
        if not regex.search(rf"^{section}:\s*\S", doc, regex.MULTILINE)
    ]
    assert not missing, f"the docstring of {name!r} lacks the section(s) {missing}"
