"""From a phrase match to the unit it condemns.

A phrase such as "abonnez-vous à la newsletter" condemns more than itself: the rest
of its sentence, or its whole line when the line is short. A *label* such as
"Commentaires" condemns only itself, and only when it stands alone: at the start of
its segment, or glued to the neighbouring text at a change of case
(``… Chaque matin Veuillez laisser ce champ vide Vous …``). Units longer than
``Config.max_unit_words`` are article text that happens to mention the phrase, and
are kept.
"""

from __future__ import annotations

import regex

from .charclass import CharClasses
from .context import RuleContext
from .segment import _native as _native_segment
from .textdoc import TextDoc

_LETTER = regex.compile(r"\p{L}")
_FIRST_LETTER = regex.compile(r"[^\p{L}]*(\p{L})")
_CAPITAL = regex.compile(r"\p{Lu}")
#: The last letter before a position (searched backwards).
_LAST_LETTER = regex.compile(r"(?r)\p{L}")
#: What may end a sentence for the segmenter (``segment._END``): with none of these
#: between a letter and a label, no segment starts in between.
_SENTENCE_END = regex.compile(r"[.!?…؟]")
#: A letter, a digit or a sentence end: with none of these around a label in its
#: block, the label is the block's only text and no segment starts beside it.
_NOT_ALONE = regex.compile(r"[\p{L}\d.!?…؟]")


#: The classes of the patterns above, for the compiled label decision
#: (``_segment.label_without_segments``).
_LABEL_CLASSES = CharClasses(((2, _LETTER), (4, _CAPITAL), (8, _NOT_ALONE), (16, _SENTENCE_END)))


def _has_letter(text: str) -> bool:
    return _LETTER.search(text) is not None


def _segment_bounds(doc: TextDoc, start: int, end: int) -> tuple[int, int] | None:
    """From the start of the segment holding ``start`` to the end of the last one
    that starts at or before ``end - 1`` (``None``: ``start`` is in no segment)."""
    first = doc.segment_before(start)  # ``doc.segment_at(start)``, one call fewer
    if first is None or start >= first.end:
        return None
    first_end = first.end
    # ``start < first_end``: when ``end - 1`` is before it, one segment holds the
    # match (as most do).
    if end - 1 < first_end:
        return first.start, first_end
    last = doc.segment_before(end - 1)
    return first.start, max(first_end, last.end if last is not None else first_end)


def label_unit(doc: TextDoc, start: int, end: int) -> tuple[int, int] | None:
    """The span a label match removes, or ``None`` if the label is inside a sentence.

    A label stands alone when nothing but punctuation surrounds it in its segment,
    or when it is glued between two capitalised neighbours (``… vide Commentaires
    Que …``). Glued on one side only is not enough: German capitalises every noun.

    Most labels are decided without cutting their block into segments (see
    :func:`_label_without_segments`).
    """
    blocks = doc.blocks
    if blocks:
        index = doc.block_at(start)
        block = blocks[index]
        block_start = block.start
        block_end = block.end
        if (
            block_start <= start
            and end <= block_end
            # Segments already cut (a flat text's one block): looking them up is cheaper.
            and not doc.has_segments(index)
        ):
            native = _native_segment()
            if native is not None and start < end:
                # Compiled: 0, 1, 2 for None, the block, undecided.
                decided = native.label_without_segments(
                    doc.text, start, end, block_start, block_end, _LABEL_CLASSES.table,
                    _LABEL_CLASSES,
                )
                if decided == 0:
                    return None
                if decided == 1:
                    return block_start, block_end
            else:
                found = _label_without_segments(doc.text, start, end, block_start, block_end)
                if found is not _UNDECIDED:
                    return found  # type: ignore[return-value]
    return _label_by_segments(doc, start, end)


def _label_by_segments(doc: TextDoc, start: int, end: int) -> tuple[int, int] | None:
    """:func:`label_unit` from the segments of the label's block."""
    bounds = _segment_bounds(doc, start, end)
    if bounds is None:
        return None
    seg_start, seg_end = bounds
    native = _native_segment()
    if native is not None:
        return native.label_in_segment(  # type: ignore[no-any-return]
            doc.text, start, end, seg_start, seg_end, _LABEL_CLASSES.table, _LABEL_CLASSES
        )
    return _label_in_segment(doc.text, start, end, seg_start, seg_end)


def _label_in_segment(
    text: str, start: int, end: int, seg_start: int, seg_end: int
) -> tuple[int, int] | None:
    """What a label at ``[start, end)`` of the segment ``[seg_start, seg_end)``
    removes: the segment, or the label alone when glued between capitalised
    neighbours, or ``None`` (``_segment.label_in_segment`` is the same in C)."""
    left_glued = _LETTER.search(text, seg_start, start) is not None
    right_glued = _LETTER.search(text, end, seg_end) is not None
    if left_glued and not text[start].isupper():
        return None
    if right_glued:
        nxt = _FIRST_LETTER.match(text, end, seg_end)
        if nxt is None or not nxt.group(1).isupper():
            return None
    elif left_glued:
        return None
    return (start if left_glued else seg_start, end if right_glued else seg_end)


_UNDECIDED = object()


def _label_without_segments(
    text: str, start: int, end: int, block_start: int, block_end: int
) -> object:
    """What :func:`label_unit` returns for a label at ``[start, end)`` of the block
    ``[block_start, block_end)``, when that does not depend on where the block's
    segments start; else ``_UNDECIDED``.

    A segment starts (``segment.sentence_cuts``) after a sentence end followed by
    whitespace, or at a capitalised word after a lower-case letter or a digit. So:

    - a label alone in its block (nothing but punctuation around it that ends no
      sentence, no digit before it) is its whole block's unit;
    - a label followed in its block by a word that does not start with a capital,
      with no sentence end from the label to that word, is glued to its right
      neighbour inside one segment: not a unit;
    - a label that does not start with a capital, with a letter before it in its
      block and no sentence end between that letter and the label, is glued to its
      left neighbour inside one segment: not a unit.
    """
    if text[start].isspace():
        return _UNDECIDED
    if not _NOT_ALONE.search(text, block_start, start) and not _NOT_ALONE.search(
        text, end, block_end
    ):
        if not _SENTENCE_END.search(text, start, end):
            return (block_start, block_end)
        return _UNDECIDED
    after = _LETTER.search(text, end, block_end)
    if (
        after is not None
        and not text[after.start()].isupper()
        and not _CAPITAL.match(text, after.start())
        and not _SENTENCE_END.search(text, start, after.start())
        and _LETTER.search(text, start, end)
    ):
        return None  # glued to a lower-case word on its right
    if text[start].isupper() or _CAPITAL.match(text, start):
        return _UNDECIDED  # (a glued heading starts at a capital the segmenter sees)
    last = _LAST_LETTER.search(text, block_start, start)
    if last is not None and not _SENTENCE_END.search(text, last.end(), start):
        return None
    return _UNDECIDED


def containing_unit(
    doc: TextDoc, start: int, end: int, max_words: int, lead: bool = False
) -> tuple[int, int] | None:
    """The span a phrase match removes: its short line or HTML block, else the rest of
    its sentence.

    The sentence starts at the match itself when the match begins with a capital
    inside it (a heading glued in front), else at the sentence's start. A ``lead``
    phrase must open its unit: nothing but punctuation before it in its line (or
    sentence), or a capital glued after other words.
    """
    block = doc.blocks[doc.block_at(start)]
    if (
        len(doc.blocks) > 1  # a flat one-line text is one block: work by sentence there
        and block.start <= start < block.end
        and doc.words(block.start, block.end, cap=max_words) <= max_words
    ):
        if lead and not _opens_unit(doc, start, block.start):
            return None
        return block.start, block.end
    bounds = _segment_bounds(doc, start, end)
    if bounds is None:
        return None
    seg_start, seg_end = bounds
    if lead and not _opens_unit(doc, start, seg_start):
        return None
    glued = doc.text[start].isupper() and _has_letter(doc.text[seg_start:start])
    unit_start = start if glued else seg_start
    if doc.words(unit_start, seg_end, cap=max_words) > max_words:
        return None
    return unit_start, seg_end


def _opens_unit(doc: TextDoc, start: int, unit_start: int) -> bool:
    return doc.text[start].isupper() or not _has_letter(doc.text[unit_start:start])


def remove_phrase_units(
    doc: TextDoc, ctx: RuleContext, what: str, max_words: int | None = None
) -> None:
    """Remove the unit of every match of the rule's phrases, citing the phrase.

    Sentence phrases go first, labels after, so that a label inside a phrase's
    sentence ("… our Newsletter") does not cut the sentence in two. A unit longer
    than ``max_words`` (default ``Config.max_unit_words``) is kept.
    """
    matches = ctx.find_phrases(doc)
    if not matches:
        return
    if max_words is None:
        max_words = ctx.config.max_unit_words
    is_removed = doc.is_removed
    remove = doc.remove
    labels = []
    for phrase, match in matches:
        if phrase.label:
            labels.append(match)
            continue
        start, end = match.span()
        if is_removed(start):
            continue
        span = containing_unit(doc, start, end, max_words, phrase.lead)
        if span is not None:
            remove(span[0], span[1], f"{what} (phrase “{match.group()}”)")
    for match in labels:
        start, end = match.span()
        if is_removed(start):
            continue
        span = label_unit(doc, start, end)
        if span is not None:
            remove(span[0], span[1], f"{what} (label “{match.group()}”)")
