"""Cross-validated tuning of a cost-sensitive decision rule, any number of classes."""

import numbers

import numpy as np
from sklearn.base import _fit_context
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils._param_validation import HasMethods, Interval

from ._decisions import _bayes_decisions, _check_fit_targets, _ProbabilisticWrapper


class CostSensitiveThresholdCV(_ProbabilisticWrapper):
    """Tune class weights on the probabilities to minimise cross-validated cost.

    Predicts ``argmin_j sum_i w_i p(i | x) C[i, j]``. With ``w = 1`` this is the
    Bayes minimum-risk rule of :class:`CostSensitiveClassifier`, which is only
    optimal for calibrated probabilities; here ``w`` (``w_0 = 1``) is chosen by
    coordinate search on a log grid to minimise the expected cost of the
    out-of-fold predictions, then the estimator is refitted on all the data.
    For two classes this tunes the decision threshold (``threshold_``); unlike
    :class:`~sklearn.model_selection.TunedThresholdClassifierCV` it takes a cost
    matrix and any number of classes.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
    cost_matrix : array-like of shape (n_classes, n_classes), DataFrame or None, \
            default=None
        ``cost_matrix[true, predicted]``; ``None`` means 0-1 costs.
    cv : int or cross-validation generator, default=5
    n_grid : int, default=41
        Weights tried per class: ``logspace(-2, 2, n_grid)`` (1 included).
    n_passes : int, default=3
        Coordinate-search passes over the classes.
    n_jobs : int, default=None

    Attributes
    ----------
    estimator_ : classifier
        Refitted on all the data.
    classes_ : ndarray
    cost_matrix_ : ndarray
    weights_ : ndarray of shape (n_classes,)
    cv_cost_ : float
        Cross-validated expected cost with ``weights_``.
    cv_cost_untuned_ : float
        The same with all weights 1 (plain Bayes decisions).
    threshold_ : float
        Two classes only: ``classes_[1]`` is predicted when the estimator's
        own probability of it is above this.
    n_features_in_ : int

    See Also
    --------
    CostSensitiveClassifier

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
        "n_grid": [Interval(numbers.Integral, 3, None, closed="left")],
        "n_passes": [Interval(numbers.Integral, 1, None, closed="left")],
        "n_jobs": [numbers.Integral, None],
    }

    def __init__(
        self, estimator, cost_matrix=None, *, cv=5, n_grid=41, n_passes=3, n_jobs=None
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
        y, sample_weight = _check_fit_targets(X, y, sample_weight)
        self._fit_estimator(X, y, self.estimator, sample_weight, **fit_params)
        self._set_cost_matrix()
        k = len(self.classes_)
        y_index = np.searchsorted(self.classes_, y)
        cv = self.cv
        if isinstance(cv, numbers.Integral):
            n_min = np.bincount(y_index).min()
            cv = StratifiedKFold(n_splits=max(2, min(cv, n_min)))
        params = self._estimator_fit_params(self.estimator, sample_weight, fit_params)
        proba = cross_val_predict(
            self.estimator,
            X,
            y,
            cv=cv,
            method="predict_proba",
            n_jobs=self.n_jobs,
            params=params,
        )

        def cost_of(weights):
            decisions = _bayes_decisions(proba * weights, self.cost_matrix_)
            return float(
                np.average(self.cost_matrix_[y_index, decisions], weights=sample_weight)
            )

        grid = np.logspace(-2, 2, self.n_grid)
        grid[np.argmin(np.abs(np.log(grid)))] = 1.0
        weights = np.ones(k)
        self.cv_cost_untuned_ = best = cost_of(weights)
        for _ in range(self.n_passes):
            improved = False
            for c in range(1, k):
                for value in grid:
                    trial = weights.copy()
                    trial[c] = value
                    cost = cost_of(trial)
                    if cost < best - 1e-12:
                        best, weights, improved = cost, trial, True
            if not improved:
                break
        self.weights_ = weights
        self.cv_cost_ = best
        if k == 2:
            (c00, c01), (c10, c11) = self.cost_matrix_
            w0, w1 = weights
            # predict 1 iff w1 p1 (c10 - c11) > w0 (1 - p1) (c01 - c00)
            a, b = w1 * (c10 - c11), w0 * (c01 - c00)
            self.threshold_ = float(b / (a + b)) if a + b > 0 else 0.5
        return self

    def predict(self, X):
        """Minimum cost decision with the tuned weights."""
        proba = self._proba(X)
        return self.classes_[_bayes_decisions(proba * self.weights_, self.cost_matrix_)]

    def predict_proba(self, X):
        """Probabilities reweighted by ``weights_`` and renormalised.

        Under 0-1 costs their argmax is :meth:`predict`; the estimator's own
        probabilities are ``estimator_.predict_proba(X)``.
        """
        weighted = self._proba(X) * self.weights_
        return weighted / weighted.sum(axis=1, keepdims=True)
