"""PRESTOCV: PRESTO along a regularisation path, alpha chosen by K-fold CV."""

import numbers
import warnings

import numpy as np
from joblib import Parallel, delayed, effective_n_jobs
from sklearn.base import _fit_context
from sklearn.exceptions import ConvergenceWarning
from sklearn.metrics import check_scoring
from sklearn.model_selection import check_cv
from sklearn.utils._param_validation import Interval

from .._numba import _ordinal_solvers as _kernels
from .._numba._ordinal_solvers import CONVERGED, ON_EDGE
from ..utils._progress import report
from ._base import (
    BaseCumulativeLogit,
    CrossingWarning,
    EdgeState,
    OrdinalData,
    convergence_message,
    select_solvers,
    solve,
)
from ._presto import PRESTO, presto_alpha_max, presto_thresholds


def neg_brier_score(model, X, y, sample_weight=None):
    """Negative multiclass Brier score ``-mean_i sum_k (p_ik - [y_i = k])^2``."""
    proba = model.predict_proba(X)
    onehot = (np.asarray(y)[:, None] == model.classes_[None, :]).astype(float)
    squared_errors = ((proba - onehot) ** 2).sum(axis=1)
    return -float(np.average(squared_errors, weights=sample_weight))


def presto_path(data, alphas, theta, penalize_base, solver, tol, max_iter):
    """Solutions for decreasing ``alphas``, each warm-started from the last.

    Yields ``(theta, n_iter, kkt, status)`` per alpha (``theta`` is a copy).
    """
    m, p = data.n_classes - 1, data.X.shape[1]
    theta = theta.copy()
    # smaller alphas stay on the edge: once there, continue on the barrier
    state = EdgeState(data)
    for alpha in alphas:
        thresholds = presto_thresholds(alpha, m, p, penalize_base)
        n_iter, kkt, status = solve(
            data, theta, thresholds, 0.0, solver, tol, max_iter, state
        )
        yield theta.copy(), n_iter, kkt, status


class PRESTOCV(BaseCumulativeLogit):
    """PRESTO with ``alpha`` chosen by cross-validation along a path.

    The path has ``n_alphas`` log-spaced values from ``alpha_max`` (the
    smallest ``alpha`` fusing everything, computed on the full data) down to
    ``eps * alpha_max``; each fold fits the whole path with warm starts. The
    default criterion is the mean multiclass Brier score, as in the paper; the
    largest ``alpha`` among those with the best mean score is kept and the
    model is refitted on all the data.

    Parameters
    ----------
    alphas : array-like, default=None
        Penalty values to try (sorted decreasingly); ``None`` builds the path.
    n_alphas : int, default=20
    eps : float, default=0.01
        ``alpha_min / alpha_max`` of the built path.
    cv : int, cross-validation generator or iterable, default=5
        As in scikit-learn; an int means stratified K-fold.
    scoring : str or callable, default=None
        A scikit-learn scorer (greater is better); ``None`` is the negative
        multiclass Brier score.
    penalize_base, classes, standardize, tol, max_iter, solver, crossing
        As in :class:`PRESTO`.
    n_jobs : int, default=None
        Threads fitting folds in parallel, used when the whole run is large
        enough for the compiled solvers, which release the GIL (their first
        compilation takes about 15 s, announced on stderr). Smaller runs fit
        the folds one after another on the numpy engine, which threads would
        only slow down; the two engines agree to rounding.
    verbose : int, default=0
        Show progress over the folds (tqdm if installed).

    Attributes
    ----------
    alpha_ : float
        The chosen penalty.
    alphas_ : ndarray of shape (n_alphas,)
    alpha_max_ : float
    cv_results_ : dict of ndarrays
        ``alpha``, ``mean_test_score``, ``std_test_score``, ``rank_test_score``
        and ``split{i}_test_score`` per alpha, for plotting, and
        ``n_folds_short_of_tol``: in how many folds the fit stopped before
        ``tol`` (typically at the edge of the valid models for small alphas, see
        :class:`PRESTO`). Only the refit at ``alpha_`` warns.
    best_score_ : float
    classes_, intercepts_, coef_, psi_, n_iter_, n_features_in_, feature_names_in_
        Of the refitted model, as in :class:`PRESTO`.

    See Also
    --------
    PRESTO : The estimator at a fixed ``alpha``.

    References
    ----------
    .. [1] G. Faletto, J. Bien, "Predicting rare events by shrinking towards
       proportional odds", ICML 2023.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.ordinal import PRESTOCV
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, size=(500, 3))
    >>> y = np.digitize(X @ [2.0, -1.0, 0.0] + rng.logistic(size=500), [-1, 1, 2.5])
    >>> model = PRESTOCV(n_alphas=10).fit(X, y)
    >>> bool(model.alphas_[-1] <= model.alpha_ <= model.alphas_[0])
    True
    >>> model.predict_proba(X[:1]).shape
    (1, 4)
    """

    _parameter_constraints: dict = {
        **{
            key: value
            for key, value in BaseCumulativeLogit._parameter_constraints.items()
            if key != "warm_start"
        },
        "alphas": ["array-like", None],
        "n_alphas": [Interval(numbers.Integral, 1, None, closed="left")],
        "eps": [Interval(numbers.Real, 0, 1, closed="neither")],
        "cv": ["cv_object"],
        "scoring": [str, callable, None],
        "penalize_base": ["boolean"],
        "n_jobs": [numbers.Integral, None],
        "verbose": ["verbose"],
    }

    def __init__(
        self,
        *,
        alphas=None,
        n_alphas=20,
        eps=0.01,
        cv=5,
        scoring=None,
        penalize_base=True,
        classes=None,
        standardize=True,
        tol=1e-7,
        max_iter=1000,
        solver="auto",
        n_jobs=None,
        crossing="rearrange",
        verbose=0,
    ):
        self.alphas = alphas
        self.n_alphas = n_alphas
        self.eps = eps
        self.cv = cv
        self.scoring = scoring
        self.penalize_base = penalize_base
        self.classes = classes
        self.standardize = standardize
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.n_jobs = n_jobs
        self.crossing = crossing
        self.verbose = verbose

    def _presto(self, alpha=0.0):
        return PRESTO(
            alpha,
            penalize_base=self.penalize_base,
            classes=self.classes_,
            standardize=self.standardize,
            tol=self.tol,
            max_iter=self.max_iter,
            solver=self.solver,
            crossing=self.crossing,
        )

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Cross-validate the path, choose ``alpha_`` and refit on all data.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Sparse input is accepted and made dense for the fit (the features
            are standardised, which centres them), so it costs dense memory.
        y : array-like of shape (n_samples,)
            Ordinal labels.
        sample_weight : array-like of shape (n_samples,), default=None
            Used in the fits and in the default score.

        Returns
        -------
        self : PRESTOCV
        """
        data, X, codes, weights = self._prepare(X, y, sample_weight)
        folds = list(check_cv(self.cv, codes, classifier=True).split(X, codes))
        n_alphas = self.n_alphas if self.alphas is None else np.size(self.alphas)
        n_threads = min(effective_n_jobs(self.n_jobs), len(folds))
        data.solvers = select_solvers(
            len(data.y), data.n_params, n_alphas * (len(folds) + 1), n_threads
        )
        if data.solvers is not _kernels:
            n_threads = 1  # the numpy engine holds the GIL between BLAS calls
        alpha_max, theta_null = presto_alpha_max(data, self.penalize_base)
        if self.alphas is None:
            alphas = alpha_max * np.geomspace(1.0, self.eps, self.n_alphas)
        else:
            alphas = np.sort(np.asarray(self.alphas, dtype=float).ravel())[::-1]
            if alphas.size == 0 or (alphas < 0).any():
                raise ValueError(
                    f"alphas must be non-negative and not empty; got {self.alphas}."
                )
        scorer = (
            neg_brier_score
            if self.scoring is None
            else check_scoring(self._presto(), scoring=self.scoring)
        )
        results = list(
            report(
                Parallel(n_jobs=n_threads, prefer="threads", return_as="generator")(
                    delayed(self._fold_scores)(
                        X, codes, weights, train, test, alphas, scorer, data.solvers
                    )
                    for train, test in folds
                ),
                verbose=self.verbose,
                desc=f"PRESTOCV: folds done ({len(alphas)} alphas each)",
                total=len(folds),
            )
        )
        scores = np.array([fold_scores for fold_scores, _ in results])
        short = np.array([fold_short for _, fold_short in results])
        mean = scores.mean(axis=0)
        best = int(np.argmax(mean))  # ties: the first, i.e. the largest alpha
        _warn_if_at_an_end(best, alphas, self.cv)
        self.alphas_ = alphas
        self.alpha_max_ = alpha_max
        self.alpha_ = float(alphas[best])
        self.best_score_ = float(mean[best])
        self.cv_results_ = {
            "alpha": alphas,
            "mean_test_score": mean,
            "std_test_score": scores.std(axis=0),
            "rank_test_score": _rank_descending(mean),
            **{f"split{i}_test_score": s for i, s in enumerate(scores)},
            "n_folds_short_of_tol": short.sum(axis=0),
        }
        for theta, n_iter, kkt, status in presto_path(  # noqa: B007 (keep the last)
            data,
            alphas[: best + 1],
            theta_null,
            self.penalize_base,
            self.solver,
            self.tol,
            self.max_iter,
        ):
            pass
        message = convergence_message(
            "PRESTOCV (refit at alpha_)", n_iter, kkt, status, self.tol, self.max_iter
        )
        if message:
            warnings.warn(message, ConvergenceWarning, stacklevel=2)
        self._set_solution(data, theta, n_iter, on_edge=status == ON_EDGE)
        return self

    def _fold_scores(self, X, codes, weights, train, test, alphas, scorer, solvers):
        data = OrdinalData(
            X[train],
            codes[train],
            weights[train],
            len(self.classes_),
            self.standardize,
            solvers,
        )
        _, theta = presto_alpha_max(data, self.penalize_base)
        model = self._presto()
        model.classes_ = self.classes_
        model.n_features_in_ = X.shape[1]
        scores = np.empty(len(alphas))
        short = np.zeros(len(alphas), dtype=int)
        for i, (theta_i, n_iter, _, status) in enumerate(
            presto_path(
                data,
                alphas,
                theta,
                self.penalize_base,
                self.solver,
                self.tol,
                self.max_iter,
            )
        ):
            short[i] = status not in (CONVERGED, ON_EDGE)
            model._set_solution(data, theta_i, n_iter)
            with warnings.catch_warnings():
                # CV scores use the repaired probabilities, as predictions would
                warnings.simplefilter("ignore", CrossingWarning)
                scores[i] = scorer(
                    model,
                    X[test],
                    self.classes_[codes[test]],
                    sample_weight=weights[test],
                )
        return scores, short


def _rank_descending(values):
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.int32)
    ranks[order] = np.arange(1, len(values) + 1)
    return ranks


class PathEndWarning(UserWarning):
    """The alpha chosen by cross-validation is at an end of the path."""


def _warn_if_at_an_end(best, alphas, cv):
    """Say when the best score is at an end of the path: the optimum may lie
    beyond it, or (at the largest alpha, an intercept-only model) the folds
    may not be exchangeable, e.g. unshuffled folds of rows sorted by a
    feature."""
    if len(alphas) < 2:
        return
    if best == 0:
        warnings.warn(
            f"PRESTOCV chose the largest alpha of the path ({alphas[0]:.4g}): "
            "every psi is fused to zero, an intercept-only model unless "
            "penalize_base=False. If the rows are sorted (by a feature, by time), "
            f"unshuffled folds (cv={cv!r}) test each part on a model of the "
            "others; pass cv=StratifiedKFold(5, shuffle=True, random_state=0). "
            "Otherwise the features may carry no signal about the classes.",
            PathEndWarning,
            stacklevel=3,
        )
    elif best == len(alphas) - 1:
        warnings.warn(
            f"PRESTOCV chose the smallest alpha of the path ({alphas[-1]:.4g}); "
            "the best penalty may be smaller: lower eps or extend alphas.",
            PathEndWarning,
            stacklevel=3,
        )
