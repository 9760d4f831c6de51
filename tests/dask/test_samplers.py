"""Dask samplers select what the in-memory ones select, partition by partition."""

import warnings
from itertools import pairwise

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
from tests.naive import knn as naive_knn  # noqa: E402
from tests.naive.smote import on_segment  # noqa: E402


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


def test_blockwise_neighbours_equal_the_naive_search():
    X, _ = data(n=120)  # rounded: distance ties, broken by the lower index
    parts = np.array_split(X, 5)
    blocks = [dask.delayed(b) for b in parts]
    lengths = np.array([len(b) for b in parts])
    for k in (1, 3, 7):
        found = blockwise_kneighbors(blocks, lengths, k)
        _, expected = naive_knn.kneighbors(X, X, k, self_idx=np.arange(len(X)))
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


def tie_free(n=400, seed=0):
    X, y = make_classification(
        n_samples=n,
        n_features=5,
        n_informative=3,
        weights=[0.8],
        flip_y=0.05,
        random_state=seed,
    )
    return X, y


@pytest.mark.parametrize("kind", ["array", "frame"])
@pytest.mark.parametrize(
    ("ours", "theirs"),
    [
        (TomekLinks(), "TomekLinks"),
        (EditedNearestNeighbours(), "EditedNearestNeighbours"),
        (RandomUnderSampler(random_state=3), "RandomUnderSampler"),
    ],
    ids=["tomek", "enn", "under"],
)
def test_selection_equals_imbalanced_learn_on_tie_free_data(kind, ours, theirs):
    import imblearn.under_sampling as imb

    X, y = tie_free()
    reference = getattr(imb, theirs)(**ours.get_params())
    reference.fit_resample(X, y)
    X_res, y_res = ours.fit_resample(*as_dask(X, y, kind))
    kept = np.sort(reference.sample_indices_)
    np.testing.assert_array_equal(np.sort(ours.sample_indices_), kept)
    np.testing.assert_array_equal(rows_of(X_res), X[kept])  # in partition order
    np.testing.assert_array_equal(np.asarray(y_res.compute()), y[kept])


@pytest.mark.parametrize("kind", ["array", "frame"])
def test_smote_equals_imbalanced_learn_on_tie_free_data(kind):
    from imblearn.over_sampling import SMOTE as ImbSMOTE

    X, y = tie_free()
    X_ref, y_ref = ImbSMOTE(random_state=0).fit_resample(X, y)
    X_res, y_res = SMOTE(random_state=0).fit_resample(*as_dask(X, y, kind))
    np.testing.assert_allclose(rows_of(X_res), X_ref, rtol=1e-12)
    np.testing.assert_array_equal(np.asarray(y_res.compute()), y_ref)


# ---- labels whose partitions differ from X's, or in memory (issue 15 / 16) ----


def mismatched_y(y, kind):
    """``y`` with partitions unlike ``as_dask``'s X (same count, other sizes)."""
    if kind == "array":
        n = len(y)
        return da.from_array(
            y, chunks=(n // 8, n // 2, n // 8, n - n // 8 * 2 - n // 2)
        )
    return dd.from_pandas(pd.Series(y, name="y"), npartitions=7)


SAMPLERS = [
    RandomUnderSampler(random_state=1),
    RandomOverSampler(random_state=1),
    TomekLinks(),
    EditedNearestNeighbours(),
    SMOTE(random_state=1),
]


def labels_follow_rows(X, y, X_res, y_res, synthetic_labels):
    """Each output row's label is its input row's (or the synthetic label)."""
    got_X, got_y = rows_of(X_res), np.asarray(y_res.compute())
    position = {row.tobytes(): i for i, row in enumerate(X)}
    found = [position.get(row.tobytes()) for row in got_X]
    original = [i for i in found if i is not None]
    np.testing.assert_array_equal(got_y[[f is not None for f in found]], y[original])
    np.testing.assert_array_equal(got_y[[f is None for f in found]], synthetic_labels)


@pytest.mark.parametrize("kind", ["array", "frame"])
@pytest.mark.parametrize("make_y", ["other partitions", "numpy", "pandas"])
@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_labels_stay_with_their_rows_whatever_y_is(kind, make_y, sampler):
    X, y = tie_free()
    X_d, y_d = as_dask(X, y, kind)
    X_ref, y_ref = type(sampler)(**sampler.get_params()).fit_resample(X_d, y_d)
    y_in = {
        "other partitions": mismatched_y(y, kind),
        "numpy": y,
        "pandas": pd.Series(y, name="y"),
    }[make_y]
    X_res, y_res = sampler.fit_resample(X_d, y_in)
    expected_y = np.asarray(y_ref.compute())
    n_new = (
        len(expected_y) - len(sampler.sample_indices_)
        if hasattr(sampler, "sample_indices_")
        else len(expected_y) - len(y)
    )
    labels_follow_rows(X, y, X_res, y_res, expected_y[len(expected_y) - n_new :])
    # the same result as with y in X's own partitions
    np.testing.assert_array_equal(rows_of(X_res), rows_of(X_ref))
    np.testing.assert_array_equal(np.asarray(y_res.compute()), expected_y)
    # y_res comes in X_res's partitions
    x_sizes = (
        list(X_res.chunks[0])
        if kind == "array"
        else X_res.map_partitions(len).compute().tolist()
    )
    y_sizes = (
        list(y_res.chunks[0])
        if isinstance(y_res, da.Array)
        else y_res.map_partitions(len).compute().tolist()
    )
    assert y_sizes == x_sizes


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_frame_output_assigns_and_keeps_known_divisions(sampler):
    X, y = tie_free()
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(5)])
    frame.index = frame.index * 3 + 1000  # not 0..n-1
    X_d = dd.from_pandas(frame, npartitions=4)
    y_d = dd.from_pandas(pd.Series(y, index=frame.index, name="y"), npartitions=4)
    assert X_d.known_divisions
    X_res, y_res = sampler.fit_resample(X_d, y_d)
    both = X_res.assign(y=y_res).compute()  # failed with duplicate labels
    # a repeated row keeps its label, as in memory; any other label is unique
    repeats = isinstance(sampler, RandomOverSampler)
    assert both.index.is_unique != repeats
    assert X_res.known_divisions and y_res.known_divisions
    assert X_res.divisions == y_res.divisions
    assert X_res.divisions[:4] == X_d.divisions[:4]
    # the divisions are true bounds of every partition
    bounds = list(pairwise(X_res.divisions))
    for part, (low, high) in zip(X_res.to_delayed(), bounds, strict=True):
        index = part.compute().index
        assert index.empty or (index.min() >= low and index.max() <= high)
    # kept rows keep their index label, and their label
    kept = both.loc[both.index.isin(frame.index)]
    np.testing.assert_array_equal(kept[frame.columns].to_numpy(), frame.loc[kept.index])
    np.testing.assert_array_equal(kept["y"].to_numpy(), y[(kept.index - 1000) // 3])


def test_numpy_y_with_a_frame_gives_a_series_with_the_frames_index():
    X, y = tie_free()
    X_d, _ = as_dask(X, y, "frame")
    X_res, y_res = TomekLinks().fit_resample(X_d, y)
    assert isinstance(y_res, dd.Series)
    pd.testing.assert_index_equal(y_res.compute().index, X_res.compute().index)


# ---- neighbour counts, non-finite and extreme values, empty X ----


@pytest.mark.parametrize("kind", ["array", "frame"])
def test_enn_with_more_neighbours_than_rows_raises_as_in_memory(kind):
    X, y = tie_free(n=40)
    with pytest.raises(ValueError, match="n_neighbors=40 needs at least 41"):
        under_sampling.EditedNearestNeighbours(n_neighbors=40).fit_resample(X, y)
    with pytest.raises(ValueError, match=r"n_neighbors=40 needs at least 41 samples"):
        EditedNearestNeighbours(n_neighbors=40).fit_resample(*as_dask(X, y, kind))


@pytest.mark.parametrize("bad", [np.nan, np.inf], ids=["nan", "inf"])
@pytest.mark.parametrize(
    "sampler",
    [SMOTE(), TomekLinks(), EditedNearestNeighbours()],
    ids=lambda s: type(s).__name__,
)
def test_non_finite_x_is_refused_by_the_neighbour_samplers(sampler, bad):
    X, y = tie_free(n=100)
    X[np.flatnonzero(y == 0)[3], 2] = bad  # a row SMOTE never gathers
    with pytest.raises(ValueError, match="Input X contains (NaN|infinity)"):
        sampler.fit_resample(*as_dask(X, y, "array"))


@pytest.mark.parametrize("power", [560, -560])
@pytest.mark.parametrize(
    "sampler",
    [SMOTE(random_state=0), TomekLinks(), EditedNearestNeighbours()],
    ids=lambda s: type(s).__name__,
)
def test_extreme_scales_give_the_unit_scale_result(sampler, power):
    X, y = tie_free(n=200)
    X_res, y_res = sampler.fit_resample(*as_dask(X, y, "array"))
    scaled = np.ldexp(X, power)  # exact: a power of two changes no digit
    with np.errstate(all="raise"):
        X_big, y_big = sampler.fit_resample(*as_dask(scaled, y, "array"))
    np.testing.assert_array_equal(
        np.asarray(y_big.compute()), np.asarray(y_res.compute())
    )
    np.testing.assert_allclose(
        np.ldexp(rows_of(X_big), -power), rows_of(X_res), rtol=1e-12
    )


def test_no_columns_are_refused():
    X_d = da.zeros((20, 0), chunks=(5, 0))
    y = (np.arange(20) % 4 == 0).astype(int)
    for sampler in SAMPLERS:
        with pytest.raises(ValueError, match="no columns"):
            sampler.fit_resample(X_d, y)


def test_smote_synthetic_rows_lie_between_same_class_rows():
    X, y = tie_free(n=150)
    X_res, y_res = SMOTE(random_state=0).fit_resample(*as_dask(X, y, "array"))
    got, labels = rows_of(X_res), np.asarray(y_res.compute())
    minority = X[y == 1]
    for row in got[len(X) :]:
        assert any(on_segment(row, a, b) for a in minority for b in minority)
    assert (labels[len(X) :] == 1).all()


@pytest.mark.parametrize(
    "index",
    [
        [f"r{i:04d}" for i in range(400)],
        pd.date_range("2020-01-01", periods=400, freq="h"),
        np.arange(400) * 0.5,
    ],
    ids=["strings", "dates", "floats"],
)
def test_smote_new_rows_get_unique_labels_for_any_index(index):
    X, y = tie_free()
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(5)], index=index)
    X_d = dd.from_pandas(frame, npartitions=3)
    y_d = dd.from_pandas(pd.Series(y, index=frame.index, name="y"), npartitions=3)
    X_res, y_res = SMOTE(random_state=0).fit_resample(X_d, y_d)
    both = X_res.assign(y=y_res).compute()
    assert both.index.is_unique and X_res.known_divisions
    X_ref, y_ref = over_sampling.SMOTE(random_state=0).fit_resample(X, y)
    np.testing.assert_allclose(both[frame.columns].to_numpy(), X_ref, rtol=1e-12)
    np.testing.assert_array_equal(both["y"].to_numpy(), y_ref)
    if isinstance(index, np.ndarray):  # a numeric index keeps its labels
        np.testing.assert_array_equal(both.index[: len(y)], index)
    else:  # others are numbered by position, as imbalanced-learn does
        np.testing.assert_array_equal(both.index, np.arange(len(y_ref)))


@pytest.mark.parametrize("bad", [np.nan, np.inf, None], ids=["nan", "inf", "none"])
@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_missing_or_non_finite_labels_are_refused_as_in_memory(sampler, bad):
    X, y = tie_free(n=100)
    y_bad = y.astype(object if bad is None else float)
    y_bad[7] = bad
    in_memory = getattr(
        over_sampling
        if hasattr(over_sampling, type(sampler).__name__)
        else under_sampling,
        type(sampler).__name__,
    )()
    with warnings.catch_warnings(), pytest.raises(ValueError):
        # scikit-learn casts the labels before it checks them (its warning)
        warnings.simplefilter("ignore", RuntimeWarning)
        in_memory.fit_resample(X, y_bad)
    # the dask sampler kept a NaN label as a class of its own (Tomek, ENN)
    with pytest.raises(ValueError, match=r"y holds 1 missing or non-finite label"):
        sampler.fit_resample(*as_dask(X, y_bad, "array"))


@pytest.mark.parametrize("kind", ["array", "frame"])
@pytest.mark.parametrize("sampler", SAMPLERS[:4], ids=lambda s: type(s).__name__)
def test_sample_indices_are_the_output_rows_in_order(kind, sampler):
    # imbalanced-learn's meaning, X_res == X[sample_indices_]; the random
    # samplers gave their in-memory (class-by-class) order instead
    X, y = tie_free()
    X_res, y_res = sampler.fit_resample(*as_dask(X, y, kind))
    np.testing.assert_array_equal(rows_of(X_res), X[sampler.sample_indices_])
    np.testing.assert_array_equal(
        np.asarray(y_res.compute()), y[sampler.sample_indices_]
    )


@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_pipeline_hands_the_final_step_the_weights_of_its_rows(sampler):
    from sklearn.base import BaseEstimator, ClassifierMixin

    from imbalance_kit.pipeline import make_pipeline

    class Recorder(ClassifierMixin, BaseEstimator):
        def fit(self, X, y, sample_weight=None):
            self.X_, self.y_ = np.asarray(X), np.asarray(y)
            self.sample_weight_ = sample_weight
            self.classes_ = np.unique(self.y_)
            return self

    X, y = tie_free()
    w = np.random.default_rng(0).uniform(0.5, 2.0, size=len(y))
    pipe = make_pipeline(sampler, Recorder()).fit(
        *as_dask(X, y, "array"), sample_weight=w
    )
    got = pipe[-1]
    position = {row.tobytes(): i for i, row in enumerate(X)}
    found = np.array([position.get(row.tobytes(), -1) for row in got.X_])
    kept = found >= 0
    np.testing.assert_array_equal(got.sample_weight_[kept], w[found[kept]])
    means = {c: w[y == c].mean() for c in np.unique(y)}
    np.testing.assert_allclose(
        got.sample_weight_[~kept], [means[c] for c in got.y_[~kept]]
    )


@pytest.mark.parametrize("kind", ["array", "frame"])
@pytest.mark.parametrize("sampler", SAMPLERS, ids=lambda s: type(s).__name__)
def test_sample_weight_follows_the_rows_as_in_memory(kind, sampler):
    # the in-memory samplers' convention: a kept or repeated row keeps its
    # weight, a synthetic row gets its class's mean
    X, y = tie_free()
    w = np.random.default_rng(1).uniform(0.5, 2.0, size=len(y))
    X_res, y_res = sampler.fit_resample(*as_dask(X, y, kind), sample_weight=w)
    got_X, got_y = rows_of(X_res), np.asarray(y_res.compute())
    assert len(sampler.sample_weight_) == len(got_y)
    position = {row.tobytes(): i for i, row in enumerate(X)}
    found = np.array([position.get(row.tobytes(), -1) for row in got_X])
    kept = found >= 0
    np.testing.assert_array_equal(sampler.sample_weight_[kept], w[found[kept]])
    means = {c: w[y == c].mean() for c in np.unique(y)}
    np.testing.assert_allclose(
        sampler.sample_weight_[~kept], [means[c] for c in got_y[~kept]]
    )
    assert kept.all() != isinstance(sampler, SMOTE)
    # routable, and refused when not one finite non-negative number per row
    assert sampler.get_metadata_routing().fit_resample.requests == {
        "sample_weight": None
    }
    with pytest.raises(ValueError, match="sample_weight must be 400"):
        sampler.fit_resample(*as_dask(X, y, kind), sample_weight=w[:-1])
    with pytest.raises(ValueError, match="sample_weight holds 1 NaN"):
        sampler.fit_resample(
            *as_dask(X, y, kind), sample_weight=np.where(np.arange(400) == 3, np.nan, w)
        )
    with pytest.raises(ValueError, match="non-negative"):
        sampler.fit_resample(*as_dask(X, y, kind), sample_weight=-w)
    sampler.fit_resample(*as_dask(X, y, kind))
    assert not hasattr(sampler, "sample_weight_")


def test_pipeline_refuses_weights_a_dask_sampler_would_only_carry():
    from sklearn.neighbors import KNeighborsClassifier

    from imbalance_kit.pipeline import make_pipeline

    X, y = tie_free()
    pipe = make_pipeline(SMOTE(random_state=0), KNeighborsClassifier())
    with pytest.raises(ValueError, match="only carry"):
        pipe.fit(*as_dask(X, y, "array"), sample_weight=np.ones(len(y)))
