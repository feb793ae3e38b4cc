"""Phrase lists: per-language data files, compiled and indexed once per rule.

Files live in ``cleantext/phrases/<lang>/<rule>.txt`` (and ``phrases/neutral/`` for
language-neutral lists such as brand names). The format, one phrase a line:

- ``#`` starts a comment; blank lines are ignored.
- A phrase is a ``regex`` pattern, matched case-insensitively, at word boundaries.
  A space matches any run of whitespace; ``'`` matches ``'`` and ``’``.
- ``{n}`` matches a number; ``{name}`` matches any line of ``phrases/neutral/name.txt``
  (``{social}`` is every social network's name).
- A line starting with ``= `` is a *label*: it matches only when it is a whole unit
  on its own ("Commentaires", "3 comments"), not inside a sentence.
- A line starting with ``^ `` is a *lead*: it matches only at the start of its
  sentence or line ("Lire aussi :" opens a teaser; "il faut lire aussi" does not).

Each (rule, languages, extra phrases) combination compiles once.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Collection, Iterable, Iterator
from dataclasses import dataclass
from importlib import resources
from typing import Any

import ahocorasick
import regex

from .compiled import compiled_module
from .config import LANGUAGES
from .errors import ConfigError

_MACRO = regex.compile(r"\{(\w[\w-]*)\}")
_NUMBER = r"\d[\d.,\s]*"
#: Characters that are regex syntax (or expand to it) in a phrase line.
_SYNTAX = frozenset("\\()[]{}|?*+.^$'")
_FLAGS = regex.IGNORECASE | regex.V0


@dataclass(frozen=True)
class Phrase:
    """One phrase line, compiled.

    ``starts`` holds lower-case prefixes that every match begins with (the phrase's
    possible first words, or their fixed beginnings); ``None`` when they cannot be
    told, and the phrase is then searched for everywhere.
    """

    source: str
    label: bool
    pattern: regex.Pattern[str]
    starts: frozenset[str] | None
    lead: bool = False


class PhraseSet:
    """The phrases of one rule, and a multi-pattern index of their first words.

    Finding phrases is one pass over the lower-cased text for the first words of
    every phrase where a word starts (a trie walked in C, ``_phrases.pyx``; else
    a ``pyahocorasick`` automaton: both linear in the text whatever the number of
    phrases), then an anchored ``match`` of each phrase that can start at a hit.
    Trying a dozen rules' alternations at every position of a page costs a hundred
    times more.
    """

    def __init__(self, phrases: tuple[Phrase, ...]) -> None:
        self.phrases = phrases
        self._anywhere = tuple(i for i, p in enumerate(phrases) if p.starts is None)
        self._patterns = tuple(p.pattern for p in phrases)
        self._matchers = tuple(p.pattern.match for p in phrases)
        self._guards = tuple(guard_prefixes(p.source) for p in phrases)
        self._literals = tuple(required_literal(p.source) for p in phrases)
        #: Per phrase searched everywhere: ``(literal, run before it)`` of
        #: :func:`lead_literal`, or ``None``: searched with ``finditer``.
        self._leads = tuple(
            _lead_search(p.source) if i in self._anywhere else None
            for i, p in enumerate(phrases)
        )
        #: The literals of the phrases searched everywhere, shortest first, each with
        #: those before it that it contains: where one of those is missing, so is it.
        literals = sorted({self._literals[i] for i in self._anywhere if self._literals[i]},
                          key=len)
        self._literal_order = tuple(
            (literal, tuple(shorter for shorter in literals[:k] if shorter in literal))
            for k, literal in enumerate(literals)
        )
        #: Those literals (what :meth:`PhraseIndex.literal_positions` finds).
        self.literals = tuple(literals)
        index: dict[str, list[int]] = {}
        for i, phrase in enumerate(phrases):
            for word in index_words(phrase.starts):
                index.setdefault(word, []).append(i)
        self._search = _word_search(index)

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def find(
        self,
        text: str,
        folded: str,
        timeout: float | None = None,
        candidates: list[tuple[int, int]] | None = None,
        literal_at: dict[str, list[int]] | None = None,
    ) -> list[tuple[Phrase, regex.Match[str]]]:
        """Every match of every phrase in ``text`` (``folded`` is ``text.lower()``),
        ordered by position; overlapping matches of different phrases are all kept.

        ``candidates`` are the ``(start, phrase index)`` where this set's phrases may
        match in ``folded`` (a first word starts a word there, and the guard allows
        it: :func:`may_match`) when a :class:`PhraseIndex` already found them (one
        pass for all rules); else this set's own index finds them. ``literal_at``:
        where each of :attr:`literals` starts in ``folded``, when a
        :meth:`PhraseIndex.literal_positions` pass found them; else ``str`` searches
        do.
        Raises ``TimeoutError`` if one phrase runs longer than ``timeout`` seconds
        (``None``: no limit, for vetted phrases).
        """
        if len(folded) != len(text):  # lower-casing moved offsets: search everywhere
            anywhere: tuple[int, ...] = tuple(range(len(self.phrases)))
            candidates = []
            leads: tuple[tuple[str, regex.Pattern[str]] | None, ...] = ()
        else:
            anywhere = self._anywhere
            leads = self._leads
            if candidates is None:
                candidates = self.candidates(folded)
            if not anywhere:  # most sets: every phrase indexed
                return self.find_indexed(text, candidates, timeout) if candidates else []
        found: dict[tuple[int, int], regex.Match[str]] = {}
        patterns = self._patterns
        for start, i in candidates:
            if (i, start) in found:
                continue
            # No ``timeout=`` at all when there is none: even ``None`` costs.
            match = (
                patterns[i].match(text, start)
                if timeout is None
                else patterns[i].match(text, start, timeout=timeout)
            )
            if match is not None:
                found[(i, start)] = match
        if anywhere is not self._anywhere:
            literal_at = None
            missing: Collection[str] = {lit for lit in self._literals if lit and lit not in folded}
        elif not anywhere:
            missing = ()
        elif literal_at is not None:
            missing = {literal for literal in self.literals if not literal_at[literal]}
        else:
            missing = self._missing_literals(folded)
        for i in anywhere:
            literal = self._literals[i]
            if literal in missing:
                continue  # a whole-text search for nothing ("{n} comments", no "comment")
            lead = leads[i] if leads else None
            if lead is not None:
                at = literal_at[literal] if literal_at is not None else None
                for match in _lead_matches(patterns[i], text, folded, *lead, timeout, at):
                    found[(i, match.start())] = match
                continue
            for match in self.phrases[i].pattern.finditer(text, timeout=timeout):
                found[(i, match.start())] = match
        if not found:
            return []
        ordered = sorted(found.items(), key=lambda item: (item[1].start(), -item[1].end()))
        return [(self.phrases[i], match) for (i, _), match in ordered]

    def find_indexed(
        self, text: str, candidates: list[tuple[int, int]], timeout: float | None = None
    ) -> list[tuple[Phrase, regex.Match[str]]]:
        """:meth:`find` when every phrase is indexed (none searched everywhere) and
        lower-casing kept the offsets of ``text``: the anchored match at each
        candidate, in the order :meth:`find` gives (by start, the longer match first,
        else in candidate order), a candidate that comes twice matched once.

        The index gives candidates by where their first word ends (:func:`index_words`
        makes each phrase a candidate once per place), so most matches come in
        their order already: only a match that starts no later than the latest one
        so far needs a look (the same one again? out of order?), and the matches
        are only sorted when one came out of order. (Each look is one set look-up:
        a scan of the matches so far would grow with the square of a long page's.)
        """
        phrases = self.phrases
        matchers = self._matchers
        width = len(phrases)
        out: list[tuple[Phrase, regex.Match[str]]] = []
        found: set[int] = set()  # ``start * width + index`` of every match so far
        ordered = True
        last_start = -1  # of the match before
        last_end = 0
        latest = -1  # the latest start of a match so far
        for start, i in candidates:
            # No ``timeout=`` at all when there is none: even ``None`` costs.
            match = (
                matchers[i](text, start)
                if timeout is None
                else matchers[i](text, start, timeout=timeout)
            )
            if match is None:
                continue
            key = start * width + i
            end = match.end()
            if start <= latest:
                if key in found:
                    continue  # the same phrase at the same start: the same match
                if start < last_start or (start == last_start and end > last_end):
                    ordered = False
            else:
                latest = start
            found.add(key)
            last_start = start
            last_end = end
            out.append((phrases[i], match))
        if not ordered:
            out.sort(key=_match_order)  # stable: equal spans keep candidate order
        return out

    def _missing_literals(self, folded: str) -> set[str]:
        """The literals of the phrases searched everywhere that ``folded`` does not
        hold ("kommentare" is not looked for where "kommentar" is missing)."""
        missing: set[str] = set()
        for literal, shorter in self._literal_order:
            if any(s in missing for s in shorter) or literal not in folded:
                missing.add(literal)
        return missing

    def searches_nowhere(self, text: str, folded: str) -> bool:
        """Whether :meth:`find` with no candidates has nothing to search: every
        phrase is indexed and lower-casing kept the offsets."""
        return not self._anywhere and len(folded) == len(text)

    def first_word_hits(self, folded: str) -> list[tuple[int, tuple[int, ...]]]:
        """``(start, phrase indices)`` of every first word of a phrase in ``folded``
        that starts a word."""
        return self._search(folded) if self._search is not None else []

    def candidates(self, folded: str) -> list[tuple[int, int]]:
        """``(start, phrase index)`` of every first-word hit in ``folded`` where the
        phrase's guard allows a match (:func:`may_match`)."""
        guards = self._guards
        return [
            (start, i)
            for start, indices in self.first_word_hits(folded)
            for i in indices
            if may_match(folded, start, guards[i])
        ]


def index_words(starts: frozenset[str] | None) -> list[str]:
    """The first words of a phrase that its index holds: ``starts`` but those that
    a shorter one begins. Where "comments" starts a word, so does "comment": indexing
    both would make the phrase a candidate twice at one place (the shorter word,
    found first, makes it a candidate there once)."""
    if not starts:
        return []
    return sorted(w for w in starts if not any(v != w and w.startswith(v) for v in starts))


def _match_order(found: tuple[Phrase, regex.Match[str]]) -> tuple[int, int]:
    """The sort key of :meth:`PhraseSet.find`'s results: by start, the longer first."""
    match = found[1]
    return match.start(), -match.end()


def _lead_matches(
    pattern: regex.Pattern[str],
    text: str,
    folded: str,
    literal: str,
    run: regex.Pattern[str],
    timeout: float | None,
    positions: Iterable[int] | None = None,
) -> Iterator[regex.Match[str]]:
    """What ``pattern.finditer(text)`` yields, for a phrase whose every match is a
    run of ``run``'s characters, then ``literal`` (see :func:`lead_literal`).

    Every match starts in the run of those characters that ends where ``literal``
    starts in ``folded``: those positions are tried in text order, each with an
    anchored match, skipping those inside the previous match (as ``finditer``
    does), instead of trying the pattern at every position of the page.
    ``positions``: every start of ``literal`` in ``folded`` in increasing order,
    when already known (else found with ``str.find``).
    """
    end = 0  # where the previous match ended
    tried = 0  # every position before this one was tried
    for at in _occurrences(folded, literal) if positions is None else positions:
        first = run.match(text, 0, at)  # reversed: the run that ends at ``at``
        start = max(first.start() if first is not None else at, end, tried)
        while start <= at:
            match = (
                pattern.match(text, start)
                if timeout is None
                else pattern.match(text, start, timeout=timeout)
            )
            if match is not None:
                yield match
                end = match.end()
                start = end
            else:
                start += 1
        tried = max(tried, start)


def _occurrences(folded: str, literal: str) -> Iterator[int]:
    """Every start of ``literal`` in ``folded``, in increasing order."""
    at = folded.find(literal)
    while at >= 0:
        yield at
        at = folded.find(literal, at + 1)


#: A phrase's guard: ``(prefixes, longest length, whole)`` (:func:`guard_prefixes`).
Guard = tuple[tuple[str, ...], int, bool]

#: A folded character that is not plain ASCII nor a Latin-1 lower-case letter (whose
#: case-insensitive matches all lower-case to it): missing a prefix proves nothing
#: where the text holds one.
_ODD_FOLDED = regex.compile(r"[^\x00-\x7f\xdf-\xf6\xf8-\xff]")


def may_match(folded: str, start: int, guard: Guard | None) -> bool:
    """Whether a phrase whose :func:`guard_prefixes` are ``guard`` may match at
    ``start`` of ``folded``: it has no guard, or ``folded`` starts with one of its
    prefixes there (followed by a character that ends a word, for a ``whole``
    guard), or the guard's window is not ASCII or Latin-1 letters with single spaces
    (where missing the prefixes proves nothing)."""
    if guard is None:
        return True
    prefixes, longest, whole = guard
    if not whole:
        if folded.startswith(prefixes, start):
            return True
    else:
        for prefix in prefixes:
            if folded.startswith(prefix, start) and not _word_char(
                folded, start + len(prefix)
            ):
                return True
    window = folded[start : start + longest]
    return "  " in window or (not window.isascii() and _ODD_FOLDED.search(window) is not None)


def _word_char(folded: str, at: int) -> bool:
    """Whether the folded character at ``at`` is surely one that ``\\w`` matches in
    the text (a letter, an ASCII digit, ``_``): a whole phrase cannot end before it."""
    if at >= len(folded):
        return False
    char = folded[at]
    return char.isalpha() or char in "0123456789_"


def _word_start_hits(automaton: ahocorasick.Automaton, folded: str) -> list[tuple[int, Any]]:
    """``(start, payload)`` of every key of ``automaton`` in ``folded`` that starts a
    word (a payload is ``(key length, what the key stands for)``)."""
    out = []
    for end, (length, payload) in automaton.iter(folded):
        start = end - length + 1
        if start and folded[start - 1].isalnum():
            continue  # not the start of a word
        out.append((start, payload))
    return out


#: A phrase of an index: ``(rule's slot, phrase index, guard prefixes)``.
_Entry = tuple[int, int, "Guard | None"]


class PhraseIndex:
    """The first words of several rules' phrase sets in one index, so that one pass
    over a document finds the candidate matches of every phrase rule (instead of
    one pass per rule), their guards checked on the way (compiled, when
    ``_phrases.pyx`` is built)."""

    def __init__(self, sets: dict[str, PhraseSet]) -> None:
        self.sets = sets
        self._names = tuple(sets)
        #: The rules whose every phrase is indexed (none searched everywhere): with
        #: no candidate in a text (and offsets kept by lower-casing), they find nothing.
        self.indexed_only = frozenset(name for name, s in sets.items() if not s._anywhere)
        merged: dict[str, list[_Entry]] = {}
        for slot, phrase_set in enumerate(sets.values()):
            for i, phrase in enumerate(phrase_set.phrases):
                for word in index_words(phrase.starts):
                    merged.setdefault(word, []).append((slot, i, phrase_set._guards[i]))
        native = _native()
        self._trie = None
        self._search = None
        if merged and native is not None:
            self._trie = native.WordTrie({word: tuple(e) for word, e in merged.items()})
        else:
            self._search = _word_search(merged)
        #: The literals of the sets' phrases searched everywhere, and a trie of them
        #: (compiled only: the Python side searches them with ``str.find``).
        self._literals = tuple(sorted({lit for s in sets.values() for lit in s.literals}))
        self._literal_trie = (
            native.WordTrie({lit: k for k, lit in enumerate(self._literals)})
            if self._literals and native is not None else None
        )

    def literal_positions(self, folded: str) -> dict[str, list[int]] | None:
        """Where each set's :attr:`PhraseSet.literals` start in ``folded`` (every
        occurrence, in increasing order), found in one pass over the text for all
        of them; ``None`` without the compiled trie."""
        if self._literal_trie is None:
            return None
        return dict(zip(self._literals, self._literal_trie.occurrences(folded), strict=True))

    def candidates(self, folded: str) -> dict[str, list[tuple[int, int]]]:
        """For each rule, :meth:`PhraseSet.candidates` of its set in ``folded``."""
        names = self._names
        if self._trie is not None:
            return dict(zip(names, self._trie.candidates(folded, len(names)), strict=True))
        out: list[list[tuple[int, int]]] = [[] for _ in names]
        if self._search is not None:
            for start, entries in self._search(folded):
                for slot, i, guard in entries:
                    if may_match(folded, start, guard):
                        out[slot].append((start, i))
        return dict(zip(names, out, strict=True))


def _native() -> Any:
    """The compiled trie (``_phrases.pyx``), or None: not built, or
    ``CLEANTEXT_PURE_PYTHON`` set."""
    return compiled_module("_phrases")


def _word_search(index: dict[str, list[Any]]) -> Callable[[str], list[tuple[int, Any]]] | None:
    """A function giving the ``(start, tuple(index[word]))`` of every word of ``index``
    that starts a word of a folded text (what :func:`_word_start_hits` finds), or
    ``None`` when ``index`` is empty. The compiled trie when it is built, else the
    automaton."""
    if not index:
        return None
    native = _native()
    if native is not None:
        return native.WordTrie({word: tuple(values) for word, values in index.items()}).hits  # type: ignore[no-any-return]
    return functools.partial(_word_start_hits, _automaton(index))


def _automaton(index: dict[str, list[Any]]) -> Any:
    """An Aho-Corasick automaton over the words of ``index``; each word's value is
    ``(len(word), tuple(index[word]))``. Built (made searchable) only if not empty."""
    automaton = ahocorasick.Automaton()
    for word, values in index.items():
        automaton.add_word(word, (len(word), tuple(values)))
    if index:
        automaton.make_automaton()
    return automaton


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


#: Index prefixes of at least this many characters, when the phrase allows it.
MIN_PREFIX = 6
#: Above this many prefixes for one phrase, index shorter ones instead.
MAX_PREFIXES = 64


def first_words(phrase: str) -> frozenset[str] | None:
    """Lower-case literal prefixes that every match of ``phrase`` starts with.

    Groups, optional characters, character classes and ``{list}`` macros are
    expanded until each prefix is :data:`MIN_PREFIX` characters long (a space in a
    prefix stands for one whitespace character); ``None`` when a match may start
    with something unknown (a number, a wildcard).

    >>> sorted(first_words("(read|see) also"))
    ['read a', 'see al']
    >>> sorted(first_words("e-?mail"))
    ['e-mail', 'email']
    >>> first_words("{n} comments") is None
    True
    """
    for min_length in (MIN_PREFIX, 1):
        found = _prefixes(phrase, "", min_length)
        if not found:
            return None
        if len(found) <= MAX_PREFIXES:
            return frozenset(p.lower() for p in found)
    return None


#: The characters that ``regex`` matches case-insensitively with an ASCII letter other
#: than its own upper or lower case (İ and i, K and k, ſ and s).
_ODD_CASE = frozenset("\u0130\u212a\u017f")
#: Guard prefixes are up to this many characters long.
GUARD_PREFIX = 16


def guard_prefixes(phrase: str) -> Guard | None:
    """Longer lower-case prefixes that every match of ``phrase`` starts with, to skip
    the anchored match at most first-word hits (a hit for "newsletter" where the
    phrase is "newsletter abonnieren"): ``(prefixes, longest length, whole)``, or
    ``None``. Up to :data:`GUARD_PREFIX` characters long, shorter when longer ones
    would be more than :data:`MAX_GUARD_PREFIXES`. ``whole``: the prefixes are every
    string the phrase matches (a word such as "ad" or "comments?"), so a match also
    needs the character after one of them to end the word ("ad" is not in "adds").

    Not starting with a prefix only proves that a match cannot start there when the
    text's first ``longest length`` folded characters are ASCII or Latin-1 letters
    with no two spaces in a row: a space in a prefix stands for one whitespace
    character where the phrase allows a run of them, and ``regex``'s
    case-insensitive matching pairs a few characters differently from ``str.lower``
    (``ſ`` matches ``s``). The caller runs the match everywhere else.

    >>> guard_prefixes("newsletter abonnieren")
    (('newsletter abonn',), 16, False)
    >>> guard_prefixes("comments?")
    (('comment', 'comments'), 8, True)
    """
    for length in GUARD_LENGTHS:
        found = _prefixes(phrase, "", length)
        if not found:
            return None
        if len(found) <= MAX_GUARD_PREFIXES:
            break
    else:
        return None
    if any(_ODD_CASE & set(p) for p in found):
        return None
    out = tuple(sorted({prefix.lower() for prefix in found}))
    longest = max(len(p) for p in out)
    whole = longest < length and _WORD_FORM.fullmatch(phrase) is not None
    return out, longest, whole


#: At most this many guard prefixes (checked in one C loop, or one
#: ``str.startswith``: cheaper than a regex match even when many).
MAX_GUARD_PREFIXES = 128
#: Guard prefixes are tried this long, then shorter while there are too many.
GUARD_LENGTHS = (GUARD_PREFIX, 12, 10, 8)
#: A phrase that matches a finite set of words: letters, digits and hyphens, each
#: maybe optional (``comments?``, ``e-?mail``).
_WORD_FORM = regex.compile(r"(?:[^\W_]|-)\??(?:(?:[^\W_]|-)\??)*")


#: Letters whose every case-insensitive match lower-cases to their own lower case (not
#: "i", which İ matches, nor "s", which ſ matches), and caseless letters (Arabic).
def _plain_letter(char: str) -> bool:
    if char.isascii():
        return char.isalnum() and char.lower() not in "is"
    return char.isalpha() and char.lower() == char == char.upper() == char.casefold()


def required_literal(phrase: str) -> str:
    """A lower-case string that the folded text holds wherever ``phrase`` matches
    (its longest run of plain letters outside groups and quantifiers), or ``""``.

    Phrases without first words are searched in the whole text; without their
    literal in the page they need not be.

    >>> required_literal("{n} comments?")
    'comment'
    >>> required_literal("(alle )?({n} )?kommentare (anzeigen|lesen|laden)")
    'kommentare'
    """
    if len(_split_alternatives(phrase)) > 1:
        return ""
    best, run, i = "", "", 0

    def flush() -> None:
        nonlocal best, run
        if len(run) > len(best):
            best = run
        run = ""

    while i < len(phrase):
        char = phrase[i]
        if char == "(":
            flush()
            close = _closing(phrase[i:])
            if close < 0:
                return best
            i += close + 1
            continue
        if char in "[{":
            run = run[:-1]  # "{2,3}" may repeat the letter before zero times
            flush()
            close = phrase.find("]" if char == "[" else "}", i)
            if close < 0:
                return best
            i = close + 1
            continue
        if char in "?*":
            run = run[:-1]  # the optional letter
            flush()
        elif char == "\\":
            flush()
            i += 1
        elif _plain_letter(char):
            run += char.lower()
        else:
            flush()  # a space (any run of whitespace), "+", punctuation, syntax
        i += 1
    flush()
    return best


def _prefixes(phrase: str, acc: str, min_length: int) -> set[str] | None:
    """Prefixes of ``acc`` + matches of ``phrase``; ``None`` if one may be empty."""
    if len(acc) >= min_length or not phrase:
        return {acc} if acc else None
    alternatives = _split_alternatives(phrase)
    if len(alternatives) > 1:
        return _union(_prefixes(alt, acc, min_length) for alt in alternatives)
    head, rest = phrase[0], phrase[1:]
    stop = {acc} if acc else None
    if head == "(":
        close = _closing(phrase)
        if close < 0 or (phrase[1:2] == "?" and phrase[2:3] != ":"):
            return stop
        inner = phrase[3:close] if phrase[1:3] == "?:" else phrase[1:close]
        quantifier, tail = _quantified(phrase[close + 1 :])
        # A repeated group ("+", "*") may come again: only its own prefixes are sure.
        follow = "" if quantifier in ("*", "+") else tail
        branches = [_prefixes(alt + follow, acc, min_length) for alt in _split_alternatives(inner)]
        if quantifier in ("?", "*"):
            branches.append(_prefixes(tail, acc, min_length))
        return _union(branches)
    if head == "[":
        close = phrase.find("]")
        chars = phrase[1:close] if close > 0 else ""
        if not chars or any(c in _SYNTAX or c in "-^" for c in chars):
            return stop
        quantifier, tail = _quantified(phrase[close + 1 :])
        if quantifier in ("*", "+"):
            branches = [{acc + c} for c in chars]
        else:
            branches = [_prefixes(tail, acc + c, min_length) for c in chars]
        if quantifier in ("?", "*"):
            branches.append(_prefixes(tail, acc, min_length))
        return _union(branches)
    if head == "{":
        close = phrase.find("}")
        name = phrase[1:close] if close > 0 else "n"
        if name == "n" or not neutral_list(name):
            return stop
        after = phrase[close + 1 :]
        return _union(_prefixes(item + after, acc, min_length) for item in neutral_list(name))
    if head == "'":
        return _union(_prefixes(rest, acc + quote, min_length) for quote in "'’")
    if head == "\\":
        if not phrase[1:2] or phrase[1].isalnum():
            return stop  # a class such as \d or \w
        char, rest = phrase[1], phrase[2:]  # an escaped literal ("\.", "\(?")
    elif head in _SYNTAX:
        return stop
    else:
        char = " " if head.isspace() else head
    quantifier = rest[:1]
    if quantifier == "?":
        return _union(
            [_prefixes(rest[1:], acc + char, min_length), _prefixes(rest[1:], acc, min_length)]
        )
    if quantifier == "*":
        return _union([{acc + char}, _prefixes(rest[1:], acc, min_length)])
    if quantifier == "+":
        return {acc + char}
    return _prefixes(rest, acc + char, min_length)


def _quantified(after: str) -> tuple[str, str]:
    """The quantifier (``?``, ``*``, ``+`` or ``""``) that opens ``after``, and the rest."""
    quantifier = after[:1] if after[:1] in ("?", "*", "+") else ""
    return quantifier, after[1:] if quantifier else after


def _union(branches: Iterable[set[str] | None]) -> set[str] | None:
    out: set[str] = set()
    for branch in branches:
        if branch is None:
            return None
        out |= branch
    return out


def _closing(phrase: str) -> int:
    depth = 0
    i = 0
    while i < len(phrase):
        char = phrase[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return -1


@functools.lru_cache(maxsize=8192)
def _split_alternatives(body: str) -> tuple[str, ...]:
    """The top-level ``|`` alternatives of ``body`` (cached: prefix expansion splits
    the same tails again and again)."""
    if "|" not in body:
        return (body,)
    parts, depth, start, i = [], 0, 0, 0
    while i < len(body):
        char = body[i]
        if char == "\\":
            i += 2
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            parts.append(body[start:i])
            start = i + 1
        i += 1
    parts.append(body[start:])
    return tuple(parts)


#: The shortest literal worth a whole-text ``str.find`` instead of a pattern search.
MIN_LEAD_LITERAL = 3


def lead_literal(phrase: str) -> tuple[str, str] | None:
    """``(characters, literal)`` for a phrase whose every match is a run of
    ``characters`` (a regex class body, ``""`` for none) right before the
    lower-case ``literal``, or ``None``.

    The phrase must open with optional words, numbers (``{n}``) and spaces, in
    groups or not, followed by letters that fold to themselves
    (:func:`_plain_letter`); the literal is those letters (minus one that ``?`` or
    ``*`` makes optional). Phrases without first words are searched from the
    places where their literal occurs in the folded text, not at every position.

    >>> lead_literal("{n} comments?")[1]
    'comment'
    >>> lead_literal("(alle )?({n} )?kommentare (anzeigen|lesen|laden)")[1]
    'kommentare'
    >>> lead_literal("{n} * comments") is None
    True
    """
    chars: list[str] = []
    depth = 0
    i = 0
    while i < len(phrase):
        char = phrase[i]
        if char == "(":
            if phrase[i + 1 : i + 2] == "?":
                return None  # a look-around or a flag
            depth += 1
        elif char == ")":
            depth -= 1
            if depth < 0:
                return None
        elif char == "|":
            if depth == 0:
                return None  # alternatives of the whole phrase
        elif char == "?":
            pass  # optional: the characters stay possible
        elif char == "{":
            close = phrase.find("}", i)
            if phrase[i:close + 1] != "{n}":
                return None
            chars.extend(("\\d", ".", ",", "\\s"))
            i = close
        elif char.isspace():
            chars.append("\\s")
        elif depth == 0 and _plain_letter(char):
            return _literal_here(phrase, i, chars)
        elif char.isalnum():
            chars.append(char)
        else:
            return None
        i += 1
    return None


def _literal_here(phrase: str, i: int, chars: list[str]) -> tuple[str, str] | None:
    end = i
    while end < len(phrase) and _plain_letter(phrase[end]):
        end += 1
    literal = phrase[i:end].lower()
    if phrase[end : end + 1] in ("?", "*", "{"):
        literal = literal[:-1]  # the last letter may be missing (or repeated)
    if len(literal) < MIN_LEAD_LITERAL:
        return None
    unique = "".join(dict.fromkeys(chars))
    return unique, literal


def _lead_search(phrase: str) -> tuple[str, regex.Pattern[str]] | None:
    """:func:`lead_literal`'s literal, and a reversed pattern of its run."""
    lead = lead_literal(phrase)
    if lead is None:
        return None
    chars, literal = lead
    run = regex.compile(f"(?r)[{chars}]*" if chars else "(?r)", _FLAGS)
    return literal, run


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
    phrases: list[Phrase] = []
    for line in (*rule_phrases(rule, languages), *extra):
        is_label = line.startswith("= ")
        is_lead = line.startswith("^ ")
        source = line[2:].strip() if is_label or is_lead else line
        try:
            pattern = regex.compile(rf"(?<!\w)(?:{_expand(source)})(?!\w)", _FLAGS)
        except regex.error as exc:
            raise ConfigError(f"invalid phrase {source!r} for rule {rule!r}: {exc}") from exc
        phrases.append(Phrase(source, is_label, pattern, first_words(source), is_lead))
    return PhraseSet(tuple(phrases))


def phrase_rules() -> tuple[str, ...]:
    """Names of the rules that have a phrase file in some language (``neutral/``
    holds macro lists such as ``social.txt`` too, so it does not name rules)."""
    root = resources.files("cleantext").joinpath("phrases")
    names: set[str] = set()
    for lang in root.iterdir():
        if lang.is_dir() and lang.name != "neutral":
            names.update(f.name[:-4] for f in lang.iterdir() if f.name.endswith(".txt"))
    return tuple(sorted(names))


@functools.lru_cache(maxsize=64)
def phrase_index(
    languages: tuple[str, ...], extra_phrases: tuple[tuple[str, str], ...] = ()
) -> PhraseIndex:
    """One index over the phrase sets of every phrase rule, as :func:`compile_phrases`
    compiles them for ``languages`` and the config's extra phrases."""
    names = sorted({*_phrase_rules(), *(name for name, _ in extra_phrases)})
    sets = {}
    for name in names:
        extra = tuple(p for rule, p in extra_phrases if rule == name)
        sets[name] = compile_phrases(name, languages, extra)
    return PhraseIndex(sets)


_phrase_rules = functools.cache(phrase_rules)


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
