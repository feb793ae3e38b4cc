# cython: language_level=3, boundscheck=False, wraparound=False
"""Boosted regression trees evaluated in C, for the ``outside-main-text`` rule.

``TreeScorer(bias, trees)`` flattens the model's trees (``main_text.Tree``: parallel
node arrays) into C arrays once; calling it on feature rows returns each row's
log-odds — the bias plus the leaf value every tree gives the row — exactly the sum
``compile_scorer``'s generated Python computes, in the same order of additions.

Built by ``setup.py`` with the page walk; ``main_text.py`` falls back to its
Python scorer when this module is missing.
"""

from cython.view cimport array as cvarray
from libc.stdlib cimport free, malloc

cdef enum:
    MAX_DEPTH = 8  # trees up to this deep are also laid out complete (``TreeScorer.depth``)


cdef class TreeScorer:
    cdef int n_trees
    cdef int n_nodes
    cdef int n_features
    cdef int* roots
    cdef int* feature
    cdef double* threshold
    cdef int* left
    cdef int* right
    cdef double* value
    cdef double bias
    # The same trees laid out complete, when none is deeper than MAX_DEPTH: every
    # tree ``depth`` levels deep in heap order (a leaf above the last level
    # copied down both sides), so a row takes ``depth`` steps without branches.
    cdef int depth
    cdef int* full_feature
    cdef double* full_threshold
    cdef double* full_value

    def __cinit__(self, double bias, trees, int n_features):
        cdef int total = 0
        for tree in trees:
            total += len(tree.feature)
        self.n_trees = len(trees)
        self.n_nodes = total
        self.n_features = n_features
        self.bias = bias
        self.roots = <int*>malloc(max(1, self.n_trees) * sizeof(int))
        self.feature = <int*>malloc(max(1, total) * sizeof(int))
        self.threshold = <double*>malloc(max(1, total) * sizeof(double))
        self.left = <int*>malloc(max(1, total) * sizeof(int))
        self.right = <int*>malloc(max(1, total) * sizeof(int))
        self.value = <double*>malloc(max(1, total) * sizeof(double))
        if (self.roots is NULL or self.feature is NULL or self.threshold is NULL
                or self.left is NULL or self.right is NULL or self.value is NULL):
            raise MemoryError()
        cdef int offset = 0
        cdef int t = 0
        cdef int i, size, f
        for tree in trees:
            size = len(tree.feature)
            self.roots[t] = offset
            for i in range(size):
                f = tree.feature[i]
                if f >= n_features:
                    raise ValueError(f"tree {t} node {i}: feature {f} out of range")
                self.feature[offset + i] = f
                self.threshold[offset + i] = tree.threshold[i]
                self.value[offset + i] = tree.value[i]
                if f >= 0:
                    if not (0 <= tree.left[i] < size and 0 <= tree.right[i] < size):
                        raise ValueError(f"tree {t} node {i}: child out of range")
                    self.left[offset + i] = offset + tree.left[i]
                    self.right[offset + i] = offset + tree.right[i]
                else:
                    self.left[offset + i] = self.right[offset + i] = -1
            offset += size
            t += 1
        self._lay_out_complete()

    cdef int _depth(self, int node):
        cdef int a, b
        if self.feature[node] < 0:
            return 0
        a = self._depth(self.left[node])
        b = self._depth(self.right[node])
        return 1 + (a if a > b else b)

    cdef void _fill(self, int t, int node, int heap, int level):
        cdef int inner = (1 << self.depth) - 1
        if level == self.depth:
            self.full_value[t * (inner + 1) + heap - inner] = self.value[node]
            return
        if self.feature[node] < 0:
            # A leaf above the last level: both sides reach its value.
            self.full_feature[t * inner + heap] = 0
            self.full_threshold[t * inner + heap] = 0.0
            self._fill(t, node, 2 * heap + 1, level + 1)
            self._fill(t, node, 2 * heap + 2, level + 1)
            return
        self.full_feature[t * inner + heap] = self.feature[node]
        self.full_threshold[t * inner + heap] = self.threshold[node]
        self._fill(t, self.left[node], 2 * heap + 1, level + 1)
        self._fill(t, self.right[node], 2 * heap + 2, level + 1)

    cdef _lay_out_complete(self):
        cdef int t, d, inner
        self.depth = 0
        if self.n_trees == 0 or self.n_features < 1:
            return
        for t in range(self.n_trees):
            d = self._depth(self.roots[t])
            if d > MAX_DEPTH:
                return
            if d > self.depth:
                self.depth = d
        inner = (1 << self.depth) - 1
        self.full_feature = <int*>malloc(max(1, self.n_trees * inner) * sizeof(int))
        self.full_threshold = <double*>malloc(max(1, self.n_trees * inner) * sizeof(double))
        self.full_value = <double*>malloc(self.n_trees * (inner + 1) * sizeof(double))
        if self.full_feature is NULL or self.full_threshold is NULL or self.full_value is NULL:
            raise MemoryError()
        for t in range(self.n_trees):
            self._fill(t, self.roots[t], 0, 0)

    def __dealloc__(self):
        free(self.roots)
        free(self.feature)
        free(self.threshold)
        free(self.left)
        free(self.right)
        free(self.value)
        free(self.full_feature)
        free(self.full_threshold)
        free(self.full_value)

    def __call__(self, rows):
        """The log-odds of each feature row (a sequence of floats per unit)."""
        cdef double* x = <double*>malloc(max(1, self.n_features) * sizeof(double))
        cdef int t, node, f, steps
        cdef double z
        out = []
        if x is NULL:
            raise MemoryError()
        try:
            for row in rows:
                if len(row) < self.n_features:
                    raise ValueError(f"a row has {len(row)} features, the model reads {self.n_features}")
                for f in range(self.n_features):
                    x[f] = row[f]
                z = self.bias
                for t in range(self.n_trees):
                    node = self.roots[t]
                    steps = 0
                    while self.feature[node] >= 0 and steps < self.n_nodes:
                        node = self.left[node] if x[self.feature[node]] <= self.threshold[node] else self.right[node]
                        steps += 1
                    z += self.value[node]
                out.append(z)
        finally:
            free(x)
        return out

    cdef void _score_four(self, const double* r0, Py_ssize_t stride, int inner, double* out):
        # ``score_matrix``'s complete-tree walk of rows r0 .. r0 + 3 * stride.
        cdef const double* r1 = r0 + stride
        cdef const double* r2 = r1 + stride
        cdef const double* r3 = r2 + stride
        cdef const int* ff = self.full_feature
        cdef const double* ft = self.full_threshold
        cdef const double* fv = self.full_value
        cdef double z0 = self.bias, z1 = self.bias, z2 = self.bias, z3 = self.bias
        cdef int t, level, h0, h1, h2, h3
        for t in range(self.n_trees):
            h0 = h1 = h2 = h3 = 0
            for level in range(self.depth):
                h0 = 2 * h0 + 1 + (not (r0[ff[h0]] <= ft[h0]))
                h1 = 2 * h1 + 1 + (not (r1[ff[h1]] <= ft[h1]))
                h2 = 2 * h2 + 1 + (not (r2[ff[h2]] <= ft[h2]))
                h3 = 2 * h3 + 1 + (not (r3[ff[h3]] <= ft[h3]))
            z0 += fv[h0 - inner]
            z1 += fv[h1 - inner]
            z2 += fv[h2 - inner]
            z3 += fv[h3 - inner]
            ff += inner
            ft += inner
            fv += inner + 1
        out[0] = z0
        out[1] = z1
        out[2] = z2
        out[3] = z3

    cdef void _score_sixteen_d4(self, const double* r0, Py_ssize_t stride, double* out):
        # ``_score_sixteen`` for trees four levels deep (the shipped model's): the
        # levels written out and the root's split read once for all sixteen rows.
        # The same comparisons, the same sums.
        cdef const int* ff = self.full_feature
        cdef const double* ft = self.full_threshold
        cdef const double* fv = self.full_value
        cdef double z[16]
        cdef int h[16]
        cdef const double* r[16]
        cdef int t, k, f0
        cdef double t0
        for k in range(16):
            z[k] = self.bias
            r[k] = r0 + k * stride
        for t in range(self.n_trees):
            f0 = ff[0]
            t0 = ft[0]
            for k in range(16):
                h[k] = 1 + (not (r[k][f0] <= t0))
            for k in range(16):
                h[k] = 2 * h[k] + 1 + (not (r[k][ff[h[k]]] <= ft[h[k]]))
            for k in range(16):
                h[k] = 2 * h[k] + 1 + (not (r[k][ff[h[k]]] <= ft[h[k]]))
            for k in range(16):
                h[k] = 2 * h[k] + 1 + (not (r[k][ff[h[k]]] <= ft[h[k]]))
            for k in range(16):
                z[k] += fv[h[k] - 15]
            ff += 15
            ft += 15
            fv += 16
        for k in range(16):
            out[k] = z[k]

    cdef void _score_sixteen(self, const double* r0, Py_ssize_t stride, int inner, double* out):
        # ``score_matrix``'s complete-tree walk of the sixteen rows r0, r0 + stride, ...
        # at once: their walks are independent, so the CPU overlaps them.
        cdef const int* ff = self.full_feature
        cdef const double* ft = self.full_threshold
        cdef const double* fv = self.full_value
        cdef double z[16]
        cdef int h[16]
        cdef const double* r[16]
        cdef int t, level, k
        for k in range(16):
            z[k] = self.bias
            r[k] = r0 + k * stride
        for t in range(self.n_trees):
            for k in range(16):
                h[k] = 0
            for level in range(self.depth):
                for k in range(16):
                    h[k] = 2 * h[k] + 1 + (not (r[k][ff[h[k]]] <= ft[h[k]]))
            for k in range(16):
                z[k] += fv[h[k] - inner]
            ff += inner
            ft += inner
            fv += inner + 1
        for k in range(16):
            out[k] = z[k]

    cdef int _score_into(self, double[:, ::1] X, double* out) except -1:
        # The log-odds of each row of ``X`` written to ``out`` (one per row).
        cdef Py_ssize_t count = X.shape[0], i
        cdef int t, node, steps
        cdef double z
        if count and X.shape[1] < self.n_features:
            raise ValueError(f"a row has {X.shape[1]} features, the model reads {self.n_features}")
        cdef int inner, level, h
        cdef Py_ssize_t stride
        cdef const int* ff
        cdef const double* ft
        cdef const double* row
        if self.depth > 0 and self.full_value is not NULL:
            # Complete trees: ``depth`` steps each, the side chosen by arithmetic
            # (right when not ``x <= threshold``, as the walk below: NaN goes right).
            inner = (1 << self.depth) - 1
            i = 0
            if count >= 4:
                # Sixteen rows at a time, then four: their walks are independent, so
                # the CPU overlaps them; each row's sum is built in the same order.
                stride = X.strides[0] // sizeof(double)
                if self.depth == 4:
                    while i + 16 <= count:
                        self._score_sixteen_d4(&X[i, 0], stride, out + i)
                        i += 16
                while i + 16 <= count:
                    self._score_sixteen(&X[i, 0], stride, inner, out + i)
                    i += 16
                while i + 4 <= count:
                    self._score_four(&X[i, 0], stride, inner, out + i)
                    i += 4
            while i < count:
                row = &X[i, 0]
                z = self.bias
                ff = self.full_feature
                ft = self.full_threshold
                for t in range(self.n_trees):
                    h = 0
                    for level in range(self.depth):
                        h = 2 * h + 1 + (not (row[ff[h]] <= ft[h]))
                    z += self.full_value[t * (inner + 1) + h - inner]
                    ff += inner
                    ft += inner
                out[i] = z
                i += 1
            return 0
        for i in range(count):
            z = self.bias
            for t in range(self.n_trees):
                node = self.roots[t]
                steps = 0
                while self.feature[node] >= 0 and steps < self.n_nodes:
                    node = self.left[node] if X[i, self.feature[node]] <= self.threshold[node] else self.right[node]
                    steps += 1
                z += self.value[node]
            out[i] = z
        return 0

    def score_matrix(self, double[:, ::1] X):
        """The log-odds of each row of a C matrix of features (``_context.to_matrix``):
        the same sums as calling the scorer on the rows as lists."""
        cdef Py_ssize_t count = X.shape[0], i
        cdef double* out = <double*>malloc(max(1, count) * sizeof(double))
        if out is NULL:
            raise MemoryError()
        try:
            self._score_into(X, out)
            return [out[i] for i in range(count)]
        finally:
            free(out)

    def score_array(self, double[:, ::1] X):
        """:meth:`score_matrix` as a C array of doubles (one per row), for the
        compiled steps that read the log-odds next (``_context.stack_in_place``,
        ``_context.log_odds_labels``): no Python float per row."""
        cdef Py_ssize_t count = X.shape[0]
        out = cvarray(shape=(max(1, count),), itemsize=sizeof(double), format="d")
        self._score_into(X, <double*>(<cvarray>out).data)
        return out[:count]
