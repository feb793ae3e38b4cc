"""A scan's first sight of unknown characters, in batches (``charclass.py``).

A compiled scan that meets a character whose class is not in its table yet calls
:func:`classify_ahead`: it collects every distinct unknown character of the next
``CHARBATCH_WINDOW`` ones of the text (from the miss on) and asks the classifier
about all of them in one call of its ``many`` (one call per character when it has
none), then stores the answers. Only a miss costs this; the steady state, every
character known, never comes here.
"""

from libc.stdint cimport uint32_t
from libc.string cimport memset

cdef extern from "Python.h":
    Py_UCS4 _charbatch_read "PyUnicode_READ"(int kind, const void* data, Py_ssize_t index) nogil
    object _charbatch_str "PyUnicode_FromKindAndData"(int kind, const void* buffer,
                                                      Py_ssize_t size)
    bint _charbatch_is_bytes "PyBytes_CheckExact"(object o)
    char* _charbatch_bytes "PyBytes_AS_STRING"(object o)

cdef enum:
    CHARBATCH_WINDOW = 1024  # characters looked at from a miss on
    CHARBATCH_SLOTS = 2048  # the open-addressing set of those seen (a power of two)


cdef inline unsigned char classify_ahead(unsigned char* table, int kind, const void* data,
                                         Py_ssize_t p, Py_ssize_t end,
                                         classify) except 0:
    """The class of the character at ``p`` of the text (``kind``, ``data``; ``end``
    its length or the end of the scan), not in ``table`` yet: asked of ``classify``
    with the other unknown characters up to ``CHARBATCH_WINDOW`` on, all stored."""
    cdef Py_UCS4 ch = _charbatch_read(kind, data, p)
    cdef uint32_t c
    cdef Py_UCS4 chars[CHARBATCH_WINDOW]
    cdef uint32_t slots[CHARBATCH_SLOTS]
    cdef Py_ssize_t n = 0, q, stop, i
    cdef uint32_t h
    cdef int cls
    cdef const unsigned char* bits
    many = getattr(classify, "many", None)
    if many is None:
        cls = classify(chr(ch))
        if cls & 1 == 0 or cls > 255:
            raise ValueError(f"a character class must be odd and below 256, not {cls}")
        table[ch] = <unsigned char>cls
        return <unsigned char>cls
    memset(slots, 0, sizeof(slots))
    stop = end if end - p <= CHARBATCH_WINDOW else p + CHARBATCH_WINDOW
    for q in range(p, stop):
        c = <uint32_t>_charbatch_read(kind, data, q)
        if table[c] != 0:
            continue
        h = (c * <uint32_t>2654435761U) >> 21  # the top 11 bits: CHARBATCH_SLOTS
        while slots[h] != 0 and slots[h] != c + 1:
            h = (h + 1) & <uint32_t>(CHARBATCH_SLOTS - 1)
        if slots[h] == 0:
            slots[h] = c + 1
            chars[n] = <Py_UCS4>c
            n += 1
    if n == 0:  # ``p`` past ``end``: the character alone
        chars[0] = ch
        n = 1
    answer = many(_charbatch_str(4, chars, n))
    if not _charbatch_is_bytes(answer) or len(answer) != n:
        raise ValueError("a classifier's many() must give bytes, one per character")
    bits = <const unsigned char*>_charbatch_bytes(answer)
    for i in range(n):
        if bits[i] & 1 == 0:
            raise ValueError("a character class must be odd")
    for i in range(n):
        table[chars[i]] = bits[i]
    return table[ch]
