"""sample_weight through fit_resample: the documented convention, everywhere."""

import numpy as np
import pandas as pd
import pytest
from sklearn.datasets import make_classification
from sklearn.linear_model import LogisticRegression

from imbalance_kit.combine import SMOTEENN, SMOTEIPF, SMOTETomek
from imbalance_kit.equitable import EquitableSampler
from imbalance_kit.over_sampling import (
    ADASYN,
    CCR,
    SMOTE,
    KMeansSMOTE,
    ProWSyn,
    RandomOverSampler,
)
from imbalance_kit.under_sampling import (
    ClusterCentroids,
    EditedNearestNeighbours,
    KMeansUnderSampler,
    NearMiss,
    RandomUnderSampler,
    TomekLinks,
)


def data():
    X, y = make_classification(
        n_samples=240, n_features=4, weights=[0.8], flip_y=0.05, random_state=0
    )
    w = np.random.default_rng(0).uniform(0.5, 2.0, size=len(y))
    return X, y, w


def class_means(y, w):
    return {c: w[y == c].mean() for c in np.unique(y)}


SELECTING = [
    RandomUnderSampler(random_state=0),
    RandomOverSampler(random_state=0),
    TomekLinks(),
    EditedNearestNeighbours(),
    NearMiss(),
    KMeansUnderSampler(random_state=0),
]
SYNTHESISING = [
    SMOTE(random_state=0),
    ADASYN(random_state=0),
    ProWSyn(random_state=0),
    CCR(random_state=0),
]


@pytest.mark.parametrize("sampler", SELECTING, ids=lambda s: type(s).__name__)
def test_selected_rows_keep_their_weights(sampler):
    X, y, w = data()
    X_res, y_res = sampler.fit_resample(X, y, sample_weight=w)
    # the indices are those of the returned rows, so each row keeps its weight
    np.testing.assert_array_equal(X_res, X[sampler.sample_indices_])
    np.testing.assert_array_equal(y_res, y[sampler.sample_indices_])
    np.testing.assert_array_equal(sampler.sample_weight_, w[sampler.sample_indices_])
    assert len(sampler.sample_weight_) == len(y_res)
    LogisticRegression().fit(X_res, y_res, sample_weight=sampler.sample_weight_)


@pytest.mark.parametrize("sampler", SYNTHESISING, ids=lambda s: type(s).__name__)
def test_synthetic_rows_get_their_class_mean_weight(sampler):
    X, y, w = data()
    _, y_res = sampler.fit_resample(X, y, sample_weight=w)
    means = class_means(y, w)
    np.testing.assert_array_equal(sampler.sample_weight_[: len(y)], w)
    expected = [means[c] for c in y_res[len(y) :]]
    np.testing.assert_allclose(sampler.sample_weight_[len(y) :], expected)


def test_cluster_centres_get_the_class_mean():
    X, y, w = data()
    sampler = ClusterCentroids(random_state=0)
    _, y_res = sampler.fit_resample(X, y, sample_weight=w)
    means = class_means(y, w)
    np.testing.assert_allclose(sampler.sample_weight_, [means[c] for c in y_res])


@pytest.mark.parametrize("make", [SMOTEENN, SMOTETomek, SMOTEIPF])
def test_combined_samplers_compose_the_convention(make):
    X, y, w = data()
    sampler = make(random_state=0)
    X_res, _ = sampler.fit_resample(X, y, sample_weight=w)
    smote_X, smote_y = SMOTE(random_state=0).fit_resample(X, y)
    means = class_means(y, w)
    over = np.concatenate([w, [means[c] for c in smote_y[len(y) :]]])
    cleaner = sampler.ipf_ if make is SMOTEIPF else sampler._cleaner()
    # the cleaner's indices are those of the returned rows among SMOTE's
    np.testing.assert_allclose(X_res, smote_X[cleaner.sample_indices_])
    np.testing.assert_allclose(sampler.sample_weight_, over[cleaner.sample_indices_])


def test_equitable_sampler_weights_and_frames():
    X, y, w = data()
    groups = np.arange(len(y)) % 3
    sampler = EquitableSampler(budget=90, strategy="equal", random_state=0)
    X_res, _ = sampler.fit_resample(
        pd.DataFrame(X), pd.Series(y), groups=groups, sample_weight=w
    )
    assert isinstance(X_res, pd.DataFrame)
    np.testing.assert_array_equal(X_res.to_numpy(), X[sampler.sample_indices_])
    np.testing.assert_array_equal(sampler.sample_weight_, w[sampler.sample_indices_])


def test_no_weights_no_attribute_and_bad_weights_rejected():
    X, y, w = data()
    sampler = SMOTE(random_state=0)
    sampler.fit_resample(X, y, sample_weight=w)
    sampler.fit_resample(X, y)
    assert not hasattr(sampler, "sample_weight_")
    with pytest.raises(ValueError, match="one per row"):
        sampler.fit_resample(X, y, sample_weight=w[:-1])
    # the message says what is wrong: it said "got shape (240,)" for NaN
    with pytest.raises(ValueError, match=r"sample_weight holds \d+ NaN or inf"):
        sampler.fit_resample(X, y, sample_weight=np.where(w > 1, np.nan, w))
    with pytest.raises(ValueError, match=r"sample_weight holds 1 NaN or inf.*\[5\]"):
        sampler.fit_resample(
            X, y, sample_weight=np.where(np.arange(len(w)) == 5, np.inf, w)
        )
    with pytest.raises(ValueError, match="non-negative"):
        sampler.fit_resample(X, y, sample_weight=-w)


# ---- any per-row metadata: carry_rows (the rule the pipeline applies) ----


def class_neighbours(X, y, k):
    """Each row's k nearest rows of its own class (global indices), naively."""
    from tests.naive import knn as naive_knn

    near = {}
    for c in np.unique(y):
        rows = np.flatnonzero(y == c)
        _, ind = naive_knn.kneighbors(
            X[rows], X[rows], k, self_idx=np.arange(len(rows))
        )
        near.update(zip(rows, rows[ind], strict=True))
    return near


def test_groups_of_smote_rows_are_those_of_the_row_they_grew_from():
    from imbalance_kit.over_sampling import SVMSMOTE, BorderlineSMOTE
    from imbalance_kit.utils._interface import carry_rows
    from tests.naive.smote import on_line, on_segment

    X, y, _ = data()
    groups = np.array(list("abcdefg"))[np.arange(len(y)) % 7]
    near = class_neighbours(X, y, 5)  # SMOTE's default k_neighbors
    for sampler, t_range in (
        (SMOTE(random_state=0), None),
        # borderline-1 and ADASYN: a seed and one of its 5 nearest class rows
        (BorderlineSMOTE(random_state=0), None),
        (ADASYN(random_state=0), None),
        (SVMSMOTE(random_state=0), (-0.5, 1.0)),
    ):
        X_res, y_res = sampler.fit_resample(X, y)
        carried = carry_rows(sampler, groups, y, y_res, categorical=True)
        np.testing.assert_array_equal(carried[: len(y)], groups)
        for row, label, group in zip(
            X_res[len(y) :], y_res[len(y) :], carried[len(y) :], strict=True
        ):
            seeds = X[(y == label) & (groups == group)]
            same_class = X[y == label]
            if t_range is None:
                # towards one of the seed's own 5 nearest neighbours: the
                # neighbour's group would pass a check against any class row
                # (a segment has two ends), not this one (kNN is not symmetric)
                assert any(
                    on_segment(row, X[s], X[o])
                    for s in np.flatnonzero((y == label) & (groups == group))
                    for o in near[s]
                )
            else:  # SVMSMOTE also extrapolates away from the neighbour
                assert any(
                    on_line(row, s, o, *t_range) for s in seeds for o in same_class
                )


@pytest.mark.parametrize(
    "sampler",
    [KMeansSMOTE(random_state=0), ClusterCentroids(random_state=0)],
    ids=lambda s: type(s).__name__,
)
def test_groups_of_rows_without_a_known_origin_take_the_class_mode(sampler):
    from imbalance_kit.utils._interface import carry_rows

    X, y, _ = data()
    groups = np.where(np.arange(len(y)) % 4 == 0, "q", "p")
    groups[(y == 1) & (np.arange(len(y)) % 3 > 0)] = "r"
    _, y_res = sampler.fit_resample(X, y)
    carried = carry_rows(sampler, groups, y, y_res, categorical=True)
    mode = {}
    for c in np.unique(y):
        values, counts = np.unique(groups[y == c], return_counts=True)
        mode[c] = values[np.argmax(counts)]
    made = slice(len(y), None) if len(y_res) > len(y) else slice(None)
    np.testing.assert_array_equal(carried[made], [mode[c] for c in y_res[made]])
    assert {mode[0], mode[1]} == {"p", "r"}


def test_per_sample_cost_columns_take_their_class_means():
    from imbalance_kit.utils._interface import carry_rows

    X, y, w = data()
    costs = np.column_stack([w, 2 * w + 1])
    sampler = SMOTE(random_state=0)
    _, y_res = sampler.fit_resample(X, y)
    carried = carry_rows(sampler, costs, y, y_res)
    np.testing.assert_array_equal(carried[: len(y)], costs)
    means = {c: costs[y == c].mean(axis=0) for c in np.unique(y)}
    np.testing.assert_allclose(carried[len(y) :], [means[c] for c in y_res[len(y) :]])


def test_unknown_metadata_names_are_refused_by_name():
    X, y, w = data()
    with pytest.raises(TypeError, match=r"unexpected parameter\(s\) \['costs'\]"):
        SMOTE().fit_resample(X, y, costs=w)
    with pytest.raises(TypeError, match=r"\['groups'\]"):
        RandomUnderSampler().fit_resample(X, y, groups=w)


def test_a_refit_that_makes_rows_does_not_reuse_the_last_selection():
    X, y, w = data()
    sampler = KMeansUnderSampler(random_state=0)  # strategy="nearest" selects
    sampler.fit_resample(X, y, sample_weight=w)
    assert hasattr(sampler, "sample_indices_")
    sampler.set_params(strategy="centroids")  # the same counts, made rows
    _, y_res = sampler.fit_resample(X, y, sample_weight=w)
    assert not hasattr(sampler, "sample_indices_")
    means = class_means(y, w)
    np.testing.assert_allclose(sampler.sample_weight_, [means[c] for c in y_res])
