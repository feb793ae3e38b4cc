"""The texts of the regression fixtures, for tests that compare two ways of
searching text (compiled and Python phrase search, guards): every fixture's removed
texts joined as one document, and every expected output."""

from __future__ import annotations

import json
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_texts() -> list[str]:
    """Every fixture's removed texts (one document per fixture) and expected text."""
    texts = []
    for path in sorted(FIXTURES.rglob("removals.jsonl")):
        lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        texts.append("\n".join(r["text"] for r in lines))
    for path in sorted(FIXTURES.rglob("expected.txt")):
        texts.append(path.read_text(encoding="utf-8"))
    return [t for t in texts if t.strip()]
