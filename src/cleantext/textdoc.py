"""The text-stage document: text cut into blocks and segments, and what was removed.

Only a document deletes: rules call :meth:`TextDoc.remove` and the document records
the :class:`~cleantext.Removal`. That is what makes the log complete: the kept
spans and the removed spans together rebuild the text exactly.
"""

from __future__ import annotations

import bisect
import functools
import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import regex

from .charclass import CharClasses
from .compiled import compiled_module
from .result import Removal, make_removal
from .segment import Segment, block_segments, line_bounds

_WORD = regex.compile(r"\w+")
#: Any one whitespace character but the plain space (replaced one for one by a
#: space, so offsets stay put; the spaces themselves need no replacing, and
#: matching them made the pass five times slower).
_ONE_SPACE = regex.compile(r"[^\S ]")


#: Bit 2: a character that ``folded`` turns into a space (for the compiled fold).
_SPACES = CharClasses([(2, _ONE_SPACE)])
#: Bit 2: a word character of ``_WORD`` (for the compiled word count).
_WORD_CLASSES = CharClasses([(2, regex.compile(r"\w"))])


@functools.cache
def _native_fold() -> Any:
    """The compiled fold (``_phrases.pyx``), or None: not built, or
    ``CLEANTEXT_PURE_PYTHON`` set."""
    return compiled_module("_phrases")


@functools.cache
def _native_cuts() -> Any:
    """The compiled loops of :meth:`TextDoc.from_text` and :meth:`TextDoc.remove`
    (``_textdoc.pyx``), or None: not built, or ``CLEANTEXT_PURE_PYTHON`` set."""
    return compiled_module("_textdoc")


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the document: a line of text input, or one HTML block element.

    ``where`` is the block's XPath for HTML input and ``None`` for text input.
    """

    start: int
    end: int
    where: str | None = None
    kind: str = "p"


_new_object = object.__new__
_slots: Any = Block.__dict__  # the slots' member descriptors
_set_start = _slots["start"].__set__
_set_end = _slots["end"].__set__
_set_where = _slots["where"].__set__
_set_kind = _slots["kind"].__set__


def _block(start: int, end: int, where: str | None = None, kind: str = "p") -> Block:
    """``Block(start, end, where, kind)`` in a third of the time: a frozen
    dataclass's ``__init__`` sets each field through ``object.__setattr__``; the
    slots' own descriptors do the same directly (a document makes one per line)."""
    block = _new_object(Block)
    _set_start(block, start)
    _set_end(block, end)
    _set_where(block, where)
    _set_kind(block, kind)
    return block


@dataclass(slots=True)
class _Cut:
    """A removed piece of the text and its log entry (the compiled remove loop makes
    ``_textdoc.Cut``: the same fields, in an object the garbage collector skips)."""

    start: int
    end: int
    removal: Removal
    #: The block this cut removes whole (all of its text), or -1.
    block: int = -1


class TextDoc:
    """Text plus its blocks, segments and removals."""

    def __init__(self, text: str, blocks: list[Block], languages: tuple[str, ...] = ()) -> None:
        self.text = text
        #: Whether the blocks come from markup (an HTML page's elements), where the
        #: HTML stage already chose the main content, rather than from plain text.
        self.from_markup = False
        self.blocks = blocks
        self.languages = languages
        self._block_segments: dict[int, list[Segment]] = {}
        self._block_segment_starts: dict[int, list[int]] = {}
        native = _native_cuts()
        self._block_starts = (native.block_bounds(blocks, Block, False) if native is not None
                              else [b.start for b in blocks])
        #: 0 for a block that one cut removes whole, else 1 (the output skips the
        #: zeros without looking at them: most blocks of a text page go that way).
        self._alive = bytearray(b"\x01") * len(blocks)
        self._cuts: list[_Cut] = []
        self._cut_starts: list[int] = []
        self._rule = ""
        self._pending: list[_Cut] = []
        self._pending_chars = 0
        self._total_chars: int | None = None
        #: Non-whitespace characters in the committed cuts (the running rule's are
        #: in ``_pending_chars`` until it commits).
        self._removed_chars = 0
        #: Whether ``text`` is exactly the blocks joined by their line breaks (as
        #: ``from_blocks`` builds it), so that it is its own output until a cut.
        self._joined = False
        #: Per-document results that several rules share (e.g. one phrase-index pass),
        #: keyed by who computed them; they depend on the text only, not on removals.
        self.memo: dict[object, object] = {}

    # -- construction -------------------------------------------------------------

    @classmethod
    def from_text(cls, text: str, languages: tuple[str, ...] = ()) -> TextDoc:
        """A document from plain text: one block per non-blank line."""
        native = _native_cuts()
        blocks: list[Block] = (
            native.line_blocks(text, _new_object, Block) if native is not None
            else [_block(start, end) for start, end in line_bounds(text)]
        )
        return cls(text, blocks, languages)

    @classmethod
    def from_blocks(
        cls, blocks: Iterable[tuple[str, str | None, str]], languages: tuple[str, ...] = ()
    ) -> TextDoc:
        """A document from ``(text, where, kind)`` blocks, such as an HTML page's.

        Blocks are joined by a blank line, except consecutive list items and table
        rows, which are joined by a single line break.
        """
        parts: list[str] = []
        out: list[Block] = []
        pos = 0
        previous_kind = ""
        for text, where, kind in blocks:
            text = text.strip()
            if not text:
                continue
            if out:
                sep = "\n" if kind == previous_kind and kind in ("li", "tr") else "\n\n"
                parts.append(sep)
                pos += len(sep)
            parts.append(text)
            out.append(_block(pos, pos + len(text), where, kind))
            pos += len(text)
            previous_kind = kind
        doc = cls("".join(parts), out, languages)
        doc.from_markup = True
        doc._joined = True
        return doc

    # -- reading ------------------------------------------------------------------

    @functools.cached_property
    def folded(self) -> str:
        """The text lower-cased, every whitespace character a plain space, for
        indexing phrases (offsets match the text unless lower-casing moved them)."""
        native = _native_fold()
        if native is not None:
            folded = native.fold(self.text, _SPACES.table, _SPACES)
            if folded is not None:
                return folded  # type: ignore[no-any-return]
        folded = self.text.lower().replace("\n", " ")
        # Every whitespace character but the space is unprintable: most documents
        # (an HTML page's blocks joined by line breaks) need no regex pass at all.
        return folded if folded.isprintable() else _ONE_SPACE.sub(" ", folded)

    @functools.cached_property
    def block_bounds(self) -> list[tuple[int, int]]:
        """``(start, end)`` of every block, in order (made once: read it, do not
        change it)."""
        native = _native_cuts()
        if native is not None:
            return native.block_bounds(self.blocks, Block)  # type: ignore[no-any-return]
        return [(block.start, block.end) for block in self.blocks]

    def block_at(self, offset: int) -> int:
        """Index of the block that contains ``offset`` (or the last one before it)."""
        index = bisect.bisect_right(self._block_starts, offset) - 1
        return index if index > 0 else 0

    @functools.cached_property
    def segments(self) -> list[Segment]:
        """Every sentence-like segment of the document, in text order."""
        out: list[Segment] = []
        for index in range(len(self.blocks)):
            out.extend(self.block_segments(index))
        return out

    def block_segments(self, index: int) -> list[Segment]:
        """The segments of block ``index`` (cut on first use: most rules need the
        segments of a few blocks only)."""
        found = self._block_segments.get(index)
        if found is None:
            block = self.blocks[index]
            found = block_segments(self.text, block.start, block.end, index, self.languages)
            self._block_segments[index] = found
        return found

    def segment_bounds(self, index: int) -> list[tuple[int, int]]:
        """``(start, end)`` of every segment of block ``index`` (a new list)."""
        segments = self.block_segments(index)
        native = _native_cuts()
        if native is not None:
            return native.block_bounds(segments, Segment)  # type: ignore[no-any-return]
        return [(seg.start, seg.end) for seg in segments]

    def has_segments(self, index: int) -> bool:
        """Whether block ``index`` is already cut into segments (reading them is
        then cheap; otherwise a caller may prefer a look that needs no cutting)."""
        return index in self._block_segments

    def segment_at(self, offset: int) -> Segment | None:
        """The segment that contains ``offset``, or ``None`` (whitespace, no text)."""
        seg = self.segment_before(offset)
        return seg if seg is not None and offset < seg.end else None

    def segment_before(self, offset: int) -> Segment | None:
        """The last segment that starts at or before ``offset``."""
        if not self.blocks:
            return None
        # block_at and block_segments inlined (the phrase rules ask thousands of times).
        index = bisect.bisect_right(self._block_starts, offset) - 1
        if index < 0:
            index = 0
        segments = self._block_segments.get(index)
        if segments is None:
            segments = self.block_segments(index)
        starts = self._block_segment_starts.get(index)
        if starts is None:  # a flat text is one block of hundreds of segments
            starts = self._block_segment_starts[index] = [seg.start for seg in segments]
        i = bisect.bisect_right(starts, offset)
        return segments[i - 1] if i else None

    def segment_index(self, offset: int) -> int:
        """Index of the segment containing ``offset`` (or the last one before it)."""
        lo, hi = 0, len(self.segments)
        while lo < hi:
            mid = (lo + hi) // 2
            if self.segments[mid].start <= offset:
                lo = mid + 1
            else:
                hi = mid
        return max(0, lo - 1)

    def words(self, start: int, end: int, cap: int | None = None) -> int:
        """Number of words in ``text[start:end]``; with ``cap``, counting stops at
        ``cap + 1`` (enough to tell a short stretch from a long one without
        reading the whole document)."""
        native = _native_cuts()
        if native is not None and 0 <= start <= end <= len(self.text) and (
            cap is None or cap >= 0
        ):
            return native.count_words(  # type: ignore[no-any-return]
                self.text, start, end, -1 if cap is None else cap,
                _WORD_CLASSES.table, _WORD_CLASSES,
            )
        if cap is None:
            return len(_WORD.findall(self.text, start, end))
        return sum(1 for _ in itertools.islice(_WORD.finditer(self.text, start, end), cap + 1))

    def kept_runs(self, start: int, end: int) -> list[tuple[int, int]]:
        """The not-yet-removed parts of ``[start, end)``, whitespace-trimmed."""
        runs: list[tuple[int, int]] = []
        pos = start
        for cut in self._overlapping(start, end):
            if cut.start > pos:
                trimmed = self._trim(pos, cut.start)
                if trimmed is not None:
                    runs.append(trimmed)
            if cut.end > pos:
                pos = cut.end
        if pos < end:
            trimmed = self._trim(pos, end)
            if trimmed is not None:
                runs.append(trimmed)
        return runs

    def is_removed(self, offset: int) -> bool:
        """Whether the character at ``offset`` has been removed."""
        i = bisect.bisect_right(self._cut_starts, offset) - 1
        return i >= 0 and self._cuts[i].end > offset

    def removed_spans(self) -> Iterator[tuple[int, int, str]]:
        """``(start, end, rule)`` of every removal so far, in text order."""
        for cut in self._cuts:
            yield cut.start, cut.end, cut.removal.rule

    @property
    def removals(self) -> list[Removal]:
        """The removal log, in text order."""
        return [cut.removal for cut in self._cuts]

    def kept_chars(self) -> int:
        """Non-whitespace characters not removed by the rules that ran before the
        running one (its own removals count once it commits)."""
        if self._total_chars is None:
            native = _native_cuts()
            self._total_chars = (
                native.non_space(self.text, 0, len(self.text)) if native is not None
                else self._non_space(0, len(self.text))
            )
        return self._total_chars - self._removed_chars

    # -- removing -----------------------------------------------------------------

    def remove(self, start: int, end: int, reason: str) -> bool:
        """Remove ``text[start:end]`` for the running rule, with ``reason``.

        Parts already removed stay with the rule that removed them first; the rest is
        split at block boundaries, so each block's removal has its own log entry.
        Returns whether anything new was removed.
        """
        rule = self._rule
        if not rule:
            raise RuntimeError("TextDoc.remove() called outside a rule run")
        text = self.text
        blocks = self.blocks
        native = _native_cuts()
        if native is not None and blocks:
            # The whole loop below, compiled (``_textdoc.remove``).
            added, chars = native.remove(
                text, blocks, self._block_starts, self._cuts, self._cut_starts,
                self._pending, self._alive, start, end, rule, reason, _new_object, Removal,
            )
            self._pending_chars += chars
            return added  # type: ignore[no-any-return]
        added = False
        for run_start, run_end in self.kept_runs(max(0, start), min(end, len(text))):
            # A kept run holds no cut: its pieces go into the cut list side by side.
            cuts: list[_Cut] = []
            chars = 0
            # Blocks are trimmed and only whitespace lies between them, so a run is
            # exactly the union of its per-block pieces.
            index = self.block_at(run_start)
            if not blocks:
                piece = text[run_start:run_end]
                removal = make_removal(rule, "text", reason, piece, (run_start, run_end))
                cuts.append(_Cut(run_start, run_end, removal))
                chars += _non_space(piece)
            else:
                chars += self._block_cuts(index, run_start, run_end, reason, cuts)
            if cuts:
                i = bisect.bisect_right(self._cut_starts, run_start)
                self._cuts[i:i] = cuts
                self._cut_starts[i:i] = [cut.start for cut in cuts]
                self._pending.extend(cuts)
                self._pending_chars += chars
                added = True
        return added

    def _block_cuts(
        self, index: int, run_start: int, run_end: int, reason: str, cuts: list[_Cut]
    ) -> int:
        """Append to ``cuts`` the cut of every block from ``index`` on that overlaps
        the kept run ``[run_start, run_end)``, trimmed, with its log entry; a block
        the run covers whole is marked dead. Returns the non-whitespace characters
        of the cuts (``_textdoc._block_cuts`` is the same loop in C)."""
        text = self.text
        blocks = self.blocks
        rule = self._rule
        chars = 0
        while index < len(blocks):
            block = blocks[index]
            if block.start >= run_end:
                break
            if block.end > run_start:
                whole = run_start <= block.start and block.end <= run_end
                piece_start = block.start if block.start > run_start else run_start
                piece_end = block.end if block.end < run_end else run_end
                if (
                    piece_start < piece_end
                    and not text[piece_start].isspace()
                    and not text[piece_end - 1].isspace()
                ):
                    piece = text[piece_start:piece_end]  # nothing to trim
                else:
                    trimmed = self._trim(piece_start, piece_end)
                    if trimmed is None:
                        index += 1
                        continue
                    piece_start, piece_end = trimmed
                    piece = text[piece_start:piece_end]
                where = block.where
                span = (piece_start, piece_end) if where is None else where
                removal = make_removal(rule, "text", reason, piece, span)
                if whole:
                    # One cut takes all of the block's text (what a trimmed block
                    # leaves out is whitespace).
                    self._alive[index] = 0
                    cuts.append(_Cut(piece_start, piece_end, removal, index))
                else:
                    cuts.append(_Cut(piece_start, piece_end, removal))
                if piece.isprintable():  # the usual piece: see _non_space
                    chars += len(piece) - piece.count(" ")
                else:
                    chars += _non_space(piece)
            index += 1
        return chars

    def begin(self, rule: str) -> None:
        """Start collecting removals for ``rule``."""
        self._rule = rule
        self._pending = []
        self._pending_chars = 0

    def pending_chars(self) -> int:
        """Non-whitespace characters removed by the running rule so far."""
        return self._pending_chars

    def commit(self) -> None:
        """Keep the running rule's removals."""
        self._removed_chars += self._pending_chars
        self._rule = ""
        self._pending = []
        self._pending_chars = 0

    def rollback(self) -> None:
        """Undo the running rule's removals."""
        doomed = {id(c) for c in self._pending}
        for cut in self._pending:
            if cut.block >= 0:
                self._alive[cut.block] = 1
        self._cuts = [c for c in self._cuts if id(c) not in doomed]
        self._cut_starts = [c.start for c in self._cuts]
        self._pending_chars = 0
        self.commit()

    # -- output -------------------------------------------------------------------

    def output(self) -> str:
        """The kept text: kept runs of a block joined by a space; a block separated
        from the kept text before it by the line break(s) that preceded it in the
        input (a single one or a blank line)."""
        text = self.text
        blocks = self.blocks
        cuts = self._cuts
        if not cuts and self._joined:
            return text  # nothing removed from blocks joined by line breaks
        native = _native_cuts()
        if native is not None:
            return native.output(text, blocks, self._alive, cuts)  # type: ignore[no-any-return]
        cut_starts = self._cut_starts
        pieces: list[str] = []
        for index in itertools.compress(range(len(blocks)), self._alive):
            block = blocks[index]
            block_start, block_end = block.start, block.end
            i = bisect.bisect_right(cut_starts, block_start) if cuts else 0
            if (i == 0 or cuts[i - 1].end <= block_start) and (
                i == len(cuts) or cut_starts[i] >= block_end
            ):  # nothing removed here
                if (
                    block_start < block_end
                    and not text[block_start].isspace()
                    and not text[block_end - 1].isspace()
                ):
                    kept = text[block_start:block_end]  # a trimmed block, as usual
                else:
                    run = self._trim(block_start, block_end)
                    if run is None:
                        continue
                    kept = text[run[0] : run[1]]
            else:
                runs = self.kept_runs(block_start, block_end)
                if not runs:
                    continue
                kept = " ".join(text[s:e] for s, e in runs)
            if pieces:
                breaks = text.count("\n", blocks[index - 1].end, block_start)
                pieces.append("\n\n" if breaks >= 2 else "\n")
            pieces.append(kept)
        return "".join(pieces)

    # -- internals ----------------------------------------------------------------

    def _overlapping(self, start: int, end: int) -> list[_Cut]:
        i = max(0, bisect.bisect_right(self._cut_starts, start) - 1)
        out = []
        while i < len(self._cuts) and self._cuts[i].start < end:
            if self._cuts[i].end > start:
                out.append(self._cuts[i])
            i += 1
        return out

    def _trim(self, start: int, end: int) -> tuple[int, int] | None:
        return trimmed(self.text, start, end)

    def _non_space(self, start: int, end: int) -> int:
        return _non_space(self.text[start:end])


def trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """``[start, end)`` of ``text`` without its leading and trailing whitespace, or
    ``None`` when nothing else is left."""
    if start < end and not text[start].isspace() and not text[end - 1].isspace():
        return start, end  # already trimmed, as most blocks are
    native = _native_cuts()
    if native is not None and start >= 0 and 0 <= end <= len(text):
        # Reads the whitespace at both ends only (a kept run between two removals
        # can be most of a page).
        return native.trimmed(text, start, end)  # type: ignore[no-any-return]
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def _non_space(piece: str) -> int:
    """Non-whitespace characters in ``piece``."""
    if not piece.isprintable() and "\n" in piece:
        piece = piece.replace("\n", " ")  # a document's blocks are joined by line breaks
    if piece.isprintable():
        # The space is the only whitespace character that is printable.
        return len(piece) - piece.count(" ")
    # str.split() is Python's whitespace, the same that str.strip() trims.
    return len("".join(piece.split()))
