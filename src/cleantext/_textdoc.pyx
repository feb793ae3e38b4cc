# cython: language_level=3, boundscheck=False, wraparound=False
"""The per-block loops of :mod:`cleantext.textdoc` in C: the blocks of a plain text
(:meth:`~cleantext.textdoc.TextDoc.from_text`: one per non-blank line), a removal's
kept runs each cut into one piece per block it touches, each with its log entry
(:meth:`~cleantext.textdoc.TextDoc.remove`), the kept text
(:meth:`~cleantext.textdoc.TextDoc.output`) and the document's non-whitespace count.

A page's boilerplate is dozens of lines, each a block with a log entry of its own:
the Python loop spends most of its time on the bookkeeping around the two objects
each piece needs (its :class:`~cleantext.Removal` and the document's cut). This
loop makes the same pieces, the same objects with the same fields and the same
count of removed characters, and the blocks are ``segment.line_bounds``'s lines;
``tests/test_textdoc_native.py`` compares both.
Built by ``setup.py``; ``textdoc.py`` runs its own loop when this module is missing
or ``CLEANTEXT_PURE_PYTHON=1``.
"""

cimport cython
from cpython.bytearray cimport PyByteArray_AS_STRING
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from cpython.object cimport PyObject, PyObject_GenericSetAttr, PyTypeObject
from cpython.ref cimport Py_INCREF
from cpython.list cimport PyList_SetSlice
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport (
    PyUnicode_1BYTE_KIND,
    PyUnicode_2BYTE_KIND,
    Py_UNICODE_ISSPACE,
    PyUnicode_DATA,
    PyUnicode_KIND,
    PyUnicode_New,
    PyUnicode_READ,
    PyUnicode_WRITE,
)
from libc.string cimport memcpy

from cleantext._charbatch cimport classify_ahead
from cleantext._slots cimport (
    PyObject_GC_UnTrack,
    PyType_GenericAlloc,
    put_slot as _put,
    read_slot as _slot,
    slot_offsets_of,
)


ctypedef unsigned char _ucs1
ctypedef unsigned short _ucs2

ctypedef fused _char:
    _ucs1
    _ucs2
    Py_UCS4


#: 1 for a character under U+0100 that is no whitespace (``Py_UNICODE_ISSPACE``).
cdef unsigned char _NON_SPACE[256]
cdef int _c
for _c in range(256):
    _NON_SPACE[_c] = 0 if Py_UNICODE_ISSPACE(<Py_UCS4>_c) else 1


cdef Py_ssize_t _non_space_of(const _char* s, Py_ssize_t start, Py_ssize_t end) noexcept:
    # A character under U+0100 looked up in _NON_SPACE (no branch), the others asked
    # of Python's test.
    cdef Py_ssize_t p, count = 0
    cdef Py_UCS4 ch
    for p in range(start, end):
        ch = s[p]
        if ch < 256:
            count += _NON_SPACE[ch]
        elif not Py_UNICODE_ISSPACE(ch):
            count += 1
    return count


@cython.no_gc
@cython.final
@cython.freelist(256)
cdef class Cut:
    """``textdoc._Cut`` (a removed piece of the document: its span, its log entry and
    the block it removes whole, or -1) as an object Python's garbage collector does
    not track: a page's log is hundreds of pieces, and each tracked object counts
    towards the collections a page sets off. A cut refers to its log entry only,
    never back to itself, so no reference cycle can pass through it."""

    cdef public Py_ssize_t start
    cdef public Py_ssize_t end
    cdef public object removal
    cdef public Py_ssize_t block

    def __init__(self, Py_ssize_t start, Py_ssize_t end, removal, Py_ssize_t block=-1):
        self.start = start
        self.end = end
        self.removal = removal
        self.block = block

    def __eq__(self, other):
        if not isinstance(other, Cut):
            return NotImplemented
        cdef Cut that = <Cut>other
        return (self.start == that.start and self.end == that.end
                and self.block == that.block and self.removal == that.removal)

    __hash__ = None

    def __repr__(self):
        return (f"Cut(start={self.start}, end={self.end}, removal={self.removal!r}, "
                f"block={self.block})")


# -- objects with slots, their fields written where the slots lie (``_slots.pxd``) --

#: Per class: the offsets of the named slots (a tuple), or None when the class is
#: not a plain object with those slots (then set through ``PyObject_GenericSetAttr``).
cdef dict _OFFSETS = {}


cdef object _slot_offsets(type cls, tuple names):
    """``_slots.slot_offsets_of(cls, names)``, remembered per class and names (a
    frozen dataclass's ``__setattr__`` is skipped by its own constructor too)."""
    cdef tuple entry
    for entry in _RECENT:  # (each call site passes the same names tuple)
        if entry[0] is cls and entry[1] is names:
            return entry[2]
    key = (cls, names)
    found = _OFFSETS.get(key, False)
    if found is not False:
        _remember(cls, names, found)
        return found
    result = slot_offsets_of(cls, names)
    _OFFSETS[key] = result
    _remember(cls, names, result)
    return result


#: The last few ``(class, names, offsets)`` looked up, found by identity: a removal
#: calls for two of them per run, and hashing the dict's key costs more than this.
cdef list _RECENT = []


cdef int _remember(type cls, tuple names, object offsets) except -1:
    if len(_RECENT) >= 8:
        del _RECENT[0]
    _RECENT.append((cls, names, offsets))
    return 0


cdef tuple _REMOVAL_FIELDS = ("rule", "stage", "reason", "text", "where")
cdef tuple _BLOCK_FIELDS = ("start", "end", "where", "kind")


cdef inline Cut _cut(Py_ssize_t start, Py_ssize_t end, object removal, Py_ssize_t block):
    cdef Cut cut = Cut.__new__(Cut)
    cut.start = start
    cut.end = end
    cut.removal = removal
    cut.block = block
    return cut


cdef long _block_cuts(str text, list blocks, Py_ssize_t index, Py_ssize_t run_start,
                      Py_ssize_t run_end, str rule, str reason, bytearray alive, list cuts,
                      list starts, new, removal_class) except -1:
    """Append to ``cuts`` the cut of every block from ``blocks[index]`` on that
    overlaps ``[run_start, run_end)`` (a run holding no cut yet), trimmed of
    whitespace, and its start to ``starts``; return how many non-whitespace
    characters they hold.

    Each cut is a :class:`Cut` (``textdoc._Cut``'s fields) holding a
    ``removal_class`` (:class:`~cleantext.Removal`) of ``rule`` with ``reason``;
    ``where`` is the block's, or the piece's span when the block has none. A block
    the run covers whole is marked dead in ``alive``. ``new`` is ``object.__new__``:
    the log entry gets its fields as its constructor gives them.

    A log entry of the slots class holds strings and a span of two ints only: no
    reference cycle can pass through it or its span, so neither is left for the
    garbage collector to track (a page's log is hundreds of them; the collector
    itself untracks such a span the first time it meets it). A piece that is its
    whole block shares the block's start and end objects (equal ints).
    """
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t count = len(blocks)
    cdef Py_ssize_t block_start, block_end, piece_start, piece_end
    cdef long chars = 0
    cdef bint whole, plain
    cdef object offsets = _slot_offsets(removal_class, _REMOVAL_FIELDS)
    cdef Py_ssize_t o_rule = 0, o_stage = 0, o_reason = 0, o_text = 0, o_where = 0
    if offsets is not None:
        o_rule, o_stage, o_reason, o_text, o_where = offsets
    if run_start < 0 or run_end > length:
        raise ValueError("a run out of the text")
    if len(alive) != count:
        raise ValueError("one alive flag per block")
    cdef type block_type = None
    cdef object block_offsets = None
    cdef Py_ssize_t o_bstart = 0, o_bend = 0, o_bwhere = 0
    cdef PyObject* where_slot
    cdef object start_obj, end_obj, span
    while index < count:
        block = blocks[index]
        if type(block) is not block_type:
            # The slots of the blocks' class (one look-up per class met).
            block_type = type(block)
            block_offsets = _slot_offsets(block_type, ("start", "end", "where"))
            if block_offsets is not None:
                o_bstart, o_bend, o_bwhere = block_offsets
        if block_offsets is not None:
            start_obj = _slot(block, o_bstart)
            if start_obj is None:
                start_obj = block.start
            end_obj = _slot(block, o_bend)
            if end_obj is None:
                end_obj = block.end
        else:
            start_obj = block.start
            end_obj = block.end
        block_start = start_obj
        block_end = end_obj
        if block_start >= run_end:
            break
        if block_end > run_start:
            if block_start < 0 or block_end > length:
                raise ValueError("a block out of the text")
            whole = run_start <= block_start and block_end <= run_end
            piece_start = block_start if block_start > run_start else run_start
            piece_end = block_end if block_end < run_end else run_end
            # Trimmed (most blocks are already).
            while piece_start < piece_end and Py_UNICODE_ISSPACE(
                    PyUnicode_READ(kind, data, piece_start)):
                piece_start += 1
            while piece_end > piece_start and Py_UNICODE_ISSPACE(
                    PyUnicode_READ(kind, data, piece_end - 1)):
                piece_end -= 1
            if piece_start >= piece_end:
                index += 1
                continue
            piece = text[piece_start:piece_end]
            if piece_start != block_start or type(start_obj) is not int:
                start_obj = piece_start
            if piece_end != block_end or type(end_obj) is not int:
                end_obj = piece_end
            where_slot = NULL
            if block_offsets is not None:
                where_slot = (<PyObject**>((<char*><PyObject*>block) + o_bwhere))[0]
            where = block.where if where_slot is NULL else <object>where_slot
            plain = where is None or type(where) is str
            if where is None:
                span = PyTuple_New(2)
                Py_INCREF(start_obj)
                PyTuple_SET_ITEM(span, 0, start_obj)
                Py_INCREF(end_obj)
                PyTuple_SET_ITEM(span, 1, end_obj)
                PyObject_GC_UnTrack(span)
            else:
                span = where
            if offsets is not None:
                # The fields written into their slots (what the setattrs below do).
                removal = PyType_GenericAlloc(<PyTypeObject*>removal_class, 0)
                _put(removal, o_rule, rule)
                _put(removal, o_stage, "text")
                _put(removal, o_reason, reason)
                _put(removal, o_text, piece)
                _put(removal, o_where, span)
                if plain:
                    PyObject_GC_UnTrack(removal)
            else:
                removal = new(removal_class)
                PyObject_GenericSetAttr(removal, "rule", rule)
                PyObject_GenericSetAttr(removal, "stage", "text")
                PyObject_GenericSetAttr(removal, "reason", reason)
                PyObject_GenericSetAttr(removal, "text", piece)
                PyObject_GenericSetAttr(removal, "where", span)
            if whole:
                alive[index] = 0
            cuts.append(_cut(piece_start, piece_end, removal, index if whole else -1))
            starts.append(start_obj)
            chars += _non_space_in(kind, data, piece_start, piece_end)
        index += 1
    return chars


cdef inline Py_ssize_t _non_space_in(int kind, void* data, Py_ssize_t start,
                                     Py_ssize_t end) noexcept:
    if kind == PyUnicode_1BYTE_KIND:
        return _non_space_of(<const _ucs1*>data, start, end)
    if kind == PyUnicode_2BYTE_KIND:
        return _non_space_of(<const _ucs2*>data, start, end)
    return _non_space_of(<const Py_UCS4*>data, start, end)


def line_blocks(str text, new, block_class):
    """A ``block_class`` (``textdoc.Block``) of every non-blank line of ``text``,
    whitespace-trimmed, with no ``where`` and kind "p": ``segment.line_bounds``'s
    lines ("\\n" and "\\r" end a line). ``new`` is ``object.__new__``; the fields are
    set as the frozen class's own constructor sets them (past its ``__setattr__``).

    A block of the slots class holds two ints, None and a string: no reference cycle
    can pass through it, so it is not left for the garbage collector to track (a
    page is hundreds of lines, each a block that lives as long as the page)."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t line_start = 0, p, a, b
    cdef object offsets = _slot_offsets(block_class, _BLOCK_FIELDS)
    cdef Py_ssize_t o_start = 0, o_end = 0, o_where = 0, o_kind = 0
    if offsets is not None:
        o_start, o_end, o_where, o_kind = offsets
    out = []
    while line_start <= length:
        if kind == PyUnicode_1BYTE_KIND:
            p = _line_end(<const _ucs1*>data, line_start, length)
        elif kind == PyUnicode_2BYTE_KIND:
            p = _line_end(<const _ucs2*>data, line_start, length)
        else:
            p = _line_end(<const Py_UCS4*>data, line_start, length)
        a = line_start
        b = p
        while a < b and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)):
            a += 1
        while b > a and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)):
            b -= 1
        if a < b and offsets is not None:
            # The fields written into their slots (what the setattrs below do).
            block = PyType_GenericAlloc(<PyTypeObject*>block_class, 0)
            _put(block, o_start, a)
            _put(block, o_end, b)
            _put(block, o_where, None)
            _put(block, o_kind, "p")
            PyObject_GC_UnTrack(block)
            out.append(block)
        elif a < b:
            block = new(block_class)
            PyObject_GenericSetAttr(block, "start", a)
            PyObject_GenericSetAttr(block, "end", b)
            PyObject_GenericSetAttr(block, "where", None)
            PyObject_GenericSetAttr(block, "kind", "p")
            out.append(block)
        line_start = p + 1
    return out


cdef inline Py_ssize_t _line_end(const _char* s, Py_ssize_t p, Py_ssize_t length) noexcept:
    """Where the line from ``p`` ends: the offset of the next "\\n" or "\\r", or
    ``length``. (One comparison for most characters: both are under 14.)"""
    cdef Py_UCS4 ch
    while p < length:
        ch = s[p]
        if ch < 14 and (ch == 10 or ch == 13):
            return p
        p += 1
    return length


cdef inline Py_ssize_t _cut_start(object cut) except? -1:
    if type(cut) is Cut:
        return (<Cut>cut).start
    return cut.start


cdef inline Py_ssize_t _cut_end(object cut) except? -1:
    if type(cut) is Cut:
        return (<Cut>cut).end
    return cut.end


def output(str text, list blocks, bytearray alive, list cuts):
    """``textdoc.TextDoc.output``'s loop: the kept text of every block not removed
    whole (``alive``), its kept runs (the parts no cut of ``cuts``, sorted by start
    and disjoint, covers; whitespace-trimmed) joined by a space; a block after the
    kept text before it by a blank line when two or more line breaks lie between it
    and the block before it, else by one line break.

    The kept runs and the separators are listed first, then written once into a
    string of their total length (no string per run, then joined): of the width
    that their characters need, as every ``str``."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t count = len(blocks), n_cuts = len(cuts)
    cdef Py_ssize_t index, c = 0, j, block_start, block_end, pos, p, breaks
    cdef Py_ssize_t previous_end, cut_start, cut_end
    cdef _Spans spans
    cdef type block_type = None
    cdef object block_offsets = None
    cdef Py_ssize_t o_start = 0, o_end = 0
    cdef bint first_run
    if len(alive) != count:
        raise ValueError("one alive flag per block")
    spans.items = NULL
    spans.count = spans.size = 0
    try:
        for index in range(count):
            if not alive[index]:
                continue
            block = blocks[index]
            if type(block) is not block_type:
                # The slots of the blocks' class (one look-up per class met).
                block_type = type(block)
                block_offsets = _slot_offsets(block_type, ("start", "end"))
                if block_offsets is not None:
                    o_start, o_end = block_offsets
            if block_offsets is not None:
                field = _slot(block, o_start)
                block_start = block.start if field is None else field
                field = _slot(block, o_end)
                block_end = block.end if field is None else field
            else:
                block_start = block.start
                block_end = block.end
            if block_start < 0 or block_end > length or block_start > block_end:
                raise ValueError("a block out of the text")
            # The last cut that starts at or before the block (or the first cut):
            # where ``TextDoc._overlapping`` starts looking.
            while c + 1 < n_cuts and _cut_start(cuts[c + 1]) <= block_start:
                c += 1
            first_run = True
            pos = block_start
            j = c
            while j < n_cuts:
                cut = cuts[j]
                cut_start = _cut_start(cut)
                if cut_start >= block_end:
                    break
                cut_end = _cut_end(cut)
                if cut_end > block_start:
                    if cut_start > pos:
                        if _add_kept(&spans, blocks, index, block_start, first_run, kind,
                                     data, pos, cut_start):
                            first_run = False
                    if cut_end > pos:
                        pos = cut_end
                j += 1
            if pos < block_end:
                _add_kept(&spans, blocks, index, block_start, first_run, kind, data, pos,
                          block_end)
        return _written(&spans, kind, data)
    finally:
        PyMem_Free(spans.items)


#: A kept run ``[a, b)`` of the text, or a separator: ``a`` is ``_SEPARATOR`` and
#: ``b`` the number of line breaks (0 for a space).
cdef struct _Span:
    Py_ssize_t a
    Py_ssize_t b


cdef struct _Spans:
    _Span* items
    Py_ssize_t count
    Py_ssize_t size


cdef enum:
    _SEPARATOR = -1


cdef int _push(_Spans* spans, Py_ssize_t a, Py_ssize_t b) except -1:
    cdef _Span* grown
    cdef Py_ssize_t size
    if spans.count == spans.size:
        size = 64 if spans.size == 0 else 2 * spans.size
        grown = <_Span*>PyMem_Realloc(spans.items, size * sizeof(_Span))
        if grown == NULL:
            raise MemoryError()
        spans.items = grown
        spans.size = size
    spans.items[spans.count].a = a
    spans.items[spans.count].b = b
    spans.count += 1
    return 0


cdef bint _add_kept(_Spans* spans, list blocks, Py_ssize_t index, Py_ssize_t block_start,
                    bint first_run, int kind, void* data, Py_ssize_t a,
                    Py_ssize_t b) except -1:
    """Add the kept run ``[a, b)`` of block ``index`` (from ``block_start``) whitespace-trimmed, unless
    nothing else is left (``textdoc.trimmed``), after its separator: a space after
    the block's run before it; for the block's first run, after kept text before
    it, a blank line when two or more line breaks lie between the block before and
    this one, else a line break. Whether a run was added."""
    cdef Py_ssize_t previous_end, p, breaks
    while a < b and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, a)):
        a += 1
    while b > a and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, b - 1)):
        b -= 1
    if a >= b:
        return False
    if not first_run:
        _push(spans, _SEPARATOR, 0)
    elif spans.count:
        previous_end = (<object>blocks[index - 1]).end
        breaks = 0
        if previous_end < 0:
            previous_end = 0
        for p in range(previous_end, block_start):
            if PyUnicode_READ(kind, data, p) == 10:
                breaks += 1
                if breaks == 2:
                    break
        _push(spans, _SEPARATOR, 2 if breaks >= 2 else 1)
    _push(spans, a, b)
    return True


cdef unsigned int _or_of(const _char* s, Py_ssize_t a, Py_ssize_t b) noexcept:
    # Every character or-ed together (a loop the compiler turns into vector
    # instructions): under 128, 256 or 65536 exactly when each character is.
    cdef unsigned int bits = 0
    cdef Py_ssize_t p
    for p in range(a, b):
        bits |= <unsigned int>s[p]
    return bits


cdef str _written(_Spans* spans, int kind, void* data):
    """The text of ``spans``: its runs of the text (of ``kind`` at ``data``) and
    its separators, in one new string."""
    cdef Py_ssize_t total = 0, k, a, b, pos = 0, p
    cdef unsigned int bits = 0
    cdef Py_UCS4 maxchar
    cdef int out_kind
    cdef void* out
    for k in range(spans.count):
        a = spans.items[k].a
        b = spans.items[k].b
        if a == _SEPARATOR:
            total += b if b else 1
        elif kind == PyUnicode_1BYTE_KIND:
            total += b - a
            bits |= _or_of(<const _ucs1*>data, a, b)
        elif kind == PyUnicode_2BYTE_KIND:
            total += b - a
            bits |= _or_of(<const _ucs2*>data, a, b)
        else:
            total += b - a
            bits |= _or_of(<const Py_UCS4*>data, a, b)
    if total == 0:
        return ""
    maxchar = 127 if bits < 128 else 255 if bits < 256 else 65535 if bits < 65536 else 1114111
    result = PyUnicode_New(total, maxchar)
    out_kind = PyUnicode_KIND(result)
    out = PyUnicode_DATA(result)
    for k in range(spans.count):
        a = spans.items[k].a
        b = spans.items[k].b
        if a == _SEPARATOR:
            if b == 0:
                PyUnicode_WRITE(out_kind, out, pos, 32)
                pos += 1
            else:
                for p in range(b):
                    PyUnicode_WRITE(out_kind, out, pos, 10)
                    pos += 1
        elif out_kind == kind:
            memcpy(<char*>out + pos * kind, <char*>data + a * kind, (b - a) * kind)
            pos += b - a
        else:
            for p in range(a, b):
                PyUnicode_WRITE(out_kind, out, pos, PyUnicode_READ(kind, data, p))
                pos += 1
    return result


def trimmed(str text, Py_ssize_t start, Py_ssize_t end):
    """``textdoc.trimmed``: ``[start, end)`` of ``text`` without its leading and
    trailing whitespace, or ``None`` when nothing else is left; found by reading
    the whitespace at both ends only (the Python way copies and strips the range)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if start < 0 or end > len(text):
        raise ValueError("a range out of the text")
    while start < end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, start)):
        start += 1
    while end > start and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, end - 1)):
        end -= 1
    if start < end:
        return start, end
    return None


def non_space(str text, Py_ssize_t start, Py_ssize_t end):
    """How many characters of ``text[start:end]`` are not whitespace
    (``textdoc._non_space`` of the slice: what ``str.split`` does not split on)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if start < 0 or end > len(text) or start > end:
        raise ValueError("a range out of the text")
    # One loop per character width (most characters answered by one comparison).
    if kind == PyUnicode_1BYTE_KIND:
        return _non_space_of(<const _ucs1*>data, start, end)
    if kind == PyUnicode_2BYTE_KIND:
        return _non_space_of(<const _ucs2*>data, start, end)
    return _non_space_of(<const Py_UCS4*>data, start, end)


cdef Py_ssize_t _bisect_right(list values, Py_ssize_t x) except -1:
    """``bisect.bisect_right`` in a list of ints."""
    cdef Py_ssize_t lo = 0, hi = len(values), mid
    while lo < hi:
        mid = (lo + hi) >> 1
        if x < <Py_ssize_t>values[mid]:
            hi = mid
        else:
            lo = mid + 1
    return lo


cdef inline bint _space_at(int kind, void* data, Py_ssize_t at) noexcept:
    return Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, at))


def remove(str text, list blocks, list block_starts, list cuts, list cut_starts,
           list pending, bytearray alive, Py_ssize_t start, Py_ssize_t end, str rule,
           str reason, new, removal_class):
    """``textdoc.TextDoc.remove``'s work for a document with blocks: cut every kept
    run of ``[start, end)`` (``TextDoc.kept_runs``: the parts no cut of ``cuts``
    covers, whitespace-trimmed) into its per-block pieces (:func:`_block_cuts`),
    insert them into ``cuts`` and ``cut_starts`` (sorted by start) and append them to
    ``pending``. Returns ``(whether anything was cut, non-whitespace characters
    cut)``. ``block_starts`` are the blocks' starts, ``cuts`` disjoint."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t n_cuts = len(cuts), i, pos, a, b, cut_start, cut_end, k, index
    cdef Py_ssize_t n_runs = 0
    cdef long chars = 0
    cdef bint added = False
    cdef list new_cuts, new_starts
    # Up to one run per gap between cuts: at most n_cuts + 1.
    cdef Py_ssize_t* runs
    if not blocks:
        raise ValueError("a document without blocks")
    if len(block_starts) != len(blocks) or len(cut_starts) != n_cuts:
        raise ValueError("one start per block and per cut")
    if start < 0:
        start = 0
    if end > length:
        end = length
    runs = <Py_ssize_t*>PyMem_Malloc((2 * n_cuts + 2) * sizeof(Py_ssize_t))
    if runs == NULL:
        raise MemoryError()
    try:
        # The kept runs (all of them before any cut goes in, as kept_runs lists them).
        pos = start
        i = _bisect_right(cut_starts, start) - 1
        if i < 0:
            i = 0
        while i < n_cuts:
            cut = cuts[i]
            cut_start = _cut_start(cut)
            if cut_start >= end:
                break
            cut_end = _cut_end(cut)
            if cut_end > start:
                if cut_start > pos:
                    n_runs = _add_run(runs, n_runs, kind, data, pos, cut_start)
                if cut_end > pos:
                    pos = cut_end
            i += 1
        if pos < end:
            n_runs = _add_run(runs, n_runs, kind, data, pos, end)
        for k in range(n_runs):
            a = runs[2 * k]
            b = runs[2 * k + 1]
            index = _bisect_right(block_starts, a) - 1
            if index < 0:
                index = 0
            new_cuts = []
            new_starts = []
            chars += _block_cuts(text, blocks, index, a, b, rule, reason, alive, new_cuts,
                                 new_starts, new, removal_class)
            if new_cuts:
                i = _bisect_right(cut_starts, a)
                if i == len(cuts):
                    cuts.extend(new_cuts)  # (the usual place: rules cut in text order)
                    cut_starts.extend(new_starts)
                else:
                    PyList_SetSlice(cuts, i, i, new_cuts)
                    PyList_SetSlice(cut_starts, i, i, new_starts)
                pending.extend(new_cuts)
                added = True
    finally:
        PyMem_Free(runs)
    return added, chars


cdef Py_ssize_t _add_run(Py_ssize_t* runs, Py_ssize_t n_runs, int kind, void* data,
                         Py_ssize_t a, Py_ssize_t b) noexcept:
    """Add ``[a, b)`` whitespace-trimmed unless nothing is left (``textdoc.trimmed``);
    the new count of runs."""
    while a < b and _space_at(kind, data, a):
        a += 1
    while b > a and _space_at(kind, data, b - 1):
        b -= 1
    if a < b:
        runs[2 * n_runs] = a
        runs[2 * n_runs + 1] = b
        n_runs += 1
    return n_runs


def count_words(str text, Py_ssize_t start, Py_ssize_t end, Py_ssize_t cap,
                bytearray table, classify):
    """How many words (runs of the table's class 2, ``textdoc._WORD``'s ``\\w``) start
    in ``text[start:end]`` (one cut off by ``start`` counts from there); with a
    ``cap`` of 0 or more, counting stops at ``cap + 1``. Classes come from
    ``table`` (``classify`` for unknown ones)."""
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef unsigned char* classes
    cdef Py_ssize_t limit = cap + 1 if cap >= 0 else -1
    if start < 0 or end > len(text):
        raise ValueError("a range out of the text")
    if len(table) < 0x110000:
        raise ValueError("the class table must cover every code point")
    classes = <unsigned char*>PyByteArray_AS_STRING(table)
    # One loop per character width: the reads in the loop need no switch.
    if kind == PyUnicode_1BYTE_KIND:
        return _count_words(<const _ucs1*>data, start, end, limit, classes, classify)
    if kind == PyUnicode_2BYTE_KIND:
        return _count_words(<const _ucs2*>data, start, end, limit, classes, classify)
    return _count_words(<const Py_UCS4*>data, start, end, limit, classes, classify)


cdef Py_ssize_t _count_words(const _char* s, Py_ssize_t start, Py_ssize_t end,
                             Py_ssize_t limit, unsigned char* classes, classify) except -1:
    """:func:`count_words` over characters of one width."""
    cdef Py_ssize_t p, count = 0
    cdef unsigned int ch
    cdef unsigned char cls
    cdef bint inside = False
    for p in range(start, end):
        ch = <unsigned int>s[p]
        cls = classes[ch]
        if cls == 0:
            cls = classify_ahead(classes, sizeof(s[0]), <const void*>s, p, end, classify)
        if cls & 2:
            if not inside:
                inside = True
                count += 1
                if count == limit:
                    break
        else:
            inside = False
    return count


def block_bounds(list blocks, type block_class, bint ends=True):
    """``[(block.start, block.end) for block in blocks]`` (with ``ends`` false:
    ``[block.start ...]``), the fields of ``block_class`` (``textdoc.Block``) read
    straight out of their slots."""
    cdef object offsets = _slot_offsets(block_class, ("start", "end"))
    cdef Py_ssize_t o_start = 0, o_end = 0
    cdef list out = []
    if offsets is not None:
        o_start, o_end = offsets
    for block in blocks:
        if offsets is not None and type(block) is block_class:
            start = _slot(block, o_start)
            if start is None:
                start = block.start
            if ends:
                end = _slot(block, o_end)
                if end is None:
                    end = block.end
        else:
            start = block.start
            if ends:
                end = block.end
        if ends:
            out.append(_pair(start, end))
        else:
            out.append(start)
    return out


cdef inline tuple _pair(object start, object end):
    """``(start, end)``; a pair of ints is left untracked by the garbage collector,
    as its first collection would leave it (it can be in no reference cycle)."""
    cdef tuple pair = PyTuple_New(2)
    Py_INCREF(start)
    PyTuple_SET_ITEM(pair, 0, start)
    Py_INCREF(end)
    PyTuple_SET_ITEM(pair, 1, end)
    if type(start) is int and type(end) is int:
        PyObject_GC_UnTrack(pair)
    return pair
