"""Input checks shared by the samplers."""

import numbers

import numpy as np
from imblearn.utils import check_target_type
from scipy import sparse
from sklearn.utils import check_array
from sklearn.utils._param_validation import HasMethods, Interval
from sklearn.utils.validation import validate_data

#: ``k_neighbors``/``n_neighbors``-style parameters: a count or an estimator.
NEIGHBORS_CONSTRAINT = [
    Interval(numbers.Integral, 1, None, closed="left"),
    HasMethods(["kneighbors", "kneighbors_graph"]),
]


def check_X_y_as_given(sampler, X, y):
    """Check ``y`` and record ``X``'s shape and names without converting ``X``.

    For samplers that copy or select rows, or handle mixed column types
    themselves: strings and NaN pass; only inputs that are not arrays
    (lists of rows) become arrays.

    Returns
    -------
    X, y, binarize_y
        As imbalanced-learn's ``_check_X_y``.
    """
    y, binarize_y = check_target_type(y, indicate_one_vs_all=True)
    if not (hasattr(X, "__array__") or sparse.issparse(X)):
        X = check_array(X, dtype=None, ensure_all_finite=False)
    validate_data(sampler, X=X, y=y, reset=True, skip_check_array=True)
    return X, y, binarize_y


def dense_float64(X):
    """``X`` as a dense float64 array (for distance computations)."""
    return np.asarray(X.toarray() if sparse.issparse(X) else X, dtype=np.float64)
