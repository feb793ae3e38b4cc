"""The compiled judging of :mod:`cleantext.html.markup` against the Python one: the
built-in judges' compiled twins give the judges' verdicts (on the fixture pages'
sets and on generated ones), their token and piece matchers match as the Python
definitions do, and the compiled loops give the Python loops' results."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cleantext.rules  # noqa: F401  (registers the built-in judges)
from cleantext.html import markup, tokens
from cleantext.html.blocks import MARKUP_ATTRIBUTES, native_module
from cleantext.html.htmldoc import HtmlDoc
from cleantext.html.parse import parse_html
from cleantext.rules import html_boilerplate, html_hidden, main_content

NATIVE = native_module()
pytestmark = pytest.mark.skipif(NATIVE is None, reason="the compiled walk is not built")
HERE = Path(__file__).parent
PAGES = sorted(HERE.glob("fixtures/**/input.html"))
JUDGES = {
    "boilerplate": (html_boilerplate._verdict, html_boilerplate._COMPILED),
    "hidden": (html_hidden._hidden_pairs, html_hidden._COMPILED),
    "hint": (main_content._hint, markup._TWINS[markup._SLOTS[main_content._hint]]),
}

#: Pieces of values: boilerplate tokens, content marks, comment threads, hidden and
#: body-class words, camel humps, punctuation, digits, non-ASCII letters.
WORDS = [
    *sorted(tokens.boilerplate_tokens())[::7], "share", "Social", "relatedPosts", "nav",
    "comments", "comment-list", "disqus_thread", "entry-content", "Entry-Content",
    "article__body", "articleBody", "post-body", "sr-only", "srOnly", "visually-hidden",
    "screen-reader-text", "hidden", "Hidden", "HIDDEN", "hidden-xs", "hp", "ak_hp", "d-none",
    "col-md-6", "clearfix", "x", "a1B", "--", "_", ".", "9", "árticulo", "πλοήγηση", "ß",
    "navigation", "banner", "articlebody", "ArticleBody", "main", "display:none",
]
SPACES = [" ", "  ", "\t", "\n", "\x1c", " \x1f", "\u00a0", ""]


def _value(rng: random.Random) -> str:
    parts = [rng.choice(WORDS) for _ in range(rng.randint(0, 4))]
    out = ""
    for part in parts:
        out += rng.choice(SPACES) + part
    if rng.random() < 0.3:
        out = rng.choice(SPACES) + out + rng.choice(SPACES)
    return out


def _twin_says(twin: Any, pairs: tuple[tuple[str, str], ...], judge: Any) -> Any:
    found = twin(pairs)
    return judge(pairs) if found is NATIVE.ASK else found


def test_every_built_in_judge_has_a_twin_in_use() -> None:
    for judge, twin in JUDGES.values():
        assert isinstance(twin, NATIVE.CompiledJudge)
        assert markup._TWINS[markup._SLOTS[judge]] is twin


@pytest.mark.parametrize("kind", sorted(JUDGES))
@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(HERE)))
def test_twins_give_the_judges_verdicts_on_the_fixture_pages(path: Path, kind: str) -> None:
    judge, twin = JUDGES[kind]
    root = parse_html(path.read_bytes())
    sets = {
        tuple((k, v) for k, v in node.items() if k in MARKUP_ATTRIBUTES)
        for node in root.iter()
        if isinstance(node.tag, str)
    }
    decided = 0
    for pairs in sorted(sets):
        for part in (pairs, *((pair,) for pair in pairs)):
            found = twin(part)
            if found is not NATIVE.ASK:
                decided += 1
                assert found == judge(part), part
    assert decided or not sets


@settings(max_examples=400, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(sorted(MARKUP_ATTRIBUTES)),
            st.integers(0, 2**32 - 1),
        ),
        max_size=4,
        unique_by=lambda pair: pair[0],
    )
)
def test_twins_give_the_judges_verdicts_on_generated_sets(named: list[tuple[str, int]]) -> None:
    pairs = tuple((name, _value(random.Random(seed))) for name, seed in named)
    for judge, twin in JUDGES.values():
        assert _twin_says(twin, pairs, judge) == judge(pairs), pairs


TRICKY = [
    (("id", "hidden"), ("class", "sr-only")),  # the class's reason before the id's
    (("class", "share"), ("id", "entry-content")),  # a content mark in the id
    (("class", "Entry-Content share"),),
    (("id", "comments"), ("class", "comment-list x")),  # a thread
    (("class", "comments-count"),),  # comments, not a thread
    (("aria-label", "share"), ("class", "")),
    (("role", "navigation"), ("class", "share")),
    (("class", "\x1cshare\x1fhidden-xs"),),
    (("itemprop", "articleBody"), ("class", "post-body")),
    (("class", "hp"), ("style", "display:none")),
    (("class", "navigation-é"),),
    (),
]


@pytest.mark.parametrize("pairs", TRICKY, ids=repr)
def test_twins_give_the_judges_verdicts_on_tricky_sets(pairs: tuple[Any, ...]) -> None:
    for judge, twin in JUDGES.values():
        assert _twin_says(twin, pairs, judge) == judge(pairs)


def test_twins_decide_the_usual_sets() -> None:
    """One ASCII class or id value: never left to the Python judge."""
    rng = random.Random(5)
    for _ in range(2000):
        value = _value(rng)
        if not value.isascii():
            continue
        for name in ("class", "id"):
            for judge, twin in JUDGES.values():
                assert twin(((name, value),)) is not NATIVE.ASK
                assert twin(((name, value),)) == judge(((name, value),)), value


def test_token_table_matches_chunks_as_the_python_matcher() -> None:
    table = tokens.boilerplate_tokens()
    compiled = NATIVE.TokenTable({t: (c, t) for t, c in table.items()})
    hidden = NATIVE.TokenTable(dict.fromkeys(html_hidden._HIDDEN_TOKENS, True))
    rng = random.Random(3)
    alphabet = "abcxyzABCXYZ019-_.:/#"
    found = 0
    for _ in range(20000):
        if rng.random() < 0.6:
            chunk = "".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
            chunk = "".join(chunk.split())
        else:
            chunk = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 12)))
        if not chunk.isascii():
            continue
        want = tokens.ascii_chunk_category_python(chunk, table)
        assert compiled.chunk_result(chunk) == want, chunk
        found += want is not None
        assert (hidden.chunk_result(chunk, True) is True) == html_hidden._hidden_chunk(chunk), chunk
    assert found > 1000
    long = "x" * 300 + "-shareBar"
    assert compiled.chunk_result(long) == tokens.ascii_chunk_category_python(long, table)


def test_token_table_matches_values_as_match_category() -> None:
    table = tokens.boilerplate_tokens()
    compiled = NATIVE.TokenTable({t: (c, t) for t, c in table.items()})
    rng = random.Random(9)
    for _ in range(5000):
        value = _value(rng)
        if value.isascii():
            tokens._VALUE_CACHE.pop(value, None)
            assert compiled.value_result(value) == tokens.match_category_python(value), value
            assert NATIVE.match_category(value) == tokens.match_category_python(value), value


def test_pieces_are_found_as_substrings() -> None:
    rng = random.Random(4)
    pieces = NATIVE.Pieces(html_boilerplate.CONTENT_MARKS)
    for _ in range(5000):
        value = _value(rng)
        if value.isascii():
            assert (value in pieces) == any(m in value for m in html_boilerplate.CONTENT_MARKS)
    assert "" in NATIVE.Pieces(["", "x"])
    assert "abc" not in NATIVE.Pieces([])
    assert "abc" not in NATIVE.Pieces(["é", "abcd"])


def test_flagged_by_judge_is_the_python_one() -> None:
    rng = random.Random(2)
    for _ in range(300):
        count = rng.randint(1, 4)
        choices = [None, *(tuple(rng.choice([None, "a", 1, ()]) for _ in range(count))
                           for _ in range(4))]
        verdicts = [rng.choice(choices) for _ in range(rng.randint(0, 5))]
        size = rng.randint(0, 12) if verdicts else 0
        codes = [rng.randrange(len(verdicts)) for _ in range(size)]
        marked = [object() for _ in codes]
        want = markup.flagged_by_judge_python(marked, codes, verdicts, count)
        assert NATIVE.flagged_by_judge(marked, codes, verdicts, count) == want


def test_the_compiled_loop_judges_long_sets() -> None:
    """More pairs than the loop keeps masks for on the stack."""
    for many in (15, 16, 17, 40):
        key = (("class", "share sr-only"), *((f"data-{i}", "x") for i in range(many)))
        cache: dict[Any, Any] = {}
        parts: list[dict[Any, Any]] = [{} for _ in markup._JUDGES]
        empty = [judge(()) for judge in markup._JUDGES]
        NATIVE.judge_keys(
            [key], cache, tuple(markup._JUDGES), tuple(markup._TWINS), parts, empty
        )
        assert cache[key] == tuple(judge(key) for judge in markup._JUDGES)


@pytest.mark.parametrize(
    "pairs", [(("class",),), (("class", None),), ((1, "x"),), ("class",)], ids=repr
)
def test_compiled_judging_refuses_what_is_not_pairs_of_strings(pairs: Any) -> None:
    for _, twin in JUDGES.values():
        with pytest.raises(TypeError):
            twin(pairs)
    with pytest.raises(TypeError):
        NATIVE.judge_keys([pairs], {}, (_byline,), (None,), [{}], [None])


def test_cached_verdicts_and_the_missing_keys() -> None:
    cache: dict[Any, Any] = {"a": ("x",), "b": None}
    keys = ["a", "c", "b", "c", "d"]
    missing: list[Any] = []
    verdicts = NATIVE.cached_verdicts(keys, cache, missing)
    assert missing == ["c", "d"]
    assert [v is NATIVE.ASK for v in verdicts] == [False, True, False, True, True]
    cache.update(c=("y",), d=None)
    NATIVE.fill_verdicts(keys, verdicts, cache)
    assert verdicts == [("x",), ("y",), None, ("y",), None]
    with pytest.raises(TypeError):
        NATIVE.cached_verdicts([["unhashable"]], cache, [])


def test_first_named_outside() -> None:
    names = frozenset({"class", "id"})
    keys = [(("class", "a"),), (("id", "b"), ("class", "c")), (), (("hidden", ""),)]
    assert NATIVE.first_named_outside(keys, names) == 3
    assert NATIVE.first_named_outside(keys[:3], names) == -1
    assert NATIVE.first_named_outside([], names) == -1


@pytest.mark.parametrize("path", PAGES[:12], ids=lambda p: str(p.relative_to(HERE)))
def test_flagged_is_the_same_with_the_python_loops(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = parse_html(path.read_bytes())
    compiled = {judge: markup.flagged(HtmlDoc(root), judge) for judge in markup._JUDGES}
    caches = (markup._CACHE, markup._BY_KEY)
    saved = [dict(cache) for cache in caches]
    try:
        for cache in caches:
            cache.clear()  # judged again, by the Python loops
        monkeypatch.setattr(markup, "_NATIVE", None)
        monkeypatch.setattr(markup, "_flagged_by_judge", markup.flagged_by_judge_python)
        for judge in markup._JUDGES:
            assert markup.flagged(HtmlDoc(root), judge) == compiled[judge]
    finally:
        for cache, entries in zip(caches, saved, strict=True):
            cache.clear()
            cache.update(entries)


# A plug-in judge (it ignores every pair but class="byline", so that the dropping
# of ignored pairs stays on for the session), given a twin that is not compiled.
@markup.markup_judge(
    ignores=lambda name, value: (name, value) != ("class", "byline"),
    words={"class": ("byline",), **{name: () for name in MARKUP_ATTRIBUTES - {"class"}}},
    compiled=lambda pairs: "never used",
)
def _byline(pairs: tuple[tuple[str, str], ...]) -> str | None:
    return "byline" if ("class", "byline") in pairs else None


def test_a_plug_in_judge_runs_in_python_beside_the_twins() -> None:
    assert markup._TWINS[markup._SLOTS[_byline]] is None  # not a CompiledJudge
    page = '<html><body><p class="byline">By A</p><p class="share byline">x</p></body></html>'
    doc = HtmlDoc(parse_html(page))
    assert [(n.text, v) for n, v in markup.flagged(doc, _byline)] == [("By A", "byline")]
    assert [n.text for n, _ in markup.flagged(doc, html_boilerplate._verdict)] == ["x"]
    with pytest.raises(TypeError):
        NATIVE.judge_keys([], {}, (_byline,), ("no",), [{}], [None])
