# cython: language_level=3, boundscheck=False, wraparound=False
"""Boosted regression trees evaluated in C, for the ``outside-main-text`` rule.

``TreeScorer(bias, trees)`` flattens the model's trees (``main_text.Tree``: parallel
node arrays) into C arrays once; calling it on feature rows returns each row's
log-odds — the bias plus the leaf value every tree gives the row — exactly the sum
``compile_scorer``'s generated Python computes, in the same order of additions.

Built by ``setup.py`` with the page walk; ``main_text.py`` falls back to its
Python scorer when this module is missing.
"""

from libc.stdlib cimport free, malloc


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

    def __dealloc__(self):
        free(self.roots)
        free(self.feature)
        free(self.threshold)
        free(self.left)
        free(self.right)
        free(self.value)

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

    def score_matrix(self, double[:, ::1] X):
        """The log-odds of each row of a C matrix of features (``_context.to_matrix``):
        the same sums as calling the scorer on the rows as lists."""
        cdef Py_ssize_t count = X.shape[0], i
        cdef int t, node, steps
        cdef double z
        if count and X.shape[1] < self.n_features:
            raise ValueError(f"a row has {X.shape[1]} features, the model reads {self.n_features}")
        out = []
        for i in range(count):
            z = self.bias
            for t in range(self.n_trees):
                node = self.roots[t]
                steps = 0
                while self.feature[node] >= 0 and steps < self.n_nodes:
                    node = self.left[node] if X[i, self.feature[node]] <= self.threshold[node] else self.right[node]
                    steps += 1
                z += self.value[node]
            out.append(z)
        return out
