# cython: language_level=3, boundscheck=False, wraparound=False, cdivision=True
"""The numeric loops of ``outside-main-text`` in C: the neighbour means of
:func:`main_text._with_context`, the first stage's view of the page in
:func:`main_text.stacked`, and the logistic of many log-odds; the character scans
of its features (where a pattern can match, the stop words of each list), with
character classes asked of the patterns themselves.

Each function does the Python version's float operations in the same order (sums
built left to right, the same divisions, C's ``exp``/``log1p`` being the ones
Python's ``math`` calls), so the results are equal bit for bit;
``tests/test_native_context.py`` compares both. Built by ``setup.py``;
``main_text.py`` runs its Python versions when this module is missing or
``CLEANTEXT_PURE_PYTHON=1``.
"""

cimport cython
from libc.math cimport INFINITY, exp, log1p
from libc.stdlib cimport calloc, free, malloc, realloc
from libc.string cimport memset
from cython.view cimport array as cvarray

from cleantext._charbatch cimport classify_ahead


#: log1p of the counts below this, from libm once: most features take log1p of a
#: count of words or units, and a table read costs less than the call (the same
#: doubles: the table holds libm's own values).
DEF _LOG1P_COUNTS = 4096
cdef double _LOG1P_TABLE[_LOG1P_COUNTS]


cdef void _fill_log1p_table() noexcept:
    cdef Py_ssize_t n
    for n in range(_LOG1P_COUNTS):
        _LOG1P_TABLE[n] = log1p(<double>n)


_fill_log1p_table()


cdef inline double _log1p_count(long long n) noexcept:
    """``log1p(n)`` of a count ``n``, read from the table when it holds it."""
    if 0 <= n < _LOG1P_COUNTS:
        return _LOG1P_TABLE[n]
    return log1p(<double>n)


cdef inline double _clamp(double z):
    # max(-30.0, min(30.0, z)) as Python computes it
    if not (z < 30.0):
        z = 30.0
    if not (z > -30.0):
        z = -30.0
    return z


cdef inline double _logistic(double z):
    return 1.0 / (1.0 + exp(-_clamp(z)))


def logistic_all(values):
    """``[1 / (1 + exp(-clamp(z))) for z in values]`` (``main_text._logistic``)."""
    return [_logistic(z) for z in values]


cdef inline int _imin(int a, int b):
    return a if a < b else b


cdef inline int _imax(int a, int b):
    return a if a > b else b


def with_context(list base, list sizes, list columns, int removed, int ends, int lower,
                 tuple windows, double whole):
    """Extend each row of ``base`` with the neighbour means of ``_with_context``
    (:func:`context_matrix` on the rows read into a matrix)."""
    cdef Py_ssize_t every = len(base), own, i, k
    if every == 0:
        return base
    own = len(base[0])
    width = len(columns) * 2 * len(windows)
    X = to_matrix(base, own, own + width)
    context_matrix(X, sizes, columns, removed, ends, lower, windows, whole, own)
    cdef double[:, ::1] Y = X
    for i in range(every):
        base[i].extend([Y[i, k] for k in range(own, own + width)])
    return base


cdef extern from *:
    """
    #include <string.h>
    /* out[c] = (hi[c] - lo[c]) / w for c below n: two at a time where the compiler
       has vectors (the same IEEE subtractions and divisions, lane by lane). */
    static inline void cleantext_means(double* out, const double* hi, const double* lo,
                                       double w, Py_ssize_t n) {
        Py_ssize_t c = 0;
    #if defined(__GNUC__) || defined(__clang__)
        typedef double cleantext_v2d __attribute__((vector_size(16)));
        cleantext_v2d vw = {w, w};
        for (; c + 2 <= n; c += 2) {
            cleantext_v2d a, b, r;
            memcpy(&a, hi + c, sizeof a);
            memcpy(&b, lo + c, sizeof b);
            r = (a - b) / vw;
            memcpy(out + c, &r, sizeof r);
        }
    #endif
        for (; c < n; c++)
            out[c] = (hi[c] - lo[c]) / w;
    }
    """
    void _means "cleantext_means"(double* out, const double* hi, const double* lo, double w,
                                  Py_ssize_t n) noexcept nogil


def context_matrix(double[:, ::1] X, list sizes, list columns, int removed, int ends,
                   int lower, tuple windows, double whole, Py_ssize_t at):
    """Write the neighbour means of ``_with_context`` into the columns of ``X`` from
    ``at`` on (``len(columns) * 2 * len(windows)`` of them).

    ``columns`` holds the column of each context feature, ``-1`` for "prose"
    (ends a sentence, mostly lower case, ten words or more); the one equal to
    ``removed`` is averaged over all units, the others over the live ones.
    """
    cdef Py_ssize_t every = X.shape[0]
    cdef Py_ssize_t ncol = len(columns)
    cdef Py_ssize_t nwin = len(windows)
    cdef Py_ssize_t i, j, c, count, lo, hi, w, slot
    cdef int k, side
    cdef double v, acc_hi
    if len(sizes) != every:
        raise ValueError("sizes and rows differ in length")
    if at < 0 or at + ncol * 2 * nwin > X.shape[1]:
        raise ValueError("the context does not fit in the matrix")
    for c in range(ncol):
        if not -1 <= columns[c] < at:
            raise ValueError("a context column out of the rows")
    if not (0 <= removed < at and 0 <= ends < at and 0 <= lower < at):
        raise ValueError("a column out of the rows")
    if every == 0:
        return
    cdef int* cols = <int*>malloc(max(1, ncol) * sizeof(int))
    cdef int* size = <int*>malloc(every * sizeof(int))
    cdef int* live = <int*>malloc(every * sizeof(int))
    cdef int* before = <int*>malloc(every * sizeof(int))
    cdef int* after = <int*>malloc(every * sizeof(int))
    cdef long* cum_w = <long*>malloc((every + 1) * sizeof(long))
    cdef long* all_cum = <long*>malloc((every + 1) * sizeof(long))
    cdef double* all_removed = <double*>malloc((every + 1) * sizeof(double))
    cdef double* own = <double*>malloc(every * max(1, ncol) * sizeof(double))
    cdef double* sums = <double*>malloc((every + 1) * max(1, ncol) * sizeof(double))
    cdef int* wins = <int*>malloc(max(1, nwin) * sizeof(int))
    cdef double* row
    try:
        if (cols is NULL or size is NULL or live is NULL or before is NULL or after is NULL
                or cum_w is NULL or all_cum is NULL or all_removed is NULL or own is NULL
                or sums is NULL or wins is NULL):
            raise MemoryError()
        for c in range(ncol):
            cols[c] = columns[c]
        count = 0
        all_cum[0] = 0
        all_removed[0] = 0.0
        cum_w[0] = 0
        for c in range(ncol):
            sums[c] = 0.0
        for i in range(every):
            size[i] = sizes[i]
            w = _imin(size[i], 30)
            v = X[i, removed]
            all_cum[i + 1] = all_cum[i] + w
            all_removed[i + 1] = all_removed[i] + w * v
            before[i] = count
            for c in range(ncol):
                if cols[c] < 0:
                    own[i * ncol + c] = 0.0
                else:
                    own[i * ncol + c] = X[i, cols[c]]
            if v < whole:
                for c in range(ncol):
                    if cols[c] < 0:
                        own[i * ncol + c] = (
                            1.0 if X[i, ends] != 0.0 and X[i, lower] >= 0.6 and size[i] >= 10
                            else 0.0
                        )
                    sums[(count + 1) * ncol + c] = sums[count * ncol + c] + w * own[i * ncol + c]
                cum_w[count + 1] = cum_w[count] + w
                live[count] = i
                count += 1
                after[i] = count
            else:
                after[i] = count
        for j in range(nwin):
            wins[j] = windows[j]
        # Row by row, window by window: the live means of all the columns over one
        # stretch (one weight), then the removed column's over all units.
        for i in range(every):
            row = &X[i, at]
            for j in range(nwin):
                k = wins[j]
                for side in range(2):
                    slot = (j * 2 + side) * ncol
                    if side == 0:
                        lo = _imax(0, before[i] - k)
                        hi = before[i]
                    else:
                        lo = after[i]
                        hi = _imin(count, after[i] + k)
                    w = cum_w[hi] - cum_w[lo]
                    if w:
                        _means(row + slot, sums + hi * ncol, sums + lo * ncol, <double>w, ncol)
                    else:
                        for c in range(ncol):
                            row[slot + c] = own[i * ncol + c]
                    if side == 0:
                        lo = _imax(0, i - k)
                        hi = i
                    else:
                        lo = i + 1
                        hi = _imin(every, i + 1 + k)
                    for c in range(ncol):
                        if cols[c] == removed:
                            if all_cum[hi] > all_cum[lo]:
                                row[slot + c] = (
                                    (all_removed[hi] - all_removed[lo]) / (all_cum[hi] - all_cum[lo])
                                )
                            else:
                                row[slot + c] = own[i * ncol + c]
    finally:
        free(cols)
        free(size)
        free(live)
        free(before)
        free(after)
        free(cum_w)
        free(all_cum)
        free(all_removed)
        free(own)
        free(sums)
        free(wins)


cdef inline double _clamp_first(double z):
    # min(30.0, max(-30.0, z)) as Python computes it (NaN gives -30, unlike _clamp)
    if not (z > -30.0):
        z = -30.0
    if not (z < 30.0):
        z = 30.0
    return z


def stack_prepare(list shares, list first, words, double whole,
                  double threshold, double core_threshold):
    """What ``stacked`` decodes, from the first stage's log-odds: the units'
    probabilities, the live units (their ``removed`` share under ``whole``), and
    the gains of the live units at ``threshold`` and at ``core_threshold``."""
    cdef Py_ssize_t count = len(shares)
    cdef Py_ssize_t i
    cdef double p
    cdef int n
    if len(first) != count or len(words) != count:
        raise ValueError("rows, log-odds and word counts differ in length")
    probs = [_logistic(z) for z in first]
    live = []
    gains = []
    core = []
    for i in range(count):
        if shares[i] < whole:
            live.append(i)
            p = probs[i]
            n = _imax(1, _imin(words[i], 40))
            gains.append((p - threshold) * n)
            core.append((p - core_threshold) * n)
    return probs, live, gains, core


cdef int _stack_fill(Py_ssize_t count, list first, list probs, list live, words, list runs,
                     tuple main, tuple core, double low, double* extra) except -1:
    # The STACK features of every unit, 11 per unit, into ``extra`` (stack_rows): the
    # lists read into C arrays for :func:`_stack_fill_c`.
    cdef Py_ssize_t nlive = len(live)
    cdef Py_ssize_t i, j, a, b, s
    cdef double best, gain
    if len(first) != count or len(probs) != count:
        raise ValueError("rows, log-odds and probabilities differ in length")
    cdef double* zs = <double*>malloc((count + 1) * sizeof(double))
    cdef double* ps = <double*>malloc((count + 1) * sizeof(double))
    cdef long* ns = <long*>malloc((count + 1) * sizeof(long))
    cdef Py_ssize_t* lv = <Py_ssize_t*>malloc((nlive + 1) * sizeof(Py_ssize_t))
    cdef double* run_of = <double*>malloc((nlive + 1) * sizeof(double))
    try:
        if zs is NULL or ps is NULL or ns is NULL or lv is NULL or run_of is NULL:
            raise MemoryError()
        for i in range(count):
            zs[i] = first[i]
            ps[i] = probs[i]
        for j in range(nlive):
            i = live[j]
            if not 0 <= i < count:
                raise ValueError("a live unit out of range")
            lv[j] = i
            ns[i] = words[i]
            run_of[j] = 0.0
        best = main[2]
        if 1e-9 > best:  # max(main[2], 1e-9)
            best = 1e-9
        for run in runs:
            a, b, gain = run
            for s in range(max(0, a), min(nlive, b)):
                run_of[s] = gain / best
        _stack_fill_c(count, zs, ps, lv, nlive, ns, run_of, main[0], main[1], core[0],
                      core[1], low, extra)
        return 0
    finally:
        free(zs)
        free(ps)
        free(ns)
        free(lv)
        free(run_of)


cdef int _stack_fill_c(Py_ssize_t count, const double* first, const double* probs,
                       const Py_ssize_t* live, Py_ssize_t nlive, const long* words,
                       const double* run_of, Py_ssize_t main0, Py_ssize_t main1,
                       Py_ssize_t core0, Py_ssize_t core1, double low,
                       double* extra) except -1:
    # The STACK features of every unit, 11 per unit, into ``extra``: ``first`` the
    # log-odds, ``probs`` their logistic, ``live`` the units not removed whole,
    # ``words`` their word counts (read at the live units), ``run_of`` each live
    # unit's run gain over the article's.
    cdef Py_ssize_t i, j, lo, hi
    cdef int k, slot, t
    cdef double p
    cdef double[11] more
    cdef long* cum_w = <long*>malloc((nlive + 1) * sizeof(long))
    cdef long* cum_words = <long*>malloc((nlive + 1) * sizeof(long))
    cdef long* cum_low = <long*>malloc((nlive + 1) * sizeof(long))
    cdef double* cum_p = <double*>malloc((nlive + 1) * sizeof(double))
    cdef int* live_of = <int*>malloc((count + 1) * sizeof(int))
    cdef int w
    cdef long n
    try:
        if (cum_w is NULL or cum_words is NULL or cum_low is NULL or cum_p is NULL
                or live_of is NULL):
            raise MemoryError()
        cum_w[0] = cum_words[0] = cum_low[0] = 0
        cum_p[0] = 0.0
        for i in range(count):
            live_of[i] = -1
        for j in range(nlive):
            i = live[j]
            live_of[i] = j
            n = words[i]
            p = probs[i]
            w = <int>(1 if n < 1 else (30 if n > 30 else n))
            cum_w[j + 1] = cum_w[j] + w
            cum_p[j + 1] = cum_p[j] + w * p
            cum_words[j + 1] = cum_words[j] + n
            cum_low[j + 1] = cum_low[j] + (1 if p < low else 0)
        for i in range(count):
            more[0] = _clamp_first(first[i])
            more[1] = more[2] = more[3] = more[4] = 0.5
            for slot in range(5, 11):
                more[slot] = 0.0
            j = live_of[i]
            if j >= 0:
                p = probs[i]
                for t in range(2):
                    slot = 1 + 2 * t
                    k = 2 if t == 0 else 8
                    lo = j - k if j > k else 0
                    hi = j
                    more[slot] = (cum_p[hi] - cum_p[lo]) / (cum_w[hi] - cum_w[lo]) if hi > lo else p
                    lo = j + 1
                    hi = j + 1 + k if j + 1 + k < nlive else nlive
                    more[slot + 1] = (
                        (cum_p[hi] - cum_p[lo]) / (cum_w[hi] - cum_w[lo]) if hi > lo else p
                    )
                more[5] = run_of[j]
                if main1 > main0:
                    if j < main0:
                        more[7] = _log1p_count(cum_words[main0] - cum_words[j + 1])
                    elif j >= main1:
                        more[8] = _log1p_count(cum_words[j] - cum_words[main1])
                    else:
                        more[6] = 1.0
                if core1 > core0:
                    if j < core0:
                        more[9] = _log1p_count(cum_low[core0] - cum_low[j + 1])
                        more[10] = _log1p_count(cum_words[core0] - cum_words[j + 1])
                    elif j >= core1:
                        more[9] = _log1p_count(cum_low[j] - cum_low[core1])
                        more[10] = _log1p_count(cum_words[j] - cum_words[core1])
            for slot in range(11):
                extra[i * 11 + slot] = more[slot]
        return 0
    finally:
        free(cum_w)
        free(cum_words)
        free(cum_low)
        free(cum_p)
        free(live_of)


def stack_rows(list rows, list first, list probs, list live, words, list runs,
               tuple main, tuple core, double low):
    """Each row with ``main_text.STACK``'s features appended (``stacked``), given
    :func:`stack_prepare`'s probabilities and live units, the decoded ``runs``
    ``(start, end, gain)`` among the live units, the article ``main`` (the run with
    the largest gain) and the ``core`` run ``(start, end)``."""
    cdef Py_ssize_t count = len(rows)
    cdef Py_ssize_t i
    cdef double* extra = <double*>malloc(max(1, count * 11) * sizeof(double))
    if extra is NULL:
        raise MemoryError()
    try:
        _stack_fill(count, first, probs, live, words, runs, main, core, low, extra)
        return [rows[i] + [extra[i * 11 + k] for k in range(11)] for i in range(count)]
    finally:
        free(extra)


def stack_matrix(double[:, ::1] X, list first, list probs, list live, words, list runs,
                 tuple main, tuple core, double low):
    """:func:`stack_rows` on a matrix of rows: a new matrix, ``X`` with the 11
    STACK columns appended."""
    cdef Py_ssize_t count = X.shape[0], width = X.shape[1]
    cdef Py_ssize_t i, k
    out = cvarray(shape=(max(1, count), width + 11), itemsize=sizeof(double), format="d")
    cdef double[:, ::1] Y = out
    cdef double* extra = <double*>malloc(max(1, count * 11) * sizeof(double))
    if extra is NULL:
        raise MemoryError()
    try:
        _stack_fill(count, first, probs, live, words, runs, main, core, low, extra)
        for i in range(count):
            for k in range(width):
                Y[i, k] = X[i, k]
            for k in range(11):
                Y[i, width + k] = extra[i * 11 + k]
    finally:
        free(extra)
    return out[:count]


cdef object _zeros(Py_ssize_t count, Py_ssize_t width):
    # A C matrix of doubles (count x width), all 0.0.
    out = cvarray(shape=(max(1, count), max(1, width)), itemsize=sizeof(double), format="d")
    memset((<double*>(<cvarray>out).data), 0, max(1, count) * max(1, width) * sizeof(double))
    return out


def to_rows(double[:, ::1] X):
    """The rows of a matrix, as lists of floats."""
    cdef Py_ssize_t i, k
    return [[X[i, k] for k in range(X.shape[1])] for i in range(X.shape[0])]


def column(double[:, ::1] X, Py_ssize_t c):
    """Column ``c`` of a matrix, as a list."""
    if not 0 <= c < X.shape[1]:
        raise ValueError("no such column")
    return [X[i, c] for i in range(X.shape[0])]


def to_matrix(list rows, Py_ssize_t width, Py_ssize_t columns=-1):
    """The first ``width`` values of every row as a C matrix of doubles (rows x
    width), read once; with ``columns``, a wider matrix with zeros after them."""
    cdef Py_ssize_t count = len(rows), i, k
    if columns < width:
        columns = width
    out = _zeros(count, columns)
    cdef double[:, ::1] Y = out
    for i in range(count):
        row = rows[i]
        if len(row) < width:
            raise ValueError("a row is shorter than the matrix")
        for k in range(width):
            Y[i, k] = row[k]
    return out[:count]


# -- one pass over the characters of the units -------------------------------------

from cpython.unicode cimport PyUnicode_READ, PyUnicode_KIND, PyUnicode_DATA
from cpython.unicode cimport PyUnicode_1BYTE_KIND, PyUnicode_2BYTE_KIND
from cpython.unicode cimport Py_UNICODE_ISSPACE, Py_UNICODE_ISUPPER, Py_UNICODE_ISDIGIT


cdef extern from *:
    """
    /* Py_UNICODE_ISSPACE (str.isspace of one character) without a branch on the
       character below U+0085: a bit mask of the spaces "\\t\\n\\v\\f\\r",
       U+001C..U+001F and " " (a space at an unforeseeable place costs no
       mispredicted branch); above, the few others (U+0085, U+00A0, then none
       below U+1680). */
    static inline int cleantext_space(Py_UCS4 ch) {
        if (ch < 0x85)
            return (int)((0x1F0003E00ULL >> (ch & 63)) & (unsigned long long)(ch <= 32));
        return ch == 0x85 || ch == 0xA0 || (ch >= 0x1680 && Py_UNICODE_ISSPACE(ch));
    }
    """
    bint _space "cleantext_space"(Py_UCS4 ch) noexcept nogil


cdef inline bint _space_branching(Py_UCS4 ch) noexcept:
    # ``_space`` with branches: faster in a loop that branches on the answer anyway
    # (the word scans' ends), where the branch-free mask only adds work.
    if ch <= 32:
        return (0x1F0003E00ULL >> <unsigned int>ch) & 1
    if ch < 0x85:
        return False
    return ch == 0x85 or ch == 0xA0 or (ch >= 0x1680 and Py_UNICODE_ISSPACE(ch))


def spaces_of(str text, bint branching=False):
    """The characters of ``text`` that :func:`_space` (or ``_space_branching``)
    counts as whitespace (for the test that it is ``str.isspace``)."""
    if branching:
        return [ch for ch in text if _space_branching(ord(ch))]
    return [ch for ch in text if _space(ord(ch))]


cdef unsigned char _classify(unsigned char[:] table, Py_UCS4 ch, classify) except? 255:
    # A character not in ``table`` yet: its class asked of ``classify``, remembered.
    cdef unsigned char cls = classify(chr(ch))
    table[ch] = cls
    return cls


cdef inline unsigned char _class_of(unsigned char[:] table, Py_UCS4 ch, classify) except? 255:
    """The class bits of ``ch`` from ``table``, asked of ``classify`` (the Python
    patterns) the first time and remembered (out of line: the lookup stays small
    enough to inline into the scans)."""
    cdef unsigned char cls = table[ch]
    if cls != 0:
        return cls
    return _classify(table, ch, classify)


cdef inline Py_ssize_t _skip_space(int kind, void* data, Py_ssize_t p, Py_ssize_t end):
    """The first position from ``p`` (before ``end``) that is not whitespace."""
    while p < end and Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, p)):
        p += 1
    return p


cdef inline Py_ssize_t _skip_word(int kind, void* data, Py_ssize_t p, Py_ssize_t end):
    """The end of the whitespace-free run that starts at ``p`` (``str.split``'s word)."""
    while p < end and not Py_UNICODE_ISSPACE(PyUnicode_READ(kind, data, p)):
        p += 1
    return p

#: Bits of a character's class in ``table`` (``main_text._char_class``).
cdef enum:
    KNOWN = 1
    UPPER = 2    # a word start counted upper case by main_text._CASE
    LOWER = 4    # ... lower case (or a letter without case)
    BLOCKER = 8  # a character after which no word starts (_CASE's lookbehind)
    MARK = 16    # main_text._MARK
    DIGIT = 32   # main_text._DIGIT


ctypedef unsigned char _ucs1
ctypedef unsigned short _ucs2

ctypedef fused _char:
    _ucs1
    _ucs2
    Py_UCS4


#: What a character of class ``cls`` adds to ``unit_counts``'s packed counts, at
#: ``_COUNT_STEP[cls]`` after a character that is no blocker and at
#: ``_COUNT_STEP[256 + cls]`` after one: an upper-case word start in bits 0-15, a
#: lower-case one in bits 16-31 (none after a blocker), a mark in bits 32-47, a
#: digit in bits 48-63.
cdef unsigned long long[512] _COUNT_STEP
for _c in range(256):
    _COUNT_STEP[_c] = (((_c >> 4) & 1) << 32) | (((_c >> 5) & 1) << 48)
    _COUNT_STEP[256 + _c] = _COUNT_STEP[_c]
    if _c & UPPER:
        _COUNT_STEP[_c] += 1
    elif _c & LOWER:
        _COUNT_STEP[_c] += 1 << 16
#: The most characters ``unit_counts`` packs before it adds up (no 16-bit count
#: can overflow).
cdef Py_ssize_t _COUNT_RUN = 0xFFFF


cdef int _unit_counts_of(const _char* s, int kind, Py_ssize_t length, list units,
                         unsigned char[:] table, classify, list sizes, list uppers,
                         list lowers, list mark_counts, list digit_counts, list spaced,
                         unsigned char[:] bullet_table, bullet_classify,
                         list bullet_flags, list titles, long least, int title_words,
                         _Words seen, int* number) except -1:
    # ``unit_counts`` over the characters of one width (a loop without the width's
    # switch per character; the four class counts added as one packed word from
    # ``_COUNT_STEP``, the words without branches on the classes); with ``spaced``
    # (not None) the units' spaces plus one too, with ``bullet_flags`` their
    # bullets (:func:`bullets`, classes from ``bullet_table``), with ``titles``
    # :func:`title_starts` (``least``, ``title_words``), with ``seen`` each unit's
    # number in that table of the units' texts (:func:`repeated_units`) in ``number``.
    cdef unsigned char* tab = &table[0]
    cdef Py_ssize_t start, end, p, stop
    cdef Py_UCS4 ch
    cdef unsigned int cls, space, prev_space, after_blocker
    cdef unsigned long long packed
    cdef long words, up, low, marks, digits, spaces
    cdef Py_ssize_t i = -1
    for unit in units:
        i += 1
        start, end = unit
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        words = up = low = marks = digits = spaces = 0
        after_blocker = 0
        prev_space = 1
        p = start
        while p < end:
            stop = end if end - p <= _COUNT_RUN else p + _COUNT_RUN
            packed = 0
            while p < stop:
                ch = s[p]
                cls = tab[ch]
                if cls == 0:
                    cls = classify_ahead(tab, sizeof(s[0]), <const void*>s, p, length, classify)
                space = _space(ch)
                words += prev_space & (space ^ 1)
                prev_space = space
                spaces += ch == 32
                # A word start after no blocker: upper case, else lower case.
                packed += _COUNT_STEP[after_blocker | cls]
                after_blocker = (cls & BLOCKER) << 5  # 256 after a blocker
                p += 1
            up += <long>(packed & 0xFFFF)
            low += <long>((packed >> 16) & 0xFFFF)
            marks += <long>((packed >> 32) & 0xFFFF)
            digits += <long>(packed >> 48)
        sizes.append(words)
        uppers.append(up)
        lowers.append(low)
        mark_counts.append(marks)
        digit_counts.append(digits)
        if spaced is not None:
            spaced.append(spaces + 1)
        if bullet_flags is not None:
            bullet_flags.append(_bullet_at(bullet_table, kind, <void*>s, start, end,
                                           bullet_classify))
        if titles is not None:
            titles.append(words >= least and _title_at(kind, <void*>s, start, end, title_words))
        if seen is not None:
            number[i] = seen.number_hashed(_unit_hash(kind, <void*>s, start, end), kind,
                                           <void*>s, start, end)
    return 0


def unit_counts(str text, list units, unsigned char[:] table, classify):
    """For each unit ``(start, end)`` of ``text``: its whitespace-separated words
    (``len(piece.split())``), its upper- and lower-case word starts (``_CASE``), its
    punctuation marks (``_MARK``) and its digits (``_DIGIT``), as five lists.

    A character's class comes from ``table`` (one byte per code point, 0 while
    unknown); an unknown one is classified by ``classify(char)`` (the patterns
    themselves) and stored, so the counts are what the patterns give.
    """
    return _unit_counts(text, units, table, classify, False, None, None, 0, 0)


def unit_stats(str text, list units, unsigned char[:] table, classify,
               unsigned char[:] bullet_table, bullet_classify, long least, int words):
    """:func:`unit_counts`, :func:`space_words`, :func:`bullets` (classes from
    ``bullet_table``, ``bullet_classify`` for unknown ones), :func:`title_starts`
    (``least``, ``words``) and :func:`repeated_units` of the units in one pass over
    them: nine lists (words, upper- and lower-case word starts, marks, digits,
    spaces plus one, bullet starts, title starts, repeated units)."""
    if bullet_table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    return _unit_counts(text, units, table, classify, True, bullet_table, bullet_classify,
                        least, words)


cdef tuple _unit_counts(str text, list units, unsigned char[:] table, classify, bint more,
                        unsigned char[:] bullet_table, bullet_classify, long least,
                        int title_words):
    cdef Py_ssize_t length = len(text), count = len(units), i
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef _Words seen = _Words(count) if more else None
    cdef int* number = NULL
    cdef int* times = NULL
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    sizes, uppers, lowers, mark_counts, digit_counts = [], [], [], [], []
    spaced = [] if more else None
    bullet_flags = [] if more else None
    titles = [] if more else None
    try:
        if more:
            number = <int*>malloc(max(1, count) * sizeof(int))
            times = <int*>calloc(max(1, count), sizeof(int))
            if number is NULL or times is NULL:
                raise MemoryError()
        if kind == PyUnicode_1BYTE_KIND:
            _unit_counts_of(<const _ucs1*>data, kind, length, units, table, classify, sizes,
                            uppers, lowers, mark_counts, digit_counts, spaced, bullet_table,
                            bullet_classify, bullet_flags, titles, least, title_words, seen,
                            number)
        elif kind == PyUnicode_2BYTE_KIND:
            _unit_counts_of(<const _ucs2*>data, kind, length, units, table, classify, sizes,
                            uppers, lowers, mark_counts, digit_counts, spaced, bullet_table,
                            bullet_classify, bullet_flags, titles, least, title_words, seen,
                            number)
        else:
            _unit_counts_of(<const Py_UCS4*>data, kind, length, units, table, classify, sizes,
                            uppers, lowers, mark_counts, digit_counts, spaced, bullet_table,
                            bullet_classify, bullet_flags, titles, least, title_words, seen,
                            number)
        if not more:
            return sizes, uppers, lowers, mark_counts, digit_counts
        for i in range(count):
            times[number[i]] += 1
        repeated = [times[number[i]] > 1 for i in range(count)]
        return (sizes, uppers, lowers, mark_counts, digit_counts, spaced, bullet_flags, titles,
                repeated)
    finally:
        free(number)
        free(times)


#: Bits of a character's class in the table of ``ago_stretches``
#: (``main_text._ago_class``).
cdef enum:
    AGO_KNOWN = 1
    AGO_BREAK = 2  # main_text._BREAK: neither a word character nor a space
    AGO_WORD = 4   # a word character (\w)
    AGO_DIGIT = 8  # main_text._DIGIT
    AGO_SPACE = 16  # main_text._SPACE
    AGO_UNIT = 32  # main_text._AGO_UNIT: the first letter of a unit of time


cdef inline bint _same_letter(Py_UCS4 ch, Py_UCS4 letter):
    # Whether ``ch`` matches the lower-case ``letter`` as ``regex`` matches ignoring
    # case: the letter, its upper case, and for "s", "k" and "i" the long s, the Kelvin
    # sign and the dotted capital I; only ASCII letters, "í" and "ñ" (the units of time).
    cdef unsigned int c = ch, low = letter
    if c == low:
        return True
    if 97 <= low <= 122:
        return c == low - 32 or (low == 115 and c == 0x17F) or (low == 107 and c == 0x212A) \
            or (low == 105 and c == 0x130)
    if low == 0xED or low == 0xF1:
        return c == low - 32
    return False


def same_letters(str letter):
    """Every code point that :func:`_same_letter` matches to ``letter`` (for the test
    that it is what ``regex`` matches ignoring case)."""
    cdef Py_UCS4 low = letter[0]
    cdef unsigned int c
    out = []
    for c in range(0x110000):
        if _same_letter(c, low):
            out.append(c)
    return out


cdef bint _unit_at(int kind, void* data, Py_ssize_t r, Py_ssize_t b, tuple units):
    # Whether one of ``units`` (lower case) begins at r and ends by b, ignoring case.
    cdef Py_ssize_t k, n
    cdef str unit
    for unit in units:
        n = len(unit)
        if r + n > b:
            continue
        for k in range(n):
            if not _same_letter(PyUnicode_READ(kind, data, r + k), unit[k]):
                break
        else:
            return True
    return False


cdef bint _ago_hint(unsigned char[:] table, int kind, void* data, Py_ssize_t a,
                    Py_ssize_t b, classify, tuple units, bint plain) except -1:
    # Whether main_text._AGO_HINT matches in text[a:b]: a run of one to three digits
    # (no digit before it), spaces, a unit of time of ``units``; or "منذ". With
    # ``plain`` (as in _next_word_digit) blocks of ASCII without a digit are skipped.
    cdef Py_ssize_t p = a - 1, r
    cdef Py_UCS4 ch
    while True:
        p += 1
        if plain:
            if kind == PyUnicode_2BYTE_KIND:
                p = _skip_plain2(<const unsigned short*>data, p, b)
            elif kind == PyUnicode_1BYTE_KIND:
                p = _skip_plain1(<const unsigned char*>data, p, b)
        if p >= b:
            break
        ch = PyUnicode_READ(kind, data, p)
        if ch == 0x0645 and p + 3 <= b and PyUnicode_READ(kind, data, p + 1) == 0x0646 \
                and PyUnicode_READ(kind, data, p + 2) == 0x0630:
            return True
        if not (_class_of(table, ch, classify) & AGO_DIGIT):
            continue
        if p > 0 and _class_of(table, PyUnicode_READ(kind, data, p - 1), classify) & AGO_DIGIT:
            continue
        r = p + 1
        while r < b and _class_of(table, PyUnicode_READ(kind, data, r), classify) & AGO_DIGIT:
            r += 1
        if r - p > 3 or r >= b or not (
                _class_of(table, PyUnicode_READ(kind, data, r), classify) & AGO_SPACE):
            continue
        while r < b and _class_of(table, PyUnicode_READ(kind, data, r), classify) & AGO_SPACE:
            r += 1
        if r < b and _class_of(table, PyUnicode_READ(kind, data, r), classify) & AGO_UNIT \
                and _unit_at(kind, data, r, b, units):
            return True
    return False


cdef Py_ssize_t _next_word_digit(const _char* s, Py_ssize_t p, Py_ssize_t length,
                                 bint prev_word, unsigned char[:] table, classify,
                                 bint plain) except -1:
    # The first position from p of a digit (AGO_DIGIT) after no word character
    # (``prev_word``: whether the character before p is one), or ``length``. With
    # ``plain`` (the ASCII characters' classes all known, the digits "0" to "9"
    # the only ASCII ones), blocks of characters of one or two bytes without a
    # digit or a character outside ASCII are skipped a word at a time.
    cdef unsigned char* tab = &table[0]
    cdef unsigned char cls
    cdef Py_UCS4 ch
    cdef Py_ssize_t q, stop
    while p < length:
        if plain:
            if _char is _ucs1:
                q = _skip_plain1(<const unsigned char*>s, p, length)
            elif _char is _ucs2:
                q = _skip_plain2(<const unsigned short*>s, p, length)
            else:
                q = p
            if q > p:
                prev_word = (tab[s[q - 1]] & AGO_WORD) != 0
                p = q
        stop = p + 8 if p + 8 < length else length
        while p < stop:
            ch = s[p]
            cls = tab[ch]
            if cls == 0:
                cls = classify_ahead(tab, sizeof(s[0]), <const void*>s, p, length, classify)
            if cls & AGO_DIGIT and not prev_word:
                return p
            prev_word = (cls & AGO_WORD) != 0
            p += 1
    return length


def ago_stretches(str text, unsigned char[:] table, classify, tuple units):
    """``(start, end)`` of every stretch of ``text`` where a relative time can be:
    the characters around a number that starts a word, up to the nearest break
    (a character neither a word character nor a space) on either side, that hold
    ``main_text._AGO_HINT`` — what ``main_text._ago_stretches_python`` finds with its
    patterns, in order. Classes come from ``table`` as in :func:`unit_counts`
    (``classify`` for unknown ones); ``units``: the units of time of the hint
    (``main_text._AGO_UNITS``, lower case)."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t p = 0, q, end = 0
    cdef Py_UCS4 ch
    cdef unsigned char cls
    cdef bint prev_word = False
    cdef bint plain = True
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    # Whether the ASCII digits are "0" to "9" (every ASCII class asked first): then
    # the scan skips plain ASCII a word at a time.
    for p in range(128):
        if bool(_class_of(table, <Py_UCS4>p, classify) & AGO_DIGIT) != (48 <= p <= 57):
            plain = False
    p = 0
    out = []
    while True:
        # The next digit after no word character (one loop per character width).
        if kind == PyUnicode_1BYTE_KIND:
            p = _next_word_digit(<const _ucs1*>data, p, length, prev_word, table, classify, plain)
        elif kind == PyUnicode_2BYTE_KIND:
            p = _next_word_digit(<const _ucs2*>data, p, length, prev_word, table, classify, plain)
        else:
            p = _next_word_digit(<const Py_UCS4*>data, p, length, prev_word, table, classify, plain)
        if p >= length:
            break
        q = p - 1
        while q >= end and not (table[PyUnicode_READ(kind, data, q)] & AGO_BREAK):
            q -= 1
        # (every character before p is in the table already)
        end = p + 1
        while end < length:
            ch = PyUnicode_READ(kind, data, end)
            cls = _class_of(table, ch, classify)
            if cls & AGO_BREAK:
                break
            end += 1
        if _ago_hint(table, kind, data, q + 1, end, classify, units, plain):
            out.append((q + 1, end))
        if end >= length:
            break
        # text[end] is a break: not a word character, and no digit
        p = end + 1
        prev_word = False
    return out


#: Bits of a character's class in the table of ``flag_units``
#: (``main_text._FLAG_CLASSES``).
cdef enum:
    FLAG_KNOWN = 1
    FLAG_DIGIT = 2      # main_text._DIGIT
    FLAG_CLOCK_SEP = 4  # main_text._CLOCK_SEP (what follows a clock's hours)
    FLAG_SPACE = 8      # main_text._SPACE
    FLAG_SEPARATOR = 16  # main_text._SEPARATOR_CHAR
    FLAG_WORD = 32  # main_text._WORD (a word character: ``\b`` after "com", "@x")


cdef inline bint _flag_has(unsigned char[:] table, int kind, void* data, Py_ssize_t length,
                           Py_ssize_t p, unsigned char bits, classify) except -1:
    # Whether text[p] exists and is of a class in ``bits``.
    return p < length and (_class_of(table, PyUnicode_READ(kind, data, p), classify) & bits) != 0


cdef inline bint _ascii_at(int kind, void* data, Py_ssize_t length, Py_ssize_t p, str word):
    # Whether ``word`` (ASCII) lies in the text at p.
    cdef Py_ssize_t k, n = len(word)
    if p + n > length:
        return False
    for k in range(n):
        if PyUnicode_READ(kind, data, p + k) != <Py_UCS4>word[k]:
            return False
    return True


cdef inline Py_ssize_t _clock_end(unsigned char[:] table, int kind, void* data, Py_ssize_t length,
                           Py_ssize_t p, classify) except -2:
    # The end of main_text._CLOCK's match at p (a digit after none), -1 for none:
    # one or two digits (two first), [:h], two digits and no third, then maybe
    # spaces, "a" or "p", ".", "m" at a word's end.
    cdef Py_ssize_t q = -1, r, m
    cdef Py_UCS4 ch
    if (_flag_has(table, kind, data, length, p + 1, FLAG_DIGIT, classify)
            and _flag_has(table, kind, data, length, p + 2, FLAG_CLOCK_SEP, classify)
            and _flag_has(table, kind, data, length, p + 3, FLAG_DIGIT, classify)
            and _flag_has(table, kind, data, length, p + 4, FLAG_DIGIT, classify)
            and not _flag_has(table, kind, data, length, p + 5, FLAG_DIGIT, classify)):
        q = p + 5
    elif (_flag_has(table, kind, data, length, p + 1, FLAG_CLOCK_SEP, classify)
            and _flag_has(table, kind, data, length, p + 2, FLAG_DIGIT, classify)
            and _flag_has(table, kind, data, length, p + 3, FLAG_DIGIT, classify)
            and not _flag_has(table, kind, data, length, p + 4, FLAG_DIGIT, classify)):
        q = p + 4
    if q < 0:
        return -1
    r = q
    while _flag_has(table, kind, data, length, r, FLAG_SPACE, classify):
        r += 1
    if r >= length:
        return q
    ch = PyUnicode_READ(kind, data, r)
    if not (ch == u'a' or ch == u'A' or ch == u'p' or ch == u'P'):
        return q
    m = r + 1
    if m < length and PyUnicode_READ(kind, data, m) == u'.':
        m += 1
    if m >= length:
        return q
    ch = PyUnicode_READ(kind, data, m)
    if not (ch == u'm' or ch == u'M'):
        return q
    if _flag_has(table, kind, data, length, m + 1, FLAG_WORD, classify):
        return q
    return m + 1


cdef inline Py_ssize_t _link_end(unsigned char[:] table, int kind, void* data, Py_ssize_t length,
                          Py_ssize_t p, Py_UCS4 ch, classify) except -2:
    # The end of main_text._LINK's match at p (``ch`` the character there), -1 for none.
    if ch == u'.':
        if (_ascii_at(kind, data, length, p + 1, "com") or _ascii_at(kind, data, length, p + 1, "org")
                or _ascii_at(kind, data, length, p + 1, "net")):
            if not _flag_has(table, kind, data, length, p + 4, FLAG_WORD, classify):
                return p + 4
        elif _ascii_at(kind, data, length, p + 1, "de") or _ascii_at(kind, data, length, p + 1, "fr"):
            if not _flag_has(table, kind, data, length, p + 3, FLAG_WORD, classify):
                return p + 3
    elif ch == u'h':
        if _ascii_at(kind, data, length, p, "https:"):
            return p + 6
        if _ascii_at(kind, data, length, p, "http:"):
            return p + 5
    elif ch == u'w':
        if _ascii_at(kind, data, length, p, "www."):
            return p + 4
    elif ch == u'@':
        if _flag_has(table, kind, data, length, p + 1, FLAG_WORD, classify):
            return p + 2
    return -1


#: The link starts ``flag_units`` looks for by two ASCII characters: a bit for the
#: first ("h", "w", ".") in ``_LINK_FIRST``, the same bit for a second one after it
#: ("ht", "ww", ".c", ".o", ".n", ".d", ".f") in ``_LINK_SECOND``.
cdef unsigned char[128] _LINK_FIRST
cdef unsigned char[128] _LINK_SECOND
memset(_LINK_FIRST, 0, 128)
memset(_LINK_SECOND, 0, 128)
_LINK_FIRST[104] = 1  # "h"
_LINK_SECOND[116] = 1  # "t"
_LINK_FIRST[119] = 2  # "w"
_LINK_SECOND[119] |= 2  # "w"
_LINK_FIRST[46] = 4  # "."
for _c in "condf":
    _LINK_SECOND[ord(_c)] |= 4


cdef extern from *:
    """
    #if defined(__SSE2__)
    #include <emmintrin.h>
    #endif
    /* The first position from p (p + 9 <= n for a block) of a block of eight
       characters of two bytes where flag_units may start a pattern: a character
       outside ASCII, a digit, "|", "/", ">", "@", or a link's first two
       characters ("ht", "ww", ".c", ".o", ".n", ".d", ".f"); the position of the
       last block's end when none (no skipping without SSE2). */
    static Py_ssize_t cleantext_flag_skip2(const Py_UCS2* s, Py_ssize_t p, Py_ssize_t n) {
    #if defined(__SSE2__)
        const __m128i high = _mm_set1_epi16((short)0xFF80), zero = _mm_setzero_si128();
    #define CT_EQ(v, c) _mm_cmpeq_epi16((v), _mm_set1_epi16((short)(c)))
        for (; p + 9 <= n; p += 8) {
            __m128i x = _mm_loadu_si128((const __m128i*)(s + p));
            __m128i y = _mm_loadu_si128((const __m128i*)(s + p + 1));
            __m128i ascii = _mm_cmpeq_epi16(_mm_and_si128(x, high), zero);
            __m128i found = _mm_and_si128(_mm_cmpgt_epi16(x, _mm_set1_epi16('0' - 1)),
                                          _mm_cmpgt_epi16(_mm_set1_epi16('9' + 1), x));
            found = _mm_or_si128(found, _mm_or_si128(_mm_or_si128(CT_EQ(x, '|'), CT_EQ(x, '/')),
                                                     _mm_or_si128(CT_EQ(x, '>'), CT_EQ(x, '@'))));
            found = _mm_or_si128(found, _mm_and_si128(CT_EQ(x, 'h'), CT_EQ(y, 't')));
            found = _mm_or_si128(found, _mm_and_si128(CT_EQ(x, 'w'), CT_EQ(y, 'w')));
            found = _mm_or_si128(found, _mm_and_si128(CT_EQ(x, '.'), _mm_or_si128(
                _mm_or_si128(_mm_or_si128(CT_EQ(y, 'c'), CT_EQ(y, 'o')),
                             _mm_or_si128(CT_EQ(y, 'n'), CT_EQ(y, 'd'))), CT_EQ(y, 'f'))));
            if (_mm_movemask_epi8(ascii) != 0xFFFF || _mm_movemask_epi8(found) != 0)
                return p;
        }
    #undef CT_EQ
    #endif
        return p;
    }
    """
    Py_ssize_t _flag_skip2 "cleantext_flag_skip2"(const unsigned short* s, Py_ssize_t p,
                                                  Py_ssize_t n) noexcept nogil


cdef Py_ssize_t _next_flag_start(const _char* s, Py_ssize_t p, Py_ssize_t length,
                                 unsigned char[:] table, classify, bint plain) except -1:
    # The first position from p where ``flag_units`` tries a pattern: a digit, a
    # separator, "@", or the first two characters of a link's start ("ht", "ww",
    # ".c", ".o", ".n", ".d", ".f"); or ``length``. One branch a character: the
    # tests are bits (the pair's from two small tables). With ``plain`` (the ASCII
    # digits and separators among "0"-"9", "|", "/", ">"), a text of two bytes a
    # character skips blocks of eight where no pattern can start.
    cdef unsigned char* tab = &table[0]
    cdef unsigned int cls, pair
    cdef Py_UCS4 ch, nxt
    cdef Py_ssize_t stop
    while p < length:
        if _char is _ucs2:
            if plain:
                p = _flag_skip2(<const unsigned short*>s, p, length)
        stop = p + 8 if p + 8 < length else length
        while p < stop:
            ch = s[p]
            cls = tab[ch]
            if cls == 0:
                cls = classify_ahead(tab, sizeof(s[0]), <const void*>s, p, length, classify)
            nxt = s[p + 1] if p + 1 < length else 0
            pair = _LINK_FIRST[ch if ch < 128 else 0] & _LINK_SECOND[nxt if nxt < 128 else 0]
            if (cls & (FLAG_DIGIT | FLAG_SEPARATOR)) | (ch == 64) | pair:
                return p
            p += 1
    return length


def flag_units(str text, list units, unsigned char[:] table, classify):
    """``main_text._flags`` of ``_CLOCK``, ``_YEAR``, ``_SEPARATOR`` and ``_LINK``
    (whether a match of the pattern's search over the whole text starts in each
    unit ``(start, end)``, the units' starts sorted), as four lists of bools, with
    the patterns matched in C: each is tried where its match can start and, as
    ``finditer`` goes on, not before the end of its last match. Classes come from
    ``table`` as in :func:`unit_counts` (``classify`` for unknown ones: bits 2
    ``_DIGIT``, 4 ``_CLOCK_SEP``, 8 ``_SPACE``, 16 ``_SEPARATOR_CHAR``, 32 ``_WORD``)."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t count = len(units), p, q, i, k = 0, found
    cdef Py_ssize_t clock_end = 0, year_end = 0, separator_end = 0, link_end = 0
    cdef Py_UCS4 ch, nxt
    cdef unsigned char cls
    cdef Py_ssize_t* starts = NULL
    cdef Py_ssize_t* ends = NULL
    cdef unsigned char* flags = NULL
    cdef bint plain = True
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    # Whether the ASCII characters that can start a pattern are all among those
    # the skipping looks for (every ASCII class asked first).
    for p in range(128):
        if (_class_of(table, <Py_UCS4>p, classify) & (FLAG_DIGIT | FLAG_SEPARATOR)
                and not (48 <= p <= 57 or p == 124 or p == 47 or p == 62)):
            plain = False
    starts = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    ends = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    flags = <unsigned char*>malloc(4 * count + 1)
    try:
        if starts is NULL or ends is NULL or flags is NULL:
            raise MemoryError()
        for i in range(count):
            starts[i], ends[i] = units[i]
            if i and starts[i] < starts[i - 1]:
                raise ValueError("units out of order")
        memset(flags, 0, 4 * count + 1)
        p = -1
        while True:
            # The next character that can start a match (a loop per character width).
            if kind == PyUnicode_1BYTE_KIND:
                p = _next_flag_start(<const _ucs1*>data, p + 1, length, table, classify,
                                     plain)
            elif kind == PyUnicode_2BYTE_KIND:
                p = _next_flag_start(<const _ucs2*>data, p + 1, length, table, classify,
                                     plain)
            else:
                p = _next_flag_start(<const Py_UCS4*>data, p + 1, length, table, classify,
                                     plain)
            if p >= length:
                break
            ch = PyUnicode_READ(kind, data, p)
            cls = table[ch]
            # The unit holding p: the last one starting at or before it (bisect).
            while k < count and starts[k] <= p:
                k += 1
            i = k - 1
            if i >= 0 and not (p < ends[i]):
                i = -1
            if cls & FLAG_DIGIT:
                if p > 0 and _class_of(table, PyUnicode_READ(kind, data, p - 1), classify) & FLAG_DIGIT:
                    continue
                if p >= clock_end:
                    found = _clock_end(table, kind, data, length, p, classify)
                    if found >= 0:
                        clock_end = found
                        if i >= 0:
                            flags[4 * i] = 1
                if p >= year_end and p + 1 < length:
                    nxt = PyUnicode_READ(kind, data, p + 1)
                    if (((ch == u'1' and nxt == u'9') or (ch == u'2' and nxt == u'0'))
                            and _flag_has(table, kind, data, length, p + 2, FLAG_DIGIT, classify)
                            and _flag_has(table, kind, data, length, p + 3, FLAG_DIGIT, classify)
                            and not _flag_has(table, kind, data, length, p + 4, FLAG_DIGIT,
                                              classify)):
                        year_end = p + 4
                        if i >= 0:
                            flags[4 * i + 1] = 1
            elif cls & FLAG_SEPARATOR:
                if p < separator_end or (p > 0 and not (_class_of(
                        table, PyUnicode_READ(kind, data, p - 1), classify) & FLAG_SPACE)):
                    continue
                q = p + 1
                while _flag_has(table, kind, data, length, q, FLAG_SEPARATOR, classify):
                    q += 1
                if q >= length or _flag_has(table, kind, data, length, q, FLAG_SPACE, classify):
                    separator_end = q
                    if i >= 0:
                        flags[4 * i + 2] = 1
            elif p >= link_end:
                found = _link_end(table, kind, data, length, p, ch, classify)
                if found >= 0:
                    link_end = found
                    if i >= 0:
                        flags[4 * i + 3] = 1
        clocks, years, separators, links = [], [], [], []
        for i in range(count):
            clocks.append(flags[4 * i] != 0)
            years.append(flags[4 * i + 1] != 0)
            separators.append(flags[4 * i + 2] != 0)
            links.append(flags[4 * i + 3] != 0)
        return clocks, years, separators, links
    finally:
        free(starts)
        free(ends)
        free(flags)


#: The 0.0 and 1.0 of the feature rows' flag columns: one object each, shared.
cdef object ZERO = 0.0
cdef object ONE = 1.0


cdef inline bint _in(Py_UCS4 ch, str chars):
    cdef Py_UCS4 c
    for c in chars:
        if c == ch:
            return True
    return False


def base_rows(str text, list units, list sizes, list lowers, list uppers, list stops,
              list marks, list digits, list separators, list removed, list phrase,
              list repeated, list headlines, list clocks, list agos, list years,
              list links, list bullets, Py_ssize_t comments, long all_words,
              double doc_words, str closers, str endings, Py_ssize_t width):
    """The rows of ``main_text.BASE`` (the loop in ``main_text.features``), from the
    per-unit counts and flags: the same values, computed the same way, as the first
    columns of a C matrix ``width`` wide (the others 0.0)."""
    cdef Py_ssize_t count = len(units)
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, start, end, p, total
    cdef long n, low, up, before = 0, flagged = 0, chars
    cdef double headers = 0.0, header, lower, share
    cdef bint has_last, ends, colon, clock
    cdef Py_UCS4 last
    for column in (sizes, lowers, uppers, stops, marks, digits, separators, removed, phrase,
                   repeated, headlines, clocks, agos, years, links, bullets):
        if len(column) != count:
            raise ValueError("a feature column and the units differ in length")
    if width < 27:
        raise ValueError("the matrix is narrower than the rows")
    total = max(1, count - 1)
    out = _zeros(count, width)
    cdef double[:, ::1] Y = out
    for i in range(count):
        start, end = units[i]
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        n = sizes[i]
        low = lowers[i]
        up = uppers[i]
        chars = end - start
        if n == 0 or chars == 0:
            raise ZeroDivisionError("a unit without words")
        # piece.rstrip(closers)[-1:]
        p = end
        while p > start and _in(PyUnicode_READ(kind, data, p - 1), closers):
            p -= 1
        has_last = p > start
        last = PyUnicode_READ(kind, data, p - 1) if has_last else 0
        ends = has_last and _in(last, endings)
        colon = has_last and last == u":"
        clock = bool(clocks[i])
        header = 1.0 if n <= 15 and (clock or agos[i] or (colon and years[i])) else 0.0
        lower = <double>low / <double>(low + up) if low + up else 0.5
        share = <double>marks[i] / <double>n
        if not (share < 1.0):
            share = 1.0
        Y[i, 0] = _log1p_count(n)
        Y[i, 1] = lower
        Y[i, 2] = <double>stops[i] / <double>n
        Y[i, 3] = 1.0 if ends else 0.0
        Y[i, 4] = share
        Y[i, 6] = 1.0 if separators[i] else 0.0
        Y[i, 7] = removed[i]
        Y[i, 8] = float(phrase[i])
        Y[i, 9] = 1.0 if repeated[i] else 0.0
        Y[i, 10] = 1.0 if headlines[i] else 0.0
        Y[i, 11] = <double>i / <double>total
        Y[i, 12] = <double>before / <double>all_words
        Y[i, 13] = 1.0 if start >= comments else 0.0
        Y[i, 14] = 1.0 if clock else 0.0
        Y[i, 15] = 1.0 if colon else 0.0
        Y[i, 16] = <double>up / <double>n
        Y[i, 17] = <double>chars / <double>n
        Y[i, 19] = doc_words
        Y[i, 20] = 1.0 if bullets[i] else 0.0
        Y[i, 21] = 1.0 if links[i] else 0.0
        Y[i, 22] = header
        Y[i, 23] = log1p(headers)
        Y[i, 24] = _log1p_count(flagged)
        share = <double>digits[i] / <double>chars
        if not (share < 1.0):
            share = 1.0
        Y[i, 5] = share
        before += n
        headers += header
        if removed[i] >= 0.5 or phrase[i]:
            flagged += 1
    return out[:count]


cdef enum:
    WORD = 64       # main_text._WORD's \w
    CASELESS = 128  # char.lower() == char.upper()


cdef inline bint _capital(Py_UCS4 ch):
    # ``str.isupper() or str.isdigit()`` of one character (ASCII without a call).
    if ch < 128:
        return (65 <= ch <= 90) or (48 <= ch <= 57)
    return Py_UNICODE_ISUPPER(ch) or Py_UNICODE_ISDIGIT(ch)


cdef list _case_pieces_of(const _char* s, Py_ssize_t start, Py_ssize_t end,
                          unsigned char[:] table, classify, int run):
    # ``case_pieces`` over the characters of one width, the words in C arrays.
    out = []
    if not _case_cuts(s, start, end, &table[0], table, classify, run, out):
        out.append((start, end))
    return out


cdef bint _case_cuts(const _char* s, Py_ssize_t start, Py_ssize_t end, unsigned char* tab,
                     unsigned char[:] table, classify, int run, list out) except -1:
    # ``case_pieces``'s pieces of ``[start, end)`` appended to ``out``; False (nothing
    # appended) when there is no run to cut, the piece being the span itself.
    cdef Py_ssize_t p, n = 0, streak = 0, i, k, a, b, c, nxt, spaces, n_cuts = 0
    cdef Py_UCS4 ch
    cdef unsigned char cls
    cdef bint in_word = False, found = False, opens
    cdef long upper, after
    # First only whether there is a run to cut (most sentences have none).
    for p in range(start, end):
        ch = s[p]
        cls = tab[ch]
        if cls == 0:
            cls = classify_ahead(tab, sizeof(s[0]), <const void*>s, p, end, classify)
        if cls & WORD:
            if not in_word:
                n += 1
                if _capital(ch):
                    streak += 1
                    if streak >= run:
                        found = True
                else:
                    streak = 0
            in_word = True
        else:
            in_word = False
    if n < 2 * run or not found:
        return False
    cdef Py_ssize_t* starts = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))  # word starts
    cdef Py_ssize_t* cuts = <Py_ssize_t*>malloc(n * sizeof(Py_ssize_t))
    cdef unsigned char* caps = <unsigned char*>malloc(n)  # a capital or a digit first
    cdef unsigned char* caseless = <unsigned char*>malloc(n)  # ... a character without case
    try:
        if starts is NULL or cuts is NULL or caps is NULL or caseless is NULL:
            raise MemoryError()
        k = 0
        in_word = False
        for p in range(start, end):
            ch = s[p]
            cls = tab[ch]
            if cls & WORD:
                if not in_word:
                    starts[k] = p
                    caseless[k] = (cls & CASELESS) != 0
                    caps[k] = _capital(ch)
                    k += 1
                in_word = True
            else:
                in_word = False
        upper = 0
        after = 0
        for i in range(run):
            upper += caps[i]
            after += caps[run + i]
        for i in range(run, n - run + 1):
            if i > run:
                upper += <long>caps[i - 1] - <long>caps[i - 1 - run]
                after += <long>caps[i + run - 1] - <long>caps[i - 1]
            opens = caps[i] or caseless[i]
            if (upper == run and opens and after - <long>caps[i] <= 1) or (
                upper <= 1 and after == run
            ):
                c = starts[i]
                if Py_UNICODE_ISSPACE(s[c - 1]):
                    cuts[n_cuts] = c
                    n_cuts += 1
        # Of adjacent candidates keep the later one: a cut needs two spaces before
        # the next; the pieces between the kept cuts, trimmed.
        a = start
        for i in range(n_cuts + 1):
            if i < n_cuts:
                c = cuts[i]
                nxt = cuts[i + 1] if i + 1 < n_cuts else end
                spaces = 0
                for p in range(c, nxt):
                    if s[p] == 32:
                        spaces += 1
                if spaces <= 1:
                    continue
            else:
                c = end
            b = c
            while b > a and Py_UNICODE_ISSPACE(s[b - 1]):
                b -= 1
            if b > a:
                out.append((a, b))
            a = c
        return True
    finally:
        free(starts)
        free(cuts)
        free(caps)
        free(caseless)


cpdef list case_pieces(str text, Py_ssize_t start, Py_ssize_t end, unsigned char[:] table,
                       classify, int run):
    """``main_text._case_pieces``: ``text[start:end]`` cut where a run of ``run``
    Title Case words gives way to prose or prose to such a run — the same words
    (``_WORD``), the same tests, the same cuts and trimmed pieces."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    if start < 0 or end > length or start > end:
        raise ValueError("a unit out of the text")
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    if run < 1:
        raise ValueError("a run of at least one word")
    if kind == PyUnicode_1BYTE_KIND:
        return _case_pieces_of(<const _ucs1*>data, start, end, table, classify, run)
    if kind == PyUnicode_2BYTE_KIND:
        return _case_pieces_of(<const _ucs2*>data, start, end, table, classify, run)
    return _case_pieces_of(<const Py_UCS4*>data, start, end, table, classify, run)


def title_starts(str text, list units, list tokens, long least, int words):
    """For each unit ``(start, end)`` with at least ``least`` whitespace-separated
    words (``tokens``): whether its first ``words`` words all start with an
    upper-case letter (``str.isupper``) — ``main_text._title_start`` of units long
    enough for a headline; False for the others."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t start, end, i
    if len(tokens) != len(units):
        raise ValueError("one word count per unit")
    out = []
    for i in range(len(units)):
        start, end = units[i]
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        out.append(<long>tokens[i] >= least and _title_at(kind, data, start, end, words))
    return out


cdef bint _title_at(int kind, void* data, Py_ssize_t start, Py_ssize_t end, int words):
    # Whether the first ``words`` whitespace-separated words of [start, end) all
    # start with an upper-case letter (``str.isupper``).
    cdef Py_ssize_t p = start
    cdef int seen = 0
    while seen < words:
        p = _skip_space(kind, data, p, end)
        if p >= end or not Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, p)):
            return False
        seen += 1
        p = _skip_word(kind, data, p, end)
    return True


def headlines(str text, list units, list titles, stop):
    """For each unit ``(start, end)``: ``main_text._headline`` of its
    whitespace-separated words when ``titles`` flags it (its first words are
    capitalised), else False — whether it opens with four or more words that start
    with an upper-case letter (``str.isupper``), a later one of them a function word
    of ``stop`` (lower-cased), and has eight words or more."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t i, start, end, p, a, words, count, capital_stops
    if len(titles) != len(units):
        raise ValueError("one title flag per unit")
    out = [False] * len(units)
    for i in range(len(units)):
        if not titles[i]:
            continue
        start, end = units[i]
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        p = start
        words = count = capital_stops = 0
        counting = True
        while True:
            p = _skip_space(kind, data, p, end)
            if p >= end:
                break
            a = p
            p = _skip_word(kind, data, p, end)
            words += 1
            if counting:
                if not Py_UNICODE_ISUPPER(PyUnicode_READ(kind, data, a)):
                    counting = False
                else:
                    count += 1
                    if count > 1 and text[a:p].lower() in stop:
                        capital_stops += 1
            elif words >= 8:
                break  # enough words counted
        out[i] = words >= 8 and count >= 4 and capital_stops >= 1
    return out


def case_pieces_of(str text, list spans, unsigned char[:] table, classify, int run):
    """:func:`case_pieces` of every ``(start, end)`` of ``spans``, one list of all
    the pieces in order (a span without a cut is the span's own tuple)."""
    cdef Py_ssize_t length = len(text), start, end
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef unsigned char* tab
    cdef bint cut
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    if run < 1:
        raise ValueError("a run of at least one word")
    tab = &table[0]
    out = []
    for span in spans:
        start, end = span
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        if kind == PyUnicode_1BYTE_KIND:
            cut = _case_cuts(<const _ucs1*>data, start, end, tab, table, classify, run, out)
        elif kind == PyUnicode_2BYTE_KIND:
            cut = _case_cuts(<const _ucs2*>data, start, end, tab, table, classify, run, out)
        else:
            cut = _case_cuts(<const Py_UCS4*>data, start, end, tab, table, classify, run, out)
        if not cut:
            out.append(span if type(span) is tuple else (start, end))
    return out


cdef int _viterbi(const double* gains, Py_ssize_t n, double switch_cost,
                  unsigned char* labels) except -1:
    """``main_text.decode`` of a C array into ``labels`` (1 inside): the
    inside/outside path that maximises the summed gains of the inside units minus
    ``switch_cost`` per entry (Viterbi, two states), with the same comparisons and
    additions in the same order. The one copy of the pass every compiled caller uses."""
    cdef Py_ssize_t i
    cdef double out_score = 0.0, in_score = -INFINITY, new_in, new_out
    cdef bint from_in, out_from_in, state
    cdef unsigned char back
    for i in range(n):
        from_in = in_score >= out_score - switch_cost
        new_in = (in_score if from_in else out_score - switch_cost) + gains[i]
        out_from_in = in_score > out_score
        new_out = in_score if out_from_in else out_score
        labels[i] = (1 if out_from_in else 0) | (2 if from_in else 0)  # back pointers
        out_score = new_out
        in_score = new_in
    state = in_score > out_score
    for i in range(n - 1, -1, -1):
        back = labels[i]
        labels[i] = state  # the label, where its back pointers were
        state = (back & 2) != 0 if state else (back & 1) != 0
    return 0


def decode(list gains, double switch_cost):
    """``main_text.decode``: the inside/outside labels that maximise the summed
    gains of the inside units minus ``switch_cost`` per entry (Viterbi, two
    states), with the same comparisons and additions in the same order."""
    cdef Py_ssize_t count = len(gains), i
    cdef double* values = <double*>malloc(max(1, count) * sizeof(double))
    cdef unsigned char* labels = <unsigned char*>malloc(max(1, count))
    if values is NULL or labels is NULL:
        free(values)
        free(labels)
        raise MemoryError()
    try:
        for i in range(count):
            values[i] = gains[i]
        _viterbi(values, count, switch_cost, labels)
        return [labels[i] != 0 for i in range(count)]
    finally:
        free(values)
        free(labels)


# -- numbered words: a table of words where they lie in their strings ----------------

cdef inline unsigned long long _hash_step(unsigned long long h, Py_UCS4 ch) noexcept nogil:
    # One character into a word's hash: rotate and xor (one cycle or two a character,
    # where a multiply is three or four; the word's hash mixed once, by _hash_end).
    return ((h << 5) | (h >> 59)) ^ <unsigned long long>ch


cdef inline unsigned long long _hash_end(unsigned long long h) noexcept nogil:
    # The hash of a word from its characters' _hash_step from 0: every bit mixed
    # into the low ones (the slot) and the high ones (the tag of _Words).
    h *= 0x9E3779B97F4A7C15ULL
    return h ^ (h >> 29)


cdef inline unsigned long long _word_hash(int kind, void* data, Py_ssize_t a, Py_ssize_t b):
    # The hash of the code points of text[a:b] (_hash_step, _hash_end; a loop per
    # character width): the same for the same word in strings of any width.
    cdef unsigned long long h = 0
    cdef Py_ssize_t p
    cdef const _ucs1* one
    cdef const _ucs2* two
    cdef const Py_UCS4* four
    if kind == PyUnicode_1BYTE_KIND:
        one = <const _ucs1*>data
        for p in range(a, b):
            h = _hash_step(h, one[p])
    elif kind == PyUnicode_2BYTE_KIND:
        two = <const _ucs2*>data
        for p in range(a, b):
            h = _hash_step(h, two[p])
    else:
        four = <const Py_UCS4*>data
        for p in range(a, b):
            h = _hash_step(h, four[p])
    return _hash_end(h)


cdef extern from *:
    """
    #include <string.h>
    /* Whether a[0:n] and b[0:n] hold the same bytes: eight at a time (the last
       eight overlapping), or four, or one by one below four; no call for the
       short words of a text. */
    static inline int cleantext_same_bytes(const char* a, const char* b, Py_ssize_t n) {
        unsigned long long x, y;
        unsigned int u, v;
        Py_ssize_t i;
        if (n >= 8) {
            for (i = 0; i + 8 <= n; i += 8) {
                memcpy(&x, a + i, 8);
                memcpy(&y, b + i, 8);
                if (x != y)
                    return 0;
            }
            memcpy(&x, a + n - 8, 8);
            memcpy(&y, b + n - 8, 8);
            return x == y;
        }
        if (n >= 4) {
            memcpy(&u, a, 4);
            memcpy(&v, b, 4);
            if (u != v)
                return 0;
            memcpy(&u, a + n - 4, 4);
            memcpy(&v, b + n - 4, 4);
            return u == v;
        }
        for (i = 0; i < n; i++)
            if (a[i] != b[i])
                return 0;
        return 1;
    }
    """
    bint _same_bytes "cleantext_same_bytes"(const char* a, const char* b,
                                            Py_ssize_t n) noexcept nogil


cdef inline bint _same_word(int kind, void* data, Py_ssize_t a, int kind2, void* data2,
                            Py_ssize_t a2, Py_ssize_t n) noexcept:
    cdef Py_ssize_t k
    if kind == kind2:  # the same width: the same bytes
        return _same_bytes(<char*>data + a * kind, <char*>data2 + a2 * kind, n * kind)
    for k in range(n):
        if PyUnicode_READ(kind, data, a + k) != PyUnicode_READ(kind2, data2, a2 + k):
            return False
    return True


cdef extern from *:
    """
    #if defined(__GNUC__) || defined(__clang__)
    #define cleantext_prefetch(p) __builtin_prefetch((const void*)(p))
    #else
    #define cleantext_prefetch(p) ((void)(p))
    #endif
    """
    void _prefetch "cleantext_prefetch"(const void* p) noexcept nogil


cdef struct _Word:
    unsigned long long hash
    void* data  # the string the word lies in (kept alive by the caller)
    Py_ssize_t start
    Py_ssize_t length
    int kind


#: The high half of a slot of ``_Words``: the high half of the word's hash.
cdef unsigned long long _TAG = 0xFFFFFFFF00000000ULL


@cython.final
cdef class _Words:
    """Distinct words of one or more strings, each with a number: an open-addressing
    table of 8-byte slots (the high half of the word's hash, the word's number plus
    one; 0 for an empty slot) over an array of the words ``(hash, string, start,
    length)`` by number (the string kept alive by the caller). The table is twice
    as large as the words in it at least (it grows as they come); a probe reads
    the word only when the hashes' high halves agree."""
    cdef Py_ssize_t size, count
    cdef unsigned long long* slots
    cdef _Word* words

    def __cinit__(self, Py_ssize_t most):
        # ``most``: about how many words will come (the table starts that large).
        self.size = 16
        while self.size < 2 * most + 2:
            self.size *= 2
        self.count = 0
        self.slots = <unsigned long long*>calloc(self.size, sizeof(unsigned long long))
        self.words = <_Word*>malloc((self.size // 2 + 1) * sizeof(_Word))
        if self.slots is NULL or self.words is NULL:
            raise MemoryError()

    cdef int _grow(self) except -1:
        # Twice the slots, the words put where their hashes take them.
        cdef Py_ssize_t size = 2 * self.size, i, slot
        cdef unsigned long long* slots = <unsigned long long*>calloc(
            size, sizeof(unsigned long long))
        cdef _Word* words = <_Word*>realloc(self.words, (size // 2 + 1) * sizeof(_Word))
        if words is not NULL:
            self.words = words
        if slots is NULL or words is NULL:
            free(slots)
            raise MemoryError()
        for i in range(self.count):
            slot = <Py_ssize_t>(words[i].hash & <unsigned long long>(size - 1))
            while slots[slot]:
                slot = (slot + 1) & (size - 1)
            slots[slot] = (words[i].hash & _TAG) | <unsigned long long>(i + 1)
        free(self.slots)
        self.slots = slots
        self.size = size
        return 0

    def __dealloc__(self):
        free(self.slots)
        free(self.words)

    cdef inline Py_ssize_t _slot(self, unsigned long long h, int kind, void* data, Py_ssize_t a,
                                 Py_ssize_t n) noexcept:
        """The slot of the word of ``n`` characters at ``a`` of the string (``kind``,
        ``data``) with hash ``h``: its own, or the empty one where it would go."""
        cdef Py_ssize_t mask = self.size - 1
        cdef Py_ssize_t slot = <Py_ssize_t>(h & <unsigned long long>mask)
        cdef unsigned long long tag = h & _TAG, e
        cdef _Word* at
        while True:
            e = self.slots[slot]
            if e == 0:
                return slot
            if (e & _TAG) == tag:
                at = &self.words[(e & 0xFFFFFFFFULL) - 1]
                if at.length == n and _same_word(kind, data, a, at.kind, at.data, at.start, n):
                    return slot
            slot = (slot + 1) & mask

    cdef inline void prefetch_slot(self, unsigned long long h) noexcept:
        """Ask for the first slot of hash ``h`` to be brought into the cache (a
        lookup a few words ahead: the lookups' memory reads overlap)."""
        _prefetch(&self.slots[h & <unsigned long long>(self.size - 1)])

    cdef inline void prefetch_word(self, unsigned long long h) noexcept:
        """Ask for the word in the first slot of hash ``h`` (if any) and its
        characters to be brought into the cache."""
        cdef unsigned long long e = self.slots[h & <unsigned long long>(self.size - 1)]
        cdef _Word* at
        if e:
            at = &self.words[(e & 0xFFFFFFFFULL) - 1]
            _prefetch(at)
            _prefetch(<char*>at.data + at.start * at.kind)

    cdef int number(self, int kind, void* data, Py_ssize_t a, Py_ssize_t b) except -1:
        """The number of the word ``[a, b)`` of the string (``kind``, ``data``), a new
        one (the count so far) when it is not in the table yet."""
        return self.number_hashed(_word_hash(kind, data, a, b), kind, data, a, b)

    cdef int number_hashed(self, unsigned long long h, int kind, void* data, Py_ssize_t a,
                           Py_ssize_t b) except -1:
        """:meth:`number` given the word's hash (``_word_hash``)."""
        cdef Py_ssize_t n = b - a
        cdef Py_ssize_t slot = self._slot(h, kind, data, a, n)
        cdef unsigned long long e = self.slots[slot]
        cdef _Word* at
        if e:
            return <int>(e & 0xFFFFFFFFULL) - 1
        if 2 * (self.count + 1) > self.size:
            self._grow()
            slot = self._slot(h, kind, data, a, n)
        at = &self.words[self.count]
        at.hash = h
        at.data = data
        at.kind = kind
        at.start = a
        at.length = n
        self.count += 1
        self.slots[slot] = (h & _TAG) | <unsigned long long>self.count
        return <int>self.count - 1

    cdef inline int find_hashed(self, unsigned long long h, int kind, void* data, Py_ssize_t a,
                                Py_ssize_t b) noexcept:
        """:meth:`find` given the word's hash (``_word_hash``)."""
        return <int>(self.slots[self._slot(h, kind, data, a, b - a)] & 0xFFFFFFFFULL) - 1

    cdef int find(self, int kind, void* data, Py_ssize_t a, Py_ssize_t b) noexcept:
        """The number of the word ``[a, b)`` of the string (``kind``, ``data``), or -1
        when it is not in the table."""
        return self.find_hashed(_word_hash(kind, data, a, b), kind, data, a, b)


cdef class StopIndex:
    """The words of a stop-word table (word -> bits of the lists holding it) in a
    word table, for :class:`StopTokens` to look the words of a text up where they lie
    instead of slicing each out for a dict."""
    cdef _Words words
    cdef long* bits
    cdef list keep  # the words, alive as long as the table points into them

    def __cinit__(self, dict table):
        cdef int i
        self.keep = [word for word in table if type(word) is str]
        # A sparse table: most words of a text are no stop word, found missing
        # after a probe or two.
        self.words = _Words(2 * len(self.keep))
        self.bits = <long*>malloc(max(1, len(self.keep)) * sizeof(long))
        if self.bits is NULL:
            raise MemoryError()
        for word in self.keep:
            i = self.words.number(PyUnicode_KIND(word), PyUnicode_DATA(word), 0, len(word))
            self.bits[i] = table[word]

    def __dealloc__(self):
        free(self.bits)


cdef class StopTokens:
    """The whitespace-separated words of a lower-cased text, each with the bits of
    the stop-word lists that hold it (``table``: word -> bits, bit ``j`` for list
    ``j``; words longer than ``longest`` hold none), read once for both the
    language choice (``hits``: the words of each list) and the per-unit counts
    (:meth:`counts`)."""
    cdef str text
    cdef Py_ssize_t n
    cdef Py_ssize_t* starts
    cdef Py_ssize_t* ends
    cdef long* bits
    cdef readonly list hits

    def __cinit__(self, str lowered, table, Py_ssize_t languages, Py_ssize_t longest):
        cdef Py_ssize_t length = len(lowered)
        cdef int kind = PyUnicode_KIND(lowered)
        cdef void* data = PyUnicode_DATA(lowered)
        cdef Py_ssize_t p = 0, a, j, cap = length // 2 + 1
        cdef long b
        if languages > 62:
            raise ValueError("at most 62 lists")
        self.text = lowered
        self.n = 0
        self.starts = <Py_ssize_t*>malloc(cap * sizeof(Py_ssize_t))
        self.ends = <Py_ssize_t*>malloc(cap * sizeof(Py_ssize_t))
        self.bits = <long*>malloc(cap * sizeof(long))
        if self.starts is NULL or self.ends is NULL or self.bits is NULL:
            raise MemoryError()
        cdef StopIndex index = table if isinstance(table, StopIndex) else None
        cdef dict words = None if index is not None else table
        cdef int w
        counts = [0] * languages
        if index is not None:
            # The word table's loop, one per character width.
            if kind == PyUnicode_1BYTE_KIND:
                self._scan(<const _ucs1*>data, kind, length, index, longest, languages, counts)
            elif kind == PyUnicode_2BYTE_KIND:
                self._scan(<const _ucs2*>data, kind, length, index, longest, languages, counts)
            else:
                self._scan(<const Py_UCS4*>data, kind, length, index, longest, languages, counts)
            self.hits = counts
            return
        while p < length:
            p = _skip_space(kind, data, p, length)
            if p >= length:
                break
            a = p
            p = _skip_word(kind, data, p, length)
            b = 0
            if p - a <= longest and index is not None:
                w = index.words.find(kind, data, a, p)
                if w >= 0:
                    b = index.bits[w]
                    for j in range(languages):
                        if b & (1L << j):
                            counts[j] += 1
            elif p - a <= longest:
                found = words.get(lowered[a:p])
                if found is not None:
                    b = found
                    for j in range(languages):
                        if b & (1L << j):
                            counts[j] += 1
            self.starts[self.n] = a
            self.ends[self.n] = p
            self.bits[self.n] = b
            self.n += 1
        self.hits = counts

    cdef int _scan(self, const _char* s, int kind, Py_ssize_t length, StopIndex index,
                   Py_ssize_t longest, Py_ssize_t languages, list counts) except -1:
        # The words of the text and their bits (``__cinit__``'s loop with a word
        # table), each word's hash (``_word_hash``) made as the word is read; the
        # words of each list counted by the index's word, the lists' sums at the end.
        cdef Py_ssize_t p = 0, a, j, n = 0, nwords = index.words.count
        cdef unsigned long long h
        cdef long b
        cdef int w
        cdef Py_UCS4 ch
        cdef long* seen = <long*>calloc(max(1, nwords), sizeof(long))
        if seen is NULL:
            raise MemoryError()
        while p < length:
            ch = s[p]
            if _space_branching(ch):
                p += 1
                continue
            a = p
            h = 0
            while True:
                h = _hash_step(h, ch)
                p += 1
                if p >= length:
                    break
                ch = s[p]
                if _space_branching(ch):
                    break
            b = 0
            if p - a <= longest:
                w = index.words.find_hashed(_hash_end(h), kind, <void*>s, a, p)
                if w >= 0:
                    b = index.bits[w]
                    seen[w] += 1
            self.starts[n] = a
            self.ends[n] = p
            self.bits[n] = b
            n += 1
        self.n = n
        cdef long[62] hits
        for j in range(languages):
            hits[j] = 0
        for w in range(nwords):
            if seen[w]:
                b = index.bits[w]
                for j in range(languages):
                    if b & (1L << j):
                        hits[j] += seen[w]
        free(seen)
        for j in range(languages):
            counts[j] = hits[j]
        return 0

    def __dealloc__(self):
        free(self.starts)
        free(self.ends)
        free(self.bits)

    def counts(self, list units, int language, stop):
        """For each unit ``(start, end)`` (in order, not overlapping): how many of
        its words are in list ``language`` — ``sum(w in stop for w in
        piece.split())`` of the unit's piece, ``stop`` being that list; a word the
        unit cuts is looked up in ``stop``."""
        cdef Py_ssize_t length = len(self.text)
        cdef Py_ssize_t start, end, k = 0, t, a, b, prev_end = 0
        cdef long hits
        if not 0 <= language < 62:
            raise ValueError("no such list")
        out = []
        for unit in units:
            start, end = unit
            if start < prev_end or end > length or start > end:
                raise ValueError("units out of the text or out of order")
            prev_end = end
            while k < self.n and self.ends[k] <= start:
                k += 1
            hits = 0
            t = k
            while t < self.n and self.starts[t] < end:
                a = self.starts[t]
                b = self.ends[t]
                if a >= start and b <= end:
                    hits += (self.bits[t] >> language) & 1  # (no branch on the bit)
                elif self.text[max(a, start):min(b, end)] in stop:
                    hits += 1
                t += 1
            out.append(hits)
        return out


# -- per-unit counts read off the units' first characters or spaces ------------------

cdef extern from *:
    """
    #include <string.h>
    /* How many plain spaces (U+0020) s[0:n] holds, eight characters of one byte or
       four of two at a time (a lane of the word is zero where a space was: its
       high bit, set by adding 0x7F.. to the low bits, is missing). */
    static Py_ssize_t cleantext_spaces1(const unsigned char* s, Py_ssize_t n) {
        const unsigned long long low = 0x7F7F7F7F7F7F7F7FULL, high = 0x8080808080808080ULL;
        Py_ssize_t count = 0, i = 0;
        while (i + 8 <= n) {
            unsigned long long sums = 0;  /* a space count per lane, at most 255 */
            Py_ssize_t stop = i + 8 * 255 < n ? i + 8 * 255 : n;
            for (; i + 8 <= stop; i += 8) {
                unsigned long long x;
                memcpy(&x, s + i, 8);
                x ^= 0x2020202020202020ULL;
                sums += (~(x | ((x & low) + low)) & high) >> 7;
            }
            /* the lanes' sum: pairs added into 16-bit lanes first (the sum < 2048) */
            sums = (sums & 0x00FF00FF00FF00FFULL) + ((sums >> 8) & 0x00FF00FF00FF00FFULL);
            count += (Py_ssize_t)((sums * 0x0001000100010001ULL) >> 48);
        }
        for (; i < n; i++)
            count += s[i] == 32;
        return count;
    }
    static Py_ssize_t cleantext_spaces2(const Py_UCS2* s, Py_ssize_t n) {
        const unsigned long long low = 0x7FFF7FFF7FFF7FFFULL, high = 0x8000800080008000ULL;
        Py_ssize_t count = 0, i = 0;
        while (i + 4 <= n) {
            unsigned long long sums = 0;  /* a space count per lane, at most 0x3FFF */
            Py_ssize_t stop = i + 4 * 0x3FFF < n ? i + 4 * 0x3FFF : n;
            for (; i + 4 <= stop; i += 4) {
                unsigned long long x;
                memcpy(&x, s + i, 8);
                x ^= 0x0020002000200020ULL;
                sums += (~(x | ((x & low) + low)) & high) >> 15;
            }
            count += (Py_ssize_t)((sums * 0x0001000100010001ULL) >> 48);
        }
        for (; i < n; i++)
            count += s[i] == 32;
        return count;
    }
    """
    Py_ssize_t _spaces1 "cleantext_spaces1"(const unsigned char* s, Py_ssize_t n) noexcept nogil
    Py_ssize_t _spaces2 "cleantext_spaces2"(const unsigned short* s, Py_ssize_t n) noexcept nogil


cdef extern from *:
    """
    /* The first position from p (before n) of a block of eight characters of one
       byte, or four of two, holding a character that is not ASCII or an ASCII
       digit; or the position of the last whole block's end. */
    static Py_ssize_t cleantext_skip_plain1(const unsigned char* s, Py_ssize_t p,
                                            Py_ssize_t n) {
        const unsigned long long high = 0x8080808080808080ULL;
        for (; p + 8 <= n; p += 8) {
            unsigned long long x, digit;
            memcpy(&x, s + p, 8);
            if (x & high)
                return p;
            /* a lane from "0" to "9": at least 0x30 and below 0x3A (no borrow
               between lanes, each with its high bit set first) */
            digit = ((x | high) - 0x3030303030303030ULL)
                    & ~((x | high) - 0x3A3A3A3A3A3A3A3AULL) & high;
            if (digit)
                return p;
        }
        return p;
    }
    static Py_ssize_t cleantext_skip_plain2(const Py_UCS2* s, Py_ssize_t p, Py_ssize_t n) {
        const unsigned long long high = 0x8000800080008000ULL;
        for (; p + 4 <= n; p += 4) {
            unsigned long long x, digit;
            memcpy(&x, s + p, 8);
            if (x & 0xFF80FF80FF80FF80ULL)
                return p;
            digit = ((x | high) - 0x0030003000300030ULL)
                    & ~((x | high) - 0x003A003A003A003AULL) & high;
            if (digit)
                return p;
        }
        return p;
    }
    /* The first position from p (before n) of a block of four characters of two
       bytes holding one at or above U+0E00; or the last whole block's end. */
    static Py_ssize_t cleantext_skip_below_0e00(const Py_UCS2* s, Py_ssize_t p,
                                                Py_ssize_t n) {
        const unsigned long long high = 0x8000800080008000ULL;
        for (; p + 4 <= n; p += 4) {
            unsigned long long x;
            memcpy(&x, s + p, 8);
            /* a lane at or above 0x0E00: its high bit, or the high bit left after
               taking 0x0E00 from it with the high bit set first */
            if ((x | ((x | high) - 0x0E000E000E000E00ULL)) & high)
                return p;
        }
        return p;
    }
    """
    Py_ssize_t _skip_plain1 "cleantext_skip_plain1"(const unsigned char* s, Py_ssize_t p,
                                                    Py_ssize_t n) noexcept nogil
    Py_ssize_t _skip_plain2 "cleantext_skip_plain2"(const unsigned short* s, Py_ssize_t p,
                                                    Py_ssize_t n) noexcept nogil
    Py_ssize_t _skip_below_0e00 "cleantext_skip_below_0e00"(const unsigned short* s,
                                                            Py_ssize_t p,
                                                            Py_ssize_t n) noexcept nogil


def space_words(str text, list units):
    """For each unit ``(start, end)``: its spaces (U+0020) plus one —
    ``text.count(" ", start, end) + 1``, the word count of ``main_text.unit_words``
    before the scripts without spaces."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t start, end, p
    cdef long n
    out = []
    for unit in units:
        start, end = unit
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        if kind == PyUnicode_1BYTE_KIND:
            n = 1 + _spaces1(<const unsigned char*>data + start, end - start)
        elif kind == PyUnicode_2BYTE_KIND:
            n = 1 + _spaces2(<const unsigned short*>data + start, end - start)
        else:
            n = 1
            for p in range(start, end):
                n += (<const Py_UCS4*>data)[p] == 32
        out.append(n)
    return out


def over(list values, long limit):
    """The indices of the values above ``limit``, in order (``itertools.compress(
    range(len(values)), map(limit.__lt__, values))``: the blocks long enough to be
    cut into sentences)."""
    cdef Py_ssize_t i
    return [i for i in range(len(values)) if <long>values[i] > limit]


def unit_at(list units, Py_ssize_t position):
    """The index of the unit ``(start, end)`` holding ``position`` (the last one
    starting at or before it, by bisection: the units are sorted and do not
    overlap), -1 for none."""
    cdef Py_ssize_t lo = 0, hi = len(units), mid
    cdef Py_ssize_t start, end
    while lo < hi:
        mid = (lo + hi) // 2
        start = units[mid][0]
        if position < start:
            hi = mid
        else:
            lo = mid + 1
    if lo == 0:
        return -1
    start, end = units[lo - 1]
    return lo - 1 if position < end else -1


#: Bits of a character's class in the table of ``bullets`` (``main_text._BULLET_CLASSES``).
cdef enum:
    BULLET_KNOWN = 1
    BULLET_MARK = 2   # the first alternative of main_text._BULLET: [^\w\s"'«“(]
    BULLET_DIGIT = 4  # \d
    BULLET_CLOSE = 8  # [.)]
    BULLET_SPACE = 16  # \s


cdef inline bint _closes(unsigned char[:] table, int kind, void* data, Py_ssize_t p,
                         Py_ssize_t end, classify):
    # "." or ")" at p and a space after it, both before end.
    return (p + 1 < end
            and _class_of(table, PyUnicode_READ(kind, data, p), classify) & BULLET_CLOSE
            and _class_of(table, PyUnicode_READ(kind, data, p + 1), classify) & BULLET_SPACE)


def bullets(str text, list units, unsigned char[:] table, classify):
    """For each unit ``(start, end)``: whether ``main_text._BULLET`` matches at its
    start within it (``_BULLET.match(text[start:end])``): a mark that is neither a
    word character, a space nor an opening quote or bracket, or one or two digits,
    "." or ")" and a space. Classes come from ``table`` as in :func:`unit_counts`."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t start, end
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    out = []
    for unit in units:
        start, end = unit
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        out.append(_bullet_at(table, kind, data, start, end, classify))
    return out


cdef bint _bullet_at(unsigned char[:] table, int kind, void* data, Py_ssize_t start,
                     Py_ssize_t end, classify) except -1:
    # Whether main_text._BULLET matches at ``start`` within ``[start, end)``.
    cdef Py_ssize_t p
    cdef unsigned char first
    cdef bint found = False
    if start < end:
        first = _class_of(table, PyUnicode_READ(kind, data, start), classify)
        if first & BULLET_MARK:
            found = True
        elif first & BULLET_DIGIT:
            # \d{1,2}[.)]\s: two digits first (the greedy try), then one.
            p = start + 1
            if (p < end and _class_of(table, PyUnicode_READ(kind, data, p), classify)
                    & BULLET_DIGIT):
                found = _closes(table, kind, data, p + 1, end, classify)
            if not found:
                found = _closes(table, kind, data, p, end, classify)
    return found


def unit_gains(list probs, list words, double threshold, long floor, long cap):
    """``(p - threshold) * max(floor, min(n, cap))`` of every unit's probability
    ``p`` and word count ``n`` (``main_text._labels``): the decoder's gains."""
    cdef Py_ssize_t count = len(probs), i
    cdef long n
    if len(words) < count:
        raise ValueError("fewer word counts than probabilities")
    out = []
    for i in range(count):
        n = words[i]
        if n > cap:
            n = cap
        if n < floor:
            n = floor
        out.append((<double>probs[i] - threshold) * <double>n)
    return out


# -- the page's topic, without a string per word ---------------------------------------

cdef Py_ssize_t _topic_runs(const _char* s, Py_ssize_t start, Py_ssize_t end,
                            unsigned char[:] table, classify, Py_ssize_t shortest,
                            Py_ssize_t* run_start, Py_ssize_t* run_end,
                            unsigned long long* run_hash) except -1:
    # The runs of at least ``shortest`` word characters of ``[start, end)``: their
    # starts, ends and hashes (``_word_hash``, but for _hash_end) into the arrays
    # (room for one more than ``(end - start + 1) // (shortest + 1)``); returns how
    # many. No branch on the characters but for an unknown class: every character
    # writes a run (its last one if a run ends there), kept by moving on only then.
    cdef unsigned char* tab = &table[0]
    cdef Py_ssize_t p, k = 0, a = start
    cdef unsigned long long h = 0
    cdef unsigned int cls, w, prev = 0
    cdef Py_UCS4 ch
    for p in range(start, end):
        ch = s[p]
        cls = tab[ch]
        if cls == 0:
            cls = classify_ahead(tab, sizeof(s[0]), <const void*>s, p, end, classify)
        w = (cls >> 6) & 1  # WORD
        run_start[k] = a
        run_end[k] = p
        run_hash[k] = h
        k += prev & (w ^ 1) & <unsigned int>(p - a >= shortest)
        a = p if w > prev else a
        h = _hash_step(h, ch) & (0ULL - <unsigned long long>w)
        prev = w
    run_start[k] = a
    run_end[k] = end
    run_hash[k] = h
    k += prev & <unsigned int>(end - a >= shortest)
    return k


#: How many words ahead the topic words' lookups ask for their slots and their words.
cdef enum:
    SLOT_AHEAD = 8
    WORD_AHEAD = 4


cdef inline void _topic_prefetch(_Words words, const unsigned long long* run_hash, Py_ssize_t k,
                                 Py_ssize_t n) noexcept:
    # Before run k is looked up: the slot of run k + SLOT_AHEAD asked for, and the
    # word in the slot (asked for before) of run k + WORD_AHEAD.
    if k + SLOT_AHEAD < n:
        words.prefetch_slot(run_hash[k + SLOT_AHEAD])
    if k + WORD_AHEAD < n:
        words.prefetch_word(run_hash[k + WORD_AHEAD])


cdef int _topic_counts(const _char* s, int kind, Py_ssize_t count, const Py_ssize_t* starts,
                       const Py_ssize_t* ends, Py_ssize_t chars, unsigned char[:] table,
                       classify, Py_ssize_t shortest, _Words words, int n_stop,
                       Py_ssize_t dense_start, Py_ssize_t dense_stop, Py_ssize_t* first,
                       int* found, Py_ssize_t* sizes, Py_ssize_t* hits) except -1:
    # ``topic_shares_of``'s words, one loop per character width: every unit's runs
    # of at least ``shortest`` word characters read first (``chars``: the units'
    # summed length). The densest run's are numbered: those that are no stop word
    # (numbered below ``n_stop``) into ``found`` from ``first[i]`` on. The others
    # are only looked up: a unit's topic words in ``sizes[i]``, those the densest
    # run holds (the non-stop words of the table) in ``hits[i]``. Each lookup asks
    # for the slot and the word of the lookups a few runs ahead (their memory reads
    # overlap).
    cdef Py_ssize_t i, k, m = 0, total = 0
    cdef int w
    cdef void* data = <void*>s
    cdef Py_ssize_t room = chars // (max(1, shortest) + 1) + count + 2
    cdef Py_ssize_t* at = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* run_start = <Py_ssize_t*>malloc(room * sizeof(Py_ssize_t))
    cdef Py_ssize_t* run_end = <Py_ssize_t*>malloc(room * sizeof(Py_ssize_t))
    cdef unsigned long long* run_hash = <unsigned long long*>malloc(
        room * sizeof(unsigned long long))
    try:
        if at is NULL or run_start is NULL or run_end is NULL or run_hash is NULL:
            raise MemoryError()
        for i in range(count):
            at[i] = m
            m += _topic_runs(s, starts[i], ends[i], table, classify, shortest, run_start + m,
                             run_end + m, run_hash + m)
        at[count] = m
        for k in range(m):
            run_hash[k] = _hash_end(run_hash[k])
        for k in range(at[dense_start], min(at[dense_stop], at[dense_start] + SLOT_AHEAD)):
            words.prefetch_slot(run_hash[k])
        for i in range(dense_start, dense_stop):
            first[i] = total
            for k in range(at[i], at[i + 1]):
                _topic_prefetch(words, run_hash, k, at[dense_stop])
                w = words.number_hashed(run_hash[k], kind, data, run_start[k], run_end[k])
                found[total] = w
                total += w >= n_stop
        first[dense_stop] = total
        for k in range(min(m, SLOT_AHEAD)):
            words.prefetch_slot(run_hash[k])
        for i in range(count):
            if dense_start <= i < dense_stop:
                continue
            sizes[i] = at[i + 1] - at[i]
            hits[i] = 0
            for k in range(at[i], at[i + 1]):
                _topic_prefetch(words, run_hash, k, m)
                w = words.find_hashed(run_hash[k], kind, data, run_start[k], run_end[k])
                sizes[i] -= 0 <= w < n_stop
                hits[i] += w >= n_stop
        return 0
    finally:
        free(at)
        free(run_start)
        free(run_end)
        free(run_hash)


def topic_shares_of(str lowered, list units, stop, unsigned char[:] table, classify,
                    Py_ssize_t shortest, Py_ssize_t dense_start, Py_ssize_t dense_stop):
    """``main_text._topic_shares_python`` of ``main_text._topic_words_python``'s words
    (each unit's runs of at least ``shortest`` word characters of the lower-cased
    text, less the stop words ``stop``) for the densest run ``dense_start:dense_stop``:
    the same shares, with the words numbered in a table instead of made strings.
    Only the densest run's words are put in the table: the other units' words are
    looked up (a word not there is not in the run)."""
    cdef Py_ssize_t length = len(lowered)
    cdef int kind = PyUnicode_KIND(lowered)
    cdef void* data = PyUnicode_DATA(lowered)
    cdef Py_ssize_t count = len(units)
    cdef Py_ssize_t start, end, i, k, n, hits, dense_chars = 0, chars = 0
    cdef int n_stop
    cdef str word
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    if dense_start < 0 or dense_stop > count:
        raise ValueError("the densest run out of the units")
    if dense_start > dense_stop:
        dense_stop = dense_start
    out = [-1.0] * count
    if dense_stop <= dense_start:
        for unit in units:
            start, end = unit
            if start < 0 or end > length or start > end:
                raise ValueError("a unit out of the text")
        return out  # no densest run: no shares
    cdef Py_ssize_t* starts = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* ends = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    if starts is NULL or ends is NULL:
        free(starts)
        free(ends)
        raise MemoryError()
    try:
        for i in range(count):
            start, end = units[i]
            if start < 0 or end > length or start > end:
                raise ValueError("a unit out of the text")
            starts[i] = start
            ends[i] = end
            chars += end - start
            if dense_start <= i < dense_stop:
                dense_chars += end - start
        return _topic_shares(kind, data, count, starts, ends, chars, dense_chars, stop,
                             table, classify, shortest, dense_start, dense_stop, out)
    finally:
        free(starts)
        free(ends)


cdef list _topic_shares(int kind, void* data, Py_ssize_t count, const Py_ssize_t* starts,
                        const Py_ssize_t* ends, Py_ssize_t chars, Py_ssize_t dense_chars,
                        stop, unsigned char[:] table, classify, Py_ssize_t shortest,
                        Py_ssize_t dense_start, Py_ssize_t dense_stop, list out):
    # topic_shares_of of the units read into C arrays (a densest run not empty).
    cdef Py_ssize_t i, k, n, hits
    cdef int n_stop
    cdef str word
    # The long enough stop words first: words numbered below n_stop are stop words.
    stops = [each for each in stop if isinstance(each, str) and len(each) >= shortest]
    # The table starts at about the distinct words of the run and grows on a longer one.
    cdef _Words words = _Words(len(stops) + dense_chars // 16 + 64)
    for word in stops:
        words.number(PyUnicode_KIND(word), PyUnicode_DATA(word), 0, len(word))
    n_stop = <int>words.count
    cdef Py_ssize_t* first = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* sizes = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* own_hits = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef int* found = <int*>malloc(
        (dense_chars // (max(1, shortest) + 1) + dense_stop - dense_start + 1) * sizeof(int))
    cdef int* in_dense = NULL
    cdef int* own = NULL
    try:
        if first is NULL or found is NULL or sizes is NULL or own_hits is NULL:
            raise MemoryError()
        if kind == PyUnicode_1BYTE_KIND:
            _topic_counts(<const _ucs1*>data, kind, count, starts, ends, chars, table,
                          classify, shortest, words,
                          n_stop, dense_start, dense_stop, first, found, sizes, own_hits)
        elif kind == PyUnicode_2BYTE_KIND:
            _topic_counts(<const _ucs2*>data, kind, count, starts, ends, chars, table,
                          classify, shortest, words,
                          n_stop, dense_start, dense_stop, first, found, sizes, own_hits)
        else:
            _topic_counts(<const Py_UCS4*>data, kind, count, starts, ends, chars, table,
                          classify, shortest, words,
                          n_stop, dense_start, dense_stop, first, found, sizes, own_hits)
        in_dense = <int*>calloc(max(1, words.count), sizeof(int))
        own = <int*>calloc(max(1, words.count), sizeof(int))
        if in_dense is NULL or own is NULL:
            raise MemoryError()
        for k in range(first[dense_start], first[dense_stop]):
            in_dense[found[k]] += 1
        for i in range(count):
            if dense_start <= i < dense_stop:
                n = first[i + 1] - first[i]
                if n == 0:
                    continue
                hits = 0
                for k in range(first[i], first[i + 1]):
                    own[found[k]] += 1
                for k in range(first[i], first[i + 1]):
                    if in_dense[found[k]] > own[found[k]]:
                        hits += 1
                for k in range(first[i], first[i + 1]):
                    own[found[k]] = 0
            else:
                n = sizes[i]
                if n == 0:
                    continue
                hits = own_hits[i]
            out[i] = <double>hits / <double>n
        return out
    finally:
        free(first)
        free(found)
        free(sizes)
        free(own_hits)
        free(in_dense)
        free(own)


# -- the loops of the features and the decoder over every unit -------------------------

def removed_shares(list units, list spans):
    """``main_text._removed_shares``: for each unit ``(start, end)`` the share of its
    characters in the removed ``spans`` ``(start, end)`` (in text order, not
    overlapping), by the same integer sums and the same division."""
    cdef Py_ssize_t count = len(units), nspans = len(spans), i, j = 0, k
    cdef Py_ssize_t start, end, a, b
    cdef long long removed
    cdef Py_ssize_t* ss = <Py_ssize_t*>malloc(max(1, nspans) * sizeof(Py_ssize_t))
    cdef Py_ssize_t* se = <Py_ssize_t*>malloc(max(1, nspans) * sizeof(Py_ssize_t))
    out = [0.0] * count
    try:
        if ss is NULL or se is NULL:
            raise MemoryError()
        for k in range(nspans):
            ss[k], se[k] = spans[k]
        if nspans == 0:
            return out
        for i in range(count):
            start, end = units[i]
            while j < nspans and se[j] <= start:
                j += 1
            removed = 0
            k = j
            while k < nspans and ss[k] < end:
                a = se[k] if se[k] < end else end
                b = ss[k] if ss[k] > start else start
                removed += a - b
                k += 1
            if end == start:
                raise ZeroDivisionError("an empty unit")
            out[i] = <double>removed / <double>(end - start)
        return out
    finally:
        free(ss)
        free(se)


def densest(double[:, ::1] X, list sizes, Py_ssize_t lower, Py_ssize_t marks,
            Py_ssize_t removed, double whole):
    """``main_text._densest``: ``(start, stop)`` of the densest run of prose units
    (Kadane) over the rows of ``X`` and word counts ``sizes``, with the same float
    sums and comparisons."""
    cdef Py_ssize_t count = X.shape[0], i, start = 0, span_start = 0, span_stop = 0
    cdef double best = 0.0, cur = 0.0, share
    cdef long n
    if len(sizes) < count:
        raise ValueError("fewer word counts than rows")
    for c in (lower, marks, removed):
        if not 0 <= c < X.shape[1]:
            raise ValueError("a column out of the rows")
    for i in range(count):
        n = sizes[i]
        share = X[i, removed]
        if share >= whole:
            continue
        if n >= 10 and X[i, marks] > 0 and X[i, lower] >= 0.5 and share < 0.5:
            cur += <double>n
        else:
            cur += <double>(-(8 + (n if n < 10 else 10)))
        if cur <= 0:
            cur = 0.0
            start = i + 1
        elif cur > best:
            best = cur
            span_start = start
            span_stop = i + 1
    return span_start, span_stop


def decoded_runs(list gains, double switch_cost):
    """``main_text._decoded_runs``: ``(start, end, summed gain)`` of every run of
    inside units on :func:`decode`'s path, the gains summed by ``sum`` as there."""
    cdef Py_ssize_t count = len(gains), i
    cdef double* values = <double*>malloc(max(1, count) * sizeof(double))
    if values is NULL:
        raise MemoryError()
    try:
        for i in range(count):
            values[i] = gains[i]
        return _runs_of(values, count, switch_cost)
    finally:
        free(values)


cdef inline unsigned long long _unit_hash(int kind, void* data, Py_ssize_t start,
                                         Py_ssize_t end) noexcept:
    # A unit's hash for :func:`repeated_units`: of its length and its first and last
    # characters only (a long line is not read whole; units alike there are
    # compared in full).
    cdef unsigned long long h = _word_hash(kind, data, start, min(end, start + 24))
    h = _hash_end(h ^ <unsigned long long>(end - start))
    return h ^ _hash_end(_word_hash(kind, data, max(start, end - 8), end))


def repeated_units(str text, list units):
    """For each unit ``(start, end)``: whether another unit has the same text
    (``Counter(pieces)[piece] > 1`` of ``main_text._base_rows``), the units' texts
    numbered in a word table instead of sliced out."""
    cdef Py_ssize_t length = len(text), count = len(units), i, start, end
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef _Words seen = _Words(count)
    cdef int* number = <int*>malloc(max(1, count) * sizeof(int))
    cdef int* times = <int*>malloc(max(1, count) * sizeof(int))
    try:
        if number is NULL or times is NULL:
            raise MemoryError()
        for i in range(count):
            start, end = units[i]
            if start < 0 or end > length or start > end:
                raise ValueError("a unit out of the text")
            number[i] = seen.number_hashed(_unit_hash(kind, data, start, end), kind, data,
                                           start, end)
            times[i] = 0
        for i in range(count):
            times[number[i]] += 1
        return [times[number[i]] > 1 for i in range(count)]
    finally:
        free(number)
        free(times)


def has_unspaced(str text):
    """Whether ``text`` holds a character of ``main_text._ANY_UNSPACED``'s ranges
    (Thai, kana, CJK ideographs): a text of one byte per character holds none."""
    cdef Py_ssize_t length = len(text), p
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_UCS4 ch
    if kind == 1:
        return False
    p = 0
    while p < length:
        if kind == PyUnicode_2BYTE_KIND:
            # Characters below U+0E00 skipped four at a time.
            p = _skip_below_0e00(<const unsigned short*>data, p, length)
            if p >= length:
                break
        ch = PyUnicode_READ(kind, data, p)
        p += 1
        if ch < 0x0E00:
            continue
        if (ch <= 0x0E7F or 0x3040 <= ch <= 0x30FF or 0x3400 <= ch <= 0x4DBF
                or 0x4E00 <= ch <= 0x9FFF or 0xF900 <= ch <= 0xFAFF
                or 0x20000 <= ch <= 0x2FA1F):
            return True
    return False


def class_counts(str text, list units, unsigned char[:] table, classify, unsigned char bits):
    """For each unit ``(start, end)`` of ``text``: how many of its characters are of a
    class in ``bits`` (from ``table``, ``classify`` for unknown ones, as in
    :func:`unit_counts`) — the summed length of a pattern's matches in the unit when
    the pattern is a run of one class (``main_text._UNSPACED``)."""
    cdef Py_ssize_t length = len(text)
    cdef int kind = PyUnicode_KIND(text)
    cdef void* data = PyUnicode_DATA(text)
    cdef Py_ssize_t start, end, p, n
    cdef unsigned char cls
    if table.shape[0] < 0x110000:
        raise ValueError("the class table must cover every code point")
    out = []
    for unit in units:
        start, end = unit
        if start < 0 or end > length or start > end:
            raise ValueError("a unit out of the text")
        n = 0
        for p in range(start, end):
            cls = table[PyUnicode_READ(kind, data, p)]
            if cls == 0:
                cls = classify_ahead(&table[0], kind, data, p, length, classify)
            if cls & bits:
                n += 1
        out.append(n)
    return out


def sure_words(list probs, list words, double certainty):
    """The words of the units less likely than ``certainty`` to be article text
    (``main_text.article_labels``: ``sum(n for p, n in zip(probs, words) if p <
    certainty)``)."""
    cdef Py_ssize_t count = len(probs), i
    cdef long long total = 0
    if len(words) != count:
        raise ValueError("one word count per probability")
    for i in range(count):
        if <double>probs[i] < certainty:
            total += <long long>words[i]
    return total


def keep_unsure(list labels, list probs, double certainty):
    """Label inside every stretch of outside units none of which is less likely
    than ``certainty`` (its ``min`` at least ``certainty``), in place: the loop of
    ``main_text._labels``."""
    cdef Py_ssize_t count = len(labels), i = 0, j, k
    cdef double least
    if len(probs) < count:
        raise ValueError("fewer probabilities than labels")
    while i < count:
        j = i
        while j < count and not labels[j]:
            j += 1
        if j > i:
            least = probs[i]
            for k in range(i + 1, j):
                if <double>probs[k] < least:
                    least = probs[k]
            if least >= certainty:
                for k in range(i, j):
                    labels[k] = True
        i = j + 1


def kept_words(list words, list labels):
    """The words of the units labelled inside."""
    cdef Py_ssize_t count = min(len(words), len(labels)), i
    cdef long long total = 0
    for i in range(count):
        if labels[i]:
            total += <long long>words[i]
    return total


def dense_columns(double[:, ::1] X, list sizes, Py_ssize_t start, Py_ssize_t stop,
                  Py_ssize_t densest, Py_ssize_t before, Py_ssize_t after):
    """Set the columns of the densest run ``start:stop`` in the rows of ``X``
    (the loops after ``main_text._densest``): 1.0 in ``densest`` inside the run,
    log1p of the words between a unit and the run in ``before`` or ``after``."""
    cdef Py_ssize_t count = X.shape[0], i
    cdef long long total = 0
    if len(sizes) != count:
        raise ValueError("sizes and rows differ in length")
    for c in (densest, before, after):
        if not 0 <= c < X.shape[1]:
            raise ValueError("a column out of the rows")
    if not 0 <= start <= stop <= count:
        raise ValueError("the run is not among the rows")
    if start == stop:
        return
    cdef long long* cum = <long long*>malloc((count + 1) * sizeof(long long))
    if cum is NULL:
        raise MemoryError()
    try:
        cum[0] = 0
        for i in range(count):
            total += <long long>sizes[i]
            cum[i + 1] = total
        for i in range(start, stop):
            X[i, densest] = 1.0
        for i in range(start):
            X[i, before] = _log1p_count(cum[start] - cum[i + 1])
        for i in range(stop, count):
            X[i, after] = _log1p_count(cum[i] - cum[stop])
    finally:
        free(cum)


def page_columns(double[:, ::1] X, list shares, list sizes, Py_ssize_t ends,
                 Py_ssize_t lower, Py_ssize_t removed, double whole, Py_ssize_t at):
    """Write into columns ``at`` and ``at + 1`` of each row of ``X`` its topic share
    and log1p of the prose units before it (the loop of ``main_text._page_columns``)."""
    cdef Py_ssize_t count = X.shape[0], i
    cdef long prose = 0
    if len(shares) != count or len(sizes) != count:
        raise ValueError("shares, sizes and rows differ in length")
    if at < 0 or at + 2 > X.shape[1]:
        raise ValueError("a column out of the rows")
    for c in (ends, lower, removed):
        if not 0 <= c < at:
            raise ValueError("a column out of the rows")
    for i in range(count):
        X[i, at] = shares[i]
        X[i, at + 1] = _log1p_count(prose)
        if X[i, ends] != 0.0 and X[i, lower] >= 0.6 and sizes[i] >= 10 and X[i, removed] < whole:
            prose += 1


# -- the decision: which units are article text, in one call ---------------------------

cdef int _unit_labels(const double* probs, const long* words, const double* lower,
                      Py_ssize_t n, tuple settings, unsigned char* labels) except -1:
    """``main_text._labels`` of ``n`` units into ``labels`` (1 inside): the decoded
    path, the title and the lead before it, the unsure stretches kept, everything
    kept when the article is too short — the same comparisons and sums."""
    cdef double certainty = settings[0], threshold = settings[2], switch_cost = settings[3]
    cdef long floor = settings[4], cap = settings[5], title_lo = settings[6]
    cdef long title_hi = settings[7], shortest = settings[8], most = settings[9]
    cdef double lead_probability = settings[10]
    cdef long long min_article = settings[11], kept = 0, gap
    cdef Py_ssize_t i, j, k, first
    cdef long w
    cdef double least
    cdef double* gains
    if n == 0:
        return 0
    gains = <double*>malloc(n * sizeof(double))
    if gains is NULL:
        raise MemoryError()
    # decode(): the gains made, then the Viterbi pass.
    for i in range(n):
        w = words[i]
        if w > cap:
            w = cap
        if w < floor:
            w = floor
        gains[i] = (probs[i] - threshold) * <double>w
    try:
        _viterbi(gains, n, switch_cost, labels)
    finally:
        free(gains)
    first = 0
    while first < n and not labels[first]:
        first += 1
    if first == n:
        first = 0
    if (first > 0 and title_lo <= words[first - 1] <= title_hi
            and 0 < lower[first - 1] < 0.9):
        labels[first - 1] = 1
    first = 0
    while first < n and not labels[first]:
        first += 1
    if first < n and shortest > 0:
        # _keep_lead
        gap = 0
        for i in range(first - 1, -1, -1):
            if (words[i] >= shortest and lower[i] >= 0.6
                    and probs[i] >= lead_probability):
                labels[i] = 1
                break
            gap += words[i]
            if gap > most:
                break
    # keep_unsure
    i = 0
    while i < n:
        j = i
        while j < n and not labels[j]:
            j += 1
        if j > i:
            least = probs[i]
            for k in range(i + 1, j):
                if probs[k] < least:
                    least = probs[k]
            if least >= certainty:
                for k in range(i, j):
                    labels[k] = 1
        i = j + 1
    for i in range(n):
        if labels[i]:
            kept += words[i]
    if kept < min_article:
        memset(labels, 1, n)
    return 0


def matrix_labels(list probs, list words, double[:, ::1] X, Py_ssize_t lower_col,
                  Py_ssize_t removed_col, double whole, tuple settings):
    """``main_text.article_labels`` of the units whose ``lower`` and ``removed``
    shares are columns ``lower_col`` and ``removed_col`` of ``X`` (``removed_col``
    -1: none removed), ``settings`` being ``main_text.Model.label_settings``: the
    sure words counted, the units removed whole (share not under ``whole``) left
    out, :func:`_unit_labels` on the rest. A list of bools."""
    cdef Py_ssize_t count = len(probs), i
    cdef double* ps = <double*>malloc((count + 1) * sizeof(double))
    if ps is NULL:
        raise MemoryError()
    try:
        for i in range(count):
            ps[i] = probs[i]
        return _matrix_labels(ps, count, words, X, lower_col, removed_col, whole, settings)
    finally:
        free(ps)


def log_odds_labels(double[::1] log_odds, list words, double[:, ::1] X, Py_ssize_t lower_col,
                    Py_ssize_t removed_col, double whole, tuple settings):
    """:func:`matrix_labels` of the probabilities ``logistic_all(log_odds)``, the
    log-odds a C array (``_trees.TreeScorer.score_array``): the same labels, no
    Python float per unit."""
    cdef Py_ssize_t count = log_odds.shape[0], i
    cdef double* ps = <double*>malloc((count + 1) * sizeof(double))
    if ps is NULL:
        raise MemoryError()
    try:
        for i in range(count):
            ps[i] = _logistic(log_odds[i])
        return _matrix_labels(ps, count, words, X, lower_col, removed_col, whole, settings)
    finally:
        free(ps)


cdef list _matrix_labels(const double* probs, Py_ssize_t count, list words, double[:, ::1] X,
                         Py_ssize_t lower_col, Py_ssize_t removed_col, double whole,
                         tuple settings):
    # :func:`matrix_labels` of ``count`` probabilities in a C array.
    cdef Py_ssize_t i, n = 0
    cdef double certainty = settings[0]
    cdef long long min_sure = settings[1], sure = 0
    cdef double* p = NULL
    cdef double* low = NULL
    cdef long* w = NULL
    cdef Py_ssize_t* live = NULL
    cdef unsigned char* picked = NULL
    cdef bint every
    if len(words) != count or X.shape[0] != count:
        raise ValueError("one word count and one row per probability")
    if not 0 <= lower_col < X.shape[1] or not -1 <= removed_col < X.shape[1]:
        raise ValueError("no such column")
    if len(settings) != 12:
        raise ValueError("twelve settings")
    for i in range(count):
        if probs[i] < certainty:
            sure += <long long>words[i]
    if sure < min_sure:
        return [True] * count
    try:
        p = <double*>malloc(max(1, count) * sizeof(double))
        low = <double*>malloc(max(1, count) * sizeof(double))
        w = <long*>malloc(max(1, count) * sizeof(long))
        live = <Py_ssize_t*>malloc(max(1, count) * sizeof(Py_ssize_t))
        picked = <unsigned char*>malloc(max(1, count))
        if p is NULL or low is NULL or w is NULL or live is NULL or picked is NULL:
            raise MemoryError()
        for i in range(count):
            if removed_col >= 0 and not whole > X[i, removed_col]:
                continue
            live[n] = i
            p[n] = probs[i]
            w[n] = words[i]
            low[n] = X[i, lower_col]
            n += 1
        _unit_labels(p, w, low, n, settings, picked)
        every = True
        for i in range(n):
            if not picked[i]:
                every = False
                break
        if every:
            return [True] * count
        labels = [False] * count
        for i in range(n):
            if picked[i]:
                labels[live[i]] = True
        return labels
    finally:
        free(p)
        free(low)
        free(w)
        free(live)
        free(picked)


# -- the second stage's rows from the first stage's log-odds, in one call --------------

cdef list _runs_of(const double* gains, Py_ssize_t n, double switch_cost):
    # ``decoded_runs`` of a C array: the runs of :func:`decode`'s path, each gain
    # summed by Python's ``sum`` (as ``main_text._decoded_runs`` sums them).
    cdef Py_ssize_t i, j, k
    cdef unsigned char* labels = <unsigned char*>malloc(max(1, n))
    cdef list runs = []
    if labels is NULL:
        raise MemoryError()
    try:
        _viterbi(gains, n, switch_cost, labels)
        j = 0
        while j < n:
            if not labels[j]:
                j += 1
                continue
            k = j
            while k < n and labels[k]:
                k += 1
            runs.append((j, k, sum([gains[i] for i in range(j, k)])))
            j = k
        return runs
    finally:
        free(labels)


def stack_all(double[:, ::1] X, list first, Py_ssize_t removed_col, list words,
              double whole, double threshold, double core_threshold, double switch_cost,
              double low):
    """``main_text.stacked``'s rows as a matrix: ``X`` with the 11 STACK columns of
    the first stage's log-odds ``first`` appended — :func:`stack_prepare`, the
    decoded runs, the article (the first run of the largest gain) and the core (of
    ``core_threshold``), :func:`stack_matrix` — without lists between them."""
    cdef Py_ssize_t count = X.shape[0], width = X.shape[1], i, k
    if len(first) != count or len(words) != count:
        raise ValueError("rows, log-odds and word counts differ in length")
    if not 0 <= removed_col < width:
        raise ValueError("no such column")
    cdef double* zs = <double*>calloc(count + 1, sizeof(double))
    cdef double* extra = <double*>malloc((count * 11 + 1) * sizeof(double))
    out = cvarray(shape=(max(1, count), width + 11), itemsize=sizeof(double), format="d")
    cdef double[:, ::1] Y = out
    try:
        if zs is NULL or extra is NULL:
            raise MemoryError()
        for i in range(count):
            zs[i] = first[i]
        _stack_extra(X, zs, removed_col, words, whole, threshold, core_threshold,
                     switch_cost, low, extra)
        for i in range(count):
            for k in range(width):
                Y[i, k] = X[i, k]
            for k in range(11):
                Y[i, width + k] = extra[i * 11 + k]
    finally:
        free(zs)
        free(extra)
    return out[:count]


def stack_in_place(double[:, ::1] X, double[::1] first, Py_ssize_t at, Py_ssize_t removed_col,
                   list words, double whole, double threshold, double core_threshold,
                   double switch_cost, double low):
    """:func:`stack_all` written into columns ``at`` to ``at + 10`` of ``X`` itself
    (a matrix made that wide: ``main_text._features``' with ``stacked``), from the
    log-odds as a C array (``_trees.TreeScorer.score_array``): the same values,
    without a copy of the rows or a Python float per unit."""
    cdef Py_ssize_t count = X.shape[0], i, k
    if first.shape[0] != count or len(words) != count:
        raise ValueError("rows, log-odds and word counts differ in length")
    if not 0 <= removed_col < at or at + 11 > X.shape[1]:
        raise ValueError("no such column")
    cdef const double* zs = NULL
    cdef double* extra = <double*>malloc((count * 11 + 1) * sizeof(double))
    if count:
        zs = &first[0]
    try:
        if extra is NULL:
            raise MemoryError()
        _stack_extra(X, zs, removed_col, words, whole, threshold, core_threshold,
                     switch_cost, low, extra)
        for i in range(count):
            for k in range(11):
                X[i, at + k] = extra[i * 11 + k]
    finally:
        free(extra)


cdef int _stack_extra(double[:, ::1] X, const double* zs, Py_ssize_t removed_col, list words,
                      double whole, double threshold, double core_threshold,
                      double switch_cost, double low, double* extra) except -1:
    # The 11 STACK values of every row (``count * 11`` into ``extra``) from the first
    # stage's log-odds ``zs``: :func:`stack_all`'s work.
    cdef Py_ssize_t count = X.shape[0], i, j, k, nlive = 0
    cdef Py_ssize_t main0 = 0, main1 = 0, core0 = 0, core1 = 0
    cdef double p, best, main_gain = 0.0, total
    cdef int n
    cdef bint have_main = False
    cdef double* ps = <double*>malloc((count + 1) * sizeof(double))
    cdef long* ns = <long*>malloc((count + 1) * sizeof(long))
    cdef Py_ssize_t* lv = <Py_ssize_t*>malloc((count + 1) * sizeof(Py_ssize_t))
    cdef double* gains = <double*>malloc((count + 1) * sizeof(double))
    cdef double* core = <double*>malloc((count + 1) * sizeof(double))
    cdef double* run_of = <double*>malloc((count + 1) * sizeof(double))
    try:
        if (ps is NULL or ns is NULL or lv is NULL or gains is NULL
                or core is NULL or run_of is NULL):
            raise MemoryError()
        for i in range(count):
            p = _logistic(zs[i])
            ps[i] = p
            if X[i, removed_col] < whole:
                ns[i] = words[i]
                lv[nlive] = i
                n = _imax(1, _imin(<int>ns[i], 40))
                gains[nlive] = (p - threshold) * n
                core[nlive] = (p - core_threshold) * n
                run_of[nlive] = 0.0
                nlive += 1
        runs = _runs_of(gains, nlive, switch_cost)
        for run in runs:  # max(runs, key=gain): the first of the largest
            if not have_main or run[2] > main_gain:
                main0, main1, main_gain = run
                have_main = True
        best = main_gain
        if 1e-9 > best:  # max(main[2], 1e-9)
            best = 1e-9
        for run in runs:
            j, k, total = run
            for i in range(j, k):
                run_of[i] = total / best
        best = 0.0
        for run in _runs_of(core, nlive, switch_cost):  # _best_run
            if run[2] > best:
                core0, core1, best = run
        _stack_fill_c(count, zs, ps, lv, nlive, ns, run_of, main0, main1, core0, core1,
                      low, extra)
    finally:
        free(ps)
        free(ns)
        free(lv)
        free(gains)
        free(core)
        free(run_of)
    return 0
