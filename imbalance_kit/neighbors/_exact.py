"""Exact k-nearest neighbours with numpy and BLAS only (no JIT compilation).

The numba kernels define our neighbours: the squared distance of two points is
the float64 sum of ``(q[c] - x[c]) ** 2`` taken feature by feature in column
order, and ties are broken by the lower training index. This module returns
exactly those neighbours without compiling anything:

1. Screen every pair with one matrix product on centred, power-of-two scaled
   float64 copies, ``|q|^2 + |x|^2 - 2 q.x``, and bound its error by
   ``c (|q|^2 + |x|^2) + a``. The bound covers the product's rounding, the
   centring and the gap between the true distance and the feature-by-feature
   float64 sum (``c``), and underflow (``a``).
2. ``T``, the k-th smallest upper bound of a row, is at least the row's k-th
   exact distance; every point whose lower bound is at most ``T`` is a
   candidate, so all points that can rank in the top k (ties included) are.
3. Candidates are re-ranked by their exact feature-by-feature sum, then index.

Rows the screen cannot handle (data too large or too small to scale safely)
take every point as a candidate, which is exact at any magnitude.
"""

import numpy as np

_U64 = 2.0**-53
# the screen needs squared scaled norms far from overflow and the scale's
# square far from both ends of the float64 range
_MAX_SAFE = 2.0**500
_MAX_SCALED_NORM2 = 2.0**900
# elements of one block of the (query x training) screening matrix
_BLOCK_ELEMENTS = 2**17
_ALL_PAIRS_UP_TO = 2**12


def _kth_upper_bound(values, k):
    """A value at least the k-th smallest of each row (exact for short rows).

    The minima of ``4k`` disjoint column chunks are ``4k`` distinct entries,
    so their k-th smallest is at least the row's k-th smallest; it is rarely
    much larger (only when several of the k smallest share a chunk). This is
    several times faster than ``np.partition`` along long rows.
    """
    n = values.shape[1]
    if k == 1:
        return values.min(axis=1)
    chunks = 4 * k
    width = n // chunks
    if width >= 8:
        minima = values[:, : chunks * width].reshape(-1, chunks, width).min(axis=2)
        kth = np.partition(minima, k - 1, axis=1)[:, k - 1]
        # a chunk holding only an excluded (infinite) entry weakens the bound
        if np.isfinite(kth).all():
            return kth
    return np.partition(values, k - 1, axis=1)[:, k - 1]


class ExactScreen:
    """Training data prepared for exact numpy queries.

    Parameters
    ----------
    X64 : ndarray of float64 of shape (n_samples, n_features)
        Finite, C-contiguous training data.
    """

    def __init__(self, X64):
        self.X64 = X64
        n, d = X64.shape
        self.XT64 = np.ascontiguousarray(X64.T)
        self.c = (8 * d + 64) * _U64
        max_abs = float(np.abs(X64).max(initial=0.0))
        self.safe = n > 0 and max_abs <= _MAX_SAFE
        if not self.safe:
            return
        self.center = X64.mean(axis=0)
        centred = X64 - self.center
        spread = float(np.abs(centred).max(initial=0.0))
        if spread == 0.0:
            self.scale = 1.0  # one distinct point: every distance ties at 0
        elif spread < 1.0 / _MAX_SAFE:
            self.safe = False
            return
        else:
            # a power of two keeps the scaling exact (away from underflow)
            self.scale = float(2.0 ** -np.ceil(np.log2(spread)))
        self.Xs = centred * self.scale
        xn = np.einsum("ij,ij->i", self.Xs, self.Xs)
        self.xn_max = float(xn.max())
        # [x, (1 + c) |x|^2]: the product with [-2 q, 1] gives V (see _candidates)
        self.Xaug = np.concatenate([self.Xs, ((1.0 + self.c) * xn)[:, None]], axis=1)
        # underflow in the product and in the exact sums, in scaled units
        self.a = (self.scale**2 + 1.0) * (4 * d + 8) * 2.0**-1074

    def _scaled_queries(self, Q64):
        with np.errstate(over="ignore", invalid="ignore"):
            Qs = (Q64 - self.center) * self.scale
            qn = np.einsum("ij,ij->i", Qs, Qs)
        # rows so far out that the screen could overflow take every point
        wild = ~(qn <= _MAX_SCALED_NORM2)
        if wild.any():
            Qs[wild] = 0.0
            qn[wild] = 0.0
        return Qs, qn, wild

    def query(self, Q64, k, self_idx):
        """Exact k nearest training points of each row of ``Q64``.

        Parameters
        ----------
        Q64 : ndarray of float64 of shape (n_queries, n_features)
        k : int
            Neighbours; at most the training points available to every row.
        self_idx : ndarray of int64 of shape (n_queries,)
            Training index excluded for each row (-1 for none).

        Returns
        -------
        dist2 : ndarray of float64 of shape (n_queries, k)
            Feature-by-feature float64 squared distances, ascending.
        ind : ndarray of int64 of shape (n_queries, k)
            Ties broken by the lower index.
        """
        nq = Q64.shape[0]
        n = self.X64.shape[0]
        dist2 = np.empty((nq, k))
        ind = np.empty((nq, k), dtype=np.int64)
        if nq == 0 or k == 0:
            return dist2, ind
        # a handful of pairs: every pair is a candidate (screening costs more)
        screen = self.safe and nq * n > _ALL_PAIRS_UP_TO
        if screen:
            Qs, qn, wild = self._scaled_queries(Q64)
        # at least 16 rows per product, so BLAS reuses each training block
        block = min(nq, max(16, _BLOCK_ELEMENTS // max(n, 1)))
        for q0 in range(0, nq, block):
            q1 = min(q0 + block, nq)
            excl = self_idx[q0:q1]
            if screen:
                mask = self._candidates(Qs[q0:q1], qn[q0:q1], k, excl)
                mask[wild[q0:q1]] = True
            else:
                mask = np.ones((q1 - q0, n), dtype=bool)
            has_self = excl >= 0
            mask[np.flatnonzero(has_self), excl[has_self]] = False
            self._rerank(Q64[q0:q1], mask, k, dist2[q0:q1], ind[q0:q1])
        return dist2, ind

    def _candidates(self, Qs, qn, k, excl):
        """Points whose lower bound is within the row's k-th upper bound.

        With ``V[i, j] = (1 + c) |x_j|^2 - 2 q_i.x_j`` (one matrix product on
        augmented copies), the upper bound of pair ``(i, j)`` is
        ``V[i, j] + (1 + c) |q_i|^2 + a`` and the lower bound is at least
        ``V[i, j] - 2 c max|x|^2 + (1 - c) |q_i|^2 - a``: the row's constant
        terms move to the threshold and one pass over ``V`` decides.
        """
        Qaug = np.empty((Qs.shape[0], Qs.shape[1] + 1))
        np.multiply(Qs, -2.0, out=Qaug[:, :-1])  # exact: a power of two
        Qaug[:, -1] = 1.0
        V = Qaug @ self.Xaug.T
        has_self = excl >= 0
        V[np.flatnonzero(has_self), excl[has_self]] = np.inf
        threshold = (
            _kth_upper_bound(V, k)
            + (2 * self.c * qn + 2 * self.a)
            + (2 * self.c * self.xn_max)
        )
        return V <= threshold[:, None]

    def _rerank(self, Q64, mask, k, dist2_out, ind_out):
        """Exact sums for the candidate pairs; keep the k best of each row."""
        rows, cols = np.nonzero(mask)
        exact = np.zeros(rows.shape[0])
        # distances beyond the float64 range are infinite, as in the kernels
        with np.errstate(over="ignore"):
            for col in range(Q64.shape[1]):
                diff = Q64[rows, col] - self.XT64[col, cols]
                diff *= diff
                exact += diff
        order = np.lexsort((cols, exact, rows))
        counts = np.bincount(rows, minlength=Q64.shape[0])
        starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
        take = order[(starts[:, None] + np.arange(k)[None, :]).ravel()]
        dist2_out[:] = exact[take].reshape(-1, k)
        ind_out[:] = cols[take].reshape(-1, k)
