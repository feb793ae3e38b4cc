"""Rule ``site-profile``: what a site profile says to drop."""

from __future__ import annotations

from ..context import RuleContext
from ..html.htmldoc import HtmlDoc, select
from ..profiles import compile_selector, matching
from ..registry import rule


@rule("site-profile", stage="html", max_share=None)
def site_profile(doc: HtmlDoc, ctx: RuleContext) -> None:
    """Remove the elements a matching site profile lists under ``drop``.

    What: every element matched by a CSS selector or XPath of a profile
    (``Config.profiles``) whose domain matches the page's url.

    Why: some templates defeat every general rule; a one-line profile fixes a site
    without touching the rules.

    Example: with ``drop = ["div.promo-box"]`` for ``example.ma``, the page at
    ``https://www.example.ma/a`` loses its ``<div class="promo-box">``, logged as
    "site profile selector div.promo-box".

    Known false positives: whatever the profile's author selects; nothing runs on
    pages of other domains or without a url.
    """
    for profile in matching(ctx.config.profiles, ctx.url):
        for selector in profile.drop:
            for node in select(doc.root, compile_selector(selector)):
                if node is not doc.root:
                    doc.remove(node, f"site profile selector {selector}")
