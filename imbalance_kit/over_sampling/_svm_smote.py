"""SVM-SMOTE (Nguyen, Cooper and Kamei 2011)."""

import numbers

import numpy as np
from sklearn.base import clone
from sklearn.svm import SVC
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import HasMethods, Interval

from ._base import (
    NEIGHBORS_CONSTRAINT,
    BaseSMOTEOverSampler,
    count_other_class,
    in_danger,
    make_neighbors,
    neighbors_within,
    stack_rows,
)


class SVMSMOTE(BaseSMOTEOverSampler):
    """SMOTE from the support vectors of an SVM.

    An SVM is fitted on all the data; the support vectors of the class being
    over-sampled that are not noise (not surrounded only by other classes in
    their ``m_neighbors``) generate. Support vectors in danger interpolate
    towards their ``k_neighbors`` of the same class; the others extrapolate
    away from them by up to ``out_step``. A ``Beta(10, 10)`` fraction of the
    samples goes to the first group.

    Same parameters and, for the same ``random_state``, the same samples as
    :class:`imblearn.over_sampling.SVMSMOTE` (neighbour ties aside), with two
    differences: the SVM is fitted once rather than once per class (the fits
    are identical), and when either group is empty the other generates every
    requested sample (imbalanced-learn then returns too few samples).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
    m_neighbors : int or estimator, default=10
    svm_estimator : estimator with ``support_``, default=None
        Defaults to ``SVC(gamma="scale", random_state=random_state)``.
    out_step : float, default=0.5
        Extrapolation step for support vectors that are not in danger.
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
    nn_k_, nn_m_ : estimator
    svm_estimator_ : estimator
        The fitted SVM.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    SMOTE, BorderlineSMOTE

    References
    ----------
    .. [1] H. M. Nguyen, E. W. Cooper, K. Kamei, "Borderline over-sampling for
       imbalanced data classification", Int. J. Knowledge Engineering and Soft
       Data Paradigms 3(1), 2011.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import SVMSMOTE
    >>> X, y = make_classification(n_samples=300, weights=[0.9], random_state=0)
    >>> X_res, y_res = SVMSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 269), (np.int64(1), 269)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "m_neighbors": NEIGHBORS_CONSTRAINT,
        "svm_estimator": [HasMethods(["fit", "predict"]), None],
        "out_step": [Interval(numbers.Real, 0, 1, closed="both")],
    }

    def _extreme_scale_mode(self):
        # a user's SVM may not be scale-equivariant: leave the scale to it
        return "rescale" if self.svm_estimator is None else "pass"

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        m_neighbors=10,
        svm_estimator=None,
        out_step=0.5,
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.m_neighbors = m_neighbors
        self.svm_estimator = svm_estimator
        self.out_step = out_step

    def _fit_resample(self, X, y):
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        self.nn_m_ = make_neighbors(self.m_neighbors, self.n_jobs)
        if self.svm_estimator is None:
            self.svm_estimator_ = SVC(gamma="scale", random_state=self.random_state)
        else:
            self.svm_estimator_ = clone(self.svm_estimator)
        random_state = check_random_state(self.random_state)
        if any(n > 0 for n in self.sampling_strategy_.values()):
            self.svm_estimator_.fit(X, y)
            if not hasattr(self.svm_estimator_, "support_"):
                raise TypeError(
                    "svm_estimator must expose a fitted `support_` attribute (a "
                    "support vector machine); got "
                    f"{type(self.svm_estimator_).__name__}."
                )
        return self._resample_per_class(
            X, y, lambda c, n, idx: self._class_samples(X, y, c, n, idx, random_state)
        )

    def _class_samples(
        self, X, y, class_sample, n_samples, class_indices, random_state
    ):
        support = self.svm_estimator_.support_
        support = support[y[support] == class_sample]
        nns_m = neighbors_within(
            self.nn_m_, X, support, param="m_neighbors", what="samples"
        )
        m = self.nn_m_.n_neighbors - 1
        n_other = count_other_class(y, nns_m, class_sample)
        keep = n_other != m  # noise: every neighbour is of another class
        if not keep.any():
            raise ValueError(
                f"All {support.size} support vectors of class {class_sample!r} "
                "are noise (all their m_neighbors are of other classes); "
                "SVMSMOTE cannot generate from them. Try another SMOTE variant."
            )
        support = support[keep]
        danger = in_danger(n_other[keep], m)
        X_class = X[class_indices]
        # support vectors are rows of X; find them among the class rows
        support_rows = np.searchsorted(class_indices, support)
        fraction = random_state.beta(10, 10)
        n_danger = int(fraction * (n_samples + 1))
        if not danger.any():
            n_danger = 0
        elif danger.all():
            n_danger = n_samples
        blocks = []
        for group, count, step in (
            (danger, n_danger, 1.0),
            (~danger, n_samples - n_danger, -self.out_step),
        ):
            if not group.any():
                continue
            rows = support_rows[group]
            nns = neighbors_within(
                self.nn_k_,
                X_class,
                rows,
                param="k_neighbors",
                what=f"samples of class {class_sample!r}",
            )
            blocks.append(self._smote_samples(X_class, rows, X_class, nns, count, step))
        return stack_rows(blocks)
