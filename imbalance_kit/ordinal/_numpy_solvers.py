"""The ordinal solvers on numpy: the kernels' algorithm without a compile.

Same method, step rules and stopping rules as
:mod:`imbalance_kit._numba._ordinal_solvers` (proximal Newton with an exact
Hessian, the lasso sub-problem by coordinate descent with exact solves on the
support and an active-set finish, the barrier's primal-dual metric; FISTA),
with the sums over rows done by BLAS instead of scalar loops. Sums run in
another order, so iterates differ by rounding and the solutions agree to the
solver tolerance, not bit for bit. Every fit runs here except parallel
cross-validation runs large enough to pay for the kernels' first compilation
(see :func:`imbalance_kit.ordinal._base.select_solvers`).

``prox_newton``, ``fista`` and ``gradient`` take the arguments of their
kernel namesakes (``gradient`` ignores the ``beta``/``eta`` work arrays), so
:func:`imbalance_kit.ordinal._base.solve` calls either engine alike; the
helpers have numpy-shaped signatures of their own.
"""

import numpy as np
from scipy.special import expit

from .._numba._ordinal_solvers import (
    BLOCKED,
    CONVERGED,
    DUAL_SAFEGUARD,
    MAX_ITER,
    NO_DESCENT,
)

# IEEE semantics as in the kernels: a vanishing probability gives inf, which
# the solvers read as "infeasible step", not as an error
_IEEE = {"over": "ignore", "divide": "ignore", "invalid": "ignore", "under": "ignore"}


# ------------------------------------------------------------------ datafit


def _padded_logits(X, theta):
    """``[-inf, eta_0 .. eta_{K-2}, +inf]`` per row, and ``beta``.

    Class ``k`` of a row lies between padded columns ``k`` and ``k + 1``
    (``b = eta_{k-1}`` and ``a = eta_k``): the first and last classes are
    the middle-class formula with ``b = -inf`` or ``a = +inf``, which gives
    the kernels' one-sided loss and derivatives (their terms become exact
    zeros), so every class is computed alike, without branches.
    """
    n, m = X.shape[0], theta.shape[0]
    beta = np.cumsum(theta[:, 1:], axis=0)
    E = np.empty((n, m + 2))
    E[:, 0] = -np.inf
    E[:, -1] = np.inf
    np.matmul(X, beta.T, out=E[:, 1:-1])
    E[:, 1:-1] += theta[:, 0]
    return E, beta


def _feasible(E):
    """Every class of every row has a positive probability."""
    return bool((E[:, 2:-1] > E[:, 1:-2]).all())


def _ridge(beta, l2):
    if l2 == 0.0:
        return 0.0
    return 0.5 * l2 * float(np.sum(beta * beta)) / beta.shape[0]


def _class_loss(a, b):
    """``-log P(class)`` between logits ``b < a``: ``log F(a)`` etc. kept exact
    when both are far in one tail (as the kernels' ``row_loss``)."""
    return np.logaddexp(0.0, -a) + np.logaddexp(0.0, b) - np.log(-np.expm1(b - a))


def _class_derivatives(a, b):
    """The loss and ``(u, v, h_aa, h_bb, h_ab)``, its first and second
    derivatives in ``a`` and ``b`` (the kernels' ``row_loss_derivatives``)."""
    r = -np.expm1(b - a)
    fa, fb = expit(a), expit(b)
    u = -expit(-a) / (r * expit(-b))
    v = fb / (r * fa)
    loss = np.logaddexp(0.0, -a) + np.logaddexp(0.0, b) - np.log(r)
    return loss, u, v, u * (1.0 - 2.0 * fa) + u * u, v * (1.0 - 2.0 * fb) + v * v, u * v


def _own_class(E, y):
    """Logits ``(a, b)`` around each row's own class."""
    rows = np.arange(len(y))
    return E[rows, y + 1], E[rows, y]


def _barrier_weights_all(y, w, mu, n_classes):
    """Weight of every (row, class) term: ``w (1 + mu)`` own, ``w mu`` others."""
    W = np.broadcast_to((w * mu)[:, None], (len(y), n_classes)).copy()
    W[np.arange(len(y)), y] += w
    return W


def smooth_loss(X, y, w, theta, l2, mu, beta=None, eta=None):
    """Datafit, barrier and ridge terms at ``theta`` (``inf`` when infeasible)."""
    with np.errstate(**_IEEE):
        E, beta = _padded_logits(X, theta)
        if not _feasible(E):
            return np.inf
        if mu == 0.0:
            loss = float(w @ _class_loss(*_own_class(E, y)))
        else:
            W = _barrier_weights_all(y, w, mu, theta.shape[0] + 1)
            loss = float(np.sum(W * _class_loss(E[:, 1:], E[:, :-1])))
    return loss + _ridge(beta, l2)


def _eta_derivatives(X, y, w, theta, l2, mu, hessian):
    """Loss, first derivatives in the logits (n, K-1) and, with ``hessian``,
    the tridiagonal second derivatives ``(diag, off)`` summed over classes
    (``off[:, k]`` couples logits ``k-1`` and ``k``)."""
    n, m = len(y), theta.shape[0]
    E, beta = _padded_logits(X, theta)
    if not _feasible(E):
        return np.inf, beta, None, None, None
    # padded columns: class k adds its ``a`` terms at k + 1, its ``b`` terms at k
    g = np.zeros((n, m + 2))
    diag = np.zeros((n, m + 2)) if hessian else None
    if mu == 0.0:
        rows = np.arange(n)
        loss, u, v, h_aa, h_bb, h_ab = _class_derivatives(*_own_class(E, y))
        total = float(w @ loss)
        g[rows, y + 1] = w * u
        g[rows, y] = w * v
        if hessian:
            diag[rows, y + 1] = w * h_aa
            diag[rows, y] = w * h_bb
            off = np.zeros((n, m + 1))
            off[rows, y] = w * h_ab
    else:
        W = _barrier_weights_all(y, w, mu, m + 1)
        loss, u, v, h_aa, h_bb, h_ab = _class_derivatives(E[:, 1:], E[:, :-1])
        total = float(np.sum(W * loss))
        g[:, 1:] += W * u
        g[:, :-1] += W * v
        if hessian:
            diag[:, 1:] += W * h_aa
            diag[:, :-1] += W * h_bb
            off = W * h_ab
    if not hessian:
        return total + _ridge(beta, l2), beta, g[:, 1:-1], None, None
    return total + _ridge(beta, l2), beta, g[:, 1:-1], diag[:, 1:-1], off


def _reverse_cumsum(a, axis):
    """``psi_k`` enters ``beta_l`` for every ``l >= k``: sum from the end."""
    index = (slice(None),) * axis + (slice(None, None, -1),)
    return np.cumsum(a[index], axis=axis)[index]


def _fill_gradient(grad, g, X, beta, l2):
    """The theta-space gradient from ``g``, the derivatives in the logits:
    sums over rows in (alpha, beta), the ridge term, then psi's reverse cumsum."""
    grad[:, 0] = g.sum(axis=0)
    grad[:, 1:] = g.T @ X
    if l2 != 0.0:
        grad[:, 1:] += l2 * beta / beta.shape[0]
    grad[:, 1:] = _reverse_cumsum(grad[:, 1:], 0)


def gradient(X, y, w, theta, l2, mu, beta, eta, grad):
    """Smooth loss at ``theta``; fills ``grad`` (shape of ``theta``)."""
    with np.errstate(**_IEEE):
        loss, beta_now, g, _, _ = _eta_derivatives(X, y, w, theta, l2, mu, False)
        if g is None:
            grad[:] = 0.0
            return np.inf
        _fill_gradient(grad, g, X, beta_now, l2)
    return loss


def hessian(X, y, w, theta, l2, mu, grad, H, ones_X):
    """Smooth loss; fills ``grad`` and the theta-space Hessian ``H``.

    ``ones_X`` is ``[1, X]``: block ``(k, l)`` of the Hessian in (alpha, beta)
    is ``ones_X' D ones_X`` with ``D`` the rows' second derivatives in the
    logits ``k`` and ``l`` (non-zero for ``|k - l| <= 1`` only).
    """
    m, q = theta.shape
    with np.errstate(**_IEEE):
        loss, beta, g, diag, off = _eta_derivatives(X, y, w, theta, l2, mu, True)
        if g is None:
            grad[:] = 0.0
            H[:] = 0.0
            return np.inf
        _fill_gradient(grad, g, X, beta, l2)
        blocks = np.zeros((m, q, m, q))
        for k in range(m):
            blocks[k, :, k, :] = ones_X.T @ (diag[:, k, None] * ones_X)
            if k > 0:
                cross = ones_X.T @ (off[:, k, None] * ones_X)
                blocks[k - 1, :, k, :] = cross
                blocks[k, :, k - 1, :] = cross.T
        if l2 != 0.0:
            for k in range(m):
                blocks[k, np.arange(1, q), k, np.arange(1, q)] += l2 / m
        blocks[:, 1:] = _reverse_cumsum(blocks[:, 1:], 0)
        blocks[:, :, :, 1:] = _reverse_cumsum(blocks[:, :, :, 1:], 2)
        H[:] = blocks.reshape(m * q, m * q)
    return loss


# ------------------------------------------------------------------ barrier


def _slacks(X, theta):
    """``slack[:, k] = eta_k - eta_{k-1}`` from theta directly (column 0 unused)."""
    slack = np.zeros((X.shape[0], theta.shape[0]))
    slack[:, 1:] = _slack_changes(X, theta)  # the slacks are linear in theta
    return slack


def _barrier_weights(y, w, mu, k):
    """The barrier's weight on class ``k`` per row (zero on the row's own)."""
    return np.where(y == k, 0.0, w * mu)


def _primal_dual_metric(X, y, w, mu, slack, duals, H, ones_X):
    """Replace the barrier's curvature ``c / s^2`` by the primal-dual ``nu / s``
    (see the kernel of the same name); ``duals`` not yet set start at ``c / s``."""
    q = X.shape[1] + 1
    for k in range(1, slack.shape[1]):
        c = _barrier_weights(y, w, mu, k)
        s = slack[:, k]
        unset = (c != 0.0) & (duals[:, k] <= 0.0)
        duals[unset, k] = c[unset] / s[unset]
        with np.errstate(**_IEEE):
            corr = np.where(c != 0.0, duals[:, k] / s - c / (s * s), 0.0)
        corr[np.abs(corr) <= 1e-14] = 0.0
        # gradient of s in theta: +1 at (k, 0), -1 at (k-1, 0), x_i at psi_k
        lo, hi = (k - 1) * q, k * q
        H[hi : hi + q, hi : hi + q] += ones_X.T @ (corr[:, None] * ones_X)
        edge = corr @ ones_X
        H[lo, hi : hi + q] -= edge
        H[hi : hi + q, lo] -= edge
        H[lo, lo] += corr.sum()


def _slack_changes(X, step):
    return step[1:, 0] - step[:-1, 0] + X @ step[1:, 1:].T


def _longest_step(X, step, slack):
    """Largest ``t`` keeping every slack of ``theta + t * step`` non-negative."""
    ds = _slack_changes(X, step)
    shrinking = ds < 0.0
    if not shrinking.any():
        return np.inf
    return float(np.min(slack[:, 1:][shrinking] / -ds[shrinking]))


def _update_duals(X, y, w, mu, step, t, slack, duals):
    """Move the duals along the primal-dual direction, kept near ``c / s``."""
    ds_all = _slack_changes(X, step)
    for k in range(1, slack.shape[1]):
        c = _barrier_weights(y, w, mu, k)
        on = c != 0.0
        c, s, ds, nu = c[on], slack[on, k], ds_all[on, k - 1], duals[on, k]
        nu = nu + t * (c / s - nu - nu * ds / s)
        s_new = s + t * ds
        duals[on, k] = np.minimum(
            np.maximum(nu, c / (DUAL_SAFEGUARD * s_new)), DUAL_SAFEGUARD * c / s_new
        )


# ------------------------------------------------------------------ penalty


def penalty(theta, lam):
    """``sum lam * |theta|`` (frozen coordinates sit at zero and add nothing)."""
    on = theta != 0.0
    return float(np.sum(lam[on] * np.abs(theta[on])))


def kkt_violation(theta, grad, lam):
    """Max-norm distance of ``-grad`` from the subdifferential of the penalty."""
    free = lam != np.inf
    if not free.any():
        return 0.0
    t, g, th = lam[free], grad[free], theta[free]
    viol = np.where(
        th > 0.0,
        np.abs(g + t),
        np.where(th < 0.0, np.abs(g - t), np.maximum(np.abs(g) - t, 0.0)),
    )
    return float(viol.max())


def _soft_threshold(z, t):
    if z > t:
        return z - t
    if z < -t:
        return z + t
    return 0.0


def _solve(A, b):
    """Solution of ``A x = b``, or None when ``A`` is singular."""
    try:
        return np.linalg.solve(A, b)
    except np.linalg.LinAlgError:
        return None


# ------------------------------------------------------- lasso sub-problem


def _polish_on_support(th, g, H, lm, z, r):
    """Exact solve on the support of ``z`` (kernel of the same name)."""
    diag = np.diagonal(H)
    support = np.flatnonzero((lm != np.inf) & (diag > 0.0) & ((z != 0.0) | (lm == 0.0)))
    if support.size == 0:
        return False
    # coordinates off the support go from theta to zero: their move enters
    # the support's optimality conditions through H
    off = np.ones(z.size, dtype=bool)
    off[support] = False
    rhs = -g[support] - lm[support] * np.sign(z[support])
    rhs += H[np.ix_(support, np.flatnonzero(off))] @ th[off]
    step = _solve(H[np.ix_(support, support)], rhs)
    if step is None:
        return False
    candidate = np.zeros_like(z)
    candidate[support] = th[support] + step
    penalised = lm[support] > 0.0
    if (candidate[support][penalised] * z[support][penalised] <= 0.0).any():
        return False
    r_new = g + H @ (candidate - th)
    zeroed = (lm != np.inf) & (candidate == 0.0) & (lm > 0.0)
    if (np.abs(r_new[zeroed]) > lm[zeroed] * (1.0 + 1e-9) + 1e-12).any():
        return False
    z[:] = candidate
    r[:] = r_new
    return True


def _model_value(c, H, lm, z):
    """``c.z + z'Hz/2 + pen(z)``: the sub-problem's objective up to a constant."""
    on = z != 0.0
    zz = z[on]
    return float(np.sum(zz * (c[on] + 0.5 * (H[on] @ z)) + lm[on] * np.abs(zz)))


def _feature_sign(c, H, lm, z, max_rounds):
    """Active-set (feature-sign) finish from ``z`` (kernel of the same name);
    ``c = grad - H theta``. Returns whether ``z`` is optimal to rounding."""
    diag = np.diagonal(H)
    usable = (lm != np.inf) & (diag > 0.0)
    active = usable & ((z != 0.0) | (lm == 0.0))
    sign = np.where(active & (lm > 0.0), np.sign(z), 0.0)
    entered = -1
    for _ in range(max_rounds):
        support = np.flatnonzero(active)
        held = np.flatnonzero(~active & (z != 0.0))  # coordinates held in place
        b = -c[support] - lm[support] * sign[support]
        b -= H[np.ix_(support, held)] @ z[held]
        if support.size > 0:
            b = _solve(H[np.ix_(support, support)], b)
            if b is None:
                return False
        # walk towards the signed solution up to the first sign change
        tau, which = 1.0, -1
        s, zs = sign[support], z[support]
        turning = np.flatnonzero((s != 0.0) & (b * s <= 0.0))
        if turning.size:
            with np.errstate(**_IEEE):
                reach = np.where(
                    zs[turning] != b[turning],
                    zs[turning] / (zs[turning] - b[turning]),
                    0.0,
                )
            first = int(np.argmin(reach))
            if reach[first] < tau:
                tau, which = float(reach[first]), int(support[turning[first]])
        if which == entered and tau <= 0.0:
            return False  # the coordinate just added turns the wrong way
        z[support] += tau * (b - zs)
        if which >= 0:
            z[which] = 0.0
            active[which] = False
            sign[which] = 0.0
            entered = -1
            continue
        outside = np.flatnonzero(~active & usable & (z == 0.0))
        if outside.size == 0:
            return True
        r = c[outside] + H[outside] @ z
        excess = np.abs(r) - lm[outside] * (1.0 + 1e-9) - 1e-12
        worst = int(np.argmax(excess))
        if not excess[worst] > 0.0:
            return True
        j = int(outside[worst])
        active[j] = True
        entered = j
        sign[:] = np.where(active, sign, 0.0)
        sign[j] = -np.sign(r[worst])
    return False


def _finish_by_active_set(th, g, H, lm, z):
    """Run :func:`_feature_sign` from ``z``; keep its result only if better."""
    c = g - H @ th
    candidate = z.copy()
    _feature_sign(c, H, lm, candidate, 4 * z.size)
    if _model_value(c, H, lm, candidate) < _model_value(c, H, lm, z):
        z[:] = candidate


def _quadratic_lasso(theta, grad, H, lam, z, inner_tol, max_sweeps):
    """Coordinate descent on the Newton model with an exact solve on the
    support every ten sweeps and an active-set finish after twenty."""
    th, g, lm = theta.ravel(), grad.ravel(), lam.ravel()
    z[:] = th
    r = g.copy()  # gradient of the quadratic at z
    diag = np.diagonal(H).tolist()
    thresholds = lm.tolist()
    columns = list(H.T)  # H is symmetric: column j as a contiguous row
    for sweep in range(max_sweeps):
        biggest = 0.0
        for j, (hjj, t) in enumerate(zip(diag, thresholds, strict=True)):
            zj = float(z[j])
            if t == np.inf:
                new = 0.0
            elif hjj <= 0.0:
                continue
            else:
                new = _soft_threshold(zj - float(r[j]) / hjj, t / hjj)
            delta = new - zj
            if delta != 0.0:
                z[j] = new
                r += delta * columns[j]
                biggest = max(biggest, abs(delta) * hjj)
        if biggest <= inner_tol:
            break
        if sweep % 10 == 9 and _polish_on_support(th, g, H, lm, z, r):
            break
        if sweep == 19:
            _finish_by_active_set(th, g, H, lm, z)
            break


# ------------------------------------------------------------------ solvers


def prox_newton(X, y, w, theta, lam, l2, mu, tol, max_iter, duals):
    """Proximal Newton from ``theta`` (in place); ``(n_iter, kkt, status)``.

    The kernel :func:`imbalance_kit._numba._ordinal_solvers.prox_newton` step
    for step: Armijo backtracking that rejects infeasible steps, a blocked
    line search read as the edge of the valid models, and with a barrier
    (``mu > 0``) the primal-dual metric and the longest feasible first step.
    """
    n, p = X.shape
    m, q = theta.shape
    d = m * q
    ones_X = np.hstack([np.ones((n, 1)), X])
    grad = np.empty((m, q))
    H = np.empty((d, d))
    z = np.empty(d)
    barrier = mu > 0.0
    slack = None
    kkt = np.inf
    stalled = 0
    for it in range(max_iter):
        loss = hessian(X, y, w, theta, l2, mu, grad, H, ones_X)
        kkt = kkt_violation(theta, grad, lam)
        if kkt <= tol:
            return it, kkt, CONVERGED
        if barrier:
            slack = _slacks(X, theta)
            _primal_dual_metric(X, y, w, mu, slack, duals, H, ones_X)
        inner_tol = max(0.01 * tol, min(0.1 * kkt, kkt * kkt))
        _quadratic_lasso(theta, grad, H, lam, z, inner_tol, 1000)
        target = z.reshape((m, q))
        step = target - theta
        pen_now = penalty(theta, lam)
        decrease = float(np.sum(grad * step)) + penalty(target, lam) - pen_now
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
        accepted = blocked = False
        for _ in range(60):
            trial = theta + t * step
            new = smooth_loss(X, y, w, trial, l2, mu) + penalty(trial, lam)
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
        theta[:] = trial
        if blocked and objective - new <= 1e-10 * max(abs(objective), 1.0):
            stalled += 1
            if stalled == 3:
                return it + 1, kkt, BLOCKED
        else:
            stalled = 0
    gradient(X, y, w, theta, l2, mu, None, None, grad)
    kkt = kkt_violation(theta, grad, lam)
    return max_iter, kkt, CONVERGED if kkt <= tol else MAX_ITER


def _prox_step(point, grad, lam, L):
    free = lam != np.inf
    z = point - grad / L
    t = np.where(free, lam, 0.0) / L
    return np.where(free, np.sign(z) * np.maximum(np.abs(z) - t, 0.0), 0.0)


def fista(X, y, w, theta, lam, l2, mu, tol, max_iter):
    """FISTA with backtracking and gradient restart (``theta`` in place), as
    the kernel :func:`imbalance_kit._numba._ordinal_solvers.fista`."""
    m, q = theta.shape
    grad = np.empty((m, q))
    grad_new = np.empty((m, q))
    point = theta.copy()
    L = 1.0
    t = 1.0
    gradient(X, y, w, point, l2, mu, None, None, grad)
    kkt = kkt_violation(theta, grad, lam)
    if kkt <= tol:
        return 0, kkt, CONVERGED
    for it in range(max_iter):
        while True:
            new = _prox_step(point, grad, lam, L)
            f_new = gradient(X, y, w, new, l2, mu, None, None, grad_new)
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
        if gradient(X, y, w, point, l2, mu, None, None, grad) == np.inf:
            point[:] = theta
            grad[:] = grad_new
            t = 1.0
        L *= 0.9
    return max_iter, kkt, MAX_ITER
