"""baseline-densest-run: keep the densest contiguous run of long, punctuated segments.

A deliberately tiny text-mode heuristic to measure cleantext against. Segments are lines
(lines view) or sentences (flat view: split after [.!?] + space). A segment is "good" when it
has at least 10 words, clause punctuation and mostly non-capitalised words (navigation is
Title Case); good segments score their word count, others cost 8 plus their word count capped
at 10. The maximum-sum contiguous run (Kadane) is returned.
"""

from __future__ import annotations

import re

_SENT = re.compile(r"(?<=[.!?])\s+")
_PUNCT = re.compile(r"[.!?,;:…。]")
MIN_WORDS, PENALTY = 10, 8


def _segments(text: str) -> list[str]:
    parts = text.splitlines() if "\n" in text else _SENT.split(text)
    return [p.strip() for p in parts if p.strip()]


def _good(words: list[str], seg: str) -> bool:
    if len(words) < MIN_WORDS or not _PUNCT.search(seg):
        return False
    return sum(w[:1].isupper() for w in words) < 0.5 * len(words)


def densest_run(text: str) -> str:
    segs = _segments(text)
    best, span, cur, start = 0.0, (0, 0), 0.0, 0
    for i, seg in enumerate(segs):
        words = seg.split()
        cur += len(words) if _good(words, seg) else -(PENALTY + min(len(words), MIN_WORDS))
        if cur <= 0:
            cur, start = 0.0, i + 1
        elif cur > best:
            best, span = cur, (start, i + 1)
    return ("\n" if "\n" in text else " ").join(segs[span[0] : span[1]])
