"""Rule ``cookie-notice``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("cookie-notice", stage="text", needs_phrases=True)
def cookie_notice(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove cookie and consent banners.

    What: "We use cookies to improve your experience", "By continuing to browse you
    accept our use of cookies", "Accept all cookies", "Nous utilisons des cookies",
    "Diese Website verwendet Cookies", "Utilizamos cookies", "نستخدم ملفات تعريف الارتباط".

    Why: consent banners are injected into every page of a site; scrapers that flatten
    a page keep their text, usually at the very top or bottom.

    Example: "We use cookies to give you the best experience. Accept all" loses both.

    Known false positives: an article about cookie regulation keeps its long sentences;
    a short first-person sentence like "We use cookies only for analytics" goes.
    """
    remove_phrase_units(doc, ctx, "cookie notice")
