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
_SYNTAX = frozenset("\\()[]{}|?*+.^$'")


@dataclass(frozen=True)
class Phrase:
    """One phrase line: its regex body, and a lower-case word it cannot match
    without (``None`` when there is no such word), used to skip phrases cheaply."""

    pattern: str
    literal: str | None


@dataclass(frozen=True)
class PhraseSet:
    """The phrases of one rule: ``contained`` ones (may sit inside a longer unit)
    and ``labels`` (must be the whole unit)."""

    contained: tuple[Phrase, ...] = ()
    labels: tuple[Phrase, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.contained or self.labels)

    def label_pattern(self) -> regex.Pattern[str] | None:
        """All labels as one alternation (run on short segments only)."""
        return _compile(tuple(p.pattern for p in self.labels))

    def windows(self, folded: str) -> tuple[regex.Pattern[str] | None, list[tuple[int, int]]]:
        """Where to look in a document whose lower-cased text is ``folded``.

        Returns one pattern (the alternation of the contained phrases whose word
        occurs in the text) and the spans around those words to run it over.
        Scanning whole pages with a dozen rules' alternations costs far more than
        a few substring searches, and most pages hold few of the words.
        """
        phrases = self.contained
        chosen: list[str] = []
        spans: list[tuple[int, int]] = []
        whole = False
        seen: dict[str, list[int]] = {}
        for phrase in phrases:
            if phrase.literal is None:
                chosen.append(phrase.pattern)
                whole = True
                continue
            hits = seen.get(phrase.literal)
            if hits is None:
                hits = seen[phrase.literal] = _occurrences(folded, phrase.literal)
            if hits:
                chosen.append(phrase.pattern)
                width = len(phrase.literal) + WINDOW
                spans.extend((max(0, hit - WINDOW), hit + width) for hit in hits)
        pattern = _compile(tuple(chosen))
        if pattern is None:
            return None, []
        if whole:
            return pattern, [(0, len(folded))]
        return pattern, _merge(spans, len(folded))


#: How far a phrase match may reach from its required word, in characters.
WINDOW = 300


def _occurrences(folded: str, word: str) -> list[int]:
    hits = []
    pos = folded.find(word)
    while pos >= 0:
        hits.append(pos)
        pos = folded.find(word, pos + 1)
    return hits


def _merge(spans: list[tuple[int, int]], length: int) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return [(start, min(end, length)) for start, end in merged]


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


@functools.lru_cache(maxsize=4096)
def _compile(patterns: tuple[str, ...]) -> regex.Pattern[str] | None:
    if not patterns:
        return None
    body = "|".join(f"(?:{p})" for p in patterns)
    return regex.compile(rf"(?<!\w)(?:{body})(?!\w)", regex.IGNORECASE | regex.V0)


def required_literal(phrase: str) -> str | None:
    """The longest literal run that every match of ``phrase`` contains, lower-cased:
    outside groups, classes and macros, without a quantified last character.

    >>> required_literal("sign up (for|to) our newsletters?")
    'newsletter'
    >>> required_literal("(read|see) also")
    'also'
    >>> required_literal("(read|see)|related") is None
    True
    """
    runs: list[str] = []
    current = ""
    depth = 0
    i = 0
    while i < len(phrase):
        char = phrase[i]
        if char == "\\":
            runs.append(current)
            current = ""
            i += 2
            continue
        if char == "[":
            runs.append(current)
            current = ""
            i = phrase.find("]", i + 1) + 1 or len(phrase)
            continue
        if char == "{" and depth == 0:
            runs.append(current)
            current = ""
            i = phrase.find("}", i + 1) + 1 or len(phrase)
            continue
        if char == "|" and depth == 0:
            return None  # alternatives at the top: no word is required
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and char not in _SYNTAX and not char.isspace():
            current += char
        else:
            if char in "?*" and current:
                current = current[:-1]
            runs.append(current)
            current = ""
        i += 1
    runs.append(current)
    words = [run.lower() for run in runs if any(c.isalnum() for c in run)]
    if not words:
        return None
    common = merged_words((), "stopwords")
    # The rarest-looking word: not a function word, then the longest.
    return max(words, key=lambda w: (w not in common, len(w)))


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
    labels: list[Phrase] = []
    contained: list[Phrase] = []
    for line in (*rule_phrases(rule, languages), *extra):
        is_label = line.startswith("= ")
        source = line[2:].strip() if is_label else line
        pattern = _expand(source)
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise ConfigError(f"invalid phrase {source!r} for rule {rule!r}: {exc}") from exc
        (labels if is_label else contained).append(Phrase(pattern, required_literal(source)))
    return PhraseSet(contained=tuple(contained), labels=tuple(labels))


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
