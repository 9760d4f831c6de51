"""Slow, obviously correct k-nearest-neighbour reference."""

import numpy as np


def squared_distance(a, b):
    """Sum of squared differences, feature by feature, in float64."""
    total = 0.0
    a = np.asarray(a, dtype=np.float64)
    b = np.asarray(b, dtype=np.float64)
    for u, v in zip(a, b, strict=True):
        total += (u - v) * (u - v)
    return total


def kneighbors(X_fit, Q, k, self_idx=None):
    """k nearest rows of ``X_fit`` for each row of ``Q``, ties by lower index.

    ``self_idx[r]`` (if given and >= 0) is excluded for query row ``r``.

    Returns
    -------
    dist2 : ndarray of shape (n_queries, k)
    ind : ndarray of shape (n_queries, k)
    """
    dist2 = np.empty((len(Q), k))
    ind = np.empty((len(Q), k), dtype=np.int64)
    for r, q in enumerate(Q):
        candidates = [
            (squared_distance(q, x), j)
            for j, x in enumerate(X_fit)
            if self_idx is None or j != self_idx[r]
        ]
        candidates.sort()
        dist2[r] = [d for d, _ in candidates[:k]]
        ind[r] = [j for _, j in candidates[:k]]
    return dist2, ind
