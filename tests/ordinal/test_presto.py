import warnings

import numpy as np
import pandas as pd
import pytest
import scipy.sparse as sp
from scipy.optimize import minimize
from sklearn.base import clone
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import log_loss
from sklearn.model_selection import GridSearchCV, StratifiedKFold, cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from imbalance_kit._numba._ordinal_solvers import (
    ON_EDGE,
    penalty,
    prox_newton,
    smooth_loss,
)
from imbalance_kit.ordinal import (
    PRESTO,
    PRESTOCV,
    CrossingWarning,
    OrdinalLogit,
    PathEndWarning,
)
from imbalance_kit.ordinal._base import OrdinalData
from imbalance_kit.ordinal._presto import presto_alpha_max, presto_thresholds
from imbalance_kit.ordinal._presto_cv import presto_path
from tests.naive.ordinal import class_probabilities, mean_nll, numerical_gradient


def ordinal_data(seed=0, n=600, p=4, k=4, scale=True):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    if scale:
        X = X * rng.uniform(0.5, 3.0, p) + rng.normal(scale=3.0, size=p)
    coef = rng.normal(size=p)
    cuts = np.quantile(X @ coef, np.linspace(0, 1, k + 1)[1:-1]) + rng.normal(
        scale=0.3, size=k - 1
    )
    y = np.digitize(X @ coef + rng.logistic(size=n), np.sort(cuts))
    return X, y


def statsmodels_po(X, y):
    ordered = pytest.importorskip("statsmodels.miscmodels.ordinal_model")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        res = ordered.OrderedModel(y, X, distr="logit").fit(
            method="bfgs", disp=False, maxiter=10_000, gtol=1e-10
        )
    p = X.shape[1]
    cuts = res.model.transform_threshold_params(res.params)[1:-1]
    return res.params[:p], cuts, res.predict(X)


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_proportional_odds_matches_statsmodels(seed):
    X, y = ordinal_data(seed)
    sm_beta, sm_cuts, sm_proba = statsmodels_po(X, y)
    models = [
        OrdinalLogit(tol=1e-10),
        # the differences fused by a huge penalty, the base left free
        PRESTO(alpha=1e3, penalize_base=False, tol=1e-10),
    ]
    for model in models:
        model.fit(X, y)
        # statsmodels writes P(y <= k) = F(cut_k - x @ beta)
        np.testing.assert_allclose(model.coef_, np.tile(-sm_beta, (3, 1)), atol=1e-4)
        np.testing.assert_allclose(model.intercepts_, sm_cuts, atol=1e-4)
        np.testing.assert_allclose(model.predict_proba(X), sm_proba, atol=1e-6)
        np.testing.assert_array_equal(model.psi_[1:], 0.0)


@pytest.mark.parametrize("seed", [0, 3])
def test_unpenalised_fit_matches_scipy(seed):
    X, y = ordinal_data(seed, n=800, p=3)
    codes = np.searchsorted(np.unique(y), y)
    m, p = 3, X.shape[1]

    def nll(flat):
        theta = flat.reshape(m, p + 1)
        return mean_nll(X, codes, theta[:, 0], theta[:, 1:])

    start = np.zeros((m, p + 1))
    start[:, 0] = [-1.0, 0.0, 1.0]
    res = minimize(nll, start.ravel(), method="Nelder-Mead", options={"maxiter": 1})
    res = minimize(
        nll,
        res.x,
        jac=lambda t: numerical_gradient(nll, t),
        method="BFGS",
        options={"gtol": 1e-9, "maxiter": 5000},
    )
    reference = res.x.reshape(m, p + 1)
    for model in [
        PRESTO(alpha=0.0, tol=1e-10),
        PRESTO(alpha=0.0, tol=1e-9, solver="fista", max_iter=100_000),
        OrdinalLogit(proportional_odds=False, tol=1e-10),
    ]:
        model.fit(X, y)
        np.testing.assert_allclose(model.coef_, reference[:, 1:], atol=1e-4)
        np.testing.assert_allclose(model.intercepts_, reference[:, 0], atol=1e-4)


def kkt_residual(model, X, codes, alpha, penalize_base):
    """KKT violation of the unstandardised problem, gradient by finite differences."""
    m, p = model.coef_.shape
    theta = np.column_stack([model.intercepts_, model.psi_])

    def nll(flat):
        t = flat.reshape(m, p + 1)
        return mean_nll(X, codes, t[:, 0], np.cumsum(t[:, 1:], axis=0))

    grad = numerical_gradient(nll, theta.ravel(), step=1e-7).reshape(m, p + 1)
    lam = np.full((m, p + 1), alpha)
    lam[:, 0] = 0.0
    if not penalize_base:
        lam[0] = 0.0
    active = theta != 0
    at_zero = np.maximum(np.abs(grad) - lam, 0.0)
    at_nonzero = np.abs(grad + lam * np.sign(theta))
    return np.where(active, at_nonzero, at_zero).max()


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("penalize_base", [True, False])
def test_kkt_conditions_hold_at_the_solution(seed, penalize_base):
    rng = np.random.default_rng(seed)
    k = int(rng.integers(2, 6))
    X, y = ordinal_data(seed, n=400, p=int(rng.integers(1, 6)), k=k, scale=False)
    codes = np.searchsorted(np.unique(y), y)
    for alpha in [0.01, 0.03, 0.1]:
        model = PRESTO(alpha=alpha, standardize=False, penalize_base=penalize_base)
        model.set_params(tol=1e-10).fit(X, y)
        assert not model.on_edge_
        assert kkt_residual(model, X, codes, alpha, penalize_base) < 1e-5


def narrow_class_data():
    """A narrow class: for small alpha the optimum makes some training row's
    probability of that class tend to zero (the edge of the valid models)."""
    rng = np.random.default_rng(3)
    X = rng.uniform(-1, 1, size=(800, 3))
    latent = X @ [1.5, -1.0, 0.5] + rng.logistic(size=800)
    return X, np.digitize(latent, [-0.5, -0.35, 1.5])


def test_optimum_on_the_edge_is_found_from_any_start():
    X, y = narrow_class_data()
    alpha = 0.0005
    model = PRESTO(alpha=alpha, tol=1e-8).fit(X, y)
    assert model.on_edge_
    eta = X @ model.coef_.T + model.intercepts_
    assert 0 < np.diff(eta, axis=1).min() < 1e-2  # valid, and close to the edge
    # the same optimum along a warm-started path from the intercept-only model
    data = OrdinalData(X, y, np.ones(len(y)), 4, standardize=True)
    alpha_max, theta = presto_alpha_max(data, True)
    path = list(
        presto_path(
            data, np.geomspace(alpha_max, alpha, 12), theta, True, "newton", 1e-8, 1000
        )
    )
    from_path = PRESTO(alpha=alpha)
    from_path._set_solution(data, path[-1][0], 0)
    np.testing.assert_allclose(model.coef_, from_path.coef_, atol=1e-6)
    # and lower than where plain backtracking stalls
    stalled = data.null_theta()
    thresholds = presto_thresholds(alpha, 3, 3, True)
    prox_newton(
        data.X,
        data.y,
        data.w,
        stalled,
        thresholds,
        0.0,
        0.0,
        1e-8,
        1000,
        np.zeros((0, 0)),
    )

    def objective(t):
        beta, eta = np.empty((3, 3)), np.empty((800, 3))
        loss = smooth_loss(data.X, data.y, data.w, t, 0.0, 0.0, beta, eta)
        return loss + penalty(t, thresholds)

    assert objective(model._theta) < objective(stalled)


def penalised_nll_split(Z, codes, m, alpha):
    """PRESTO's objective in ``v = (intercepts, u, w)``, ``psi = u - w`` with
    ``u, w >= 0`` (smooth: the penalty is ``alpha * sum(u + w)``), and its
    gradient, written out from the definition of the class probabilities."""
    n, p = Z.shape

    def fun(v):
        intercepts = v[:m]
        u, w = v[m : m + m * p].reshape(m, p), v[m + m * p :].reshape(m, p)
        eta = Z @ np.cumsum(u - w, axis=0).T + intercepts
        cdf = 1 / (1 + np.exp(-eta))
        proba = np.diff(np.hstack([np.zeros((n, 1)), cdf, np.ones((n, 1))]), axis=1)
        own = np.maximum(proba[np.arange(n), codes], 1e-300)
        density = cdf * (1 - cdf)
        ks = np.arange(m)
        d_own = density * ((codes[:, None] == ks) * 1.0 - (codes[:, None] == ks + 1))
        g_eta = -d_own / own[:, None] / n
        g_beta = g_eta.T @ Z
        g_psi = np.cumsum(g_beta[::-1], axis=0)[::-1]  # beta_k = sum_{j<=k} psi_j
        value = -np.log(own).mean() + alpha * v[m:].sum()
        grad = np.concatenate(
            [g_eta.sum(axis=0), (g_psi + alpha).ravel(), (alpha - g_psi).ravel()]
        )
        return value, grad

    return fun


def test_edge_optimum_matches_an_independent_constrained_solver():
    # scipy's SLSQP on the constrained problem itself: linear constraints
    # eta_{k+1}(x_i) >= eta_k(x_i) on every training row (no barrier at all)
    X, y = narrow_class_data()
    Z = (X - X.mean(axis=0)) / X.std(axis=0)
    n, p = Z.shape
    m, alpha = 3, 0.0005
    model = PRESTO(alpha=alpha, standardize=False, tol=1e-10).fit(Z, y)
    assert model.on_edge_
    fun = penalised_nll_split(Z, y, m, alpha)
    start = np.zeros(m + 2 * m * p)
    start[:m] = [-1.0, -0.5, 1.5]
    np.testing.assert_allclose(
        fun(start)[1], numerical_gradient(lambda v: fun(v)[0], start), atol=1e-7
    )
    A = np.zeros(((m - 1) * n, m + 2 * m * p))
    for k in range(m - 1):
        rows = slice(k * n, (k + 1) * n)
        A[rows, k + 1], A[rows, k] = 1.0, -1.0
        A[rows, m + (k + 1) * p : m + (k + 2) * p] = Z
        A[rows, m + m * p + (k + 1) * p : m + m * p + (k + 2) * p] = -Z
    res = minimize(
        fun,
        start,
        jac=True,
        method="SLSQP",
        bounds=[(None, None)] * m + [(0, None)] * (2 * m * p),
        constraints=[{"type": "ineq", "fun": lambda v: A @ v, "jac": lambda v: A}],
        options={"maxiter": 2000, "ftol": 1e-15},
    )
    assert res.success
    ours = np.concatenate(
        [
            model.intercepts_,
            np.maximum(model.psi_, 0).ravel(),
            np.maximum(-model.psi_, 0).ravel(),
        ]
    )
    assert (A @ ours).min() >= 0  # a valid model
    # as low as the constrained optimum (measured: 2.5e-9 above it), and there
    assert fun(ours)[0] <= res.fun + 1e-8
    reference = res.x[m : m + m * p] - res.x[m + m * p :]
    np.testing.assert_allclose(model.psi_, reference.reshape(m, p), atol=5e-5)
    np.testing.assert_allclose(model.intercepts_, res.x[:m], atol=5e-5)


def test_standardize_is_a_reparametrisation():
    X, y = ordinal_data(4)
    mean, sd = X.mean(axis=0), X.std(axis=0)
    inside = PRESTO(alpha=0.02, tol=1e-10).fit(X, y)
    outside = PRESTO(alpha=0.02, tol=1e-10, standardize=False).fit((X - mean) / sd, y)
    np.testing.assert_allclose(inside.coef_, outside.coef_ / sd, atol=1e-8)
    np.testing.assert_allclose(
        inside.intercepts_, outside.intercepts_ - (outside.coef_ / sd) @ mean, atol=1e-8
    )


@pytest.mark.parametrize("penalize_base", [True, False])
def test_alpha_max_is_the_smallest_penalty_fusing_everything(penalize_base):
    X, y = ordinal_data(5)
    data = OrdinalData(X, y, np.ones(len(y)), 4, standardize=True)
    alpha_max, _ = presto_alpha_max(data, penalize_base)
    first = 0 if penalize_base else 1
    fused = PRESTO(alpha=alpha_max * (1 + 1e-6), penalize_base=penalize_base).fit(X, y)
    np.testing.assert_array_equal(fused.psi_[first:], 0.0)
    below = PRESTO(alpha=alpha_max * 0.97, penalize_base=penalize_base).fit(X, y)
    assert np.count_nonzero(below.psi_[first:]) > 0
    # PRESTOCV's alpha_max_ (its own computation) passes the same two checks
    cv_max = PRESTOCV(n_alphas=3, cv=3).fit(X, y).alpha_max_
    np.testing.assert_array_equal(PRESTO(alpha=cv_max * (1 + 1e-6)).fit(X, y).psi_, 0)
    assert np.count_nonzero(PRESTO(alpha=cv_max * 0.97).fit(X, y).psi_) > 0


def test_intercept_only_fit_reproduces_class_shares():
    X, y = ordinal_data(6)
    model = PRESTO(alpha=10.0).fit(X, y)
    np.testing.assert_array_equal(model.coef_, 0.0)
    shares = np.bincount(y) / len(y)
    np.testing.assert_allclose(model.predict_proba(X[:3]), np.tile(shares, (3, 1)))


def test_newton_and_fista_agree():
    X, y = ordinal_data(7, p=6, k=5)
    newton = PRESTO(alpha=0.01, solver="newton", tol=1e-10).fit(X, y)
    fista = PRESTO(alpha=0.01, solver="fista", tol=1e-9, max_iter=100_000).fit(X, y)
    np.testing.assert_allclose(newton.coef_, fista.coef_, atol=1e-6)
    assert newton.n_iter_ < 30 < fista.n_iter_


def test_reversing_the_class_order_mirrors_the_model():
    X, y = ordinal_data(8)
    # the penalty on the differences alone is symmetric under reversal (the
    # paper's penalty on beta_1 would move to the last boundary)
    up = PRESTO(alpha=0.01, tol=1e-10, penalize_base=False).fit(X, y)
    down = PRESTO(alpha=0.01, tol=1e-10, penalize_base=False, classes=[3, 2, 1, 0])
    down.fit(X, y)
    # P(y <= k) in one order is P(y >= k + 1) = 1 - P(y <= k) in the other
    np.testing.assert_allclose(down.coef_, -up.coef_[::-1], atol=1e-7)
    np.testing.assert_allclose(down.intercepts_, -up.intercepts_[::-1], atol=1e-7)
    np.testing.assert_allclose(
        down.predict_proba(X), up.predict_proba(X)[:, ::-1], atol=1e-9
    )
    np.testing.assert_array_equal(down.classes_, [3, 2, 1, 0])


def test_probabilities_match_the_definition_and_decision_function_sign():
    X, y = ordinal_data(9)
    model = PRESTO(alpha=0.005).fit(X, y)
    expected = class_probabilities(X, model.intercepts_, model.coef_)
    np.testing.assert_allclose(model.predict_proba(X), expected, atol=1e-12)
    # one score per class, as scikit-learn classifiers: the log-probabilities
    scores = model.decision_function(X)
    assert scores.shape == (len(X), 4)
    np.testing.assert_allclose(scores, np.log(expected), rtol=1e-9)
    np.testing.assert_array_equal(
        model.classes_[scores.argmax(axis=1)], model.predict(X)
    )
    np.testing.assert_allclose(
        model.cumulative_logits(X), X @ model.coef_.T + model.intercepts_
    )
    binary = PRESTO(alpha=0.005).fit(X, (y >= 2).astype(int))
    scores = binary.decision_function(X)
    assert scores.shape == (len(X),)
    proba = class_probabilities(X, binary.intercepts_, binary.coef_)
    # (the naive ratio loses digits where a probability is near 1)
    np.testing.assert_allclose(scores, np.log(proba[:, 1] / proba[:, 0]), atol=1e-5)
    np.testing.assert_array_equal((scores > 0).astype(int), binary.predict(X))


def test_calibrated_presto_predicts_every_class():
    # every class is the most probable for some rows; with the K-1
    # cumulative logits as scores, calibration never predicted the last one
    rng = np.random.default_rng(21)
    X = rng.normal(size=(1000, 2))
    y = np.digitize(3 * X[:, 0] + rng.logistic(size=1000), [-3.0, 0.0, 3.0])
    model = PRESTO(alpha=0.001).fit(X, y)
    assert set(model.predict(X)) == {0, 1, 2, 3}
    calibrated = CalibratedClassifierCV(PRESTO(alpha=0.001), cv=3).fit(X, y)
    predicted = calibrated.predict(X)
    assert set(predicted) == {0, 1, 2, 3}
    # and it agrees with the uncalibrated model on most rows (both are good)
    assert np.mean(predicted == model.predict(X)) > 0.8


@pytest.mark.parametrize("estimator", [PRESTO(alpha=0.002), OrdinalLogit()])
def test_tiny_and_huge_feature_scales_give_the_same_model(estimator):
    X, y = ordinal_data(22, n=500, p=3)
    reference = clone(estimator).fit(X, y)
    for factor in (1e-13, 1e13):
        scaled = clone(estimator).fit(X * factor, y)
        np.testing.assert_allclose(
            scaled.predict_proba(X * factor), reference.predict_proba(X), atol=1e-8
        )
        np.testing.assert_allclose(scaled.coef_ * factor, reference.coef_, rtol=1e-6)
    # only a column whose values are all equal is constant (coefficient 0)
    with_constant = np.column_stack([X, np.full(len(X), 1e6)])
    fitted = clone(estimator).fit(with_constant, y)
    np.testing.assert_array_equal(fitted.coef_[:, -1], 0.0)
    np.testing.assert_allclose(
        fitted.predict_proba(with_constant), reference.predict_proba(X), atol=1e-8
    )


def test_sparse_input_gives_the_dense_model():
    X, y = ordinal_data(23, n=300, p=3, scale=False)
    X[np.abs(X) < 0.5] = 0.0
    dense = PRESTO(alpha=0.002).fit(X, y)
    sparse = PRESTO(alpha=0.002).fit(sp.csr_matrix(X), y)
    np.testing.assert_allclose(sparse.coef_, dense.coef_, atol=1e-12)
    np.testing.assert_allclose(
        sparse.predict_proba(sp.csr_matrix(X)), dense.predict_proba(X), atol=1e-12
    )


@pytest.mark.parametrize(
    ("policy", "repair"),
    [
        ("rearrange", lambda c: np.sort(c, axis=1)),
        ("clip", lambda c: np.maximum.accumulate(c, axis=1)),
    ],
)
def test_crossing_policy_repairs_out_of_sample_rows(policy, repair):
    rng = np.random.default_rng(10)
    X = rng.uniform(-1, 1, size=(300, 1))
    y = np.digitize(X[:, 0] + rng.logistic(size=300) / 4, [-0.3, 0.3])
    model = PRESTO(alpha=0.0, crossing=policy).fit(X, y)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        model.predict_proba(X)  # never on the training rows
    # boundaries with different slopes cross away from the data
    model.intercepts_ = np.array([-1.0, 1.0])
    model.coef_ = np.array([[1.0], [-1.0]])
    far = np.array([[-50.0], [0.0], [50.0]])
    with pytest.warns(CrossingWarning, match="1 of 3 rows"):
        proba = model.predict_proba(far)
    cumulative = 1 / (1 + np.exp(-(far @ model.coef_.T + model.intercepts_)))
    expected = np.diff(
        np.hstack([np.zeros((3, 1)), repair(cumulative), np.ones((3, 1))])
    )
    np.testing.assert_allclose(proba, expected, atol=1e-15)
    assert (proba >= 0).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    with pytest.raises(ValueError, match="crossing='raise'"):
        model.set_params(crossing="raise").predict_proba(far)


def test_sample_weight_equals_repetition_and_zero_weight_equals_removal():
    X, y = ordinal_data(11, n=200)
    weights = np.random.default_rng(0).integers(0, 3, size=200)
    weighted = PRESTO(alpha=0.01, tol=1e-10).fit(X, y, sample_weight=weights)
    repeated = PRESTO(alpha=0.01, tol=1e-10).fit(
        np.repeat(X, weights, axis=0), np.repeat(y, weights)
    )
    np.testing.assert_allclose(weighted.coef_, repeated.coef_, atol=1e-9)


def test_warm_start_reuses_the_solution():
    X, y = ordinal_data(12)
    model = PRESTO(alpha=0.01, warm_start=True, tol=1e-9).fit(X, y)
    cold_iterations = model.n_iter_
    coef = model.coef_.copy()
    model.fit(X, y)
    assert model.n_iter_ < cold_iterations
    np.testing.assert_allclose(model.coef_, coef, atol=1e-8)


@pytest.mark.parametrize("engine", ["numpy", "numba"])
def test_a_warm_start_invalid_on_new_data_restarts_from_the_null_model(engine):
    from imbalance_kit._numba._compile import force_engine

    # non-proportional slopes fitted on [-1, 1]; one new row at x = -5 makes
    # the old cumulative logits cross: no descent is possible from there (the
    # numpy engine reported convergence at the crossing start, the kernels
    # "stopped by rounding")
    rng = np.random.default_rng(0)
    x = rng.uniform(-1, 1, size=(400, 1))
    u = rng.uniform(size=400)
    lower = 1 / (1 + np.exp(0.5 - x[:, 0]))
    upper = 1 / (1 + np.exp(-0.5 - 3.0 * x[:, 0]))
    y = (u > lower).astype(int) + (u > np.maximum(lower, upper)).astype(int)
    x_new = np.r_[rng.uniform(-1, 1, size=(399, 1)), [[-5.0]]]
    y_new = rng.integers(0, 3, 400)
    y_new[-1] = 1
    with force_engine(engine), warnings.catch_warnings():
        warnings.simplefilter("error")
        model = OrdinalLogit(
            proportional_odds=False, warm_start=True, standardize=False
        ).fit(x, y)
        old = x_new @ model.coef_.T + model.intercepts_
        assert (np.diff(old, axis=1) <= 0).any()  # the start is invalid there
        model.fit(x_new, y_new)
        cold = OrdinalLogit(proportional_odds=False, standardize=False).fit(
            x_new, y_new
        )
    np.testing.assert_allclose(model.coef_, cold.coef_, atol=1e-7)
    np.testing.assert_allclose(model.intercepts_, cold.intercepts_, atol=1e-7)


def test_non_convergence_warns():
    X, y = ordinal_data(13)
    with pytest.warns(ConvergenceWarning, match="did not converge.*max_iter=1"):
        PRESTO(max_iter=1).fit(X, y)


@pytest.mark.parametrize("max_iter", [24, 30, 40])
def test_max_iter_bounds_all_the_barrier_stages_together(max_iter):
    # the unconstrained stage is blocked after 23 iterations: every budget here
    # reaches the barrier stages (a budget of 5 never did; with a budget per
    # stage, each of these fits converges in 44 iterations without a warning)
    X, y = narrow_class_data()
    full = PRESTO(alpha=0.0005, tol=1e-8).fit(X, y)
    assert full.on_edge_ and full.n_iter_ > 40  # the stages need more
    with pytest.warns(ConvergenceWarning, match=f"max_iter={max_iter}"):
        short = PRESTO(alpha=0.0005, tol=1e-8, max_iter=max_iter).fit(X, y)
    assert short.n_iter_ <= max_iter


@pytest.mark.parametrize(
    ("kwargs", "y_change", "match"),
    [
        ({"classes": [0, 1, 2]}, None, r"labels \[3\] that are not in classes"),
        ({"classes": [0, 1, 1, 3]}, None, "each class once"),
        ({"classes": [0, 1, 2, 3, 9]}, None, r"classes \[9\] have no sample"),
        ({}, "single", "at least 2 classes"),
    ],
)
def test_errors_name_the_problem(kwargs, y_change, match):
    X, y = ordinal_data(14)
    if y_change == "single":
        y = np.zeros_like(y)
    with pytest.raises(ValueError, match=match):
        PRESTO(**kwargs).fit(X, y)


def test_errors_for_weights_and_nan():
    X, y = ordinal_data(14)
    with pytest.raises(ValueError, match=r"classes \[1\] zero total weight"):
        PRESTO().fit(X, y, sample_weight=(y != 1))
    with pytest.raises(ValueError, match="NaN"):
        PRESTO().fit(np.where(X > 2, np.nan, X), y)


def test_pandas_strings_and_grid_search():
    X, y = ordinal_data(15)
    names = ["low", "mid", "high", "top"]
    frame = pd.DataFrame(X, columns=[f"x{j}" for j in range(X.shape[1])])
    labels = np.array(names)[y]
    model = PRESTO(alpha=0.01, classes=names).fit(frame, labels)
    np.testing.assert_array_equal(model.feature_names_in_, frame.columns)
    np.testing.assert_array_equal(model.classes_, names)
    numeric = PRESTO(alpha=0.01).fit(X, y)
    np.testing.assert_allclose(model.predict_proba(frame), numeric.predict_proba(X))
    pipe = make_pipeline(StandardScaler(), PRESTO(classes=names))
    search = GridSearchCV(
        pipe, {"presto__alpha": [0.001, 0.03]}, cv=3, scoring="neg_log_loss"
    ).fit(frame, labels)
    # the grid search ranks the alphas as scikit-learn's own cross-validation
    manual = {
        alpha: cross_val_score(
            make_pipeline(StandardScaler(), PRESTO(alpha=alpha, classes=names)),
            frame,
            labels,
            cv=3,
            scoring="neg_log_loss",
        ).mean()
        for alpha in (0.001, 0.03)
    }
    assert search.best_params_["presto__alpha"] == max(manual, key=manual.get)
    best = make_pipeline(
        StandardScaler(), PRESTO(alpha=max(manual, key=manual.get), classes=names)
    ).fit(frame, labels)
    np.testing.assert_array_equal(search.predict(frame), best.predict(frame))


def test_presto_cv_scores_equal_manual_fold_fits():
    X, y = ordinal_data(16, n=500)
    cv = PRESTOCV(n_alphas=5, cv=3, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(
        cv.alphas_, cv.alpha_max_ * np.geomspace(1, 0.01, 5), rtol=1e-12
    )
    folds = StratifiedKFold(3).split(X, y)
    for i, (train, test) in enumerate(folds):
        for j, alpha in enumerate(cv.alphas_):
            fold = PRESTO(alpha=alpha, tol=1e-10).fit(X[train], y[train])
            onehot = np.eye(4)[y[test]]
            brier = ((fold.predict_proba(X[test]) - onehot) ** 2).sum(axis=1).mean()
            assert cv.cv_results_[f"split{i}_test_score"][j] == pytest.approx(
                -brier, abs=1e-8
            )
    best = np.argmax(cv.cv_results_["mean_test_score"])
    assert cv.alpha_ == cv.alphas_[best]
    assert cv.cv_results_["rank_test_score"][best] == 1
    refit = PRESTO(alpha=cv.alpha_, tol=1e-10).fit(X, y)
    np.testing.assert_allclose(cv.coef_, refit.coef_, atol=1e-7)


def test_presto_cv_threads_scoring_and_alphas():
    X, y = ordinal_data(17, n=400)
    one = PRESTOCV(n_alphas=6, cv=4, n_jobs=1).fit(X, y)
    two = PRESTOCV(n_alphas=6, cv=4, n_jobs=2).fit(X, y)
    np.testing.assert_array_equal(
        one.cv_results_["mean_test_score"], two.cv_results_["mean_test_score"]
    )
    np.testing.assert_array_equal(one.coef_, two.coef_)
    custom = PRESTOCV(alphas=[0.001, 0.1, 0.01], cv=3, scoring="neg_log_loss").fit(X, y)
    np.testing.assert_array_equal(custom.alphas_, [0.1, 0.01, 0.001])
    # the custom scorer's fold scores are scikit-learn's log loss of fold fits
    for j, alpha in enumerate(custom.alphas_):
        manual = [
            -log_loss(
                y[test],
                PRESTO(alpha=alpha).fit(X[train], y[train]).predict_proba(X[test]),
            )
            for train, test in StratifiedKFold(3).split(X, y)
        ]
        assert custom.cv_results_["mean_test_score"][j] == pytest.approx(
            np.mean(manual), abs=1e-6
        )
    with pytest.raises(ValueError, match="alphas must be non-negative"):
        PRESTOCV(alphas=[-1.0]).fit(X, y)


def test_presto_cv_warns_when_alpha_is_at_an_end_of_the_path():
    # rows sorted by the informative feature: each unshuffled fold is tested on
    # a range of it the others never saw, and the intercept-only end wins
    X, y = ordinal_data(24, n=400, p=2, scale=False)
    order = np.argsort(X @ [1.0, 0.0])
    with pytest.warns(PathEndWarning, match="largest alpha.*shuffle=True"):
        cv = PRESTOCV(n_alphas=5, cv=StratifiedKFold(3)).fit(X[order], y[order])
    assert cv.alpha_ == cv.alphas_[0]
    np.testing.assert_array_equal(cv.coef_, 0.0)
    # shuffled folds on the same rows: a penalty below the largest, no warning
    # about it (the smallest alpha of this short path wins here; that end has
    # its own warning, tested below)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        shuffled = StratifiedKFold(3, shuffle=True, random_state=0)
        cv = PRESTOCV(n_alphas=5, cv=shuffled).fit(X[order], y[order])
    assert not [w for w in caught if "largest alpha" in str(w.message)]
    assert cv.alphas_[0] > cv.alpha_


def test_presto_cv_warns_when_alpha_is_at_the_small_end_of_the_path():
    # strong signal and a path of large penalties only: the smallest one wins
    rng = np.random.default_rng(25)
    X = rng.normal(size=(400, 2))
    y = np.digitize(4 * X[:, 0] + rng.logistic(size=400), [-2.0, 2.0])
    folds = StratifiedKFold(3, shuffle=True, random_state=0)
    alphas = [0.5, 0.3, 0.2]
    with pytest.warns(PathEndWarning, match="smallest alpha.*may be smaller"):
        cv = PRESTOCV(alphas=alphas, cv=folds).fit(X, y)
    # the choice it warns about: the best fold score is the last alpha's
    scores = cv.cv_results_["mean_test_score"]
    assert scores[-1] == scores.max() > scores[0]
    assert cv.alpha_ == 0.2


def soup_like(seed, n=900):
    """Dummy features, 6 classes, the last rare: most of the path is on the edge."""
    rng = np.random.default_rng(seed)
    columns = []
    for levels in (6, 3, 10, 4):
        codes = rng.choice(levels, size=n, p=rng.dirichlet(np.full(levels, 2.0)))
        columns.append(np.eye(levels)[codes][:, 1:])
    X = np.hstack(columns)
    beta = np.cumsum(rng.normal(scale=0.5, size=(5, X.shape[1])), axis=0)
    cumulative = np.cumsum([0.42, 0.18, 0.11, 0.10, 0.165])
    eta = np.log(cumulative / (1 - cumulative)) + (X - X.mean(axis=0)) @ beta.T
    eta = np.maximum.accumulate(eta, axis=1)
    return X, (rng.uniform(size=(n, 1)) > 1 / (1 + np.exp(-eta))).sum(axis=1)


@pytest.mark.parametrize("seed", [0, 1])
def test_warm_path_on_the_edge_equals_cold_fits(seed):
    # the path carries the barrier's duals from one alpha to the next and goes
    # straight to the last barrier weight; a cold fit walks the whole barrier
    # continuation from proportional odds: two routes, one optimum (the
    # previous solver's solutions were compared outside the tests: max
    # |difference| 6e-8 on soup-like paths)
    X, y = soup_like(seed)
    data = OrdinalData(X, y, np.ones(len(y)), 6, standardize=True)
    alpha_max, theta = presto_alpha_max(data, True)
    alphas = alpha_max * np.geomspace(1, 0.01, 12)
    path = list(presto_path(data, alphas, theta, True, "newton", 1e-8, 1000))
    on_edge = [status == ON_EDGE for _, _, _, status in path]
    assert sum(on_edge) >= 6
    first_edge = on_edge.index(True)
    for i in range(first_edge + 1, len(alphas)):
        # later edge fits are warm: a few Newton steps, not a continuation
        assert path[i][1] < 25
        cold = PRESTO(alpha=alphas[i], tol=1e-8).fit(X, y)
        assert cold.on_edge_
        warm = PRESTO(alpha=alphas[i])
        warm._set_solution(data, path[i][0], 0)
        # measured differences are <= 3e-7; stopping the warm path one barrier
        # weight early (mu=1e-5) moves coefficients by 1e-3 and must fail
        np.testing.assert_allclose(warm.coef_, cold.coef_, rtol=0, atol=1e-6)
        np.testing.assert_allclose(
            warm.intercepts_, cold.intercepts_, rtol=0, atol=1e-6
        )
