"""A label's unit is mostly decided without cutting its block into segments.

``units.label_unit`` first tries ``units._label_without_segments`` (a label alone
in its block; a label glued to a lower-case word on its left) and cuts the block
only when that cannot tell. Both must give what ``units._label_by_segments`` (the
decision from the segments) gives: here at every label match and at every run of
one to three words of the fixtures' texts, as lines and flattened, with odd
capitals, digits and sentence ends around them.
"""

from __future__ import annotations

import itertools

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.phrases import compile_phrases, phrase_rules
from cleantext.textdoc import TextDoc
from cleantext.units import _label_by_segments, label_unit
from fixture_texts import fixture_texts

_WORDS = regex.compile(r"\w+(?:\W+\w+){0,2}")


def _variants(text: str) -> list[str]:
    return [
        text,
        text.replace("\n", " "),  # flattened: one block
        text.replace(". ", ".\n").replace(": ", " : 3. "),
        text.upper(),
        text.replace(" ", " \u00bb "),
    ]


def _compare(text: str, spans: list[tuple[int, int]]) -> int:
    doc = TextDoc.from_text(text)
    fresh = TextDoc.from_text(text)
    for start, end in spans:
        assert label_unit(doc, start, end) == _label_by_segments(fresh, start, end), (
            text[max(0, start - 40) : end + 40], start, end)
    return len(spans)


def test_label_units_at_every_label_match_and_word_run() -> None:
    labels = [p.pattern for rule in phrase_rules() for p in compile_phrases(rule, ()).phrases
              if p.label]
    compared = 0
    for base in fixture_texts()[:60]:
        for text in _variants(base):
            spans = {m.span() for pattern in labels for m in pattern.finditer(text)}
            spans |= {m.span() for m in _WORDS.finditer(text)}
            spans |= {(m.start(), m.start() + len(m.group().split()[0]))
                      for m in _WORDS.finditer(text) if m.group().split()}
            compared += _compare(text, sorted(spans))
    assert compared > 10_000


HARD = [
    "Comments? \u2022", "Comments? 3", "Share. Comments", "2. Comments", "2 Comments",
    "de Comments", "de. Comments", "Que Comments de", "x Comments. \u00bb", "Comments\u2026 (",
    "\u2022 Comments \u2022", "vide Comments Que x", "\u00bb Comments", "Ⓐ comments", "é. comments",
]


def test_label_units_beside_sentence_ends_digits_and_capitals() -> None:
    for text in HARD:
        for variant in (text, "Intro line.\n" + text + "\nLast line", "ok " + text):
            spans = [m.span() for m in regex.finditer(r"(?i)comments", variant)]
            spans += [(start, end + 1) for start, end in spans if end < len(variant)]
            assert _compare(variant, spans)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "Comments", "comments", "Share", " ", " ", "\n", "3", "2.", ". ", "! ", "? ", "…",
    "» ", "« ", "(", ")", "•", "Que", "que", "Le", "de", "à", "É", "x", "Ⓐ", "ǅ", "-",
]), min_size=1, max_size=25))
def test_label_units_on_random_text(words: list[str]) -> None:
    text = "".join(words)
    spans = [m.span() for m in regex.finditer(r"\w+", text)]
    spans += [(a[0], b[1]) for a, b in itertools.pairwise(spans)]
    # Labels may end with punctuation ("Tell us what you think…").
    spans += [(start, end + 1) for start, end in spans if end < len(text)]
    _compare(text, spans)


@settings(max_examples=1500, deadline=None)
@given(
    st.text(alphabet=" \t\n.!?…؟,:;-«»\"'aZéÉǅßİſ7²ИиΣ字ـ\u0301\U0001d400", max_size=40),
    st.integers(0, 45), st.integers(1, 8), st.integers(0, 45), st.integers(0, 45),
)
def test_compiled_label_decision_is_the_python_one(
    text: str, start: int, length: int, before: int, after: int
) -> None:
    """``_segment.label_without_segments`` decides as ``_label_without_segments``
    (its patterns' classes asked of them; ``isspace``/``isupper`` of a character)."""
    from cleantext import units
    from cleantext.segment import _native

    native = _native()
    if native is None or not text:
        return  # nothing compiled to compare (pure Python)
    start = min(start, len(text) - 1)
    end = min(len(text), start + length)
    block_start = max(0, start - before)
    block_end = min(len(text), end + after)
    python = units._label_without_segments(text, start, end, block_start, block_end)
    compiled = native.label_without_segments(
        text, start, end, block_start, block_end, units._LABEL_CLASSES.table,
        units._LABEL_CLASSES,
    )
    assert (None, (block_start, block_end), units._UNDECIDED)[compiled] == python


@settings(max_examples=1500, deadline=None)
@given(
    st.text(alphabet=" \t\n.!?,:-«»\"'aZéÉǅßİſ7²ИиΣ字ـ\u0301\u2160\U0001d400", max_size=40),
    st.integers(0, 45), st.integers(1, 8), st.integers(0, 45), st.integers(-3, 45),
)
def test_compiled_label_in_segment_is_the_python_one(
    text: str, start: int, length: int, before: int, after: int
) -> None:
    """``_segment.label_in_segment`` gives what ``_label_in_segment`` gives."""
    from cleantext import units
    from cleantext.segment import _native

    native = _native()
    if native is None or not text:
        return  # nothing compiled to compare (pure Python)
    start = min(start, len(text) - 1)
    end = min(len(text), start + length)
    seg_start = max(0, start - before)
    seg_end = max(0, min(len(text), end + after))
    python = units._label_in_segment(text, start, end, seg_start, seg_end)
    compiled = native.label_in_segment(
        text, start, end, seg_start, seg_end, units._LABEL_CLASSES.table, units._LABEL_CLASSES
    )
    assert compiled == python
