"""Rule ``newsletter-signup``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("newsletter-signup", stage="text", needs_phrases=True)
def newsletter_signup(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove newsletter signup pitches and the signup form's messages.

    What: pitches ("Abonnez-vous à la newsletter quotidienne …", "Sign up for our
    daily newsletter", "Gratuite, claire, sans spam"), the form's success and error
    messages ("Vous vous êtes bien abonné.e à notre newsletter !", "Thanks for
    subscribing", "You are subscribed") and its button and field labels.

    Why: signup boxes sit inside or right after the article body in most news
    templates, so even a good main-content choice keeps them.

    Example: "… à fort potentiel. Abonnez-vous à la newsletter quotidienne Tunisie
    Numérique : actus, analyses … Gratuite, claire, sans spam." keeps only the
    first sentence.

    Known false positives: a short sentence that reports on a newsletter in first
    person ("Subscribe to our newsletter, the minister urged") — rare in articles.
    A long sentence that mentions a newsletter is never removed.
    """
    remove_phrase_units(doc, ctx, "newsletter signup")
