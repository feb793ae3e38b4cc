# cython: language_level=3, boundscheck=False, wraparound=False
"""The page walk of :func:`cleantext.html.blocks.iter_blocks`, compiled.

The same walk as the pure-Python ``_iter_blocks`` in ``blocks.py``, item for item
(``tests/test_walk_native.py`` checks that on every fixture page and on generated
trees), but over libxml2's nodes directly, through lxml's public C API: an element
gets a Python proxy only when the walk hands it out (the owner of a block, a
block-level element's span, a marked or indexed element); tags are classified once
per interned name; text is gathered as UTF-8 and decoded once per block. The
Python walk spends most of its time creating a proxy, a tag string and a text
string for every node, which is why this one exists.

The module also holds the judges' hot loops, which the walk's owner automaton
serves: ``pair_masks``, the one-pair loop of ``markup._judge`` (``judge_single``)
and the boilerplate-token matcher of ``tokens.py`` (``match_category``,
``ascii_chunk_category``); each has a Python twin it is tested against.

Built by ``setup.py`` when a C compiler is at hand; ``blocks.py`` falls back to the
Python walk when this module is missing, so the package works either way.
"""

from cpython.unicode cimport PyUnicode_DecodeUTF8
from libc.stdlib cimport free, malloc, realloc
from libc.string cimport memchr, memcpy, strcmp, strlen
from libc.stdint cimport uintptr_t

cimport lxml.includes.etreepublic as cetree
from lxml.includes.etreepublic cimport _Document, _Element, elementFactory
from lxml.includes.tree cimport (
    XML_CDATA_SECTION_NODE, XML_COMMENT_NODE, XML_ELEMENT_NODE, XML_ENTITY_REF_NODE,
    XML_PI_NODE, XML_TEXT_NODE, xmlAttr, xmlNode,
)

cetree.import_lxml__etree()

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
cdef object _TEXT_BLOCK = None
cdef object _NEW = object.__new__
cdef object _TOUCHING = None
cdef list _KINDS = ["p"]


def configure(block_tags, invisible, indexed, markup_attributes, kind, text_block, touching):
    """Take the tag sets, block kinds, the block class and the pattern of touching
    inline elements from ``blocks.py`` (one source for the data, whichever walk runs).

    Blocks are made without calling the block class: its four fields (``node``,
    ``text``, ``link_chars``, ``kind``) are set on a bare instance, so its
    ``__init__`` must do nothing else (a plain slotted dataclass)."""
    global _BLOCK, _INVISIBLE, _INDEXED, _MARKUP, _KIND, _TEXT_BLOCK, _TOUCHING, _KINDS
    _BLOCK, _INVISIBLE, _INDEXED = frozenset(block_tags), frozenset(invisible), frozenset(indexed)
    _MARKUP, _KIND = frozenset(markup_attributes), dict(kind)
    _TEXT_BLOCK, _TOUCHING = text_block, touching
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
    cdef bytes raw
    start = _OWNER_STARTS.get(name)
    if start is None or not (<str>value).isascii():
        return _ALL_OWNERS
    state = start
    mask = final[state]
    raw = (<str>value).encode("ascii")
    p = <const unsigned char*><const char*>raw
    n = len(raw)
    for i in range(n):
        symbol = _SYMBOL[p[i]]
        if symbol == SKIP:
            continue
        state = table[state * _SYMBOLS + symbol]
        mask |= final[state]
    return mask


def judge_single(list keys, dict cache, dict plans, make_plan, list nothing):
    """The one-pair loop of ``markup._judge`` compiled: each one-pair key's verdicts
    put in ``cache`` by its mask's plan (``plans``, made by ``make_plan(mask)`` when
    missing); returns the other keys, in order, for the general loop."""
    cdef list rest = []
    cdef list said
    cdef tuple pair
    cdef int mask
    for key in keys:
        if len(<tuple>key) != 1:
            rest.append(key)
            continue
        pair = (<tuple>key)[0]
        mask = _owner_mask(pair[0], pair[1])
        plan = plans.get(mask)
        if plan is None:
            plan = make_plan(mask)
        said = list(<list>plan[1])
        for slot, judge in <tuple>plan[0]:
            said[slot] = judge(key)
        cache[key] = None if said == nothing else tuple(said)
    return rest


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


cdef object _block(_Document doc, xmlNode* owner, int flags, str text, Py_ssize_t link_chars):
    """A block (``TextBlock``) of this text, owned by ``owner``."""
    # The block's fields set directly: a slotted dataclass's ``__init__`` is Python
    # code, run once per block.
    block = _NEW(_TEXT_BLOCK)
    block.node = elementFactory(doc, owner)
    block.text = text
    block.link_chars = link_chars
    block.kind = _KINDS[flags >> F_KIND_SHIFT]
    return block


def walk(_Element root not None, removed=(), spans=None, bint separate=False,
         marked=None, markup=None, tagged=None):
    """The blocks of ``iter_blocks(root, removed, spans, separate, marked, markup,
    tagged)``, as a list; same arguments, same results."""
    cdef Slot* table = <Slot*>malloc(TABLE_SIZE * sizeof(Slot))
    cdef Buffer buf
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
    try:
        return _walk(root, table, &buf, removed, spans, separate, marked, markup, tagged)
    finally:
        free(table)
        free(buf.data)


cdef list _walk(_Element root, Slot* table, Buffer* buf, removed, spans, bint separate,
                marked, markup, tagged):
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
    cdef list owners = []  # block-level ancestors: (c node address, block count at start)
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
                    proxy = elementFactory(doc, node)
                    tagged.append((proxy.tag, proxy))
                if want_marked and node.properties is not NULL and _has_markup(table, node):
                    if markup is None:
                        marked.append(elementFactory(doc, node))
                    else:
                        pairs = _attribute_pairs(table, node)
                        if pairs is not None or not _QUIET_UNMARKED:
                            marked.append(elementFactory(doc, node))
                            markup.append(() if pairs is None else tuple(pairs))
                if flags & F_BLOCK:
                    if buf.size:
                        block = _flush(buf, link_chars, doc, owner, _flags(table, owner))
                        link_chars = 0
                        if block is not None:
                            count += 1
                            blocks.append(block)
                    owners.append((<uintptr_t>owner, count))
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
                Py_ssize_t* count, _Document doc, xmlNode** owner, list owners, list blocks,
                spans, bint want_spans, bint touching) except -1:
    """Close a visible element (its children are done); returns the new ``touching``."""
    if flags & F_BLOCK:
        if buf.size:
            block = _flush(buf, link_chars[0], doc, owner[0], _flags(table, owner[0]))
            link_chars[0] = 0
            if block is not None:
                count[0] += 1
                blocks.append(block)
        address, start = owners.pop()
        owner[0] = <xmlNode*><uintptr_t>address
        if want_spans:
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


cdef dict _TOKEN_VALUES = {}
cdef dict _TOKEN_CHUNKS = {}
cdef dict _TOKEN_TABLE = {}
cdef object _TOKEN_OTHER = None
cdef Py_ssize_t _TOKEN_CACHE_SIZE = 0


def configure_tokens(dict values, dict chunks, dict table, other, Py_ssize_t size):
    """Take ``tokens.py``'s caches (of whole values and of chunks), its table of
    boilerplate tokens, its ``_chunk_category`` (for chunks that are not ASCII) and
    the caches' size limit, for :func:`match_category`."""
    global _TOKEN_VALUES, _TOKEN_CHUNKS, _TOKEN_TABLE, _TOKEN_OTHER, _TOKEN_CACHE_SIZE
    _TOKEN_VALUES, _TOKEN_CHUNKS, _TOKEN_TABLE = values, chunks, table
    _TOKEN_OTHER, _TOKEN_CACHE_SIZE = other, size


def match_category(str value):
    """``tokens.match_category_python`` compiled, with the same caches."""
    found = _TOKEN_VALUES.get(value, _TOKEN_VALUES)
    if found is not _TOKEN_VALUES:
        return found
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
    if len(_TOKEN_VALUES) >= _TOKEN_CACHE_SIZE:
        _TOKEN_VALUES.clear()
    _TOKEN_VALUES[value] = found
    return found
