"""Fuzzing ``clean()`` and the CLI with hostile input: nothing but the library's own
errors escapes, and the invariants hold on every result.

Scale with ``CLEANTEXT_FUZZ_EXAMPLES`` (see ``docs/reliability.md``)::

    CLEANTEXT_FUZZ_EXAMPLES=20000 pytest tests/test_fuzz.py
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cleantext import CleantextError, Config, InputError, clean
from cleantext.cli import main
from cleantext.load import sniff_binary_text
from invariants import check_any_result, check_result
from strategies import FUZZ_EXAMPLES, FUZZ_SETTINGS, html_pages, page_bytes, scraped_texts

DEFAULT = Config()


@FUZZ_SETTINGS
@given(page=scraped_texts())
def test_scraped_text_keeps_the_invariant(page: str) -> None:
    try:
        result = clean(page)
    except InputError:
        # The only refusal a text can earn: it looks like binary data.
        assert sniff_binary_text(page) is not None
        return
    check_result(page, result, DEFAULT)


@FUZZ_SETTINGS
@given(page=st.text(max_size=2000))
def test_any_unicode_text_is_cleaned_or_refused_with_a_clear_error(page: str) -> None:
    try:
        result = clean(page)
    except InputError as exc:
        assert str(exc)
        return
    check_result(page, result, DEFAULT)


@FUZZ_SETTINGS
@given(page=html_pages())
def test_html_page_keeps_xpaths_and_the_guard(page: str) -> None:
    try:
        result = clean(page)
    except InputError as exc:
        assert str(exc)
        return
    check_result(page, result, DEFAULT)


@FUZZ_SETTINGS
@given(data=page_bytes(), lang=st.sampled_from((None, "fr", "en", "ar")))
def test_bytes_raise_nothing_but_cleantext_errors(data: bytes, lang: str | None) -> None:
    try:
        result = clean(data, lang=lang)
    except CleantextError as exc:
        assert isinstance(exc, InputError), exc
        return
    check_any_result(result)


@FUZZ_SETTINGS
@given(data=page_bytes(), fmt=st.sampled_from(("text", "json")))
def test_cli_exits_cleanly_on_any_bytes(
    data: bytes, fmt: str, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(data)
    capsysbinary.readouterr()
    code = main([str(page), "--format", fmt, "--log", "-"])
    out, err = capsysbinary.readouterr()
    assert code in (0, 1)
    if code == 1:
        assert err.startswith(b"cleantext: error: "), err
        assert out == b""
    elif fmt == "json":
        assert "text" in json.loads(out.decode("utf-8"))
    out.decode("utf-8")  # always valid UTF-8


LONG_RUN = FUZZ_EXAMPLES >= 1000


@pytest.mark.skipif(not LONG_RUN, reason="the long fuzz run only (CLEANTEXT_FUZZ_EXAMPLES >= 1000)")
def test_a_fifty_megabyte_page_is_cleaned() -> None:
    paragraph = (
        "<p>Rain fell on Rabat all day long, and the streets of the medina were flooded.</p>"
        '<div class="share">Follow us on Telegram</div>'
    )
    repeat = 50_000_000 // len(paragraph) + 1
    big = f"<html><body><article>{paragraph * repeat}</article></body></html>"
    assert len(big) > 50_000_000
    result = clean(big)
    assert result.text.count("Rain fell on Rabat") == repeat
    assert "Telegram" not in result.text
