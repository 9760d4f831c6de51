"""kd-tree query kernel (exact, float64, ties broken by index).

The tree is an implicit complete binary tree: node ``v`` has children
``2v + 1`` and ``2v + 2``; node ``v`` owns ``perm[start[v]:end[v]]`` and its
bounding box ``lo[v]``/``hi[v]``. Building it is done with numpy in
``imbalance_kit.neighbors._kdtree``.

Distances are summed sequentially over features, exactly as in the brute-force
re-rank, so both engines return identical neighbours.
"""

import numpy as np
from numba import njit, prange


@njit(cache=True)
def _box_dist2(q, lo, hi, v):
    """Squared distance from ``q`` to node ``v``'s box; never above a member's distance."""
    s = 0.0
    for col in range(q.shape[0]):
        if q[col] < lo[v, col]:
            gap = lo[v, col] - q[col]
            s += gap * gap
        elif q[col] > hi[v, col]:
            gap = q[col] - hi[v, col]
            s += gap * gap
    return s


@njit(cache=True)
def _insert(best_d, best_i, d, j):
    """Insert ``(d, j)`` into the ascending (distance, index) list, dropping the last."""
    pos = best_d.shape[0] - 1
    best_d[pos] = d
    best_i[pos] = j
    while pos > 0 and (
        best_d[pos - 1] > d or (best_d[pos - 1] == d and best_i[pos - 1] > j)
    ):
        best_d[pos] = best_d[pos - 1]
        best_i[pos] = best_i[pos - 1]
        best_d[pos - 1] = d
        best_i[pos - 1] = j
        pos -= 1


@njit(cache=True, parallel=True)
def kdtree_query(Q, X, perm, start, end, lo, hi, n_internal, k, self_idx):
    """Exact k nearest training points of every row of ``Q``.

    Parameters
    ----------
    Q : ndarray of float64 of shape (nq, d)
    X : ndarray of float64 of shape (n, d)
        Training data in its original order.
    perm, start, end, lo, hi : tree arrays (see module docstring).
    n_internal : int
        Nodes ``< n_internal`` are internal; the rest are leaves.
    k : int
    self_idx : ndarray of int64 of shape (nq,)
        Training index to exclude per query row (-1 for none).

    Returns
    -------
    dist2 : ndarray of float64 of shape (nq, k)
    ind : ndarray of int64 of shape (nq, k)
    """
    nq = Q.shape[0]
    n_nodes = start.shape[0]
    dist2 = np.empty((nq, k), dtype=np.float64)
    ind = np.empty((nq, k), dtype=np.int64)
    depth = 1
    while (1 << depth) <= n_nodes:
        depth += 1
    for r in prange(nq):
        q = Q[r]
        best_d = np.full(k, np.inf)
        best_i = np.full(k, np.iinfo(np.int64).max)
        stack = np.empty(2 * depth + 2, dtype=np.int64)
        stack_d = np.empty(2 * depth + 2, dtype=np.float64)
        top = 0
        stack[0] = 0
        stack_d[0] = _box_dist2(q, lo, hi, 0)
        top = 1
        excluded = self_idx[r]
        while top > 0:
            top -= 1
            v = stack[top]
            # equal distance is still visited: a lower index may tie there
            if stack_d[top] > best_d[k - 1]:
                continue
            if v >= n_internal:
                for p in range(start[v], end[v]):
                    j = perm[p]
                    if j == excluded:
                        continue
                    s = 0.0
                    for col in range(q.shape[0]):
                        diff = q[col] - X[j, col]
                        s += diff * diff
                    if s < best_d[k - 1] or (s == best_d[k - 1] and j < best_i[k - 1]):
                        _insert(best_d, best_i, s, j)
                continue
            left = 2 * v + 1
            right = left + 1
            d_left = _box_dist2(q, lo, hi, left)
            d_right = _box_dist2(q, lo, hi, right)
            # push the farther child first so the nearer one is searched first
            if d_left <= d_right:
                stack[top] = right
                stack_d[top] = d_right
                stack[top + 1] = left
                stack_d[top + 1] = d_left
            else:
                stack[top] = left
                stack_d[top] = d_left
                stack[top + 1] = right
                stack_d[top + 1] = d_right
            top += 2
        for c in range(k):
            dist2[r, c] = best_d[c]
            ind[r, c] = best_i[c]
    return dist2, ind
