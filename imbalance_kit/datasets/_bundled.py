"""Data sets that need no download."""

import numbers

import numpy as np
from sklearn.datasets import load_breast_cancer
from sklearn.utils import check_random_state


def load_imbalanced_breast_cancer(
    minority_fraction=0.1, *, random_state=0, as_frame=False
):
    """Wisconsin breast cancer data with the malignant class thinned out.

    scikit-learn ships the table (569 tumours, 30 features, 212 malignant);
    keeping a random subset of the malignant tumours makes it imbalanced.
    The positive class (``1``) is malignant.

    Parameters
    ----------
    minority_fraction : float, default=0.1
        Share of malignant tumours in the returned data, in (0, 212/569].
    random_state : int, RandomState instance or None, default=0
        Which malignant tumours are kept.
    as_frame : bool, default=False
        Return a pandas DataFrame and Series.

    Returns
    -------
    X : ndarray or DataFrame of shape (n_samples, 30)
    y : ndarray or Series of shape (n_samples,)

    Examples
    --------
    >>> from imbalance_kit.datasets import load_imbalanced_breast_cancer
    >>> X, y = load_imbalanced_breast_cancer()
    >>> X.shape, int(y.sum())
    ((397, 30), 40)
    """
    data = load_breast_cancer(as_frame=as_frame)
    X, y = data.data, 1 - np.asarray(data.target)  # scikit-learn codes malignant as 0
    benign = np.flatnonzero(y == 0)
    malignant = np.flatnonzero(y == 1)
    if isinstance(minority_fraction, bool) or not isinstance(
        minority_fraction, numbers.Real
    ):
        raise TypeError(
            f"minority_fraction must be a number; got {minority_fraction!r}."
        )
    if not 0 < minority_fraction <= len(malignant) / len(y):
        raise ValueError(
            "minority_fraction must be in (0, "
            f"{len(malignant) / len(y):.3f}]; got {minority_fraction!r}."
        )
    n_keep = int(round(minority_fraction * len(benign) / (1 - minority_fraction)))
    kept = check_random_state(random_state).choice(malignant, n_keep, replace=False)
    rows = np.sort(np.concatenate([benign, kept]))
    if as_frame:
        import pandas as pd

        return X.iloc[rows], pd.Series(y[rows], index=X.index[rows], name="malignant")
    return X[rows], y[rows]
