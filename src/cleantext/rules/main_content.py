"""Rule ``outside-main-content``: keep the article's subtree, remove the rest."""

from __future__ import annotations

import re
from collections.abc import Mapping

from lxml import etree

from ..context import RuleContext
from ..html.blocks import native_module
from ..html.guard import current_stats
from ..html.htmldoc import HtmlDoc
from ..html.markup import flagged, markup_judge
from ..html.stats import NodeStats, PageStats
from ..registry import rule

#: Fitted on the dev pages. A node's score is its good text minus ``BAD_WEIGHT``
#: times its link text and ``SHORT_WEIGHT`` times its short-block text.
BAD_WEIGHT = 1.0
SHORT_WEIGHT = 0.3
#: A structural hint (``<article>``, ``itemprop=articleBody``, an article-body class)
#: is preferred to the best-scoring container when its score is at least this share
#: of the best score.
HINT_SHARE = 0.5
#: Class fragments of article-body containers (the third kind of hint).
BODY_CLASSES = ("article-body", "articlebody", "article__body", "entry-content",
                "post-content", "story-body", "article-content", "post-body",
                "article-text", "articletext")

_BODY_CLASS = re.compile("|".join(re.escape(c) for c in BODY_CLASSES))


def hints(doc: HtmlDoc) -> list[list[etree._Element]]:
    """Elements the markup names as the article, strongest kind first:
    ``itemprop=articleBody``, ``<article>``, an article-body class."""
    out: list[list[etree._Element]] = [[], [], []]
    for node, (itemprop, body_class) in flagged(doc, _hint):
        if itemprop:
            out[0].append(node)
        if body_class:
            out[2].append(node)
    out[1] = doc.elements("article")
    return out




def _no_hint(name: str, value: str) -> bool:
    """Whether one attribute pair says nothing of the article body (the judge below
    ignores it: see :func:`markup_judge`)."""
    if name == "itemprop":
        return value.lower() != "articlebody"
    if name == "class":
        return not _body_class(value)
    return True


_BODY_VALUES: dict[str, bool] = {}


def _body_class(value: str) -> bool:
    """Whether a class value names an article-body container (cached: class lists
    repeat over a page's elements)."""
    found = _BODY_VALUES.get(value)
    if found is None:
        if len(_BODY_VALUES) >= 65536:
            _BODY_VALUES.clear()
        found = _BODY_VALUES[value] = _BODY_CLASS.search(value) is not None
    return found


#: The letters and digits of the body classes (a class without any has none of them).
_BODY_WORDS = frozenset(re.sub("[^a-z0-9]", "", c.lower()) for c in BODY_CLASSES)


_NATIVE = native_module()


@markup_judge(
    ignores=_no_hint,
    compiled=None if _NATIVE is None else _NATIVE.HintJudge(BODY_CLASSES),
    words={"class": _BODY_WORDS, "itemprop": ("articlebody",), "id": (), "style": (),
           "type": (), "aria-hidden": (), "role": (), "aria-label": ()},
)
def _hint(pairs: tuple[tuple[str, str], ...]) -> tuple[bool, bool] | None:
    """Whether these attribute pairs say ``itemprop=articleBody`` and whether their
    class names an article-body container; ``None`` for neither."""
    itemprop = body_class = False
    for name, value in pairs:
        if name == "itemprop":
            itemprop = value.lower() == "articlebody"
        elif name == "class":
            body_class = _body_class(value)
    return (itemprop, body_class) if itemprop or body_class else None


#: A sibling of the chosen container joins it when its own score is positive and
#: its good text is at least this share of the container's.
SIBLING_SHARE = 0.1


def score(s: NodeStats) -> float:
    return s.good - BAD_WEIGHT * s.links - SHORT_WEIGHT * s.short


def choose(stats: PageStats) -> etree._Element | None:
    """The container with the best score, or ``None`` when the page has no good text."""
    if stats.total_good == 0:
        return None
    return stats.best(BAD_WEIGHT, SHORT_WEIGHT)


def prefer_hint(doc: HtmlDoc, best: etree._Element, stats: PageStats) -> etree._Element:
    """The best-scoring structural hint when it scores close to ``best``, else ``best``."""
    floor = HINT_SHARE * stats.score_of(best, BAD_WEIGHT, SHORT_WEIGHT)[1]
    for nodes in hints(doc):
        scored = [(stats.score_of(n, BAD_WEIGHT, SHORT_WEIGHT), n) for n in nodes]
        found = [(value, n) for (good, value), n in scored if good]
        if found:
            value, node = max(found, key=lambda t: t[0])
            if value >= floor:
                return node
    return best


def merged_siblings(best: etree._Element, stats: PageStats) -> set[etree._Element]:
    """Siblings of ``best`` that read like more of the article."""
    parent = best.getparent()
    if parent is None:
        return set()
    floor = SIBLING_SHARE * stats.good_of(best)
    out = set()
    for sibling in parent:
        if sibling is best:
            continue
        good, value = stats.score_of(sibling, BAD_WEIGHT, SHORT_WEIGHT)
        if good >= floor and good > 0 and value > 0:
            out.add(sibling)
    return out


def page_title(
    root: etree._Element,
    best: etree._Element,
    keep: set[etree._Element],
    headings: list[etree._Element] | None = None,
    spans: Mapping[etree._Element, tuple[int, int]] | None = None,
) -> etree._Element | None:
    """The article's title heading inside the kept content: its first ``<h1>``, or its
    first heading when that heading repeats the page's ``<title>``.

    ``headings`` are ``root.iter("h1", "h2")`` when the caller has them (the page
    walk lists them): then no container is searched through; with the page's block
    ``spans``, a heading whose blocks lie outside a container's is passed over
    without a look at its ancestors.
    """
    title: str | None = None  # read only when a heading must be compared with it
    for container in sorted(keep, key=lambda n: n is not best):
        heading = _first_heading(container, headings, spans)
        if heading is None:
            continue
        if heading.tag == "h1":
            return heading
        text = " ".join("".join(str(t) for t in heading.itertext()).split()).lower()
        if text:
            if title is None:
                title = " ".join((root.findtext(".//title") or "").split()).lower()
            if title and text in title:
                return heading
    return None


def _first_heading(
    container: etree._Element,
    headings: list[etree._Element] | None,
    spans: Mapping[etree._Element, tuple[int, int]] | None = None,
) -> etree._Element | None:
    """The first ``<h1>`` or ``<h2>`` inside ``container`` (itself included)."""
    if headings is None:
        return next(container.iter("h1", "h2"), None)
    outer = spans.get(container) if spans is not None else None
    for heading in headings:
        if heading is container:
            return heading
        if outer is not None:
            # A heading's blocks lie in the range of any element it is inside.
            span = spans.get(heading)  # type: ignore[union-attr]
            if span is not None and span[0] < span[1] and not outer[0] <= span[0] < outer[1]:
                continue
        if any(a is container for a in heading.iterancestors()):
            return heading
    return None


@rule("outside-main-content", stage="html", max_share=None)
def outside_main_content(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove everything outside the article's container.

    What: the page is cut into blocks; a block is article-like when it is long and
    not mostly link text. Every container is scored by its article-like text minus
    its link text and a part of its short-block text; the best container is kept
    with those of its siblings that read like more article (sibling merging). The
    rest of the page is removed, one logged node per sibling on the way up.

    Why: headers, menus, teasers, footers and sidebars that carry no telling class
    name still differ from an article by the shape of their text.

    Example: a page whose ``<div id="story">`` holds ten paragraphs, beside a
    ``<div>`` of headline links, keeps the story and removes the links as
    "outside the main content".

    Known false positives: an article split into several far-apart containers keeps
    only the best one and its siblings; a page without article-like text (a list, a
    gallery) is kept whole. The title heading (the first ``<h1>`` of the kept content)
    is removed too unless ``Config.include_title`` is set.
    """
    stats = current_stats(doc)
    doc.cache["main-stats"] = stats
    best = choose(stats)
    if best is None:
        return
    hinted = prefer_hint(doc, best, stats)
    # A container the markup names as the article is trusted as is: no merging.
    keep = {hinted} if hinted is not best else {best} | merged_siblings(best, stats)
    best = hinted
    doc.cache["main-content"] = keep
    title = (
        None
        if ctx.config.include_title
        else page_title(doc.root, best, keep, doc.elements("h1", "h2"), doc.index.spans)
    )
    if title is not None:
        doc.remove(title, "page title (Config.include_title is off)")
    lead = standfirst(doc, stats, keep)
    holders = {a for node in lead for a in node.iterancestors()}
    child: etree._Element = best
    parent = best.getparent()
    while parent is not None:
        for node in parent:
            if node in keep or node is child or not isinstance(node.tag, str):
                continue
            if stats.chars_of(node):
                _remove_outside(doc, node, lead, holders)
        child, parent = parent, parent.getparent()


def _remove_outside(
    doc: HtmlDoc,
    node: etree._Element,
    lead: list[etree._Element],
    holders: set[etree._Element],
) -> None:
    """Remove ``node`` as outside the main content, except the ``lead`` blocks it holds
    (``holders`` are their ancestors): those are kept and their other parts removed."""
    if node in lead:
        return
    if node not in holders:
        doc.remove(node, "outside the main content")
        return
    for sub in node:
        if isinstance(sub.tag, str):
            _remove_outside(doc, sub, lead, holders)


#: Fitted on the dev pages: a standfirst is at most ``LEAD_MAX_GOOD`` article-like
#: blocks among at most ``LEAD_MAX_BLOCKS`` kept blocks between the title and the body.
LEAD_MAX_GOOD = 2
LEAD_MAX_BLOCKS = 8


def standfirst(doc: HtmlDoc, stats: PageStats, keep: set[etree._Element]) -> list[etree._Element]:
    """The article-like blocks between the page's title (the last ``<h1>`` above the
    kept content; without one, the nearest heading a few blocks above it) and the
    kept content: the standfirst (lead, teaser, summary) that templates set apart
    from the body, often beside the headline."""
    index = doc.index
    start = min(index.span(n)[0] for n in keep)
    title_end = None
    for heading in doc.elements("h1"):
        span = index.spans.get(heading)
        if span is not None and span[0] < span[1] and span[1] <= start:
            title_end = span[1]
    if title_end is None:
        # No <h1> above: the title is the nearest kept heading above the content.
        title_end = next(
            (i + 1 for i in range(start - 1, max(start - LEAD_MAX_BLOCKS, 0) - 1, -1)
             if stats.kept_mask[i] and index.blocks[i].kind == "h"),
            None,
        )
    if title_end is None:
        return []
    between = [i for i in range(title_end, start) if stats.kept_mask[i]]
    if not between or len(between) > LEAD_MAX_BLOCKS:
        return []
    good = [i for i in between if index.good[i]]
    if not good or len(good) > LEAD_MAX_GOOD:
        return []
    return [index.blocks[i].node for i in good]
