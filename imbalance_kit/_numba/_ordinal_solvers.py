"""Solvers for the penalised cumulative-logit model (PRESTO and its limits).

Parameters live in one ``(K-1, p+1)`` array ``theta``: column 0 holds the
intercepts ``alpha_k``, columns ``1..p`` the differences ``psi_k`` with
``beta_k = psi_0 + ... + psi_k``. The objective is

    mean NLL(alpha, beta) + l2 / 2 * mean_k ||beta_k||^2 + sum lam * |theta|

where ``lam`` has the shape of ``theta`` (zero on the intercepts, ``inf`` for
coordinates frozen at zero, as the differences of proportional odds are).

Two solvers share the datafit: a proximal Newton method (exact Hessian, the
lasso sub-problem solved by coordinate descent, Armijo backtracking that also
rejects any step making a training probability non-positive) and FISTA with
backtracking and adaptive restart. Both stop when the KKT violation (max-norm)
is at most ``tol``.
"""

import numpy as np
from numba import njit

from ._cumulative_logit import linear_predictor, mean_loss, row_loss_derivatives


@njit(cache=True)
def _beta_from_theta(theta, beta):
    m, q = theta.shape
    for j in range(1, q):
        s = 0.0
        for k in range(m):
            s += theta[k, j]
            beta[k, j - 1] = s


@njit(cache=True)
def _ridge(beta, l2):
    if l2 == 0.0:
        return 0.0
    s = 0.0
    for k in range(beta.shape[0]):
        for j in range(beta.shape[1]):
            s += beta[k, j] * beta[k, j]
    return 0.5 * l2 * s / beta.shape[0]


@njit(cache=True)
def smooth_loss(X, y, w, theta, l2, beta, eta):
    """Datafit plus ridge term at ``theta`` (``inf`` when infeasible)."""
    _beta_from_theta(theta, beta)
    linear_predictor(X, theta[:, 0].copy(), beta, eta)
    loss = mean_loss(eta, y, w)
    return loss + _ridge(beta, l2)


@njit(cache=True)
def penalty(theta, lam):
    """``sum lam * |theta|`` (frozen coordinates sit at zero and add nothing)."""
    s = 0.0
    for k in range(theta.shape[0]):
        for j in range(theta.shape[1]):
            if theta[k, j] != 0.0:
                s += lam[k, j] * abs(theta[k, j])
    return s


@njit(cache=True)
def _to_theta_space(grad):
    """Map a gradient in (alpha, beta) to (alpha, psi): reverse cumsum in k."""
    m, q = grad.shape
    for k in range(m - 2, -1, -1):
        for j in range(1, q):
            grad[k, j] += grad[k + 1, j]


@njit(cache=True)
def gradient(X, y, w, theta, l2, beta, eta, grad):
    """Smooth loss at ``theta``; fills ``grad`` (shape of ``theta``)."""
    n, p = X.shape
    m = theta.shape[0]
    _beta_from_theta(theta, beta)
    linear_predictor(X, theta[:, 0].copy(), beta, eta)
    grad[:] = 0.0
    total = 0.0
    for i in range(n):
        label = y[i]
        loss, u, v, _, _, _ = row_loss_derivatives(eta[i], label, m)
        if loss == np.inf:
            return np.inf
        total += w[i] * loss
        if label < m:
            g = w[i] * u
            grad[label, 0] += g
            for j in range(p):
                grad[label, j + 1] += g * X[i, j]
        if label > 0:
            g = w[i] * v
            grad[label - 1, 0] += g
            for j in range(p):
                grad[label - 1, j + 1] += g * X[i, j]
    if l2 != 0.0:
        for k in range(m):
            for j in range(p):
                grad[k, j + 1] += l2 * beta[k, j] / m
    _to_theta_space(grad)
    return total + _ridge(beta, l2)


@njit(cache=True)
def _add_outer(H, row0, col0, h, xt):
    q = xt.shape[0]
    if row0 == col0:
        for a in range(q):
            ha = h * xt[a]
            for b in range(a, q):
                H[row0 + a, col0 + b] += ha * xt[b]
    else:
        for a in range(q):
            ha = h * xt[a]
            for b in range(q):
                H[row0 + a, col0 + b] += ha * xt[b]


@njit(cache=True)
def hessian(X, y, w, theta, l2, beta, eta, grad, H):
    """Smooth loss; fills ``grad`` and the Hessian ``H`` in theta-space.

    ``H`` is indexed by the flattened (row-major) position in ``theta``.
    """
    n, p = X.shape
    m, q = theta.shape
    loss = gradient(X, y, w, theta, l2, beta, eta, grad)
    H[:] = 0.0
    if loss == np.inf:
        return loss
    xt = np.empty(q)
    xt[0] = 1.0
    for i in range(n):
        label = y[i]
        for j in range(p):
            xt[j + 1] = X[i, j]
        _, _, _, h_aa, h_bb, h_ab = row_loss_derivatives(eta[i], label, m)
        if label < m:
            _add_outer(H, label * q, label * q, w[i] * h_aa, xt)
        if label > 0:
            _add_outer(H, (label - 1) * q, (label - 1) * q, w[i] * h_bb, xt)
        if 0 < label < m:
            # block (label-1, label) lies wholly above the diagonal
            _add_outer(H, (label - 1) * q, label * q, w[i] * h_ab, xt)
    if l2 != 0.0:
        for k in range(m):
            for j in range(1, q):
                H[k * q + j, k * q + j] += l2 / m
    d = m * q
    for a in range(d):
        for b in range(a):
            H[a, b] = H[b, a]
    # psi_k enters beta_l for every l >= k: reverse cumsum over k, rows then cols
    for k in range(m - 2, -1, -1):
        for j in range(1, q):
            for c in range(d):
                H[k * q + j, c] += H[(k + 1) * q + j, c]
    for k in range(m - 2, -1, -1):
        for j in range(1, q):
            for r in range(d):
                H[r, k * q + j] += H[r, (k + 1) * q + j]
    return loss


@njit(cache=True)
def kkt_violation(theta, grad, lam):
    """Max-norm distance of ``-grad`` from the subdifferential of the penalty."""
    worst = 0.0
    for k in range(theta.shape[0]):
        for j in range(theta.shape[1]):
            t = lam[k, j]
            if t == np.inf:
                continue
            g = grad[k, j]
            if theta[k, j] > 0.0:
                viol = abs(g + t)
            elif theta[k, j] < 0.0:
                viol = abs(g - t)
            else:
                viol = max(abs(g) - t, 0.0)
            worst = max(worst, viol)
    return worst


@njit(cache=True)
def _soft_threshold(z, t):
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0


@njit(cache=True)
def _quadratic_lasso(theta, grad, H, lam, z, inner_tol, max_sweeps):
    """Coordinate descent on ``grad.(z-theta) + (z-theta)'H(z-theta)/2 + pen(z)``."""
    d = z.shape[0]
    th = theta.ravel()
    lm = lam.ravel()
    z[:] = th
    r = grad.ravel().copy()  # gradient of the quadratic at z
    for _ in range(max_sweeps):
        biggest = 0.0
        for j in range(d):
            hjj = H[j, j]
            if lm[j] == np.inf:
                new = 0.0
            elif hjj <= 0.0:
                continue
            else:
                new = _soft_threshold(z[j] - r[j] / hjj, lm[j] / hjj)
            delta = new - z[j]
            if delta != 0.0:
                z[j] = new
                for c in range(d):
                    r[c] += delta * H[c, j]
                biggest = max(biggest, abs(delta) * hjj)
        if biggest <= inner_tol:
            break


@njit(cache=True, nogil=True)
def prox_newton(X, y, w, theta, lam, l2, tol, max_iter):
    """Minimise the objective from ``theta`` (updated in place).

    Returns ``(n_iter, kkt)``; ``kkt > tol`` means no convergence.
    """
    n, p = X.shape
    m, q = theta.shape
    d = m * q
    beta = np.empty((m, p))
    eta = np.empty((n, m))
    grad = np.empty((m, q))
    H = np.empty((d, d))
    z = np.empty(d)
    trial = np.empty((m, q))
    kkt = np.inf
    for it in range(max_iter):
        loss = hessian(X, y, w, theta, l2, beta, eta, grad, H)
        kkt = kkt_violation(theta, grad, lam)
        if kkt <= tol:
            return it, kkt
        inner_tol = max(0.01 * tol, min(0.1 * kkt, kkt * kkt))
        _quadratic_lasso(theta, grad, H, lam, z, inner_tol, 500)
        step = z.reshape((m, q)) - theta
        pen_now = penalty(theta, lam)
        decrease = np.sum(grad * step) + penalty(z.reshape((m, q)), lam) - pen_now
        if not decrease < 0.0:
            return it + 1, kkt
        objective = loss + pen_now
        t = 1.0
        accepted = False
        for _ in range(60):
            trial[:] = theta + t * step
            new = smooth_loss(X, y, w, trial, l2, beta, eta) + penalty(trial, lam)
            if new <= objective + 1e-4 * t * decrease:
                accepted = True
                break
            t *= 0.5
        if not accepted:
            return it + 1, kkt
        theta[:] = trial
    loss = gradient(X, y, w, theta, l2, beta, eta, grad)
    return max_iter, kkt_violation(theta, grad, lam)


@njit(cache=True)
def _prox_step(point, grad, lam, L, out):
    m, q = point.shape
    for k in range(m):
        for j in range(q):
            t = lam[k, j]
            if t == np.inf:
                out[k, j] = 0.0
            else:
                out[k, j] = _soft_threshold(point[k, j] - grad[k, j] / L, t / L)


@njit(cache=True, nogil=True)
def fista(X, y, w, theta, lam, l2, tol, max_iter):
    """FISTA with backtracking and function-value restart (``theta`` in place).

    Returns ``(n_iter, kkt)`` like :func:`prox_newton`.
    """
    n, p = X.shape
    m, q = theta.shape
    beta = np.empty((m, p))
    eta = np.empty((n, m))
    grad = np.empty((m, q))
    grad_new = np.empty((m, q))
    point = theta.copy()
    new = np.empty((m, q))
    L = 1.0
    t = 1.0
    f_point = gradient(X, y, w, point, l2, beta, eta, grad)
    objective = f_point + penalty(theta, lam)
    kkt = kkt_violation(theta, grad, lam)
    if kkt <= tol:
        return 0, kkt
    for it in range(max_iter):
        while True:
            _prox_step(point, grad, lam, L, new)
            f_new = smooth_loss(X, y, w, new, l2, beta, eta)
            diff = new - point
            bound = f_point + np.sum(grad * diff) + 0.5 * L * np.sum(diff * diff)
            if f_new <= bound + 1e-12 * abs(bound):
                break
            L *= 2.0
        new_objective = f_new + penalty(new, lam)
        if new_objective > objective and t > 1.0:
            # restart the momentum from the last iterate (a plain proximal
            # step decreases the objective up to rounding, so never restart it)
            point[:] = theta
            t = 1.0
            f_point = gradient(X, y, w, point, l2, beta, eta, grad)
            continue
        t_next = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
        f_new = gradient(X, y, w, new, l2, beta, eta, grad_new)
        kkt = kkt_violation(new, grad_new, lam)
        momentum = (t - 1.0) / t_next
        point[:] = new + momentum * (new - theta)
        theta[:] = new
        objective = new_objective
        t = t_next
        if kkt <= tol:
            return it + 1, kkt
        f_point = gradient(X, y, w, point, l2, beta, eta, grad)
        if f_point == np.inf:
            point[:] = theta
            grad[:] = grad_new
            f_point = f_new
            t = 1.0
        L *= 0.95
    return max_iter, kkt
