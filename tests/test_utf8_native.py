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
