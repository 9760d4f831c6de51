"""Dask samplers select what the in-memory ones select, partition by partition."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification

da = pytest.importorskip("dask.array")
dd = pytest.importorskip("dask.dataframe")
dask = pytest.importorskip("dask")

from imbalance_kit import over_sampling, under_sampling  # noqa: E402
from imbalance_kit.dask import (  # noqa: E402
    SMOTE,
    EditedNearestNeighbours,
    RandomOverSampler,
    RandomUnderSampler,
    TomekLinks,
)
from imbalance_kit.dask._knn import blockwise_kneighbors  # noqa: E402
from imbalance_kit.neighbors import NearestNeighbors  # noqa: E402


@pytest.fixture(autouse=True)
def synchronous():
    with dask.config.set(scheduler="synchronous"):
        yield


def data(n=400, seed=0):
    X, y = make_classification(
        n_samples=n,
        n_features=5,
        n_informative=3,
        weights=[0.8],
        flip_y=0.05,
        random_state=seed,
    )
    return np.round(X, 1), y  # rounding makes distance ties


def as_dask(X, y, kind):
    if kind == "array":
        n = len(y)
        chunks = (n // 4 - 3, n // 3, n // 6, n - (n // 4 - 3) - n // 3 - n // 6)
        return (
            da.from_array(X, chunks=(chunks, X.shape[1])),
            da.from_array(y, chunks=chunks),
        )
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    return (
        dd.from_pandas(frame, npartitions=4),
        dd.from_pandas(pd.Series(y, name="y"), npartitions=4),
    )


def rows_of(X):
    X = X.compute()
    return np.asarray(X.to_numpy() if hasattr(X, "to_numpy") else X)


def sorted_rows(A):
    A = np.asarray(A)
    return A[np.lexsort(A.T[::-1])]


def test_blockwise_neighbours_equal_the_in_memory_search():
    X, _ = data()
    blocks = [dask.delayed(b) for b in np.array_split(X, 5)]
    lengths = np.array([len(b) for b in np.array_split(X, 5)])
    for k in (1, 3, 7):
        found = blockwise_kneighbors(blocks, lengths, k)
        expected = NearestNeighbors(n_neighbors=k).fit(X).kneighbors()[1]
        np.testing.assert_array_equal(found, expected)


@pytest.mark.parametrize("kind", ["array", "frame"])
@pytest.mark.parametrize(
    ("ours", "reference"),
    [
        (TomekLinks(), under_sampling.TomekLinks()),
        (EditedNearestNeighbours(), under_sampling.EditedNearestNeighbours()),
        (
            EditedNearestNeighbours(kind_sel="mode", sampling_strategy="all"),
            under_sampling.EditedNearestNeighbours(
                kind_sel="mode", sampling_strategy="all"
            ),
        ),
    ],
    ids=["tomek", "enn", "enn-mode-all"],
)
def test_cleaning_selects_the_same_rows(kind, ours, reference):
    X, y = data()
    reference.fit_resample(X, y)
    X_d, y_d = as_dask(X, y, kind)
    X_res, y_res = ours.fit_resample(X_d, y_d)
    kept = np.sort(reference.sample_indices_)
    np.testing.assert_array_equal(ours.sample_indices_, kept)
    np.testing.assert_array_equal(rows_of(X_res), X[kept])
    np.testing.assert_array_equal(np.asarray(y_res.compute()), y[kept])
    assert len(kept) < len(y)


@pytest.mark.parametrize("kind", ["array", "frame"])
@pytest.mark.parametrize(
    ("ours", "reference"),
    [
        (
            RandomUnderSampler(random_state=3),
            under_sampling.RandomUnderSampler(random_state=3),
        ),
        (
            RandomOverSampler(random_state=3),
            over_sampling.RandomOverSampler(random_state=3),
        ),
    ],
    ids=["under", "over"],
)
def test_random_samplers_give_the_same_rows(kind, ours, reference):
    X, y = data()
    X_ref, y_ref = reference.fit_resample(X, y)
    X_res, y_res = ours.fit_resample(*as_dask(X, y, kind))
    got = rows_of(X_res)
    np.testing.assert_array_equal(sorted_rows(got), sorted_rows(X_ref))
    assert (
        np.bincount(np.asarray(y_res.compute())).tolist() == np.bincount(y_ref).tolist()
    )


@pytest.mark.parametrize("kind", ["array", "frame"])
def test_smote_appends_the_in_memory_synthetic_rows(kind):
    X, y = data()
    X_ref, y_ref = over_sampling.SMOTE(random_state=0).fit_resample(X, y)
    sampler = SMOTE(random_state=0, generation_chunk=50)  # several tasks
    X_res, y_res = sampler.fit_resample(*as_dask(X, y, kind))
    n_new = len(y_ref) - len(y)
    parts = X_res.npartitions if kind == "frame" else len(X_res.chunks[0])
    assert parts == 4 + -(-n_new // 50)  # the input's 4, one per generation task
    got = rows_of(X_res)
    np.testing.assert_array_equal(got[: len(X)], X)
    np.testing.assert_allclose(got[len(X) :], X_ref[len(X) :])
    np.testing.assert_array_equal(np.asarray(y_res.compute()), y_ref)


def test_multiclass_smote_and_errors():
    X, y = make_classification(
        n_samples=300, n_classes=3, n_informative=3, weights=[0.6, 0.3], random_state=1
    )
    X_ref = over_sampling.SMOTE(random_state=0).fit_resample(X, y)[0]
    X_res, _ = SMOTE(random_state=0).fit_resample(*as_dask(X, y, "array"))
    np.testing.assert_allclose(rows_of(X_res), X_ref)
    with pytest.raises(TypeError, match="dask array or dask DataFrame"):
        TomekLinks().fit_resample(X, y)
    X_d, _ = as_dask(*data(), "array")
    with pytest.raises(ValueError, match="one label per row"):
        TomekLinks().fit_resample(X_d, y[:10])
