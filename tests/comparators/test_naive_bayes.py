import numpy as np
import pytest
from sklearn.datasets import make_classification
from sklearn.utils.estimator_checks import parametrize_with_checks

from imbalance_kit.comparators import SharedVarianceGaussianNB


@parametrize_with_checks([SharedVarianceGaussianNB()])
def test_sklearn_estimator_checks(estimator, check):
    check(estimator)


def data(n_classes=3, seed=0):
    return make_classification(
        n_samples=400,
        n_features=6,
        n_informative=4,
        n_classes=n_classes,
        random_state=seed,
    )


@pytest.mark.parametrize("n_classes", [2, 3])
def test_decision_function_equals_closed_form(n_classes):
    X, y = data(n_classes)
    nb = SharedVarianceGaussianNB(var_smoothing=0.0).fit(X, y)
    classes = np.unique(y)
    prior = np.array([np.mean(y == c) for c in classes])
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    variances = np.array([X[y == c].var(axis=0) for c in classes])
    shared = (prior[:, None] * variances).sum(axis=0)
    # log pi_k - sum_j (x_j - mu_kj)^2 / (2 sigma_j^2), without class-free terms
    scores = np.log(prior) - 0.5 * (((X[:, None, :] - means[None]) ** 2) / shared).sum(
        axis=2
    )
    scores -= scores[:, :1]  # remove per-sample constants
    jll = X @ nb.coef_.T + nb.intercept_
    jll -= jll[:, :1]
    np.testing.assert_allclose(jll, scores, atol=1e-9)
    expected_proba = np.exp(scores) / np.exp(scores).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(nb.predict_proba(X), expected_proba, atol=1e-9)


def test_decision_function_is_linear():
    X, y = data(2)
    nb = SharedVarianceGaussianNB().fit(X, y)
    a, b = X[:50], X[50:100]
    mix = 0.3 * a + 0.7 * b
    np.testing.assert_allclose(
        nb.decision_function(mix),
        0.3 * nb.decision_function(a) + 0.7 * nb.decision_function(b),
        atol=1e-9,
    )


def test_partial_fit_in_batches_equals_fit():
    X, y = data(3, seed=1)
    whole = SharedVarianceGaussianNB().fit(X, y)
    batches = SharedVarianceGaussianNB()
    for part in np.array_split(np.arange(len(y)), 7):
        batches.partial_fit(X[part], y[part], classes=np.unique(y))
    np.testing.assert_allclose(batches.theta_, whole.theta_)
    np.testing.assert_allclose(batches.var_, whole.var_)
    np.testing.assert_allclose(batches.coef_, whole.coef_, rtol=1e-6)


def test_priors_and_errors():
    X, y = data(2)
    nb = SharedVarianceGaussianNB(priors=[0.2, 0.8]).fit(X, y)
    np.testing.assert_allclose(nb.class_prior_, [0.2, 0.8])
    with pytest.raises(ValueError, match="priors must have one value per class"):
        SharedVarianceGaussianNB(priors=[1.0]).fit(X, y)
    with pytest.raises(ValueError, match="not in classes"):
        SharedVarianceGaussianNB().partial_fit(X, y, classes=[0, 1]).partial_fit(
            X[:3], np.array([0, 1, 5])
        )


@pytest.mark.parametrize(
    ("weights", "match"),
    [
        (np.r_[np.nan, np.ones(399)], "sample_weight contains NaN"),
        (np.r_[np.inf, np.ones(399)], "sample_weight contains infinity"),
        (np.ones(399), r"sample_weight.shape == \(399,\), expected \(400,\)"),
        (np.zeros(400), "at least one non-zero"),
    ],
)
def test_bad_sample_weight_is_refused_as_gaussiannb_does(weights, match):
    from sklearn.naive_bayes import GaussianNB

    X, y = data(2)
    with pytest.raises(ValueError, match=match):
        GaussianNB().fit(X, y, sample_weight=weights)
    with pytest.raises(ValueError, match=match):
        SharedVarianceGaussianNB().fit(X, y, sample_weight=weights)


def test_negative_sample_weight_is_refused():
    X, y = data(2)
    with pytest.raises(ValueError, match="Negative values .* `sample_weight`"):
        SharedVarianceGaussianNB().fit(X, y, sample_weight=np.r_[-1.0, np.ones(399)])


def test_weights_equal_repeated_rows():
    X, y = data(3, seed=2)
    counts = np.random.default_rng(0).integers(0, 4, len(y))
    counts[:3] = 1  # keep every class
    weighted = SharedVarianceGaussianNB(var_smoothing=0.0).fit(
        X, y, sample_weight=counts
    )
    repeated = SharedVarianceGaussianNB(var_smoothing=0.0).fit(
        np.repeat(X, counts, axis=0), np.repeat(y, counts)
    )
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, rtol=1e-9)
    np.testing.assert_allclose(weighted.intercept_, repeated.intercept_, rtol=1e-9)


@pytest.mark.parametrize("scale", [1e300, 1e-300, 1e-13, 1e150])
def test_extreme_scales_give_the_unscaled_model(scale):
    import warnings

    X, y = data(3)
    reference = SharedVarianceGaussianNB().fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        scaled = SharedVarianceGaussianNB().fit(X * scale, y)
        proba = scaled.predict_proba(X * scale)
    # the model is scale-equivariant: same posteriors, coefficients / scale
    np.testing.assert_allclose(proba, reference.predict_proba(X), atol=1e-9)
    np.testing.assert_allclose(scaled.coef_ * scale, reference.coef_, rtol=1e-9)
    np.testing.assert_allclose(scaled.intercept_, reference.intercept_, rtol=1e-9)


def test_features_of_wildly_different_scales_without_smoothing():
    X, y = data(2)
    scales = np.array([1e200, 1e-200, 1.0, 1e-13, 1e13, 1.0])
    reference = SharedVarianceGaussianNB(var_smoothing=0.0).fit(X, y)
    scaled = SharedVarianceGaussianNB(var_smoothing=0.0).fit(X * scales, y)
    np.testing.assert_allclose(
        scaled.predict_proba(X * scales), reference.predict_proba(X), atol=1e-9
    )
    batches = SharedVarianceGaussianNB(var_smoothing=0.0)
    for part in np.array_split(np.arange(len(y)), 4):
        batches.partial_fit(X[part] * scales, y[part], classes=[0, 1])
    np.testing.assert_allclose(
        batches.predict_proba(X * scales), reference.predict_proba(X), atol=1e-9
    )


def test_sparse_input_gives_the_dense_model():
    import scipy.sparse as sp

    X, y = data(3, seed=4)
    X[np.abs(X) < 0.8] = 0.0  # mostly zeros
    w = np.random.default_rng(3).uniform(0.5, 2.0, len(y))
    dense = SharedVarianceGaussianNB().fit(X, y, sample_weight=w)
    sparse = SharedVarianceGaussianNB().fit(sp.csr_matrix(X), y, sample_weight=w)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, rtol=1e-9)
    np.testing.assert_allclose(sparse.intercept_, dense.intercept_, rtol=1e-9)
    np.testing.assert_allclose(
        sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), atol=1e-12
    )
