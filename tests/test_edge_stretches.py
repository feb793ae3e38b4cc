"""``edge-leftover`` reads the kept text between two removals as the trimmed gap
(no removal lies inside it); that must give the stretches that asking the document
for its kept runs there gives."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cleantext.rules.edges import _Stretch, _stretches
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
    text = "".join(parts)
    doc = TextDoc.from_text(text)
    for start, length, rule_name in cuts:
        doc.begin(rule_name)
        doc.remove(start, start + length, "test")
        doc.commit()
    assert _stretches(doc) == _reference(doc)
