"""Exact k nearest neighbours over row blocks, each block against every block."""

import numpy as np

from ..neighbors import NearestNeighbors


def _pair(query, data, same_block, k):
    """Squared distances and local indices of ``query``'s nearest rows of ``data``.

    The squared distances are recomputed as the engine defines them (float64,
    summed feature by feature), not taken from the square roots ``kneighbors``
    returns: two different squared distances can share a square root, and the
    merge must rank them as the in-memory search does.
    """
    if same_block:
        k = min(k, len(data) - 1)
        if k <= 0:
            return np.empty((len(query), 0)), np.empty((len(query), 0), np.int64)
        ind = (
            NearestNeighbors(n_neighbors=k).fit(data).kneighbors(return_distance=False)
        )
    else:
        k = min(k, len(data))
        ind = (
            NearestNeighbors(n_neighbors=k)
            .fit(data)
            .kneighbors(query, return_distance=False)
        )
    dist2 = np.zeros(ind.shape)
    for f in range(data.shape[1]):
        dist2 += (query[:, f, None] - data[ind, f]) ** 2
    return dist2, ind


def _merge(results, offsets, k):
    """Keep the ``k`` best (distance, global index) over all blocks.

    Ties in distance go to the lower global index, as in the in-memory engine.
    """
    dist = np.hstack([d for d, _ in results])
    ind = np.hstack([i + off for (_, i), off in zip(results, offsets, strict=True)])
    order = np.lexsort((ind, dist), axis=1)[:, :k]
    return np.take_along_axis(ind, order, axis=1)


def blockwise_kneighbors(blocks, lengths, k):
    """Global indices of each row's ``k`` nearest other rows (self excluded).

    ``blocks`` are delayed numpy arrays of consecutive rows; every block is
    compared with every block (``len(blocks)**2`` tasks, run by the dask
    scheduler in use). Distances are the engine's exact float64 ones, so the
    result equals the in-memory search on the concatenated rows.
    """
    import dask

    offsets = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    pair = dask.delayed(_pair, pure=True)
    merge = dask.delayed(_merge, pure=True)
    per_block = [
        merge(
            [pair(q, d, i == j, k) for j, d in enumerate(blocks)],
            list(offsets),
            k,
        )
        for i, q in enumerate(blocks)
    ]
    (found,) = dask.compute(per_block)
    return np.vstack(found)
