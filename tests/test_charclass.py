"""The batch classification of the compiled scans (``charclass.py``,
``_charbatch.pxd``) gives exactly the one-character bits: ``many`` of every
classifier of the package against its call on each code point of the BMP (and a
sample of astral ones), and a scan meeting many unknown characters at once fills
its table as the one-at-a-time path does."""

from __future__ import annotations

import random
import sys
from typing import Any

import pytest
import regex

from cleantext import segment, textdoc, units
from cleantext.charclass import CharClasses, Classifier, matching, single_class
from cleantext.compiled import compiled_module
from cleantext.rules import main_text as mt

#: Every classifier of the package that a compiled scan asks (grep ``CharClasses(``
#: and the ``classify`` arguments of the .pyx files).
CLASSIFIERS: dict[str, Any] = {
    f"{module.__name__}.{name}": value
    for module in (segment, textdoc, units, mt)
    for name, value in vars(module).items()
    if isinstance(value, (CharClasses, Classifier))
}


def _code_points() -> str:
    bmp = [chr(c) for c in range(0x10000) if not 0xD800 <= c < 0xE000]
    rng = random.Random(5)
    astral = [chr(c) for c in rng.sample(range(0x10000, sys.maxunicode + 1), 4000)]
    astral += [chr(c) for c in (0x1F600, 0x20000, 0x2A6D6, 0x1D400, 0x10400, 0xE0001)]
    return "".join(bmp + astral)


ALL = _code_points()


def test_every_classifier_is_found() -> None:
    assert {"cleantext.rules.main_text._char_class", "cleantext.segment._end_class",
            "cleantext.segment._GLUE_CLASSES", "cleantext.units._LABEL_CLASSES",
            "cleantext.textdoc._SPACES", "cleantext.rules.main_text._FLAG_CLASSES",
            } <= set(CLASSIFIERS)
    assert len(CLASSIFIERS) >= 11


@pytest.mark.parametrize("name", sorted(CLASSIFIERS))
def test_many_is_the_one_character_bits(name: str) -> None:
    classify = CLASSIFIERS[name]
    one = bytes(classify(char) for char in ALL)
    assert classify.many(ALL) == one
    # In another order (other neighbours in the batch) and in small batches.
    order = list(range(len(ALL)))
    random.Random(1).shuffle(order)
    shuffled = "".join(ALL[i] for i in order)
    assert classify.many(shuffled) == bytes(one[i] for i in order)
    for start in range(0, 3000, 7):
        chunk = shuffled[start:start + start % 13 + 1]
        assert classify.many(chunk) == bytes(classify(char) for char in chunk)


def test_single_class() -> None:
    for source in (r"\w", r"\w+", r"\d", r"\s", r"[^\S ]", r"\p{Lu}", r"[\p{Han}\p{Thai}]",
                   r"[\"'»”’)\]]", r"[.)]", r"\P{L}+"):
        assert single_class(regex.compile(source)), source
    assert single_class(regex.compile(r"[:h]", regex.IGNORECASE))
    for pattern in (regex.compile(r"(?<![\w'’-])(?:(\p{Lu})|[\p{Ll}\p{Lo}])"),
                    regex.compile(r"[|•]|\d{1,2}[.)]\s"), regex.compile(r"(?r)\p{L}"),
                    regex.compile(r"[ß]", regex.IGNORECASE | regex.FULLCASE),
                    regex.compile(r"\w*"), regex.compile(r"[a][b]"),
                    regex.compile(r"[[:alpha:]]"), regex.compile(r"\w", regex.VERBOSE)):
        assert not single_class(pattern), pattern.pattern


def test_matching_falls_back_per_character() -> None:
    # A lookbehind sees the batch's neighbours: asked one character at a time.
    after = regex.compile(r"(?<!a)b")
    assert matching(after, "abb") == 0x000101
    assert [after.match(c) is not None for c in "abb"] == [False, True, True]
    full = regex.compile(r"[ß]", regex.IGNORECASE | regex.FULLCASE)
    assert matching(full, "sß") == 0x0001
    assert matching(regex.compile(r"\p{Lu}"), "aBCdE") == 0x0001010001


NATIVE_CONTEXT = mt._native()
NATIVE_SEGMENT = segment._native()
NATIVE_TEXTDOC = compiled_module("_textdoc")
NATIVE_PHRASES = compiled_module("_phrases")

#: Text with many characters a fresh table has never seen, in every width.
_RNG = random.Random(7)
_HAN = "".join(chr(_RNG.randrange(0x4E00, 0x9FFF)) for _ in range(3000))
_HANGUL = "".join(chr(_RNG.randrange(0xAC00, 0xD7A3)) for _ in range(3000))
UNKNOWN_TEXTS = [
    "Überall Grüße. Ça va? Όλα καλά! Всё хорошо. " * 20,
    "。".join(_HAN[i:i + 40] for i in range(0, 3000, 40)) + " Hello World. Next",
    ". ".join(_HANGUL[i:i + 9] + " " + _HANGUL[i + 9:i + 20] for i in range(0, 3000, 20)),
    "A 😀 smile. Then 𝐁old 𠀀 text! " * 30 + _HAN[:500],
]


def _one_at_a_time(classify: Any) -> Any:
    """``classify`` without ``many``: the scans ask one character per call."""
    return lambda char: classify(char)


class _Spy:
    """``classify`` that remembers the size of each batch it is asked."""

    def __init__(self, classify: Any) -> None:
        self.classify = classify
        self.sizes: list[int] = [0]

    def __call__(self, char: str) -> int:
        return int(self.classify(char))

    def many(self, chars: str) -> bytes:
        self.sizes.append(len(chars))
        return bytes(self.classify.many(chars))


@pytest.mark.skipif(None in (NATIVE_CONTEXT, NATIVE_SEGMENT, NATIVE_TEXTDOC, NATIVE_PHRASES),
                    reason="compiled loops not built")
@pytest.mark.parametrize("text", UNKNOWN_TEXTS)
def test_scans_fill_tables_as_one_at_a_time(text: str) -> None:
    spans = [(0, len(text) // 3), (len(text) // 3, len(text))]
    scans = [
        (lambda t, c: NATIVE_CONTEXT.unit_counts(text, spans, t, c), mt._char_class),
        (lambda t, c: NATIVE_CONTEXT.case_pieces_of(text, spans, t, c, 4), mt._char_class),
        (lambda t, c: NATIVE_CONTEXT.flag_units(text, spans, t, c), mt._FLAG_CLASSES),
        (lambda t, c: NATIVE_CONTEXT.ago_stretches(text, t, c, mt._AGO_UNITS),
         mt._AGO_CLASSES),
        (lambda t, c: NATIVE_SEGMENT.end_cuts(text, 0, len(text), t, c, frozenset(), 40,
                                              segment._MARKS), segment._end_class),
        (lambda t, c: NATIVE_SEGMENT.glue_words(text, 0, len(text), t, c, frozenset()),
         segment._GLUE_CLASSES),
        (lambda t, c: NATIVE_CONTEXT.class_counts(text, spans, t, c, 2), mt._UNSPACED_CLASSES),
        (lambda t, c: NATIVE_TEXTDOC.count_words(text, 0, len(text), -1, t, c),
         textdoc._WORD_CLASSES),
        (lambda t, c: NATIVE_PHRASES.fold(text, t, c), textdoc._SPACES),
    ]
    for scan, classify in scans:
        batched, single = bytearray(sys.maxunicode + 1), bytearray(sys.maxunicode + 1)
        spy = _Spy(classify)
        assert scan(batched, spy) == scan(single, _one_at_a_time(classify))
        assert max(spy.sizes) > 1  # the batch path ran
        seen = {ord(c) for c in text}
        for c in seen:
            if single[c]:
                assert batched[c] == single[c] == classify(chr(c))
        # The batch asked about what lies ahead too, and only asked the truth.
        for c in range(len(batched)):
            if batched[c]:
                assert batched[c] == classify(chr(c)), hex(c)
