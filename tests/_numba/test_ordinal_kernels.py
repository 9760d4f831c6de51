import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from imbalance_kit._numba._cumulative_logit import mean_loss
from imbalance_kit._numba._ordinal_solvers import hessian, kkt_violation
from tests.naive.ordinal import mean_nll, numerical_gradient, unpack


def problem(seed, n, p, k):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    codes = rng.integers(0, k, size=n)
    weights = rng.uniform(0.5, 2.0, size=n)
    theta = np.zeros((k - 1, p + 1))
    theta[:, 0] = np.sort(rng.normal(scale=2.0, size=k - 1)) + np.arange(k - 1)
    theta[:, 1:] = rng.normal(scale=0.1, size=(k - 1, p))
    return X, codes, weights / weights.sum(), theta


def kernel_derivatives(X, codes, w, theta, l2):
    m, q = theta.shape
    beta, eta = np.empty((m, q - 1)), np.empty((len(X), m))
    grad, H = np.empty_like(theta), np.empty((m * q, m * q))
    loss = hessian(X, codes, w, theta, l2, 0.0, beta, eta, grad, H)
    return loss, grad, H


def naive_objective(X, codes, w, l2, shape):
    def objective(flat):
        intercepts, beta = unpack(flat, *shape)
        ridge = 0.5 * l2 * np.mean((beta**2).sum(axis=1))
        return mean_nll(X, codes, intercepts, beta, w) + ridge

    return objective


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(5, 40),
    p=st.integers(1, 4),
    k=st.integers(2, 5),
    l2=st.sampled_from([0.0, 0.7]),
)
def test_gradient_and_hessian_match_finite_differences(seed, n, p, k, l2):
    X, codes, w, theta = problem(seed, n, p, k)
    loss, grad, H = kernel_derivatives(X, codes, w, theta, l2)
    objective = naive_objective(X, codes, w, l2, (k - 1, p))
    assert np.isclose(loss, objective(theta.ravel()), rtol=1e-12)
    # central differences (step 1e-6) are exact to about 1e-7 relative
    np.testing.assert_allclose(
        grad.ravel(), numerical_gradient(objective, theta.ravel()), rtol=1e-6, atol=1e-7
    )

    def grad_at(flat):
        return kernel_derivatives(X, codes, w, flat.reshape(theta.shape), l2)[1].ravel()

    fd = np.array(
        [
            (grad_at(theta.ravel() + e) - grad_at(theta.ravel() - e)) / 2e-6
            for e in np.eye(theta.size) * 1e-6
        ]
    )
    np.testing.assert_allclose(H, fd, atol=1e-6)
    assert np.allclose(H, H.T)
    assert np.linalg.eigvalsh(H).min() > -1e-10  # the datafit is convex


def test_loss_is_accurate_in_the_tails_and_infinite_when_crossing():
    # both logits far in the same tail: the naive difference of sigmoids
    # cancels to 0, the kernel keeps the exact log-probability
    eta = np.array([[40.0, 41.0, 60.0]])
    w = np.ones(1)
    loss = mean_loss(eta, np.array([1]), w)
    expected = -np.log(np.exp(-40.0) - np.exp(-41.0))  # F(a)-F(b) ~ e^-b - e^-a
    assert np.isclose(loss, expected, rtol=1e-12)
    assert mean_loss(np.array([[1.0, 0.5]]), np.array([1]), w) == np.inf
    assert mean_loss(np.array([[1.0, 1.0]]), np.array([1]), w) == np.inf


def test_kkt_violation_of_soft_threshold_conditions():
    theta = np.array([[0.3, 0.0, 2.0, -1.0]])
    lam = np.array([[0.0, 0.5, 0.5, np.inf]])
    # intercept: |g|; zero coef: max(|g| - lam, 0); nonzero: |g + lam sign|
    grad = np.array([[1e-3, 0.4, -0.5, 7.0]])
    assert kkt_violation(theta, grad, lam) == 1e-3
    grad = np.array([[0.0, 0.9, -0.5, 7.0]])
    assert np.isclose(kkt_violation(theta, grad, lam), 0.4)
    grad = np.array([[0.0, 0.0, -0.2, 0.0]])
    assert np.isclose(kkt_violation(theta, grad, lam), 0.3)
