"""SMOTE with rejection (Lee, Kim & Lee 2015)."""

import numbers
import warnings

import numpy as np
from sklearn.utils._param_validation import Interval

from ..utils._validation import NEIGHBORS_CONSTRAINT
from ._base import (
    BaseSMOTEOverSampler,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
)
from ._variants_base import BaseVariantOverSampler


class LeeSMOTE(BaseVariantOverSampler, BaseSMOTEOverSampler):
    """SMOTE that rejects synthetic samples falling among the other classes.

    Candidates are drawn as in SMOTE (a sample of the class, one of its
    ``k_neighbors`` nearest neighbours in the class, a uniform step); a
    candidate is kept when fewer than ``rejection_level`` of its
    ``m_neighbors`` nearest neighbours in the original data belong to other
    classes (Lee et al., 2015). When a whole batch is rejected, the level is
    raised by 0.1 and a ``UserWarning`` says so at the end, so the requested
    count is always reached.

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
        Neighbours within the class for the interpolation.
    m_neighbors : int or estimator, default=5
        Neighbours in the whole data for the rejection test.
    rejection_level : float, default=0.5
        Largest fraction of other-class neighbours that is still rejected.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    nn_k_, nn_m_ : estimator
    rejection_level_ : dict
        The level finally used per class.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] J. Lee, N. Kim, J.-H. Lee, "An over-sampling technique with
       rejection for imbalanced class learning", IMCOM 2015.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import LeeSMOTE
    >>> X, y = make_classification(n_samples=200, weights=[0.9], random_state=0)
    >>> X_res, y_res = LeeSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res.tolist()).items())
    [(0, 180), (1, 180)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "m_neighbors": NEIGHBORS_CONSTRAINT,
        "rejection_level": [Interval(numbers.Real, 0, 1, closed="both")],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        m_neighbors=5,
        rejection_level=0.5,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.m_neighbors = m_neighbors
        self.rejection_level = rejection_level

    def _before_classes(self, X, y):
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        self.nn_m_ = make_neighbors(self.m_neighbors, self.n_jobs)
        if self.nn_m_.n_neighbors > X.shape[0]:
            raise ValueError(
                f"m_neighbors asks for {self.nn_m_.n_neighbors - 1} neighbours of "
                f"each candidate among the {X.shape[0]} samples; lower "
                "m_neighbors."
            )
        self.nn_m_.fit(X)
        self.rejection_level_ = {}

    def _class_samples(self, X, y, class_label, n_samples, rng):
        members = np.flatnonzero(y == class_label)
        X_class = X[members]
        rows = np.arange(len(members))
        nns = neighbors_within(
            self.nn_k_,
            X_class,
            rows,
            param="k_neighbors",
            what=f"samples of class {class_label!r}",
        )
        m = self.nn_m_.n_neighbors - 1
        level = self.rejection_level
        kept = []
        n_kept = 0
        while n_kept < n_samples:
            batch = 2 * (n_samples - n_kept) + 8
            base = rng.randint(len(rows), size=batch)
            col = rng.randint(nns.shape[1], size=batch)
            steps = rng.uniform(size=batch)
            candidates = interpolate_samples(
                X_class, base, X_class, nns[base, col], steps
            )
            found = self.nn_m_.kneighbors(
                candidates, n_neighbors=m, return_distance=False
            )
            other = (y[found] != class_label).mean(axis=1)
            accepted = candidates[other < level]
            if len(accepted) == 0:
                level += 0.1
                continue
            kept.append(accepted)
            n_kept += len(accepted)
        if level > self.rejection_level:
            warnings.warn(
                f"LeeSMOTE: no candidate for class {class_label!r} passed "
                f"rejection_level={self.rejection_level}; raised to {level:.2f}.",
                stacklevel=4,
            )
        self.rejection_level_[class_label] = level
        return np.vstack(kept)[:n_samples]
