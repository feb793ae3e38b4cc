"""The loader's looks at text input count and replace what their patterns say:
``_bad_chars`` counts ``_BAD_CHARS``' matches (control characters and U+FFFD) with
C loops, and ``sanitize`` replaces lone surrogates only where encoding finds one."""

from __future__ import annotations

from hypothesis import example, given, settings
from hypothesis import strategies as st

from cleantext import load

_CHARS = st.text(
    alphabet=st.sampled_from(
        list("\x00\x01\x08\t\n\x0b\x0c\r\x0e\x1f \x7f\x80\x85aé€\ufffd\ud800\udfff\U0001f600")
    ),
    max_size=200,
)


@settings(max_examples=500, deadline=None)
@given(_CHARS)
@example("\ud83d\ude00\x00")  # a surrogate pair written as two lone surrogates
def test_bad_chars_counts_the_pattern(text: str) -> None:
    assert load._bad_chars(text) == len(load._BAD_CHARS.findall(text))


@settings(max_examples=500, deadline=None)
@given(_CHARS, st.sampled_from(["text", "html"]))
def test_sanitize_replaces_lone_surrogates_and_text_nuls(text: str, kind: str) -> None:
    expected = load._SURROGATE.sub("\ufffd", text)
    if kind == "text":
        expected = expected.replace("\x00", "\ufffd")
    assert load.sanitize(text, kind) == expected  # type: ignore[arg-type]
