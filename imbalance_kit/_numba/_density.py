"""Density statistics of a point set (SMOBD): neighbourhood counts and reachability."""

import numpy as np
from numba import njit, prange


@njit(cache=True, parallel=True)
def reachability_and_counts(X, core_distance, eps):
    """Per row of ``X``: the smallest reachability distance from any other row,
    and how many other rows lie within ``eps``.

    The reachability distance of ``p`` from ``o`` is OPTICS's
    ``max(core_distance[o], d(o, p))``; taking the minimum over every ``o``
    makes it independent of any processing order. Distances are Euclidean.
    """
    n, p = X.shape
    reach = np.empty(n)
    counts = np.zeros(n, dtype=np.int64)
    eps2 = eps * eps
    for i in prange(n):
        best = np.inf
        c = 0
        for j in range(n):
            if j == i:
                continue
            s = 0.0
            for f in range(p):
                t = X[i, f] - X[j, f]
                s += t * t
            if s <= eps2:
                c += 1
            r = max(core_distance[j], np.sqrt(s))
            if r < best:
                best = r
        reach[i] = best
        counts[i] = c
    return reach, counts
