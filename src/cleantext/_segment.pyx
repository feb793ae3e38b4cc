# cython: language_level=3, boundscheck=False, wraparound=False
"""The text scans of :mod:`cleantext.segment` and :mod:`cleantext.units` in C: the
sentence ends of a block (``segment._END``'s matches, and the abbreviations they
must not cut after); the glued-heading search, where a capitalised word follows a
word that ends in a lower-case letter or a digit (a heading or a menu item glued to
the sentence after it, as in flattened page text); a block's segments made from its
cuts (``segment.block_segments``'s loop); and a phrase label's unit
(``units._label_without_segments``, ``units._label_in_segment``).

Each finds what its pattern finds, reading each character's class from a table the
Python side fills from the pattern's own character sets (``charclass.CharClasses``),
so the two cannot drift apart; ``tests/test_segment_reference.py`` and
``tests/test_label_units.py`` compare them.
Built by ``setup.py``; ``segment.py`` and ``units.py`` run the patterns themselves
when this module is missing or ``CLEANTEXT_PURE_PYTHON=1``.
"""

from cpython.bytearray cimport PyByteArray_AS_STRING
from cpython.bytes cimport PyBytes_AS_STRING
from cpython.object cimport PyObject_GenericSetAttr, PyTypeObject
from libc.stdint cimport uint8_t, uint16_t, uint32_t
from libc.string cimport memset

from cleantext._charbatch cimport classify_ahead
from cleantext._slots cimport (
    PyObject_GC_UnTrack,
    PyType_GenericAlloc,
    put_slot as _put,
    slot_offsets_of,
)
from cpython.unicode cimport (
    Py_UNICODE_ISSPACE,
    Py_UNICODE_ISUPPER,
    PyUnicode_DATA,
    PyUnicode_KIND,
    PyUnicode_READ,
)


cdef extern from "Python.h":
    enum:
        PyUnicode_1BYTE_KIND
        PyUnicode_2BYTE_KIND
        PyUnicode_4BYTE_KIND


ctypedef fused _char:
    uint8_t
    uint16_t
    uint32_t


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


cdef inline unsigned char _class_at(unsigned char* table, const _char* data, Py_ssize_t p,
                                    Py_ssize_t end, classify) except 0:
    # The class of the character at ``p`` from ``table``; on first sight asked of
    # ``classify`` with the unknown ones after it before ``end`` (``_charbatch``).
    cdef unsigned char cls = table[data[p]]
    if cls != 0:
        return cls
    return classify_ahead(table, sizeof(data[0]), <const void*>data, p, end, classify)


#: ``ascii_words`` of ``glue_words``: a flag per (length, first, second character).
DEF ASCII_LONGEST = 15


def glue_words(str text, Py_ssize_t start, Py_ssize_t end, bytearray table, classify,
               function_words, bytes ascii_words=None):
    """The matches of ``segment._GLUE`` in ``text[start:end]`` (a capitalised word
    after a word that ends in a lower-case letter or a digit): the start of the
    first, or -1, and the starts of those whose lower case is in
    ``function_words``, in order. Like the pattern's search, the look back may see
    before ``start`` and the word must be followed by a space or comma before
    ``end``. Classes come from ``table`` (``classify`` for unknown ones).

    ``ascii_words`` (``segment.ascii_word_flags`` of ``function_words``), when
    given, skips the set look-up of an ASCII word that no ASCII function word of
    its length and first two letters can be: an ASCII word's lower case is ASCII
    (the same length, each letter lowered), so it could only equal an ASCII word."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef const unsigned char* flags = NULL
    if start < 0 or end > len(text) or start > end:
        raise ValueError("a range out of the text")
    if len(table) < 0x110000:
        raise ValueError("the class table must cover every code point")
    if ascii_words is not None:
        if len(ascii_words) != (ASCII_LONGEST + 1) * 128 * 128:
            raise ValueError("ascii_words must hold a flag per length, first and second character")
        flags = <const unsigned char*>PyBytes_AS_STRING(ascii_words)
    if kind == PyUnicode_1BYTE_KIND:
        return _glue_words(text, <uint8_t*>data, start, end, <unsigned char*>PyByteArray_AS_STRING(table), classify,
                           function_words, flags)
    if kind == PyUnicode_2BYTE_KIND:
        return _glue_words(text, <uint16_t*>data, start, end, <unsigned char*>PyByteArray_AS_STRING(table), classify,
                           function_words, flags)
    return _glue_words(text, <uint32_t*>data, start, end, <unsigned char*>PyByteArray_AS_STRING(table), classify,
                       function_words, flags)


cdef inline Py_ssize_t _next_capital(const _char* data, Py_ssize_t p, Py_ssize_t end,
                                     const unsigned char* table) noexcept:
    """The first position from ``p`` on (or ``end``) of an upper-case letter or of a
    character not classified yet: a tight loop over the many characters that are
    neither (known, bit 1, and no capital, bit 16: one test of both)."""
    while p < end and not ((table[data[p]] ^ GLUE_KNOWN) & (GLUE_KNOWN | GLUE_UPPER)):
        p += 1
    return p


cdef tuple _glue_words(str text, _char* data, Py_ssize_t start, Py_ssize_t end,
                       unsigned char* table, classify, function_words,
                       const unsigned char* flags):
    """:func:`glue_words` over characters of one width."""
    cdef Py_ssize_t p, q, w, k, first = -1
    cdef unsigned char cls, before
    cdef unsigned int c1, c2
    cdef bint ascii
    cdef list cuts = []
    p = start
    while p < end:
        p = _next_capital(data, p, end, table)
        if p == end:
            break
        cls = _class_at(table, data, p, end, classify)
        if cls & GLUE_UPPER and p > 0:
            w = p
            while w > 0 and _class_at(table, data, w - 1, end, classify) & GLUE_SPACE:
                w -= 1
            if w < p and w > 0:
                before = _class_at(table, data, w - 1, end, classify)
                if before & GLUE_BEFORE or (
                    before & GLUE_QUOTE and w > 1
                    and _class_at(table, data, w - 2, end, classify) & GLUE_BEFORE
                ):
                    q = p + 1
                    while q < end and _class_at(table, data, q, end, classify) & GLUE_LOWER:
                        q += 1
                    if q > p + 1 and q < end and (
                        _class_at(table, data, q, end, classify) & GLUE_AFTER
                    ):
                        if first < 0:
                            first = p
                        if flags != NULL:
                            ascii = True
                            for k in range(p, q):
                                if data[k] >= 128:
                                    ascii = False
                                    break
                            if ascii:
                                if q - p > ASCII_LONGEST:
                                    p = q
                                    continue
                                c1 = <unsigned int>data[p]
                                c2 = <unsigned int>data[p + 1]
                                if 65 <= c1 <= 90:
                                    c1 += 32
                                if 65 <= c2 <= 90:
                                    c2 += 32
                                if not flags[((q - p) * 128 + c1) * 128 + c2]:
                                    p = q
                                    continue
                        if text[p:q].lower() in function_words:
                            cuts.append(p)
                        p = q
                        continue
        p += 1
    return first, cuts


def merged(list a, list b):
    """``sorted({*a, *b})`` of two sorted lists of ints, each without repeats (the
    sentence ends and the glued words of ``segment.sentence_cuts``): merged in one
    pass, an offset in both kept once."""
    cdef Py_ssize_t i = 0, j = 0, n = len(a), m = len(b), x, y
    cdef list out = []
    while i < n and j < m:
        x = a[i]
        y = b[j]
        if x < y:
            out.append(a[i])
            i += 1
        elif y < x:
            out.append(b[j])
            j += 1
        else:
            out.append(a[i])
            i += 1
            j += 1
    out.extend(a[i:])  # (one of the two is empty)
    out.extend(b[j:])
    return out


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
    cdef object offsets = _segment_slots(segment_class)
    cdef Py_ssize_t o_start = 0, o_end = 0, o_block = 0
    # A segment of ints only can be in no reference cycle: not left for the garbage
    # collector to track (a flat page is one block of hundreds of them).
    cdef bint untracked = type(index) is int
    if start < 0 or end > length:
        raise ValueError("a block out of the text")
    if offsets is not None:
        o_start, o_end, o_block = offsets
    out = []
    for i in range(count + 1):
        a = start if i == 0 else cuts[i - 1]
        b = end if i == count else cuts[i]
        if a < 0 or b > length:
            raise ValueError("a cut out of the text")
        while b > a and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)):
            b -= 1
        if b > a and offsets is not None:
            # The fields written into their slots (what the setattrs below do).
            segment = PyType_GenericAlloc(<PyTypeObject*>segment_class, 0)
            _put(segment, o_start, a)
            _put(segment, o_end, b)
            _put(segment, o_block, index)
            if untracked:
                PyObject_GC_UnTrack(segment)
            out.append(segment)
        elif b > a:
            segment = new(segment_class)
            PyObject_GenericSetAttr(segment, "start", a)
            PyObject_GenericSetAttr(segment, "end", b)
            PyObject_GenericSetAttr(segment, "block", index)
            out.append(segment)
    return out


# -- a segment's fields written where its class's slots lie (``_slots.pxd``) ----------

cdef tuple _SEGMENT_FIELDS = ("start", "end", "block")
cdef object _slots_class = None
cdef object _slots_offsets = None


cdef object _segment_slots(object cls):
    """The byte offsets of the ``start``, ``end`` and ``block`` slots of ``cls`` (a
    ``slots=True`` dataclass like ``segment.Segment``: each field a member
    descriptor of its own holding an object, no ``__dict__``, ``object``'s
    ``__new__``), or None (the fields are then set as attributes). Remembered for
    the last class asked."""
    global _slots_class, _slots_offsets
    if cls is _slots_class:
        return _slots_offsets
    _slots_offsets = slot_offsets_of(cls, _SEGMENT_FIELDS) if type(cls) is type else None
    _slots_class = cls
    return _slots_offsets


#: Bits of a character's class in the table of ``end_cuts``
#: (``segment._END_CLASSES``: the classes of ``segment._END``).
cdef enum:
    END_SPACE = 2     # \s
    END_MARK = 4      # [.!?…؟]: what ends a sentence
    END_CLOSER = 8    # ["'»”’)\]]: a closing quote or bracket after it
    END_OPENS = 16    # segment._starts_sentence: a word starting so opens a sentence

#: The characters ``segment._is_abbreviation`` strips from a word.
cdef str ABBREVIATION_STRIP = "\"'«»“”‘’()[]"


DEF MAX_MARKS = 16


cdef struct Marks:
    unsigned char ascii[128]   # 1 for an ASCII mark
    Py_UCS4 chars[MAX_MARKS]   # every mark
    int count
    # Bit ``ch % 64`` set for every mark ``ch`` of U+0080 and up: most other
    # characters are told apart by this bit alone (a page in another script is
    # all such characters).
    unsigned long long wide


cdef inline bint _is_mark(Marks* marks, Py_UCS4 ch) noexcept:
    cdef int k
    if ch < 128:
        return marks.ascii[ch]
    if not (marks.wide >> (<unsigned int>ch & 63)) & 1:
        return False
    for k in range(marks.count):
        if marks.chars[k] == ch:
            return True
    return False


cdef bint _is_abbreviation(str word, abbreviations) except -1:
    """``segment._is_abbreviation``."""
    cdef str core = word.strip(ABBREVIATION_STRIP)
    if not core.endswith("."):
        return False
    if len(core) == 2 and core[0].isalpha() and core[0].isupper():
        return True
    cdef str lower = core.lower()
    return lower in abbreviations or lower.rstrip(".") in abbreviations


cdef object _last_abbreviations = None
cdef Py_ssize_t _last_longest = 0


cdef Py_ssize_t _longest(abbreviations) except -1:
    """The length of the longest of ``abbreviations`` (remembered for the last
    frozenset asked: each page's blocks ask for the same, and it cannot change)."""
    global _last_abbreviations, _last_longest
    if abbreviations is _last_abbreviations:
        return _last_longest
    longest = max([len(a) for a in abbreviations], default=0)
    if type(abbreviations) is frozenset:
        _last_longest = longest
        _last_abbreviations = abbreviations
    return longest


cdef inline bint _strips(Py_UCS4 ch) noexcept:
    # A character of ABBREVIATION_STRIP.
    return (ch == 0x22 or ch == 0x27 or ch == 0x28 or ch == 0x29 or ch == 0x5B
            or ch == 0x5D or ch == 0xAB or ch == 0xBB or 0x2018 <= ch <= 0x2019
            or 0x201C <= ch <= 0x201D)


cdef bint _may_be_abbreviation(_char* data, Py_ssize_t w, Py_ssize_t e,
                               Py_ssize_t longest) noexcept:
    """False when ``segment._is_abbreviation(text[w:e])`` is surely false, without
    making the word: its core (the word stripped of ABBREVIATION_STRIP) does not end
    with a full stop; or it is not two characters long (an initial), is all under
    U+0100 (whose lower case has one character for each, and a full stop only for
    a full stop) and holds more than ``longest`` characters before its closing full
    stops (so neither its lower case nor that without them is an abbreviation)."""
    cdef Py_ssize_t a = w, b = e, k, dots
    while a < b and _strips(data[a]):
        a += 1
    while b > a and _strips(data[b - 1]):
        b -= 1
    if b == a or data[b - 1] != 0x2E:
        return False
    if b - a == 2:
        return True
    for k in range(a, b):
        if data[k] >= 0x100:
            return True
    dots = 0
    while b - dots > a and data[b - 1 - dots] == 0x2E:
        dots += 1
    return b - a - dots <= longest


def end_cuts(str text, Py_ssize_t start, Py_ssize_t end, bytearray table, classify,
             abbreviations, Py_ssize_t lookback, str marks):
    """Where a sentence starts after a sentence end in ``text[start:end]``: the
    first character of the word after each match of ``segment._END`` (searched as
    ``finditer`` searches it, the text ending at ``end``) when that character
    starts a sentence and the match does not end an abbreviation (a match opening
    with ``.``: the word before it, at most ``lookback`` characters back and not
    before ``start``). In order. Classes come from ``table`` (``classify`` for
    unknown ones): the loop of ``segment.sentence_cuts``. ``marks`` are the
    characters of the table's class 4 (``segment._MARKS``): the search looks for
    them directly, so that only the characters around them need a class (each new
    one must be classified; a page in Chinese has thousands, asked in batches by
    ``_charbatch.classify_ahead``)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Marks found
    cdef Py_UCS4 ch
    memset(&found, 0, sizeof(Marks))
    for ch in marks:
        if found.count == MAX_MARKS:
            raise ValueError("too many sentence marks")
        found.chars[found.count] = ch
        found.count += 1
        if ch < 128:
            found.ascii[ch] = 1
        else:
            found.wide |= 1ULL << (<unsigned int>ch & 63)
    if start < 0 or end > len(text) or start > end:
        raise ValueError("a range out of the text")
    if len(table) < 0x110000:
        raise ValueError("the class table must cover every code point")
    # One loop per character width: the reads in the loop need no switch.
    if kind == PyUnicode_1BYTE_KIND:
        return _end_cuts(text, <uint8_t*>data, start, end, <unsigned char*>PyByteArray_AS_STRING(table), classify,
                         abbreviations, lookback, &found)
    if kind == PyUnicode_2BYTE_KIND:
        return _end_cuts(text, <uint16_t*>data, start, end, <unsigned char*>PyByteArray_AS_STRING(table), classify,
                         abbreviations, lookback, &found)
    return _end_cuts(text, <uint32_t*>data, start, end, <unsigned char*>PyByteArray_AS_STRING(table), classify,
                     abbreviations, lookback, &found)


cdef list _end_cuts(str text, _char* data, Py_ssize_t start, Py_ssize_t end,
                    unsigned char* tab, classify, abbreviations, Py_ssize_t lookback,
                    Marks* marks):
    """:func:`end_cuts` over characters of one width."""
    cdef Py_ssize_t p, r, g, e = 0, q, w, low
    cdef int attempt
    cdef Py_UCS4 ch
    cdef list cuts = []
    cdef Py_ssize_t longest = _longest(abbreviations)
    p = start
    while p < end:
        if not _is_mark(marks, data[p]):
            p += 1
            continue
        # "[.!?…؟]+" takes the whole run: a shorter one is followed by a mark,
        # which neither the rest of the pattern nor the look-ahead accepts, so a
        # run that fails from its first mark fails from every later one too.
        r = p + 1
        while r < end and _is_mark(marks, data[r]):
            r += 1
        # "(?:\s?»)?" tried first, then without it; the closers are greedy, and
        # fewer of them would leave a closer (not whitespace) for the look-ahead.
        q = -1
        g = -1
        if r < end:
            ch = data[r]
            if ch == 0xBB:
                g = r + 1
            elif (_class_at(tab, data, r, end, classify) & END_SPACE and r + 1 < end
                    and data[r + 1] == 0xBB):
                g = r + 2
        for attempt in range(0 if g >= 0 else 1, 2):
            e = g if attempt == 0 else r
            while e < end and _class_at(tab, data, e, end, classify) & END_CLOSER:
                e += 1
            # "(?=\s+(\S))": the next word after whitespace, before ``end``.
            if e < end and _class_at(tab, data, e, end, classify) & END_SPACE:
                q = e + 1
                while q < end and _class_at(tab, data, q, end, classify) & END_SPACE:
                    q += 1
                if q < end:
                    break
            q = -1
        if q < 0:
            p = r
            continue
        # A match [p, e); the next search starts at its end.
        if _class_at(tab, data, q, end, classify) & END_OPENS:
            if data[p] == 0x2E:
                # "(?r)(\S+)$" from the match's end, looking back a bounded window.
                low = p - lookback
                if low < start:
                    low = start
                w = e
                while w > low and not _class_at(tab, data, w - 1, end, classify) & END_SPACE:
                    w -= 1
                if not (_may_be_abbreviation(data, w, e, longest)
                        and _is_abbreviation(text[w:e], abbreviations)):
                    cuts.append(q)
            else:
                cuts.append(q)
        p = e
    return cuts


#: Bits of a character's class in the table of ``label_without_segments``
#: (``units._LABEL_CLASSES``: the classes of the patterns of ``units``).
cdef enum:
    LABEL_LETTER = 2      # \p{L}
    LABEL_CAPITAL = 4     # \p{Lu}
    LABEL_NOT_ALONE = 8   # [\p{L}\d.!?…؟]
    LABEL_END = 16        # [.!?…؟]


cdef inline unsigned char _label_cls(unsigned char* table, Py_UCS4 ch, classify) except 0:
    cdef unsigned char cls = table[ch]
    if cls == 0:
        cls = classify(chr(ch))
        table[ch] = cls
    return cls


cdef Py_ssize_t _first_of(unsigned char* table, int kind, void* data, Py_ssize_t a,
                          Py_ssize_t b, unsigned char bit, classify) except -2:
    """The first position in ``[a, b)`` whose class has ``bit``, or -1."""
    while a < b:
        if _label_cls(table, PyUnicode_READ(kind, data, a), classify) & bit:
            return a
        a += 1
    return -1


def label_without_segments(str text, Py_ssize_t start, Py_ssize_t end, Py_ssize_t block_start,
                           Py_ssize_t block_end, bytearray table, classify):
    """``units._label_without_segments`` for a label at ``[start, end)`` of the block
    ``[block_start, block_end)``: 0 for ``None`` (glued inside a segment), 1 for the
    whole block, 2 for undecided. Classes come from ``table`` (``classify`` for
    unknown ones); ``str.isspace`` and ``str.isupper`` of one character are
    ``Py_UNICODE_ISSPACE`` and ``Py_UNICODE_ISUPPER``."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef unsigned char* tab
    cdef Py_ssize_t after, last
    cdef Py_UCS4 ch
    if not (0 <= block_start <= start < len(text) and start <= end <= block_end <= len(text)):
        raise ValueError("a label out of its block")
    if len(table) < 0x110000:
        raise ValueError("the class table must cover every code point")
    tab = <unsigned char*>PyByteArray_AS_STRING(table)
    ch = PyUnicode_READ(kind, data, start)
    if Py_UNICODE_ISSPACE(ch):
        return 2
    if (_first_of(tab, kind, data, block_start, start, LABEL_NOT_ALONE, classify) < 0
            and _first_of(tab, kind, data, end, block_end, LABEL_NOT_ALONE, classify) < 0):
        if _first_of(tab, kind, data, start, end, LABEL_END, classify) < 0:
            return 1
        return 2
    after = _first_of(tab, kind, data, end, block_end, LABEL_LETTER, classify)
    if after >= 0:
        ch = PyUnicode_READ(kind, data, after)
        if (not Py_UNICODE_ISUPPER(ch)
                and not _label_cls(tab, ch, classify) & LABEL_CAPITAL
                and _first_of(tab, kind, data, start, after, LABEL_END, classify) < 0
                and _first_of(tab, kind, data, start, end, LABEL_LETTER, classify) >= 0):
            return 0  # glued to a lower-case word on its right
    ch = PyUnicode_READ(kind, data, start)
    if Py_UNICODE_ISUPPER(ch) or _label_cls(tab, ch, classify) & LABEL_CAPITAL:
        return 2
    last = start - 1
    while last >= block_start and not (
            _label_cls(tab, PyUnicode_READ(kind, data, last), classify) & LABEL_LETTER):
        last -= 1
    if last >= block_start and _first_of(tab, kind, data, last + 1, start, LABEL_END,
                                         classify) < 0:
        return 0
    return 2


def label_in_segment(str text, Py_ssize_t start, Py_ssize_t end, Py_ssize_t seg_start,
                     Py_ssize_t seg_end, bytearray table, classify):
    """``units._label_by_segments`` once the label's segment bounds are known: the
    span the label at ``[start, end)`` removes, or ``None`` when it is glued inside
    its segment. Classes as :func:`label_without_segments`'s."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef unsigned char* tab
    cdef Py_ssize_t right
    cdef bint left_glued
    if not (0 <= seg_start <= start < len(text) and 0 <= end and seg_end <= len(text)):
        raise ValueError("a label out of the text")
    if len(table) < 0x110000:
        raise ValueError("the class table must cover every code point")
    tab = <unsigned char*>PyByteArray_AS_STRING(table)
    left_glued = _first_of(tab, kind, data, seg_start, start, LABEL_LETTER, classify) >= 0
    right = _first_of(tab, kind, data, end, seg_end, LABEL_LETTER, classify)
    if left_glued and not Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, start)):
        return None
    if right >= 0:
        if not Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, right)):
            return None
    elif left_glued:
        return None
    return (start if left_glued else seg_start, end if right >= 0 else seg_end)
