"""The quiet test of the page walk (``blocks.set_quiet_words``): the compiled walk
and the Python walk leave out the same markup pairs and the same elements, and a
pair left out is one the test's definition calls quiet — on generated words and
values, on the fixture pages with the built-in judges' words, and through the
judges' verdicts (dropping quiet pairs must change none)."""

from __future__ import annotations

import html
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

import cleantext.rules  # noqa: F401  (registers the built-in judges)
from cleantext.html import blocks, markup
from cleantext.html.htmldoc import HtmlDoc
from cleantext.html.markup import flagged
from cleantext.html.parse import parse_html

HERE = Path(__file__).parent
PAGES = sorted(HERE.glob("fixtures/**/input.html"))
native = pytest.mark.skipif(not blocks.NATIVE_WALK, reason="compiled walk not built")


@contextmanager
def quiet_words(words: dict[str, frozenset[str]], unmarked: bool) -> Iterator[None]:
    """The walk's quiet test set to ``words`` for the block, then the judges' again."""
    blocks.set_quiet_words(words, lambda: unmarked)
    try:
        yield
    finally:
        blocks.set_quiet_words(markup._quiet_words(), markup._none_flags_nothing)


def _markup(walker: Any, root: etree._Element) -> tuple[list[Any], list[Any]]:
    marked: list[etree._Element] = []
    pairs: list[Any] = []
    list(walker(root, (), None, False, marked, pairs, None))
    return marked, pairs


def _letters(value: str) -> str:
    return "".join(c for c in value.lower() if c.isascii() and c.isalnum())


def _quiet(words: frozenset[str], value: str) -> bool:
    """The definition: an ASCII value whose lower-cased letters and digits hold none
    of the words."""
    return value.isascii() and not any(word in _letters(value) for word in words)


def _walks(root: etree._Element) -> list[tuple[list[Any], list[Any]]]:
    found = [_markup(blocks.iter_blocks_python, root)]
    if blocks._native is not None:
        found.append(_markup(blocks._native.walk, root))
    return found


WORD = st.text("abcdehnrs019", min_size=1, max_size=4)
VALUE = st.text("abcdehnrs019 -_ABDEHéß\t", max_size=14)


@settings(max_examples=300, deadline=None)
@given(
    class_words=st.frozensets(WORD, max_size=5),
    id_words=st.frozensets(WORD, max_size=3),
    values=st.lists(st.tuples(VALUE, VALUE, st.booleans()), min_size=1, max_size=6),
    unmarked=st.booleans(),
)
def test_quiet_pairs_are_those_the_definition_names(
    class_words: frozenset[str],
    id_words: frozenset[str],
    values: list[tuple[str, str, bool]],
    unmarked: bool,
) -> None:
    body = "".join(
        f'<div class="{html.escape(c)}" id="{html.escape(i)}"'
        + (' role="main"' if role else "") + ">x</div>"
        for c, i, role in values
    )
    root = parse_html(f"<html><body>{body}</body></html>")
    divs = list(root.iter("div"))
    words = {"class": class_words, "id": id_words}
    want_marked, want_pairs = [], []
    for div in divs:
        pairs = tuple(
            (name, value) for name, value in div.items()
            if name not in words or not _quiet(words[name], value)
        )
        if pairs or not unmarked:
            want_marked.append(div)
            want_pairs.append(pairs)
    with quiet_words(words, unmarked):
        for marked, pairs in _walks(root):
            assert marked == want_marked
            assert pairs == want_pairs


@native
@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(HERE)))
@pytest.mark.parametrize("unmarked", [False, True])
def test_both_walks_leave_out_the_same_pairs_of_the_judges_words(
    path: Path, unmarked: bool
) -> None:
    root = parse_html(path.read_bytes())
    with quiet_words(markup._quiet_words(), unmarked):
        python, compiled = _walks(root)
    assert compiled == python


def test_the_built_in_judges_words_make_class_and_id_quiet() -> None:
    from cleantext.rules import html_boilerplate, html_hidden, main_content

    judges = (html_boilerplate._verdict, html_hidden._hidden_pairs, main_content._hint)
    for judge in judges:
        assert {"class", "id"} <= set(markup._SPECS[markup._SLOTS[judge]].words)
    words = markup._quiet_words()
    assert "class" in words  # (a test module may register a judge of its own)
    assert {"share", "hidden", "sronly", "entrycontent"} <= words["class"]
    assert markup._none_flags_nothing()


def _visible(node: etree._Element) -> bool:
    return all(
        isinstance(n.tag, str) and n.tag not in blocks.INVISIBLE
        for n in (node, *node.iterancestors())
    )


@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(HERE)))
def test_dropping_quiet_and_ignored_pairs_changes_no_verdict(path: Path) -> None:
    # Every judge sees the pairs left after the walk's quiet test and after dropping
    # those all judges ignore; its verdicts must be those it gives on each visible
    # element's full set of markup pairs.
    doc = HtmlDoc(parse_html(path.read_bytes()))
    assert len(markup._JUDGES) >= 3
    for judge in markup._JUDGES:
        found = dict(flagged(doc, judge))
        for node in doc.root.iter(etree.Element):
            pairs = tuple((k, v) for k, v in node.items() if k in blocks.MARKUP_ATTRIBUTES)
            if pairs and _visible(node):
                assert found.get(node) == judge(pairs), (judge, node.attrib)


@contextmanager
def word_owners(words: dict[str, dict[str, int]]) -> Iterator[None]:
    """:func:`blocks.set_word_owners` set to ``words`` for the block, then the
    judges' again."""
    blocks.set_word_owners(words)
    try:
        yield
    finally:
        blocks.set_word_owners(markup._owner_words())


def _owners(words: dict[str, dict[str, int]], name: str, value: str) -> int:
    """The definition of :func:`blocks.pair_masks` for one pair."""
    if name not in words or not value.isascii():
        return blocks._ALL_OWNERS
    mask = 0
    for word, owners in words[name].items():
        if word in _letters(value):  # the empty word is in every value
            mask |= owners
    return mask


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.sampled_from(["class", "id", "role"]),
        st.dictionaries(st.text("abcdehnrs019", max_size=4), st.integers(1, 7), max_size=5),
        max_size=3,
    ),
    st.lists(st.tuples(st.sampled_from(["class", "id", "role", "style"]), VALUE), max_size=4),
)
def test_pair_masks_are_those_the_definition_names(
    words: dict[str, dict[str, int]], pairs: list[tuple[str, str]]
) -> None:
    want = [_owners(words, name, value) for name, value in pairs]
    with word_owners(words):
        assert blocks.pair_masks_python(tuple(pairs)) == want
        if blocks._native is not None:
            assert blocks._native.pair_masks(tuple(pairs)) == want


@pytest.mark.parametrize("compiled", [True, False], ids=["compiled", "python"])
@pytest.mark.parametrize("path", PAGES, ids=lambda p: str(p.relative_to(HERE)))
def test_judging_the_parts_a_judge_reads_gives_its_verdicts_on_whole_sets(
    path: Path, compiled: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Each judge is asked about the pairs that hold its words only (and its verdicts on
    # such parts are cached): the cached verdicts must be those on the whole sets,
    # whether the one-pair sets are judged in the compiled loop or the Python one.
    if compiled and markup._NATIVE is None:
        pytest.skip("the compiled walk is not built")
    if not compiled:
        monkeypatch.setattr(markup, "_NATIVE", None)
    doc = HtmlDoc(parse_html(path.read_bytes()))
    sets = [doc.index.pairs(number) for number in range(len(doc.index.markup))]
    keys = list(dict.fromkeys(markup._without_plain(sets)))
    saved = dict(markup._CACHE), {slot: dict(v) for slot, v in markup._PARTS.items()}
    try:
        markup._CACHE.clear()
        markup._PARTS.clear()
        markup._PLANS.clear()  # one-pair sets planned anew too
        markup._judge(keys)
        for key in keys:
            said = tuple(judge(key) for judge in markup._JUDGES)
            assert markup._CACHE[key] == (None if said == (None,) * len(said) else said), key
    finally:
        markup._CACHE.clear()
        markup._CACHE.update(saved[0])
        markup._PARTS.clear()
        markup._PARTS.update(saved[1])


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(["class", "id"]),
    st.lists(
        st.sampled_from(["share", "comments", "entry-content", "nav", "col-md-6", "Social",
                         "relatedPosts", "comment-list", "x", "", "article-body", "é"]),
        max_size=4,
    ),
)
def test_the_boilerplate_verdict_of_one_class_or_id_is_the_general_one(
    name: str, words: list[str]
) -> None:
    from cleantext.rules import html_boilerplate as bp

    value = " ".join(words)
    klass, ident = (value, None) if name == "class" else (None, value)
    reason = bp._reason(None, klass, ident, None)
    want = None if reason is None else (
        reason, reason.startswith(bp.COMMENTS) and bp._names_thread(ident, klass)
    )
    assert bp._verdict(((name, value),)) == want


def _clean_in_threads(cleaner: Any, pages: list[bytes], copies: int) -> list[Any]:
    """Each page cleaned ``copies`` times, all in threads started at once."""
    import threading

    results: list[Any] = [None] * (copies * len(pages))
    errors: list[BaseException] = []
    start = threading.Barrier(len(results))

    def run(i: int) -> None:
        try:
            start.wait()
            results[i] = cleaner.clean(pages[i % len(pages)])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(results))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    return results


def test_threads_that_walk_first_after_the_words_change_agree() -> None:
    """The quiet test is built on the first walk after the words change; threads that
    all walk first at once must neither fail nor see half of it."""
    from cleantext import Cleaner

    pages = [p.read_bytes() for p in PAGES[:6]]
    cleaner = Cleaner()
    expected = [cleaner.clean(page) for page in pages]
    for _ in range(3):
        blocks.set_quiet_words(markup._quiet_words(), markup._none_flags_nothing)
        results = _clean_in_threads(cleaner, pages, 4)
        for i, result in enumerate(results):
            assert result == expected[i % len(pages)]
