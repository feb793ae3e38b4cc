"""The one configuration object: frozen, hashable, picklable."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, fields, replace
from typing import Any

from .errors import ConfigError

#: Languages with built-in phrase lists; ``Config(languages=())`` means all of them.
LANGUAGES: tuple[str, ...] = ("ar", "de", "en", "es", "fr")


@dataclass(frozen=True)
class Config:
    """How a :class:`~cleantext.Cleaner` cleans.

    Every field has a default that suits news and blog pages; change one with
    ``Config(disable=("comments-section",))`` or ``config.with_(lang="fr")``.

    - ``languages``: phrase lists to use (ISO 639-1 codes); empty means all, which is
      what mixed-language pages need.
    - ``enable`` / ``disable``: rule names to switch on or off.
    - ``include_title``: keep the page's title (HTML input) at the top of the text.
    - ``extra_phrases``: ``(rule, pattern)`` pairs added to a rule's phrase list.
    - ``max_unit_words``: a phrase match removes its sentence (or line) only if that
      unit has at most this many words; longer units are article text that merely
      mentions the phrase.
    - ``max_leftover_words``: the longest kept run that ``edge-leftover`` removes
      between boilerplate removals at the head or tail of a document.
    - ``guard``: undo a rule that removes more than its share of a document.
    - ``pattern_timeout``: seconds one phrase pattern may run on one document, per
      million characters (and at least this), so huge pages are not cut short.
    - ``max_input_chars``: larger inputs are refused with :class:`InputError`.
    - ``max_depth``: deeper HTML trees are refused with :class:`InputError`.
    - ``strict``: raise when a rule fails instead of skipping it with a note.
    """

    languages: tuple[str, ...] = ()
    enable: tuple[str, ...] = ()
    disable: tuple[str, ...] = ()
    include_title: bool = False
    extra_phrases: tuple[tuple[str, str], ...] = ()
    max_unit_words: int = 40
    max_leftover_words: int = 12
    guard: bool = True
    pattern_timeout: float = 2.0
    max_input_chars: int = 64 * 1024 * 1024
    max_depth: int = 2000
    strict: bool = False
    profiles: tuple[Any, ...] = field(default=())

    def __post_init__(self) -> None:
        for name in ("languages", "enable", "disable", "extra_phrases", "profiles"):
            value = getattr(self, name)
            if isinstance(value, str) or not isinstance(value, Iterable):
                raise ConfigError(f"Config.{name} must be a sequence, got {value!r}")
            object.__setattr__(self, name, tuple(value))
        unknown = [code for code in self.languages if code not in LANGUAGES]
        if unknown:
            raise ConfigError(
                f"no phrase lists for language(s) {unknown}; available: {', '.join(LANGUAGES)}"
            )
        both = set(self.enable) & set(self.disable)
        if both:
            raise ConfigError(f"rules both enabled and disabled: {sorted(both)}")
        for name in ("max_unit_words", "max_leftover_words", "max_input_chars", "max_depth"):
            if getattr(self, name) < 0:
                raise ConfigError(f"Config.{name} must be >= 0")
        if self.pattern_timeout <= 0:
            raise ConfigError("Config.pattern_timeout must be > 0 seconds")

    def with_(self, **changes: Any) -> Config:
        """A copy with some fields changed; ``lang="fr"`` is short for ``languages=("fr",)``."""
        lang = changes.pop("lang", None)
        if lang is not None:
            changes["languages"] = (lang,) if isinstance(lang, str) else tuple(lang)
        known = {f.name for f in fields(self)}
        bad = sorted(set(changes) - known)
        if bad:
            raise ConfigError(f"unknown Config field(s) {bad}; known: {sorted(known)}")
        return replace(self, **changes)
