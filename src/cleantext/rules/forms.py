"""Rule ``form-hint``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("form-hint", stage="text", needs_phrases=True)
def form_hint(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove form labels and hints: honeypot fields, required-field notes, captchas.

    What: "Veuillez laisser ce champ vide", "Leave this field empty", "Required
    fields are marked *", "Your email address will not be published", "This site is
    protected by reCAPTCHA", "Dieses Feld bitte leer lassen".

    Why: scrapers keep the labels of hidden anti-spam fields and of comment and
    signup forms; they read as sentences but belong to no article.

    Example: "Chaque matin Veuillez laisser ce champ vide Vous vous êtes bien
    abonné.e …" loses "Veuillez laisser ce champ vide".

    Known false positives: a how-to article that quotes a form's wording.
    """
    remove_phrase_units(doc, ctx, "form hint")
