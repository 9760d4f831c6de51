"""Polars frames in, polars frames out, with the same rows as numpy input."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification

from imbalance_kit.combine import SMOTEENN, SMOTEIPF
from imbalance_kit.equitable import EquitableSampler
from imbalance_kit.over_sampling import (
    SMOTE,
    SMOTEN,
    ProWSyn,
    RandomOverSampler,
)
from imbalance_kit.under_sampling import (
    ClusterCentroids,
    RandomUnderSampler,
    TomekLinks,
)

pl = pytest.importorskip("polars")

SAMPLERS = [
    SMOTE(random_state=0),
    ProWSyn(random_state=0),
    SMOTEIPF(random_state=0),
    RandomOverSampler(random_state=0),
    RandomUnderSampler(random_state=0),
    TomekLinks(),
    ClusterCentroids(random_state=0),
    SMOTEENN(random_state=0),
]


def data():
    X, y = make_classification(
        n_samples=200, n_features=4, weights=[0.85], random_state=0
    )
    return X, y


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_polars_in_polars_out_same_rows(sampler):
    X, y = data()
    expected_X, expected_y = sampler.fit_resample(X, y)
    frame = pl.DataFrame(X, schema=["a", "b", "c", "d"])
    target = pl.Series("target", y)
    X_res, y_res = sampler.fit_resample(frame, target)
    assert isinstance(X_res, pl.DataFrame) and isinstance(y_res, pl.Series)
    assert X_res.columns == ["a", "b", "c", "d"]
    assert X_res.schema == frame.schema and y_res.name == "target"
    np.testing.assert_allclose(X_res.to_numpy(), expected_X)
    np.testing.assert_array_equal(y_res.to_numpy(), expected_y)


def test_polars_strings_and_integer_columns_keep_their_dtypes():
    rng = np.random.default_rng(0)
    colour = rng.choice(["red", "green", "blue"], size=120)
    size = rng.integers(0, 3, size=120)
    y = (rng.uniform(size=120) < 0.2).astype(int)
    frame = pl.DataFrame({"colour": colour, "size": size})
    X_res, y_res = SMOTEN(random_state=0).fit_resample(frame, pl.Series("y", y))
    assert X_res.schema == frame.schema
    # the same rows as from pandas (which imbalanced-learn handles itself)
    expected_X, expected_y = SMOTEN(random_state=0).fit_resample(
        pd.DataFrame({"colour": colour, "size": size}), pd.Series(y, name="y")
    )
    np.testing.assert_array_equal(X_res["colour"].to_numpy(), expected_X["colour"])
    np.testing.assert_array_equal(X_res["size"].to_numpy(), expected_X["size"])
    np.testing.assert_array_equal(y_res.to_numpy(), expected_y)
    assert (y_res.to_numpy() == 1).sum() == (y_res.to_numpy() == 0).sum()


def test_equitable_sampler_with_polars_and_groups():
    X, y = data()
    groups = np.arange(len(y)) % 2
    sampler = EquitableSampler(budget=60, strategy="equal", random_state=0)
    expected = sampler.fit_resample(X, y, groups=groups)[0]
    frame = pl.DataFrame(X, schema=list("abcd"))
    X_res, _ = sampler.fit_resample(frame, y, groups=pl.Series(groups))
    np.testing.assert_allclose(X_res.to_numpy(), expected)
