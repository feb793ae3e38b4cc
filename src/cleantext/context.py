"""What a rule sees besides the document: its config, its phrases, the page's URL."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from .config import Config
from .errors import PatternTimeout
from .phrases import Phrase, PhraseIndex, PhraseSet, compile_phrases, phrase_index
from .registry import Rule
from .textdoc import TextDoc

#: ``Config.pattern_timeout`` is per this many characters searched (and at least that).
_CHARS_PER_TIMEOUT = 1_000_000
#: The key of ``(config, its phrase index)`` in a document's memo: the rules of one
#: run share a config, and telling it by identity is cheaper than the index's cache
#: lookup (which hashes the languages and the extra phrases) for every rule.
_INDEX_OF = object()
#: With the index, the key of its :meth:`PhraseIndex.literal_positions` in the memo.
_LITERALS = object()


@dataclass(frozen=True)
class RuleContext:
    """Passed to every rule with the document.

    ``phrases`` is the rule's own phrase list compiled for the active languages (plus
    any extra phrases the config or a site profile adds for it).
    """

    rule: Rule
    config: Config
    url: str | None = None

    @property
    def phrases(self) -> PhraseSet:
        # Cached by hand: a context lives for one rule run, and cached_property's
        # lock costs more than the lookup it saves.
        found = self.__dict__.get("_phrase_set")
        if found is None:
            found = compile_phrases(self.rule.name, self.config.languages, self._extra)
            self.__dict__["_phrase_set"] = found
        return found

    @property
    def _extra(self) -> tuple[str, ...]:
        """The user's patterns for this rule (``Config.extra_phrases``, which also
        holds the phrases of the site profiles that match the page)."""
        if not self.config.extra_phrases:
            return ()
        return tuple(p for name, p in self.config.extra_phrases if name == self.rule.name)

    def find_phrases(self, doc: TextDoc) -> list[tuple[Phrase, regex.Match[str]]]:
        """Every match of the rule's phrases in ``doc``, in text order.

        When the rule's set holds user patterns (``Config.extra_phrases``, site
        profiles), every phrase runs under the config's time limit
        (:class:`PatternTimeout` when one runs too long). The built-in phrase files are
        vetted (no nested quantifiers) and run without one: ``regex``'s ``timeout=``
        costs about a microsecond per anchored match, several times the match itself.
        """
        config = self.config
        memo = doc.memo
        index = _phrase_index_of(doc, config)
        name = self.rule.name
        # The index holds every phrase rule's set as ``phrases`` compiles it (the same
        # call, the same arguments): a rule without a phrase file is not in it.
        phrases = index.sets.get(name)
        indexed = False  # every phrase indexed, offsets kept by lower-casing
        if phrases is None:
            phrases = self.phrases
            candidates = None
        else:
            found = memo.get(index)
            if found is None:  # one pass for every phrase rule
                found = memo[index] = index.candidates(doc.folded)
            candidates = found[name]  # type: ignore[index]
            indexed = name in index.indexed_only and len(doc.folded) == len(doc.text)
            if not candidates and (indexed or phrases.searches_nowhere(doc.text, doc.folded)):
                return []  # most rules on most pages
        timeout = config.pattern_timeout if config.extra_phrases and self._extra else None
        try:
            if indexed:  # most rules: the anchored matches at the candidates
                return phrases.find_indexed(doc.text, candidates, timeout)  # type: ignore[arg-type]
            literal_at = None
            if phrases.literals and candidates is not None:
                # Phrases searched everywhere: where their literals are, one pass for all.
                key = (index, _LITERALS)
                literal_at = memo.get(key, _LITERALS)
                if literal_at is _LITERALS:
                    literal_at = memo[key] = index.literal_positions(doc.folded)
            return phrases.find(
                doc.text, doc.folded, timeout, candidates, literal_at  # type: ignore[arg-type]
            )
        except TimeoutError as exc:
            raise self._timeout(self.config.pattern_timeout, len(doc.text)) from exc

    def finditer(
        self, pattern: regex.Pattern[str], text: str, pos: int = 0, endpos: int | None = None
    ) -> Iterator[regex.Match[str]]:
        """``pattern.finditer`` under the config's time limit: ``pattern_timeout``
        seconds per million characters searched, and at least ``pattern_timeout``.

        Raises :class:`PatternTimeout` when the pattern runs too long (catastrophic
        backtracking); the pipeline then skips the rule for this document.
        """
        end = len(text) if endpos is None else endpos
        # The limit scales with the text searched: a 50 MB page legitimately takes
        # longer than a short one; catastrophic backtracking blows up on short text.
        timeout = self.config.pattern_timeout * max(1.0, (end - pos) / _CHARS_PER_TIMEOUT)
        try:
            yield from pattern.finditer(text, pos, end, timeout=timeout)
        except TimeoutError as exc:
            raise self._timeout(timeout, end - pos) from exc

    def _timeout(self, seconds: float, chars: int) -> PatternTimeout:
        return PatternTimeout(
            f"a phrase pattern of rule {self.rule.name!r} ran longer than {seconds:g}s on "
            f"{chars} characters; simplify it (nested quantifiers backtrack)"
        )


def _phrase_index_of(doc: TextDoc, config: Config) -> PhraseIndex:
    """The phrase index of ``config`` (kept in ``doc``'s memo with the config: the
    rules of one run share one)."""
    held: Any = doc.memo.get(_INDEX_OF)
    if held is not None and held[0] is config:
        return held[1]  # type: ignore[no-any-return]  # the same config as the rule before
    index = phrase_index(config.languages, config.extra_phrases)
    doc.memo[_INDEX_OF] = (config, index)
    return index


def quiet_phrase_rules(doc: TextDoc, config: Config) -> Collection[str]:
    """The rules whose phrase sets, compiled for ``config``, surely find nothing in
    ``doc``, as :meth:`RuleContext.find_phrases` tells before any search: in the
    phrase index, no candidate in ``doc``, no phrase searched everywhere.

    The pipeline skips a ``needs_phrases`` rule of these without setting up its run.
    """
    if len(doc.folded) != len(doc.text):
        return ()  # lower-casing moved offsets: every phrase is searched everywhere
    index = _phrase_index_of(doc, config)
    memo = doc.memo
    found: Any = memo.get(index)
    if found is None:  # one pass for every phrase rule
        found = memo[index] = index.candidates(doc.folded)
    indexed = index.indexed_only
    return {name for name, candidates in found.items() if not candidates and name in indexed}


_new_object = object.__new__


def make_context(rule: Rule, config: Config, url: str | None) -> RuleContext:
    """``RuleContext(rule=rule, config=config, url=url)`` in half the time (the
    pipeline makes one per rule and page): the fields go into the instance's dict at
    once instead of through the frozen dataclass's ``object.__setattr__`` each."""
    ctx = _new_object(RuleContext)
    ctx.__dict__.update(rule=rule, config=config, url=url)
    return ctx
