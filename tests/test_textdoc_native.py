"""The compiled per-block loop of ``TextDoc.remove`` (``_textdoc.pyx``) makes exactly
the cuts, log entries, dead blocks and character counts of the Python loop: on the
fixture texts, on blocks that are not trimmed, on markup blocks (an XPath each) and on
generated texts, with removals that overlap, cross blocks and cut blocks in two.

CI builds the extension and sets ``CLEANTEXT_REQUIRE_NATIVE=1``, so there a missing
extension fails instead of skipping.
"""

from __future__ import annotations

import dataclasses
import os
import random
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import textdoc
from cleantext.result import Removal
from cleantext.textdoc import Block, TextDoc
from fixture_texts import fixture_texts

NATIVE = textdoc._native_cuts()
if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
    assert NATIVE is not None, "the compiled removal loop was not built"
native = pytest.mark.skipif(NATIVE is None, reason="compiled removal loop not built")


def _state(doc: TextDoc) -> tuple[Any, ...]:
    cuts = [(c.start, c.end, c.block, c.removal) for c in doc._cuts]
    for _, _, _, removal in cuts:
        assert type(removal) is Removal
        assert not hasattr(removal, "__dict__")  # every slot set, no dict
        fields = ("rule", "stage", "reason", "text")
        assert all(isinstance(getattr(removal, f), str) for f in fields)
    return (cuts, bytes(doc._alive), doc._cut_starts, doc._removed_chars, doc.output(),
            [hash(r) for *_, r in cuts])


def _run(make: Any, spans: list[tuple[str, list[tuple[int, int]]]], compiled: bool) -> Any:
    doc = make()
    saved = textdoc._native_cuts
    textdoc._native_cuts = (lambda: NATIVE) if compiled else (lambda: None)  # type: ignore[assignment]
    try:
        results = []
        for rule, removals in spans:
            doc.begin(rule)
            added = [doc.remove(start, end, f"{rule} {start}") for start, end in removals]
            results.append((added, doc.pending_chars()))
            if rule.endswith("undone"):
                doc.rollback()
            else:
                doc.commit()
        state = _state(doc)  # its output() by the same loops
    finally:
        textdoc._native_cuts = saved  # type: ignore[assignment]
    if not compiled and doc.blocks:
        # The compiled output loop reads the Python loop's cuts (``_Cut``) alike.
        assert NATIVE.output(doc.text, doc.blocks, doc._alive, doc._cuts) == state[4]
    return results, state


def _spans(length: int, rng: random.Random) -> list[tuple[str, list[tuple[int, int]]]]:
    out = []
    for r in range(4):
        removals = []
        for _ in range(rng.randint(1, 6)):
            start = rng.randint(-3, length + 3)
            removals.append((start, start + rng.randint(0, max(1, length // 3))))
        out.append((f"rule-{r}" + (" undone" if r == 2 else ""), removals))
    return out


def _same(make: Any, seed: int) -> None:
    length = len(make().text)
    spans = _spans(length, random.Random(seed))
    assert _run(make, spans, True) == _run(make, spans, False)


@native
def test_fixture_texts_cut_alike() -> None:
    for n, text in enumerate(fixture_texts()):
        _same(lambda text=text: TextDoc.from_text(text), n)
        flat = " ".join(text.split())
        _same(lambda flat=flat: TextDoc.from_text(flat), n)


@native
def test_markup_and_untrimmed_blocks_cut_alike() -> None:
    blocks = [("Titre de l'article", "/html/body/h1", "h1"), ("  Un  ", "/p[1]", "p"),
              ("premier\u00a0paragraphe.", "/p[2]", "p"), ("item", "/ul/li[1]", "li"),
              ("autre item", "/ul/li[2]", "li")]
    for seed in range(30):
        _same(lambda: TextDoc.from_blocks(blocks), seed)
    # Blocks given as they are, with whitespace inside their bounds.
    text = "  lead \t\n\u2003 body text here \n\nend\u00a0"
    raw = [Block(0, 9), Block(10, 28), Block(30, len(text), "/x")]
    for seed in range(30):
        _same(lambda: TextDoc(text, raw), seed)


@native
@settings(max_examples=150, deadline=None)
@given(
    st.lists(st.text(alphabet=" \t\n\r\u00a0\u2028\u3000ab.é字\U0001f600", max_size=30),
             max_size=8),
    st.integers(0, 10**6),
)
def test_generated_texts_cut_alike(lines: list[str], seed: int) -> None:
    text = "\n".join(lines)
    _same(lambda: TextDoc.from_text(text), seed)


def _python_blocks(text: str) -> list[Block]:
    saved = textdoc._native_cuts
    textdoc._native_cuts = lambda: None  # type: ignore[assignment]
    try:
        return TextDoc.from_text(text).blocks
    finally:
        textdoc._native_cuts = saved  # type: ignore[assignment]


def _same_blocks(text: str) -> None:
    compiled = TextDoc.from_text(text).blocks
    python = _python_blocks(text)
    assert compiled == python, text
    assert all(type(b) is Block for b in compiled)
    assert [hash(b) for b in compiled] == [hash(b) for b in python]
    assert [(b.where, b.kind) for b in compiled] == [(None, "p")] * len(compiled)


@native
def test_text_blocks_are_the_lines() -> None:
    for text in fixture_texts():
        _same_blocks(text)
    for text in ("", "\n", "a", " a \r\n\r\nb\x1c\n\u2028c\u2029 \n\x85d\t", "\r\ra\r", "a\n"):
        _same_blocks(text)


@native
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x1c\x85\u00a0\u2028\u3000ab.é字\U0001f600",
               max_size=60))
def test_generated_text_blocks_are_the_lines(text: str) -> None:
    _same_blocks(text)


@native
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u1680\u2028\u200b\u3000\ufeff"
                        "ab.é字\U0001f600", max_size=60),
       st.integers(0, 70), st.integers(0, 70))
def test_compiled_non_space_counts_alike(text: str, start: int, length: int) -> None:
    start = min(start, len(text))
    end = min(len(text), start + length)
    assert NATIVE.non_space(text, start, end) == textdoc._non_space(text[start:end])


@native
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n-_'’.,ab7²½é字ـ\u0301\u200d\u200c\U0001d400\U0001f600", max_size=60),
       st.integers(0, 70), st.integers(0, 70), st.one_of(st.none(), st.integers(0, 6)))
def test_compiled_word_count_is_the_pattern(text: str, start: int, length: int,
                                            cap: int | None) -> None:
    """``TextDoc.words`` counts ``\\w+`` runs alike compiled and with the pattern."""
    start = min(start, len(text))
    end = min(len(text), start + length)
    doc = TextDoc.from_text(text)
    compiled = doc.words(start, end, cap=cap)
    saved = textdoc._native_cuts
    textdoc._native_cuts = lambda: None  # type: ignore[assignment]
    try:
        assert compiled == doc.words(start, end, cap=cap)
    finally:
        textdoc._native_cuts = saved  # type: ignore[assignment]


@dataclasses.dataclass(frozen=True)
class PlainBlock:
    """A block class with a ``__dict__`` (no slots): the compiled loops set its
    fields through attributes."""

    start: int
    end: int
    where: str | None = None
    kind: str = "p"


@native
def test_fields_written_into_slots_or_set() -> None:
    """The compiled loops write a slots class's fields where its slots lie, and set
    them through ``setattr`` on a class with a ``__dict__``: the same objects."""
    text = " one\n\n two  three \r\nfour"
    slotted = NATIVE.line_blocks(text, object.__new__, Block)
    plain = NATIVE.line_blocks(text, object.__new__, PlainBlock)
    assert slotted == [Block(s, e) for s, e in ((1, 4), (7, 17), (20, 24))]
    assert [dataclasses.astuple(b) for b in plain] == [dataclasses.astuple(b) for b in slotted]
    doc = TextDoc.from_text(text)
    doc.begin("r")
    doc.remove(0, len(text), "why")
    assert [(r.rule, r.stage, r.reason, r.text, r.where) for r in doc.removals] == [
        ("r", "text", "why", "one", (1, 4)), ("r", "text", "why", "two  three", (7, 17)),
        ("r", "text", "why", "four", (20, 24)),
    ]
    assert [r for r in doc.removals] == [Removal("r", "text", "why", t, w) for t, w in (
        ("one", (1, 4)), ("two  three", (7, 17)), ("four", (20, 24)))]


@native
def test_block_bounds_read_alike() -> None:
    """``TextDoc.block_bounds`` (and the block starts) read out of the slots are the
    blocks' fields, for blocks of other classes too."""
    import dataclasses

    @dataclasses.dataclass
    class Other:
        start: int
        end: int

    for text in fixture_texts()[:20]:
        doc = TextDoc.from_text(text)
        expected = [(b.start, b.end) for b in doc.blocks]
        assert doc.block_bounds == expected
        assert doc._block_starts == [s for s, _ in expected]
    mixed: list[Any] = [Block(0, 3), Other(4, 9), Block(10, 12)]
    assert NATIVE.block_bounds(mixed, Block) == [(0, 3), (4, 9), (10, 12)]
    assert NATIVE.block_bounds(mixed, Block, False) == [0, 4, 10]
    assert NATIVE.block_bounds([], Block) == []


def test_segment_bounds_are_the_segments() -> None:
    """``TextDoc.segment_bounds`` lists the block's segments' spans, compiled or not."""
    text = "One sentence here. Another one follows it! And a third?\nShort line"
    for compiled in (True, False):
        saved = textdoc._native_cuts
        textdoc._native_cuts = (lambda: NATIVE) if compiled else (lambda: None)  # type: ignore[assignment]
        try:
            doc = TextDoc.from_text(text)
            for index in range(len(doc.blocks)):
                assert doc.segment_bounds(index) == [
                    (s.start, s.end) for s in doc.block_segments(index)]
        finally:
            textdoc._native_cuts = saved  # type: ignore[assignment]
    assert len(TextDoc.from_text(text).segment_bounds(0)) == 3


@native
def test_blocks_of_other_classes_cut_alike() -> None:
    """The compiled removal reads the blocks' fields out of their slots, and a block
    of another class (a ``__dict__``, an XPath) through its attributes: the same log."""
    text = "first line\nsecond line here\nthird"
    logs = []
    for make in (Block, PlainBlock):
        blocks: list[Any] = [make(0, 10, "/p[1]"), make(11, 27), make(28, 33, "/p[3]")]
        doc = TextDoc(text, blocks)
        doc.begin("r")
        doc.remove(3, 31, "why")
        logs.append([(r.text, r.where) for r in doc.removals])
    assert logs[0] == logs[1] == [("st line", "/p[1]"), ("second line here", (11, 27)),
                                  ("thi", "/p[3]")]


@native
def test_non_space_of_every_character() -> None:
    """The compiled count's table and Python's ``str.isspace`` agree on every code
    point, in strings of each width."""
    for low, high in ((0, 0x100), (0, 0x10000), (0, 0x110000)):
        text = "".join(chr(c) for c in range(low, high) if not 0xD800 <= c < 0xE000)
        assert NATIVE.non_space(text, 0, len(text)) == sum(not c.isspace() for c in text)
        for c in range(low, min(high, 0x3100)):
            assert NATIVE.non_space(chr(c), 0, 1) == (not chr(c).isspace()), c


@native
def test_output_of_every_width_is_the_python_output() -> None:
    """The compiled output writes the kept text once into a string as wide as its
    characters need: kept ASCII, Latin-1, 2-byte or 4-byte text out of a text of
    any width (removed lines wider or narrower), CRLF line ends, nothing kept."""
    kept_lines = ["plain ascii line", "Latin-1 caf\u00e9 \u00a0 line", "Han \u5b57 line",
                  "emoji \U0001f600 line", ""]
    removed_lines = ["ascii noise", "caf\u00e9 noise", "\u5b57\u5b57 noise", "\U0001f600 noise"]
    for kept in kept_lines:
        for removed in removed_lines:
            for newline in ("\n", "\r\n", "\n\n"):
                text = newline.join([removed, kept, f"{removed} tail {kept}", removed])
                for spans in ([(0, len(removed))], [(0, len(text))], [],
                              [(0, len(removed)), (len(text) - len(removed), len(text))],
                              [(len(text) - len(removed) - 3, len(text) - len(removed))]):
                    outputs = []
                    for compiled in (True, False):
                        saved = textdoc._native_cuts
                        textdoc._native_cuts = (  # type: ignore[assignment]
                            (lambda: NATIVE) if compiled else (lambda: None))
                        try:
                            doc = TextDoc.from_text(text)
                            doc.begin("r")
                            for start, end in spans:
                                doc.remove(start, end, "why")
                            doc.commit()
                            outputs.append(doc.output())
                        finally:
                            textdoc._native_cuts = saved  # type: ignore[assignment]
                    compiled_out, python_out = outputs
                    # (Equal strs are of one width: a wider copy would compare unequal.)
                    assert compiled_out == python_out, (text, spans)
                    assert compiled_out.isascii() == python_out.isascii()


@native
@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u1680\u2028\u200b\u3000\ufeff"
                        "ab.é字\U0001f600", max_size=60),
       st.integers(-5, 70), st.integers(-5, 70))
def test_compiled_trimmed_is_the_python_trim(text: str, start: int, end: int) -> None:
    """``textdoc.trimmed`` gives the same span (or None) with the compiled scan of the
    ends as with the Python strip, in strings of every width; a range out of the
    text (negative, past the end, reversed) the Python way."""
    def outcome() -> Any:
        try:
            return textdoc.trimmed(text, start, end)
        except IndexError:  # (a start past the text, as str indexing says)
            return IndexError

    compiled = outcome()
    saved = textdoc._native_cuts
    textdoc._native_cuts = lambda: None  # type: ignore[assignment]
    try:
        python = outcome()
    finally:
        textdoc._native_cuts = saved  # type: ignore[assignment]
    assert compiled == python
    if 0 <= start <= end <= len(text):
        assert NATIVE.trimmed(text, start, end) == python
