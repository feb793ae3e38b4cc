"""Rule ``read-also``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("read-also", stage="text", needs_phrases=True)
def read_also(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove "read also" teasers that link to other articles.

    What: lines that start with "Read also:", "Read more:", "Related:", "Lire aussi",
    "À lire aussi", "Lesen Sie auch", "Mehr zum Thema", "Lea también", "Ver también",
    "اقرأ أيضا", with the linked headline that follows them.

    Why: editors insert links to other stories between paragraphs; they read like
    headings and break the article's flow.

    Example: "Lire aussi : Le Maroc mise sur l'IA" on its own line is removed whole.

    Known false positives: an article sentence that starts with "Read more about it in
    the report" is removed if it is short.
    """
    remove_phrase_units(doc, ctx, "read-also link")
