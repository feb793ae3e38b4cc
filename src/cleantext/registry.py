"""The rule registry: names to rules.

A rule is a function with metadata. Built-in rules register themselves when
:mod:`cleantext.rules` is imported; third-party rules come from the
``cleantext.rules`` entry-point group, loaded lazily the first time a name is not
found among the built-ins (or when every rule is listed). A plug-in can never
shadow a built-in: a clash is an error that names both.

Register a rule with the :func:`rule` decorator::

    from cleantext import rule

    @rule("promo-banner", stage="text", after="newsletter-signup")
    def promo_banner(doc, ctx):
        '''Remove "Download our app" banners. ...'''
        for start, end in ctx.units_matching(doc, ctx.phrases):
            doc.remove(start, end, "app promotion")
"""

from __future__ import annotations

import inspect
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import Any, Literal

from .errors import ConfigError, UnknownRuleError

Stage = Literal["html", "text"]
RuleFunc = Callable[[Any, Any], None]
ENTRY_POINT_GROUP = "cleantext.rules"


@dataclass(frozen=True)
class Rule:
    """A named, documented, switchable cleaning step.

    ``max_share`` is the guard: if the rule would remove more than this share of the
    document's characters, its removals are undone and a note says so. ``None``
    turns the guard off for rules whose job is to remove most of a page (the
    main-content rule has its own fallback).

    ``needs_phrases``: the rule removes nothing but the units of its phrases'
    matches (:func:`cleantext.units.remove_phrase_units`), so on a page where its
    phrase set can match nowhere (no candidate in the phrase index, no phrase
    searched everywhere) it has nothing to do, and the pipeline does not call it.
    """

    name: str
    stage: Stage
    func: RuleFunc
    doc: str
    default: bool = True
    max_share: float | None = 0.5
    before: str | None = None
    after: str | None = None
    builtin: bool = False
    needs_phrases: bool = False

    @property
    def summary(self) -> str:
        """First paragraph of the docstring, on one line: what the rule removes."""
        return " ".join(self.doc.strip().split("\n\n")[0].split())

    def __call__(self, doc: Any, ctx: Any) -> None:
        self.func(doc, ctx)


class Registry:
    """Maps rule names to :class:`Rule` objects; thread-safe, lazily extended."""

    def __init__(self) -> None:
        self._rules: dict[str, Rule] = {}
        self._plugins_loaded = False
        self._lock = threading.RLock()
        self._registering_builtins = False

    def add(self, new: Rule) -> None:
        with self._lock:
            old = self._rules.get(new.name)
            if old is not None and old.func is not new.func:
                kind = "a built-in rule" if old.builtin else "another rule"
                raise ConfigError(
                    f"rule name {new.name!r} is already taken by {kind} "
                    f"({old.func.__module__}.{old.func.__qualname__}); pick another name"
                )
            self._rules[new.name] = new

    def get(self, name: str) -> Rule:
        """The rule called ``name``; plug-ins are loaded on the first miss."""
        found = self._rules.get(name)
        if found is None:
            self.load_plugins()
            found = self._rules.get(name)
        if found is None:
            known = ", ".join(sorted(self._rules))
            raise UnknownRuleError(f"unknown rule {name!r}; known rules: {known}")
        return found

    def all(self) -> list[Rule]:
        """Every rule, built-in and plug-in, in registration order."""
        self.load_plugins()
        return list(self._rules.values())

    def load_plugins(self) -> None:
        """Import the modules of the ``cleantext.rules`` entry points, once.

        An entry point may name a module (its ``@rule`` decorators register) or a
        callable taking the registry. A plug-in that fails to import is an error that
        names it: silently missing rules would make outputs change without a trace.
        """
        with self._lock:
            if self._plugins_loaded:
                return
            self._plugins_loaded = True
            for ep in entry_points(group=ENTRY_POINT_GROUP):
                try:
                    loaded = ep.load()
                except Exception as exc:  # a broken plug-in must say which one
                    raise ConfigError(
                        f"cannot load cleantext rule plug-in {ep.name!r} ({ep.value}): {exc}"
                    ) from exc
                if callable(loaded) and not inspect.ismodule(loaded):
                    loaded(self)


REGISTRY = Registry()


def rule(
    name: str,
    *,
    stage: Stage,
    default: bool = True,
    max_share: float | None = 0.5,
    before: str | None = None,
    after: str | None = None,
    needs_phrases: bool = False,
) -> Callable[[RuleFunc], RuleFunc]:
    """Register the decorated function as a rule called ``name``.

    ``stage`` is ``"html"`` (the function gets an ``HtmlDoc``) or ``"text"`` (a
    ``TextDoc``). Plug-in rules are off unless ``default=True`` *and* they give a
    position with ``before``/``after`` (a built-in rule's name) — or the user enables
    them by name, in which case they run at the end of their stage.
    ``needs_phrases=True`` says that the rule only removes the units of its phrases'
    matches: the pipeline skips it on a page where they can match nowhere.
    """
    if not name or name != name.lower() or " " in name:
        raise ConfigError(f"rule names are kebab-case, like 'newsletter-signup'; got {name!r}")

    def register(func: RuleFunc) -> RuleFunc:
        doc = inspect.getdoc(func) or ""
        if not doc:
            raise ConfigError(f"rule {name!r} needs a docstring saying what it removes and why")
        builtin = func.__module__.startswith("cleantext.")
        REGISTRY.add(
            Rule(
                name=name,
                stage=stage,
                func=func,
                doc=doc,
                default=default,
                max_share=max_share,
                before=before,
                after=after,
                builtin=builtin,
                needs_phrases=needs_phrases,
            )
        )
        return func

    return register


def order_rules(
    preset: Iterable[str], stage: Stage, enabled: set[str], disabled: set[str]
) -> list[Rule]:
    """The rules to run for ``stage``: the preset's order, minus ``disabled``, plus
    enabled plug-ins placed by their ``before``/``after`` hints (else appended)."""
    names = [n for n in preset if n not in disabled]
    extra = [
        r
        for r in REGISTRY.all()
        if r.stage == stage
        and r.name not in names
        and r.name not in disabled
        and (r.name in enabled or (r.default and not r.builtin and (r.before or r.after)))
    ]
    for r in extra:
        if r.after and r.after in names:
            names.insert(names.index(r.after) + 1, r.name)
        elif r.before and r.before in names:
            names.insert(names.index(r.before), r.name)
        else:
            names.append(r.name)
    return [REGISTRY.get(n) for n in names]
