"""Pieces shared by the under-samplers."""

import numbers
from collections import Counter

import numpy as np
from imblearn.under_sampling.base import BaseCleaningSampler
from sklearn.utils import _safe_indexing, check_random_state

from ..neighbors import NearestNeighbors
from ..utils._interface import SamplerInterfaceMixin
from ..utils._pandas import keep_row_index
from ..utils._validation import ResampleGuardMixin


class RowSelectionMixin(SamplerInterfaceMixin, ResampleGuardMixin):
    """``fit_resample`` that keeps a DataFrame's index for the selected rows."""

    def fit_resample(self, X, y, **params):
        """Resample the dataset.

        Parameters
        ----------
        X : {array-like, dataframe, sparse matrix} of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)

        Returns
        -------
        X_resampled : {ndarray, dataframe, sparse matrix}
            The selected rows, ``X[sample_indices_]``; a DataFrame keeps its
            columns, dtypes and the index of the selected rows.
        y_resampled : {ndarray, series}
        """
        X_res, y_res = super().fit_resample(X, y, **params)
        return keep_row_index(X, X_res, y_res, self.sample_indices_)

    def _select(self, X, y, indices):
        self.sample_indices_ = np.asarray(indices, dtype=np.intp)
        return _safe_indexing(X, self.sample_indices_), _safe_indexing(
            y, self.sample_indices_
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.sampler_tags.sample_indices = True
        return tags


class BaseCleaner(RowSelectionMixin, BaseCleaningSampler):
    """imbalanced-learn's cleaning sampler with ``n_jobs`` for our neighbour engine."""

    _parameter_constraints: dict = {
        **BaseCleaningSampler._parameter_constraints,
        "n_jobs": [numbers.Integral, None],
    }


class SeededSelection(BaseCleaner):
    """Cleaners that grow, per class, a kept set from the minority plus random seeds.

    Subclasses implement ``_keep_in_class(X, y, class_rows, minority_rows,
    drawn)``, returning the dataset indices kept for one class (``drawn``:
    positions of the seeds within ``class_rows``, drawn as imbalanced-learn
    draws them).
    """

    _parameter_constraints: dict = {
        **BaseCleaner._parameter_constraints,
        "n_seeds_S": [numbers.Integral],
        "random_state": ["random_state"],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        n_neighbors=None,
        n_seeds_S=1,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.random_state = random_state
        self.n_neighbors = n_neighbors
        self.n_seeds_S = n_seeds_S
        self.n_jobs = n_jobs

    def _kept_per_class(self, X, y):
        """Indices kept, class after class (classes not cleaned are kept whole)."""
        random_state = check_random_state(self.random_state)
        counts = Counter(y)
        minority = min(counts, key=counts.get)
        minority_rows = np.flatnonzero(y == minority)
        kept = []
        for target_class in np.unique(y):
            class_rows = np.flatnonzero(y == target_class)
            if target_class in self.sampling_strategy_:
                drawn = random_state.randint(
                    low=0, high=counts[target_class], size=self.n_seeds_S
                )
                class_rows = self._keep_in_class(X, y, class_rows, minority_rows, drawn)
            kept.append(class_rows)
        return np.concatenate(kept)


def minority_class(y):
    """The least frequent label of ``y``; a tie goes to the label seen first.

    What ``min(Counter(y), key=...)`` gives (imbalanced-learn's rule), from
    one sort instead of a Python loop over every label.

    Examples
    --------
    >>> import numpy as np
    >>> minority_class(np.array([2, 0, 0, 2, 1, 1])).item()
    2
    """
    classes, first, counts = np.unique(y, return_index=True, return_counts=True)
    tied = np.flatnonzero(counts == counts.min())
    return classes[tied[np.argmin(first[tied])]]


def row_mode(labels):
    """The most frequent label of each row (ties: the smallest label).

    Works for any labels ``np.unique`` can sort (strings, booleans, ...),
    not only numbers as ``scipy.stats.mode`` does.
    """
    labels = np.asarray(labels)
    values, codes = np.unique(labels, return_inverse=True)
    codes = codes.reshape(labels.shape)
    counts = np.column_stack([(codes == c).sum(axis=1) for c in range(values.size)])
    return values[np.argmax(counts, axis=1)]


def by_class_order(y, keep):
    """Kept indices, class after class, as imbalanced-learn orders them."""
    return np.concatenate(
        [np.flatnonzero((y == c) & keep) for c in np.unique(y)]
    ).astype(np.intp)


class NeighbourLists:
    """All-points neighbour lists computed once, reused as points are removed.

    The k nearest *remaining* neighbours of a remaining point are the first k
    remaining entries of its sorted list; a row whose list runs out is
    recomputed among the remaining points only. Ties are broken by the
    original index throughout.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    length : int
        Neighbours stored per point (capped at ``n_samples - 1``).
    n_jobs : int or None
    """

    def __init__(self, X, length, n_jobs=None):
        self.X = X
        self.n_jobs = n_jobs
        self.length = int(min(length, X.shape[0] - 1))
        self.lists = (
            NearestNeighbors(n_neighbors=self.length, n_jobs=n_jobs)
            .fit(X)
            .kneighbors(return_distance=False)
        )
        self.n_recomputed = 0

    def neighbours(self, rows, k, alive):
        """The ``k`` nearest remaining neighbours (original indices) of ``rows``.

        Parameters
        ----------
        rows : ndarray of int
            Remaining points to query.
        k : int
        alive : ndarray of bool of shape (n_samples,)
            Which points remain.
        """
        n_alive = int(alive.sum())
        if n_alive - 1 < k:
            raise ValueError(
                f"n_neighbors={k} needs at least {k + 1} remaining samples; "
                f"{n_alive} remain."
            )
        candidates = self.lists[rows]
        usable = alive[candidates]
        rank = np.cumsum(usable, axis=1)
        enough = rank[:, -1] >= k
        out = np.empty((len(rows), k), dtype=np.int64)
        take = usable & (rank <= k)
        out[enough] = candidates[enough][take[enough]].reshape(-1, k)
        short = np.flatnonzero(~enough)
        if short.size:
            self.n_recomputed += short.size
            remaining = np.flatnonzero(alive)
            nn = NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs).fit(
                self.X[remaining]
            )
            local = np.searchsorted(remaining, rows[short])
            out[short] = remaining[
                nn.kneighbors_of_rows(local, k, return_distance=False)
            ]
        return out
