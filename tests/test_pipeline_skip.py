"""The pipeline skips a ``needs_phrases`` rule where its phrases can match nowhere
(``context.quiet_phrase_rules``): that must give what running it gives — the same
text, removal log and notes — whatever the rule, the page, the guard, a failure."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from cleantext import REGISTRY, Cleaner, Config, TextDoc, rule
from cleantext import context as context_module
from cleantext import pipeline as pipeline_module
from cleantext.context import RuleContext, quiet_phrase_rules
from cleantext.pipeline import TEXT_RULES, run_rules
from cleantext.registry import Rule
from cleantext.result import Note
from cleantext.units import remove_phrase_units
from fixture_texts import fixture_texts

PAGES = (
    "The liveblog has ended. Rain fell on Rabat all day. Sign up for our daily newsletter.",
    "Rain fell on Rabat all day, and the streets of the old medina were flooded.",
    "Advertisement\nRain fell on Rabat all day.\n12 comments\nShare on Facebook",
    "İstanbul: Rain fell. Sign up for our newsletter.",  # lower-casing moves offsets
    "",
    "Nous utilisons des cookies. Abonnez-vous à notre newsletter. ١٢ تعليقات",
)


def _run(rules: list[Rule], text: str, config: Config) -> tuple[str, list[Any], list[Note]]:
    doc = TextDoc.from_text(text)
    notes: list[Note] = []
    run_rules(doc, rules, config, None, notes)
    return doc.output(), [(r.rule, r.reason, r.where) for r in doc.removals], notes


def _unflagged(rules: list[Rule]) -> list[Rule]:
    """The same rules, none of them skipped."""
    return [dataclasses.replace(r, needs_phrases=False) for r in rules]


def _texts() -> list[str]:
    return [*PAGES, *fixture_texts()[:60]]


@pytest.mark.parametrize(
    "config",
    [Config(), Config(guard=False), Config(languages=("de",)),
     Config(extra_phrases=(("ad-label", "sponsored by acme"),))],
    ids=["default", "no-guard", "german", "extra-phrase"],
)
def test_skipping_gives_what_running_gives(config: Config) -> None:
    rules = Cleaner(config).text_rules
    assert sum(r.needs_phrases for r in rules) >= 10
    skipped = 0
    for text in _texts():
        assert _run(rules, text, config) == _run(_unflagged(rules), text, config), text[:80]
        quiet = quiet_phrase_rules(TextDoc.from_text(text), config)
        skipped += sum(r.needs_phrases and r.name in quiet for r in rules)
    assert skipped > 0  # the fast path was taken


def test_a_quiet_rule_is_not_called() -> None:
    calls: list[str] = []
    original = REGISTRY.get("cookie-notice")

    def spy(doc: TextDoc, ctx: RuleContext) -> None:
        calls.append(doc.text)
        original.func(doc, ctx)

    rules = [dataclasses.replace(original, func=spy)]
    _run(rules, "Rain fell on Rabat all day.", Config())
    assert calls == []
    _run(rules, "We use cookies to improve your experience. Rain fell.", Config())
    assert len(calls) == 1


def test_a_negative_share_still_undoes_a_quiet_rule() -> None:
    """The guard undoes even nothing when the share is negative: the rule must run."""
    rules = [dataclasses.replace(REGISTRY.get("cookie-notice"), max_share=-0.1)]
    text = "Rain fell on Rabat all day."
    result = _run(rules, text, Config())
    assert result == _run(_unflagged(rules), text, Config())
    assert [n.kind for n in result[2]] == ["undone"]


@pytest.fixture
def temporary_rules() -> Iterator[Callable[..., Any]]:
    added: list[str] = []

    def register(name: str, func: Callable[..., Any], **options: Any) -> Callable[..., Any]:
        added.append(name)
        return rule(name, **options)(func)

    yield register
    for name in added:
        REGISTRY._rules.pop(name, None)


def test_a_needs_phrases_rule_that_raises_is_noted(temporary_rules: Any) -> None:
    def boom(doc: TextDoc, ctx: RuleContext) -> None:
        """Remove the cookie banner, then fail (a buggy plug-in)."""
        remove_phrase_units(doc, ctx, "cookie notice")
        raise ZeroDivisionError("boom")

    temporary_rules("test-phrase-boom", boom, stage="text", needs_phrases=True)
    # A plug-in's phrases: the index holds a rule with a phrase (here, an extra one).
    cleaner = Cleaner(
        enable=("test-phrase-boom",), extra_phrases=(("test-phrase-boom", "we use cookies"),)
    )
    noted = cleaner.clean("We use cookies here. Rain fell on Rabat all day.")
    assert [(n.kind, n.rule) for n in noted.notes] == [("rule-failed", "test-phrase-boom")]
    assert all(r.rule != "test-phrase-boom" for r in noted.removals)  # rolled back
    # Where its phrases can match nowhere it has nothing to do, and is not called.
    quiet = cleaner.clean("Rain fell on Rabat all day.")
    assert quiet.notes == ()


def test_a_failing_quiet_check_runs_every_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(doc: TextDoc, config: Config) -> set[str]:
        raise RuntimeError("index broken")

    config = Config()
    rules = Cleaner(config).text_rules
    expected = [_run(rules, text, config) for text in PAGES]
    monkeypatch.setattr(pipeline_module, "quiet_phrase_rules", broken)
    assert [_run(rules, text, config) for text in PAGES] == expected


def test_a_catastrophic_user_pattern_still_times_out() -> None:
    """A phrase searched everywhere never makes its rule quiet: the time limit holds."""
    config = Config(extra_phrases=(("liveblog-stub", "(a|aa)+c"),), pattern_timeout=0.2)
    assert "liveblog-stub" not in quiet_phrase_rules(TextDoc.from_text("a" * 60), config)
    result = Cleaner(config).clean("a" * 60 + " Rain fell on Rabat all day long.")
    assert [(n.kind, n.rule) for n in result.notes] == [("rule-failed", "liveblog-stub")]


def test_disabled_and_enabled_rules_are_as_asked() -> None:
    text = "We use cookies. Rain fell on Rabat all day. Sign up for our newsletter."
    kept = Cleaner(disable=("cookie-notice",)).clean(text)
    assert "cookie-notice" not in {r.rule for r in kept.removals}
    assert "newsletter-signup" in {r.rule for r in kept.removals}
    assert [r.name for r in Cleaner().text_rules] == list(TEXT_RULES)


def test_quiet_rules_are_those_whose_find_is_empty() -> None:
    config = Config()
    index = context_module._phrase_index_of(TextDoc.from_text(""), config)
    for text in _texts():
        doc = TextDoc.from_text(text)
        quiet = quiet_phrase_rules(doc, config)
        for name in index.sets:
            ctx = context_module.make_context(REGISTRY.get(name), config, None)
            if name in quiet:
                assert ctx.find_phrases(doc) == []
