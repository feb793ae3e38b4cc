"""Verdicts on the markup attributes of a page's elements (hidden? boilerplate?
article body?), each computed once per distinct set of attribute values.

The page walk gathers, for every visible element that carries one of the
attributes the markup rules read (``class``, ``id``, ``role``, ``style``...), its
``(name, value)`` pairs. Templates repeat the same sets all over a page and across a
site's pages, so every registered judge sees each distinct set once, all judges in
one pass, and the verdicts are cached across pages.

Most pairs matter to no judge (``class="col-md-6"``, a unique ``id``): a judge may
say which pairs it *ignores* — pairs whose removal from any set never changes its
verdict — by a predicate and, faster, by the words that make a value matter to it
(a value without any of them among its letters is ignored). For the names every
judge listed words for (``class`` and ``id``, most pairs), the page walk itself
leaves out the values without any of the words (compiled, one automaton pass over
the attribute's text: see :func:`~cleantext.html.blocks.set_quiet_words`), and
when no judge flags an element without pairs, it does not even list the elements
left with none. The other pairs every judge ignores are dropped from the sets
before judging (the answer is cached per pair across pages), so the judges see
fewer distinct sets, and a set left empty is judged once for all. A new set is
then shown to each judge only as far as it holds that judge's words (compiled, one
automaton pass per pair: :func:`~cleantext.html.blocks.pair_masks`): most hold the
words of one judge only, and the others' verdicts on what is left (usually ``()``)
are known.

When the page walk is compiled, so are the judging loop and the cutting of the
verdicts into per-judge columns, and a judge registered with a compiled twin (the
built-in ones have one) is asked in C: a new page's sets then cost no Python call
each (see :func:`markup_judge`'s ``compiled``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import compress, filterfalse, repeat
from operator import is_not
from typing import Any, TypeVar, overload

from lxml import etree

from .blocks import (
    MAX_OWNERS,
    native_module,
    pair_masks,
    set_quiet_words,
    set_word_owners,
    word_automaton,
)
from .htmldoc import HtmlDoc

__all__ = ["Pairs", "flagged", "markup_judge"]

#: An element's markup attributes: ``(name, value)`` pairs, each name once.
Pairs = tuple[tuple[str, str], ...]
J = TypeVar("J", bound=Callable[[Pairs], Any])
#: Whether a judge ignores one ``(name, value)`` pair (see the module's docstring).
Ignores = Callable[[str, str], bool]


@dataclass(frozen=True)
class _Judge:
    ignores: Ignores | None
    words: dict[str, frozenset[str]]


#: A judge's flagged elements and its verdicts on them, in document order.
Columns = tuple[list[Any], list[Any]]

_JUDGES: list[Callable[[Pairs], Any]] = []
_SLOTS: dict[Callable[[Pairs], Any], int] = {}
_SPECS: list[_Judge] = []
#: Per slot, the judge's compiled twin (see :func:`markup_judge`), or ``None``.
_TWINS: list[Any] = []
#: Combined verdicts per distinct set (``None`` when no judge flags it); cleared
#: when it grows past ``_CACHE_SIZE`` entries.
_CACHE: dict[Pairs, tuple[Any, ...] | None] = {}
_CACHE_SIZE = 65536
#: With the compiled walk: the same verdicts by a set's key bytes (see
#: :func:`_hits`; same size limit, cleared with ``_CACHE``), and one copy of each
#: combination of verdicts.
_BY_KEY: dict[bytes, tuple[Any, ...] | None] = {}
_SHARED_VERDICTS: dict[Any, Any] = {}
#: Per pair: whether every judge ignores it (same size limit).
_PLAIN: dict[tuple[str, str], bool] = {}
#: Per judge's slot: its verdicts on the parts of sets it is asked about (see
#: :func:`_judge`), ``()`` included (same size limit).
_PARTS: dict[int, dict[Pairs, Any]] = {}
#: Per attribute name: an automaton over the words the judges listed for it.
_AUTOMATA: dict[str, Any] = {}
#: The attribute names whose quiet pairs the page walk leaves out (see
#: :func:`_quiet_words`).
_WALKED: frozenset[str] = frozenset()
#: The compiled walk's module, whose loops the judging uses, or ``None``.
_NATIVE = native_module()
#: The compiled walk, which alone lists sets as key bytes, to decode them (kept
#: apart from ``_NATIVE``, which a test switches off to compare the Python loops).
_KEYS = _NATIVE
#: The ASCII bytes that are neither letters nor digits.
_NOT_ALNUM = bytes(c for c in range(128) if not chr(c).isalnum())


@overload
def markup_judge(
    judge: J,
    *,
    ignores: Ignores | None = None,
    words: Mapping[str, Iterable[str]] | None = None,
    compiled: Any = None,
) -> J: ...
@overload
def markup_judge(
    judge: None = None,
    *,
    ignores: Ignores | None = None,
    words: Mapping[str, Iterable[str]] | None = None,
    compiled: Any = None,
) -> Callable[[J], J]: ...
def markup_judge(
    judge: J | None = None,
    *,
    ignores: Ignores | None = None,
    words: Mapping[str, Iterable[str]] | None = None,
    compiled: Any = None,
) -> J | Callable[[J], J]:
    """Register ``judge`` (pairs → verdict or ``None``) so that :func:`flagged` can
    ask for its verdicts; used as a decorator by the markup rules, bare or as
    ``@markup_judge(ignores=..., words=...)``.

    ``ignores(name, value)`` must be true only for pairs whose removal from any set
    never changes the judge's verdict. ``words`` maps attribute names to lower-case
    words: the judge must ignore a pair with one of these names and an ASCII value
    when none of the name's words is a piece of the value's lower-cased letters and
    digits (such pairs are ignored without asking ``ignores``; a name listed with no
    words says the judge ignores every ASCII value of it).

    ``compiled`` is an optional twin of the judge for the compiled judging loop: an
    instance of the page walk's ``CompiledJudge`` (``cleantext.html._walk``) whose
    ``verdict`` on a set is the judge's, or ``ASK`` to leave the set to the judge.
    The loop calls it in C, without a Python call per set; it is ignored when the
    compiled walk is not in use. The built-in judges have one each (their one-pair
    ``class``/``id`` sets make most of a new page's sets); a plug-in judge needs none.

    Register judges before pages are walked (at import, as the built-in rules do):
    the page walk leaves out the pairs the judges registered at the time ignore by
    their words, so a page walked before a registration lacks pairs the new judge
    may need.
    """
    if judge is None:
        return lambda j: markup_judge(j, ignores=ignores, words=words, compiled=compiled)
    if judge not in _SLOTS:
        if compiled is not None and (
            _NATIVE is None or not isinstance(compiled, _NATIVE.CompiledJudge)
        ):
            compiled = None  # the compiled walk is not in use, or not its kind
        _SLOTS[judge] = len(_JUDGES)
        _JUDGES.append(judge)
        _TWINS.append(compiled)
        listed = {name: frozenset(ws) for name, ws in (words or {}).items()}
        _SPECS.append(_Judge(ignores, listed))
        _CACHE.clear()  # cached verdicts lack the new judge's
        _BY_KEY.clear()
        _PLAIN.clear()
        _AUTOMATA.clear()
        _PARTS.clear()
        _PLANS.clear()
        set_word_owners(_owner_words())
        quiet = _quiet_words()
        set_quiet_words(quiet, _none_flags_nothing)
        global _WALKED
        _WALKED = frozenset(quiet)
    return judge


def _none_flags_nothing() -> bool:
    """Whether no judge flags an element without pairs (then the page walk need not
    list the elements whose pairs it leaves all out)."""
    return all(judge(()) is None for judge in _JUDGES)


def _owner_words() -> dict[str, dict[str, int]]:
    """Per attribute name some judge listed words for, each word's mask of the judges
    (bit = slot) that listed it; a judge that did not list the name owns the empty
    word, i.e. every value (see :func:`~cleantext.html.blocks.set_word_owners`)."""
    if len(_SPECS) > MAX_OWNERS:
        return {}  # every judge sees every pair
    out: dict[str, dict[str, int]] = {}
    for name in sorted({name for spec in _SPECS for name in spec.words}):
        words: dict[str, int] = {}
        for slot, spec in enumerate(_SPECS):
            listed = spec.words.get(name)
            for word in ("",) if listed is None else listed:
                words[word] = words.get(word, 0) | 1 << slot
        out[name] = words
    return out


def _quiet_words() -> dict[str, frozenset[str]]:
    """Per attribute name every judge listed words for, all their words: a pair of
    such a name that holds none of them is one every judge ignores, so the page walk
    leaves it out (see :func:`~cleantext.html.blocks.set_quiet_words`)."""
    if not _SPECS:
        return {}
    names = set.intersection(*(set(spec.words) for spec in _SPECS))
    return {
        name: frozenset(word for spec in _SPECS for word in spec.words[name])
        for name in sorted(names)
    }


def flagged(doc: HtmlDoc, judge: Callable[[Pairs], Any]) -> list[tuple[etree._Element, Any]]:
    """``(node, verdict)`` of the page's marked elements (see :attr:`HtmlDoc.marked`)
    that the registered ``judge`` flags, in document order."""
    slot = _SLOTS.get(judge)
    if slot is None:
        slot = _SLOTS[markup_judge(judge)]
    nodes, verdicts = _hits(doc)[slot]
    marked = doc.index.marked
    if not isinstance(marked, list):  # the compiled walk's NodeAddresses: addresses
        nodes = marked.elements(nodes)  # type: ignore[attr-defined]
    return list(zip(nodes, verdicts, strict=True))


def _hits(doc: HtmlDoc) -> list[Columns]:
    """Per judge's slot, the marked elements it flags and its verdicts on them (per
    page: every judge's columns are made in one pass over the elements). Kept as
    two lists per judge, not a pair per element: the page keeps them to its end, and
    :func:`flagged` pairs them only while a rule reads them."""
    name = f"markup-hits-{len(_JUDGES)}"  # a judge registered since: judge again
    hits = doc.cache.get(name)
    if isinstance(hits, list):
        return hits
    index = doc.index
    marked = index.marked
    nodes: list[Any]
    if isinstance(marked, list):  # the Python walk: each set as its pairs
        nodes = marked
        verdicts = _verdicts_by_pairs(index.markup)
    else:  # the compiled walk: a NodeAddresses, and each set as its key bytes
        nodes = marked.addresses  # type: ignore[attr-defined]
        verdicts = _verdicts_by_key(index.markup)
    hits = _flagged_by_judge(nodes, index.markup_codes, verdicts, len(_JUDGES))
    doc.cache[name] = hits
    return hits


def _verdicts_by_pairs(sets: list[Pairs]) -> list[tuple[Any, ...] | None]:
    """The judges' verdicts on each set of pairs (the Python walk's), through
    ``_CACHE``."""
    cache = _CACHE
    keys = _without_plain(sets)
    missing = list(filterfalse(cache.__contains__, dict.fromkeys(keys)))
    if missing and len(cache) + len(missing) > _CACHE_SIZE:
        cache.clear()
        missing = list(dict.fromkeys(keys))
    if missing:
        _judge(missing)
    return list(map(cache.__getitem__, keys))


def _verdicts_by_key(raws: list[bytes]) -> list[tuple[Any, ...] | None]:
    """The judges' verdicts on each set, given as the compiled walk's key bytes.

    The verdicts are cached by those bytes: a set met before costs one lookup, and
    a new one is decoded to its pairs only to be judged. No tuple of a set outlives
    the page: a crawl meets new sets on every new site, and objects kept from each
    page would set off the garbage collector's collections (bytes are not tracked;
    equal verdicts are kept once).
    """
    by_key = _BY_KEY
    new: list[bytes] = []
    if _NATIVE is not None:
        verdicts = _NATIVE.cached_verdicts(raws, by_key, new)
    else:
        verdicts = [by_key.get(raw, _UNSEEN) for raw in raws]
        new = [raw for raw in dict.fromkeys(raws) if raw not in by_key]
    if not new:
        return verdicts  # type: ignore[no-any-return]
    keys = _without_plain([_KEYS.key_pairs(raw) for raw in new])
    judged: dict[Pairs, tuple[Any, ...] | None] = {}
    _judge(list(dict.fromkeys(keys)), judged)
    shared = _SHARED_VERDICTS
    if len(shared) > _CACHE_SIZE:
        shared.clear()
    fresh = {raw: _shared(judged[key], shared) for raw, key in zip(new, keys, strict=True)}
    if len(by_key) + len(new) > _CACHE_SIZE:
        by_key.clear()
    by_key.update(fresh)  # (read back from ``fresh``: another thread may clear it)
    if _NATIVE is not None:
        _NATIVE.fill_verdicts(raws, verdicts, fresh)
        return verdicts  # type: ignore[no-any-return]
    pairs = zip(raws, verdicts, strict=True)
    return [fresh[raw] if found is _UNSEEN else found for raw, found in pairs]


def flagged_by_judge_python(
    marked: list[Any], codes: list[int], verdicts: list[tuple[Any, ...] | None], count: int
) -> list[Columns]:
    """Per judge's slot (``count`` of them), the marked elements it flags and its
    verdicts on them, as two lists in order: ``verdicts[codes[i]]`` are the judges'
    verdicts on ``marked[i]`` (``None``: no judge flags it)."""
    out: list[Columns] = [([], []) for _ in range(count)]
    if verdicts.count(None) == len(verdicts):
        return out
    hits = [
        (node, found)
        for node, code in zip(marked, codes, strict=True)
        if (found := verdicts[code]) is not None
    ]
    if hits:
        nodes, found = zip(*hits, strict=True)
        for slot, said in enumerate(zip(*found, strict=True)):
            flags = list(map(is_not, said, repeat(None)))
            out[slot] = (list(compress(nodes, flags)), list(compress(said, flags)))
    return out


def _shared(verdict: Any, shared: dict[Any, Any]) -> Any:
    """``verdict``, as the one equal verdict kept in ``shared`` (pages share a few
    hundred combinations of verdicts); unhashable verdicts as they are."""
    if verdict is None:
        return None
    try:
        return shared.setdefault(verdict, verdict)
    except TypeError:
        return verdict


def _judge(keys: list[Pairs], cache: dict[Pairs, tuple[Any, ...] | None] | None = None) -> None:
    """Put all judges' verdicts on these sets in ``cache`` (the verdict cache
    ``_CACHE`` when not given).

    Each judge is asked about the part of a set it does not ignore by its words
    (:func:`~cleantext.html.blocks.pair_masks` says which pairs hold which judges'
    words): a new set usually holds the words of one judge, so the others' verdicts
    on the rest (mostly ``()``) are already known. The verdicts are the same as on
    the whole set, by the ``words`` promise of :func:`markup_judge`. When the walk is
    compiled, so is this loop (``judge_keys``), which asks the judges' compiled
    twins in C.
    """
    judges = tuple(enumerate(_JUDGES))
    nothing = [None] * len(judges)
    if cache is None:
        cache = _CACHE
    if len(judges) > MAX_OWNERS:  # no masks: every judge sees every set whole
        for key in keys:
            said = [judge(key) for _, judge in judges]
            cache[key] = None if said == nothing else tuple(said)
        return
    parts = _PARTS
    if not parts or sum(map(len, parts.values())) > _CACHE_SIZE:
        parts.clear()
        parts.update((slot, {}) for slot, _ in judges)
    if _NATIVE is not None:  # the loop below, compiled
        empty = [_empty_verdict(slot, judge, parts) for slot, judge in judges]
        _NATIVE.judge_keys(
            keys, cache, tuple(_JUDGES), tuple(_TWINS), [parts[slot] for slot, _ in judges], empty
        )
        return
    plans = _PLANS
    if len(plans) > _CACHE_SIZE:
        plans.clear()
    masks_of = _pair_masks
    for key in keys:
        masks = masks_of(key)
        if len(masks) == 1:  # the usual set: one pair, judged whole or not at all
            plan = plans.get(masks[0])
            if plan is None:
                plan = _plan_of(masks[0], judges, parts)
            said = plan[1].copy()
            for slot, judge in plan[0]:
                said[slot] = judge(key)
            cache[key] = None if said == nothing else tuple(said)
            continue
        every = some = masks[0] if masks else 0
        for mask in masks:
            every &= mask
            some |= mask
        said = []
        for slot, judge in judges:
            bit = 1 << slot
            if every & bit:
                said.append(judge(key))  # the whole set: new
                continue
            part: Pairs = ()
            if some & bit:
                part = tuple([pair for pair, m in zip(key, masks, strict=True) if m & bit])
            known = parts[slot]
            found = known.get(part, _UNSEEN)
            if found is _UNSEEN:
                found = known[part] = judge(part)
            said.append(found)
        cache[key] = None if said == nothing else tuple(said)


_UNSEEN = object()
#: :func:`~cleantext.html.blocks.pair_masks`, the compiled one called directly.
_pair_masks: Callable[[Pairs], list[int]] = pair_masks if _NATIVE is None else _NATIVE.pair_masks
#: :func:`flagged_by_judge_python`, compiled when the walk is.
_flagged_by_judge: Callable[..., list[Columns]] = (
    flagged_by_judge_python if _NATIVE is None else _NATIVE.flagged_by_judge
)
#: Per mask of a one-pair set, what :func:`_plan_of` says (same size limit; the
#: Python loop's).
_PLANS: dict[int, tuple[tuple[tuple[int, Any], ...], list[Any]]] = {}


def _plan_of(
    mask: int, judges: tuple[tuple[int, Callable[[Pairs], Any]], ...], parts: dict[int, Any]
) -> tuple[tuple[tuple[int, Any], ...], list[Any]]:
    """For a one-pair set whose pair holds the words of the judges in ``mask``: those
    judges (with their slots), who see the whole set, and every judge's verdict on
    ``()`` (the part the others see), which theirs then replace (kept in
    :data:`_PLANS`)."""
    asked = tuple((slot, judge) for slot, judge in judges if mask & 1 << slot)
    empty = [_empty_verdict(slot, judge, parts) for slot, judge in judges]
    plan = _PLANS[mask] = (asked, empty)
    return plan


def _empty_verdict(slot: int, judge: Callable[[Pairs], Any], parts: dict[int, Any]) -> Any:
    """The judge's verdict on ``()``, kept among its verdicts on parts."""
    known = parts[slot]
    found = known.get((), _UNSEEN)
    if found is _UNSEEN:
        found = known[()] = judge(())
    return found


def _without_plain(keys: list[Pairs]) -> list[Pairs]:
    """``keys`` without the pairs every judge ignores, as far as it pays to ask.

    The page walk already left out the quiet pairs of the names in
    :data:`_WALKED` (most ``class`` and ``id`` values); those it kept hold one of
    the judges' words, and three in four of them matter to some judge, so asking
    every judge's ``ignores`` about them costs more than judging the few more
    distinct sets they make: they are kept as they are.
    """
    if any(spec.ignores is None and not spec.words for spec in _SPECS):
        return keys  # a judge that ignores nothing
    walked = _WALKED
    first = 0
    if _NATIVE is not None:  # the keys before the first with a name not in walked
        first = _NATIVE.first_named_outside(keys, walked)
        if first < 0:  # the usual page: every name tested by the walk
            return keys
    plain = _PLAIN
    if len(plain) > _CACHE_SIZE:
        plain.clear()
    out = keys[:first]
    for key in keys[first:]:
        for name, _ in key:
            if name not in walked:
                break
        else:  # the usual key: names the walk tested already, kept whole
            out.append(key)
            continue
        kept = []
        for pair in key:
            if pair[0] in walked:
                kept.append(pair)
                continue
            found = plain.get(pair)
            if found is None:
                found = plain[pair] = _is_plain(*pair)
            if not found:
                kept.append(pair)
        out.append(key if len(kept) == len(key) else tuple(kept))
    return out


def _is_plain(name: str, value: str) -> bool:
    """Whether every judge ignores the pair."""
    quiet = False  # whether the value holds none of the words listed for the name
    if value.isascii():
        automaton = _automata().get(name, False)
        if automaton is None:  # the judges listed no word for the name
            quiet = True
        elif automaton is not False:
            letters = value.lower().encode().translate(None, _NOT_ALNUM).decode()
            quiet = next(automaton.iter(letters), None) is None
    for spec in _SPECS:
        if quiet and name in spec.words:
            continue
        if spec.ignores is None or not spec.ignores(name, value):
            return False
    return True


def _automata() -> dict[str, Any]:
    """Per attribute name some judge listed words for, an Aho-Corasick automaton over
    all judges' words for it (``None`` without words); built once per set of judges."""
    if not _AUTOMATA:
        for name in {name for spec in _SPECS for name in spec.words}:
            words = {word for spec in _SPECS for word in spec.words.get(name, ())}
            _AUTOMATA[name] = word_automaton({w: w for w in words}) if words else None
        _AUTOMATA[""] = None  # built: the dict is not empty
    return _AUTOMATA
