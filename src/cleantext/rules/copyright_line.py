"""Rule ``copyright-line``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("copyright-line", stage="text", needs_phrases=True)
def copyright_line(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove copyright, rights-reserved and editorial-disclaimer lines.

    What: "© 2024 Example Media. All rights reserved.", "Tous droits réservés",
    "Alle Rechte vorbehalten", "Todos los derechos reservados", "جميع الحقوق محفوظة",
    "This material may not be published, broadcast, rewritten or redistributed";
    disclaimers such as "The views expressed are those of the author", "nicht
    notwendigerweise die Meinung der Redaktion", "no refleja la opinión de".

    Why: page footers and wire-service notices carry them; they are the same on every
    article of a site.

    Example: "… the end of the decade. © 2024 AP. All rights reserved." keeps the
    article sentence only.

    Known false positives: some publishers count the wire agency's copyright notice
    as part of the story.
    """
    remove_phrase_units(doc, ctx, "copyright line")
