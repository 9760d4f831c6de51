"""Exact brute-force kNN: float32 screening, float64 re-rank, exact fallback.

The answer is exact in float64 with ties broken by the lower training index:
screening only chooses candidates, and every row whose candidates cannot be
proven complete by the rounding-error bound is recomputed exactly (with the
numpy path of :mod:`._exact`, so no other kernel is compiled for it).
"""

import numpy as np

from .._numba import _knn_brute as kernels
from ._exact import ExactScreen

_U32 = 2.0**-24  # float32 unit roundoff
_U64 = 2.0**-53
# float32 screening cannot represent points that far from the training data
_MAX_SCALED = 2.0**40


def _exact_sum_err(n_features):
    """Relative and absolute (underflow) error of a float64 exact distance sum."""
    return 4.0 * (n_features + 4) * _U64, n_features * 2.0**-1073


def block_size(n_features):
    """Points per block: the transposed float32 block stays within ~64 KiB (L2)."""
    return int(min(1024, max(64, (65536 // (4 * max(n_features, 1))) // 16 * 16)))


def block_rounds(n_blocks):
    """Schedule all block pairs ``a <= b`` in rounds of disjoint pairs.

    Round 0 holds the diagonal pairs; the others come from the circle method
    (round-robin tournament), so within a round no block appears twice and
    threads never update the same rows.

    Returns
    -------
    pair_a, pair_b, round_start : ndarray of int64
    """
    diag = np.arange(n_blocks, dtype=np.int64)
    if n_blocks < 2:
        return diag, diag.copy(), np.array([0, n_blocks], dtype=np.int64)
    players = n_blocks + n_blocks % 2  # an odd count gets a bye
    rounds = np.arange(players - 1)[:, None]
    offset = np.arange(1, players // 2)[None, :]
    a = np.concatenate(
        [np.full((players - 1, 1), players - 1), (rounds + offset) % (players - 1)],
        axis=1,
    )
    b = np.concatenate(
        [rounds, (rounds - offset) % (players - 1)],
        axis=1,
    )
    real = (a < n_blocks) & (b < n_blocks)
    counts = real.sum(axis=1)
    lo = np.minimum(a, b)[real]
    hi = np.maximum(a, b)[real]
    pair_a = np.concatenate([diag, lo]).astype(np.int64)
    pair_b = np.concatenate([diag, hi]).astype(np.int64)
    round_start = np.concatenate([[0, n_blocks], n_blocks + np.cumsum(counts)])
    return pair_a, pair_b, round_start.astype(np.int64)


def n_candidates(k, n_available):
    """Screening candidates per row: a few more than ``k``, at most all points."""
    return int(min(n_available, k + max(3, k // 4)))


class BruteIndex:
    """Training data prepared for brute-force queries.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
        Finite training data (float32 or float64).
    """

    def __init__(self, X):
        self.X64 = np.ascontiguousarray(X, dtype=np.float64)
        self.n_features = self.X64.shape[1]
        self.exact = ExactScreen(self.X64)
        self._screen_ready = False

    def _prepare_screen(self):
        """Centred, power-of-two scaled float32 copies for the kernels' screen."""
        if self._screen_ready:
            return
        n, d = self.X64.shape
        self.center = self.X64.mean(axis=0) if n else np.zeros(d)
        centred = self.X64 - self.center
        max_abs = float(np.abs(centred).max()) if centred.size else 0.0
        # a power of two keeps the scaling itself exact
        self.scale = 2.0 ** -np.ceil(np.log2(max_abs)) if max_abs > 0 else 1.0
        self._offset_err = 4 * _U64 * np.sqrt(d) * self.scale * (
            float(np.abs(self.X64).max(initial=0.0))
            + float(np.abs(self.center).max(initial=0.0))
        ) + np.sqrt(d * 2.0**-126)
        self.X32, self.err = self._screening_copy(self.X64)
        self.XT32 = np.ascontiguousarray(self.X32.T)
        self.err_max = float(self.err.max(initial=0.0))
        self.bs = block_size(d)
        self._screen_ready = True

    def kernels(self, query_self):
        """The jitted kernels a query would run (for compile decisions)."""
        screen = kernels.screen_self if query_self else kernels.screen_query
        return (screen, kernels.rerank)

    def can_use_kernels(self):
        """The float32 screen needs data the exact screen can scale safely."""
        return self.exact.safe

    def _screening_copy(self, Q64):
        scaled = (Q64 - self.center) * self.scale
        err = (
            2 * _U32 * np.sqrt(np.einsum("ij,ij->i", scaled, scaled)) + self._offset_err
        )
        with np.errstate(over="ignore"):
            Q32 = scaled.astype(np.float32)
        return Q32, err

    def _rel_err(self):
        return 2.0 * (self.n_features + 3) * _U32

    def _finish(self, Q64, dist2, ind, ok, self_idx, k):
        """Recompute exactly every row whose screening was not proven."""
        redo = np.flatnonzero(~ok)
        if redo.size:
            dist2[redo], ind[redo] = self.exact.query(Q64[redo], k, self_idx[redo])
        return dist2, ind

    def query(self, Q, k, self_idx=None):
        """Exact k nearest training points of each row of ``Q``.

        Parameters
        ----------
        Q : ndarray of shape (n_queries, n_features)
        k : int
            Number of neighbours; the caller guarantees enough training points.
        self_idx : ndarray of int64 of shape (n_queries,), optional
            Training index to exclude for each query row (-1 for none).

        Returns
        -------
        dist2 : ndarray of float64 of shape (n_queries, k)
            Squared Euclidean distances, ascending.
        ind : ndarray of int64 of shape (n_queries, k)
        """
        Q64 = np.ascontiguousarray(Q, dtype=np.float64)
        nq = Q64.shape[0]
        if self_idx is None:
            self_idx = np.full(nq, -1, dtype=np.int64)
        if nq == 0 or k == 0:
            return np.empty((nq, k)), np.empty((nq, k), dtype=np.int64)
        self._prepare_screen()
        Q32, q_err = self._screening_copy(Q64)
        n_available = self.X64.shape[0] - (1 if (self_idx >= 0).any() else 0)
        m = n_candidates(k, n_available)
        heap_d, heap_i = kernels.screen_query(Q32, self.XT32, m, self.bs, 16, self_idx)
        dist2, ind, ok = kernels.rerank(
            Q64,
            self.X64,
            heap_d,
            heap_i,
            k,
            q_err,
            self.err_max,
            self.scale,
            self._rel_err(),
            *_exact_sum_err(self.n_features),
        )
        # rows far outside the training data cannot be screened in float32
        ok &= np.abs(Q32).max(axis=1, initial=0.0) < _MAX_SCALED
        return self._finish(Q64, dist2, ind, ok, self_idx, k)

    def query_self(self, k):
        """Exact k nearest other training points of every training point."""
        n = self.X64.shape[0]
        if n == 0 or k == 0:
            return np.empty((n, k)), np.empty((n, k), dtype=np.int64)
        self._prepare_screen()
        m = n_candidates(k, n - 1)
        n_blocks = (n + self.bs - 1) // self.bs
        pair_a, pair_b, round_start = block_rounds(n_blocks)
        heap_d, heap_i = kernels.screen_self(
            self.X32, self.XT32, m, self.bs, pair_a, pair_b, round_start
        )
        dist2, ind, ok = kernels.rerank(
            self.X64,
            self.X64,
            heap_d,
            heap_i,
            k,
            self.err,
            self.err_max,
            self.scale,
            self._rel_err(),
            *_exact_sum_err(self.n_features),
        )
        return self._finish(self.X64, dist2, ind, ok, np.arange(n, dtype=np.int64), k)
