"""Same data and seed as imbalanced-learn: the same output; plus SMOTE invariants."""

from collections import Counter

import imblearn.over_sampling as theirs
import numpy as np
import pandas as pd
import pytest
from scipy import sparse
from sklearn.datasets import make_classification
from sklearn.neighbors import NearestNeighbors as SklearnNN

import imbalance_kit.over_sampling as ours
from imbalance_kit.neighbors import NearestNeighbors
from tests.naive import knn as naive
from tests.naive.smote import on_line, on_segment

CASES = [
    ("RandomOverSampler", {}),
    ("RandomOverSampler", {"shrinkage": 0.5}),
    ("SMOTE", {}),
    ("SMOTE", {"k_neighbors": 3, "sampling_strategy": {1: 600, 2: 400}}),
    ("BorderlineSMOTE", {}),
    ("BorderlineSMOTE", {"kind": "borderline-2", "m_neighbors": 7}),
    ("SVMSMOTE", {}),
    ("SVMSMOTE", {"out_step": 0.2}),
    ("ADASYN", {}),
]


def data(n=1500, n_classes=3, seed=0, dtype=np.float64):
    X, y = make_classification(
        n_samples=n,
        n_features=8,
        n_informative=5,
        n_classes=n_classes,
        weights=[0.75, 0.15] if n_classes == 3 else [0.9],
        flip_y=0.05,
        random_state=seed,
    )
    return X.astype(dtype), y


@pytest.mark.parametrize("name, params", CASES)
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_identical_to_imblearn(name, params, dtype):
    X, y = data(dtype=dtype)
    if name == "RandomOverSampler" and params and dtype == np.float32:
        pytest.skip(
            "documented: with shrinkage we keep float32, imblearn gives float64"
        )
    X1, y1 = getattr(ours, name)(random_state=0, **params).fit_resample(X, y)
    X2, y2 = getattr(theirs, name)(random_state=0, **params).fit_resample(X, y)
    assert X1.dtype == X2.dtype
    np.testing.assert_array_equal(X1, X2)
    np.testing.assert_array_equal(y1, y2)


@pytest.mark.parametrize("name", ["SMOTE", "BorderlineSMOTE", "ADASYN"])
def test_identical_with_random_state_instance_and_binary(name):
    X, y = data(n_classes=2, seed=1)
    a = getattr(ours, name)(random_state=np.random.RandomState(3)).fit_resample(X, y)
    b = getattr(theirs, name)(random_state=np.random.RandomState(3)).fit_resample(X, y)
    np.testing.assert_array_equal(a[0], b[0])


def test_smotenc_and_smoten_identical_to_imblearn():
    rng = np.random.RandomState(0)
    n = 600
    X = pd.DataFrame(
        {
            "a": rng.normal(size=n),
            "c": rng.choice(list("xyzw"), n),
            "b": rng.normal(size=n) * 3,
            "d": pd.Categorical(rng.choice(["p", "q", "r"], n)),
        }
    )
    y = (rng.rand(n) < 0.15).astype(int)
    for k in [5, SklearnNN(n_neighbors=6)]:
        a = ours.SMOTENC([1, 3], random_state=0, k_neighbors=k).fit_resample(X, y)
        b = theirs.SMOTENC([1, 3], random_state=0, k_neighbors=k).fit_resample(X, y)
        pd.testing.assert_frame_equal(a[0], b[0])
    X_auto = X.astype({"c": "category"})
    a = ours.SMOTENC("auto", random_state=0).fit_resample(X_auto, y)[0]
    b = theirs.SMOTENC("auto", random_state=0).fit_resample(X_auto, y)[0]
    pd.testing.assert_frame_equal(a, b)
    Xc = X[["c", "d"]].astype(str)
    for k in [5, SklearnNN(n_neighbors=6)]:
        a = ours.SMOTEN(random_state=0, k_neighbors=k).fit_resample(Xc, y)
        b = theirs.SMOTEN(random_state=0, k_neighbors=k).fit_resample(Xc, y)
        pd.testing.assert_frame_equal(a[0], b[0])


@pytest.mark.parametrize("name", ["SMOTE", "ADASYN", "BorderlineSMOTE"])
def test_sparse_input_same_as_dense_and_imblearn(name):
    X, y = data(n=600, seed=2)
    X[np.abs(X) < 0.3] = 0
    dense = getattr(ours, name)(random_state=0).fit_resample(X, y)[0]
    sp = getattr(ours, name)(random_state=0).fit_resample(sparse.csr_matrix(X), y)[0]
    assert sparse.issparse(sp) and sp.format == "csr"
    np.testing.assert_allclose(sp.toarray(), dense, rtol=1e-12)
    their = getattr(theirs, name)(random_state=0).fit_resample(sparse.csr_matrix(X), y)[
        0
    ]
    np.testing.assert_allclose(sp.toarray(), their.toarray(), rtol=1e-12)


def class_neighbours(X_class, k):
    return naive.kneighbors(X_class, X_class, k, self_idx=np.arange(len(X_class)))[1]


@pytest.mark.parametrize("name", ["SMOTE", "ADASYN", "BorderlineSMOTE", "SVMSMOTE"])
def test_originals_kept_and_synthetic_on_segments(name):
    X, y = data(n=400, n_classes=2, seed=4)
    sampler = getattr(ours, name)(random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    np.testing.assert_array_equal(X_res[: len(X)], X)
    np.testing.assert_array_equal(y_res[: len(y)], y)
    minority = X[y == 1]
    nns = class_neighbours(minority, 5)
    t_min = -0.5 if name == "SVMSMOTE" else 0.0  # SVM-SMOTE extrapolates by out_step
    for point in X_res[len(X) :]:
        assert any(
            on_line(point, minority[i], minority[j], t_min, 1.0)
            for i in range(len(minority))
            for j in nns[i]
        )


def test_borderline_generates_only_from_danger_samples():
    X, y = data(n=400, n_classes=2, seed=5)
    sampler = ours.BorderlineSMOTE(random_state=0)
    X_res, _ = sampler.fit_resample(X, y)
    danger = sampler.in_danger_indices_[1]
    # independently: danger = at least half but not all of 10 neighbours differ
    ind = naive.kneighbors(X, X[y == 1], 10, self_idx=np.flatnonzero(y == 1))[1]
    n_other = (y[ind] != 1).sum(axis=1)
    expected = np.flatnonzero(y == 1)[(n_other >= 5) & (n_other < 10)]
    np.testing.assert_array_equal(danger, expected)
    minority = X[y == 1]
    nns = class_neighbours(minority, 5)
    position = {row: i for i, row in enumerate(np.flatnonzero(y == 1))}
    for point in X_res[len(X) :]:
        assert any(
            on_segment(point, X[d], minority[j])
            for d in danger
            for j in nns[position[d]]
        )


@pytest.mark.parametrize(
    "name", ["SMOTE", "BorderlineSMOTE", "SVMSMOTE", "KMeansSMOTE"]
)
def test_class_counts_follow_the_strategy(name):
    X, y = data(seed=6)
    strategy = {1: 900, 2: 500}
    _, y_res = getattr(ours, name)(
        random_state=0, sampling_strategy=strategy
    ).fit_resample(X, y)
    counts = Counter(y_res)
    assert counts[1] == 900 and counts[2] == 500 and counts[0] == Counter(y)[0]


def test_user_neighbour_objects_follow_imblearn_convention():
    # n_neighbors counts the point itself, for our estimator and sklearn's
    X, y = data(n=500, seed=7)
    ref = ours.SMOTE(random_state=0, k_neighbors=3).fit_resample(X, y)[0]
    for nn in [NearestNeighbors(n_neighbors=4), SklearnNN(n_neighbors=4)]:
        got = ours.SMOTE(random_state=0, k_neighbors=nn).fit_resample(X, y)[0]
        np.testing.assert_array_equal(got, ref)


def test_duplicate_points_use_index_self_exclusion():
    # imblearn drops column 0 of kneighbors, which with duplicates may be a
    # copy instead of the point: our neighbours of a duplicated point are its
    # copy and the nearest others
    X = np.array([[0.0, 0], [0, 0], [1, 0], [3, 0], [10, 10], [11, 10], [12, 10]])
    X = np.vstack([X, np.random.default_rng(0).normal(30, 1, (20, 2))])
    y = np.array([1] * 4 + [0] * 3 + [0] * 20)
    sampler = ours.SMOTE(random_state=0, k_neighbors=2)
    X_res, _ = sampler.fit_resample(X, y)
    ind = NearestNeighbors(n_neighbors=2).fit(X[:4]).kneighbors()[1]
    # rows 0 and 1 are copies; ties (row 2 is 1 from both) go to the lower index
    np.testing.assert_array_equal(ind, [[1, 2], [0, 2], [0, 1], [2, 0]])
    for point in X_res[len(X) :]:
        assert any(on_segment(point, X[i], X[j]) for i in range(4) for j in ind[i])


def test_random_over_sampler_keeps_index_and_dtypes():
    X = pd.DataFrame(
        {
            "a": np.arange(10.0),
            "b": list("abcdefghij"),
            "c": np.arange(10, dtype=np.int8),
        },
        index=[f"r{i}" for i in range(10)],
    )
    y = pd.Series([0] * 7 + [1] * 3, index=X.index, name="target")
    ros = ours.RandomOverSampler(random_state=0)
    X_res, y_res = ros.fit_resample(X, y)
    assert list(X_res.columns) == ["a", "b", "c"]
    assert list(X_res.dtypes) == list(X.dtypes)
    assert list(X_res.index) == list(X.index[ros.sample_indices_])
    assert list(y_res.index) == list(X_res.index) and y_res.name == "target"
    pd.testing.assert_frame_equal(X_res, X.iloc[ros.sample_indices_])


@pytest.mark.parametrize(
    "name", ["SMOTE", "BorderlineSMOTE", "SVMSMOTE", "ADASYN", "KMeansSMOTE"]
)
def test_pandas_in_pandas_out(name):
    X, y = data(n=600, seed=8, dtype=np.float32)
    X_df = pd.DataFrame(X, columns=[f"f{i}" for i in range(X.shape[1])])
    y_s = pd.Series(y, name="label")
    X_res, y_res = getattr(ours, name)(random_state=0).fit_resample(X_df, y_s)
    assert isinstance(X_res, pd.DataFrame) and isinstance(y_res, pd.Series)
    assert list(X_res.columns) == list(X_df.columns)
    assert (X_res.dtypes == np.float32).all() and y_res.name == "label"
    X_np, _ = getattr(ours, name)(random_state=0).fit_resample(X, y)
    np.testing.assert_array_equal(X_res.to_numpy(), X_np)
