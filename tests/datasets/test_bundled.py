"""The thinned breast cancer data: scikit-learn's rows, the asked minority share."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import load_breast_cancer

from imbalance_kit.datasets import load_imbalanced_breast_cancer

FULL = load_breast_cancer()
MALIGNANT = FULL.target == 0  # scikit-learn codes malignant as 0


def rows_of_full(X):
    """Index in scikit-learn's table of each row of X (rows are unique)."""
    lookup = {row.tobytes(): i for i, row in enumerate(FULL.data)}
    return np.array([lookup[row.tobytes()] for row in np.asarray(X)])


@pytest.mark.parametrize("fraction", [0.05, 0.1, 0.3, 212 / 569])
def test_every_benign_row_and_the_asked_share_of_malignant_ones(fraction):
    X, y = load_imbalanced_breast_cancer(fraction, random_state=1)
    rows = rows_of_full(X)
    assert len(np.unique(rows)) == len(rows)  # no row twice
    assert np.all(np.diff(rows) > 0)  # scikit-learn's order kept
    # labels are those of the rows they came with, malignant coded 1
    np.testing.assert_array_equal(y, MALIGNANT[rows].astype(int))
    assert set(np.flatnonzero(~MALIGNANT)) <= set(rows)
    n_malignant = round(fraction * (~MALIGNANT).sum() / (1 - fraction))
    assert y.sum() == n_malignant
    assert abs(y.mean() - fraction) < 1 / len(y)


def test_random_state_chooses_which_malignant_rows():
    X0, _ = load_imbalanced_breast_cancer(random_state=0)
    X0_again, _ = load_imbalanced_breast_cancer(random_state=0)
    X1, _ = load_imbalanced_breast_cancer(random_state=1)
    np.testing.assert_array_equal(X0, X0_again)
    assert set(rows_of_full(X0)) != set(rows_of_full(X1))


def test_frames_have_the_same_rows_and_matching_indexes():
    X, y = load_imbalanced_breast_cancer(0.2, random_state=3)
    Xf, yf = load_imbalanced_breast_cancer(0.2, random_state=3, as_frame=True)
    assert isinstance(Xf, pd.DataFrame) and isinstance(yf, pd.Series)
    assert list(Xf.columns) == list(FULL.feature_names)
    np.testing.assert_array_equal(Xf.to_numpy(), X)
    np.testing.assert_array_equal(yf.to_numpy(), y)
    assert Xf.index.equals(yf.index)
    np.testing.assert_array_equal(Xf.index.to_numpy(), rows_of_full(X))


@pytest.mark.parametrize(
    "fraction, error",
    [
        (0.0, ValueError),
        (-0.1, ValueError),
        (0.5, ValueError),
        (1.0, ValueError),
        (float("nan"), ValueError),
        ("0.1", TypeError),
        (None, TypeError),
    ],
)
def test_fractions_outside_the_range_are_refused_by_name(fraction, error):
    with pytest.raises(error, match="minority_fraction"):
        load_imbalanced_breast_cancer(fraction)
