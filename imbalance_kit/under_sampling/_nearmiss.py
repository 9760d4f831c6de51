"""NearMiss-1, -2 and -3 (Mani and Zhang 2003)."""

import numbers
import warnings

import numpy as np
from imblearn.under_sampling.base import BaseUnderSampler
from sklearn.utils._param_validation import Interval

from ..neighbors import NearestNeighbors
from ..utils._validation import dense_float64
from ._base import RowSelectionMixin, minority_class


def farthest_distance_sums(X_rows, X_ref, k, chunk=2048):
    """Sum of the distances from each row to its ``k`` farthest rows of ``X_ref``."""
    sums = np.empty(len(X_rows))
    for start in range(0, len(X_rows), chunk):
        block = X_rows[start : start + chunk]
        d2 = (
            np.einsum("ij,ij->i", block, block)[:, None]
            + np.einsum("ij,ij->i", X_ref, X_ref)[None, :]
            - 2 * block @ X_ref.T
        )
        far = np.partition(d2, d2.shape[1] - k, axis=1)[:, -k:]
        sums[start : start + chunk] = np.sqrt(np.maximum(far, 0)).sum(axis=1)
    return sums


class NearMiss(RowSelectionMixin, BaseUnderSampler):
    """Keep the majority samples closest to (or, NearMiss-3, far from) the minority.

    * version 1: keep the samples with the smallest mean distance to their
      ``n_neighbors`` nearest minority samples;
    * version 2: the smallest mean distance to their ``n_neighbors`` farthest
      minority samples;
    * version 3: among the ``n_neighbors_ver3`` nearest samples of each
      minority sample, keep those with the largest mean distance to their
      ``n_neighbors`` nearest minority samples (may keep fewer than asked,
      with a warning, as in imbalanced-learn).

    Same parameters and the same selected rows, in the same order, as
    :class:`imblearn.under_sampling.NearMiss` (up to near-ties of the distance
    sums); neighbour searches run on the numba engine.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    version : {1, 2, 3}, default=1
    n_neighbors : int, default=3
    n_neighbors_ver3 : int, default=3
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] I. Mani, I. Zhang, "kNN approach to unbalanced data distributions:
       a case study involving information extraction", ICML workshop on
       learning from imbalanced datasets, 2003.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import NearMiss
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> np.bincount(NearMiss().fit_resample(X, y)[1])
    array([20, 20])
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "version": [Interval(numbers.Integral, 1, 3, closed="both")],
        "n_neighbors": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_neighbors_ver3": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        version=1,
        n_neighbors=3,
        n_neighbors_ver3=3,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.version = version
        self.n_neighbors = n_neighbors
        self.n_neighbors_ver3 = n_neighbors_ver3
        self.n_jobs = n_jobs

    def _fit_resample(self, X_in, y):
        # distances on a dense float64 copy; rows are selected from the input
        X = dense_float64(X_in)
        X_min = X[y == minority_class(y)]
        k = self.n_neighbors
        if k > len(X_min):
            raise ValueError(
                f"n_neighbors={k} is more than the {len(X_min)} minority samples."
            )
        near_min = NearestNeighbors(n_neighbors=k, n_jobs=self.n_jobs).fit(X_min)
        selected = []
        for target_class in np.unique(y):
            class_indices = np.flatnonzero(y == target_class)
            if target_class not in self.sampling_strategy_:
                selected.append(class_indices)
                continue
            n_keep = self.sampling_strategy_[target_class]
            X_class = X[class_indices]
            if self.version == 1:
                score = near_min.kneighbors(X_class)[0].sum(axis=1)
                candidates = np.arange(len(class_indices))
            elif self.version == 2:
                score = farthest_distance_sums(X_class, X_min, k)
                candidates = np.arange(len(class_indices))
            else:
                k3 = min(self.n_neighbors_ver3, len(X_class))
                nearest_class = (
                    NearestNeighbors(n_neighbors=k3, n_jobs=self.n_jobs)
                    .fit(X_class)
                    .kneighbors(X_min, return_distance=False)
                )
                candidates = np.unique(nearest_class)
                # the farthest first: negate for a stable ascending sort
                score = -near_min.kneighbors(X_class[candidates])[0].sum(axis=1)
            order = np.argsort(score, kind="stable")[:n_keep]
            if len(order) < n_keep:
                warnings.warn(
                    f"NearMiss-{self.version} found only {len(order)} samples of "
                    f"class {target_class!r} to keep, fewer than the {n_keep} "
                    "asked; all of them are returned.",
                    UserWarning,
                    stacklevel=3,
                )
            selected.append(class_indices[candidates[order]])
        return self._select(X_in, y, np.concatenate(selected))
