"""Rule ``edge-leftover``: boilerplate clusters at the head and the tail."""

from __future__ import annotations

from dataclasses import dataclass, field

from ..context import RuleContext
from ..registry import rule
from ..textdoc import TextDoc, trimmed


@dataclass(slots=True)
class _Stretch:
    """A maximal run of kept text, or of removals, in document order."""

    start: int
    end: int
    removed: bool
    rules: list[str] = field(default_factory=list)


def _stretches(doc: TextDoc) -> list[_Stretch]:
    out: list[_Stretch] = []
    text = doc.text
    last: _Stretch | None = None  # the last stretch when it is a removal
    at = 0  # where the last stretch ended
    for start, end, rule_name in doc.removed_spans():
        # Between two removals lies no removal: the kept run there is the gap,
        # trimmed (what ``doc.kept_runs`` gives, without looking for removals).
        if at < start:
            kept = (
                (at, start) if not text[at].isspace() and not text[start - 1].isspace()
                else trimmed(text, at, start)
            )
            if kept is not None:
                out.append(_Stretch(kept[0], kept[1], False))
                last = None
        if last is not None:
            last.end = end
            if rule_name not in last.rules:
                last.rules.append(rule_name)
        else:
            last = _Stretch(start, end, True, [rule_name])
            out.append(last)
        at = end
    kept = trimmed(text, at, len(text))
    if kept is not None:
        out.append(_Stretch(kept[0], kept[1], removed=False))
    return out


def _zone(stretches: list[_Stretch], doc: TextDoc, limit: int) -> list[_Stretch]:
    """Leftovers of the zone that starts at the earliest removal after which every
    kept stretch is short, provided the zone holds two removals or more."""
    groups = 0
    zone: list[_Stretch] = []
    best: list[_Stretch] = []
    for stretch in reversed(stretches):
        if stretch.removed:
            groups += 1
            if groups >= 2:
                best = list(zone)
        elif doc.words(stretch.start, stretch.end, cap=limit) <= limit:
            zone.append(stretch)
        else:
            break
    return best


def _neighbours(stretches: list[_Stretch], index: int) -> str:
    names: list[str] = []
    for other in stretches[max(0, index - 1) : index + 2]:
        for name in other.rules:
            if name not in names:
                names.append(name)
    return ", ".join(names) if names else "other rules"


@rule("edge-leftover", stage="text")
def edge_leftover(doc: TextDoc, ctx: RuleContext) -> None:
    """Remove short leftovers between boilerplate removals at the head and the tail.

    What: once the end of a document has turned into boilerplate (a newsletter
    block, then a comment header, then a channel plug), the short pieces left between
    those removals — "Chaque matin", "Que se passe-t-il en Tunisie?" — go too. The
    head likewise. A leftover is a kept stretch of at most
    ``Config.max_leftover_words`` words; the zone needs two removals or more, so a
    lone match never drags article text with it.

    Why: phrase lists cannot name every button label and teaser of every site, but
    inside a zone that is already boilerplate, short fragments are boilerplate too.

    Example: "… à fort potentiel. [newsletter] Chaque matin [form hint] …" loses
    "Chaque matin".

    Known false positives: a short closing line of the article ("Photo: AFP",
    "— Reuters") that follows two boilerplate blocks.
    """
    spans = doc.removed_spans()
    if next(spans, None) is None or next(spans, None) is None:
        return  # a zone needs two removals: most pages have fewer
    limit = ctx.config.max_leftover_words
    stretches = _stretches(doc)
    # By identity: list.index() compares dataclasses field by field, quadratic.
    position = {id(stretch): i for i, stretch in enumerate(stretches)}
    for side, ordered in (("tail", stretches), ("head", stretches[::-1])):
        for leftover in _zone(ordered, doc, limit):
            words = doc.words(leftover.start, leftover.end)
            doc.remove(
                leftover.start,
                leftover.end,
                f"short leftover ({words} words) in the boilerplate {side}, "
                f"between removals by {_neighbours(stretches, position[id(leftover)])}",
            )
