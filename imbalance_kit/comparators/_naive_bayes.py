"""Gaussian naive Bayes with one variance per feature shared by all classes."""

import numbers

import numpy as np
import scipy.sparse as sp
from scipy.special import logsumexp
from sklearn.base import BaseEstimator, ClassifierMixin, _fit_context
from sklearn.utils._param_validation import Interval
from sklearn.utils.extmath import safe_sparse_dot
from sklearn.utils.multiclass import (
    _check_partial_fit_first_call,
    check_classification_targets,
)
from sklearn.utils.sparsefuncs import mean_variance_axis, min_max_axis
from sklearn.utils.validation import (
    _check_sample_weight,
    check_is_fitted,
    validate_data,
)


def _max_abs(X):
    """Largest magnitude per feature (dense or CSR)."""
    if sp.issparse(X):
        low, high = min_max_axis(X, axis=0)
        return np.maximum(np.abs(low), np.abs(high))
    return np.max(np.abs(X), axis=0)


def _scaled(X, exponent):
    """``X / 2**exponent`` per feature, exactly; CSR stays CSR."""
    if sp.issparse(X):
        X = X.astype(np.float64, copy=True)
        X.data = np.ldexp(X.data, -exponent[X.indices])
        return X
    return np.ldexp(np.asarray(X, dtype=np.float64), -exponent)


def _mean_var(X, weights=None):
    """Weighted per-feature mean and (biased) variance, dense or CSR."""
    if sp.issparse(X):
        return mean_variance_axis(X, axis=0, weights=weights)
    mean = np.average(X, axis=0, weights=weights)
    return mean, np.average((X - mean) ** 2, axis=0, weights=weights)


class SharedVarianceGaussianNB(ClassifierMixin, BaseEstimator):
    """Gaussian naive Bayes whose per-feature variance is shared by the classes.

    Each class ``k`` has its own mean ``theta_k``; feature ``j`` has the variance
    ``sigma_j^2 = sum_k pi_k sigma_kj^2`` (the class variances weighted by the
    class priors), as in Zheng et al. (2023). The class log-posterior is then
    linear in ``x``:
    ``log pi_k + x @ (theta_k / sigma^2) - 0.5 * sum(theta_k^2 / sigma^2)`` up to a
    constant, so this model is the generative twin of (multinomial) logistic
    regression, unlike :class:`sklearn.naive_bayes.GaussianNB`, whose per-class
    variances make it quadratic.

    Parameters
    ----------
    priors : array-like of shape (n_classes,), default=None
        Class priors; ``None`` uses the class frequencies.
    var_smoothing : float, default=1e-9
        Added to the variances, as a fraction of the largest feature variance.

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    class_count_ : ndarray of shape (n_classes,)
    class_prior_ : ndarray of shape (n_classes,)
    theta_ : ndarray of shape (n_classes, n_features)
        Class means.
    var_ : ndarray of shape (n_classes, n_features)
        Class variances (before sharing).
    shared_var_ : ndarray of shape (n_features,)
        The shared variance, smoothing included.
    coef_ : ndarray of shape (n_classes, n_features)
    intercept_ : ndarray of shape (n_classes,)
        The linear joint log-likelihood ``X @ coef_.T + intercept_``. Both are
        computed on X divided per feature by a power of two (exact), so values
        near 1e300 or 1e-300 give the same model as unscaled data; ``theta_``,
        ``var_``, ``shared_var_`` and ``epsilon_`` are in X's own units and
        overflow to inf (or underflow to 0) only where float64 cannot hold
        them.
    epsilon_ : float
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    sklearn.naive_bayes.GaussianNB : One variance per class and feature.
    sklearn.linear_model.LogisticRegression : The discriminative counterpart.

    References
    ----------
    .. [1] C. Zheng, G. Wu, F. Bao, Y. Cao, C. Li, J. Zhu, "Revisiting
       discriminative vs. generative classifiers: theory and implications",
       ICML 2023.

    Examples
    --------
    >>> import numpy as np
    >>> from imbalance_kit.comparators import SharedVarianceGaussianNB
    >>> X = np.array([[-2.0, 0.0], [-1.0, 1.0], [1.0, 0.0], [2.0, 1.0]])
    >>> y = np.array([0, 0, 1, 1])
    >>> nb = SharedVarianceGaussianNB().fit(X, y)
    >>> nb.predict([[-1.5, 0.5], [1.5, 0.5]])
    array([0, 1])
    """

    _parameter_constraints: dict = {
        "priors": ["array-like", None],
        "var_smoothing": [Interval(numbers.Real, 0, None, closed="left")],
    }

    def __init__(self, *, priors=None, var_smoothing=1e-9):
        self.priors = priors
        self.var_smoothing = var_smoothing

    @_fit_context(prefer_skip_nested_validation=True)
    def fit(self, X, y, sample_weight=None):
        """Fit from scratch.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : SharedVarianceGaussianNB
        """
        X, y = validate_data(self, X, y, accept_sparse="csr")
        check_classification_targets(y)
        for name in ("classes_", "class_count_"):
            if hasattr(self, name):
                delattr(self, name)
        return self._partial_fit(X, y, np.unique(y), sample_weight, reset=True)

    @_fit_context(prefer_skip_nested_validation=True)
    def partial_fit(self, X, y, classes=None, sample_weight=None):
        """Update the model with a batch.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        classes : array-like of shape (n_classes,), default=None
            All the classes; required on the first call.
        sample_weight : array-like of shape (n_samples,), default=None

        Returns
        -------
        self : SharedVarianceGaussianNB
        """
        first = not hasattr(self, "classes_")
        X, y = validate_data(self, X, y, accept_sparse="csr", reset=first)
        check_classification_targets(y)
        return self._partial_fit(X, y, classes, sample_weight, reset=first)

    def _partial_fit(self, X, y, classes, sample_weight, reset):
        if _check_partial_fit_first_call(self, classes) or reset:
            n_classes, n_features = len(self.classes_), X.shape[1]
            # Statistics are kept for X / 2**e (e per feature, from the first
            # batch's largest magnitude): scaling by a power of two is exact, and
            # it keeps squares of values near 1e300 or 1e-300 from overflowing
            # or underflowing. The public attributes are in X's own units.
            _, self._exponent = np.frexp(_max_abs(X))
            self._theta_s = np.zeros((n_classes, n_features))
            self._var_s = np.zeros((n_classes, n_features))
            self._max_var_s = np.zeros(n_features)
            self.class_count_ = np.zeros(n_classes)
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise ValueError(
                f"y has labels {unknown.tolist()} not in classes "
                f"{self.classes_.tolist()} given on the first partial_fit call."
            )
        # finite, non-negative, one per row, not all zero (GaussianNB's checks)
        weights = _check_sample_weight(
            sample_weight, X, dtype=np.float64, ensure_non_negative=True
        )
        X = _scaled(X, self._exponent)
        self._max_var_s = np.maximum(self._max_var_s, _mean_var(X)[1])
        for k, label in enumerate(self.classes_):
            rows = y == label
            w = weights[rows]
            n_new = w.sum()
            if n_new <= 0:
                continue
            mean_new, var_new = _mean_var(X[rows], w)
            n_old = self.class_count_[k]
            total = n_old + n_new
            # pooled (Chan et al.) update of the class mean and variance
            delta = mean_new - self._theta_s[k]
            m2 = (
                self._var_s[k] * n_old
                + var_new * n_new
                + delta**2 * n_old * n_new / total
            )
            self._theta_s[k] += delta * n_new / total
            self._var_s[k] = m2 / total
            self.class_count_[k] = total
        self._set_linear_form()
        return self

    def _set_linear_form(self):
        if self.priors is not None:
            priors = np.asarray(self.priors, dtype=float)
            if priors.shape != (len(self.classes_),):
                raise ValueError(
                    f"priors must have one value per class ({len(self.classes_)}); "
                    f"got shape {priors.shape}."
                )
            if (priors < 0).any() or not np.isclose(priors.sum(), 1.0):
                raise ValueError(
                    f"priors must be non-negative and sum to 1; got {priors}."
                )
            self.class_prior_ = priors
        else:
            self.class_prior_ = self.class_count_ / self.class_count_.sum()
        e = self._exponent
        # smoothing: var_smoothing times the largest feature variance in X's
        # units, expressed in each feature's scaled units (exact ldexp)
        with np.errstate(divide="ignore"):
            log2_var = np.log2(self._max_var_s) + 2 * e
        widest = int(np.argmax(log2_var))
        n_features = len(e)
        with np.errstate(over="ignore", under="ignore"):
            if self.var_smoothing > 0:
                eps_s = self.var_smoothing * np.ldexp(
                    self._max_var_s[widest], 2 * (e[widest] - e)
                )
                self.epsilon_ = float(
                    self.var_smoothing
                    * np.ldexp(self._max_var_s[widest], 2 * e[widest])
                )
            else:
                eps_s, self.epsilon_ = np.zeros(n_features), 0.0
            shared_s = self.class_prior_ @ self._var_s + eps_s
            # constant features: any positive variance gives the same decisions
            shared_s = np.where(shared_s > 0, shared_s, 1.0)
            self.coef_ = np.ldexp(self._theta_s / shared_s, -e)
            # attributes in X's units (inf/0 only beyond float64's range)
            self.theta_ = np.ldexp(self._theta_s, e)
            self.var_ = np.ldexp(self._var_s, 2 * e)
            self.shared_var_ = np.ldexp(shared_s, 2 * e)
        with np.errstate(divide="ignore"):
            log_prior = np.log(self.class_prior_)
        self.intercept_ = log_prior - 0.5 * np.sum(self._theta_s**2 / shared_s, axis=1)

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def _joint_log_likelihood(self, X):
        check_is_fitted(self)
        X = validate_data(self, X, accept_sparse="csr", reset=False)
        return safe_sparse_dot(X, self.coef_.T) + self.intercept_

    def decision_function(self, X):
        """Linear class scores (log-posteriors up to a constant).

        Returns
        -------
        scores : ndarray of shape (n_samples,) for two classes (score of
            ``classes_[1]`` minus that of ``classes_[0]``), else
            (n_samples, n_classes).
        """
        jll = self._joint_log_likelihood(X)
        return jll[:, 1] - jll[:, 0] if len(self.classes_) == 2 else jll

    def predict_log_proba(self, X):
        """Log of :meth:`predict_proba`."""
        jll = self._joint_log_likelihood(X)
        return jll - logsumexp(jll, axis=1, keepdims=True)

    def predict_proba(self, X):
        """Class probabilities.

        Returns
        -------
        proba : ndarray of shape (n_samples, n_classes)
        """
        return np.exp(self.predict_log_proba(X))

    def predict(self, X):
        """Most probable class."""
        jll = self._joint_log_likelihood(X)
        return self.classes_[np.argmax(jll, axis=1)]
