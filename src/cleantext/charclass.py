"""Character classes for the compiled text scans, asked of the Python patterns.

A compiled scan (``_segment.pyx``, ``rules/_context.pyx``) reads each character's
class bits from a table of one byte per code point. The bits are never written out
by hand: the first time the scan meets a character it calls the classifier, which
tries the patterns the Python code uses, and remembers the answer in the table. So
the compiled scan and the patterns cannot disagree about a character.

Meeting an unknown character, a scan asks at once about every other unknown one
just ahead of it (``_charbatch.pxd``), by the classifier's :meth:`~CharClasses.many`
when it has one: a page in Chinese or Korean holds a thousand characters a warm
process has not seen, and one call per character and table was a tenth of its
cleaning. ``many`` asks the same patterns: one that can only match a single
character of a set (``[...]``, ``\\p{..}``, ``\\d`` ..., maybe with ``+``) is run once
over the whole batch, every other one on each character alone, as the one-character
call does (tests/test_charclass.py compares the two on every code point).
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

import regex

__all__ = ["SMALL_BATCH", "CharClasses", "Classifier", "matching", "runs_of", "single_class"]

#: A pattern's source that matches one character of a set: a ``[...]`` set (no
#: nested set), a property or a class escape; with ``+`` runs of them.
_SINGLE_SOURCE = regex.compile(
    r"(?:\[\^?\]?(?:\\.|[^\\\[\]])*\]|\\[pP]\{[\w=:&. -]+\}|\\[dsw])\+?", regex.IGNORECASE
)
#: The flags under which such a source still matches one character as it would alone
#: (no full case folding, no verbose mode that changes what the source says).
_SINGLE_FLAGS = regex.IGNORECASE | regex.UNICODE | regex.VERSION0


#: Up to this many characters a batch is cheaper asked one character at a time (a
#: pass over the batch per pattern costs more than a few calls).
SMALL_BATCH = 6


def single_class(pattern: regex.Pattern[str]) -> bool:
    """Whether ``pattern`` matches exactly the runs of characters that each match it
    alone: its source is one character set, property or class escape (maybe with
    ``+``) and its flags change nothing else. Then one ``finditer`` over a string
    finds every character of it that matches (:func:`matching`)."""
    return (
        not pattern.flags & ~_SINGLE_FLAGS
        and _SINGLE_SOURCE.fullmatch(pattern.pattern) is not None
    )


def runs_of(pattern: regex.Pattern[str]) -> regex.Pattern[str] | None:
    """For a :func:`single_class` pattern, the pattern of runs of its characters
    (itself when it ends with ``+``): its matches cover exactly the characters that
    ``pattern`` matches alone, a few matches for a whole batch. None for others."""
    if not single_class(pattern):
        return None
    if pattern.pattern.endswith("+"):
        return pattern
    return regex.compile(f"(?:{pattern.pattern})+", pattern.flags)


def matching(pattern: regex.Pattern[str], chars: str,
             runs: regex.Pattern[str] | bool | None = True) -> int:
    """Which characters of ``chars`` ``pattern.match(char)`` matches alone, as an
    integer with a byte per character (big-endian), 1 where it matches. ``runs``:
    the pattern's :func:`runs_of` when known (True: work it out). A
    :func:`single_class` pattern is run once over all of them, any other on each
    character alone."""
    if runs is True:
        runs = runs_of(pattern)
    hits = bytearray(len(chars))
    if isinstance(runs, regex.Pattern):
        for match in runs.finditer(chars):
            start, end = match.span()
            hits[start:end] = b"\x01" * (end - start)
    else:
        match_one = pattern.match
        for i, char in enumerate(chars):
            if match_one(char) is not None:
                hits[i] = 1
    return int.from_bytes(hits, "big")


class CharClasses:
    """Class bits per character: bit 1 (known) and each ``bit`` whose ``pattern``
    matches the character; called with a character, it answers its bits
    (:meth:`many` those of several)."""

    def __init__(self, classes: Sequence[tuple[int, regex.Pattern[str]]]) -> None:
        self._classes = tuple(classes)
        self._many = tuple((bit, pattern, runs_of(pattern)) for bit, pattern in classes)
        self._table: bytearray | None = None

    def __call__(self, char: str) -> int:
        bits = 1
        for bit, pattern in self._classes:
            if pattern.match(char):
                bits |= bit
        return bits

    def many(self, chars: str) -> bytes:
        """The bits of each character of ``chars`` (what calling with each gives)."""
        if len(chars) <= SMALL_BATCH:
            return bytes(map(self, chars))
        bits = int.from_bytes(b"\x01" * len(chars), "big")
        for bit, pattern, runs in self._many:
            bits |= matching(pattern, chars, runs) * bit  # (bytes of 0 or 1: no carry)
        return bits.to_bytes(len(chars), "big")

    @property
    def table(self) -> bytearray:
        """One byte per code point: its bits, 0 until the scan first meets it (made
        on first use: 1.1 MB that a pure-Python run never needs)."""
        if self._table is None:
            self._table = bytearray(sys.maxunicode + 1)
        return self._table


class Classifier:
    """A classifier written as a function of one character (``one``) with its batch
    form (``many``: the bytes of ``one`` of each character of a string), for the
    compiled scans."""

    def __init__(self, one: Callable[[str], int], many: Callable[[str], bytes]) -> None:
        self._one = one
        self.many = many

    def __call__(self, char: str) -> int:
        return self._one(char)
