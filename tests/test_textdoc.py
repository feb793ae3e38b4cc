"""TextDoc's reading helpers: the fast paths must read what the plain ones do."""

from __future__ import annotations

import sys

import regex

from cleantext.textdoc import TextDoc


def test_folded_turns_every_whitespace_character_into_a_space() -> None:
    # Every code point but the surrogates: whitespace of any kind becomes one space,
    # everything else is lower-cased in place.
    text = "".join(chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    doc = TextDoc.from_text(text)
    assert doc.folded == regex.sub(r"\s", " ", text.lower())
    # The usual document: printable text and line breaks (no regex pass).
    assert TextDoc.from_text("Un Été\n\nÀ Rabat\nFin.").folded == "un été  à rabat fin."


def test_words_with_a_cap_stop_counting_past_it() -> None:
    doc = TextDoc.from_text("one two, three... four\nfive six")
    assert doc.words(0, len(doc.text)) == 6
    for cap in range(8):
        assert doc.words(0, len(doc.text), cap=cap) == min(6, cap + 1)
    assert doc.words(4, 7, cap=0) == 1
    assert doc.words(3, 4, cap=3) == 0


def test_the_compiled_fold_folds_as_python_does() -> None:
    """``_phrases.fold`` gives ``folded`` in one pass, and declines the texts whose
    lower case it cannot give character for character (İ, Σ)."""
    import os

    import pytest

    from cleantext import textdoc

    native = textdoc._native_fold()
    if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
        assert native is not None, "the compiled fold was not built"
    if native is None:
        pytest.skip("compiled fold not built")
    every = "".join(
        chr(c)
        for c in range(sys.maxunicode + 1)
        if not 0xD800 <= c < 0xE000 and c not in (0x130, 0x3A3)
    )
    samples = [every, "", "Un Été\n\nÀ Rabat\nFin.", "ÀÉ Straße\u00a0ÿ\t", "Ÿ Ā ’ Ω\u2028x"]
    samples.append("µ\x1c\x85")
    samples += [every[i : i + 300] for i in range(0, len(every), 70_001)]
    for text in samples:
        expected = regex.sub(r"\s", " ", text.lower())
        assert native.fold(text, textdoc._SPACES.table, textdoc._SPACES) == expected
        assert TextDoc.from_text(text).folded == expected
    for odd in ("İstanbul", "ΟΔΟΣ ΟΔΟΣ"):
        assert native.fold(odd, textdoc._SPACES.table, textdoc._SPACES) is None
        assert TextDoc.from_text(odd).folded == odd.lower()
