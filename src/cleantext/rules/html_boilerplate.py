"""Rule ``boilerplate-containers``."""

from __future__ import annotations

from ..context import RuleContext
from ..html.guard import remove_flagged
from ..html.htmldoc import HtmlDoc, select
from ..html.tokens import match_category
from ..registry import rule

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
_CANDIDATES = "//*[@class or @id or @role or @aria-label]"


def boilerplate_reason(node: object) -> str | None:
    """Why ``node``'s markup marks it as boilerplate, or ``None``."""
    get = node.get  # type: ignore[attr-defined]
    role = (get("role") or "").strip().lower()
    if role in BOILERPLATE_ROLES:
        return f'{BOILERPLATE_ROLES[role]} (role="{role}")'
    marks = f"{get('class') or ''} {get('id') or ''}"
    lowered = marks.lower()
    if any(mark in lowered for mark in CONTENT_MARKS):
        return None
    for attr in ("class", "id", "aria-label"):
        value = get(attr)
        if value:
            found = match_category(value)
            if found is not None:
                return f"{found[0]} ({attr} token “{found[1]}”)"
    return None


@rule("boilerplate-containers", stage="html", max_share=None)
def boilerplate_containers(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove containers whose class, id, role or aria-label names a template part.

    What: newsletter boxes, share and social bars, related-links lists, comment
    sections, cookie notices, ads, menus, breadcrumbs, sidebars, footers, paywall
    banners, live-blog tickers, tag lists and pop-ups — recognised by the tokens of
    their ``class``/``id``/``aria-label`` (the lists are data:
    ``html/boilerplate-tokens.txt``) or their landmark ``role``.

    Why: templates name their parts; the names are the cheapest and surest sign of
    boilerplate, and they do not depend on the page's language.

    Example: ``<div class="social-share">Partager sur Facebook</div>`` is removed as
    "share buttons (class token “social”)".

    Known false positives: a container holding the bulk of the page's article text is
    never removed, nor one that also carries an article-body class ("entry-content
    has-share"); a paragraph of the article with a stray class such as "promo" goes.
    """
    flagged = []
    for node in select(doc.root, _CANDIDATES):
        if node.tag in ("html", "body", "article", "main"):
            continue
        reason = boilerplate_reason(node)
        if reason is not None:
            flagged.append((node, reason))
    remove_flagged(doc, flagged)
