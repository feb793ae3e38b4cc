"""Faulty rules and patterns: a failure is skipped and noted, never hidden, never fatal
(unless ``strict``), and the other rules still run."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cleantext import (
    REGISTRY,
    Cleaner,
    Config,
    ConfigError,
    PatternTimeout,
    RuleError,
    TextDoc,
    UnknownRuleError,
    rule,
)
from cleantext.context import RuleContext

SEED_LIKE = (
    "The liveblog has ended. Rain fell on Rabat all day, and the streets of the old "
    "medina were flooded by the evening. Sign up for our daily newsletter."
)


@pytest.fixture
def temporary_rules() -> Iterator[Callable[..., Any]]:
    """``register(name, func, **options)`` registers a rule for one test only."""
    added: list[str] = []

    def register(name: str, func: Callable[..., Any], **options: Any) -> Callable[..., Any]:
        added.append(name)
        return rule(name, **options)(func)

    yield register
    for name in added:
        REGISTRY._rules.pop(name, None)


def _boom(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove the first sentence, then fail (a buggy third-party rule)."""
    doc.remove(0, 10, "half-done work")
    raise ZeroDivisionError("boom")


def test_a_rule_that_raises_is_skipped_with_a_note(temporary_rules: Any) -> None:
    temporary_rules("test-boom", _boom, stage="text")
    result = Cleaner(enable=("test-boom",)).clean(SEED_LIKE)
    failed = [n for n in result.notes if n.kind == "rule-failed"]
    assert [n.rule for n in failed] == ["test-boom"]
    assert "ZeroDivisionError: boom" in failed[0].message
    assert all(r.rule != "test-boom" for r in result.removals)  # its half-done work undone
    assert {"liveblog-stub", "newsletter-signup"} <= {r.rule for r in result.removals}


def test_a_failing_rule_first_in_line_does_not_stop_the_others(temporary_rules: Any) -> None:
    temporary_rules("test-boom-first", _boom, stage="text", before="liveblog-stub")
    result = Cleaner(enable=("test-boom-first",)).clean(SEED_LIKE)
    assert [n.rule for n in result.notes if n.kind == "rule-failed"] == ["test-boom-first"]
    assert result.text.startswith("Rain fell on Rabat")


def test_strict_mode_raises_rule_error_naming_the_rule(temporary_rules: Any) -> None:
    temporary_rules("test-boom-strict", _boom, stage="text")
    cleaner = Cleaner(enable=("test-boom-strict",), strict=True)
    with pytest.raises(RuleError, match=r"'test-boom-strict' failed: ZeroDivisionError: boom"):
        cleaner.clean(SEED_LIKE)


def test_an_html_rule_that_raises_is_skipped_too(temporary_rules: Any) -> None:
    def html_boom(doc: Any, ctx: RuleContext) -> None:
        """Fail on every page."""
        raise RuntimeError("html boom")

    temporary_rules("test-html-boom", html_boom, stage="html")
    result = Cleaner(enable=("test-html-boom",)).clean(
        "<html><body><p>Rain fell on Rabat.</p><p>Sign up for our daily newsletter</p>"
        "</body></html>"
    )
    assert [n.rule for n in result.notes if n.kind == "rule-failed"] == ["test-html-boom"]
    assert "Rain fell on Rabat." in result.text


def test_a_rule_that_recurses_forever_is_skipped(temporary_rules: Any) -> None:
    def recurse(doc: Any, ctx: RuleContext) -> None:
        """Recurse without end."""
        recurse(doc, ctx)

    temporary_rules("test-recurse", recurse, stage="text")
    result = Cleaner(enable=("test-recurse",)).clean(SEED_LIKE)
    assert [n.rule for n in result.notes if n.kind == "rule-failed"] == ["test-recurse"]
    assert "RecursionError" in result.notes[0].message


def test_a_plugin_cannot_shadow_a_builtin_rule() -> None:
    Cleaner()  # built-ins registered

    def impostor(doc: Any, ctx: Any) -> None:
        """Pretend to be the newsletter rule."""

    with pytest.raises(ConfigError, match="'newsletter-signup' is already taken by a built-in"):
        rule("newsletter-signup", stage="text")(impostor)
    assert REGISTRY.get("newsletter-signup").func is not impostor


CATASTROPHIC = "(a|aa)+c"  # exponential backtracking on a run of a's without a c


def test_a_catastrophic_user_pattern_is_stopped_with_a_clear_note() -> None:
    text = "a" * 60 + " Rain fell on Rabat all day long. Sign up for our daily newsletter."
    cleaner = Cleaner(extra_phrases=(("liveblog-stub", CATASTROPHIC),), pattern_timeout=0.2)
    started = time.perf_counter()
    result = cleaner.clean(text)
    assert time.perf_counter() - started < 10
    failed = [n for n in result.notes if n.kind == "rule-failed"]
    assert [n.rule for n in failed] == ["liveblog-stub"]
    assert "PatternTimeout" in failed[0].message
    assert "ran longer than 0.2s" in failed[0].message
    assert "newsletter-signup" in {r.rule for r in result.removals}  # the others ran


def test_a_catastrophic_pattern_in_strict_mode_raises_pattern_timeout() -> None:
    cleaner = Cleaner(
        extra_phrases=(("liveblog-stub", CATASTROPHIC),), pattern_timeout=0.2, strict=True
    )
    with pytest.raises(PatternTimeout, match="liveblog-stub"):
        cleaner.clean("a" * 60 + " Rain fell.")


def test_a_catastrophic_site_profile_pattern_is_time_limited_too() -> None:
    # Built-in phrases run without a time limit (they are vetted); a site profile's
    # phrases are the user's and must keep it.
    from cleantext.profiles import SiteProfile

    profile = SiteProfile(
        domains=("example.org",), extra_phrases=(("liveblog-stub", CATASTROPHIC),)
    )
    cleaner = Cleaner(profiles=(profile,), pattern_timeout=0.2, strict=True)
    with pytest.raises(PatternTimeout, match="liveblog-stub"):
        cleaner.clean("a" * 60 + " Rain fell.", url="https://www.example.org/news/1")
    assert cleaner.clean("a" * 60 + " Rain fell.", url="https://other.net/1").notes == ()


def test_an_invalid_user_pattern_is_a_config_error_up_front() -> None:
    with pytest.raises(ConfigError, match=r"invalid phrase '\(unclosed'"):
        Cleaner(extra_phrases=(("liveblog-stub", "(unclosed"),))


def test_an_extra_phrase_for_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(UnknownRuleError, match="unknown rule 'no-such-rule'"):
        Cleaner(Config(extra_phrases=(("no-such-rule", "x"),)))
