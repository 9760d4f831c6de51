"""KMeansSMOTE follows Douzas et al. (2018) and never fails for lack of clusters."""

import numpy as np
import pytest
from scipy.spatial.distance import pdist
from sklearn.cluster import KMeans
from sklearn.datasets import make_classification

from imbalance_kit.over_sampling import KMeansSMOTE
from tests.naive.smote import on_segment


def two_region_data():
    """Minority lives in two blobs of different spread, plus a majority cloud."""
    rng = np.random.default_rng(0)
    tight = rng.normal([0, 0], 0.2, (30, 2))
    loose = rng.normal([10, 0], 1.0, (30, 2))
    majority = rng.normal([5, 8], 1.0, (400, 2))
    X = np.vstack([tight, loose, majority])
    y = np.r_[np.ones(60, dtype=int), np.zeros(400, dtype=int)]
    return X, y


def test_weights_follow_paper_sparsity_and_counts_are_exact():
    X, y = two_region_data()
    km = KMeans(n_clusters=3, n_init=5, random_state=0)
    sampler = KMeansSMOTE(random_state=0, kmeans_estimator=km, density_exponent=2.0)
    X_res, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [400, 400]
    labels = sampler.labels_
    weights = sampler.cluster_weights_[1]
    # independent computation: sparsity = mean_distance ** 2 / n_minority
    expected = np.zeros(3)
    for c in range(3):
        members = X[(labels == c) & (y == 1)]
        n_other = np.sum((labels == c) & (y == 0))
        if len(members) >= 2 and (n_other + 1) / (len(members) + 1) < 401 / 61:
            expected[c] = pdist(members).mean() ** 2 / len(members)
    np.testing.assert_allclose(weights, expected / expected.sum())
    # the loose blob gets far more samples than the tight one
    new = X_res[len(X) :]
    assert np.sum(new[:, 0] > 5) > 10 * np.sum(new[:, 0] < 5)


def test_synthetic_points_stay_inside_their_cluster():
    X, y = two_region_data()
    km = KMeans(n_clusters=3, n_init=5, random_state=0)
    sampler = KMeansSMOTE(random_state=0, kmeans_estimator=km, k_neighbors=3)
    X_res, _ = sampler.fit_resample(X, y)
    groups = [X[(sampler.labels_ == c) & (y == 1)] for c in range(3)]
    for point in X_res[len(X) :]:
        assert any(on_segment(point, a, b) for g in groups for a in g for b in g)


def test_no_qualifying_cluster_falls_back_to_smote_with_warning():
    X, y = make_classification(
        n_samples=500, n_features=5, weights=[0.97], random_state=3
    )
    with pytest.warns(UserWarning, match="no cluster has imbalance ratio below 0.5"):
        X_res, y_res = KMeansSMOTE(
            random_state=0, imbalance_ratio_threshold=0.5
        ).fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [484, 484]


def test_does_not_fail_where_imblearn_does():
    from imblearn.over_sampling import KMeansSMOTE as TheirKMeansSMOTE

    X, y = make_classification(
        n_samples=600, n_features=6, weights=[0.9], class_sep=0.5, random_state=0
    )
    with pytest.raises(RuntimeError, match="No clusters found"):
        TheirKMeansSMOTE(random_state=0, kmeans_estimator=8).fit_resample(X, y)
    _, y_res = KMeansSMOTE(random_state=0, kmeans_estimator=8).fit_resample(X, y)
    assert np.bincount(y_res)[0] == np.bincount(y_res)[1]


def test_reproducible():
    X, y = two_region_data()
    a = KMeansSMOTE(random_state=4).fit_resample(X, y)[0]
    b = KMeansSMOTE(random_state=4).fit_resample(X, y)[0]
    np.testing.assert_array_equal(a, b)


@pytest.mark.parametrize("threshold", [0.05, 0.3, "auto"])
def test_cluster_balance_threshold_keeps_imblearns_clusters(threshold):
    # imbalanced-learn's rule: a cluster is used when the class makes up at
    # least the threshold share of it ("auto": 0.5, see the parity test below)
    X, y = two_region_data()
    km = KMeans(n_clusters=5, n_init=5, random_state=0)
    sampler = KMeansSMOTE(
        random_state=0, kmeans_estimator=km, cluster_balance_threshold=threshold
    )
    _, y_res = sampler.fit_resample(X, y)
    assert np.bincount(y_res).tolist() == [400, 400]
    labels = sampler.labels_
    # "auto": the class is the only one over-sampled, so half of all: 0.5
    bound = 0.5 if threshold == "auto" else threshold
    expected = []
    for c in range(5):
        in_cluster = labels == c
        n_class = np.sum(in_cluster & (y == 1))
        expected.append(n_class >= 2 and n_class / in_cluster.sum() >= bound)
    np.testing.assert_array_equal(sampler.cluster_weights_[1] > 0, expected)


def test_cluster_balance_threshold_and_imbalance_ratio_threshold_exclude_each_other():
    X, y = two_region_data()
    with pytest.raises(ValueError, match="not both"):
        KMeansSMOTE(
            imbalance_ratio_threshold=2.0, cluster_balance_threshold=0.2
        ).fit_resample(X, y)
    with pytest.warns(UserWarning, match="Lower cluster_balance_threshold"):
        # one cluster, where the class is 60 of 460
        KMeansSMOTE(
            random_state=0, kmeans_estimator=1, cluster_balance_threshold=0.5
        ).fit_resample(X, y)


@pytest.mark.parametrize("threshold", ["auto", 0.3, 0.45, 0.6])
def test_cluster_balance_threshold_uses_the_clusters_imblearn_uses(threshold):
    # a pure minority blob, a blob where the class is 30 of 70 (0.43) and a
    # majority cloud; imbalanced-learn's "auto" is n_samples over the total
    # to generate, halved (0.5 for two classes): the mixed blob is not used.
    # A k-means cell is convex, so each SMOTE sample lies in its cluster's
    # cell: the cells imbalanced-learn's samples fall in are its clusters
    from imblearn.over_sampling import KMeansSMOTE as Theirs

    rng = np.random.default_rng(0)
    X = np.vstack(
        [
            rng.normal([0, 0], 0.5, (30, 2)),
            rng.normal([10, 0], 1.0, (70, 2)),
            rng.normal([5, 10], 1.0, (330, 2)),
        ]
    )
    y = np.r_[np.ones(60, dtype=int), np.zeros(370, dtype=int)]
    km = KMeans(n_clusters=3, n_init=5, random_state=0)
    ours = KMeansSMOTE(
        random_state=0, kmeans_estimator=km, cluster_balance_threshold=threshold
    )
    ours.fit_resample(X, y)
    theirs = Theirs(
        random_state=0, kmeans_estimator=km, cluster_balance_threshold=threshold
    )
    X_t, _ = theirs.fit_resample(X, y)
    used = np.unique(theirs.kmeans_estimator_.predict(X_t[len(X) :]))
    # the same clustering, with the same cluster numbers
    np.testing.assert_array_equal(theirs.kmeans_estimator_.predict(X), ours.labels_)
    np.testing.assert_array_equal(np.flatnonzero(ours.cluster_weights_[1] > 0), used)
