"""Phrases without first words ("{n} comments") are searched from their literal.

``PhraseSet.find`` tries such a phrase only in the run of characters its lead
(optional words, numbers, spaces) may hold before each place where the phrase's
literal occurs in the folded text (``phrases.lead_literal``), and must find exactly
what ``pattern.finditer`` finds over the whole text: the same matches, none
overlapping.
"""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.phrases import (
    _lead_matches,
    _lead_search,
    compile_phrases,
    lead_literal,
    phrase_rules,
)
from cleantext.textdoc import TextDoc
from fixture_texts import fixture_texts

LEAD_PHRASES = [
    p
    for rule in phrase_rules()
    for p in compile_phrases(rule, ()).phrases
    if p.starts is None and lead_literal(p.source) is not None
]


def _variants(text: str) -> list[str]:
    return [
        text,
        "12 " + text.replace(" ", " 3 "),
        "1.2, 3 " + text.replace(" ", " 4  5\t"),
        text.replace(" ", "\u00a0"),
        text.upper(),
        text.replace("k", "\u212a").replace("s", "\u017f"),
    ]


def _same(pattern: regex.Pattern[str], source: str, text: str) -> None:
    doc = TextDoc.from_text(text)
    if len(doc.folded) != len(text):
        return  # find() searches everywhere then
    lead = _lead_search(source)
    assert lead is not None
    got = [m.span() for m in _lead_matches(pattern, text, doc.folded, *lead, None)]
    assert got == [m.span() for m in pattern.finditer(text)], (source, text)


def test_the_built_in_number_phrases_have_a_lead() -> None:
    sources = {p.source for p in LEAD_PHRASES}
    assert "{n} comments?" in sources
    assert "(alle )?({n} )?kommentare (anzeigen|lesen|laden)" in sources
    assert lead_literal("{n} comments?") == ("\\d.,\\s", "comment")
    assert lead_literal("{n} comments? (here|there)")[1] == "comment"  # type: ignore[index]
    assert lead_literal("(a|b) {n} x") is None  # literal too short
    assert lead_literal("{social} fans") is None
    assert lead_literal("{n}|comments") is None
    assert lead_literal("(?i){n} comments") is None


@pytest.mark.parametrize("phrase", LEAD_PHRASES, ids=lambda p: p.source)
def test_lead_search_finds_what_finditer_finds_in_fixtures(phrase) -> None:  # type: ignore[no-untyped-def]
    hard = [
        "1 2 comments 3 comments4 comments",
        "alle alle 5 6 Kommentare anzeigen alle Kommentare lesen 7 kommentare",
        "x12 comments, 1,5 comentarios 3 commentaires 4 تعليقات 5\n\ncomments",
        "kommentare kommentare anzeigen 1 kommentarekommentare laden",
    ]
    for text in [*hard, *fixture_texts()]:
        for variant in _variants(text):
            _same(phrase.pattern, phrase.source, variant)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from([
    "alle", "ALLE", "5", "1,2", "3.", " ", " ", "  ", "\t", "\n", "x", "4a", "é",
    "kommentare", "Kommentare", "\u212aommentare", "anzeigen", "lesen", "comments",
    "comment", "commentaires", "comentarios", "تعليقات",
]), max_size=30))
def test_lead_search_on_random_text(words: list[str]) -> None:
    text = "".join(words)
    for phrase in LEAD_PHRASES:
        _same(phrase.pattern, phrase.source, text)
