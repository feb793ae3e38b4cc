"""Rule ``share-prompt``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("share-prompt", stage="text", needs_phrases=True)
def share_prompt(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove share bars and their prompts.

    What: "Share this article", "Share on Facebook", "Partager sur X", "Teilen auf
    WhatsApp", "Compartir en Facebook", "شارك على فيسبوك", and share buttons standing
    alone as labels ("Share", "Tweet", "Partager", "E-mail", "Imprimer").

    Why: share bars sit above and below the article body, inside the container that
    main-content extraction keeps.

    Example: "… the end of the decade. Share this article Share on Facebook" loses the
    two share prompts.

    Known false positives: "Share" as a noun heading in a finance article ("Share
    prices") is kept: labels must stand alone.
    """
    remove_phrase_units(doc, ctx, "share prompt")
