"""Checks that must hold on every result, whatever the input (used by the fuzz tests)."""

from __future__ import annotations

import json
from typing import Any

import regex

from cleantext import Cleaned, Config
from cleantext.html.htmldoc import HtmlDoc
from cleantext.html.parse import parse_html
from cleantext.load import load
from cleantext.registry import REGISTRY

_SPACE = regex.compile(r"\s+")


def non_space(text: str) -> str:
    """``text`` without Unicode White_Space (how the guard counts characters)."""
    return _SPACE.sub("", text)


def visible(text: str) -> str:
    """``text`` without anything Python's ``str.strip`` may trim (White_Space plus the
    information separators U+001C..U+001F): what the invariant compares."""
    return "".join(c for c in text if not c.isspace())


def check_text_result(page: str, result: Cleaned) -> None:
    """The text invariant, for text input: removal spans are exact and disjoint, and
    the output is the complement of the removals, modulo whitespace."""
    assert all(isinstance(r.where, tuple) for r in result.removals), result.removals
    removals = sorted(result.removals, key=lambda r: r.where)
    kept: list[str] = []
    previous_end = 0
    for removal in removals:
        start, end = removal.where  # type: ignore[misc]
        assert 0 <= start < end <= len(page), removal
        assert page[start:end] == removal.text, removal
        assert start >= previous_end, f"overlapping removals at {start}"
        kept.append(page[previous_end:start])
        previous_end = end
    kept.append(page[previous_end:])
    assert visible(result.text) == visible("".join(kept))


def check_html_result(page: str, result: Cleaned, config: Config) -> None:
    """For HTML input: every removal has an XPath, and the guard held for every rule
    that has a share limit (checked against the stage's starting size, an upper
    bound of what the rule saw)."""
    for removal in result.removals:
        assert isinstance(removal.where, str) and removal.where.startswith("/"), removal
    html_total = HtmlDoc(parse_html(page)).kept_chars()
    text_total = len(non_space(result.text)) + sum(
        len(non_space(r.text)) for r in result.removals if r.stage == "text"
    )
    check_guard(result, config, {"html": html_total, "text": text_total})


def check_guard(result: Cleaned, config: Config, totals: dict[str, int]) -> None:
    undone = {n.rule for n in result.notes if n.kind in ("undone", "rule-failed")}
    removed: dict[str, int] = {}
    for removal in result.removals:
        removed[removal.rule] = removed.get(removal.rule, 0) + len(non_space(removal.text))
    for name, chars in removed.items():
        assert name not in undone, f"{name} was undone but its removals stayed"
        rule = REGISTRY.get(name)
        if config.guard and rule.max_share is not None:
            limit = rule.max_share * totals[rule.stage]
            assert chars <= limit, f"{name} removed {chars} chars, over its share {limit}"


def check_any_result(result: Cleaned) -> None:
    """Every result serialises and its text is valid Unicode (writable as UTF-8)."""
    result.text.encode("utf-8")
    data: Any = json.loads(result.to_json())
    assert data["text"] == result.text
    for removal in result.removals:
        removal.text.encode("utf-8")


def check_result(page: Any, result: Cleaned, config: Config) -> None:
    """Dispatch on what ``load`` made of ``page``."""
    check_any_result(result)
    kind, content = load(page, max_chars=config.max_input_chars)
    if kind == "text":
        check_text_result(content, result)
    elif isinstance(content, str):
        check_html_result(content, result, config)
