"""The numpy solver engine against the numba kernels and the references.

Ordinal fits run on :mod:`imbalance_kit.ordinal._numpy_solvers` unless
parallel CV work is large (``select_solvers``). Both engines implement one
algorithm with sums in another order: their building blocks agree to
rounding, their fits to the solver tolerance, and the independent reference
checks of ``test_presto.py`` (statsmodels, scipy, an SLSQP solve of the edge
optimum) hold on either.
"""

import json
import os
import warnings
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from joblib import Parallel
from sklearn.exceptions import ConvergenceWarning

from imbalance_kit._numba import _ordinal_solvers as kernels
from imbalance_kit._numba._compile import force_engine
from imbalance_kit.ordinal import PRESTO, PRESTOCV, OrdinalLogit
from imbalance_kit.ordinal import _numpy_solvers as numpy_engine
from imbalance_kit.ordinal._base import KERNEL_WORK, OrdinalData, select_solvers
from tests._fresh_process import run_fresh
from tests.naive.ordinal import class_probabilities, numerical_gradient, unpack
from tests.ordinal import test_presto


def problem(seed, n, p, k, spread=0.1):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p))
    codes = rng.integers(0, k, size=n)
    codes[:k] = np.arange(k)
    w = rng.uniform(0.5, 2.0, size=n)
    theta = np.zeros((k - 1, p + 1))
    theta[:, 0] = np.sort(rng.normal(scale=2.0, size=k - 1)) + np.arange(k - 1)
    theta[:, 1:] = rng.normal(scale=spread, size=(k - 1, p))
    return X, codes, w / w.sum(), theta


def naive_smooth_loss(X, codes, w, theta, l2, mu):
    """Mean NLL + mu * mean_i sum_k -log P(y=k|x_i) + ridge, from the definition."""
    intercepts, beta = unpack(theta, *theta.shape[:1], X.shape[1])
    proba = class_probabilities(X, intercepts, beta)
    if (proba <= 0).any():
        return np.inf
    logp = -np.log(proba)
    loss = w @ logp[np.arange(len(codes)), codes] + mu * (w @ logp.sum(axis=1))
    return loss + 0.5 * l2 * np.mean((beta**2).sum(axis=1))


def kernel_hessian(X, codes, w, theta, l2, mu):
    m, q = theta.shape
    grad, H = np.empty_like(theta), np.empty((m * q, m * q))
    beta, eta = np.empty((m, q - 1)), np.empty((len(X), m))
    loss = kernels.hessian(X, codes, w, theta, l2, mu, beta, eta, grad, H)
    return loss, grad, H


def numpy_hessian(X, codes, w, theta, l2, mu):
    m, q = theta.shape
    grad, H = np.empty_like(theta), np.empty((m * q, m * q))
    ones_X = np.hstack([np.ones((len(X), 1)), X])
    loss = numpy_engine.hessian(X, codes, w, theta, l2, mu, grad, H, ones_X)
    return loss, grad, H


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(5, 40),
    p=st.integers(1, 4),
    k=st.integers(2, 5),
    l2=st.sampled_from([0.0, 0.7]),
    mu=st.sampled_from([0.0, 1e-3, 0.1]),
)
def test_derivatives_match_the_definition_and_the_kernels(seed, n, p, k, l2, mu):
    X, codes, w, theta = problem(seed, n, p, k)
    loss, grad, H = numpy_hessian(X, codes, w, theta, l2, mu)
    expected = naive_smooth_loss(X, codes, w, theta, l2, mu)
    assert np.isclose(loss, expected, rtol=1e-12)
    assert np.isclose(
        numpy_engine.smooth_loss(X, codes, w, theta, l2, mu), expected, rtol=1e-12
    )

    def objective(flat):
        return naive_smooth_loss(X, codes, w, flat.reshape(theta.shape), l2, mu)

    np.testing.assert_allclose(
        grad.ravel(), numerical_gradient(objective, theta.ravel()), rtol=1e-6, atol=1e-7
    )
    k_loss, k_grad, k_H = kernel_hessian(X, codes, w, theta, l2, mu)
    assert np.isclose(loss, k_loss, rtol=1e-13)
    np.testing.assert_allclose(grad, k_grad, rtol=1e-11, atol=1e-14)
    np.testing.assert_allclose(H, k_H, rtol=1e-11, atol=1e-13)
    g_only = np.empty_like(theta)
    assert numpy_engine.gradient(X, codes, w, theta, l2, mu, None, None, g_only) == loss
    np.testing.assert_array_equal(g_only, grad)


def test_crossing_logits_make_the_loss_infinite_on_both_engines():
    X, codes, w, theta = problem(0, 30, 2, 4, spread=0.1)
    theta[2, 0] = theta[1, 0] - 5.0  # the third cumulative logit below the second
    for mu in (0.0, 0.01):
        assert numpy_engine.smooth_loss(X, codes, w, theta, 0.0, mu) == np.inf
        assert numpy_hessian(X, codes, w, theta, 0.0, mu)[0] == np.inf
        assert kernel_hessian(X, codes, w, theta, 0.0, mu)[0] == np.inf


@settings(max_examples=30, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(8, 40), k=st.integers(3, 5))
def test_barrier_metric_and_duals_match_the_kernels(seed, n, k):
    X, codes, w, theta = problem(seed, n, 3, k, spread=0.05)
    mu = 1e-3
    rng = np.random.default_rng(seed)
    step = rng.normal(scale=0.3, size=theta.shape)
    slack = numpy_engine._slacks(X, theta)
    k_slack = np.empty((n, k - 1))
    kernels._slacks(X, theta, k_slack)
    np.testing.assert_allclose(slack[:, 1:], k_slack[:, 1:], rtol=1e-13)
    # half the duals unset (start at c / s), half set
    duals = np.where(rng.uniform(size=(n, k - 1)) < 0.5, 0.0, 1e-3)
    k_duals = duals.copy()
    H = numpy_hessian(X, codes, w, theta, 0.0, mu)[2]
    k_H = H.copy()
    ones_X = np.hstack([np.ones((n, 1)), X])
    numpy_engine._primal_dual_metric(X, codes, w, mu, slack, duals, H, ones_X)
    kernels._primal_dual_metric(X, codes, w, mu, k_slack, k_duals, k_H)
    np.testing.assert_allclose(duals, k_duals, rtol=1e-13)
    np.testing.assert_allclose(H, k_H, rtol=1e-10, atol=1e-12)
    longest = numpy_engine._longest_step(X, step, slack)
    assert np.isclose(longest, kernels._longest_step(X, step, k_slack), rtol=1e-12)
    t = 0.5 * min(longest, 1.0)
    numpy_engine._update_duals(X, codes, w, mu, step, t, slack, duals)
    kernels._update_duals(X, codes, w, mu, step, t, k_slack, k_duals)
    np.testing.assert_allclose(duals, k_duals, rtol=1e-12)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), d=st.integers(2, 12), scale=st.floats(0.01, 2.0))
def test_lasso_subproblem_reaches_the_kernels_minimum(seed, d, scale):
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d + 2, d))
    H = A.T @ A + 1e-3 * np.eye(d)
    grad = rng.normal(size=(1, d))
    theta = rng.normal(scale=0.5, size=(1, d)) * (rng.uniform(size=(1, d)) < 0.5)
    lam = np.full((1, d), scale)
    lam[0, 0] = 0.0  # an unpenalised coordinate
    if d > 3:
        lam[0, -1] = np.inf  # a frozen one
        theta[0, -1] = 0.0
    z, k_z = np.empty(d), np.empty(d)
    numpy_engine._quadratic_lasso(theta, grad, H, lam, z, 1e-14, 1000)
    kernels._quadratic_lasso(theta, grad, H, lam, k_z, 1e-14, 1000)

    def model(v):
        delta = v - theta.ravel()
        finite = np.isfinite(lam.ravel())
        pen = np.sum(lam.ravel()[finite] * np.abs(v[finite]))
        return grad.ravel() @ delta + 0.5 * delta @ H @ delta + pen

    assert z[-1] == 0.0 or d <= 3
    # one strictly convex problem: the same minimiser and minimum
    assert abs(model(z) - model(k_z)) <= 1e-10 * max(1.0, abs(model(k_z)))
    np.testing.assert_allclose(z, k_z, atol=1e-6)


def ordinal_problem(seed, n, p, k, rare):
    rng = np.random.default_rng(seed)
    X = rng.normal(size=(n, p)) * rng.uniform(0.5, 2.0, p)
    latent = X @ rng.normal(size=p) + rng.logistic(size=n)
    shares = np.linspace(0, 1, k + 1)[1:-1]
    if rare:  # a narrow class: small penalties put the optimum on the edge
        shares = np.r_[shares[:-1], shares[-1] - 0.6 / k, shares[-1]][: k - 1]
        shares = np.sort(shares)
    y = np.digitize(latent, np.quantile(latent, shares))
    return X, y


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(60, 300),
    p=st.integers(1, 5),
    k=st.integers(2, 5),
    rare=st.booleans(),
    alpha=st.sampled_from([0.0, 1e-4, 1e-3, 0.05]),
    penalize_base=st.booleans(),
    weighted=st.booleans(),
)
def test_both_engines_fit_the_same_model(
    seed, n, p, k, rare, alpha, penalize_base, weighted
):
    X, y = ordinal_problem(seed, n, p, k, rare)
    if len(np.unique(y)) < k:
        return
    w = np.random.default_rng(seed).uniform(0.2, 3.0, n) if weighted else None
    est = PRESTO(alpha=alpha, penalize_base=penalize_base, solver="newton", tol=1e-9)
    fits = {}
    for engine in ("numpy", "numba"):
        with force_engine(engine), warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            model = est.fit(X, y, sample_weight=w)
            fits[engine] = (
                model.coef_.copy(),
                model.intercepts_.copy(),
                model.on_edge_,
                # "stopped by rounding" at a KKT violation near tol depends
                # on the last bits, so on the summation order: not compared
                sorted(
                    {
                        c.category.__name__
                        for c in caught
                        if "stopped by rounding" not in str(c.message)
                    }
                ),
            )
    (c0, i0, e0, w0), (c1, i1, e1, w1) = fits["numpy"], fits["numba"]
    assert e0 == e1 and w0 == w1
    # one optimum reached by two summation orders: equal to the tolerance
    # (edge optima: to the barrier's last weight, as in test_presto)
    atol = 1e-5 if e0 else 1e-6
    np.testing.assert_allclose(c0, c1, rtol=0, atol=atol * max(1, np.abs(c1).max()))
    np.testing.assert_allclose(i0, i1, rtol=0, atol=atol * max(1, np.abs(i1).max()))


@pytest.mark.parametrize(
    "seed, alpha, on_edge", [(0, 0.003, False), (2, 0.01, False), (1, 0.01, True)]
)
def test_fista_on_both_engines_reaches_newtons_optimum(seed, alpha, on_edge):
    # FISTA needs up to thousands of cheap steps; budgets and rounding decide
    # where an unconverged run stops, so the comparison is at convergence only
    X, y = ordinal_problem(seed, 150, 3, 4, False)
    newton = PRESTO(alpha=alpha, tol=1e-10).fit(X, y)
    assert newton.on_edge_ == on_edge
    for engine in ("numpy", "numba"):
        with force_engine(engine), warnings.catch_warnings():
            warnings.simplefilter("error", ConvergenceWarning)
            model = PRESTO(alpha=alpha, solver="fista", tol=1e-8, max_iter=20_000)
            model.fit(X, y)
        assert model.on_edge_ == on_edge
        np.testing.assert_allclose(
            model.coef_, newton.coef_, rtol=0, atol=1e-5 if on_edge else 1e-6
        )


NEWTON_BUDGETS = (1, 2, 3, 4, 6, 8, 11, 15, 20, 26, 33, 41, 50, 1000)


@pytest.mark.parametrize(
    "solver, budgets",
    [("newton", NEWTON_BUDGETS), ("fista", (1, 2, 3, 5, 8, 12, 17, 23, 30))],
)
def test_both_engines_take_the_same_steps(monkeypatch, solver, budgets):
    # "one algorithm" means one route, not only one destination: the iterate
    # after every budget agrees to rounding (measured <= 1.4e-10 on Newton's
    # 59 first budgets, its whole route through the barrier to the edge
    # optimum). Fits compared at convergence miss differences that slow a
    # route or bend it (a sub-problem finished another way, the barrier's
    # metric or duals, the first barrier step, FISTA's restart).
    X, y = test_presto.narrow_class_data()
    calls = Counter()

    def counted(name):
        original = getattr(numpy_engine, name)

        def wrapper(*args):
            calls[name] += 1
            return original(*args)

        return wrapper

    for name in ("_polish_on_support", "_finish_by_active_set", "_primal_dual_metric"):
        monkeypatch.setattr(numpy_engine, name, counted(name))
    for budget in budgets:
        fits = []
        for engine in ("numpy", "numba"):
            with force_engine(engine), warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model = PRESTO(alpha=0.0005, tol=1e-8, solver=solver, max_iter=budget)
                model.fit(X, y)
            fits.append((model._theta.copy(), model.n_iter_, model.on_edge_))
        (theta, n_iter, on_edge), (k_theta, k_n_iter, k_on_edge) = fits
        assert (n_iter, on_edge) == (k_n_iter, k_on_edge), budget
        np.testing.assert_allclose(theta, k_theta, rtol=0, atol=1e-9, err_msg=budget)
    if solver == "newton":
        # the route used every part of the numpy sub-problem and barrier code
        assert on_edge and n_iter < 1000
        assert min(calls.values()) > 0 and len(calls) == 3, calls


# the reference checks of test_presto, each against an independent solver or
# definition (statsmodels, scipy, SLSQP on the constrained problem)
REFERENCE_CHECKS = [
    lambda: test_presto.test_proportional_odds_matches_statsmodels(0),
    lambda: test_presto.test_unpenalised_fit_matches_scipy(1),
    lambda: test_presto.test_kkt_conditions_hold_at_the_solution(0, True),
    test_presto.test_optimum_on_the_edge_is_found_from_any_start,
    test_presto.test_edge_optimum_matches_an_independent_constrained_solver,
    test_presto.test_newton_and_fista_agree,
    test_presto.test_sample_weight_equals_repetition_and_zero_weight_equals_removal,
    lambda: test_presto.test_warm_path_on_the_edge_equals_cold_fits(0),
]


@pytest.mark.parametrize("engine", ["numpy", "numba"])
@pytest.mark.parametrize("check", range(len(REFERENCE_CHECKS)))
def test_reference_checks_hold_on_each_engine(engine, check):
    with force_engine(engine):
        data = OrdinalData(
            np.zeros((4, 1)), np.array([0, 1, 0, 1]), np.ones(4), 2, False
        )
        assert data.solvers is (kernels if engine == "numba" else numpy_engine)
        REFERENCE_CHECKS[check]()


def test_engine_depends_on_the_problem_not_on_the_cache():
    # a single fit and a serial CV run on numpy at any size measured; parallel
    # CV work from KERNEL_WORK on runs the kernels (they release the GIL)
    assert select_solvers(10**6, 1000, 2) is numpy_engine
    assert select_solvers(2500, 33, 120, n_threads=2) is numpy_engine
    assert select_solvers(10**5, 1000, 120, n_threads=1) is numpy_engine
    assert select_solvers(10**5, 1000, 120, n_threads=2) is kernels
    big = KERNEL_WORK / (100 * 100 * 10)
    assert select_solvers(big, 100, 10, n_threads=2) is kernels
    assert select_solvers(big - 1, 100, 10, n_threads=2) is numpy_engine
    # compiled in this process (the reference checks above compile them) or
    # not, the answer is the same
    X, y = test_presto.ordinal_data(0, n=80)
    with force_engine("numba"):
        PRESTO(alpha=0.01).fit(X, y)
    assert kernels.prox_newton.signatures or os.environ.get("NUMBA_DISABLE_JIT") == "1"
    assert select_solvers(2500, 33, 2) is numpy_engine


def test_prestocv_picks_the_engine_for_its_whole_run(monkeypatch):
    seen = []
    original = select_solvers

    def spy(n_rows, n_params, n_solves=2, n_threads=1):
        seen.append((n_solves, n_threads))
        return original(n_rows, n_params, n_solves, n_threads)

    threads = []

    class ParallelSpy(Parallel):
        def __init__(self, n_jobs=None, **kwargs):
            threads.append(n_jobs)
            super().__init__(n_jobs=n_jobs, **kwargs)

    monkeypatch.setattr("imbalance_kit.ordinal._presto_cv.select_solvers", spy)
    monkeypatch.setattr("imbalance_kit.ordinal._presto_cv.Parallel", ParallelSpy)
    X, y = test_presto.ordinal_data(1, n=150)
    serial = PRESTOCV(n_alphas=7, cv=3, n_jobs=2).fit(X, y)
    # 7 alphas on 3 folds and the full data, folds on 2 threads asked for;
    # that is small work: numpy engine, whose folds run one after another
    assert seen == [(7 * 4, 2)]
    assert threads == [1]
    with force_engine("numba"):
        threaded = PRESTOCV(n_alphas=7, cv=3, n_jobs=2).fit(X, y)
    assert threads == [1, 2]
    assert threaded.alpha_ == serial.alpha_
    np.testing.assert_allclose(threaded.coef_, serial.coef_, rtol=0, atol=1e-7)


COLD_SCRIPT = """
import json, warnings
import numpy as np
warnings.simplefilter("ignore")
from imbalance_kit._numba import _ordinal_solvers as kernels
from imbalance_kit.ordinal import PRESTO, PRESTOCV, OrdinalLogit
rng = np.random.default_rng(0)
X = rng.standard_normal((2500, 10))
y = np.digitize(X[:, :3] @ [1.0, -0.5, 0.25] + rng.logistic(size=2500), [-1, 0, 1])
PRESTO().fit(X, y)
OrdinalLogit().fit(X, y)
PRESTO(alpha=1e-4, solver="fista", max_iter=50).fit(X[:300], y[:300])
PRESTOCV(n_alphas=4, cv=3).fit(X[:400], y[:400])
compiled = [
    name for name in dir(kernels)
    if getattr(getattr(kernels, name), "signatures", None)
]
print(json.dumps(compiled))
"""


def test_first_fits_in_a_cold_process_compile_nothing(tmp_path):
    # the must-show of issue 17 was a first PRESTO fit on 2,500 x 10 waiting
    # 15-20 s for the compiler; a fresh process with an empty cache now fits
    # every ordinal model without compiling any solver kernel
    done = run_fresh(COLD_SCRIPT, tmp_path)
    assert json.loads(done.stdout.strip().splitlines()[-1]) == []
    assert "compiling numba kernels" not in done.stderr


def test_forced_kernels_on_a_cold_cache_are_announced(tmp_path):
    script = COLD_SCRIPT.replace(
        "PRESTO().fit(X, y)",
        "from imbalance_kit.ordinal._base import select_solvers\n"
        "print(select_solvers(10**5, 1000, 120, n_threads=2).__name__)",
    ).replace("PRESTOCV(n_alphas=4, cv=3).fit(X[:400], y[:400])", "")
    done = run_fresh(script, tmp_path)
    assert "imbalance_kit._numba._ordinal_solvers" in done.stdout
    notice = "compiling numba kernels for the ordinal solvers (about 15 s"
    assert done.stderr.count(notice) == 1


def test_ordinal_logit_and_presto_agree_across_engines_on_larger_data():
    X, y = test_presto.ordinal_data(5, n=3000, p=8, k=5)
    for est in (OrdinalLogit(), PRESTO(alpha=0.002)):
        with force_engine("numpy"):
            a = est.fit(X, y).coef_.copy()
        with force_engine("numba"):
            b = est.fit(X, y).coef_.copy()
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-7)


def exact_lasso(theta, grad, H, lam, sweeps=5000):
    """Plain coordinate descent to convergence: the sub-problem's minimiser."""
    z, r = theta.copy(), grad.copy()
    for _ in range(sweeps):
        for j in range(len(z)):
            t = z[j] - r[j] / H[j, j]
            new = np.sign(t) * max(abs(t) - lam[j] / H[j, j], 0.0)
            if new != z[j]:
                r += (new - z[j]) * H[:, j]
                z[j] = new
    return z


@settings(max_examples=60, deadline=None)
@given(seed=st.integers(0, 10_000), d=st.integers(2, 6))
def test_polish_on_the_right_support_lands_on_the_minimiser(seed, d):
    # a coordinate that goes from theta to zero pulls on the support through
    # H; a polish that ignored it accepted points off the minimiser (review)
    rng = np.random.default_rng(seed)
    A = rng.normal(size=(d + 2, d))
    H = A.T @ A
    theta, grad = rng.normal(size=d), rng.normal(size=d)
    lam = np.full(d, 0.5)
    z = exact_lasso(theta, grad, H, lam)
    if not ((z == 0) & (theta != 0)).any() or not z.any():
        return  # no coordinate leaves theta for zero: nothing to show
    for polish, shape in (
        (numpy_engine._polish_on_support, (d,)),
        (kernels._polish_on_support, (1, d)),
    ):
        start = np.where(z != 0, z * 1.001, 0.0)  # right support and signs
        r = grad + H @ (start - theta)
        th, g, lm = theta.reshape(shape), grad.reshape(shape), lam.reshape(shape)
        assert polish(th, g, H, lm, start, r)
        np.testing.assert_allclose(start, z, rtol=0, atol=1e-9)
        np.testing.assert_allclose(r, grad + H @ (z - theta), atol=1e-9)
