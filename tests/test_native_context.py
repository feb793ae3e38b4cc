"""The compiled loops of ``outside-main-text`` (``rules/_context.pyx``) give exactly
what the Python versions give: the per-unit counts (words, word starts by case,
marks, digits), the neighbour means, the stacked rows and the probabilities — bit
for bit, on the text fixtures, on generated scraped text and on random inputs.

CI builds the extension and sets ``CLEANTEXT_REQUIRE_NATIVE=1``, so there a missing
extension fails instead of skipping.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import importlib.util
import itertools
import os
import random
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
import regex
from hypothesis import given, settings

from cleantext import Cleaner
from cleantext.errors import InputError
from cleantext.rules import main_text as mt
from strategies import scraped_texts

HERE = Path(__file__).parent
TEXTS = sorted(HERE.glob("fixtures/**/input.txt"))

NATIVE = mt._native()
if os.environ.get("CLEANTEXT_REQUIRE_NATIVE") == "1":
    assert NATIVE is not None, "the compiled loops were not built (CLEANTEXT_REQUIRE_NATIVE=1)"
native = pytest.mark.skipif(NATIVE is None, reason="compiled loops not built")


def _same(a: Any, b: Any) -> bool:
    """Equal, and the floats equal bit for bit (``repr`` tells -0.0 from 0.0)."""
    return bool(a == b) and repr(a) == repr(b)


def _both(monkeypatch: pytest.MonkeyPatch, text: str) -> int:
    """Clean ``text``; wherever the rule looks for the article, compute the feature
    rows, the stacked rows and the probabilities with the compiled loops and with
    the Python ones, and require them equal. Returns how many pages were compared."""
    compared = 0
    inside = mt.inside

    def check(doc: Any, ctx: Any, model: mt.Model) -> Any:
        nonlocal compared
        units = mt.units_of(doc)
        if units:
            words = mt.unit_words(doc.text, units)
            out = []
            for impl in (lambda: NATIVE, lambda: None):
                monkeypatch.setattr(mt, "_native", impl)
                rows = mt.features(doc, units, ctx)
                first = model.log_odds(rows)
                out.append((rows, mt.stacked([r[:] for r in rows], first, words),
                            mt.probabilities([r[:] for r in rows], model, words)))
            monkeypatch.setattr(mt, "_native", lambda: NATIVE)
            assert _same(out[0], out[1])
            # The matrix path of the rule: the same features, probabilities, labels.
            # (The matrix as wide as the second stage's rows, the STACK columns 0.)
            matrix = mt._features(doc, units, ctx, matrix=True)
            width = len(mt.FEATURES)
            wide = NATIVE.to_rows(matrix)
            assert _same([row[:width] for row in wide], out[1][0])
            assert all(row[width:] == [0.0] * len(mt.STACK) for row in wide)
            narrow = NATIVE.to_matrix(out[1][0], width)
            removed = NATIVE.column(narrow, mt._REMOVED_SHARE)
            assert _same(mt._matrix_probabilities(NATIVE, narrow, removed, model, words),
                         out[1][2])
            # The rule's steps on it: the log-odds as C arrays, the stacked columns
            # written into the matrix itself.
            first = model.log_odds.score_array(matrix)
            assert _same(list(first), model.log_odds(out[1][0]))
            NATIVE.stack_in_place(matrix, first, width, mt._REMOVED_SHARE, words, mt._WHOLE,
                                  mt.FIRST_THRESHOLD, mt.CORE_THRESHOLD, mt.FIRST_SWITCH,
                                  mt.LOW)
            assert _same(NATIVE.to_rows(matrix), out[1][1])
            second = model.second_log_odds.score_array(matrix)
            assert _same([mt._logistic(z) for z in second], out[1][2])
            labels = inside(doc, ctx, model)
            monkeypatch.setattr(mt, "_native", lambda: None)
            assert inside(doc, ctx, model) == labels
            monkeypatch.setattr(mt, "_native", lambda: NATIVE)
            compared += 1
        return inside(doc, ctx, model)

    monkeypatch.setattr(mt, "inside", check)
    with contextlib.suppress(InputError):  # refused as binary: nothing to compare
        Cleaner().clean(text)
    return compared


@native
@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.parent.name)
def test_fixture_texts_agree(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    text = path.read_text("utf-8")
    _both(monkeypatch, text)
    # Flattened to one line: the units are sentences and Title Case pieces.
    _both(monkeypatch, " ".join(text.split()))


@native
def test_some_fixture_reaches_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fixture comparison is not vacuous: long texts get scored."""
    assert sum(_both(monkeypatch, p.read_text("utf-8")) for p in TEXTS) >= 3


@native
@settings(max_examples=60, deadline=None)
@given(scraped_texts())
def test_generated_texts_agree(text: str) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _both(monkeypatch, text * 3)


#: Characters that test the classes: cases, scripts without case, apostrophes and
#: hyphens (``_CASE``'s lookbehind), the marks, digits of several scripts, spaces
#: of several kinds, combining marks, lone surrogates, astral characters.
ALPHABET = (
    "aZéÉßǅΣσςİı'’-_.,;:!?…،؟。、，！？：；0٣９½²"
    " \t\n\r\x0b\x0c\x1c\x85\xa0\u2003\u3000\u200b"
    "中あアไ\u0301\u0651\ud800\U0001d400\U0001f600|•/»@#\"«("
)


def _python_counts(text: str, units: list[tuple[int, int]]) -> tuple[list[int], ...]:
    pieces = [text[s:e] for s, e in units]
    starts = [mt._CASE.findall(piece) for piece in pieces]
    uppers = [len(found) - found.count("") for found in starts]
    return (
        [len(piece.split()) for piece in pieces],
        uppers,
        [len(found) - up for found, up in zip(starts, uppers, strict=True)],
        mt._counts(mt._MARK, text, units),
        mt._counts(mt._DIGIT, text, units),
    )


@native
def test_unit_counts_agree_on_random_text() -> None:
    """On texts of one, two and four bytes per character (each width has its loop)."""
    rng = random.Random(11)
    for alphabet in (ALPHABET, LATIN1, WIDE):
        _unit_counts_agree(rng, alphabet)


#: Characters of one byte each (a text of them is stored one byte per character),
#: and of at most two bytes.
LATIN1 = "".join(c for c in ALPHABET if ord(c) < 256) + "ÀÞþÿ\xad\xaa\xba"
WIDE = "".join(c for c in ALPHABET if ord(c) < 0x10000) + "ΣσЖж"


def _unit_counts_agree(rng: random.Random, alphabet: str) -> None:
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(4))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        got = NATIVE.unit_counts(text, units, mt._class_table(), mt._char_class)
        assert tuple(got) == _python_counts(text, units), text
        _unit_stats_agree(text, units)


def _unit_stats_agree(text: str, units: list[tuple[int, int]]) -> None:
    """The one-pass ``unit_stats`` are ``unit_counts``'s five lists, the spaces plus
    one, the bullet starts (``_BULLET.match``), the title starts (``_title_start`` of
    units of eight words or more) and the repeated texts of each unit."""
    stats = NATIVE.unit_stats(text, units, mt._class_table(), mt._char_class,
                              mt._BULLET_CLASSES.table, mt._BULLET_CLASSES, 8, 4)
    assert tuple(stats[:5]) == _python_counts(text, units), text
    assert stats[5] == [text.count(" ", a, b) + 1 for a, b in units], text
    assert NATIVE.space_words(text, units) == stats[5]
    assert stats[6] == [mt._BULLET.match(text[a:b]) is not None for a, b in units], text
    pieces = [text[a:b] for a, b in units]
    assert stats[7] == [len(p.split()) >= 8 and mt._title_start(p) for p in pieces], text
    assert stats[7] == NATIVE.title_starts(text, units, stats[0], 8, 4)
    repeats = Counter(pieces)
    assert stats[8] == [repeats[p] > 1 for p in pieces], text
    assert stats[8] == NATIVE.repeated_units(text, units)


@native
def test_unit_stats_agree_on_long_units_and_bullets() -> None:
    """Units longer than the packed counts hold (65535 characters: added up in
    parts), empty units and units at the text's end, in each character width."""
    for extra in ("", "é", "’", "\U0001f600"):
        text = ("Ab 1, cd! " * 7000) + extra + "2) Eé"
        units = [(0, len(text)), (3, 70003), (len(text) - 5, len(text)), (len(text), len(text))]
        got = NATIVE.unit_counts(text, units, mt._class_table(), mt._char_class)
        assert tuple(got) == _python_counts(text, units)
        _unit_stats_agree(text, units)
    rng = random.Random(37)
    alphabet = ALPHABET + "12.) •-«(\"'\u00a0\u2003٣۴."
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(4))})
        _unit_stats_agree(text, [(a, b) for a, b in itertools.pairwise(cuts) if b > a])
    # Repeated lines and Title Case lines of eight words and more, in each width.
    lines = ["Home", "The Big Red Fox Runs Over The Hill Today", "A b C D E F G H",
             "Über Alles Ist Gut Und Schön Hier Und Da", "Ω Big Red Fox Runs Over The Hill 中",
             "menu", "x" * 40, "x" * 39 + "y", "", "Big Red Fox Runs Over The Hill 😀 Now"]
    for _ in range(300):
        picked = [rng.choice(lines) for _ in range(rng.randrange(0, 12))]
        text = "\n".join(picked)
        units, at = [], 0
        for line in picked:
            units.append((at, at + len(line)))
            at += len(line) + 1
        _unit_stats_agree(text, units)
    with pytest.raises(ValueError, match="out of the text"):
        NATIVE.unit_stats("abc", [(0, 4)], mt._class_table(), mt._char_class,
                          mt._BULLET_CLASSES.table, mt._BULLET_CLASSES, 8, 4)


@native
def test_unit_counts_refuse_units_out_of_the_text() -> None:
    with pytest.raises(ValueError, match="out of the text"):
        NATIVE.unit_counts("abc", [(0, 4)], mt._class_table(), mt._char_class)
    with pytest.raises(ValueError, match="cover"):
        NATIVE.unit_counts("abc", [(0, 3)], bytearray(10), mt._char_class)


def _random_rows(rng: random.Random, count: int) -> tuple[list[list[float]], list[int]]:
    rows = []
    for _ in range(count):
        row = [rng.choice((0.0, 1.0, rng.random(), rng.uniform(0, 5))) for _ in mt.BASE]
        row[mt._I["removed"]] = rng.choice((0.0, 0.0, 0.3, 0.5, 0.99, 1.0))
        row[mt._I["lower"]] = rng.choice((0.5, 0.6, 0.59, rng.random()))
        rows.append(row)
    sizes = [rng.choice((1, 3, 9, 10, 11, 29, 30, 31, 200)) for _ in range(count)]
    return rows, sizes


@native
def test_context_and_stacking_agree_on_random_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    rng = random.Random(5)
    model = mt.load_model()
    for count in [0, 1, 2, 3, *range(4, 60, 7), 300]:
        rows, sizes = _random_rows(rng, count)
        python = mt._with_context_python([r[:] for r in rows], sizes)
        compiled = mt._with_context([r[:] for r in rows], sizes)
        assert _same(compiled, python)
        first = [rng.choice((rng.uniform(-40, 40), 0.0, 30.0, -30.0, rng.gauss(0, 3)))
                 for _ in range(count)]
        assert _same(mt.stacked(python, first, sizes), mt._stacked_python(python, first, sizes))
        # The fused stacking (probabilities, runs, article, core and rows in one call).
        fused = NATIVE.stack_all(NATIVE.to_matrix(python, len(mt.FEATURES)), first,
                                 mt._REMOVED_SHARE, sizes, mt._WHOLE, mt.FIRST_THRESHOLD,
                                 mt.CORE_THRESHOLD, mt.FIRST_SWITCH, mt.LOW)
        assert _same(NATIVE.to_rows(fused)[:count], mt._stacked_python(python, first, sizes))
        # Written into a matrix as wide as the second stage's rows, from a C array.
        wide = NATIVE.to_matrix(python, len(mt.FEATURES), len(mt.SECOND))
        NATIVE.stack_in_place(wide, array.array("d", first), len(mt.FEATURES),
                              mt._REMOVED_SHARE, sizes, mt._WHOLE, mt.FIRST_THRESHOLD,
                              mt.CORE_THRESHOLD, mt.FIRST_SWITCH, mt.LOW)
        assert _same(NATIVE.to_rows(wide)[:count], mt._stacked_python(python, first, sizes))
        # The labels from the log-odds: those of their probabilities.
        labels = NATIVE.matrix_labels(NATIVE.logistic_all(first), sizes, wide,
                                      mt._LOWER_SHARE, mt._REMOVED_SHARE, mt._WHOLE,
                                      model.label_settings)
        assert NATIVE.log_odds_labels(array.array("d", first), sizes, wide, mt._LOWER_SHARE,
                                      mt._REMOVED_SHARE, mt._WHOLE,
                                      model.label_settings) == labels
        assert labels == mt.article_labels(
            mt._logistic_all(first), sizes, [row[mt._LOWER_SHARE] for row in python], model,
            [row[mt._REMOVED_SHARE] for row in python])
        assert _same(NATIVE.logistic_all(first), mt._logistic_all(first))
        native_probs = mt.probabilities(python, model, sizes)
        monkeypatch.setattr(mt, "_native", lambda: None)
        assert _same(native_probs, mt.probabilities(python, model, sizes))
        monkeypatch.setattr(mt, "_native", lambda: NATIVE)


@native
def test_stacking_in_place_refuses_what_does_not_fit() -> None:
    rows, sizes = _random_rows(random.Random(3), 5)
    first = array.array("d", [0.5] * 5)
    args = (mt._WHOLE, mt.FIRST_THRESHOLD, mt.CORE_THRESHOLD, mt.FIRST_SWITCH, mt.LOW)
    narrow = NATIVE.to_matrix(rows, len(mt.BASE), len(mt.FEATURES))
    with pytest.raises(ValueError, match="column"):  # no room for the 11 columns
        NATIVE.stack_in_place(narrow, first, len(mt.FEATURES), mt._REMOVED_SHARE, sizes, *args)
    wide = NATIVE.to_matrix(rows, len(mt.BASE), len(mt.SECOND))
    with pytest.raises(ValueError, match="column"):  # would overwrite the removed share
        NATIVE.stack_in_place(wide, first, mt._REMOVED_SHARE, mt._REMOVED_SHARE, sizes, *args)
    with pytest.raises(ValueError, match="length"):
        NATIVE.stack_in_place(wide, first[:4], len(mt.FEATURES), mt._REMOVED_SHARE, sizes,
                              *args)
    with pytest.raises(ValueError, match="one word count"):
        NATIVE.log_odds_labels(first[:4], sizes, wide, mt._LOWER_SHARE, mt._REMOVED_SHARE,
                               mt._WHOLE, mt.load_model().label_settings)


@native
def test_dense_and_page_columns_agree_on_random_rows(monkeypatch: pytest.MonkeyPatch) -> None:
    """The densest run's columns and the page columns, set in C and in Python."""
    rng = random.Random(8)
    for count in [0, 1, 2, 3, *range(4, 60, 7), 300]:
        rows, sizes = _random_rows(rng, count)
        own = len(mt.BASE) - 2
        shares = [rng.choice((-1.0, 0.0, 1.0, rng.random())) for _ in range(count)]
        for start in {0, count // 3, count}:
            for stop in {start, (start + count) // 2, count}:
                dense = range(start, stop)
                python = [r[:own] for r in rows]
                compiled = NATIVE.to_matrix(python, own, len(mt.BASE))
                mt._dense_columns_python(python, sizes, dense)
                NATIVE.dense_columns(compiled, sizes, start, stop, mt._DENSEST,
                                     mt._BEFORE_DENSEST, mt._AFTER_DENSEST)
                assert _same([r[:own] for r in NATIVE.to_rows(compiled)], python)
                assert range(*NATIVE.densest(compiled, sizes, mt._I["lower"], mt._I["marks"],
                                             mt._I["removed"], mt._WHOLE)) == _python_densest(
                    monkeypatch, python, sizes)
                NATIVE.page_columns(compiled, shares, sizes, mt._I["ends"], mt._I["lower"],
                                    mt._I["removed"], mt._WHOLE, own)
                mt._page_columns_python(python, shares, sizes)
                assert _same(NATIVE.to_rows(compiled), python)
    with pytest.raises(ValueError, match="run"):
        NATIVE.dense_columns(NATIVE.to_matrix([[0.0] * 30], 30), [1], 0, 2, 0, 1, 2)
    with pytest.raises(ValueError, match="column"):
        NATIVE.page_columns(NATIVE.to_matrix([[0.0] * 30], 30), [0.0], [1], 0, 1, 2, 0.99, 29)


def _python_densest(
    monkeypatch: pytest.MonkeyPatch, rows: list[list[float]], sizes: list[int]
) -> range:
    with monkeypatch.context() as patch:
        patch.setattr(mt, "_native", lambda: None)
        return mt._densest(rows, sizes)


def test_pure_python_switch(monkeypatch: pytest.MonkeyPatch) -> None:
    """``CLEANTEXT_PURE_PYTHON=1`` turns the compiled loops off; without it they run
    whenever they were built."""
    built = importlib.util.find_spec("cleantext.rules._context") is not None
    try:
        monkeypatch.setenv("CLEANTEXT_PURE_PYTHON", "1")
        mt._native.cache_clear()
        assert mt._native() is None
        monkeypatch.delenv("CLEANTEXT_PURE_PYTHON")
        mt._native.cache_clear()
        assert (mt._native() is not None) == built
    finally:
        monkeypatch.undo()
        mt._native.cache_clear()


AGO_TEXTS = (
    "Alex 3 hours ago\nGreat piece.", "posted 3\nhours ago by x", "vor 2 Tagen: schön",
    "il y a 5 jours, Marie", "hace 3 días · respuesta", "há 2 dias", "منذ 3 ساعات",
    "x3 days ago", "(3 days ago)", "12,3 days ago", "2018 days ago", "1 day ago1 day ago",
    "VOR 12 STUNDEN", "Il  y\ta 10 mois!", "3 ſec ago", "a-4 weeks ago.", "",
    "منذ 2019", "منذ٣", "٣ days ago", "1234 days ago", "123 Days Ago", "12\u3000years ago",
    "hace 7 Años", "5 min", "x 5\n\tmonths ago",
)


#: Pieces of relative times and of what looks like them.
AGO_PIECES = ["3", "12", "123", "1234", "٣", " ", "\t", "\u3000", "ago", "AGO", "days",
              "Stunden", "vor", "il y a", "jours", "hace", "há", "Años", "منذ", "ſec", "x",
              "-", ",", "\n", "mes", "week", "hr", "min", "MİN", "\u212aat", "sek", "año",
              "DÍA", "an", "am", "mill", "tsp", "se", "ho", "Ano", "a"]


@pytest.mark.parametrize("compiled", [True, False])
def test_relative_time_hint_misses_no_match(monkeypatch: pytest.MonkeyPatch,
                                            compiled: bool) -> None:
    """Only stretches holding ``_AGO_HINT`` are searched: on random text made of the
    pattern's own pieces, the flags are those of ``_AGO`` over the whole text."""
    if compiled and NATIVE is None:
        pytest.skip("compiled loops not built")
    monkeypatch.setattr(mt, "_native", (lambda: NATIVE) if compiled else (lambda: None))
    rng = random.Random(41)
    for _ in range(3000):
        text = "".join(rng.choice(AGO_PIECES) for _ in range(rng.randrange(0, 12)))
        units = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
        assert mt._ago_flags(text, units) == mt._flags(mt._AGO, text, units), text


@settings(max_examples=60, deadline=None)
@given(scraped_texts())
def test_relative_time_flags_search_only_where_they_can_be(text: str) -> None:
    """``_ago_flags`` (the stretches around numbers) flags what ``_flags`` with
    ``_AGO`` over the whole text flags."""
    for sample in (text, *AGO_TEXTS, " ".join(AGO_TEXTS), "\n".join(AGO_TEXTS) + text):
        cuts = sorted({0, len(sample), *range(0, len(sample), 7)})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        assert mt._ago_flags(sample, units) == mt._flags(mt._AGO, sample, units)
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", sample)]
        assert mt._ago_flags(sample, lines) == mt._flags(mt._AGO, sample, lines)


@pytest.mark.parametrize("path", TEXTS, ids=lambda p: p.parent.name)
def test_relative_time_flags_on_fixtures(path: Path) -> None:
    text = path.read_text("utf-8")
    lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    assert mt._ago_flags(text, lines) == mt._flags(mt._AGO, text, lines)


@native
def test_stop_counts_agree_on_random_text() -> None:
    rng = random.Random(13)
    stop = frozenset({"a", "é", "the", "ß", "σ", "ς", "i̇", "中"})
    alphabet = ALPHABET + "aaaa    thethe"
    for _ in range(400):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(4))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        lowered = text.lower()
        if len(lowered) != len(text) or "\u03a3" in text:
            continue  # the caller lower-cases piece by piece then
        expected = [sum(map(stop.__contains__, text[a:b].lower().split())) for a, b in units]
        tokens = NATIVE.StopTokens(lowered, dict.fromkeys(stop, 1), 1, max(map(len, stop)))
        assert tokens.counts(units, 0, stop) == expected


def test_the_unspaced_scan_answers_for_the_text_asked_about() -> None:
    spaced, unspaced = "plain words here", "国家统计局今天发布数据"
    for text, expected in [(spaced, False), (unspaced, True), (unspaced, True),
                           (spaced, False), ("x" + unspaced[:3], True), (spaced, False)]:
        assert mt._has_unspaced(text) is expected


@native
def test_case_pieces_agree_on_random_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled check that a sentence has no Title Case run to cut leaves
    ``_case_pieces`` as it was."""
    rng = random.Random(17)
    words = ["Home", "News", "the", "city", "42", "ÉTÉ", "über", "ǅx", "中国", "ß", "-", "'s",
             "Ⅻ", "٣", "a.b", "x_y", "—", "Contact", "Us", "said", "é\u0301", "\U0001d400bc"]
    # A third of the texts in Latin-1 (one byte per character: a loop of its own).
    latin1 = [w for w in words if max(w) < "\xff"]
    cut = 0
    for n in range(1500):
        text = "".join(rng.choice(latin1 if n % 3 == 0 else words)
                       + rng.choice(("", " ", " ", " ", "  ", "\n", ", "))
                       for _ in range(rng.randrange(0, 40)))
        start = rng.randrange(0, len(text) + 1) if rng.random() < 0.5 else 0
        end = rng.randrange(start, len(text) + 1) if rng.random() < 0.5 else len(text)
        compiled = mt._case_pieces(text, start, end)
        spans = [(start, end), (0, start), (end, len(text))]
        assert NATIVE.case_pieces_of(text, spans, mt._class_table(), mt._char_class,
                                     mt.CASE_RUN) == [
            piece for a, b in spans for piece in mt._case_pieces(text, a, b)]
        monkeypatch.setattr(mt, "_native", lambda: None)
        assert compiled == mt._case_pieces(text, start, end), (text, start, end)
        monkeypatch.setattr(mt, "_native", lambda: NATIVE)
        cut += len(compiled) > 1
    assert cut > 50  # the cuts themselves were compared, not only whole sentences


@native
@pytest.mark.parametrize("path", TEXTS[:40], ids=lambda p: p.parent.name)
def test_stopword_language_agrees_on_fixtures(path: Path) -> None:
    """The compiled language choice (one table of all lists' words) picks the list
    the Python ``Counter`` picks, for every language set and on mixed text."""
    text = path.read_text("utf-8")
    samples = (text, text.upper(), "der die und the of " * 3 + text, "\t\u3000la le  de\x1c" * 5)
    for languages in ((), ("en",), ("de", "en"), ("fr", "es", "it", "pt"), ("xx", "nl")):
        langs = tuple(languages or mt.STOPWORD_LANGUAGES)
        table, longest = mt._stop_table(langs)
        compiled = [
            mt._best_list(langs, NATIVE.StopTokens(s.lower(), table, len(langs), longest).hits)[0]
            for s in samples
        ]
        assert compiled == [mt._stopwords(s, languages) for s in samples]


@native
def test_language_hits_count_every_word() -> None:
    rng = random.Random(5)
    table = {"a": 1, "bb": 2, "é": 3, "ß": 4, "中文": 6}
    for _ in range(200):
        text = "".join(rng.choice(["a", "bb", "é", "ß", "中文", " ", "\n", "\x1f", "\u3000", "x"])
                       for _ in range(rng.randrange(30)))
        words = text.split()
        expected = [sum(1 for w in words if table.get(w, 0) >> j & 1) for j in range(3)]
        assert NATIVE.StopTokens(text, table, 3, 2).hits == expected


@native
def test_ago_stretches_agree() -> None:
    """The compiled stretches around numbers are the Python patterns' ones."""
    rng = random.Random(21)
    alphabet = ALPHABET + "0123٣ago vor-:,.\n\t\u3000_x"
    samples = [*AGO_TEXTS, " ".join(AGO_TEXTS), *(p.read_text("utf-8") for p in TEXTS)]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
                for _ in range(500)]
    samples += ["".join(rng.choice(AGO_PIECES) for _ in range(rng.randrange(0, 12)))
                for _ in range(1500)]
    # Each text after 0 to 9 plain characters and padded with plain text (the scan
    # skips blocks of plain ASCII a word at a time), in each character width.
    for shift in range(10):
        for wide in ("", "’", "\U0001f600"):
            samples += [("ab cd " * 7)[:shift] + text + " plain text here" + wide
                        for text in AGO_TEXTS]
    for text in samples:
        assert NATIVE.ago_stretches(text, mt._AGO_CLASSES.table, mt._AGO_CLASSES,
                                    mt._AGO_UNITS) == mt._ago_stretches_python(text), text


@native
def test_the_units_of_time_are_matched_ignoring_case_as_the_pattern_does() -> None:
    """The compiled hint compares the units' letters to the characters that
    ``regex`` matches to them ignoring case (the long s, the Kelvin sign, "İ")."""
    every = "".join(map(chr, range(0x110000)))
    for letter in sorted(set("".join(mt._AGO_UNITS))):
        found = [ord(c) for c in regex.findall(f"(?i:{regex.escape(letter)})", every)]
        assert NATIVE.same_letters(letter) == found, letter


FLAG_TEXTS = (
    "1:23:45 12H30 9h5 09:30pm 123:45 1:234", "in 1999, 2020s, 12019, ٢٠٢٣ 1920 20 19",
    "Home | News » Sport / > || |x x| • ·", "|start", "see https://a.com http:x www.www.x",
    "a@b @ @x mail.de.fr x.comx .org .net. .d", "wwww. hhttp: 1920:30", "",
)


@native
def test_flag_units_agree_with_the_patterns() -> None:
    """The four timestamp and link patterns matched in C flag the units that their
    search over the whole text flags: the same match starts, and none within a
    match found before (units cut every few characters, or at random with gaps)."""
    rng = random.Random(8)
    alphabet = ALPHABET + "0129:hH|/>»•·.@wtcomnedfrsApPM \n"
    samples = [*FLAG_TEXTS, " ".join(FLAG_TEXTS), *AGO_TEXTS,
               *(p.read_text("utf-8") for p in TEXTS)]
    samples += ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 60)))
                for _ in range(1500)]
    samples += ["".join(rng.choice(("12", "1", ":", "h", "30", "45", " ", "am", "P.M",
                                    "m", "x", "20", "19", "www.", "http", "s:", ".com",
                                    ".de", "@", "|", "» ", "٣", "\n"))
                        for _ in range(rng.randrange(0, 25)))
                for _ in range(1500)]
    # Each text at every alignment after and before long plain text, two bytes a
    # character (such text is skipped eight characters at a time), and in one byte.
    for shift in range(10):
        for text in (*FLAG_TEXTS, "ht", "a.c", "x@y", "12", "a|b", "w w"):
            padded = "plain words ’ here " * 3 + "x" * shift + text + " and plain tail text"
            samples += [padded, padded.replace("’", "e"), padded.replace("’", "\U0001f600")]
    patterns = (mt._CLOCK, mt._YEAR, mt._SEPARATOR, mt._LINK)
    for text in samples:
        for step in (1, 3, 5, 1000):
            cuts = sorted({0, len(text), *range(0, len(text), step)})
            units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
            if step == 3:  # gaps between the units
                units = [(a, b - 1) for a, b in units if b - 1 > a]
            flags = NATIVE.flag_units(text, units, mt._FLAG_CLASSES.table, mt._FLAG_CLASSES)
            assert list(flags) == [mt._flags(p, text, units) for p in patterns], (text, units)


@native
def test_title_starts_agree_on_random_text() -> None:
    """The compiled look at the first four words is ``_title_start`` of the units
    with eight words or more."""
    rng = random.Random(17)
    alphabet = ALPHABET + "AAAB  Ⅷ ǅ \u3000"
    for _ in range(600):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 70)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(3))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        tokens = [len(text[a:b].split()) for a, b in units]
        for least in (0, 8):
            expected = [n >= least and text[a:b].lstrip()[:1].isupper()
                        and mt._title_start(text[a:b])
                        for n, (a, b) in zip(tokens, units, strict=True)]
            assert NATIVE.title_starts(text, units, tokens, least, 4) == expected


@native
def test_headlines_agree_on_random_text() -> None:
    """The compiled headline test is ``_headline`` of the flagged units' words:
    capitalised words, function words among them, units of any length."""
    rng = random.Random(18)
    words = ["Home", "To", "The", "Mail", "ǅx", "Ⅷ", "ÉTÉ", "of", "OF", "city", "中", "Σ",
             "1999", "In", "Über", "\U0001d400x"]
    stop = frozenset({"to", "the", "of", "in", "über", "σ"})
    for n in range(1500):
        text = "".join(rng.choice(words) + rng.choice((" ", " ", "  ", "\n", "\u3000", "\xa0"))
                       for _ in range(rng.randrange(0, 16)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(n % 3))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        titles = [rng.random() < 0.8 for _ in units]
        assert NATIVE.headlines(text, units, titles, stop) == mt._headlines(
            text, units, titles, stop), text
    assert NATIVE.headlines("A B C D e f g h", [(0, 15)], [True], frozenset()) == [False]
    assert NATIVE.headlines("A The C D e f g h", [(0, 17)], [True], stop) == [True]


@native
def test_decode_agrees_on_random_gains() -> None:
    """The compiled Viterbi labels what the Python one labels, ties included."""
    rng = random.Random(23)
    for _ in range(2000):
        gains = [rng.choice((0.0, -0.0, 1.0, -1.0, 10.0, -10.0, 2.5, rng.uniform(-20, 20)))
                 for _ in range(rng.randrange(0, 40))]
        for cost in (0.0, 10.0, 2.5, rng.uniform(0, 30)):
            assert mt.decode(gains, cost) == mt._decode_python(gains, cost)
    assert mt.decode((1.0, -5.0, 3), 1.0) == mt._decode_python([1.0, -5.0, 3], 1.0)


@native
def test_compiled_space_test_is_isspace() -> None:
    """The compiled whitespace test of the word scans (a bit mask below U+0021, a
    short list above) is ``str.isspace`` on every code point."""
    every = "".join(map(chr, itertools.chain(range(0xD800), range(0xE000, 0x110000))))
    for branching in (False, True):  # the branch-free test and the one with branches
        assert NATIVE.spaces_of(every, branching) == [ch for ch in every if ch.isspace()]
        for text in ("a\x1cb\x85c \xa0", "\u3000x\u2029\u200b", "\U0001f600\u205f\x0b"):
            expected = [ch for ch in text if ch.isspace()]  # 1, 2 and 4 bytes a character
            assert NATIVE.spaces_of(text, branching) == expected


@native
def test_stop_tokens_count_as_the_split() -> None:
    """The words read once give each list's hits and the per-unit counts of
    ``str.split``, units that cut words included."""
    rng = random.Random(29)
    lists = [frozenset({"a", "the", "é"}), frozenset({"ß", "the", "中"}), frozenset({"σ", "ς"})]
    table: dict[str, int] = {}
    for j, words in enumerate(lists):
        for word in words:
            table[word] = table.get(word, 0) | (1 << j)
    alphabets = [a + "aaaa    thethe ß" for a in (ALPHABET + "中", LATIN1, WIDE + "中")]
    for n in range(1200):
        alphabet = alphabets[n % 3]  # texts of each character width
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 80))).lower()
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(5))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        if rng.random() < 0.5:
            units = units[::2]  # gaps between units
        split = text.split()
        for index in (table, NATIVE.StopIndex(table)):  # the dict, or the word table
            found = NATIVE.StopTokens(text, index, len(lists), 3)
            assert found.hits == [sum(1 for w in split if w in words) for words in lists]
            for j, words in enumerate(lists):
                expected = [sum(map(words.__contains__, text[a:b].split())) for a, b in units]
                assert found.counts(units, j, words) == expected
    with pytest.raises(ValueError):
        NATIVE.StopTokens("a b", table, 3, 3).counts([(2, 3), (0, 1)], 0, lists[0])


@native
def test_topic_shares_agree_on_random_text() -> None:
    """The compiled topic shares, words numbered in a table, are the shares of the
    pattern's runs of word characters less the stop words, on any characters, any
    cut of the text into units and any densest run."""
    rng = random.Random(5)
    alphabet = ALPHABET + "abcdefgh" * 4
    vocabulary = ["harbour", "dredging", "abcd", "emden", "aaaa", "élan", "中中中中", "cookie",
                  "ab", "σσσσ", "Harbour"]
    for n in range(1500):
        if n % 2:
            text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 160))).lower()
        else:  # repeated words, inside and outside the densest run (half in Latin-1)
            words_of = vocabulary if n % 4 else [w for w in vocabulary if max(w) < "\xff"]
            text = "".join(rng.choice(words_of) + rng.choice((" ", ", ", ".\n", "-"))
                           for _ in range(rng.randrange(0, 40)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(6))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        if rng.random() < 0.3:
            units = units[::2]  # gaps between units
        stop = frozenset(rng.sample(["abcd", "dcba", "aaaa", "bcde", "ab", "σσσσ", "中中中中"], 3))
        a = rng.randrange(0, len(units) + 1)
        dense = range(a, rng.randrange(a, len(units) + 1))
        got = NATIVE.topic_shares_of(text, units, stop, mt._class_table(), mt._char_class,
                                     mt._TOPIC_CHARS, dense.start, dense.stop)
        words = mt._topic_words_python(text, units, stop)
        assert _same(got, mt._topic_shares_python(words, dense)), (text, units, dense)
    # Many distinct words: the word table grows while they are numbered.
    vocabulary = [f"w{n:04d}x" for n in range(6000)] + ["harbour"] * 500
    rng.shuffle(vocabulary)
    text = " ".join(vocabulary)
    units = [(a, min(a + 97, len(text))) for a in range(0, len(text), 97)]
    for dense in (range(3, 40), range(0, len(units))):
        got = NATIVE.topic_shares_of(text, units, frozenset(), mt._class_table(),
                                     mt._char_class, mt._TOPIC_CHARS, dense.start, dense.stop)
        words = mt._topic_words_python(text, units, frozenset())
        assert _same(got, mt._topic_shares_python(words, dense))
    with pytest.raises(ValueError, match="densest run"):
        NATIVE.topic_shares_of("abcd", [(0, 4)], frozenset(), mt._class_table(),
                               mt._char_class, 4, 0, 2)


@native
def test_space_words_and_bullets_agree_on_random_text() -> None:
    """The compiled per-unit spaces and bullet starts are ``str.count`` and
    ``_BULLET.match`` of each unit's piece, units that cut a bullet included."""
    rng = random.Random(31)
    alphabet = ALPHABET + "12.) •-«(\"'\u00a0\u2003٣۴."
    for _ in range(1500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 40)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(4))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        if rng.random() < 0.3:
            units.append((len(text), len(text)))
        assert NATIVE.space_words(text, units) == [text.count(" ", a, b) + 1 for a, b in units]
        got = NATIVE.bullets(text, units, mt._BULLET_CLASSES.table, mt._BULLET_CLASSES)
        assert got == [mt._BULLET.match(text[a:b]) is not None for a, b in units], text
    for piece in ("1. a", "12) b", "123. c", "1.", "1.x", "٣) d", "• e", "(f", "«g", "-h"):
        got = NATIVE.bullets(piece, [(0, len(piece))], mt._BULLET_CLASSES.table,
                             mt._BULLET_CLASSES)
        assert got == [mt._BULLET.match(piece) is not None], piece
    with pytest.raises(ValueError, match="out of the text"):
        NATIVE.space_words("abc", [(1, 4)])


@native
def test_unit_words_of_unspaced_scripts_agree_on_random_text(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Words of scripts without spaces (one per two characters) count the same
    from the compiled class counts as from the pattern's runs."""
    rng = random.Random(32)
    alphabet = ALPHABET + "中文字あいうアイウไทย。、 ㄅ𠀁々ー"
    for _ in range(800):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(1, 40)))
        cuts = sorted({0, len(text), *(rng.randrange(0, len(text) + 1) for _ in range(4))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if b > a]
        monkeypatch.setattr(mt, "_native", lambda: NATIVE)
        compiled = mt.unit_words(text, units)
        monkeypatch.setattr(mt, "_native", lambda: None)
        assert compiled == mt.unit_words(text, units), text
        halves = [sum(map(len, mt._UNSPACED.findall(text, a, b))) for a, b in units]
        assert NATIVE.class_counts(text, units, mt._UNSPACED_CLASSES.table,
                                   mt._UNSPACED_CLASSES, 2) == halves


@native
def test_unit_gains_agree_on_random_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled decoder gains are the Python ones bit for bit, and so are the
    labels ``_labels`` gives with them."""
    rng = random.Random(37)
    model = mt.load_model()
    for _ in range(500):
        count = rng.randrange(0, 30)
        probs = [rng.choice((0.0, 0.4, 0.5, 1.0, rng.random())) for _ in range(count)]
        words = [rng.choice((0, 1, 2, 39, 40, 41, rng.randrange(0, 500))) for _ in range(count)]
        for threshold, floor, cap in ((0.4, 1, 40), (0.5, 0, 3), (rng.random(), 5, 2)):
            got = NATIVE.unit_gains(probs, words, threshold, floor, cap)
            expected = [(p - threshold) * max(floor, min(n, cap))
                        for p, n in zip(probs, words, strict=True)]
            assert _same(got, expected)
        lower = [rng.random() for _ in range(count)]
        labels = mt._labels(probs, words, lower, model)
        monkeypatch.setattr(mt, "_native", lambda: None)
        assert mt._labels(probs, words, lower, model) == labels
        monkeypatch.setattr(mt, "_native", lambda: NATIVE)


class _Removed:
    """A document that only answers ``removed_spans`` (for ``_removed_shares``)."""

    def __init__(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans

    def removed_spans(self) -> Any:
        return ((s, e, "rule") for s, e in self.spans)


@native
def test_unit_loops_agree_on_random_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled removed shares, densest run and decoded runs are the Python
    loops' values, bit for bit."""
    rng = random.Random(43)
    for _ in range(700):
        cuts = sorted({rng.randrange(0, 300) for _ in range(rng.randrange(2, 30))})
        units = [(a, b) for a, b in itertools.pairwise(cuts) if rng.random() < 0.8]
        marks = sorted({rng.randrange(0, 320) for _ in range(2 * rng.randrange(0, 8))})
        spans = [(a, b) for a, b in zip(marks[::2], marks[1::2], strict=False) if b > a]
        rows, sizes = _random_rows(rng, len(units))
        gains = [rng.choice((0.0, -0.0, 1.0, -1.0, 10.0, -10.0, rng.uniform(-20, 20)))
                 for _ in units]
        got = (mt._removed_shares(_Removed(spans), units), mt._densest(rows, sizes),
               mt._decoded_runs(gains))
        monkeypatch.setattr(mt, "_native", lambda: None)
        expected = (mt._removed_shares(_Removed(spans), units), mt._densest(rows, sizes),
                    mt._decoded_runs(gains))
        monkeypatch.setattr(mt, "_native", lambda: NATIVE)
        assert _same(got, expected), (units, spans)


@native
def test_repeated_units_agree_on_random_text() -> None:
    """The compiled repeated-unit flags are ``Counter`` of the units' texts."""
    rng = random.Random(53)
    for _ in range(600):
        text = "".join(rng.choice("ab ab\nσ中😀") for _ in range(rng.randrange(0, 40)))
        units = [(a, b) for a, b in (sorted((rng.randrange(0, len(text) + 1),
                                             rng.randrange(0, len(text) + 1)))
                                     for _ in range(rng.randrange(0, 12)))]
        pieces = [text[a:b] for a, b in units]
        repeats = Counter(pieces)
        assert NATIVE.repeated_units(text, units) == [repeats[p] > 1 for p in pieces]
    # Long lines alike but in the middle (hashed by their ends), of each width.
    for middle in ("x", "é", "中", "😀"):
        head, tail = "Read more about the harbour " * 2, " and its ships." * 2
        lines = [head + m + tail for m in ("a", "b", middle, "a", middle + middle)]
        text = "\n".join(lines)
        units, at = [], 0
        for line in lines:
            units.append((at, at + len(line)))
            at += len(line) + 1
        repeats = Counter(lines)
        assert NATIVE.repeated_units(text, units) == [repeats[line] > 1 for line in lines]


@native
def test_unspaced_scan_agrees_with_the_pattern() -> None:
    """The compiled scan for scripts without spaces finds what ``_ANY_UNSPACED``
    finds: every code point at and around the ends of its ranges, alone and in text."""
    edges = [0x0E00, 0x0E7F, 0x3040, 0x30FF, 0x3400, 0x4DBF, 0x4E00, 0x9FFF, 0xF900,
             0xFAFF, 0x20000, 0x2FA1F]
    points = sorted({c + d for c in edges for d in (-1, 0, 1)} | {0x41, 0xE9, 0x201C, 0x10FFFF})
    for c in points:
        for text in (chr(c), "abc" + chr(c), "“" + chr(c) + "x", "é" + chr(c)):
            assert NATIVE.has_unspaced(text) == (mt._ANY_UNSPACED.search(text) is not None), c
    assert NATIVE.has_unspaced("") is False
    assert NATIVE.has_unspaced("plain “quoted” text") is False
    for c in points:  # after a long text of two bytes a character, at each alignment
        for shift in range(9):
            text = "“plain text”" * 5 + "x" * shift + chr(c) + "tail"
            assert NATIVE.has_unspaced(text) == (mt._ANY_UNSPACED.search(text) is not None), c


@native
def test_article_labels_agree_on_random_units(monkeypatch: pytest.MonkeyPatch) -> None:
    """The compiled sums and the kept unsure stretches of ``article_labels`` label
    what the Python loops label."""
    rng = random.Random(59)
    model = mt.load_model()
    for _ in range(1500):
        count = rng.randrange(0, 30)
        probs = [rng.choice((0.0, 0.1, 0.2, 0.3, 0.5, 0.9, rng.random())) for _ in range(count)]
        words = [rng.choice((0, 1, 5, 20, 40, rng.randrange(0, 300))) for _ in range(count)]
        lower = [rng.random() for _ in range(count)]
        removed = [rng.choice((0.0, 0.0, 0.5, 1.0)) for _ in range(count)]
        for m in (model, model.on_one_line):
            got = mt.article_labels(probs, words, lower, m, removed)
            monkeypatch.setattr(mt, "_native", lambda: None)
            expected = mt.article_labels(probs, words, lower, m, removed)
            monkeypatch.setattr(mt, "_native", lambda: NATIVE)
            assert got == expected
            assert all(type(x) is bool for x in got)
    labels = [False, True, False, False, True, False]
    NATIVE.keep_unsure(labels, [0.5, 0.1, 0.3, 0.2, 0.9, 0.25], 0.25)
    assert labels == [True, True, False, False, True, True]
    assert NATIVE.sure_words([0.1, 0.5, 0.2], [3, 4, 5], 0.25) == 8
    assert NATIVE.kept_words([3, 4, 5], [True, False, True]) == 8


def test_relative_time_units_cover_the_pattern() -> None:
    """``_AGO_UNITS`` (what the hint asks for after a number) holds every unit of
    time of ``_AGO``: a unit added to the pattern and not to the list would make
    the hint skip its matches."""
    groups = re.findall(r"\\s\+\(\?:([^)]*)\)", mt._AGO.pattern)
    assert len(groups) == 4
    units = set()
    for group in groups:
        for alternative in group.split("|"):
            options = re.fullmatch(r"(\w*)\[(\w+)\](\w*)", alternative)
            if options:  # "d[ií]a": one unit per letter of the class
                units |= {options[1] + letter + options[3] for letter in options[2]}
            else:
                assert re.fullmatch(r"\w+", alternative), alternative
                units.add(alternative)
    assert units <= set(mt._AGO_UNITS)
    for unit in units:
        assert mt._AGO_HINT.search(f"vor 3 {unit.upper()}"), unit


@native
def test_over_and_unit_at_agree_with_python() -> None:
    """``over`` is the compress of the values above a limit; ``unit_at`` the
    bisection of the units' starts, -1 before the first unit, in a gap between
    units or past the last one (empty units included)."""
    rng = random.Random(41)
    for _ in range(300):
        values = [rng.randrange(0, 200) for _ in range(rng.randrange(0, 30))]
        limit = rng.randrange(0, 200)
        assert NATIVE.over(values, limit) == list(
            itertools.compress(range(len(values)), map(limit.__lt__, values)))
        cuts = sorted(rng.sample(range(0, 120), rng.randrange(0, 12) * 2))
        units = [(a, b) for a, b in zip(cuts[::2], cuts[1::2], strict=True)]
        if rng.random() < 0.3 and units:
            units.append((units[-1][1] + 2, units[-1][1] + 2))  # an empty unit last
        starts = [a for a, _ in units]
        for position in range(-2, 125):
            i = bisect.bisect_right(starts, position) - 1
            expected = i if i >= 0 and position < units[i][1] else -1
            assert NATIVE.unit_at(units, position) == expected, (units, position)
