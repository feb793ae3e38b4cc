"""Rule ``edge-leftover``: boilerplate clusters at the head and the tail."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
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


#: A removal as :meth:`TextDoc.removed_spans` gives it: ``(start, end, rule)``.
_Span = tuple[int, int, str]


def _kept_between(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The kept stretch between two removals that end at ``start`` and start at
    ``end`` (no removal lies between them: what ``doc.kept_runs`` gives there is
    the gap, trimmed), or ``None``."""
    if start >= end:
        return None
    if not text[start].isspace() and not text[end - 1].isspace():
        return start, end
    return trimmed(text, start, end)


def _stretches(doc: TextDoc) -> list[_Stretch]:
    """Every stretch of ``doc``, in text order."""
    return list(_forward(doc.text, list(doc.removed_spans())))


def _forward(text: str, spans: list[_Span]) -> Iterator[_Stretch]:
    """The stretches from the head of the text on, each once it is complete
    (the zone of the head needs only the first few)."""
    last: _Stretch | None = None  # the removal stretch being built
    at = 0  # where the last removal ended
    for start, end, rule_name in spans:
        kept = _kept_between(text, at, start)
        if kept is not None:
            if last is not None:
                yield last
                last = None
            yield _Stretch(kept[0], kept[1], False)
        if last is not None:
            last.end = end
            if rule_name not in last.rules:
                last.rules.append(rule_name)
        else:
            last = _Stretch(start, end, True, [rule_name])
        at = end
    if last is not None:
        yield last
    kept = trimmed(text, at, len(text))
    if kept is not None:
        yield _Stretch(kept[0], kept[1], False)


def _backward(text: str, spans: list[_Span]) -> Iterator[_Stretch]:
    """The stretches from the tail of the text back, each once it is complete:
    :func:`_forward`'s, in reverse order (a removal stretch's rules in the order
    they first remove in the text, as there)."""
    if not spans:
        kept = trimmed(text, 0, len(text))
        if kept is not None:
            yield _Stretch(kept[0], kept[1], False)
        return
    kept = trimmed(text, spans[-1][1], len(text))
    if kept is not None:
        yield _Stretch(kept[0], kept[1], False)
    last: _Stretch | None = None  # the removal stretch being built, from its end back
    after = len(text)  # where the removal after this one starts
    for start, end, rule_name in reversed(spans):
        kept = _kept_between(text, end, after) if last is not None else None
        if kept is not None:
            yield last  # type: ignore[misc]
            last = None
            yield _Stretch(kept[0], kept[1], False)
        if last is not None:
            last.start = start
            rules = last.rules
            if rules[0] != rule_name:
                if rule_name in rules:
                    rules.remove(rule_name)
                rules.insert(0, rule_name)  # first in the text so far
        else:
            last = _Stretch(start, end, True, [rule_name])
        after = start
    yield last  # type: ignore[misc]
    kept = _kept_between(text, 0, spans[0][0])
    if kept is not None:
        yield _Stretch(kept[0], kept[1], False)


def _zone(walk: Iterable[_Stretch], doc: TextDoc, limit: int, seen: list[_Stretch]) -> list[int]:
    """Leftovers of the zone that starts at the earliest removal after which every
    kept stretch is short, provided the zone holds two removals or more: their
    positions in ``seen``, where the stretches of ``walk`` (from one end of the
    text) go as they are read, up to the first long kept one."""
    groups = 0
    zone: list[int] = []
    best: list[int] = []
    for stretch in walk:
        seen.append(stretch)
        if stretch.removed:
            groups += 1
            if groups >= 2:
                best = list(zone)
        elif doc.words(stretch.start, stretch.end, cap=limit) <= limit:
            zone.append(len(seen) - 1)
        else:
            break
    return best


def _neighbours(around: Iterable[_Stretch | None]) -> str:
    """The rules of ``around`` (a leftover and the stretches beside it, in text
    order), each once, in that order."""
    names: list[str] = []
    for other in around:
        for name in other.rules if other is not None else ():
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
    spans = list(doc.removed_spans())
    if len(spans) < 2:
        return  # a zone needs two removals: most pages have fewer
    limit = ctx.config.max_leftover_words
    text = doc.text
    # Each zone is read from its end of the text up to its first long kept stretch:
    # the stretches of the article in between are never built.
    for side, walk in (("tail", _backward(text, spans)), ("head", _forward(text, spans))):
        seen: list[_Stretch] = []
        for at in _zone(walk, doc, limit, seen):
            leftover = seen[at]
            before = seen[at - 1] if at else None
            after = seen[at + 1] if at + 1 < len(seen) else None
            # ``seen`` runs from the tail back for the tail: text order is reversed.
            around = (after, leftover, before) if side == "tail" else (before, leftover, after)
            words = doc.words(leftover.start, leftover.end)
            doc.remove(
                leftover.start,
                leftover.end,
                f"short leftover ({words} words) in the boilerplate {side}, "
                f"between removals by {_neighbours(around)}",
            )
