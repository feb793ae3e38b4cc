# cython: language_level=3, boundscheck=False, wraparound=False
"""UTF-8 validation without decoding, and the character scans of a ``str``, for
:mod:`cleantext.load`.

Most pages arrive as UTF-8 bytes, and the parser reads those bytes directly; the
loader only has to know that they *are* UTF-8 (what Python's strict decoder accepts)
and to read the first characters to tell markup from text. Decoding the whole page
to a ``str`` for that made, and threw away, a copy up to four times the page's size.

A page that arrives as a ``str`` is read in place: whether it holds what
``load.sanitize`` replaces (a lone surrogate, a NUL), and how many control and
replacement characters its head holds (``load.sniff_binary_text``), each in one
loop per character width, where Python encoded the text to UTF-8 to find out.

``load.py`` decodes and encodes when this module is missing or
``CLEANTEXT_PURE_PYTHON=1``; ``tests/test_utf8_native.py`` compares the two on edge
cases, random bytes and strings of every width.
"""

from libc.stdint cimport uint64_t
from libc.string cimport memcpy


cdef inline Py_ssize_t _char_length(const unsigned char* p, Py_ssize_t left):
    """The length of the well-formed UTF-8 character at ``p`` (Unicode's table 3-7:
    no overlong forms, no surrogates, nothing above U+10FFFF), or 0 if there is none."""
    cdef unsigned char c = p[0]
    cdef unsigned char low = 0x80
    cdef unsigned char high = 0xBF
    cdef Py_ssize_t n
    if c < 0x80:
        return 1
    if 0xC2 <= c <= 0xDF:
        n = 2
    elif 0xE0 <= c <= 0xEF:
        n = 3
        if c == 0xE0:
            low = 0xA0
        elif c == 0xED:
            high = 0x9F
    elif 0xF0 <= c <= 0xF4:
        n = 4
        if c == 0xF0:
            low = 0x90
        elif c == 0xF4:
            high = 0x8F
    else:
        return 0
    if left < n or not (low <= p[1] <= high):
        return 0
    cdef Py_ssize_t i
    for i in range(2, n):
        if not (0x80 <= p[i] <= 0xBF):
            return 0
    return n


def utf8_head(bytes data not None, Py_ssize_t start, Py_ssize_t chars):
    """Where ``data[start:]``'s character number ``chars`` (counting from 0) starts,
    as an offset in ``data`` (``len(data)`` when it has no more characters), if
    ``data[start:]`` is valid UTF-8; ``-1`` if it is not.

    ``data[start:end].decode("utf-8")`` is then exactly the first ``chars``
    characters of the decoded text.
    """
    cdef const unsigned char* p = <const unsigned char*>data
    cdef Py_ssize_t n = len(data)
    cdef Py_ssize_t i = start
    cdef Py_ssize_t seen = 0
    cdef Py_ssize_t k
    cdef Py_ssize_t cut = n
    cdef uint64_t word
    if start < 0 or start > n or chars < 0:
        raise ValueError("start or chars out of range")
    while i < n and seen < chars:  # the head: counted, eight ASCII bytes at a time where it can
        if i + 8 <= n and seen + 8 <= chars:
            memcpy(&word, p + i, 8)
            if word & 0x8080808080808080ULL == 0:
                i += 8
                seen += 8
                continue
        k = _char_length(p + i, n - i)
        if k == 0:
            return -1
        i += k
        seen += 1
    if i < n:
        cut = i
    while i < n:  # the rest: eight ASCII bytes at a time where it can
        if i + 8 <= n:
            memcpy(&word, p + i, 8)
            if word & 0x8080808080808080ULL == 0:
                i += 8
                continue
        k = _char_length(p + i, n - i)
        if k == 0:
            return -1
        i += k
    return cut


# -- str checks for load.sanitize and load.sniff_binary_text ---------------------------

from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    PyUnicode_DATA,
    PyUnicode_KIND,
)

ctypedef unsigned char _ucs1
ctypedef unsigned short _ucs2
ctypedef unsigned int _ucs4

ctypedef fused _char:
    _ucs1
    _ucs2
    _ucs4


cdef enum:
    _CHUNK = 2048  # characters tested per loop without a branch out of it


cdef int _unsafe_in(const _char* s, Py_ssize_t n) noexcept:
    # A chunk at a time, every character of it tested without a branch (a loop the
    # compiler turns into vector instructions), stopping once both are found.
    cdef Py_ssize_t i = 0, j, stop
    cdef unsigned int surrogate = 0, nul = 0
    while i < n:
        stop = i + _CHUNK if i + _CHUNK < n else n
        for j in range(i, stop):
            if _char is not _ucs1:
                surrogate |= (s[j] & 0xFFFFF800u) == 0xD800u
            nul |= s[j] == 0
        if surrogate and nul:
            break
        i = stop
    return (SURROGATE if surrogate else 0) | (NUL if nul else 0)


cpdef enum:
    SURROGATE = 1
    NUL = 2


def unsafe_chars(str text not None):
    """What ``load.sanitize`` replaces that ``text`` holds, in one pass: ``SURROGATE``
    (1) when it holds a surrogate code point (U+D800-U+DFFF: a lone one, since a
    ``str`` never pairs them; the only characters that fail
    ``text.encode("utf-8")``), plus ``NUL`` (2) when it holds U+0000."""
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t n = len(text)
    if kind == PyUnicode_1BYTE_KIND:
        return _unsafe_in(<const _ucs1*>PyUnicode_DATA(text), n)
    if kind == PyUnicode_2BYTE_KIND:
        return _unsafe_in(<const _ucs2*>PyUnicode_DATA(text), n)
    return _unsafe_in(<const _ucs4*>PyUnicode_DATA(text), n)


cdef Py_ssize_t _bad_in(const _char* s, Py_ssize_t n) noexcept:
    cdef Py_ssize_t i, count = 0
    cdef _ucs4 ch
    for i in range(n):
        ch = s[i]
        # U+0000-U+0008, U+000E-U+001F, U+FFFD.
        count += (ch < 9) | (ch - 14u < 18u) | (ch == 0xFFFD)
    return count


def bad_chars(str text not None, Py_ssize_t limit):
    """How many of the first ``limit`` characters of ``text`` are control characters
    other than tab, line feed, vertical tab, form feed and carriage return
    (U+0000-U+0008, U+000E-U+001F) or U+FFFD (``load._bad_chars`` of
    ``text[:limit]``, without the slice or its encoding)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef Py_ssize_t n = len(text)
    if limit < 0:
        raise ValueError("a negative limit")
    if limit < n:
        n = limit
    if kind == PyUnicode_1BYTE_KIND:
        return _bad_in(<const _ucs1*>PyUnicode_DATA(text), n)
    if kind == PyUnicode_2BYTE_KIND:
        return _bad_in(<const _ucs2*>PyUnicode_DATA(text), n)
    return _bad_in(<const _ucs4*>PyUnicode_DATA(text), n)
