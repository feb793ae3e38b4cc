"""Rule ``social-follow``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("social-follow", stage="text", needs_phrases=True)
def social_follow(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove "follow us" and "subscribe to our channel" plugs.

    What: "Subscribe to our YouTube channel", "Nous expliquons sur notre chaîne
    YouTube", "Follow us on Facebook / X / Instagram / Telegram / WhatsApp / TikTok /
    Google News", "Folgen Sie uns auf …", "Síguenos en …", "تابعونا على …".

    Why: the plug is part of the site's template, not of the story; it trails most
    articles of a site and pollutes every text extracted from it.

    Example: "… Commentaires Que se passe-t-il en Tunisie? Nous expliquons sur notre
    chaîne YouTube . Abonnez-vous!" loses its YouTube plug and the "Abonnez-vous!".

    Known false positives: news about a channel in the third person stays ("The
    ministry launched a YouTube channel in March."); phrases are first-person plugs
    ("our channel", "follow us").
    """
    remove_phrase_units(doc, ctx, "social-media plug")
