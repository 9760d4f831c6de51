"""kd-tree index for low-dimensional data (build in numpy, query in numba)."""

import numpy as np

from .._numba._kdtree import kdtree_query
from ._exact import ExactScreen


class KDTreeIndex:
    """Implicit complete kd-tree over the training data.

    Each internal node splits its points at the median of the feature with the
    largest spread; leaves hold at most ``leaf_size`` points.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    leaf_size : int
    """

    def __init__(self, X, leaf_size=32):
        self.X64 = np.ascontiguousarray(X, dtype=np.float64)
        self.leaf_size = leaf_size
        self.exact = ExactScreen(self.X64)
        self._built = False

    def _build(self):
        """Build the tree (on the first query that runs the kernel)."""
        if self._built:
            return
        leaf_size = self.leaf_size
        n, d = self.X64.shape
        levels = 0
        while n > leaf_size * (1 << levels):
            levels += 1
        n_nodes = (1 << (levels + 1)) - 1
        self.n_internal = (1 << levels) - 1
        perm = np.arange(n, dtype=np.int64)
        start = np.zeros(n_nodes, dtype=np.int64)
        end = np.zeros(n_nodes, dtype=np.int64)
        lo = np.zeros((n_nodes, d))
        hi = np.zeros((n_nodes, d))
        end[0] = n
        for v in range(n_nodes):
            s, e = start[v], end[v]
            pts = self.X64[perm[s:e]]
            if e > s:
                lo[v] = pts.min(axis=0)
                hi[v] = pts.max(axis=0)
            else:  # an empty node is never closer than anything
                lo[v] = np.inf
                hi[v] = -np.inf
            if v >= self.n_internal:
                continue
            mid = (s + e) // 2
            if e - s > 1:
                axis = int(np.argmax(hi[v] - lo[v]))
                order = np.argpartition(pts[:, axis], mid - s, kind="introselect")
                perm[s:e] = perm[s:e][order]
            for child, (cs, ce) in ((2 * v + 1, (s, mid)), (2 * v + 2, (mid, e))):
                start[child] = cs
                end[child] = ce
        self.perm, self.start, self.end, self.lo, self.hi = perm, start, end, lo, hi
        self._built = True

    def kernels(self, query_self):
        """The jitted kernels a query would run (for compile decisions)."""
        return (kdtree_query,)

    def can_use_kernels(self):
        return True

    def query(self, Q, k, self_idx=None):
        """Exact k nearest training points; see ``BruteIndex.query``."""
        Q64 = np.ascontiguousarray(Q, dtype=np.float64)
        if self_idx is None:
            self_idx = np.full(Q64.shape[0], -1, dtype=np.int64)
        if Q64.shape[0] == 0 or k == 0:
            return np.empty((Q64.shape[0], k)), np.empty(
                (Q64.shape[0], k), dtype=np.int64
            )
        self._build()
        return kdtree_query(
            Q64,
            self.X64,
            self.perm,
            self.start,
            self.end,
            self.lo,
            self.hi,
            self.n_internal,
            k,
            self_idx,
        )

    def query_self(self, k):
        """Exact k nearest other training points of every training point."""
        n = self.X64.shape[0]
        return self.query(self.X64, k, np.arange(n, dtype=np.int64))
