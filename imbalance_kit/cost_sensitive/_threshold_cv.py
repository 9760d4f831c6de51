"""Cross-validated tuning of a cost-sensitive decision rule, any number of classes."""

import numbers
import warnings

import numpy as np
from scipy.special import expit
from sklearn.base import _fit_context
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils._param_validation import HasMethods, Interval, StrOptions
from sklearn.utils.validation import check_is_fitted

from ._decisions import _check_fit_targets, _ProbabilisticWrapper

# Log-probabilities are floored here: a probability of exactly 0 (a pure tree
# leaf, a class missing from a fold) would otherwise be out of reach of every
# finite weight, so "predict the class for every row" could never be chosen.
_LOG_FLOOR = -1e4


def _floored(log_proba):
    return np.maximum(log_proba, _LOG_FLOOR)


def _log_proba(estimator, X):
    """Log-probabilities; from ``predict_log_proba`` when the model has it.

    Overconfident models (naive Bayes) round many probabilities to exactly 0 or
    1, which ties rows that their log-probabilities still rank.
    """
    # some models' predict_log_proba is log(predict_proba): log(0) is expected
    with np.errstate(divide="ignore"):
        if hasattr(estimator, "predict_log_proba"):
            return _floored(estimator.predict_log_proba(X))
        return _floored(np.log(estimator.predict_proba(X)))


def _weighted_decisions(log_proba, log_weights, costs):
    """``argmin_j sum_i w_i p_i C[i, j]``, computed without over/underflow."""
    scores = log_proba + log_weights
    scores = scores - scores.max(axis=1, keepdims=True)
    return np.argmin(np.exp(scores) @ costs, axis=1)


def _cost(decisions, y_index, costs, sample_weight):
    return float(np.average(costs[y_index, decisions], weights=sample_weight))


def _line_search(log_proba, log_weights, c, y_index, costs, sample_weight):
    """Exact minimum over ``u = log w_c`` of the cost, the other weights fixed.

    Each row's expected cost of decision ``j`` is ``A_j + x * C[c, j]`` with
    ``x`` proportional to ``w_c``: its decision follows the lower envelope of
    these lines, so it changes at most ``K - 1`` times as ``w_c`` grows. All
    change points are collected, sorted and swept; the cost is constant
    between them, so the minimum over all of ``(0, inf)`` is found exactly (no
    grid, no edge). Returns ``(u, cost)`` at the middle of the best interval,
    preferring the interval holding the current weight, then the nearest.
    """
    n, k = log_proba.shape
    weight = np.ones(n) if sample_weight is None else sample_weight
    others = np.delete(np.arange(k), c)
    scores = log_proba[:, others] + log_weights[others]
    shift = scores.max(axis=1, keepdims=True)  # finite: rows are probabilities
    A = np.exp(scores - shift) @ costs[others]  # (n, k)
    slope = costs[c]  # (k,)
    # u = log x - (log p_c - shift): where x (the class-c term's scale) is 1
    offset = shift[:, 0] - log_proba[:, c]
    # envelope start at x -> 0: least A, ties to the least slope, then index
    least = A == A.min(axis=1, keepdims=True)
    current = np.argmin(np.where(least, slope[None, :], np.inf), axis=1)
    rows = np.arange(n)
    x_now = np.zeros(n)
    events_u, events_delta = [], []
    start = current.copy()
    active = np.isfinite(offset)
    for _ in range(k - 1):
        cur_slope = slope[current]
        cur_A = A[rows, current]
        lower = slope[None, :] < cur_slope[:, None]
        with np.errstate(divide="ignore", invalid="ignore"):
            cross = (A - cur_A[:, None]) / (cur_slope[:, None] - slope[None, :])
        cross = np.where(lower, np.maximum(cross, x_now[:, None]), np.inf)
        # first crossing; among equal crossings the least slope wins
        first = cross.min(axis=1)
        tied = cross == first[:, None]
        nxt = np.argmin(np.where(tied, slope[None, :], np.inf), axis=1)
        moves = active & np.isfinite(first) & (first > 0)
        if not moves.any():
            break
        with np.errstate(divide="ignore"):
            u = np.log(first[moves]) + offset[moves]
        delta = weight[moves] * (
            costs[y_index[moves], nxt[moves]] - costs[y_index[moves], current[moves]]
        )
        events_u.append(u)
        events_delta.append(delta)
        current = np.where(moves, nxt, current)
        x_now = np.where(moves, first, x_now)
        active = moves
    total = weight.sum()
    base = float(np.sum(weight * costs[y_index, start]))
    if events_u:
        u = np.concatenate(events_u)
        delta = np.concatenate(events_delta)
        keep = np.isfinite(u)
        u, delta = u[keep], delta[keep]
    else:
        u = delta = np.empty(0)
    order = np.argsort(u, kind="stable")
    u, delta = u[order], delta[order]
    # merge equal change points: the cost is defined between distinct ones
    points, first_index = np.unique(u, return_index=True)
    summed = np.add.reduceat(delta, first_index) if len(u) else delta
    interval_cost = (base + np.concatenate([[0.0], np.cumsum(summed)])) / total
    # interval i lies between points[i - 1] and points[i]
    lows = np.concatenate([[-np.inf], points])
    highs = np.concatenate([points, [np.inf]])
    best = interval_cost.min()
    candidates = np.flatnonzero(interval_cost <= best + 1e-12 * max(1.0, abs(best)))
    current_u = log_weights[c]
    inside = candidates[
        (lows[candidates] < current_u) & (current_u < highs[candidates])
    ]
    if inside.size:
        return current_u, float(interval_cost[inside[0]])
    distance = np.minimum(
        np.abs(lows[candidates] - current_u), np.abs(highs[candidates] - current_u)
    )
    i = candidates[np.argmin(distance)]
    low, high = lows[i], highs[i]
    if np.isinf(low) and np.isinf(high):
        u_best = current_u
    elif np.isinf(low):
        u_best = high - 1.0
    elif np.isinf(high):
        u_best = low + 1.0
    else:
        u_best = 0.5 * (low + high)
    return float(u_best), float(interval_cost[i])


class CostSensitiveThresholdCV(_ProbabilisticWrapper):
    """Tune class weights on the probabilities to minimise cross-validated cost.

    Predicts ``argmin_j sum_i w_i p(i | x) C[i, j]``. With ``w = 1`` this is the
    Bayes minimum-risk rule of :class:`CostSensitiveClassifier`, which is only
    optimal for calibrated probabilities; here ``w`` (``w_0 = 1``) is chosen to
    minimise the expected cost of the out-of-fold predictions, then the
    estimator is refitted on all the data.

    The search has no grid: for one weight, every row's decision changes at
    most ``K - 1`` times as the weight grows, so all change points are found,
    sorted and swept, and the cost's minimum over ``(0, inf)`` is exact. For
    two classes that is the best threshold on the out-of-fold log-odds (a
    single weight); for more, the weights are searched one at a time, each
    exactly, for ``n_passes`` passes. Log-probabilities are used where the
    model has ``predict_log_proba``, so rows an overconfident model gives a
    probability of exactly 0 or 1 are still told apart; they are floored at
    -10,000, so that a class given probability 0 (a pure tree leaf) can still
    be predicted by a large enough weight (as a threshold of 0 does for
    scikit-learn's tuner).

    Compared with :class:`~sklearn.model_selection.TunedThresholdClassifierCV`
    (binary only, any scorer, ``n_thresholds`` candidate thresholds per fold):
    with the same folds this reaches the lowest out-of-fold cost over all
    thresholds, so its cross-validated cost is never above that one's; it
    takes a cost matrix and any number of classes. Use scikit-learn's to tune
    for a score that is not a cost (F1, recall at a given precision, ...).
    Neither beats the plain Bayes rule of :class:`CostSensitiveClassifier`
    when the probabilities are already calibrated (see
    ``benchmarks/threshold_cv.py``).

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
    cost_matrix : array-like of shape (n_classes, n_classes), DataFrame or None, \
            default=None
        ``cost_matrix[true, predicted]``; ``None`` means 0-1 costs.
    cv : int or cross-validation generator, default=5
        An integer means that many stratified folds (fewer if a class has
        fewer rows).
    n_grid : int, default="deprecated"
        No effect (the search is exact); setting it warns. Will be removed.
    n_passes : int, default=3
        Passes of the one-weight-at-a-time search (more than two classes).
    n_jobs : int, default=None
        Folds fitted in parallel.

    Attributes
    ----------
    estimator_ : classifier
        Refitted on all the data.
    classes_ : ndarray
    cost_matrix_ : ndarray
    weights_ : ndarray of shape (n_classes,)
        ``w`` (``weights_[0] == 1``); may be tiny or huge for an overconfident
        model.
    log_weights_ : ndarray of shape (n_classes,)
        ``log(weights_)``, used by :meth:`predict` (no overflow).
    cv_cost_ : float
        Cross-validated expected cost with ``weights_`` (weighted by
        ``sample_weight`` if given).
    cv_cost_untuned_ : float
        The same with all weights 1 (plain Bayes decisions).
    threshold_ : float
        Two classes only: ``classes_[1]`` is predicted when the estimator's
        own probability of it is above this (exactly so on the log-odds, which
        :meth:`predict` uses; in probabilities a threshold that rounds to 0
        also takes the rows of probability 0).
    n_features_in_ : int

    See Also
    --------
    CostSensitiveClassifier
    sklearn.model_selection.TunedThresholdClassifierCV

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.naive_bayes import GaussianNB
    >>> from imbalance_kit.cost_sensitive import CostSensitiveThresholdCV
    >>> X, y = make_classification(n_samples=600, weights=[0.9], random_state=0)
    >>> model = CostSensitiveThresholdCV(GaussianNB(), [[0, 1], [10, 0]]).fit(X, y)
    >>> model.cv_cost_ <= model.cv_cost_untuned_
    True
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
        "cost_matrix": ["array-like", None],
        "cv": ["cv_object"],
        "n_grid": [
            Interval(numbers.Integral, 3, None, closed="left"),
            StrOptions({"deprecated"}),
        ],
        "n_passes": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self,
        estimator,
        cost_matrix=None,
        *,
        cv=5,
        n_grid="deprecated",
        n_passes=3,
        n_jobs=None,
    ):
        self.estimator = estimator
        self.cost_matrix = cost_matrix
        self.cv = cv
        self.n_grid = n_grid
        self.n_passes = n_passes
        self.n_jobs = n_jobs

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Tune the weights by cross-validation, then refit on all the data.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the estimator's ``fit`` (in each fold and in the refit)
            and weights the cross-validated cost.
        **fit_params : dict
            Other parameters for the estimator's ``fit``; only with metadata
            routing enabled.

        Returns
        -------
        self : CostSensitiveThresholdCV
        """
        if self.n_grid != "deprecated":
            warnings.warn(
                "n_grid has no effect and will be removed: the weights are now "
                "searched exactly, with no grid.",
                FutureWarning,
                stacklevel=2,
            )
        y, sample_weight = _check_fit_targets(X, y, sample_weight)
        self._fit_estimator(X, y, self.estimator, sample_weight, **fit_params)
        self._set_cost_matrix()
        costs = self.cost_matrix_
        k = len(self.classes_)
        y_index = np.searchsorted(self.classes_, y)
        if sample_weight is not None:
            totals = np.bincount(y_index, weights=sample_weight, minlength=k)
            if not (totals > 0).all():
                empty = self.classes_[totals == 0].tolist()
                raise ValueError(
                    f"sample_weight gives classes {empty} "
                    "zero total weight: the weighted cross-validated cost would not "
                    "count their errors, so their weights cannot be tuned. Give each "
                    "class some weight, or drop the class."
                )
        cv = self.cv
        if isinstance(cv, numbers.Integral):
            n_min = np.bincount(y_index).min()
            cv = StratifiedKFold(n_splits=max(2, min(cv, n_min)))
        params = self._estimator_fit_params(self.estimator, sample_weight, fit_params)
        method = (
            "predict_log_proba"
            if hasattr(self.estimator, "predict_log_proba")
            else "predict_proba"
        )
        with np.errstate(divide="ignore"):
            out_of_fold = cross_val_predict(
                self.estimator,
                X,
                y,
                cv=cv,
                method=method,
                n_jobs=self.n_jobs,
                params=params,
            )
            if method == "predict_proba":
                out_of_fold = np.log(out_of_fold)
        out_of_fold = _floored(out_of_fold)
        log_weights = np.zeros(k)
        best = _cost(
            _weighted_decisions(out_of_fold, log_weights, costs),
            y_index,
            costs,
            sample_weight,
        )
        self.cv_cost_untuned_ = best
        for _ in range(self.n_passes):
            improved = False
            for c in range(1, k):
                u, cost = _line_search(
                    out_of_fold, log_weights, c, y_index, costs, sample_weight
                )
                if cost < best - 1e-12 * max(1.0, abs(best)):
                    improved = True
                best = min(best, cost)
                log_weights[c] = u
            if not improved:
                break
        self.log_weights_ = log_weights
        with np.errstate(over="ignore"):
            self.weights_ = np.exp(log_weights)
        self.cv_cost_ = _cost(
            _weighted_decisions(out_of_fold, log_weights, costs),
            y_index,
            costs,
            sample_weight,
        )
        if k == 2:
            (c00, c01), (c10, c11) = costs
            # predict 1 iff w1 p1 (c10 - c11) > p0 (c01 - c00), i.e. p1 above
            # b / (a + b) with a = w1 (c10 - c11), b = c01 - c00
            a_log = log_weights[1] + np.log(c10 - c11) if c10 > c11 else -np.inf
            b_log = np.log(c01 - c00) if c01 > c00 else -np.inf
            self.threshold_ = (
                float(expit(b_log - a_log))
                if np.isfinite([a_log, b_log]).any()
                else 0.5
            )
        return self

    def predict(self, X):
        """Minimum cost decision with the tuned weights."""
        check_is_fitted(self, "estimator_")
        log_proba = _log_proba(self.estimator_, X)
        decisions = _weighted_decisions(log_proba, self.log_weights_, self.cost_matrix_)
        return self.classes_[decisions]

    def predict_proba(self, X):
        """Probabilities reweighted by ``weights_`` and renormalised.

        Under 0-1 costs their argmax is :meth:`predict`; the estimator's own
        probabilities are ``estimator_.predict_proba(X)``.
        """
        check_is_fitted(self, "estimator_")
        scores = _log_proba(self.estimator_, X) + self.log_weights_
        scores = scores - scores.max(axis=1, keepdims=True)
        weighted = np.exp(scores)
        return weighted / weighted.sum(axis=1, keepdims=True)
