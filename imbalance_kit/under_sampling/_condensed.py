"""Condensed nearest neighbour (Hart 1968)."""

import numbers

import numpy as np
from sklearn.utils._param_validation import Interval, Options

from ..neighbors import NearestNeighbors
from ..utils._validation import dense_float64
from ._base import SeededSelection


class CondensedNearestNeighbour(SeededSelection):
    """Keep a subset on which 1-NN classifies the rest of the class correctly.

    For each class being under-sampled: start from the minority plus
    ``n_seeds_S`` random samples of the class, visit the class's samples in
    order and add every one the current set misclassifies.

    Same parameters and, for the same ``random_state``, the same selected rows
    as :class:`imblearn.under_sampling.CondensedNearestNeighbour`, including
    its rule for which samples a visit skips (neighbour ties broken by the
    lower index). Instead of refitting a classifier after every addition, the
    nearest kept sample of every sample is updated in place, which turns the
    quadratic number of distance computations into one pass per addition.

    Parameters
    ----------
    sampling_strategy : str, list or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    n_neighbors : int, default=None
        Only the 1-NN rule (``None`` or 1) is supported.
    n_seeds_S : int, default=1
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] P. Hart, "The condensed nearest neighbor rule", IEEE Trans.
       Information Theory 14(3), 1968.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.under_sampling import CondensedNearestNeighbour
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> X_res, y_res = CondensedNearestNeighbour(random_state=0).fit_resample(X, y)
    >>> len(y_res) < len(y)
    True
    """

    _parameter_constraints: dict = {
        **SeededSelection._parameter_constraints,
        "n_neighbors": [Options(numbers.Integral, {1}), None],
        "n_seeds_S": [Interval(numbers.Integral, 1, None, closed="left")],
    }

    def _fit_resample(self, X, y):
        return self._select(X, y, self._kept_per_class(X, y))

    def _keep_in_class(self, X, y, class_rows, minority_rows, drawn):
        """imbalanced-learn's visit order and skip rule; 1-NN updated in place."""
        X = dense_float64(X)
        seeds = class_rows[drawn]
        reference = np.append(minority_rows, seeds)
        S = X[class_rows]
        dist, ind = (
            NearestNeighbors(n_neighbors=1, n_jobs=self.n_jobs)
            .fit(X[reference])
            .kneighbors(S)
        )
        nearest_d2 = dist[:, 0] ** 2
        predicted = y[reference][ind[:, 0]]
        target = y[class_rows[0]]
        added = list(seeds)
        # imbalanced-learn compares visit positions with the kept samples'
        # dataset indices (and, after an addition, with the positions then
        # classified correctly): a sample is skipped if either holds
        skip_values = {int(i) for i in seeds}
        correct_then = None
        for pos in range(len(class_rows)):
            if pos in skip_values or (correct_then is not None and correct_then[pos]):
                continue
            if predicted[pos] == target:
                continue
            new = class_rows[pos]
            added.append(new)
            skip_values.add(int(new))
            diff = S - X[new]
            d2 = np.einsum("ij,ij->i", diff, diff)
            closer = d2 < nearest_d2
            nearest_d2[closer] = d2[closer]
            predicted[closer] = target
            correct_then = predicted == target
        return np.asarray(added, dtype=np.intp)
