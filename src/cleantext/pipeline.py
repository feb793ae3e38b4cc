"""The built-in pipeline: which rules run, in which order, per stage.

Presets are data. A rule not listed here is off unless enabled by name (or, for
a plug-in, registered with ``default=True`` and a ``before``/``after`` position).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any, Protocol

from .config import Config
from .context import make_context, quiet_phrase_rules
from .errors import CleantextError, RuleError
from .registry import Rule
from .result import Note

HTML_RULES: tuple[str, ...] = (
    "site-profile",
    "hidden-elements",
    "non-content-tags",
    "boilerplate-containers",
    "outside-main-content",
    "link-lists",
    "furniture-sections",
    "article-head",
)

TEXT_RULES: tuple[str, ...] = (
    "markup-text",
    "liveblog-stub",
    "cookie-notice",
    "newsletter-signup",
    "paywall-prompt",
    "social-follow",
    "share-prompt",
    "form-hint",
    "comments-section",
    "read-also",
    "ad-label",
    "interface-label",
    "credit-line",
    "copyright-line",
    "edge-leftover",
    # Last: it counts the phrase rules' removals as evidence of boilerplate, and the
    # pieces they and edge-leftover remove keep those rules' names and reasons in the log.
    "outside-main-text",
)


class Doc(Protocol):
    """What the pipeline needs of a document (``TextDoc`` and ``HtmlDoc`` both are)."""

    def begin(self, rule: str) -> None: ...
    def commit(self) -> None: ...
    def rollback(self) -> None: ...
    def kept_chars(self) -> int:
        """Characters kept by the rules before the running one (not counting its
        removals until it commits)."""
    def pending_chars(self) -> int: ...


def run_rules(
    doc: Doc, rules: Iterable[Rule], config: Config, url: str | None, notes: list[Note]
) -> None:
    """Run ``rules`` on ``doc`` in order, each under the guard.

    A rule that raises is rolled back and noted (or re-raised as :class:`RuleError`
    with ``Config(strict=True)``); a rule that would remove more than its
    ``max_share`` of the text is rolled back and noted. The other rules still run.
    """
    guard = config.guard
    quiet: Collection[str] | None = None  # the phrase rules with nothing to find here
    for rule in rules:
        # The guard's share, when it applies.
        share = rule.max_share if guard else None
        if rule.needs_phrases and (share is None or share >= 0):
            # Not called where its phrases can match nowhere: it would remove nothing,
            # and the guard would let that be (a negative share undoes even nothing).
            if quiet is None:
                try:
                    quiet = quiet_phrase_rules(doc, config)  # type: ignore[arg-type]
                except Exception:  # each rule's own run meets the failure, and notes it
                    quiet = ()
            if rule.name in quiet:
                continue
        doc.begin(rule.name)
        try:
            # ``Rule.__call__`` is its function's: called straight (a subclass may differ).
            (rule.func if type(rule) is Rule else rule)(doc, make_context(rule, config, url))
        except Exception as exc:
            doc.rollback()
            message = f"{type(exc).__name__}: {exc}"
            if config.strict:
                raise _as_rule_error(rule, exc) from exc
            notes.append(Note("rule-failed", rule.name, f"skipped for this document: {message}"))
            continue
        # Characters are counted only when the rule removed some: counting the
        # document's first reads all of its text, and most rules remove nothing.
        removed = doc.pending_chars() if share is not None else 0
        if (
            share is not None
            and (removed or share < 0)
            and (before := doc.kept_chars()) > 0
            and removed > share * before
        ):
            doc.rollback()
            notes.append(
                Note(
                    "undone",
                    rule.name,
                    f"would have removed {removed} of {before} characters "
                    f"({removed / before:.0%} > {share:.0%}); its removals were undone",
                )
            )
            continue
        doc.commit()


def _as_rule_error(rule: Rule, exc: Exception) -> CleantextError:
    if isinstance(exc, CleantextError):
        return exc
    return RuleError(f"rule {rule.name!r} failed: {type(exc).__name__}: {exc}")


def listing_order(rules: Iterable[Rule]) -> list[Rule]:
    """Rules in the order they run: HTML stage, then text stage, each in preset order;
    rules outside the presets (off by default, plug-ins) last, by name."""
    position = {name: i for i, name in enumerate((*HTML_RULES, *TEXT_RULES))}
    return sorted(rules, key=lambda r: (position.get(r.name, len(position)), r.name))


def describe(rules: Iterable[Rule]) -> list[dict[str, Any]]:
    """Name, stage and one-line summary of each rule, for listings."""
    return [{"name": r.name, "stage": r.stage, "summary": r.summary} for r in rules]
