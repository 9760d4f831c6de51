"""Exact kNN under the Value Difference Metric (categorical data).

:func:`vdm_neighbours` is the entry point: small searches run
:func:`vdm_kneighbors_numpy`, which compiles nothing, large ones the jitted
:func:`vdm_kneighbors`; both take the same float64 sums in the same order and
break ties by the lower index, so their neighbours are identical.
"""

import numpy as np
from numba import njit, prange

from ..neighbors._exact import _kth_upper_bound
from ..utils._parallel import threads_for
from ._compile import announce_compile, use_kernels
from ._kdtree import _insert

# Work (rows x rows x features) from which the kernel beats the numpy path:
# compiled in this process, only in numba's disk cache, not compiled.
# Measured on 2 cores (median of repeated calls, 10 features of 3 categories,
# k=5, kernel on 2 threads), numpy vs compiled kernel: 200 rows (4e5) 0.8 vs
# 0.4 ms, 1,000 rows (1e7) 12 vs 16 ms, 2,000 rows (4e7) 49 vs 43 ms, 5,000
# rows (2.5e8) 0.33 vs 0.25 s, 10,000 rows (1e9) 1.8 vs 0.9 s; k=50 gives
# the same picture. Loading the kernel from the cache takes 0.14 s and
# compiling it 1.6 s, which the kernel wins back from about 4e8 and 2e9.
KERNEL_SIZES = (2**25, 2**28, 2**31)
# rows x rows elements of one block of the numpy path's distance matrix
_BLOCK_ELEMENTS = 2**17


@njit(cache=True, parallel=True)
def vdm_kneighbors(codes, tables, offsets, n_categories, k):
    """The ``k`` nearest other rows of every row, plus the row itself first.

    The distance between rows ``a`` and ``b`` is
    ``sum_f tables[offsets[f] + codes[a, f] * n_categories[f] + codes[b, f]]``
    summed in feature order; ties are broken by the lower index.

    Returns
    -------
    ind : ndarray of int64 of shape (n, k + 1)
        Column 0 is the row itself.
    """
    n, n_features = codes.shape
    ind = np.empty((n, k + 1), dtype=np.int64)
    for a in prange(n):
        best_d = np.full(k, np.inf)
        best_i = np.full(k, np.iinfo(np.int64).max)
        for b in range(n):
            if b == a:
                continue
            s = 0.0
            for f in range(n_features):
                s += tables[offsets[f] + codes[a, f] * n_categories[f] + codes[b, f]]
            if s < best_d[k - 1]:
                _insert(best_d, best_i, s, b)
        ind[a, 0] = a
        for c in range(k):
            ind[a, c + 1] = best_i[c]
    return ind


def _k_smallest(D, k):
    """Columns of the ``k`` smallest entries of each row of ``D``, ascending,
    equal entries in column order (``k`` below the row length).

    Every entry up to a cheap upper bound of the row's k-th smallest is a
    candidate; the candidates are sorted by (row, value, column).
    """
    bound = _kth_upper_bound(D, k)
    rows, cols = np.nonzero(D <= bound[:, None])
    order = np.lexsort((cols, D[rows, cols], rows))
    starts = np.concatenate(([0], np.cumsum(np.bincount(rows, minlength=len(D)))))
    take = order[(starts[:-1, None] + np.arange(k)).ravel()]
    return cols[take].reshape(len(D), k)


def vdm_kneighbors_numpy(codes, tables, offsets, n_categories, k):
    """:func:`vdm_kneighbors` with numpy, in blocks of rows: same result.

    A block's distances start at 0.0 and add the features' table entries in
    feature order, as the kernel's sums do; a row's own entry is infinite and
    the ``k`` smallest of the others are kept, ties to the lower index.
    Memory stays within a few blocks of ``_BLOCK_ELEMENTS``.
    """
    n, n_features = codes.shape
    ind = np.empty((n, k + 1), dtype=np.int64)
    ind[:, 0] = np.arange(n)
    if n == 0 or k == 0:
        return ind
    squares = [
        tables[offsets[f] : offsets[f] + n_categories[f] ** 2].reshape(
            n_categories[f], n_categories[f]
        )
        for f in range(n_features)
    ]
    block = max(1, _BLOCK_ELEMENTS // n)
    for a0 in range(0, n, block):
        a1 = min(a0 + block, n)
        D = np.zeros((a1 - a0, n))
        for f in range(n_features):
            # the table rows of the block's categories against every row,
            # then one copied row per block row
            present, which = np.unique(codes[a0:a1, f], return_inverse=True)
            D += squares[f][present][:, codes[:, f]][which]
        D[np.arange(a1 - a0), np.arange(a0, a1)] = np.inf
        ind[a0:a1, 1:] = _k_smallest(D, k)
    return ind


def vdm_neighbours(codes, tables, offsets, n_categories, k, n_jobs=None):
    """Each row and its ``k`` VDM-nearest other rows (see :func:`vdm_kneighbors`).

    Small searches run the numpy path, which compiles nothing; larger ones
    the kernel on ``n_jobs`` threads. The neighbours are the same either way.

    Parameters
    ----------
    codes : ndarray of int64 of shape (n, n_features)
        Category codes, C-contiguous.
    tables : ndarray of float64
        The features' ``n_cat x n_cat`` VDM tables, flattened one after another.
    offsets, n_categories : ndarray of int64 of shape (n_features,)
    k : int
        At most ``n - 1``.
    n_jobs : int, default=None

    Returns
    -------
    ind : ndarray of int64 of shape (n, k + 1)
        Column 0 is the row itself.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit._numba._vdm import vdm_neighbours
    >>> codes = np.array([[0], [1], [1], [0]])
    >>> table = np.array([0.0, 1.0, 1.0, 0.0])  # two categories, distance 1
    >>> one = np.ones(1, dtype=np.int64)
    >>> vdm_neighbours(codes, table, 0 * one, 2 * one, 1)
    array([[0, 3],
           [1, 2],
           [2, 1],
           [3, 0]])
    """
    n, n_features = codes.shape
    work = n * n * n_features
    if use_kernels(work, KERNEL_SIZES, (vdm_kneighbors,)):
        announce_compile((vdm_kneighbors,), "the SMOTEN neighbour search")
        with threads_for(n_jobs, work):
            return vdm_kneighbors(codes, tables, offsets, n_categories, k)
    return vdm_kneighbors_numpy(codes, tables, offsets, n_categories, k)
