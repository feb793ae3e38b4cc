"""Shared test helpers.

The project's own fixture cases (tests/fixtures/<site>/<case>/) run through the
cleantext pytest plugin: one test per case; ``pytest --bless`` accepts new outputs.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["cleantext.testing", "pytester"]

REPO = Path(__file__).resolve().parents[1]


def shared_dir() -> Path:
    """``../shared`` beside the repository (as laid out for developers and CI)."""
    return REPO.parent / "shared"


@pytest.fixture(scope="session")
def seed() -> tuple[str, str]:
    """The seed document and its exact expected output (from the repo's fixture copy)."""
    case = REPO / "tests" / "fixtures" / "seed" / "tunisie-numerique"
    return (
        (case / "input.txt").read_text(encoding="utf-8"),
        (case / "expected.txt").read_text(encoding="utf-8"),
    )


def read_jsonl(path: Path) -> list[dict[str, object]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
