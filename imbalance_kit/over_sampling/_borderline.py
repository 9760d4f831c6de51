"""Borderline-SMOTE (Han et al. 2005)."""

import warnings

import numpy as np
from sklearn.utils import check_random_state
from sklearn.utils._param_validation import StrOptions

from ._base import (
    NEIGHBORS_CONSTRAINT,
    BaseSMOTEOverSampler,
    count_other_class,
    draw_samples,
    in_danger,
    interpolate_samples,
    make_neighbors,
    neighbors_within,
)


class BorderlineSMOTE(BaseSMOTEOverSampler):
    """SMOTE from the samples on the class border only.

    A sample of the class being over-sampled is "in danger" when at least half,
    but not all, of its ``m_neighbors`` nearest neighbours (in the whole data)
    belong to other classes. Only those samples generate.
    ``kind="borderline-1"`` interpolates towards neighbours of the same class;
    ``"borderline-2"`` towards neighbours of any class, going at most half way
    towards a neighbour of another class.

    Same parameters and, for the same ``random_state``, the same samples as
    :class:`imblearn.over_sampling.BorderlineSMOTE` (neighbour ties aside).
    Unlike imbalanced-learn, a class with no sample in danger is reported with
    a ``UserWarning`` (it gets no synthetic samples in either library).

    Parameters
    ----------
    sampling_strategy : float, str, dict or callable, default="auto"
    random_state : int, RandomState instance or None, default=None
    k_neighbors : int or estimator, default=5
        Neighbours to interpolate towards.
    m_neighbors : int or estimator, default=10
        Neighbours deciding whether a sample is in danger.
    kind : {"borderline-1", "borderline-2"}, default="borderline-1"
    n_jobs : int, default=None
        Threads for the neighbour search.

    Attributes
    ----------
    sampling_strategy_ : dict
    nn_k_, nn_m_ : estimator
    in_danger_indices_ : dict
        For each over-sampled class, the indices (into ``X``) of its samples in
        danger.
    n_features_in_ : int
    feature_names_in_ : ndarray of str

    See Also
    --------
    SMOTE, SVMSMOTE, ADASYN

    References
    ----------
    .. [1] H. Han, W.-Y. Wang, B.-H. Mao, "Borderline-SMOTE: a new
       over-sampling method in imbalanced data sets learning", ICIC 2005.

    Examples
    --------
    >>> from collections import Counter
    >>> from sklearn.datasets import make_classification
    >>> from imbalance_kit.over_sampling import BorderlineSMOTE
    >>> X, y = make_classification(n_samples=300, weights=[0.9], flip_y=0.05,
    ...                            random_state=1)
    >>> X_res, y_res = BorderlineSMOTE(random_state=0).fit_resample(X, y)
    >>> sorted(Counter(y_res).items())
    [(np.int64(0), 262), (np.int64(1), 262)]
    """

    _parameter_constraints: dict = {
        **BaseSMOTEOverSampler._parameter_constraints,
        "m_neighbors": NEIGHBORS_CONSTRAINT,
        "kind": [StrOptions({"borderline-1", "borderline-2"})],
    }

    def __init__(
        self,
        *,
        sampling_strategy="auto",
        random_state=None,
        k_neighbors=5,
        m_neighbors=10,
        kind="borderline-1",
        n_jobs=None,
    ):
        super().__init__(
            sampling_strategy=sampling_strategy,
            random_state=random_state,
            k_neighbors=k_neighbors,
            n_jobs=n_jobs,
        )
        self.m_neighbors = m_neighbors
        self.kind = kind

    def _fit_resample(self, X, y):
        self.nn_k_ = make_neighbors(self.k_neighbors, self.n_jobs)
        self.nn_m_ = make_neighbors(self.m_neighbors, self.n_jobs)
        self.in_danger_indices_ = {}
        return self._resample_per_class(
            X, y, lambda c, n, idx: self._class_samples(X, y, c, n, idx)
        )

    def _class_samples(self, X, y, class_sample, n_samples, class_indices):
        nns_m = neighbors_within(
            self.nn_m_, X, class_indices, param="m_neighbors", what="samples"
        )
        danger = in_danger(
            count_other_class(y, nns_m, class_sample), self.nn_m_.n_neighbors - 1
        )
        if not danger.any():
            warnings.warn(
                f"No sample of class {class_sample!r} is in danger (near the "
                f"class border), so none was generated for it.",
                UserWarning,
                stacklevel=4,
            )
            return None
        self.in_danger_indices_[class_sample] = class_indices[danger]
        if self.kind == "borderline-1":
            X_pool = X[class_indices]
            danger_rows = np.flatnonzero(danger)
            what = f"samples of class {class_sample!r}"
        else:
            X_pool = X
            danger_rows = class_indices[danger]
            what = "samples"
        nns = neighbors_within(
            self.nn_k_, X_pool, danger_rows, param="k_neighbors", what=what
        )
        rows, cols, steps = draw_samples(self.random_state, nns, n_samples)
        self._record_seeds(np.flatnonzero(danger)[rows])
        neighbours = nns[rows, cols]
        diff_scale = None
        if self.kind == "borderline-2":
            # towards another class, go at most half way (fresh generator,
            # as imbalanced-learn)
            other = y[neighbours] != class_sample
            diff_scale = np.ones(n_samples)
            diff_scale[other] = check_random_state(self.random_state).uniform(
                low=0.0, high=0.5, size=int(other.sum())
            )
        return interpolate_samples(
            X_pool, danger_rows[rows], X_pool, neighbours, steps, diff_scale
        )
