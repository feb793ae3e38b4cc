"""Rule ``non-content-tags``."""

from __future__ import annotations

from ..context import RuleContext
from ..html.guard import remove_flagged
from ..html.htmldoc import HtmlDoc
from ..registry import rule

#: Tags that hold page furniture, never article text, with the reason logged.
NON_CONTENT_TAGS: dict[str, str] = {
    "nav": "navigation menu",
    "aside": "aside (sidebar or pull-out box)",
    "footer": "page or section footer",
    "form": "form",
    "button": "button label",
    "select": "drop-down menu",
    "textarea": "text field",
    "input": "form field",
    "dialog": "dialog box",
    "menu": "menu",
    "figcaption": "figure caption",
}


@rule("non-content-tags", stage="html", max_share=None)
def non_content_tags(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove elements whose tag marks page furniture: nav, aside, footer, form,
    button, select, textarea, input, dialog, menu, figcaption.

    What: the element and everything in it; the visible text is logged with the tag.

    Why: these tags exist to hold navigation, forms and side boxes; article text
    inside them is rare, and the main-content rule scores better without them.

    Example: ``<nav><a href="/">Accueil</a> <a href="/eco">Économie</a></nav>`` is
    removed as "navigation menu (<nav>)".

    Known false positives: a page that wraps its whole body in one ``<form>`` (old
    ASP.NET sites) or its article in an ``<aside>``: when the flagged nodes hold
    nearly all of the page's article-like text, the biggest are spared (see
    :mod:`cleantext.html.guard`). Pull quotes in ``<aside>`` go.
    """
    remove_flagged(doc, [(node, _REASONS[tag]) for tag, node in doc.tagged(*NON_CONTENT_TAGS)])


#: The logged reason per tag.
_REASONS = {tag: f"{reason} (<{tag}>)" for tag, reason in NON_CONTENT_TAGS.items()}
