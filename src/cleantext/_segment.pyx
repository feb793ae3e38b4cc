# cython: language_level=3, boundscheck=False, wraparound=False
"""The glued-heading search of :mod:`cleantext.segment` in C: where a capitalised
word follows a word that ends in a lower-case letter or a digit (a heading or a
menu item glued to the sentence after it, as in flattened page text); and a
block's segments made from its cuts (``segment.block_segments``'s loop).

It finds what ``segment._GLUE`` finds, reading each character's class from a table
the Python side fills from the pattern's own character sets (``segment._glue_class``),
so the two cannot drift apart; ``tests/test_segment_reference.py`` compares them.
Built by ``setup.py``; ``segment.py`` runs the pattern itself when this module is
missing or ``CLEANTEXT_PURE_PYTHON=1``.
"""

from cpython.object cimport PyObject_GenericSetAttr
from cpython.unicode cimport (
    Py_UNICODE_ISSPACE,
    PyUnicode_DATA,
    PyUnicode_KIND,
    PyUnicode_READ,
)


#: Bits of a character's class in the table of ``glue_words``
#: (``segment._glue_class``: the classes of ``segment._GLUE``).
cdef enum:
    GLUE_KNOWN = 1
    GLUE_BEFORE = 2   # [\p{Ll}\d]: what ends the word before
    GLUE_QUOTE = 4    # a closing quote or bracket between
    GLUE_SPACE = 8    # \s
    GLUE_UPPER = 16   # \p{Lu}
    GLUE_LOWER = 32   # \p{Ll}
    GLUE_AFTER = 64   # [\s,]: what follows the word


cdef inline unsigned char _glue_cls(unsigned char[:] table, Py_UCS4 ch, classify):
    cdef unsigned char cls = table[ch]
    if cls == 0:
        cls = classify(chr(ch))
        table[ch] = cls
    return cls


def glue_words(str text, Py_ssize_t start, Py_ssize_t end, unsigned char[:] table, classify,
               function_words):
    """The matches of ``segment._GLUE`` in ``text[start:end]`` (a capitalised word
    after a word that ends in a lower-case letter or a digit): the start of the
    first, or -1, and the starts of those whose lower case is in
    ``function_words``, in order. Like the pattern's search, the look back may see
    before ``start`` and the word must be followed by a space or comma before
    ``end``. Classes come from ``table`` (``classify`` for unknown ones)."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t p, q, w, first = -1
    cdef unsigned char cls, before
    if start < 0 or end > length or start > end:
        raise ValueError("a range out of the text")
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    cuts = []
    p = start
    while p < end:
        cls = _glue_cls(table, PyUnicode_READ(kind, data, p), classify)
        if cls & GLUE_UPPER and p > 0:
            w = p
            while w > 0 and _glue_cls(table, PyUnicode_READ(kind, data, w - 1), classify) & GLUE_SPACE:
                w -= 1
            if w < p and w > 0:
                before = _glue_cls(table, PyUnicode_READ(kind, data, w - 1), classify)
                if before & GLUE_BEFORE or (
                    before & GLUE_QUOTE and w > 1
                    and _glue_cls(table, PyUnicode_READ(kind, data, w - 2), classify) & GLUE_BEFORE
                ):
                    q = p + 1
                    while q < end and _glue_cls(table, PyUnicode_READ(kind, data, q), classify) & GLUE_LOWER:
                        q += 1
                    if q > p + 1 and q < end and (
                        _glue_cls(table, PyUnicode_READ(kind, data, q), classify) & GLUE_AFTER
                    ):
                        if first < 0:
                            first = p
                        if text[p:q].lower() in function_words:
                            cuts.append(p)
                        p = q
                        continue
        p += 1
    return first, cuts


def block_segments(str text, list cuts, Py_ssize_t start, Py_ssize_t end, index, new,
                   segment_class):
    """The segments of the block ``text[start:end]`` cut at ``cuts`` (sorted offsets
    inside it), each ``segment_class(start, end, index)`` (``segment.Segment``)
    with the whitespace at its end trimmed, empty ones left out: the loop of
    ``segment.block_segments``. ``new`` is ``object.__new__``; the fields are set
    as the frozen class's own constructor sets them (past its ``__setattr__``)."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t count = len(cuts), i, a, b
    if start < 0 or end > length:
        raise ValueError("a block out of the text")
    out = []
    for i in range(count + 1):
        a = start if i == 0 else cuts[i - 1]
        b = end if i == count else cuts[i]
        if a < 0 or b > length:
            raise ValueError("a cut out of the text")
        while b > a and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)):
            b -= 1
        if b > a:
            segment = new(segment_class)
            PyObject_GenericSetAttr(segment, "start", a)
            PyObject_GenericSetAttr(segment, "end", b)
            PyObject_GenericSetAttr(segment, "block", index)
            out.append(segment)
    return out
