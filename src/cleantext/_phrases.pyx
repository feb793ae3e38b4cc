# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The phrase index's first-word search of :mod:`cleantext.phrases` in C.

A phrase rule needs the places where one of its phrases' first words starts a word
of the folded text. ``phrases._word_start_hits`` finds them with an Aho-Corasick
automaton (every occurrence, then keeps those at a word start: about 13 ns a
character in all, most of it the automaton's own walk and its Python tuples). Here
a trie of the same keys is walked from word starts only.

The trie is a double array: a node's child by a character is the slot at the
node's base plus the character's class, if that slot names the node as its
parent; one step is two loads and one test, the same for every node (no edge
list to search, so no branch that depends on the node's shape). The characters'
classes are shared by every trie of the module (a table over the BMP, which also
holds whether the character is ``str.isalnum`` and a word character, read from
the same ``Py_UNICODE_*`` predicates when the module loads). The word starts of
each run of 64 characters are found without a branch, as a bit mask (ASCII
characters 16 at a time, with SSE2 where the compiler has it: every x86-64; a
plain loop elsewhere); the trie's first four steps from each of them are taken
without a branch too, and only the starts that get through are walked. A trie
with few first pairs of characters (the literal pass) finds them 16 characters at
a time. The guards' prefixes are one more double array, walked from where the
hit's key leads.

``WordTrie(keys).hits(folded)`` returns exactly what ``_word_start_hits`` returns
for an automaton of the same keys and values, in the same order (by end, then by
start); ``tests/test_phrase_index.py`` compares the two. Built by ``setup.py``;
``phrases.py`` uses the automaton when this module is missing or
``CLEANTEXT_PURE_PYTHON=1``.
"""

cimport cython
from cpython.unicode cimport PyUnicode_DATA, PyUnicode_KIND
from cpython.mem cimport PyMem_Free, PyMem_Malloc, PyMem_Realloc
from libc.stdint cimport int32_t, uint8_t, uint16_t, uint32_t, uint64_t

from cleantext._charbatch cimport classify_ahead


cdef extern from "Python.h":
    bint Py_UNICODE_ISALNUM(Py_UCS4 ch)
    bint Py_UNICODE_ISALPHA(Py_UCS4 ch)
    Py_UCS4 Py_UNICODE_TOLOWER(Py_UCS4 ch)
    object PyUnicode_FromKindAndData(int kind, const void* buffer, Py_ssize_t size)
    object PyUnicode_New(Py_ssize_t size, Py_UCS4 maxchar)
    bint PyUnicode_IS_ASCII(object text)
    enum:
        PyUnicode_1BYTE_KIND
        PyUnicode_2BYTE_KIND
        PyUnicode_4BYTE_KIND


cdef extern from *:
    int __builtin_ctzll(unsigned long long x) nogil


cdef extern from *:
    """
    /* Bit i set where the i-th of 16 characters and the one after it are one of
       the four pairs (a[k], b[k]): an SSE2 compare of 8 or 16 at a time where the
       compiler has SSE2 (every x86-64), else a plain loop. Reads 17 characters. */
    #if defined(__SSE2__)
    #include <emmintrin.h>
    static inline __m128i ct_eq16_u8(const uint8_t* p, const uint32_t* a, const uint32_t* b) {
        __m128i x = _mm_loadu_si128((const __m128i*)p);
        __m128i y = _mm_loadu_si128((const __m128i*)(p + 1));
        __m128i e = _mm_setzero_si128();
        int k;
        for (k = 0; k < 4; k++)
            e = _mm_or_si128(e, _mm_and_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8((char)a[k])),
                                              _mm_cmpeq_epi8(y, _mm_set1_epi8((char)b[k]))));
        return e;
    }
    static inline __m128i ct_eq8_u16(const uint16_t* p, const uint32_t* a, const uint32_t* b) {
        __m128i x = _mm_loadu_si128((const __m128i*)p);
        __m128i y = _mm_loadu_si128((const __m128i*)(p + 1));
        __m128i e = _mm_setzero_si128();
        int k;
        for (k = 0; k < 4; k++)
            e = _mm_or_si128(e, _mm_and_si128(_mm_cmpeq_epi16(x, _mm_set1_epi16((short)a[k])),
                                              _mm_cmpeq_epi16(y, _mm_set1_epi16((short)b[k]))));
        return e;
    }
    static inline __m128i ct_eq4_u32(const uint32_t* p, const uint32_t* a, const uint32_t* b) {
        __m128i x = _mm_loadu_si128((const __m128i*)p);
        __m128i y = _mm_loadu_si128((const __m128i*)(p + 1));
        __m128i e = _mm_setzero_si128();
        int k;
        for (k = 0; k < 4; k++)
            e = _mm_or_si128(e, _mm_and_si128(_mm_cmpeq_epi32(x, _mm_set1_epi32((int)a[k])),
                                              _mm_cmpeq_epi32(y, _mm_set1_epi32((int)b[k]))));
        return e;
    }
    static inline unsigned int ct_pairs16_u8(const uint8_t* p, const uint32_t* a,
                                             const uint32_t* b) {
        return (unsigned int)_mm_movemask_epi8(ct_eq16_u8(p, a, b));
    }
    static inline unsigned int ct_pairs16_u16(const uint16_t* p, const uint32_t* a,
                                              const uint32_t* b) {
        return (unsigned int)_mm_movemask_epi8(
            _mm_packs_epi16(ct_eq8_u16(p, a, b), ct_eq8_u16(p + 8, a, b)));
    }
    static inline unsigned int ct_pairs16_u32(const uint32_t* p, const uint32_t* a,
                                              const uint32_t* b) {
        return (unsigned int)_mm_movemask_epi8(_mm_packs_epi16(
            _mm_packs_epi32(ct_eq4_u32(p, a, b), ct_eq4_u32(p + 4, a, b)),
            _mm_packs_epi32(ct_eq4_u32(p + 8, a, b), ct_eq4_u32(p + 12, a, b))));
    }
    /* The ASCII str.isalnum of 16 characters in the bits of *mask, or 0 when one
       of them is not ASCII (the caller reads those from its table). */
    static inline __m128i ct_alnum16(__m128i b) {
        __m128i low = _mm_or_si128(b, _mm_set1_epi8(0x20));
        __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('0' - 1)),
                                      _mm_cmpgt_epi8(_mm_set1_epi8('9' + 1), b));
        __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(low, _mm_set1_epi8('a' - 1)),
                                       _mm_cmpgt_epi8(_mm_set1_epi8('z' + 1), low));
        return _mm_or_si128(digit, letter);
    }
    static inline int ct_ascii_alnum16_u8(const uint8_t* p, unsigned int* mask) {
        __m128i b = _mm_loadu_si128((const __m128i*)p);
        if (_mm_movemask_epi8(b))
            return 0;
        *mask = (unsigned int)_mm_movemask_epi8(ct_alnum16(b));
        return 1;
    }
    static inline int ct_ascii_alnum16_u16(const uint16_t* p, unsigned int* mask) {
        __m128i x = _mm_loadu_si128((const __m128i*)p);
        __m128i y = _mm_loadu_si128((const __m128i*)(p + 8));
        __m128i high = _mm_set1_epi16((short)0xFF80);
        __m128i wide = _mm_or_si128(_mm_and_si128(x, high), _mm_and_si128(y, high));
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(wide, _mm_setzero_si128())) != 0xFFFF)
            return 0;
        *mask = (unsigned int)_mm_movemask_epi8(ct_alnum16(_mm_packus_epi16(x, y)));
        return 1;
    }
    /* Characters lower-cased into out if they are all ASCII, else 0: A-Z
       lower-cased, the ASCII whitespace 9 to 13 made spaces, the others kept (the
       caller checks that its table says so). */
    static inline __m128i ct_fold_ascii(__m128i b) {
        __m128i upper = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8('A' - 1)),
                                      _mm_cmpgt_epi8(_mm_set1_epi8('Z' + 1), b));
        __m128i space = _mm_and_si128(_mm_cmpgt_epi8(b, _mm_set1_epi8(8)),
                                      _mm_cmpgt_epi8(_mm_set1_epi8(14), b));
        b = _mm_add_epi8(b, _mm_and_si128(upper, _mm_set1_epi8(32)));
        return _mm_or_si128(_mm_andnot_si128(space, b), _mm_and_si128(space, _mm_set1_epi8(32)));
    }
    static inline int ct_fold16_u8(const uint8_t* p, uint8_t* out) {
        __m128i b = _mm_loadu_si128((const __m128i*)p);
        if (_mm_movemask_epi8(b))
            return 0;
        _mm_storeu_si128((__m128i*)out, ct_fold_ascii(b));
        return 16;
    }
    /* 8 characters at a time (a run of ASCII in a BMP text is often short). */
    static inline int ct_fold16_u16(const uint16_t* p, uint16_t* out) {
        __m128i x = _mm_loadu_si128((const __m128i*)p);
        __m128i zero = _mm_setzero_si128();
        if (_mm_movemask_epi8(_mm_cmpeq_epi16(_mm_and_si128(x, _mm_set1_epi16((short)0xFF80)),
                                              zero)) != 0xFFFF)
            return 0;
        _mm_storeu_si128((__m128i*)out,
                         _mm_unpacklo_epi8(ct_fold_ascii(_mm_packus_epi16(x, x)), zero));
        return 8;
    }
    #else
    static inline int ct_fold16_u8(const uint8_t* p, uint8_t* out) { return 0; }
    static inline int ct_fold16_u16(const uint16_t* p, uint16_t* out) { return 0; }
    static inline int ct_ascii_alnum16_u8(const uint8_t* p, unsigned int* mask) { return 0; }
    static inline int ct_ascii_alnum16_u16(const uint16_t* p, unsigned int* mask) { return 0; }
    #define CT_PAIRS16(p, a, b) \
        unsigned int m = 0; int i, k; \
        for (i = 0; i < 16; i++) \
            for (k = 0; k < 4; k++) \
                m |= (unsigned int)(p[i] == a[k] && p[i + 1] == b[k]) << i; \
        return m;
    static inline unsigned int ct_pairs16_u8(const uint8_t* p, const uint32_t* a,
                                             const uint32_t* b) { CT_PAIRS16(p, a, b) }
    static inline unsigned int ct_pairs16_u16(const uint16_t* p, const uint32_t* a,
                                              const uint32_t* b) { CT_PAIRS16(p, a, b) }
    static inline unsigned int ct_pairs16_u32(const uint32_t* p, const uint32_t* a,
                                              const uint32_t* b) { CT_PAIRS16(p, a, b) }
    #endif
    """
    unsigned int ct_pairs16_u8(const uint8_t* p, const uint32_t* a, const uint32_t* b) nogil
    unsigned int ct_pairs16_u16(const uint16_t* p, const uint32_t* a, const uint32_t* b) nogil
    unsigned int ct_pairs16_u32(const uint32_t* p, const uint32_t* a, const uint32_t* b) nogil
    int ct_ascii_alnum16_u8(const uint8_t* p, unsigned int* mask) nogil
    int ct_ascii_alnum16_u16(const uint16_t* p, unsigned int* mask) nogil
    int ct_fold16_u8(const uint8_t* p, uint8_t* out) nogil
    int ct_fold16_u16(const uint16_t* p, uint16_t* out) nogil


#: A trie whose keys start with at most this many pairs of characters (and that
#: has no key of one character) finds their positions 16 characters at a time
#: (:func:`_pairs16`).
DEF FEW_PAIRS = 4


ctypedef fused _char:
    uint8_t
    uint16_t
    uint32_t


#: Bits of a character's entry in :data:`CHARS`.
DEF ALNUM = 0x8000      # str.isalnum
DEF WORD = 0x4000       # phrases._word_char: a letter, an ASCII digit or "_"
DEF CLASS = 0x3FFF      # its class in the tries (0: in no key)

#: Per BMP character: ``ALNUM | WORD | class``.
cdef uint16_t CHARS[0x10000]
#: The classes of the characters outside the BMP that some key holds.
cdef dict ASTRAL_CLASSES = {}
cdef Py_UCS4* astral_chars = NULL
cdef uint16_t* astral_classes = NULL
cdef Py_ssize_t n_astral = 0
#: The classes given so far.
cdef Py_ssize_t n_classes = 0


cdef uint16_t _predicates(Py_UCS4 ch) noexcept:
    """``ch``'s ``ALNUM`` and ``WORD`` bits."""
    cdef uint16_t bits = 0
    if Py_UNICODE_ISALNUM(ch):
        bits |= ALNUM
    if ch < 128:
        if (48 <= ch <= 57) or ch == 95 or (97 <= ch <= 122) or (65 <= ch <= 90):
            bits |= WORD
    elif Py_UNICODE_ISALPHA(ch):
        bits |= WORD
    return bits


cdef void _fill_chars() noexcept:
    cdef Py_UCS4 ch
    for ch in range(0x10000):
        CHARS[ch] = _predicates(ch)


_fill_chars()


#: Per BMP character: ``Py_UNICODE_TOLOWER`` of it (a table read, not a call), or
#: 0 where that is outside the BMP (ask the function).
cdef uint16_t LOWER[0x10000]


cdef void _fill_lower() noexcept:
    cdef Py_UCS4 ch, low
    for ch in range(0x10000):
        low = Py_UNICODE_TOLOWER(ch)
        LOWER[ch] = low if low <= 0xFFFF else 0


_fill_lower()


cdef uint16_t _astral_info(Py_UCS4 ch) noexcept:
    """:data:`CHARS`' entry for a character outside the BMP."""
    cdef uint16_t bits = _predicates(ch)
    cdef Py_ssize_t k
    for k in range(n_astral):
        if astral_chars[k] == ch:
            return bits | astral_classes[k]
    return bits


cdef inline uint16_t _info(Py_UCS4 ch) noexcept:
    """``ch``'s ``ALNUM | WORD | class``."""
    if ch <= 0xFFFF:
        return CHARS[ch]
    return _astral_info(ch)


cdef Py_ssize_t _class_of(Py_UCS4 ch) except -1:
    """``ch``'s class, given now if it has none."""
    global n_classes, astral_chars, astral_classes, n_astral
    cdef Py_ssize_t cls
    cdef Py_UCS4* grown_chars
    cdef uint16_t* grown_classes
    if ch <= 0xFFFF:
        cls = CHARS[ch] & CLASS
    else:
        cls = ASTRAL_CLASSES.get(ch, 0)
    if cls:
        return cls
    if n_classes + 1 > CLASS:
        raise ValueError("too many distinct characters in the trie keys")
    n_classes += 1
    cls = n_classes
    if ch <= 0xFFFF:
        CHARS[ch] |= <uint16_t>cls
    else:
        grown_chars = <Py_UCS4*>PyMem_Realloc(astral_chars, (n_astral + 1) * sizeof(Py_UCS4))
        if grown_chars == NULL:
            raise MemoryError()
        astral_chars = grown_chars
        grown_classes = <uint16_t*>PyMem_Realloc(astral_classes,
                                                 (n_astral + 1) * sizeof(uint16_t))
        if grown_classes == NULL:
            raise MemoryError()
        astral_classes = grown_classes
        astral_chars[n_astral] = ch
        astral_classes[n_astral] = <uint16_t>cls
        n_astral += 1
        ASTRAL_CLASSES[ch] = cls
    return cls


cdef struct Slot:
    int32_t check  # the slot of the node's parent (-1: a free slot, or the root)
    int32_t base   # the node's children are at base + class
    int32_t value  # index into values, or -1


cdef struct Entry:
    int32_t slot     # the rule's
    # Where its guard's walk goes on after the key (a slot of guard_slots), or
    # ALLOWED (no guard, or a prefix ends inside the key), or MISSED (the key
    # leaves the guard's trie: only the window may allow it).
    int32_t guard
    int32_t skip     # the key's length: where that walk goes on
    int32_t longest  # the guard's window
    int32_t whole    # whether the guard is whole


DEF ALLOWED = -1
DEF MISSED = -2


cdef Py_ssize_t _after_key(list children, list node_value, Py_ssize_t root, str key,
                           bint whole) except -3:
    """The node of the trie of Python dicts at ``root`` where ``key`` leads, for
    :func:`_prefix_at` to go on from after a hit of ``key``: ALLOWED if one of the
    trie's keys ends inside ``key`` (and the character of ``key`` after it ends a
    word, for ``whole``), MISSED if ``key`` leaves the trie."""
    cdef Py_ssize_t node = root, d
    for d in range(len(key)):
        if node_value[node] >= 0 and (not whole or not (_predicates(ord(key[d])) & WORD)):
            return ALLOWED
        node = (<dict>children[node]).get(_class_of(ord(key[d])), -1)
        if node < 0:
            return MISSED
    return node


cdef struct Hit:
    Py_ssize_t end
    Py_ssize_t start
    int value


cdef int _add_key(list children, list node_value, Py_ssize_t root, key,
                  Py_ssize_t value) except -1:
    """``key`` into a trie of Python dicts (each node's children by class) from
    ``root``; its last node's value is ``value``."""
    cdef Py_ssize_t node = root
    if not isinstance(key, str) or not key:
        raise ValueError("trie keys are non-empty strings")
    for ch in key:
        cls = _class_of(ord(ch))
        nxt = (<dict>children[node]).get(cls)
        if nxt is None:
            nxt = len(children)
            children[node][cls] = nxt
            children.append({})
            node_value.append(-1)
        node = nxt
    node_value[node] = value
    return 0


cdef Slot* _double_array(list children, list node_value, Py_ssize_t n_roots,
                         Py_ssize_t amax, list slot_of=None) except NULL:
    """The trie of ``children`` (nodes 0 to ``n_roots`` - 1 its roots, each a
    node's children by class) as a double array: the roots at slots 0 to
    ``n_roots`` - 1, then each root's nodes breadth first, each node's base the first at
    which every child's slot (base + class) is free. Long enough that base + any
    class up to ``amax`` is in the array. To free. ``slot_of``: if given, gets
    each node's slot."""
    cdef Py_ssize_t node, b, size, i, n = len(children)
    cdef Slot* slots
    at = list(range(n_roots)) + [0] * (n - n_roots)    # each node's slot
    base_of = [0] * n                                   # by node
    parent_slot = dict.fromkeys(range(n_roots), -1)     # by slot
    used = bytearray(b"\x01" * n_roots)
    first_free = n_roots
    # Each root's nodes breadth first, one root after the other: the nodes of one
    # trie stay together (a walk reads few cache lines).
    for root in range(n_roots):
        order = [root]
        i = 0
        while i < len(order):
            node = order[i]
            i += 1
            classes = sorted(children[node])
            if not classes:
                continue
            last = classes[len(classes) - 1]
            b = max(first_free - classes[0], 0)
            while True:
                if len(used) <= b + last:
                    used.extend(bytes(b + last + 1 - len(used)))
                if not any(used[b + cls] for cls in classes):
                    break
                b += 1
            base_of[node] = b
            for cls in classes:
                child = children[node][cls]
                used[b + cls] = 1
                at[child] = b + cls
                parent_slot[b + cls] = at[node]
                order.append(child)
            while first_free < len(used) and used[first_free]:
                first_free += 1
    size = max(len(used), max(base_of) + amax + 1)
    if size >= 2 ** 31:
        raise ValueError("too many trie nodes")
    slots = <Slot*>PyMem_Malloc(size * sizeof(Slot))
    if slots == NULL:
        raise MemoryError()
    for i in range(size):
        slots[i].check = -1
        slots[i].base = 0
        slots[i].value = -1
    if slot_of is not None:
        slot_of.extend(at)
    for node in range(n):
        i = at[node]
        slots[i].check = parent_slot[i]
        slots[i].base = base_of[node]
        slots[i].value = node_value[node]
    return slots


@cython.final
cdef class WordTrie:
    """The keys of a ``{key: value}`` mapping as a trie (a double array), for
    :meth:`hits`, :meth:`candidates` and :meth:`occurrences`."""

    cdef Slot* slots        # the root is slot 0
    cdef Py_ssize_t amax    # the largest class of the keys' characters
    # The keys' first two characters, if at most FEW_PAIRS pairs, per character
    # width: the pairs that fit it, the first repeated to FEW_PAIRS (n_pairs: how
    # many fit; -1: more pairs, or a key of one character).
    cdef uint32_t pair_first[3][FEW_PAIRS]
    cdef uint32_t pair_second[3][FEW_PAIRS]
    cdef int n_pairs[3]
    cdef list values
    cdef dict keys
    # The values as guarded entries (:meth:`candidates`), laid out on first use:
    # per value its first entry (value + 1's is its end), the entries, and each
    # entry's phrase index as a Python int.
    cdef bint entries_ready
    cdef int* entry_first
    cdef Entry* entries
    # The distinct guards' prefixes, one trie each, all in one double array
    # (guard k's root is slot k): small, and together in the cache.
    cdef Slot* guard_slots
    cdef Py_ssize_t guard_amax
    cdef list entry_numbers

    def __cinit__(self, dict keys):
        cdef Py_ssize_t i
        self.keys = keys
        # Build the trie as Python dicts first (children by class), then place it.
        children = [{}]
        node_value = [-1]
        self.values = []
        for key, value in keys.items():
            _add_key(children, node_value, 0, key, len(self.values))
            self.values.append(value)
        amax = max([cls for kids in children for cls in kids], default=0)
        self.amax = amax
        pairs = sorted({(ord(key[0]), ord(key[1])) for key in keys if len(key) > 1})
        few = len(pairs) <= FEW_PAIRS and all(len(key) > 1 for key in keys)
        for width, widest in enumerate((0xFF, 0xFFFF, 0x10FFFF)):
            fit = [pair for pair in pairs if max(pair) <= widest]
            self.n_pairs[width] = len(fit) if few else -1
            for i in range(FEW_PAIRS):
                self.pair_first[width][i] = fit[i % len(fit)][0] if fit else 0
                self.pair_second[width][i] = fit[i % len(fit)][1] if fit else 0
        self.slots = _double_array(children, node_value, 1, amax)

    def __reduce__(self):
        return WordTrie, (self.keys,)

    def __dealloc__(self):
        PyMem_Free(self.slots)
        PyMem_Free(self.guard_slots)
        PyMem_Free(self.entry_first)
        PyMem_Free(self.entries)

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
        cdef Py_ssize_t count
        cdef Hit* found = NULL
        if not self.entries_ready:
            self._lay_out_entries()
        out = [[] for _ in range(n_slots)]
        count = self._scan(folded, &found)
        try:
            if kind == PyUnicode_1BYTE_KIND:
                _keep_allowed(self, <uint8_t*>data, length, found, count, out, n_slots)
            elif kind == PyUnicode_2BYTE_KIND:
                _keep_allowed(self, <uint16_t*>data, length, found, count, out, n_slots)
            else:
                _keep_allowed(self, <uint32_t*>data, length, found, count, out, n_slots)
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
        """The values' ``(slot, phrase index, guard)`` entries in C arrays.

        A hit has matched its key already: each guard's walk starts where the key
        leads in the guard's trie (settled here when a prefix ends inside the key,
        or the key leaves the trie)."""
        cdef Py_ssize_t n_values = len(self.values), n_entries = 0, v, e
        cdef Entry* entry
        for value in self.values:
            n_entries += len(value)
        self.entry_first = <int*>PyMem_Malloc((n_values + 1) * sizeof(int))
        self.entries = <Entry*>PyMem_Malloc((n_entries + 1) * sizeof(Entry))
        if not (self.entry_first and self.entries):
            raise MemoryError()
        # Each distinct guard's prefixes as a trie of its own (its root: node k).
        roots = {}
        for value in self.values:
            for _slot, _i, guard in value:
                if guard is not None:
                    roots.setdefault(tuple(guard[0]), len(roots))
        children = [{} for _ in roots]
        node_value = [-1] * len(roots)
        for prefixes, root in roots.items():
            for prefix in prefixes:
                _add_key(children, node_value, root, prefix, 0)
        at = []
        if roots:
            self.guard_amax = max([cls for kids in children for cls in kids], default=0)
            self.guard_slots = _double_array(children, node_value, len(roots), self.guard_amax,
                                             at)
        self.entry_numbers = []
        e = 0
        for v, key in enumerate(self.keys):
            self.entry_first[v] = e
            for slot, i, guard in self.values[v]:
                if not 0 <= slot < 2 ** 31:
                    raise ValueError("a slot out of range")
                entry = &self.entries[e]
                entry.slot = slot
                entry.guard = ALLOWED
                entry.skip = len(key)
                entry.whole = 0
                entry.longest = 0
                self.entry_numbers.append(i)
                if guard is not None:
                    prefixes, longest, whole = guard
                    if not 0 <= longest < 2 ** 31:
                        raise ValueError("a guard's window out of range")
                    entry.whole = 1 if whole else 0
                    entry.longest = longest
                    node = _after_key(children, node_value, roots[tuple(prefixes)], key, whole)
                    entry.guard = node if node < 0 else at[node]
                e += 1
        self.entry_first[n_values] = e
        self.entries_ready = True
        return 0

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


cdef inline Py_ssize_t _class(Py_UCS4 ch, Py_ssize_t amax) noexcept:
    """``ch``'s class in a trie whose keys' largest class is ``amax``: 0 for a
    class above (another trie's), where no node has a child."""
    cdef Py_ssize_t cls = _info(ch) & CLASS
    return cls if cls <= amax else 0


cdef inline Py_ssize_t _step(Slot* slots, Py_ssize_t amax, Py_ssize_t node,
                             Py_UCS4 ch) noexcept:
    """The slot of ``node``'s child by ``ch``, or -1."""
    cdef Py_ssize_t child = slots[node].base + _class(ch, amax)
    if slots[child].check == node:
        return child
    return -1


cdef inline unsigned int _may_start(Slot* slots, Py_ssize_t amax, _char* at) noexcept:
    """Whether a key may start at ``at`` (which has three more characters after it):
    the first four characters are a path from the root, or a key ends on the way.
    No branch: a slot that is not the child reads another slot, in the array."""
    cdef Py_ssize_t n1, n2, n3, n4
    cdef unsigned int ok1, ok2, ok3, ok4, end1, end2, end3
    n1 = slots[0].base + _class(at[0], amax)
    n2 = slots[n1].base + _class(at[1], amax)
    n3 = slots[n2].base + _class(at[2], amax)
    n4 = slots[n3].base + _class(at[3], amax)
    ok1 = slots[n1].check == 0
    ok2 = slots[n2].check == n1
    ok3 = slots[n3].check == n2
    ok4 = slots[n4].check == n3
    end1 = slots[n1].value >= 0
    end2 = slots[n2].value >= 0
    end3 = slots[n3].value >= 0
    return ok1 & (end1 | (ok2 & (end2 | (ok3 & (end3 | ok4)))))


cdef inline uint64_t _alnum_bits(_char* at, Py_ssize_t n) noexcept:
    """Bit i set where ``at[i]`` (i < n <= 64) is ``str.isalnum``: 16 at a time
    where they are ASCII (SSE2), else from the table."""
    cdef uint64_t bits = 0
    cdef unsigned int chunk
    cdef Py_ssize_t i = 0, j
    while i < n:
        if _char is uint8_t:
            if i + 16 <= n and ct_ascii_alnum16_u8(at + i, &chunk):
                bits |= <uint64_t>chunk << i
                i += 16
                continue
        elif _char is uint16_t:
            if i + 16 <= n and ct_ascii_alnum16_u16(at + i, &chunk):
                bits |= <uint64_t>chunk << i
                i += 16
                continue
        j = i + 16 if i + 16 <= n else n
        while i < j:
            bits |= <uint64_t>(_info(at[i]) >> 15) << i
            i += 1
    return bits


cdef Py_ssize_t _scan_typed(WordTrie trie, _char* data, Py_ssize_t length,
                            Hit** out) except -1:
    """:meth:`WordTrie._scan` over characters of one width."""
    cdef Py_ssize_t block, n, i, p, q, node, count = 0, room = 64, k
    cdef uint64_t starts
    cdef Py_ssize_t live, j
    cdef int at[64]
    cdef uint64_t alnum, after_alnum = 0
    cdef Slot* slots = trie.slots
    cdef Py_ssize_t amax = trie.amax
    cdef Hit* found = <Hit*>PyMem_Malloc(room * sizeof(Hit))
    cdef Hit* grown
    if found == NULL:
        raise MemoryError()
    block = 0
    while block < length:
        # The word starts of the next 64 characters, as bits, without a branch.
        n = length - block
        if n > 64:
            n = 64
        alnum = _alnum_bits(data + block, n)
        starts = ~((alnum << 1) | after_alnum)
        if n < 64:
            starts &= (<uint64_t>1 << n) - 1
        after_alnum = alnum >> (n - 1)
        # The starts where a key may start (all of them near the end of the text).
        live = 0
        if block + n + 2 < length:
            # Those whose first four characters are a path of the trie (or a key
            # ends before), walked without a branch.
            while starts:
                at[live] = __builtin_ctzll(starts)
                starts &= starts - 1
                live += _may_start(slots, amax, data + block + at[live])
        else:
            while starts:
                at[live] = __builtin_ctzll(starts)
                starts &= starts - 1
                live += 1
        for j in range(live):
            p = block + at[j]
            q = p
            node = 0
            while True:
                node = _step(slots, amax, node, data[q])
                if node < 0:
                    break
                if slots[node].value >= 0:
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
                    found[k].value = slots[node].value
                    count += 1
                q += 1
                if q >= length:
                    break
        block += n
    out[0] = found
    return count


cdef inline unsigned int _pairs16(_char* at, uint32_t* first, uint32_t* second) noexcept:
    """Bit i set where ``at[i]`` (of 16) and ``at[i + 1]`` are ``first[k]`` and
    ``second[k]`` for a k < FEW_PAIRS."""
    if _char is uint8_t:
        return ct_pairs16_u8(at, first, second)
    elif _char is uint16_t:
        return ct_pairs16_u16(at, first, second)
    else:
        return ct_pairs16_u32(at, first, second)


cdef int _occurrences_typed(WordTrie trie, _char* data, Py_ssize_t length,
                            list out) except -1:
    """:meth:`WordTrie.occurrences` over characters of one width."""
    cdef Py_ssize_t p, q, node, start = 0, chunk
    cdef Slot* slots = trie.slots
    cdef Py_ssize_t amax = trie.amax
    cdef int width = 0 if _char is uint8_t else 1 if _char is uint16_t else 2
    cdef unsigned int found
    if trie.n_pairs[width] == 0:
        return 0  # no key's first two characters fit in this text
    if trie.n_pairs[width] > 0:
        # Few first pairs: their places found 16 at a time, walked from there.
        chunk = 0
        while chunk + 17 <= length:
            found = _pairs16(data + chunk, trie.pair_first[width], trie.pair_second[width])
            while found:
                p = chunk + __builtin_ctzll(found)
                found &= found - 1
                _walk_occurrences(slots, amax, data, p, length, out)
            chunk += 16
        start = chunk
    for p in range(start, length):
        _walk_occurrences(slots, amax, data, p, length, out)
    return 0


cdef inline int _walk_occurrences(Slot* slots, Py_ssize_t amax, _char* data, Py_ssize_t p,
                                  Py_ssize_t length, list out) except -1:
    """The keys that start at ``p`` appended to their lists of ``out``."""
    cdef Py_ssize_t q = p
    cdef Py_ssize_t node = _step(slots, amax, 0, data[p])
    while node >= 0:
        if slots[node].value >= 0:
            (<list>out[slots[node].value]).append(p)
        q += 1
        if q >= length:
            break
        node = _step(slots, amax, node, data[q])
    return 0


cdef int _keep_allowed(WordTrie trie, _char* data, Py_ssize_t length, Hit* found,
                       Py_ssize_t count, list out, Py_ssize_t n_slots) except -1:
    """:meth:`WordTrie.candidates` once the hits are found: each hit's entries
    whose guard allows them, appended to their slot's list."""
    cdef Py_ssize_t k, e, stop, slot, start, scanned, odd, end
    cdef int value, guard
    cdef Py_UCS4 before
    cdef Entry* entry
    for k in range(count):
        start = found[k].start
        value = found[k].value
        # The first character from ``start`` on that makes a guard's window odd
        # (see _guard_allows), scanned as far as the entries' windows need.
        scanned = start
        odd = -1
        before = 0
        stop = trie.entry_first[value + 1]
        for e in range(trie.entry_first[value], stop):
            entry = &trie.entries[e]
            slot = entry.slot
            if slot >= n_slots:
                raise IndexError("an entry's slot is out of range")
            guard = entry.guard
            if guard != ALLOWED and (guard == MISSED or not _prefix_at(
                    trie.guard_slots, trie.guard_amax, guard, data, length,
                    start + entry.skip, entry.whole)):
                # Not one of the prefixes: allowed only where the window (the
                # ``longest`` characters from ``start``) is not ASCII or Latin-1
                # letters with single spaces, where missing them proves nothing.
                end = start + entry.longest
                if end > length:
                    end = length
                while odd < 0 and scanned < end:
                    if _odd(data[scanned], before):
                        odd = scanned
                    before = data[scanned]
                    scanned += 1
                if odd < 0 or odd >= end:
                    continue
            (<list>out[slot]).append((start, trie.entry_numbers[e]))
    return 0


cdef inline bint _odd(Py_UCS4 ch, Py_UCS4 before) noexcept:
    """Whether ``ch`` (after ``before``, 0 at a window's start) makes a guard's
    window one where missing its prefixes proves nothing: a folded character that is
    not ASCII nor a Latin-1 lower-case letter, or a second space in a row."""
    return (ch >= 128 and not (0xDF <= ch <= 0xFF and ch != 0xF7)) or (
        ch == 32 and before == 32)


cdef bint _prefix_at(Slot* slots, Py_ssize_t amax, Py_ssize_t node, _char* data,
                     Py_ssize_t length, Py_ssize_t q, bint whole) noexcept:
    """Whether one of the keys of a trie of ``slots`` ends at ``node`` (where the
    characters before ``q`` led) or on the way down from it along ``data`` from
    ``q`` (followed by a character that ends a word, or the end, for ``whole``)."""
    while True:
        if slots[node].value >= 0 and (
                not whole or q == length or not (_info(data[q]) & WORD)):
            return True
        if q >= length:
            return False
        node = _step(slots, amax, node, data[q])
        if node < 0:
            return False
        q += 1


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
    cdef Py_UCS4 widest
    cdef uint32_t bits = 0
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    classes = &table[0]
    # Folded straight into a new string of the text's width; copied into a
    # narrower one (the canonical form) when the folded characters all fit one.
    if kind == PyUnicode_1BYTE_KIND:
        widest = 0x7F if PyUnicode_IS_ASCII(text) else 0xFF
    else:
        widest = 0xFFFF if kind == PyUnicode_2BYTE_KIND else 0x10FFFF
    folded = PyUnicode_New(n, widest)
    buffer = PyUnicode_DATA(folded)
    if kind == PyUnicode_1BYTE_KIND:
        done = _fold_typed(<uint8_t*>data, <uint8_t*>buffer, n, classes, classify, 0xFF, &bits)
    elif kind == PyUnicode_2BYTE_KIND:
        done = _fold_typed(<uint16_t*>data, <uint16_t*>buffer, n, classes, classify, 0xFFFF,
                           &bits)
    else:
        done = _fold_typed(<uint32_t*>data, <uint32_t*>buffer, n, classes, classify,
                           0x10FFFF, &bits)
    if done == -2:
        return None
    if done == -3:  # a lower case wider than the text: fold it 4 bytes wide
        buffer = PyMem_Malloc(n * 4 + 4)
        if buffer == NULL:
            raise MemoryError()
        try:
            if kind == PyUnicode_1BYTE_KIND:
                done = _fold_wide(<uint8_t*>data, <uint32_t*>buffer, n, classes, classify)
            else:
                done = _fold_wide(<uint16_t*>data, <uint32_t*>buffer, n, classes, classify)
            if done == -2:
                return None
            return PyUnicode_FromKindAndData(PyUnicode_4BYTE_KIND, buffer, n)
        finally:
            PyMem_Free(buffer)
    # ``bits``: every folded character or-ed, below the same power of two as the
    # largest (the widths' limits are powers of two).
    if n == 0 or _width_limit(bits) == widest:
        return folded
    return PyUnicode_FromKindAndData(kind, buffer, n)


cdef inline Py_UCS4 _width_limit(uint32_t ch) noexcept:
    """The largest character of the narrowest string that can hold ``ch``."""
    if ch < 0x80:
        return 0x7F
    if ch < 0x100:
        return 0xFF
    if ch < 0x10000:
        return 0xFFFF
    return 0x10FFFF


cdef inline int _fold_class(unsigned char* classes, Py_UCS4 ch, classify) except? 0:
    """``ch``'s class bits, asked of ``classify`` (and remembered) the first time."""
    cdef unsigned char cls = classes[ch]
    if cls == 0:
        cls = classify(chr(ch))
        classes[ch] = cls
    return cls


cdef Py_ssize_t _fold_typed(_char* data, _char* out, Py_ssize_t n, unsigned char* classes,
                            classify, Py_UCS4 widest, uint32_t* bits) except -1:
    """:func:`fold` into ``out`` (as wide as ``data``): 0, or -2 for a character
    that ``str.lower`` does not map to its simple lower case, -3 for a lower case
    wider than ``widest``. ASCII characters fold through a table of 128. ``*bits``:
    the folded characters or-ed."""
    cdef Py_ssize_t i = 0, stop
    cdef Py_UCS4 ch
    cdef uint32_t low, wide = 0
    cdef unsigned char cls
    cdef unsigned char ascii[128]
    cdef bint simple = True  # the table folds ASCII as ct_fold_ascii does
    cdef int done
    for i in range(128):
        cls = _fold_class(classes, i, classify)
        ascii[i] = 32 if cls & 2 else (i + 32 if 65 <= i <= 90 else i)
        if ascii[i] != (32 if 9 <= i <= 13 else i + 32 if 65 <= i <= 90 else i):
            simple = False
    i = 0
    while i < n:
        # Runs of ASCII characters 16 (or 8) at a time (SSE2).
        if _char is not uint32_t:
            if simple and i + 16 <= n:
                done = _fold16(data + i, out + i)
                if done:
                    i += done
                    continue
        stop = i + 16 if i + 16 <= n else n
        while i < stop:
            ch = data[i]
            if ch < 128:
                out[i] = ascii[ch]
                i += 1
                continue
            cls = classes[ch]
            if cls == 0:
                cls = classify_ahead(classes, sizeof(data[0]), <const void*>data, i, n, classify)
            if cls & 2:
                low = 32
            else:
                if ch == 0x130 or ch == 0x3A3:
                    return -2
                low = LOWER[ch] if ch <= 0xFFFF else 0
                if low == 0:  # (no character but 0 lower-cases to 0)
                    low = Py_UNICODE_TOLOWER(ch)
                if low > widest:
                    return -3
            wide |= low
            out[i] = <_char>low
            i += 1
            if i < stop and data[i] < 128:
                break  # back to the runs of ASCII
    bits[0] = wide
    return 0


cdef inline int _fold16(_char* at, _char* out) noexcept:
    """The 16 (Latin-1) or 8 (BMP) characters at ``at`` folded into ``out`` if they
    are all ASCII (SSE2): how many, else 0."""
    if _char is uint8_t:
        return ct_fold16_u8(at, out)
    elif _char is uint16_t:
        return ct_fold16_u16(at, out)
    else:
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
            cls = classify_ahead(classes, sizeof(data[0]), <const void*>data, i, n, classify)
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
