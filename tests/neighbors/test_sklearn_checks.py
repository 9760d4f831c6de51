"""scikit-learn's estimator checks on the neighbour estimator."""

from sklearn.utils.estimator_checks import parametrize_with_checks

from imbalance_kit.neighbors import NearestNeighbors


@parametrize_with_checks(
    [
        NearestNeighbors(),
        NearestNeighbors(algorithm="kd_tree"),
        NearestNeighbors(algorithm="brute", n_jobs=1),
    ]
)
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)
