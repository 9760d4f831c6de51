"""Proportional odds and the unconstrained cumulative logit (PRESTO's limits)."""

import numbers

from sklearn.base import _fit_context
from sklearn.utils._param_validation import Interval

from ._base import BaseCumulativeLogit, frozen_thresholds


class OrdinalLogit(BaseCumulativeLogit):
    """Cumulative-logit (ordinal logistic) regression, optionally with a ridge.

    ``P(y <= k | x) = sigmoid(a_k + x @ beta_k)``. With
    ``proportional_odds=True`` every boundary shares one ``beta`` (the classic
    proportional-odds model, as statsmodels' ``OrderedModel`` with a logit link,
    whose ``x @ beta`` has the opposite sign); with ``False`` each boundary has
    its own, which is PRESTO at ``alpha = 0``. The same datafit and solvers as
    :class:`PRESTO`.

    Parameters
    ----------
    alpha : float, default=0.0
        Ridge strength: adds ``alpha / 2 * mean_k ||beta_k||^2`` (on the
        standardised scale if ``standardize``) to the mean negative
        log-likelihood; for proportional odds this is ``alpha / 2 * ||beta||^2``.
    proportional_odds : bool, default=True
        Share one coefficient vector across the class boundaries.
    classes, standardize, tol, max_iter, solver, warm_start, crossing
        As in :class:`PRESTO`.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    intercepts_ : ndarray of shape (n_classes - 1,)
    coef_ : ndarray of shape (n_classes - 1, n_features)
        One row per boundary (all equal under proportional odds).
    psi_ : ndarray of shape (n_classes - 1, n_features)
        Adjacent differences of ``coef_``.
    n_iter_ : int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    PRESTO : L1 shrinkage between these two extremes.

    References
    ----------
    .. [1] P. McCullagh, "Regression models for ordinal data", JRSS-B 42(2),
       1980.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.ordinal import OrdinalLogit
    >>> rng = np.random.default_rng(0)
    >>> X = rng.normal(size=(400, 2))
    >>> y = np.digitize(X @ [1.5, 0.0] + rng.logistic(size=400), [-1.0, 1.0])
    >>> model = OrdinalLogit().fit(X, y)
    >>> model.coef_.round(2)
    array([[-1.69,  0.07],
           [-1.69,  0.07]])
    """

    _parameter_constraints: dict = {
        **BaseCumulativeLogit._parameter_constraints,
        "alpha": [Interval(numbers.Real, 0, None, closed="left")],
        "proportional_odds": ["boolean"],
    }

    def __init__(
        self,
        alpha=0.0,
        *,
        proportional_odds=True,
        classes=None,
        standardize=True,
        tol=1e-7,
        max_iter=1000,
        solver="auto",
        warm_start=False,
        crossing="rearrange",
    ):
        self.alpha = alpha
        self.proportional_odds = proportional_odds
        self.classes = classes
        self.standardize = standardize
        self.tol = tol
        self.max_iter = max_iter
        self.solver = solver
        self.warm_start = warm_start
        self.crossing = crossing

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        # one slope for every boundary orders the classes along one direction;
        # classes that are not ordered (scikit-learn's check blobs) fit poorly
        tags.classifier_tags.poor_score = self.proportional_odds
        return tags

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Maximise the (ridge-penalised) likelihood.

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
        self : OrdinalLogit
        """
        data = self._prepare(X, y, sample_weight)[0]
        m, p = data.n_classes - 1, data.X.shape[1]
        thresholds = frozen_thresholds(m, p, 1 if self.proportional_odds else m)
        return self._fit_theta(data, thresholds, self.alpha)
