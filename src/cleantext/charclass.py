"""Character classes for the compiled text scans, asked of the Python patterns.

A compiled scan (``_segment.pyx``, ``rules/_context.pyx``) reads each character's
class bits from a table of one byte per code point. The bits are never written out
by hand: the first time the scan meets a character it calls the classifier, which
tries the patterns the Python code uses, and remembers the answer in the table. So
the compiled scan and the patterns cannot disagree about a character.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

import regex

__all__ = ["CharClasses"]


class CharClasses:
    """Class bits per character: bit 1 (known) and each ``bit`` whose ``pattern``
    matches the character; called with a character, it answers its bits."""

    def __init__(self, classes: Sequence[tuple[int, regex.Pattern[str]]]) -> None:
        self._classes = tuple(classes)
        self._table: bytearray | None = None

    def __call__(self, char: str) -> int:
        bits = 1
        for bit, pattern in self._classes:
            if pattern.match(char):
                bits |= bit
        return bits

    @property
    def table(self) -> bytearray:
        """One byte per code point: its bits, 0 until the scan first meets it (made
        on first use: 1.1 MB that a pure-Python run never needs)."""
        if self._table is None:
            self._table = bytearray(sys.maxunicode + 1)
        return self._table
