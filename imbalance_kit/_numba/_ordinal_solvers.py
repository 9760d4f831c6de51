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
def _copy_to(dst, src):
    """``dst[...] = src`` for C-contiguous arrays of one size, as a flat loop.

    An array-to-array slice assignment makes numba compile its broadcasting
    error path (message building, several seconds on a cold cache); this does
    not need it.
    """
    d = dst.reshape(dst.size)
    s = src.reshape(src.size)
    for i in range(d.size):
        d[i] = s[i]


@njit(cache=True)
def _step_to(dst, start, t, step):
    """``dst[...] = start + t * step`` (C-contiguous, one size), as a flat loop."""
    d = dst.reshape(dst.size)
    a = start.reshape(start.size)
    b = step.reshape(step.size)
    for i in range(d.size):
        d[i] = a[i] + t * b[i]


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
def _add_block(H, row0, col0, coef, outer, q):
    """Add ``coef * x x'`` (its upper triangle, packed in ``outer``) to a block."""
    pos = 0
    for a in range(q):
        for b in range(a, q):
            H[row0 + a, col0 + b] += coef * outer[pos]
            pos += 1


@njit(cache=True)
def hessian(X, y, w, theta, l2, mu, beta, eta, grad, H):
    """Smooth loss; fills ``grad`` and the Hessian ``H`` in theta-space.

    ``H`` is indexed by the flattened (row-major) position in ``theta``. A
    row's second derivatives in its linear predictors form a tridiagonal
    matrix; it is summed over the row's labels first, so that each row adds
    at most ``2K - 3`` outer products, each on one triangle of a symmetric
    block.
    """
    n, p = X.shape
    m, q = theta.shape
    loss = gradient(X, y, w, theta, l2, mu, beta, eta, grad)
    H[:] = 0.0
    if loss == np.inf:
        return loss
    outer = np.empty(q * (q + 1) // 2)
    diag = np.empty(m)
    off = np.empty(m)  # off[k]: between predictors k-1 and k
    for i in range(n):
        diag[:] = 0.0
        off[:] = 0.0
        first, stop = _label_range(y[i], m, mu)
        for label in range(first, stop):
            weight = _label_weight(w[i], label, y[i], mu)
            _, _, _, h_aa, h_bb, h_ab = row_loss_derivatives(eta[i], label, m)
            if label < m:
                diag[label] += weight * h_aa
            if label > 0:
                diag[label - 1] += weight * h_bb
            if 0 < label < m:
                off[label] += weight * h_ab
        pos = 0
        for a in range(q):
            xa = 1.0 if a == 0 else X[i, a - 1]
            for b in range(a, q):
                outer[pos] = xa * (1.0 if b == 0 else X[i, b - 1])
                pos += 1
        for k in range(m):
            if diag[k] != 0.0:
                _add_block(H, k * q, k * q, diag[k], outer, q)
            if k > 0 and off[k] != 0.0:
                # block (k-1, k) lies wholly above the diagonal
                _add_block(H, (k - 1) * q, k * q, off[k], outer, q)
    for k in range(1, m):
        # the off-diagonal blocks are symmetric: fill their lower triangles
        for a in range(q):
            for b in range(a):
                H[(k - 1) * q + a, k * q + b] = H[(k - 1) * q + b, k * q + a]
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
    on = np.zeros(d, dtype=np.bool_)
    size = 0
    for j in range(d):
        if lm[j] != np.inf and H[j, j] > 0.0 and (z[j] != 0.0 or lm[j] == 0.0):
            support[size] = j
            on[j] = True
            size += 1
    if size == 0:
        return False
    support = support[:size]
    A = np.empty((size, size))
    b = np.empty(size)
    for a in range(size):
        ja = support[a]
        b[a] = -grad.ravel()[ja] - lm[ja] * np.sign(z[ja])
        # coordinates off the support go from theta to zero: their move
        # enters the support's optimality conditions through H
        for c in range(d):
            if not on[c]:
                b[a] += H[ja, c] * th[c]
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
    _copy_to(z, candidate)
    _copy_to(r, r_new)
    return True


@njit(cache=True)
def _model_value(c, H, lam, z):
    """``c.z + z'Hz/2 + pen(z)``: the sub-problem's objective up to a constant."""
    d = z.shape[0]
    total = 0.0
    for a in range(d):
        if z[a] == 0.0:
            continue
        row = 0.0
        for b in range(d):
            row += H[a, b] * z[b]
        total += z[a] * (c[a] + 0.5 * row) + lam[a] * abs(z[a])
    return total


@njit(cache=True)
def _feature_sign(theta, grad, H, lam, z, max_rounds):
    """Finish the sub-problem by an active-set (feature-sign) search from ``z``.

    Each round solves the quadratic exactly on the current support with the
    current signs, moves towards that solution up to the first coordinate
    that would change sign (dropping it), and once no sign changes, adds the
    zero coordinate that violates optimality most. Exact solves do not care
    about the conditioning that stalls coordinate descent near the edge of
    the valid models (Lee et al., "Efficient sparse coding algorithms",
    NIPS 2006). Returns whether ``z`` is optimal to rounding.
    """
    d = z.shape[0]
    th = theta.ravel()
    lm = lam.ravel()
    g = grad.ravel()
    c = np.empty(d)  # linear term of the model in z: grad - H theta
    for a in range(d):
        s = g[a]
        for b in range(d):
            s -= H[a, b] * th[b]
        c[a] = s
    active = np.zeros(d, dtype=np.bool_)
    sign = np.zeros(d)
    for j in range(d):
        if lm[j] != np.inf and H[j, j] > 0.0 and (z[j] != 0.0 or lm[j] == 0.0):
            active[j] = True
            sign[j] = np.sign(z[j]) if lm[j] > 0.0 else 0.0
    entered = -1
    for _ in range(max_rounds):
        size = 0
        for j in range(d):
            size += active[j]
        support = np.empty(size, dtype=np.int64)
        size = 0
        for j in range(d):
            if active[j]:
                support[size] = j
                size += 1
        A = np.empty((size, size))
        b = np.empty(size)
        for a in range(size):
            ja = support[a]
            rhs = -c[ja] - lm[ja] * sign[ja]
            for col in range(d):
                if not active[col] and z[col] != 0.0:
                    rhs -= H[ja, col] * z[col]  # coordinates held where they are
            b[a] = rhs
            for col in range(size):
                A[a, col] = H[ja, support[col]]
        if size > 0 and not _solve_in_place(A, b):
            return False
        # walk towards the signed solution up to the first sign change
        tau = 1.0
        which = -1
        for a in range(size):
            ja = support[a]
            if sign[ja] != 0.0 and b[a] * sign[ja] <= 0.0:
                reach = z[ja] / (z[ja] - b[a]) if z[ja] != b[a] else 0.0
                if reach < tau:
                    tau = reach
                    which = ja
        if which == entered and tau <= 0.0:
            return False  # the coordinate just added turns the wrong way
        for a in range(size):
            ja = support[a]
            z[ja] += tau * (b[a] - z[ja])
        if which >= 0:
            z[which] = 0.0
            active[which] = False
            sign[which] = 0.0
            entered = -1
            continue
        worst = -1
        excess = 0.0
        for j in range(d):
            if active[j] or lm[j] == np.inf or H[j, j] <= 0.0 or z[j] != 0.0:
                continue
            r = c[j]
            for col in range(d):
                r += H[j, col] * z[col]
            v = abs(r) - lm[j] * (1.0 + 1e-9) - 1e-12
            if v > excess:
                excess = v
                worst = j
                sign[j] = -np.sign(r)
        if worst < 0:
            return True
        active[worst] = True
        entered = worst
        for j in range(d):
            if not active[j]:
                sign[j] = 0.0
    return False


@njit(cache=True)
def _quadratic_lasso(theta, grad, H, lam, z, inner_tol, max_sweeps):
    """Coordinate descent on ``grad.(z-theta) + (z-theta)'H(z-theta)/2 + pen(z)``,
    with an exact solve on the support every few sweeps; when that has not
    settled it after 20 sweeps (ill-conditioned ``H``), an active-set search
    finishes it (:func:`_feature_sign`) if that lowers the sub-problem."""
    d = z.shape[0]
    th = theta.ravel()
    lm = lam.ravel()
    _copy_to(z, th)
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
        if sweep == 19:
            _finish_by_active_set(theta, grad, H, lam, z)
            break


@njit(cache=True)
def _finish_by_active_set(theta, grad, H, lam, z):
    """Run :func:`_feature_sign` from ``z``; keep its result only if better."""
    d = z.shape[0]
    th = theta.ravel()
    g = grad.ravel()
    lm = lam.ravel()
    c = np.empty(d)
    for a in range(d):
        s = g[a]
        for b in range(d):
            s -= H[a, b] * th[b]
        c[a] = s
    before = _model_value(c, H, lm, z)
    candidate = z.copy()
    _feature_sign(theta, grad, H, lam, candidate, 4 * d)
    if _model_value(c, H, lm, candidate) < before:
        _copy_to(z, candidate)


#: primal-dual curvature is kept within this factor of the primal one (both ways)
DUAL_SAFEGUARD = 1e10


@njit(cache=True)
def _slacks(X, theta, slack):
    """``slack[i, k] = eta_ik - eta_i,k-1 = a_k - a_{k-1} + x_i @ psi_k`` (k >= 1)."""
    n, p = X.shape
    m = theta.shape[0]
    for i in range(n):
        for k in range(1, m):
            s = theta[k, 0] - theta[k - 1, 0]
            for j in range(p):
                s += X[i, j] * theta[k, j + 1]
            slack[i, k] = s


@njit(cache=True)
def _barrier_weight(w_i, label, own, mu):
    """Weight of the barrier alone on a class the row does not have."""
    return 0.0 if label == own else w_i * mu


@njit(cache=True)
def _primal_dual_metric(X, y, w, mu, slack, duals, H):
    """Replace the barrier's curvature ``c / s^2`` by the primal-dual ``nu / s``.

    The barrier on a class that row ``i`` does not have is
    ``c * -log P(y = k | x_i)`` with ``c = mu * w_i``, whose singular part is
    ``-c log s`` in the slack ``s = eta_k - eta_{k-1}``. A primal Newton step
    on it can at most double a slack that must grow, and overshoots one that
    must shrink, which is what makes warm starts and smaller ``mu`` slow; the
    primal-dual metric (``nu`` the dual estimate of ``c / s``) takes either in
    one step (interior-point methods, e.g. Nocedal & Wright ch. 19). Only the
    metric changes: the objective, its gradient and hence the optimum do not.
    Duals not yet set (``<= 0``) start at ``c / s``.
    """
    n, p = X.shape
    m = slack.shape[1]
    q = p + 1
    for i in range(n):
        for k in range(1, m):
            c = _barrier_weight(w[i], k, y[i], mu)
            if c == 0.0:
                continue
            s = slack[i, k]
            if duals[i, k] <= 0.0:
                duals[i, k] = c / s
            corr = duals[i, k] / s - c / (s * s)
            if abs(corr) <= 1e-14:
                continue
            # gradient of s in theta: +1 at (k, 0), -1 at (k-1, 0), x_i at psi_k
            lo = (k - 1) * q
            hi = k * q
            H[lo, lo] += corr
            H[hi, hi] += corr
            H[lo, hi] -= corr
            H[hi, lo] -= corr
            for j in range(p):
                v = corr * X[i, j]
                H[hi + 1 + j, hi] += v
                H[hi, hi + 1 + j] += v
                H[hi + 1 + j, lo] -= v
                H[lo, hi + 1 + j] -= v
                for jj in range(p):
                    H[hi + 1 + j, hi + 1 + jj] += v * X[i, jj]


@njit(cache=True)
def _slack_change(X, step, i, k):
    s = step[k, 0] - step[k - 1, 0]
    for j in range(X.shape[1]):
        s += X[i, j] * step[k, j + 1]
    return s


@njit(cache=True)
def _longest_step(X, step, slack):
    """Largest ``t`` keeping every slack of ``theta + t * step`` non-negative."""
    longest = np.inf
    for i in range(X.shape[0]):
        for k in range(1, slack.shape[1]):
            ds = _slack_change(X, step, i, k)
            if ds < 0.0:
                longest = min(longest, slack[i, k] / -ds)
    return longest


@njit(cache=True)
def _update_duals(X, y, w, mu, step, t, slack, duals):
    """Move the duals along the primal-dual direction, kept near ``c / s``."""
    for i in range(X.shape[0]):
        for k in range(1, slack.shape[1]):
            c = _barrier_weight(w[i], k, y[i], mu)
            if c == 0.0:
                continue
            s = slack[i, k]
            ds = _slack_change(X, step, i, k)
            nu = duals[i, k]
            nu += t * (c / s - nu - nu * ds / s)
            s_new = s + t * ds
            duals[i, k] = min(
                max(nu, c / (DUAL_SAFEGUARD * s_new)), DUAL_SAFEGUARD * c / s_new
            )


#: solver outcomes (third value returned by the solvers; ON_EDGE is set by
#: the caller after a barrier continuation)
CONVERGED, MAX_ITER, BLOCKED, NO_DESCENT, ON_EDGE = 0, 1, 2, 3, 4


@njit(cache=True, nogil=True)
def prox_newton(X, y, w, theta, lam, l2, mu, tol, max_iter, duals):
    """Minimise the objective from ``theta`` (updated in place).

    Returns ``(n_iter, kkt, status)``: ``status`` is ``CONVERGED``,
    ``MAX_ITER``, ``BLOCKED`` (steps keep being cut by the feasibility
    constraint without progress: the penalised optimum lies where some
    training probability tends to zero) or ``NO_DESCENT`` (rounding).

    With a barrier (``mu > 0``) the Newton metric is primal-dual
    (:func:`_primal_dual_metric`; ``duals`` of shape ``(n, K-1)``, updated in
    place and reusable by the next ``mu`` or penalty) and each line search
    starts at 0.995 of the longest feasible step.
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
    barrier = mu > 0.0
    slack = np.empty((n, m))
    kkt = np.inf
    stalled = 0
    for it in range(max_iter):
        loss = hessian(X, y, w, theta, l2, mu, beta, eta, grad, H)
        kkt = kkt_violation(theta, grad, lam)
        if kkt <= tol:
            return it, kkt, CONVERGED
        if barrier:
            _slacks(X, theta, slack)
            _primal_dual_metric(X, y, w, mu, slack, duals, H)
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
        if barrier:
            t = min(1.0, 0.995 * _longest_step(X, step, slack))
        first = t
        accepted = False
        blocked = False
        for _ in range(60):
            _step_to(trial, theta, t, step)
            new = smooth_loss(X, y, w, trial, l2, mu, beta, eta) + penalty(trial, lam)
            if new <= objective + 1e-4 * t * decrease or (
                t == first and new <= objective + rounding
            ):
                accepted = True
                break
            blocked |= new == np.inf
            t *= 0.5
        if not accepted:
            return it + 1, kkt, BLOCKED if blocked else NO_DESCENT
        if barrier:
            _update_duals(X, y, w, mu, step, t, slack, duals)
        _copy_to(theta, trial)
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
