"""Obviously-correct cumulative-logit likelihood, straight from the definition."""

import numpy as np
from scipy.special import expit


def class_probabilities(X, intercepts, coef):
    """``P(y = k | x)`` as differences of the cumulative sigmoids."""
    cumulative = expit(intercepts[None, :] + X @ coef.T)
    n = len(X)
    return np.diff(np.hstack([np.zeros((n, 1)), cumulative, np.ones((n, 1))]), axis=1)


def mean_nll(X, codes, intercepts, coef, weights=None):
    """Weighted mean negative log-likelihood (``inf`` if a probability is <= 0)."""
    proba = class_probabilities(X, intercepts, coef)[np.arange(len(codes)), codes]
    if (proba <= 0).any():
        return np.inf
    return float(np.average(-np.log(proba), weights=weights))


def unpack(theta, n_thresholds, n_features):
    """Intercepts and ``beta`` from the flat (alpha, psi) parameter vector."""
    theta = np.asarray(theta).reshape(n_thresholds, n_features + 1)
    return theta[:, 0], np.cumsum(theta[:, 1:], axis=0)


def numerical_gradient(fun, theta, step=1e-6):
    """Central differences."""
    theta = np.asarray(theta, dtype=float)
    grad = np.empty_like(theta)
    for j in range(theta.size):
        e = np.zeros_like(theta)
        e.flat[j] = step
        grad.flat[j] = (fun(theta + e) - fun(theta - e)) / (2 * step)
    return grad
