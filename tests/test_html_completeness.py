"""Nothing vanishes unlogged: every piece of visible text is kept or logged."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import clean
from cleantext.html.blocks import iter_blocks
from cleantext.html.parse import parse_html

_WORD = regex.compile(r"\w+")

FIXTURE_PAGE = """<html><head><title>T</title></head><body>
<div class="cookie-banner">We use cookies to improve your visit.</div>
<nav><a href="/">Home</a> <a href="/n">News</a></nav>
<div id="main"><article><h1>Council expands bus network</h1>
<div class="byline">By Jane Doe</div>
<p>The city council voted on Tuesday to expand the bus network to three new districts.</p>
<p style="display:none">Leave this field empty</p>
<p>Officials said the first routes would open in the spring, with buses every ten minutes.</p>
<ul><li><a href="/1">Related one headline</a></li><li><a href="/2">Related two</a></li>
<li><a href="/3">Related three</a></li></ul>
<div class="share">Share on Facebook</div>
<p>Sign up for our daily newsletter to get the news first.</p>
</article></div>
<aside>Most read today</aside><footer>All rights reserved</footer></body></html>"""


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def assert_nothing_vanishes(html: str) -> None:
    visible = " ".join(b.text for b in iter_blocks(parse_html(html)))
    result = clean(html)
    accounted = words(result.text) + [w for r in result.removals for w in words(r.text)]
    missing = [w for w in set(words(visible)) if w not in set(accounted)]
    assert not missing, missing
    # and nothing is counted twice: kept + removed words add up to the page's words
    assert len(accounted) == len(words(visible))


def test_every_visible_word_is_kept_or_logged() -> None:
    assert_nothing_vanishes(FIXTURE_PAGE)


_TAGS = st.sampled_from(["div", "p", "span", "nav", "aside", "footer", "section", "li", "a", "b"])
_ATTRS = st.sampled_from(
    ["", ' class="share"', ' style="display:none"', ' hidden', ' id="comments"', ' class="story"']
)
_WORDS = st.lists(
    st.sampled_from(["bus", "council", "city", "route", "Home", "news"]), min_size=1, max_size=25
)


@st.composite
def trees(draw: st.DrawFn, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        if depth < 4 and draw(st.booleans()):
            tag, attrs = draw(_TAGS), draw(_ATTRS)
            parts.append(f"<{tag}{attrs}>{draw(trees(depth + 1))}</{tag}>")
        else:
            parts.append(" ".join(draw(_WORDS)) + ". ")
    return "".join(parts)


@settings(max_examples=60, deadline=None)
@given(trees())
def test_random_pages_lose_no_text_unlogged(body: str) -> None:
    assert_nothing_vanishes(f"<html><body>{body}</body></html>")
