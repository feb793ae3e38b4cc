"""The shared phrase index: one pass finds every phrase rule's candidates, and each
rule's matches are exactly those its own phrase set finds alone. The compiled trie
(``_phrases.pyx``) gives exactly what the automaton and the Python guard check give.

CI builds the extension and sets ``CLEANTEXT_REQUIRE_NATIVE=1``, so there a missing
extension fails instead of skipping.
"""

from __future__ import annotations

import os
import sys
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Config, clean
from cleantext import phrases as phrases_module
from cleantext.phrases import PhraseIndex, compile_phrases, phrase_index, phrase_rules
from cleantext.textdoc import TextDoc
from fixture_texts import fixture_texts

NATIVE = phrases_module._native()
if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
    assert NATIVE is not None, "the compiled trie was not built (CLEANTEXT_REQUIRE_NATIVE=1)"
native = pytest.mark.skipif(NATIVE is None, reason="compiled trie not built")

PAGE = (
    "Accueil Actualités Sport Abonnez-vous à notre newsletter pour ne rien manquer. "
    "This website uses cookies to improve your experience. Read also: the mayor's plan. "
    "Le conseil municipal a adopté mardi le nouveau budget. 12 comments Leave a reply "
    "Share on Facebook Follow us on Twitter © 2024 Example Media. All rights reserved."
)


def test_every_phrase_rule_is_indexed() -> None:
    index = phrase_index(())
    assert {"cookie-notice", "newsletter-signup", "outside-main-text"} <= set(phrase_rules())
    assert set(phrase_rules()) <= set(index.sets)


@pytest.mark.parametrize("rule", phrase_rules())
def test_shared_candidates_find_what_each_set_finds_alone(rule: str) -> None:
    phrases = compile_phrases(rule, ())
    for text in [PAGE, *_variants(PAGE)]:
        doc = TextDoc.from_text(text)
        alone = phrases.find(doc.text, doc.folded)
        shared = phrases.find(
            doc.text, doc.folded, candidates=phrase_index(()).candidates(doc.folded)[rule]
        )
        assert [(p.source, m.span()) for p, m in alone] == [
            (p.source, m.span()) for p, m in shared
        ]


def test_extra_phrases_join_the_index() -> None:
    index = phrase_index((), (("ad-label", "sponsored by acme"),))
    found = index.candidates("this post is sponsored by acme today")["ad-label"]
    assert any(start == len("this post is ") for start, _ in found)
    config = Config(extra_phrases=(("ad-label", "sponsored by acme"),))
    result = clean("An article.\nSponsored by Acme\n" + PAGE, config=config)
    assert any(r.rule == "ad-label" and "Acme" in r.text for r in result.removals)


def test_an_escaped_optional_character_is_optional_in_the_prefixes() -> None:
    """``\\(?credit`` matches "Credit:" and "(Credit:": both must be index keys, or
    the phrase is never tried on the text that lacks the parenthesis."""
    from cleantext.phrases import first_words

    assert first_words(r"\(?credits? ?:") == frozenset({"(credi", "credit"})
    assert first_words(r"a\.b") == frozenset({"a.b"})


def test_no_built_in_phrase_is_tried_at_every_word() -> None:
    """A phrase whose index keys are one letter long is tried at every word of that
    letter (a regex match each): too many alternatives make ``first_words`` fall back
    to such keys, and a long page then takes seconds per rule."""
    from pathlib import Path

    import cleantext
    from cleantext.phrases import first_words

    root = Path(cleantext.__file__).parent / "phrases"
    short = []
    for path in sorted(root.glob("*/*.txt")):
        if path.parent.name == "neutral":
            continue  # macro lists, not phrases
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            body = line[2:] if line[:2] in ("= ", "^ ") else line
            keys = first_words(body)
            if keys is not None and min(len(k) for k in keys) < 2:
                short.append(f"{path.parent.name}/{path.name}: {line}")
    assert not short, short


def _variants(text: str) -> list[str]:
    """``text`` spaced out, tabbed, upper-cased, glued and with characters outside
    ASCII, where guards and word starts are easy to get wrong."""
    return [
        text.replace(" ", "  "),
        text.replace(" ", "\t"),
        text.replace(" ", " \u00a0"),
        text.upper(),
        text.replace(" ", ""),
        text.replace(" ", "é"),
        text.replace(" ", "-"),
        text.replace("e", "\u00e9").replace("a", "\u0101"),
        text.replace("s", "\u017f").replace("k", "\u212a"),
        text.replace(" ", "\U0001f600 "),
        "x" + text,
        text[1:],
        text[:-3],
    ]



def _python_index(sets: dict[str, phrases_module.PhraseSet]) -> PhraseIndex:
    """The same index with the Python search (automaton and Python guards)."""
    native_search = phrases_module._native
    phrases_module._native = lambda: None  # type: ignore[assignment]
    try:
        return PhraseIndex(sets)
    finally:
        phrases_module._native = native_search  # type: ignore[assignment]


def _folded(text: str) -> str:
    return TextDoc.from_text(text).folded


@native
def test_compiled_index_gives_the_python_candidates() -> None:
    compiled = phrase_index(())
    python = _python_index(compiled.sets)
    assert compiled._trie is not None and python._trie is None
    texts = [PAGE, *_variants(PAGE)]
    for text in fixture_texts():
        texts.extend([text, *_variants(text)])
    nonempty = 0
    for text in texts:
        folded = _folded(text)
        expected = python.candidates(folded)
        assert compiled.candidates(folded) == expected
        nonempty += any(expected.values())
    assert nonempty > len(texts) // 2


@native
@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("adeiklnoprstuw -'’.\téß\u0130\u017fـت")),
               max_size=80))
def test_compiled_index_on_random_text(text: str) -> None:
    compiled = phrase_index(())
    folded = _folded(text)
    assert compiled.candidates(folded) == _python_index(compiled.sets).candidates(folded)


@native
@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(st.text(alphabet="ab é", min_size=1, max_size=4), st.integers(), max_size=12),
    st.text(alphabet="ab é.\u00e0", max_size=40),
)
def test_compiled_trie_gives_the_automatons_hits(keys: dict[str, int], text: str) -> None:
    trie = NATIVE.WordTrie({key: (value,) for key, value in keys.items()})
    automaton = phrases_module._automaton({key: [value] for key, value in keys.items()})
    expected = phrases_module._word_start_hits(automaton, text) if keys else []
    assert trie.hits(text) == expected


@native
@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="ab é-", min_size=1, max_size=5), min_size=1, max_size=6),
    st.booleans(),
    st.integers(1, 8),
    st.text(alphabet="ab é-.\u00e0\u0101  ", max_size=40),
)
def test_compiled_guards_are_may_match(prefixes: list[str], whole: bool, longest: int,
                                       text: str) -> None:
    """The compiled candidates keep the hits whose guard ``may_match`` allows (each
    guard's prefixes walked as a trie), whole guards and the window check alike."""
    guard = (tuple(sorted(set(prefixes))), longest, whole)
    keys = {"a": ((0, 0, guard), (1, 1, None)), "b": ((1, 2, guard),)}
    trie = NATIVE.WordTrie(keys)
    expected: list[list[tuple[int, int]]] = [[], []]
    for start, entries in trie.hits(text):
        for slot, i, entry_guard in entries:
            if phrases_module.may_match(text, start, entry_guard):
                expected[slot].append((start, i))
    assert trie.candidates(text, 2) == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.sampled_from(["kommentar", "e", "comment", "a", "ar", " ", "تعليقا", "5"]),
                max_size=12).map("".join))
def test_missing_literals_are_those_the_text_lacks(text: str) -> None:
    """A literal skipped because a shorter one it holds is missing is missing too:
    the set is exactly the literals not in the folded text."""
    phrases = phrase_index(()).sets["comments-section"]
    folded = text.lower()
    literals = {phrases._literals[i] for i in phrases._anywhere} - {""}
    assert len(literals) >= 4
    assert phrases._missing_literals(folded) == {lit for lit in literals if lit not in folded}


@native
@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="ab éت", min_size=1, max_size=4), min_size=1, max_size=6,
             unique=True),
    st.text(alphabet="ab éت.\u00e0\U0001f600", max_size=40),
)
def test_compiled_occurrences_are_every_find(keys: list[str], text: str) -> None:
    """``WordTrie.occurrences`` gives, per key, every start that ``str.find`` visits
    (anywhere in the text, overlapping ones too), in increasing order."""
    trie = NATIVE.WordTrie({key: k for k, key in enumerate(keys)})
    assert trie.occurrences(text) == [list(phrases_module._occurrences(text, key)) for key in keys]


@native
def test_literal_positions_drive_the_same_matches() -> None:
    """The comment counters ("{n} comments") found from the index's literal pass
    are those found by searching each literal on its own."""
    index = phrase_index(())
    phrases = index.sets["comments-section"]
    assert phrases.literals  # the set has phrases searched everywhere
    texts = [
        PAGE, "3 comments 12 Kommentare alle Kommentare anzeigen 4 تعليقات 5 comentarios",
        "comment comments commentaires 1 commentaire 2 kommentarkommentare",
        *fixture_texts(),
    ]
    for text in texts:
        doc = TextDoc.from_text(text)
        at = index.literal_positions(doc.folded)
        assert at is not None
        assert set(at) >= set(phrases.literals)
        for literal in phrases.literals:
            assert at[literal] == list(phrases_module._occurrences(doc.folded, literal))
        candidates = index.candidates(doc.folded)["comments-section"]
        spans = [(p.source, m.span()) for p, m in phrases.find(
            doc.text, doc.folded, candidates=candidates, literal_at=at)]
        assert spans == [(p.source, m.span()) for p, m in phrases.find(
            doc.text, doc.folded, candidates=candidates)]


@native
def test_compiled_fold_in_every_width() -> None:
    """``_phrases.fold`` folds Latin-1, BMP and wider texts alike (each in a buffer
    of its own width, ASCII through a table) as ``str.lower`` with ``\\s`` made a
    space does."""
    import regex

    from cleantext import textdoc

    latin = "".join(map(chr, range(256)))
    bmp = "".join(
        chr(c) for c in range(0xFFFF) if not 0xD800 <= c < 0xE000 and c not in (0x130, 0x3A3)
    )
    for text in (latin, latin[::-1] * 3, bmp, bmp[::-1], "A\u2028B" * 5, "ÀB\U0001f600Ç\x85"):
        for piece in (text, text[:97], text[-300:]):
            expected = regex.sub(r"\s", " ", piece.lower())
            assert NATIVE.fold(piece, textdoc._SPACES.table, textdoc._SPACES) == expected
    assert NATIVE.fold("Ab İ", textdoc._SPACES.table, textdoc._SPACES) is None
    assert NATIVE.fold("ab\u2028Σ", textdoc._SPACES.table, textdoc._SPACES) is None


def _find_reference(
    phrases: phrases_module.PhraseSet, text: str, candidates: list[tuple[int, int]]
) -> list[tuple[str, tuple[int, int]]]:
    """``PhraseSet.find`` for a set whose every phrase is indexed, as it was: every
    match kept by ``(phrase, start)`` in candidate order, then sorted by start, the
    longer first."""
    found: dict[tuple[int, int], object] = {}
    for start, i in candidates:
        if (i, start) in found:
            continue
        match = phrases.phrases[i].pattern.match(text, start)
        if match is not None:
            found[(i, start)] = match
    ordered = sorted(found.items(), key=lambda item: (item[1].start(), -item[1].end()))  # type: ignore[attr-defined]
    return [(phrases.phrases[i].source, match.span()) for (i, _), match in ordered]  # type: ignore[attr-defined]


#: Phrases that share first words and starts, some labels of one another.
_OVERLAPPING = (
    "newsletter", "newsletter abonnieren", "= newsletter", "newsletters?", "news", "e-?mail",
    "email newsletter", "sign up", "sign up for (our )?newsletters?",
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.sampled_from(["Newsletter", "newsletter abonnieren", "news", "E-Mail",
                              "email newsletter", "Sign up", "for our newsletters", " ",
                              "\n", ". ", "ſign up", "İ", "😀", "é"]), max_size=12),
    st.randoms(use_true_random=False),
    st.booleans(),
)
def test_find_on_hostile_candidates_gives_what_it_gave(
    parts: list[str], rnd: object, shuffle: bool
) -> None:
    """Candidates twice, out of order, at starts where nothing matches: the matches
    (each once, by start, the longer first, ties in candidate order) stay the same."""
    phrases = phrases_module.PhraseSet(
        tuple(compile_phrases("newsletter-signup", (), _OVERLAPPING).phrases[-len(_OVERLAPPING):])
    )
    text = "".join(parts)
    folded = text.lower()
    if len(folded) != len(text):
        return  # find then searches everywhere (another path)
    candidates = [(start, i) for start in range(len(text)) for i in range(len(phrases.phrases))
                  if i % 3 == start % 3 or start % 2]
    candidates += candidates[::3]  # twice
    if shuffle:
        rnd.shuffle(candidates)  # type: ignore[attr-defined]
    got = [(p.source, m.span()) for p, m in phrases.find(text, folded, candidates=candidates)]
    assert got == _find_reference(phrases, text, candidates)
    # The set's own index gives each phrase once per place, and the same matches.
    own = phrases.candidates(folded)
    assert len(own) == len(set(own))
    assert [(p.source, m.span()) for p, m in phrases.find(text, folded)] == _find_reference(
        phrases, text, own
    )


def test_index_words_drop_the_words_a_shorter_one_begins() -> None:
    words = frozenset({"comment", "comments", "commentaire", "avis"})
    assert phrases_module.index_words(words) == ["avis", "comment"]
    assert phrases_module.index_words(None) == []


@pytest.mark.parametrize("rule", phrase_rules())
def test_the_index_gives_each_phrase_once_per_place(rule: str) -> None:
    index = phrase_index(())
    for text in [PAGE, *_variants(PAGE), *fixture_texts()[:40]]:
        folded = TextDoc.from_text(text).folded
        found = index.candidates(folded)[rule]
        assert len(found) == len(set(found))


# The compiled scans read 16 or 64 characters at a time, filter word starts by the
# trie's first four steps and read ASCII runs with SSE2: texts longer than those
# blocks, in every width, with keys deeper than four characters, keys that end
# before the fourth, non-ASCII and astral characters in keys and texts, and words
# right at the text's end.
_WIDE = "ā’ت"  # BMP characters: the text is 2 bytes wide
_ASTRAL = "\U0001f600\U00010400"  # outside the BMP: 4 bytes wide
_KEYS = st.text(alphabet="ab é-" + _WIDE + _ASTRAL[0], min_size=1, max_size=7)
_TEXTS = st.text(alphabet="ab é.-\u00e0\n" + _WIDE + _ASTRAL, max_size=300)


def _widths(text: str) -> list[str]:
    """``text`` as it is, and with a character that makes it 2 and 4 bytes wide
    (at its end, where a key that starts the text still starts it)."""
    return [text, text + "\u0101", text + "\U0001f600"]


def _expected_hits(keys: dict[str, int], text: str) -> list[tuple[int, Any]]:
    automaton = phrases_module._automaton({key: [value] for key, value in keys.items()})
    return phrases_module._word_start_hits(automaton, text) if keys else []


@native
@settings(max_examples=300, deadline=None)
@given(st.dictionaries(_KEYS, st.integers(), max_size=12), _TEXTS)
def test_compiled_trie_hits_in_long_texts_of_every_width(keys: dict[str, int],
                                                         text: str) -> None:
    trie = NATIVE.WordTrie({key: (value,) for key, value in keys.items()})
    for variant in _widths(text):
        assert trie.hits(variant) == _expected_hits(keys, variant)


@native
@pytest.mark.parametrize("extra", ["", "\u00e9", "\u0101", "\U0001f600"])
def test_compiled_trie_hits_at_block_edges(extra: str) -> None:
    """Keys of every length from 1 to 9 at every offset around the 64-character
    blocks and at the very end of the text, in each width."""
    keys = {"a": 1, "ab": 2, "abc": 3, "abcd": 4, "abcde": 5, "abcdefghi": 9,
            "é" + "b": 6, "\u0101bc": 7, "\U0001f600x": 8, "’s": 10}
    words = ["abcdefghij", "abcde", "abc", "xab", "éb", "\u0101bcd", "\U0001f600x", "’s"]
    for pad in range(0, 70, 3):
        for word in words:
            for tail in ("", " ", " ab", " abcd", " a"):
                text = extra + "z" * pad + " " + word + " " + word + tail
                assert NATIVE.WordTrie({k: (v,) for k, v in keys.items()}).hits(text) \
                    == _expected_hits(keys, text), text


@native
@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcé" + _WIDE + _ASTRAL[0], min_size=1, max_size=6),
             min_size=1, max_size=6, unique=True),
    _TEXTS,
)
def test_compiled_occurrences_in_long_texts_of_every_width(keys: list[str], text: str) -> None:
    """Few keys of two characters or more are found by their first two characters
    16 at a time; more, or a key of one character, position by position: both
    give every ``str.find``."""
    trie = NATIVE.WordTrie({key: k for k, key in enumerate(keys)})
    for variant in _widths(text) + _widths(text.replace(" ", "ab")):
        expected = [list(phrases_module._occurrences(variant, key)) for key in keys]
        assert trie.occurrences(variant) == expected


@native
def test_compiled_occurrences_of_keys_wider_than_the_text() -> None:
    """Keys whose first two characters cannot be in a Latin-1 text find nothing
    there, and are found once the text is wider."""
    keys = ["تعليقا", "\u0101b"]
    trie = NATIVE.WordTrie({key: k for k, key in enumerate(keys)})
    latin = "comment " * 10
    assert trie.occurrences(latin) == [[], []]
    wide = latin + "تعليقات \u0101b" + latin
    assert trie.occurrences(wide) == [[wide.index("تعليقا")], [wide.index("\u0101b")]]


@native
@settings(max_examples=400, deadline=None)
@given(
    st.lists(st.text(alphabet="abé -’", min_size=1, max_size=6), min_size=1, max_size=6),
    st.lists(st.text(alphabet="abé-’", min_size=1, max_size=4), min_size=1, max_size=4,
             unique=True),
    st.booleans(),
    st.integers(1, 9),
    st.text(alphabet="abé -’.\u00e0\u0101  ", max_size=80),
)
def test_compiled_guards_after_longer_keys(prefixes: list[str], keys: list[str], whole: bool,
                                          longest: int, text: str) -> None:
    """A guard's walk goes on from where the hit's key leads: prefixes that end
    inside the key (whole or not), that the key leaves, or that go on after it,
    give what ``may_match`` gives."""
    guard = (tuple(sorted(set(prefixes))), longest, whole)
    trie = NATIVE.WordTrie({key: ((k % 2, k, guard),) for k, key in enumerate(keys)})
    for variant in (text, text + "".join(keys), " ".join(keys) + " " + text):
        expected: list[list[tuple[int, int]]] = [[], []]
        for start, entries in trie.hits(variant):
            for slot, i, entry_guard in entries:
                if phrases_module.may_match(variant, start, entry_guard):
                    expected[slot].append((start, i))
        assert trie.candidates(variant, 2) == expected


@native
def test_compiled_fold_gives_canonical_strings() -> None:
    """The fold writes into a string of the text's width and narrows it where the
    folded characters fit a narrower one (as ``str`` always is): equal strings of
    the same width and ASCII-ness as ``str.lower`` gives; ASCII runs (read 16 or 8
    at a time) with every control character among them."""
    import regex

    from cleantext import textdoc

    controls = "".join(map(chr, range(128)))
    texts = [
        "\xa0Abc", "Ab\xa0" * 9, "\u2028ABC" * 7, "É\u2028" * 9, "Ā\u2028" * 9,
        "\U0001f600Ab", "\U00010400" * 3, "x" * 40 + "\U00010400", "µ" * 20, "µĀ",
        controls * 3, "Ab’" + controls + "Ā" + controls[::-1], "\x1c\x1d\x1e\x1f\x85" * 5,
        "", "A", "ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`{|}~\x7f" * 3,
    ]
    for text in texts:
        for piece in (text, text[1:], text[:-1]):
            expected = regex.sub(r"\s", " ", piece.lower())
            folded = NATIVE.fold(piece, textdoc._SPACES.table, textdoc._SPACES)
            assert folded == expected
            assert folded.isascii() == expected.isascii()
            assert sys.getsizeof(folded) == sys.getsizeof(expected)
