"""Guard prefixes and required literals only skip searches that cannot succeed.

``PhraseSet.find`` skips a phrase at a first-word hit when the folded text does not
start with one of the phrase's longer prefixes (``phrases.guard_prefixes``), and a
whole-text search when the folded text lacks the phrase's literal
(``phrases.required_literal``). These tests run every rule's phrases with and
without both over the removed and kept text of every fixture, also spaced out,
tabbed, upper-cased and with the characters that case-fold oddly (``ſ``, ``K``,
``İ``), and want the same matches.
"""

from __future__ import annotations

import pytest
import regex

from cleantext.phrases import (
    PhraseSet,
    compile_phrases,
    guard_prefixes,
    phrase_rules,
    required_literal,
)
from cleantext.textdoc import TextDoc
from fixture_texts import fixture_texts


def _variants(text: str) -> list[str]:
    return [
        text,
        text.replace(" ", "  "),
        text.replace(" ", "\t"),
        "12 " + text.replace(" ", " 3 "),  # numbers before words: "{n} comments"
        text.replace(" ", " \u00a0"),
        text.upper(),
        text.replace("s", "\u017f").replace("k", "\u212a"),
        text.replace("i", "\u0130"),  # lower-casing moves offsets: no index at all
        # A whole word ("ad", "comments?") glued to what follows it, or not.
        text.replace(" ", "_ "),
        text.replace(" ", "1 "),
        text.replace(" ", "\u00e9 "),
        text.replace(" ", "\u00b2 "),
        text.replace(" ", "\u0301 "),
        # Latin-1 letters in the guard's window, and their upper case.
        text.replace("e", "\u00e9").replace("u", "\u00fc"),
        text.upper().replace("E", "\u00c9").replace("U", "\u00dc"),
        text.replace("a", "\u00e0 ").replace("o", "\u00b5"),
    ]


TEXTS = [v for t in fixture_texts() for v in _variants(t)]


def _found(phrases: PhraseSet, text: str) -> list[tuple[str, int, int]]:
    doc = TextDoc.from_text(text)
    return [(p.source, m.start(), m.end()) for p, m in phrases.find(doc.text, doc.folded)]


@pytest.mark.parametrize("rule", phrase_rules())
def test_guards_skip_no_match(rule: str) -> None:
    guarded = compile_phrases(rule, ())
    unguarded = PhraseSet(guarded.phrases)
    unguarded._guards = tuple(None for _ in guarded.phrases)
    unguarded._literals = tuple("" for _ in guarded.phrases)
    assert TEXTS
    for text in TEXTS:
        assert _found(guarded, text) == _found(unguarded, text)


def test_guards_skip_hits_and_end_with_odd_case_characters() -> None:
    assert guard_prefixes("newsletter abonnieren") == (("newsletter abonn",), 16, False)
    assert guard_prefixes("comments?") == (("comment", "comments"), 8, True)
    assert guard_prefixes("{n} comments") is None
    assert guard_prefixes("\u017fubscribe now") is None
    phrases = compile_phrases("newsletter-signup", ())
    text = "Our newsletter is great. Newsletter  abonnieren"
    hits = phrases.first_word_hits(text.lower())
    assert len(hits) >= 2  # both "newsletter"s are candidates...
    found = {(p.source, m.group()) for p, m in phrases.find(text, text.lower())}
    # ... the guard skips the first; two spaces in the text do not hide the second.
    assert ("newsletter abonnieren", "Newsletter  abonnieren") in found
    assert not any(g == "newsletter abonnieren" and m != text[25:] for g, m in found)


def test_literals_hold_only_letters_that_fold_to_themselves() -> None:
    assert required_literal("{n} comments?") == "comment"
    assert required_literal("(read|see) more") == "more"
    assert required_literal("read more|see more") == ""
    assert required_literal("kommentare? \\d+ lesen") == "kommentar"
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    letters = {c for rule in phrase_rules() for p in compile_phrases(rule, ()).phrases
               for c in required_literal(p.source)}
    assert letters
    for letter in letters:
        # Whatever regex matches case-insensitively lower-cases to the letter itself.
        for char in regex.findall("(?i)" + regex.escape(letter), every, flags=regex.V0):
            assert char.lower() == letter, (letter, char)
