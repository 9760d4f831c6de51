"""Datafit of the cumulative-logit (ordinal logistic) model.

``P(y <= k | x) = sigmoid(eta_k)`` with ``eta_k = alpha_k + x @ beta_k`` for
``k = 0 .. K-2`` and ``P(y = k) = F_k - F_{k-1}`` (``F_{-1} = 0``,
``F_{K-1} = 1``). The loss is the weighted mean negative log-likelihood; the
weights passed in must sum to one. A row with any class probability that is
not positive (crossing cumulative logits), observed class or not, makes the
loss ``+inf``, which is how the solvers reject such steps: the fitted model is
valid on every training row.

Every observation touches at most two linear predictors: ``a = eta_y`` (when
``y < K-1``) and ``b = eta_{y-1}`` (when ``y > 0``). With
``r = 1 - exp(b - a)`` the log-probability of a middle class is
``log F(a) + log F(-b) + log r``, which stays accurate when both logits are far
in the same tail.
"""

import numpy as np
from numba import njit


@njit(cache=True)
def softplus(t):
    """``log(1 + exp(t))`` without overflow."""
    if t > 0.0:
        return t + np.log1p(np.exp(-t))
    return np.log1p(np.exp(t))


@njit(cache=True)
def sigmoid(t):
    """``1 / (1 + exp(-t))`` without overflow."""
    if t >= 0.0:
        return 1.0 / (1.0 + np.exp(-t))
    e = np.exp(t)
    return e / (1.0 + e)


@njit(cache=True)
def linear_predictor(X, alpha, beta, eta):
    """Fill ``eta[i, k] = alpha[k] + X[i] @ beta[k]``."""
    n, p = X.shape
    m = alpha.shape[0]
    for i in range(n):
        for k in range(m):
            s = alpha[k]
            for j in range(p):
                s += X[i, j] * beta[k, j]
            eta[i, k] = s


@njit(cache=True)
def increasing(eta_row, m):
    """Whether every class of this row has a positive probability."""
    for k in range(1, m):
        if not eta_row[k] > eta_row[k - 1]:
            return False
    return True


@njit(cache=True)
def row_loss_derivatives(eta_row, label, m):
    """Loss of one row and its derivatives in its two linear predictors.

    Returns ``(loss, u, v, h_aa, h_bb, h_ab)``: ``u``/``v`` are the derivatives
    in ``a = eta_label`` and ``b = eta_{label-1}``, ``h_*`` the second
    derivatives. Unused entries (first or last class) are zero; an infeasible
    row (any class probability not positive) returns ``loss = inf``.
    """
    if not increasing(eta_row, m):
        return np.inf, 0.0, 0.0, 0.0, 0.0, 0.0
    if label == 0:
        a = eta_row[0]
        fa = sigmoid(a)
        return softplus(-a), -sigmoid(-a), 0.0, fa * (1.0 - fa), 0.0, 0.0
    if label == m:
        b = eta_row[m - 1]
        fb = sigmoid(b)
        return softplus(b), 0.0, fb, 0.0, fb * (1.0 - fb), 0.0
    a = eta_row[label]
    b = eta_row[label - 1]
    r = -np.expm1(b - a)
    loss = softplus(-a) + softplus(b) - np.log(r)
    fa = sigmoid(a)
    fb = sigmoid(b)
    u = -sigmoid(-a) / (r * sigmoid(-b))
    v = fb / (r * fa)
    h_aa = u * (1.0 - 2.0 * fa) + u * u
    h_bb = v * (1.0 - 2.0 * fb) + v * v
    return loss, u, v, h_aa, h_bb, u * v


@njit(cache=True)
def row_loss(eta_row, label, m):
    """Negative log-likelihood of one row (``inf`` if infeasible)."""
    if not increasing(eta_row, m):
        return np.inf
    if label == 0:
        return softplus(-eta_row[0])
    if label == m:
        return softplus(eta_row[m - 1])
    a = eta_row[label]
    b = eta_row[label - 1]
    return softplus(-a) + softplus(b) - np.log(-np.expm1(b - a))


@njit(cache=True)
def mean_loss(eta, y, w):
    """Weighted mean negative log-likelihood (``inf`` if any row is infeasible)."""
    m = eta.shape[1]
    total = 0.0
    for i in range(eta.shape[0]):
        loss = row_loss(eta[i], y[i], m)
        if loss == np.inf:
            return np.inf
        total += w[i] * loss
    return total
