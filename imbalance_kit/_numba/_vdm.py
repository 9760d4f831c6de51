"""Exact kNN under the Value Difference Metric (categorical data)."""

import numpy as np
from numba import njit, prange

from ._kdtree import _insert


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
