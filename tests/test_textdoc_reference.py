"""TextDoc's removal bookkeeping against a character mask.

``TextDoc.remove`` inserts a run's pieces at once and marks blocks removed whole so
that ``output`` can skip them; ``rollback`` must undo both. Here random removals
(some rolled back) over random blocky text are replayed on a plain per-character
mask, and the log, the removed-character count and the output must agree with it.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.result import Removal
from cleantext.textdoc import Block, TextDoc

_WORDS = st.sampled_from(["a", "bc", "Déf", "  ", " ", "\t", ".", "x y", "\u00a0", "z"])
_LINE = st.lists(_WORDS, min_size=0, max_size=6).map("".join)
_TEXT = st.lists(_LINE, min_size=0, max_size=8).map("\n".join)
_OPS = st.lists(
    st.tuples(st.integers(-2, 60), st.integers(0, 60), st.booleans()), min_size=1, max_size=8
)


def _trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    piece = text[start:end]
    if not piece.strip():
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(piece.strip())


def _runs(mask: list[bool], text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Trimmed maximal runs of not-removed characters in ``[start, end)``."""
    out, i = [], start
    while i < end:
        if mask[i]:
            i += 1
            continue
        j = i
        while j < end and not mask[j]:
            j += 1
        trimmed = _trim(text, i, j)
        if trimmed:
            out.append(trimmed)
        i = j
    return out


def _reference(text: str, blocks: list[Block], ops: list[tuple[int, int, bool]]):
    mask = [False] * len(text)
    log: list[Removal] = []
    for n, (start, end, undo) in enumerate(ops):
        rule = f"r{n}"
        new: list[Removal] = []
        for run_start, run_end in _runs(mask, text, max(0, start), min(end, len(text))):
            for block in blocks:
                s, e = max(run_start, block.start), min(run_end, block.end)
                trimmed = _trim(text, s, e) if s < e else None
                if trimmed:
                    s, e = trimmed
                    where = block.where if block.where is not None else (s, e)
                    new.append(Removal(rule, "text", "why", text[s:e], where))
        if not undo:
            for r in new:
                s, e = r.where if isinstance(r.where, tuple) else (0, 0)
                for k in range(s, e):
                    mask[k] = True
            log.extend(new)
    return mask, sorted(log, key=lambda r: r.where)


def _output(text: str, blocks: list[Block], mask: list[bool]) -> str:
    pieces: list[str] = []
    for index, block in enumerate(blocks):
        runs = _runs(mask, text, block.start, block.end)
        if not runs:
            continue
        if pieces:
            gap = text[blocks[index - 1].end : block.start]
            pieces.append("\n\n" if gap.count("\n") >= 2 else "\n")
        pieces.append(" ".join(text[s:e] for s, e in runs))
    return "".join(pieces)


@settings(max_examples=300, deadline=None)
@given(_TEXT, _OPS)
def test_removals_rollbacks_and_output_match_a_character_mask(text: str, ops) -> None:
    doc = TextDoc.from_text(text)
    for n, (start, end, undo) in enumerate(ops):
        doc.begin(f"r{n}")
        doc.remove(start, end, "why")
        if undo:
            doc.rollback()
        else:
            doc.commit()
    mask, log = _reference(text, doc.blocks, ops)
    assert doc.removals == log
    assert doc.output() == _output(text, doc.blocks, mask)
    kept = sum(1 for k, c in enumerate(text) if not mask[k] and not c.isspace())
    assert doc.kept_chars() == kept


_BLOCKS = st.lists(
    st.tuples(_LINE, st.sampled_from(["p", "li", "tr", "h2"])), min_size=0, max_size=8
)


@settings(max_examples=300, deadline=None)
@given(_BLOCKS, _OPS)
def test_a_page_documents_output_matches_the_mask(blocks, ops) -> None:
    """A document of an HTML page's blocks is its own output until a rule removes
    something (``output`` returns the text then), and the mask's output after."""
    doc = TextDoc.from_blocks((text, None, kind) for text, kind in blocks)
    assert doc.output() == _output(doc.text, doc.blocks, [False] * len(doc.text))
    for n, (start, end, undo) in enumerate(ops):
        doc.begin(f"r{n}")
        before = doc.kept_chars()
        doc.remove(start, end, "why")
        # The running rule's removals count once it commits (the guard's "before").
        assert doc.kept_chars() == before
        if undo:
            doc.rollback()
        else:
            doc.commit()
    mask, log = _reference(doc.text, doc.blocks, ops)
    assert doc.removals == log
    assert doc.output() == _output(doc.text, doc.blocks, mask)
    kept = sum(1 for k, c in enumerate(doc.text) if not mask[k] and not c.isspace())
    assert doc.kept_chars() == kept
