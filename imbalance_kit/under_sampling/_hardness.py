"""Instance hardness threshold (Smith, Martinez and Giraud-Carrier 2014)."""

import numbers

import numpy as np
from imblearn.under_sampling.base import BaseUnderSampler
from sklearn.base import clone
from sklearn.ensemble import RandomForestClassifier
from sklearn.ensemble._base import _set_random_states
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods

from ..utils._validation import columns_at_tree_scale, splits_on_thresholds
from ._base import RowSelectionMixin


class InstanceHardnessThreshold(RowSelectionMixin, BaseUnderSampler):
    """Keep the samples a cross-validated classifier finds easiest.

    Each sample's hardness is one minus the out-of-fold probability a
    classifier gives its own class; the hardest samples of each class being
    under-sampled are dropped until the requested count (threshold at the
    matching percentile, so ties can keep a few more).

    Same parameters and, for the same ``random_state``, the same selected rows
    as :class:`imblearn.under_sampling.InstanceHardnessThreshold`; labels need
    not be ``0..n_classes-1``.

    Parameters
    ----------
    estimator : classifier with ``predict_proba``, default=None
        Defaults to ``RandomForestClassifier(n_estimators=100)``.
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    cv : int or cross-validation generator, default=5
        An int means shuffled stratified folds.
    n_jobs : int, default=None

    Attributes
    ----------
    sampling_strategy_ : dict
    estimator_ : classifier
    sample_indices_ : ndarray of int
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    References
    ----------
    .. [1] M. R. Smith, T. Martinez, C. Giraud-Carrier, "An instance level
       analysis of data complexity", Machine Learning 95(2), 2014.

    Examples
    --------
    >>> import numpy as np
    >>> from sklearn.datasets import make_classification
    >>> from sklearn.linear_model import LogisticRegression
    >>> from imbalance_kit.under_sampling import InstanceHardnessThreshold
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> iht = InstanceHardnessThreshold(estimator=LogisticRegression(), random_state=0)
    >>> X_res, y_res = iht.fit_resample(X, y)
    >>> int((y_res == 1).sum()) == int((y == 1).sum())
    True
    """

    _parameter_constraints: dict = {
        **BaseUnderSampler._parameter_constraints,
        "estimator": [HasMethods(["fit", "predict_proba"]), None],
        "cv": ["cv_object"],
        "n_jobs": [numbers.Integral, None],
        "random_state": ["random_state"],
    }

    def _extreme_scale_mode(self):
        # a tree model's splits are scale-free; any other classifier may not
        # be: leave the scale to it
        return "rescale" if splits_on_thresholds(self.estimator) else "pass"

    def __init__(
        self,
        *,
        estimator=None,
        sampling_strategy="auto",
        random_state=None,
        cv=5,
        n_jobs=None,
    ):
        super().__init__(sampling_strategy=sampling_strategy)
        self.estimator = estimator
        self.random_state = random_state
        self.cv = cv
        self.n_jobs = n_jobs

    def _fit_resample(self, X, y):
        random_state = check_random_state(self.random_state)
        if self.estimator is None:
            self.estimator_ = RandomForestClassifier(
                n_estimators=100, random_state=self.random_state, n_jobs=self.n_jobs
            )
        else:
            self.estimator_ = clone(self.estimator)
            _set_random_states(self.estimator_, random_state)
        folds = (
            StratifiedKFold(n_splits=self.cv, shuffle=True, random_state=random_state)
            if isinstance(self.cv, numbers.Integral)
            else self.cv
        )
        # a tree model: columns of extreme scale brought to one it resolves
        # (its splits are the same under a positive column scaling)
        X_fit = columns_at_tree_scale(X) if splits_on_thresholds(self.estimator) else X
        proba = cross_val_predict(
            self.estimator_,
            X_fit,
            y,
            cv=folds,
            n_jobs=self.n_jobs,
            method="predict_proba",
        )
        classes, counts = np.unique(y, return_counts=True)
        own = proba[np.arange(len(y)), np.searchsorted(classes, y)]
        selected = []
        for target_class, count in zip(classes, counts, strict=True):
            class_rows = np.flatnonzero(y == target_class)
            if target_class in self.sampling_strategy_:
                keep_share = self.sampling_strategy_[target_class] / count
                threshold = np.percentile(own[class_rows], (1.0 - keep_share) * 100.0)
                class_rows = class_rows[own[class_rows] >= threshold]
            selected.append(class_rows)
        return self._select(X, y, np.concatenate(selected))
