"""Rule ``credit-line``."""

from __future__ import annotations

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc
from ..units import remove_phrase_units

#: A credit names a photographer or an agency: a longer unit that opens with
#: "Photo:" is a caption, or (in flat text) a credit glued to the next sentence.
MAX_CREDIT_WORDS = 10


@rule("credit-line", stage="text", needs_phrases=True)
def credit_line(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove photo and image credits.

    What: a short line or sentence that opens with a credit label: "Photo: AP",
    "Image credit: NASA", "Crédits photos : Bestimage", "Foto: dpa",
    "Titelbild: picture-alliance", "Foto: EFE", "الصورة: رويترز".

    Why: a photo's credit stays in the page's text when the photo is gone, and lands
    between two paragraphs of the article.

    Example: "Crédits photos : Bestimage" on its own line is removed; "La photo a
    été prise par un amateur" is not (no credit label at its start).

    Only units of at most ``MAX_CREDIT_WORDS`` words go: in flat text a credit is
    often glued to the next sentence of the article, and that sentence stays (with
    the credit).

    Known false positives: a short caption whose first word is "Photo:" followed by
    its description.
    """
    remove_phrase_units(doc, ctx, "photo credit", max_words=MAX_CREDIT_WORDS)
