"""Rule ``paywall-prompt``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("paywall-prompt", stage="text", needs_phrases=True)
def paywall_prompt(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove paywall and subscription prompts.

    What: "This article is for subscribers only", "Subscribe to continue reading",
    "Already a subscriber? Log in", "Cet article est réservé aux abonnés", "Il vous
    reste 80 % de cet article à lire", "Dieser Artikel ist nur für Abonnenten".

    Why: a paywalled page shows the article's first paragraphs and then a pitch; the
    pitch is the site's, not the story's.

    Example: "… on Monday. Il vous reste 75 % de cet article à lire. Déjà abonné ?
    Connectez-vous" keeps the first sentence only.

    Known false positives: a media-business article quoting such a prompt.
    """
    remove_phrase_units(doc, ctx, "paywall prompt")
