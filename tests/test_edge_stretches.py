"""``edge-leftover`` reads the kept text between two removals as the trimmed gap
(no removal lies inside it); that must give the stretches that asking the document
for its kept runs there gives. It reads them lazily from each end of the text (from
the tail back, and from the head on), up to each zone's first long kept stretch:
that must remove what building every stretch first, then reading the zones, does."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext import Config
from cleantext.context import make_context
from cleantext.registry import REGISTRY
from cleantext.rules.edges import _backward, _forward, _Stretch, _stretches, edge_leftover
from cleantext.textdoc import TextDoc


def _reference(doc: TextDoc) -> list[_Stretch]:
    out: list[_Stretch] = []
    for start, end, rule_name in doc.removed_spans():
        for kept_start, kept_end in doc.kept_runs(out[-1].end if out else 0, start):
            out.append(_Stretch(kept_start, kept_end, removed=False))
        if out and out[-1].removed:
            out[-1].end = end
            if rule_name not in out[-1].rules:
                out[-1].rules.append(rule_name)
        else:
            out.append(_Stretch(start, end, removed=True, rules=[rule_name]))
    tail_start = out[-1].end if out else 0
    for kept_start, kept_end in doc.kept_runs(tail_start, len(doc.text)):
        out.append(_Stretch(kept_start, kept_end, removed=False))
    return out


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["word", "Two words", " ", "\n", "\n\n", "\t", ". "]),
             min_size=1, max_size=30),
    st.lists(st.tuples(st.integers(0, 200), st.integers(0, 40), st.sampled_from("abc")),
             max_size=8),
)
def test_stretches_match_the_kept_runs(parts: list[str], cuts: list[tuple[int, int, str]]) -> None:
    doc = _doc(parts, cuts)
    reference = _reference(doc)
    assert _stretches(doc) == reference
    spans = list(doc.removed_spans())
    assert list(_forward(doc.text, spans)) == reference
    assert list(_backward(doc.text, spans)) == reference[::-1]


def _doc(parts: list[str], cuts: list[tuple[int, int, str]]) -> TextDoc:
    doc = TextDoc.from_text("".join(parts))
    for start, length, rule_name in cuts:
        doc.begin(rule_name)
        doc.remove(start, start + length, "test")
        doc.commit()
    return doc


def _zone_reference(stretches: list[_Stretch], doc: TextDoc, limit: int) -> list[_Stretch]:
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


def _rule_reference(doc: TextDoc, limit: int) -> None:
    """``edge-leftover`` as it was: every stretch first, then each zone's leftovers."""
    if len(list(doc.removed_spans())) < 2:
        return
    stretches = _reference(doc)
    position = {id(stretch): i for i, stretch in enumerate(stretches)}
    for side, ordered in (("tail", stretches), ("head", stretches[::-1])):
        for leftover in _zone_reference(ordered, doc, limit):
            index = position[id(leftover)]
            names: list[str] = []
            for other in stretches[max(0, index - 1) : index + 2]:
                names.extend(name for name in other.rules if name not in names)
            words = doc.words(leftover.start, leftover.end)
            doc.remove(
                leftover.start,
                leftover.end,
                f"short leftover ({words} words) in the boilerplate {side}, "
                f"between removals by {', '.join(names) if names else 'other rules'}",
            )


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.sampled_from(["word", "Two words", "Three short words", "A much longer run "
                              "of words than any leftover", " ", "\n", "\n\n", ". "]),
             min_size=1, max_size=40),
    st.lists(st.tuples(st.integers(0, 300), st.integers(0, 40), st.sampled_from("abc")),
             max_size=10),
    st.integers(0, 6),
)
def test_the_rule_removes_what_reading_every_stretch_first_removes(
    parts: list[str], cuts: list[tuple[int, int, str]], limit: int
) -> None:
    config = Config(max_leftover_words=limit)
    ours, theirs = _doc(parts, cuts), _doc(parts, cuts)
    ours.begin("edge-leftover")
    edge_leftover(ours, make_context(REGISTRY.get("edge-leftover"), config, None))
    ours.commit()
    theirs.begin("edge-leftover")
    _rule_reference(theirs, limit)
    theirs.commit()
    assert ours.removals == theirs.removals
