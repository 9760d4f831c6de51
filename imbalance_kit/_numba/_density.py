"""Density statistics of a point set (SMOBD): neighbourhood counts and reachability.

:func:`reachability_and_counts` is what the sampler calls: small sets run
:func:`reachability_and_counts_numpy`, large ones the jitted kernel; both
sum alike, so their results are the same bit for bit.
"""

import numpy as np
from numba import njit, prange

from ._compile import announce_compile, use_kernels

# Pair terms (rows^2 x features) from which the kernel pays: compiled in this
# process, in the disk cache only (~0.1 s to load), not compiled (about 1 s).
# Measured warm on one thread: 9e5 terms take 3.7 ms on numpy and 0.6 ms in
# the kernel, 9e7 0.25 s and 0.06 s (about 2.7e-9 s per term on numpy).
KERNEL_SIZES = (2**16, 2**25, 2**28)
#: rows per block of the numpy path (bounds its memory to BLOCK x n floats)
BLOCK = 256


@njit(cache=True, parallel=True)
def reachability_and_counts_kernel(X, core_distance, eps):
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


def reachability_and_counts_numpy(X, core_distance, eps):
    """The kernel in numpy: squared distances added feature by feature."""
    n, p = X.shape
    reach = np.empty(n)
    counts = np.empty(n, dtype=np.int64)
    eps2 = eps * eps
    for start in range(0, n, BLOCK):
        rows = np.arange(start, min(start + BLOCK, n))
        s = np.zeros((rows.size, n))
        for f in range(p):
            t = X[rows, f, None] - X[None, :, f]
            s += t * t
        s[np.arange(rows.size), rows] = np.inf  # a row is not its own neighbour
        counts[rows] = (s <= eps2).sum(axis=1)
        reach[rows] = np.maximum(core_distance[None, :], np.sqrt(s)).min(axis=1)
    return reach, counts


def reachability_and_counts(X, core_distance, eps):
    """Smallest reachability distance and ``eps``-neighbour count of each row.

    See :func:`reachability_and_counts_kernel`; small sets run the numpy twin.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit._numba._density import reachability_and_counts
    >>> X = np.array([[0.0], [1.0], [3.0]])
    >>> reach, counts = reachability_and_counts(X, np.array([1.0, 1.0, 2.0]), 1.5)
    >>> reach, counts
    (array([1., 1., 2.]), array([1, 1, 0]))
    """
    n, p = X.shape
    kernels = (reachability_and_counts_kernel,)
    if n > 1 and use_kernels(n * n * max(p, 1), KERNEL_SIZES, kernels):
        announce_compile(kernels, "SMOBD's density statistics")
        return reachability_and_counts_kernel(X, core_distance, eps)
    return reachability_and_counts_numpy(X, core_distance, eps)
