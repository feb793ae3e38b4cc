"""Rule ``comments-section``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("comments-section", stage="text", needs_phrases=True)
def comments_section(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove comment-section headers, counters and prompts.

    What: "Commentaires", "3 comments", "Leave a reply", "Ajouter un commentaire",
    "Kommentar schreiben", "Deja un comentario", "التعليقات".

    Why: the comment block follows the article in most templates; its header and
    prompt survive extraction even when the comments themselves do not.

    Example: "… Commentaires Que se passe-t-il en Tunisie?" loses "Commentaires".

    Known false positives: headers are matched only as labels standing alone, so
    "Les commentaires du ministre ont surpris" stays. A heading that is exactly
    "Comments" in an article about comments goes.
    """
    remove_phrase_units(doc, ctx, "comment section")
