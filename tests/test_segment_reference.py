"""The fast segmentation paths give what the plain regex formulations give.

``blocks_of`` splits on line breaks instead of matching every line, and
``sentence_cuts`` searches its look-behinds from the word (see ``segment._GLUE``,
``segment._WORD_BEFORE``); the references below are the earlier, obviously correct
formulations, compared on random text that is dense in the characters they look at.
"""

from __future__ import annotations

import os

import regex
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleantext.phrases import merged_words
from cleantext.segment import Span, blocks_of, sentence_cuts

if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
    from cleantext import segment as _segment_module

    assert _segment_module._native() is not None, (
        "the compiled glued-heading search was not built (CLEANTEXT_REQUIRE_NATIVE=1)"
    )

_LINE = regex.compile(r"[^\r\n]+")
_END = regex.compile(r"[.!?…؟]+(?:\s?»)?[\"'»”’)\]]*(?=\s)")
_NEXT_WORD = regex.compile(r"\s+(\S+)")
_WORD_BEFORE = regex.compile(r"(\S+)$")
_GLUE = regex.compile(r"(?<=[\p{Ll}\d][\"'»”’)]?)\s+(\p{Lu}\p{Ll}+)(?=[\s,])")


def reference_blocks(text: str) -> list[Span]:
    out = []
    for match in _LINE.finditer(text):
        line = match.group()
        stripped = line.strip()
        if stripped:
            lead = len(line) - len(line.lstrip())
            out.append(Span(match.start() + lead, match.start() + lead + len(stripped)))
    return out


def reference_cuts(text: str, start: int, end: int, languages: tuple[str, ...]) -> list[int]:
    from cleantext.segment import _is_abbreviation, _starts_sentence

    abbreviations = merged_words(languages, "abbreviations")
    function_words = merged_words(languages, "stopwords") - merged_words(
        languages, "mid-sentence-capitals"
    )
    cuts: set[int] = set()
    for match in _END.finditer(text, start, end):
        nxt = _NEXT_WORD.match(text, match.end(), end)
        if nxt is None:
            continue
        before = _WORD_BEFORE.search(text, max(start, match.start() - 64), match.end())
        if (
            match.group().startswith(".")
            and before
            and _is_abbreviation(before.group(1), abbreviations)
        ):
            continue
        if _starts_sentence(nxt.group(1)):
            cuts.add(nxt.start(1))
    for match in _GLUE.finditer(text, start, end):
        word = match.group(1)
        if len(word) > 1 and word.lower() in function_words:
            cuts.add(match.start(1))
    return sorted(cuts)


_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\r", "\r\n", "\t", "\u00a0", "\u2028", "\x1c", ".", "!", "?", "…",
     "؟", "»", "«", "\"", "'", "’", ")", ",", "a", "z", "é", "7", "Le", "La", "The", "Un",
     "Der", "Dr.", "M.", "J.", "z.B.", "etc.", "vs.", "Mr.", "Ab", "É", "И", "и", "ß", "x"]
)
_TEXT = st.lists(_PIECES, max_size=60).map("".join)
#: Single characters, the odd ones among them (wide, cased oddly, spaces).
_HOSTILE = st.text(
    alphabet=st.sampled_from(
        list(" \n\t\u00a0\u2028\u3000\x1c\x85.!?…؟»«\"'’”“‘)]([,-–•¿¡aZé7²ИиßΣİſ𝐀😀\ud7ff")
    ),
    max_size=80,
)


@settings(max_examples=400, deadline=None)
@given(_TEXT)
def test_blocks_of_is_the_line_regex(text: str) -> None:
    assert blocks_of(text) == reference_blocks(text)


@settings(max_examples=1000, deadline=None)
@given(_TEXT, st.integers(0, 70), st.integers(0, 70), st.sampled_from([(), ("en",), ("fr", "de")]))
@example("la  Le monde", 3, 20, ())  # a search that starts inside the space before a capital
@example("la  Le monde", 2, 20, ())
@example("la\nLe monde", 3, 20, ())
@example("C'est fini. »  ", 0, 20, ())  # a sentence end with no next word
@example("C'est fini. » Puis. »x. ) « Oui", 0, 40, ())
def test_sentence_cuts_are_the_reference(
    text: str, start: int, length: int, languages: tuple[str, ...]
) -> None:
    start = min(start, len(text))
    end = min(len(text), start + length)
    assert sentence_cuts(text, start, end, languages) == reference_cuts(text, start, end, languages)


@settings(max_examples=1000, deadline=None)
@given(st.one_of(_TEXT, _HOSTILE), st.integers(0, 90), st.integers(0, 90))
@example("la  Le monde", 3, 20)
@example("7 »  The x", 0, 9)
@example("a\x1c The,", 0, 8)
@example("a The, x Der, y Und, z THE, w Über, v İn,", 0, 60)
def test_compiled_glue_search_is_the_pattern(text: str, start: int, length: int) -> None:
    """The compiled glued-heading search finds ``_GLUE``'s matches and keeps the
    same function words (and ``sentence_cuts`` drops the same first match)."""
    from cleantext import segment

    native = segment._native()
    if native is None:
        return  # nothing compiled to compare (pure Python)
    start = min(start, len(text))
    end = min(len(text), start + length)
    words = segment._function_words(("en", "fr", "de"))
    found = list(segment._GLUE.finditer(text, start, end))
    matches = [m.start() for m in found]
    first, glued = native.glue_words(
        text, start, end, segment._GLUE_CLASSES.table, segment._GLUE_CLASSES, words
    )
    assert first == (matches[0] if matches else -1)
    assert glued == [m.start() for m in found if m.group().lower() in words]
    # The ASCII pre-filter skips look-ups only, never a word.
    assert native.glue_words(
        text, start, end, segment._GLUE_CLASSES.table, segment._GLUE_CLASSES, words,
        segment.ascii_word_flags(words),
    ) == (first, glued)
    python = segment._glue_words_python(text, start, end, words)
    if matches and start > 0 and segment._SPACES.fullmatch(text, start - 1, matches[0]):
        glued = [g for g in glued if g != matches[0]]
    assert glued == python


@settings(max_examples=600, deadline=None)
@given(_TEXT, st.integers(0, 70), st.integers(0, 70), st.integers(0, 5))
@example("Fin.  \n Puis la suite. ", 0, 30, 0)
@example("a. \u2028", 0, 6, 3)
def test_compiled_block_segments_are_the_loop(text: str, start: int, length: int,
                                              index: int) -> None:
    """The compiled loop of ``block_segments`` makes the Python loop's segments:
    the same bounds, trimmed alike, the same empty ones left out."""
    from cleantext import segment

    native = segment._native()
    if native is None:
        return  # nothing compiled to compare (pure Python)
    start = min(start, len(text))
    end = min(len(text), start + length)
    compiled = segment.block_segments(text, start, end, index, ("en",))
    saved = segment._native
    segment._native = lambda: None  # type: ignore[assignment]
    try:
        python = segment.block_segments(text, start, end, index, ("en",))
    finally:
        segment._native = saved  # type: ignore[assignment]
    assert compiled == python
    assert all(type(seg) is segment.Segment for seg in compiled)
    assert [hash(seg) for seg in compiled] == [hash(seg) for seg in python]


@settings(max_examples=1500, deadline=None)
@given(st.one_of(_TEXT, _HOSTILE), st.integers(0, 90), st.integers(0, 90),
       st.sampled_from([(), ("en",), ("fr", "de")]), st.integers(0, 70))
@example("C'est fini. »  ", 0, 20, (), 64)
@example("fini. »x. Puis", 0, 20, (), 64)
@example("fini.» ) Oui", 0, 20, (), 64)
@example("Dr. Who. Mr.  Smith", 0, 30, ("en",), 2)
@example("xDr. Who", 0, 10, ("en",), 2)  # the look-back window cuts the word to "Dr."
@example("a.\u2028B", 0, 4, (), 64)
@example("a. B", 1, 3, (), 64)
def test_compiled_end_cuts_are_the_loop(text: str, start: int, length: int,
                                        languages: tuple[str, ...], lookback: int) -> None:
    """The compiled sentence-end search (``_segment.end_cuts``) cuts where the
    Python loop over ``segment._END``'s matches cuts, and so whole
    ``sentence_cuts`` agree."""
    from cleantext import segment

    native = segment._native()
    if native is None:
        return  # nothing compiled to compare (pure Python)
    start = min(start, len(text))
    end = min(len(text), start + length)
    abbreviations = merged_words(languages, "abbreviations")
    compiled = native.end_cuts(text, start, end, segment._END_CLASSES.table,
                               segment._end_class, abbreviations, lookback, segment._MARKS)
    saved = segment._LOOKBACK
    segment._LOOKBACK = lookback
    try:
        python = segment._end_cuts_python(text, start, end, abbreviations)
    finally:
        segment._LOOKBACK = saved
    assert compiled == python
    whole = segment.sentence_cuts(text, start, end, languages)
    saved_native = segment._native
    segment._native = lambda: None  # type: ignore[assignment]
    try:
        reference = segment.sentence_cuts(text, start, end, languages)
    finally:
        segment._native = saved_native  # type: ignore[assignment]
    assert whole == reference


def test_compiled_end_cuts_keep_every_abbreviation() -> None:
    """The compiled search's quick "not an abbreviation" test (by length, before it
    makes the word) lets every abbreviation through as the Python loop does: each
    abbreviation of the languages (and the longest ones a letter longer, with
    quotes, brackets, capitals, doubled full stops, letters past U+00FF)."""
    from cleantext import segment

    native = segment._native()
    if native is None:
        return  # nothing compiled to compare (pure Python)
    for languages in ((), ("en",), ("fr", "de")):
        abbreviations = merged_words(languages, "abbreviations")
        words = set()
        for word in sorted(abbreviations):
            core = word.rstrip(".")
            for variant in (word, core + ".", core + "..", "x" + core + ".", core.upper() + ".",
                            core.capitalize() + ".", f"“{core}.”", f"({core}.)", f"'{core}.",
                            "İ" + core + ".", "é" + core + ".", core + "é."):
                words.add(variant)
        words.update({"A.", "É.", "İ.", "a.", "“A.”", "...", ". .", "x..", "ab.", "abcdefgh."})
        text = " ".join(f"{word} Next" for word in sorted(words))
        for lookback in (4, 64):
            compiled = native.end_cuts(text, 0, len(text), segment._END_CLASSES.table,
                                       segment._end_class, abbreviations, lookback,
                                       segment._MARKS)
            saved = segment._LOOKBACK
            segment._LOOKBACK = lookback
            try:
                python = segment._end_cuts_python(text, 0, len(text), abbreviations)
            finally:
                segment._LOOKBACK = saved
            assert compiled == python
            assert 0 < len(compiled) < len(words)


@settings(max_examples=300, deadline=None)
@given(st.sets(st.integers(0, 60)), st.sets(st.integers(0, 60)))
def test_merged_cuts_are_the_sorted_union(a: set[int], b: set[int]) -> None:
    from cleantext import segment

    native = segment._native()
    if native is None:
        return  # nothing compiled to compare (pure Python)
    assert native.merged(sorted(a), sorted(b)) == sorted(a | b)


def test_compiled_segments_of_a_class_without_slots_alike() -> None:
    """The compiled loop writes ``Segment``'s fields into its slots, and sets a
    class with a ``__dict__`` through its attributes: the same fields."""
    import dataclasses

    from cleantext import segment

    native = segment._native()
    if native is None:
        return  # nothing compiled to compare (pure Python)

    @dataclasses.dataclass(frozen=True)
    class PlainSegment:
        start: int
        end: int
        block: int

    text = "One. Two three.  \u2003Four\U0001f600 five. "
    cuts = [5, 18]
    slotted = native.block_segments(text, cuts, 0, len(text), 3, object.__new__, segment.Segment)
    plain = native.block_segments(text, cuts, 0, len(text), 3, object.__new__, PlainSegment)
    assert slotted == [segment.Segment(0, 4, 3), segment.Segment(5, 15, 3),
                       segment.Segment(18, 29, 3)]
    assert [dataclasses.astuple(s) for s in plain] == [dataclasses.astuple(s) for s in slotted]
