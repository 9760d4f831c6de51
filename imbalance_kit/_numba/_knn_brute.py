"""Blocked brute-force k-nearest-neighbour kernels (Euclidean).

Two screening kernels keep, for every query row, the ``m`` smallest squared
distances seen so far in a small per-row buffer ("heap"):

* :func:`screen_self` handles the all-points query on the training set. Each
  pair of points is computed once and offered to both rows; block pairs are
  scheduled in rounds (circle method) so no two threads touch the same rows.
* :func:`screen_query` handles arbitrary query rows, parallel over query blocks.

:func:`rerank` turns float32 screening candidates into exact float64 answers
and proves, with a rounding-error bound, that no non-candidate can be closer.
Exact distances are always the sequential float64 sum over features (as in
the kd-tree kernel), which is what decides ties.
"""

import numpy as np
from numba import njit, prange

# Reassociation and contraction let LLVM vectorise the distance sums; the
# rounding-error bound in ``rerank`` holds for any summation order.
_FASTMATH = {"reassoc", "contract", "nsz", "arcp"}
# points per vectorised candidate test in the scans
_CHUNK = 64


@njit(cache=True, fastmath=_FASTMATH)
def _distance_tile(Q, i, i_last, XT, j0, j1, buf):
    """Squared distances from query rows ``i..i+3`` to training points ``j0..j1-1``.

    Row ``i + r`` goes to ``buf[r]``; rows past ``i_last`` repeat ``i_last``.
    Slice views (not 2-D indexing in the loop) let LLVM vectorise over points;
    four query rows per pass share every load of training data, and two
    features per pass halve the loads and stores of the outputs.
    """
    i1 = min(i + 1, i_last)
    i2 = min(i + 2, i_last)
    i3 = min(i + 3, i_last)
    out0 = buf[0, : j1 - j0]
    out1 = buf[1, : j1 - j0]
    out2 = buf[2, : j1 - j0]
    out3 = buf[3, : j1 - j0]
    out0[:] = 0.0
    out1[:] = 0.0
    out2[:] = 0.0
    out3[:] = 0.0
    n_features = Q.shape[1]
    for col in range(0, n_features - 1, 2):
        a0 = Q[i, col]
        a1 = Q[i, col + 1]
        b0 = Q[i1, col]
        b1 = Q[i1, col + 1]
        e0 = Q[i2, col]
        e1 = Q[i2, col + 1]
        f0 = Q[i3, col]
        f1 = Q[i3, col + 1]
        x0 = XT[col, j0:j1]
        x1 = XT[col + 1, j0:j1]
        for t in range(out0.shape[0]):
            y0 = x0[t]
            y1 = x1[t]
            p = a0 - y0
            q = a1 - y1
            out0[t] += p * p + q * q
            p = b0 - y0
            q = b1 - y1
            out1[t] += p * p + q * q
            p = e0 - y0
            q = e1 - y1
            out2[t] += p * p + q * q
            p = f0 - y0
            q = f1 - y1
            out3[t] += p * p + q * q
    if n_features % 2:
        col = n_features - 1
        a0 = Q[i, col]
        b0 = Q[i1, col]
        e0 = Q[i2, col]
        f0 = Q[i3, col]
        x0 = XT[col, j0:j1]
        for t in range(out0.shape[0]):
            y0 = x0[t]
            out0[t] += (a0 - y0) * (a0 - y0)
            out1[t] += (b0 - y0) * (b0 - y0)
            out2[t] += (e0 - y0) * (e0 - y0)
            out3[t] += (f0 - y0) * (f0 - y0)


@njit(cache=True)
def _offer(heap_d, heap_i, worst_d, worst_i, worst_pos, row, d, j):
    """Put candidate ``(d, j)`` into the row's buffer in place of its worst entry.

    The worst entry is the largest by ``(distance, index)`` so that, among equal
    distances, the higher index leaves first.
    """
    pos = worst_pos[row]
    heap_d[row, pos] = d
    heap_i[row, pos] = j
    best_pos = 0
    wd = heap_d[row, 0]
    wi = heap_i[row, 0]
    for t in range(1, heap_d.shape[1]):
        hd = heap_d[row, t]
        hi = heap_i[row, t]
        if hd > wd or (hd == wd and hi > wi):
            wd = hd
            wi = hi
            best_pos = t
    worst_d[row] = wd
    worst_i[row] = wi
    worst_pos[row] = best_pos


@njit(cache=True)
def _new_heaps(n_rows, m, dtype):
    heap_d = np.full((n_rows, m), np.inf, dtype=dtype)
    heap_i = np.full((n_rows, m), np.iinfo(np.int64).max, dtype=np.int64)
    worst_d = np.full(n_rows, np.inf, dtype=dtype)
    worst_i = np.full(n_rows, np.iinfo(np.int64).max, dtype=np.int64)
    worst_pos = np.zeros(n_rows, dtype=np.int64)
    return heap_d, heap_i, worst_d, worst_i, worst_pos


@njit(cache=True, fastmath=_FASTMATH)
def _scan_pair_rows(buf, r, i, j0, j1, heaps):
    """Offer the tile row ``buf[r]`` (query ``i`` vs ``j0..j1-1``) to both sides."""
    heap_d, heap_i, worst_d, worst_i, worst_pos = heaps
    # a diagonal block holds each pair twice and the self-pair: keep j > i
    t_first = max(0, i + 1 - j0)
    n_t = j1 - j0
    for c0 in range(t_first, n_t, _CHUNK):
        c1 = min(c0 + _CHUNK, n_t)
        # Vectorised test of the whole chunk first: once the buffers have
        # filled, almost no chunk holds a candidate for either side.
        # slice views keep the loads contiguous (no gathers)
        wi = worst_d[i]
        d_chunk = buf[r, c0:c1]
        w_chunk = worst_d[j0 + c0 : j0 + c1]
        hits = 0
        for t in range(d_chunk.shape[0]):
            hits += (d_chunk[t] < wi) | (d_chunk[t] < w_chunk[t])
        if hits == 0:
            continue
        for t in range(c0, c1):
            d = buf[r, t]
            j = j0 + t
            if d < worst_d[i]:
                _offer(heap_d, heap_i, worst_d, worst_i, worst_pos, i, d, j)
            if d < worst_d[j]:
                _offer(heap_d, heap_i, worst_d, worst_i, worst_pos, j, d, i)


@njit(cache=True, fastmath=_FASTMATH)
def _scan_query_row(buf, r, row, j0, j1, excluded, heaps):
    """Offer the tile row ``buf[r]`` (query ``row`` vs ``j0..j1-1``) to the query."""
    heap_d, heap_i, worst_d, worst_i, worst_pos = heaps
    n_t = j1 - j0
    for c0 in range(0, n_t, _CHUNK):
        c1 = min(c0 + _CHUNK, n_t)
        w = worst_d[row]
        d_chunk = buf[r, c0:c1]
        hits = 0
        for t in range(d_chunk.shape[0]):
            hits += d_chunk[t] < w
        if hits == 0:
            continue
        for t in range(c0, c1):
            if buf[r, t] < worst_d[row] and j0 + t != excluded:
                _offer(
                    heap_d, heap_i, worst_d, worst_i, worst_pos, row, buf[r, t], j0 + t
                )


@njit(cache=True)
def _block_pair(X, XT, a, b, bs, heaps, buf):
    n = X.shape[0]
    a0 = a * bs
    a1 = min(a0 + bs, n)
    b0 = b * bs
    b1 = min(b0 + bs, n)
    for i in range(a0, a1, 4):
        # on a diagonal block only the pairs j > i are new
        j0 = i + 1 if a == b else b0
        if j0 >= b1:
            continue
        _distance_tile(X, i, a1 - 1, XT, j0, b1, buf)
        for r in range(min(4, a1 - i)):
            _scan_pair_rows(buf, r, i + r, j0, b1, heaps)


@njit(cache=True, parallel=True)
def screen_self(X, XT, m, bs, pair_a, pair_b, round_start):
    """Keep the ``m`` nearest other training points of every training point.

    Parameters
    ----------
    X : ndarray of shape (n, d)
        C-contiguous training data.
    XT : ndarray of shape (d, n)
        The same data transposed, C-contiguous.
    m : int
        Candidates kept per row.
    bs : int
        Block size in points.
    pair_a, pair_b : ndarray of int64
        Block pairs, grouped in rounds whose pairs touch disjoint blocks.
    round_start : ndarray of int64
        Offsets of each round in ``pair_a``/``pair_b`` (length n_rounds + 1).

    Returns
    -------
    heap_d, heap_i : ndarray of shape (n, m)
        Candidate squared distances and indices, unsorted; missing entries
        hold ``inf`` and the int64 maximum.
    """
    heaps = _new_heaps(X.shape[0], m, X.dtype)
    for r in range(round_start.shape[0] - 1):
        s0 = round_start[r]
        for p in prange(round_start[r + 1] - s0):
            buf = np.empty((4, bs), dtype=X.dtype)
            _block_pair(X, XT, pair_a[s0 + p], pair_b[s0 + p], bs, heaps, buf)
    return heaps[0], heaps[1]


@njit(cache=True, parallel=True)
def screen_query(Q, XT, m, bs, qbs, self_idx):
    """Keep the ``m`` nearest training points of every query row.

    ``self_idx[r]`` is a training index excluded for query row ``r`` (``-1``
    for none).
    """
    nq = Q.shape[0]
    n = XT.shape[1]
    heaps = _new_heaps(nq, m, Q.dtype)
    n_qblocks = (nq + qbs - 1) // qbs
    for qb in prange(n_qblocks):
        buf = np.empty((4, bs), dtype=Q.dtype)
        q0 = qb * qbs
        q1 = min(q0 + qbs, nq)
        for j0 in range(0, n, bs):
            j1 = min(j0 + bs, n)
            for i in range(q0, q1, 4):
                _distance_tile(Q, i, q1 - 1, XT, j0, j1, buf)
                for r in range(min(4, q1 - i)):
                    _scan_query_row(buf, r, i + r, j0, j1, self_idx[i + r], heaps)
    return heaps[0], heaps[1]


@njit(cache=True)
def _sorted_exact(Q64, r, X64, cand, out_d, out_i):
    """Exact float64 squared distances of candidates, sorted by (distance, index).

    Returns how many valid candidates there were.
    """
    cnt = 0
    for c in range(cand.shape[0]):
        j = cand[c]
        if j < 0 or j >= X64.shape[0]:
            continue
        s = 0.0
        for col in range(X64.shape[1]):
            diff = Q64[r, col] - X64[j, col]
            s += diff * diff
        # insertion sort: candidate lists are short
        pos = cnt
        while pos > 0 and (
            out_d[pos - 1] > s or (out_d[pos - 1] == s and out_i[pos - 1] > j)
        ):
            out_d[pos] = out_d[pos - 1]
            out_i[pos] = out_i[pos - 1]
            pos -= 1
        out_d[pos] = s
        out_i[pos] = j
        cnt += 1
    return cnt


@njit(cache=True, parallel=True)
def rerank(
    Q64, X64, heap_d, heap_i, k, q_err, x_err_max, scale, rel_err, sum_rel, sum_abs
):
    """Exact top-k from screening candidates, with a proof of exactness per row.

    ``heap_d`` holds float32 squared distances between the scaled, centred
    copies of the points. A non-candidate's screened distance is at least the
    largest kept one, so its true distance (scaled) is at least
    ``sqrt(S / (1 + rel_err)) - q_err[r] - x_err_max``. When that bound exceeds
    the exact k-th distance, the row is exact; otherwise ``ok[r]`` is False and
    the caller recomputes it. The exact sums themselves differ from the true
    distance by at most ``sum_rel`` relative plus ``sum_abs`` (underflow),
    which the comparison allows for.

    Returns
    -------
    dist2 : ndarray of shape (nq, k)
        Exact squared distances (original scale), ascending.
    ind : ndarray of shape (nq, k)
    ok : ndarray of bool of shape (nq,)
    """
    nq = Q64.shape[0]
    m = heap_i.shape[1]
    dist2 = np.empty((nq, k), dtype=np.float64)
    ind = np.empty((nq, k), dtype=np.int64)
    ok = np.ones(nq, dtype=np.bool_)
    for r in prange(nq):
        cd = np.empty(m, dtype=np.float64)
        ci = np.empty(m, dtype=np.int64)
        cnt = _sorted_exact(Q64, np.int64(r), X64, heap_i[r], cd, ci)
        if cnt < k:
            ok[r] = False
            continue
        for c in range(k):
            dist2[r, c] = cd[c]
            ind[r, c] = ci[c]
        screened_max = 0.0
        for c in range(m):
            screened_max = max(screened_max, np.float64(heap_d[r, c]))
        if cnt < m or np.isinf(screened_max):
            continue  # every other point was a candidate
        lower = np.sqrt(screened_max / (1.0 + rel_err)) - q_err[r] - x_err_max
        kth = np.sqrt(cd[k - 1] + sum_abs) * scale
        ok[r] = lower * (1.0 - sum_rel) > kth
    return dist2, ind, ok
