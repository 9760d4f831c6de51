"""The bad-input catalogue: data sets, each a small (X, y) with what it holds.

Every case is built fresh (callers may mutate), from one base data set: 40
rows, 3 informative features (the third takes the values 0, 1, 2 so that it
can serve as a categorical column), 30 rows of class 0 and 10 of class 1.
"""

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from scipy import sparse

N_MAJORITY, N_MINORITY = 30, 10


def base_data(n_majority=N_MAJORITY, n_minority=N_MINORITY, seed=0):
    rng = np.random.default_rng(seed)
    n = n_majority + n_minority
    y = np.r_[np.zeros(n_majority, dtype=int), np.ones(n_minority, dtype=int)]
    X = rng.normal(size=(n, 3))
    X[:, 0] += 2.0 * y
    X[:, 1] -= 1.5 * y
    X[:, 2] = rng.integers(0, 3, n) + 0.0
    X[y == 1, 2] = np.minimum(X[y == 1, 2] + 1, 2)
    order = rng.permutation(n)
    return X[order], y[order]


@dataclass
class DataCase:
    """One data set of the catalogue.

    ``X``, ``y`` as given to the estimator; ``nonfinite`` whether X holds NaN
    or inf; ``scale`` the factor X was multiplied by from the base data (the
    result must be the base result times the factor: scale equivariance);
    ``valid`` whether a right result is possible at all (if False, only a
    clear error is right); ``two_d`` whether X is 2-D.
    """

    name: str
    X: object
    y: object
    nonfinite: bool = False
    scale: float | None = None
    valid: bool = True
    two_d: bool = True
    notes: dict = field(default_factory=dict)


def _case(name, X, y, **kw):
    return DataCase(name, X, y, **kw)


def data_cases():
    """The data catalogue, as a dict name -> builder."""
    return {
        "base": lambda: _case("base", *base_data()),
        "nan_in_X": _nan_case,
        "inf_in_X": _inf_case,
        "no_rows": lambda: _case(
            "no_rows", np.empty((0, 3)), np.empty(0, dtype=int), valid=False
        ),
        "one_row": lambda: _case(
            "one_row", base_data()[0][:1], base_data()[1][:1], valid=False
        ),
        "one_class": lambda: _case(
            "one_class", base_data()[0], np.zeros(40, dtype=int), valid=False
        ),
        "single_minority": lambda: _case("single_minority", *base_data(30, 1)),
        "few_minority": lambda: _case("few_minority", *base_data(30, 3)),
        "three_classes": _three_classes,
        "labels_str": lambda: _relabel("labels_str", np.array(["neg", "pos"])),
        "labels_bool": lambda: _relabel("labels_bool", np.array([False, True])),
        "labels_float": lambda: _relabel("labels_float", np.array([0.0, 1.0])),
        "labels_categorical": _categorical,
        "y_short": lambda: _case(
            "y_short", base_data()[0], base_data()[1][:-1], valid=False
        ),
        "y_long": lambda: _case(
            "y_long", base_data()[0], np.r_[base_data()[1], 0], valid=False
        ),
        "X_1d": lambda: _case(
            "X_1d",
            base_data()[0][:, 0].copy(),
            base_data()[1],
            valid=False,
            two_d=False,
        ),
        "no_columns": lambda: _case(
            "no_columns", np.empty((40, 0)), base_data()[1], valid=False
        ),
        "constant_column": _constant_column,
        "rows_doubled": _rows_doubled,
        "identical_rows": lambda: _case(
            "identical_rows", np.ones((40, 3)), base_data()[1]
        ),
        "X_int": lambda: _case(
            "X_int", np.round(base_data()[0] * 3).astype(np.int64), base_data()[1]
        ),
        "X_float32": lambda: _case(
            "X_float32", base_data()[0].astype(np.float32), base_data()[1]
        ),
        "X_csr": lambda: _case(
            "X_csr", sparse.csr_matrix(base_data()[0]), base_data()[1]
        ),
        "pandas_index": _pandas_index,
        "X_noncontiguous": _noncontiguous,
        "X_fortran": lambda: _case(
            "X_fortran", np.asfortranarray(base_data()[0]), base_data()[1]
        ),
        "huge_values": lambda: _scaled("huge_values", 1e300),
        "tiny_values": lambda: _scaled("tiny_values", 1e-300),
        "tiny_scale": lambda: _scaled("tiny_scale", 1e-13),
    }


def _nan_case():
    X, y = base_data()
    X[3, 1] = np.nan
    return _case("nan_in_X", X, y, nonfinite=True, valid=False)


def _inf_case():
    X, y = base_data()
    X[5, 0] = np.inf
    return _case("inf_in_X", X, y, nonfinite=True, valid=False)


def _three_classes():
    X, y = base_data(24, 10)
    rng = np.random.default_rng(1)
    X3 = rng.normal(size=(6, 3))
    X3[:, 1] += 3.0
    X3[:, 2] = 1.0
    return _case("three_classes", np.r_[X, X3], np.r_[y, np.full(6, 2)])


def _relabel(name, labels):
    X, y = base_data()
    return _case(name, X, labels[y])


def _categorical():
    X, y = base_data()
    y = pd.Series(pd.Categorical.from_codes(y, ["neg", "pos"]), name="target")
    return _case("labels_categorical", X, y)


def _constant_column():
    X, y = base_data()
    X = np.c_[X, np.full(len(X), 7.0)]
    return _case("constant_column", X, y)


def _rows_doubled():
    X, y = base_data()
    return _case("rows_doubled", np.r_[X, X], np.r_[y, y])


def _pandas_index():
    X, y = base_data()
    index = pd.Index(np.arange(100, 100 + 3 * len(X), 3)[::-1], name="id")
    X = pd.DataFrame(X, columns=["a", "b", "c"], index=index)
    y = pd.Series(y, index=index, name="label")
    return _case("pandas_index", X, y)


def _noncontiguous():
    X, y = base_data()
    wide = np.zeros((len(X), 6))
    wide[:, ::2] = X
    return _case("X_noncontiguous", wide[:, ::2], y)


def _scaled(name, factor):
    X, y = base_data()
    return _case(name, X * factor, y, scale=factor)


def dense(X):
    """X as a 2-D float ndarray, whatever container it came in."""
    if sparse.issparse(X):
        X = X.toarray()
    if hasattr(X, "to_numpy"):
        X = X.to_numpy()
    return np.asarray(X)


def labels(y):
    return np.asarray(y.to_numpy() if hasattr(y, "to_numpy") else y)
