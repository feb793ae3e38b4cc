"""The compiled UTF-8 check (``cleantext._utf8``) against Python's strict decoder, and
the loader's fast way for UTF-8 pages against its usual way (decoding the page)."""

from __future__ import annotations

import codecs
import itertools
import random

import pytest

import cleantext.load as load_module
from cleantext.compiled import compiled_module
from cleantext.load import load

native = compiled_module("_utf8")
pytestmark = pytest.mark.skipif(native is None, reason="cleantext._utf8 is not built")


def reference(data: bytes, start: int, chars: int) -> int:
    """What ``utf8_head`` must return, by decoding."""
    try:
        text = data[start:].decode("utf-8")
    except UnicodeDecodeError:
        return -1
    return start + len(text[:chars].encode("utf-8"))


def test_every_two_byte_sequence_and_the_three_and_four_byte_edges() -> None:
    edges = [0x00, 0x7F, 0x80, 0x8F, 0x90, 0x9F, 0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF,
             0xE0, 0xE1, 0xEC, 0xED, 0xEE, 0xEF, 0xF0, 0xF1, 0xF3, 0xF4, 0xF5, 0xFF]
    for a, b in itertools.product(range(256), repeat=2):
        data = bytes([a, b])
        assert native.utf8_head(data, 0, 1) == reference(data, 0, 1), data
    for length in (3, 4):
        for combo in itertools.product(edges, repeat=length):
            data = bytes(combo)
            for chars in (0, 1, 2):
                assert native.utf8_head(data, 0, chars) == reference(data, 0, chars), data


def test_random_text_and_bytes_at_every_head_length() -> None:
    rng = random.Random(7)
    alphabet = "aé€😀 <p>\n\u0600\u4e2d\U0010ffff\ud7ff\ue000"
    for _ in range(2000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(40)))
        data = text.encode("utf-8")
        if rng.random() < 0.5 and data:  # break it somewhere
            i = rng.randrange(len(data))
            data = data[:i] + bytes([rng.randrange(256)]) + data[i + 1 :]
        start = rng.choice([0, 0, min(3, len(data))])
        chars = rng.randrange(45)
        assert native.utf8_head(data, start, chars) == reference(data, start, chars), data


def test_long_ascii_runs_with_a_bad_byte_anywhere() -> None:
    for size in (7, 8, 9, 16, 17, 63):
        for bad in range(size):
            data = bytearray(b"a" * size)
            data[bad] = 0xFF
            assert native.utf8_head(bytes(data), 0, 2) == -1
            assert native.utf8_head(bytes(data), 0, 2) == reference(bytes(data), 0, 2)


def test_refuses_a_start_outside_the_bytes() -> None:
    with pytest.raises(ValueError):
        native.utf8_head(b"abc", 4, 1)
    with pytest.raises(ValueError):
        native.utf8_head(b"abc", 0, -1)


PAGE = "<!DOCTYPE html><html><body><p>Ça va — très bien.</p></body></html>"


@pytest.mark.parametrize(
    ("data", "declared"),
    [
        (PAGE.encode(), None),
        (codecs.BOM_UTF8 + PAGE.encode(), None),
        (PAGE.encode(), "UTF-8"),
        (PAGE.encode(), "utf8"),
        (PAGE.encode(), "iso-8859-1"),  # declared otherwise: the usual way
        (PAGE.encode("cp1252"), None),  # not UTF-8
        (PAGE.encode("cp1252"), "utf-8"),  # declared UTF-8, but is not
        (codecs.BOM_UTF8 + PAGE.encode("cp1252"), None),
        (PAGE.encode("utf-16"), None),
        (PAGE.encode("utf-16-le"), None),  # no BOM
        (b"<html><body><p>plain ASCII</p></body></html>", None),
        (b'<meta charset="iso-8859-1"><p>ASCII with a meta</p>', None),
        ("Juste du texte, pas de balises — é.".encode(), None),  # text, not markup
        (("<p>" + "é" * 70000 + "</p>").encode(), None),  # head cut inside the page
        (("é" * 70000 + "<p>late</p><p>tags</p>").encode(), None),  # tags after the head
        ((" " * 1020 + "<!DOCTYPE html>" + PAGE).encode(), None),  # first tag cut at 1024
        ((" \n" * 600 + PAGE).encode(), None),  # first tag past 1024 characters
        (("<p>é</p>" + "x" * 5000).encode(), None),  # no document tag: the whole head read
    ],
)
def test_the_fast_way_loads_what_the_usual_way_loads(
    data: bytes, declared: str | None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fast = load(data, max_chars=10**7, encoding=declared, utf8_bytes=True)
    monkeypatch.setattr(load_module, "_UTF8", None)
    usual = load(data, max_chars=10**7, encoding=declared, utf8_bytes=True)
    assert fast == usual


def test_the_fast_way_is_taken_for_a_utf8_page(monkeypatch: pytest.MonkeyPatch) -> None:
    def no_decode(*args: object) -> None:
        raise AssertionError("decoded the whole page")

    monkeypatch.setattr(load_module, "_decode", no_decode)
    data = PAGE.encode()
    assert load(data, max_chars=10**7, utf8_bytes=True) == ("html", data)


# -- the character scans of sanitize and sniff_binary_text -------------------------------

#: Characters of each width, the ones the scans look for and their neighbours.
_SCAN_ALPHABET = ("a \r\n\t\x00\x01\x08\x09\x0d\x0e\x1f\x20\x7f\x85\xa0é"
                  "\ud7ff\ud800\udbff\udc00\udfff\ue000\ufffc\ufffd\ufffe字"
                  "\U0001f600\U0010ffff")


#: (the scans' alphabet, a plain alphabet) of 1-, 2- and 4-byte strings.
_WIDTHS = ((_SCAN_ALPHABET[:17], "ab é"), (_SCAN_ALPHABET[:27], "ab é字"),
           (_SCAN_ALPHABET, "ab é字\U0001f600"))


def _texts() -> list[str]:
    """Empty, CRLF, and random texts of 1-, 2- and 4-byte characters, short and past
    the compiled loops' chunks, with a wanted character at either end or nowhere."""
    rng = random.Random(11)
    out = ["", "\r\n", "a\r\nb\r\n", "\x00", "\ud800", "\udfff", "\ufffd", "\U0001f600"]
    for alphabet, plain_alphabet in _WIDTHS:
        for size in (1, 7, 40, 2047, 2048, 2049, 5000):
            for _ in range(6):
                out.append("".join(rng.choice(alphabet) for _ in range(size)))
            plain = "".join(rng.choice(plain_alphabet) for _ in range(size))
            for special in ("\x00", "\ud800", "\udfff", "\ufffd", "\x1f"):
                out += [plain, special + plain, plain + special,
                        plain[: size // 2] + special + plain[size // 2:]]
    return out


def test_unsafe_chars_are_what_the_python_way_finds() -> None:
    """``_utf8.unsafe_chars`` finds a lone surrogate and a NUL exactly where the
    Python way (an encoding to UTF-8, a search) does, in strings of every width."""
    for text in _texts():
        python = 0
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            python = native.SURROGATE
        if "\x00" in text:
            python |= native.NUL
        assert native.unsafe_chars(text) == python, ascii(text[:40])


def test_sanitize_compiled_and_python_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = _texts()
    compiled = [(load_module.sanitize(t, "text"), load_module.sanitize(t, "html"))
                for t in texts]
    monkeypatch.setattr(load_module, "_UTF8", None)
    python = [(load_module.sanitize(t, "text"), load_module.sanitize(t, "html"))
              for t in texts]
    assert compiled == python
    assert load_module.sanitize("a\ud800\x00", "text") == "a\ufffd\ufffd"
    assert load_module.sanitize("a\ud800\x00", "html") == "a\ufffd\x00"


def test_bad_chars_are_what_the_python_count_finds() -> None:
    """``_utf8.bad_chars`` of a text's head is ``load._bad_chars`` of that slice."""
    for text in _texts():
        for limit in (0, 1, 5, 4096, len(text), len(text) + 3):
            assert native.bad_chars(text, limit) == load_module._bad_chars(text[:limit]), (
                ascii(text[:40]), limit)
    with pytest.raises(ValueError):
        native.bad_chars("abc", -1)


def test_sniff_binary_text_compiled_and_python_alike(monkeypatch: pytest.MonkeyPatch) -> None:
    texts = [*_texts(), "\x01" * 600, "\ufffd" * 100 + "a" * 900, "\x00\x1f" * 3000]
    compiled = [load_module.sniff_binary_text(t) for t in texts]
    assert any(compiled)
    monkeypatch.setattr(load_module, "_UTF8", None)
    assert [load_module.sniff_binary_text(t) for t in texts] == compiled
