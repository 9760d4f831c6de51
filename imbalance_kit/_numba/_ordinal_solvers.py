"""Solvers for the penalised cumulative-logit model (PRESTO and its limits).

Parameters live in one ``(K-1, p+1)`` array ``theta``: column 0 holds the
intercepts ``alpha_k``, columns ``1..p`` the differences ``psi_k`` with
``beta_k = psi_0 + ... + psi_k``. The objective is

    mean NLL(alpha, beta) + l2 / 2 * mean_k ||beta_k||^2 + sum lam * |theta|
      [+ mu * mean_i sum_k -log P(y = k | x_i)]

the last term a log-barrier (``mu > 0``) used when the optimum lies on the
edge of the valid models (see :func:`imbalance_kit.ordinal._base.solve`).
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

from ._cumulative_logit import (
    linear_predictor,
    mean_loss,
    row_loss,
    row_loss_derivatives,
)


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
def _label_range(label, m, mu):
    """Labels a row contributes: its own, or with the barrier every class."""
    if mu == 0.0:
        return label, label + 1
    return 0, m + 1


@njit(cache=True)
def _label_weight(w_i, label, own, mu):
    return w_i * ((1.0 if label == own else 0.0) + mu)


@njit(cache=True)
def smooth_loss(X, y, w, theta, l2, mu, beta, eta):
    """Datafit, barrier and ridge terms at ``theta`` (``inf`` when infeasible).

    The barrier ``mu * mean_i sum_k -log P(y = k | x_i)`` keeps every class
    probability of every row away from zero.
    """
    _beta_from_theta(theta, beta)
    linear_predictor(X, theta[:, 0].copy(), beta, eta)
    m = theta.shape[0]
    if mu == 0.0:
        loss = mean_loss(eta, y, w)
    else:
        loss = 0.0
        for i in range(X.shape[0]):
            for label in range(m + 1):
                row = row_loss(eta[i], label, m)
                if row == np.inf:
                    return np.inf
                loss += _label_weight(w[i], label, y[i], mu) * row
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
def gradient(X, y, w, theta, l2, mu, beta, eta, grad):
    """Smooth loss at ``theta``; fills ``grad`` (shape of ``theta``)."""
    n, p = X.shape
    m = theta.shape[0]
    _beta_from_theta(theta, beta)
    linear_predictor(X, theta[:, 0].copy(), beta, eta)
    grad[:] = 0.0
    total = 0.0
    for i in range(n):
        first, stop = _label_range(y[i], m, mu)
        for label in range(first, stop):
            weight = _label_weight(w[i], label, y[i], mu)
            loss, u, v, _, _, _ = row_loss_derivatives(eta[i], label, m)
            if loss == np.inf:
                return np.inf
            total += weight * loss
            if label < m:
                g = weight * u
                grad[label, 0] += g
                for j in range(p):
                    grad[label, j + 1] += g * X[i, j]
            if label > 0:
                g = weight * v
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
def hessian(X, y, w, theta, l2, mu, beta, eta, grad, H):
    """Smooth loss; fills ``grad`` and the Hessian ``H`` in theta-space.

    ``H`` is indexed by the flattened (row-major) position in ``theta``.
    """
    n, p = X.shape
    m, q = theta.shape
    loss = gradient(X, y, w, theta, l2, mu, beta, eta, grad)
    H[:] = 0.0
    if loss == np.inf:
        return loss
    xt = np.empty(q)
    xt[0] = 1.0
    for i in range(n):
        for j in range(p):
            xt[j + 1] = X[i, j]
        first, stop = _label_range(y[i], m, mu)
        for label in range(first, stop):
            weight = _label_weight(w[i], label, y[i], mu)
            _, _, _, h_aa, h_bb, h_ab = row_loss_derivatives(eta[i], label, m)
            if label < m:
                _add_outer(H, label * q, label * q, weight * h_aa, xt)
            if label > 0:
                _add_outer(H, (label - 1) * q, (label - 1) * q, weight * h_bb, xt)
            if 0 < label < m:
                # block (label-1, label) lies wholly above the diagonal
                _add_outer(H, (label - 1) * q, label * q, weight * h_ab, xt)
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
def _solve_in_place(A, b):
    """Gaussian elimination with partial pivoting; ``b`` becomes the solution.

    Hand-written for the small systems here: numba's LAPACK bindings would
    add seconds to the first compilation. Returns False if ``A`` is singular.
    """
    n = b.shape[0]
    for col in range(n):
        pivot = col
        for row in range(col + 1, n):
            if abs(A[row, col]) > abs(A[pivot, col]):
                pivot = row
        if A[pivot, col] == 0.0:
            return False
        if pivot != col:
            for c in range(n):
                A[col, c], A[pivot, c] = A[pivot, c], A[col, c]
            b[col], b[pivot] = b[pivot], b[col]
        for row in range(col + 1, n):
            factor = A[row, col] / A[col, col]
            if factor != 0.0:
                for c in range(col, n):
                    A[row, c] -= factor * A[col, c]
                b[row] -= factor * b[col]
    for row in range(n - 1, -1, -1):
        s = b[row]
        for c in range(row + 1, n):
            s -= A[row, c] * b[c]
        b[row] = s / A[row, row]
    return True


@njit(cache=True)
def _polish_on_support(theta, grad, H, lam, z, r):
    """Solve the quadratic exactly on the support of ``z``; keep it if valid.

    Valid means the signs on the support are unchanged and every penalised
    zero satisfies ``|gradient| <= lam``. Returns whether ``z`` was replaced.
    Coordinate descent finds the support quickly but converges slowly on the
    ill-conditioned Hessians met near the edge of the valid models.
    """
    d = z.shape[0]
    th = theta.ravel()
    lm = lam.ravel()
    support = np.empty(d, dtype=np.int64)
    size = 0
    for j in range(d):
        if lm[j] != np.inf and H[j, j] > 0.0 and (z[j] != 0.0 or lm[j] == 0.0):
            support[size] = j
            size += 1
    if size == 0:
        return False
    support = support[:size]
    A = np.empty((size, size))
    b = np.empty(size)
    for a in range(size):
        ja = support[a]
        b[a] = -grad.ravel()[ja] - lm[ja] * np.sign(z[ja])
        for c in range(size):
            A[a, c] = H[ja, support[c]]
    if not _solve_in_place(A, b):
        return False
    step = b
    candidate = np.zeros(d)
    for a in range(size):
        ja = support[a]
        candidate[ja] = th[ja] + step[a]
        if lm[ja] > 0.0 and candidate[ja] * z[ja] <= 0.0:
            return False
    r_new = grad.ravel().copy()
    for c in range(d):
        delta = candidate[c] - th[c]
        if delta != 0.0:
            for j in range(d):
                r_new[j] += H[j, c] * delta
    for j in range(d):
        if lm[j] != np.inf and candidate[j] == 0.0 and lm[j] > 0.0:
            if abs(r_new[j]) > lm[j] * (1.0 + 1e-9) + 1e-12:
                return False
    z[:] = candidate
    r[:] = r_new
    return True


@njit(cache=True)
def _quadratic_lasso(theta, grad, H, lam, z, inner_tol, max_sweeps):
    """Coordinate descent on ``grad.(z-theta) + (z-theta)'H(z-theta)/2 + pen(z)``,
    with an exact solve on the support every few sweeps."""
    d = z.shape[0]
    th = theta.ravel()
    lm = lam.ravel()
    z[:] = th
    r = grad.ravel().copy()  # gradient of the quadratic at z
    for sweep in range(max_sweeps):
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
        if sweep % 10 == 9 and _polish_on_support(theta, grad, H, lam, z, r):
            break


#: solver outcomes (third value returned by the solvers; ON_EDGE is set by
#: the caller after a barrier continuation)
CONVERGED, MAX_ITER, BLOCKED, NO_DESCENT, ON_EDGE = 0, 1, 2, 3, 4


@njit(cache=True, nogil=True)
def prox_newton(X, y, w, theta, lam, l2, mu, tol, max_iter):
    """Minimise the objective from ``theta`` (updated in place).

    Returns ``(n_iter, kkt, status)``: ``status`` is ``CONVERGED``,
    ``MAX_ITER``, ``BLOCKED`` (steps keep being cut by the feasibility
    constraint without progress: the penalised optimum lies where some
    training probability tends to zero) or ``NO_DESCENT`` (rounding).
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
    stalled = 0
    for it in range(max_iter):
        loss = hessian(X, y, w, theta, l2, mu, beta, eta, grad, H)
        kkt = kkt_violation(theta, grad, lam)
        if kkt <= tol:
            return it, kkt, CONVERGED
        inner_tol = max(0.01 * tol, min(0.1 * kkt, kkt * kkt))
        _quadratic_lasso(theta, grad, H, lam, z, inner_tol, 1000)
        step = z.reshape((m, q)) - theta
        pen_now = penalty(theta, lam)
        decrease = np.sum(grad * step) + penalty(z.reshape((m, q)), lam) - pen_now
        if not decrease < 0.0:
            return it + 1, kkt, NO_DESCENT
        objective = loss + pen_now
        # near the optimum the decrease is below the rounding of the objective;
        # a full Newton step is then accepted on its own merit
        rounding = 1e-13 * max(abs(objective), 1.0)
        t = 1.0
        accepted = False
        blocked = False
        for _ in range(60):
            trial[:] = theta + t * step
            new = smooth_loss(X, y, w, trial, l2, mu, beta, eta) + penalty(trial, lam)
            if new <= objective + 1e-4 * t * decrease or (
                t == 1.0 and new <= objective + rounding
            ):
                accepted = True
                break
            blocked |= new == np.inf
            t *= 0.5
        if not accepted:
            return it + 1, kkt, BLOCKED if blocked else NO_DESCENT
        theta[:] = trial
        if blocked and objective - new <= 1e-10 * max(abs(objective), 1.0):
            stalled += 1
            if stalled == 3:
                return it + 1, kkt, BLOCKED
        else:
            stalled = 0
    loss = gradient(X, y, w, theta, l2, mu, beta, eta, grad)
    kkt = kkt_violation(theta, grad, lam)
    return max_iter, kkt, CONVERGED if kkt <= tol else MAX_ITER


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
def fista(X, y, w, theta, lam, l2, mu, tol, max_iter):
    """FISTA with backtracking and gradient restart (``theta`` in place).

    The step is accepted when ``<g(new) - g(point), d> <= L/2 ||d||^2``, which
    for a convex datafit implies the usual sufficient-decrease bound and,
    unlike comparing objective values, stays exact near the optimum.
    Returns ``(n_iter, kkt, status)`` like :func:`prox_newton`.
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
    gradient(X, y, w, point, l2, mu, beta, eta, grad)
    kkt = kkt_violation(theta, grad, lam)
    if kkt <= tol:
        return 0, kkt, CONVERGED
    for it in range(max_iter):
        while True:
            _prox_step(point, grad, lam, L, new)
            f_new = gradient(X, y, w, new, l2, mu, beta, eta, grad_new)
            diff = new - point
            if f_new < np.inf and np.sum((grad_new - grad) * diff) <= 0.5 * L * np.sum(
                diff * diff
            ):
                break
            L *= 2.0
            if L > 1e15:
                # only vanishing steps stay feasible
                return it, kkt, BLOCKED
        kkt = kkt_violation(new, grad_new, lam)
        if np.sum((point - new) * (new - theta)) > 0.0:
            t = 1.0  # momentum points uphill: restart it
        t_next = 0.5 * (1.0 + np.sqrt(1.0 + 4.0 * t * t))
        point[:] = new + ((t - 1.0) / t_next) * (new - theta)
        theta[:] = new
        t = t_next
        if kkt <= tol:
            return it + 1, kkt, CONVERGED
        if gradient(X, y, w, point, l2, mu, beta, eta, grad) == np.inf:
            point[:] = theta
            grad[:] = grad_new
            t = 1.0
        L *= 0.9
    return max_iter, kkt, MAX_ITER
