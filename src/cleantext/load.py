"""Tell HTML from text, decode bytes, and refuse what is not a page.

``load(page)`` returns either ``("text", str)`` or ``("html", str | lxml element)``
(or ``("html", bytes)`` of UTF-8, when asked for).
"""

from __future__ import annotations

import codecs
import itertools
import re
from typing import Any, Literal

import regex
from lxml import etree

from .compiled import compiled_module
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
    (b"\x28\xb5\x2f\xfd", "zstd-compressed data (decompress it first)"),
    (b"BZh91AY&SY", "bzip2-compressed data (decompress it first)"),
    (b"\xfd7zXZ\x00", "xz-compressed data (decompress it first)"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"PK\x03\x04", "a ZIP archive (or an office document)"),
    (b"RIFF", "a RIFF media file (WebP, WAV, AVI)"),
    (b"\x00\x00\x01\x00", "an icon file"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\x7fELF", "an executable"),
    (b"\x00asm", "a WebAssembly module"),
    (b"OggS", "an Ogg media file"),
    (b"\x1aE\xdf\xa3", "a Matroska/WebM video"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Microsoft Office document"),
)
#: The magic numbers as the characters their bytes decode to in Latin-1 (what a
#: ``str`` decoded from those bytes starts with), decoded once; and all of them, for
#: one ``str.startswith`` that rules them all out.
_TEXT_MAGIC = tuple((magic.decode("latin-1"), what) for magic, what in _BINARY_MAGIC)
_TEXT_MAGIC_STARTS = tuple(magic for magic, _ in _TEXT_MAGIC)
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
#: Shorter inputs are never called binary by their share of control characters: a
#: few stray control characters in a short text are noise, not a file format.
_MIN_SAMPLE = 64
#: Share of control characters (or U+FFFD) in a sample above which input is binary.
_BINARY_SHARE = 0.1
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Charsets a page may not declare for itself: UTF-7 smuggles markup past filters,
#: and a <meta> that could be read as ASCII cannot be in UTF-16/32 (the HTML spec
#: reads such a declaration as UTF-8).
_REFUSED_META = frozenset({"utf-7", "utf7", "unicode-1-1-utf-7", "csunicode11utf7"})
_UTF_WIDE = ("utf-16", "utf-32", "utf16", "utf32", "ucs-2", "ucs2", "ucs-4")
_MIXED_ERRORS = "cleantext-cp1252"


def looks_like_html(text: str) -> bool:
    """Whether ``text`` is markup rather than text that holds a few tags.

    Markup starts with a tag — a document tag (``<!DOCTYPE html>``, ``<body>``…), an
    element that holds content (``<p>Hello</p>``), or any tag followed by more — or
    its tags are dense: two or more, at least one per :data:`_TAG_SPACING`
    characters of its first 64 KB. A page's text with a tracking pixel's ``<img …>``
    left on its first line, or a sentence that quotes a ``<p>``, stays text.
    """
    head = text[:_HEAD_CHARS]
    if "<" not in head:
        return False  # no tag at all (most text: one C search, not the pattern's)
    first = _first_tag(head)
    if _opens_document(first):
        return True
    tags = sum(1 for _ in itertools.islice(_HTML_HINT.finditer(head), _DENSE_TAGS))
    if tags >= _DENSE_TAGS:
        return True
    if first is not None:
        return tags >= 2 or _VOID_TAG.match(first) is None
    return tags >= 2 and tags * _TAG_SPACING >= len(head)


def _first_tag(head: str) -> str | None:
    """The tag ``head`` starts with (after whitespace), if it is one the HTML hint
    knows; a tag cut off at the end of ``head`` is none (so a prefix of a page that
    has a first tag has the page's)."""
    stripped = head.lstrip()
    first = _HTML_HINT.match(stripped) if stripped.startswith("<") else None
    return None if first is None else first.group()


def _opens_document(first: str | None) -> bool:
    """Whether a page whose first tag is ``first`` opens like an HTML document."""
    return first is not None and _DOCUMENT_TAG.match(first) is not None


#: How many characters of a page :func:`looks_like_html` reads.
_HEAD_CHARS = 65536
#: The tags that open an HTML document.
_DOCUMENT_TAG = regex.compile(r"<(?:!doctype|html|head|body)\b", regex.IGNORECASE)
#: Elements without content: one of them alone at the start is a leftover, not a page.
_VOID_TAG = regex.compile(r"<(?:img|br|meta|link|hr|input)\b", regex.IGNORECASE)
#: Markup has at least one tag per this many characters (pages have one every ~100).
_TAG_SPACING = 2000
#: This many tags in the first 64 KB make markup whatever the text around them.
_DENSE_TAGS = 33


#: Control bytes that never occur in text (all below 32 but tab, newlines, form feed).
_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or b > 13)


def sniff_binary(data: bytes) -> str | None:
    """A description of ``data`` if it is a known binary format, else ``None``.

    UTF-16/32 text without a byte-order mark is text, not binary.
    """
    for magic, what in _BINARY_MAGIC:
        if data.startswith(magic):
            return what
    if data[4:8] == b"ftyp":
        return "an MP4/QuickTime media file"
    sample = data[:4096]
    if len(sample) >= _MIN_SAMPLE and _wide_unicode(sample) is None and not any(
        sample.startswith(bom) for bom, _ in _BOMS
    ):
        controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
        if controls > len(sample) * _BINARY_SHARE:
            return "binary data"
    return None


#: Control characters other than tab, line feed, vertical tab, form feed and carriage
#: return (0-8, 14-31), and U+FFFD: what binary data decoded as text is full of.
_BAD_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\ufffd]")


def _bad_chars(sample: str) -> int:
    """How many of ``_BAD_CHARS`` ``sample`` holds: its control bytes once encoded
    (UTF-8 writes every other character as bytes of 128 and up) and its U+FFFD,
    counted by C loops (a regex's ``findall`` costs three times more)."""
    encoded = sample.encode("utf-8", "surrogatepass")
    controls = len(encoded) - len(encoded.translate(None, _CONTROL_BYTES))
    return controls + sample.count("\ufffd")


def sniff_binary_text(text: str) -> str | None:
    """Like :func:`sniff_binary`, for a ``str`` that was decoded from binary data
    (``requests``' ``.text`` of an image, say): a known magic number, or many control
    characters and U+FFFD replacement characters."""
    if text.startswith(_TEXT_MAGIC_STARTS):  # (most pages: none, one C call)
        for magic, what in _TEXT_MAGIC:
            if text.startswith(magic):
                return what
    size = min(len(text), 4096)
    if size >= _MIN_SAMPLE:
        # The compiled count reads the sample in place (no slice, no encoding).
        bad = (_UTF8.bad_chars(text, size) if _UTF8 is not None
               else _bad_chars(text[:size]))
        if bad > size * _BINARY_SHARE:
            return "binary data (many control or replacement characters)"
    return None


def _wide_unicode(sample: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` when ``sample`` looks like UTF-16 text without a BOM
    (mostly ASCII, so every other byte is zero), else ``None``."""
    if len(sample) < 8 or b"\x00" not in sample:
        return None  # (most pages: no zero byte at all)
    even, odd = sample[0::2], sample[1::2]
    zero_even, zero_odd = even.count(0) / len(even), odd.count(0) / len(odd)
    if zero_odd > 0.6 and zero_even < 0.05:
        return "utf-16-le"
    if zero_even > 0.6 and zero_odd < 0.05:
        return "utf-16-be"
    return None


def decode(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to text; never fails.

    In order: a BOM; the ``declared`` charset (an HTTP header's); UTF-16 without a
    BOM; valid UTF-8 (it beats a page's ``<meta>``, which is often stale); the page's
    own ``<meta charset>``; mostly-UTF-8 with stray Windows-1252 bytes (mixed pages:
    each stray byte is read as Windows-1252); then detection (charset-normalizer,
    else bs4's ``UnicodeDammit``); then UTF-8 with replacement characters.
    """
    return _decode(data, declared)[0]


def _decode(data: bytes, declared: str | None = None) -> tuple[str, int]:
    """:func:`decode`, and how many leading bytes to skip for the text to be exactly
    ``data``'s UTF-8 (3 after a UTF-8 BOM, else 0), or -1 when it is not."""
    if data.startswith(codecs.BOM_UTF8):
        text = _try(data[3:], "utf-8")
        if text is not None:
            return text, 3
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding, errors="replace"), -1
    if declared:
        text = _try(data, declared)
        if text is not None:
            return text, 0 if _canonical(declared) in _UTF8_NAMES else -1
    wide = _wide_unicode(data[:4096])
    if wide is not None:
        return data.decode(wide, errors="replace"), -1
    utf8 = _try(data, "utf-8")
    if utf8 is not None and not data.isascii():
        return utf8, 0
    meta = _meta_charset(data)
    if meta is not None:
        text = _try(data, meta)
        if text is not None:
            return text, 0 if _canonical(meta) in _UTF8_NAMES else -1
    if utf8 is not None:
        return utf8, 0
    if _mostly_utf8(data):
        return data.decode("utf-8", errors=_MIXED_ERRORS), -1
    return _detect(data), -1


#: Names under which Python's strict UTF-8 codec decodes (text == the bytes).
_UTF8_NAMES = frozenset({"utf-8", "utf8", "u8", "utf", "utf_8", "cp65001"})


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(_canonical(encoding))
    except (LookupError, UnicodeDecodeError, ValueError):
        return None


def _meta_charset(data: bytes) -> str | None:
    try:
        from bs4.dammit import EncodingDetector
    except ImportError:  # pragma: no cover - bs4 is a dependency
        return None
    meta = EncodingDetector.find_declared_encoding(data[:65536], is_html=True)
    if not meta:
        return None
    name = meta.strip().lower()
    if name in _REFUSED_META:
        return None
    if name.startswith(_UTF_WIDE):
        return "utf-8"
    return name


def _mostly_utf8(data: bytes) -> bool:
    """Whether ``data`` is UTF-8 with a few stray bytes of another charset: more
    valid multi-byte sequences than invalid bytes."""
    sample = data[: 1 << 20]
    text = sample.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good = sum(1 for c in text if c > "\x7f") - bad
    return good > 0 and good >= bad


def _cp1252_fallback(exc: UnicodeError) -> tuple[str, int]:
    if not isinstance(exc, UnicodeDecodeError):
        raise exc
    stray = exc.object[exc.start : exc.end]
    return stray.decode("cp1252", errors="replace"), exc.end


codecs.register_error(_MIXED_ERRORS, _cp1252_fallback)


def _detect(data: bytes) -> str:
    try:
        import charset_normalizer
    except ImportError:  # pragma: no cover - a dependency; fall back to bs4
        charset_normalizer = None  # type: ignore[assignment]
    if charset_normalizer is not None:
        best = charset_normalizer.from_bytes(data).best()
        if best is not None:
            text = _try_replace(data, best.encoding)
            if text is not None:
                return text
    from bs4 import UnicodeDammit

    dammit = UnicodeDammit(data, is_html=True)
    if dammit.unicode_markup is None:
        return data.decode("utf-8", errors="replace")
    return dammit.unicode_markup


def _try_replace(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(_canonical(encoding), errors="replace")
    except LookupError:
        return None


#: Charset labels browsers read as their supersets; so do we.
_SUPERSETS = {"iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252",
              "us-ascii": "cp1252", "gb2312": "gb18030", "gbk": "gb18030",
              "shift_jis": "cp932", "sjis": "cp932", "x-sjis": "cp932", "euc-kr": "cp949",
              "iso-8859-9": "cp1254", "tis-620": "cp874", "iso-8859-11": "cp874"}


def _canonical(encoding: str) -> str:
    name = encoding.strip().lower()
    return _SUPERSETS.get(name, name)


#: The compiled UTF-8 check and character scans (:mod:`cleantext._utf8`), or ``None``.
_UTF8 = compiled_module("_utf8")


def _unsafe_chars(text: str, nul: bool) -> int:
    """What :func:`sanitize` replaces that ``text`` holds: 1 for a lone surrogate,
    plus 2 for a NUL (asked with ``nul``; the compiled scan, ``_utf8.unsafe_chars``,
    always tells, in its one pass over the characters). Without the compiled scan,
    the surrogate test is an encoding to UTF-8, which fails on one and only on one
    (faster than the pattern's search)."""
    if _UTF8 is not None:
        return _UTF8.unsafe_chars(text)  # type: ignore[no-any-return]
    found = 0
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            found = 1
    if nul and "\x00" in text:
        found |= 2
    return found


def sanitize(text: str, kind: Kind) -> str:
    """Make ``text`` safe to process, keeping every character's offset.

    Lone surrogates (not valid Unicode: they cannot be written as UTF-8) become
    U+FFFD, one for one. In text input, NUL characters become U+FFFD too; in HTML,
    the parser drops them, as browsers do.
    """
    found = _unsafe_chars(text, kind == "text")
    if found & 1:
        text = _SURROGATE.sub("\ufffd", text)
    if kind == "text" and found & 2:
        text = text.replace("\x00", "\ufffd")
    return text


def load(
    page: Any, *, max_chars: int, encoding: str | None = None, utf8_bytes: bool = False
) -> tuple[Kind, Any]:
    """Classify and decode ``page``.

    Accepts ``str``, ``bytes``/``bytearray``, an lxml element or element tree, or a
    BeautifulSoup object. Raises :class:`InputError` for anything else, for binary
    formats (saying which: "a PDF document", "gzip-compressed data"...), and for
    inputs over ``max_chars``. Text comes back through :func:`sanitize`.

    With ``utf8_bytes``, HTML bytes that decode as UTF-8 come back as those bytes
    (``("html", bytes)``, a UTF-8 BOM cut off) for the parser to read directly: the
    same page as the decoded text (strict UTF-8 never yields what :func:`sanitize`
    replaces), without decoding it twice. A non-ASCII HTML ``str`` without lone
    surrogates comes back UTF-8-encoded too: the encoding is what the parser needs,
    and it proves there is nothing to sanitize (cheaper than looking).
    """
    # BeautifulSoup first: a soup answers any attribute (``soup.getroot`` is a tag search).
    if type(page).__module__.startswith("bs4"):
        return "html", sanitize(_check_size(str(page), max_chars), "html")
    if isinstance(page, etree._ElementTree):
        root = page.getroot()
        if root is None:
            raise InputError("the lxml tree is empty: it has no root element")
        return _tree(root)
    if isinstance(page, etree._Element):
        return _tree(page)
    if isinstance(page, (bytes, bytearray, memoryview)):
        data = bytes(page)
        if len(data) > max_chars * 4:
            raise _too_big(len(data), max_chars, "bytes")
        what = sniff_binary(data)
        if what is not None:
            raise InputError(f"input is {what}, not a web page or text")
        if utf8_bytes and _UTF8 is not None and len(data) <= max_chars:
            html = _utf8_markup(data, encoding)
            if html is not None:
                return "html", html
        page, skip = _decode(data, encoding)
        if utf8_bytes and skip >= 0:
            page = _check_size(page, max_chars)
            if looks_like_html(page):
                return "html", data[skip:] if skip else data
            return "text", sanitize(page, "text")
    elif isinstance(page, str):
        what = sniff_binary_text(page)
        if what is not None:
            raise InputError(f"input is {what}, not a web page or text")
    if not isinstance(page, str):
        raise InputError(
            f"cannot clean a {type(page).__name__}: pass str, bytes, an lxml tree "
            "or a BeautifulSoup object"
        )
    page = _check_size(page, max_chars)
    kind: Kind = "html" if looks_like_html(page) else "text"
    if kind == "html" and utf8_bytes and not page.isascii():
        try:  # a page without lone surrogates: the parser reads these bytes anyway
            return kind, page.encode("utf-8")
        except UnicodeEncodeError:
            pass
    return kind, sanitize(page, kind)


def _utf8_markup(data: bytes, declared: str | None) -> bytes | None:
    """``data`` as :func:`load` returns it with ``utf8_bytes`` (a UTF-8 BOM cut off)
    when :func:`_decode` would read it as UTF-8 and the text is markup — found without
    decoding the page (only its first characters, for :func:`looks_like_html`) — else
    ``None``, and :func:`load` takes the usual way.

    The same steps as :func:`_decode`, as far as they lead to UTF-8: a UTF-8 BOM; a
    declared UTF-8 charset; else no other BOM, no BOM-less UTF-16, and valid UTF-8
    that is not all ASCII (ASCII pages ask their ``<meta>`` first: the usual way).
    Callers check that ``data`` has at most ``max_chars`` bytes, so the text has at
    most that many characters.
    """
    assert _UTF8 is not None
    if data.startswith(codecs.BOM_UTF8):
        skip = 3
    elif any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    elif declared:
        if _canonical(declared) not in _UTF8_NAMES:
            return None
        skip = 0
    elif _wide_unicode(data[:4096]) is not None or data.isascii():
        return None
    else:
        skip = 0
    # Most pages open with a document tag: their first characters tell.
    head_end = _UTF8.utf8_head(data, skip, _START_CHARS)
    if head_end < 0:
        return None  # not UTF-8: decoded the usual way
    if not _opens_document(_first_tag(data[skip:head_end].decode("utf-8"))):
        head_end = _UTF8.utf8_head(data, skip, _HEAD_CHARS)
        if not looks_like_html(data[skip:head_end].decode("utf-8")):
            return None
    return data[skip:] if skip else data


#: The first characters of a page read for a document tag (see :func:`_utf8_markup`).
_START_CHARS = 1024


_NAMESPACED = etree.XPath("boolean(descendant-or-self::*[namespace-uri() != ''])")


def _tree(root: etree._Element) -> tuple[Kind, Any]:
    """An lxml tree as given, or — when its elements are in a namespace (XHTML read
    by an XML parser: ``{http://www.w3.org/1999/xhtml}p``) — its markup, to be parsed
    again as HTML: the rules know HTML's tags, not their namespaced names, and would
    read such a page as one run of inline text. The removal log's XPaths then refer
    to that HTML tree (no namespace prefixes)."""
    if _NAMESPACED(root):
        return "html", etree.tostring(root, encoding="unicode", method="xml")
    return "html", root


def _check_size(text: str, max_chars: int) -> str:
    if len(text) > max_chars:
        raise _too_big(len(text), max_chars, "characters")
    return text


def _too_big(size: int, limit: int, unit: str) -> InputError:
    return InputError(
        f"input has {size} {unit}, over the limit of {limit} characters; "
        "raise Config.max_input_chars if you mean it"
    )
