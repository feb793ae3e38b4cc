"""Cut text into blocks and sentence-like segments, keeping character offsets.

Text with line breaks is cut into lines (one block per non-blank line). A flat
one-line text, as scrapers produce when they join a page's text nodes, is one
block. Every block is then cut into segments:

- after ``.``, ``!``, ``?``, ``…`` and Arabic ``؟`` (with closing quotes or
  brackets such as ``»`` and ``”``), when the next word starts a sentence — not
  after an abbreviation (``M.``, ``Dr.``, ``z.B.``) or a single initial (``J. Smith``);
- where a heading was glued to the next sentence without punctuation: a word that
  ends in a lower-case letter or a digit followed by a capitalised function word
  (``… à l'horizon 2030 Un tournant majeur …``).

The Arabic comma ``،`` and ``«`` guillemets do not end a sentence.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from itertools import pairwise
from typing import Any

import regex

from .charclass import SMALL_BATCH, CharClasses, Classifier
from .compiled import compiled_module
from .config import LANGUAGES
from .phrases import merged_words


@dataclass(frozen=True, slots=True)
class Span:
    """A half-open character range ``[start, end)`` of the document text."""

    start: int
    end: int


_new_object = object.__new__


@dataclass(frozen=True, slots=True)
class Segment:
    """A sentence-like piece of a block."""

    start: int
    end: int
    block: int


#: A sentence end ("fini. »" in French) and, as group 1, the first character of the
#: next word (in one search: a second match per sentence end cost as much again).
_END = regex.compile(r"[.!?…؟]+(?:\s?»)?[\"'»”’)\]]*(?=\s+(\S))")
#: The characters of ``_END``'s first class, one of which opens every match (the
#: compiled search looks for them without a class table).
_MARKS = ".!?…؟"
#: The word that ends where the search ends, searched backwards (``(?r)``): a forward
#: search tries every position of the look-back window, five times slower.
_WORD_BEFORE = regex.compile(r"(?r)(\S+)$")
_LOOKBACK = 64
#: A capitalised word after a word that ends in a lower-case letter or a digit. The
#: whitespace is in the look-behind, so that the search tries a capital letter, not
#: every whitespace run (twice as fast); the look-behind may see before the search
#: start, which :func:`sentence_cuts` checks.
_GLUE = regex.compile(r"(?<=[\p{Ll}\d][\"'»”’)]?\s+)\p{Lu}\p{Ll}+(?=[\s,])")
_SPACES = regex.compile(r"\s+")


def blocks_of(text: str) -> list[Span]:
    """Non-blank lines of ``text`` with surrounding whitespace trimmed."""
    return [Span(start, end) for start, end in line_bounds(text)]


def line_bounds(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every non-blank line of ``text``, whitespace-trimmed (what
    :func:`blocks_of` returns, as plain pairs)."""
    if "\r" in text:
        # "\r" ends a line too; replaced one for one, offsets stay put.
        text = text.replace("\r", "\n")
    out = []
    pos = 0
    # str.split is a C loop: a regex match object per line costs several times more.
    for line in text.split("\n"):
        if line and not line[0].isspace() and not line[-1].isspace():
            out.append((pos, pos + len(line)))  # nothing to trim, as most lines
        else:
            stripped = line.strip()
            if stripped:
                lead = len(line) - len(line.lstrip())
                out.append((pos + lead, pos + lead + len(stripped)))
        pos += len(line) + 1
    return out


def _starts_sentence(word: str) -> bool:
    first = word[0]
    if first in "«\"“'‘([¿¡-–—•":
        return True
    if first.isdigit():
        return True
    if first.isalpha():
        # Upper case starts a sentence; so does any letter of a script without case.
        return first.isupper() or first.lower() == first.upper()
    return False


#: :func:`_starts_sentence` of the characters seen so far (it reads a word's first
#: character only).
_STARTS: dict[str, bool] = {}


def _is_abbreviation(word: str, abbreviations: frozenset[str]) -> bool:
    core = word.strip("\"'«»“”‘’()[]")
    if not core.endswith("."):
        return False
    if len(core) == 2 and core[0].isalpha() and core[0].isupper():
        return True  # an initial: "J. Smith"
    lower = core.lower()
    return lower in abbreviations or lower.rstrip(".") in abbreviations


def sentence_cuts(text: str, start: int, end: int, languages: tuple[str, ...]) -> list[int]:
    """Offsets inside ``[start, end)`` where a new segment starts."""
    abbreviations, function_words, ascii_words = _language_words(languages)
    native = _native()
    if native is not None:
        # Compiled: the same sentence ends (``_end_cuts_python``) and the same glued
        # words (``_glue_words_python``).
        ends: list[int] = native.end_cuts(
            text, start, end, _END_CLASSES.table, _end_class, abbreviations, _LOOKBACK,
            _MARKS,
        )
        first_at, glued = native.glue_words(
            text, start, end, _GLUE_CLASSES.table, _GLUE_CLASSES, function_words, ascii_words
        )
        if (first_at >= 0 and start > 0 and glued and glued[0] == first_at
                and _SPACES.fullmatch(text, start - 1, first_at)):
            del glued[0]  # see _glue_words_python
        if not glued:
            return ends  # in order, each once
        return native.merged(ends, glued)  # type: ignore[no-any-return]
    cuts = set(_end_cuts_python(text, start, end, abbreviations))
    cuts.update(_glue_words_python(text, start, end, function_words))
    return sorted(cuts)


def _end_cuts_python(
    text: str, start: int, end: int, abbreviations: frozenset[str]
) -> list[int]:
    """Where a sentence starts after a sentence end (``_END``) in
    ``text[start:end]``: the next word's first character, when it starts a sentence
    and the end is not an abbreviation's full stop. In order."""
    cuts: list[int] = []
    starts = _STARTS
    for match in _END.finditer(text, start, end):
        next_word = match.start(1)
        first_char = text[next_word]
        opens = starts.get(first_char)
        if opens is None:
            opens = starts[first_char] = _starts_sentence(first_char)
        if not opens:
            continue
        if text[match.start()] == ".":
            # Look back a bounded window only: searching from the block start each time
            # is quadratic on long flat text. Abbreviations are short: nothing is lost.
            lookback = max(start, match.start() - _LOOKBACK)
            before = _WORD_BEFORE.search(text, lookback, match.end())
            if before and _is_abbreviation(before.group(1), abbreviations):
                continue
        cuts.append(next_word)
    return cuts


def _glue_words_python(
    text: str, start: int, end: int, function_words: frozenset[str]
) -> list[int]:
    """Where a glued heading starts in ``text[start:end]``: a capitalised function
    word after a word that ends in a lower-case letter or a digit (``_GLUE``)."""
    out = []
    first = True
    for match in _GLUE.finditer(text, start, end):
        word_start = match.start()
        if first:
            first = False
            # The whitespace before the word must lie inside the searched range.
            if start > 0 and _SPACES.fullmatch(text, start - 1, word_start):
                continue
        if match.group().lower() in function_words:
            out.append(word_start)
    return out


#: The character classes of ``_GLUE``, for the compiled search
#: (``_segment.glue_words``): bit 2 what ends the word before, 4 a closing
#: quote, 8 a space, 16 an upper-case letter, 32 a lower-case one, 64 what may
#: follow the capitalised word.
_GLUE_CLASSES = CharClasses((
    (2, regex.compile(r"[\p{Ll}\d]")),
    (4, regex.compile(r"[\"'»”’)]")),
    (8, regex.compile(r"\s")),
    (16, regex.compile(r"\p{Lu}")),
    (32, regex.compile(r"\p{Ll}")),
    (64, regex.compile(r"[\s,]")),
))


#: The character classes of ``_END`` and of :func:`_starts_sentence`, for the
#: compiled search (``_segment.end_cuts``): bit 2 whitespace, 4 a sentence end, 8
#: a closing quote or bracket after it, 16 (added by :func:`_end_class_of`) a
#: character that starts a sentence.
_END_CLASSES = CharClasses((
    (2, regex.compile(r"\s")),
    (4, regex.compile(f"[{regex.escape(_MARKS)}]")),
    (8, regex.compile(r"[\"'»”’)\]]")),
))


def _end_class_of(char: str) -> int:
    """The class bits of ``char`` for ``_segment.end_cuts``."""
    return _END_CLASSES(char) | (16 if _starts_sentence(char) else 0)


def _end_classes_of(chars: str) -> bytes:
    """:func:`_end_class_of` of each character of ``chars``."""
    if len(chars) <= SMALL_BATCH:
        return bytes(map(_end_class_of, chars))
    out = bytearray(_END_CLASSES.many(chars))
    for i, char in enumerate(chars):
        if _starts_sentence(char):
            out[i] |= 16
    return bytes(out)


#: :func:`_end_class_of` for the compiled search, with its batch form.
_end_class = Classifier(_end_class_of, _end_classes_of)


@functools.cache
def _native() -> Any:
    """The compiled search (``_segment.pyx``), or None: not built, or
    ``CLEANTEXT_PURE_PYTHON=1``."""
    return compiled_module("_segment")


@functools.lru_cache(maxsize=64)
def _language_words(languages: tuple[str, ...]) -> tuple[frozenset[str], frozenset[str], bytes]:
    """What :func:`sentence_cuts` reads of ``languages``: their abbreviations, their
    function words and those words' :func:`ascii_word_flags` (one cache look-up per
    block instead of three)."""
    function_words = _function_words(languages or LANGUAGES)
    return (
        merged_words(languages, "abbreviations"), function_words,
        ascii_word_flags(function_words),
    )


#: ``ascii_word_flags`` flags words up to this long (``_segment.glue_words``).
_ASCII_LONGEST = 15


@functools.lru_cache(maxsize=64)
def ascii_word_flags(words: frozenset[str]) -> bytes:
    """A flag per (length, first character, second character) of every ASCII word of
    ``words`` up to :data:`_ASCII_LONGEST` characters long: ``_segment.glue_words``
    looks up a glued ASCII word only when its lower case's flag is set."""
    flags = bytearray((_ASCII_LONGEST + 1) * 128 * 128)
    for word in words:
        if word.isascii() and 2 <= len(word) <= _ASCII_LONGEST:
            flags[(len(word) * 128 + ord(word[0])) * 128 + ord(word[1])] = 1
    return bytes(flags)


@functools.lru_cache(maxsize=64)
def _function_words(languages: tuple[str, ...]) -> frozenset[str]:
    """Function words that start a sentence when capitalised (for glued headings)."""
    return merged_words(languages, "stopwords") - merged_words(languages, "mid-sentence-capitals")


def segments_of(text: str, blocks: list[Span], languages: tuple[str, ...] = ()) -> list[Segment]:
    """Cut every block into segments; whitespace between segments belongs to none."""
    out: list[Segment] = []
    for index, block in enumerate(blocks):
        out.extend(block_segments(text, block.start, block.end, index, languages))
    return out


def block_segments(
    text: str, start: int, end: int, index: int, languages: tuple[str, ...] = ()
) -> list[Segment]:
    """The segments of one block ``text[start:end]`` (block number ``index``)."""
    cuts = sentence_cuts(text, start, end, languages)
    native = _native()
    if native is not None:
        return native.block_segments(  # type: ignore[no-any-return]
            text, cuts, start, end, index, _new_object, Segment
        )
    out: list[Segment] = []
    bounds = [start, *cuts, end]
    for seg_start, seg_end in pairwise(bounds):
        if seg_end > seg_start and not text[seg_end - 1].isspace():
            out.append(Segment(seg_start, seg_end, index))  # nothing to trim
            continue
        stripped = text[seg_start:seg_end].rstrip()
        if stripped:
            out.append(Segment(seg_start, seg_start + len(stripped), index))
    return out
