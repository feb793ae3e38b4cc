# cython: language_level=3, boundscheck=False, wraparound=False
"""The page walk of :func:`cleantext.html.blocks.iter_blocks`, compiled.

The same walk as the pure-Python ``_iter_blocks`` in ``blocks.py``, item for item
(``tests/test_walk_native.py`` checks that on every fixture page and on generated
trees), but over libxml2's nodes directly, through lxml's public C API: an element
gets a Python proxy only when the walk hands one out (an indexed element; with a
``NodeSpans`` and a ``NodeAddresses`` the spans and the marked elements are kept as
node addresses, and a ``Block`` makes its owner's proxy when asked); tags are classified once
per interned name; text is gathered as UTF-8 and decoded once per block. The
Python walk spends most of its time creating a proxy, a tag string and a text
string for every node, which is why this one exists.

The module also holds the markup judging's hot loops, which the walk's owner
automaton serves: ``pair_masks``, the loop of ``markup._judge`` (``judge_keys``),
the per-judge columns of ``markup.flagged`` (``flagged_by_judge``), the
boilerplate-token matcher of ``tokens.py`` (``match_category``,
``ascii_chunk_category``, over a ``TokenTable``), and the compiled twins of the
built-in judges (``CompiledJudge``: ``BoilerplateJudge``, ``HiddenJudge``,
``HintJudge``), which the judging loop calls without a Python call per set. Each
has a Python version it is tested against (``tests/test_compiled_judges.py``,
``tests/test_tokens_native.py``, ``tests/test_markup_quiet.py``).

Built by ``setup.py`` when a C compiler is at hand; ``blocks.py`` falls back to the
Python walk when this module is missing, so the package works either way.
"""

cimport cython
from cpython.bytes cimport PyBytes_FromStringAndSize
from cpython.dict cimport PyDict_GetItemWithError
from cpython.ref cimport PyObject, Py_INCREF
from cpython.tuple cimport PyTuple_New, PyTuple_SET_ITEM
from cpython.unicode cimport PyUnicode_1BYTE_DATA, PyUnicode_DecodeUTF8, PyUnicode_GET_LENGTH
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memchr, memcmp, memcpy, memset, strcmp, strlen
from libc.stdint cimport uintptr_t

cimport lxml.includes.etreepublic as cetree
from lxml.includes.etreepublic cimport _Document, _Element, elementFactory
from lxml.includes.tree cimport (
    XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_ELEMENT_NODE, XML_ENTITY_REF_NODE,
    XML_PI_NODE, XML_TEXT_NODE, xmlAttr, xmlNode,
)

cetree.import_lxml__etree()

cdef extern from "Python.h":
    bint PyUnicode_IS_ASCII(object)

cdef enum:
    F_BLOCK = 1
    F_INVISIBLE = 2
    F_INDEXED = 4
    F_LINK = 8
    F_PRE = 16
    F_KNOWN = 32
    F_KIND_SHIFT = 8  # the block kind's number in _KINDS, in the bits above
    TABLE_SIZE = 1024

cdef object _BLOCK = frozenset()
cdef object _INVISIBLE = frozenset()
cdef object _INDEXED = frozenset()
cdef object _MARKUP = frozenset()
cdef object _KIND = {}
cdef object _TOUCHING = None
cdef list _KINDS = ["p"]


def configure(block_tags, invisible, indexed, markup_attributes, kind, touching):
    """Take the tag sets, block kinds and the pattern of touching inline elements
    from ``blocks.py`` (one source for the data, whichever walk runs)."""
    global _BLOCK, _INVISIBLE, _INDEXED, _MARKUP, _KIND, _TOUCHING, _KINDS
    _BLOCK, _INVISIBLE, _INDEXED = frozenset(block_tags), frozenset(invisible), frozenset(indexed)
    _MARKUP, _KIND = frozenset(markup_attributes), dict(kind)
    _TOUCHING = touching
    _KINDS = ["p", *sorted(set(_KIND.values()) - {"p"})]


cdef struct Slot:
    const char* name
    int flags
    bint attribute


cdef int _classify_name(const char* name):
    tag = PyUnicode_DecodeUTF8(name, strlen(name), NULL)
    cdef int flags = F_KNOWN
    if tag in _BLOCK:
        flags |= F_BLOCK
    if tag in _INVISIBLE:
        flags |= F_INVISIBLE
    if tag in _INDEXED:
        flags |= F_INDEXED
    if tag == "a":
        flags |= F_LINK
    if tag == "pre":
        flags |= F_PRE
    flags |= _KINDS.index(_KIND.get(tag, "p")) << F_KIND_SHIFT
    return flags


#: The quiet test (``set_quiet_words`` in ``blocks.py``): per attribute name (UTF-8)
#: its automaton's start state, the state table (``_SYMBOLS`` entries per state) and
#: the states where a word ends.
cdef object _QUIET_STARTS = {}
cdef bytes _QUIET_TABLE = b""
cdef bytes _QUIET_FINAL = b""
cdef enum:
    _SYMBOLS = 36
    SKIP = 255  # an ASCII byte that is not a letter or digit
    FOREIGN = 254  # a byte of a non-ASCII character
cdef unsigned char _SYMBOL[256]


cdef bint _QUIET_UNMARKED = False


def configure_quiet(starts, bytes table, bytes final, bint unmarked):
    """Take the quiet test's automaton from ``blocks.py`` (see ``quiet_tables``), and
    whether an element whose markup pairs are all quiet is left unmarked."""
    global _QUIET_STARTS, _QUIET_TABLE, _QUIET_FINAL, _QUIET_UNMARKED
    if len(table) != len(final) * _SYMBOLS * sizeof(int):
        raise ValueError("the quiet automaton's table does not match its states")
    _QUIET_STARTS, _QUIET_TABLE, _QUIET_FINAL = dict(starts), table, final
    _QUIET_UNMARKED = unmarked


cdef void _init_symbols():
    cdef int c
    for c in range(256):
        _SYMBOL[c] = FOREIGN if c >= 128 else SKIP
    for c in range(26):
        _SYMBOL[ord("a") + c] = c
        _SYMBOL[ord("A") + c] = c
    for c in range(10):
        _SYMBOL[ord("0") + c] = 26 + c


_init_symbols()


cdef int _classify_attribute(const char* name):
    """``F_KNOWN``, bit 1 for a markup attribute, and above ``F_KIND_SHIFT`` 1 + the
    start state of its quiet automaton (0: no quiet test for it)."""
    attribute = PyUnicode_DecodeUTF8(name, strlen(name), NULL)
    if attribute not in _MARKUP:
        return F_KNOWN
    start = _QUIET_STARTS.get(<bytes>name)
    if start is None:
        return F_KNOWN | 1
    return F_KNOWN | 1 | ((<int>start + 1) << F_KIND_SHIFT)


cdef bint _quiet(xmlAttr* attr, int state):
    """Whether the attribute's value is quiet: ASCII, and none of the words of the
    automaton that starts at ``state`` in its lower-cased letters and digits."""
    cdef const int* table = <const int*><const char*>_QUIET_TABLE
    cdef const unsigned char* final = <const unsigned char*><const char*>_QUIET_FINAL
    cdef xmlNode* child = attr.children
    cdef const unsigned char* p
    cdef unsigned char symbol
    if final[state]:
        return False
    while child is not NULL:
        p = <const unsigned char*>child.content
        if p is not NULL:
            while p[0]:
                symbol = _SYMBOL[p[0]]
                p += 1
                if symbol == SKIP:
                    continue
                if symbol == FOREIGN:
                    return False
                state = table[state * _SYMBOLS + symbol]
                if final[state]:
                    return False
        child = child.next
    return True


#: The owners' automaton of ``pair_masks`` (``set_word_owners`` in ``blocks.py``): a
#: start state per attribute name (``str``), the state table, an ``int`` mask per state.
cdef object _OWNER_STARTS = {}
cdef bytes _OWNER_TABLE = b""
cdef bytes _OWNER_FINAL = b""
cdef int _ALL_OWNERS = -1


def configure_owners(starts, bytes table, bytes final, int all_owners):
    """Take the automaton of ``pair_masks`` from ``blocks.py``, and the mask of all
    owners."""
    global _OWNER_STARTS, _OWNER_TABLE, _OWNER_FINAL, _ALL_OWNERS
    if len(table) != len(final) * _SYMBOLS:
        raise ValueError("the owners' automaton's table does not match its states")
    _OWNER_STARTS, _OWNER_TABLE, _OWNER_FINAL = dict(starts), table, final
    _ALL_OWNERS = all_owners


def pair_masks(tuple pairs):
    """``pair_masks_python`` in ``blocks.py``, compiled: per ``(name, value)`` pair the
    OR of the masks of the states its ASCII value's letters and digits pass through."""
    return [_owner_mask(name, value) for name, value in pairs]


cdef int _owner_mask(name, value) except? -2:
    """One pair's mask of :func:`pair_masks`."""
    cdef const int* table = <const int*><const char*>_OWNER_TABLE
    cdef const int* final = <const int*><const char*>_OWNER_FINAL
    cdef const unsigned char* p
    cdef Py_ssize_t i, n
    cdef int state, mask
    cdef unsigned char symbol
    if not isinstance(value, str):
        raise TypeError("a markup value is a str")
    start = _OWNER_STARTS.get(name)
    if start is None or not PyUnicode_IS_ASCII(value):
        return _ALL_OWNERS
    state = start
    mask = final[state]
    p = PyUnicode_1BYTE_DATA(value)
    n = PyUnicode_GET_LENGTH(value)
    for i in range(n):
        symbol = _SYMBOL[p[i]]
        if symbol == SKIP:
            continue
        state = table[state * _SYMBOLS + symbol]
        mask |= final[state]
    return mask


#: What a compiled judge answers for a set it leaves to the judge it twins.
ASK = object()
cdef object _ASK = ASK


cdef int _check_pairs(tuple pairs) except -1:
    """Raise unless ``pairs`` are ``(name, value)`` pairs of strings (the compiled
    judges index them unchecked)."""
    for pair in pairs:
        if not (type(pair) is tuple and len(<tuple>pair) == 2
                and isinstance((<tuple>pair)[0], str) and isinstance((<tuple>pair)[1], str)):
            raise TypeError(f"not a (name, value) pair of strings: {pair!r}")
    return 0


cdef class CompiledJudge:
    """A markup judge compiled (``markup_judge(..., compiled=...)``): ``verdict(pairs)``
    is the registered judge's verdict on the set, or :data:`ASK` for a set it leaves
    to that judge. The compiled judging loop (:func:`judge_keys`) calls it in C; the
    base class leaves every set to the judge."""

    cdef object verdict(self, tuple pairs):
        return _ASK

    def __call__(self, tuple pairs not None):
        _check_pairs(pairs)
        return self.verdict(pairs)


cdef inline object _ask(judge, twin, tuple pairs):
    """The verdict of ``judge`` on ``pairs``, from its compiled twin when it has one
    that does not leave the set to it."""
    cdef object found
    if twin is not None:
        found = (<CompiledJudge>twin).verdict(pairs)
        if found is not _ASK:
            return found
    return judge(pairs)


def judge_keys(list keys, dict cache, tuple judges, tuple twins, list parts, list empty):
    """The loop of ``markup._judge``, compiled: puts every judge's verdicts on each
    key (a set of pairs) in ``cache`` (``None`` when all are ``None``).

    ``judges`` are the judges by slot (at most ``MAX_OWNERS``), ``twins`` their
    compiled twins (or ``None``), ``parts`` per slot the verdicts on parts of sets
    (filled here), ``empty`` per slot the verdict on ``()``. A judge sees a set
    whole when every pair holds its words (:func:`pair_masks`), else the part that
    does (remembered in ``parts``), and ``()`` when none does."""
    cdef Py_ssize_t count = len(judges), size, i, slot
    cdef int mask, every, some, bit
    cdef int small[16]
    cdef int* masks
    cdef tuple key, pair, said
    cdef bint flags
    cdef list kept
    cdef dict known
    if len(twins) != count or len(parts) != count or len(empty) != count:
        raise ValueError("one twin, parts and empty verdict per judge")
    for slot in range(count):
        if not (twins[slot] is None or isinstance(twins[slot], CompiledJudge)):
            raise TypeError("a twin is a CompiledJudge or None")
        if not isinstance(parts[slot], dict):
            raise TypeError("the verdicts on parts are dicts")
    for item in keys:
        key = item
        if key is None:
            raise TypeError("a key is a tuple of pairs")
        _check_pairs(key)
        size = len(key)
        masks = &small[0]
        if size > 16:
            masks = <int*>malloc(size * sizeof(int))
        if masks is NULL:
            raise MemoryError()
        try:
            every = _ALL_OWNERS if size else 0
            some = 0
            for i in range(size):
                pair = <tuple>key[i]  # checked above
                masks[i] = mask = _owner_mask(pair[0], pair[1])
                every &= mask
                some |= mask
            said = PyTuple_New(count)
            flags = False
            for slot in range(count):
                bit = 1 << slot
                if every & bit:  # the whole set
                    found = _ask(judges[slot], twins[slot], key)
                elif not some & bit:  # no pair holds its words
                    found = empty[slot]
                else:
                    kept = [key[i] for i in range(size) if masks[i] & bit]
                    part = tuple(kept)
                    known = <dict>parts[slot]
                    found = known.get(part, _ASK)
                    if found is _ASK:
                        found = known[part] = _ask(judges[slot], twins[slot], part)
                if found is not None:
                    flags = True
                Py_INCREF(found)
                PyTuple_SET_ITEM(said, slot, found)
            cache[key] = said if flags else None
        finally:
            if masks is not &small[0]:
                free(masks)


cdef inline int _flags(Slot* table, xmlNode* node) except -1:
    """The tag flags of an element (by its interned name pointer; 0 for a name in a
    namespace, which lxml spells ``{uri}name`` and so matches no set)."""
    if node.ns is not NULL and node.ns.href is not NULL:
        return F_KNOWN
    return _cached(table, <const char*>node.name, False)


cdef inline int _cached(Slot* table, const char* name, bint attribute) except -1:
    """The flags of a tag or attribute ``name``, computed once per name pointer
    (libxml2 interns names in the parser's dictionary, so they repeat)."""
    cdef uintptr_t h = ((<uintptr_t>name >> 4) ^ attribute) & (TABLE_SIZE - 1)
    cdef int probes = 0
    while table[h].name is not NULL and probes < TABLE_SIZE:
        if table[h].name == name and table[h].attribute == attribute:
            return table[h].flags
        h = (h + 1) & (TABLE_SIZE - 1)
        probes += 1
    cdef int flags = _classify_attribute(name) if attribute else _classify_name(name)
    if probes < TABLE_SIZE:
        table[h].name = name
        table[h].flags = flags
        table[h].attribute = attribute
    return flags


cdef struct Buffer:
    char* data
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _append(Buffer* buf, const char* text, Py_ssize_t n) except -1:
    cdef Py_ssize_t need = buf.size + n
    cdef char* grown
    if need > buf.capacity:
        while buf.capacity < need:
            buf.capacity = buf.capacity * 2 if buf.capacity else 4096
        grown = <char*>realloc(buf.data, buf.capacity)
        if grown is NULL:
            raise MemoryError()
        buf.data = grown
    memcpy(buf.data + buf.size, text, n)
    buf.size = need
    return 0


cdef inline bint _is_text(xmlNode* node):
    return node.type == XML_TEXT_NODE or node.type == XML_CDATA_SECTION_NODE


cdef inline bint _is_element_like(xmlNode* node):
    return (node.type == XML_ELEMENT_NODE or node.type == XML_COMMENT_NODE
            or node.type == XML_PI_NODE or node.type == XML_ENTITY_REF_NODE)


cdef inline Py_ssize_t _space_bytes(const unsigned char* p, Py_ssize_t left):
    """The length of the UTF-8 character at ``p`` (``left`` bytes from there to the
    end) when ``str.isspace`` holds for it (``str.split`` cuts there), else 0."""
    cdef unsigned char c = p[0]
    if c < 0x80:
        return 1 if (c == 32 or 9 <= c <= 13 or 28 <= c <= 31) else 0
    if c == 0xc2:  # U+0085, U+00A0
        return 2 if left >= 2 and (p[1] == 0x85 or p[1] == 0xa0) else 0
    if left < 3:
        return 0
    if c == 0xe1:  # U+1680
        return 3 if p[1] == 0x9a and p[2] == 0x80 else 0
    if c == 0xe2:  # U+2000-U+200A, U+2028, U+2029, U+202F; U+205F
        if p[1] == 0x80 and (0x80 <= p[2] <= 0x8a or p[2] == 0xa8 or p[2] == 0xa9
                             or p[2] == 0xaf):
            return 3
        return 3 if p[1] == 0x81 and p[2] == 0x9f else 0
    if c == 0xe3:  # U+3000
        return 3 if p[1] == 0x80 and p[2] == 0x80 else 0
    return 0


cdef Py_ssize_t _link_text_chars(xmlNode* node) except -1:
    """The characters of ``node``'s own text and its children's tails, each stripped,
    as lxml reads them: a run of adjacent text nodes (left where a comment was
    dropped) is one text. Counted on the UTF-8 bytes (``len(text.strip())``)."""
    cdef xmlNode* child = node.children
    cdef Py_ssize_t total = 0
    cdef Py_ssize_t count = 0  # characters of the run from its first non-space one
    cdef Py_ssize_t pending = 0  # whitespace characters after its last non-space one
    while True:
        if child is not NULL and _is_text(child):
            if child.content is not NULL:
                _count_stripped(<const unsigned char*>child.content, &count, &pending)
        else:
            total += count
            count = pending = 0
            if child is NULL:
                return total
        child = child.next


cdef void _count_stripped(const unsigned char* p, Py_ssize_t* count, Py_ssize_t* pending):
    """Add a piece of UTF-8 text to the stripped length of its run (``count``: up to
    its last non-space character; ``pending``: whitespace after that)."""
    cdef Py_ssize_t left = strlen(<const char*>p)
    cdef Py_ssize_t k
    cdef unsigned char c
    while left > 0:
        k = _space_bytes(p, left)
        if k:
            if count[0]:
                pending[0] += 1
        else:
            c = p[0]
            k = 1 if c < 0xc0 else 2 if c < 0xe0 else 3 if c < 0xf0 else 4
            if k > left:
                k = left
            count[0] += pending[0] + 1
            pending[0] = 0
        p += k
        left -= k


cdef _attribute_pairs(Slot* table, xmlNode* node):
    """The ``(name, value)`` pairs of the node's markup attributes (no namespace)
    that are not quiet, in document order, or ``None`` when it has none."""
    cdef xmlAttr* attr = node.properties
    cdef xmlNode* child
    cdef int flags
    pairs = None
    while attr is not NULL:
        flags = _cached(table, <const char*>attr.name, True) if attr.ns is NULL else 0
        if flags & 1 and not (flags >> F_KIND_SHIFT and _quiet(attr, (flags >> F_KIND_SHIFT) - 1)):
            name = PyUnicode_DecodeUTF8(<const char*>attr.name, strlen(<const char*>attr.name), NULL)
            child = attr.children
            if child is not NULL and child.next is NULL and child.content is not NULL:
                value = PyUnicode_DecodeUTF8(  # the usual case: one text node
                    <const char*>child.content, strlen(<const char*>child.content), NULL)
            else:
                parts = []
                while child is not NULL:
                    if child.content is not NULL:
                        parts.append(PyUnicode_DecodeUTF8(
                            <const char*>child.content, strlen(<const char*>child.content), NULL))
                    child = child.next
                value = "".join(parts)
            if pairs is None:
                pairs = []
            pairs.append((name, value))
        attr = attr.next
    return pairs


cdef int _markup_key(Slot* table, xmlNode* node, Buffer* key) except -1:
    """Write into ``key`` (emptied first) the bytes of the pairs :func:`_attribute_pairs`
    makes, each name and value as its length and its UTF-8 bytes: two elements have
    the same key when their pairs are equal. Returns the number of pairs."""
    cdef xmlAttr* attr = node.properties
    cdef xmlNode* child
    cdef int flags
    cdef int pairs = 0
    cdef Py_ssize_t n, at
    key.size = 0
    while attr is not NULL:
        flags = _cached(table, <const char*>attr.name, True) if attr.ns is NULL else 0
        if flags & 1 and not (flags >> F_KIND_SHIFT and _quiet(attr, (flags >> F_KIND_SHIFT) - 1)):
            n = strlen(<const char*>attr.name)
            _append(key, <const char*>&n, sizeof(Py_ssize_t))
            _append(key, <const char*>attr.name, n)
            at = key.size  # the value's length, written once its parts are in
            n = 0
            _append(key, <const char*>&n, sizeof(Py_ssize_t))
            child = attr.children
            while child is not NULL:
                if child.content is not NULL:
                    _append(key, <const char*>child.content, strlen(<const char*>child.content))
                child = child.next
            n = key.size - at - <Py_ssize_t>sizeof(Py_ssize_t)
            memcpy(key.data + at, <const char*>&n, sizeof(Py_ssize_t))
            pairs += 1
        attr = attr.next
    return pairs


def key_pairs(bytes raw not None):
    """The ``(name, value)`` pairs of a set's key bytes, which the walk with ``codes``
    lists per distinct set instead of its pairs (see ``markup._hits``): each name
    and value as its length and its UTF-8 bytes (``_markup_key``)."""
    cdef const char* data = raw
    cdef Py_ssize_t size = len(raw), at = 0, n
    cdef list pairs = []
    while at < size:
        if at + <Py_ssize_t>sizeof(Py_ssize_t) > size:
            raise ValueError("not a key of the walk")
        memcpy(<char*>&n, data + at, sizeof(Py_ssize_t))
        at += sizeof(Py_ssize_t)
        if n < 0 or at + n + <Py_ssize_t>sizeof(Py_ssize_t) > size:
            raise ValueError("not a key of the walk")
        name = PyUnicode_DecodeUTF8(data + at, n, NULL)
        at += n
        memcpy(<char*>&n, data + at, sizeof(Py_ssize_t))
        at += sizeof(Py_ssize_t)
        if n < 0 or at + n > size:
            raise ValueError("not a key of the walk")
        value = PyUnicode_DecodeUTF8(data + at, n, NULL)
        at += n
        pairs.append((name, value))
    return tuple(pairs)


cdef inline bint _has_markup(Slot* table, xmlNode* node) except -1:
    cdef xmlAttr* attr = node.properties
    while attr is not NULL:
        if attr.ns is NULL and _cached(table, <const char*>attr.name, True) & 1:
            return True
        attr = attr.next
    return False


cdef inline bint _has_children(xmlNode* node):
    cdef xmlNode* child = node.children
    while child is not NULL:
        if _is_element_like(child):
            return True
        child = child.next
    return False


cdef inline bint _blank(Buffer* buf):
    """Whether the gathered text is only ASCII whitespace (and touch marks): the
    indentation between two block elements, most flushes of a page."""
    cdef Py_ssize_t i
    cdef unsigned char c
    for i in range(buf.size):
        c = <unsigned char>buf.data[i]
        if not (c == 32 or c == 0 or 9 <= c <= 13 or 28 <= c <= 31):
            return False
    return True


cdef Py_ssize_t _collapse(Buffer* buf):
    """``" ".join(text.split())`` of the buffer's UTF-8 text, in place: runs of
    whitespace made one space, none at the ends; returns the new length."""
    cdef const unsigned char* data = <const unsigned char*>buf.data
    cdef Py_ssize_t size = buf.size
    cdef Py_ssize_t r = 0
    cdef Py_ssize_t w = 0
    cdef Py_ssize_t k
    cdef bint gap = False
    while r < size:
        k = _space_bytes(data + r, size - r)
        if k:
            gap = True
            r += k
            continue
        if gap:
            if w:
                buf.data[w] = 32
                w += 1
            gap = False
        buf.data[w] = buf.data[r]
        w += 1
        r += 1
    return w


cdef object _flush(Buffer* buf, Py_ssize_t link_chars, _Document doc, xmlNode* owner,
                   int flags):
    """The block of the gathered text (emptied), owned by ``owner``: ``block_of`` in
    ``blocks.py``, step for step."""
    if _blank(buf):
        buf.size = 0
        return None
    cdef Py_ssize_t n
    if not flags & F_PRE and memchr(buf.data, 0, buf.size) is NULL:
        # No touch marks: ``" ".join(raw.split())`` done on the bytes (no list of
        # words), the text decoded once.
        n = _collapse(buf)
        buf.size = 0
        if n == 0:
            return None
        text = PyUnicode_DecodeUTF8(buf.data, n, NULL)
        return _block(doc, owner, flags, text, link_chars)
    raw = PyUnicode_DecodeUTF8(buf.data, buf.size, NULL)
    buf.size = 0
    if "\x00" in raw:
        raw = _TOUCHING.sub(" ", raw).replace("\x00", "")
    if flags & F_PRE:
        text = raw.strip("\n")
        if not text.strip():
            return None
    else:
        text = " ".join(raw.split())
        if not text:
            return None
    return _block(doc, owner, flags, text, link_chars)


cdef object _NO_SPAN = object()


cdef class NodeSpans:
    """The block range ``[first, end)`` of every block-level element of a walk, by
    element: a read-only mapping like ``dict[_Element, tuple[int, int]]`` (``get``,
    ``[]``, ``in``, ``len``, iteration and ``items()`` in walk order), which the
    compiled walk fills instead of a dict.

    Why: a dict keyed by element holds a proxy and a tuple per block-level element
    (hundreds per page) for as long as the page is worked on, and each is an object
    Python's garbage collector tracks; a page that holds many such objects sets off
    collections, and the long ones scan the whole process. Here the keys are
    libxml2 node addresses and the values ``first << 32 | end``: plain ints, nothing
    to track. A proxy or a tuple is made only when asked for.

    The addresses stay valid while the tree is not changed (cleantext never changes
    it); the mapping keeps the document alive.
    """

    cdef readonly dict table  # node address -> first << 32 | end, in walk order
    cdef readonly object document  # the walked tree's _Document (kept alive)

    def __cinit__(self, _Element root not None):
        self.table = {}
        self.document = root._doc

    cdef object _key(self, node):
        if isinstance(node, _Element) and (<_Element>node)._doc is self.document:
            return <uintptr_t>(<_Element>node)._c_node
        return None

    def element(self, address):
        """The element at ``address`` (a key of :attr:`table`)."""
        return elementFactory(<_Document>self.document, <xmlNode*><uintptr_t>address)

    def get(self, node, default=None):
        value = self.table.get(self._key(node), _NO_SPAN)
        if value is _NO_SPAN:
            return default
        return _unpack(value)

    def __getitem__(self, node):
        value = self.table.get(self._key(node), _NO_SPAN)
        if value is _NO_SPAN:
            raise KeyError(node)
        return _unpack(value)

    def __contains__(self, node):
        return self._key(node) in self.table

    def __len__(self):
        return len(self.table)

    def __iter__(self):
        cdef _Document doc = <_Document>self.document
        for address in self.table:
            yield elementFactory(doc, <xmlNode*><uintptr_t>address)

    def keys(self):
        return list(self)

    def values(self):
        return [_unpack(value) for value in self.table.values()]

    def items(self):
        cdef _Document doc = <_Document>self.document
        for address, value in self.table.items():
            yield elementFactory(doc, <xmlNode*><uintptr_t>address), _unpack(value)

    def __repr__(self):
        return f"NodeSpans({len(self.table)} elements)"


cdef class NodeAddresses:
    """The elements a walk lists as ``marked``, kept as libxml2 node addresses: a
    read-only sequence of elements (``len``, ``[i]``, iteration), which the compiled
    walk fills instead of a list of proxies, for the reason ``NodeSpans`` gives.
    The markup judging reads :attr:`addresses` and makes proxies only for the
    elements a judge flags (:meth:`elements`)."""

    cdef readonly list addresses  # node addresses, in document order
    cdef readonly object document  # the walked tree's _Document (kept alive)

    def __cinit__(self, _Element root not None):
        self.addresses = []
        self.document = root._doc

    def elements(self, list addresses):
        """The elements at these addresses (some of :attr:`addresses`)."""
        cdef _Document doc = <_Document>self.document
        return [elementFactory(doc, <xmlNode*><uintptr_t>address) for address in addresses]

    def __len__(self):
        return len(self.addresses)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self.elements(self.addresses[index])
        return elementFactory(<_Document>self.document,
                              <xmlNode*><uintptr_t>self.addresses[index])

    def __iter__(self):
        cdef _Document doc = <_Document>self.document
        for address in self.addresses:
            yield elementFactory(doc, <xmlNode*><uintptr_t>address)

    def __repr__(self):
        return f"NodeAddresses({len(self.addresses)} elements)"


cdef inline int _mark(object marked, _Document doc, xmlNode* node) except -1:
    """List ``node`` in ``marked``: its address in a ``NodeAddresses``, else a proxy."""
    if type(marked) is NodeAddresses:
        (<NodeAddresses>marked).addresses.append(<uintptr_t>node)
    else:
        marked.append(elementFactory(doc, node))
    return 0


cdef inline tuple _unpack(object value):
    cdef unsigned long long packed = value
    return (<Py_ssize_t>(packed >> 32), <Py_ssize_t>(packed & 0xFFFFFFFFULL))


@cython.no_gc
@cython.final
cdef class Block:
    """A block of the compiled walk: ``blocks.TextBlock``'s fields and
    ``link_density``, read-only, in an object Python's garbage collector does not
    track, whose owner element gets a proxy only when ``node`` is read.

    Why: a page has hundreds of blocks, alive while the page is worked on, and each
    tracked object (a block, a proxy) counts towards the collections a page sets
    off (see ``NodeSpans``). A block refers only to its document and to strings,
    never back to itself, so no reference cycle can pass through it; it keeps the
    document alive, so its owner's address stays valid.
    """

    cdef object document  # the owner's _Document, or None (no owner)
    cdef xmlNode* owner
    cdef readonly str text
    cdef readonly Py_ssize_t link_chars
    cdef readonly str kind

    def __init__(self, node, str text, Py_ssize_t link_chars, str kind):
        if node is not None:
            self.document = (<_Element?>node)._doc
            self.owner = (<_Element>node)._c_node
        self.text = text
        self.link_chars = link_chars
        self.kind = kind

    @property
    def node(self):
        """The block's owner: the nearest block-level element around it."""
        if self.owner is NULL:
            return None
        return elementFactory(<_Document>self.document, self.owner)

    @property
    def link_density(self):
        return min(1.0, self.link_chars / len(self.text)) if self.text else 0.0

    def __eq__(self, other):
        if not isinstance(other, Block):
            return NotImplemented
        cdef Block that = <Block>other
        return (self.owner == that.owner and self.document is that.document
                and self.text == that.text and self.link_chars == that.link_chars
                and self.kind == that.kind)

    __hash__ = None

    def __repr__(self):
        return (f"Block(node={self.node!r}, text={self.text!r}, "
                f"link_chars={self.link_chars!r}, kind={self.kind!r})")

    def __reduce__(self):
        return (Block, (self.node, self.text, self.link_chars, self.kind))


cdef object _block(_Document doc, xmlNode* owner, int flags, str text, Py_ssize_t link_chars):
    """A block of this text, owned by ``owner``."""
    cdef Block block = Block.__new__(Block)
    block.document = doc
    block.owner = owner
    block.text = text
    block.link_chars = link_chars
    block.kind = _KINDS[flags >> F_KIND_SHIFT]
    return block


def walk(_Element root not None, removed=(), spans=None, bint separate=False,
         marked=None, markup=None, tagged=None, codes=None):
    """The blocks of ``iter_blocks(root, removed, spans, separate, marked, markup,
    tagged, codes)``, as a list; same arguments, same results."""
    cdef Slot* table = <Slot*>malloc(TABLE_SIZE * sizeof(Slot))
    cdef Buffer buf
    cdef Buffer key
    cdef Owners owners
    if table is NULL:
        raise MemoryError()
    cdef Py_ssize_t i
    for i in range(TABLE_SIZE):
        table[i].name = NULL
        table[i].flags = 0
        table[i].attribute = False
    buf.data = NULL
    buf.size = 0
    buf.capacity = 0
    key.data = NULL
    key.size = 0
    key.capacity = 0
    owners.items = NULL
    owners.size = 0
    owners.capacity = 0
    if codes is not None and markup is None:
        raise ValueError("codes are given with markup")
    try:
        return _walk(root, table, &buf, &key, &owners, removed, spans, separate, marked,
                     markup, tagged, codes)
    finally:
        free(owners.items)
        free(table)
        free(buf.data)
        free(key.data)


cdef struct Owner:
    xmlNode* node
    Py_ssize_t start


cdef struct Owners:
    Owner* items
    Py_ssize_t size
    Py_ssize_t capacity


cdef int _push(Owners* owners, xmlNode* node, Py_ssize_t start) except -1:
    cdef Owner* grown
    if owners.size == owners.capacity:
        owners.capacity = owners.capacity * 2 if owners.capacity else 64
        grown = <Owner*>realloc(owners.items, owners.capacity * sizeof(Owner))
        if grown is NULL:
            raise MemoryError()
        owners.items = grown
    owners.items[owners.size].node = node
    owners.items[owners.size].start = start
    owners.size += 1
    return 0


cdef list _walk(_Element root, Slot* table, Buffer* buf, Buffer* key, Owners* owners,
                removed, spans, bint separate, marked, markup, tagged, codes):
    """The walk of :func:`walk`; ``owners`` (empty) is the stack of the block-level
    ancestors of the node, each with the block count at its start."""
    cdef _Document doc = root._doc
    cdef xmlNode* top = root._c_node
    cdef xmlNode* node = top
    cdef xmlNode* child
    cdef xmlNode* owner
    cdef int flags
    cdef int links = 0
    cdef Py_ssize_t link_chars = 0
    cdef Py_ssize_t count = 0
    cdef bint touching = False
    cdef bint descend
    cdef bint check_removed = bool(removed)
    cdef bint want_spans = spans is not None
    cdef bint want_marked = marked is not None
    cdef bint want_tagged = tagged is not None
    cdef list blocks = []
    cdef dict numbers = {}  # with codes: the number of each distinct set, by its key
    cdef int found
    owner = top
    if top.type != XML_ELEMENT_NODE:
        return blocks
    indexed_args = tuple(_INDEXED)
    # Enter nodes in document order: on entry an element opens, after its last child
    # it closes; text nodes are read on entry.
    while True:
        descend = False
        if _is_text(node):
            if node.content is not NULL and node.content[0] != 0:
                _append(buf, <const char*>node.content, strlen(<const char*>node.content))
                touching = False
        elif node.type == XML_ELEMENT_NODE:
            flags = _flags(table, node)
            if (flags & F_INVISIBLE) or (
                check_removed and node is not top and node._private is not NULL
                and <object>node._private in removed
            ):
                if want_tagged and _has_children(node):
                    proxy = elementFactory(doc, node)
                    if next(proxy.iter(*indexed_args), None) is not None:
                        tagged.append(("", proxy))
            else:
                if want_tagged and flags & F_INDEXED:
                    # Its tag is its name (an indexed tag is in no namespace).
                    tagged.append((
                        PyUnicode_DecodeUTF8(<const char*>node.name,
                                             strlen(<const char*>node.name), NULL),
                        elementFactory(doc, node),
                    ))
                if want_marked and node.properties is not NULL and _has_markup(table, node):
                    if markup is None:
                        _mark(marked, doc, node)
                    elif codes is not None:
                        found = _markup_key(table, node, key)
                        if found or not _QUIET_UNMARKED:
                            raw = PyBytes_FromStringAndSize(key.data, key.size)
                            number = numbers.get(raw)
                            if number is None:
                                number = numbers[raw] = len(markup)
                                markup.append(raw)
                            _mark(marked, doc, node)
                            codes.append(number)
                    else:
                        pairs = _attribute_pairs(table, node)
                        if pairs is not None or not _QUIET_UNMARKED:
                            _mark(marked, doc, node)
                            markup.append(() if pairs is None else tuple(pairs))
                if flags & F_BLOCK:
                    if buf.size:
                        block = _flush(buf, link_chars, doc, owner, _flags(table, owner))
                        link_chars = 0
                        if block is not None:
                            count += 1
                            blocks.append(block)
                    _push(owners, owner, count)
                    owner = node
                else:
                    if touching and separate:
                        _append(buf, b"\x00", 1)
                    if flags & F_LINK:
                        links += 1
                touching = False
                if links:
                    link_chars += _link_text_chars(node)
                descend = node.children is not NULL
                if not descend:
                    touching = _close(table, node, flags, buf, &link_chars, &links, &count, doc,
                                      &owner, owners, blocks, spans, want_spans, touching)
        # else: a comment, processing instruction or entity: skipped, text after it read
        if descend:
            node = node.children
            continue
        # Move on: to the next sibling, or close parents until one has a next sibling.
        while True:
            if node is top:
                if buf.size:
                    block = _flush(buf, link_chars, doc, owner, _flags(table, owner))
                    if block is not None:
                        blocks.append(block)
                return blocks
            if node.next is not NULL:
                node = node.next
                break
            node = node.parent
            flags = _flags(table, node)
            touching = _close(table, node, flags, buf, &link_chars, &links, &count, doc, &owner,
                              owners, blocks, spans, want_spans, touching)


cdef int _close(Slot* table, xmlNode* node, int flags, Buffer* buf, Py_ssize_t* link_chars, int* links,
                Py_ssize_t* count, _Document doc, xmlNode** owner, Owners* owners, list blocks,
                spans, bint want_spans, bint touching) except -1:
    """Close a visible element (its children are done); returns the new ``touching``."""
    cdef Py_ssize_t start
    if flags & F_BLOCK:
        if buf.size:
            block = _flush(buf, link_chars[0], doc, owner[0], _flags(table, owner[0]))
            link_chars[0] = 0
            if block is not None:
                count[0] += 1
                blocks.append(block)
        owners.size -= 1
        start = owners.items[owners.size].start
        owner[0] = owners.items[owners.size].node
        if want_spans:
            if type(spans) is NodeSpans:
                (<NodeSpans>spans).table[<uintptr_t>node] = (
                    (<unsigned long long>start << 32) | <unsigned long long>count[0])
            else:
                spans[elementFactory(doc, node)] = (start, count[0])
        return 0
    if flags & F_LINK:
        links[0] -= 1
    return 1



cdef inline xmlNode* _first_element(xmlNode* node):
    while node is not NULL and node.type != XML_ELEMENT_NODE:
        node = node.next
    return node


cdef xmlNode* _next_element(xmlNode* node, xmlNode* top, Py_ssize_t* depth):
    """The element after ``node`` in document order under ``top`` (``NULL`` at the
    end), ``depth`` updated: a pointer walk, no proxies, no recursion."""
    cdef xmlNode* child = _first_element(node.children)
    if child is not NULL:
        depth[0] += 1
        return child
    while node is not top:
        child = _first_element(node.next)
        if child is not NULL:
            return child
        node = node.parent
        depth[0] -= 1
    return NULL


def max_depth(_Element root not None, Py_ssize_t stop):
    """The depth of the deepest element under ``root`` (``root`` is 1; comments and
    other nodes do not count, as in XPath's ``*``), or the first depth past ``stop``."""
    cdef xmlNode* top = root._c_node
    cdef xmlNode* node = top
    cdef Py_ssize_t depth = 1
    cdef Py_ssize_t deepest = 1
    if top.type != XML_ELEMENT_NODE:
        return 0
    while node is not NULL:
        if depth > deepest:
            deepest = depth
            if deepest > stop:
                break
        node = _next_element(node, top, &depth)
    return deepest


def has_element(_Element root not None, bytes name):
    """Whether an element named ``name`` (no namespace) lies under ``root`` (itself
    included)."""
    cdef xmlNode* top = root._c_node
    cdef xmlNode* node = top
    cdef Py_ssize_t depth = 1
    cdef const char* wanted = name
    if top.type != XML_ELEMENT_NODE:
        return False
    while node is not NULL:
        if node.ns is NULL and strcmp(<const char*>node.name, wanted) == 0:
            return True
        node = _next_element(node, top, &depth)
    return False


cdef inline bint _ascii_alnum(Py_UCS4 c):
    return (c >= 48 and c <= 57) or (c >= 65 and c <= 90) or (c >= 97 and c <= 122)


def ascii_chunk_category(str chunk, dict table):
    """``tokens._ascii_chunk_category`` compiled: the first of the ASCII ``chunk``'s
    parts (runs of letters and digits, also cut where a capital follows a small
    letter), lower-cased, then of their joined neighbour pairs, that ``table`` holds,
    as ``(category, token)``; ``None`` when none."""
    cdef Py_ssize_t n = len(chunk)
    cdef Py_ssize_t i, start = -1
    cdef Py_UCS4 c, prev = 0
    cdef str lower = chunk.lower()
    cdef list parts = []
    cdef object category
    for i in range(n):
        c = chunk[i]
        if not _ascii_alnum(c):
            if start >= 0:
                parts.append(lower[start:i])
                start = -1
        elif start < 0:
            start = i
        elif 65 <= c <= 90 and 97 <= prev <= 122:  # a capital after a small letter
            parts.append(lower[start:i])
            start = i
        prev = c
    if start >= 0:
        parts.append(lower if start == 0 else lower[start:])
    for token in parts:
        category = table.get(token)
        if category is not None:
            return (category, token)
    for i in range(1, len(parts)):
        token = parts[i - 1] + parts[i]
        category = table.get(token)
        if category is not None:
            return (category, token)
    return None


def flagged_by_judge(list marked, list codes, list verdicts, Py_ssize_t count):
    """Per judge's slot (``count`` of them), the marked elements it flags and its
    verdicts on them, as two lists in order: ``verdicts[codes[i]]`` are the judges'
    verdicts on ``marked[i]`` (``None``: no judge flags it).
    ``markup._flagged_by_judge``, compiled."""
    cdef list out = [([], []) for _ in range(count)]
    cdef Py_ssize_t i, slot, n = len(marked)
    cdef tuple said
    if len(codes) != n:
        raise ValueError("one code per marked element")
    cdef Py_ssize_t code, size = len(verdicts)
    for i in range(n):
        code = codes[i]
        if not 0 <= code < size:
            raise IndexError("a code names no verdicts")
        found = verdicts[code]
        if found is None:
            continue
        said = found
        if len(said) != count:
            raise ValueError("one verdict per judge")
        node = marked[i]
        for slot in range(count):
            found = said[slot]
            if found is not None:
                columns = <tuple>out[slot]
                (<list>columns[0]).append(node)
                (<list>columns[1]).append(found)
    return out


def cached_verdicts(list keys, dict cache, list missing):
    """Per key the verdicts ``cache`` holds for it, or :data:`ASK` for a key it lacks
    (appended to ``missing``, each once); see :func:`fill_verdicts`."""
    cdef Py_ssize_t i, n = len(keys)
    cdef list out = [None] * n
    cdef PyObject* found
    cdef dict asked = None
    for i in range(n):
        key = keys[i]
        found = PyDict_GetItemWithError(cache, key)  # raises when hashing fails
        if found is NULL:
            out[i] = _ASK
            if asked is None:
                asked = {}
            if key not in asked:
                asked[key] = None
                missing.append(key)
        else:
            out[i] = <object>found
    return out


def fill_verdicts(list keys, list verdicts, dict cache):
    """Put ``cache``'s verdicts on the keys :func:`cached_verdicts` marked missing in
    ``verdicts``, now that they are judged."""
    cdef Py_ssize_t i
    if len(verdicts) != len(keys):
        raise ValueError("one verdict per key")
    for i in range(len(keys)):
        if verdicts[i] is _ASK:
            verdicts[i] = cache[keys[i]]


def first_named_outside(list keys, names):
    """The index of the first key (a set of ``(name, value)`` pairs) with a name not in
    ``names``, or -1."""
    cdef Py_ssize_t i
    for i in range(len(keys)):
        for name, _ in <tuple?>keys[i]:
            if name not in names:
                return i
    return -1


cdef inline bint _ascii_space(unsigned char c):
    """Whether ``str.split()`` cuts at this ASCII byte."""
    return c == 32 or 9 <= c <= 13 or 28 <= c <= 31


cdef inline bint _byte_alnum(unsigned char c):
    return (48 <= c <= 57) or (65 <= c <= 90) or (97 <= c <= 122)


cdef inline unsigned long long _fnv(
    const unsigned char* p, Py_ssize_t n, unsigned long long h
) noexcept:
    cdef Py_ssize_t i
    for i in range(n):
        h = (h ^ p[i]) * 1099511628211ULL
    return h


cdef unsigned long long _FNV_START = 14695981039346656037ULL


cdef class TokenTable:
    """Words, each with a result, looked up by bytes without making Python strings:
    a part of a value, or two neighbour parts joined (see :func:`_chunk_word`)."""

    cdef Py_ssize_t* _slots  # per hash slot: 1 + the word's number, 0 when free
    cdef unsigned long long* _hashes  # per hash slot: its word's hash
    cdef Py_ssize_t _mask
    cdef bytes _text  # the words, one after the other
    cdef Py_ssize_t* _starts  # per word its start in _text, and the end of the last
    #: The results, by word number.
    cdef readonly list results
    cdef readonly Py_ssize_t longest

    def __cinit__(self):
        self._slots = NULL
        self._hashes = NULL
        self._starts = NULL

    def __init__(self, table):
        """``table``: ``{word: result}``; words that are not ASCII never equal an
        ASCII part, and are left out."""
        cdef Py_ssize_t size = 8, count, word, i, n
        cdef unsigned long long h
        cdef const unsigned char* text
        words = [w for w in table if isinstance(w, str) and w and (<str>w).isascii()]
        count = len(words)
        while size < 2 * count + 2:
            size *= 2
        free(self._slots)
        free(self._hashes)
        free(self._starts)
        self._slots = <Py_ssize_t*>calloc(size, sizeof(Py_ssize_t))
        self._hashes = <unsigned long long*>calloc(size, sizeof(unsigned long long))
        self._starts = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
        if self._slots is NULL or self._hashes is NULL or self._starts is NULL:
            raise MemoryError()
        self._mask = size - 1
        self._text = "".join(words).encode("ascii")
        self.results = [table[w] for w in words]
        self.longest = 0
        text = <const unsigned char*><const char*>self._text
        self._starts[0] = 0
        for word in range(count):
            n = len(<str>words[word])
            self._starts[word + 1] = self._starts[word] + n
            self.longest = max(self.longest, n)
            h = _fnv(text + self._starts[word], n, _FNV_START)
            i = h & self._mask
            while self._slots[i]:
                i = (i + 1) & self._mask
            self._slots[i] = word + 1
            self._hashes[i] = h

    def __dealloc__(self):
        free(self._slots)
        free(self._hashes)
        free(self._starts)

    cdef Py_ssize_t find(
        self, const unsigned char* a, Py_ssize_t na, const unsigned char* b, Py_ssize_t nb
    ) noexcept:
        """The number of the word that is ``a`` followed by ``b``, or -1."""
        cdef Py_ssize_t n = na + nb, i, j, word, start
        cdef unsigned long long h
        cdef const unsigned char* w
        if n == 0 or n > self.longest:
            return -1
        h = _fnv(b, nb, _fnv(a, na, _FNV_START))
        i = h & self._mask
        while True:
            word = self._slots[i] - 1
            if word < 0:
                return -1
            start = self._starts[word]
            if self._hashes[i] == h and self._starts[word + 1] - start == n:
                w = <const unsigned char*><const char*>self._text + start
                for j in range(na):
                    if w[j] != a[j]:
                        break
                else:
                    for j in range(nb):
                        if w[na + j] != b[j]:
                            break
                    else:
                        return word
            i = (i + 1) & self._mask

    def chunk_result(self, str chunk, bint joined=False):
        """The result of the first word among an ASCII ``chunk``'s tokens (see
        :func:`_chunk_word`), or ``None`` (for the tests)."""
        cdef bytes raw = chunk.encode("ascii")
        cdef Py_ssize_t word = _chunk_word(self, <const unsigned char*><const char*>raw,
                                           len(raw), joined)
        return None if word < 0 else self.results[word]

    def value_result(self, str value, bint joined=False):
        """The result of :func:`_value_word` on an ASCII ``value``, or ``None``."""
        if not PyUnicode_IS_ASCII(value):
            raise ValueError("not an ASCII value")
        cdef Py_ssize_t word = _value_word(self, value, joined)
        return None if word < 0 else self.results[word]


cdef Py_ssize_t _chunk_word(
    TokenTable table, const unsigned char* chunk, Py_ssize_t n, bint joined
) except -2:
    """The number of the first of ``table``'s words among an ASCII chunk's parts (runs
    of letters and digits, also cut where a capital follows a small letter;
    lower-cased), then among their joined neighbour pairs — the order of
    :func:`ascii_chunk_category` and ``tokens.tokens_of`` —, or -1. ``joined``: the
    chunk's hyphens and underscores are dropped first (``sr-only`` is one part)."""
    cdef unsigned char low_small[128]
    cdef Py_ssize_t bounds_small[256]
    cdef unsigned char* low = low_small
    cdef Py_ssize_t* bounds = bounds_small
    cdef Py_ssize_t i, m = 0, parts = 0, start = -1, word
    cdef unsigned char c, prev = 0
    if n > 128:
        low = <unsigned char*>malloc(n)
        bounds = <Py_ssize_t*>malloc(2 * n * sizeof(Py_ssize_t))
        if low is NULL or bounds is NULL:
            free(low)
            free(bounds)
            raise MemoryError()
    try:
        for i in range(n):
            c = chunk[i]
            if joined and (c == 45 or c == 95):  # - _
                continue
            if not _byte_alnum(c):
                if start >= 0:
                    bounds[2 * parts] = start
                    bounds[2 * parts + 1] = m
                    parts += 1
                    start = -1
            elif start < 0:
                start = m
            elif 65 <= c <= 90 and 97 <= prev <= 122:  # a capital after a small letter
                bounds[2 * parts] = start
                bounds[2 * parts + 1] = m
                parts += 1
                start = m
            low[m] = c + 32 if 65 <= c <= 90 else c
            m += 1
            prev = c
        if start >= 0:
            bounds[2 * parts] = start
            bounds[2 * parts + 1] = m
            parts += 1
        for i in range(parts):
            word = table.find(low + bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i], NULL, 0)
            if word >= 0:
                return word
        for i in range(1, parts):
            word = table.find(
                low + bounds[2 * i - 2], bounds[2 * i - 1] - bounds[2 * i - 2],
                low + bounds[2 * i], bounds[2 * i + 1] - bounds[2 * i],
            )
            if word >= 0:
                return word
        return -1
    finally:
        if low is not low_small:
            free(low)
            free(bounds)


cdef Py_ssize_t _value_word(TokenTable table, str value, bint joined) except -2:
    """:func:`_chunk_word` of the first chunk (as ``str.split()`` cuts them) of an
    ASCII ``value`` that has one of ``table``'s words, or -1."""
    cdef const unsigned char* p = PyUnicode_1BYTE_DATA(value)
    cdef Py_ssize_t n = PyUnicode_GET_LENGTH(value), i = 0, start, word
    while i < n:
        while i < n and _ascii_space(p[i]):
            i += 1
        start = i
        while i < n and not _ascii_space(p[i]):
            i += 1
        if i > start:
            word = _chunk_word(table, p + start, i - start, joined)
            if word >= 0:
                return word
    return -1


cdef class Pieces:
    """Pieces of text (ASCII) to look for in ASCII values (see :meth:`found_in`)."""

    cdef bytes _text  # the pieces, one after the other
    cdef Py_ssize_t* _starts  # per piece its start in _text, and the end of the last
    cdef Py_ssize_t* _next  # per piece, the next one with the same first byte, or -1
    cdef Py_ssize_t _head[256]  # per byte, the first piece that starts with it, or -1
    cdef bint _empty  # whether a piece is empty (in every value)

    def __cinit__(self):
        self._starts = NULL
        self._next = NULL

    def __init__(self, pieces):
        cdef Py_ssize_t count, k, c
        cdef list kept = [p for p in pieces if p.isascii()]  # others are in no ASCII value
        count = len(kept)
        free(self._starts)
        free(self._next)
        self._starts = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
        self._next = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
        if self._starts is NULL or self._next is NULL:
            raise MemoryError()
        self._text = "".join(kept).encode("ascii")
        self._empty = False
        for c in range(256):
            self._head[c] = -1
        self._starts[0] = 0
        for k in range(count):
            self._starts[k + 1] = self._starts[k] + len(<str>kept[k])
        for k in range(count - 1, -1, -1):  # each chain in the pieces' order
            if self._starts[k + 1] == self._starts[k]:
                self._empty = True
                continue
            c = (<const unsigned char*><const char*>self._text)[self._starts[k]]
            self._next[k] = self._head[c]
            self._head[c] = k

    def __dealloc__(self):
        free(self._starts)
        free(self._next)

    cdef bint found_in(self, str value, bint fold) noexcept:
        """Whether one of the pieces is a piece of the ASCII ``value`` (lower-cased
        first when ``fold``)."""
        cdef const unsigned char* p = PyUnicode_1BYTE_DATA(value)
        cdef const unsigned char* text = <const unsigned char*><const char*>self._text
        cdef const unsigned char* q
        cdef Py_ssize_t n = PyUnicode_GET_LENGTH(value), i, j, k, size
        cdef unsigned char c
        if self._empty:
            return True
        for i in range(n):
            c = p[i]
            if fold and 65 <= c <= 90:
                c += 32
            k = self._head[c]
            while k >= 0:
                q = text + self._starts[k]
                size = self._starts[k + 1] - self._starts[k]
                if size <= n - i:
                    for j in range(1, size):
                        c = p[i + j]
                        if fold and 65 <= c <= 90:
                            c += 32
                        if c != q[j]:
                            break
                    else:
                        return True
                k = self._next[k]
        return False

    def __contains__(self, str value):
        """Whether a piece is in the ASCII ``value`` as written (for the tests)."""
        if not PyUnicode_IS_ASCII(value):
            raise ValueError("not an ASCII value")
        return self.found_in(value, False)


cdef dict _TOKEN_VALUES = {}
cdef dict _TOKEN_CHUNKS = {}
cdef dict _TOKEN_TABLE = {}
cdef TokenTable _TOKENS = TokenTable({})
cdef object _TOKEN_OTHER = None
cdef Py_ssize_t _TOKEN_CACHE_SIZE = 0


def configure_tokens(dict values, dict chunks, dict table, other, Py_ssize_t size):
    """Take ``tokens.py``'s caches (of whole values and of chunks), its table of
    boilerplate tokens, its ``_chunk_category`` (for chunks that are not ASCII) and
    the caches' size limit, for :func:`match_category`."""
    global _TOKEN_VALUES, _TOKEN_CHUNKS, _TOKEN_TABLE, _TOKEN_OTHER, _TOKEN_CACHE_SIZE, _TOKENS
    _TOKEN_VALUES, _TOKEN_CHUNKS, _TOKEN_TABLE = values, chunks, table
    _TOKEN_OTHER, _TOKEN_CACHE_SIZE = other, size
    _TOKENS = TokenTable({token: (category, token) for token, category in table.items()})


def match_category(str value):
    """``tokens.match_category_python`` compiled, with the same cache of values (an
    ASCII value is matched in C, without the cache of chunks)."""
    found = _TOKEN_VALUES.get(value, _TOKEN_VALUES)
    if found is not _TOKEN_VALUES:
        return found
    found = _match(value)
    if len(_TOKEN_VALUES) >= _TOKEN_CACHE_SIZE:
        _TOKEN_VALUES.clear()
    _TOKEN_VALUES[value] = found
    return found


cdef object _match(str value):
    """:func:`match_category` without its cache of values: ``(category, token)`` of
    the first boilerplate token in ``value``, or ``None``."""
    cdef Py_ssize_t word
    if PyUnicode_IS_ASCII(value):
        word = _value_word(_TOKENS, value, False)
        return None if word < 0 else _TOKENS.results[word]
    found = None
    for chunk in value.split():
        found = _TOKEN_CHUNKS.get(chunk, _TOKEN_CHUNKS)
        if found is _TOKEN_CHUNKS:  # a new chunk
            if (<str>chunk).isascii():
                found = ascii_chunk_category(chunk, _TOKEN_TABLE)
                if len(_TOKEN_CHUNKS) >= _TOKEN_CACHE_SIZE:
                    _TOKEN_CHUNKS.clear()
                _TOKEN_CHUNKS[chunk] = found
            else:
                found = _TOKEN_OTHER(chunk)
        if found is not None:
            break
    return found


# The built-in judges compiled (see ``CompiledJudge``): each rule module makes its
# twin with its own data, and ``tests/test_compiled_judges.py`` compares them.


cdef class BoilerplateJudge(CompiledJudge):
    """The judge of ``boilerplate-containers`` (``_verdict`` in
    ``rules/html_boilerplate.py``) on sets whose ``class``, ``id`` and ``aria-label``
    values are ASCII and without ``role`` (it leaves the others to the judge): the
    reason made by ``reason(attr, (category, token))`` for the first of the
    ``tokens`` (``{token: category}``) in the class, else the id, else the
    aria-label (as ``tokens.match_category`` finds them), unless the class or id
    holds one of the content ``marks`` once lower-cased; and whether the reason
    starts with ``comments`` and a word of the id or class is one of the
    ``threads``."""

    cdef TokenTable tokens
    cdef Pieces marks
    cdef str comments
    cdef frozenset threads
    cdef object reason
    #: Per attribute (class, id, aria-label) and token: ``(reason, False)``, made once.
    cdef list said

    def __init__(self, tokens, marks, str comments, threads, reason):
        self.tokens = TokenTable({token: (category, token) for token, category in tokens.items()})
        self.marks = Pieces(marks)
        self.comments = comments
        self.threads = frozenset(threads)
        self.reason = reason
        self.said = [None] * (3 * len(self.tokens.results))

    cdef object verdict(self, tuple pairs):
        cdef str klass = None, ident = None, label = None
        cdef Py_ssize_t word = -1, attr = 0, at
        cdef tuple said
        for pair in pairs:
            name = (<tuple>pair)[0]
            if name == "class":
                klass = (<tuple>pair)[1]
            elif name == "id":
                ident = (<tuple>pair)[1]
            elif name == "aria-label":
                label = (<tuple>pair)[1]
            elif name == "role":
                return _ASK
        if ((klass is not None and not PyUnicode_IS_ASCII(klass))
                or (ident is not None and not PyUnicode_IS_ASCII(ident))
                or (label is not None and not PyUnicode_IS_ASCII(label))):
            return _ASK
        if klass:
            word = _value_word(self.tokens, klass, False)
        if word < 0 and ident:
            word, attr = _value_word(self.tokens, ident, False), 1
        if word < 0 and label:
            word, attr = _value_word(self.tokens, label, False), 2
        if word < 0:
            return None
        if klass and self.marks.found_in(klass, True):
            return None
        if ident and self.marks.found_in(ident, True):
            return None
        at = attr * len(self.tokens.results) + word
        said = self.said[at]
        if said is None:
            reason = self.reason(("class", "id", "aria-label")[attr], self.tokens.results[word])
            said = self.said[at] = (reason, False)
        if (<str>said[0]).startswith(self.comments) and (
            self._thread(ident) or self._thread(klass)
        ):
            return (said[0], True)
        return said

    cdef bint _thread(self, str value) except -1:
        if not value:
            return False
        for word in value.lower().split():
            if word in self.threads:
                return True
        return False


cdef class HiddenJudge(CompiledJudge):
    """The judge of ``hidden-elements`` (``_hidden_pairs`` in ``rules/html_hidden.py``)
    on sets of ``class`` and ``id`` pairs with ASCII values (it leaves the others to
    the judge): ``said(attr, value)`` for the class, else the id, when a word of it
    (hyphens and underscores dropped, cut as ``tokens.tokens_of`` cuts) is one of the
    hidden ``tokens``."""

    cdef TokenTable tokens
    cdef object said

    def __init__(self, tokens, said):
        self.tokens = TokenTable(dict.fromkeys(tokens, True))
        self.said = said

    cdef object verdict(self, tuple pairs):
        cdef str klass = None, ident = None, value
        for pair in pairs:
            name = (<tuple>pair)[0]
            value = (<tuple>pair)[1]
            if not PyUnicode_IS_ASCII(value):
                return _ASK
            if name == "class":
                klass = value
            elif name == "id":
                ident = value
            else:
                return _ASK
        if klass and _value_word(self.tokens, klass, True) >= 0:
            return self.said("class", klass)
        if ident and _value_word(self.tokens, ident, True) >= 0:
            return self.said("id", ident)
        return None


cdef class HintJudge(CompiledJudge):
    """The judge of the main-content hints (``_hint`` in ``rules/main_content.py``) on
    sets whose ``class`` value is ASCII (it leaves the others to the judge): whether
    ``itemprop`` is ``articleBody`` and whether the class holds one of the body
    ``classes`` (as written), or ``None`` for neither."""

    cdef Pieces classes
    cdef tuple answers

    def __init__(self, classes):
        self.classes = Pieces(classes)
        self.answers = ((True, False), (False, True), (True, True))

    cdef object verdict(self, tuple pairs):
        cdef bint itemprop = False, body = False
        cdef str value
        for pair in pairs:
            name = (<tuple>pair)[0]
            value = (<tuple>pair)[1]
            if name == "itemprop":
                itemprop = value.lower() == "articlebody"
            elif name == "class":
                if not PyUnicode_IS_ASCII(value):
                    return _ASK
                body = self.classes.found_in(value, False)
        if itemprop or body:
            return self.answers[itemprop + 2 * body - 1]
        return None
