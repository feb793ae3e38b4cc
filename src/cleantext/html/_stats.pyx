# cython: language_level=3, boundscheck=False, wraparound=False
"""The loops of the page statistics (``stats.py``) and of the HTML guard
(``guard.py``), compiled.

Each function here has a Python twin that gives the same result, and
``tests/test_stats_native.py`` compares the two:

- ``page_numbers``: which blocks are article-like (``stats.good_blocks``) and the
  per-block amounts (``PageIndex.amounts``), in one pass over the blocks;
- ``running``: a running sum over the kept blocks (``PageStats._sums``);
- ``best``: the best-scoring container (``PageStats.best``), the same float
  operations in the same order;
- ``outermost``: the flagged nodes with no flagged or removed ancestor
  (``guard._outermost``), walking libxml2's parent pointers instead of making a
  proxy per ancestor;
- ``in_document_order``: the removal log's nodes in document order
  (``HtmlDoc.removals``, an XPath union in Python), sorted by parent and sibling
  pointers.

The block ranges come as the compiled walk's ``NodeSpans`` (``_walk.pyx``): its
table maps libxml2 node addresses to ``first << 32 | end``, read here without a
proxy per element.

Built by ``setup.py`` with the page walk; the Python versions run when this module
is missing or ``CLEANTEXT_PURE_PYTHON=1`` is set.
"""

from cpython.list cimport PyList_New, PyList_SET_ITEM
from cpython.ref cimport Py_INCREF
from cpython.unicode cimport PyUnicode_GET_LENGTH
from libc.stdlib cimport free, malloc, qsort
from libc.string cimport strchr, strcmp
from libc.stdint cimport uintptr_t

cimport lxml.includes.etreepublic as cetree
from lxml.includes.etreepublic cimport _Element
from lxml.includes.tree cimport XML_ELEMENT_NODE, xmlNode

cetree.import_lxml__etree()


def page_numbers(list blocks, spans, int good_chars, double max_density,
                 int table_blocks, int table_chars, double table_density, tables):
    """``(good, chars, links, good_chars, short)`` of the blocks: ``good_blocks``
    and ``PageIndex.amounts`` (the constants are passed from ``stats.py``)."""
    cdef Py_ssize_t n = len(blocks)
    cdef list nodes = [None] * n
    cdef long* length = <long*>malloc((n + 1) * sizeof(long))
    cdef long* link = <long*>malloc((n + 1) * sizeof(long))
    cdef unsigned char* good_of = <unsigned char*>malloc(n + 1)
    if length is NULL or link is NULL or good_of is NULL:
        free(length)
        free(link)
        free(good_of)
        raise MemoryError()
    try:
        return _page_numbers(blocks, spans, good_chars, max_density, table_blocks,
                             table_chars, table_density, tables, n, nodes, length, link,
                             good_of)
    finally:
        free(length)
        free(link)
        free(good_of)


cdef _page_numbers(list blocks, spans, int good_chars, double max_density,
                   int table_blocks, int table_chars, double table_density, tables,
                   Py_ssize_t n, list nodes, long* length, long* link,
                   unsigned char* good_of):
    cdef Py_ssize_t i, j, k, start
    for i in range(n):
        block = blocks[i]
        text = block.text
        nodes[i] = block.node
        length[i] = PyUnicode_GET_LENGTH(text)
        link[i] = block.link_chars
        good_of[i] = length[i] >= good_chars and <double>link[i] / <double>length[i] <= max_density
    # Runs of blocks of one element (lines cut by <br>).
    i = 1
    while i < n:
        if nodes[i] is not nodes[i - 1]:
            i += 1
            continue
        start = i - 1
        j = i + 1
        while j < n and nodes[j] is nodes[start]:
            j += 1
        if not good_of[start]:
            _mark_if_text(length, link, good_of, start, j, good_chars, max_density)
        i = j + 1  # the block after a run cannot start another run with its last one
    cdef long a, b
    cdef unsigned long long packed
    cdef xmlNode* c_node
    for address, value in (<dict>spans.table).items():
        packed = value
        a = <long>(packed >> 32)
        b = <long>(packed & 0xFFFFFFFFULL)
        c_node = <xmlNode*><uintptr_t>address
        if b - a >= table_blocks and c_node.ns is NULL and _one_of(<const char*>c_node.name, tables):
            for k in range(a, b):
                if not good_of[k]:
                    break
            else:
                continue
            _mark_if_text(length, link, good_of, a, b, table_chars, table_density)
    cdef list good_list = PyList_New(n)
    cdef list chars = PyList_New(n)
    cdef list links = PyList_New(n)
    cdef list goods = PyList_New(n)
    cdef list short = PyList_New(n)
    cdef long c, lc, g
    for i in range(n):
        c = length[i]
        lc = link[i] if link[i] < c else c
        g = c - lc if good_of[i] else 0
        _set(good_list, i, True if good_of[i] else False)
        _set(chars, i, c)
        _set(links, i, lc)
        _set(goods, i, g)
        _set(short, i, 0 if g else c - lc)
    return good_list, chars, links, goods, short


cdef inline void _mark_if_text(long* length, long* link, unsigned char* good_of,
                               Py_ssize_t a, Py_ssize_t b, long min_chars,
                               double max_density) noexcept:
    """Mark blocks ``[a, b)`` article-like when together they hold ``min_chars``
    characters or more, at most ``max_density`` of them link text."""
    cdef long total = 0, total_link = 0
    cdef Py_ssize_t k
    for k in range(a, b):
        total += length[k]
        total_link += link[k]
    if total >= min_chars and <double>total_link <= max_density * <double>total:
        for k in range(a, b):
            good_of[k] = 1


cdef inline void _set(list items, Py_ssize_t i, object value):
    Py_INCREF(value)
    PyList_SET_ITEM(items, i, value)


def running(list amounts, list kept):
    """``[0, a0, a0 + a1, ...]`` over the amounts of the kept blocks (``kept``: one
    flag per block, or ``None`` for all)."""
    cdef Py_ssize_t n = len(amounts), i
    cdef list out = PyList_New(n + 1)
    cdef long total = 0
    _set(out, 0, 0)
    if kept is None:
        for i in range(n):
            total += <long>amounts[i]
            _set(out, i + 1, total)
    else:
        for i in range(n):
            if kept[i]:
                total += <long>amounts[i]
            _set(out, i + 1, total)
    return out


def best(spans, list good, list links, list short, double bad_weight,
         double short_weight):
    """The first element of ``spans`` (a ``NodeSpans``) with the highest positive
    score (``PageStats.best``)."""
    cdef long a, b, g
    cdef double value, best_score = 0.0
    cdef object found = None
    cdef unsigned long long packed
    for address, span in (<dict>spans.table).items():
        packed = span
        a = <long>(packed >> 32)
        b = <long>(packed & 0xFFFFFFFFULL)
        g = <long>good[b] - <long>good[a]
        if g:
            value = (<double>g - bad_weight * <double>(<long>links[b] - <long>links[a])) - (
                short_weight * <double>(<long>short[b] - <long>short[a]))
            if value > best_score:
                found = address
                best_score = value
    return None if found is None else spans.element(found)


cdef inline bint _element(xmlNode* c_node):
    # lxml's _isElement: what getparent() returns as an element.
    return c_node is not NULL and (
        c_node.type == XML_ELEMENT_NODE or c_node.type == 8 or c_node.type == 7
        or c_node.type == 5)  # comment, processing instruction, entity reference


def outermost(chosen, removed):
    """The ``chosen`` nodes, in their order, with no ancestor-or-self in ``removed``
    and no ancestor in ``chosen`` (both: collections of elements, tested with ``in``)."""
    cdef list out = []
    cdef xmlNode* c_node
    for node in chosen:
        if node in removed:
            continue
        c_node = (<_Element?>node)._c_node.parent
        while _element(c_node):
            if c_node._private is not NULL:
                # Only an element with a live proxy can be in either collection.
                parent = <object>c_node._private
                if parent in chosen or parent in removed:
                    break
            c_node = c_node.parent
        else:
            out.append(node)
    return out


def inside(node, nodes, bint self_too):
    """Whether one of ``node``'s ancestors (or ``node`` itself, with ``self_too``) is
    in ``nodes`` (``HtmlDoc.is_removed``, ``guard._inside_any``)."""
    if self_too and node in nodes:
        return True
    cdef xmlNode* c_node = (<_Element?>node)._c_node.parent
    while _element(c_node):
        if c_node._private is not NULL and <object>c_node._private in nodes:
            return True
        c_node = c_node.parent
    return False


cdef inline bint _named(object node, tuple names):
    # Whether the element's tag (no namespace) is one of ``names`` (bytes).
    cdef xmlNode* c_node = (<_Element?>node)._c_node
    if c_node.type != XML_ELEMENT_NODE or c_node.ns is not NULL:
        return False
    cdef const char* name = <const char*>c_node.name
    for wanted in names:
        if strcmp(name, <const char*>(<bytes>wanted)) == 0:
            return True
    return False


def first_reasons(pairs, tuple names):
    """``{node: reason}`` of the first pair of each node, leaving out the nodes whose
    tag is one of ``names`` (bytes) — ``guard._chosen``."""
    cdef dict out = {}
    for node, reason in pairs:
        if node not in out and not _named(node, names):
            out[node] = reason
    return out


def untagged(list pairs, tuple names):
    """The ``(node, value)`` pairs whose node's tag is not one of ``names`` (bytes)."""
    return [pair for pair in pairs if not _named(pair[0], names)]


def xpath(node, dict paths, dict numbers):
    """``node``'s absolute XPath as lxml's ``getpath`` writes it (``HtmlDoc.xpath_of``),
    or ``None`` when the way up holds a namespaced or prefixed element (the caller
    asks lxml then). ``paths`` keeps the path of every element on the way (by node
    address), ``numbers`` each child's number among its parent's children of its
    name (0: the only one), numbered per parent and name at once: linear in the
    page size over all calls, as libxml2's sibling counting per call is not."""
    cdef xmlNode* top = (<_Element?>node)._c_node
    cdef xmlNode* cur = top
    cdef xmlNode* parent
    cdef list chain = []
    cdef str prefix
    if cur.type != XML_ELEMENT_NODE:
        return None
    while True:
        found = paths.get(<uintptr_t>cur)
        if found is not None:
            prefix = found
            break
        if cur.ns is not NULL or strchr(<const char*>cur.name, 58) is not NULL:  # ':'
            return None
        parent = cur.parent
        chain.append(<uintptr_t>cur)
        if parent is NULL or parent.type != XML_ELEMENT_NODE:
            prefix = ""  # the top element, numbered among the document's children
            break
        cur = parent
    cdef Py_ssize_t i
    cdef long number
    cdef uintptr_t address
    for i in range(len(chain) - 1, -1, -1):
        address = chain[i]
        cur = <xmlNode*>address
        found = numbers.get(address)
        if found is None:
            number = _number(cur, numbers)
        else:
            number = found
        name = (<bytes>cur.name).decode("utf-8")
        prefix = f"{prefix}/{name}[{number}]" if number else f"{prefix}/{name}"
        paths[address] = prefix
    return prefix


cdef long _number(xmlNode* child, dict numbers):
    # Number the element children of child's parent named as child (no namespace),
    # 1, 2... or 0 for an only one; return child's.
    if child.parent is NULL:
        numbers[<uintptr_t>child] = 0
        return 0
    cdef xmlNode* sibling = child.parent.children
    cdef const char* name = <const char*>child.name
    cdef list same = []
    while sibling is not NULL:
        if (sibling.type == XML_ELEMENT_NODE and sibling.ns is NULL
                and strcmp(<const char*>sibling.name, name) == 0):
            same.append(<uintptr_t>sibling)
        sibling = sibling.next
    if len(same) == 1:
        numbers[<uintptr_t>child] = 0
        return 0
    cdef long k = 0
    cdef long mine = 0
    for address in same:
        k += 1
        numbers[address] = k
        if <uintptr_t>address == <uintptr_t>child:
            mine = k
    return mine


cdef inline xmlNode* _next_in(xmlNode* node, xmlNode* top):
    # The element after ``node`` in document order under ``top`` (NULL past it).
    cdef xmlNode* step = node.children
    while step is not NULL and step.type != XML_ELEMENT_NODE:
        step = step.next
    if step is not NULL:
        return step
    while node is not top:
        step = node.next
        while step is not NULL and step.type != XML_ELEMENT_NODE:
            step = step.next
        if step is not NULL:
            return step
        node = node.parent
        if node is NULL:
            return NULL
    return NULL


def link_candidates(root, spans, list chars_sum, list links_sum, list count_sum,
                    double half, int min_blocks, double list_density,
                    double table_density, double block_density, tuple table_parts):
    """The loop of the ``link-lists`` rule over the block-level elements under
    ``root`` (``root`` left out), in document order: ``(node, blocks, density,
    list)`` of each that the rule removes as a link list (``list`` true) or may
    remove as a link-only block (one block, ``list`` false: the rule still asks
    whether it is a cell of a text row). Only elements of ``spans`` (a
    ``NodeSpans``) hold text."""
    cdef xmlNode* top = (<_Element?>root)._c_node
    cdef xmlNode* node = top
    cdef list out = []
    cdef long a, b, chars, blocks
    cdef double density, floor
    cdef dict table = spans.table
    cdef unsigned long long packed
    while True:
        node = _next_in(node, top)
        if node is NULL:
            break
        span = table.get(<uintptr_t>node)
        if span is None:
            continue
        packed = span
        a = <long>(packed >> 32)
        b = <long>(packed & 0xFFFFFFFFULL)
        chars = <long>chars_sum[b] - <long>chars_sum[a]
        if not chars or chars > half:
            continue
        blocks = <long>count_sum[b] - <long>count_sum[a]
        density = <double>(<long>links_sum[b] - <long>links_sum[a]) / <double>chars
        if node.ns is NULL and _one_of(<const char*>node.name, table_parts):
            floor = table_density
        else:
            floor = list_density
        if (blocks >= min_blocks and density >= floor
                and not (node.ns is NULL and strcmp(<const char*>node.name, b"p") == 0)):
            out.append((spans.element(<uintptr_t>node), blocks, density, True))
        elif blocks == 1 and density > block_density:
            out.append((spans.element(<uintptr_t>node), blocks, density, False))
    return out


cdef inline bint _one_of(const char* name, tuple names):
    for wanted in names:
        if strcmp(name, <const char*>(<bytes>wanted)) == 0:
            return True
    return False


def range_amounts(list nodes, spans, list sums):
    """``sums[b] - sums[a]`` over each node's block range ``[a, b)`` (the guard's
    article-like text per node): from ``spans`` (a ``NodeSpans``); 0 for an element
    outside it with no element children (a leaf inline element spans no blocks);
    ``None`` for the others, whose range ``PageIndex.span`` finds."""
    cdef Py_ssize_t i, n = len(nodes)
    cdef list out = PyList_New(n)
    cdef xmlNode* child
    cdef dict table = spans.table
    cdef unsigned long long packed
    for i in range(n):
        node = nodes[i]
        span = table.get(<uintptr_t>(<_Element?>node)._c_node)
        if span is not None:
            packed = span
            _set(out, i, <long>sums[<long>(packed & 0xFFFFFFFFULL)]
                 - <long>sums[<long>(packed >> 32)])
            continue
        child = (<_Element?>node)._c_node.children
        while child is not NULL and not _element(child):
            child = child.next
        _set(out, i, 0 if child is NULL else None)
    return out


cdef struct _Placed:
    xmlNode* node
    Py_ssize_t depth


cdef int _before(const void* x, const void* y) noexcept nogil:
    # qsort's comparison of two nodes of one tree by document order (an ancestor
    # before its descendants, siblings in their order): what libxml2 sorts by.
    cdef const _Placed* p = <const _Placed*>x
    cdef const _Placed* q = <const _Placed*>y
    cdef xmlNode* a = p.node
    cdef xmlNode* b = q.node
    cdef Py_ssize_t da = p.depth, db = q.depth
    if a == b:
        return 0
    while da > db:
        a = a.parent
        da -= 1
    while db > da:
        b = b.parent
        db -= 1
    if a == b:
        # One holds the other: the shallower (the ancestor) comes first.
        return -1 if p.depth < q.depth else 1
    while a.parent != b.parent:
        a = a.parent
        b = b.parent
    cdef xmlNode* step = a.next
    while step is not NULL:
        if step == b:
            return -1
        step = step.next
    return 1


def in_document_order(list nodes):
    """``nodes`` (distinct lxml nodes of one tree) sorted in document order: the
    order of an XPath union of them (``htmldoc._IN_ORDER``), without an XPath run."""
    cdef Py_ssize_t n = len(nodes), i, depth
    cdef xmlNode* c_node
    cdef xmlNode* up
    if n < 2:
        return list(nodes)
    cdef _Placed* placed = <_Placed*>malloc(n * sizeof(_Placed))
    if placed == NULL:
        raise MemoryError()
    cdef list out = PyList_New(n)
    try:
        for i in range(n):
            c_node = (<_Element?>nodes[i])._c_node
            depth = 0
            up = c_node.parent
            while up is not NULL:
                depth += 1
                up = up.parent
            placed[i].node = c_node
            placed[i].depth = depth
        qsort(placed, n, sizeof(_Placed), _before)
        for i in range(n):
            # Every node of ``nodes`` has its live proxy (the list holds it).
            proxy = <object>placed[i].node._private
            Py_INCREF(proxy)
            PyList_SET_ITEM(out, i, proxy)
    finally:
        free(placed)
    return out
