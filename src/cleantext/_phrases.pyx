# cython: language_level=3, boundscheck=False, wraparound=False
"""The phrase index's first-word search of :mod:`cleantext.phrases` in C.

A phrase rule needs the places where one of its phrases' first words starts a word
of the folded text. ``phrases._word_start_hits`` finds them with an Aho-Corasick
automaton (every occurrence, then keeps those at a word start: about 13 ns a
character in all, most of it the automaton's own walk and its Python tuples). Here
a trie of the same keys is walked from word starts only: one character test per
position, and a few trie steps where a word starts.

``WordTrie(keys).hits(folded)`` returns exactly what ``_word_start_hits`` returns
for an automaton of the same keys and values, in the same order (by end, then by
start); ``tests/test_phrase_index.py`` compares the two. Built by ``setup.py``;
``phrases.py`` uses the automaton when this module is missing or
``CLEANTEXT_PURE_PYTHON=1``.
"""

cimport cython
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND, PyUnicode_READ
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from libc.stdint cimport uint8_t, uint16_t, uint32_t


cdef extern from "Python.h":
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISALPHA(Py_UCS4 ch)


cdef extern from "Python.h":
    Py_UCS4 Py_UNICODE_TOLOWER(Py_UCS4 ch)
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    enum:
        PyUnicode_1BYTE_KIND
        PyUnicode_2BYTE_KIND
        PyUnicode_4BYTE_KIND


#: 1 for the ASCII characters that ``str.isalnum`` accepts.
cdef unsigned char ASCII_ALNUM[128]
for _c in range(128):
    ASCII_ALNUM[_c] = 1 if chr(_c).isalnum() else 0


cdef inline bint _alnum(Py_UCS4 ch) noexcept:
    if ch < 128:
        return ASCII_ALNUM[ch]
    return Py_UNICODE_ISALNUM(ch)


cdef struct Hit:
    Py_ssize_t end
    Py_ssize_t start
    int value


#: Nodes with more edges than this get a table of their ASCII edges.
DEF TABLE_EDGES = 4


@cython.final
cdef class WordTrie:
    """The keys of a ``{key: value}`` mapping as a trie, for :meth:`hits`: each
    node's edges sorted by character, and the nodes with many edges (the root, the
    first letters) also have a table of their ASCII edges."""

    cdef Py_ssize_t n_nodes
    # 32-bit ints: the arrays stay small enough to stay in the cache between pages.
    cdef int* first_edge   # per node: its first edge; node + 1's is its end
    cdef Py_UCS4* edge_char
    cdef int* edge_node
    cdef int* value_of     # per node: index into values, or -1
    cdef int* table_of     # per node: offset of its ASCII table, or -1
    cdef int* tables       # 128 children (or -1) per table
    cdef list values
    cdef dict keys
    # The values as guarded entries (:meth:`candidates`), laid out on first use:
    # per value its first entry (value + 1's is its end); per entry its slot, phrase
    # index, guard (an index into ``guards``, or -1), whether the guard is whole, and
    # its window's length.
    cdef bint entries_ready
    cdef int* entry_first
    cdef int* entry_slot
    cdef int* entry_index
    cdef int* entry_guard
    cdef unsigned char* entry_whole
    cdef Py_ssize_t* entry_longest
    cdef list guards         # a WordTrie of each distinct guard's prefixes
    cdef list entry_numbers  # each entry's phrase index as a Python int

    def __cinit__(self, dict keys):
        cdef Py_ssize_t i, e, t
        self.keys = keys
        # Build the trie as Python lists first, then lay it out in C arrays.
        children = [{}]
        node_value = [-1]
        self.values = []
        for key, value in keys.items():
            if not isinstance(key, str) or not key:
                raise ValueError("trie keys are non-empty strings")
            node = 0
            for ch in key:
                nxt = children[node].get(ch)
                if nxt is None:
                    nxt = len(children)
                    children[node][ch] = nxt
                    children.append({})
                    node_value.append(-1)
                node = nxt
            node_value[node] = len(self.values)
            self.values.append(value)
        n = len(children)
        n_edges = n - 1
        wide = [i for i in range(n) if i == 0 or len(children[i]) > TABLE_EDGES]
        self.n_nodes = n
        if n >= 2 ** 31 // 128:
            raise ValueError("too many trie nodes")
        self.first_edge = <int*>PyMem_Malloc((n + 1) * sizeof(int))
        self.edge_char = <Py_UCS4*>PyMem_Malloc((n_edges + 1) * sizeof(Py_UCS4))
        self.edge_node = <int*>PyMem_Malloc((n_edges + 1) * sizeof(int))
        self.value_of = <int*>PyMem_Malloc(n * sizeof(int))
        self.table_of = <int*>PyMem_Malloc(n * sizeof(int))
        self.tables = <int*>PyMem_Malloc(len(wide) * 128 * sizeof(int))
        if not (self.first_edge and self.edge_char and self.edge_node and self.value_of
                and self.table_of and self.tables):
            raise MemoryError()
        e = 0
        for i in range(n):
            self.first_edge[i] = e
            self.value_of[i] = node_value[i]
            self.table_of[i] = -1
            for ch, child in sorted(children[i].items()):
                self.edge_char[e] = ord(ch)
                self.edge_node[e] = child
                e += 1
        self.first_edge[n] = e
        for t, i in enumerate(wide):
            self.table_of[i] = t * 128
            for e in range(128):
                self.tables[t * 128 + e] = -1
            for ch, child in children[i].items():
                if ord(ch) < 128:
                    self.tables[t * 128 + ord(ch)] = child

    def __reduce__(self):
        return WordTrie, (self.keys,)

    def __dealloc__(self):
        PyMem_Free(self.first_edge)
        PyMem_Free(self.edge_char)
        PyMem_Free(self.edge_node)
        PyMem_Free(self.value_of)
        PyMem_Free(self.table_of)
        PyMem_Free(self.tables)
        PyMem_Free(self.entry_first)
        PyMem_Free(self.entry_slot)
        PyMem_Free(self.entry_index)
        PyMem_Free(self.entry_guard)
        PyMem_Free(self.entry_whole)
        PyMem_Free(self.entry_longest)

    def hits(self, str folded):
        """``(start, value)`` of every key found in ``folded`` where it starts a word
        (at 0, or after a character that is not ``str.isalnum``), ordered by the
        key's end, then by its start: the order of ``phrases._word_start_hits``."""
        cdef Hit* found = NULL
        cdef Py_ssize_t count, k
        count = self._scan(folded, &found)
        try:
            return [(found[k].start, self.values[found[k].value]) for k in range(count)]
        finally:
            PyMem_Free(found)

    def candidates(self, str folded, Py_ssize_t n_slots):
        """For a trie whose values are tuples of ``(slot, phrase index, guard)``
        (``guard``: ``None`` or ``phrases.guard_prefixes``), a list per slot of the
        ``(start, phrase index)`` of every hit (in the order of :meth:`hits`) at
        which the phrase may match: what ``phrases.may_match`` keeps.

        Each guard's prefixes are a trie of their own, walked once from the hit
        (instead of comparing every prefix: a guard holds up to a hundred)."""
        cdef int kind = PyUnicode_KIND(folded)
        cdef void* data = PyUnicode_DATA(folded)
        cdef Py_ssize_t length = len(folded)
        cdef Py_ssize_t start, slot, count, k, e, stop
        cdef int value, guard
        cdef Hit* found = NULL
        cdef list guards
        if not self.entries_ready:
            self._lay_out_entries()
        guards = self.guards
        out = [[] for _ in range(n_slots)]
        count = self._scan(folded, &found)
        try:
            for k in range(count):
                start = found[k].start
                value = found[k].value
                stop = self.entry_first[value + 1]
                for e in range(self.entry_first[value], stop):
                    slot = self.entry_slot[e]
                    if slot >= n_slots:
                        raise IndexError("an entry's slot is out of range")
                    guard = self.entry_guard[e]
                    if guard < 0 or _guard_allows(
                            <WordTrie>guards[guard], kind, data, length, start,
                            self.entry_whole[e], self.entry_longest[e]):
                        (<list>out[slot]).append((start, self.entry_numbers[e]))
        finally:
            PyMem_Free(found)
        return out

    def occurrences(self, str folded):
        """Per key (in the order of the mapping), the start of every occurrence of
        the key in ``folded``, wherever it starts (not only at word starts), in
        increasing order: the positions that ``folded.find(key, at + 1)`` visits
        one by one, found for every key in one pass."""
        cdef int kind = PyUnicode_KIND(folded)
        cdef void* data = PyUnicode_DATA(folded)
        out = [[] for _ in range(len(self.values))]
        if kind == PyUnicode_1BYTE_KIND:
            _occurrences_typed(self, <uint8_t*>data, len(folded), out)
        elif kind == PyUnicode_2BYTE_KIND:
            _occurrences_typed(self, <uint16_t*>data, len(folded), out)
        else:
            _occurrences_typed(self, <uint32_t*>data, len(folded), out)
        return out

    cdef int _lay_out_entries(self) except -1:
        """The values' ``(slot, phrase index, guard)`` entries in C arrays."""
        cdef Py_ssize_t n_values = len(self.values), n_entries = 0, v, e
        tries = {}
        for value in self.values:
            n_entries += len(value)
        self.entry_first = <int*>PyMem_Malloc((n_values + 1) * sizeof(int))
        self.entry_slot = <int*>PyMem_Malloc((n_entries + 1) * sizeof(int))
        self.entry_index = <int*>PyMem_Malloc((n_entries + 1) * sizeof(int))
        self.entry_guard = <int*>PyMem_Malloc((n_entries + 1) * sizeof(int))
        self.entry_whole = <unsigned char*>PyMem_Malloc(n_entries + 1)
        self.entry_longest = <Py_ssize_t*>PyMem_Malloc((n_entries + 1) * sizeof(Py_ssize_t))
        if not (self.entry_first and self.entry_slot and self.entry_index and self.entry_guard
                and self.entry_whole and self.entry_longest):
            raise MemoryError()
        self.guards = []
        self.entry_numbers = []
        e = 0
        for v in range(n_values):
            self.entry_first[v] = e
            for slot, i, guard in self.values[v]:
                if slot < 0:
                    raise ValueError("a negative slot")
                self.entry_slot[e] = slot
                self.entry_index[e] = i
                self.entry_numbers.append(i)
                if guard is None:
                    self.entry_guard[e] = -1
                    self.entry_whole[e] = 0
                    self.entry_longest[e] = 0
                else:
                    prefixes, longest, whole = guard
                    key = tuple(prefixes)
                    at = tries.get(key)
                    if at is None:
                        at = tries[key] = len(self.guards)
                        self.guards.append(WordTrie({prefix: None for prefix in key}))
                    self.entry_guard[e] = at
                    self.entry_whole[e] = 1 if whole else 0
                    self.entry_longest[e] = longest
                e += 1
        self.entry_first[n_values] = e
        self.entries_ready = True
        return 0

    cdef bint _prefix_at(self, int kind, void* data, Py_ssize_t length, Py_ssize_t start,
                         bint whole) noexcept:
        """Whether ``data`` holds one of the keys at ``start`` (followed by a
        character that ends a word, or the end, for ``whole``)."""
        cdef Py_ssize_t node = 0, q = start
        while q < length:
            node = _child(self.first_edge, self.edge_char, self.edge_node, self.table_of,
                          self.tables, node, PyUnicode_READ(kind, data, q))
            if node < 0:
                return False
            q += 1
            if self.value_of[node] >= 0 and (
                    not whole or q == length or not _word_char(PyUnicode_READ(kind, data, q))):
                return True
        return False

    cdef Py_ssize_t _scan(self, str folded, Hit** out) except -1:
        """Every hit into ``*out`` (to free), ordered by end, then start; their count."""
        cdef int kind = PyUnicode_KIND(folded)
        cdef void* data = PyUnicode_DATA(folded)
        # One loop per character width: the reads in the loop need no switch.
        if kind == PyUnicode_1BYTE_KIND:
            return _scan_typed(self, <uint8_t*>data, len(folded), out)
        if kind == PyUnicode_2BYTE_KIND:
            return _scan_typed(self, <uint16_t*>data, len(folded), out)
        return _scan_typed(self, <uint32_t*>data, len(folded), out)


ctypedef fused _char:
    uint8_t
    uint16_t
    uint32_t


cdef Py_ssize_t _scan_typed(WordTrie trie, _char* data, Py_ssize_t length,
                            Hit** out) except -1:
    """:meth:`WordTrie._scan` over characters of one width."""
    cdef Py_ssize_t p, q, node, count = 0, room = 64, k
    cdef Py_UCS4 ch
    cdef bint after_alnum = False
    cdef int* first_edge = trie.first_edge
    cdef Py_UCS4* edge_char = trie.edge_char
    cdef int* edge_node = trie.edge_node
    cdef int* value_of = trie.value_of
    cdef int* table_of = trie.table_of
    cdef int* tables = trie.tables
    cdef int* root = tables + table_of[0]
    cdef Hit* found = <Hit*>PyMem_Malloc(room * sizeof(Hit))
    cdef Hit* grown
    if found == NULL:
        raise MemoryError()
    p = 0
    while p < length:
        ch = data[p]
        if after_alnum:
            after_alnum = _alnum(ch)
            p += 1
            continue
        after_alnum = _alnum(ch)
        if ch < 128:
            node = root[ch]
        else:
            node = _child(first_edge, edge_char, edge_node, table_of, tables, 0, ch)
        q = p
        while node >= 0:
            if value_of[node] >= 0:
                if count == room:
                    room *= 2
                    grown = <Hit*>PyMem_Realloc(found, room * sizeof(Hit))
                    if grown == NULL:
                        PyMem_Free(found)
                        raise MemoryError()
                    found = grown
                # Insertion by (end, start): hits come by start, mostly in order.
                k = count
                while k > 0 and found[k - 1].end > q:
                    found[k] = found[k - 1]
                    k -= 1
                found[k].end = q
                found[k].start = p
                found[k].value = value_of[node]
                count += 1
            q += 1
            if q >= length:
                break
            node = _child(first_edge, edge_char, edge_node, table_of, tables, node, data[q])
        p += 1
    out[0] = found
    return count


cdef int _occurrences_typed(WordTrie trie, _char* data, Py_ssize_t length,
                            list out) except -1:
    """:meth:`WordTrie.occurrences` over characters of one width."""
    cdef Py_ssize_t p, q, node
    cdef Py_UCS4 ch
    cdef int* first_edge = trie.first_edge
    cdef Py_UCS4* edge_char = trie.edge_char
    cdef int* edge_node = trie.edge_node
    cdef int* value_of = trie.value_of
    cdef int* table_of = trie.table_of
    cdef int* tables = trie.tables
    cdef int* root = tables + table_of[0]
    for p in range(length):
        ch = data[p]
        if ch < 128:
            node = root[ch]
        else:
            node = _child(first_edge, edge_char, edge_node, table_of, tables, 0, ch)
        q = p
        while node >= 0:
            if value_of[node] >= 0:
                (<list>out[value_of[node]]).append(p)
            q += 1
            if q >= length:
                break
            node = _child(first_edge, edge_char, edge_node, table_of, tables, node, data[q])
    return 0


cdef bint _guard_allows(WordTrie prefixes, int kind, void* data, Py_ssize_t length,
                       Py_ssize_t start, bint whole, Py_ssize_t longest) noexcept:
    """``phrases.may_match``: whether the folded text starts with one of the guard's
    prefixes (``prefixes``' keys) at ``start`` (followed by a character that ends a
    word, for a ``whole`` guard), or its window there (``longest`` characters) is
    not ASCII or Latin-1 letters with single spaces (where not starting with one
    proves nothing)."""
    cdef Py_ssize_t j, end
    cdef Py_UCS4 ch, before = 0
    if prefixes._prefix_at(kind, data, length, start, whole):
        return True
    end = start + longest
    if end > length:
        end = length
    for j in range(start, end):
        ch = PyUnicode_READ(kind, data, j)
        if (ch >= 128 and not (0xDF <= ch <= 0xFF and ch != 0xF7)) or (
                ch == 32 and before == 32):
            return True
        before = ch
    return False


cdef inline bint _word_char(Py_UCS4 ch) noexcept:
    """``phrases._word_char``: a letter, an ASCII digit or ``_``."""
    if ch < 128:
        return (48 <= ch <= 57) or ch == 95 or (97 <= ch <= 122) or (65 <= ch <= 90)
    return Py_UNICODE_ISALPHA(ch)


cdef inline Py_ssize_t _child(int* first_edge, Py_UCS4* edge_char, int* edge_node,
                              int* table_of, int* tables, Py_ssize_t node,
                              Py_UCS4 ch) noexcept:
    """The child of ``node`` by ``ch``, or -1."""
    cdef Py_ssize_t lo, hi, mid
    if ch < 128 and table_of[node] >= 0:
        return tables[table_of[node] + <Py_ssize_t>ch]
    lo = first_edge[node]
    hi = first_edge[node + 1]
    if hi - lo <= TABLE_EDGES:
        while lo < hi:
            if edge_char[lo] == ch:
                return edge_node[lo]
            lo += 1
        return -1
    while lo < hi:
        mid = (lo + hi) >> 1
        if edge_char[mid] < ch:
            lo = mid + 1
        else:
            hi = mid
    if lo < first_edge[node + 1] and edge_char[lo] == ch:
        return edge_node[lo]
    return -1


def fold(str text, unsigned char[:] table, classify):
    """``textdoc.TextDoc.folded`` in one pass: ``text.lower()`` with every
    whitespace character that ``textdoc._ONE_SPACE`` matches turned into a space;
    ``None`` for a text holding one of the two characters whose ``str.lower`` is not
    the character's simple lower case (İ lowers to two characters, Σ to ς at the end
    of a word): the caller folds those in Python. A character's class comes from
    ``table`` (bit 2: a space to make), ``classify`` for unknown ones.

    The folded characters go into a buffer as wide as the text's (lower-casing
    keeps a Latin-1 text in Latin-1 and a BMP text in the BMP; a character that
    would not fit sends the text to the 4-byte loop)."""
    cdef Py_ssize_t n = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef unsigned char* classes
    cdef void* buffer
    cdef Py_ssize_t done
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    classes = &table[0]
    buffer = PyMem_Malloc(n * (kind if kind != PyUnicode_4BYTE_KIND else 4) + 4)
    if buffer == NULL:
        raise MemoryError()
    try:
        if kind == PyUnicode_1BYTE_KIND:
            done = _fold_typed(<uint8_t*>data, <uint8_t*>buffer, n, classes, classify, 0xFF)
        elif kind == PyUnicode_2BYTE_KIND:
            done = _fold_typed(<uint16_t*>data, <uint16_t*>buffer, n, classes, classify, 0xFFFF)
        else:
            done = _fold_typed(<uint32_t*>data, <uint32_t*>buffer, n, classes, classify,
                               0x10FFFF)
        if done == -2:
            return None
        if done == -3:  # a lower case wider than the text: fold it 4 bytes wide
            PyMem_Free(buffer)
            buffer = PyMem_Malloc(n * 4 + 4)
            if buffer == NULL:
                raise MemoryError()
            if kind == PyUnicode_1BYTE_KIND:
                done = _fold_wide(<uint8_t*>data, <uint32_t*>buffer, n, classes, classify)
            else:
                done = _fold_wide(<uint16_t*>data, <uint32_t*>buffer, n, classes, classify)
            if done == -2:
                return None
            return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, n)
        return PyUnicode_FromKindAndData(kind, buffer, n)
    finally:
        PyMem_Free(buffer)


cdef inline int _fold_class(unsigned char* classes, Py_UCS4 ch, classify) except? 0:
    """``ch``'s class bits, asked of ``classify`` (and remembered) the first time."""
    cdef unsigned char cls = classes[ch]
    if cls == 0:
        cls = classify(chr(ch))
        classes[ch] = cls
    return cls


cdef Py_ssize_t _fold_typed(_char* data, _char* out, Py_ssize_t n, unsigned char* classes,
                            classify, Py_UCS4 widest) except -1:
    """:func:`fold` into ``out`` (as wide as ``data``): 0, or -2 for a character
    that ``str.lower`` does not map to its simple lower case, -3 for a lower case
    wider than ``widest``. ASCII characters fold through a table of 128."""
    cdef Py_ssize_t i
    cdef Py_UCS4 ch
    cdef unsigned int low
    cdef unsigned char cls
    cdef unsigned char ascii[128]
    for i in range(128):
        cls = _fold_class(classes, i, classify)
        ascii[i] = 32 if cls & 2 else (i + 32 if 65 <= i <= 90 else i)
    for i in range(n):
        ch = data[i]
        if ch < 128:
            out[i] = ascii[ch]
            continue
        cls = classes[ch]
        if cls == 0:
            cls = _fold_class(classes, ch, classify)
        if cls & 2:
            low = 32
        else:
            if ch == 0x130 or ch == 0x3A3:
                return -2
            low = Py_UNICODE_TOLOWER(ch)
            if low > widest:
                return -3
        out[i] = <_char>low
    return 0


cdef Py_ssize_t _fold_wide(_char* data, uint32_t* out, Py_ssize_t n, unsigned char* classes,
                           classify) except -1:
    """:func:`_fold_typed` into a 4-byte buffer."""
    cdef Py_ssize_t i
    cdef Py_UCS4 ch
    cdef unsigned char cls
    for i in range(n):
        ch = data[i]
        cls = classes[ch]
        if cls == 0:
            cls = _fold_class(classes, ch, classify)
        if cls & 2:
            out[i] = 32
        elif 65 <= ch <= 90:
            out[i] = <uint32_t>ch + 32
        elif ch < 128:
            out[i] = ch
        else:
            if ch == 0x130 or ch == 0x3A3:
                return -2
            out[i] = Py_UNICODE_TOLOWER(ch)
    return 0
