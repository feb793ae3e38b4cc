"""Phrase lists: per-language data files compiled into one pattern per rule.

Files live in ``cleantext/phrases/<lang>/<rule>.txt`` (and ``phrases/neutral/`` for
language-neutral lists such as brand names). The format, one phrase a line:

- ``#`` starts a comment; blank lines are ignored.
- A phrase is a ``regex`` pattern, matched case-insensitively, at word boundaries.
  A space matches any run of whitespace; ``'`` matches ``'`` and ``’``.
- ``{n}`` matches a number; ``{name}`` matches any line of ``phrases/neutral/name.txt``
  (``{social}`` is every social network's name).
- A line starting with ``= `` is a *label*: it matches only when it is a whole unit
  on its own ("Commentaires", "3 comments"), not inside a sentence.

Each (rule, languages, extra phrases) combination compiles once.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

import regex

from .config import LANGUAGES
from .errors import ConfigError

_MACRO = regex.compile(r"\{(\w[\w-]*)\}")
_NUMBER = r"\d[\d.,\s]*"


@dataclass(frozen=True)
class PhraseSet:
    """The compiled phrases of one rule: ``contained`` (may sit inside a longer
    unit) and ``labels`` (must be the whole unit). Either may be ``None``."""

    contained: regex.Pattern[str] | None
    labels: regex.Pattern[str] | None

    def __bool__(self) -> bool:
        return self.contained is not None or self.labels is not None


def _read(path: str) -> list[str]:
    root = resources.files("cleantext").joinpath("phrases")
    node = root.joinpath(path)
    if not node.is_file():
        return []
    lines = []
    for raw in node.read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip() if not raw.lstrip().startswith("#") else ""
        if line:
            lines.append(line)
    return lines


@functools.cache
def neutral_list(name: str) -> tuple[str, ...]:
    """The lines of ``phrases/neutral/<name>.txt`` (empty if there is no such file)."""
    return tuple(_read(f"neutral/{name}.txt"))


def _expand(phrase: str) -> str:
    def macro(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name == "n":
            return _NUMBER
        items = neutral_list(name)
        if not items:
            raise ConfigError(f"phrase macro {{{name}}} names no list phrases/neutral/{name}.txt")
        return "(?:" + "|".join(_expand(item) for item in items) + ")"

    body = _MACRO.sub(macro, phrase)
    body = regex.sub(r"(?<!\\)'", "['’]", body)
    body = regex.sub(r" \?", r"\\s*", body)  # "live ?blog": an optional space
    return regex.sub(r"\s+", r"\\s+", body)


def _compile(phrases: list[str]) -> regex.Pattern[str] | None:
    if not phrases:
        return None
    body = "|".join(f"(?:{_expand(p)})" for p in phrases)
    try:
        return regex.compile(rf"(?<!\w)(?:{body})(?!\w)", regex.IGNORECASE | regex.V0)
    except regex.error as exc:
        raise ConfigError(f"invalid phrase pattern in {phrases!r}: {exc}") from exc


def rule_phrases(rule: str, languages: tuple[str, ...]) -> list[str]:
    """Raw phrase lines for ``rule`` in ``languages`` (all if empty) plus neutral ones."""
    langs = languages or LANGUAGES
    lines: list[str] = []
    for lang in (*langs, "neutral"):
        lines.extend(_read(f"{lang}/{rule}.txt"))
    return lines


@functools.lru_cache(maxsize=256)
def compile_phrases(
    rule: str, languages: tuple[str, ...], extra: tuple[str, ...] = ()
) -> PhraseSet:
    """Compile the phrase list of ``rule`` for ``languages`` plus ``extra`` patterns."""
    labels: list[str] = []
    contained: list[str] = []
    for line in (*rule_phrases(rule, languages), *extra):
        if line.startswith("= "):
            labels.append(line[2:].strip())
        else:
            contained.append(line)
    for phrase in (*labels, *contained):
        try:
            regex.compile(_expand(phrase))
        except regex.error as exc:
            raise ConfigError(f"invalid phrase {phrase!r} for rule {rule!r}: {exc}") from exc
    return PhraseSet(contained=_compile(contained), labels=_compile(labels))


@functools.lru_cache(maxsize=64)
def word_list(lang: str, name: str) -> frozenset[str]:
    """A language resource (``languages/<lang>/<name>.txt``) as a set of lowercase words."""
    node = resources.files("cleantext").joinpath("languages").joinpath(lang).joinpath(f"{name}.txt")
    if not node.is_file():
        return frozenset()
    words = set()
    for raw in node.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if line and not line.startswith("#"):
            words.add(line.lower())
    return frozenset(words)


def merged_words(languages: tuple[str, ...], name: str) -> frozenset[str]:
    """The union of a word list over ``languages`` (all languages if empty)."""
    return _merged(languages or LANGUAGES, name)


@functools.lru_cache(maxsize=64)
def _merged(languages: tuple[str, ...], name: str) -> frozenset[str]:
    out: set[str] = set()
    for lang in languages:
        out |= word_list(lang, name)
    return frozenset(out)
