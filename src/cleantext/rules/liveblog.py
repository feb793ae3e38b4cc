"""Rule ``liveblog-stub``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units


@rule("liveblog-stub", stage="text", needs_phrases=True)
def liveblog_stub(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove the status lines of a live-blog widget.

    What: "The liveblog has ended.", "No liveblog updates yet.", "Live updates",
    "Le direct est terminé", "Aucune mise à jour pour le moment", "Der Liveblog ist
    beendet", "انتهت التغطية المباشرة".

    Why: news sites embed a live-blog widget in every article template; when the
    page is scraped its empty state ends up at the top of the text.

    Example: "The liveblog has ended. No liveblog updates yet. Le Maroc lance …"
    loses its first two sentences.

    Known false positives: an article about a live broadcast keeps its sentences
    ("The live coverage ended at noon") because the phrases are the widget's own
    wording; a heading that reads exactly "Live updates" is removed.
    """
    remove_phrase_units(doc, ctx, "live-blog widget status")
