"""What every cumulative-logit estimator shares: data preparation, the solver
call, coefficients on the original scale and the crossing-safe predictions."""

import numbers
import warnings

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.exceptions import ConvergenceWarning
from sklearn.utils._param_validation import Interval, StrOptions
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)

from .._numba import _ordinal_solvers as _kernels
from .._numba._compile import announce_compile, use_kernels
from .._numba._ordinal_solvers import (
    BLOCKED,
    CONVERGED,
    MAX_ITER,
    NO_DESCENT,
    ON_EDGE,
)
from . import _numpy_solvers

#: above this many parameters the Newton Hessian costs more than FISTA's steps
NEWTON_MAX_PARAMETERS = 1000

CROSSING_POLICIES = ("rearrange", "clip", "raise")

#: work (rows x parameters^2 x solves) from which parallel fits run on the
#: jitted solvers. On one thread a Newton fit on the numpy engine (same
#: algorithm, BLAS sums) takes 1-2x the kernels' time, less with many
#: features (``python benchmarks/presto_speed.py``, engines table); the
#: kernels release the GIL, so threads fitting CV folds in parallel pay them
#: back once their first compilation (~15 s) is small beside the fits: about
#: a minute of numpy work.
KERNEL_WORK = 3e10


def select_solvers(n_rows, n_params, n_solves=2, n_threads=1):
    """The solver engine for ``n_solves`` fits of ``n_params`` parameters.

    Returns a module with ``prox_newton``, ``fista`` and ``gradient``:
    :mod:`._numpy_solvers`, or the numba kernels for parallel fits of at least
    ``KERNEL_WORK``. The choice depends on the problem only, never on the
    state of numba's cache, so a fit gives the same result in a fresh process
    and a warm one. The two engines agree to rounding (tested), not bit for bit.
    """
    work = float(n_rows) * float(n_params) ** 2 * float(n_solves)
    kernels = (_kernels.prox_newton, _kernels.fista, _kernels.gradient)
    if use_kernels(work, (KERNEL_WORK,) * 3, kernels, prefer_numpy=n_threads <= 1):
        announce_compile(kernels, "the ordinal solvers", "about 15 s")
        return _kernels
    return _numpy_solvers


class CrossingWarning(UserWarning):
    """Predicted cumulative probabilities crossed and were repaired."""


class OrdinalData:
    """A training set ready for the solvers: standardised, encoded, weighted.

    Parameters
    ----------
    X : ndarray of shape (n_samples, n_features)
    codes : ndarray of shape (n_samples,)
        Class positions ``0 .. K-1`` in the ordinal order.
    weights : ndarray of shape (n_samples,)
    n_classes : int
    standardize : bool
    solvers : module, default=None
        The solver engine (:func:`select_solvers`); by default the one for two
        fits on one thread.
    """

    def __init__(self, X, codes, weights, n_classes, standardize, solvers=None):
        # zero-weight rows add nothing, but would still constrain feasibility
        kept = weights > 0
        if not kept.all():
            X, codes, weights = X[kept], codes[kept], weights[kept]
        w = weights / weights.sum()
        if standardize:
            # only a column whose values are all equal is constant: a feature on
            # a tiny scale (1e-13) can be as informative as any other
            constant = (X == X[:1]).all(axis=0)
            self.mean = np.where(constant, X[0], w @ X)
            centred = X - self.mean
            # scaled by the largest deviation first, so that neither tiny nor
            # huge values under- or overflow when squared
            spread = np.abs(centred).max(axis=0)
            spread[constant] = 1.0
            sd = spread * np.sqrt(w @ (centred / spread) ** 2)
            self.scale = np.where(constant, 1.0, sd)
            self.X = np.ascontiguousarray(centred / self.scale)
        else:
            self.mean = np.zeros(X.shape[1])
            self.scale = np.ones(X.shape[1])
            self.X = np.ascontiguousarray(X, dtype=np.float64)
        self.y = np.ascontiguousarray(codes, dtype=np.int64)
        self.w = np.ascontiguousarray(w)
        self.n_classes = n_classes
        self._merge_duplicates()
        self.solvers = solvers or select_solvers(len(self.y), self.n_params)

    @property
    def n_params(self):
        """Size of ``theta``: ``(K - 1) (p + 1)``."""
        return (self.n_classes - 1) * (self.X.shape[1] + 1)

    def _merge_duplicates(self):
        """One row per distinct ``(x, y)``, weighted by the rows it stands for.

        The likelihood (and the barrier) is a weighted sum over rows, so this
        changes nothing but the work: on categorical (dummy) features most
        rows repeat. Rows keep the order of their first occurrence.
        """
        keys = np.column_stack([self.X, self.y])
        _, first, inverse = np.unique(
            keys, axis=0, return_index=True, return_inverse=True
        )
        if len(first) == len(self.y):
            return
        order = np.argsort(first)
        position = np.empty_like(order)
        position[order] = np.arange(len(order))
        rows = first[order]
        self.w = np.ascontiguousarray(
            np.bincount(position[inverse.ravel()], weights=self.w, minlength=len(rows))
        )
        self.X = np.ascontiguousarray(self.X[rows])
        self.y = np.ascontiguousarray(self.y[rows])

    def null_theta(self):
        """Intercept-only optimum: logits of the cumulative class shares."""
        shares = np.bincount(self.y, weights=self.w, minlength=self.n_classes)
        cumulative = np.clip(np.cumsum(shares)[:-1], 1e-12, 1 - 1e-12)
        theta = np.zeros((self.n_classes - 1, self.X.shape[1] + 1))
        theta[:, 0] = np.log(cumulative) - np.log1p(-cumulative)
        return theta

    def gradient(self, theta, l2=0.0):
        m, q = theta.shape
        grad = np.empty_like(theta)
        self.solvers.gradient(
            self.X,
            self.y,
            self.w,
            theta,
            l2,
            0.0,
            np.empty((m, q - 1)),
            np.empty((len(self.y), m)),
            grad,
        )
        return grad


#: barrier weights followed, in order, when the optimum lies on the edge; the
#: last one defines the returned solution (its objective is within about
#: ``1e-6 * n_classes`` of the edge optimum, far below sampling noise, while
#: smaller weights make the Newton systems too ill-conditioned to pay off)
BARRIER_WEIGHTS = tuple(10.0 ** -np.arange(2, 7))


class EdgeState:
    """What one solve hands to the next along a path of penalties.

    ``on_edge``: the last optimum lay on the edge of the valid models (smaller
    penalties keep it there); ``duals``: the barrier's dual estimates there,
    shape ``(n_samples, n_classes - 1)`` (zero: not set).
    """

    def __init__(self, data):
        self.on_edge = False
        self.duals = np.zeros((len(data.y), data.n_classes - 1))


def solve(data, theta, thresholds, l2, solver, tol, max_iter, state=None):
    """Run the chosen solver from ``theta`` (updated in place).

    When the steps are blocked by the validity constraint (every training
    probability positive), the optimum lies on the edge of the valid models:
    the solver then follows a log-barrier path (``mu`` from 1e-2 to 1e-6) to
    it, and the status is ``ON_EDGE`` if that converged. The returned solution
    is the minimiser at the last ``mu``. ``state`` (an :class:`EdgeState`)
    carries the path's knowledge from one penalty to the next: once on the
    edge, Newton goes straight to the last ``mu`` from the previous solution
    and its duals (the primal-dual metric makes that warm start cheap, where
    a primal one can take hundreds of steps); FISTA repeats the continuation.
    ``max_iter`` bounds the iterations of all the stages together.

    Returns ``(n_iter, kkt, status)`` (status codes of
    :mod:`imbalance_kit._numba._ordinal_solvers`).
    """
    if state is None:
        state = EdgeState(data)
    if not np.isfinite(
        _numpy_solvers.smooth_loss(data.X, data.y, data.w, theta, l2, 0.0)
    ):
        # a start where some training row has a class of probability <= 0 (a
        # warm start on other data) gives the solvers nothing to descend from
        theta[...] = data.null_theta()
    if solver == "auto":
        solver = "newton" if theta.size <= NEWTON_MAX_PARAMETERS else "fista"
    args = (data.X, data.y, data.w, theta, thresholds, float(l2))

    def run(mu, budget):
        if solver == "newton":
            return data.solvers.prox_newton(*args, mu, tol, budget, state.duals)
        return data.solvers.fista(*args, mu, tol, budget)

    n_iter = 0
    if state.on_edge and solver == "newton":
        weights = BARRIER_WEIGHTS[-1:]
    else:
        if not state.on_edge:
            n_iter, kkt, status = run(0.0, max_iter)
            if status != BLOCKED:
                return int(n_iter), float(kkt), int(status)
        # the barrier needs a start strictly inside: step back from the edge
        # towards the intercept-only model (valid, and inside by convexity)
        theta += 0.1 * (data.null_theta() - theta)
        state.duals[:] = 0.0
        weights = BARRIER_WEIGHTS
    for mu in weights:
        more, kkt, status = run(mu, max_iter - n_iter)
        n_iter += more
        if status not in (CONVERGED, NO_DESCENT):
            return int(n_iter), float(kkt), int(status)
    state.on_edge = True
    return int(n_iter), float(kkt), ON_EDGE


def convergence_message(name, n_iter, kkt, status, tol, max_iter):
    """Why a fit stopped short of ``tol`` (``None`` if it did not)."""
    if status in (CONVERGED, ON_EDGE):
        return None
    if status == MAX_ITER:
        return (
            f"{name} did not converge: KKT violation {kkt:.3g} > tol={tol} after "
            f"{n_iter} iterations (max_iter={max_iter}). Increase max_iter, or the "
            "penalty if the classes are separable."
        )
    if status == BLOCKED:
        return (
            f"{name} stopped at the edge of the valid models after {n_iter} "
            f"iterations (KKT violation {kkt:.3g}): going further would give some "
            "training row a class probability of zero (crossing cumulative "
            "logits). The last valid iterate is kept; a larger penalty, or merging "
            "a very rare class with its neighbour, avoids this."
        )
    return (
        f"{name} stopped by rounding at KKT violation {kkt:.3g} > tol={tol} after "
        f"{n_iter} iterations; a tol that large is the attainable accuracy."
    )


def frozen_thresholds(n_thresholds, n_features, frozen_from):
    """Penalty thresholds that pin ``psi_k`` at zero for ``k >= frozen_from``."""
    thresholds = np.zeros((n_thresholds, n_features + 1))
    thresholds[frozen_from:, 1:] = np.inf
    return thresholds


class BaseCumulativeLogit(ClassifierMixin, BaseEstimator):
    """Shared fit/predict machinery; subclasses say which coefficients are
    penalised (``_thresholds``) and how much ridge applies (``_l2``)."""

    _parameter_constraints: dict = {
        "classes": ["array-like", None],
        "standardize": ["boolean"],
        "tol": [Interval(numbers.Real, 0, None, closed="neither")],
        "max_iter": [Interval(numbers.Integral, 1, None, closed="left")],
        "solver": [StrOptions({"auto", "newton", "fista"})],
        "warm_start": ["boolean"],
        "crossing": [StrOptions(set(CROSSING_POLICIES))],
    }

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    # --- fitting -------------------------------------------------------------
    def _prepare(self, X, y, sample_weight):
        """Validate and set ``classes_``.

        Returns ``(data, X, codes, weights)``: the :class:`OrdinalData`, the
        validated ``X``, the class positions and the sample weights (all rows).
        """
        X, y = validate_data(self, X, y, accept_sparse="csr", dtype=np.float64)
        if sp.issparse(X):
            # the solvers work on dense rows; the model itself has K-1 rows
            X = X.toarray()
        check_classification_targets(y)
        labels = np.unique(y)
        if self.classes is None:
            classes = labels
        else:
            classes = np.asarray(self.classes)
            if classes.ndim != 1 or len(np.unique(classes)) != len(classes):
                raise ValueError(
                    "classes must list each class once, in ordinal order; got "
                    f"{classes.tolist()}."
                )
            missing = np.setdiff1d(labels, classes)
            if missing.size:
                raise ValueError(
                    f"y has labels {missing.tolist()} that are not in classes "
                    f"{classes.tolist()}."
                )
        if len(classes) < 2:
            raise ValueError(
                "An ordinal model needs samples of at least 2 classes; got 1 class "
                f"({classes.tolist()})."
            )
        absent = np.setdiff1d(classes, labels)
        if absent.size:
            raise ValueError(
                f"classes {absent.tolist()} have no sample in y; their cumulative "
                "intercepts would not be identified."
            )
        order = np.argsort(classes, kind="stable")
        codes = order[np.searchsorted(classes[order], y)]
        weights = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
        positive = np.bincount(codes, weights=weights, minlength=len(classes)) > 0
        if not positive.all():
            raise ValueError(
                f"sample_weight gives classes {classes[~positive].tolist()} zero "
                "total weight; their intercepts would not be identified."
            )
        self.classes_ = classes
        data = OrdinalData(X, codes, weights, len(classes), self.standardize)
        return data, X, codes, weights

    def _start(self, data):
        """Starting point: the previous solution with ``warm_start``, else the null."""
        previous = getattr(self, "_theta", None)
        if (
            getattr(self, "warm_start", False)
            and previous is not None
            and previous.shape == (data.n_classes - 1, data.X.shape[1] + 1)
        ):
            return previous.copy()
        return data.null_theta()

    def _fit_theta(self, data, thresholds, l2):
        theta = self._start(data)
        if not getattr(self, "warm_start", False) and np.isfinite(thresholds[1:]).any():
            # start from proportional odds (same base penalty): always valid, and
            # where the penalised optimum touches the edge of the valid models
            # (crossing), the solver stops near it instead of near the null
            po = thresholds.copy()
            po[1:, 1:] = np.inf
            start_iter = solve(
                data, theta, po, l2, self.solver, self.tol, self.max_iter
            )[0]
        else:
            start_iter = 0
        n_iter, kkt, status = solve(
            data,
            theta,
            thresholds,
            l2,
            self.solver,
            self.tol,
            self.max_iter - start_iter,
        )
        # at least one: checking the start's optimality is an iteration's work
        n_iter = max(start_iter + n_iter, 1)
        message = convergence_message(
            type(self).__name__, n_iter, kkt, status, self.tol, self.max_iter
        )
        if message:
            warnings.warn(message, ConvergenceWarning, stacklevel=3)
        self._set_solution(data, theta, n_iter, on_edge=status == ON_EDGE)
        return self

    def _set_solution(self, data, theta, n_iter, on_edge=False):
        """Store ``theta`` and the coefficients on the original feature scale."""
        self._theta = theta
        self.on_edge_ = bool(on_edge)
        beta = np.cumsum(theta[:, 1:], axis=0) / data.scale
        self.coef_ = beta
        self.intercepts_ = theta[:, 0] - beta @ data.mean
        self.psi_ = np.diff(beta, axis=0, prepend=0.0)
        self.n_iter_ = n_iter

    # --- prediction ----------------------------------------------------------
    def _cumulative_logits(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", dtype=np.float64, reset=False)
        return np.asarray(X @ self.coef_.T) + self.intercepts_

    def cumulative_logits(self, X):
        """Cumulative logits ``logit P(y <= k | x)`` of the ``K - 1`` boundaries.

        ``intercepts_ + X @ coef_.T``, column ``k`` for the boundary between
        ``classes_[k]`` and ``classes_[k + 1]``. Unlike :meth:`predict_proba`,
        crossing curves (decreasing along a row) are returned as they are.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        logits : ndarray of shape (n_samples, n_classes - 1)
        """
        return self._cumulative_logits(X)

    def decision_function(self, X):
        """One score per class whose largest value is the predicted class.

        As scikit-learn's classifiers: with three or more classes the scores
        are the log class probabilities of :meth:`predict_proba` (floored at
        the log of the smallest positive float, so that a class repaired to
        probability zero stays finite), with two classes the log-odds of
        ``classes_[1]``, ``-(intercepts_ + X @ coef_.T)``. The ordinal model's
        own scores are :meth:`cumulative_logits`.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        scores : ndarray of shape (n_samples, n_classes) or (n_samples,)
        """
        check_is_fitted(self)
        if len(self.classes_) == 2:
            return -self._cumulative_logits(X)[:, 0]
        proba = self.predict_proba(X)
        return np.log(np.maximum(proba, np.finfo(float).tiny))

    def predict_proba(self, X):
        """Class probabilities; crossing cumulative curves follow ``crossing``.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
            Non-negative, rows summing to one, columns in ``classes_`` order.
        """
        eta = self._cumulative_logits(X)
        cumulative = 0.5 * (1.0 + np.tanh(0.5 * eta))  # sigmoid without overflow
        crossed = (np.diff(cumulative, axis=1) < 0).any(axis=1)
        if crossed.any():
            cumulative = self._repair(cumulative, int(crossed.sum()))
        n = len(cumulative)
        edges = np.hstack([np.zeros((n, 1)), cumulative, np.ones((n, 1))])
        return np.diff(edges, axis=1)

    def _repair(self, cumulative, n_crossed):
        message = (
            f"{n_crossed} of {len(cumulative)} rows have crossing cumulative "
            "probabilities (a class would get a negative probability)"
        )
        if self.crossing == "raise":
            raise ValueError(message + "; crossing='raise'.")
        if self.crossing == "rearrange":
            fixed = np.sort(cumulative, axis=1)
            how = "sorted each row's cumulative probabilities (monotone rearrangement)"
        else:
            fixed = np.maximum.accumulate(cumulative, axis=1)
            how = "raised each cumulative probability to the running maximum"
        warnings.warn(f"{message}; {how}.", CrossingWarning, stacklevel=3)
        return fixed

    def predict_log_proba(self, X):
        """Logarithm of :meth:`predict_proba`."""
        with np.errstate(divide="ignore"):
            return np.log(self.predict_proba(X))

    def predict(self, X):
        """Most probable class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        proba = self.predict_proba(X)
        return self.classes_[np.argmax(proba, axis=1)]
