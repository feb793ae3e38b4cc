"""The public API: clean(), Cleaner, Config, Cleaned, Removal, the rule registry."""

from __future__ import annotations

import dataclasses
import json
import pickle
from collections.abc import Iterator

import pytest

import cleantext
from cleantext import (
    REGISTRY,
    Cleaned,
    Cleaner,
    CleantextError,
    Config,
    ConfigError,
    InputError,
    Removal,
    RuleContext,
    TextDoc,
    UnknownRuleError,
    clean,
    rule,
)
from cleantext.registry import Registry

PAGE = (
    "The liveblog has ended. Rain fell on Rabat for the third day in a row on Monday, "
    "flooding several streets of the old town."
)


@pytest.fixture
def scratch_rule() -> Iterator[str]:
    """A test rule registered for one test, then unregistered."""
    name = "test-drop-rain"

    @rule(name, stage="text", default=False)
    def drop_rain(doc: TextDoc, ctx: RuleContext) -> None:
        """Remove sentences about rain (a test rule)."""
        for seg in doc.segments:
            if "Rain" in doc.text[seg.start : seg.end]:
                doc.remove(seg.start, seg.end, "mentions rain")

    yield name
    del REGISTRY._rules[name]


def test_clean_returns_a_pair() -> None:
    text, removals = clean(PAGE)
    assert text.startswith("Rain fell")
    assert removals == (
        Removal("liveblog-stub", "text", removals[0].reason, "The liveblog has ended.", (0, 23)),
    )


def test_cleaned_indexes_like_a_pair() -> None:
    result = clean(PAGE)
    assert len(result) == 2
    assert result[0] == result.text and result[1] == result.removals
    assert tuple(result) == (result.text, result.removals)


def test_cleaned_serialises_to_json() -> None:
    data = json.loads(clean(PAGE).to_json())
    assert data["text"].startswith("Rain fell")
    assert data["removals"][0] == {
        "rule": "liveblog-stub",
        "stage": "text",
        "reason": data["removals"][0]["reason"],
        "text": "The liveblog has ended.",
        "where": [0, 23],
    }
    assert data["notes"] == []


def test_removal_round_trips_through_a_dict() -> None:
    for removal in clean(PAGE).removals:
        assert Removal.from_dict(json.loads(json.dumps(removal.to_dict()))) == removal


def test_cleaner_is_reusable_and_picklable() -> None:
    cleaner = Cleaner(lang="en", disable=("comments-section",))
    copy = pickle.loads(pickle.dumps(cleaner))
    assert copy.config == cleaner.config
    assert copy.clean(PAGE) == cleaner.clean(PAGE)
    assert "comments-section" not in [r.name for r in cleaner.text_rules]


def test_config_is_frozen_and_validated() -> None:
    config = Config()
    with pytest.raises(AttributeError):
        config.guard = False  # type: ignore[misc]
    with pytest.raises(ConfigError, match="no phrase lists"):
        Config(languages=("xx",))
    with pytest.raises(ConfigError, match="both enabled and disabled"):
        Config(enable=("a",), disable=("a",))
    with pytest.raises(ConfigError, match="must be a sequence"):
        Config(disable="comments-section")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="unknown Config field"):
        config.with_(colour="red")
    assert config.with_(lang="fr").languages == ("fr",)


def test_unknown_rule_lists_the_known_ones() -> None:
    with pytest.raises(UnknownRuleError, match=r"known rules: .*newsletter-signup"):
        clean(PAGE, disable=["newsleter-signup"])


def test_errors_share_one_base_class() -> None:
    for error in (InputError, ConfigError, UnknownRuleError, cleantext.RuleError):
        assert issubclass(error, CleantextError)


def test_bad_input_type_is_an_input_error() -> None:
    with pytest.raises(InputError, match="cannot clean a int"):
        clean(42)


def test_empty_input_gives_empty_text() -> None:
    assert clean("") == Cleaned("", (), ())
    assert clean("   \n ").text == ""


def test_a_registered_rule_runs_when_enabled(scratch_rule: str) -> None:
    page = (
        f"{PAGE} Schools stayed closed while crews cleared the roads and the drains all day, "
        "and the army sent trucks to the flooded quarters of the city."
    )
    assert "Rain" in clean(page).text
    result = clean(page, enable=[scratch_rule])
    assert result.text.startswith("Schools stayed closed")
    assert result.removals[-1].rule == scratch_rule
    assert result.removals[-1].reason == "mentions rain"


def test_rules_cannot_shadow_a_builtin() -> None:
    with pytest.raises(ConfigError, match="already taken by a built-in rule"):

        @rule("newsletter-signup", stage="text")
        def impostor(doc: TextDoc, ctx: RuleContext) -> None:
            """Pretend to be the newsletter rule."""


def test_rules_need_a_docstring_and_a_kebab_case_name() -> None:
    with pytest.raises(ConfigError, match="docstring"):

        @rule("undocumented-rule", stage="text")
        def undocumented(doc: TextDoc, ctx: RuleContext) -> None:
            pass

    with pytest.raises(ConfigError, match="kebab-case"):
        rule("Bad Name", stage="text")


def test_a_failing_rule_is_skipped_with_a_note() -> None:
    @rule("test-explodes", stage="text", default=False)
    def explodes(doc: TextDoc, ctx: RuleContext) -> None:
        """Raise on every document (a test rule)."""
        doc.remove(0, 3, "about to fail")
        raise ValueError("boom")

    try:
        result = clean(PAGE, enable=["test-explodes"])
        assert result.text.startswith("Rain fell")  # the other rules ran
        assert all(r.rule != "test-explodes" for r in result.removals)  # rolled back
        assert [(n.kind, n.rule) for n in result.notes] == [("rule-failed", "test-explodes")]
        assert "boom" in result.notes[0].message
        with pytest.raises(cleantext.RuleError, match="boom"):
            clean(PAGE, enable=["test-explodes"], config=Config(strict=True))
    finally:
        del REGISTRY._rules["test-explodes"]


class FakeEntryPoint:
    name = "fake"
    value = "fake_plugin:register"

    def load(self) -> object:
        def register(registry: Registry) -> None:
            registry.add(
                cleantext.Rule(
                    name="fake-plugin-rule",
                    stage="text",
                    func=lambda doc, ctx: None,
                    doc="Remove nothing (a fake plug-in).",
                )
            )

        return register


def test_plugins_load_lazily_from_entry_points(monkeypatch: pytest.MonkeyPatch) -> None:
    registry = Registry()
    calls: list[str] = []

    def fake_entry_points(group: str) -> list[FakeEntryPoint]:
        calls.append(group)
        return [FakeEntryPoint()]

    monkeypatch.setattr("cleantext.registry.entry_points", fake_entry_points)
    assert calls == []
    assert registry.get("fake-plugin-rule").summary == "Remove nothing (a fake plug-in)."
    assert calls == ["cleantext.rules"]
    registry.get("fake-plugin-rule")
    assert calls == ["cleantext.rules"]  # loaded once


def test_a_broken_plugin_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    class Broken(FakeEntryPoint):
        def load(self) -> object:
            raise ImportError("no module named fake_plugin")

    monkeypatch.setattr("cleantext.registry.entry_points", lambda group: [Broken()])
    with pytest.raises(ConfigError, match="cannot load cleantext rule plug-in 'fake'"):
        Registry().get("anything")


def test_builtin_rules_are_documented() -> None:
    Cleaner()
    for found in REGISTRY.all():
        if found.builtin:
            for section in ("What:", "Why:", "Example:", "Known false positives:"):
                assert section in found.doc, (found.name, section)


def test_make_removal_builds_the_same_removal_as_the_constructor() -> None:
    from cleantext.result import Removal, make_removal

    for where in ("/html/body/div[2]", (3, 17)):
        made = make_removal("ad-label", "html", "ad label", "Anzeige", where)
        built = Removal("ad-label", "html", "ad label", "Anzeige", where)
        assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
        assert made.to_dict() == built.to_dict()
        assert pickle.loads(pickle.dumps(made)) == built
        fields = [f.name for f in dataclasses.fields(Removal)]
        assert [getattr(made, f) for f in fields] == [getattr(built, f) for f in fields]
        assert not hasattr(made, "__dict__")  # slots: no dict per log entry


def test_make_context_builds_the_same_context_as_the_constructor() -> None:
    from cleantext.config import Config
    from cleantext.context import RuleContext, make_context
    from cleantext.registry import REGISTRY

    rule, config = REGISTRY.get("liveblog-stub"), Config().with_(lang="fr")
    made = make_context(rule, config, "https://example.org/a")
    built = RuleContext(rule=rule, config=config, url="https://example.org/a")
    assert made == built and repr(made) == repr(built) and vars(made) == vars(built)
    assert made.phrases is built.phrases  # compiled once per rule and languages
