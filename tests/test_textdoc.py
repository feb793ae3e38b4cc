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
