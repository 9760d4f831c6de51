"""PRESTO: L1 shrinkage of adjacent-class differences in ordinal regression."""

import numbers

import numpy as np
from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval

from ._base import BaseCumulativeLogit, frozen_thresholds, solve


def presto_thresholds(alpha, n_thresholds, n_features, penalize_base):
    """Per-coordinate L1 thresholds of PRESTO (intercepts never penalised)."""
    thresholds = np.full((n_thresholds, n_features + 1), float(alpha))
    thresholds[:, 0] = 0.0
    if not penalize_base:
        thresholds[0, 1:] = 0.0
    return thresholds


def presto_alpha_max(data, penalize_base):
    """Smallest ``alpha`` whose solution has every penalised ``psi`` at zero.

    Returns ``(alpha_max, theta_null)``: the KKT conditions at the fit with all
    penalised coordinates pinned at zero (the intercept-only model, or
    proportional odds when ``penalize_base=False``) hold for any
    ``alpha >= max |gradient|`` over those coordinates.
    """
    m, p = data.n_classes - 1, data.X.shape[1]
    theta = data.null_theta()
    if not penalize_base:
        solve(data, theta, frozen_thresholds(m, p, 1), 0.0, "newton", 1e-10, 200)
    grad = np.abs(data.gradient(theta))
    penalised = presto_thresholds(1.0, m, p, penalize_base) > 0
    return float(grad[penalised].max(initial=0.0)), theta


class PRESTO(BaseCumulativeLogit):
    """Ordinal logistic regression shrinking adjacent classes towards each other.

    The cumulative-logit model ``P(y <= k | x) = sigmoid(a_k + x @ beta_k)``
    (``k = 1 .. K-1``) is fitted with an L1 penalty on the differences
    ``psi_1 = beta_1``, ``psi_k = beta_k - beta_{k-1}``::

        -(1/n) loglik + alpha * sum_k ||psi_k||_1

    on standardised features. Large ``alpha`` fuses the class boundaries into
    proportional odds (all of them, including ``beta_1``, go to zero unless
    ``penalize_base=False``), ``alpha = 0`` is the unconstrained cumulative
    logit. In between, a rare class borrows strength from its neighbours, which
    is what makes its probability estimates better than a one-vs-rest logistic
    model or proportional odds (Faletto & Bien, 2023). Use :class:`PRESTOCV` to
    choose ``alpha``.

    Parameters
    ----------
    alpha : float, default=0.01
        Penalty strength (``lambda`` in the paper), on the scale of the mean
        negative log-likelihood.
    penalize_base : bool, default=True
        Penalise ``psi_1 = beta_1`` too, as the paper does. With ``False`` only
        the differences are penalised and large ``alpha`` gives exactly the
        proportional-odds fit.
    classes : array-like, default=None
        The classes in ordinal order (lowest first); ``None`` sorts the labels.
    standardize : bool, default=True
        Fit on features scaled to weighted mean 0 and standard deviation 1
        (constant features get coefficient 0); coefficients are reported on the
        original scale either way.
    tol : float, default=1e-7
        Stop when the KKT violation (max-norm of the distance of the negative
        gradient from the penalty's subdifferential) is at most ``tol``.
    max_iter : int, default=1000
        Newton or FISTA iterations.
    solver : {"auto", "newton", "fista"}, default="auto"
        Proximal Newton (exact Hessian, coordinate-descent sub-problems) or
        accelerated proximal gradient. Both backtrack on any step that makes a
        training probability non-positive. ``"auto"`` uses Newton up to
        1000 parameters ``(K-1)(p+1)``.
    warm_start : bool, default=False
        Start from the previous solution (same shapes) instead of the
        intercept-only fit.
    crossing : {"rearrange", "clip", "raise"}, default="rearrange"
        What :meth:`predict_proba` does for rows whose cumulative probabilities
        are not increasing (possible away from the training data, never on it):
        sort them (monotone rearrangement), take the running maximum, or raise.
        Both repairs emit a :class:`CrossingWarning` with the row count.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
        Classes in ordinal order.
    intercepts_ : ndarray of shape (n_classes - 1,)
    coef_ : ndarray of shape (n_classes - 1, n_features)
        ``beta_k`` on the original feature scale:
        ``logit P(y <= k | x) = intercepts_[k] + X @ coef_[k]``.
    psi_ : ndarray of shape (n_classes - 1, n_features)
        The differences ``coef_[0], coef_[1] - coef_[0], ...``; their zeros are
        the penalty's fusions.
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    Notes
    -----
    Every class probability of every training row must stay positive (the
    cumulative logits may not cross on the data), a convex constraint the
    solvers enforce by backtracking. For small ``alpha`` and a rare class the
    penalised optimum can lie on the edge of that region, where some training
    probability tends to zero (it happens in the paper's own simulation at
    ``0.01 * alpha_max``); there the KKT conditions of the unconstrained
    problem cannot hold and plain backtracking stalls short of the optimum.
    The solver detects the stall and follows a log-barrier path
    (``mu * mean_i sum_k -log P(y = k | x_i)``, ``mu`` from 1e-2 down to
    1e-6) to the edge optimum; ``on_edge_`` is then True. Fits start from the
    proportional-odds solution, which is always valid. Newton's metric on the
    barrier is primal-dual, and sub-problems that coordinate descent does not
    settle are finished by an active-set search; along :class:`PRESTOCV`'s
    path each penalty starts from its neighbour's solution and duals and goes
    straight to the last ``mu`` (a few Newton steps per penalty). Rows that
    repeat (same features and class) are merged into one weighted row.

    See Also
    --------
    PRESTOCV : Chooses ``alpha`` by cross-validation.
    OrdinalLogit : Proportional odds (optionally L2) and the unconstrained model.

    References
    ----------
    .. [1] G. Faletto, J. Bien, "Predicting rare events by shrinking towards
       proportional odds", ICML 2023.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.ordinal import PRESTO
    >>> rng = np.random.default_rng(0)
    >>> X = rng.uniform(-1, 1, size=(500, 3))
    >>> latent = X @ [2.0, -1.0, 0.0] + rng.logistic(size=500)
    >>> y = np.digitize(latent, [-1.0, 1.0, 2.5])
    >>> model = PRESTO(alpha=0.01).fit(X, y)
    >>> model.predict_proba(X[:2]).round(2)
    array([[0.16, 0.4 , 0.28, 0.16],
           [0.84, 0.13, 0.02, 0.01]])
    >>> bool((model.psi_[1:] == 0).any())
    True
    """

    _parameter_constraints: dict = {
        **BaseCumulativeLogit._parameter_constraints,
        "alpha": [Interval(numbers.Real, 0, None, closed="left")],
        "penalize_base": ["boolean"],
    }

    def __init__(
        self,
        alpha=0.01,
        *,
        penalize_base=True,
        classes=None,
        standardize=True,
        tol=1e-7,
        max_iter=1000,
        solver="auto",
        warm_start=False,
        crossing="rearrange",
    ):
        self.alpha = alpha
        self.penalize_base = penalize_base
        self.classes = classes
        self.standardize = standardize
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.warm_start = warm_start
        self.crossing = crossing

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit the penalised model.

        Parameters
        ----------
        X : {array-like, sparse matrix} of shape (n_samples, n_features)
            Sparse input is accepted and made dense for the fit (the features
            are standardised, which centres them), so it costs dense memory.
        y : array-like of shape (n_samples,)
            Ordinal labels.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : PRESTO
        """
        data = self._prepare(X, y, sample_weight)[0]
        thresholds = presto_thresholds(
            self.alpha, data.n_classes - 1, data.X.shape[1], self.penalize_base
        )
        return self._fit_theta(data, thresholds, 0.0)
