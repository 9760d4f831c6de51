"""Splitting a count into integer shares (largest-remainder rounding)."""

import numpy as np


def largest_remainder(total, weights, capacity=None):
    """Split ``total`` into integers proportional to ``weights``.

    Each group first gets the floor of its exact share
    ``total * w_i / sum(w)``; the units still missing go, one each, to the
    groups with the largest fractional parts (ties to the lower index;
    with integer weights the parts are computed exactly, so exactly equal
    parts always tie; with other weights, in floating point). The
    counts therefore sum to ``total`` exactly and differ from the exact
    shares by less than one.

    With ``capacity``, no group gets more than its capacity: a group that
    would exceed it is filled, and the rest of the total is split again, by
    the same rule, over the groups that still have room (over all of those
    equally if their weights are all zero). The counts then sum to
    ``min(total, sum(capacity))``.

    Parameters
    ----------
    total : int
        Non-negative count to split.
    weights : array-like of shape (n_groups,)
        Non-negative weights, not all zero.
    capacity : array-like of int of shape (n_groups,), default=None
        Largest count of each group.

    Returns
    -------
    counts : ndarray of int64 of shape (n_groups,)

    Examples
    --------
    >>> largest_remainder(10, [0.5, 0.25, 0.25]).tolist()
    [5, 3, 2]
    >>> largest_remainder(10, [3, 1, 1], capacity=[4, 9, 9]).tolist()
    [4, 3, 3]
    """
    weights = np.asarray(weights, dtype=np.float64)
    total = int(total)
    if total < 0:
        raise ValueError(f"total must be a non-negative count; got {total}.")
    if weights.ndim != 1 or not np.all(np.isfinite(weights)) or (weights < 0).any():
        raise ValueError(
            f"weights must be a 1-D array of finite non-negative numbers; got "
            f"{weights!r}."
        )
    if capacity is None:
        if weights.sum() <= 0:
            raise ValueError("weights must not all be zero.")
        return _split(total, weights)
    capacity = np.asarray(capacity, dtype=np.int64)
    if capacity.shape != weights.shape or (capacity < 0).any():
        raise ValueError(
            "capacity must give a non-negative count for every group; got "
            f"{capacity!r} for {weights.size} groups."
        )
    counts = np.zeros(weights.size, dtype=np.int64)
    open_ = capacity > 0
    while total > counts.sum() and open_.any():
        w = np.where(open_, weights, 0.0)
        if w.sum() <= 0:  # only zero-weight groups have room: share equally
            w = open_.astype(np.float64)
        counts += _split(total - int(counts.sum()), w)
        np.minimum(counts, capacity, out=counts)
        open_ = counts < capacity
    return counts


def _split(total, weights):
    if np.all(weights == np.floor(weights)) and weights.sum() * total < 2**53:
        # integer weights (counts): exact remainders, so equal ones tie
        w = weights.astype(np.int64)
        counts, rest = np.divmod(total * w, w.sum())
        order = np.argsort(-rest, kind="stable")
        counts[order[: total - int(counts.sum())]] += 1
        return counts
    share = total * weights / weights.sum()
    counts = np.floor(share).astype(np.int64)
    missing = total - int(counts.sum())
    if missing > 0:
        # stable sort: equal remainders go to the lower index first
        order = np.argsort(-(share - counts), kind="stable")
        counts[order[:missing]] += 1
    elif missing < 0:  # rounding pushed a share just past an integer
        order = np.argsort(share - counts, kind="stable")
        counts[order[:-missing]] -= 1
    return counts
