import imblearn.under_sampling as theirs
import numpy as np
from imblearn.utils.estimator_checks import parametrize_with_checks
from sklearn.cluster import KMeans, MiniBatchKMeans
from sklearn.datasets import make_classification

from imbalance_kit.under_sampling import (
    ClusterBasedUnderSampler,
    ClusterCentroids,
    KMeansUnderSampler,
)
from imbalance_kit.under_sampling._clustering import distinct_nearest_rows
from tests.naive.allocation import hamilton


def km():
    return KMeans(n_clusters=2, n_init=1, random_state=0)


HARD_VOTING_SPARSE = (
    "KMeans fits sparse and dense input by different code paths, so the hard "
    "votes differ; imbalanced-learn's ClusterCentroids behaves the same (its "
    "own checks only run soft voting)"
)


def expected_failures(estimator):
    if isinstance(estimator, ClusterCentroids) and estimator.voting == "hard":
        return {
            "check_samplers_sparse": HARD_VOTING_SPARSE,
            "check_samplers_pandas_sparse": HARD_VOTING_SPARSE,
        }
    return {}


@parametrize_with_checks(
    [
        ClusterCentroids(random_state=0, estimator=km(), voting="soft"),
        ClusterCentroids(random_state=0, estimator=km(), voting="hard"),
        KMeansUnderSampler(random_state=0, estimator=km()),
        KMeansUnderSampler(random_state=0, estimator=km(), strategy="centroids"),
        ClusterBasedUnderSampler(random_state=0),
    ],
    expected_failed_checks=expected_failures,
)
def test_imblearn_sampler_checks(estimator, check):
    check(estimator)


def data(seed=0):
    return make_classification(
        n_samples=900,
        n_features=6,
        n_informative=4,
        n_classes=3,
        weights=[0.7, 0.2],
        random_state=seed,
    )


def test_cluster_centroids_identical_to_imblearn_soft():
    X, y = data()
    a = ClusterCentroids(random_state=0, voting="soft").fit_resample(X, y)
    b = theirs.ClusterCentroids(random_state=0, voting="soft").fit_resample(X, y)
    np.testing.assert_array_equal(a[0], b[0])
    np.testing.assert_array_equal(a[1], b[1])


def test_cluster_centroids_hard_voting_differs_only_on_ties():
    # a two-point cluster's centre is equidistant from both points: we keep the
    # lower index, scikit-learn's search either one
    X, y = data()
    ours = ClusterCentroids(random_state=0, voting="hard")
    a = ours.fit_resample(X, y)
    b = theirs.ClusterCentroids(random_state=0, voting="hard").fit_resample(X, y)
    np.testing.assert_array_equal(a[1], b[1])
    differ = np.flatnonzero((a[0] != b[0]).any(axis=1))
    assert len(differ) < 0.05 * len(a[1])
    for row in differ:
        label = a[1][row]
        centres = (
            KMeans(n_clusters=int(np.sum(a[1] == label)), random_state=0)
            .fit(X[y == label])
            .cluster_centers_
        )
        centre = centres[row - np.flatnonzero(a[1] == label)[0]]
        d_ours = np.linalg.norm(a[0][row] - centre)
        d_theirs = np.linalg.norm(b[0][row] - centre)
        assert np.isclose(d_ours, d_theirs, rtol=1e-9)


def test_kmeans_under_sampler_centroids_are_the_class_centres():
    X, y = data(1)
    sampler = KMeansUnderSampler(strategy="centroids", random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    target = sampler.sampling_strategy_
    for c, n in target.items():
        centres = KMeans(n_clusters=n, random_state=0).fit(X[y == c]).cluster_centers_
        np.testing.assert_allclose(
            np.sort(X_res[y_res == c], axis=0), np.sort(centres, axis=0)
        )
    assert np.bincount(y_res).tolist() == [np.bincount(y).min()] * 3


def _greedy_nearest(X, centres, rtol=1e-9):
    """Each centre in turn takes its nearest row not yet taken, by brute force;
    distances within ``rtol`` (relative) tie, and ties go to the lower index."""
    free = np.ones(len(X), bool)
    chosen = []
    for centre in centres:
        d = np.sqrt(((X - centre) ** 2).sum(axis=1))
        tied = np.flatnonzero(free & (d <= d[free].min() * (1 + rtol)))
        chosen.append(int(tied[0]))
        free[tied[0]] = False
    return chosen


def test_kmeans_under_sampler_nearest_rows_are_distinct_and_nearest():
    X, y = data(2)
    sampler = KMeansUnderSampler(
        random_state=0, estimator=MiniBatchKMeans(random_state=0, n_init=3)
    )
    X_res, y_res = sampler.fit_resample(X, y)
    idx = sampler.sample_indices_
    assert len(set(idx)) == len(idx)
    np.testing.assert_array_equal(X_res, X[idx])
    assert np.bincount(y_res).tolist() == [np.bincount(y).min()] * 3
    n_near = 0
    for c, n in sampler.sampling_strategy_.items():
        members = np.flatnonzero(y == c)
        # the same clustering, refitted independently of the sampler
        centres = (
            MiniBatchKMeans(n_clusters=n, random_state=0, n_init=3)
            .fit(X[members])
            .cluster_centers_
        )
        expected = members[_greedy_nearest(X[members], centres)]
        np.testing.assert_array_equal(idx[y[idx] == c], expected)
        # most centres get their very nearest row (no competition)
        d2 = ((X[members][None, :, :] - centres[:, None, :]) ** 2).sum(axis=2)
        n_near += np.sum(members[np.argmin(d2, axis=1)] == expected)
    assert n_near >= 0.8 * sum(sampler.sampling_strategy_.values())


def test_kmeans_under_sampler_keeps_sparse_input_sparse():
    from scipy import sparse

    X, y = data(3)
    X[np.abs(X) < 0.5] = 0.0  # a sparse-ish matrix
    for strategy in ("centroids", "nearest"):
        for fmt in ("csr", "csc"):
            sampler = KMeansUnderSampler(
                strategy=strategy, random_state=0, estimator=km()
            )
            X_sp, y_sp = sampler.fit_resample(sparse.csr_matrix(X).asformat(fmt), y)
            assert sparse.issparse(X_sp) and X_sp.format == fmt
            if strategy == "nearest":
                idx_sp = sampler.sample_indices_
                np.testing.assert_array_equal(X_sp.toarray(), X[idx_sp])
            X_d, y_d = sampler.fit_resample(X, y)
            np.testing.assert_array_equal(y_sp, y_d)
            if strategy == "centroids":
                np.testing.assert_allclose(X_sp.toarray(), X_d, atol=1e-12)
            else:
                # sparse and dense centres differ in rounding; distances within
                # a relative 1e-9 tie and go to the lower index, so both select
                # the same rows
                np.testing.assert_array_equal(idx_sp, sampler.sample_indices_)
                # and each centre of the sparse fit took its nearest row still
                # free
                for c, n in sampler.sampling_strategy_.items():
                    members = np.flatnonzero(y == c)
                    centres = (
                        km()
                        .set_params(n_clusters=n)
                        .fit(sparse.csr_matrix(X[members]))
                        .cluster_centers_
                    )
                    picks = idx_sp[y[idx_sp] == c]
                    free = np.ones(len(X), bool)
                    for centre, pick in zip(centres, picks, strict=True):
                        d = np.sqrt(((X - centre) ** 2).sum(axis=1))
                        assert free[pick]
                        assert d[pick] <= d[free & (y == c)].min() * (1 + 1e-9)
                        free[pick] = False


def test_kmeans_under_sampler_tags_let_the_sparse_checks_run():
    assert KMeansUnderSampler().__sklearn_tags__().input_tags.sparse


def test_distinct_nearest_rows_matches_greedy_reference():
    rng = np.random.default_rng(0)
    X = rng.standard_normal((40, 2))
    centres = np.vstack([X[:5] + 0.01, X[:5] - 0.01])  # pairs of centres compete
    assert distinct_nearest_rows(X, centres).tolist() == _greedy_nearest(X, centres)


def test_distinct_nearest_rows_breaks_rounding_ties_by_index_at_any_scale():
    # the centre of rows 0 and 1 is equidistant from both (up to rounding);
    # row 0 is taken at every scale and in sparse form
    from scipy import sparse

    X = np.array([[0.1, 0.7], [0.3, 0.2], [5.0, 5.0], [9.0, 1.0]])
    centres = np.array([(X[0] + X[1]) / 2, X[3]])
    for scale in (1.0, 3.0, 1e-7, 1e7):
        for data in (X * scale, sparse.csr_matrix(X * scale)):
            assert distinct_nearest_rows(data, centres * scale).tolist() == [0, 3]


def test_sbc_allocation_follows_yen_and_lee():
    X, y = make_classification(
        n_samples=1500, n_features=4, weights=[0.9], random_state=3
    )
    sampler = ClusterBasedUnderSampler(n_clusters=4, random_state=0)
    X_res, y_res = sampler.fit_resample(X, y)
    labels = sampler.labels_
    n_keep = sampler.sampling_strategy_[0]
    maj = np.array([np.sum((y == 0) & (labels == c)) for c in range(4)])
    mino = np.array([np.sum((y == 1) & (labels == c)) for c in range(4)])
    expected = hamilton(n_keep, (maj / np.maximum(mino, 1)).tolist(), maj.tolist())
    kept = sampler.sample_indices_[y[sampler.sample_indices_] == 0]
    got = np.bincount(labels[kept], minlength=4)
    np.testing.assert_array_equal(got, expected)
    assert got.sum() == n_keep and (got <= maj).all()
    assert np.array_equal(
        np.sort(sampler.sample_indices_[y[sampler.sample_indices_] == 1]),
        np.flatnonzero(y == 1),
    )
