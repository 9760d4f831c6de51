"""Same selected rows as imbalanced-learn; neighbour lists reused correctly."""

import imblearn.under_sampling as theirs
import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression
from sklearn.neighbors import NearestNeighbors as SklearnNN

import imbalance_kit.under_sampling as ours
from imbalance_kit.under_sampling._base import NeighbourLists
from tests.naive import knn as naive

CASES = [
    ("RandomUnderSampler", {"random_state": 0}),
    ("RandomUnderSampler", {"random_state": 1, "replacement": True}),
    ("TomekLinks", {}),
    ("TomekLinks", {"sampling_strategy": "all"}),
    ("EditedNearestNeighbours", {}),
    ("EditedNearestNeighbours", {"kind_sel": "mode", "n_neighbors": 5}),
    ("RepeatedEditedNearestNeighbours", {}),
    ("RepeatedEditedNearestNeighbours", {"max_iter": 2, "n_neighbors": 4}),
    ("AllKNN", {}),
    ("AllKNN", {"allow_minority": True, "n_neighbors": 5}),
    ("NearMiss", {}),
    ("NearMiss", {"version": 2}),
    ("NearMiss", {"version": 3, "n_neighbors_ver3": 4}),
    ("NeighbourhoodCleaningRule", {}),
    ("NeighbourhoodCleaningRule", {"n_neighbors": 5, "threshold_cleaning": 0.2}),
    ("OneSidedSelection", {"random_state": 0}),
    ("OneSidedSelection", {"random_state": 2, "n_seeds_S": 5, "n_neighbors": 3}),
    ("CondensedNearestNeighbour", {"random_state": 0}),
    ("CondensedNearestNeighbour", {"random_state": 3, "n_seeds_S": 4}),
    (
        "InstanceHardnessThreshold",
        {"random_state": 0, "estimator": LogisticRegression()},
    ),
]


def data(seed=0, n=2000):
    return make_classification(
        n_samples=n,
        n_features=8,
        n_informative=5,
        n_classes=3,
        weights=[0.6, 0.3],
        flip_y=0.08,
        random_state=seed,
    )


@pytest.mark.parametrize("name, params", CASES)
@pytest.mark.parametrize("seed", [0, 1])
@pytest.mark.filterwarnings("ignore:.*samples:UserWarning")
def test_same_selected_indices_as_imblearn(name, params, seed):
    X, y = data(seed)
    a = getattr(ours, name)(**params)
    b = getattr(theirs, name)(**params)
    X_a, y_a = a.fit_resample(X, y)
    X_b, y_b = b.fit_resample(X, y)
    np.testing.assert_array_equal(a.sample_indices_, b.sample_indices_)
    np.testing.assert_array_equal(X_a, X_b)
    np.testing.assert_array_equal(y_a, y_b)
    if hasattr(b, "n_iter_"):
        assert a.n_iter_ == b.n_iter_


@pytest.mark.parametrize(
    "name", ["EditedNearestNeighbours", "RepeatedEditedNearestNeighbours"]
)
def test_user_estimator_gives_same_rows(name):
    X, y = data(2, n=800)
    a = getattr(ours, name)(n_neighbors=SklearnNN(n_neighbors=4)).fit(X, y)
    a.fit_resample(X, y)
    b = getattr(ours, name)(n_neighbors=3)
    b.fit_resample(X, y)
    np.testing.assert_array_equal(a.sample_indices_, b.sample_indices_)


def test_neighbour_lists_recompute_exhausted_rows_exactly():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((300, 4))
    lists = NeighbourLists(X, length=3)
    alive = rng.uniform(size=300) < 0.4  # most listed neighbours are gone
    rows = np.flatnonzero(alive)[:50]
    got = lists.neighbours(rows, 3, alive)
    assert lists.n_recomputed > 0
    remaining = np.flatnonzero(alive)
    local = np.searchsorted(remaining, rows)
    expected = remaining[naive.kneighbors(X[remaining], X[rows], 3, self_idx=local)[1]]
    np.testing.assert_array_equal(got, expected)


@pytest.mark.parametrize(
    "name", ["RandomUnderSampler", "TomekLinks", "EditedNearestNeighbours", "AllKNN"]
)
def test_pandas_index_and_dtypes_kept(name):
    X, y = data(3, n=600)
    X_df = pd.DataFrame(
        X, columns=[f"f{i}" for i in range(8)], index=np.arange(600) * 10 + 7
    )
    X_df["f0"] = X_df["f0"].astype(np.float32)
    y_s = pd.Series(y, index=X_df.index, name="y")
    sampler = getattr(ours, name)(
        **({"random_state": 0} if name == "RandomUnderSampler" else {})
    )
    X_res, y_res = sampler.fit_resample(X_df, y_s)
    assert list(X_res.index) == list(X_df.index[sampler.sample_indices_])
    assert list(y_res.index) == list(X_res.index)
    assert list(X_res.dtypes) == list(X_df.dtypes)
    pd.testing.assert_frame_equal(X_res, X_df.iloc[sampler.sample_indices_])


def test_tomek_removes_only_cleaned_members_of_links():
    X = np.array([[0.0], [0.1], [1.0], [1.2], [5.0], [5.3]])
    y = np.array([0, 1, 0, 0, 1, 0])
    sampler = ours.TomekLinks()
    sampler.fit_resample(X, y)
    # links: (0, 1) and (4, 5); class 0 is cleaned, so rows 0 and 5 go
    np.testing.assert_array_equal(sampler.sample_indices_, [1, 2, 3, 4])


def test_errors_are_clear():
    X, y = data(4, n=200)
    X[5, 2] = np.nan
    with pytest.raises(ValueError, match="Input X contains NaN"):
        ours.EditedNearestNeighbours().fit_resample(X, y)
    X, y = data(4, n=200)
    with pytest.raises(ValueError, match="needs to have more than 1 class"):
        ours.TomekLinks().fit_resample(X, np.zeros_like(y))


@pytest.mark.parametrize(
    "kind", ["str", "bool", "categorical"], ids=["str", "bool", "categorical"]
)
@pytest.mark.parametrize(
    "name, params",
    [
        ("OneSidedSelection", {"random_state": 0}),
        ("NeighbourhoodCleaningRule", {}),
        ("EditedNearestNeighbours", {"kind_sel": "mode"}),
    ],
)
def test_label_types_select_imblearns_rows(name, params, kind):
    # binary labels whose sorted order is that of 0 < 1; imbalanced-learn's
    # NCR and mode-ENN fail on such labels (scipy's mode wants numbers), so
    # they are compared with its run on the integer codes
    X, y = make_classification(
        n_samples=600, n_features=5, weights=[0.85], flip_y=0.05, random_state=0
    )
    names = np.array([False, True]) if kind == "bool" else np.array(["neg", "pos"])
    labels = names[y]
    if kind == "categorical":
        labels = pd.Series(pd.Categorical(labels, categories=["neg", "pos"]))
    a = getattr(ours, name)(**params)
    X_a, y_a = a.fit_resample(X, labels)
    b = getattr(theirs, name)(**params)
    b.fit_resample(X, y)
    np.testing.assert_array_equal(a.sample_indices_, b.sample_indices_)
    np.testing.assert_array_equal(np.asarray(y_a), names[y[b.sample_indices_]])
    if name == "OneSidedSelection" and kind != "categorical":
        c = getattr(theirs, name)(**params)  # imbalanced-learn's OSS takes them
        c.fit_resample(X, labels)
        np.testing.assert_array_equal(a.sample_indices_, c.sample_indices_)


@pytest.mark.parametrize(
    "name", ["EditedNearestNeighbours", "RepeatedEditedNearestNeighbours", "AllKNN"]
)
def test_editing_never_empties_a_class(name):
    # every row identical: with ties to the lower index, each row of class 1
    # (the higher indices) sees only class 0; imbalanced-learn removes the
    # whole class, we keep it and say so
    X = np.tile([[1.0, 2.0]], (30, 1))
    y = np.r_[np.zeros(20, int), np.ones(10, int)]
    sampler = getattr(ours, name)(sampling_strategy="all")
    with pytest.warns(UserWarning, match=r"class\(es\) \[1\] disagrees"):
        _, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(
        sampler.sample_indices_[y_res == 1], np.arange(20, 30)
    )
    their = getattr(theirs, name)(sampling_strategy="all").fit_resample(X, y)[1]
    assert 1 not in set(their.tolist())
