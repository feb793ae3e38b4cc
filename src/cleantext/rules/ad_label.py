"""Rule ``ad-label``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("ad-label", stage="text", needs_phrases=True)
def ad_label(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove advertising labels and sponsored-content markers.

    What: "Advertisement", "Publicité", "Anzeige", "Werbung", "Publicidad", "إعلان",
    "Sponsored", "Contenu sponsorisé", "Scroll to continue with content".

    Why: ad slots leave their label behind when the ad itself (an iframe or a script)
    is gone; the label then splits a paragraph in two.

    Example: "… the end of the decade. Advertisement The minister said …" loses
    "Advertisement".

    Known false positives: the word standing alone as a heading in an article about
    advertising.
    """
    remove_phrase_units(doc, ctx, "advertising label")
