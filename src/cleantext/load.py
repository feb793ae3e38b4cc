"""Tell HTML from text, decode bytes, and refuse what is not a page.

``load(page)`` returns either ``("text", str)`` or ``("html", str | lxml element)``.
"""

from __future__ import annotations

import codecs
from itertools import islice
from typing import Any, Literal

import regex
from lxml import etree

from .errors import InputError

Kind = Literal["text", "html"]

_HTML_HINT = regex.compile(
    r"<(?:!doctype\s+html|html|head|body|meta|title|div|p|span|a|br|article|main|section|"
    r"script|style|table|ul|li|h[1-6]|img|link|nav|header|footer)\b[^>]*>",
    regex.IGNORECASE,
)
_BINARY_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1f\x8b", "gzip-compressed data (decompress it first)"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"wOFF", "a web font"),
)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is markup: it starts with a tag, or holds two tags or more
    in its first 64 KB. A sentence that quotes one ``<p>`` stays text."""
    head = text[:65536]
    stripped = head.lstrip()
    if stripped.startswith("<") and _HTML_HINT.match(stripped) is not None:
        return True
    return len(list(islice(_HTML_HINT.finditer(head), 2))) == 2


#: Control bytes that never occur in text (all below 32 but tab, newlines, form feed).
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def sniff_binary(data: bytes) -> str | None:
    """A description of ``data`` if it is a known binary format, else ``None``."""
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    sample = data[:4096]
    if sample and not any(sample.startswith(bom) for bom, _ in _BOMS):
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if controls > len(sample) * 0.1:
            return "binary data"
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data``: BOM, then the ``declared`` charset (an HTTP header's), then the
    page's own ``<meta charset>``, then UTF-8, then detection (bs4's ``UnicodeDammit``).
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace")
    candidates = [declared] if declared else []
    try:
        from bs4.dammit import EncodingDetector
    except ImportError:  # pragma: no cover - bs4 is a dependency
        EncodingDetector = None  # type: ignore[misc,assignment]
    if EncodingDetector is not None:
        meta = EncodingDetector.find_declared_encoding(data[:65536], is_html=True)
        if meta:
            candidates.append(meta)
    candidates.append("utf-8")
    for encoding in candidates:
        try:
            return data.decode(_canonical(encoding))
        except (LookupError, UnicodeDecodeError):
            continue
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is None:
        return data.decode("utf-8", errors="replace")
    return dammit.unicode_markup


#: Labels browsers read as their supersets (the WHATWG Encoding Standard); so do we.
_SUPERSETS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}


def _canonical(encoding: str) -> str:
    name = encoding.strip().lower()
    return _SUPERSETS.get(name, name)


def load(page: Any, *, max_chars: int, encoding: str | None = None) -> tuple[Kind, Any]:
    """Classify and decode ``page``.

    Accepts ``str``, ``bytes``/``bytearray``, an lxml element or element tree, or a
    BeautifulSoup object. Raises :class:`InputError` for anything else, for binary
    formats, and for inputs over ``max_chars``.
    """
    # BeautifulSoup first: a soup answers any attribute (``soup.getroot`` is a tag search).
    if type(page).__module__.startswith("bs4"):
        page = str(page)
        return "html", _check_size(page, max_chars)
    if isinstance(page, etree._ElementTree):
        return "html", page.getroot()
    if isinstance(page, etree._Element):
        return "html", page
    if isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
        if len(data) > max_chars * 4:
            raise _too_big(len(data), max_chars, "bytes")
        what = sniff_binary(data)
        if what is not None:
            raise InputError(f"input is {what}, not a web page or text")
        page = decode(data, encoding)
    if not isinstance(page, str):
        raise InputError(
            f"cannot clean a {type(page).__name__}: pass str, bytes, an lxml tree "
            "or a BeautifulSoup object"
        )
    page = _check_size(page, max_chars)
    return ("html" if looks_like_html(page) else "text"), page


def _check_size(text: str, max_chars: int) -> str:
    if len(text) > max_chars:
        raise _too_big(len(text), max_chars, "characters")
    return text


def _too_big(size: int, limit: int, unit: str) -> InputError:
    return InputError(
        f"input has {size} {unit}, over the limit of {limit} characters; "
        "raise Config.max_input_chars if you mean it"
    )
