"""Rule ``boilerplate-containers``."""

from __future__ import annotations

import re

from ..compiled import compiled_module
from ..context import RuleContext
from ..html.blocks import native_module
from ..html.guard import initial_stats, remove_flagged
from ..html.htmldoc import HtmlDoc
from ..html.markup import flagged, markup_judge
from ..html.tokens import boilerplate_tokens, match_category
from ..registry import rule

#: The compiled tag filter (``html/_stats.pyx``), or ``None``: a Python filter runs.
_native = compiled_module("html._stats")
#: The tags of elements never removed as boilerplate (bytes, for the compiled filter).
_NEVER = (b"html", b"body", b"article", b"main")

#: Landmark roles that never hold the article.
BOILERPLATE_ROLES: dict[str, str] = {
    "navigation": "navigation",
    "banner": "page header",
    "contentinfo": "page footer",
    "complementary": "sidebar",
    "search": "search box",
    "dialog": "popup",
    "alertdialog": "popup",
    "menu": "navigation",
    "menubar": "navigation",
}
#: Class fragments of article-body containers: a node carrying one is never removed
#: for a boilerplate token it also carries ("entry-content share-enabled").
CONTENT_MARKS = ("articlebody", "article-body", "article__body", "entry-content",
                 "post-content", "story-body", "article-content", "post-body",
                 "main-content", "article-text", "field-body")
COMMENTS = "comments ("
PAYWALL = "paywall ("
CONTROLS = "page controls ("
#: Fitted on the dev pages: a paywall container with at least this much article-like
#: text is the gated article body (served whole, hidden by a script), not the prompt.
GATED_BODY_CHARS = 300
#: Whole class or id values that name a comment thread.
COMMENT_THREADS = frozenset(
    {"comments", "comment-list", "commentlist", "comments-area", "comments-list",
     "comment-section", "comments-section", "disqus_thread", "comments-container"}
)


def boilerplate_reason(node: object) -> str | None:
    """Why ``node``'s markup (an lxml element, or a mapping of its attributes) marks
    it as boilerplate, or ``None``.

    Each class/id word's verdict is cached (see :func:`match_category`): templates
    repeat the same few words all over a page and across sites.
    """
    get = node.get  # type: ignore[attr-defined]
    return _reason(get("role"), get("class"), get("id"), get("aria-label"))


def _reason(
    role: str | None, klass: str | None, ident: str | None, label: str | None
) -> str | None:
    """:func:`boilerplate_reason` of these attribute values (``None``: absent)."""
    if role:
        role = role.strip().lower()
        if role in BOILERPLATE_ROLES:
            return f'{BOILERPLATE_ROLES[role]} (role="{role}")'
    found = None
    if klass:
        found, attr = match_category(klass), "class"
    if found is None and ident:
        found, attr = match_category(ident), "id"
    if found is None and label:
        found, attr = match_category(label), "aria-label"
    if found is None or _content_mark(klass) or _content_mark(ident):
        return None
    return _token_reason(attr, found)


def _token_reason(attr: str, found: tuple[str, str]) -> str:
    """The reason for a boilerplate token ``(category, token)`` of an attribute."""
    return f"{found[0]} ({attr} token “{found[1]}”)"


#: Any content mark (a piece of a lower-cased value).
_ANY_CONTENT_MARK = re.compile("|".join(re.escape(mark) for mark in CONTENT_MARKS))
_MARKED: dict[str, bool] = {}


def _content_mark(value: str | None) -> bool:
    """Whether a class or id value names an article-body container (cached: class
    lists repeat)."""
    if not value:
        return False
    found = _MARKED.get(value)
    if found is None:
        if len(_MARKED) >= 65536:
            _MARKED.clear()
        found = _MARKED[value] = _ANY_CONTENT_MARK.search(value.lower()) is not None
    return found


@rule("boilerplate-containers", stage="html", max_share=None)
def boilerplate_containers(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove containers whose class, id, role or aria-label names a template part.

    What: newsletter boxes, share and social bars, related-links lists, comment
    sections, cookie notices, ads, menus, breadcrumbs, sidebars, footers, paywall
    banners, live-blog tickers, tag lists, pop-ups, author boxes, disclosure notices,
    print and back-to-top tools and toggle buttons — recognised by the tokens of
    their ``class``/``id``/``aria-label`` (the lists are data:
    ``html/boilerplate-tokens.txt``) or their landmark ``role``.

    Why: templates name their parts; the names are the cheapest and surest sign of
    boilerplate, and they do not depend on the page's language.

    Example: ``<div class="social-share">Partager sur Facebook</div>`` is removed as
    "share buttons (class token “social”)".

    A paywall container that holds article paragraphs is the gated article body
    itself and stays; so does a "toggle" that holds article paragraphs (a
    collapsible section, not its button).

    Known false positives: a container holding the bulk of the page's article text is
    never removed, nor one that also carries an article-body class ("entry-content
    has-share"); a paragraph of the article with a stray class such as "promo" goes.
    """
    found = []
    firm = []
    stats = None
    # Per reason (verdicts repeat): whether it names a paywall, page controls.
    kinds: dict[str, tuple[bool, bool]] = {}
    hits = flagged(doc, _verdict)
    if _native is not None:
        hits = _native.untagged(hits, _NEVER)
    else:
        hits = [hit for hit in hits if hit[0].tag not in ("html", "body", "article", "main")]
    for node, (reason, thread) in hits:
        kind = kinds.get(reason)
        if kind is None:
            kind = kinds[reason] = (reason.startswith(PAYWALL), reason.startswith(CONTROLS))
        if kind[0]:
            stats = stats or initial_stats(doc)
            if stats.good_of(node) >= GATED_BODY_CHARS:
                continue  # the gated article body itself, not the prompt
        if kind[1]:
            stats = stats or initial_stats(doc)
            if stats.good_of(node):
                continue  # a collapsible section of the article, not its button
        found.append((node, reason))
        if thread and next(node.iterdescendants("h1"), None) is None:
            firm.append(node)
    remove_flagged(doc, found, firm)


def _no_verdict(name: str, value: str) -> bool:
    """Whether one attribute pair plays no part in :func:`boilerplate_reason` and
    :func:`_names_thread` (the judge below ignores it: see :func:`markup_judge`)."""
    if name == "role":
        return not value or value.strip().lower() not in BOILERPLATE_ROLES
    if name == "aria-label":
        return not value or match_category(value) is None
    if name == "class" or name == "id":
        if not value:
            return True
        return (
            match_category(value) is None
            and not _content_mark(value)
            and not any(v in COMMENT_THREADS for v in value.lower().split())
        )
    return True


def _telling_words() -> dict[str, frozenset[str]]:
    """Per attribute, the words without which a value plays no part in the verdict:
    the boilerplate tokens, and for class and id the letters of the content marks
    and of the comment-thread names too; the landmark roles; none for the attributes
    the verdict does not read."""
    tokens = frozenset(boilerplate_tokens())
    marks = {"".join(filter(str.isalnum, w.lower())) for w in (*CONTENT_MARKS, *COMMENT_THREADS)}
    roles = frozenset(BOILERPLATE_ROLES)
    return {"class": tokens | marks, "id": tokens | marks, "aria-label": tokens, "role": roles,
            "style": frozenset(), "type": frozenset(), "aria-hidden": frozenset(),
            "itemprop": frozenset()}


#: The reason a one-value set gives, per attribute and ``(category, token)``.
_SAID: dict[tuple[str, tuple[str, str]], str] = {}


_NATIVE = native_module()
#: :func:`_verdict` compiled, for the compiled judging loop (see :func:`markup_judge`).
_COMPILED = None if _NATIVE is None else _NATIVE.BoilerplateJudge(
    boilerplate_tokens(), CONTENT_MARKS, COMMENTS, COMMENT_THREADS, _token_reason
)


@markup_judge(ignores=_no_verdict, words=_telling_words(), compiled=_COMPILED)
def _verdict(pairs: tuple[tuple[str, str], ...]) -> tuple[str, bool] | None:
    """The reason to remove an element with these attribute pairs, and whether they
    name a comment thread outright; ``None`` when they are not boilerplate."""
    if len(pairs) == 1 and (pairs[0][0] == "class" or pairs[0][0] == "id"):
        # The usual set: one class or id value (what _reason does with it alone).
        attr, text = pairs[0]
        found = match_category(text) if text else None
        if found is None:
            return None
        marked = _MARKED.get(text)  # _content_mark's cache, read inline
        if marked is None:
            marked = _content_mark(text)
        if marked:
            return None
        said = _SAID.get((attr, found))
        if said is None:  # a few hundred tokens: the reasons are made once
            said = _SAID[(attr, found)] = _token_reason(attr, found)
        return said, said.startswith(COMMENTS) and _names_thread(text)
    role = klass = ident = label = None
    for name, value in pairs:  # each name once
        if name == "class":
            klass = value
        elif name == "id":
            ident = value
        elif name == "role":
            role = value
        elif name == "aria-label":
            label = value
    reason = _reason(role, klass, ident, label)
    if reason is None:
        return None
    return reason, reason.startswith(COMMENTS) and _names_thread(ident, klass)


def _names_thread(*values: str | None) -> bool:
    """Whether these ``id`` and ``class`` values name a comment thread outright
    (``id="comments"``, ``class="comment-list"``...) rather than carrying the word in
    passing (the thread must also hold no headline of its own to count as one)."""
    for value in values:
        if value and any(v in COMMENT_THREADS for v in value.lower().split()):
            return True
    return False
